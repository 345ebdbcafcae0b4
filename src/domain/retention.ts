import { STATUS, type StatusCode } from './dossier/status.ts';

/**
 * The retention policy for personal data (Luật Bảo vệ dữ liệu cá nhân 2025, NĐ 13/2023:
 * personal data is kept only as long as the purpose needs it). A dossier's applicant,
 * attachments and form data are deleted a fixed number of months after the dossier was
 * closed; what the statistics need (codes, dates, statuses, events, evaluation scores,
 * counters) stays. Free-text comments (page feedback, evaluations) are cleared after
 * their own period. Pure: the SQL is in functions/db/retention.ts, the scheduled job in
 * functions/services/retention.ts.
 */

/** Statuses that end a dossier's life: nothing happens to it afterwards. */
export const CLOSED_STATUSES: readonly StatusCode[] = [
  STATUS.REFUSED,
  STATUS.WITHDRAWN,
  STATUS.STOPPED,
  STATUS.RETURNED,
];

export const DEFAULT_RETENTION_MONTHS = 24;

export interface RetentionPolicy {
  /** Months after closing before a dossier's personal data is deleted. */
  months: number;
  /** Months after which free-text comments (page feedback, evaluations) are cleared. */
  commentMonths: number;
}

/**
 * The policy from the configured months (`RETENTION_MONTHS`, `RETENTION_COMMENT_MONTHS`,
 * validated in src/schemas/env.ts): 24 months by default, comments following the main
 * value unless set. A malformed variable arrives here as undefined, so a typo falls back to
 * the default rather than to "delete now".
 */
export function retentionPolicy(months?: number, commentMonths?: number): RetentionPolicy {
  const main = months ?? DEFAULT_RETENTION_MONTHS;
  return { months: main, commentMonths: commentMonths ?? main };
}

/**
 * The instant `n` calendar months after `iso` (any ISO 8601 with offset). The day of the
 * month is kept, or clamped to the month's last day (31 Aug + 6 months = 28/29 Feb), in
 * UTC, which moves the answer by at most a few hours against Vietnam time.
 */
export function addMonths(iso: string, n: number): Date {
  const from = new Date(Date.parse(iso));
  const target = new Date(from);
  target.setUTCDate(1);
  target.setUTCMonth(from.getUTCMonth() + n);
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target;
}

/** A closed dossier as the retention job sees it. */
export interface RetentionCandidate {
  status: StatusCode;
  /** When it reached its closing status (the last event with that status). */
  closedAt: string | null;
  purgedAt: string | null;
}

/** When a dossier's personal data becomes due for deletion, or undefined if never (yet). */
export function purgeDueAt(d: RetentionCandidate, policy: RetentionPolicy): Date | undefined {
  if (d.purgedAt || !d.closedAt || !CLOSED_STATUSES.includes(d.status)) return undefined;
  if (Number.isNaN(Date.parse(d.closedAt))) return undefined;
  return addMonths(d.closedAt, policy.months);
}

/** Whether the dossier's personal data must be deleted now. */
export function isDueForPurge(d: RetentionCandidate, policy: RetentionPolicy, now: Date): boolean {
  const due = purgeDueAt(d, policy);
  return due !== undefined && due.getTime() <= now.getTime();
}

/**
 * A bound for the SQL pre-selection: every dossier closed before it may be due; the exact
 * decision is isDueForPurge. Three days of margin cover month-end clamping and offsets.
 */
export function closedBefore(now: Date, monthsBack: number): string {
  const bound = addMonths(now.toISOString(), -monthsBack);
  return new Date(bound.getTime() + 3 * 86_400_000).toISOString();
}

/** Comments written before this instant are cleared. */
export function commentCutoff(now: Date, policy: RetentionPolicy): string {
  return addMonths(now.toISOString(), -policy.commentMonths).toISOString();
}

/** What one run of the job did: counts only, never personal data. */
export interface PurgeCounts {
  dossiers: number;
  applicants: number;
  attachments: number;
  files: number;
  messages: number;
  evaluationComments: number;
  feedbackComments: number;
}

export const zeroPurgeCounts = (): PurgeCounts => ({
  dossiers: 0,
  applicants: 0,
  attachments: 0,
  files: 0,
  messages: 0,
  evaluationComments: 0,
  feedbackComments: 0,
});

/** The name of each count in the audit log and the Worker log, in this order. */
export const PURGE_LABELS: readonly [keyof PurgeCounts, string][] = [
  ['dossiers', 'hồ sơ'],
  ['applicants', 'người nộp'],
  ['attachments', 'tệp đính kèm'],
  ['files', 'tệp trong kho R2'],
  ['messages', 'tin nhắn'],
  ['evaluationComments', 'ý kiến đánh giá'],
  ['feedbackComments', 'góp ý trang'],
];

/** The counts as one line, e.g. "hồ sơ 2; người nộp 2; tệp đính kèm 1; …". */
export function describeCounts(c: PurgeCounts): string {
  return PURGE_LABELS.map(([key, label]) => `${label} ${c[key]}`).join('; ');
}

/** Adds two sets of counts. */
export function addCounts(a: PurgeCounts, b: Partial<PurgeCounts>): PurgeCounts {
  const sum = { ...a };
  for (const [key] of PURGE_LABELS) sum[key] += b[key] ?? 0;
  return sum;
}

/** Whether the run changed anything (an audit entry is written only then). */
export const anythingPurged = (c: PurgeCounts): boolean => Object.values(c).some((n) => n > 0);

/** What officers and citizens read where the personal data was. */
export const PURGED_NOTICE = 'Dữ liệu cá nhân đã được xóa theo quy định lưu trữ.';
