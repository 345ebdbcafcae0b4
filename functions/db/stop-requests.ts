import { type DossierRef, forDossier, firstRow, type Read, readOne } from './read.ts';
import { addressKind, DELIVERY_INSERT, type OutboxInsert } from './outbox.ts';
/**
 * SQL of the applicant's stop requests (migrations/0015): recorded from the lookup page,
 * decided by the receiving desk. Confirmation happens with the `stop` event itself
 * (functions/db/office.ts `applyChange`).
 */

export type StopRequestState = 'pending' | 'confirmed' | 'refused';

export interface StopRequest {
  id: number;
  reason: string;
  requestedAt: string;
  state: StopRequestState;
  decidedAt: string | null;
  refusalReason: string | null;
}

const COLUMNS = `id, reason, requested_at AS requestedAt, state, decided_at AS decidedAt,
  refusal_reason AS refusalReason`;

/** The dossier's latest stop request, if it has one, as a read. */
export const latestStopRequestRead = (
  db: D1Database,
  dossier: DossierRef,
): Read<StopRequest | undefined> => ({
  statement: forDossier(
    db,
    dossier,
    (id) =>
      `SELECT ${COLUMNS} FROM stop_requests WHERE dossier_id = ${id} ORDER BY id DESC LIMIT 1`,
  ),
  rows: firstRow<StopRequest>,
});

/** The dossier's latest stop request, if it has one. */
export const latestStopRequest = (
  db: D1Database,
  dossierId: string,
): Promise<StopRequest | undefined> => readOne(latestStopRequestRead(db, { id: dossierId }));

/** Several dossiers' latest stop requests, by dossier id (the archive job). */
export async function latestStopRequestsOf(
  db: D1Database,
  ids: readonly string[],
): Promise<Map<string, StopRequest>> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS}, dossier_id AS dossierId FROM stop_requests
       WHERE dossier_id IN (SELECT value FROM json_each(?1)) ORDER BY id`,
    )
    .bind(JSON.stringify(ids))
    .all<StopRequest & { dossierId: string }>();
  // Ordered by id: the last one written for a dossier stays.
  return new Map(results.map(({ dossierId, ...request }) => [dossierId, request]));
}

/** The request waiting for the desk's decision, if any. */
export async function pendingStopRequest(
  db: D1Database,
  dossierId: string,
): Promise<StopRequest | undefined> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM stop_requests WHERE dossier_id = ?1 AND state = 'pending'`)
    .bind(dossierId)
    .first<StopRequest>();
  return row ?? undefined;
}

/**
 * Records a request; false when one is already waiting (the unique index on pending
 * requests decides, so two concurrent requests cannot both wait).
 */
export async function insertStopRequest(
  db: D1Database,
  request: { dossierId: string; reason: string; at: string },
): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO stop_requests (dossier_id, reason, requested_at) VALUES (?1, ?2, ?3)
       ON CONFLICT DO NOTHING`,
    )
    .bind(request.dossierId, request.reason, request.at)
    .run();
  return (result.meta.changes ?? 0) === 1;
}

/**
 * Refuses the waiting request with the desk's reason and, in the same transaction, queues the
 * citizen's message; false when none was waiting (another officer decided it first).
 */
export async function refuseStopRequest(
  db: D1Database,
  refusal: {
    id: number;
    dossierId: string;
    actor: string;
    reason: string;
    at: string;
    message?: OutboxInsert | undefined;
  },
): Promise<boolean> {
  const statements = [
    db
      .prepare(
        `UPDATE stop_requests SET state = 'refused', decided_at = ?3, decided_by = ?2, refusal_reason = ?4
         WHERE id = ?1 AND state = 'pending'`,
      )
      .bind(refusal.id, refusal.actor, refusal.at, refusal.reason),
  ];
  const m = refusal.message;
  if (m) {
    statements.push(
      db
        .prepare(
          `INSERT INTO outbox (dossier_id, kind, channel, recipient, subject, body, created_at)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE changes() = 1`,
        )
        .bind(
          refusal.dossierId,
          m.kind,
          addressKind(m.channel),
          m.recipient,
          m.subject,
          m.body,
          refusal.at,
        ),
      db.prepare(DELIVERY_INSERT).bind(m.channel, m.params ?? null),
    );
  }
  const results = await db.batch(statements);
  return (results[0]?.meta.changes ?? 0) === 1;
}

/** The applicant's identity number as stored ('' once purged or when there is none). */
export async function applicantIdNumber(db: D1Database, dossierId: string): Promise<string> {
  const row = await db
    .prepare('SELECT id_number AS idNumber FROM applicants WHERE dossier_id = ?1')
    .bind(dossierId)
    .first<{ idNumber: string | null }>();
  return row?.idNumber ?? '';
}
