import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { app } from './test-worker.ts';
import {
  act,
  as,
  onlineDossier,
  postForm,
  receiveAtCounter,
  type Session,
  signIn,
} from './office-helpers.ts';

let desk: Session;
let specialist: Session;
let leader: Session;
let admin: Session;

beforeAll(async () => {
  desk = await signIn('tn.bacphong', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  specialist = await signIn('cv.bacphong', 'specialist', ['ubnd-xa-thuan-bac']);
  leader = await signIn('ld.bacphong', 'leader', ['ubnd-xa-thuan-bac']);
  admin = await signIn('qt', 'admin', []);
});

const citizenView = async (code: string, secret: string) =>
  (await app.request(`/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`, {}, env)).text();

describe('a dossier through its whole life, as the citizen sees it', () => {
  test('receive → supplement → supplemented → assign → process → return', async () => {
    const { code, secret } = await onlineDossier();

    expect((await act(desk, code, 'receive')).status).toBe(303);
    expect(await citizenView(code, secret)).toContain('Được tiếp nhận');

    const ask = await act(desk, code, 'request-supplement', {
      missing: 'Bản sao Giấy khai sinh\nGiấy ủy quyền',
    });
    expect(ask.status).toBe(303);
    const asked = await citizenView(code, secret);
    expect(asked).toContain('Yêu cầu bổ sung giấy tờ');
    expect(asked).toContain('Bản sao Giấy khai sinh');
    // What to do and where, not only what is missing; the answer comes before any form.
    expect(asked).toMatch(
      /<h3>Việc cần làm<\/h3><p>Mang các giấy tờ cần bổ sung [^<]+ đến [^<]+, nói mã hồ sơ/,
    );
    expect(asked.indexOf('class="lookup-result"')).toBeLessThan(asked.indexOf('<form'));

    expect((await act(desk, code, 'supplement-received')).status).toBe(303);
    const assign = await act(desk, code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
    expect(assign.status).toBe(303);
    expect(await citizenView(code, secret)).toContain('Đang xử lý');

    // A specialist cannot sign the result (not their role: 403); the leader can.
    const notAllowed = await act(specialist, code, 'process');
    expect(notAllowed.status).toBe(403);
    expect(await notAllowed.text()).toMatch(/lãnh đạo/);
    expect((await act(leader, code, 'process')).status).toBe(303);
    expect(await citizenView(code, secret)).toContain('Đã xử lý xong');
    expect((await act(desk, code, 'return-result')).status).toBe(303);
    const done = await citizenView(code, secret);
    expect(done).toContain('Đã trả kết quả');
    expect(done).toMatch(/Giải quyết (trước|đúng) hạn/);

    // The trail: each step with its actor, and messages queued for the citizen.
    const events = await env.DB.prepare(
      `SELECT e.action, e.status, e.actor FROM status_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = ?1 ORDER BY e.id`,
    )
      .bind(code)
      .all<{ action: string; status: number; actor: string }>();
    expect(events.results.map((e) => `${e.action}:${e.status}`)).toEqual([
      'submit:1',
      'receive:2',
      'request-supplement:5',
      'supplement-received:2',
      'assign:4',
      'process:9',
      'return-result:10',
    ]);
    const messages = await env.DB.prepare(
      'SELECT kind FROM outbox o JOIN dossiers d ON d.id = o.dossier_id WHERE d.code = ?1 ORDER BY o.id',
    )
      .bind(code)
      .all<{ kind: string }>();
    expect(messages.results.map((m) => m.kind)).toEqual([
      'received',
      'supplement',
      'result-ready',
      'returned',
    ]);
    const audits = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_events WHERE action = 'transition' AND target = ?1",
    )
      .bind(code)
      .first<number>('n');
    expect(audits).toBe(6);
  });

  test('an illegal step is refused with a reason, and nothing changes', async () => {
    const { code } = await onlineDossier();
    const res = await act(desk, code, 'return-result');
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/Không thực hiện được/);
    expect(
      await env.DB.prepare('SELECT status FROM dossiers WHERE code = ?1')
        .bind(code)
        .first('status'),
    ).toBe(1);
  });

  test('a stale form (another officer acted first) is refused with 409', async () => {
    const { code } = await onlineDossier();
    expect((await act(desk, code, 'receive')).status).toBe(303);
    const stale = await postForm(desk, `/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac`, {
      action: 'receive',
      expected: '1',
    });
    expect(stale.status).toBe(409);
  });

  test('the apology letter: once only, with a later working day', async () => {
    const { code } = await onlineDossier();
    await act(desk, code, 'receive');
    await act(desk, code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
    const due = (await env.DB.prepare('SELECT due_date FROM dossiers WHERE code = ?1')
      .bind(code)
      .first<string>('due_date')) as string;
    const later = index.calendar.addWorkingDays(due, 3);
    const res = await act(leader, code, 'apologize', {
      newDueDate: later,
      reason: 'Cần xác minh thêm với cơ quan khác',
    });
    if (index.calendar.countWorkingDays(vietnamToday(), due) >= 1) {
      expect(res.status).toBe(303);
      expect(
        await env.DB.prepare('SELECT due_date FROM dossiers WHERE code = ?1')
          .bind(code)
          .first('due_date'),
      ).toBe(later);
      const again = await act(leader, code, 'apologize', {
        newDueDate: index.calendar.addWorkingDays(later, 2),
        reason: 'Lần hai',
      });
      expect(again.status).toBe(422);
      expect(await again.text()).toMatch(/một lần/);
      const print = await as(leader, `/can-bo/ho-so/${encodeURIComponent(code)}/mau/04`);
      expect(await print.text()).toContain('Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết');
    } else {
      // Today is the due day itself (a same-day procedure): too late to apologise.
      expect(res.status).toBe(422);
    }
  });
});

describe('refusals: not your role (403) and not possible now (422)', () => {
  const statusOf = (code: string) =>
    env.DB.prepare('SELECT status FROM dossiers WHERE code = ?1').bind(code).first('status');
  const eventsOf = (code: string) =>
    env.DB.prepare(
      'SELECT count(*) AS n FROM status_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = ?1',
    )
      .bind(code)
      .first('n');

  test.each([
    ['a specialist receiving a new dossier at the desk', 'specialist', 'receive'],
    ['a leader recording the reception', 'leader', 'receive'],
    ['a specialist refusing a new dossier', 'specialist', 'refuse'],
  ] as const)('%s: 403 with the reason, nothing written', async (_what, role, action) => {
    const { code } = await onlineDossier();
    const session = role === 'specialist' ? specialist : leader;
    const before = await eventsOf(code);
    const res = await act(session, code, action, { reason: 'Thiếu giấy tờ' });
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toContain('Không thực hiện được');
    expect(page).toMatch(/chỉ cán bộ tiếp nhận của Bộ phận Một cửa được/);
    expect(await statusOf(code)).toBe(1);
    expect(await eventsOf(code)).toBe(before);
  });

  test('the right role, but not in this state: 422', async () => {
    const { code } = await onlineDossier();
    // Returning the result of a dossier not yet processed: the receptionist's action, too early.
    const res = await act(desk, code, 'return-result');
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/Không thể trả kết quả khi hồ sơ đang ở trạng thái/);
    // A leader signing a dossier still at the desk: no role may do it from "Mới đăng ký".
    const early = await act(leader, code, 'process');
    expect(early.status).toBe(422);
    expect(await statusOf(code)).toBe(1);
  });

  test('the right role and state, but invalid input: 422', async () => {
    const { code } = await onlineDossier();
    const res = await act(desk, code, 'refuse', { reason: '' });
    expect(res.status).toBe(422);
    expect(await statusOf(code)).toBe(1);
  });

  test('a terminal dossier: 422 whatever the role', async () => {
    const { code, secret } = await onlineDossier();
    expect((await act(desk, code, 'refuse', { reason: 'Không đủ điều kiện' })).status).toBe(303);
    expect((await act(specialist, code, 'receive')).status).toBe(422);
    expect((await act(desk, code, 'receive')).status).toBe(422);
    // The citizen reads a refusal as a refusal: no appointment, no "resolved early", no
    // place to collect a result that will never exist.
    const seen = await citizenView(code, secret);
    expect(seen).toMatch(/<strong>Không được tiếp nhận<\/strong> \(ngày \d{2}\/\d{2}\/\d{4}\)/);
    expect(seen).toContain('Không đủ điều kiện');
    expect(seen).not.toContain('Ngày hẹn trả kết quả');
    expect(seen).not.toMatch(/Giải quyết (trước|đúng|quá) hạn/);
    expect(seen).not.toContain('Nơi nhận kết quả');
  });
});

describe('the office around the dossiers', () => {
  test('the queue counts, searches by folded name and code, and exports CSV with a BOM', async () => {
    const { code } = await onlineDossier();
    const page = await (await as(desk, '/can-bo?q=nguyen%20thi%20lan')).text();
    expect(page).toContain(code);
    expect(page).toMatch(/Mới đăng ký <span class="count">\(\d+\)<\/span>/);
    const byCode = await (await as(desk, `/can-bo?q=${code.slice(-11)}`)).text();
    expect(byCode).toContain(code);
    const csv = await as(desk, '/can-bo/xuat-csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('"Mã hồ sơ","Mã thủ tục","Thủ tục"');
    expect(text).toContain('Nguyễn Thị Lan');
    expect(text).toMatch(/"\d{2}\/\d{2}\/\d{4}"/);
  });

  test('officers of another commune do not see the dossier in their queue', async () => {
    const { code } = await onlineDossier();
    const other = await signIn('tn.bacson2', 'receptionist', ['ttpvhcc-xa-ninh-hai']);
    expect(await (await as(other, '/can-bo')).text()).not.toContain(code);
  });

  test('views of personal data and exports are in the audit log the administrator reads', async () => {
    const { code } = await onlineDossier();
    await as(specialist, `/can-bo/ho-so/${encodeURIComponent(code)}`);
    const log = await (
      await as(admin, `/can-bo/nhat-ky?doi-tuong=${encodeURIComponent(code)}`)
    ).text();
    expect(log).toContain('Xem dữ liệu cá nhân');
    expect(log).toContain('Cán bộ cv.bacphong');
    // The administrator sees the dossier but not the person.
    const adminView = await (await as(admin, `/can-bo/ho-so/${encodeURIComponent(code)}`)).text();
    expect(adminView).not.toContain('058185001234');
    expect(adminView).toContain('N. T. L.');
  });

  test('counter reception: same code, starts received, receipt with secret', async () => {
    const { status, html, code } = await receiveAtCounter(desk, 'cap-ban-sao-trich-luc-ho-tich', {
      'dia-chi': 'Thôn Xóm Đèn',
    });
    expect(status, html.slice(0, 2000)).toBe(201);
    // The code format of the rule set in force (from 25/01/2026: the deciding agency's identifier,
    // and a sequence of at least 4 digits).
    expect(code).toMatch(/^000\.\d{2}\.\d{2}\.H32-\d{6}-\d{4,}$/);
    expect(html).toMatch(/class="code">[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}</);
    const row = await env.DB.prepare('SELECT status, channel FROM dossiers WHERE code = ?1')
      .bind(code)
      .first<{ status: number; channel: number }>();
    expect(row).toEqual({ status: 2, channel: 1 });
  });

  test('the tracking book (form 06) as A4 page and CSV', async () => {
    await onlineDossier();
    const page = await (await as(desk, '/can-bo/so-theo-doi')).text();
    expect(page).toContain('Sổ theo dõi hồ sơ');
    expect(page).toContain('Phương thức nhận kết quả');
    const bytes = new Uint8Array(
      await (await as(desk, '/can-bo/so-theo-doi?dang=csv')).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('"STT","Mã hồ sơ","Tên thủ tục hành chính"');
  });
});

import { catalogue } from 'virtual:mot-cua/catalogue';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { vietnamDay } from '../../src/domain/dossier/timeliness.ts';
const index = indexCatalogue(catalogue);
const vietnamToday = () => vietnamDay(new Date().toISOString());
