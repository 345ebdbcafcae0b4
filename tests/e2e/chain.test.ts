import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { axeViolations, launchBrowser, newAxeContext, newContext } from './browser.ts';
import { fillForm } from './online-form.ts';

/**
 * A chained procedure (ADR 0021) in a browser without JavaScript: from a member's page to the
 * chain's page, its one form, the one receipt and the chain's lookup; every page axe-clean.
 */

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a birth chain filed once, without JavaScript', () => {
  test('member page → chain page → one form → one receipt → chain lookup', async () => {
    const page = await (await newContext(browser, false)).newPage();
    await page.goto(`${baseURL}/thu-tuc/dang-ky-khai-sinh/`);
    await page.getByRole('link', { name: /^Liên thông đăng ký khai sinh/ }).click();
    await page
      .getByRole('heading', { name: 'Thành phần hồ sơ (mỗi giấy tờ nộp một lần)' })
      .waitFor();
    const chainPage = page.url();
    await page.getByRole('link', { name: 'Nộp hồ sơ liên thông trực tuyến' }).click();
    await page.waitForURL('**/nop-ho-so/lien-thong/lien-thong-khai-sinh-thuong-tru-bhyt/');
    const formPage = page.url();
    await fillForm(page);
    await page.click('button[type="submit"]');
    await page.getByRole('heading', { name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' }).waitFor();
    const [code] = await page.locator('.receipt-facts .code').allTextContents();
    await page.locator('.receipt-actions a', { hasText: 'Tra cứu hồ sơ' }).click();
    await page.getByRole('heading', { name: `Hồ sơ liên thông ${code}` }).waitFor();
    expect(await page.locator('.chain-members li').count()).toBe(3);
    const lookup = page.url();

    const axe = await (await newAxeContext(browser)).newPage();
    for (const url of [chainPage, formPage, lookup]) {
      await axe.goto(url);
      expect(await axeViolations(axe), url).toEqual([]);
    }
  });
});
