import type { Officer } from '../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { vietnamDay } from '../../src/domain/calendar/dates.ts';
import type { Problem } from '../../src/domain/errors.ts';
import {
  canAttachResult,
  checkResultUpload,
  isResultDueForDeletion,
  RESULT_NOT_YET,
  type ResultUpload,
  resultStorageKey,
} from '../../src/domain/files/result.ts';
import {
  normaliseDossierCode,
  normaliseSecret,
  parseDossierCode,
} from '../../src/domain/dossier/code.ts';
import { type RuleSet, ruleSetOf } from '../../src/domain/rules/select.ts';
import type { OfficeDossier } from '../db/office.ts';
import {
  closedDossiersWithResults,
  currentResultFile,
  deleteResultRows,
  insertResultFile,
  type ResultFile,
  resultFilesOf,
  resultKeys,
} from '../db/result-files.ts';
import type { ResultFileView } from '../../src/ui/result-file.ts';
import { sha256Bytes } from './attachments.ts';
import { findForCitizen } from './submissions.ts';
import { ownedDossier } from '../db/citizens.ts';

export type { ResultFile };

/** A stored result as the pages show it, with the issuer's name. */
export const toResultView = (index: CatalogueIndex, f: ResultFile): ResultFileView => ({
  id: f.id,
  fileName: f.fileName,
  size: f.size,
  sha256: f.sha256,
  issuedOn: f.issuedOn,
  issuerName: index.agencyBySlug.get(f.issuerSlug)?.name ?? f.issuerSlug,
  uploadedAt: f.uploadedAt,
  uploadedByName: f.uploadedByName,
  replacedAt: f.replacedAt,
  replaceReason: f.replaceReason,
});

/**
 * Electronic results (ADR 0020): the competent agency's officer attaches the signed PDF once
 * the dossier has a result; its citizen downloads it after proving the dossier's secret (the
 * lookup page, which reads the current file with the dossier: functions/services/citizen-lookup.ts)
 * or, later, after signing in ("Hồ sơ của tôi" reuses `openResultFile`); the retention job keeps it as the rule set says. Files are in R2 (FILES)
 * under `results/`; rows in D1 (migrations/0023).
 */

export interface ResultServices {
  db: D1Database;
  files: R2Bucket | undefined;
  index: CatalogueIndex;
  now: () => Date;
}

/** Whether this officer attaches results to this dossier: the competent agency's specialist or leader. */
export const attachesResults = (officer: Officer, d: Pick<OfficeDossier, 'agencySlug'>): boolean =>
  (officer.role === 'specialist' || officer.role === 'leader') &&
  officer.agencies.includes(d.agencySlug);

/** The agencies that may appear as the result's issuer: the dossier's agency, then the procedure's. */
export function resultIssuers(
  index: CatalogueIndex,
  d: Pick<OfficeDossier, 'agencySlug' | 'procedureCode'>,
): { slug: string; name: string }[] {
  const slugs = [
    ...new Set([d.agencySlug, ...(index.procedureByCode.get(d.procedureCode)?.agencies ?? [])]),
  ];
  return slugs.map((slug) => ({ slug, name: index.agencyBySlug.get(slug)?.name ?? slug }));
}

export type AttachOutcome =
  | { kind: 'done'; file: { id: string; sha256: string }; replaced: boolean }
  | { kind: 'not-allowed'; reason: string }
  | { kind: 'not-possible'; reason: string }
  | { kind: 'invalid'; problems: Problem[] }
  /** Another officer attached a file meanwhile: look again. */
  | { kind: 'stale'; reason: string };

/**
 * Attaches (or replaces) the dossier's result file: checks who and when, the PDF by its
 * bytes, the issue date and issuer; computes the SHA-256 here; stores the object, then the
 * row with its audit entry. If the row cannot be written the object is removed again.
 */
export async function attachResult(
  { db, files, index, now }: ResultServices,
  request: { officer: Officer; dossier: OfficeDossier; upload: ResultUpload; client?: string },
): Promise<AttachOutcome> {
  const { officer, dossier: d, upload } = request;
  if (!attachesResults(officer, d)) {
    return {
      kind: 'not-allowed',
      reason:
        'Chỉ chuyên viên hoặc lãnh đạo của cơ quan giải quyết hồ sơ này mới đính kèm tệp kết quả.',
    };
  }
  if (!canAttachResult(d.status)) return { kind: 'not-possible', reason: RESULT_NOT_YET };
  if (!files) {
    return {
      kind: 'not-possible',
      reason: 'Kho lưu tệp chưa được cấu hình; liên hệ quản trị hệ thống.',
    };
  }
  const current = await currentResultFile(db, d.id);
  const at = now();
  const checked = checkResultUpload(upload, {
    today: vietnamDay(at),
    receivedDay: vietnamDay(d.receivedAt),
    issuers: resultIssuers(index, d).map((i) => i.slug),
    replacing: current !== undefined,
  });
  if (!checked.ok) return { kind: 'invalid', problems: checked.problems };
  const file = checked.value;
  const id = crypto.randomUUID();
  const sha256 = await sha256Bytes(file.bytes);
  const storageKey = resultStorageKey(d.id, id);
  await files.put(storageKey, file.bytes, {
    httpMetadata: { contentType: 'application/pdf' },
    sha256,
  });
  const stored = await insertResultFile(
    db,
    {
      id,
      dossierId: d.id,
      fileName: file.fileName,
      size: file.bytes.byteLength,
      sha256,
      storageKey,
      issuedOn: file.issuedOn,
      issuerSlug: file.issuer,
      at: at.toISOString(),
      actor: officer.id,
      replaceReason: file.reason,
      // The audit names the file by its hash, never by anything the citizen wrote.
      audit: {
        target: d.code,
        detail: current
          ? `thay tệp kết quả ${current.sha256.slice(0, 12)}… bằng ${sha256.slice(0, 12)}…`
          : `đính kèm tệp kết quả ${sha256.slice(0, 12)}…`,
        client: request.client,
      },
    },
    current?.id,
  );
  if (!stored) {
    await files.delete(storageKey);
    return {
      kind: 'stale',
      reason: 'Hồ sơ vừa được đính kèm tệp kết quả khác; hãy xem lại rồi thao tác tiếp.',
    };
  }
  return { kind: 'done', file: { id, sha256 }, replaced: current !== undefined };
}

/** Every result file of a dossier, replaced ones included: the officer's history. */
export const resultHistoryOf = (db: D1Database, dossierId: string): Promise<ResultFile[]> =>
  resultFilesOf(db, dossierId);

/** The stored object of a result file; undefined when the bucket lost it. */
export async function openResultFile(
  files: R2Bucket | undefined,
  file: ResultFile,
): Promise<R2ObjectBody | undefined> {
  return (await files?.get(file.storageKey)) ?? undefined;
}

/**
 * The citizen's result from the dossier code and secret, the same check as the lookup: one
 * answer (undefined) whether the dossier does not exist, the secret is wrong, or there is no
 * result yet, so nothing tells a stranger which.
 */
export async function resultForCitizen(
  db: D1Database,
  code: string,
  secret: string,
): Promise<{ file: ResultFile; code: string } | undefined> {
  const normalised = normaliseDossierCode(code);
  const proof = normaliseSecret(secret);
  if (!parseDossierCode(normalised) || proof.length < 8 || proof.length > 32) return undefined;
  const dossier = await findForCitizen(db, normalised, proof);
  if (!dossier) return undefined;
  const file = await currentResultFile(db, dossier.id);
  return file ? { file, code: dossier.code } : undefined;
}

/**
 * The signed-in citizen's result from "Hồ sơ của tôi": only for a dossier in their own list
 * (filed while signed in, or added with its code and secret); undefined otherwise, with no
 * hint whether the dossier exists.
 */
export async function resultForOwner(
  db: D1Database,
  subject: string,
  code: string,
): Promise<{ file: ResultFile; code: string } | undefined> {
  const normalised = normaliseDossierCode(code);
  if (!parseDossierCode(normalised)) return undefined;
  const dossier = await ownedDossier(db, subject, normalised);
  if (!dossier) return undefined;
  const file = await currentResultFile(db, dossier.id);
  return file ? { file, code: dossier.code } : undefined;
}

/**
 * The retention job's part for results: deletes the result files (objects, then rows) of
 * closed dossiers whose rule set gives a period that has passed. A set without `months` keeps
 * them. Returns how many files went.
 */
export async function purgeExpiredResults(
  env: { DB: D1Database; FILES?: R2Bucket | undefined },
  ruleSets: readonly RuleSet[],
  now: Date,
  batchSize = 100,
): Promise<number> {
  // Nothing to do when no set limits results: the common case costs no query.
  if (!ruleSets.some((s) => s.resultRetention?.months)) return 0;
  let deleted = 0;
  let after = '';
  for (;;) {
    const page = await closedDossiersWithResults(env.DB, batchSize, after);
    if (page.length === 0) break;
    after = page[page.length - 1]?.dossierId ?? after;
    const due = page
      .filter((d) =>
        isResultDueForDeletion(ruleSetOf(ruleSets, d).resultRetention, d.closedAt, now),
      )
      .map((d) => d.dossierId);
    if (due.length > 0) {
      const keys = await resultKeys(env.DB, due);
      if (env.FILES && keys.length > 0) await env.FILES.delete(keys);
      deleted += await deleteResultRows(env.DB, due, now.toISOString());
    }
    if (page.length < batchSize) break;
  }
  return deleted;
}
