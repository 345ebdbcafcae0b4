import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { afterEach, beforeAll, beforeEach, describe, expect, inject, test, vi } from 'vitest';
import { NOTIFY_QUEUE, notifyConsumer } from '../../functions/services/notify/consumer.ts';
import { sendersFor } from '../../functions/services/notify/senders.ts';
import { dispatchOutbox } from '../../functions/services/outbox.ts';
import { addressKind, DELIVERY_INSERT } from '../../functions/db/outbox.ts';
import type { NotificationTemplates } from '../../src/schemas/notifications.ts';
import type { Received, ScriptedAnswer } from '../contract/notify-providers.ts';
import { newDossier, stored } from './db-helpers.ts';
import { act, as, postForm, receiveAtCounter, type Session, signIn } from './office-helpers.ts';
import { app } from './test-worker.ts';
import {
  APPLICANT,
  ONLINE,
  onlineFormValues,
  receiptCode,
  validSubmission,
} from './submission-helpers.ts';
import { EMAIL_FOR_NOTICES } from '../../src/schemas/submission.ts';

/**
 * Messages to citizens through the providers' documented APIs (docs/adr/0019-notifications.md):
 * the Worker's queue consumer sends to the local contract servers
 * (tests/contract/notify-providers.ts), which check every request and answer with scripted
 * temporary, permanent and technical failures. No real provider is called.
 */

const base = inject('notifyContractUrl');
const NOW = new Date('2026-12-05T03:00:00Z');

/** Every provider configured, pointing at the contract servers; no queue (the consumer is called). */
const configured = (extra: Record<string, string> = {}) => ({
  ...env,
  NOTIFY: undefined,
  ZNS_API_URL: base,
  ZNS_ACCESS_TOKEN: 'zns-oa-token-for-tests',
  ESMS_API_URL: base,
  ESMS_API_KEY: 'esms-key',
  ESMS_SECRET_KEY: 'esms-secret',
  ESMS_BRANDNAME: 'MOTCUA',
  EMAIL_API_URL: base,
  EMAIL_API_KEY: 'mailchannels-key',
  EMAIL_FROM: 'khong-tra-loi@motcua.example.vn',
  ...extra,
});

/** As if the adopter had a template approved for "received" (the demo content has none yet). */
const APPROVED: NotificationTemplates = {
  zalo: {
    templates: { received: { id: '412345', data: { ma_ho_so: 'code', ngay_hen: 'dueDate' } } },
  },
  pending: [],
};
const deliver = notifyConsumer({ notifications: APPROVED, site: catalogue.site });

async function script(provider: 'zns' | 'esms' | 'email', answers: ScriptedAnswer[]) {
  await fetch(`${base}/__script/${provider}`, { method: 'POST', body: JSON.stringify(answers) });
}
const received = async () => (await (await fetch(`${base}/__log`)).json()) as Received[];

let dossier: { id: string; code: string };
// Rows get ids far from other files' (their queue messages may still arrive; see the ADR).
let nextId = 50_000;

/**
 * A message as an officer's step writes it (the outbox row, then its delivery row with the
 * same SQL as functions/db/office.ts); `bare`: an outbox row alone, as older rows are.
 */
async function message(
  channel: 'zalo' | 'sms' | 'email',
  recipient: string,
  attempts = 0,
  bare = false,
) {
  const id = nextId++;
  const params = JSON.stringify({
    code: dossier.code,
    procedure: 'Cấp bản sao trích lục hộ tịch',
    dueDate: 'Thứ Sáu, 05/06/2025',
  });
  const outbox = env.DB.prepare(
    `INSERT INTO outbox (id, dossier_id, kind, channel, recipient, subject, body, created_at, attempts)
     SELECT ?1, ?2, 'received', ?3, ?4, ?5, ?6, '2026-12-05T10:00:00+07:00', ?7`,
  ).bind(
    id,
    dossier.id,
    addressKind(channel),
    recipient,
    `Đã tiếp nhận hồ sơ ${dossier.code}`,
    `Hồ sơ ${dossier.code} (Cấp bản sao trích lục hộ tịch) đã được tiếp nhận. Ngày hẹn trả kết quả: Thứ Sáu, 05/06/2025.`,
    attempts,
  );
  await env.DB.batch(
    bare ? [outbox] : [outbox, env.DB.prepare(DELIVERY_INSERT).bind(channel, params)],
  );
  return id;
}

async function consume(ids: number[], e: object = configured()) {
  const batch = createMessageBatch(
    NOTIFY_QUEUE,
    ids.map((id) => ({ id: `job-${id}`, timestamp: NOW, attempts: 1, body: { id } })),
  );
  // The delay each retry asks for (getQueueResult reports which messages, not the delay).
  const delays: Record<string, number | undefined> = {};
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    m.retry = (options?: QueueRetryOptions) => {
      delays[m.id] = options?.delaySeconds;
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await deliver(batch as MessageBatch<{ id: number }>, e as never, () => NOW);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

const row = (id: number) =>
  env.DB.prepare(
    `SELECT d.state, d.failure, d.reason, o.attempts, d.next_attempt_at AS nextAttemptAt
     FROM outbox o JOIN outbox_delivery d ON d.outbox_id = o.id WHERE o.id = ?1`,
  )
    .bind(id)
    .first<{
      state: string;
      failure: string | null;
      reason: string | null;
      attempts: number;
      nextAttemptAt: string | null;
    }>();

let leader: Session;
let admin: Session;

beforeAll(async () => {
  dossier = await stored(newDossier('notify-agency'));
  leader = await signIn('ld.thongbao', 'leader', ['notify-agency']);
  admin = await signIn('qt.thongbao', 'admin', []);
});
beforeEach(async () => {
  await fetch(`${base}/__reset`, { method: 'POST' });
});
afterEach(async () => {
  // Whatever a test sent, it sent in the provider's documented shape.
  expect((await received()).filter((r) => r.violation)).toEqual([]);
});

describe('each channel through its provider', () => {
  test('Zalo, SMS and email go out in the documented shapes and are marked sent', async () => {
    const zalo = await message('zalo', '0912345678');
    const sms = await message('sms', '0912345678');
    const email = await message('email', 'lan@example.vn');
    const result = await consume([zalo, sms, email]);
    expect(result.explicitAcks.sort()).toEqual(
      [`job-${zalo}`, `job-${sms}`, `job-${email}`].sort(),
    );
    for (const id of [zalo, sms, email]) expect((await row(id))?.state).toBe('sent');

    const [zns, esms, mail] = await received();
    expect(zns?.provider).toBe('zns');
    expect(zns?.headers.access_token).toBe('zns-oa-token-for-tests');
    expect(zns?.body).toEqual({
      phone: '84912345678',
      template_id: '412345',
      template_data: { ma_ho_so: dossier.code, ngay_hen: 'Thứ Sáu, 05/06/2025' },
      tracking_id: `mot-cua-${zalo}`,
    });
    expect(esms?.body).toMatchObject({
      Phone: '0912345678',
      Brandname: 'MOTCUA',
      IsUnicode: '1',
      SmsType: '2',
    });
    expect((esms?.body as { Content?: string } | undefined)?.Content).toContain(
      'đã được tiếp nhận',
    );
    expect(mail?.body).toMatchObject({
      personalizations: [{ to: [{ email: 'lan@example.vn' }] }],
      subject: `Đã tiếp nhận hồ sơ ${dossier.code}`,
    });
  });

  test('a gateway that takes unaccented text only gets the message without diacritics (GSM-7)', async () => {
    const id = await message('sms', '0912345678');
    await consume([id], configured({ SMS_UNACCENTED: 'true' }));
    const [esms] = await received();
    expect(esms?.body).toMatchObject({ IsUnicode: '0' });
    expect((esms?.body as { Content?: string } | undefined)?.Content).toContain(
      'da duoc tiep nhan. Ngay hen tra ket qua: Thu Sau',
    );
  });
});

describe('failures', () => {
  test('a temporary failure goes back on the queue with a delay, then the message goes out', async () => {
    await script('esms', [{ status: 503 }]);
    const id = await message('sms', '0912345678');
    const first = await consume([id]);
    expect(first.retryMessages).toEqual([{ msgId: `job-${id}` }]);
    expect(first.delays).toEqual({ [`job-${id}`]: 60 });
    expect(await row(id)).toMatchObject({
      state: 'retrying',
      failure: 'temporary',
      reason: 'http-503',
      attempts: 1,
      nextAttemptAt: '2026-12-05T03:01:00.000Z',
    });

    const second = await consume([id]);
    expect(second.explicitAcks).toEqual([`job-${id}`]);
    expect((await row(id))?.state).toBe('sent');
    // The same RequestId both times: the gateway refuses a duplicate if the first went through.
    const ids = (await received()).map((r) => (r.body as { RequestId: string }).RequestId);
    expect(ids).toEqual([`mot-cua-${id}`, `mot-cua-${id}`]);
  });

  test('an unreachable provider is temporary; a message that keeps failing is given up', async () => {
    const unreachable = await message('email', 'lan@example.vn');
    // Nothing listens on port 1: the connection is refused.
    const refused = await consume(
      [unreachable],
      configured({ EMAIL_API_URL: 'http://127.0.0.1:1' }),
    );
    expect(refused.retryMessages).toHaveLength(1);
    expect(await row(unreachable)).toMatchObject({ state: 'retrying', reason: 'network' });

    await script('email', [{ status: 429 }]);
    const tired = await message('email', 'lan@example.vn', 5);
    expect((await consume([tired])).explicitAcks).toEqual([`job-${tired}`]);
    expect(await row(tired)).toMatchObject({
      state: 'failed',
      failure: 'temporary',
      reason: 'too-many-attempts',
    });
  });

  test('a permanent failure stops and shows on the dossier, without the text or the number', async () => {
    await script('zns', [{ status: 200, json: { error: -108, message: 'Phone number invalid' } }]);
    const id = await message('zalo', '0912345678');
    expect((await consume([id])).explicitAcks).toEqual([`job-${id}`]);
    expect(await row(id)).toMatchObject({
      state: 'failed',
      failure: 'permanent',
      reason: 'zns-108',
    });
    expect(await env.DB.prepare('SELECT count(*) AS n FROM notify_alerts').first<number>('n')).toBe(
      0,
    );

    const page = await (
      await as(leader, `/can-bo/ho-so/${encodeURIComponent(dossier.code)}`)
    ).text();
    expect(page).toContain('Tin nhắn gửi người dân');
    expect(page).toContain('Không gửi được: người nhận không nhận được tin (mã zns-108)');
    expect(page).toContain('hãy liên hệ người nộp bằng cách khác');
    expect(page).not.toContain('đã được tiếp nhận. Ngày hẹn');
  });

  test('a technical failure raises the alert on the dashboard; once fixed, the messages go again', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await script('esms', [
      { status: 200, json: { CodeResult: '101', ErrorMessage: 'ApiKey/SecretKey không đúng' } },
    ]);
    const id = await message('sms', '0912345678');
    expect((await consume([id])).explicitAcks).toEqual([`job-${id}`]);
    expect(await row(id)).toMatchObject({
      state: 'failed',
      failure: 'technical',
      reason: 'esms101',
    });
    const lines = logged.mock.calls.map((c) => String(c[0]));
    logged.mockRestore();
    expect(lines.some((l) => l.includes('kênh sms: lỗi kỹ thuật esms101'))).toBe(true);
    expect(lines.join('\n')).not.toContain('0912345678');

    const dashboard = await (await as(leader, '/can-bo')).text();
    expect(dashboard).toContain('Tin nhắn cho người dân đang không gửi được');
    expect(dashboard).toContain(
      'Tin nhắn SMS: lỗi cấu hình hoặc tài khoản nhà cung cấp (mã esms101), 1 tin',
    );
    expect(dashboard).not.toContain('Đã sửa cấu hình, gửi lại'); // only an administrator clears it

    const cleared = await postForm(admin, '/can-bo/tin-nhan/sua-xong', { kenh: 'sms' });
    expect(cleared.status).toBe(303);
    expect(await (await as(leader, '/can-bo')).text()).not.toContain('đang không gửi được');
    expect((await row(id))?.state).not.toBe('failed');
    expect((await postForm(admin, '/can-bo/tin-nhan/sua-xong', { kenh: 'fax' })).status).toBe(422);
  });

  test('a channel left unconfigured where others are configured fails as technical, never "sent"', async () => {
    const id = await message('zalo', '0912345678');
    await consume([id], configured({ ZNS_ACCESS_TOKEN: '' }));
    expect(await row(id)).toMatchObject({
      state: 'failed',
      failure: 'technical',
      reason: 'not-configured',
    });
    await env.DB.prepare('DELETE FROM notify_alerts').run();
  });
});

describe('hand-over to the queue', () => {
  test('new messages are enqueued once; a hand-over lost for hours is made again', async () => {
    // A row without a delivery row (written before migration 0022, or by other code) is taken too.
    const id = await message('email', 'lan@example.vn', 0, true);
    const senders = sendersFor(env, null, 'Một Cửa');
    expect(await dispatchOutbox(env, senders, NOW)).toBeGreaterThanOrEqual(1);
    const enqueued = await env.DB.prepare(
      'SELECT enqueued_at FROM outbox_delivery WHERE outbox_id = ?1',
    )
      .bind(id)
      .first<string>('enqueued_at');
    expect(enqueued).toBe(NOW.toISOString());
    expect(await dispatchOutbox(env, senders, NOW)).toBe(0);
    const later = new Date(NOW.getTime() + 3 * 60 * 60 * 1000);
    await env.DB.prepare("UPDATE outbox_delivery SET state = 'pending' WHERE outbox_id = ?1")
      .bind(id)
      .run();
    expect(await dispatchOutbox(env, senders, later)).toBeGreaterThanOrEqual(1);
  });

  test('without a queue binding, delivery runs inline with the same outcomes, each message once', async () => {
    await script('esms', [{ status: 200, json: { CodeResult: '108' } }]);
    const id = await message('sms', '0912345678');
    const e = configured();
    const senders = sendersFor(e, APPROVED, 'Một Cửa');
    // Two officers' steps dispatching at the same moment claim disjoint messages.
    await Promise.all([dispatchOutbox(e, senders, NOW), dispatchOutbox(e, senders, NOW)]);
    const requests = (await received()).filter((r) => r.provider === 'esms');
    expect(requests.map((r) => (r.body as { RequestId: string }).RequestId)).toEqual([
      `mot-cua-${id}`,
    ]);
    expect(await row(id)).toMatchObject({
      state: 'failed',
      failure: 'permanent',
      reason: 'esms108',
    });
  });
});

describe('the citizen’s choice', () => {
  test('an officer’s step writes the message for the chosen channel, listed on the dossier', async () => {
    const d = await stored(
      newDossier('notify-agency', {
        applicant: { ...newDossier('x').applicant, email: 'lan@example.vn' },
      }),
    );
    await env.DB.prepare("UPDATE applicants SET notify_channel = 'sms' WHERE dossier_id = ?1")
      .bind(d.id)
      .run();
    await env.DB.prepare('UPDATE dossiers SET status = 4 WHERE id = ?1').bind(d.id).run();
    const res = await act(leader, d.code, 'process');
    expect(res.status).toBe(303);
    const out = await env.DB.prepare(
      `SELECT d.via AS channel, o.recipient, d.params
       FROM outbox o JOIN outbox_delivery d ON d.outbox_id = o.id WHERE o.dossier_id = ?1`,
    )
      .bind(d.id)
      .first<{ channel: string; recipient: string; params: string }>();
    expect(out).toMatchObject({ channel: 'sms', recipient: '0912345678' });
    expect(JSON.parse(out?.params ?? '{}')).toMatchObject({ code: d.code });
    const page = await (await as(leader, `/can-bo/ho-so/${encodeURIComponent(d.code)}`)).text();
    expect(page).toMatch(/<td>Đã có kết quả<\/td><td>Tin nhắn SMS<\/td>/);
    expect(page).toContain('<dt>Nhận thông báo qua</dt><dd>Tin nhắn SMS</dd>');
  });
});

describe('choosing the channel', () => {
  const path = `/nop-ho-so/${ONLINE.slug}/`;
  const channelOf = (code: string) =>
    env.DB.prepare(
      'SELECT a.notify_channel FROM applicants a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = ?1',
    )
      .bind(code)
      .first<string | null>('notify_channel');
  const post = (values: Record<string, string>, bindings: Record<string, string> = {}) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(onlineFormValues(ONLINE, values))) data.set(k, v);
    return Promise.resolve(
      app.request(path, { method: 'POST', body: data }, { ...env, ...bindings }),
    );
  };

  test('the online form offers the configured channels, Zalo only once a template is approved', async () => {
    const page = await (await app.request(path, {}, env)).text();
    expect(page).toContain('<legend>Nhận thông báo về hồ sơ qua');
    expect(page).toContain('name="nhan-tin" value="sms"');
    expect(page).toContain('name="nhan-tin" value="email"');
    expect(page).not.toContain('value="zalo"');
    const withZalo = await (
      await app.request(path, {}, { ...env, NOTIFY_CHANNELS: 'zalo,sms,email' })
    ).text();
    expect(withZalo).not.toContain('value="zalo"'); // the demo content has no approved template
  });

  test('without JavaScript: the choice is kept, and email chosen without an address is refused in Vietnamese', async () => {
    const refused = await post({ 'nhan-tin': 'email', email: '' });
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain(EMAIL_FOR_NOTICES);
    expect(page).toMatch(/name="nhan-tin" value="email" checked/);

    const accepted = await post({ 'nhan-tin': 'sms' });
    expect(accepted.status).toBe(201);
    expect(await channelOf(receiptCode(await accepted.text()) ?? '')).toBe('sms');
  });

  test('the API and the counter store the choice; no choice keeps the old rule', async () => {
    const submitAs = (notifyChannel: string) =>
      app.request(
        '/api/submissions',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            ...validSubmission(),
            applicant: { ...APPLICANT, notifyChannel },
          }),
        },
        env,
      );
    const res = await submitAs('email');
    expect(res.status).toBe(201);
    expect(await channelOf(((await res.json()) as { code: string }).code)).toBe('email');

    const wrong = await submitAs('fax');
    expect(wrong.status).toBe(422);
    expect(JSON.stringify(await wrong.json())).toContain('applicant.notifyChannel');

    const desk = await signIn('tn.thongbao', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
    const counter = await receiveAtCounter(desk, ONLINE.slug, { 'nhan-tin': 'sms' });
    expect(counter.status).toBe(201);
    expect(await channelOf(counter.code)).toBe('sms');
    const none = await receiveAtCounter(desk, ONLINE.slug, {});
    expect(await channelOf(none.code)).toBeNull();
  });
});
