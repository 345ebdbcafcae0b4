/**
 * Vietnamese lunisolar calendar (âm lịch) for a given time zone, UTC+7 by default.
 *
 * Method (as published by Hồ Ngọc Đức, "Thuật toán tính âm lịch"), written here from
 * the astronomical formulas themselves (J. Meeus, "Astronomical Algorithms"):
 * - a lunar month starts on the local day that contains the new moon;
 * - lunar month 11 is the month that contains the winter solstice (sun at 270°);
 * - a year with 13 months between two months 11 has a leap month: the first month,
 *   counted from month 11, during which the sun does not enter a new 30° sector
 *   (no "major solar term"). It repeats the number of the month before it.
 *
 * Days are Julian Day Numbers (JDN, an integer per civil day) in the proleptic
 * Gregorian calendar. The approximations are good for 1900–2199; the time zone
 * matters: the same new moon can fall on different days in Hà Nội (UTC+7) and
 * Beijing (UTC+8), which is why Chinese tables differ in some years (Tết 1985).
 */

import { ISO_DATE_RE, VIETNAM_TZ } from './dates.ts';

export { VIETNAM_TZ };

/**
 * Years the conversion (and therefore the holiday rules, working days and due dates)
 * supports. The one home of the range: routes check input with {@link isSupportedYear}.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** Whether the calendar can answer for this (Gregorian) year. */
export const isSupportedYear = (year: number): boolean =>
  Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;

/** Thrown when a computation needs a year outside {@link MIN_YEAR}–{@link MAX_YEAR}. */
export class CalendarRangeError extends RangeError {
  readonly year: number;
  constructor(year: number) {
    super(`năm ${year} nằm ngoài khoảng hỗ trợ ${MIN_YEAR}–${MAX_YEAR}`);
    this.name = 'CalendarRangeError';
    this.year = year;
  }
}

const DEG = Math.PI / 180;
/** Mean synodic month in days. */
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the mean new moon numbered k = 0 (6 January 1900). */
const NEW_MOON_EPOCH = 2415021.076998695;

export interface SolarDate {
  year: number;
  month: number;
  day: number;
}

export interface LunarDate {
  /** Lunar year, numbered like the solar year in which its month 1 starts. */
  year: number;
  month: number;
  day: number;
  /** True in a leap month (tháng nhuận), which repeats the number of the month before. */
  leap: boolean;
}

/** Julian Day Number of a proleptic Gregorian date (2000-01-01 → 2451545). */
export function jdFromDate(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/** Proleptic Gregorian date of a Julian Day Number. */
export function jdToDate(jd: number): SolarDate {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

/** Day of the week of a JDN: 0 = Sunday … 6 = Saturday (like `Date#getUTCDay`). */
export const weekdayOfJd = (jd: number): number => (((jd + 1) % 7) + 7) % 7;

/** JDN of an ISO `YYYY-MM-DD` date; throws a RangeError for anything else. */
export function jdFromIso(iso: string): number {
  const match = ISO_DATE_RE.exec(iso);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const jd = jdFromDate(y, m, d);
    const back = jdToDate(jd);
    if (back.year === y && back.month === m && back.day === d) return jd;
  }
  throw new RangeError(`"${iso}" không phải là ngày hợp lệ dạng YYYY-MM-DD`);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO `YYYY-MM-DD` of a JDN. */
export function isoFromJd(jd: number): string {
  const { year, month, day } = jdToDate(jd);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * Julian day (Universal Time, fractional) of the k-th new moon after the epoch
 * (k = 0 is 6 January 1900). Meeus ch. 49, with the main periodic terms.
 */
export function newMoon(k: number): number {
  const t = k / 1236.85; // Julian centuries since 1900-01-00.5
  const t2 = t * t;
  const t3 = t2 * t;
  let jde = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jde += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
  const latitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitude) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitude + sunAnomaly) -
    0.0004 * Math.sin(2 * latitude - sunAnomaly) -
    0.0006 * Math.sin(2 * latitude + moonAnomaly) +
    0.001 * Math.sin(2 * latitude - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  // ΔT (Terrestrial minus Universal Time), in days.
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jde + correction - deltaT;
}

/** Local civil day (JDN) of the k-th new moon in time zone `tz` (hours east of UTC). */
export const newMoonDay = (k: number, tz: number = VIETNAM_TZ): number =>
  Math.floor(newMoon(k) + 0.5 + tz / 24);

/**
 * Apparent ecliptic longitude of the sun, in radians in [0, 2π), at Julian day `jd`
 * (Universal Time, fractional). Meeus ch. 25, low-precision form.
 */
export function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525; // Julian centuries since J2000.0
  const t2 = t * t;
  const meanAnomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * DEG;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const center =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(meanAnomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * meanAnomaly) +
    0.00029 * Math.sin(3 * meanAnomaly);
  const longitude = (meanLongitude + center) * DEG;
  const turn = 2 * Math.PI;
  return ((longitude % turn) + turn) % turn;
}

/**
 * The 30° sector (0–11) the sun is in at the start of local day `jd`; sector 9
 * begins at the winter solstice (270°).
 */
const sunSector = (jd: number, tz: number): number =>
  Math.floor((sunLongitude(jd - 0.5 - tz / 24) / Math.PI) * 6);

const month11Cache = new Map<string, number>();

/**
 * First day (JDN) of lunar month 11 of `year`: the lunar month containing the
 * winter solstice of that solar year. Memoised: every conversion needs two of them.
 */
export function lunarMonth11(year: number, tz: number = VIETNAM_TZ): number {
  const key = `${tz}:${year}`;
  const cached = month11Cache.get(key);
  if (cached !== undefined) return cached;
  const offset = jdFromDate(year, 12, 31) - NEW_MOON_EPOCH;
  const k = Math.floor(offset / SYNODIC_MONTH);
  let start = newMoonDay(k, tz);
  // The new moon before 31 December may already be past the solstice (sector 9+):
  // then the month that contains the solstice began one lunation earlier.
  if (sunSector(start, tz) >= 9) start = newMoonDay(k - 1, tz);
  month11Cache.set(key, start);
  return start;
}

/**
 * In a lunar year with a leap month, the index (counted from month 11 = 0) of the
 * leap month: the first month in which the sun stays in one sector.
 */
export function leapMonthOffset(month11Start: number, tz: number = VIETNAM_TZ): number {
  const k = Math.floor((month11Start - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let sector = sunSector(newMoonDay(k + i, tz), tz);
  let previous: number;
  do {
    previous = sector;
    i += 1;
    sector = sunSector(newMoonDay(k + i, tz), tz);
  } while (sector !== previous && i < 14);
  return i - 1;
}

/** Throws a {@link CalendarRangeError} for a year the calendar does not support. */
export function checkYear(year: number): void {
  if (!isSupportedYear(year)) throw new CalendarRangeError(year);
}

/** The lunar date of a solar (Gregorian) date. */
export function solarToLunar(
  year: number,
  month: number,
  day: number,
  tz: number = VIETNAM_TZ,
): LunarDate {
  checkYear(year);
  const jd = jdFromDate(year, month, day);
  // Start from the mean new moon after `jd` and step back to the last true new moon
  // on or before it (true and mean new moons differ by up to about 14 hours).
  let k = Math.floor((jd - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
  let monthStart = newMoonDay(k, tz);
  while (monthStart > jd) {
    k -= 1;
    monthStart = newMoonDay(k, tz);
  }

  let lunarYear: number;
  let a11 = lunarMonth11(year, tz);
  let b11: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    b11 = a11;
    a11 = lunarMonth11(year - 1, tz);
  } else {
    lunarYear = year + 1;
    b11 = lunarMonth11(year + 1, tz);
  }

  const monthsSince11 = Math.floor((monthStart - a11) / 29);
  let lunarMonth = monthsSince11 + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, tz);
    if (monthsSince11 >= leapOffset) {
      lunarMonth = monthsSince11 + 10;
      leap = monthsSince11 === leapOffset;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  // Months 11 and 12 right after a11 belong to the lunar year that began earlier.
  if (lunarMonth >= 11 && monthsSince11 < 4) lunarYear -= 1;
  return { year: lunarYear, month: lunarMonth, day: jd - monthStart + 1, leap };
}

/**
 * First day (JDN) and length of a lunar month; throws a RangeError for a leap
 * month that the year does not have.
 */
export function lunarMonthSpan(
  year: number,
  month: number,
  leap = false,
  tz: number = VIETNAM_TZ,
): { start: number; length: number } {
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`tháng âm lịch ${month} không hợp lệ (1–12)`);
  }
  const [a11, b11] =
    month < 11
      ? [lunarMonth11(year - 1, tz), lunarMonth11(year, tz)]
      : [lunarMonth11(year, tz), lunarMonth11(year + 1, tz)];
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let offset = (month - 11 + 12) % 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, tz);
    // The leap month repeats the number of the month before it (offset 0 is month 11).
    const leapMonth = ((leapOffset + 9) % 12) + 1;
    if (leap && month !== leapMonth) {
      throw new RangeError(`năm âm lịch ${year} không có tháng ${month} nhuận`);
    }
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new RangeError(`năm âm lịch ${year} không có tháng nhuận`);
  }
  const start = newMoonDay(k + offset, tz);
  return { start, length: newMoonDay(k + offset + 1, tz) - start };
}

/** The solar (Gregorian) date of a lunar date; throws a RangeError if it does not exist. */
export function lunarToSolar(
  lunar: { year: number; month: number; day: number; leap?: boolean },
  tz: number = VIETNAM_TZ,
): SolarDate {
  const leap = lunar.leap ?? false;
  const { start, length } = lunarMonthSpan(lunar.year, lunar.month, leap, tz);
  if (!Number.isInteger(lunar.day) || lunar.day < 1 || lunar.day > length) {
    throw new RangeError(
      `tháng ${lunar.month}${leap ? ' nhuận' : ''} năm âm lịch ${lunar.year} có ${length} ngày, không có ngày ${lunar.day}`,
    );
  }
  return jdToDate(start + lunar.day - 1);
}
