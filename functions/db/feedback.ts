/** "Trang này có hữu ích không?" answers on procedure pages. */

export async function insertPageFeedback(
  db: D1Database,
  row: { id: string; procedureCode: string; useful: boolean; tokenHash: string; at: string },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO page_feedback (id, procedure_code, useful, token_hash, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5)`,
    )
    .bind(row.id, row.procedureCode, row.useful ? 1 : 0, row.tokenHash, row.at)
    .run();
}

export interface PageFeedbackRow {
  id: string;
  procedureCode: string;
  useful: number;
  tokenHash: string;
  comment: string | null;
}

export async function findPageFeedback(
  db: D1Database,
  id: string,
): Promise<PageFeedbackRow | null> {
  return db
    .prepare(
      `SELECT id, procedure_code AS procedureCode, useful, token_hash AS tokenHash, comment
       FROM page_feedback WHERE id = ?1`,
    )
    .bind(id)
    .first<PageFeedbackRow>();
}

/** Adds the comment once: returns false if this answer already has one. */
export async function addPageComment(
  db: D1Database,
  id: string,
  comment: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .prepare(
      'UPDATE page_feedback SET comment = ?2, commented_at = ?3 WHERE id = ?1 AND comment IS NULL',
    )
    .bind(id, comment, at)
    .run();
  return result.meta.changes === 1;
}

export interface FeedbackSummaryRow {
  procedureCode: string;
  useful: number;
  notUseful: number;
  comments: number;
  last: string;
}

/** Answers per procedure since a day (ISO), most "không" first. */
export async function feedbackByProcedure(
  db: D1Database,
  since: string,
): Promise<FeedbackSummaryRow[]> {
  const { results } = await db
    .prepare(
      `SELECT procedure_code AS procedureCode, sum(useful) AS useful, sum(1 - useful) AS notUseful,
         count(comment) AS comments, max(created_at) AS last
       FROM page_feedback WHERE created_at >= ?1
       GROUP BY procedure_code ORDER BY notUseful DESC, procedure_code`,
    )
    .bind(since)
    .all<FeedbackSummaryRow>();
  return results;
}

export interface FeedbackCommentRow {
  useful: number;
  comment: string;
  createdAt: string;
}

export async function commentsFor(
  db: D1Database,
  procedureCode: string,
  limit: number,
): Promise<FeedbackCommentRow[]> {
  const { results } = await db
    .prepare(
      `SELECT useful, comment, created_at AS createdAt FROM page_feedback
       WHERE procedure_code = ?1 AND comment IS NOT NULL ORDER BY created_at DESC LIMIT ?2`,
    )
    .bind(procedureCode, limit)
    .all<FeedbackCommentRow>();
  return results;
}
