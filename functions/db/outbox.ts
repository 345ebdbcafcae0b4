import type {
  DeliveryState,
  FailureClass,
  NotifyChannel,
} from '../../src/domain/notify/delivery.ts';

/**
 * The outbox of messages to citizens (migrations/0003) and the delivery of each one
 * (`outbox_delivery`, migrations/0022). Rows are written with the status change they report
 * (functions/db/office.ts, stop-requests.ts: the outbox row, then its delivery row through
 * `DELIVERY_INSERT`); this module hands them to delivery and records each attempt. A row
 * written without a delivery row (older rows, messages of other kinds) gets one when
 * dispatched, going by its address kind.
 */

/** The kind of address a channel writes to `outbox.channel`: Zalo goes to a phone number. */
export const addressKind = (channel: NotifyChannel): 'sms' | 'email' =>
  channel === 'email' ? 'email' : 'sms';

/**
 * Written right after a conditional `INSERT INTO outbox … SELECT … WHERE …` in the same
 * batch: the new row's delivery, only if that insert wrote a row. Binds ?1 via, ?2 params.
 */
export const DELIVERY_INSERT = `INSERT INTO outbox_delivery (outbox_id, via, params)
  SELECT last_insert_rowid(), ?1, ?2 WHERE changes() = 1`;

/** Deliveries whose message is gone (the retention job deleted it). */
export const DELETE_ORPHAN_DELIVERIES =
  'DELETE FROM outbox_delivery WHERE outbox_id NOT IN (SELECT id FROM outbox)';

/** The delivery state of a row that has no delivery row yet. */
const STATE = `COALESCE(d.state, CASE WHEN o.sent_at IS NOT NULL THEN 'sent' ELSE 'pending' END)`;

/** A message as written with the status change it reports. */
export interface OutboxInsert {
  kind: string;
  channel: NotifyChannel;
  recipient: string;
  subject: string;
  body: string;
  params?: string | undefined;
}

export interface OutboxMessage {
  id: number;
  kind: string;
  channel: NotifyChannel;
  recipient: string;
  subject: string;
  body: string;
  /** The message's values as JSON (a Zalo template is filled with them); null on old rows. */
  params: string | null;
  state: DeliveryState;
  attempts: number;
}

/** A message as the officer sees it on the dossier: its delivery, never its content. */
export interface DeliveryRow {
  id: number;
  kind: string;
  channel: NotifyChannel;
  state: DeliveryState;
  failure: FailureClass | null;
  reason: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
}

export interface NotifyAlert {
  channel: NotifyChannel;
  code: string;
  firstAt: string;
  lastAt: string;
  count: number;
}

export async function loadMessage(db: D1Database, id: number): Promise<OutboxMessage | null> {
  return db
    .prepare(
      `SELECT o.id, o.kind, COALESCE(d.via, o.channel) AS channel, o.recipient, o.subject, o.body,
         d.params, ${STATE} AS state, o.attempts
       FROM outbox o LEFT JOIN outbox_delivery d ON d.outbox_id = o.id WHERE o.id = ?1`,
    )
    .bind(id)
    .first<OutboxMessage>();
}

/**
 * Claims the messages to hand to delivery and returns their ids, oldest first: new ones never
 * handed over, and any still undelivered whose hand-over is older than `staleBefore` (lost
 * with a failed enqueue or a crashed consumer); with `dueBy`, also retrying ones whose next
 * attempt is due and that nobody claimed since (delivery without a queue). One statement, so
 * two requests dispatching at once never claim the same message.
 */
export async function claimForDispatch(
  db: D1Database,
  options: { staleBefore: string; dueBy?: string | undefined; limit: number; at: string },
): Promise<number[]> {
  const [, claimed] = await db.batch<{ id: number }>([
    db.prepare(
      `INSERT INTO outbox_delivery (outbox_id, via, state)
       SELECT o.id, o.channel, CASE WHEN o.sent_at IS NOT NULL THEN 'sent' ELSE 'pending' END
       FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM outbox_delivery d WHERE d.outbox_id = o.id)`,
    ),
    db
      .prepare(
        `UPDATE outbox_delivery SET enqueued_at = ?4
         WHERE outbox_id IN (SELECT outbox_id FROM outbox_delivery
           WHERE (state = 'pending' AND (enqueued_at IS NULL OR enqueued_at < ?1))
              OR (state = 'retrying' AND ?2 IS NULL AND (enqueued_at IS NULL OR enqueued_at < ?1))
              OR (state = 'retrying' AND ?2 IS NOT NULL AND next_attempt_at <= ?2
                  AND (enqueued_at IS NULL OR enqueued_at < next_attempt_at OR enqueued_at < ?1))
           ORDER BY outbox_id LIMIT ?3)
         RETURNING outbox_id AS id`,
      )
      .bind(options.staleBefore, options.dueBy ?? null, options.limit, options.at),
  ]);
  return (claimed?.results ?? []).map((r) => r.id).sort((a, b) => a - b);
}

/** Gives a claim back (the hand-over to the queue failed): the next dispatch takes them. */
export async function releaseClaim(db: D1Database, ids: readonly number[]) {
  if (ids.length === 0) return;
  await db
    .prepare(
      'UPDATE outbox_delivery SET enqueued_at = NULL WHERE outbox_id IN (SELECT value FROM json_each(?1))',
    )
    .bind(JSON.stringify(ids))
    .run();
}

export type AttemptResult =
  | { state: 'sent' }
  | { state: 'retrying'; failure: FailureClass; reason: string; nextAttemptAt: string }
  | { state: 'failed'; failure: FailureClass; reason: string };

/** Records one attempt; a technical failure also raises (or renews) its channel's alert. */
export async function recordAttempt(
  db: D1Database,
  message: Pick<OutboxMessage, 'id' | 'channel'>,
  result: AttemptResult,
  at: string,
): Promise<void> {
  const statements = [
    // The outbox keeps its own record of attempts (what older code and backups read).
    db
      .prepare(
        `UPDATE outbox SET attempts = attempts + 1, sent_at = COALESCE(?2, sent_at),
           last_error = ?3 WHERE id = ?1`,
      )
      .bind(
        message.id,
        result.state === 'sent' ? at : null,
        result.state === 'sent' ? null : result.reason.slice(0, 60),
      ),
    result.state === 'sent'
      ? db
          .prepare(
            `UPDATE outbox_delivery SET state = 'sent', failure = NULL, reason = NULL,
               next_attempt_at = NULL WHERE outbox_id = ?1`,
          )
          .bind(message.id)
      : db
          .prepare(
            `UPDATE outbox_delivery SET state = ?2, failure = ?3, reason = ?4, next_attempt_at = ?5
             WHERE outbox_id = ?1`,
          )
          .bind(
            message.id,
            result.state,
            result.failure,
            result.reason.slice(0, 60),
            result.state === 'retrying' ? result.nextAttemptAt : null,
          ),
  ];
  if (result.state !== 'sent' && result.failure === 'technical') {
    statements.push(
      db
        .prepare(
          `INSERT INTO notify_alerts (channel, code, first_at, last_at) VALUES (?1, ?2, ?3, ?3)
           ON CONFLICT (channel) DO UPDATE SET code = ?2, last_at = ?3, count = count + 1`,
        )
        .bind(message.channel, result.reason.slice(0, 60), at),
    );
  }
  await db.batch(statements);
}

/** The delivery of each message of a dossier, oldest first. */
export async function deliveriesOf(db: D1Database, dossierId: string): Promise<DeliveryRow[]> {
  const { results } = await db
    .prepare(
      `SELECT o.id, o.kind, COALESCE(d.via, o.channel) AS channel, ${STATE} AS state, d.failure,
         d.reason, o.attempts, o.created_at AS createdAt, o.sent_at AS sentAt
       FROM outbox o LEFT JOIN outbox_delivery d ON d.outbox_id = o.id
       WHERE o.dossier_id = ?1 ORDER BY o.id`,
    )
    .bind(dossierId)
    .all<DeliveryRow>();
  return results;
}

export async function notifyAlerts(db: D1Database): Promise<NotifyAlert[]> {
  const { results } = await db
    .prepare(
      `SELECT channel, code, first_at AS firstAt, last_at AS lastAt, count FROM notify_alerts
       ORDER BY channel`,
    )
    .all<NotifyAlert>();
  return results;
}

/**
 * Clears a channel's alert once the configuration is fixed, and puts the messages it stopped
 * back to be sent (their delivery starts over). Returns how many go out again.
 */
export async function clearNotifyAlert(db: D1Database, channel: NotifyChannel): Promise<number> {
  const stopped = `SELECT outbox_id FROM outbox_delivery
    WHERE via = ?1 AND state = 'failed' AND failure = 'technical'`;
  const [, , resent] = await db.batch([
    db.prepare('DELETE FROM notify_alerts WHERE channel = ?1').bind(channel),
    db.prepare(`UPDATE outbox SET attempts = 0 WHERE id IN (${stopped})`).bind(channel),
    db
      .prepare(
        `UPDATE outbox_delivery SET state = 'pending', failure = NULL, reason = NULL,
           enqueued_at = NULL, next_attempt_at = NULL WHERE outbox_id IN (${stopped})`,
      )
      .bind(channel),
  ]);
  return resent?.meta.changes ?? 0;
}
