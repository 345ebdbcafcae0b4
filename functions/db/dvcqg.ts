/**
 * SQL of the exchange with the national portal (docs/adr/0017-national-portal-exchange.md):
 * the link of dossiers filed on DVCQG, and the outbox of status changes to sync back
 * (`dvcqg_sync`, written by a trigger in the same transaction as each status event).
 */

export function dvcqgLinkStatement(
  db: D1Database,
  dossierId: string,
  code: string,
  requestHash: string,
  at: string,
): D1PreparedStatement {
  return db
    .prepare(
      'INSERT INTO dvcqg_dossiers (dossier_id, code, request_hash, received_at) VALUES (?1, ?2, ?3, ?4)',
    )
    .bind(dossierId, code, requestHash, at);
}

/** The dossier DVCQG delivered under this code, with the hash of that request. */
export async function findDvcqgDossier(
  db: D1Database,
  code: string,
): Promise<{ dossierId: string; requestHash: string } | undefined> {
  const row = await db
    .prepare(
      'SELECT dossier_id AS dossierId, request_hash AS requestHash FROM dvcqg_dossiers WHERE code = ?1',
    )
    .bind(code)
    .first<{ dossierId: string; requestHash: string }>();
  return row ?? undefined;
}

export type SyncState = 'pending' | 'delivered' | 'failed';

/** A row of the outbox with what the request to DVCQG needs (no personal data). */
export interface SyncRow {
  id: number;
  dossierId: string;
  code: string;
  seq: number;
  status: number;
  state: SyncState;
  attempts: number;
  lastError: string | null;
  enqueuedAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  /** The event: when, its action, what the citizen was told, the appointment after it. */
  at: string;
  action: string | null;
  publicNote: string | null;
  eventDueDate: string | null;
  /** The dossier: its appointment and the desk that received it. */
  dueDate: string;
  dueHour: string | null;
  deskSlug: string;
  agencySlug: string;
}

const SYNC_COLUMNS = `s.id, s.dossier_id AS dossierId, d.code, s.seq, s.status, s.state, s.attempts,
  s.last_error AS lastError, s.enqueued_at AS enqueuedAt, s.delivered_at AS deliveredAt,
  s.created_at AS createdAt, e.at, e.action, e.public_note AS publicNote, e.due_date AS eventDueDate,
  d.due_date AS dueDate, d.due_hour AS dueHour, d.desk_slug AS deskSlug, d.agency_slug AS agencySlug`;
const SYNC_FROM = `dvcqg_sync s JOIN dossiers d ON d.id = s.dossier_id
  JOIN status_events e ON e.id = s.event_id`;

/** Whether an earlier row of the same dossier than `row`'s is not delivered yet (it must wait). */
const waiting = (row: string) => `EXISTS (SELECT 1 FROM dvcqg_sync p
  WHERE p.dossier_id = ${row}.dossier_id AND p.seq < ${row}.seq AND p.state <> 'delivered')`;
const WAITING = waiting('s');

/**
 * Takes a row for sending: pending, first undelivered of its dossier, not being sent by
 * another consumer (a lease until `leaseUntil`), counting the try before it is made (so a
 * consumer that dies after sending still leaves a count, and the next try checks first).
 * Undefined when it cannot be sent now.
 */
export async function claimSyncRow(
  db: D1Database,
  id: number,
  now: string,
  leaseUntil: string,
): Promise<SyncRow | undefined> {
  const claimed = await db
    .prepare(
      `UPDATE dvcqg_sync SET lease_until = ?3, attempts = attempts + 1
       WHERE id = ?1 AND state = 'pending' AND (lease_until IS NULL OR lease_until < ?2)
         AND NOT ${waiting('dvcqg_sync')}
       RETURNING id`,
    )
    .bind(id, now, leaseUntil)
    .first<{ id: number }>();
  if (!claimed) return undefined;
  return findSyncRow(db, id);
}

export async function findSyncRow(db: D1Database, id: number): Promise<SyncRow | undefined> {
  const row = await db
    .prepare(`SELECT ${SYNC_COLUMNS} FROM ${SYNC_FROM} WHERE s.id = ?1`)
    .bind(id)
    .first<SyncRow>();
  return row ?? undefined;
}

/** Why a row could not be claimed: its state, and whether it waits for an earlier one. */
export async function syncRowBlock(
  db: D1Database,
  id: number,
): Promise<{ state: SyncState; waiting: boolean } | undefined> {
  const row = await db
    .prepare(`SELECT s.state, ${WAITING} AS waiting FROM dvcqg_sync s WHERE s.id = ?1`)
    .bind(id)
    .first<{ state: SyncState; waiting: number }>();
  return row ? { state: row.state, waiting: row.waiting === 1 } : undefined;
}

/** Delivered: the lease ends, and the next row of the dossier becomes sendable. */
export async function markSyncDelivered(db: D1Database, id: number, at: string): Promise<void> {
  await db
    .prepare(
      `UPDATE dvcqg_sync SET state = 'delivered', delivered_at = ?2, lease_until = NULL,
         last_error = NULL WHERE id = ?1`,
    )
    .bind(id, at)
    .run();
}

/** A try failed: its reason, and the row is free for the next try. */
export async function recordSyncFailure(db: D1Database, id: number, error: string): Promise<void> {
  await db
    .prepare(`UPDATE dvcqg_sync SET last_error = ?2, lease_until = NULL WHERE id = ?1`)
    .bind(id, error)
    .run();
}

/** The queue gave up on the row (its message reached the dead-letter queue). */
export async function markSyncFailed(db: D1Database, id: number): Promise<void> {
  await db
    .prepare(
      `UPDATE dvcqg_sync SET state = 'failed', enqueued_at = NULL, lease_until = NULL
       WHERE id = ?1 AND state = 'pending'`,
    )
    .bind(id)
    .run();
}

/** The row is no longer on the queue (it waits for an earlier one, or sync is off). */
export async function markSyncOffQueue(db: D1Database, id: number): Promise<void> {
  await db
    .prepare(`UPDATE dvcqg_sync SET enqueued_at = NULL WHERE id = ?1 AND state = 'pending'`)
    .bind(id)
    .run();
}

/**
 * Rows to put on the queue: pending, first undelivered of their dossier, and not on the
 * queue (never enqueued, taken off, or enqueued before `staleBefore`: a lost message).
 */
export async function sendableSyncRows(
  db: D1Database,
  staleBefore: string,
  limit: number,
): Promise<number[]> {
  const { results } = await db
    .prepare(
      `SELECT s.id FROM dvcqg_sync s
       WHERE s.state = 'pending' AND (s.enqueued_at IS NULL OR s.enqueued_at < ?1) AND NOT ${WAITING}
       ORDER BY s.id LIMIT ?2`,
    )
    .bind(staleBefore, limit)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

export async function markSyncEnqueued(db: D1Database, ids: number[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db.batch(
    ids.map((id) =>
      db.prepare('UPDATE dvcqg_sync SET enqueued_at = ?2 WHERE id = ?1').bind(id, at),
    ),
  );
}

/** The row of `dossierId` that follows `seq`, if it is pending. */
export async function nextSyncRow(
  db: D1Database,
  dossierId: string,
  seq: number,
): Promise<number | undefined> {
  const row = await db
    .prepare(
      `SELECT id FROM dvcqg_sync WHERE dossier_id = ?1 AND seq = ?2 + 1 AND state = 'pending'`,
    )
    .bind(dossierId, seq)
    .first<{ id: number }>();
  return row?.id;
}

/**
 * An officer resends a failed row: pending again with a fresh count; returns its dossier's
 * code, or undefined when the row is not failed or not in `scope` (desk slugs; null: all).
 */
export async function resendSyncRow(
  db: D1Database,
  id: number,
  scope: readonly string[] | null,
): Promise<string | undefined> {
  const row = await db
    .prepare(
      `UPDATE dvcqg_sync SET state = 'pending', attempts = 0, enqueued_at = NULL, lease_until = NULL
       WHERE id = ?1 AND state = 'failed'
         AND (?2 IS NULL OR (SELECT desk_slug FROM dossiers d WHERE d.id = dvcqg_sync.dossier_id)
           IN (SELECT value FROM json_each(?2)))
       RETURNING (SELECT code FROM dossiers d WHERE d.id = dvcqg_sync.dossier_id) AS code`,
    )
    .bind(id, scope ? JSON.stringify(scope) : null)
    .first<{ code: string }>();
  return row?.code;
}

/** Rows not delivered (failed first, then oldest), of the desks in `scope` (null: all). */
export async function undeliveredSyncRows(
  db: D1Database,
  scope: readonly string[] | null,
  limit = 200,
): Promise<SyncRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${SYNC_COLUMNS} FROM ${SYNC_FROM}
       WHERE s.state <> 'delivered' AND (?1 IS NULL OR d.desk_slug IN (SELECT value FROM json_each(?1)))
       ORDER BY s.state = 'failed' DESC, s.id LIMIT ?2`,
    )
    .bind(scope ? JSON.stringify(scope) : null, limit)
    .all<SyncRow>();
  return results;
}

/** Counts of rows by state, for the page's summary. */
export async function syncCounts(
  db: D1Database,
  scope: readonly string[] | null,
): Promise<Record<SyncState, number>> {
  const { results } = await db
    .prepare(
      `SELECT s.state, count(*) AS n FROM dvcqg_sync s JOIN dossiers d ON d.id = s.dossier_id
       WHERE ?1 IS NULL OR d.desk_slug IN (SELECT value FROM json_each(?1)) GROUP BY s.state`,
    )
    .bind(scope ? JSON.stringify(scope) : null)
    .all<{ state: SyncState; n: number }>();
  const counts: Record<SyncState, number> = { pending: 0, delivered: 0, failed: 0 };
  for (const r of results) counts[r.state] = r.n;
  return counts;
}
