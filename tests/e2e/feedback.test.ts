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

describe('feedback, the kiosk and the statistics in a browser without JavaScript', () => {
  test('"Trang này có hữu ích không?" → Không → a comment, on a real procedure page', async () => {
    const page = await (await newContext(browser, false)).newPage();
    await page.goto(`${baseURL}/thu-tuc/cap-ban-sao-trich-luc-ho-tich/`);
    const question = page.getByRole('group', { name: 'Trang này có hữu ích không?' });
    await question.getByRole('button', { name: 'Không' }).click();
    await page
      .getByLabel(/Trang còn thiếu hoặc sai điều gì/)
      .fill('Không rõ lệ phí khi nộp qua bưu điện');
    await page.getByRole('button', { name: 'Gửi góp ý' }).click();
    await page.getByText('Góp ý đã được gửi tới người biên tập').waitFor();
    // The hidden trap field is out of sight and out of the tab order.
    await page.goto(`${baseURL}/thu-tuc/cap-ban-sao-trich-luc-ho-tich/`);
    expect(await page.locator('#pf-website').isVisible()).toBe(false);
    expect(await page.locator('#pf-website').getAttribute('tabindex')).toBe('-1');
  });

  test('the kiosk: one tap, thanks, and a fresh form for the next person', async () => {
    const page = await (await newContext(browser, false)).newPage();
    await page.goto(`${baseURL}/danh-gia/quay/ttpvhcc-xa-thuan-bac`);
    const button = page.getByRole('button', { name: 'Rất hài lòng' });
    const box = await button.boundingBox();
    // Touch targets far above the 24 px minimum of WCAG 2.2 (2.5.8).
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(80);
    await button.click();
    await page.getByRole('status').getByText('Đánh giá vừa rồi đã được ghi nhận').waitFor();
    expect(await page.locator('#f_ma').inputValue()).toBe('');
  });

  test('the statistics form switches period and scope with a plain GET', async () => {
    const page = await (await newContext(browser, false)).newPage();
    await page.goto(`${baseURL}/thong-ke`);
    // The controls wait behind one tap, so that the figures come first on a phone.
    expect(await page.locator('#tk-ky').isVisible()).toBe(false);
    await page.click('details.stats-filter > summary');
    await page.selectOption('#tk-ky', 'nam');
    await page.selectOption('#tk-nam', '2019');
    await page.click('form.stats-form button[type="submit"]');
    await page.getByRole('heading', { name: 'Số liệu báo cáo trước khi dùng hệ thống' }).waitFor();
    expect(new URL(page.url()).searchParams.get('nam')).toBe('2019');
  });

  test('axe finds nothing on the new pages', async () => {
    const page = await (await newAxeContext(browser)).newPage();
    const failures: string[] = [];
    for (const path of [
      '/thong-ke',
      '/thong-ke?ky=nam&nam=2019',
      '/thong-ke?ky=quy&quy=9',
      '/danh-gia',
      '/danh-gia/quay/ttpvhcc-xa-thuan-bac',
      '/danh-gia/quay/ttpvhcc-xa-thuan-bac?da-gui=co',
      '/thu-tuc/cap-ban-sao-trich-luc-ho-tich/',
    ]) {
      await page.goto(`${baseURL}${path}`);
      for (const v of await axeViolations(page)) failures.push(`${path}: ${v}`);
    }
    // The thank-you page of the page feedback.
    await page.goto(`${baseURL}/thu-tuc/cap-ban-sao-trich-luc-ho-tich/`);
    await page.getByRole('button', { name: 'Có', exact: true }).click();
    await page.waitForURL(/\/phan-hoi\/cam-on/);
    for (const v of await axeViolations(page)) failures.push(`/phan-hoi/cam-on: ${v}`);
    expect(failures).toEqual([]);
  }, 60_000);
});
