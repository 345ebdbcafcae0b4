import type { Catalogue } from '../../../src/catalogue/types.ts';
import { consumeNotifyBatch, type NotifyEnv, type NotifyJob } from '../outbox.ts';
import { sendersFor } from './senders.ts';

/** The queue of messages to citizens (wrangler.toml `[[queues.consumers]]`). */
export const NOTIFY_QUEUE = 'mot-cua-notify';

/** The Worker's `queue` handler for `mot-cua-notify`, with this environment's senders. */
export function notifyConsumer(catalogue: Pick<Catalogue, 'notifications' | 'site'>) {
  return (batch: MessageBatch<NotifyJob>, env: NotifyEnv, now: () => Date = () => new Date()) =>
    consumeNotifyBatch(
      batch,
      env,
      sendersFor(env, catalogue.notifications, catalogue.site.name),
      now,
    );
}
