import { STATUS, type StatusCode } from './status.ts';

/**
 * "On time" is derived, never stored (QĐ 766/QĐ-TTg): a dossier is on time when
 * processing ended on or before the appointment day. Processing ends at the first
 * of: Đã xử lý xong (9), else Đã trả kết quả (10), else a stop or refusal (8, 3).
 */

export type Timeliness =
  | { state: 'early' | 'on-time' | 'late'; finishedOn: string }
  | { state: 'in-progress' | 'overdue'; finishedOn?: undefined }
  | { state: 'not-applicable'; finishedOn?: undefined };

const VN_OFFSET_MS = 7 * 3600 * 1000;
/** The calendar day in Vietnam of an ISO instant. */
export const vietnamDay = (iso: string): string =>
  new Date(Date.parse(iso) + VN_OFFSET_MS).toISOString().slice(0, 10);

export function timeliness(
  events: readonly { status: StatusCode; at: string }[],
  dueDate: string,
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
    const state = finishedOn < dueDate ? 'early' : finishedOn === dueDate ? 'on-time' : 'late';
    return { state, finishedOn };
  }
  return vietnamDay(now.toISOString()) > dueDate ? { state: 'overdue' } : { state: 'in-progress' };
}

export const TIMELINESS_LABELS: Record<Timeliness['state'], string> = {
  early: 'Giải quyết trước hạn',
  'on-time': 'Giải quyết đúng hạn',
  late: 'Giải quyết quá hạn',
  'in-progress': 'Đang trong thời hạn',
  overdue: 'Đã quá ngày hẹn trả',
  'not-applicable': 'Không tính thời hạn (hồ sơ đã rút)',
};
