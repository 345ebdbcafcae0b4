import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser } from './browser.ts';
import { requiredFieldValues } from './online-form.ts';
import { E2E_ADMIN } from './server.ts';

/**
 * No page is wider than the screen (WCAG 1.4.10 Reflow): at 360 px every public page type,
 * and the back office at 360 px and at 1,280 px. Wide data tables may scroll inside their
 * own container; the document itself must not.
 */
const baseURL = inject('baseURL');
const adminPassword = inject('adminPassword');
const PASSWORD = 'mat-khau-tran-trang-2026!';
const RECEPTIONIST = 'tiepnhan.overflow';
const SLUG = 'cap-ban-sao-trich-luc-ho-tich';
/** Submitted online in the set-up, to ubnd-xa-thuan-bac (as in office.test.ts). */
const PROCEDURE = '1.004873';
const DESK = 'ttpvhcc-xa-thuan-bac';
/** A chained procedure of the demo (content/chains). */
const CHAIN = 'lien-thong-khai-sinh-thuong-tru-bhyt';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

let browser: Browser;
const contexts: BrowserContext[] = [];
let citizen: Page;
let admin: Page;
let desk: Page;
let dossier = { code: '', secret: '' };

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport,
  });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${baseURL}/can-bo/dang-nhap`);
  await page.fill('#f_ten-dang-nhap', username);
  await page.fill('#f_mat-khau', password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/can-bo(\?|$|\/(?!dang-nhap))/);
  if (new URL(page.url()).pathname === '/can-bo/doi-mat-khau') {
    // An account the administrator created chooses its own password first (issue 14).
    const own = `${password}-rieng`;
    await page.fill('#f_mat-khau-moi', own);
    await page.fill('#f_nhap-lai', own);
    await page.click('main button[type="submit"]');
    await page.waitForURL(/\/can-bo(\?|$|\/(?!dang-nhap|doi-mat-khau))/);
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  citizen = await newPage(PHONE);
  admin = await newPage(DESKTOP);
  desk = await newPage(DESKTOP);

  // A dossier in the queue, submitted online with long names, as a citizen might type them.
  const record = (await (await fetch(`${baseURL}/api/procedures/${PROCEDURE}`)).json()) as {
    slug: string;
  };
  const submitted = await fetch(`${baseURL}/api/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      procedure: PROCEDURE,
      agency: 'ubnd-xa-thuan-bac',
      applicant: {
        fullName: 'Tôn Nữ Thị Hoàng Phương Thảo Nguyên',
        idNumber: '058192001234',
        birthDate: '1992-07-07',
        phone: '0905123456',
        address: 'Thôn Gò Sạn, đường liên thôn số 2, gần nhà văn hóa thôn',
        commune: 'Thuận Bắc',
      },
      fields: await requiredFieldValues(baseURL, record.slug),
    }),
  });
  expect(submitted.status, await submitted.clone().text()).toBe(201);
  dossier = (await submitted.json()) as { code: string; secret: string };

  await signIn(admin, E2E_ADMIN, adminPassword);
  await admin.goto(`${baseURL}/can-bo/tai-khoan`);
  await admin.fill('#f_username', RECEPTIONIST);
  await admin.fill('#f_name', 'Cán bộ tiếp nhận thử tràn trang');
  await admin.selectOption('#f_role', 'receptionist');
  await admin.selectOption('#f_agencies', [DESK]);
  await admin.fill('#f_password', PASSWORD);
  await admin.click('form[action="/can-bo/tai-khoan"] button[type="submit"]');
  await admin.getByText(`Đã tạo tài khoản ${RECEPTIONIST}.`).waitFor();
  // A key in the API key table, a vote in the page feedback table.
  await admin.goto(`${baseURL}/can-bo/khoa-api`);
  await admin.fill('#f_name', 'Ứng dụng phản ánh hiện trường của huyện Thuận Bắc');
  await admin.fill(
    '#f_contact',
    'Phòng Văn hóa và Thông tin huyện, vanhoathongtin@thuanbac.example.vn',
  );
  await admin.click('form[action="/can-bo/khoa-api"] button[type="submit"]');
  await admin.locator('.notice code').waitFor();
  await citizen.goto(`${baseURL}/thu-tuc/${SLUG}/`);
  await citizen.click('button[name="huu-ich"][value="co"]');
  await citizen.waitForLoadState();

  await signIn(desk, RECEPTIONIST, PASSWORD);
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

/**
 * The page's width against the viewport's, the elements that stick out furthest, the regions
 * that scroll sideways without being focusable and labelled, and table captions cut off
 * (a caption is as wide as its table unless the stylesheet stops it).
 */
async function measure(page: Page) {
  return page.evaluate(() => {
    const viewport = window.innerWidth;
    const clipped = (n: Node) => {
      for (let a = n.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      return false;
    };
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${[...e.classList].map((c) => `.${c}`).join('')}`;
    const box = (n: Node) => {
      const range = document.createRange();
      range.selectNodeContents(n);
      return n instanceof Element ? n.getBoundingClientRect() : range.getBoundingClientRect();
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ALL);
    const sticking: Node[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const element = n instanceof Element ? n : n.parentElement;
      if (!element || element.closest('select') || (!(n instanceof Element) && n.nodeType !== 3))
        continue;
      if (box(n).right > viewport && !clipped(n)) sticking.push(n);
    }
    // The innermost ones: what pushes, not what is pushed.
    const wide = sticking
      .filter((n) => !sticking.some((o) => o !== n && n.contains(o)))
      .map((n) => {
        const r = box(n);
        const at =
          n instanceof Element
            ? `${n.parentElement ? name(n.parentElement) : ''} > ${name(n)}`
            : `${n.parentElement ? name(n.parentElement) : ''} "${(n.textContent ?? '').trim().slice(0, 40)}"`;
        return { at, right: Math.round(r.right), width: Math.round(r.width) };
      })
      .sort((a, b) => b.right - a.right)
      .slice(0, 6);
    const unlabelledScrollers = [...document.body.querySelectorAll('*')]
      .filter(
        (e) =>
          /auto|scroll/.test(getComputedStyle(e).overflowX) &&
          e.scrollWidth > e.clientWidth &&
          !(
            e.getAttribute('tabindex') === '0' &&
            (e.hasAttribute('aria-label') || e.hasAttribute('aria-labelledby'))
          ),
      )
      .map(name);
    const cutCaptions = [...document.querySelectorAll('caption')]
      .filter((c) => box(c).right > viewport)
      .map((c) => `"${c.textContent?.trim()}" (right ${Math.round(box(c).right)})`);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      viewport,
      wide,
      unlabelledScrollers,
      cutCaptions,
    };
  });
}

async function expectFits(page: Page, path: string) {
  const { scrollWidth, viewport, wide, unlabelledScrollers, cutCaptions } = await measure(page);
  expect(
    scrollWidth,
    `${path} is ${scrollWidth} px wide in a ${viewport} px viewport; widest: ${wide
      .map((w) => `${w.at} (right ${w.right}, width ${w.width})`)
      .join('; ')}`,
  ).toBeLessThanOrEqual(viewport);
  expect(
    unlabelledScrollers,
    `${path}: regions that scroll sideways need tabindex="0" and a label`,
  ).toEqual([]);
  expect(cutCaptions, `${path}: table captions wider than the viewport`).toEqual([]);
  // Visually hidden text (position: absolute) inside a sideways-scrolling region escapes it
  // and widens the page unless the region is its containing block (issue 14: the accounts
  // and API-key pages at 360 px were 652 and 746 px wide).
  const loose = await page.evaluate(
    () =>
      [...document.querySelectorAll('.table-scroll, .table-wrap')].filter(
        (e) => getComputedStyle(e).position === 'static',
      ).length,
  );
  expect(loose, `${path}: scroll regions that are not position: relative`).toBe(0);
}

describe('public pages fit a 360 px phone', () => {
  const paths = [
    '/',
    '/thu-tuc/',
    '/thu-tuc/linh-vuc/ho-tich/',
    '/thu-tuc/cap/xa/',
    '/thu-tuc/truc-tuyen/',
    '/co-quan/',
    `/co-quan/${DESK}/`,
    `/thu-tuc/${SLUG}/`,
    `/thu-tuc/${SLUG}/niem-yet/`,
    `/co-quan/${DESK}/so-tay/`,
    '/tim-kiem',
    '/tim-kiem?q=dang+ky+khai+sinh',
    '/tim-kiem?q=qwxz',
    '/tim-kiem?q=x&level=sai',
    `/nop-ho-so/${SLUG}/`,
    '/tra-cuu',
    'lookup result',
    '/danh-gia',
    'evaluation of a dossier',
    `/danh-gia/quay/${DESK}`,
    '/thong-ke',
    '/du-lieu-mo/',
    '/tai-lieu-api',
    '/gioi-thieu/',
    '/tuyen-bo-tiep-can/',
    '/khong-co-trang-nay/',
    '/bien-tap/cho-xac-nhan/',
    '/phan-anh-kien-nghi',
    '/phan-anh-kien-nghi/gui',
    '/phan-anh-kien-nghi/tra-cuu',
    `/lien-thong/${CHAIN}/`,
    `/nop-ho-so/lien-thong/${CHAIN}/`,
    '/ho-so-cua-toi',
  ];
  /** Error pages are page types too: unknown path, bad filter, a dossier not yet to be rated. */
  const EXPECTED_STATUS: Record<string, number> = {
    '/khong-co-trang-nay/': 404,
    '/tim-kiem?q=x&level=sai': 400,
    'evaluation of a dossier': 409,
  };
  test.for(paths)('%s', async (label) => {
    const path =
      label === 'lookup result'
        ? `/tra-cuu?ma=${encodeURIComponent(dossier.code)}&bm=${dossier.secret}`
        : label === 'evaluation of a dossier'
          ? `/danh-gia?ma=${encodeURIComponent(dossier.code)}&bm=${dossier.secret}`
          : label;
    const response = await citizen.goto(`${baseURL}${path}`);
    // The page asked for, not an error page that happens to fit.
    expect(response?.status(), path).toBe(EXPECTED_STATUS[label] ?? 200);
    if (label === 'lookup result') await citizen.locator('.lookup-result').waitFor();
    await expectFits(citizen, label);
  });

  test('the online form sent empty (422)', async () => {
    await citizen.goto(`${baseURL}/nop-ho-so/${SLUG}/`);
    // form.submit() skips the browser's checks and the enhancement script.
    const [response] = await Promise.all([
      citizen.waitForResponse((r) => r.request().method() === 'POST'),
      citizen.locator('main form[method="post"]').evaluate((f) => (f as HTMLFormElement).submit()),
    ]);
    expect(response.status()).toBe(422);
    await citizen.locator('.error-summary').waitFor();
    await expectFits(citizen, 'the 422 page');
  });
});

describe.each([
  ['1,280', DESKTOP],
  ['360', PHONE],
])('the back office fits a %s px screen', (_, viewport) => {
  const pages: [who: 'admin' | 'desk', path: string][] = [
    ['desk', '/can-bo'],
    ['desk', '/can-bo?tab=tat-ca'],
    ['desk', '/can-bo/tiep-nhan'],
    ['desk', `/can-bo/tiep-nhan/${SLUG}`],
    ['desk', 'dossier'],
    ['desk', 'dossier form 01'],
    ['desk', '/can-bo/so-theo-doi'],
    ['admin', '/can-bo'],
    ['admin', '/can-bo/nhat-ky'],
    ['admin', '/can-bo/tai-khoan'],
    ['admin', '/can-bo/khoa-api'],
    ['admin', '/can-bo/dong-bo-dvcqg'],
    ['desk', '/can-bo/phan-anh-kien-nghi'],
    ['desk', '/can-bo/thanh-toan'],
    ['desk', `/can-bo/tiep-nhan/lien-thong/${CHAIN}`],
    ['admin', '/can-bo/phan-hoi'],
    ['admin', '/can-bo/danh-gia'],
  ];
  test('the login page', async () => {
    await citizen.setViewportSize(viewport);
    await citizen.goto(`${baseURL}/can-bo/dang-nhap`);
    await expectFits(citizen, '/can-bo/dang-nhap');
    await citizen.setViewportSize(PHONE);
  });
  test.for(pages)('%s: %s', async ([who, label]) => {
    const page = who === 'admin' ? admin : desk;
    const dossierPath = `/can-bo/ho-so/${encodeURIComponent(dossier.code)}`;
    const path =
      label === 'dossier'
        ? dossierPath
        : label === 'dossier form 01'
          ? `${dossierPath}/mau/01`
          : label;
    await page.setViewportSize(viewport);
    const response = await page.goto(`${baseURL}${path}`);
    expect(response?.status(), path).toBe(200);
    if (label === '/can-bo')
      expect(await page.locator('table.queue tbody tr').count()).toBeGreaterThan(0);
    await expectFits(page, `${who} ${path}`);
  });
});

describe('wide back-office tables on a phone', () => {
  test('the queue at 360 px says it scrolls sideways and scrolls to Hẹn trả and Cơ quan; no hint at 1,280 px', async () => {
    await desk.setViewportSize(PHONE);
    await desk.goto(`${baseURL}/can-bo`);
    const hint = desk.locator('#cuon-hang-doi');
    expect(await hint.isVisible()).toBe(true);
    const region = desk.locator('.table-scroll[aria-describedby="cuon-hang-doi"]');
    const sizes = await region.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    // The last column is reachable by scrolling the region, not the page.
    await region.evaluate((e) => e.scrollTo({ left: e.scrollWidth }));
    const agency = desk.locator('table.queue th', { hasText: 'Cơ quan' });
    const box = await agency.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await desk.setViewportSize(DESKTOP);
    await desk.reload();
    expect(await hint.isVisible()).toBe(false);
  });
});
