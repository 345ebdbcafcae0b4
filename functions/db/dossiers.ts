import type { NotifyChannel } from '../../src/domain/notify/delivery.ts';
import { type ChannelCode, STATUS, type StatusCode } from '../../src/domain/dossier/status.ts';
import { dvcqgLinkStatement } from './dvcqg.ts';
import { type DossierRef, forDossier, firstRow, type Read, readOne } from './read.ts';
import { type Counter, countWithinLimits, isLimitReached, LimitReached } from './rate-limits.ts';
import { nameWords } from '../../src/domain/text/fold.ts';

/**
 * SQL for dossiers. Functions take the database and plain values and return
 * plain rows; business rules live in src/domain and the routes.
 */

export interface NewDossier {
  id: string;
  /** Code of the receiving agency, the prefix of the dossier code. */
  agencyCode: string;
  /** YYMMDD of the reception day (Vietnam time). */
  day: string;
  /**
   * How the code is laid out (src/domain/dossier/code.ts `codeLayout`, from the rule set):
   * `prefix` + the day's sequence padded to `width`. Default: `<agencyCode>-<day>-`, 4 digits.
   */
  codeLayout?: { prefix: string; width: number } | undefined;
  procedureCode: string;
  procedureTitle: string;
  procedureVersion: string;
  /** The competent agency, which decides. */
  agencySlug: string;
  /** The desk that received the dossier (as chosen: any centre for a boundary-free procedure). */
  deskSlug: string;
  /** Where the result is returned, as the citizen chose (default: the receiving desk). */
  returnDeskSlug?: string | undefined;
  /**
   * The agency the dossier was forwarded to electronically at reception, when the receiving
   * desk is not that agency's own desk; undefined when there was nothing to forward.
   */
  forwardedTo?: string | undefined;
  channel: ChannelCode;
  receivedAt: string;
  countedFrom: string;
  dueDate: string;
  processingDays: number;
  /** The limit in working hours and the appointment's hour "HH:MM" (migrations/0016), when counted in hours. */
  processingHours?: number | undefined;
  dueHour?: string | undefined;
  calendarProvisional: boolean;
  secretSalt: string;
  secretHash: string;
  formData: Record<string, string>;
  applicant: {
    fullName: string;
    idNumber: string;
    birthDate: string;
    phone: string;
    email?: string | undefined;
    address: string;
    commune: string;
    /** The channel chosen for messages (migrations/0022); undefined: not chosen. */
    notifyChannel?: NotifyChannel | undefined;
  };
  representative?:
    | { fullName: string; idNumber: string; phone: string; relation: string }
    | undefined;
  attachments: {
    id: string;
    documentIndex: number;
    documentName: string;
    fileName: string;
    contentType: string;
    size: number;
    sha256: string;
    storageKey: string;
  }[];
  idempotency?: { keyHash: string; requestHash: string; sealedSecret: string } | undefined;
  /** Who created it: 'citizen' online, or the officer's account id at the counter. */
  actor: string;
  /**
   * Id of the rule set in force on the reception day (content/rules/), kept for good. Absent
   * (NULL) reads as "the set in force on the reception day" (src/domain/rules/select.ts).
   */
  ruleSet?: string | undefined;
  /** 1 Mới đăng ký for online requests; 2 Được tiếp nhận for dossiers registered at the counter. */
  initialStatus: typeof STATUS.NEW | typeof STATUS.RECEIVED;
  /** The applicant's name folded (no diacritics, lower case) for officers' search. */
  nameFolded: string;
  /**
   * A dossier filed on the national portal (docs/adr/0017): it keeps DVCQG's code, takes no
   * number from the daily sequence, and is linked to DVCQG (its status changes are synced).
   */
  dvcqg?: { code: string; requestHash: string } | undefined;
  /** The chain (migrations/0024) this dossier is a member of, if any. */
  chainId?: string | undefined;
  /**
   * Rate-limit counters this dossier counts against (ADR 0014), counted in the same
   * transaction only while each has room: when one has none, nothing is stored and
   * `LimitReached` is thrown.
   */
  counted?: { counters: readonly Counter[]; nowSeconds: number } | undefined;
}

/** Thrown when the idempotency key was stored by a concurrent request first. */
export class IdempotencyConflict extends Error {}

/**
 * Inserts a dossier with its applicant, attachments, first status event and
 * idempotency record in one transaction (a D1 batch): all or nothing. The code's
 * daily sequence is taken from the counter in the same transaction, so codes are
 * unique and gap-free even under concurrent submissions. The statistics counters
 * follow in the same transaction (triggers in migrations/0004), and so do the rate-limit
 * counters of `d.counted`. A concurrent request that stored the same idempotency key first
 * makes it throw `IdempotencyConflict`; a counter at its limit, `LimitReached`.
 */
export async function insertDossier(db: D1Database, d: NewDossier): Promise<{ code: string }> {
  const now = d.receivedAt;
  // A DVCQG dossier's code is DVCQG's: a one-row source stands in for the day's counter.
  const source = d.dvcqg
    ? `(SELECT ?2 AS agency_code, ?3 AS day) AS fixed WHERE 1`
    : 'dossier_counters WHERE agency_code = ?2 AND day = ?3';
  const code = d.dvcqg ? '?21' : '?21 || printf(?22, last)';
  const statements: D1PreparedStatement[] = [
    db
      .prepare(
        `INSERT INTO dossier_counters (agency_code, day, last) VALUES (?1, ?2, 1)
         ON CONFLICT (agency_code, day) DO UPDATE SET last = last + 1`,
      )
      .bind(d.agencyCode, d.day),
    db
      .prepare(
        `INSERT INTO dossiers (id, code, procedure_code, procedure_title, procedure_version, agency_slug,
           desk_slug, channel, status, received_at, counted_from, due_date, processing_days,
           calendar_provisional, secret_salt, secret_hash, form_data, created_at, updated_at, commune, rule_set,
           return_desk_slug, forwarded_at, forwarded_to, processing_hours, due_hour, chain_id)
         SELECT ?1, ${code}, ?4, ?5, ?6, ?7, ?8, ?9, ?18, ?10, ?11, ?12,
           ?13, ?14, ?15, ?16, ?17, ?10, ?10, ?19, ?20, ?23, CASE WHEN ?24 IS NULL THEN NULL ELSE ?10 END, ?24,
           ?25, ?26, ?27
         FROM ${source}
         RETURNING code`,
      )
      .bind(
        d.id,
        d.agencyCode,
        d.day,
        d.procedureCode,
        d.procedureTitle,
        d.procedureVersion,
        d.agencySlug,
        d.deskSlug,
        d.channel,
        now,
        d.countedFrom,
        d.dueDate,
        d.processingDays,
        d.calendarProvisional ? 1 : 0,
        d.secretSalt,
        d.secretHash,
        JSON.stringify(d.formData),
        d.initialStatus,
        d.applicant.commune,
        d.ruleSet ?? null,
        d.dvcqg?.code ?? d.codeLayout?.prefix ?? `${d.agencyCode}-${d.day}-`,
        `%0${d.codeLayout?.width ?? 4}d`,
        d.returnDeskSlug ?? d.deskSlug,
        d.forwardedTo ?? null,
        d.processingHours ?? null,
        d.dueHour ?? null,
        d.chainId ?? null,
      ),
    db
      .prepare(
        `INSERT INTO applicants (dossier_id, full_name, id_number, birth_date, phone, email, address, commune,
           on_behalf, rep_full_name, rep_id_number, rep_phone, rep_relation, name_folded, notify_channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)`,
      )
      .bind(
        d.id,
        d.applicant.fullName,
        d.applicant.idNumber,
        d.applicant.birthDate,
        d.applicant.phone,
        d.applicant.email ?? null,
        d.applicant.address,
        d.applicant.commune,
        d.representative ? 1 : 0,
        d.representative?.fullName ?? null,
        d.representative?.idNumber ?? null,
        d.representative?.phone ?? null,
        d.representative?.relation ?? null,
        d.nameFolded,
        d.applicant.notifyChannel ?? null,
      ),
    // The officers' name search reads these words (migrations/0031), never the names.
    db
      .prepare(
        'INSERT INTO applicant_name_words (word, dossier_id) SELECT value, ?1 FROM json_each(?2)',
      )
      .bind(d.id, JSON.stringify(nameWords(d.nameFolded))),
    ...d.attachments.map((a) =>
      db
        .prepare(
          `INSERT INTO attachments (id, dossier_id, document_index, document_name, file_name, content_type,
             size, sha256, storage_key, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`,
        )
        .bind(
          a.id,
          d.id,
          a.documentIndex,
          a.documentName,
          a.fileName,
          a.contentType,
          a.size,
          a.sha256,
          a.storageKey,
          now,
        ),
    ),
    db
      .prepare(
        `INSERT INTO status_events (dossier_id, status, at, actor, action, due_date, agency_slug)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
      )
      .bind(
        d.id,
        d.initialStatus,
        now,
        d.actor,
        d.initialStatus === STATUS.NEW ? 'submit' : 'register',
        d.dueDate,
        d.agencySlug,
      ),
  ];
  if (d.dvcqg) {
    // Never touches the local sequence; linked in the same transaction (after the first
    // event: "Mới đăng ký" came from DVCQG and is not synced back).
    statements.shift();
    statements.push(dvcqgLinkStatement(db, d.id, d.dvcqg.code, d.dvcqg.requestHash, now));
  }
  if (d.idempotency) {
    statements.push(
      db
        .prepare(
          `INSERT INTO idempotency_keys (key_hash, request_hash, dossier_id, sealed_secret, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5)`,
        )
        .bind(
          d.idempotency.keyHash,
          d.idempotency.requestHash,
          d.id,
          d.idempotency.sealedSecret,
          now,
        ),
    );
  }
  if (d.counted)
    statements.push(...countWithinLimits(db, d.counted.counters, d.counted.nowSeconds));
  try {
    const results = await db.batch<{ code: string }>(statements);
    const code = results[d.dvcqg ? 0 : 1]?.results[0]?.code;
    if (!code) throw new Error('dossier code was not returned');
    return { code };
  } catch (error) {
    if (d.idempotency && /UNIQUE constraint failed: idempotency_keys/.test(String(error))) {
      throw new IdempotencyConflict();
    }
    if (d.counted && isLimitReached(error)) throw new LimitReached();
    throw error;
  }
}

export interface IdempotentRecord {
  requestHash: string;
  sealedSecret: string;
  dossierId: string;
}

export async function findIdempotencyKey(
  db: D1Database,
  keyHash: string,
): Promise<IdempotentRecord | null> {
  return db
    .prepare(
      `SELECT request_hash AS requestHash, sealed_secret AS sealedSecret, dossier_id AS dossierId
       FROM idempotency_keys WHERE key_hash = ?1`,
    )
    .bind(keyHash)
    .first<IdempotentRecord>();
}

/** The columns every view of a dossier reads (lookup, queue, dossier page). */
export interface DossierCore {
  id: string;
  code: string;
  procedureCode: string;
  procedureTitle: string;
  /** The competent agency, which decides. */
  agencySlug: string;
  /** The desk that received it. */
  deskSlug: string;
  /** The desk where the result is returned (migrations/0014; the receiving desk before it). */
  returnDeskSlug: string;
  channel: ChannelCode;
  status: StatusCode;
  receivedAt: string;
  dueDate: string;
}

export interface DossierRow extends DossierCore {
  countedFrom: string;
  /** The legal due date: an apology's new appointment does not move it. */
  statutoryDueDate: string;
  processingDays: number;
  /** The limit in working hours, and the appointment's hour "HH:MM" (migrations/0016); null when counted in days. */
  processingHours: number | null;
  dueHour: string | null;
  /** True when a year involved in the due date has no official holiday schedule yet. */
  calendarProvisional: boolean;
  secretSalt: string;
  secretHash: string;
  /** The applicant's commune (kept for statistics). */
  commune: string;
  fullName: string | null;
  /** When the retention job deleted the personal data (migrations/0006), or null. */
  purgedAt: string | null;
  /** The rule set the dossier follows (migrations/0012); null only for rows written before it. */
  ruleSet: string | null;
  /** When the dossier was forwarded electronically to `forwardedTo` (migrations/0014), or null. */
  forwardedAt: string | null;
  forwardedTo: string | null;
}

const DOSSIER_COLUMNS = `d.id, d.code, d.procedure_code AS procedureCode, d.procedure_title AS procedureTitle,
  d.agency_slug AS agencySlug, d.desk_slug AS deskSlug, COALESCE(d.return_desk_slug, d.desk_slug) AS returnDeskSlug,
  d.channel, d.status, d.received_at AS receivedAt, d.counted_from AS countedFrom, d.due_date AS dueDate, COALESCE(d.statutory_due_date, d.due_date) AS statutoryDueDate,
  d.processing_days AS processingDays, d.processing_hours AS processingHours, d.due_hour AS dueHour,
  d.calendar_provisional AS calendarProvisional, d.secret_salt AS secretSalt, d.secret_hash AS secretHash,
  d.commune, a.full_name AS fullName, d.purged_at AS purgedAt, d.rule_set AS ruleSet,
  d.forwarded_at AS forwardedAt, d.forwarded_to AS forwardedTo`;

/** SQLite has no booleans: the flag is stored as 0 or 1. */
const toDossierRow = (
  row: (Omit<DossierRow, 'calendarProvisional'> & { calendarProvisional: number }) | null,
): DossierRow | null => row && { ...row, calendarProvisional: row.calendarProvisional === 1 };

/** The dossier of a code, as a read. */
export const dossierByCodeRead = (db: D1Database, code: string): Read<DossierRow | null> => ({
  statement: db
    .prepare(
      `SELECT ${DOSSIER_COLUMNS} FROM dossiers d LEFT JOIN applicants a ON a.dossier_id = d.id WHERE d.code = ?1`,
    )
    .bind(code),
  rows: (result) =>
    toDossierRow(
      firstRow<Omit<DossierRow, 'calendarProvisional'> & { calendarProvisional: number }>(result) ??
        null,
    ),
});

export const findDossierByCode = (db: D1Database, code: string): Promise<DossierRow | null> =>
  readOne(dossierByCodeRead(db, code));

export async function findDossierById(db: D1Database, id: string): Promise<DossierRow | null> {
  return toDossierRow(
    await db
      .prepare(
        `SELECT ${DOSSIER_COLUMNS} FROM dossiers d LEFT JOIN applicants a ON a.dossier_id = d.id WHERE d.id = ?1`,
      )
      .bind(id)
      .first(),
  );
}

/** Several dossiers as findDossierById reads one (the archive job, functions/db/archive.ts). */
export async function findDossiersByIds(
  db: D1Database,
  ids: readonly string[],
): Promise<DossierRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${DOSSIER_COLUMNS} FROM dossiers d LEFT JOIN applicants a ON a.dossier_id = d.id
       WHERE d.id IN (SELECT value FROM json_each(?1)) ORDER BY d.id`,
    )
    .bind(JSON.stringify(ids))
    .all<Omit<DossierRow, 'calendarProvisional'> & { calendarProvisional: number }>();
  return results.map((r) => toDossierRow(r) as DossierRow);
}

/** When the dossier's result was returned (its first "Đã trả kết quả" event), if it was. */
export async function returnedAt(db: D1Database, dossierId: string): Promise<string | undefined> {
  const row = await db
    .prepare('SELECT min(at) AS at FROM status_events WHERE dossier_id = ?1 AND status = ?2')
    .bind(dossierId, STATUS.RETURNED)
    .first<{ at: string | null }>();
  return row?.at ?? undefined;
}

export interface StatusEventRow {
  status: StatusCode;
  at: string;
  publicNote: string | null;
}

/** Several dossiers' events as publicEvents reads one, by dossier id. */
export async function publicEventsOf(
  db: D1Database,
  ids: readonly string[],
): Promise<Map<string, StatusEventRow[]>> {
  const { results } = await db
    .prepare(
      `SELECT dossier_id AS dossierId, status, at, public_note AS publicNote FROM status_events
       WHERE dossier_id IN (SELECT value FROM json_each(?1)) ORDER BY id`,
    )
    .bind(JSON.stringify(ids))
    .all<StatusEventRow & { dossierId: string }>();
  const byDossier = new Map<string, StatusEventRow[]>();
  for (const { dossierId, ...event } of results) {
    byDossier.set(dossierId, [...(byDossier.get(dossierId) ?? []), event]);
  }
  return byDossier;
}

/** A dossier's events as the citizen sees them, in order, as a read. */
export const publicEventsRead = (db: D1Database, dossier: DossierRef): Read<StatusEventRow[]> => ({
  statement: forDossier(
    db,
    dossier,
    (id) =>
      `SELECT status, at, public_note AS publicNote FROM status_events WHERE dossier_id = ${id} ORDER BY id`,
  ),
  rows: ({ results }) => results as unknown as StatusEventRow[],
});

export const publicEvents = (db: D1Database, dossierId: string): Promise<StatusEventRow[]> =>
  readOne(publicEventsRead(db, { id: dossierId }));
