import { expect } from 'vitest';

/**
 * A page that comes back with errors, as GOV.UK words it: "Lỗi: " in the title, the one
 * error summary first in `main` (above the h1), each of its links pointing at an element
 * on the page and, where `inline`, saying the same words as that field's inline error.
 * Returns the summary's link targets and messages.
 */
export function expectErrorSummary(
  html: string,
  options: { inline?: boolean } = {},
): { targets: string[]; messages: string[] } {
  expect(html).toMatch(/<title>Lỗi: /);
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  const start = main.indexOf('<div class="error-summary"');
  expect(start, 'an error summary in main').toBeGreaterThan(-1);
  expect(start, 'the summary comes before the h1').toBeLessThan(main.indexOf('<h1'));
  expect(main.slice(main.indexOf('>') + 1, start).trim(), 'nothing above the summary').toBe('');
  const box = main.slice(start, main.indexOf('</div>', start));
  const items = [...box.matchAll(/<li>(?:<a href="#([^"]+)">)?([^<]*)/g)];
  expect(items.length, 'at least one error listed').toBeGreaterThan(0);
  const targets: string[] = [];
  const messages: string[] = [];
  for (const [, target, message] of items) {
    messages.push(message as string);
    if (!target) continue;
    targets.push(target);
    expect(html, `#${target} is an element of the page`).toContain(`id="${target}"`);
    if (options.inline) {
      const inline = new RegExp(
        `id="${target}-error"><span class="visually-hidden">Lỗi:</span> ([^<]*)<`,
      ).exec(html)?.[1];
      expect(inline, `the inline error of #${target}`).toBe(message);
    }
  }
  return { targets, messages };
}
