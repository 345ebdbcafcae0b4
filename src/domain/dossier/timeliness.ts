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

const VN_OFFSET_MS = 7 * 3600 * 1000;
/** The calendar day in Vietnam of an ISO instant. */
export const vietnamDay = (iso: string): string =>
  new Date(Date.parse(iso) + VN_OFFSET_MS).toISOString().slice(0, 10);

/** ISO 8601 of an instant in Vietnam time, e.g. "2025-04-29T09:30:00+07:00". */
export const vietnamIso = (now: Date): string =>
  `${new Date(now.getTime() + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;

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
    const state =
      finishedOn < statutoryDueDate
        ? 'early'
        : finishedOn === statutoryDueDate
          ? 'on-time'
          : 'late';
    return { state, finishedOn };
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
