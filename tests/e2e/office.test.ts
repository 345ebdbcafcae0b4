import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { axeViolations, launchBrowser, newAxeContext, newContext } from './browser.ts';
import { requiredFieldValues } from './online-form.ts';

const baseURL = inject('baseURL');
const adminPassword = inject('adminPassword');
const PASSWORD = 'mat-khau-can-bo-2026!';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The passwords officers chose at their first sign-in, by user name. */
const chosen = new Map<string, string>();

async function signIn(context: BrowserContext, username: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseURL}/can-bo`);
  expect(new URL(page.url()).pathname).toBe('/can-bo/dang-nhap');
  await page.fill('#f_ten-dang-nhap', username);
  await page.fill('#f_mat-khau', chosen.get(username) ?? password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/can-bo(\?|$|\/(?!dang-nhap))/);
  if (new URL(page.url()).pathname === '/can-bo/doi-mat-khau') {
    // The password the administrator set is changed at the first sign-in, without typing it again.
    await page.getByText('Cần đổi mật khẩu ngay.').waitFor();
    expect(await page.locator('#f_mat-khau').count()).toBe(0);
    const own = `${password}-rieng`;
    await page.fill('#f_mat-khau-moi', own);
    await page.fill('#f_nhap-lai', own);
    await page.click('main button[type="submit"]');
    await page.waitForURL(/\/can-bo(\?|$|\/(?!dang-nhap|doi-mat-khau))/);
    chosen.set(username, own);
  }
  return page;
}

async function citizenStatus(code: string, secret: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/submissions/${encodeURIComponent(code)}`, {
    headers: { 'x-lookup-secret': secret },
  });
  const body = (await res.json()) as {
    status: { name: string };
    events: { name: string; note?: string }[];
  };
  return `${body.status.name} | ${body.events.map((e) => `${e.name}${e.note ? `: ${e.note}` : ''}`).join(' | ')}`;
}

async function act(page: Page, label: string, fill?: (page: Page) => Promise<void>) {
  const details = page.locator('details.action', {
    has: page.locator(`summary:text-is("${label}")`),
  });
  await details.locator('summary').click();
  if (fill) await fill(page);
  await details.locator('button[type="submit"]').click();
  await page.waitForURL(/da-ghi=/);
}

/** The page printed by Chromium with the page size its stylesheet asks for: pages and size in points. */
async function printed(page: Page): Promise<{ pages: number; width: number; height: number }> {
  await page.emulateMedia({ media: 'print' });
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: false })).toString(
    'latin1',
  );
  await page.emulateMedia({ media: 'screen' });
  const size = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
  return {
    pages: (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length,
    width: Math.round(Number(size?.[1])),
    height: Math.round(Number(size?.[2])),
  };
}

/** An online dossier for Thuận Bắc from another applicant each time (submissions per person are limited). */
async function submitOnline(n: number): Promise<string> {
  const res = await fetch(`${baseURL}/api/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      procedure: '1.004873',
      agency: 'ubnd-xa-thuan-bac',
      applicant: {
        fullName: 'Phạm Văn Hùng',
        idNumber: `05819200${String(5000 + n)}`,
        birthDate: '1992-07-07',
        phone: `090512${String(3000 + n)}`,
        address: 'Thôn Gò Sạn',
        commune: 'Thuận Bắc',
      },
      fields: await requiredFieldValues(
        baseURL,
        ((await (await fetch(`${baseURL}/api/procedures/1.004873`)).json()) as { slug: string })
          .slug,
      ),
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

describe('the back office, without JavaScript', () => {
  test('an administrator creates accounts; officers take an online dossier through its whole life', async () => {
    const adminContext = await newContext(browser, false);
    const admin = await signIn(adminContext, 'quantri.e2e', adminPassword);
    await admin.goto(`${baseURL}/can-bo/tai-khoan`);
    for (const [username, role, agency] of [
      ['tiepnhan.e2e', 'receptionist', 'ttpvhcc-xa-thuan-bac'],
      ['chuyenvien.e2e', 'specialist', 'ubnd-xa-thuan-bac'],
      ['lanhdao.e2e', 'leader', 'ubnd-xa-thuan-bac'],
    ] as const) {
      await admin.fill('#f_username', username);
      await admin.fill('#f_name', `Cán bộ ${username}`);
      await admin.selectOption('#f_role', role);
      await admin.selectOption('#f_agencies', [agency]);
      await admin.fill('#f_password', PASSWORD);
      await admin.click('form[action="/can-bo/tai-khoan"] button[type="submit"]');
      await admin.getByText(`Đã tạo tài khoản ${username}.`).waitFor();
    }

    // A citizen submits online.
    const submitted = await fetch(`${baseURL}/api/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        procedure: '1.004873',
        agency: 'ubnd-xa-thuan-bac',
        applicant: {
          fullName: 'Lê Thị Hoa',
          idNumber: '058192001234',
          birthDate: '1992-07-07',
          phone: '0905123456',
          address: 'Thôn Gò Sạn',
          commune: 'Thuận Bắc',
        },
        fields: await requiredFieldValues(
          baseURL,
          ((await (await fetch(`${baseURL}/api/procedures/1.004873`)).json()) as { slug: string })
            .slug,
        ),
      }),
    });
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const { code, secret } = (await submitted.json()) as { code: string; secret: string };
    expect(await citizenStatus(code, secret)).toMatch(/^Mới đăng ký/);

    const deskContext = await newContext(browser, false);
    const desk = await signIn(deskContext, 'tiepnhan.e2e', PASSWORD);
    await desk.goto(`${baseURL}/can-bo?tab=moi`);
    await desk.getByRole('link', { name: code }).click();
    await act(desk, 'Tiếp nhận hồ sơ');
    expect(await citizenStatus(code, secret)).toMatch(/^Được tiếp nhận/);

    await act(desk, 'Yêu cầu bổ sung, hoàn thiện hồ sơ', async (p) =>
      p.fill('textarea[name="missing"]', 'Bản sao thẻ căn cước'),
    );
    expect(await citizenStatus(code, secret)).toMatch(
      /^Yêu cầu bổ sung giấy tờ .*Bản sao thẻ căn cước/,
    );

    await act(desk, 'Nhận hồ sơ đã bổ sung');
    await act(desk, 'Chuyển hồ sơ đến cơ quan giải quyết');
    expect(await citizenStatus(code, secret)).toMatch(/^Đang xử lý/);

    // The agency asks for the fee; the citizen sees the amount and the ways to pay, without
    // JavaScript (axe below); cash at the desk settles it (ADR 0018).
    const specialist = await signIn(await newContext(browser, false), 'chuyenvien.e2e', PASSWORD);
    await specialist.goto(`${baseURL}/can-bo/ho-so/${encodeURIComponent(code)}`);
    await act(specialist, 'Yêu cầu thực hiện nghĩa vụ tài chính', async (p) =>
      p.fill('input[name="amount"]', '20000'),
    );
    const payer = await (await newContext(browser, false)).newPage();
    await payer.goto(`${baseURL}/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`);
    const fee = payer.locator('section.payment');
    expect(await fee.textContent()).toMatch(/20\.000 đ[\s\S]*Chưa thanh toán/);
    expect(await fee.locator('.qr-block svg').isVisible()).toBe(true);
    const axeLookup = await (await newAxeContext(browser)).newPage();
    await axeLookup.goto(payer.url());
    const lookupFailures = await axeViolations(axeLookup);
    await desk.reload();
    await act(desk, 'Xác nhận đã thực hiện nghĩa vụ tài chính');
    await payer.reload();
    expect(await payer.locator('section.payment').textContent()).toContain('Đã thanh toán');

    const leaderContext = await newContext(browser, false);
    const leader = await signIn(leaderContext, 'lanhdao.e2e', PASSWORD);
    await leader.goto(`${baseURL}/can-bo/ho-so/${encodeURIComponent(code)}`);
    await act(leader, 'Ký duyệt kết quả');
    expect(await citizenStatus(code, secret)).toMatch(/^Đã xử lý xong/);

    // The agency attaches the signed result, without JavaScript: a PNG named .pdf is refused
    // with the date kept, then the PDF is stored.
    const issued = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const issuedVn = issued.split('-').reverse().join('/');
    await leader.setInputFiles('#f_tep', {
      name: 'ket-qua.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    });
    await leader.fill('#f_ngay-ban-hanh', issuedVn);
    await leader.getByRole('button', { name: 'Đính kèm tệp kết quả' }).click();
    expect(await leader.locator('.error-summary').textContent()).toContain('phải là tệp PDF');
    expect(await leader.inputValue('#f_ngay-ban-hanh')).toBe(issuedVn);
    const resultErrorUrl = leader.url();
    const resultErrorPage = await leader.content();
    const pdf = Buffer.from(
      '%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    );
    await leader.setInputFiles('#f_tep', {
      name: 'ket-qua.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await leader.getByRole('button', { name: 'Đính kèm tệp kết quả' }).click();
    await leader.getByText('Đã ghi: Đính kèm tệp kết quả điện tử.').waitFor();

    await desk.reload();
    await act(desk, 'Trả kết quả');
    const finalStatus = await citizenStatus(code, secret);
    expect(finalStatus).toMatch(/^Đã trả kết quả/);
    expect(finalStatus).toMatch(/Được tiếp nhận[^|]*\| Yêu cầu bổ sung giấy tờ/);

    // The citizen's page shows the same, without JavaScript.
    const citizen = await (await newContext(browser, false)).newPage();
    await citizen.goto(`${baseURL}/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`);
    const timeline = await citizen.locator('.timeline').textContent();
    expect(timeline).toMatch(
      /Mới đăng ký[\s\S]*Được tiếp nhận[\s\S]*Yêu cầu bổ sung giấy tờ[\s\S]*Đang xử lý[\s\S]*Đã xử lý xong[\s\S]*Đã trả kết quả/,
    );

    // The citizen sees the result's issue date and SHA-256, and downloads it with a button.
    const result = await citizen.locator('.result-file').textContent();
    expect(result).toContain(`Ngày ban hành${issuedVn}`);
    expect(result).toContain(createHash('sha256').update(pdf).digest('hex'));
    const [download] = await Promise.all([
      citizen.waitForEvent('download'),
      citizen.getByRole('button', { name: 'Tải kết quả (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`ket-qua-${code}.pdf`);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(pdf);

    // The citizen rates the service from the lookup page, still without JavaScript.
    await citizen.getByRole('link', { name: 'Đánh giá chất lượng phục vụ' }).click();
    await citizen.getByLabel('Hài lòng', { exact: true }).check();
    await citizen
      .getByRole('group', { name: /Thái độ của cán bộ/ })
      .getByLabel('Lịch sự, tận tình')
      .check();
    await citizen.fill('#f_y-kien', 'Cán bộ hướng dẫn kỹ, số tôi 0905 123 456');
    await citizen.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await citizen.getByRole('heading', { name: 'Xin cảm ơn ông/bà' }).waitFor();
    await leader.goto(`${baseURL}/can-bo/danh-gia`);
    expect(await leader.locator('main table').textContent()).toContain(
      'Cán bộ hướng dẫn kỹ, số tôi [đã ẩn]',
    );

    // Every step is in the audit trail the administrator reads.
    await admin.goto(`${baseURL}/can-bo/nhat-ky?doi-tuong=${encodeURIComponent(code)}`);
    expect(await admin.locator('main table').textContent()).toMatch(
      /Chuyển trạng thái hồ sơ[\s\S]*Xem dữ liệu cá nhân/,
    );

    // axe on every back-office page type.
    const axeContext = await newAxeContext(browser);
    const axePage = await axeContext.newPage();
    const cookies = await deskContext.cookies();
    await axeContext.addCookies(cookies);
    const failures: string[] = lookupFailures.map((v) => `/tra-cuu (phí, lệ phí): ${v}`);
    for (const path of [
      `/can-bo`,
      `/can-bo/ho-so/${encodeURIComponent(code)}`,
      `/can-bo/ho-so/${encodeURIComponent(code)}/mau/02`,
      '/can-bo/tiep-nhan',
      '/can-bo/tiep-nhan/cap-ban-sao-trich-luc-ho-tich',
      '/can-bo/so-theo-doi',
      '/can-bo/thanh-toan',
    ]) {
      await axePage.goto(`${baseURL}${path}`);
      for (const v of await axeViolations(axePage)) failures.push(`${path}: ${v}`);
    }
    // The agency's view of the result, its upload form and its error page; the citizen's lookup.
    await axeContext.clearCookies();
    await axeContext.addCookies(await leaderContext.cookies());
    await axePage.goto(`${baseURL}/can-bo/ho-so/${encodeURIComponent(code)}`);
    for (const v of await axeViolations(axePage)) failures.push(`result form: ${v}`);
    await axePage.setContent(resultErrorPage);
    for (const v of await axeViolations(axePage)) failures.push(`${resultErrorUrl}: ${v}`);
    await axePage.goto(`${baseURL}/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`);
    for (const v of await axeViolations(axePage)) failures.push(`lookup with a result: ${v}`);
    await axeContext.clearCookies();
    await axeContext.addCookies(await adminContext.cookies());
    for (const path of [
      '/can-bo/nhat-ky',
      '/can-bo/tai-khoan',
      '/can-bo/khoa-api',
      '/can-bo/dong-bo-dvcqg',
    ]) {
      await axePage.goto(`${baseURL}${path}`);
      for (const v of await axeViolations(axePage)) failures.push(`${path}: ${v}`);
    }
    await axeContext.clearCookies();
    await axePage.goto(`${baseURL}/can-bo/dang-nhap`);
    for (const v of await axeViolations(axePage)) failures.push(`/can-bo/dang-nhap: ${v}`);
    expect(failures).toEqual([]);
  }, 120_000);
  test('the forms print on one A5 page each, the book on A4 landscape with every column', async () => {
    // The accounts of the test above, signed in again.
    const desk = await signIn(await newContext(browser, true), 'tiepnhan.e2e', PASSWORD);
    const leader = await signIn(await newContext(browser, true), 'lanhdao.e2e', PASSWORD);
    const A5 = { width: 420, height: 595 };
    const open = async (page: Page, code: string) =>
      page.goto(`${baseURL}/can-bo/ho-so/${encodeURIComponent(code)}`);
    const form = async (page: Page, code: string, n: string) => {
      await page.goto(`${baseURL}/can-bo/ho-so/${encodeURIComponent(code)}/mau/${n}`);
      return printed(page);
    };

    const asked = await submitOnline(1);
    await open(desk, asked);
    await act(desk, 'Tiếp nhận hồ sơ');
    await act(desk, 'Yêu cầu bổ sung, hoàn thiện hồ sơ', async (p) =>
      p.fill('textarea[name="missing"]', 'Bản sao thẻ căn cước\nGiấy ủy quyền có chứng thực'),
    );
    expect(await form(desk, asked, '01')).toEqual({ pages: 1, ...A5 });
    expect(await form(desk, asked, '02')).toEqual({ pages: 1, ...A5 });
    expect(await desk.locator('.signature .place-date').textContent()).toMatch(
      /^Thuận Bắc, ngày \d{2} tháng \d{1,2} năm \d{4}$/,
    );

    const refused = await submitOnline(2);
    await open(desk, refused);
    await act(desk, 'Từ chối hồ sơ', async (p) =>
      p.fill('details.action[open] textarea[name="reason"]', 'Hồ sơ không thuộc thẩm quyền của xã'),
    );
    expect(await form(desk, refused, '03')).toEqual({ pages: 1, ...A5 });

    // Under the 2025 set the receiving desk stops a dossier at the applicant's request.
    const stopped = await submitOnline(3);
    await open(desk, stopped);
    await act(desk, 'Tiếp nhận hồ sơ');
    await act(desk, 'Dừng giải quyết hồ sơ', async (p) =>
      p.fill('details.action[open] textarea[name="reason"]', 'Người nộp đề nghị dừng giải quyết'),
    );
    expect(await form(desk, stopped, '05')).toEqual({ pages: 1, ...A5 });
    expect(await desk.locator('.signature .signer').textContent()).toBe('Cán bộ tiepnhan.e2e');

    // The apology of the deciding agency, on a working day after the current appointment.
    const late = await submitOnline(4);
    await open(desk, late);
    await act(desk, 'Tiếp nhận hồ sơ');
    await act(desk, 'Chuyển hồ sơ đến cơ quan giải quyết');
    await open(leader, late);
    const label = 'Xin lỗi và hẹn lại ngày trả kết quả';
    const hint = await leader
      .locator('p.hint', { hasText: 'Phải sau ngày hẹn hiện tại' })
      .textContent();
    const [, dd, mm, yyyy] = /\((\d{2})\/(\d{2})\/(\d{4})\)/.exec(hint ?? '') ?? [];
    let apologised = false;
    // The first weekday after the appointment that the calendar accepts (holidays are refused).
    for (let days = 1; days <= 14 && !apologised; days++) {
      const day = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd) + days));
      if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
      const text = `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`;
      await open(leader, late);
      const details = leader.locator('details.action', {
        has: leader.locator(`summary:text-is("${label}")`),
      });
      await details.locator('summary').click();
      await details.locator('input[name="newDueDate"]').fill(text);
      await details.locator('textarea[name="reason"]').fill('Cần xác minh thêm với cơ quan khác');
      await details.locator('button[type="submit"]').click();
      await leader.waitForLoadState();
      apologised = /da-ghi=/.test(leader.url());
    }
    expect(apologised).toBe(true);
    expect(await form(leader, late, '04')).toEqual({ pages: 1, ...A5 });
    expect(await leader.locator('.form-issuer').textContent()).toBe('ỦY BAN NHÂN DÂN XÃ THUẬN BẮC');

    // The receipt handed over at the counter: the papers ticked, the receptionist's signature, one page.
    const slug = 'cap-giay-xac-nhan-tinh-trang-hon-nhan';
    await desk.goto(`${baseURL}/can-bo/tiep-nhan/${slug}`);
    const values: Record<string, string> = {
      'ho-ten': 'Võ Thị Thu',
      'so-dinh-danh': '058192006001',
      'ngay-sinh': '1992-07-07',
      'dien-thoai': '0905126001',
      'dia-chi': 'Thôn Gò Sạn',
      xa: 'Thuận Bắc',
      'giay-to-0': 'co',
      ...Object.fromEntries(
        Object.entries(await requiredFieldValues(baseURL, slug)).map(([k, v]) => [`f-${k}`, v]),
      ),
    };
    await desk.evaluate((entries) => {
      for (const [name, value] of entries) {
        for (const node of document.querySelectorAll(`[name="${name}"]`)) {
          // A select's value is set like an input's; radios and checkboxes are checked.
          const field = node as HTMLInputElement;
          if (['radio', 'checkbox'].includes(field.type)) field.checked = field.value === value;
          else field.value = value;
        }
      }
    }, Object.entries(values));
    await desk.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await desk.getByRole('heading', { name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' }).waitFor();
    expect(await desk.locator('.received-papers li').count()).toBe(1);
    expect(await desk.locator('.receipt .signature .signer').textContent()).toBe(
      'Cán bộ tiepnhan.e2e',
    );
    expect(await printed(desk)).toEqual({ pages: 1, ...A5 });

    // The book: on a 1280 px screen every column shows, without scrolling sideways.
    await desk.setViewportSize({ width: 1280, height: 800 });
    await desk.goto(`${baseURL}/can-bo/so-theo-doi`);
    const fits = () =>
      desk.evaluate(() => {
        const region = document.querySelector('.table-scroll') as HTMLElement;
        return region.scrollWidth <= region.clientWidth;
      });
    expect(await fits()).toBe(true);
    // In print: no site or office chrome, every column within the page, rows a few lines high.
    // 277 mm (A4 landscape less its margins) is 1047 CSS pixels.
    await desk.setViewportSize({ width: 1047, height: 740 });
    await desk.emulateMedia({ media: 'print' });
    for (const chrome of ['.site-header', '.office-nav', '.site-footer'])
      expect(await desk.locator(chrome).isVisible(), chrome).toBe(false);
    expect(await fits()).toBe(true);
    for (const column of ['Phương thức nhận kết quả', 'Ký nhận'])
      expect(await desk.getByRole('columnheader', { name: column }).isVisible()).toBe(true);
    const rowHeights = await desk
      .locator('table.book tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    expect(rowHeights.length).toBeGreaterThanOrEqual(3);
    // 7.5 pt text is 10 px a line: no more than six lines in any row.
    expect(Math.max(...rowHeights)).toBeLessThan(75);
    await desk.emulateMedia({ media: 'screen' });
    expect(await printed(desk)).toEqual({ pages: 1, width: 842, height: 595 });
  }, 120_000);

  test('the applicant asks online to stop; the receiving desk confirms (no JavaScript, 360 px, axe)', async () => {
    const idNumber = '058192004321';
    const slug = (
      (await (await fetch(`${baseURL}/api/procedures/1.004873`)).json()) as { slug: string }
    ).slug;
    const submitted = await fetch(`${baseURL}/api/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        procedure: '1.004873',
        agency: 'ubnd-xa-thuan-bac',
        applicant: {
          fullName: 'Trần Văn Dũng',
          idNumber,
          birthDate: '1992-01-09',
          phone: '0905765432',
          address: 'Thôn Gò Sạn',
          commune: 'Thuận Bắc',
        },
        fields: await requiredFieldValues(baseURL, slug),
      }),
    });
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const { code, secret } = (await submitted.json()) as { code: string; secret: string };
    const deskContext = await newContext(browser, false);
    const desk = await signIn(deskContext, 'tiepnhan.e2e', PASSWORD);
    await desk.goto(`${baseURL}/can-bo/ho-so/${encodeURIComponent(code)}`);
    await act(desk, 'Tiếp nhận hồ sơ');

    // The citizen, on a 360 px phone without JavaScript: a wrong ID number first, then the right one.
    const citizen = await (await newContext(browser, false)).newPage();
    await citizen.setViewportSize({ width: 360, height: 740 });
    const lookupPath = `/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`;
    await citizen.goto(`${baseURL}${lookupPath}`);
    await citizen.locator('summary', { hasText: 'Gửi yêu cầu dừng giải quyết' }).click();
    await citizen.fill('#f_ly-do', 'Không còn nhu cầu');
    await citizen.fill('#f_so-dinh-danh', '058192009999');
    await citizen.getByRole('button', { name: 'Gửi yêu cầu dừng giải quyết' }).click();
    await citizen.locator('.error-summary').waitFor();
    expect(await citizen.title()).toMatch(/^Lỗi: /);
    const fits = () =>
      citizen.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fits()).toBe(true);
    const failures: string[] = [];
    const axeContext = await newAxeContext(browser);
    const axePage = await axeContext.newPage();
    await axePage.goto(`${baseURL}${lookupPath}`);
    await axePage.locator('summary', { hasText: 'Gửi yêu cầu dừng giải quyết' }).click();
    for (const v of await axeViolations(axePage)) failures.push(`lookup with the form: ${v}`);
    await axePage.fill('#f_ly-do', 'Không còn nhu cầu');
    await axePage.fill('#f_so-dinh-danh', '058192009999');
    await axePage.getByRole('button', { name: 'Gửi yêu cầu dừng giải quyết' }).click();
    await axePage.locator('.error-summary').waitFor();
    for (const v of await axeViolations(axePage)) failures.push(`lookup with errors: ${v}`);
    await citizen.fill('#f_so-dinh-danh', idNumber);
    await citizen.getByRole('button', { name: 'Gửi yêu cầu dừng giải quyết' }).click();
    await citizen.getByRole('heading', { name: 'Đã gửi yêu cầu dừng giải quyết hồ sơ' }).waitFor();
    expect(await fits()).toBe(true);

    // The receiving desk finds it in its queue and confirms it.
    await desk.goto(`${baseURL}/can-bo?tab=yeu-cau-dung`);
    await desk.getByRole('link', { name: code }).click();
    await desk.getByRole('heading', { name: 'Người nộp yêu cầu dừng giải quyết hồ sơ' }).waitFor();
    await axeContext.addCookies(await deskContext.cookies());
    await axePage.goto(`${baseURL}/can-bo/ho-so/${encodeURIComponent(code)}`);
    for (const v of await axeViolations(axePage)) failures.push(`dossier with a request: ${v}`);
    await desk.getByRole('button', { name: 'Dừng giải quyết theo yêu cầu' }).click();
    await desk.waitForURL(/da-ghi=stop/);
    expect(await citizenStatus(code, secret)).toMatch(/^Dừng xử lý .*Không còn nhu cầu/);
    const notice = await desk.goto(`${baseURL}/can-bo/ho-so/${encodeURIComponent(code)}/mau/05`);
    expect(notice?.status()).toBe(200);
    expect(failures).toEqual([]);
  }, 120_000);
});
