/**
 * Public holidays of one year: the rule-based default (Labor Code 2019, lunar dates
 * for UTC+7) merged with the official schedule of that year, which always wins.
 *
 * Official schedules are data (content/calendar/<year>.yaml, validated by
 * src/schemas/calendar.ts) because the Prime Minister fixes the exact Tết days, the
 * second National Day day and any swapped working days every year. A holiday
 * occasion missing from the data is filled in from the rules, and the year is then
 * marked provisional.
 */
import { checkYear, isoFromJd, jdFromDate, jdFromIso, lunarToSolar, weekdayOfJd } from './lunar.ts';

/**
 * Holiday occasions ("dịp"). Each one groups its statutory days with the
 * compensatory and swapped days decided around it.
 */
export const OCCASIONS = [
  'tet-duong-lich',
  'tet-nguyen-dan',
  'gio-to-hung-vuong',
  '30-4-1-5',
  'quoc-khanh',
  'van-hoa',
] as const;
export type Occasion = (typeof OCCASIONS)[number];

export const OCCASION_LABELS: Record<Occasion, string> = {
  'tet-duong-lich': 'Tết Dương lịch',
  'tet-nguyen-dan': 'Tết Nguyên đán',
  'gio-to-hung-vuong': 'Giỗ Tổ Hùng Vương',
  '30-4-1-5': 'Ngày Chiến thắng và Ngày Quốc tế Lao động',
  'quoc-khanh': 'Quốc khánh',
  'van-hoa': 'Ngày Văn hóa Việt Nam',
};

/**
 * What a listed day is:
 * - `le`: a public holiday (ngày nghỉ lễ, Tết);
 * - `nghi-bu`: a compensatory day off for a holiday on a weekly rest day (BLLĐ Art. 111 §3);
 * - `hoan-doi`: a working day given off in a swap (hoán đổi ngày làm việc);
 * - `lam-bu`: a weekly rest day worked instead (the other half of a swap).
 */
export const DAY_KINDS = ['le', 'nghi-bu', 'hoan-doi', 'lam-bu'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export const DAY_KIND_LABELS: Record<DayKind, string> = {
  le: 'Ngày nghỉ lễ, Tết',
  'nghi-bu': 'Ngày nghỉ bù',
  'hoan-doi': 'Ngày nghỉ do hoán đổi ngày làm việc',
  'lam-bu': 'Ngày làm việc bù (do hoán đổi)',
};

/** Legal basis of every rule-based day. */
export const RULE_BASIS =
  'Bộ luật Lao động số 45/2019/QH14, Điều 112 khoản 1 (ngày lễ, Tết) và Điều 111 khoản 3 (nghỉ bù)';
export const VAN_HOA_BASIS = 'Nghị quyết số 28/2026/QH16, Điều 2 (Ngày Văn hóa Việt Nam, 24/11)';
/** Ngày Văn hóa Việt Nam (24/11) is a paid day off from this year on. */
export const VAN_HOA_FIRST_YEAR = 2026;

/** A legal document cited as the source of an official schedule. */
export interface OfficialDocument {
  /** Number and symbol, e.g. "9441/TB-BNV". */
  number: string;
  /** Date of issue, ISO `YYYY-MM-DD`, when known. */
  date?: string | undefined;
  issuer: string;
  title?: string | undefined;
  url?: string | undefined;
  note?: string | undefined;
}

export interface YearDataDay {
  date: string;
  kind: DayKind;
  name?: string | undefined;
  note?: string | undefined;
}

export interface YearDataOccasion {
  /** Document numbers, each listed in the year's `sources`. */
  sources: readonly string[];
  note?: string | undefined;
  days: readonly YearDataDay[];
}

/** One official year schedule, as validated by `calendarYearFile` in src/schemas/calendar.ts. */
export interface CalendarYearData {
  year: number;
  sources: readonly OfficialDocument[];
  occasions: Partial<Record<Occasion, YearDataOccasion | undefined>>;
  pending?: readonly { field: string; note: string }[] | undefined;
}

export type DaySource =
  | { type: 'official'; documents: OfficialDocument[] }
  | { type: 'rule'; basis: string };

/** A holiday, compensatory, swapped-off or swapped-working day. */
export interface SpecialDay {
  date: string;
  /** Julian Day Number of `date`. */
  jd: number;
  kind: DayKind;
  occasion: Occasion;
  /** Vietnamese name shown to citizens, e.g. "Nghỉ bù Giỗ Tổ Hùng Vương". */
  name: string;
  note?: string | undefined;
  source: DaySource;
}

/** The merged schedule of one year. */
export interface YearSchedule {
  year: number;
  /** True when at least one occasion comes from the rules rather than official data. */
  provisional: boolean;
  /** Occasions filled in from the rules (empty for a fully official year). */
  ruleOccasions: Occasion[];
  /** Sorted by date; at most one entry per date. */
  days: SpecialDay[];
  documents: OfficialDocument[];
  pending: { field: string; note: string }[];
}

/** The occasions that exist in `year`. */
export const occasionsOf = (year: number): Occasion[] =>
  OCCASIONS.filter((o) => o !== 'van-hoa' || year >= VAN_HOA_FIRST_YEAR);

/** Default name of a day of `kind` in `occasion`. */
export function defaultDayName(occasion: Occasion, kind: DayKind): string {
  const label = OCCASION_LABELS[occasion];
  switch (kind) {
    case 'le':
      return label;
    case 'nghi-bu':
      return `Nghỉ bù ${label}`;
    case 'hoan-doi':
      return `Nghỉ hoán đổi dịp ${label}`;
    case 'lam-bu':
      return `Làm bù dịp ${label}`;
  }
}

const isWeekend = (jd: number) => {
  const weekday = weekdayOfJd(jd);
  return weekday === 0 || weekday === 6;
};

const jdOfSolar = (s: { year: number; month: number; day: number }) =>
  jdFromDate(s.year, s.month, s.day);

/**
 * The rule-based schedule of `year` (used where no official data exists):
 * - 01/01 Tết Dương lịch;
 * - Tết Nguyên đán: 5 days, the two last days of the lunar year to mùng 3 (the
 *   split chosen in 2021, 2023, 2024 and 2025; the Prime Minister decides it);
 * - 10/3 lunar Giỗ Tổ Hùng Vương; 30/4; 1/5;
 * - 2/9 plus an adjacent day: 3/9 when 2/9 is a Monday or Thursday (joins the
 *   weekend or the compensatory day), otherwise 1/9, as in the 2021–2026 schedules;
 * - 24/11 Ngày Văn hóa Việt Nam from 2026 (not in BLLĐ Art. 112 §1, so no
 *   compensatory day under Art. 111 §3);
 * - a BLLĐ holiday on Saturday or Sunday (the civil service's weekly rest days)
 *   gives a compensatory day on the next weekday that is not already off.
 */
export function ruleBasedDays(year: number): SpecialDay[] {
  checkYear(year);
  const rule: DaySource = { type: 'rule', basis: RULE_BASIS };
  const holidays: SpecialDay[] = [];
  const add = (jd: number, occasion: Occasion, name: string, source = rule) =>
    holidays.push({ date: isoFromJd(jd), jd, kind: 'le', occasion, name, source });

  add(jdFromDate(year, 1, 1), 'tet-duong-lich', OCCASION_LABELS['tet-duong-lich']);
  const tet = jdOfSolar(lunarToSolar({ year, month: 1, day: 1 }));
  for (let jd = tet - 2; jd <= tet + 2; jd++) {
    add(jd, 'tet-nguyen-dan', OCCASION_LABELS['tet-nguyen-dan']);
  }
  add(
    jdOfSolar(lunarToSolar({ year, month: 3, day: 10 })),
    'gio-to-hung-vuong',
    OCCASION_LABELS['gio-to-hung-vuong'],
  );
  add(jdFromDate(year, 4, 30), '30-4-1-5', 'Ngày Chiến thắng');
  add(jdFromDate(year, 5, 1), '30-4-1-5', 'Ngày Quốc tế Lao động');
  const nationalDay = jdFromDate(year, 9, 2);
  const nationalWeekday = weekdayOfJd(nationalDay);
  const adjacent =
    nationalWeekday === 1 || nationalWeekday === 4 ? nationalDay + 1 : nationalDay - 1;
  for (const jd of [nationalDay, adjacent].sort((a, b) => a - b)) {
    add(jd, 'quoc-khanh', OCCASION_LABELS['quoc-khanh']);
  }

  // In date order, so that a later holiday's compensatory day goes after an earlier one's.
  holidays.sort((a, b) => a.jd - b.jd);
  const off = new Set(holidays.map((h) => h.jd));
  const compensatory: SpecialDay[] = [];
  for (const holiday of holidays) {
    if (!isWeekend(holiday.jd)) continue;
    let jd = holiday.jd + 1;
    while (isWeekend(jd) || off.has(jd)) jd += 1;
    off.add(jd);
    compensatory.push({
      date: isoFromJd(jd),
      jd,
      kind: 'nghi-bu',
      occasion: holiday.occasion,
      name: `Nghỉ bù ${holiday.name}`,
      source: rule,
    });
  }

  if (year >= VAN_HOA_FIRST_YEAR) {
    add(jdFromDate(year, 11, 24), 'van-hoa', OCCASION_LABELS['van-hoa'], {
      type: 'rule',
      basis: VAN_HOA_BASIS,
    });
  }
  return [...holidays, ...compensatory].sort((a, b) => a.jd - b.jd);
}

/** The days of an official year file, with names and sources filled in. */
export function officialDays(data: CalendarYearData): SpecialDay[] {
  const documents = new Map(data.sources.map((d) => [d.number, d]));
  const days: SpecialDay[] = [];
  for (const occasion of OCCASIONS) {
    const entry = data.occasions[occasion];
    if (!entry) continue;
    const cited = entry.sources.map((number) => documents.get(number) ?? { number, issuer: '' });
    for (const day of entry.days) {
      days.push({
        date: day.date,
        jd: jdFromIso(day.date),
        kind: day.kind,
        occasion,
        name: day.name ?? defaultDayName(occasion, day.kind),
        note: day.note ?? entry.note,
        source: { type: 'official', documents: cited },
      });
    }
  }
  return days.sort((a, b) => a.jd - b.jd);
}

/**
 * The schedule of `year`: official days for every occasion the data covers, rule
 * days for the others. On a date claimed by both, the official day wins.
 */
export function mergeYear(year: number, data?: CalendarYearData): YearSchedule {
  if (data && data.year !== year) {
    throw new RangeError(`dữ liệu năm ${data.year} được dùng cho năm ${year}`);
  }
  const official = data ? officialDays(data) : [];
  const covered = new Set(OCCASIONS.filter((o) => data?.occasions[o] !== undefined));
  const ruleOccasions = occasionsOf(year).filter((o) => !covered.has(o));
  const byJd = new Map<number, SpecialDay>();
  for (const day of official) {
    if (byJd.has(day.jd)) {
      throw new RangeError(`ngày ${day.date} xuất hiện hai lần trong lịch năm ${year}`);
    }
    byJd.set(day.jd, day);
  }
  if (ruleOccasions.length > 0) {
    for (const day of ruleBasedDays(year)) {
      if (ruleOccasions.includes(day.occasion) && !byJd.has(day.jd)) byJd.set(day.jd, day);
    }
  }
  return {
    year,
    provisional: ruleOccasions.length > 0,
    ruleOccasions,
    days: [...byJd.values()].sort((a, b) => a.jd - b.jd),
    documents: data ? [...data.sources] : [],
    pending: data?.pending ? [...data.pending] : [],
  };
}
