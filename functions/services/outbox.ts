import {
  CHANNEL_LABELS,
  deliveryLabel,
  MESSAGE_KIND_LABELS,
  type NotifyChannel,
  nextStep,
  type SendOutcome,
} from '../../src/domain/notify/delivery.ts';
import type { AlertView, DeliveryView } from '../../src/ui/notify.ts';
import {
  type AttemptResult,
  claimForDispatch,
  clearNotifyAlert,
  deliveriesOf,
  loadMessage,
  notifyAlerts,
  type OutboxMessage,
  recordAttempt,
  releaseClaim,
} from '../db/outbox.ts';
import type { Senders } from './notify/senders.ts';

/**
 * Delivery of the outbox (docs/adr/0019-notifications.md). A message is written with the
 * status change it reports; after the commit it is handed to the queue `mot-cua-notify`
 * (binding NOTIFY), whose consumer sends it through the channel's sender and records the
 * outcome: sent; a temporary failure tried again with backoff; a permanent or technical one
 * stopped (the officer sees it on the dossier, a technical one raises an alert). The cron
 * sweep hands over whatever a lost enqueue left behind. Without the queue binding (a
 * deployment without Queues, `wrangler dev` without it) the same steps run inline.
 */

export type { OutboxMessage };

export interface MessageSender {
  send(message: OutboxMessage): Promise<SendOutcome>;
}

/** The body of a message on the queue: the outbox row's id, nothing personal. */
export interface NotifyJob {
  id: number;
}

/** "0912345678" → "09******78", "lan@example.vn" → "l***@example.vn". */
export function maskRecipient(recipient: string): string {
  const at = recipient.indexOf('@');
  if (at > 0) return `${recipient[0]}***${recipient.slice(at)}`;
  return recipient.length > 4
    ? `${recipient.slice(0, 2)}${'*'.repeat(recipient.length - 4)}${recipient.slice(-2)}`
    : '****';
}

/** Writes one line per message to the Worker log, without its personal data. */
export const logSender: MessageSender = {
  async send(message) {
    console.log(
      `[hộp thư đi] #${message.id} ${message.kind} qua ${message.channel} tới ${maskRecipient(message.recipient)}`,
    );
    return { ok: true };
  },
};

/** A hand-over older than this without an outcome is taken as lost and made again. */
const LOST_AFTER_MS = 2 * 60 * 60 * 1000;
/** The same without a queue, where the attempt runs at once. */
const INLINE_LOST_AFTER_MS = 10 * 60 * 1000;

export interface NotifyEnv {
  DB: D1Database;
  NOTIFY?: Queue<NotifyJob> | undefined;
}

/**
 * One attempt at one message; returns what happens next. A message already sent or given up
 * (a duplicate delivery of the queue) is left alone.
 */
export async function deliverMessage(
  db: D1Database,
  senders: Senders,
  id: number,
  now: Date,
): Promise<AttemptResult | undefined> {
  const message = await loadMessage(db, id);
  if (!message || message.state === 'sent' || message.state === 'failed') return undefined;
  let outcome: SendOutcome;
  try {
    outcome = await senders[message.channel].send(message);
  } catch {
    outcome = { ok: false, failure: 'temporary', code: 'network' };
  }
  const step = nextStep(outcome, message.attempts + 1);
  const reason = outcome.ok ? '' : outcome.code;
  const result: AttemptResult =
    step.state === 'sent'
      ? step
      : step.state === 'retrying'
        ? {
            state: 'retrying',
            failure: 'temporary',
            reason,
            nextAttemptAt: new Date(now.getTime() + step.delaySeconds * 1000).toISOString(),
          }
        : {
            state: 'failed',
            failure: step.failure,
            reason: step.failure === 'temporary' ? 'too-many-attempts' : reason,
          };
  await recordAttempt(db, message, result, now.toISOString());
  if (result.state === 'failed' && result.failure === 'technical') {
    // For the operator: the channel and the provider's code, never the recipient or the text.
    console.error(
      `[thông báo] kênh ${message.channel}: lỗi kỹ thuật ${result.reason} (tin #${id})`,
    );
  }
  return result;
}

/**
 * After a commit and on the cron sweep: hands the messages due to the queue, or, without a
 * queue, delivers them here. Returns how many were handed over or attempted.
 */
export async function dispatchOutbox(
  env: NotifyEnv,
  senders: Senders,
  now: Date,
  limit = 100,
): Promise<number> {
  const at = now.toISOString();
  if (env.NOTIFY) {
    const staleBefore = new Date(now.getTime() - LOST_AFTER_MS).toISOString();
    const ids = await claimForDispatch(env.DB, { staleBefore, limit, at });
    if (ids.length === 0) return 0;
    try {
      await env.NOTIFY.sendBatch(ids.map((id) => ({ body: { id } })));
    } catch (error) {
      await releaseClaim(env.DB, ids);
      throw error;
    }
    return ids.length;
  }
  // Inline: an attempt takes at most the provider timeout, so a claim older than this is lost.
  const staleBefore = new Date(now.getTime() - INLINE_LOST_AFTER_MS).toISOString();
  const ids = await claimForDispatch(env.DB, { staleBefore, dueBy: at, limit, at });
  for (const id of ids) await deliverMessage(env.DB, senders, id, now);
  return ids.length;
}

/**
 * The consumer of `mot-cua-notify`: one attempt per message; a temporary failure goes back on
 * the queue with its backoff delay, everything else is acknowledged. An error of our own
 * (D1 unavailable) retries the message with the queue's policy; past max_retries it lands in
 * `mot-cua-notify-dlq` and the cron sweep hands the row over again.
 */
export async function consumeNotifyBatch(
  batch: MessageBatch<NotifyJob>,
  env: NotifyEnv,
  senders: Senders,
  now: () => Date,
): Promise<void> {
  for (const job of batch.messages) {
    try {
      const id = Number(job.body?.id);
      const result = Number.isInteger(id)
        ? await deliverMessage(env.DB, senders, id, now())
        : undefined;
      if (result?.state === 'retrying') {
        const seconds = Math.max(
          0,
          Math.round((Date.parse(result.nextAttemptAt) - now().getTime()) / 1000),
        );
        job.retry({ delaySeconds: seconds });
      } else {
        job.ack();
      }
    } catch (error) {
      console.error(
        `[thông báo] lỗi xử lý hàng đợi: ${error instanceof Error ? error.name : 'Error'}`,
      );
      job.retry();
    }
  }
}

/** The messages of a dossier as the officer sees them: what, how, when, and how it went. */
export async function deliveryViews(db: D1Database, dossierId: string): Promise<DeliveryView[]> {
  const rows = await deliveriesOf(db, dossierId);
  return rows.map((r) => ({
    kind: MESSAGE_KIND_LABELS[r.kind] ?? r.kind,
    channel: CHANNEL_LABELS[r.channel],
    createdAt: r.createdAt,
    status: deliveryLabel(r),
    failed: r.state === 'failed',
  }));
}

/** The channels failing for a reason of configuration (the dashboard's alert). */
export async function alertViews(db: D1Database): Promise<AlertView[]> {
  return notifyAlerts(db);
}

/** An administrator fixed a channel's configuration: clear its alert and send its messages again. */
export async function resolveAlert(env: NotifyEnv, channel: NotifyChannel): Promise<number> {
  return clearNotifyAlert(env.DB, channel);
}
