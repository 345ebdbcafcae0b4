import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { codeProblems, queryLocal } from '../../scripts/lib/d1-local.ts';
import { type RunningServer, startServer } from '../../scripts/lib/server.ts';

/**
 * The server process is killed (SIGKILL) in the middle of a burst of
 * submissions and restarted on the same local D1. No acknowledged submission is
 * lost, no partial dossier exists, and retrying every request with its
 * Idempotency-Key finishes the burst without a single duplicate.
 */

const BURST = 60;
const submission = JSON.parse(readFileSync('tests/fixtures/load-submission.json', 'utf8'));
const persistDir = mkdtempSync(join(tmpdir(), 'mot-cua-crash-'));
const vars = {
  RATE_LIMIT_SUBMIT: '1000000/3600',
  RATE_LIMIT_PERSON: '1000000/3600',
  RATE_LIMIT_PHONE: '1000000/3600',
  RATE_LIMIT_LOOKUP: '1000000/600',
};
let server: RunningServer | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(persistDir, { recursive: true, force: true });
});

interface Outcome {
  key: string;
  status: number | 'lost';
  code?: string;
  secret?: string;
}

async function submit(base: string, key: string): Promise<Outcome> {
  try {
    const res = await fetch(`${base}/api/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(submission),
    });
    const body = (await res.json()) as { code?: string; secret?: string };
    return { key, status: res.status, code: body.code, secret: body.secret };
  } catch {
    return { key, status: 'lost' };
  }
}

describe('a crash in the middle of a burst of submissions', () => {
  test('kill, restart, retry: nothing acknowledged is lost, nothing is doubled', async () => {
    server = await startServer({ persistDir, vars });
    const base = server.baseURL;
    const keys = Array.from({ length: BURST }, (_, i) => `crash-${i}-${crypto.randomUUID()}`);
    // Four waves of fifteen: two answered, the third in flight when the process is
    // killed, the fourth sent to a dead server.
    const outcomes: Outcome[] = [];
    const wave = (n: number) =>
      Promise.all(keys.slice(n * 15, n * 15 + 15).map((k) => submit(base, k)));
    outcomes.push(...(await wave(0)), ...(await wave(1)));
    const third = wave(2);
    await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 60)));
    server.kill();
    const fourth = wave(3);
    outcomes.push(...(await third), ...(await fourth));
    const acked = outcomes.filter((o) => o.status === 201);
    const unanswered = outcomes.filter((o) => o.status !== 201);
    // The kill really happened mid-burst: some answered, some did not.
    expect(acked.length).toBeGreaterThanOrEqual(30);
    expect(unanswered.length).toBeGreaterThan(0);
    for (const o of unanswered) expect(o.status).toBe('lost');

    // Restart on the same database.
    server = await startServer({ persistDir, vars });
    const restarted = server.baseURL;

    // Every acknowledged dossier is there, whole, for its citizen.
    for (const o of acked) {
      const res = await fetch(`${restarted}/api/submissions/${encodeURIComponent(o.code ?? '')}`, {
        headers: { 'x-lookup-secret': o.secret ?? '' },
      });
      expect(res.status, `acknowledged ${o.code} after restart`).toBe(200);
    }

    // Retry everything with the same keys: acknowledged ones replay, the rest finish.
    const retried = await Promise.all(keys.map((key) => submit(restarted, key)));
    for (const r of retried) expect([200, 201]).toContain(r.status);
    for (const o of acked) {
      const again = retried.find((r) => r.key === o.key);
      expect(again?.status).toBe(200);
      expect(again?.code).toBe(o.code);
    }
    const finalCodes = new Set(retried.map((r) => r.code));
    expect(finalCodes.size).toBe(BURST);

    await server.stop();
    server = undefined;
    // No partial dossier: each has its applicant and its first status event; no duplicates.
    const rows = queryLocal<{ code: string; applicants: number; events: number }>(
      persistDir,
      `SELECT d.code,
         (SELECT COUNT(*) FROM applicants a WHERE a.dossier_id = d.id) AS applicants,
         (SELECT COUNT(*) FROM status_events e WHERE e.dossier_id = d.id) AS events
       FROM dossiers d`,
    );
    expect(rows).toHaveLength(BURST);
    expect(rows.filter((r) => r.applicants !== 1 || r.events < 1)).toEqual([]);
    expect(new Set(rows.map((r) => r.code))).toEqual(finalCodes);
    const keysStored = queryLocal<{ n: number }>(
      persistDir,
      'SELECT COUNT(*) AS n FROM idempotency_keys',
    );
    expect(keysStored[0]?.n).toBe(BURST);
    // Codes stay unique and gap-free: the counter and the dossier commit together or not at all.
    expect(codeProblems(rows.map((r) => r.code))).toEqual([]);
    const replayed = retried.filter((r) => r.status === 200).length;
    process.stderr.write(
      `crash test: ${acked.length} acknowledged before SIGKILL, ${unanswered.length} unanswered ` +
        `(${replayed - acked.length} of them had committed), ${BURST} dossiers after retries\n`,
    );
  }, 240_000);
});
