/**
 * Appointments of procedures whose time limit is counted in working hours
 * ("mỗi ngày 08 giờ làm việc"): the hours are the agency's own opening hours per
 * weekday (its `workingWeek`, by default 7:00–11:30 and 13:30–17:00 = 8 hours).
 *
 * The count starts where a whole-day count starts (`WorkingCalendar.dueDate` with
 * 0 days: at reception, or after 15:00 or on a non-working day at the opening of the
 * next working day), then consumes the open ranges of each working day in turn,
 * skipping non-working days. The appointment is the moment the last hour is spent:
 * a date and an hour. Pure.
 */
import { VIETNAM_OFFSET } from './dates.ts';
import {
  type DueDate,
  type TimeRange,
  WEEKDAYS,
  type WorkingCalendar,
  type WorkingWeek,
  weekdayOf,
} from './working-days.ts';

/** Largest limit in working hours accepted (a year of 8-hour days). */
export const MAX_WORKING_HOURS = 2920;

/** A due date with the hour it falls at, `HH:MM` in Vietnam time. */
export interface DueAt extends DueDate {
  dueHour: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The open ranges of a working day; a swapped working day (làm bù) takes the week's first. */
export function hoursOfDay(date: string, week: WorkingWeek): readonly TimeRange[] {
  const own = week[weekdayOf(date)];
  if (own.length > 0) return own;
  return WEEKDAYS.map((d) => week[d]).find((r) => r.length > 0) ?? [];
}

/** Minutes of work in the day's ranges from `from` (minutes after midnight) on. */
const openMinutesFrom = (ranges: readonly TimeRange[], from: number): number =>
  ranges.reduce(
    (sum, r) => sum + Math.max(0, minutesOf(r.to) - Math.max(from, minutesOf(r.from))),
    0,
  );

/**
 * The appointment of a dossier received at `received` (as `WorkingCalendar.dueDate`
 * reads it) with a limit of `hours` working hours (an integer ≥ 1). E.g. received at
 * 10:00 on a Monday with 4 hours and the standard week: 10:00–11:30 and 13:30–16:00,
 * due Monday 16:00; received at 16:00: counted from Tuesday 7:00, due Tuesday 11:00.
 */
export function dueInHours(
  calendar: WorkingCalendar,
  received: Date | string,
  hours: number,
  week: WorkingWeek,
): DueAt {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_WORKING_HOURS) {
    throw new RangeError(
      `thời hạn phải là số nguyên giờ làm việc từ 1 đến ${MAX_WORKING_HOURS}, không phải ${hours}`,
    );
  }
  const start = calendar.dueDate(received, 0, week);
  let day = start.due;
  let from = minutesOf(start.effectiveReceived.slice(11, 16));
  let left = hours * 60;
  const skipped: DueDate['skipped'] = [];
  for (;;) {
    const ranges = hoursOfDay(day, week);
    if (left <= openMinutesFrom(ranges, from)) {
      for (const range of ranges) {
        const begin = Math.max(from, minutesOf(range.from));
        const span = minutesOf(range.to) - begin;
        if (span <= 0) continue;
        if (left <= span) {
          const dueHour = hhmm(begin + left);
          const provisionalYears = calendar.provisionalYears(start.received.slice(0, 10), day);
          return {
            ...start,
            due: day,
            dueHour,
            skipped,
            provisional: provisionalYears.length > 0,
            provisionalYears,
          };
        }
        left -= span;
      }
    }
    left -= openMinutesFrom(ranges, from);
    // The next working day, noting the days skipped on the way.
    const next = calendar.nextWorkingDay(day, week);
    for (let d = calendar.dayInfo(day, week); ; ) {
      const following = nextIso(d.date);
      if (following >= next) break;
      d = calendar.dayInfo(following, week);
      skipped.push({ date: d.date, reason: d.reason ?? d.weekday });
    }
    day = next;
    from = 0;
  }
}

const nextIso = (date: string): string => {
  const ms = Date.parse(`${date}T00:00:00Z`) + 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
};

/** The appointment as ISO 8601 in Vietnam time, e.g. "2025-07-01T16:00:00+07:00". */
export const dueInstant = (due: Pick<DueAt, 'due' | 'dueHour'>): string =>
  `${due.due}T${due.dueHour}:00${VIETNAM_OFFSET}`;
