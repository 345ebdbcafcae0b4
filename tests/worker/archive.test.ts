import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { ARCHIVE_ACTION } from '../../functions/db/archive.ts';
import { type ArchiveCounts, runArchive } from '../../functions/services/archive.ts';
import { runRetention } from '../../functions/services/retention.ts';
import { NOT_FOUND } from '../../functions/routes/lookup.ts';
import { addMonths, PURGED_NOTICE } from '../../src/domain/retention.ts';
import { actDone, as, onlineDossier, type Session, signIn } from './office-helpers.ts';
import { count, queueCountsAndRecount, row } from './db-helpers.ts';
import { APPLICANT, ONLINE } from './submission-helpers.ts';

/**
 * The archive job (ADR 0027) against a real local D1 and R2: dossiers are submitted and
 * closed through the real routes, purged by the retention job, then moved to R2 by the
 * archive job. Checked: exactly the dossiers purged long enough ago move; their lookup by
 * code and secret shows the same page and the same JSON as before; the statistics do not
 * move; a second run changes nothing; a run that stops after writing R2 and before its D1
 * transaction is completed by the next run without a duplicate; no personal data reaches R2.
 */

const FILES = env.FILES as R2Bucket;
const live = async (code: string) =>
  count('SELECT count(*) AS n FROM dossiers WHERE code = ?1', code);

type Made = { code: string; secret: string };
let desk: Session;
let leader: Session;
const made: Record<'returned' | 'refused' | 'later' | 'open', Made> = {} as never;

/** From received (status 2) to returned. */
async function returnResult(code: string) {
  await actDone(desk, code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
  await actDone(leader, code, 'process');
  await actDone(desk, code, 'return-result');
}

/** The citizen's lookup page and JSON, as they answer now. */
async function lookup({ code, secret }: Made) {
  const page = await as(undefined, `/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`);
  const api = await as(undefined, `/api/submissions/${encodeURIComponent(code)}`, {
    headers: { 'x-lookup-secret': secret },
  });
  return { status: page.status, html: await page.text(), api: await api.json() };
}

/** The counters and what /api/stats answers. */
async function statistics() {
  const year = new Date().getFullYear();
  const tables: unknown[] = [];
  for (const t of ['stats_agency_month', 'stats_procedure_month', 'stats_commune_month']) {
    tables.push((await env.DB.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all()).results);
  }
  const api: unknown[] = [];
  for (const query of [
    `ky=nam&nam=${year}`,
    `ky=nam&nam=${year}&pham-vi=co-quan:ubnd-xa-thuan-bac`,
    `ky=nam&nam=${year}&pham-vi=${encodeURIComponent('xa:Thuận Bắc')}`,
  ]) {
    const res = await as(undefined, `/api/stats?${query}`);
    expect(res.status, query).toBe(200);
    // The figures, not the time they were computed at.
    api.push(JSON.parse(await res.text(), (k, v) => (k === 'generatedAt' ? undefined : v)));
  }
  const scores = (
    await env.DB.prepare(
      'SELECT id, satisfaction, c_time, c_attitude, created_at FROM evaluations ORDER BY id',
    ).all()
  ).results;
  return { tables, api, scores };
}

/** Every archive object in R2, decompressed, with the codes of its lines. */
async function objects() {
  const listed = await FILES.list({ prefix: 'archive/' });
  const out: { key: string; text: string; codes: string[] }[] = [];
  for (const o of listed.objects) {
    const body = (await FILES.get(o.key)) as R2ObjectBody;
    const text = await new Response(body.body.pipeThrough(new DecompressionStream('gzip'))).text();
    const codes = text
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { code: string }).code);
    out.push({ key: o.key, text, codes });
  }
  return out;
}

/** Runs the job with console.log captured: what it logs must hold no personal data. */
async function archive(
  at: Date,
  bindings: Pick<typeof env, 'DB' | 'FILES' | 'ARCHIVE_MONTHS'> = env,
): Promise<ArchiveCounts & { logged: string }> {
  const logged: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => logged.push(args.map(String).join(' '));
  try {
    return { ...(await runArchive(bindings, at)), logged: logged.join('\n') };
  } finally {
    console.log = original;
  }
}

const quiet = async <T>(run: () => Promise<T>): Promise<T> => {
  const original = console.log;
  console.log = () => {};
  try {
    return await run();
  } finally {
    console.log = original;
  }
};

// The clock of the jobs: the first purge, 25 months from now; the archive cutoff 12 months after it.
const firstPurge = addMonths(new Date().toISOString(), 25);
const secondPurge = addMonths(firstPurge.toISOString(), 3);
const archiveDue = new Date(addMonths(firstPurge.toISOString(), 12).getTime() + 86_400_000);

const before: { returned?: unknown; refused?: unknown; stats?: unknown } = {};

beforeAll(async () => {
  desk = await signIn('tk.luu-tru-r2.tn', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  leader = await signIn('tk.luu-tru-r2.ld', 'leader', ['ubnd-xa-thuan-bac']);
  made.returned = await onlineDossier();
  await actDone(desk, made.returned.code, 'receive');
  await returnResult(made.returned.code);
  const rated = await as(undefined, '/danh-gia', {
    method: 'POST',
    body: new URLSearchParams({
      ma: made.returned.code,
      bm: made.returned.secret,
      muc: '4',
      'tc-time': '2',
      'y-kien': 'Cán bộ tận tình',
    }),
  });
  expect(rated.status).toBe(303);
  made.refused = await onlineDossier();
  await actDone(desk, made.refused.code, 'refuse', { reason: 'Hồ sơ thiếu giấy tờ' });
  made.later = await onlineDossier();
  await actDone(desk, made.later.code, 'receive');
  made.open = await onlineDossier();
  await actDone(desk, made.open.code, 'receive');
  // The retention job purges the two closed dossiers; "later" is still open then.
  await quiet(() => runRetention(env, firstPurge));
  await returnResult(made.later.code);
  before.returned = await lookup(made.returned);
  before.refused = await lookup(made.refused);
  before.stats = await statistics();
}, 60_000);

describe('the archive job', () => {
  test('the data set: two dossiers purged, two not', async () => {
    expect(await count('SELECT count(*) AS n FROM dossiers WHERE purged_at IS NOT NULL')).toBe(2);
    expect((before.returned as { html: string }).html).toContain(PURGED_NOTICE);
    expect((before.returned as { html: string }).html).toContain('Đã trả kết quả');
  });

  test('a day before the cutoff nothing moves', async () => {
    const counts = await archive(new Date(archiveDue.getTime() - 2 * 86_400_000));
    expect(counts).toMatchObject({ dossiers: 0, objects: 0, cleaned: 0 });
    expect(await objects()).toEqual([]);
  });

  test('after it, exactly the two dossiers purged a year before move to one object', async () => {
    const counts = await archive(archiveDue);
    expect(counts).toMatchObject({ dossiers: 2, objects: 1, cleaned: 0 });
    const [object, ...more] = await objects();
    expect(more).toEqual([]);
    expect(object?.codes.sort()).toEqual([made.returned.code, made.refused.code].sort());
    const month = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 7);
    expect(object?.key).toMatch(
      new RegExp(`^archive/dossiers/${month}/ttpvhcc-xa-thuan-bac/[0-9a-f-]{36}\\.ndjson\\.gz$`),
    );
    for (const d of [made.returned, made.refused]) {
      expect(await live(d.code)).toBe(0);
      expect(
        await count('SELECT count(*) AS n FROM archived_dossiers WHERE code = ?1', d.code),
      ).toBe(1);
    }
    for (const d of [made.later, made.open]) expect(await live(d.code)).toBe(1);
    // Their events left with them; the others' stayed.
    expect(
      await count(
        'SELECT count(*) AS n FROM status_events WHERE dossier_id NOT IN (SELECT id FROM dossiers)',
      ),
    ).toBe(0);
    // No personal data in R2, nor in the log; the purged data stays purged.
    for (const personal of [
      APPLICANT.fullName,
      APPLICANT.idNumber,
      APPLICANT.phone.replace(/\s/g, ''),
      APPLICANT.email,
      APPLICANT.address,
      'Cán bộ tận tình',
    ]) {
      expect(object?.text).not.toContain(personal);
      expect(counts.logged).not.toContain(personal);
    }
    expect(counts.logged).not.toContain(made.returned.code);
    expect(
      await count(
        'SELECT count(*) AS n FROM applicants WHERE dossier_id NOT IN (SELECT id FROM dossiers)',
      ),
    ).toBe(0);
    const audit = await row(
      `SELECT actor, target, detail FROM audit_events WHERE action = '${ARCHIVE_ACTION}'`,
    );
    expect(audit).toEqual({
      actor: 'system',
      target: object?.key,
      detail: `hồ sơ 2; dung lượng ${counts.bytes} byte`,
    });
  });

  test('the lookup of an archived dossier shows the same page and JSON as before', async () => {
    expect(await lookup(made.returned)).toEqual(before.returned);
    expect(await lookup(made.refused)).toEqual(before.refused);
    expect((before.returned as { status: number }).status).toBe(200);
    // A wrong secret is refused as for a live dossier.
    const wrong = await as(
      undefined,
      `/tra-cuu?ma=${encodeURIComponent(made.returned.code)}&bm=AAAA-BBBB-CCCC`,
    );
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain(NOT_FOUND);
  });

  test("the officers' queue counts closed dossiers without scanning them; archived ones leave it", async () => {
    const counts = async (query: string) => {
      const res = await as(desk, `/api/can-bo/ho-so?${query}`);
      expect(res.status, query).toBe(200);
      return ((await res.json()) as { counts: Record<string, number> }).counts;
    };
    // Counted from the queue's counters (no filter) and by scanning (a filter): the same figures.
    const fast = await counts('tab=ket-thuc');
    const scanned = await counts(`tab=ket-thuc&thu_tuc=${ONLINE.code}`);
    expect(fast).toEqual(scanned);
    // Live: "later" (closed) and "open"; the two archived ones are gone from "closed".
    expect(fast['ket-thuc']).toBe(1);
    expect(fast['tat-ca']).toBe(2);
    // The archive's deletions took the two dossiers out of the counters too.
    const { counted, recounted } = await queueCountsAndRecount();
    expect(counted).toEqual(recounted);
  });

  test('the statistics do not move', async () => {
    expect(await statistics()).toEqual(before.stats);
  });

  test('a second run changes nothing', async () => {
    const snapshot = async () => ({
      objects: await objects(),
      archives: (await env.DB.prepare('SELECT * FROM dossier_archives ORDER BY id').all()).results,
      stubs: (await env.DB.prepare('SELECT * FROM archived_dossiers ORDER BY code').all()).results,
      dossiers: (await env.DB.prepare('SELECT * FROM dossiers ORDER BY id').all()).results,
      audit: await count('SELECT count(*) AS n FROM audit_events'),
    });
    const first = await snapshot();
    expect(await archive(archiveDue)).toMatchObject({ dossiers: 0, objects: 0, cleaned: 0 });
    expect(await snapshot()).toEqual(first);
  });

  test('a run stopped after writing R2 is completed by the next one, without a duplicate', async () => {
    await quiet(() => runRetention(env, secondPurge));
    const due = new Date(addMonths(secondPurge.toISOString(), 12).getTime() + 86_400_000);
    const stats = await statistics();
    const page = await lookup(made.later);
    // The object reaches R2, then the D1 transaction fails (a crash, a lost connection).
    let written = false;
    const files = {
      put: async (...args: Parameters<R2Bucket['put']>) => {
        const put = await FILES.put(...args);
        written = true;
        return put;
      },
      get: (key: string) => FILES.get(key),
      delete: (keys: string | string[]) => FILES.delete(keys),
    } as unknown as R2Bucket;
    const db = {
      prepare: (sql: string) => env.DB.prepare(sql),
      batch: (statements: D1PreparedStatement[]) => {
        if (written) return Promise.reject(new Error('D1 unavailable'));
        return env.DB.batch(statements);
      },
    } as unknown as D1Database;
    await expect(archive(due, { ...env, DB: db, FILES: files })).rejects.toThrow('D1 unavailable');
    expect(written).toBe(true);
    expect(await live(made.later.code)).toBe(1);
    expect(await objects()).toHaveLength(2);
    expect(await lookup(made.later)).toEqual(page);

    const counts = await archive(due);
    expect(counts).toMatchObject({ dossiers: 1, objects: 1, cleaned: 1 });
    const all = await objects();
    expect(all).toHaveLength(2);
    const codes = all.flatMap((o) => o.codes).sort();
    expect(codes).toEqual([made.returned.code, made.refused.code, made.later.code].sort());
    const completed = (
      await env.DB.prepare(
        'SELECT storage_key AS key FROM dossier_archives WHERE completed_at IS NOT NULL ORDER BY key',
      ).all<{ key: string }>()
    ).results.map((r) => r.key);
    expect(all.map((o) => o.key).sort()).toEqual(completed);
    expect(await count('SELECT count(*) AS n FROM dossier_archives')).toBe(2);
    expect(await live(made.later.code)).toBe(0);
    expect(await lookup(made.later)).toEqual(page);
    expect(await statistics()).toEqual(stats);
    // The open dossier never moves, however old.
    await quiet(() => runRetention(env, new Date('2040-01-01T00:00:00Z')));
    expect(await archive(new Date('2045-01-01T00:00:00Z'))).toMatchObject({ dossiers: 0 });
    expect(await live(made.open.code)).toBe(1);
  });

  test('status events stay append-only outside the move', async () => {
    await expect(env.DB.prepare('DELETE FROM status_events').run()).rejects.toThrow(/append-only/);
  });
});
