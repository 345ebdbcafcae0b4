import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { contentDirectory } from '../../src/catalogue/integration.ts';
import { loadCatalogue } from '../../src/catalogue/read.ts';
import { routes } from '../../src/domain/routes.ts';
import { bookletPath, labelledQrSvg, posterPath } from '../../src/ui/poster.ts';
import { QR_OPTIONS } from '../../src/ui/qr.ts';
import { axeViolations, launchBrowser, newAxeContext, newContext } from './browser.ts';

/**
 * Posters for public posting (niêm yết) and agency booklets: a poster for every procedure
 * (rendered by the Worker) and a booklet for every agency (built), served by the running site, each with a QR code that encodes the absolute
 * address of the online page, laid out for A4, accessible, and kept out of the sitemap.
 */

const baseURL = inject('baseURL');
const catalogue = await loadCatalogue(contentDirectory());
const absolute = (path: string) => new URL(path, catalogue.site.url).toString();
const built = (path: string) => readFileSync(join('dist/client', path, 'index.html'), 'utf8');

/** The module path (the second `<path>`, the dark modules) of a QR code's SVG. */
const modules = (svg: string): string | undefined =>
  /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)?.[1];

/** The QR code of `url` made independently of the page, with the same settings. */
const expectedModules = async (url: string) => modules(await QRCode.toString(url, QR_OPTIONS));

let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  context = await newContext(browser, false);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe('the QR helper', () => {
  test('encodes the URL it is given, and a different URL gives a different code', async () => {
    const a = await labelledQrSvg('https://motcua.example/thu-tuc/a/');
    expect(modules(a)).toBe(await expectedModules('https://motcua.example/thu-tuc/a/'));
    expect(modules(a)).not.toBe(await expectedModules('https://motcua.example/thu-tuc/b/'));
    expect(a).toMatch(/^<svg role="img" aria-label="Mã QR dẫn tới https:\/\/motcua\.example/);
    expect(a).toContain('data-qr-url="https://motcua.example/thu-tuc/a/"');
  });
});

/** A page as the running site serves it (posters are rendered by the Worker, ADR 0024). */
const served = async (path: string) => (await fetch(`${baseURL}${path}`)).text();

describe('built and served pages', () => {
  test('no poster is prerendered: the Worker renders them (tests/worker/posters.test.ts)', () => {
    for (const p of catalogue.procedures) {
      expect(existsSync(join('dist/client', posterPath(p.slug))), p.slug).toBe(false);
      // The procedure page links to its poster.
      expect(built(routes.procedure(p.slug)), p.slug).toContain(`href="${posterPath(p.slug)}"`);
    }
  });

  test('a booklet for every agency, with the QR code of its page and its procedures', async () => {
    for (const a of catalogue.agencies) {
      const path = bookletPath(a.slug);
      const html = built(path);
      const url = absolute(routes.agency(a.slug));
      const svg = /<svg role="img"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
      expect(modules(svg), path).toBe(await expectedModules(url));
      expect(html, path).toContain('<meta name="robots" content="noindex">');
      for (const p of catalogue.procedures.filter(
        (x) => x.agencies.includes(a.slug) && x.status !== 'repealed',
      )) {
        expect(html, `${path} ${p.code}`).toContain(`(${p.code})`);
      }
      expect(built(routes.agency(a.slug)), a.slug).toContain(`href="${path}"`);
    }
  });

  test('the A4 print layout is in the inlined stylesheet', async () => {
    const html = await served(posterPath(catalogue.procedures[0]?.slug ?? ''));
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(css).toContain('@page poster{size:A4 portrait;margin:12mm}');
    expect(css).toContain('body:has(.poster,.booklet){page:poster}');
  });

  test('posters and booklets stay out of the sitemap and are small', async () => {
    const sitemap = await (await fetch(`${baseURL}/sitemap.xml`)).text();
    expect(sitemap).not.toMatch(/niem-yet|so-tay/);
    const sizes = await Promise.all(
      catalogue.procedures.map(async (p) => gzipSync(await served(posterPath(p.slug))).length),
    );
    expect(Math.max(...sizes)).toBeLessThan(14 * 1024);
    const booklets = catalogue.agencies.map((a) => gzipSync(built(bookletPath(a.slug))).length);
    expect(Math.max(...booklets)).toBeLessThan(40 * 1024);
  });
});

describe('served and printed', () => {
  test('the running site serves a poster and a booklet with the security headers', async () => {
    const p = catalogue.procedures[0];
    const a = catalogue.agencies[0];
    for (const path of [posterPath(p?.slug ?? ''), bookletPath(a?.slug ?? '')]) {
      const res = await fetch(`${baseURL}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toMatch(/style-src [^;]*'sha256-/);
      await res.arrayBuffer();
    }
  });

  test('from the procedure page to the poster, printed on A4 without the site chrome', async () => {
    const p =
      catalogue.procedures.find((x) => x.slug === 'dang-ky-khai-sinh') ?? catalogue.procedures[0];
    await page.goto(`${baseURL}${routes.procedure(p?.slug ?? '')}`);
    await page.getByRole('link', { name: 'In tờ niêm yết' }).click();
    expect(new URL(page.url()).pathname).toBe(posterPath(p?.slug ?? ''));
    expect(await page.locator('h1').textContent()).toBe(p?.title);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header nav').isVisible()).toBe(false);
    expect(await page.locator('.site-footer').isVisible()).toBe(false);
    expect(await page.locator('.notice.no-print').isVisible()).toBe(false);
    const px = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    // Larger than the 11pt of other printed pages: 12pt text, 13pt facts, 22pt title.
    expect(await px('.poster')).toBeGreaterThanOrEqual(16);
    expect(await px('.poster-facts dd')).toBeGreaterThanOrEqual(17);
    expect(await px('.poster h1')).toBeGreaterThanOrEqual(29);
    const qr = await page.locator('.poster-qr svg').boundingBox();
    expect(qr?.width).toBeGreaterThan(115); // 32 mm
    // Chromium's PDF: the CSS page size is A4 (595 × 842 pt), one or two sheets.
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    expect(pdf).toMatch(/\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]/);
    expect(Number(/\/Count (\d+)/.exec(pdf)?.[1])).toBeLessThanOrEqual(2);
    await page.emulateMedia({ media: 'screen' });
  });
});

describe('every poster and booklet has no axe violations (WCAG 2.2 A and AA)', () => {
  let axeContext: BrowserContext;
  let axePage: Page;
  beforeAll(async () => {
    axeContext = await newAxeContext(browser);
    axePage = await axeContext.newPage();
  });
  afterAll(async () => {
    await axeContext?.close();
  });
  test.for([
    ...catalogue.procedures.map((p) => posterPath(p.slug)),
    ...catalogue.agencies.map((a) => bookletPath(a.slug)),
  ])('%s', async (path) => {
    await axePage.goto(`${baseURL}${path}`);
    expect(await axeViolations(axePage)).toEqual([]);
  });
});
