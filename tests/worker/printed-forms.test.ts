import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { beforeAll, describe, expect, test } from 'vitest';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { vietnamDay } from '../../src/domain/dossier/timeliness.ts';
import { formatDateWithWeekday } from '../../src/domain/format.ts';
import { dayInWords } from '../../src/domain/forms/printed.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { actDone, as, onlineDossier, type Session, signIn } from './office-helpers.ts';
import { validSubmission } from './submission-helpers.ts';

/**
 * The printed forms as an officer prints them (issue 14, printing): signed by whoever took
 * the step, not by whoever prints; under the letterhead of the body that issues each form
 * (the rule set says which); the officer's words once, without the label stored with them;
 * the place and date above the signature; the papers received at the counter on form 01.
 */

const index = indexCatalogue(catalogue);
const BIRTH = catalogue.procedures.find((p) => p.slug === 'dang-ky-khai-sinh') as Procedure;
const today = () => vietnamDay(new Date().toISOString());

let desk: Session;
let printer: Session;
let leader: Session;

beforeAll(async () => {
  desk = await signIn('tn.inphieu', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  printer = await signIn('tn.inphieu2', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  leader = await signIn('ld.inphieu', 'leader', ['ubnd-xa-thuan-bac']);
});

/** The form as another receptionist of the same desk prints it: the article only. */
async function printed(code: string, form: string): Promise<string> {
  const res = await as(printer, `/can-bo/ho-so/${encodeURIComponent(code)}/mau/${form}`);
  expect(res.status).toBe(200);
  const page = await res.text();
  return page.slice(page.indexOf('<article class="receipt">'), page.indexOf('</article>'));
}

const ddOf = (page: string, label: string) =>
  new RegExp(`<dt>${label}</dt><dd>([\\s\\S]*?)</dd>`).exec(page)?.[1];
const letterhead = (page: string) =>
  /<div class="form-issuer"><p>([\s\S]*?)<\/p><\/div>/.exec(page)?.[1] ?? '';
const signature = (page: string) =>
  /<div class="signature">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';
const count = (text: string, part: string) => text.split(part).length - 1;

const DESK_HEAD =
  'ỦY BAN NHÂN DÂN XÃ THUẬN BẮC<br><strong>TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ THUẬN BẮC</strong>';

describe('each form signed by who took the step, under the body that issues it', () => {
  test('form 04: the leader who apologised signs, under the deciding agency, the new date once', async () => {
    const { code } = await onlineDossier();
    await actDone(desk, code, 'receive');
    await actDone(desk, code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
    // A due date far enough ahead that an apology is still allowed, whatever day the test runs.
    const due = index.calendar.addWorkingDays(today(), 5);
    await env.DB.prepare('UPDATE dossiers SET due_date = ?2 WHERE code = ?1').bind(code, due).run();
    const later = index.calendar.addWorkingDays(due, 3);
    await actDone(leader, code, 'apologize', {
      newDueDate: later,
      reason: 'Cần xác minh nơi sinh với Trạm Y tế',
    });
    const page = await printed(code, '04');
    expect(letterhead(page)).toBe('<strong>ỦY BAN NHÂN DÂN XÃ THUẬN BẮC</strong>');
    expect(signature(page)).toContain('<strong>Thủ trưởng cơ quan</strong>');
    expect(signature(page)).toContain('<p class="signer">Cán bộ ld.inphieu</p>');
    expect(page).not.toContain('tn.inphieu2');
    expect(signature(page)).toContain(
      `<p class="place-date"><em>Thuận Bắc, ${dayInWords(today())}</em></p>`,
    );
    expect(ddOf(page, 'Lý do chưa trả kết quả đúng hẹn')).toBe(
      'Cần xác minh nơi sinh với Trạm Y tế.',
    );
    expect(count(page, formatDateWithWeekday(later))).toBe(1);
    expect(page).toContain('Ủy ban nhân dân xã Thuận Bắc thành thật xin lỗi');
  });

  test('form 03: the reason once, signed by the receptionist who refused, under the desk', async () => {
    const { code } = await onlineDossier();
    await actDone(desk, code, 'refuse', { reason: 'Trẻ sinh ngoài địa bàn, nộp tại nơi cư trú' });
    const page = await printed(code, '03');
    expect(ddOf(page, 'Lý do từ chối')).toBe('Trẻ sinh ngoài địa bàn, nộp tại nơi cư trú');
    expect(count(page, 'Lý do từ chối')).toBe(1);
    expect(letterhead(page)).toBe(DESK_HEAD);
    expect(signature(page)).toContain('<p class="signer">Cán bộ tn.inphieu</p>');
    expect(signature(page)).toMatch(/<em>Thuận Bắc, ngày \d{2} tháng \d{1,2} năm \d{4}<\/em>/);
  });

  test('form 02: the papers to add as a list, without "Cần bổ sung:" inside the value', async () => {
    const { code } = await onlineDossier();
    await actDone(desk, code, 'receive');
    await actDone(desk, code, 'request-supplement', {
      missing: 'Bản sao Giấy khai sinh\nGiấy ủy quyền',
    });
    const page = await printed(code, '02');
    expect(ddOf(page, 'Cần bổ sung, hoàn thiện')).toBe(
      '<ol><li>Bản sao Giấy khai sinh</li><li>Giấy ủy quyền</li></ol>',
    );
    expect(page).not.toContain('Cần bổ sung:');
    expect(letterhead(page)).toBe(DESK_HEAD);
    expect(signature(page)).toContain('<strong>Người hướng dẫn</strong>');
    expect(signature(page)).toContain('<p class="signer">Cán bộ tn.inphieu</p>');
  });

  test('form 05: the stop notice of the desk, signed by the desk officer who stopped it', async () => {
    const { code } = await onlineDossier();
    await actDone(desk, code, 'receive');
    // Under the 2025 set the receiving desk stops a dossier at the applicant's request.
    await actDone(desk, code, 'stop', { reason: 'Người nộp đề nghị dừng để bổ sung giấy tờ' });
    const page = await printed(code, '05');
    expect(ddOf(page, 'Lý do dừng giải quyết')).toBe('Người nộp đề nghị dừng để bổ sung giấy tờ');
    expect(page).not.toContain('Lý do:');
    expect(letterhead(page)).toBe(DESK_HEAD);
    expect(signature(page)).toContain('<p class="signer">Cán bộ tn.inphieu</p>');
  });

  test('form 01 of an online dossier: signed by the receptionist who received it; 06 carries the place and date', async () => {
    const { code } = await onlineDossier();
    await actDone(desk, code, 'receive');
    const page = await printed(code, '01');
    expect(letterhead(page)).toBe(DESK_HEAD);
    // Handed to the citizen: the ID number's last four digits only.
    expect(page).not.toContain('058185001234');
    expect(page).toContain('********1234');
    expect(signature(page)).toContain('<p class="signer">Cán bộ tn.inphieu</p>');
    const control = await printed(code, '06');
    expect(control).toContain(
      `<p class="place-date"><em>Thuận Bắc, ${dayInWords(today())}</em></p>`,
    );
  });
});

describe('the papers received at the counter (form 01 and the receipt after reception)', () => {
  test('listed by name, with no dotted lines left to fill by hand', async () => {
    const path = `/can-bo/tiep-nhan/${BIRTH.slug}`;
    const form = await (await as(desk, path)).text();
    const data = new FormData();
    const fields: Record<string, string> = {
      _csrf: desk.csrf,
      'idempotency-key':
        /name="idempotency-key" value="([^"]+)"/.exec(form)?.[1] ?? crypto.randomUUID(),
      'ho-ten': 'Trần Văn Bình',
      'so-dinh-danh': '058090001377',
      'ngay-sinh': '1990-05-05',
      'dien-thoai': '0987654377',
      'dia-chi': 'Thôn Xóm Đèn',
      xa: 'Thuận Bắc',
      'giay-to-0': 'co',
      'giay-to-1': 'co',
      ...Object.fromEntries(
        Object.entries(validSubmission(BIRTH).fields).map(([k, v]) => [`f-${k}`, v]),
      ),
    };
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    const res = await as(desk, path, { method: 'POST', body: data });
    const receipt = await res.text();
    expect(res.status, receipt.slice(0, 1500)).toBe(201);
    const papers = `<ol class="received-papers"><li>${BIRTH.documents[0]?.name}</li><li>${BIRTH.documents[1]?.name}</li></ol>`;
    // The receipt handed over at the counter.
    expect(ddOf(receipt, 'Giấy tờ đã nhận')).toBe(papers);
    expect(receipt).toContain(
      `<p class="place-date"><em>Thuận Bắc, ${dayInWords(today())}</em></p>`,
    );
    expect(receipt).toContain('<p class="signer">Cán bộ tn.inphieu</p>');
    // Form 01 printed later by another receptionist.
    const code = /000\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}/.exec(receipt)?.[0] ?? '';
    const page = await printed(code, '01');
    expect(ddOf(page, 'Giấy tờ đã nhận')).toMatch(
      new RegExp(`^${papers}Số lượng hồ sơ: \\d{2} bộ\\.$`),
    );
    expect(page).not.toContain('……');
    expect(page).not.toContain('Thành phần hồ sơ đã nhận');
    expect(signature(page)).toContain('<p class="signer">Cán bộ tn.inphieu</p>');
  });
});

describe('the tracking book', () => {
  test('every column, the code breakable after its hyphens, the page marked for A4 landscape', async () => {
    const { code } = await onlineDossier();
    await actDone(desk, code, 'receive');
    const page = await (await as(desk, '/can-bo/so-theo-doi')).text();
    expect(page).toContain('<body class="book-page">');
    for (const column of [
      'STT',
      'Mã hồ sơ',
      'Tên thủ tục hành chính',
      'Tên tổ chức, cá nhân',
      'Địa chỉ, số điện thoại',
      'Cơ quan chủ trì giải quyết',
      'Nhận hồ sơ',
      'Hẹn trả kết quả',
      'Trả kết quả',
      'Phương thức nhận kết quả',
      'Ký nhận',
    ]) {
      expect(page).toContain(`<th scope="col">${column}</th>`);
    }
    expect(page).toContain(`<td>${code.split('-').join('-<wbr>')}</td>`);
  });
});
