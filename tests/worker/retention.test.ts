import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { beforeAll, describe, expect, test } from 'vitest';
import { createCheckedApp } from './test-worker.ts';
import { PURGE_ACTION } from '../../functions/db/retention.ts';
import { runRetention } from '../../functions/services/retention.ts';
import { addMonths, PURGED_NOTICE } from '../../src/domain/retention.ts';
import css from '../../src/styles/site.css?raw';
import { type Session, signIn } from './office-helpers.ts';
import { count, row } from './db-helpers.ts';
import { APPLICANT, PDF_BYTES, toBase64, validSubmission } from './submission-helpers.ts';

/**
 * The retention job against the real routes and a real local D1 and R2: dossiers are
 * submitted online and taken to their end by officers' forms while a clock moves; then
 * the job runs just before and just after the retention limit and the test checks
 * exactly what went and what stayed, that the statistics did not move, that a second
 * run changes nothing, and that the audit log has the counts and nothing personal.
 */

let clock = new Date('2025-03-03T02:00:00Z');
const app = createCheckedApp({ catalogue, css, now: () => clock });
const call = (path: string, init?: RequestInit) =>
  Promise.resolve(app.request(path, { redirect: 'manual', ...init }, env));
const at = (iso: string) => {
  clock = new Date(iso);
};

let desk: Session;
let leader: Session;

async function submit(withFile: boolean): Promise<{ code: string; secret: string }> {
  const res = await call('/api/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...validSubmission(),
      agency: 'ubnd-xa-thuan-bac',
      ...(withFile
        ? { attachments: [{ document: 0, fileName: 'ban-sao.pdf', data: toBase64(PDF_BYTES) }] }
        : {}),
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { code: string; secret: string };
}

async function act(session: Session, code: string, action: string, extra = {}) {
  const status = await env.DB.prepare('SELECT status FROM dossiers WHERE code = ?1')
    .bind(code)
    .first<number>('status');
  const res = await call(`/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac`, {
    method: 'POST',
    body: new URLSearchParams({
      _csrf: session.csrf,
      action,
      expected: String(status),
      ...extra,
    }),
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.status, `${action} on ${code}`).toBe(303);
}

async function returnResult(code: string) {
  await act(desk, code, 'receive');
  await act(desk, code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
  await act(leader, code, 'process');
  await act(desk, code, 'return-result');
}

async function pageComment(text: string) {
  const answered = await call('/phan-hoi', {
    method: 'POST',
    body: new URLSearchParams({ 'thu-tuc': '2.000635', 'huu-ich': 'khong', website: '' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(answered.status).toBe(303);
  const thanks = await (await call(answered.headers.get('location') as string)).text();
  const ma = /name="ma" value="([^"]+)"/.exec(thanks)?.[1] as string;
  const res = await call('/phan-hoi/gop-y', {
    method: 'POST',
    body: new URLSearchParams({ ma, 'y-kien': text, website: '' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.status).toBe(200);
}

const dossierId = async (code: string) =>
  (await row('SELECT id FROM dossiers WHERE code = ?1', code))?.id as string;

/** Every table the statistics read, and what /api/stats answers, at the current clock. */
async function statistics() {
  const tables: Record<string, unknown[]> = {};
  for (const t of ['stats_agency_month', 'stats_procedure_month', 'stats_commune_month']) {
    tables[t] = (await env.DB.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all()).results;
  }
  const api: unknown[] = [];
  for (const query of [
    'ky=tuy-chon&tu=2025-01&den=2026-12',
    'ky=nam&nam=2025',
    `ky=nam&nam=2025&pham-vi=${encodeURIComponent('xa:Thuận Bắc')}`,
    'ky=nam&nam=2025&pham-vi=thu-tuc:2.000635',
    'ky=nam&nam=2025&pham-vi=co-quan:ubnd-xa-thuan-bac',
  ]) {
    const res = await call(`/api/stats?${query}`);
    expect(res.status, query).toBe(200);
    api.push(await res.json());
  }
  const kept = (
    await env.DB.prepare(
      `SELECT code, procedure_code, agency_slug, desk_slug, channel, status, received_at, due_date,
         statutory_due_date, finished_at, finish_status, timeliness, commune FROM dossiers ORDER BY code`,
    ).all()
  ).results;
  const events = (
    await env.DB.prepare(
      'SELECT dossier_id, status, at, action, agency_slug, working_days FROM status_events ORDER BY id',
    ).all()
  ).results;
  const scores = (
    await env.DB.prepare(
      'SELECT id, dossier_id, satisfaction, c_time, c_attitude, created_at FROM evaluations ORDER BY id',
    ).all()
  ).results;
  return { tables, api, kept, events, scores };
}

/** Runs the job with console.log captured: what it logs must hold no personal data. */
async function run(iso: string) {
  at(iso);
  const logged: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => logged.push(args.map(String).join(' '));
  try {
    const counts = await runRetention(env, clock);
    return { counts, logged: logged.join('\n') };
  } finally {
    console.log = original;
  }
}

const made: Record<'returned' | 'refused' | 'open' | 'later', { code: string; secret: string }> =
  {} as never;
let returnedAt = '';
let refusedAt = '';
let laterReturnedAt = '';
let fileKeys: Record<string, string> = {};

beforeAll(async () => {
  desk = await signIn('tk.luu-tru.tn', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  leader = await signIn('tk.luu-tru.ld', 'leader', ['ubnd-xa-thuan-bac']);

  // Refused at reception in March 2025.
  at('2025-03-03T02:00:00Z');
  made.refused = await submit(false);
  at('2025-03-03T03:00:00Z');
  await act(desk, made.refused.code, 'refuse', { reason: 'Hồ sơ thiếu giấy tờ' });
  refusedAt = clock.toISOString();

  // Returned in March 2025, with an attachment and an evaluation comment.
  at('2025-03-04T02:00:00Z');
  made.returned = await submit(true);
  at('2025-03-05T02:00:00Z');
  await returnResult(made.returned.code);
  returnedAt = clock.toISOString();
  at('2025-03-05T04:00:00Z');
  const rated = await call('/danh-gia', {
    method: 'POST',
    body: new URLSearchParams({
      ma: made.returned.code,
      bm: made.returned.secret,
      muc: '4',
      'tc-time': '2',
      'tc-attitude': '1',
      'y-kien': 'Cán bộ tận tình',
    }),
  });
  expect(rated.status).toBe(303);
  await pageComment('Trang cũ thiếu mẫu tờ khai');

  // Still open: received, never finished.
  at('2025-03-06T02:00:00Z');
  made.open = await submit(true);
  await act(desk, made.open.code, 'receive');

  // Returned half a year later, with an attachment.
  at('2025-09-08T02:00:00Z');
  made.later = await submit(true);
  at('2025-09-09T02:00:00Z');
  await returnResult(made.later.code);
  laterReturnedAt = clock.toISOString();
  await pageComment('Trang mới rõ ràng hơn');

  fileKeys = Object.fromEntries(
    (
      await env.DB.prepare(
        'SELECT d.code, a.storage_key AS key FROM attachments a JOIN dossiers d ON d.id = a.dossier_id',
      ).all<{ code: string; key: string }>()
    ).results.map((r) => [r.code, r.key]),
  );
  for (const key of Object.values(fileKeys)) expect(await env.FILES?.head(key)).not.toBeNull();
}, 60_000);

describe('the retention job', () => {
  test('the data set: four dossiers, three files, personal data everywhere', async () => {
    expect(Object.keys(fileKeys).sort()).toEqual(
      [made.returned.code, made.open.code, made.later.code].sort(),
    );
    expect(await count('SELECT count(*) AS n FROM applicants')).toBe(4);
    expect(await count('SELECT count(*) AS n FROM outbox')).toBeGreaterThan(0);
    expect(
      await count('SELECT count(*) AS n FROM outbox_delivery WHERE params IS NOT NULL'),
    ).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM evaluations WHERE comment IS NOT NULL')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM page_feedback WHERE comment IS NOT NULL')).toBe(
      2,
    );
  });

  test('one minute before the limit nothing is deleted', async () => {
    const when = new Date(addMonths(refusedAt, 24).getTime() - 60_000).toISOString();
    at(when);
    const before = await statistics();
    const { counts } = await run(when);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    expect(await count('SELECT count(*) AS n FROM applicants')).toBe(4);
    expect(await count('SELECT count(*) AS n FROM dossiers WHERE purged_at IS NOT NULL')).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM audit_events WHERE action = '${PURGE_ACTION}'`),
    ).toBe(0);
    expect(await statistics()).toEqual(before);
  });

  test('after the limit: exactly the personal data of the two dossiers closed in March goes', async () => {
    const when = new Date(addMonths(returnedAt, 24).getTime() + 86_400_000).toISOString();
    at(when);
    const before = await statistics();
    const returnedId = await dossierId(made.returned.code);
    const refusedId = await dossierId(made.refused.code);
    const eventsBefore = await count('SELECT count(*) AS n FROM status_events');
    const { counts, logged } = await run(when);

    expect(counts).toEqual({
      dossiers: 2,
      applicants: 2,
      attachments: 1,
      files: 1,
      messages: expect.any(Number),
      evaluationComments: 1,
      feedbackComments: 1,
    });
    expect(counts.messages).toBeGreaterThanOrEqual(3);
    // The delivery rows (with the values a Zalo template is filled with) go with their messages.
    expect(
      await count(
        'SELECT count(*) AS n FROM outbox_delivery WHERE outbox_id NOT IN (SELECT id FROM outbox)',
      ),
    ).toBe(0);

    // Deleted: applicants, attachment rows and R2 object, form data, messages, comments.
    for (const id of [returnedId, refusedId]) {
      expect(await row('SELECT 1 FROM applicants WHERE dossier_id = ?1', id)).toBeNull();
      expect(await count('SELECT count(*) AS n FROM outbox WHERE dossier_id = ?1', id)).toBe(0);
      expect(
        await count('SELECT count(*) AS n FROM idempotency_keys WHERE dossier_id = ?1', id),
      ).toBe(0);
      const d = await row('SELECT form_data, purged_at FROM dossiers WHERE id = ?1', id);
      expect(d).toEqual({ form_data: '{}', purged_at: clock.toISOString() });
    }
    expect(
      await count('SELECT count(*) AS n FROM attachments WHERE dossier_id = ?1', returnedId),
    ).toBe(0);
    expect(await env.FILES?.head(fileKeys[made.returned.code] as string)).toBeNull();
    expect(
      await row(
        'SELECT comment, satisfaction, c_time, c_attitude FROM evaluations WHERE dossier_id = ?1',
        returnedId,
      ),
    ).toEqual({ comment: null, satisfaction: 4, c_time: 2, c_attitude: 1 });
    expect(
      (
        await env.DB.prepare('SELECT comment FROM page_feedback ORDER BY created_at').all<{
          comment: string | null;
        }>()
      ).results.map((r) => r.comment),
    ).toEqual([null, 'Trang mới rõ ràng hơn']);

    // Kept: the open dossier and the one closed later, whole, files included.
    for (const key of ['open', 'later'] as const) {
      const id = await dossierId(made[key].code);
      expect(
        await row('SELECT full_name, phone FROM applicants WHERE dossier_id = ?1', id),
      ).toEqual({
        full_name: APPLICANT.fullName,
        phone: APPLICANT.phone.replace(/\s/g, ''),
      });
      expect(await count('SELECT count(*) AS n FROM attachments WHERE dossier_id = ?1', id)).toBe(
        1,
      );
      expect(await env.FILES?.head(fileKeys[made[key].code] as string)).not.toBeNull();
      expect(await row('SELECT purged_at FROM dossiers WHERE id = ?1', id)).toEqual({
        purged_at: null,
      });
    }

    // Kept: everything the statistics need, and the statistics themselves.
    expect(await count('SELECT count(*) AS n FROM status_events')).toBe(eventsBefore);
    expect(await statistics()).toEqual(before);

    // The audit log has the counts, the Worker log too, neither has personal data.
    const audits = (
      await env.DB.prepare(
        `SELECT actor, action, target, detail, at FROM audit_events WHERE action = '${PURGE_ACTION}' ORDER BY id`,
      ).all<{ actor: string; action: string; target: string | null; detail: string; at: string }>()
    ).results;
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ actor: 'system', target: null, at: clock.toISOString() });
    expect(audits[0]?.detail).toMatch(
      /^hồ sơ 2; người nộp 2; tệp đính kèm 1; tệp trong kho R2 1; tin nhắn \d+; ý kiến đánh giá 1; góp ý trang 0$/,
    );
    expect(audits[1]?.detail).toBe(
      'hồ sơ 0; người nộp 0; tệp đính kèm 0; tệp trong kho R2 0; tin nhắn 0; ý kiến đánh giá 0; góp ý trang 1',
    );
    for (const text of [JSON.stringify(audits), logged]) {
      for (const personal of [
        APPLICANT.fullName,
        APPLICANT.idNumber,
        APPLICANT.phone.replace(/\s/g, ''),
        APPLICANT.email,
        'Cán bộ tận tình',
        made.returned.code,
      ])
        expect(text).not.toContain(personal);
    }
    expect(logged).toContain('hồ sơ 2; người nộp 2');
  });

  test('a second run changes nothing and writes no audit entry', async () => {
    const snapshot = async () => ({
      stats: await statistics(),
      applicants: (await env.DB.prepare('SELECT * FROM applicants ORDER BY dossier_id').all())
        .results,
      attachments: (await env.DB.prepare('SELECT * FROM attachments ORDER BY id').all()).results,
      dossiers: (await env.DB.prepare('SELECT * FROM dossiers ORDER BY id').all()).results,
      audit: await count('SELECT count(*) AS n FROM audit_events'),
    });
    const before = await snapshot();
    const { counts } = await run(clock.toISOString());
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  test("the citizen's lookup says the data was deleted, the status stays", async () => {
    const { code, secret } = made.returned;
    const page = await call(`/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(PURGED_NOTICE);
    expect(html).toContain('Đã trả kết quả');
    expect(html).not.toContain('N. T. L.');
    const api = await call(`/api/submissions/${encodeURIComponent(code)}`, {
      headers: { 'x-lookup-secret': secret },
    });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { status: { code: number }; applicant: string };
    expect(body.status.code).toBe(10);
    expect(body.applicant).toBe('(đã ẩn)');
    // A dossier still kept shows no such notice.
    const kept = await call(
      `/tra-cuu?ma=${encodeURIComponent(made.later.code)}&bm=${made.later.secret}`,
    );
    expect(await kept.text()).not.toContain(PURGED_NOTICE);
  });

  test("officers' pages do not fail on a purged dossier", async () => {
    const path = `/can-bo/ho-so/${encodeURIComponent(made.returned.code)}`;
    const page = await call(path, { headers: { cookie: desk.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(PURGED_NOTICE);
    expect(html).toContain('Tệp đính kèm đã được xóa theo quy định lưu trữ.');
    expect(html).not.toContain(APPLICANT.fullName);
    expect(html).not.toContain(APPLICANT.idNumber);
    for (const form of ['01', '03', '05']) {
      const code = form === '03' ? made.refused.code : made.returned.code;
      const printed = await call(`/can-bo/ho-so/${encodeURIComponent(code)}/mau/${form}`, {
        headers: { cookie: desk.cookie },
      });
      expect(printed.status, `mẫu ${form}`).toBe(200);
    }
    for (const list of ['/can-bo?tab=ket-thuc', '/api/can-bo/ho-so?tab=ket-thuc']) {
      const res = await call(list, { headers: { cookie: desk.cookie } });
      expect(res.status, list).toBe(200);
      expect(await res.text()).toContain(made.returned.code);
    }
    const book = await call('/can-bo/so-theo-doi?tu=2025-03-01&den=2025-03-31', {
      headers: { cookie: desk.cookie },
    });
    expect(book.status).toBe(200);
    const file = await call(`${path}/tep/khong-con`, { headers: { cookie: desk.cookie } });
    expect(file.status).toBe(404);
  });

  test('the dossier closed later goes when its own limit passes', async () => {
    const { counts } = await run(
      new Date(addMonths(laterReturnedAt, 24).getTime() + 3_600_000).toISOString(),
    );
    expect(counts).toMatchObject({ dossiers: 1, applicants: 1, attachments: 1, files: 1 });
    expect(await env.FILES?.head(fileKeys[made.later.code] as string)).toBeNull();
    // The open dossier is never purged, however old.
    await run('2035-01-01T00:00:00Z');
    const open = await dossierId(made.open.code);
    expect(await count('SELECT count(*) AS n FROM applicants WHERE dossier_id = ?1', open)).toBe(1);
    expect(await env.FILES?.head(fileKeys[made.open.code] as string)).not.toBeNull();
  });
});
