import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  enqueueSendable,
  handleSyncBatch,
  SYNC_DLQ,
  SYNC_QUEUE,
} from '../../functions/services/dvcqg-sync.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { SYNC_MAX_RETRIES } from '../../src/domain/interop/dvcqg.ts';
import type { ContractState, Fault } from '../contract/dvcqg-server.ts';
import { actDone, as, postForm, type Session, signIn, useRequestEnv } from './office-helpers.ts';
import { APPLICANT, ONLINE, validFields } from './submission-helpers.ts';
import { app } from './test-worker.ts';

/**
 * The exchange with the national portal (ADR 0017) against the local contract server
 * (tests/contract/dvcqg-server.ts): dossiers filed on DVCQG arrive in the commune centre's
 * queue with DVCQG's code; their status changes go back in order, exactly once, through
 * outages, timeouts, duplicate deliveries and the dead-letter queue.
 */

const index = indexCatalogue(catalogue);
const AGENCY_CODE = '000.00.10.H32'; // ubnd-xa-thuan-bac, whose desk is ttpvhcc-xa-thuan-bac

// The queue as the Worker's producer sees it in most tests: recorded, then delivered by
// `runQueue` with the real consumer, the Queues semantics (ack, retry with delay, dead letter
// after max_retries) and a simulated clock, so a day-long outage takes no real day.
let sent: { id: number }[] = [];
/** When set, the next sends fail as a queue outage would. */
let queueDown = false;
const recordedQueue = {
  send: async (body: { id: number }) => {
    if (queueDown) throw new Error('queue unavailable');
    sent.push(body);
  },
  sendBatch: async (messages: { body: { id: number } }[]) => {
    if (queueDown) throw new Error('queue unavailable');
    sent.push(...messages.map((m) => m.body));
  },
} as unknown as Queue;
const recordedEnv = { ...env, DVCQG_SYNC: recordedQueue };
let clock = Date.now();

interface Queued {
  msgId: string;
  body: { id: number };
  attempts: number;
}

/**
 * A batch as the Queues runtime hands it to the consumer, recording each message's ack or
 * retry with its delay (the test pool's createMessageBatch/getQueueResult drop the delay).
 */
function batchOf(queue: string, messages: Queued[]) {
  const outcome = new Map<string, { retry: boolean; delay: number }>();
  const batch = {
    queue,
    messages: messages.map((m) => ({
      id: m.msgId,
      timestamp: new Date(clock),
      attempts: m.attempts,
      body: m.body,
      ack: () => outcome.set(m.msgId, { retry: false, delay: 0 }),
      retry: (o?: { delaySeconds?: number }) =>
        outcome.set(m.msgId, { retry: true, delay: o?.delaySeconds ?? 0 }),
    })),
    ackAll: () => undefined,
    retryAll: () => undefined,
  } as unknown as MessageBatch;
  return { batch, outcome };
}

/** Consumes one batch; the messages it asked to retry, with their delays. */
async function consume(messages: Queued[], bindings: typeof env = recordedEnv) {
  const { batch, outcome } = batchOf(SYNC_QUEUE, messages);
  await handleSyncBatch(batch, bindings, index, () => new Date(clock));
  return messages.flatMap((m) => {
    const o = outcome.get(m.msgId);
    return o?.retry ? [{ message: m, delay: o.delay }] : [];
  });
}

/** Messages on the simulated queue (kept between runs: a stopped run leaves them there). */
const queued: Queued[] = [];

/**
 * Delivers what the producer sent until nothing is left (or `until` holds); returns the
 * retry delays asked for.
 */
async function runQueue(options: { until?: () => boolean; bindings?: typeof env } = {}) {
  const bindings = options.bindings ?? recordedEnv;
  const delays: number[] = [];
  const take = () => {
    queued.push(...sent.map((body) => ({ msgId: crypto.randomUUID(), body, attempts: 1 })));
    sent = [];
  };
  take();
  while (queued.length > 0 && !options.until?.()) {
    const again = await consume(queued.splice(0), bindings);
    const dead: Queued[] = [];
    for (const { message, delay } of again) {
      delays.push(delay);
      clock += delay * 1000;
      if (message.attempts > SYNC_MAX_RETRIES) dead.push(message);
      else queued.push({ ...message, attempts: message.attempts + 1 });
    }
    if (dead.length > 0) {
      await handleSyncBatch(batchOf(SYNC_DLQ, dead).batch, bindings, index, () => new Date(clock));
    }
    take();
  }
  return delays;
}

async function contract(path: string, body?: unknown): Promise<ContractState> {
  const res = await fetch(new URL(`__control/${path}`, env.DVCQG_BASE_URL), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as ContractState;
}
const faults = (...list: Fault[]) => contract('faults', { faults: list });

let serial = 0;
function dvcqgDossier(overrides: Record<string, unknown> = {}) {
  serial++;
  return {
    MaHoSo: `H32.101.01-260115-01${String(serial).padStart(4, '0')}`,
    MaTTHC: ONLINE.code,
    MaCoQuan: AGENCY_CODE,
    NgayNopHoSo: '20260115093000',
    ChuHoSo: APPLICANT.fullName,
    SoDinhDanh: APPLICANT.idNumber,
    NgaySinh: APPLICANT.birthDate.replace(/-/g, ''),
    SoDienThoai: APPLICANT.phone,
    Email: APPLICANT.email,
    DiaChi: APPLICANT.address,
    XaPhuong: APPLICANT.commune,
    DuLieuBieuMau: validFields(ONLINE),
    ...overrides,
  };
}

let key = '';
const deliver = (body: unknown, bearer = key) =>
  app.request(
    '/api/lien-thong/dvcqg/ho-so',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify(body),
    },
    recordedEnv,
  );

/** A dossier filed on DVCQG, delivered: its code. */
async function filedOnDvcqg(): Promise<string> {
  const body = dvcqgDossier();
  const res = await deliver(body);
  expect(res.status, await res.clone().text()).toBe(201);
  return body.MaHoSo;
}

const rowsOf = (code: string) =>
  env.DB.prepare(
    `SELECT s.seq, s.status, s.state FROM dvcqg_sync s JOIN dossiers d ON d.id = s.dossier_id
     WHERE d.code = ?1 ORDER BY s.seq`,
  )
    .bind(code)
    .all<{ seq: number; status: number; state: string }>()
    .then((r) => r.results);

/** The statuses the dossier went through after its filing, as this system recorded them. */
const localStatuses = (code: string) =>
  env.DB.prepare(
    `SELECT e.status FROM status_events e JOIN dossiers d ON d.id = e.dossier_id
     WHERE d.code = ?1 AND e.action IS NOT 'submit' ORDER BY e.id`,
  )
    .bind(code)
    .all<{ status: number }>()
    .then((r) => r.results.map((e) => String(e.status)));

let admin: Session;
let desk: Session;
let leader: Session;
let otherDesk: Session;

beforeAll(async () => {
  useRequestEnv(recordedEnv);
  admin = await signIn('qt.lienthong', 'admin', []);
  desk = await signIn('tn.lienthong', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  leader = await signIn('ld.lienthong', 'leader', ['ubnd-xa-thuan-bac']);
  otherDesk = await signIn('tn.conghai', 'receptionist', ['ttpvhcc-xa-cong-hai']);
  // The administrator issues the adapter's key in the back office.
  const issued = await postForm(admin, '/can-bo/khoa-api', {
    name: 'Bộ kết nối Cổng DVCQG',
    contact: 'Văn phòng UBND tỉnh',
    kind: 'dvcqg',
  });
  key = /<code>(mc_[0-9a-f]+)<\/code>/.exec(await issued.text())?.[1] ?? '';
  expect(key).not.toBe('');
});
afterAll(() => useRequestEnv());

describe('dossiers filed on the national portal', () => {
  it('arrive in the commune centre queue with DVCQG code, take no local number, and a redelivery answers the same', async () => {
    await contract('reset', {});
    const body = dvcqgDossier();
    const res = await deliver(body);
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as { code: string; desk: string };
    expect(receipt).toMatchObject({ code: body.MaHoSo, desk: 'ttpvhcc-xa-thuan-bac' });
    // No number of the local sequence was used.
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM dossier_counters').first<number>('n'),
    ).toBe(0);
    // The desk's officers see it in their queue, as an online dossier.
    const queue = await (await as(desk, '/can-bo')).text();
    expect(queue).toContain(body.MaHoSo);

    const again = await deliver(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(receipt);
    const changed = await deliver({ ...body, DiaChi: 'Thôn Gò Sạn, xã Thuận Bắc' });
    expect(changed.status).toBe(409);
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM dossiers WHERE code = ?1')
        .bind(body.MaHoSo)
        .first<number>('n'),
    ).toBe(1);
  });

  it('are refused without a DVCQG key, with an Open311 key, or with a malformed code', async () => {
    const open311 = await postForm(admin, '/can-bo/khoa-api', {
      name: 'Ứng dụng xã',
      kind: 'open311',
    });
    const open311Key = /<code>(mc_[0-9a-f]+)<\/code>/.exec(await open311.text())?.[1] ?? '';
    expect((await deliver(dvcqgDossier(), open311Key)).status).toBe(401);
    expect((await deliver(dvcqgDossier(), 'mc_khong-dung')).status).toBe(401);
    const bad = await deliver(dvcqgDossier({ MaHoSo: 'HS-2026-1' }));
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('MaHoSo');
    const wrongPerson = await deliver(dvcqgDossier({ NgaySinh: '19850230' }));
    expect(wrongPerson.status).toBe(422);
  });
});

describe('status changes synced back to DVCQG', () => {
  it('go back in order with a day-long outage in the middle: none lost, none applied twice', async () => {
    await contract('reset', {});
    const code = await filedOnDvcqg();
    await actDone(desk, code, 'receive');
    await runQueue();
    expect((await contract('state')).applied[code]).toHaveLength(1);

    // The national side goes down for a day; the officers keep working.
    await contract('down', { down: true });
    const downAt = clock;
    await actDone(desk, code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
    await actDone(leader, code, 'process');
    const delays = await runQueue({ until: () => clock - downAt > 24 * 3_600_000 });
    expect((await contract('state')).applied[code]).toHaveLength(1);
    // Waiting longer each time (backoff), and still pending after a day.
    expect(delays.slice(0, 4)).toEqual([...delays.slice(0, 4)].sort((a, b) => a - b));
    expect(delays[0]).toBeLessThan(delays[3] ?? 0);
    expect((await rowsOf(code)).map((r) => r.state)).toEqual(['delivered', 'pending', 'pending']);

    // Back up: the next retry goes through, and the changes that waited follow in order.
    await contract('down', { down: false });
    await runQueue();
    await actDone(desk, code, 'return-result');
    await runQueue();

    const state = await contract('state');
    expect(state.applied[code]?.map((i) => i.TrangThai)).toEqual(await localStatuses(code));
    expect(state.applied[code]?.map((i) => i.TrangThai)).toEqual(['2', '4', '9', '10']);
    expect(state).toMatchObject({ duplicates: 0, outOfOrder: 0, violations: [] });
    expect((await rowsOf(code)).every((r) => r.state === 'delivered')).toBe(true);
  });

  it('apply each change once through timeouts, 5xx, refusals, duplicate deliveries and out-of-order answers', async () => {
    await contract('reset', {});
    const first = await filedOnDvcqg();
    const second = await filedOnDvcqg();
    // Applied but the answer is lost, then a 500, then a refusal: still exactly once.
    await faults('timeout-after-apply', '500', 'reject');
    await actDone(desk, first, 'receive');
    await runQueue();
    let state = await contract('state');
    expect(state.applied[first]).toHaveLength(1);

    // The same message delivered twice at once, and a slow answer for one dossier arriving
    // after the other dossier's: each change is applied once, in order per dossier.
    await faults('slow');
    await actDone(desk, second, 'receive');
    await actDone(desk, first, 'assign', { agency: 'ubnd-xa-thuan-bac' });
    const messages = sent
      .splice(0)
      .map((body) => ({ msgId: crypto.randomUUID(), body, attempts: 1 }));
    const retried = await Promise.all([consume(messages), consume(messages)]);
    // What the runtime would deliver again goes back on the queue.
    queued.push(...retried.flat().map(({ message }) => ({ ...message, attempts: 2 })));
    await runQueue();
    state = await contract('state');
    expect(state.applied[first]?.map((i) => i.TrangThai)).toEqual(['2', '4']);
    expect(state.applied[second]?.map((i) => i.TrangThai)).toEqual(['2']);
    expect(state).toMatchObject({ duplicates: 0, outOfOrder: 0, violations: [] });
  });

  it('land in the dead-letter queue after the last retry, show as failed, and an officer resends them', async () => {
    await contract('reset', {});
    const code = await filedOnDvcqg();
    await contract('down', { down: true });
    await actDone(desk, code, 'receive');
    await actDone(desk, code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
    const delays = await runQueue();
    // Retried for more than a day before giving up (wrangler.toml max_retries).
    expect(delays).toHaveLength(SYNC_MAX_RETRIES + 1);
    expect(delays.slice(0, -1).reduce((a, b) => a + b, 0)).toBeGreaterThan(24 * 3600);
    expect((await rowsOf(code)).map((r) => r.state)).toEqual(['failed', 'pending']);

    const page = await (await as(desk, '/can-bo/dong-bo-dvcqg')).text();
    expect(page).toContain(code);
    expect(page).toContain('Gửi không được');
    const row = await env.DB.prepare(
      `SELECT s.id FROM dvcqg_sync s JOIN dossiers d ON d.id = s.dossier_id WHERE d.code = ?1 AND s.seq = 1`,
    )
      .bind(code)
      .first<number>('id');
    // Another commune's desk neither sees nor resends it.
    expect(await (await as(otherDesk, '/can-bo/dong-bo-dvcqg')).text()).not.toContain(code);
    await postForm(otherDesk, `/can-bo/dong-bo-dvcqg/${row}/gui-lai`, {});
    expect((await rowsOf(code))[0]?.state).toBe('failed');
    // Without the CSRF token nothing happens.
    await as(desk, `/can-bo/dong-bo-dvcqg/${row}/gui-lai`, { method: 'POST' });
    expect((await rowsOf(code))[0]?.state).toBe('failed');

    await contract('down', { down: false });
    const resent = await postForm(desk, `/can-bo/dong-bo-dvcqg/${row}/gui-lai`, {});
    expect(resent.status).toBe(303);
    await runQueue();
    expect((await contract('state')).applied[code]?.map((i) => i.TrangThai)).toEqual(['2', '4']);
    expect(
      await env.DB.prepare(
        `SELECT count(*) AS n FROM audit_events WHERE action = 'dvcqg-resend' AND target = ?1`,
      )
        .bind(code)
        .first<number>('n'),
    ).toBe(1);
  });

  it('are put back on the queue by the cron sweep when the queue could not take them', async () => {
    await contract('reset', {});
    const code = await filedOnDvcqg();
    queueDown = true;
    try {
      await actDone(desk, code, 'receive');
      await actDone(desk, code, 'request-supplement', { missing: 'Bản sao Giấy khai sinh' });
    } finally {
      queueDown = false;
    }
    expect(sent).toEqual([]);
    expect((await rowsOf(code)).map((r) => r.state)).toEqual(['pending', 'pending']);
    // The 5-minute cron (functions/worker.ts) runs the same sweep.
    expect(await enqueueSendable(recordedEnv, new Date(clock))).toBe(1);
    await runQueue();
    const state = await contract('state');
    expect(state.applied[code]?.map((i) => i.TrangThai)).toEqual(['2', '5']);
    expect(state).toMatchObject({ duplicates: 0, outOfOrder: 0, violations: [] });
  });

  it('wait, visible, when the exchange is not configured', async () => {
    const unconfigured = { ...recordedEnv, DVCQG_BASE_URL: '' };
    useRequestEnv(unconfigured);
    try {
      const code = await filedOnDvcqg();
      await actDone(desk, code, 'receive');
      expect(sent).toEqual([]);
      expect((await rowsOf(code)).map((r) => r.state)).toEqual(['pending']);
      const page = await (await as(desk, '/can-bo/dong-bo-dvcqg')).text();
      expect(page).toContain('Chưa cấu hình kết nối Cổng DVCQG');
      expect(page).toContain(code);
    } finally {
      useRequestEnv(recordedEnv);
    }
  });

  it('travel through the real local queue of wrangler.toml', async () => {
    await contract('reset', {});
    useRequestEnv(env);
    try {
      const body = dvcqgDossier();
      const res = await app.request(
        '/api/lien-thong/dvcqg/ho-so',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify(body),
        },
        env,
      );
      expect(res.status).toBe(201);
      await actDone(desk, body.MaHoSo, 'receive');
      await vi.waitFor(
        async () => {
          expect((await contract('state')).applied[body.MaHoSo]).toHaveLength(1);
        },
        { timeout: 15_000, interval: 200 },
      );
      await vi.waitFor(async () => {
        expect((await rowsOf(body.MaHoSo)).map((r) => r.state)).toEqual(['delivered']);
        // Nothing left for the real consumer once this file ends.
        expect(
          await env.DB.prepare(
            `SELECT count(*) AS n FROM dvcqg_sync WHERE state <> 'delivered'`,
          ).first<number>('n'),
        ).toBe(0);
      });
    } finally {
      useRequestEnv(recordedEnv);
    }
  });
});
