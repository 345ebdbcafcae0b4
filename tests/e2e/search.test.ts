import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { launchBrowser, newContext } from './browser.ts';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function apiOrder(q: string): Promise<string[]> {
  const res = await fetch(`${baseURL}/api/procedures?q=${encodeURIComponent(q)}&limit=20`);
  const body = (await res.json()) as { items: { url: string }[] };
  return body.items.map((i) => i.url);
}

test('without JavaScript: the home search box leads to the results page, same order as the API', async () => {
  const context = await newContext(browser, false);
  const page = await context.newPage();
  await page.goto(`${baseURL}/`);
  await page.fill('#q', 'lam giay khai sinh');
  await page.press('#q', 'Enter');
  await page.waitForURL(/\/tim-kiem\?q=/);
  expect(await page.locator('h1').textContent()).toBe('Kết quả tìm kiếm');
  expect(await page.locator('#ket-qua [role="status"]').textContent()).toMatch(
    /^\d+ thủ tục phù hợp nhất với «lam giay khai sinh»/,
  );
  const links = await page
    .locator('#ket-qua .card-list h2 a')
    .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  expect(links).toEqual(await apiOrder('lam giay khai sinh'));
  expect(links[0]).toBe('/thu-tuc/dang-ky-khai-sinh/');

  // The filters are a plain form too.
  await page.selectOption('#q-level', 'huyen');
  await page.click('form.search button[type="submit"]');
  await page.waitForURL(/level=huyen/);
  const tags = await page.locator('#ket-qua .card-list .tags').allTextContents();
  expect(tags.every((t) => t.includes('Cấp huyện'))).toBe(true);
  await context.close();
});

test('with JavaScript: results appear as the user types, the count is announced, arrows reach them', async () => {
  const context = await newContext(browser, true);
  const page = await context.newPage();
  await page.goto(`${baseURL}/`);
  await page.locator('#q').pressSequentially('sao y ban chinh', { delay: 20 });
  const status = page.locator('p.visually-hidden[role="status"]');
  await page.waitForFunction(() =>
    /(Tìm thấy \d+ thủ tục|\d+ thủ tục phù hợp nhất)/.test(
      document.querySelector('p.visually-hidden[role="status"]')?.textContent ?? '',
    ),
  );
  expect(await status.textContent()).toContain('sao y ban chinh');
  const first = page.locator('#ket-qua .card-list a').first();
  expect(await first.getAttribute('href')).toBe('/thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/');
  // Same results as the no-JavaScript page and the API.
  const shown = await page
    .locator('#ket-qua .card-list h2 a')
    .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  expect(shown).toEqual(await apiOrder('sao y ban chinh'));
  await page.press('#q', 'ArrowDown');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(
    '/thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/',
  );
  await context.close();
});

test('no results: the page says so, offers the fields and the hotline', async () => {
  const context = await newContext(browser, false);
  const page = await context.newPage();
  await page.goto(`${baseURL}/tim-kiem?q=${encodeURIComponent('qwxz zzkj')}`);
  expect(await page.locator('#ket-qua').textContent()).toContain('Không tìm thấy thủ tục nào');
  expect(await page.locator('.no-results a[href^="/thu-tuc/linh-vuc/"]').count()).toBeGreaterThan(
    5,
  );
  expect(await page.locator('.no-results a[href^="tel:"]').count()).toBe(1);
  await context.close();
});
