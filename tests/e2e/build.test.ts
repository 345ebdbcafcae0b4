import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type IsolatedProject, isolatedProject } from '../../scripts/lib/isolated-project.ts';

const FIXTURE = 'tests/fixtures/locality-b';
const projects: IsolatedProject[] = [];
afterAll(() => {
  for (const p of projects) p.dispose();
});

function project(): IsolatedProject {
  const p = isolatedProject(process.cwd(), FIXTURE);
  projects.push(p);
  return p;
}

/** The real `astro build`, run on a copy of the second locality with one mistake in one file. */
describe('a mistake in a content file stops the real build', () => {
  const cases = [
    ['unknown field', 'field: ho-tich', 'field: ho-tic', 'Lĩnh vực (field)', 'unknown field'],
    [
      'missing title',
      'title: Đăng ký khai sinh\n',
      '',
      'Tên thủ tục (title)',
      'thiếu trường bắt buộc',
    ],
    [
      'malformed code',
      'code: "1.001193"',
      'code: "1-001193"',
      'Mã thủ tục (code)',
      'mã thủ tục phải có dạng',
    ],
    [
      'fee that is not a number',
      'lastReviewed',
      'fees:\n  - name: Lệ phí\n    amount: hai nghìn\nlastReviewed',
      'Phí, lệ phí › mục 1 › Mức thu (đồng) (fees[0].amount)',
      'phải là một số tiền',
    ],
    [
      'unknown agency',
      'agencies: [ubnd-xa]',
      'agencies: [ubnd-phuong]',
      'Cơ quan thực hiện › mục 1 (agencies[0])',
      'unknown agency',
    ],
  ] as const;

  test.each(cases)(
    '%s',
    async (_name, from, to, field, what) => {
      const p = project();
      const file = join(p.contentDir, 'procedures', 'khai-sinh.md');
      const original = readFileSync(file, 'utf8');
      expect(original).toContain(from);
      writeFileSync(file, original.replace(from, to));
      const result = await p.build();
      expect(result.code, result.output).not.toBe(0);
      expect(result.output).toContain('content/procedures/khai-sinh.md');
      expect(result.output).toContain(`Trường: ${field}`);
      expect(result.output).toContain(what);
      expect(result.output).toContain('Cách sửa');
      // The friendly report, not a stack trace, is what the editor sees.
      expect(result.output).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
    },
    60_000,
  );
});

test('a second, minimal locality builds with nothing of Thuận Bắc in it', async () => {
  const p = project();
  const result = await p.build();
  expect(result.code, result.output).toBe(0);
  const client = join(p.root, 'dist', 'client');
  const home = readFileSync(join(client, 'index.html'), 'utf8');
  expect(home).toContain('Thủ tục hành chính Xã Thử Nghiệm');
  expect(home).toContain('Bộ phận Một cửa xã Thử Nghiệm');
  const pages = readdirSync(client, { recursive: true }).filter((f) => String(f).endsWith('.html'));
  expect(pages.length).toBeGreaterThan(5);
  for (const page of pages) {
    const html = readFileSync(join(client, String(page)), 'utf8');
    expect(html, String(page)).not.toMatch(/Thuận Bắc|Ninh Thuận/);
  }
}, 90_000);
