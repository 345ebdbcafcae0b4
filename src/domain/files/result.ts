import { isRealIsoDate, normaliseDate } from '../calendar/dates.ts';
import { STATUS, type StatusCode } from '../dossier/status.ts';
import type { Problem } from '../errors.ts';
import { addMonths } from '../retention.ts';
import { safeFileName, sniffType } from './sniff.ts';

/**
 * The electronic result of a dossier (ADR 0020): the signed PDF the competent agency issues,
 * attached by its officer once the dossier has a result. Pure: the checks of the upload, when
 * it may be attached, and when the rule set lets it go. Storage is functions/db/result-files.ts
 * and functions/services/result-files.ts.
 */

/** 10 MB: a signed decision of a few pages with its scanned seal is well under this. */
export const RESULT_MAX_BYTES = 10 * 1024 * 1024;

/** The R2 prefix of results, apart from the applicant's attachments (`dossiers/`). */
export const RESULT_PREFIX = 'results/';

/** A result is attached at or after the result step: processed, or already returned. */
export const RESULT_STATUSES: readonly StatusCode[] = [STATUS.PROCESSED, STATUS.RETURNED];

export const canAttachResult = (status: StatusCode): boolean => RESULT_STATUSES.includes(status);

/** Why a result cannot be attached in this status (shown to the officer). */
export const RESULT_NOT_YET =
  'Chỉ đính kèm tệp kết quả khi hồ sơ đã có kết quả (trạng thái “Đã xử lý xong” hoặc “Đã trả kết quả”).';

/** The officer's form as posted. */
export interface ResultUpload {
  file: { name: string; bytes: Uint8Array } | undefined;
  /** "Ngày ban hành", dd/mm/yyyy or yyyy-mm-dd. */
  issuedOn: string;
  /** The issuing agency's slug. */
  issuer: string;
  /** Why a current result is replaced; required only then. */
  reason: string;
}

export interface CheckedResult {
  fileName: string;
  bytes: Uint8Array;
  issuedOn: string;
  issuer: string;
  reason: string | undefined;
}

export const REASON_MAX = 500;

/**
 * Checks the officer's upload: a PDF by its first bytes (the declared type and the name are
 * not trusted), not empty, at most RESULT_MAX_BYTES; a real issue date not after today (in
 * Vietnam) and not before the dossier was received; an issuer among `issuers`; a reason when
 * the upload replaces a current result. Problems name the form's inputs.
 */
export function checkResultUpload(
  upload: ResultUpload,
  ctx: { today: string; receivedDay: string; issuers: readonly string[]; replacing: boolean },
): { ok: true; value: CheckedResult } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const bytes = upload.file?.bytes;
  if (!bytes || bytes.byteLength === 0) {
    problems.push({ path: 'tep', message: 'Chọn tệp kết quả (PDF đã ký số) để tải lên' });
  } else if (bytes.byteLength > RESULT_MAX_BYTES) {
    problems.push({ path: 'tep', message: 'Tệp kết quả lớn hơn 10 MB' });
  } else if (sniffType(bytes) !== 'application/pdf') {
    problems.push({
      path: 'tep',
      message: 'Tệp kết quả phải là tệp PDF (nội dung tệp không phải PDF)',
    });
  }
  const issuedOn = normaliseDate(upload.issuedOn.trim());
  if (!issuedOn) {
    problems.push({ path: 'ngay-ban-hanh', message: 'Nhập ngày ban hành của kết quả' });
  } else if (!isRealIsoDate(issuedOn)) {
    problems.push({
      path: 'ngay-ban-hanh',
      message: 'Ngày ban hành không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 05/12/2026',
    });
  } else if (issuedOn > ctx.today) {
    problems.push({ path: 'ngay-ban-hanh', message: 'Ngày ban hành không được sau hôm nay' });
  } else if (issuedOn < ctx.receivedDay) {
    problems.push({
      path: 'ngay-ban-hanh',
      message: 'Ngày ban hành không được trước ngày tiếp nhận hồ sơ',
    });
  }
  if (!ctx.issuers.includes(upload.issuer)) {
    problems.push({ path: 'co-quan-ban-hanh', message: 'Chọn cơ quan ban hành kết quả' });
  }
  const reason = upload.reason.trim();
  if (ctx.replacing && !reason) {
    problems.push({
      path: 'ly-do',
      message: 'Hồ sơ đã có tệp kết quả: ghi lý do thay tệp (ví dụ: tải nhầm tệp)',
    });
  } else if (reason.length > REASON_MAX) {
    problems.push({ path: 'ly-do', message: `Lý do thay tệp tối đa ${REASON_MAX} ký tự` });
  }
  if (problems.length > 0 || !bytes) return { ok: false, problems };
  return {
    ok: true,
    value: {
      fileName: safeFileName(upload.file?.name ?? '', 'application/pdf'),
      bytes,
      issuedOn,
      issuer: upload.issuer,
      reason: reason || undefined,
    },
  };
}

/** The R2 key of a new result file of a dossier. */
export const resultStorageKey = (dossierId: string, id: string): string =>
  `${RESULT_PREFIX}${dossierId}/${id}`;

/**
 * The result retention of a rule set: `months` after the dossier closed, or kept without a
 * limit when the set names none (the safe default while the period is unconfirmed).
 */
export interface ResultRetention {
  months?: number | undefined;
}

/** When a dossier's result files may be deleted; undefined when they are kept. */
export function resultDeleteDueAt(
  retention: ResultRetention | undefined,
  closedAt: string | null,
): Date | undefined {
  if (!retention?.months || !closedAt || Number.isNaN(Date.parse(closedAt))) return undefined;
  return addMonths(closedAt, retention.months);
}

export const isResultDueForDeletion = (
  retention: ResultRetention | undefined,
  closedAt: string | null,
  now: Date,
): boolean => {
  const due = resultDeleteDueAt(retention, closedAt);
  return due !== undefined && due.getTime() <= now.getTime();
};
