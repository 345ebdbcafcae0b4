import { VIETNAM_TZ, vietnamDay, vietnamIso } from '../calendar/dates.ts';
import type { WorkingCalendar, WorkingWeek } from '../calendar/working-days.ts';
import { STATUS, type StatusCode } from './status.ts';

/**
 * "On time" is derived, never stored (QĐ 766/QĐ-TTg): a dossier is on time when
 * processing ended on or before the appointment day. Processing ends at the first
 * of: Đã xử lý xong (9), else Đã trả kết quả (10), else a stop or refusal (8, 3).
 * The due date compared is the legal one (set at reception, restarted after a
 * supplement); the new appointment given in an apology does not make a late dossier
 * on time.
 */

export type Timeliness =
  | { state: 'early' | 'on-time' | 'late'; finishedOn: string }
  | { state: 'in-progress' | 'overdue'; finishedOn?: undefined }
  | { state: 'not-applicable'; finishedOn?: undefined };

/**
 * Vietnam's offset from UTC in hours (no daylight saving): the days and months counted are
 * Vietnam's. Vietnam time has one home, src/domain/calendar/dates.ts; re-exported here.
 */
export const VIETNAM_UTC_OFFSET_HOURS = VIETNAM_TZ;
export { vietnamDay, vietnamIso };

export function timeliness(
  events: readonly { status: StatusCode; at: string }[],
  statutoryDueDate: string,
  now: Date,
): Timeliness {
  const firstOf = (status: StatusCode) => events.find((e) => e.status === status);
  if (events.some((e) => e.status === STATUS.WITHDRAWN)) return { state: 'not-applicable' };
  const end =
    firstOf(STATUS.PROCESSED) ??
    firstOf(STATUS.RETURNED) ??
    firstOf(STATUS.STOPPED) ??
    firstOf(STATUS.REFUSED);
  if (end) {
    const finishedOn = vietnamDay(end.at);
    return { state: finishedState(finishedOn, statutoryDueDate), finishedOn };
  }
  return vietnamDay(now.toISOString()) > statutoryDueDate
    ? { state: 'overdue' }
    : { state: 'in-progress' };
}

/** The statuses that end processing (QĐ 766/QĐ-TTg), in the order they take precedence. */
export const FINISHING_STATUSES: readonly StatusCode[] = [
  STATUS.PROCESSED,
  STATUS.RETURNED,
  STATUS.STOPPED,
  STATUS.REFUSED,
];

/** The finishing statuses that end with a result (the others: refused, stopped). */
export const RESOLVING_STATUSES: readonly StatusCode[] = [STATUS.PROCESSED, STATUS.RETURNED];

/**
 * How a finished dossier stands, by where the Vietnam day processing ended falls against
 * the legal due date: before it, on it, after it. Written as a table so the statistics
 * triggers are generated from it (scripts/lib/stats-triggers.ts, ADR 0012).
 */
export const FINISHED_STATE_BY_COMPARISON = {
  before: 'early',
  same: 'on-time',
  after: 'late',
} as const satisfies Record<string, Timeliness['state']>;

export type FinishedState =
  (typeof FINISHED_STATE_BY_COMPARISON)[keyof typeof FINISHED_STATE_BY_COMPARISON];

/** Early, on time or late: `finishedOn` and `statutoryDueDate` are `YYYY-MM-DD` (they compare as text). */
export function finishedState(finishedOn: string, statutoryDueDate: string): FinishedState {
  return FINISHED_STATE_BY_COMPARISON[
    finishedOn < statutoryDueDate ? 'before' : finishedOn === statutoryDueDate ? 'same' : 'after'
  ];
}

/**
 * The events whose due date is the legal one: the first event (online submission, counter
 * registration), the reception, and the reception of a supplemented dossier, which restarts
 * the time limit (NĐ 61/2018 Art 19). An apology's new appointment is not among them.
 * Events recorded before actions were stored (action null) count too.
 */
/**
 * Supplement requests: the action that records one, and how many a dossier may have while the
 * indicator framework still counts it before or on time. A dossier sent back for papers more
 * than this is counted apart (`resupplied`), and the framework section treats it as late when
 * content/indicators.yaml says so (`repeatedSupplementIsLate`, flagged there). The dossier's own
 * timeliness, shown to the citizen, still compares dates only.
 */
export const SUPPLEMENT_REQUEST_ACTION = 'request-supplement';
export const SUPPLEMENT_REQUESTS_ON_TIME = 1;

export const CLOCK_STARTING_ACTIONS = [
  'submit',
  'register',
  'receive',
  'supplement-received',
] as const;

/** The legal due date after these events (oldest first): that of the last clock-starting event. */
export function statutoryDueDateOf(
  events: readonly { action: string | null; dueDate: string | null }[],
): string | undefined {
  return (
    events.findLast(
      (e) =>
        e.dueDate !== null &&
        (e.action === null || (CLOCK_STARTING_ACTIONS as readonly string[]).includes(e.action)),
    )?.dueDate ?? undefined
  );
}

/**
 * Working days used from the start of the time limit (`countedFrom`, ISO) to the
 * Vietnam day of `at`: 0 when finished on the first counted day, `n` when finished
 * on a due date n working days later. Never negative.
 */
export function workingDaysUsed(
  calendar: Pick<WorkingCalendar, 'countWorkingDays'>,
  countedFrom: string,
  at: string,
  week?: WorkingWeek,
): number {
  return Math.max(0, calendar.countWorkingDays(countedFrom.slice(0, 10), vietnamDay(at), week));
}

export const TIMELINESS_LABELS: Record<Timeliness['state'], string> = {
  early: 'Giải quyết trước hạn',
  'on-time': 'Giải quyết đúng hạn',
  late: 'Giải quyết quá hạn',
  'in-progress': 'Đang trong thời hạn',
  overdue: 'Đã quá ngày hẹn trả',
  'not-applicable': 'Không tính thời hạn (hồ sơ đã rút)',
};
