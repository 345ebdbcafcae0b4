import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { vietnamDay } from '../../src/domain/calendar/dates.ts';
import { type DueDate, dueInHours } from '../../src/domain/calendar/index.ts';
import { codeFormatOn, ruleSetForDay } from '../../src/domain/rules/select.ts';
import { codeLayout, newSecret, receptionDay } from '../../src/domain/dossier/code.ts';
import {
  constantTimeEqual,
  hashSecret,
  randomHex,
  seal,
  sha256Hex,
  unseal,
} from '../../src/domain/dossier/secret.ts';
import { CHANNEL, type ChannelCode, STATUS } from '../../src/domain/dossier/status.ts';
import { type Refusal, refusal } from '../../src/domain/errors.ts';
import { foldText } from '../../src/domain/text/fold.ts';
import { forwardingTarget } from '../../src/domain/reception.ts';
import type { Agency } from '../../src/schemas/agency.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import type { Submission } from '../../src/schemas/submission.ts';
import {
  type DossierRow,
  findDossierByCode,
  findDossierById,
  findIdempotencyKey,
  IdempotencyConflict,
  insertDossier,
} from '../db/dossiers.ts';
import { type Counter, LimitReached } from '../db/rate-limits.ts';
import { type AttachmentScanner, type CheckedFile, noScanner, sha256Bytes } from './attachments.ts';

/**
 * Accepting a dossier: the appointment from the working-day calendar, the code
 * and lookup secret, the files in R2, and one database transaction; retried
 * requests with the same idempotency key get the same dossier back.
 */

export interface SubmissionServices {
  db: D1Database;
  files: R2Bucket | undefined;
  index: CatalogueIndex;
  now: () => Date;
  scanner?: AttachmentScanner;
}

export interface Accepted {
  replayed: boolean;
  dossierId: string;
  code: string;
  secret: string;
  receivedAt: string;
  countedFrom: string;
  dueDate: string;
  /** The appointment's hour "HH:MM" when the procedure counts in working hours. */
  dueHour?: string;
  provisional: boolean;
  status: number;
  /** The desk that received it, and where its result is returned. */
  deskSlug: string;
  returnDeskSlug: string;
}

export type SubmitOutcome =
  | ({ kind: 'accepted' } & Accepted)
  | { kind: 'idempotency-mismatch' }
  | { kind: 'infected'; documentIndex: number; documentName: string }
  | { kind: 'storage-unavailable' }
  /** A rate-limit counter of `counted` was at its limit: nothing stored, nothing counted. */
  | { kind: 'limit-reached' };

/**
 * The one mapping of what `submitDossier` refused to a status and a channel-neutral
 * error; the JSON API, the online form, Open311 and the counter render it each their way.
 */
export function refusalOf(
  outcome: Exclude<SubmitOutcome, { kind: 'accepted' | 'limit-reached' }>,
): Refusal {
  switch (outcome.kind) {
    case 'idempotency-mismatch':
      return refusal(
        422,
        'idempotency_key_reused',
        'Idempotency-Key này đã dùng cho một yêu cầu khác; hồ sơ này chưa được gửi.',
        [
          {
            path: 'idempotencyKey',
            message:
              'Biểu mẫu này đã được dùng để gửi một hồ sơ khác, nên hồ sơ này chưa được gửi. Kiểm tra lại thông tin rồi bấm "Gửi hồ sơ" để gửi hồ sơ mới.',
          },
        ],
      );
    case 'infected':
      return refusal(
        422,
        'infected_attachment',
        `Tệp "${outcome.documentName}" có dấu hiệu chứa mã độc.`,
        [
          {
            path: `attachments.${outcome.documentIndex}`,
            message: `${outcome.documentName}: tệp có dấu hiệu chứa mã độc và không được nhận`,
          },
        ],
      );
    case 'storage-unavailable':
      return refusal(
        503,
        'storage_unavailable',
        'Kho lưu tệp tạm thời không hoạt động; hồ sơ chưa được nhận. Vui lòng thử lại sau.',
      );
  }
}

/** Time limit of the channel the dossier came through (a procedure may differ per channel). */
function timeFor(procedure: Procedure, channel: ChannelCode): Procedure['time'] {
  const type =
    channel === CHANNEL.ONLINE
      ? 'truc-tuyen'
      : channel === CHANNEL.POST
        ? 'buu-chinh'
        : 'truc-tiep';
  return procedure.channels.find((c) => c.type === type)?.time ?? procedure.time;
}

/** Processing time in working days of the channel the dossier came through. */
export const processingDaysFor = (procedure: Procedure, channel: ChannelCode): number =>
  timeFor(procedure, channel).days;

/** Processing time in working hours of that channel, when the procedure counts in hours. */
export const processingHoursFor = (
  procedure: Procedure,
  channel: ChannelCode,
): number | undefined => timeFor(procedure, channel).hours;

async function replay(
  services: SubmissionServices,
  key: string,
  requestHash: string,
): Promise<SubmitOutcome | undefined> {
  const record = await findIdempotencyKey(services.db, await sha256Hex(key));
  if (!record) return undefined;
  if (record.requestHash !== requestHash) return { kind: 'idempotency-mismatch' };
  const [dossier, secret] = await Promise.all([
    findDossierById(services.db, record.dossierId),
    unseal(key, record.sealedSecret),
  ]);
  if (!dossier || !secret) return undefined;
  return { kind: 'accepted', replayed: true, ...accepted(dossier, secret) };
}

function accepted(d: DossierRow, secret: string): Omit<Accepted, 'replayed'> {
  return {
    dossierId: d.id,
    code: d.code,
    secret,
    receivedAt: d.receivedAt,
    countedFrom: d.countedFrom,
    dueDate: d.dueDate,
    ...(d.dueHour ? { dueHour: d.dueHour } : {}),
    provisional: d.calendarProvisional,
    status: d.status,
    deskSlug: d.deskSlug,
    returnDeskSlug: d.returnDeskSlug,
  };
}

export async function submitDossier(
  services: SubmissionServices,
  procedure: Procedure,
  submission: Submission,
  files: readonly CheckedFile[],
  options: {
    channel: ChannelCode;
    actor: string;
    idempotencyKey?: string | undefined;
    initialStatus?: 1 | 2;
    /** The receiving desk, at the counter the officer's; default: the agency's own desk. */
    desk?: Agency | undefined;
    /** Filed on the national portal: DVCQG's code instead of the day's sequence (ADR 0017). */
    dvcqg?: { code: string; requestHash: string } | undefined;
    /** The chain this dossier is a member of (functions/services/chains.ts). */
    chainId?: string | undefined;
    /**
     * Rate-limit counters (ADR 0014) counted in the dossier's own transaction, only while
     * each has room; otherwise nothing is stored and the outcome is `limit-reached`.
     */
    counted?: { counters: readonly Counter[]; nowSeconds: number } | undefined;
  },
): Promise<SubmitOutcome> {
  const fileHashes = await Promise.all(files.map((f) => sha256Bytes(f.bytes)));
  const requestHash = await sha256Hex(
    JSON.stringify({ submission, files: files.map((f, i) => [f.documentIndex, fileHashes[i]]) }),
  );
  // The idempotency key is not looked up first (ADR 0028): a key already taken in fails the
  // store on its unique index, which rolls everything back, and is answered from there.

  const scanner = services.scanner ?? noScanner;
  for (const file of files) {
    if ((await scanner.scan(file)) === 'infected')
      return {
        kind: 'infected',
        documentIndex: file.documentIndex,
        documentName: file.documentName,
      };
  }
  if (files.length > 0 && !services.files) return { kind: 'storage-unavailable' };

  const { index } = services;
  const agency = index.agencyBySlug.get(submission.agency);
  if (!agency) throw new Error(`unknown agency ${submission.agency}`);
  const desk = options.desk ?? index.deskOf(agency);
  // The result is returned where the citizen chose, by default where the dossier was received.
  const chosen = (submission as { returnDesk?: string | undefined }).returnDesk;
  const returnDesk = (chosen ? index.agencyBySlug.get(chosen) : undefined) ?? desk;
  // Received elsewhere than at the competent agency's own desk: forwarded electronically at once.
  const forwardTo = forwardingTarget(desk, agency, index.deskOf);
  const now = services.now();
  const days = processingDaysFor(procedure, options.channel);
  const hours = processingHoursFor(procedure, options.channel);
  const due: DueDate & { dueHour?: string } =
    hours === undefined
      ? index.calendar.dueDate(now, days, agency.workingWeek)
      : dueInHours(index.calendar, now, hours, agency.workingWeek);
  const id = crypto.randomUUID();
  const secret = newSecret();
  // The rule set in force on the reception day: kept with the dossier, and its code format.
  const rules = ruleSetForDay(index.catalogue.ruleSets, vietnamDay(due.received));
  const day = receptionDay(now);
  const format = codeFormatOn(rules, vietnamDay(due.received)) ?? {
    template: '{identifier}-{yymmdd}-{seq:4}',
    identifier: 'desk',
  };
  const identifier = format.identifier === 'agency' ? agency.code : desk.code;
  const salt = randomHex(16);

  // Files first: if the transaction then fails, they are removed; a dossier row
  // never points to a file that is not there.
  const stored = files.map((file, i) => ({
    id: crypto.randomUUID(),
    documentIndex: file.documentIndex,
    documentName: file.documentName,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.bytes.byteLength,
    sha256: fileHashes[i] as string,
    storageKey: `dossiers/${id}/${crypto.randomUUID()}`,
    bytes: file.bytes,
  }));
  await Promise.all(
    stored.map((f) =>
      services.files?.put(f.storageKey, f.bytes, {
        httpMetadata: { contentType: f.contentType },
        customMetadata: { dossier: id, sha256: f.sha256 },
      }),
    ),
  );
  const removeFiles = () => Promise.all(stored.map((f) => services.files?.delete(f.storageKey)));

  try {
    const { code } = await insertDossier(services.db, {
      id,
      agencyCode: identifier,
      day,
      codeLayout: codeLayout(format.template, identifier, day),
      procedureCode: procedure.code,
      procedureTitle: procedure.title,
      procedureVersion: [procedure.lastReviewed, procedure.publication?.decision]
        .filter(Boolean)
        .join(' · '),
      agencySlug: agency.slug,
      deskSlug: desk.slug,
      returnDeskSlug: returnDesk.slug,
      forwardedTo: forwardTo?.slug,
      channel: options.channel,
      receivedAt: due.received,
      countedFrom: due.effectiveReceived,
      dueDate: due.due,
      processingDays: days,
      processingHours: hours,
      dueHour: due.dueHour,
      calendarProvisional: due.provisional,
      secretSalt: salt,
      secretHash: await hashSecret(secret, salt),
      formData: submission.fields as Record<string, string>,
      applicant: submission.applicant,
      representative: submission.representative,
      attachments: stored.map(({ bytes: _bytes, ...rest }) => rest),
      idempotency: options.idempotencyKey
        ? {
            keyHash: await sha256Hex(options.idempotencyKey),
            requestHash,
            sealedSecret: await seal(options.idempotencyKey, secret),
          }
        : undefined,
      actor: options.actor,
      initialStatus: options.initialStatus ?? STATUS.NEW,
      nameFolded: foldText(submission.applicant.fullName),
      ruleSet: rules.id,
      dvcqg: options.dvcqg,
      chainId: options.chainId,
      counted: options.counted,
    });
    return {
      kind: 'accepted',
      replayed: false,
      dossierId: id,
      code,
      secret,
      receivedAt: due.received,
      countedFrom: due.effectiveReceived,
      dueDate: due.due,
      ...(due.dueHour ? { dueHour: due.dueHour } : {}),
      provisional: due.provisional,
      status: options.initialStatus ?? STATUS.NEW,
      deskSlug: desk.slug,
      returnDeskSlug: returnDesk.slug,
    };
  } catch (error) {
    await removeFiles();
    const retried = error instanceof IdempotencyConflict || error instanceof LimitReached;
    if (retried && options.idempotencyKey) {
      // The key was taken in before (a retry, or a concurrent twin that committed first):
      // answer with its dossier, never counted again, whatever the limits say.
      const previous = await replay(services, options.idempotencyKey, requestHash);
      if (previous) return previous;
    }
    if (error instanceof LimitReached) return { kind: 'limit-reached' };
    throw error;
  }
}

/**
 * The dossier for a code and secret, or undefined when either is wrong; the two
 * cases take the same path so that neither timing nor answer tells them apart.
 */
export async function findForCitizen(
  db: D1Database,
  code: string,
  secret: string,
): Promise<DossierRow | undefined> {
  return verifiedForCitizen(await findDossierByCode(db, code), secret);
}

/**
 * The dossier read for a code when the secret is its own, else undefined; a missing dossier
 * takes the same path (a hash against a dummy), so that neither timing nor answer tells them apart.
 */
export async function verifiedForCitizen(
  dossier: DossierRow | null,
  secret: string,
): Promise<DossierRow | undefined> {
  const salt = dossier?.secretSalt ?? 'no-such-dossier';
  const hash = await hashSecret(secret, salt);
  const expected = dossier?.secretHash ?? '0'.repeat(64);
  return dossier && constantTimeEqual(hash, expected) ? dossier : undefined;
}
