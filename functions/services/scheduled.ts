import type { Catalogue } from '../../src/catalogue/types.ts';
import type { Env } from '../env.ts';
import { runArchive } from './archive.ts';
import { enqueueQuietly } from './dvcqg-sync.ts';
import { dispatchNow } from './notify/dispatch.ts';
import { runRetention } from './retention.ts';

/**
 * What each Cron Trigger of wrangler.toml runs (docs/van-hanh.md):
 * - every 5 minutes, the outbox is handed to delivery again (what a lost enqueue left behind)
 *   and status changes still unsent go to the national portal's queue;
 * - once a day, the retention job, then the archive job on what it left (docs/adr/0027).
 * An unknown cron runs nothing and says so: a schedule changed in wrangler.toml alone must not
 * silently run the wrong job.
 */

/** 19:00 UTC, 02:00 in Vietnam: the daily jobs. */
export const DAILY_CRON = '0 19 * * *';
/** The outbox sweep. */
export const SWEEP_CRON = '*/5 * * * *';

export function scheduledJobs(
  cron: string,
  env: Env,
  now: Date,
  catalogue: Pick<Catalogue, 'notifications' | 'site' | 'ruleSets'>,
): Promise<unknown>[] {
  if (cron === DAILY_CRON) {
    return [
      runRetention(env, now, { ruleSets: catalogue.ruleSets })
        .then(() => runArchive(env, now))
        .catch((error: unknown) => {
          // The error class only (a message could quote data); the run is marked failed.
          const name = error instanceof Error ? error.name : 'Error';
          throw new Error(`retention job failed: ${name}`);
        }),
    ];
  }
  if (cron === SWEEP_CRON) return [dispatchNow(env, catalogue, now), enqueueQuietly(env, now)];
  console.error(`[lịch chạy] không có việc cho lịch "${cron}" (xem wrangler.toml)`);
  return [];
}
