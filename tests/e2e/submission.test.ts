import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, newContext } from './browser.ts';
import { fillForm } from './online-form.ts';

const baseURL = inject('baseURL');
const SLUG = 'cap-ban-sao-trich-luc-ho-tich';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each([false, true])('submitting online with JavaScript %s', (javaScript) => {
  test('mistake → errors → fix → receipt → status lookup', async () => {
    const context = await newContext(browser, javaScript);
    const page = await context.newPage();
    await page.goto(`${baseURL}/thu-tuc/${SLUG}/`);
    await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
    await page.waitForURL(`**/nop-ho-so/${SLUG}/`);

    await fillForm(page);
    await page.fill('#f_dien-thoai', '12345');
    await page.click('button[type="submit"]');
    // Without JavaScript the server answers 422; with it, the page checks first. Same words.
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Số điện thoại di động');
    expect(await page.inputValue('#f_ho-ten')).toBe('Nguyễn Thị Lan');
    if (javaScript)
      expect(
        await page.evaluate(() => document.activeElement?.classList.contains('error-summary')),
      ).toBe(true);

    await page.fill('#f_dien-thoai', '0912345678');
    await page.click('button[type="submit"]');
    await page.getByRole('heading', { name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' }).waitFor();
    const codes = await page.locator('.receipt-facts .code').allTextContents();
    expect(codes[0]).toMatch(/-\d{6}-\d{4}$/);
    expect(codes[1]).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    // On a phone the QR code is left out (it cannot scan its own screen); on a computer's
    // screen it is there to be scanned by a phone.
    expect(await page.locator('.receipt .qr-block svg').isVisible()).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.locator('.receipt .qr-block svg').isVisible()).toBe(true);
    await page.setViewportSize({ width: 412, height: 915 });

    // The receipt prints on one A5 page.
    if (javaScript) {
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages).toBe(1);
      const size = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(
        pdf.toString('latin1'),
      );
      // A5 is 148 × 210 mm = 419.5 × 595.3 pt.
      expect(Math.round(Number(size?.[1]))).toBe(420);
      expect(Math.round(Number(size?.[2]))).toBe(595);
      await page.emulateMedia({ media: 'screen' });
    }

    await page.goto(`${baseURL}/tra-cuu`);
    await page.fill('#f_ma', codes[0] ?? '');
    await page.fill('#f_bm', (codes[1] ?? '').toLowerCase().replace(/-/g, ' '));
    await page.click('button[type="submit"]');
    await page.locator('.lookup-result').waitFor();
    expect(await page.locator('.lookup-result').textContent()).toContain('Mới đăng ký');
    await context.close();
  });
});
