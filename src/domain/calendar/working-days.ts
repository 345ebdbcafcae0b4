/**
 * Working days per agency and the due date of a dossier.
 *
 * A day is a working day for an agency when it is not a holiday, compensatory or
 * swapped-off day, and either the agency's week gives it working hours or it is a
 * swapped working day (làm bù). Holidays and swaps are the same for every agency:
 * they are decided for the civil service's Monday–Friday week.
 *
 * Everything is pure. The calendar object computes each year's schedule once, and
 * for each pattern of working weekdays one flag array and one running count per
 * year, so a lookup is O(1) and counting between two dates is O(years).
 */
import {
  type CalendarYearData,
  DAY_KIND_LABELS,
  type DayKind,
  type DaySource,
  mergeYear,
  OCCASION_LABELS,
  type Occasion,
  type OfficialDocument,
  type SpecialDay,
  type YearSchedule,
} from './holidays.ts';
import { VIETNAM_OFFSET, VIETNAM_OFFSET_MS } from './dates.ts';
import { checkYear, isoFromJd, jdFromDate, jdFromIso, jdToDate, weekdayOfJd } from './lunar.ts';

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  monday: 'Thứ Hai',
  tuesday: 'Thứ Ba',
  wednesday: 'Thứ Tư',
  thursday: 'Thứ Năm',
  friday: 'Thứ Sáu',
  saturday: 'Thứ Bảy',
  sunday: 'Chủ nhật',
};

/** Weekday names indexed like `Date#getUTCDay` (0 = Sunday). */
const BY_INDEX: readonly Weekday[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

/** The weekday of an ISO date, e.g. "2026-04-27" → "monday". */
export const weekdayOf = (date: string): Weekday =>
  BY_INDEX[weekdayOfJd(jdFromIso(date))] as Weekday;

/** Opening hours in local time, `HH:MM` (24-hour, zero-padded). */
export interface TimeRange {
  from: string;
  to: string;
}

/** Opening hours per weekday; a weekday with no range is not a working day. */
export type WorkingWeek = Readonly<Record<Weekday, readonly TimeRange[]>>;

/** Office hours used when an agency states none: 7:00–11:30 and 13:30–17:00. */
export const STANDARD_HOURS: readonly TimeRange[] = [
  { from: '07:00', to: '11:30' },
  { from: '13:30', to: '17:00' },
];

/** Monday to Friday, standard hours. */
export const DEFAULT_WORKING_WEEK: WorkingWeek = {
  monday: STANDARD_HOURS,
  tuesday: STANDARD_HOURS,
  wednesday: STANDARD_HOURS,
  thursday: STANDARD_HOURS,
  friday: STANDARD_HOURS,
  saturday: [],
  sunday: [],
};

/**
 * A working week from the days an agency states: a stated day replaces the
 * default (`false` or `[]` = no work that day), Monday–Friday default to
 * STANDARD_HOURS, Saturday and Sunday to no work.
 */
export function workingWeekFrom(
  stated: Partial<Record<Weekday, readonly TimeRange[] | false | undefined>>,
): WorkingWeek {
  const week = { ...DEFAULT_WORKING_WEEK };
  for (const day of WEEKDAYS) {
    const value = stated[day];
    if (value !== undefined) week[day] = value === false ? [] : value;
  }
  return week;
}

const TIME_RE = /^(\d{1,2})(?::(\d{2})|h(\d{2})?)?$/i;

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * Parses the hours of one day as an editor writes them: "7:00-11:30",
 * "7:00–11:30, 13:30–17:00", "7h30-11h". Ranges must be in order and not overlap.
 */
export function parseDayHours(
  text: string,
): { ok: true; ranges: TimeRange[] } | { ok: false; message: string } {
  const ranges: TimeRange[] = [];
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) {
    return { ok: false, message: 'chưa ghi giờ làm việc; viết dạng "7:00-11:30, 13:30-17:00"' };
  }
  for (const part of parts) {
    const ends = part.split(/\s*[-–—]\s*/);
    const times = ends.map((end) => {
      const match = TIME_RE.exec(end.trim());
      if (!match) return undefined;
      const hours = Number(match[1]);
      const minutes = Number(match[2] ?? match[3] ?? 0);
      if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return undefined;
      return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
    });
    const [from, to] = times;
    if (times.length !== 2 || from === undefined || to === undefined) {
      return {
        ok: false,
        message: `"${part}" không phải khoảng giờ hợp lệ; viết dạng "7:00-11:30" (giờ:phút-giờ:phút)`,
      };
    }
    if (minutesOf(from) >= minutesOf(to)) {
      return { ok: false, message: `"${part}": giờ bắt đầu phải trước giờ kết thúc` };
    }
    const previous = ranges.at(-1);
    if (previous && minutesOf(from) < minutesOf(previous.to)) {
      return {
        ok: false,
        message: `"${part}" trùng hoặc đứng trước khoảng giờ ${previous.from}-${previous.to}; ghi theo thứ tự sáng đến chiều`,
      };
    }
    ranges.push({ from, to });
  }
  return { ok: true, ranges };
}

/** Dossiers received at or after this local time count from the next working day. */
export const CUTOFF = '15:00';
const CUTOFF_MINUTES = minutesOf(CUTOFF);

export interface SkippedDay {
  date: string;
  /** Vietnamese reason, e.g. "Chủ nhật", "Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương". */
  reason: string;
}

/** The due date of a dossier, shaped for the public API. */
export interface DueDate {
  /** Reception time in Vietnam time, ISO 8601 with +07:00. */
  received: string;
  /** When the count starts: `received`, or the opening of the next working day. */
  effectiveReceived: string;
  /** Last day of the limit (the result is due by the end of it), `YYYY-MM-DD`. */
  due: string;
  /** Non-working days strictly between the effective reception day and `due`. */
  skipped: SkippedDay[];
  /** True when a year from reception to `due` has no (complete) official schedule. */
  provisional: boolean;
  provisionalYears: number[];
}

/** One day as seen by one agency. */
export interface DayInfo {
  date: string;
  weekday: string;
  working: boolean;
  /** Why the day is not a working day (absent on working days). */
  reason?: string;
  /** The holiday, compensatory or swapped day on this date, if any. */
  special?: CalendarDay;
  provisional: boolean;
}

/** A listed day of a year's calendar (`GET /api/calendar/<year>`). */
export interface CalendarDay {
  date: string;
  weekday: string;
  name: string;
  kind: DayKind;
  kindLabel: string;
  occasion: Occasion;
  occasionLabel: string;
  note?: string;
  source: DaySource;
}

export interface CalendarYear {
  year: number;
  /** True when some occasion comes from the rules because no official notice is recorded. */
  provisional: boolean;
  /** Occasions computed from the rules, with their labels. */
  ruleOccasions: { occasion: Occasion; label: string }[];
  days: CalendarDay[];
  documents: OfficialDocument[];
  pending: { field: string; note: string }[];
}

/** Dates are ISO `YYYY-MM-DD` strings; `week` defaults to DEFAULT_WORKING_WEEK. */
export interface WorkingCalendar {
  /** Years that have official data. */
  readonly officialYears: readonly number[];
  isProvisional(year: number): boolean;
  isWorkingDay(date: string, week?: WorkingWeek): boolean;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string, week?: WorkingWeek): string;
  /**
   * The `days`-th working day after `date` (before it when negative); `date`
   * itself when `days` is 0.
   */
  addWorkingDays(date: string, days: number, week?: WorkingWeek): string;
  /**
   * Working days d with from < d ≤ to (negative when `to` is before `from`), so that
   * `countWorkingDays(d, addWorkingDays(d, n)) === n` for a working day d.
   */
  countWorkingDays(from: string, to: string, week?: WorkingWeek): number;
  /** Years between two dates (inclusive) whose schedule is provisional. */
  provisionalYears(from: string, to: string): number[];
  dayInfo(date: string, week?: WorkingWeek): DayInfo;
  /**
   * Due date of a dossier received at `received` (a Date, or ISO 8601; without an
   * offset it is read as Vietnam time) with a limit of `days` working days
   * (0 = "trong ngày"). Throws a `CalendarRangeError` when the reception or the due
   * date falls outside MIN_YEAR–MAX_YEAR.
   */
  dueDate(received: Date | string, days: number, week?: WorkingWeek): DueDate;
  /** The holidays, compensatory and swapped days of `year`. */
  year(year: number): CalendarYear;
}

interface YearTable {
  schedule: YearSchedule;
  special: Map<number, SpecialDay>;
  /** JDN of 1 January. */
  start: number;
  length: number;
}

interface YearFlags {
  /** 1 for a working day, by day of the year (0 = 1 January). */
  working: Uint8Array;
  /** prefix[i] = working days among the first i days of the year. */
  prefix: Uint16Array;
}

const DAY_MS = 86_400_000;
const UNIX_EPOCH_JD = 2440588;
const pad = (n: number) => String(n).padStart(2, '0');

/** Milliseconds since the epoch of a reception time. */
function instantOf(received: Date | string): number {
  let ms = Number.NaN;
  if (received instanceof Date) ms = received.getTime();
  else if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(received.trim())) ms = Date.parse(received.trim());
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(received.trim())) {
    ms = Date.parse(`${received.trim()}${VIETNAM_OFFSET}`);
  }
  if (Number.isNaN(ms)) {
    throw new RangeError(
      `thời điểm tiếp nhận "${String(received)}" không hợp lệ; dùng dạng 2026-04-24T09:30:00+07:00`,
    );
  }
  return ms;
}

/** ISO 8601 in Vietnam time of a local day and minute of the day. */
const localIso = (jd: number, seconds: number): string =>
  `${isoFromJd(jd)}T${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}${VIETNAM_OFFSET}`;

function maskOf(week: WorkingWeek): number {
  let mask = 0;
  BY_INDEX.forEach((day, index) => {
    if ((week[day]?.length ?? 0) > 0) mask |= 1 << index;
  });
  if (mask === 0) {
    throw new RangeError('lịch làm việc trong tuần phải có ít nhất một ngày có giờ làm việc');
  }
  return mask;
}

/**
 * Builds the working-day calendar from validated official year files (any order).
 * Official years are merged at once, so bad data fails here; other years are
 * computed from the rules on first use and kept.
 */
export function buildCalendar(years: readonly CalendarYearData[]): WorkingCalendar {
  const data = new Map<number, CalendarYearData>();
  for (const year of years) {
    if (data.has(year.year)) throw new RangeError(`có hai tệp lịch cho năm ${year.year}`);
    data.set(year.year, year);
  }

  const tables = new Map<number, YearTable>();
  const tableOf = (year: number): YearTable => {
    let table = tables.get(year);
    if (!table) {
      // Before a due date runs off the end: a CalendarRangeError the routes answer with 400.
      checkYear(year);
      const schedule = mergeYear(year, data.get(year));
      const start = jdFromDate(year, 1, 1);
      table = {
        schedule,
        special: new Map(schedule.days.map((d) => [d.jd, d])),
        start,
        length: jdFromDate(year + 1, 1, 1) - start,
      };
      tables.set(year, table);
    }
    return table;
  };
  for (const year of data.keys()) tableOf(year);

  const masks = new WeakMap<WorkingWeek, number>();
  const maskFor = (week: WorkingWeek): number => {
    let mask = masks.get(week);
    if (mask === undefined) {
      mask = maskOf(week);
      masks.set(week, mask);
    }
    return mask;
  };

  const flags = new Map<number, Map<number, YearFlags>>();
  const flagsOf = (mask: number, year: number): YearFlags => {
    let byYear = flags.get(mask);
    if (!byYear) {
      byYear = new Map();
      flags.set(mask, byYear);
    }
    let result = byYear.get(year);
    if (!result) {
      const table = tableOf(year);
      const working = new Uint8Array(table.length);
      const prefix = new Uint16Array(table.length + 1);
      for (let i = 0; i < table.length; i++) {
        const jd = table.start + i;
        const special = table.special.get(jd);
        const isWorking = special ? special.kind === 'lam-bu' : (mask >> weekdayOfJd(jd)) & 1;
        working[i] = isWorking ? 1 : 0;
        prefix[i + 1] = (prefix[i] ?? 0) + (working[i] ?? 0);
      }
      result = { working, prefix };
      byYear.set(year, result);
    }
    return result;
  };

  const isWorking = (jd: number, mask: number): boolean => {
    const year = jdToDate(jd).year;
    return flagsOf(mask, year).working[jd - tableOf(year).start] === 1;
  };

  /** Working days in [a, b], a ≤ b. */
  const countInclusive = (a: number, b: number, mask: number): number => {
    let total = 0;
    for (let year = jdToDate(a).year; year <= jdToDate(b).year; year++) {
      const table = tableOf(year);
      const { prefix } = flagsOf(mask, year);
      const lo = Math.max(a, table.start) - table.start;
      const hi = Math.min(b, table.start + table.length - 1) - table.start;
      total += (prefix[hi + 1] ?? 0) - (prefix[lo] ?? 0);
    }
    return total;
  };

  const step = (jd: number, days: number, mask: number): number => {
    if (!Number.isInteger(days)) {
      throw new RangeError(`số ngày làm việc phải là số nguyên, không phải ${days}`);
    }
    const direction = days < 0 ? -1 : 1;
    let current = jd;
    for (let left = Math.abs(days); left > 0; ) {
      current += direction;
      if (isWorking(current, mask)) left -= 1;
    }
    return current;
  };

  const listed = (day: SpecialDay): CalendarDay => ({
    date: day.date,
    weekday: WEEKDAY_LABELS[BY_INDEX[weekdayOfJd(day.jd)] as Weekday],
    name: day.name,
    kind: day.kind,
    kindLabel: DAY_KIND_LABELS[day.kind],
    occasion: day.occasion,
    occasionLabel: OCCASION_LABELS[day.occasion],
    ...(day.note ? { note: day.note } : {}),
    source: day.source,
  });

  const reasonOf = (jd: number): string => {
    const special = tableOf(jdToDate(jd).year).special.get(jd);
    if (special && special.kind !== 'lam-bu') return special.name;
    return WEEKDAY_LABELS[BY_INDEX[weekdayOfJd(jd)] as Weekday];
  };

  const provisionalBetween = (a: number, b: number): number[] => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const result: number[] = [];
    for (let year = jdToDate(lo).year; year <= jdToDate(hi).year; year++) {
      if (tableOf(year).schedule.provisional) result.push(year);
    }
    return result;
  };

  const openingOf = (jd: number, week: WorkingWeek): string => {
    const own = week[BY_INDEX[weekdayOfJd(jd)] as Weekday][0];
    // A swapped working day (làm bù) has no hours of its own: use the week's first opening.
    const fallback = WEEKDAYS.map((d) => week[d][0]).find((r) => r !== undefined);
    return (own ?? fallback)?.from ?? '00:00';
  };

  return {
    officialYears: [...data.keys()].sort((a, b) => a - b),

    isProvisional: (year) => tableOf(year).schedule.provisional,

    isWorkingDay: (date, week = DEFAULT_WORKING_WEEK) => isWorking(jdFromIso(date), maskFor(week)),

    nextWorkingDay: (date, week = DEFAULT_WORKING_WEEK) =>
      isoFromJd(step(jdFromIso(date), 1, maskFor(week))),

    addWorkingDays: (date, days, week = DEFAULT_WORKING_WEEK) =>
      isoFromJd(step(jdFromIso(date), days, maskFor(week))),

    countWorkingDays(from, to, week = DEFAULT_WORKING_WEEK) {
      const [a, b] = [jdFromIso(from), jdFromIso(to)];
      const mask = maskFor(week);
      if (a === b) return 0;
      return a < b ? countInclusive(a + 1, b, mask) : -countInclusive(b + 1, a, mask);
    },

    provisionalYears: (from, to) => provisionalBetween(jdFromIso(from), jdFromIso(to)),

    dayInfo(date, week = DEFAULT_WORKING_WEEK) {
      const jd = jdFromIso(date);
      const table = tableOf(jdToDate(jd).year);
      const special = table.special.get(jd);
      const working = isWorking(jd, maskFor(week));
      return {
        date,
        weekday: WEEKDAY_LABELS[BY_INDEX[weekdayOfJd(jd)] as Weekday],
        working,
        ...(working ? {} : { reason: reasonOf(jd) }),
        ...(special ? { special: listed(special) } : {}),
        provisional: table.schedule.provisional,
      };
    },

    dueDate(received, days, week = DEFAULT_WORKING_WEEK) {
      if (!Number.isInteger(days) || days < 0) {
        throw new RangeError(
          `thời hạn phải là số nguyên ngày làm việc không âm, không phải ${days}`,
        );
      }
      const mask = maskFor(week);
      const local = instantOf(received) + VIETNAM_OFFSET_MS;
      const receivedDay = Math.floor(local / DAY_MS) + UNIX_EPOCH_JD;
      const seconds = Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / 1000);

      let effectiveDay = receivedDay;
      let effectiveReceived = localIso(receivedDay, seconds);
      if (seconds >= CUTOFF_MINUTES * 60 || !isWorking(receivedDay, mask)) {
        effectiveDay = step(receivedDay, 1, mask);
        effectiveReceived = `${isoFromJd(effectiveDay)}T${openingOf(effectiveDay, week)}:00${VIETNAM_OFFSET}`;
      }
      const due = step(effectiveDay, days, mask);
      const skipped: SkippedDay[] = [];
      for (let jd = effectiveDay + 1; jd < due; jd++) {
        if (!isWorking(jd, mask)) skipped.push({ date: isoFromJd(jd), reason: reasonOf(jd) });
      }
      const provisionalYears = provisionalBetween(receivedDay, due);
      return {
        received: localIso(receivedDay, seconds),
        effectiveReceived,
        due: isoFromJd(due),
        skipped,
        provisional: provisionalYears.length > 0,
        provisionalYears,
      };
    },

    year(year) {
      const { schedule } = tableOf(year);
      return {
        year,
        provisional: schedule.provisional,
        ruleOccasions: schedule.ruleOccasions.map((occasion) => ({
          occasion,
          label: OCCASION_LABELS[occasion],
        })),
        days: schedule.days.map(listed),
        documents: schedule.documents,
        pending: schedule.pending,
      };
    },
  };
}
