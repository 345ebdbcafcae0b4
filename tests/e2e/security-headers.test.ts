import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser } from './browser.ts';

/**
 * The built site under `wrangler dev`: static pages and files get the security headers
 * from dist/client/_headers (applied by Workers static assets), Worker pages from the
 * middleware, with the same policy; and real pages load in Chromium without a single
 * CSP violation, the instant search script included.
 */

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
];

async function headersOf(path: string): Promise<Response> {
  const res = await fetch(`${baseURL}${path}`, { redirect: 'manual' });
  await res.arrayBuffer();
  return res;
}

describe('headers from the running server', () => {
  let workerCsp = '';
  beforeAll(async () => {
    workerCsp = (await headersOf('/tra-cuu')).headers.get('content-security-policy') ?? '';
  });

  test.each([
    ['static page', '/', 200],
    ['static page', '/co-quan/', 200],
    ['static page through the Worker (/thu-tuc/*)', '/thu-tuc/', 200],
    ['procedure page (Worker writes in the date)', '/thu-tuc/dang-ky-khai-sinh/', 200],
    ['script file', '/js/tim-kiem-nhanh.js', 200],
    ['robots.txt', '/robots.txt', 200],
    ['sitemap', '/sitemap.xml', 200],
    ['Worker page', '/tim-kiem?q=khai+sinh', 200],
    ['Worker page', '/thong-ke', 200],
    ['JSON API', '/api/health', 200],
    ['API error', '/api/procedures?khong-co=1', 400],
    ['404 page', '/khong-co-trang-nay/', 404],
    ['back-office login', '/can-bo/dang-nhap', 200],
    ['redirect to the login', '/can-bo', 303],
    ['Open311', '/open311/v2/services.json', 200],
  ] as const)('%s %s', async (_label, path, status) => {
    const res = await headersOf(path);
    expect(res.status).toBe(status);
    for (const name of HEADERS) expect(res.headers.get(name), name).toBeTruthy();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    // One policy everywhere, sent once (not duplicated by _headers and the Worker).
    expect(res.headers.get('content-security-policy')).toBe(workerCsp);
    expect(workerCsp).toMatch(/script-src 'self';/);
    expect(workerCsp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]{43}=';/);
    expect(workerCsp).not.toMatch(/unsafe-inline|unsafe-eval/);
    // http://127.0.0.1: no HSTS.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  test('the _headers file itself is not served', async () => {
    const res = await headersOf('/_headers');
    expect(res.status).toBe(404);
  });
});

/** Opens a page with listeners for CSP violations (DOM event and console). */
async function openWatched(path: string) {
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Permissions-Policy|Refused to/i.test(text)) console.push(text);
  });
  const res = await page.goto(`${baseURL}${path}`);
  expect(res?.ok(), path).toBe(true);
  const violations = async () => [
    ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)),
    ...console,
  ];
  return { page, context, violations };
}

async function expectStyled(page: Page) {
  // The inline CSS applied (blocked CSS would leave the default 8px body margin).
  const margin = await page.evaluate(() => getComputedStyle(document.body).margin);
  expect(margin).toBe('0px');
}

describe('in Chromium: no CSP violations', () => {
  test.each([
    ['static page', '/'],
    ['static page with JSON-LD', '/co-quan/bhxh-co-so/'],
    ['procedure page (Worker)', '/thu-tuc/dang-ky-khai-sinh/'],
    ['Worker page', '/tra-cuu'],
    ['Worker page with charts', '/thong-ke'],
    ['back-office login', '/can-bo/dang-nhap'],
  ])('%s %s', async (_label, path) => {
    const { page, context, violations } = await openWatched(path);
    await page.waitForLoadState('load');
    await expectStyled(page);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  test('the instant search script runs under the policy', async () => {
    const { page, context, violations } = await openWatched('/');
    await page.locator('#q').pressSequentially('sao y ban chinh', { delay: 20 });
    await page.waitForFunction(() =>
      /(Tìm thấy \d+ thủ tục|\d+ thủ tục phù hợp nhất)/.test(
        document.querySelector('p.visually-hidden[role="status"]')?.textContent ?? '',
      ),
    );
    expect(await page.locator('#ket-qua .card-list a').count()).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  test('negative control: an injected inline style and script are blocked and reported', async () => {
    const { page, context, violations } = await openWatched('/');
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body{background:red}';
      document.head.appendChild(style);
      const script = document.createElement('script');
      script.textContent = 'document.title = "bị chèn"';
      document.head.appendChild(script);
    });
    await page.waitForFunction(() => (window as unknown as { __csp: string[] }).__csp.length >= 2);
    const seen = await violations();
    expect(seen.some((v) => v.startsWith('style-src'))).toBe(true);
    expect(seen.some((v) => v.startsWith('script-src'))).toBe(true);
    expect(await page.title()).not.toBe('bị chèn');
    await context.close();
  });
});
