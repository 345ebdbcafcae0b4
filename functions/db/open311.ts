import type { StatusCode } from '../../src/domain/dossier/status.ts';
import type { DossierCore } from './dossiers.ts';

/** SQL behind Open311 `GET requests`: public columns only, never the applicant. */

/** What Open311 may show of a dossier: no applicant, no channel. */
export interface PublicDossierRow extends Omit<DossierCore, 'id' | 'channel' | 'returnDeskSlug'> {
  updatedAt: string;
}

const COLUMNS = `code, status, procedure_code AS procedureCode, procedure_title AS procedureTitle,
  agency_slug AS agencySlug, desk_slug AS deskSlug, received_at AS receivedAt, due_date AS dueDate,
  updated_at AS updatedAt`;

export async function dossiersByCode(
  db: D1Database,
  codes: readonly string[],
): Promise<PublicDossierRow[]> {
  if (codes.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM dossiers WHERE code IN (SELECT value FROM json_each(?1)) ORDER BY code`,
    )
    .bind(JSON.stringify(codes))
    .all<PublicDossierRow>();
  return results;
}

export interface RequestFilter {
  /** ISO instants with offsets; compared after conversion to UTC. */
  from: string;
  to: string;
  procedureCodes?: readonly string[] | undefined;
  statuses?: readonly StatusCode[] | undefined;
  limit: number;
  offset: number;
}

/**
 * Dossiers received in [from, to], newest first. `received_at` is stored with
 * +07:00; `julianday` compares instants whatever the offset.
 */
export async function dossiersReceived(
  db: D1Database,
  filter: RequestFilter,
): Promise<PublicDossierRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM dossiers
       WHERE received_at >= ?1 AND received_at <= ?2
         AND (?3 IS NULL OR procedure_code IN (SELECT value FROM json_each(?3)))
         AND (?4 IS NULL OR status IN (SELECT value FROM json_each(?4)))
       ORDER BY received_at DESC, code DESC LIMIT ?5 OFFSET ?6`,
    )
    .bind(
      filter.from,
      filter.to,
      filter.procedureCodes ? JSON.stringify(filter.procedureCodes) : null,
      filter.statuses ? JSON.stringify(filter.statuses) : null,
      filter.limit,
      filter.offset,
    )
    .all<PublicDossierRow>();
  return results;
}

/** The dossier a client's idempotency key (Open311 token) created. */
export async function codeForKeyHash(db: D1Database, keyHash: string): Promise<string | undefined> {
  const row = await db
    .prepare(
      `SELECT d.code FROM idempotency_keys k JOIN dossiers d ON d.id = k.dossier_id
       WHERE k.key_hash = ?1`,
    )
    .bind(keyHash)
    .first<{ code: string }>();
  return row?.code;
}
