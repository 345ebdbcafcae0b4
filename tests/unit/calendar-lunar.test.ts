import { describe, expect, test } from 'vitest';
import {
  isoFromJd,
  jdFromDate,
  jdFromIso,
  jdToDate,
  lunarMonthSpan,
  lunarToSolar,
  solarToLunar,
  weekdayOfJd,
} from '../../src/domain/calendar/index.ts';
import {
  lunarMonth11,
  newMoon,
  newMoonDay,
  sunLongitude,
} from '../../src/domain/calendar/lunar.ts';

const iso = (s: { year: number; month: number; day: number }) =>
  `${s.year}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`;

const parts = (date: string) => date.split('-').map(Number) as [number, number, number];

// Expected dates: docs domain-vn.md §4 and §8 (official schedules, and the dates the
// reference cross-checked with two independent converters).
describe('Tết Nguyên đán (mùng 1 tháng Giêng) in Vietnam time, UTC+7', () => {
  test.each([
    [1985, '1985-01-21'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
  ])('lunar 1/1/%i → %s', (year, expected) => {
    expect(iso(lunarToSolar({ year, month: 1, day: 1 }))).toBe(expected);
  });

  test.each([
    ['1985-01-21', 1985],
    ['2024-02-10', 2024],
    ['2025-01-29', 2025],
    ['2026-02-17', 2026],
    ['2027-02-06', 2027],
    ['2028-01-26', 2028],
  ])('%s → 1/1/%i', (date, year) => {
    expect(solarToLunar(...parts(date))).toEqual({ year, month: 1, day: 1, leap: false });
  });

  test('a Chinese (UTC+8) calendar puts Tết 1985 a month later', () => {
    expect(iso(lunarToSolar({ year: 1985, month: 1, day: 1 }, 8))).toBe('1985-02-20');
  });
});

describe('Giỗ Tổ Hùng Vương (10/3 âm lịch)', () => {
  test.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])('%i → %s', (year, expected) => {
    expect(iso(lunarToSolar({ year, month: 3, day: 10 }))).toBe(expected);
    expect(solarToLunar(...parts(expected))).toEqual({ year, month: 3, day: 10, leap: false });
  });
});

// The official Tết spans name their first and last lunar days (domain-vn.md §8).
describe('lunar dates named in the official Tết schedules', () => {
  test.each([
    ['2024-02-08', { year: 2023, month: 12, day: 29 }], // 29 Chạp Quý Mão
    ['2024-02-14', { year: 2024, month: 1, day: 5 }], // mùng 5 Giáp Thìn
    ['2025-01-25', { year: 2024, month: 12, day: 26 }], // 26 Chạp Giáp Thìn
    ['2025-02-02', { year: 2025, month: 1, day: 5 }], // mùng 5 Ất Tỵ
    ['2026-02-14', { year: 2025, month: 12, day: 27 }], // 27 Chạp Ất Tỵ
    ['2026-02-22', { year: 2026, month: 1, day: 6 }], // mùng 6 Bính Ngọ
  ])('%s', (date, lunar) => {
    expect(solarToLunar(...parts(date))).toEqual({ ...lunar, leap: false });
    expect(iso(lunarToSolar(lunar))).toBe(date);
  });

  // 14/02/2026 = 27 Chạp and 17/02/2026 = mùng 1, so Chạp Ất Tỵ has 29 days;
  // 08/02/2024 = 29 Chạp and 10/02/2024 = mùng 1, so Chạp Quý Mão has 30.
  test.each([
    [2025, 12, 29],
    [2023, 12, 30],
  ])('month %i/%i has %i days', (year, month, length) => {
    expect(lunarMonthSpan(year, month).length).toBe(length);
  });

  test('a day past the end of the month does not exist', () => {
    expect(() => lunarToSolar({ year: 2025, month: 12, day: 30 })).toThrow(RangeError);
  });
});

describe('leap months', () => {
  // Ất Tỵ (2025) has a leap 6th month (tháng 6 nhuận), 25/07–22/08/2025.
  test('2025 has a leap month 6', () => {
    expect(solarToLunar(2025, 7, 25)).toEqual({ year: 2025, month: 6, day: 1, leap: true });
    expect(iso(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true }))).toBe('2025-07-25');
    expect(solarToLunar(2025, 8, 23)).toEqual({ year: 2025, month: 7, day: 1, leap: false });
  });

  test.each([
    [2025, 5],
    [2026, 6],
  ])('%i has no leap month %i', (year, month) => {
    expect(() => lunarToSolar({ year, month, day: 1, leap: true })).toThrow(RangeError);
  });
});

describe('astronomy and day numbers', () => {
  test.each([
    ['1970-01-01', 2440588],
    ['2000-01-01', 2451545],
    ['2026-04-26', jdFromDate(2026, 4, 26)],
  ])('JDN of %s is %i and converts back', (date, jd) => {
    expect(jdFromIso(date)).toBe(jd);
    expect(isoFromJd(jd)).toBe(date);
    expect(iso(jdToDate(jd))).toBe(date);
  });

  test.each([
    ['2026-04-26', 0], // Sunday
    ['2026-04-27', 1], // Monday
    ['2026-08-22', 6], // Saturday
  ])('%s is weekday %i', (date, weekday) => {
    expect(weekdayOfJd(jdFromIso(date))).toBe(weekday);
  });

  test.each(['2026-02-30', '2026-2-3', '03/02/2026', ''])('"%s" is not an ISO date', (date) => {
    expect(() => jdFromIso(date)).toThrow(RangeError);
  });

  // New moon of 17/02/2026 ≈ 12:01 UT (the annular solar eclipse of that day).
  test('new moon of Tết 2026', () => {
    const k = Math.round((jdFromDate(2026, 2, 17) - 2415021.077) / 29.530588853);
    expect(newMoon(k)).toBeCloseTo(2461089.0, 1);
    expect(isoFromJd(newMoonDay(k, 7))).toBe('2026-02-17');
  });

  // Winter solstice 21/12/2025 ≈ 15:03 UT: the sun is at 270°.
  test('sun longitude at the December 2025 solstice', () => {
    const jd = jdFromDate(2025, 12, 21) - 0.5 + (15 + 3 / 60) / 24;
    expect(sunLongitude(jd)).toBeCloseTo((3 * Math.PI) / 2, 2);
  });

  // Month 11 of Ất Tỵ contains the solstice; Chạp starts 29 days before 17/02/2026.
  test('lunar month 11 of 2025 and month 12 after it', () => {
    expect(isoFromJd(lunarMonth11(2025))).toBe('2025-12-20');
    expect(isoFromJd(lunarMonthSpan(2025, 12).start)).toBe('2026-01-19');
  });

  test('years outside 1900–2199 are refused', () => {
    expect(() => solarToLunar(1899, 6, 1)).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 2200, month: 1, day: 1 })).toThrow(RangeError);
  });
});
