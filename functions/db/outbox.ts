import type {
  DeliveryState,
  FailureClass,
  NotifyChannel,
} from '../../src/domain/notify/delivery.ts';

/**
 * The outbox of messages to citizens and its delivery state (migrations/0003, 0022). Rows are
 * written with the status change they report (functions/db/office.ts, stop-requests.ts); this
 * module hands them to delivery and records what became of each attempt.
 */

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
      `SELECT id, kind, channel, recipient, subject, body, params, state, attempts
       FROM outbox WHERE id = ?1`,
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
  const { results } = await db
    .prepare(
      `UPDATE outbox SET enqueued_at = ?4
       WHERE id IN (SELECT id FROM outbox
         WHERE (state = 'pending' AND (enqueued_at IS NULL OR enqueued_at < ?1))
            OR (state = 'retrying' AND ?2 IS NULL AND (enqueued_at IS NULL OR enqueued_at < ?1))
            OR (state = 'retrying' AND ?2 IS NOT NULL AND next_attempt_at <= ?2
                AND (enqueued_at IS NULL OR enqueued_at < next_attempt_at OR enqueued_at < ?1))
         ORDER BY id LIMIT ?3)
       RETURNING id`,
    )
    .bind(options.staleBefore, options.dueBy ?? null, options.limit, options.at)
    .all<{ id: number }>();
  return results.map((r) => r.id).sort((a, b) => a - b);
}

/** Gives a claim back (the hand-over to the queue failed): the next dispatch takes them. */
export async function releaseClaim(db: D1Database, ids: readonly number[]) {
  if (ids.length === 0) return;
  await db
    .prepare('UPDATE outbox SET enqueued_at = NULL WHERE id IN (SELECT value FROM json_each(?1))')
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
    result.state === 'sent'
      ? db
          .prepare(
            `UPDATE outbox SET state = 'sent', sent_at = ?2, attempts = attempts + 1,
               failure = NULL, reason = NULL, next_attempt_at = NULL WHERE id = ?1`,
          )
          .bind(message.id, at)
      : db
          .prepare(
            `UPDATE outbox SET state = ?2, failure = ?3, reason = ?4, last_error = ?4,
               attempts = attempts + 1, next_attempt_at = ?5 WHERE id = ?1`,
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
      `SELECT id, kind, channel, state, failure, reason, attempts, created_at AS createdAt,
         sent_at AS sentAt
       FROM outbox WHERE dossier_id = ?1 ORDER BY id`,
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
  const [, resent] = await db.batch([
    db.prepare('DELETE FROM notify_alerts WHERE channel = ?1').bind(channel),
    db
      .prepare(
        `UPDATE outbox SET state = 'pending', failure = NULL, reason = NULL, enqueued_at = NULL,
           next_attempt_at = NULL, attempts = 0
         WHERE channel = ?1 AND state = 'failed' AND failure = 'technical'`,
      )
      .bind(channel),
  ]);
  return resent?.meta.changes ?? 0;
}
