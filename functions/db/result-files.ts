import { type DossierRef, forDossier, firstRow, type Read, readOne } from './read.ts';
import { CLOSED_STATUSES } from '../../src/domain/retention.ts';
import type { ScopeFilter } from './stats.ts';
import { statusList } from './status-sql.ts';

/**
 * SQL of electronic results (migrations/0023, ADR 0020): the current result of a dossier, its
 * history of replaced files, attaching one (with its audit entry, in one transaction), the
 * count for the digitisation indicator and the deletion the rule set allows.
 */

export interface ResultFile {
  id: string;
  dossierId: string;
  fileName: string;
  contentType: 'application/pdf';
  size: number;
  sha256: string;
  storageKey: string;
  /** `YYYY-MM-DD`. */
  issuedOn: string;
  issuerSlug: string;
  uploadedAt: string;
  uploadedBy: string;
  /** Display name of the officer who attached it (null if the account is gone). */
  uploadedByName: string | null;
  replacedAt: string | null;
  replaceReason: string | null;
}

const COLUMNS = `r.id, r.dossier_id AS dossierId, r.file_name AS fileName, r.content_type AS contentType,
  r.size, r.sha256, r.storage_key AS storageKey, r.issued_on AS issuedOn, r.issuer_slug AS issuerSlug,
  r.uploaded_at AS uploadedAt, r.uploaded_by AS uploadedBy, acc.display_name AS uploadedByName,
  r.replaced_at AS replacedAt, r.replace_reason AS replaceReason`;

/** Every result file of a dossier, the current one first, then the replaced ones, newest first. */
export async function resultFilesOf(db: D1Database, dossierId: string): Promise<ResultFile[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM result_files r LEFT JOIN accounts acc ON acc.id = r.uploaded_by
       WHERE r.dossier_id = ?1 ORDER BY r.replaced_at IS NOT NULL, r.uploaded_at DESC`,
    )
    .bind(dossierId)
    .all<ResultFile>();
  return results;
}

/** The dossier's current result file, if it has one, as a read. */
export const currentResultFileRead = (
  db: D1Database,
  dossier: DossierRef,
): Read<ResultFile | undefined> => ({
  statement: forDossier(
    db,
    dossier,
    (id) =>
      `SELECT ${COLUMNS} FROM result_files r LEFT JOIN accounts acc ON acc.id = r.uploaded_by
       WHERE r.dossier_id = ${id} AND r.replaced_at IS NULL`,
  ),
  rows: firstRow<ResultFile>,
});

/** The dossier's current result file, if it has one. */
export const currentResultFile = (
  db: D1Database,
  dossierId: string,
): Promise<ResultFile | undefined> => readOne(currentResultFileRead(db, { id: dossierId }));

export interface NewResultFile {
  id: string;
  dossierId: string;
  fileName: string;
  size: number;
  sha256: string;
  storageKey: string;
  issuedOn: string;
  issuerSlug: string;
  at: string;
  actor: string;
  /** Set when the file replaces the current one. */
  replaceReason: string | undefined;
  audit: { target: string; detail: string; client: string | undefined };
}

/**
 * Records a result file in one transaction: the current one (if any) is marked replaced with
 * the reason, the new row is added, and the audit log says who did what. Returns false when
 * another officer attached a file in between (the unique current-file index refuses it);
 * nothing is written then.
 */
export async function insertResultFile(
  db: D1Database,
  f: NewResultFile,
  expectedCurrent: string | undefined,
): Promise<boolean> {
  try {
    await db.batch([
      db
        .prepare(
          `UPDATE result_files SET replaced_at = ?2, replaced_by = ?3, replace_reason = ?4
           WHERE dossier_id = ?1 AND replaced_at IS NULL AND id = ?5`,
        )
        .bind(f.dossierId, f.at, f.actor, f.replaceReason ?? null, expectedCurrent ?? ''),
      db
        .prepare(
          `INSERT INTO result_files (id, dossier_id, file_name, content_type, size, sha256, storage_key,
             issued_on, issuer_slug, uploaded_at, uploaded_by)
           VALUES (?1, ?2, ?3, 'application/pdf', ?4, ?5, ?6, ?7, ?8, ?9, ?10)`,
        )
        .bind(
          f.id,
          f.dossierId,
          f.fileName,
          f.size,
          f.sha256,
          f.storageKey,
          f.issuedOn,
          f.issuerSlug,
          f.at,
          f.actor,
        ),
      db
        .prepare(
          `INSERT INTO audit_events (at, actor, action, target, detail, client) VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
        )
        .bind(
          f.at,
          f.actor,
          expectedCurrent ? 'replace-result' : 'attach-result',
          f.audit.target,
          f.audit.detail,
          f.audit.client ?? null,
        ),
    ]);
    return true;
  } catch (error) {
    if (error instanceof Error && /UNIQUE/i.test(error.message)) return false;
    throw error;
  }
}

/**
 * Dossiers with a current electronic result issued from `from` to `to` (YYYY-MM, inclusive)
 * within the scope: the part of the indicator "Kết quả giải quyết cấp dạng điện tử".
 */
export async function electronicResults(
  db: D1Database,
  from: string,
  to: string,
  scope: ScopeFilter,
): Promise<number> {
  const n = await db
    .prepare(
      `SELECT count(*) AS n FROM result_files r JOIN dossiers d ON d.id = r.dossier_id
       WHERE r.replaced_at IS NULL AND r.issued_on >= ?1 || '-01' AND r.issued_on <= ?2 || '-31'
         AND (?3 IS NULL OR d.agency_slug = ?3)
         AND (?4 IS NULL OR d.commune IN (SELECT value FROM json_each(?4)))
         AND (?5 IS NULL OR d.procedure_code = ?5)`,
    )
    .bind(
      from,
      to,
      scope.agency ?? null,
      scope.communes === undefined ? null : JSON.stringify(scope.communes),
      scope.procedure ?? null,
    )
    .first<number>('n');
  return n ?? 0;
}

export interface ClosedWithResults {
  dossierId: string;
  ruleSet: string | null;
  receivedAt: string;
  /** When it reached its closing status. */
  closedAt: string | null;
}

/** Closed dossiers that still hold result files, oldest first, for the retention job. */
export async function closedDossiersWithResults(
  db: D1Database,
  limit: number,
  after: string,
): Promise<ClosedWithResults[]> {
  const { results } = await db
    .prepare(
      `SELECT d.id AS dossierId, d.rule_set AS ruleSet, d.received_at AS receivedAt,
         (SELECT e.at FROM status_events e WHERE e.dossier_id = d.id AND e.status = d.status
          ORDER BY e.id DESC LIMIT 1) AS closedAt
       FROM dossiers d
       WHERE d.status IN ${statusList(CLOSED_STATUSES)} AND d.id > ?2
         AND EXISTS (SELECT 1 FROM result_files r WHERE r.dossier_id = d.id)
       ORDER BY d.id LIMIT ?1`,
    )
    .bind(limit, after)
    .all<ClosedWithResults>();
  return results;
}

/** The R2 keys of these dossiers' result files, current and replaced. */
export async function resultKeys(db: D1Database, ids: readonly string[]): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT storage_key AS key FROM result_files WHERE dossier_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(ids))
    .all<{ key: string }>();
  return results.map((r) => r.key);
}

/** Deletes these dossiers' result rows (the caller deleted the R2 objects first), with an audit entry. */
export async function deleteResultRows(
  db: D1Database,
  ids: readonly string[],
  at: string,
): Promise<number> {
  const json = JSON.stringify(ids);
  const [, deleted] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `INSERT INTO audit_events (at, actor, action, target, detail, client)
         SELECT ?2, 'system', 'retention-results', NULL,
           'tệp kết quả ' || count(*), NULL FROM result_files
         WHERE dossier_id IN (SELECT value FROM json_each(?1)) HAVING count(*) > 0`,
      )
      .bind(json, at),
    db
      .prepare(
        `DELETE FROM result_files WHERE dossier_id IN (SELECT value FROM json_each(?1)) RETURNING id`,
      )
      .bind(json),
  ]);
  return deleted?.results.length ?? 0;
}
