import { STATUS } from '../../src/domain/dossier/status.ts';

/** The tracking book (form 06): dossiers received in a month by the account's agencies. */

export interface BookRow {
  code: string;
  procedureTitle: string;
  agencySlug: string;
  /** Where the citizen collects the result (the receiving desk unless they chose another). */
  returnDeskSlug: string;
  receivedAt: string;
  dueDate: string;
  returnedAt: string | null;
  fullName: string | null;
  address: string | null;
  /** The applicant's commune as stored (a name of the locality's list, or none). */
  commune: string | null;
  phone: string | null;
}

export async function bookRows(
  db: D1Database,
  scope: readonly string[],
  month: string,
): Promise<BookRow[]> {
  const { results } = await db
    .prepare(
      `SELECT d.code, d.procedure_title AS procedureTitle, d.agency_slug AS agencySlug,
         COALESCE(d.return_desk_slug, d.desk_slug) AS returnDeskSlug, d.received_at AS receivedAt,
         d.due_date AS dueDate, a.full_name AS fullName, a.address, a.commune, a.phone,
         (SELECT min(e.at) FROM status_events e WHERE e.dossier_id = d.id AND e.status = ?3) AS returnedAt
       FROM dossiers d LEFT JOIN applicants a ON a.dossier_id = d.id
       WHERE substr(d.received_at, 1, 7) = ?2
         AND (d.desk_slug IN (SELECT value FROM json_each(?1))
           OR COALESCE(d.return_desk_slug, d.desk_slug) IN (SELECT value FROM json_each(?1))
           OR d.agency_slug IN (SELECT value FROM json_each(?1)))
       ORDER BY d.received_at`,
    )
    .bind(JSON.stringify(scope), month, STATUS.RETURNED)
    .all<BookRow>();
  return results;
}
