import { DELETE_ORPHAN_DELIVERIES } from './outbox.ts';
import type { StatusCode } from '../../src/domain/dossier/status.ts';
import { CLOSED_STATUSES, PURGE_LABELS, type PurgeCounts } from '../../src/domain/retention.ts';
import { statusList } from './status-sql.ts';

/**
 * SQL of the retention job (functions/services/retention.ts; the policy is in
 * src/domain/retention.ts). Lists of dossier ids travel as one JSON parameter
 * (`json_each`), since D1 binds at most 100 parameters per statement. Each purge is one
 * transaction (a D1 batch) whose first statement writes the audit entry with the counts
 * of what the following statements delete; counts come from the rows themselves, not
 * from `meta.changes`, which also counts the statistics triggers' writes.
 */

const IN_IDS = '(SELECT value FROM json_each(?1))';

/** The action name of the audit entries the job writes (actor `system`). */
export const PURGE_ACTION = 'retention-purge';

export interface ClosedDossier {
  id: string;
  status: StatusCode;
  /** When it reached its closing status: the last event with that status. */
  closedAt: string | null;
  purgedAt: string | null;
}

/**
 * Closed dossiers whose personal data is still kept and that closed before `before`
 * (ISO 8601), oldest first. `julianday` compares instants whatever their offset.
 */
export async function closedDossiers(
  db: D1Database,
  before: string,
  limit: number,
): Promise<ClosedDossier[]> {
  const { results } = await db
    .prepare(
      `WITH closed AS (
         SELECT d.id, d.status, d.purged_at AS purgedAt,
           (SELECT e.at FROM status_events e WHERE e.dossier_id = d.id AND e.status = d.status
            ORDER BY e.id DESC LIMIT 1) AS closedAt
         FROM dossiers d WHERE d.purged_at IS NULL AND d.status IN ${statusList(CLOSED_STATUSES)})
       SELECT id, status, closedAt, purgedAt FROM closed
       WHERE julianday(closedAt) < julianday(?1)
       ORDER BY julianday(closedAt), id LIMIT ?2`,
    )
    .bind(before, limit)
    .all<ClosedDossier>();
  return results;
}

/** The chains (migrations/0024) these dossiers are members of. */
const CHAINS_OF = `(SELECT chain_id FROM dossiers WHERE id IN ${IN_IDS} AND chain_id IS NOT NULL)`;

/** The R2 keys of these dossiers' attachments, and of the files of the chains they belong to. */
export async function attachmentKeys(db: D1Database, ids: readonly string[]): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT storage_key AS key FROM attachments WHERE dossier_id IN ${IN_IDS}
       UNION SELECT storage_key FROM chain_attachments WHERE chain_id IN ${CHAINS_OF}`,
    )
    .bind(JSON.stringify(ids))
    .all<{ key: string }>();
  return results.map((r) => r.key);
}

/** SQL building the audit detail ("hồ sơ 2; người nộp 2; …") from one expression per count. */
function detailSql(parts: Record<keyof PurgeCounts, string>): string {
  return PURGE_LABELS.map(([key, label]) => `'${label} ' || (${parts[key]})`).join(` || '; ' || `);
}

/**
 * The audit entry of a purge, written first in its transaction so its counts are what
 * the next statements delete; only when `when` (SQL) holds, i.e. when there is something.
 */
function auditPurge(
  db: D1Database,
  parts: Record<keyof PurgeCounts, string>,
  when: string,
): D1PreparedStatement {
  return db.prepare(
    `INSERT INTO audit_events (at, actor, action, target, detail, client)
     SELECT ?2, 'system', '${PURGE_ACTION}', NULL, ${detailSql(parts)}, NULL WHERE ${when}`,
  );
}

export type PurgedRows = Pick<
  PurgeCounts,
  'dossiers' | 'applicants' | 'attachments' | 'messages' | 'evaluationComments'
>;

/**
 * Deletes the personal data of these dossiers in one transaction: the applicant row
 * (name, identity number, birth date, phone, e-mail, address, representative), the
 * attachment rows (the caller deletes the R2 objects first and passes how many), the
 * form data, the messages to the citizen (recipient and text), the idempotency records
 * (which seal the lookup secret), the evaluation comment, and the answers and files a chain
 * kept for members not started (ADR 0021). The dossier row is marked
 * `purged_at` and keeps what the statistics need. Dossiers already purged are left
 * alone, so a second run changes nothing and writes no audit entry.
 */
export async function purgeDossiers(
  db: D1Database,
  ids: readonly string[],
  at: string,
  files: number,
): Promise<PurgedRows> {
  const json = JSON.stringify(ids);
  const pending = `id IN ${IN_IDS} AND purged_at IS NULL`;
  const results = await db.batch<Record<string, unknown>>([
    auditPurge(
      db,
      {
        dossiers: `SELECT count(*) FROM dossiers WHERE ${pending}`,
        applicants: `SELECT count(*) FROM applicants WHERE dossier_id IN ${IN_IDS}`,
        attachments: `SELECT count(*) FROM attachments WHERE dossier_id IN ${IN_IDS}`,
        // D1 binds JavaScript numbers as REAL ("1.0"): cast.
        files: 'CAST(?3 AS INTEGER)',
        messages: `SELECT count(*) FROM outbox WHERE dossier_id IN ${IN_IDS}`,
        evaluationComments: `SELECT count(*) FROM evaluations WHERE dossier_id IN ${IN_IDS} AND comment IS NOT NULL`,
        feedbackComments: '0',
      },
      `EXISTS (SELECT 1 FROM dossiers WHERE ${pending})`,
    ).bind(json, at, files),
    db
      .prepare(`UPDATE dossiers SET form_data = '{}', purged_at = ?2 WHERE ${pending} RETURNING id`)
      .bind(json, at),
    db
      .prepare(`DELETE FROM applicants WHERE dossier_id IN ${IN_IDS} RETURNING dossier_id`)
      .bind(json),
    db.prepare(`DELETE FROM attachments WHERE dossier_id IN ${IN_IDS} RETURNING id`).bind(json),
    db.prepare(`DELETE FROM outbox WHERE dossier_id IN ${IN_IDS} RETURNING id`).bind(json),
    db
      .prepare(`DELETE FROM idempotency_keys WHERE dossier_id IN ${IN_IDS} RETURNING key_hash`)
      .bind(json),
    // The statistics trigger on evaluations takes the old row out and puts the same
    // scores back in: the counters do not change.
    db
      .prepare(
        `UPDATE evaluations SET comment = NULL WHERE dossier_id IN ${IN_IDS} AND comment IS NOT NULL RETURNING id`,
      )
      .bind(json),
    // Whose "Hồ sơ của tôi" listed the dossier (migration 0019): it goes with the applicant.
    db.prepare(`DELETE FROM dossier_owners WHERE dossier_id IN ${IN_IDS}`).bind(json),
    // A chain's answers and files for members not started go with its first purged member.
    db.prepare(`UPDATE chains SET form_data = '{}' WHERE id IN ${CHAINS_OF}`).bind(json),
    db.prepare(`DELETE FROM chain_attachments WHERE chain_id IN ${CHAINS_OF}`).bind(json),
    // The sealed lookup secret of a chain's online form (migrations/0026).
    db.prepare(`DELETE FROM chain_idempotency_keys WHERE chain_id IN ${CHAINS_OF}`).bind(json),
    // The delivery of the messages just deleted (migrations/0022), with the values they held.
    db.prepare(DELETE_ORPHAN_DELIVERIES),
  ]);
  const n = (i: number) => results[i]?.results.length ?? 0;
  return {
    dossiers: n(1),
    applicants: n(2),
    attachments: n(3),
    messages: n(4),
    evaluationComments: n(6),
  };
}

export type ClearedComments = Pick<PurgeCounts, 'evaluationComments' | 'feedbackComments'>;

/**
 * Clears free-text comments written before `before`: page feedback (already stripped of
 * numbers and e-mail addresses when stored) and evaluation comments, those of kiosk
 * ratings without a dossier included. The answers themselves (useful or not, scores) stay.
 */
export async function clearOldComments(
  db: D1Database,
  before: string,
  at: string,
): Promise<ClearedComments> {
  const oldFeedback = `comment IS NOT NULL AND julianday(COALESCE(commented_at, created_at)) < julianday(?1)`;
  const oldEvaluation = `comment IS NOT NULL AND julianday(updated_at) < julianday(?1)`;
  const results = await db.batch<Record<string, unknown>>([
    auditPurge(
      db,
      {
        dossiers: '0',
        applicants: '0',
        attachments: '0',
        files: '0',
        messages: '0',
        evaluationComments: `SELECT count(*) FROM evaluations WHERE ${oldEvaluation}`,
        feedbackComments: `SELECT count(*) FROM page_feedback WHERE ${oldFeedback}`,
      },
      `EXISTS (SELECT 1 FROM evaluations WHERE ${oldEvaluation}) OR EXISTS (SELECT 1 FROM page_feedback WHERE ${oldFeedback})`,
    ).bind(before, at),
    db
      .prepare(`UPDATE page_feedback SET comment = NULL WHERE ${oldFeedback} RETURNING id`)
      .bind(before),
    db
      .prepare(`UPDATE evaluations SET comment = NULL WHERE ${oldEvaluation} RETURNING id`)
      .bind(before),
  ]);
  return {
    feedbackComments: results[1]?.results.length ?? 0,
    evaluationComments: results[2]?.results.length ?? 0,
  };
}
