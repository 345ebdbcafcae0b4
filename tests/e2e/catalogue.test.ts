import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, newContext } from './browser.ts';

const baseURL = inject('baseURL');
let browser: Browser;
let noJs: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  noJs = await newContext(browser, false);
  page = await noJs.newPage();
});
afterAll(async () => {
  await browser?.close();
});

/** Every path the public sitemap lists, rewritten to the local server. */
async function sitemapPaths(): Promise<string[]> {
  const xml = await (await fetch(`${baseURL}/sitemap.xml`)).text();
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '/').pathname);
}

describe('the catalogue without JavaScript', () => {
  test('home → catalogue → field → procedure', async () => {
    await page.goto(`${baseURL}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.locator('h1').textContent()).toContain('Thủ tục hành chính');

    await page.getByRole('link', { name: /Xem tất cả \d+ thủ tục/ }).click();
    expect(new URL(page.url()).pathname).toBe('/thu-tuc/');
    expect(await page.locator('h1').textContent()).toBe('Danh mục thủ tục hành chính');

    const fieldLink = page.locator('#facet-field + ul a').first();
    const fieldName = await fieldLink.textContent();
    await fieldLink.click();
    expect(new URL(page.url()).pathname).toMatch(/^\/thu-tuc\/linh-vuc\/[a-z0-9-]+\/$/);
    expect(await page.locator('h1').textContent()).toBe(`Lĩnh vực ${fieldName}`);

    const procedureLink = page.locator('main .card-list h2 a').first();
    const title = await procedureLink.textContent();
    await procedureLink.click();
    expect(new URL(page.url()).pathname).toMatch(/^\/thu-tuc\/[a-z0-9-]+\/$/);
    expect(await page.locator('h1').textContent()).toBe(title);
    // What a citizen came for: what to bring, how long, how much, where.
    await page.getByRole('heading', { name: 'Cần chuẩn bị những gì' }).waitFor();
    expect(await page.locator('.checklist li').count()).toBeGreaterThan(0);
    expect(await page.locator('.facts').textContent()).toMatch(
      /Thời hạn giải quyết[\s\S]*(ngày làm việc|Trong ngày)/,
    );
    expect(await page.locator('.facts').textContent()).toContain('Nơi nộp');
    const ld = JSON.parse(
      (await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}',
    );
    expect(ld['@type']).toBe('GovernmentService');
    expect(ld.name).toBe(title);
  });

  test('every sitemap page answers 200 and every internal link on it resolves', async () => {
    const paths = await sitemapPaths();
    expect(paths.length).toBeGreaterThan(10);
    const seen = new Map<string, number>();
    for (const path of paths) {
      const res = await fetch(`${baseURL}${path}`);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      for (const m of html.matchAll(/href="(\/[^"#?]*)/g)) {
        const href = m[1] ?? '/';
        if (!seen.has(href)) seen.set(href, (await fetch(`${baseURL}${href}`)).status);
        expect(seen.get(href), `${href} linked from ${path}`).toBe(200);
      }
    }
  });

  test('a procedure page prints for posting with a QR code back to the page', async () => {
    const paths = await sitemapPaths();
    const procedure = paths.find(
      (p) => /^\/thu-tuc\/[a-z0-9-]+\/$/.test(p) && !p.includes('truc-tuyen'),
    );
    await page.goto(`${baseURL}${procedure}`);
    expect(await page.locator('.qr').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.qr svg').isVisible()).toBe(true);
    expect(await page.locator('.site-header nav').isVisible()).toBe(false);
    expect(await page.locator('.print-only.small').textContent()).toContain(procedure);
    await page.emulateMedia({ media: 'screen' });
  });

  test('an unknown page gets the Vietnamese 404 page with status 404', async () => {
    const res = await page.goto(`${baseURL}/khong-co-trang-nay/`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Không tìm thấy trang');
  });
});

describe('accessibility (axe, WCAG 2.2 A and AA)', () => {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

  test('every page in the sitemap, the 404 page and the editors page have no violations', async () => {
    const paths = [
      ...(await sitemapPaths()),
      '/khong-co-trang-nay/',
      '/bien-tap/cho-xac-nhan/',
      '/tim-kiem',
      '/tai-lieu-api',
      '/tim-kiem?q=dang+ky+khai+sinh',
      '/tim-kiem?q=qwxz',
      '/tim-kiem?q=x&level=sai',
      '/nop-ho-so/cap-ban-sao-trich-luc-ho-tich/',
      '/tra-cuu',
      '/tra-cuu?ma=000.21.27.H43-991231-0001&bm=AAAA-BBBB-CCCC',
    ];
    const failures: string[] = [];
    // axe runs as a script, so this context has JavaScript on; the pages ship none.
    const context = await newContext(browser, true);
    const axePage = await context.newPage();
    for (const path of paths) {
      await axePage.goto(`${baseURL}${path}`);
      const result = await new AxeBuilder({ page: axePage }).withTags(tags).analyze();
      for (const v of result.violations) {
        failures.push(
          `${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
      }
    }
    // The check itself must be able to fail: a page with a known violation.
    await axePage.setContent('<!doctype html><html><body><img src="x.png"></body></html>');
    const control = await new AxeBuilder({ page: axePage }).withTags(tags).analyze();
    expect(control.violations.map((v) => v.id)).toContain('image-alt');
    await context.close();
    expect(failures).toEqual([]);
  }, 180_000);
});
