import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { axeViolations, launchBrowser, newAxeContext, newContext } from './browser.ts';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('phản ánh, kiến nghị in a browser without JavaScript', () => {
  test('from a procedure page: a mistake, then sent, then looked up; axe finds nothing', async () => {
    const page = await (await newContext(browser, false)).newPage();
    await page.goto(`${baseURL}/thu-tuc/cap-ban-sao-trich-luc-ho-tich/`);
    await page.getByRole('link', { name: 'Gửi phản ánh, kiến nghị', exact: true }).click();
    await page.getByRole('radio', { name: 'Kiến nghị' }).check();
    await page.getByLabel('Nội dung', { exact: true }).fill('Ngắn');
    await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
    // The error summary links to the field; what was typed stays.
    await page.locator('.error-summary').getByRole('link').first().waitFor();
    expect(await page.getByLabel('Nội dung', { exact: true }).inputValue()).toBe('Ngắn');
    const failures: string[] = [];
    const axe = async (label: string) => {
      const checked = await (await newAxeContext(browser)).newPage();
      await checked.setContent(await page.content(), { waitUntil: 'load' });
      for (const v of await axeViolations(checked)) failures.push(`${label}: ${v}`);
      await checked.close();
    };
    await axe('form with errors');

    await page
      .getByLabel('Nội dung', { exact: true })
      .fill('Đề nghị cho nhận bản sao trích lục qua bưu điện để người già không phải đi lại.');
    await page.getByLabel(/Cơ quan được phản ánh, kiến nghị/).selectOption('ubnd-xa-thuan-bac');
    await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
    await page.getByRole('heading', { name: 'Đã gửi kiến nghị' }).waitFor();
    await axe('sent');
    const status = (await page.getByRole('status').textContent()) ?? '';
    const code = /PAKN-\d{6}-[2-9A-Z]{6}/.exec(status)?.[0] ?? '';
    const secret = /Mã tra cứu: ([2-9A-Z-]{14})/.exec(status)?.[1] ?? '';
    expect(code).not.toBe('');

    await page.getByRole('link', { name: 'Tra cứu phản ánh, kiến nghị' }).click();
    expect(await page.getByLabel('Mã phản ánh, kiến nghị').inputValue()).toBe(code);
    await page.getByLabel('Mã tra cứu').fill(secret.toLowerCase());
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByText('Đang chờ trả lời').waitFor();
    await axe('lookup');

    await page.goto(`${baseURL}/phan-anh-kien-nghi`);
    await axe('published answers');
    expect(failures).toEqual([]);
  }, 60_000);
});
