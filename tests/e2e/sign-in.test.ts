import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { DEMO_CITIZEN } from '../../scripts/lib/dev-idp.ts';
import { axeViolations, launchBrowser, newAxeContext, newContext } from './browser.ts';
import { fillForm } from './online-form.ts';

/**
 * Sign-in as a new user would, in Chromium without JavaScript, against the local test
 * OpenID provider the e2e server runs (tests/e2e/server.ts): the form is filled and locked,
 * the dossier is in "Hồ sơ của tôi", sign-out ends it. axe checks the pages sign-in adds.
 */

const baseURL = inject('baseURL');
const SLUG = 'cap-ban-sao-trich-luc-ho-tich';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('a new user signs in from the online form, files a dossier and finds it in "Hồ sơ của tôi"', async () => {
  const context = await newContext(browser, false);
  const page = await context.newPage();
  await page.goto(`${baseURL}/nop-ho-so/${SLUG}/`);
  await page.getByRole('link', { name: 'Đăng nhập' }).click();
  await page
    .getByRole('heading', { name: 'Máy chủ định danh thử nghiệm, không phải VNeID' })
    .waitFor();
  await page.getByRole('button', { name: 'Đăng nhập' }).click();

  await page.waitForURL(`${baseURL}/nop-ho-so/${SLUG}/`);
  expect(await page.locator('.account-panel').textContent()).toContain(DEMO_CITIZEN.fullName);
  for (const [id, value] of [
    ['#f_ho-ten', DEMO_CITIZEN.fullName],
    ['#f_so-dinh-danh', DEMO_CITIZEN.idNumber],
    ['#f_ngay-sinh', DEMO_CITIZEN.birthDate],
  ] as const) {
    expect(await page.inputValue(id)).toBe(value);
    expect(await page.locator(id).isEditable()).toBe(false);
  }

  await fillForm(page, { identity: false });
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await page.getByRole('heading', { name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' }).waitFor();
  const code = (await page.locator('.receipt-facts .code').first().textContent()) ?? '';
  expect(code).toMatch(/-\d{6}-\d{4}$/);

  await page.goto(`${baseURL}/ho-so-cua-toi`);
  expect(await page.getByRole('heading', { name: `Hồ sơ ${code}` }).count()).toBe(1);
  // Every value fits a 360 px phone (no sideways scrolling).
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
    true,
  );

  // axe (a script) in a context of its own with the same session.
  const cookies = await context.cookies();
  const axeContext = await newAxeContext(browser);
  await axeContext.addCookies(cookies);
  const axePage = await axeContext.newPage();
  for (const path of ['/ho-so-cua-toi', `/nop-ho-so/${SLUG}/`]) {
    await axePage.goto(`${baseURL}${path}`);
    expect(await axeViolations(axePage), path).toEqual([]);
  }
  await axeContext.close();

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { name: 'Đã đăng xuất' }).waitFor();
  await page.goto(`${baseURL}/ho-so-cua-toi`);
  expect(await page.getByRole('heading', { name: `Hồ sơ ${code}` }).count()).toBe(0);
  await context.close();
});
