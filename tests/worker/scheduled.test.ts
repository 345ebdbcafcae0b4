import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { DAILY_CRON, scheduledJobs, SWEEP_CRON } from '../../functions/services/scheduled.ts';
import { addMonths } from '../../src/domain/retention.ts';
import { actDone, onlineDossier, type Session, signIn } from './office-helpers.ts';
import { count } from './db-helpers.ts';

/**
 * The Cron Triggers' jobs as the Worker's scheduled handler runs them, against the real local
 * D1 and R2: the daily trigger purges a dossier closed long ago and, a year after, moves it to
 * R2; the 5-minute sweep touches neither; a cron nobody wired runs nothing.
 */

let desk: Session;
const made = { closed: { code: '', secret: '' }, open: { code: '', secret: '' } };

/** Runs a trigger's jobs to their end, with the jobs' own logging silenced. */
async function trigger(cron: string, at: Date) {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    return await Promise.allSettled(scheduledJobs(cron, env as never, at, catalogue));
  } finally {
    log.mockRestore();
  }
}

const applicantOf = (code: string) =>
  count(
    'SELECT count(*) AS n FROM applicants a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = ?1',
    code,
  );
const liveRows = (code: string) =>
  count('SELECT count(*) AS n FROM dossiers WHERE code = ?1', code);
const archivedRows = (code: string) =>
  count('SELECT count(*) AS n FROM archived_dossiers WHERE code = ?1', code);

const purgeDay = addMonths(new Date().toISOString(), 25);
const archiveDay = new Date(addMonths(purgeDay.toISOString(), 12).getTime() + 86_400_000);

beforeAll(async () => {
  desk = await signIn('tk.lich-chay.tn', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  made.closed = await onlineDossier();
  await actDone(desk, made.closed.code, 'refuse', { reason: 'Hồ sơ thiếu giấy tờ' });
  made.open = await onlineDossier();
  await actDone(desk, made.open.code, 'receive');
}, 30_000);

describe('the Cron Triggers', () => {
  test('the 5-minute sweep purges and archives nothing, however late it runs', async () => {
    const results = await trigger(SWEEP_CRON, archiveDay);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await applicantOf(made.closed.code)).toBe(1);
    expect(await liveRows(made.closed.code)).toBe(1);
  });

  test('a cron nobody wired runs nothing and says which one', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await trigger('0 3 * * *', archiveDay)).toEqual([]);
      expect(error).toHaveBeenCalledWith(expect.stringContaining('"0 3 * * *"'));
    } finally {
      error.mockRestore();
    }
    expect(await applicantOf(made.closed.code)).toBe(1);
  });

  test('the daily trigger purges the dossier closed long ago and leaves the open one', async () => {
    const results = await trigger(DAILY_CRON, purgeDay);
    expect(results.map((r) => r.status)).toEqual(['fulfilled']);
    expect(await applicantOf(made.closed.code)).toBe(0);
    expect(await liveRows(made.closed.code)).toBe(1);
    expect(await archivedRows(made.closed.code)).toBe(0);
    expect(await applicantOf(made.open.code)).toBe(1);
  });

  test('a year after the purge the same trigger moves it to R2', async () => {
    await trigger(DAILY_CRON, archiveDay);
    expect(await liveRows(made.closed.code)).toBe(0);
    expect(await archivedRows(made.closed.code)).toBe(1);
    expect((await (env.FILES as R2Bucket).list({ prefix: 'archive/' })).objects).toHaveLength(1);
    expect(await liveRows(made.open.code)).toBe(1);
  });
});
