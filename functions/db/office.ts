import type { NotifyChannel } from '../../src/domain/notify/delivery.ts';
import type { DossierCore } from './dossiers.ts';
import { ACTIONS } from '../../src/domain/dossier/lifecycle.ts';
import type { DossierEvent } from '../../src/domain/dossier/lifecycle.ts';
import type { StatusCode } from '../../src/domain/dossier/status.ts';
import type { Applicant, TimelineEvent } from '../../src/domain/dossier/records.ts';
import type { AuditEntry } from './audit.ts';
import { addressKind, DELIVERY_INSERT, type OutboxInsert } from './outbox.ts';

/** SQL behind the officers' dossier page and lifecycle actions. */

/** Who asked, as stored until the retention job deletes it. */
export type OfficeApplicant = Applicant;

export interface OfficeDossier extends DossierCore {
  procedureVersion: string;
  countedFrom: string;
  /** The legal due date: an apology's new appointment does not move it. */
  statutoryDueDate: string;
  processingDays: number;
  /** The limit in working hours and the appointment's hour "HH:MM" (migrations/0016); null when counted in days. */
  processingHours: number | null;
  dueHour: string | null;
  /** True when a year involved in the due date has no official holiday schedule yet. */
  calendarProvisional: boolean;
  /** The answers to the procedure's online form, field name → value (empty once purged). */
  onlineForm: Record<string, string>;
  /** Undefined once the retention job deleted the personal data (or for rows without one). */
  applicant: OfficeApplicant | undefined;
  /** When the retention job deleted the personal data (migrations/0006), or null. */
  purgedAt: string | null;
  /** The rule set the dossier follows (migrations/0012); null only for rows written before it. */
  ruleSet: string | null;
  /** The documents ticked as received on paper at the counter (migrations/0013), or null. */
  documentsReceived: string[] | null;
  /** When it was forwarded electronically to `forwardedTo` at reception (migrations/0014), or null. */
  forwardedAt: string | null;
  forwardedTo: string | null;
  /** The chain (migrations/0024) it is a member of: the citizen's code and its title, or null. */
  chainCode: string | null;
  chainTitle: string | null;
}

export interface OfficeEvent extends TimelineEvent {
  id: number;
  /** The deciding agency once the step was taken (null on rows written before it was stored). */
  agencySlug: string | null;
}

export interface AttachmentRow {
  id: string;
  documentIndex: number;
  documentName: string;
  fileName: string;
  contentType: string;
  size: number;
  storageKey: string;
}

interface DossierSqlRow extends DossierCore {
  procedureVersion: string;
  countedFrom: string;
  statutoryDueDate: string;
  processingDays: number;
  processingHours: number | null;
  dueHour: string | null;
  calendarProvisional: number;
  formData: string;
  fullName: string | null;
  idNumber: string | null;
  birthDate: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  commune: string | null;
  onBehalf: number | null;
  repFullName: string | null;
  repIdNumber: string | null;
  repPhone: string | null;
  repRelation: string | null;
  notifyChannel: NotifyChannel | null;
  purgedAt: string | null;
  ruleSet: string | null;
  documentsReceived: string | null;
  forwardedAt: string | null;
  forwardedTo: string | null;
  chainCode: string | null;
  chainTitle: string | null;
}

/** The stored form answers; anything but an object of strings reads as no answers. */
function parseOnlineForm(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  } catch {
    return {};
  }
}

/** The stored list of documents received; anything but an array of strings reads as none. */
function parseDocumentsReceived(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
  } catch {
    return null;
  }
}

function toOfficeDossier(row: DossierSqlRow): OfficeDossier {
  const {
    formData,
    documentsReceived,
    calendarProvisional,
    fullName,
    idNumber,
    birthDate,
    phone,
    email,
    address,
    commune,
    onBehalf,
    repFullName,
    repIdNumber,
    repPhone,
    repRelation,
    notifyChannel,
    ...core
  } = row;
  return {
    ...core,
    calendarProvisional: calendarProvisional === 1,
    onlineForm: parseOnlineForm(formData),
    documentsReceived: parseDocumentsReceived(documentsReceived),
    applicant:
      fullName === null
        ? undefined
        : {
            fullName,
            idNumber: idNumber ?? '',
            birthDate: birthDate ?? '',
            phone: phone ?? '',
            email: email ?? undefined,
            address: address ?? '',
            commune: commune ?? '',
            representative: onBehalf
              ? {
                  fullName: repFullName ?? '',
                  idNumber: repIdNumber ?? '',
                  phone: repPhone ?? '',
                  relation: repRelation ?? '',
                }
              : undefined,
            notifyChannel: notifyChannel ?? undefined,
          },
  };
}

const EVENT_ACTIONS: readonly string[] = [...ACTIONS, 'submit', 'register'];

function toOfficeEvent(row: Omit<OfficeEvent, 'action'> & { action: string | null }): OfficeEvent {
  return {
    ...row,
    action:
      row.action !== null && EVENT_ACTIONS.includes(row.action)
        ? (row.action as DossierEvent['action'])
        : null,
  };
}

/** A dossier with its history (oldest first) and attachments, for officers; undefined if none. */
export async function loadOfficeDossier(
  db: D1Database,
  code: string,
): Promise<
  { dossier: OfficeDossier; events: OfficeEvent[]; attachments: AttachmentRow[] } | undefined
> {
  const row = await db
    .prepare(
      `SELECT d.id, d.code, d.procedure_code AS procedureCode, d.procedure_title AS procedureTitle,
         d.procedure_version AS procedureVersion, d.agency_slug AS agencySlug, d.desk_slug AS deskSlug,
         COALESCE(d.return_desk_slug, d.desk_slug) AS returnDeskSlug, d.channel, d.status, d.received_at AS receivedAt, d.counted_from AS countedFrom, d.due_date AS dueDate,
         COALESCE(d.statutory_due_date, d.due_date) AS statutoryDueDate, d.processing_days AS processingDays, d.processing_hours AS processingHours, d.due_hour AS dueHour, d.calendar_provisional AS calendarProvisional, d.form_data AS formData,
         a.full_name AS fullName, a.id_number AS idNumber, a.birth_date AS birthDate, a.phone, a.email, a.address,
         a.commune, a.on_behalf AS onBehalf, a.rep_full_name AS repFullName, a.rep_id_number AS repIdNumber,
         a.rep_phone AS repPhone, a.rep_relation AS repRelation, a.notify_channel AS notifyChannel, d.purged_at AS purgedAt, d.rule_set AS ruleSet,
         d.documents_received AS documentsReceived, d.forwarded_at AS forwardedAt, d.forwarded_to AS forwardedTo,
         ch.code AS chainCode, ch.chain_title AS chainTitle
       FROM dossiers d LEFT JOIN applicants a ON a.dossier_id = d.id LEFT JOIN chains ch ON ch.id = d.chain_id
       WHERE d.code = ?1`,
    )
    .bind(code)
    .first<DossierSqlRow>();
  if (!row) return undefined;
  const [events, attachments] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT e.id, e.status, e.action, e.at, e.actor, acc.display_name AS actorName, e.note,
           e.public_note AS publicNote, e.due_date AS dueDate, e.agency_slug AS agencySlug
         FROM status_events e LEFT JOIN accounts acc ON acc.id = e.actor WHERE e.dossier_id = ?1 ORDER BY e.id`,
      )
      .bind(row.id),
    db
      .prepare(
        `SELECT id, document_index AS documentIndex, document_name AS documentName, file_name AS fileName,
           content_type AS contentType, size, storage_key AS storageKey
         FROM attachments WHERE dossier_id = ?1 ORDER BY document_index, created_at`,
      )
      .bind(row.id),
  ]);
  return {
    dossier: toOfficeDossier(row),
    events: ((events?.results ?? []) as unknown as Parameters<typeof toOfficeEvent>[0][]).map(
      toOfficeEvent,
    ),
    attachments: (attachments?.results ?? []) as unknown as AttachmentRow[],
  };
}

export interface Change {
  dossierId: string;
  fromStatus: StatusCode;
  toStatus: StatusCode;
  agencySlug: string;
  dueDate: string;
  /** The appointment's hour "HH:MM" when counted in hours, else undefined (stored as NULL). */
  dueHour?: string | undefined;
  countedFrom: string;
  provisional: boolean | undefined;
  event: {
    action: string;
    at: string;
    actor: string;
    note?: string | undefined;
    publicNote?: string | undefined;
    /** Working days used since the time limit started (kept for the events that end processing). */
    workingDays?: number | undefined;
  };
  /** Written only when the status change applies (same transaction). */
  message?: OutboxInsert | undefined;
  audit: AuditEntry;
}

/**
 * Applies one lifecycle step in a single transaction: the dossier changes only if
 * it is still in the status the officer saw (another officer may have acted
 * meanwhile), and the event, the message to the citizen and the audit entry are
 * written only if it did. Triggers (migrations/0004) update the statistics counters
 * in the same transaction when the event is written. Returns false when the dossier
 * had moved on.
 */
export async function applyChange(db: D1Database, change: Change): Promise<boolean> {
  const { event } = change;
  const onlyIfChanged = 'WHERE changes() = 1';
  const statements = [
    db
      .prepare(
        `UPDATE dossiers SET status = ?2, agency_slug = ?3, due_date = ?4, counted_from = ?5,
           calendar_provisional = COALESCE(?6, calendar_provisional), updated_at = ?7, due_hour = ?9
         WHERE id = ?1 AND status = ?8 RETURNING id`,
      )
      .bind(
        change.dossierId,
        change.toStatus,
        change.agencySlug,
        change.dueDate,
        change.countedFrom,
        change.provisional === undefined ? null : change.provisional ? 1 : 0,
        event.at,
        change.fromStatus,
        change.dueHour ?? null,
      ),
    db
      .prepare(
        `INSERT INTO status_events (dossier_id, status, at, actor, action, note, public_note, due_date,
           agency_slug, working_days)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 ${onlyIfChanged}`,
      )
      .bind(
        change.dossierId,
        change.toStatus,
        event.at,
        event.actor,
        event.action,
        event.note ?? null,
        event.publicNote ?? null,
        change.dueDate,
        change.agencySlug,
        event.workingDays ?? null,
      ),
  ];
  // The message and the audit entry follow the event: written only if it was.
  // ?8 is a placeholder so the numbering matches; ?9–?11 identify the event just written.
  const eventWritten =
    'EXISTS (SELECT 1 FROM status_events WHERE dossier_id = ?1 AND at = ?9 AND action = ?10 AND actor = ?11)';
  if (change.message) {
    statements.push(
      db
        .prepare(
          `INSERT INTO outbox (dossier_id, kind, channel, recipient, subject, body, created_at)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE ?8 = ?8 AND ${eventWritten}`,
        )
        .bind(
          change.dossierId,
          change.message.kind,
          addressKind(change.message.channel),
          change.message.recipient,
          change.message.subject,
          change.message.body,
          event.at,
          1,
          event.at,
          event.action,
          event.actor,
        ),
      db.prepare(DELIVERY_INSERT).bind(change.message.channel, change.message.params ?? null),
    );
  }
  if (event.action === 'stop') {
    // A stop confirms the applicant's waiting request, if there is one (migrations/0015).
    statements.push(
      db
        .prepare(
          `UPDATE stop_requests SET state = 'confirmed', decided_at = ?2, decided_by = ?3
           WHERE dossier_id = ?1 AND state = 'pending'
             AND EXISTS (SELECT 1 FROM status_events WHERE dossier_id = ?1 AND at = ?2 AND action = 'stop' AND actor = ?3)`,
        )
        .bind(change.dossierId, event.at, event.actor),
    );
  }
  const a = change.audit;
  statements.push(
    db
      .prepare(
        `INSERT INTO audit_events (at, actor, action, target, detail, client)
         SELECT ?2, ?3, ?4, ?5, ?6, ?7 WHERE ?8 = ?8 AND ${eventWritten}`,
      )
      .bind(
        change.dossierId,
        // The trail is stamped in UTC like every other entry (the event keeps Vietnam time).
        new Date(event.at).toISOString(),
        a.actor,
        a.action,
        a.target ?? null,
        a.detail ?? null,
        a.client ?? null,
        1,
        event.at,
        event.action,
        event.actor,
      ),
  );
  const results = await db.batch(statements);
  // RETURNING, not meta.changes: triggers' writes (statistics, the queue's closed counts) count as changes too.
  return (results[0]?.results.length ?? 0) === 1;
}

/** Records the documents received on paper at the counter with the dossier (migrations/0013). */
export async function recordDocumentsReceived(
  db: D1Database,
  code: string,
  documents: readonly string[],
): Promise<void> {
  await db
    .prepare('UPDATE dossiers SET documents_received = ?2 WHERE code = ?1')
    .bind(code, JSON.stringify(documents))
    .run();
}
