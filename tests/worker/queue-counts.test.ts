import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, test } from 'vitest';
import { QUEUE_TABS, type QueueTab, queue } from '../../functions/db/queue.ts';
import { STATUS, type StatusCode } from '../../src/domain/dossier/status.ts';
import { count, moveTo, newDossier, queueCountsAndRecount, stored } from './db-helpers.ts';

/**
 * The officers' queue counters of migrations/0029 (dossiers in progress; 0027 the closed ones) against the real local D1: the migration
 * backfills a database that already holds dossiers, its triggers keep the counters equal to
 * a recount afterwards, and every tab counts the same from the counters (no search or filter)
 * as by scanning the dossiers (a filter that keeps them all). The walk through every action of
 * the real routes is tests/worker/stats-recount.test.ts; the archive's deletions,
 * tests/worker/archive.test.ts.
 */

const PROCEDURE = '2.000635';
const TODAY = '2025-06-10';
const AGENCIES = ['qc-xa-mot', 'qc-xa-hai'] as const;

/** Dossiers in every status at two agencies, due yesterday, today, tomorrow and later. */
async function someDossiers(): Promise<string[]> {
  const ids: string[] = [];
  const dues = ['2025-06-09', '2025-06-10', '2025-06-11', '2025-06-20'];
  let i = 0;
  for (const agency of AGENCIES) {
    for (const status of Object.values(STATUS) as StatusCode[]) {
      const made = await stored(newDossier(agency, { dueDate: dues[i++ % dues.length] }));
      if (status === STATUS.RETURNED) {
        await moveTo(made.id, STATUS.PROCESSED, '2025-06-04T10:00:00+07:00', 'process');
      }
      if (status !== STATUS.NEW) {
        await moveTo(made.id, status, '2025-06-05T10:00:00+07:00', `to-${status}`);
      }
      ids.push(made.id);
    }
  }
  // One dossier returned at another desk than its receiving one.
  await env.DB.prepare('UPDATE dossiers SET return_desk_slug = ?2 WHERE id = ?1')
    .bind(ids[3], `${AGENCIES[1]}-desk`)
    .run();
  return ids;
}

describe('queue counters (migrations/0029)', () => {
  test('the migration backfills a database that already has dossiers; the triggers keep them', async () => {
    // Back to the schema before 0029, with dossiers written then.
    // Emptied as tests/worker/apply-migrations.ts empties it before each file.
    const objects = await env.DB.prepare(
      `SELECT type, name FROM sqlite_master
       WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
       ORDER BY type = 'table', rowid DESC`,
    ).all<{ type: 'table' | 'view'; name: string }>();
    await env.DB.batch([
      env.DB.prepare('PRAGMA defer_foreign_keys = true'),
      ...objects.results.map((o) =>
        env.DB.prepare(`DROP ${o.type === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS "${o.name}"`),
      ),
    ]);
    const migrations = env.TEST_MIGRATIONS;
    await applyD1Migrations(
      env.DB,
      // With 0031: the applicant's insert writes its name's words there.
      migrations.filter((m) => m.name < '0029' || m.name.startsWith('0031')),
    );
    expect(
      await count("SELECT count(*) AS n FROM sqlite_master WHERE name = 'queue_open_counts'"),
    ).toBe(0);
    const ids = await someDossiers();

    await applyD1Migrations(env.DB, migrations);
    const backfilled = await queueCountsAndRecount();
    expect(Object.values(backfilled.recounted).reduce((a, b) => a + b, 0)).toBe(20);
    expect(backfilled.counted).toEqual(backfilled.recounted);

    // After the migration: a reception, status changes, a transfer, a new return desk, a delete.
    await stored(newDossier(AGENCIES[0]));
    await moveTo(ids[0] as string, STATUS.RECEIVED, '2025-06-06T10:00:00+07:00', 'receive');
    await moveTo(ids[1] as string, STATUS.WITHDRAWN, '2025-06-06T10:00:00+07:00', 'withdraw');
    await env.DB.batch([
      env.DB.prepare('UPDATE dossiers SET agency_slug = ?2 WHERE id = ?1').bind(
        ids[2],
        AGENCIES[1],
      ),
      env.DB.prepare('UPDATE dossiers SET return_desk_slug = ?2 WHERE id = ?1').bind(
        ids[4],
        `${AGENCIES[1]}-desk`,
      ),
      // Unchanged values: the trigger must not count the dossier twice.
      env.DB.prepare('UPDATE dossiers SET status = status WHERE id = ?1').bind(ids[5]),
    ]);
    // Deleted as the archive job deletes (functions/db/archive.ts): its events may go then.
    await env.DB.batch(
      [
        'INSERT INTO archive_moving (dossier_id) VALUES (?1)',
        'DELETE FROM status_events WHERE dossier_id = ?1',
        'DELETE FROM applicants WHERE dossier_id = ?1',
        'DELETE FROM dossiers WHERE id = ?1',
        'DELETE FROM archive_moving WHERE dossier_id = ?1',
      ].map((sql) => env.DB.prepare(sql).bind(ids[6])),
    );
    const kept = await queueCountsAndRecount();
    expect(Object.values(kept.recounted).reduce((a, b) => a + b, 0)).toBe(20);
    expect(kept.counted).toEqual(kept.recounted);
  });

  test('every tab counts the same from the counters as by scanning the dossiers', async () => {
    const tabs = Object.keys(QUEUE_TABS) as QueueTab[];
    for (const scope of [null, [AGENCIES[0]], [`${AGENCIES[1]}-desk`]]) {
      const base = {
        scope,
        tab: 'tat-ca' as const,
        today: TODAY,
        soon: '2025-06-11',
      };
      const fast = await queue(env.DB, base, 50, 0);
      const scanned = await queue(env.DB, { ...base, procedure: PROCEDURE }, 50, 0);
      expect(fast.counts, JSON.stringify(scope)).toEqual(scanned.counts);
      // Each tab's list holds as many dossiers as its count says.
      for (const tab of tabs) {
        const { rows, total } = await queue(env.DB, { ...base, tab }, 50, 0);
        expect(rows.length, `${tab} ${JSON.stringify(scope)}`).toBe(total);
      }
    }
    const province = await queue(
      env.DB,
      { scope: null, tab: 'tat-ca', today: TODAY, soon: '2025-06-11' },
      50,
      0,
    );
    // Not all zero: the figures mean something (20 dossiers, some overdue, some due soon).
    expect(province.counts['tat-ca']).toBe(20);
    expect(province.counts['qua-han']).toBeGreaterThan(0);
    expect(province.counts['sap-den-han']).toBeGreaterThan(0);
    expect(province.counts['dang-xu-ly']).toBeGreaterThan(0);
  });

  test('a whole dossier code, as pasted, finds that dossier alone; a part of it still searches', async () => {
    const made = await stored(newDossier(AGENCIES[0], { agencyCode: '000.00.99.H32' }));
    // As the route passes a search (functions/routes/office/queue.ts).
    const search = (q: string) =>
      queue(env.DB, { scope: null, tab: 'tat-ca', today: TODAY, soon: '2025-06-11', q }, 50, 0);
    const whole = await search(` ${made.code.toLowerCase()} `);
    expect(whole.rows.map((r) => r.code)).toEqual([made.code]);
    expect(whole.counts['tat-ca']).toBe(1);
    // A part of a code is still a part: the other agencies' first dossier of that day too.
    const part = await search(made.code.slice(-11));
    expect(part.rows.map((r) => r.code)).toContain(made.code);
    expect(part.rows.length).toBeGreaterThan(1);
    const none = await search(made.code.replace(/\d{4}$/, '9999'));
    expect(none.counts['tat-ca']).toBe(0);
  });
});
