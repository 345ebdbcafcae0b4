import { type DossierRef, forDossier, firstRow, type Read, readOne } from './read.ts';
import { CRITERIA, type CriterionKey, type Score } from '../../src/domain/evaluation/criteria.ts';

/** Citizens' evaluations: one per dossier (UNIQUE), or anonymous at the kiosk. */

export interface NewEvaluation {
  id: string;
  dossierId: string | null;
  channel: 'web' | 'kiosk';
  deskSlug: string;
  agencySlug: string;
  procedureCode: string;
  commune: string;
  dossierChannel: number;
  satisfaction: number;
  criteria: Partial<Record<CriterionKey, Score>>;
  comment?: string | undefined;
  at: string;
}

export interface EvaluationRow {
  id: string;
  dossierId: string | null;
  channel: 'web' | 'kiosk';
  satisfaction: number;
  criteria: Partial<Record<CriterionKey, Score>>;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The columns of an EvaluationRow, from the table aliased `t`. */
const columns = (t: string) =>
  `${t}.id, ${t}.dossier_id AS dossierId, ${t}.channel, ${t}.satisfaction, ${t}.comment,
  ${t}.created_at AS createdAt, ${t}.updated_at AS updatedAt, ${CRITERIA.map((k) => `${t}.c_${k}`).join(', ')}`;

type RawRow = Omit<EvaluationRow, 'criteria'> & Record<`c_${CriterionKey}`, Score | null>;

function fromRaw(row: RawRow): EvaluationRow {
  const criteria: Partial<Record<CriterionKey, Score>> = {};
  for (const k of CRITERIA) {
    const v = row[`c_${k}`];
    if (v !== null && v !== undefined) criteria[k] = v;
  }
  return {
    id: row.id,
    dossierId: row.dossierId,
    channel: row.channel,
    satisfaction: row.satisfaction,
    criteria,
    comment: row.comment,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The dossier's evaluation, if it was given, as a read. */
export const evaluationRead = (
  db: D1Database,
  dossier: DossierRef,
): Read<EvaluationRow | undefined> => ({
  statement: forDossier(
    db,
    dossier,
    (id) => `SELECT ${columns('e')} FROM evaluations e WHERE e.dossier_id = ${id}`,
  ),
  rows: (result) => {
    const row = firstRow<RawRow>(result);
    return row ? fromRaw(row) : undefined;
  },
});

export const evaluationOfDossier = (
  db: D1Database,
  dossierId: string,
): Promise<EvaluationRow | undefined> => readOne(evaluationRead(db, { id: dossierId }));

/** Several dossiers' evaluations, by dossier id (the archive job). */
export async function evaluationsOf(
  db: D1Database,
  ids: readonly string[],
): Promise<Map<string, EvaluationRow>> {
  const { results } = await db
    .prepare(
      `SELECT ${columns('e')} FROM evaluations e WHERE e.dossier_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(ids))
    .all<RawRow>();
  return new Map(results.map((r) => [r.dossierId as string, fromRaw(r)]));
}

const criteriaValues = (c: NewEvaluation['criteria']) => CRITERIA.map((k) => c[k] ?? null);

/**
 * Stores an evaluation. Returns false when the dossier already has one (a concurrent
 * submission, or a second try): evaluations are never multiplied.
 */
export async function insertEvaluation(db: D1Database, e: NewEvaluation): Promise<boolean> {
  const criteria = CRITERIA.map((k) => `c_${k}`).join(', ');
  const marks = CRITERIA.map((_, i) => `?${i + 13}`).join(', ');
  const result = await db
    .prepare(
      `INSERT INTO evaluations (id, dossier_id, channel, desk_slug, agency_slug, procedure_code, commune,
         dossier_channel, satisfaction, comment, created_at, updated_at, ${criteria})
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ${marks})
       ON CONFLICT (dossier_id) DO NOTHING RETURNING id`,
    )
    .bind(
      e.id,
      e.dossierId,
      e.channel,
      e.deskSlug,
      e.agencySlug,
      e.procedureCode,
      e.commune,
      e.dossierChannel,
      e.satisfaction,
      e.comment ?? null,
      e.at,
      e.at,
      ...criteriaValues(e.criteria),
    )
    .all();
  // RETURNING, not meta.changes: the statistics triggers' writes count as changes too.
  return result.results.length === 1;
}

/**
 * Replaces the answers of a dossier's evaluation if it was first given at or after
 * `givenSince` (the edit window). Returns false when the window has closed.
 */
export async function updateEvaluation(
  db: D1Database,
  dossierId: string,
  answers: Pick<NewEvaluation, 'satisfaction' | 'criteria' | 'comment' | 'at'>,
  givenSince: string,
): Promise<boolean> {
  const sets = CRITERIA.map((k, i) => `c_${k} = ?${i + 6}`).join(', ');
  const result = await db
    .prepare(
      `UPDATE evaluations SET satisfaction = ?2, comment = ?3, updated_at = ?4, channel = 'web', ${sets}
       WHERE dossier_id = ?1 AND created_at >= ?5 RETURNING id`,
    )
    .bind(
      dossierId,
      answers.satisfaction,
      answers.comment ?? null,
      answers.at,
      givenSince,
      ...criteriaValues(answers.criteria),
    )
    .all();
  return result.results.length === 1;
}

export interface EvaluationListRow extends EvaluationRow {
  code: string | null;
  procedureCode: string;
  agencySlug: string;
  deskSlug: string;
}

/**
 * Evaluations, newest first, for the agencies given (all when null). A kiosk rating given
 * without a dossier code belongs to every agency its desk receives for, so `kioskDesks`
 * (the desks of those agencies) brings in the anonymous ratings of those desks' kiosks.
 */
export async function listEvaluations(
  db: D1Database,
  agencies: readonly string[] | null,
  limit: number,
  offset: number,
  kioskDesks: readonly string[] = [],
): Promise<{ total: number; rows: EvaluationListRow[] }> {
  const scope = `(?1 IS NULL OR e.agency_slug IN (SELECT value FROM json_each(?1))
    OR e.desk_slug IN (SELECT value FROM json_each(?1))
    OR (e.channel = 'kiosk' AND e.dossier_id IS NULL
      AND e.desk_slug IN (SELECT value FROM json_each(?4))))`;
  const scopeJson = agencies ? JSON.stringify(agencies) : null;
  const desksJson = JSON.stringify(kioskDesks);
  const [count, list] = await db.batch<{ total: number } | (RawRow & EvaluationListRow)>([
    db
      .prepare(`SELECT count(*) AS total FROM evaluations e WHERE ${scope}`)
      .bind(scopeJson, null, null, desksJson),
    db
      .prepare(
        `SELECT ${columns('e')}, d.code, e.procedure_code AS procedureCode,
           e.agency_slug AS agencySlug, e.desk_slug AS deskSlug
         FROM evaluations e LEFT JOIN dossiers d ON d.id = e.dossier_id
         WHERE ${scope} ORDER BY e.created_at DESC, e.id LIMIT ?2 OFFSET ?3`,
      )
      .bind(scopeJson, limit, offset, desksJson),
  ]);
  const total = (count?.results[0] as { total: number } | undefined)?.total ?? 0;
  const rows = ((list?.results ?? []) as (RawRow & EvaluationListRow)[]).map((r) => ({
    ...fromRaw(r),
    code: r.code,
    procedureCode: r.procedureCode,
    agencySlug: r.agencySlug,
    deskSlug: r.deskSlug,
  }));
  return { total, rows };
}
