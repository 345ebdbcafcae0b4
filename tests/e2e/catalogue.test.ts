import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { axeViolations, launchBrowser, newAxeContext, newContext } from './browser.ts';

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
    expect(res?.statusText()).toBe('Not Found');
    expect(await page.locator('h1').textContent()).toBe('Không tìm thấy trang');
    // A way on from a dead link: the search box, a plain GET form to /tim-kiem.
    expect(
      await page.locator('form[role="search"][action="/tim-kiem"] input[name="q"]').count(),
    ).toBe(1);
  });
});

// Collected before the tests run, so each page is its own test with its own time bound.
const SITEMAP_PATHS = await sitemapPaths();

describe('every sitemap page answers 200 and every internal link on it resolves', () => {
  test('the sitemap lists the whole catalogue', () => {
    expect(SITEMAP_PATHS.length).toBeGreaterThan(10);
  });
  // Links shared by many pages (header, footer, facets) are fetched once per file.
  const linkStatus = new Map<string, Promise<number>>();
  const statusOf = (href: string) => {
    let status = linkStatus.get(href);
    if (!status) {
      status = fetch(`${baseURL}${href}`).then((r) => r.status);
      linkStatus.set(href, status);
    }
    return status;
  };
  test.for(SITEMAP_PATHS)('%s', async (path) => {
    const res = await fetch(`${baseURL}${path}`);
    expect(res.status, path).toBe(200);
    const html = await res.text();
    const hrefs = [...new Set([...html.matchAll(/href="(\/[^"#?]*)/g)].map((m) => m[1] ?? '/'))];
    const statuses = await Promise.all(hrefs.map(statusOf));
    const broken = hrefs.filter((_, i) => statuses[i] !== 200);
    expect(broken, `broken links on ${path}`).toEqual([]);
  });
});

describe('accessibility (axe, WCAG 2.2 A and AA)', () => {
  let context: BrowserContext;
  let axePage: Page;
  beforeAll(async () => {
    context = await newAxeContext(browser);
    axePage = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });
  const violations = () => axeViolations(axePage);

  test('the check itself can fail: a page with a known violation', async () => {
    await axePage.setContent('<!doctype html><html><body><img src="x.png"></body></html>');
    expect((await violations()).map((v) => v.split(' ')[0])).toContain('image-alt');
  });

  const pages = [
    ...SITEMAP_PATHS,
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
  test.for(pages)('%s', async (path) => {
    await axePage.goto(`${baseURL}${path}`);
    expect(await violations()).toEqual([]);
  });

  test('an online form sent empty: the 422 page with its error summary', async () => {
    await axePage.goto(`${baseURL}/nop-ho-so/cap-ban-sao-trich-luc-ho-tich/`);
    // form.submit() skips the browser's own checks and the enhancement script, as a
    // browser without JavaScript would send it.
    const [response] = await Promise.all([
      axePage.waitForResponse((r) => r.request().method() === 'POST'),
      axePage
        .locator('main form[method="post"]')
        .first()
        .evaluate((f) => (f as HTMLFormElement).submit()),
    ]);
    expect(response.status()).toBe(422);
    await axePage.locator('.error-summary').first().waitFor();
    expect(await violations()).toEqual([]);
  });
});
