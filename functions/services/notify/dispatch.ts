import type { Catalogue } from '../../../src/catalogue/types.ts';
import { dispatchOutbox, type NotifyEnv } from '../outbox.ts';
import { sendersFor } from './senders.ts';

/**
 * Hands the outbox to delivery with this environment's senders: after a commit that queued
 * a message, and on the cron sweep. Never throws: a message not handed over now is picked up
 * by the next sweep.
 */
export async function dispatchNow(
  env: NotifyEnv,
  catalogue: Pick<Catalogue, 'notifications' | 'site'>,
  now: Date,
): Promise<number> {
  try {
    return await dispatchOutbox(
      env,
      sendersFor(env, catalogue.notifications, catalogue.site.name),
      now,
    );
  } catch (error) {
    console.error(
      `[thông báo] chưa giao được hộp thư đi: ${error instanceof Error ? error.name : 'Error'}`,
    );
    return 0;
  }
}
