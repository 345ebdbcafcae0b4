import type { PaknCounts, PaknKind, PaknRating } from '../../src/domain/pakn/pakn.ts';
import { auditStatement } from './audit.ts';

/**
 * SQL of phản ánh, kiến nghị (migrations/0025_pakn.sql). The contact and the original text
 * never leave the agency's pages; the public list reads only the published texts.
 */

export interface NewPakn {
  id: string;
  code: string;
  secretHash: string;
  secretSalt: string;
  kind: PaknKind;
  content: string;
  procedureCode: string | null;
  dossierId: string | null;
  agencySlug: string;
  ruleSet: string;
  contactPhone: string | null;
  contactEmail: string | null;
  receivedAt: string;
  dueDay: string;
}

/** A stored PAKN as the pages read it: what was sent, and what happened since. */
export interface PaknRow extends Omit<NewPakn, 'dossierId'> {
  dossierCode: string | null;
  answer: string | null;
  answeredAt: string | null;
  published: number;
  publicQuestion: string | null;
  publicAnswer: string | null;
  publishedAt: string | null;
  rating: PaknRating | null;
  ratedAt: string | null;
}

const COLUMNS = `p.id, p.code, p.secret_hash AS secretHash, p.secret_salt AS secretSalt, p.kind,
  p.content, p.procedure_code AS procedureCode, d.code AS dossierCode, p.agency_slug AS agencySlug,
  p.rule_set AS ruleSet, p.contact_phone AS contactPhone, p.contact_email AS contactEmail,
  p.received_at AS receivedAt, p.due_day AS dueDay, p.answer, p.answered_at AS answeredAt,
  p.published, p.public_question AS publicQuestion, p.public_answer AS publicAnswer,
  p.published_at AS publishedAt, p.rating, p.rated_at AS ratedAt`;
const FROM = 'FROM pakn p LEFT JOIN dossiers d ON d.id = p.dossier_id';

/** Stores a new PAKN; false when the code is taken (the caller draws another). */
export async function insertPakn(db: D1Database, p: NewPakn): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO pakn (id, code, secret_hash, secret_salt, kind, content, procedure_code,
         dossier_id, agency_slug, rule_set, contact_phone, contact_email, received_at, due_day)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
       ON CONFLICT (code) DO NOTHING`,
    )
    .bind(
      p.id,
      p.code,
      p.secretHash,
      p.secretSalt,
      p.kind,
      p.content,
      p.procedureCode,
      p.dossierId,
      p.agencySlug,
      p.ruleSet,
      p.contactPhone,
      p.contactEmail,
      p.receivedAt,
      p.dueDay,
    )
    .run();
  return (result.meta.changes ?? 0) === 1;
}

export async function findPaknByCode(db: D1Database, code: string): Promise<PaknRow | undefined> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} ${FROM} WHERE p.code = ?1`)
    .bind(code)
    .first<PaknRow>();
  return row ?? undefined;
}

/**
 * PAKN of the agencies given (all when null), unanswered first by due day, then answered
 * newest first; `answered` filters (null: both).
 */
export async function listPakn(
  db: D1Database,
  agencies: readonly string[] | null,
  answered: boolean | null,
  limit: number,
): Promise<PaknRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} ${FROM}
       WHERE (?1 IS NULL OR p.agency_slug IN (SELECT value FROM json_each(?1)))
         AND (?2 IS NULL OR (p.answered_at IS NOT NULL) = ?2)
       ORDER BY p.answered_at IS NOT NULL, CASE WHEN p.answered_at IS NULL THEN p.due_day END,
         p.answered_at DESC, p.received_at DESC LIMIT ?3`,
    )
    .bind(
      agencies ? JSON.stringify(agencies) : null,
      answered === null ? null : Number(answered),
      limit,
    )
    .all<PaknRow>();
  return results;
}

export interface PaknMessage {
  channel: 'sms' | 'email';
  recipient: string;
  subject: string;
  body: string;
}

/**
 * Records the answer once and, in the same transaction, queues the messages to the contact
 * the citizen left; false when it was already answered.
 */
export async function answerPakn(
  db: D1Database,
  id: string,
  answer: { text: string; by: string; at: string },
  messages: readonly PaknMessage[],
): Promise<boolean> {
  const results = await db.batch([
    db
      .prepare(
        `UPDATE pakn SET answer = ?2, answered_by = ?3, answered_at = ?4
         WHERE id = ?1 AND answered_at IS NULL`,
      )
      .bind(id, answer.text, answer.by, answer.at),
    ...messages.map((m) =>
      db
        .prepare(
          `INSERT INTO outbox (pakn_id, kind, channel, recipient, subject, body, created_at)
           SELECT ?1, 'pakn-answered', ?2, ?3, ?4, ?5, ?6 WHERE changes() = 1`,
        )
        .bind(id, m.channel, m.recipient, m.subject, m.body, answer.at),
    ),
  ]);
  return (results[0]?.meta.changes ?? 0) === 1;
}

/** Publishes the public texts (or withdraws them with null); only an answered PAKN. */
export async function setPaknPublication(
  db: D1Database,
  id: string,
  publication: { question: string; answer: string; at: string } | null,
): Promise<boolean> {
  const result = publication
    ? await db
        .prepare(
          `UPDATE pakn SET published = 1, public_question = ?2, public_answer = ?3, published_at = ?4
           WHERE id = ?1 AND answered_at IS NOT NULL`,
        )
        .bind(id, publication.question, publication.answer, publication.at)
        .run()
    : await db
        .prepare(
          'UPDATE pakn SET published = 0, public_question = NULL, public_answer = NULL, published_at = NULL WHERE id = ?1',
        )
        .bind(id)
        .run();
  return (result.meta.changes ?? 0) === 1;
}

/** The citizen's rating of an answered PAKN (may be changed). */
export async function ratePakn(
  db: D1Database,
  id: string,
  rating: PaknRating,
  at: string,
): Promise<boolean> {
  const result = await db
    .prepare('UPDATE pakn SET rating = ?2, rated_at = ?3 WHERE id = ?1 AND answered_at IS NOT NULL')
    .bind(id, rating, at)
    .run();
  return (result.meta.changes ?? 0) === 1;
}

export interface PublishedPakn {
  code: string;
  kind: PaknKind;
  procedureCode: string | null;
  agencySlug: string;
  question: string;
  answer: string;
  answeredAt: string;
}

/** Published PAKN, newest answer first, for one procedure or all ('' ). */
export async function publishedPakn(
  db: D1Database,
  procedureCode: string,
  limit: number,
  offset: number,
): Promise<{ total: number; rows: PublishedPakn[] }> {
  const where = `published = 1 AND (?1 = '' OR procedure_code = ?1)`;
  const [count, list] = await db.batch<{ total: number } | PublishedPakn>([
    db.prepare(`SELECT count(*) AS total FROM pakn WHERE ${where}`).bind(procedureCode),
    db
      .prepare(
        `SELECT code, kind, procedure_code AS procedureCode, agency_slug AS agencySlug,
           public_question AS question, public_answer AS answer, answered_at AS answeredAt
         FROM pakn WHERE ${where} ORDER BY answered_at DESC, code LIMIT ?2 OFFSET ?3`,
      )
      .bind(procedureCode, limit, offset),
  ]);
  return {
    total: (count?.results[0] as { total: number } | undefined)?.total ?? 0,
    rows: (list?.results ?? []) as PublishedPakn[],
  };
}

export interface PaknFilter {
  agency?: string | undefined;
  procedure?: string | undefined;
}

/** Reception and answer days (Vietnam time) of answered PAKN, counted per pair of days. */
export interface PaknDayPair {
  receivedAt: string;
  answeredDay: string;
  n: number;
}

/**
 * The figures of PAKN received between two months (`YYYY-MM`, inclusive): counts in SQL; the days from
 * reception to answer as (reception instant, answer day) pairs, few per period, for the
 * service to count on the working-day calendar.
 */
export async function paknFigures(
  db: D1Database,
  from: string,
  to: string,
  today: string,
  filter: PaknFilter,
): Promise<{ counts: Omit<PaknCounts, 'daysSum' | 'daysN'>; pairs: PaknDayPair[] }> {
  const where = `substr(received_at, 1, 7) BETWEEN ?1 AND ?2
    AND (?3 IS NULL OR agency_slug = ?3) AND (?4 IS NULL OR procedure_code = ?4)`;
  const args = [from, to, filter.agency ?? null, filter.procedure ?? null];
  const [counts, pairs] = await db.batch<Record<string, number | string>>([
    db
      .prepare(
        `SELECT count(*) AS received,
           count(answered_at) AS answered,
           coalesce(sum(answered_at IS NOT NULL AND substr(answered_at, 1, 10) <= due_day), 0) AS onTime,
           coalesce(sum(answered_at IS NULL AND due_day < ?5), 0) AS overdue,
           coalesce(sum(rating = 'hai-long'), 0) AS r1,
           coalesce(sum(rating = 'chap-nhan-duoc'), 0) AS r2,
           coalesce(sum(rating = 'khong-hai-long'), 0) AS r3
         FROM pakn WHERE ${where}`,
      )
      .bind(...args, today),
    db
      .prepare(
        `SELECT received_at AS receivedAt, substr(answered_at, 1, 10) AS answeredDay, count(*) AS n
         FROM pakn WHERE ${where} AND answered_at IS NOT NULL
         GROUP BY received_at, answeredDay`,
      )
      .bind(...args),
  ]);
  const c = (counts?.results[0] ?? {}) as Record<string, number>;
  return {
    counts: {
      received: c.received ?? 0,
      answered: c.answered ?? 0,
      answeredOnTime: c.onTime ?? 0,
      overdue: c.overdue ?? 0,
      ratings: {
        'hai-long': c.r1 ?? 0,
        'chap-nhan-duoc': c.r2 ?? 0,
        'khong-hai-long': c.r3 ?? 0,
      },
    },
    pairs: (pairs?.results ?? []) as unknown as PaknDayPair[],
  };
}

/**
 * Retention: removes the contact of PAKN received before `before` (ISO 8601), their messages
 * in the outbox, and replaces their original text with its redacted form, in one transaction
 * with its audit entry (counts only); returns how many were purged (at most 500 a run).
 */
export async function purgePaknContacts(
  db: D1Database,
  before: string,
  at: string,
  redact: (text: string) => string,
): Promise<number> {
  const { results } = await db
    .prepare(
      `SELECT id, content FROM pakn WHERE purged_at IS NULL AND julianday(received_at) < julianday(?1)
       LIMIT 500`,
    )
    .bind(before)
    .all<{ id: string; content: string }>();
  if (results.length === 0) return 0;
  await db.batch([
    auditStatement(
      db,
      {
        actor: 'system',
        action: 'retention-purge',
        detail: `phản ánh, kiến nghị ${results.length}`,
      },
      at,
    ),
    db
      .prepare(`DELETE FROM outbox WHERE pakn_id IN (SELECT value FROM json_each(?1))`)
      .bind(JSON.stringify(results.map((r) => r.id))),
    ...results.map((r) =>
      db
        .prepare(
          `UPDATE pakn SET contact_phone = NULL, contact_email = NULL, content = ?2, purged_at = ?3
           WHERE id = ?1`,
        )
        .bind(r.id, redact(r.content), at),
    ),
  ]);
  return results.length;
}
