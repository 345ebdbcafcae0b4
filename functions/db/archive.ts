import { CLOSED_STATUSES } from '../../src/domain/retention.ts';
import { statusList } from './status-sql.ts';

/**
 * SQL of the dossier archive (functions/services/archive.ts, migrations/0027,
 * docs/adr/0027-dossier-storage-plan.md). Lists of dossier ids travel as one JSON parameter
 * (`json_each`), since D1 binds at most 100 parameters per statement.
 */

const IN_IDS = '(SELECT value FROM json_each(?1))';

/** The action name of the audit entries the job writes (actor `system`, target the object's key). */
export const ARCHIVE_ACTION = 'archive-move';

/**
 * A dossier may move when its personal data was purged before the cutoff (?1) and nothing
 * still live points at it: no electronic result kept (ADR 0020), no payment record
 * (ADR 0018), no chain (ADR 0021), no phản ánh or message, no status change still to send
 * to the national portal. Those stay in D1 until they go.
 */
const ELIGIBLE = `d.purged_at IS NOT NULL AND d.purged_at < ?1 AND d.status IN ${statusList(CLOSED_STATUSES)}
  AND d.chain_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM result_files r WHERE r.dossier_id = d.id)
  AND NOT EXISTS (SELECT 1 FROM payment_requests p WHERE p.dossier_id = d.id)
  AND NOT EXISTS (SELECT 1 FROM pakn k WHERE k.dossier_id = d.id)
  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dossier_id = d.id)
  AND NOT EXISTS (SELECT 1 FROM dvcqg_sync s WHERE s.dossier_id = d.id AND s.state <> 'delivered')`;

export interface ArchiveGroup {
  deskSlug: string;
  /** YYYY-MM of reception. */
  month: string;
}

/** The desk and month of the dossier purged longest ago among those that may move. */
export async function nextArchiveGroup(
  db: D1Database,
  cutoff: string,
): Promise<ArchiveGroup | null> {
  return db
    .prepare(
      `SELECT d.desk_slug AS deskSlug, substr(d.received_at, 1, 7) AS month FROM dossiers d
       WHERE ${ELIGIBLE} ORDER BY d.purged_at LIMIT 1`,
    )
    .bind(cutoff)
    .first<ArchiveGroup>();
}

/** Up to `limit` ids of that desk's dossiers received in [from, to) that may move. */
export async function archivableIds(
  db: D1Database,
  cutoff: string,
  deskSlug: string,
  [from, to]: [string, string],
  limit: number,
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT d.id FROM dossiers d
       WHERE d.desk_slug = ?2 AND d.received_at >= ?3 AND d.received_at < ?4 AND ${ELIGIBLE}
       ORDER BY d.received_at, d.id LIMIT ?5`,
    )
    .bind(cutoff, deskSlug, from, to, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** The tables whose rows of a dossier go to the archive, as stored (the full record). */
export const ARCHIVED_TABLES = [
  'dossiers',
  'status_events',
  'stop_requests',
  'evaluations',
  'dvcqg_dossiers',
  'dvcqg_sync',
] as const;
export type ArchivedTable = (typeof ARCHIVED_TABLES)[number];

/** Every row of these dossiers in the archived tables, grouped by dossier id. */
export async function rawRowsOf(
  db: D1Database,
  ids: readonly string[],
): Promise<Map<string, Record<ArchivedTable, Record<string, unknown>[]>>> {
  const json = JSON.stringify(ids);
  const key = (t: ArchivedTable) => (t === 'dossiers' ? 'id' : 'dossier_id');
  const results = await db.batch<Record<string, unknown>>(
    ARCHIVED_TABLES.map((t) =>
      db.prepare(`SELECT * FROM ${t} WHERE ${key(t)} IN ${IN_IDS} ORDER BY rowid`).bind(json),
    ),
  );
  const byDossier = new Map<string, Record<ArchivedTable, Record<string, unknown>[]>>();
  for (const id of ids) {
    byDossier.set(
      id,
      Object.fromEntries(ARCHIVED_TABLES.map((t) => [t, []])) as unknown as Record<
        ArchivedTable,
        Record<string, unknown>[]
      >,
    );
  }
  ARCHIVED_TABLES.forEach((t, i) => {
    for (const row of results[i]?.results ?? []) {
      byDossier.get(String(row[key(t)]))?.[t].push(row);
    }
  });
  return byDossier;
}

/** Records an archive object about to be written; its transaction has not committed yet. */
export async function beginArchive(
  db: D1Database,
  group: ArchiveGroup,
  key: string,
  at: string,
): Promise<number> {
  const id = await db
    .prepare(
      `INSERT INTO dossier_archives (storage_key, desk_slug, month, started_at) VALUES (?1, ?2, ?3, ?4)
       RETURNING id`,
    )
    .bind(key, group.deskSlug, group.month, at)
    .first<number>('id');
  if (id === null) throw new Error('archive row was not written');
  return id;
}

/** Archive objects whose moving transaction never committed (a run stopped half-way). */
export async function unfinishedArchives(db: D1Database): Promise<{ id: number; key: string }[]> {
  const { results } = await db
    .prepare(
      'SELECT id, storage_key AS key FROM dossier_archives WHERE completed_at IS NULL ORDER BY id',
    )
    .all<{ id: number; key: string }>();
  return results;
}

/** Forgets an unfinished archive (its object is already deleted). */
export async function dropUnfinishedArchive(db: D1Database, id: number): Promise<void> {
  await db
    .prepare('DELETE FROM dossier_archives WHERE id = ?1 AND completed_at IS NULL')
    .bind(id)
    .run();
}

/**
 * The move, in one transaction once the object is in R2: the audit entry (first, with the
 * count of what follows), a stub per code, the evaluation scores detached (the statistics
 * trigger takes the same scores out and in: net zero), the dossiers' rows deleted (status
 * events allowed through `archive_moving`), the archive row completed. Returns how many
 * dossiers left D1.
 */
export async function completeArchive(
  db: D1Database,
  archiveId: number,
  ids: readonly string[],
  object: { bytes: number; sha256: string },
  at: string,
): Promise<number> {
  const json = JSON.stringify(ids);
  const results = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `INSERT INTO audit_events (at, actor, action, target, detail, client)
         SELECT ?3, 'system', '${ARCHIVE_ACTION}', (SELECT storage_key FROM dossier_archives WHERE id = ?2),
           'hồ sơ ' || (SELECT count(*) FROM dossiers WHERE id IN ${IN_IDS}) || '; dung lượng ' || CAST(?4 AS INTEGER) || ' byte', NULL`,
      )
      .bind(json, archiveId, at, object.bytes),
    db
      .prepare(`INSERT INTO archive_moving (dossier_id) SELECT value FROM json_each(?1)`)
      .bind(json),
    db
      .prepare(
        `INSERT INTO archived_dossiers (code, archive_id) SELECT code, ?2 FROM dossiers WHERE id IN ${IN_IDS}`,
      )
      .bind(json, archiveId),
    db.prepare(`UPDATE evaluations SET dossier_id = NULL WHERE dossier_id IN ${IN_IDS}`).bind(json),
    db.prepare(`DELETE FROM stop_requests WHERE dossier_id IN ${IN_IDS}`).bind(json),
    db.prepare(`DELETE FROM dvcqg_sync WHERE dossier_id IN ${IN_IDS}`).bind(json),
    db.prepare(`DELETE FROM dvcqg_dossiers WHERE dossier_id IN ${IN_IDS}`).bind(json),
    db.prepare(`DELETE FROM status_events WHERE dossier_id IN ${IN_IDS}`).bind(json),
    db.prepare(`DELETE FROM dossiers WHERE id IN ${IN_IDS} RETURNING id`).bind(json),
    db.prepare('DELETE FROM archive_moving'),
    db
      .prepare(
        `UPDATE dossier_archives SET completed_at = ?2, dossiers = ?3, bytes = ?4, sha256 = ?5 WHERE id = ?1`,
      )
      .bind(archiveId, at, ids.length, object.bytes, object.sha256),
  ]);
  return results[8]?.results.length ?? 0;
}

/** The R2 key of the archive object holding this dossier code, if it was archived. */
export async function archiveKeyOfCode(db: D1Database, code: string): Promise<string | null> {
  return db
    .prepare(
      `SELECT a.storage_key AS key FROM archived_dossiers s JOIN dossier_archives a ON a.id = s.archive_id
       WHERE s.code = ?1 AND a.completed_at IS NOT NULL`,
    )
    .bind(code)
    .first<string>('key');
}
