import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { app } from './test-worker.ts';
import { act, as, onlineDossier, postForm, type Session, signIn } from './office-helpers.ts';
import { expectErrorSummary } from './error-summary.ts';
import { APPLICANT } from './submission-helpers.ts';

/**
 * Stopping a dossier at the applicant's request (issue 15 part 4, the 2025 set): asked online
 * from the lookup page with the code, the secret and the applicant's identity number, decided
 * by the receiving desk, which stops it with the stop notice (form 05) and a message, or
 * refuses with a reason when a decision exists.
 */

let desk: Session;
let specialist: Session;
let leader: Session;

beforeAll(async () => {
  desk = await signIn('tn.dung', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  specialist = await signIn('cv.dung', 'specialist', ['ubnd-xa-thuan-bac']);
  leader = await signIn('ld.dung', 'leader', ['ubnd-xa-thuan-bac']);
});

/** Each request from its own address, so the lookup limit never decides a test. */
const client = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;

const lookup = async (code: string, secret: string) =>
  (
    await app.request(
      `/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`,
      { headers: { 'cf-connecting-ip': client() } },
      env,
    )
  ).text();

const askToStop = (fields: Record<string, string>) =>
  app.request(
    '/tra-cuu/dung-giai-quyet',
    {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'cf-connecting-ip': client(),
      },
    },
    env,
  );

async function decide(session: Session, code: string, fields: Record<string, string>) {
  const status = await statusOf(code);
  return postForm(session, `/can-bo/ho-so/${encodeURIComponent(code)}/yeu-cau-dung`, {
    expected: String(status),
    ...fields,
  });
}

const statusOf = (code: string) =>
  env.DB.prepare('SELECT status FROM dossiers WHERE code = ?1').bind(code).first<number>('status');

const requestsOf = (code: string) =>
  env.DB.prepare(
    `SELECT r.state, r.reason, r.refusal_reason AS refusal FROM stop_requests r
     JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = ?1 ORDER BY r.id`,
  )
    .bind(code)
    .all<{ state: string; reason: string; refusal: string | null }>()
    .then((r) => r.results);

/** A received online dossier (status 2) of the 2025 set. */
async function received() {
  const dossier = await onlineDossier();
  expect((await act(desk, dossier.code, 'receive')).status).toBe(303);
  return dossier;
}

const REASON = 'Gia đình đã tự làm được giấy tờ khác, không cần trích lục nữa';

describe('the applicant asks online to stop', () => {
  test('the lookup page offers the request; code, secret and the right ID number record it', async () => {
    const { code, secret } = await received();
    const page = await lookup(code, secret);
    expect(page).toContain('Yêu cầu dừng giải quyết hồ sơ');
    expect(page).toMatch(/<form method="post" action="\/tra-cuu\/dung-giai-quyet"/);
    expect(page).toContain('name="so-dinh-danh"');

    const res = await askToStop({
      ma: code,
      bm: secret,
      'ly-do': REASON,
      'so-dinh-danh': APPLICANT.idNumber,
    });
    expect(res.status).toBe(200);
    const sent = await res.text();
    expect(sent).toContain('Đã gửi yêu cầu dừng giải quyết hồ sơ');
    expect(sent).toMatch(/Trung tâm[^<]*sẽ kiểm tra và thông báo/);
    // The ID number is never shown back.
    expect(sent).not.toContain(APPLICANT.idNumber);
    expect(await requestsOf(code)).toEqual([{ state: 'pending', reason: REASON, refusal: null }]);
    // Still open: the request waits for the desk; the page says so instead of offering the form.
    expect(await statusOf(code)).toBe(2);
    const after = await lookup(code, secret);
    expect(after).toMatch(/đã gửi yêu cầu dừng giải quyết hồ sơ ngày \d{2}\/\d{2}\/\d{4}/);
    expect(after).not.toContain('name="so-dinh-danh"');
  });

  test('a wrong ID number is refused and says only that', async () => {
    const { code, secret } = await received();
    const res = await askToStop({
      ma: code,
      bm: secret,
      'ly-do': REASON,
      'so-dinh-danh': '079099000111',
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(expectErrorSummary(page, { inline: true }).messages[0]).toContain(
      'Số định danh cá nhân không khớp với người nộp hồ sơ này',
    );
    // Neither the number typed nor the stored one appears; the reason is kept.
    expect(page).not.toContain('079099000111');
    expect(page).not.toContain(APPLICANT.idNumber);
    expect(page).toContain(REASON);
    expect(await requestsOf(code)).toEqual([]);
  });

  test('the secret alone is not enough, and a wrong secret tells nothing', async () => {
    const { code, secret } = await received();
    const noId = await askToStop({ ma: code, bm: secret, 'ly-do': REASON });
    expect(noId.status).toBe(422);
    const page = await noId.text();
    const summary = expectErrorSummary(page, { inline: true });
    expect(summary.targets).toEqual(['f_so-dinh-danh']);
    expect(summary.messages).toEqual(['Cần nhập số định danh cá nhân của người nộp hồ sơ']);

    const wrongSecret = await askToStop({
      ma: code,
      bm: 'ABCD-EFGH-JKMN',
      'ly-do': REASON,
      'so-dinh-danh': APPLICANT.idNumber,
    });
    expect(wrongSecret.status).toBe(404);
    expect(await wrongSecret.text()).toContain('Không tìm thấy hồ sơ');
    expect(await requestsOf(code)).toEqual([]);
  });
});

describe('the receiving desk decides', () => {
  test('only the receiving desk sees the request, in its queue and on the dossier page', async () => {
    const { code, secret } = await received();
    await askToStop({ ma: code, bm: secret, 'ly-do': REASON, 'so-dinh-danh': APPLICANT.idNumber });

    const queue = await (await as(desk, '/can-bo?tab=yeu-cau-dung')).text();
    expect(queue).toContain(code);
    const page = await (await as(desk, `/can-bo/ho-so/${code}`)).text();
    expect(page).toContain('Người nộp yêu cầu dừng giải quyết hồ sơ');
    expect(page).toContain(REASON);
    expect(page).toContain('Dừng giải quyết theo yêu cầu');

    // The deciding agency sees the dossier, not the request, and cannot decide it.
    for (const officer of [specialist, leader]) {
      const theirQueue = await (await as(officer, '/can-bo?tab=yeu-cau-dung')).text();
      expect(theirQueue).not.toContain(code);
      const theirPage = await (await as(officer, `/can-bo/ho-so/${code}`)).text();
      expect(theirPage).not.toContain('Người nộp yêu cầu dừng giải quyết hồ sơ');
    }
    expect((await decide(leader, code, { 'quyet-dinh': 'dung' })).status).toBe(403);
    expect(await statusOf(code)).toBe(2);
  });

  test('confirming stops the dossier, issues form 05 and queues the message', async () => {
    const { code, secret } = await received();
    await askToStop({ ma: code, bm: secret, 'ly-do': REASON, 'so-dinh-danh': APPLICANT.idNumber });
    const res = await decide(desk, code, { 'quyet-dinh': 'dung' });
    expect(res.status).toBe(303);
    expect(await statusOf(code)).toBe(8);
    expect((await requestsOf(code))[0]?.state).toBe('confirmed');

    const notice = await as(desk, `/can-bo/ho-so/${code}/mau/05`);
    expect(notice.status).toBe(200);
    const printed = await notice.text();
    expect(printed).toContain('Thông báo dừng giải quyết hồ sơ');
    expect(printed).toContain(REASON);

    const outbox = await env.DB.prepare(
      `SELECT o.kind, o.body FROM outbox o JOIN dossiers d ON d.id = o.dossier_id
       WHERE d.code = ?1 AND o.kind = 'stopped'`,
    )
      .bind(code)
      .first<{ kind: string; body: string }>();
    expect(outbox?.body).toContain('đã dừng giải quyết');

    const citizen = await lookup(code, secret);
    expect(citizen).toContain('Dừng xử lý');
    expect(citizen).toContain(REASON);
    expect(citizen).not.toContain('name="so-dinh-danh"');
  });

  test('at the desk the receptionist records the stop directly; the 2025 set gives it no longer to the leader', async () => {
    const { code } = await received();
    expect((await act(leader, code, 'stop', { reason: REASON })).status).toBe(403);
    expect((await act(desk, code, 'stop', { reason: REASON })).status).toBe(303);
    expect(await statusOf(code)).toBe(8);
    expect((await as(desk, `/can-bo/ho-so/${code}/mau/05`)).status).toBe(200);
  });
});

describe('a dossier with a decision cannot be stopped', () => {
  async function decided() {
    const dossier = await received();
    expect((await act(desk, dossier.code, 'assign', { agency: 'ubnd-xa-thuan-bac' })).status).toBe(
      303,
    );
    return dossier;
  }

  test('after the decision (status 9 and 10) the online request is not offered or accepted', async () => {
    const { code, secret } = await decided();
    expect((await act(leader, code, 'process')).status).toBe(303);
    expect(await lookup(code, secret)).not.toContain('name="so-dinh-danh"');
    const asked = await askToStop({
      ma: code,
      bm: secret,
      'ly-do': REASON,
      'so-dinh-danh': APPLICANT.idNumber,
    });
    expect(asked.status).toBe(409);
    expect(await asked.text()).toContain('không thể yêu cầu dừng giải quyết');
    expect((await act(desk, code, 'return-result')).status).toBe(303);
    const late = await askToStop({
      ma: code,
      bm: secret,
      'ly-do': REASON,
      'so-dinh-danh': APPLICANT.idNumber,
    });
    expect(late.status).toBe(409);
    expect(await requestsOf(code)).toEqual([]);
  });

  test('a request overtaken by the decision cannot be confirmed; the desk refuses it with the reason', async () => {
    const { code, secret } = await decided();
    await askToStop({ ma: code, bm: secret, 'ly-do': REASON, 'so-dinh-danh': APPLICANT.idNumber });
    expect((await act(leader, code, 'process')).status).toBe(303);

    const page = await (await as(desk, `/can-bo/ho-so/${code}`)).text();
    expect(page).toContain('không dừng được nữa');
    expect(page).not.toContain('Dừng giải quyết theo yêu cầu');
    const confirm = await decide(desk, code, { 'quyet-dinh': 'dung' });
    expect(confirm.status).toBe(422);
    expect(await statusOf(code)).toBe(9);

    const noReason = await decide(desk, code, { 'quyet-dinh': 'khong-dung' });
    expect(noReason.status).toBe(422);
    const refuse = await decide(desk, code, {
      'quyet-dinh': 'khong-dung',
      'ly-do-khong-dung': 'Hồ sơ đã có kết quả giải quyết',
    });
    expect(refuse.status).toBe(303);
    expect(await requestsOf(code)).toEqual([
      { state: 'refused', reason: REASON, refusal: 'Hồ sơ đã có kết quả giải quyết' },
    ]);
    // The applicant is told, with the desk's reason.
    const told = await env.DB.prepare(
      `SELECT o.subject, o.body FROM outbox o JOIN dossiers d ON d.id = o.dossier_id
       WHERE d.code = ?1 AND o.kind = 'stop-refused'`,
    )
      .bind(code)
      .first<{ subject: string; body: string }>();
    expect(told?.subject).toBe(`Yêu cầu dừng giải quyết hồ sơ ${code} không được chấp nhận`);
    expect(told?.body).toContain('Lý do: Hồ sơ đã có kết quả giải quyết.');
    const citizen = await lookup(code, secret);
    expect(citizen).toContain('Đã xử lý xong');
    expect(citizen).toMatch(
      /Yêu cầu dừng giải quyết ngày \d{2}\/\d{2}\/\d{4} không được chấp nhận\. Lý do: Hồ sơ đã có kết quả giải quyết/,
    );
    expect(citizen).not.toContain('name="so-dinh-danh"');
  });
});
