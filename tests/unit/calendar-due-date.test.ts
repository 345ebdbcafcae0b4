import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  buildCalendar,
  DEFAULT_WORKING_WEEK,
  type DueDate,
  type WorkingWeek,
} from '../../src/domain/calendar/index.ts';
import { calendarYearFile, workingWeek } from '../../src/schemas/calendar.ts';

/** The official years this suite was written against (a 2027 file would change 2027). */
const calendar = buildCalendar(
  [2024, 2025, 2026].map((year) =>
    calendarYearFile.parse(
      parse(readFileSync(new URL(`../../content/calendar/${year}.yaml`, import.meta.url), 'utf8')),
    ),
  ),
);

const standard = DEFAULT_WORKING_WEEK;
/** Commune police: Monday–Friday plus Saturday morning. */
const saturdayMorning: WorkingWeek = workingWeek.parse({ saturday: '7:00-11:30' });

const sat = (date: string) => ({ date, reason: 'Thứ Bảy' });
const sun = (date: string) => ({ date, reason: 'Chủ nhật' });
const named = (reason: string, ...dates: string[]) => dates.map((date) => ({ date, reason }));
const TET = 'Tết Nguyên đán';

interface Case {
  name: string;
  received: string;
  days: number;
  week?: WorkingWeek;
  expected: Partial<DueDate>;
}

// Every expected date below is worked out by hand from the schedules in
// docs domain-vn.md §8 (weekends, holidays, compensatory and swapped days).
const cases: Case[] = [
  // The 15:00 cut-off (Thursday 06/03/2025, an ordinary week).
  {
    name: 'received 14:59: counts from the same day',
    received: '2025-03-06T14:59:00+07:00',
    days: 3,
    expected: {
      received: '2025-03-06T14:59:00+07:00',
      effectiveReceived: '2025-03-06T14:59:00+07:00',
      due: '2025-03-11',
      skipped: [sat('2025-03-08'), sun('2025-03-09')],
      provisional: false,
      provisionalYears: [],
    },
  },
  {
    name: 'received 15:00: counts from the next working day',
    received: '2025-03-06T15:00:00+07:00',
    days: 3,
    expected: {
      received: '2025-03-06T15:00:00+07:00',
      effectiveReceived: '2025-03-07T07:00:00+07:00',
      due: '2025-03-12',
      skipped: [sat('2025-03-08'), sun('2025-03-09')],
    },
  },
  {
    name: 'UTC input 07:59:59Z is 14:59:59 in Vietnam',
    received: '2025-03-06T07:59:59Z',
    days: 1,
    expected: {
      received: '2025-03-06T14:59:59+07:00',
      effectiveReceived: '2025-03-06T14:59:59+07:00',
      due: '2025-03-07',
      skipped: [],
    },
  },
  {
    name: 'UTC input 08:00Z is 15:00 in Vietnam',
    received: '2025-03-06T08:00:00Z',
    days: 1,
    expected: {
      received: '2025-03-06T15:00:00+07:00',
      effectiveReceived: '2025-03-07T07:00:00+07:00',
      due: '2025-03-10',
      skipped: [sat('2025-03-08'), sun('2025-03-09')],
    },
  },
  {
    name: 'a time without offset is Vietnam time',
    received: '2025-03-06T16:30',
    days: 0,
    expected: { received: '2025-03-06T16:30:00+07:00', due: '2025-03-07' },
  },

  // 0 days ("trong ngày").
  {
    name: '0 days on a working day: due the same day',
    received: '2025-03-04T10:00:00+07:00',
    days: 0,
    expected: { effectiveReceived: '2025-03-04T10:00:00+07:00', due: '2025-03-04', skipped: [] },
  },
  {
    name: '0 days received on a Saturday: due Monday',
    received: '2025-03-08T09:00:00+07:00',
    days: 0,
    expected: { effectiveReceived: '2025-03-10T07:00:00+07:00', due: '2025-03-10', skipped: [] },
  },
  {
    name: '0 days on the swapped Saturday 04/05/2024',
    received: '2024-05-04T09:00:00+07:00',
    days: 0,
    expected: { effectiveReceived: '2024-05-04T09:00:00+07:00', due: '2024-05-04' },
  },

  // Received on a non-working day.
  {
    name: 'received on Giỗ Tổ (Sunday 26/04/2026): counts from Tuesday after the nghỉ bù',
    received: '2026-04-26T09:00:00+07:00',
    days: 1,
    expected: { effectiveReceived: '2026-04-28T07:00:00+07:00', due: '2026-04-29', skipped: [] },
  },
  {
    name: 'received on the Sunday before Tết 2026: counts from Monday 23/02',
    received: '2026-02-15T10:00:00+07:00',
    days: 2,
    expected: { effectiveReceived: '2026-02-23T07:00:00+07:00', due: '2026-02-25', skipped: [] },
  },

  // Giỗ Tổ 2026 on a Sunday → compensatory Monday 27/04, then 30/4–1/5.
  {
    name: 'across Giỗ Tổ 2026 and its compensatory Monday',
    received: '2026-04-24T09:00:00+07:00',
    days: 2,
    expected: {
      due: '2026-04-29',
      skipped: [
        sat('2026-04-25'),
        { date: '2026-04-26', reason: 'Giỗ Tổ Hùng Vương' },
        { date: '2026-04-27', reason: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
      ],
    },
  },
  {
    name: 'across Giỗ Tổ, 30/4 and 1/5 2026',
    received: '2026-04-24T09:00:00+07:00',
    days: 3,
    expected: {
      due: '2026-05-04',
      skipped: [
        sat('2026-04-25'),
        { date: '2026-04-26', reason: 'Giỗ Tổ Hùng Vương' },
        { date: '2026-04-27', reason: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
        { date: '2026-04-30', reason: 'Ngày Chiến thắng' },
        { date: '2026-05-01', reason: 'Ngày Quốc tế Lao động' },
        sat('2026-05-02'),
        sun('2026-05-03'),
      ],
    },
  },

  // Tết.
  {
    name: 'Tết 2026: off Saturday 14/02 to Sunday 22/02',
    received: '2026-02-13T10:00:00+07:00',
    days: 1,
    expected: {
      due: '2026-02-23',
      skipped: [
        sat('2026-02-14'),
        sun('2026-02-15'),
        ...named(TET, '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'),
        sat('2026-02-21'),
        sun('2026-02-22'),
      ],
    },
  },
  {
    name: 'Tết 2024: 5 Tết days and 2 compensatory days, Thursday 08/02 to Wednesday 14/02',
    received: '2024-02-07T10:00:00+07:00',
    days: 1,
    expected: {
      due: '2024-02-15',
      skipped: [
        ...named(TET, '2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12'),
        ...named('Nghỉ bù Tết Nguyên đán', '2024-02-13', '2024-02-14'),
      ],
    },
  },
  {
    name: 'Tết 2025: off Saturday 25/01 to Sunday 02/02',
    received: '2025-01-24T10:00:00+07:00',
    days: 1,
    expected: { due: '2025-02-03' },
  },

  // Swapped days.
  {
    name: 'Saturday 26/04/2025 is a working day (swapped with Friday 02/05)',
    received: '2025-04-25T10:00:00+07:00',
    days: 1,
    expected: { due: '2025-04-26', skipped: [] },
  },
  {
    name: 'across the 2025 swap and 30/4–1/5',
    received: '2025-04-25T10:00:00+07:00',
    days: 4,
    expected: {
      due: '2025-05-05',
      skipped: [
        sun('2025-04-27'),
        { date: '2025-04-30', reason: 'Ngày Chiến thắng' },
        { date: '2025-05-01', reason: 'Ngày Quốc tế Lao động' },
        {
          date: '2025-05-02',
          reason: 'Nghỉ hoán đổi dịp Ngày Chiến thắng và Ngày Quốc tế Lao động',
        },
        sat('2025-05-03'),
        sun('2025-05-04'),
      ],
    },
  },
  {
    name: 'received after 15:00 on Friday 09/01/2026: counts from the swapped Saturday 10/01',
    received: '2026-01-09T16:00:00+07:00',
    days: 1,
    expected: {
      effectiveReceived: '2026-01-10T07:00:00+07:00',
      due: '2026-01-12',
      skipped: [sun('2026-01-11')],
    },
  },
  {
    name: 'received after 15:00 on Friday 21/08/2026: counts from the swapped Saturday 22/08',
    received: '2026-08-21T16:00:00+07:00',
    days: 1,
    expected: {
      effectiveReceived: '2026-08-22T07:00:00+07:00',
      due: '2026-08-24',
      skipped: [sun('2026-08-23')],
    },
  },
  {
    name: 'Quốc khánh 2026: Monday 31/08 swapped, 01–02/09 off',
    received: '2026-08-28T10:00:00+07:00',
    days: 1,
    expected: {
      due: '2026-09-03',
      skipped: [
        sat('2026-08-29'),
        sun('2026-08-30'),
        { date: '2026-08-31', reason: 'Nghỉ hoán đổi dịp Quốc khánh' },
        ...named('Quốc khánh', '2026-09-01', '2026-09-02'),
      ],
    },
  },
  {
    name: 'Saturday 04/05/2024 is a working day (swapped with Monday 29/04)',
    received: '2024-05-03T10:00:00+07:00',
    days: 1,
    expected: { due: '2024-05-04', skipped: [] },
  },

  // Year boundaries.
  {
    name: 'from 31/12/2025 into 2026 (01/01 holiday, 02/01 swapped)',
    received: '2025-12-31T10:00:00+07:00',
    days: 3,
    expected: {
      due: '2026-01-07',
      skipped: [
        { date: '2026-01-01', reason: 'Tết Dương lịch' },
        { date: '2026-01-02', reason: 'Nghỉ hoán đổi dịp Tết Dương lịch' },
        sat('2026-01-03'),
        sun('2026-01-04'),
      ],
      provisional: false,
      provisionalYears: [],
    },
  },
  {
    name: 'after 15:00 on 31/12/2024: counts from Thursday 02/01/2025',
    received: '2024-12-31T15:30:00+07:00',
    days: 1,
    expected: {
      effectiveReceived: '2025-01-02T07:00:00+07:00',
      due: '2025-01-03',
      skipped: [],
      provisional: false,
    },
  },
  {
    name: 'from 31/12/2026 into 2027, which has no official schedule yet',
    received: '2026-12-31T10:00:00+07:00',
    days: 2,
    expected: {
      due: '2027-01-05',
      skipped: [
        { date: '2027-01-01', reason: 'Tết Dương lịch' },
        sat('2027-01-02'),
        sun('2027-01-03'),
      ],
      provisional: true,
      provisionalYears: [2027],
    },
  },

  // 2027 is provisional; 24/11/2026 is official.
  {
    name: '30/4–1/5 2027 by the rules: 1/5 on Saturday → nghỉ bù Monday 03/05',
    received: '2027-04-29T10:00:00+07:00',
    days: 1,
    expected: {
      due: '2027-05-04',
      skipped: [
        { date: '2027-04-30', reason: 'Ngày Chiến thắng' },
        { date: '2027-05-01', reason: 'Ngày Quốc tế Lao động' },
        sun('2027-05-02'),
        { date: '2027-05-03', reason: 'Nghỉ bù Ngày Quốc tế Lao động' },
      ],
      provisional: true,
      provisionalYears: [2027],
    },
  },
  {
    name: 'Ngày Văn hóa Việt Nam, Tuesday 24/11/2026',
    received: '2026-11-23T10:00:00+07:00',
    days: 1,
    expected: {
      due: '2026-11-25',
      skipped: [{ date: '2026-11-24', reason: 'Ngày Văn hóa Việt Nam' }],
      provisional: false,
    },
  },
  {
    name: 'ending on 31/12/2026 stays official',
    received: '2026-12-30T10:00:00+07:00',
    days: 1,
    expected: { due: '2026-12-31', provisional: false, provisionalYears: [] },
  },

  // An agency that also works on Saturday morning.
  {
    name: 'Saturday-morning agency: after 15:00 on Friday counts from Saturday',
    received: '2025-03-07T15:30:00+07:00',
    days: 1,
    week: saturdayMorning,
    expected: {
      effectiveReceived: '2025-03-08T07:00:00+07:00',
      due: '2025-03-10',
      skipped: [sun('2025-03-09')],
    },
  },
  {
    name: 'standard agency: the same dossier counts from Monday',
    received: '2025-03-07T15:30:00+07:00',
    days: 1,
    week: standard,
    expected: { effectiveReceived: '2025-03-10T07:00:00+07:00', due: '2025-03-11', skipped: [] },
  },
  {
    name: 'Saturday-morning agency: received Saturday 10:00, 0 days',
    received: '2025-03-08T10:00:00+07:00',
    days: 0,
    week: saturdayMorning,
    expected: { effectiveReceived: '2025-03-08T10:00:00+07:00', due: '2025-03-08' },
  },
  {
    name: 'Saturday-morning agency: the 15:00 cut-off applies on Saturday too',
    received: '2025-03-08T14:00:00+07:00',
    days: 1,
    week: saturdayMorning,
    expected: { effectiveReceived: '2025-03-08T14:00:00+07:00', due: '2025-03-10' },
  },
  {
    name: 'Saturday-morning agency: Saturday 10/02/2024 is Tết, Saturday 17/02 is worked',
    received: '2024-02-07T10:00:00+07:00',
    days: 3,
    week: saturdayMorning,
    expected: {
      due: '2024-02-17',
      skipped: [
        ...named(TET, '2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12'),
        ...named('Nghỉ bù Tết Nguyên đán', '2024-02-13', '2024-02-14'),
      ],
    },
  },
  {
    name: 'standard agency: the same dossier is due Monday 19/02/2024',
    received: '2024-02-07T10:00:00+07:00',
    days: 3,
    expected: { due: '2024-02-19' },
  },
  {
    name: 'Saturday-morning agency around Giỗ Tổ 2026',
    received: '2026-04-24T09:00:00+07:00',
    days: 2,
    week: saturdayMorning,
    expected: {
      due: '2026-04-28',
      skipped: [
        { date: '2026-04-26', reason: 'Giỗ Tổ Hùng Vương' },
        { date: '2026-04-27', reason: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
      ],
    },
  },
  {
    name: 'the next working day opens at the agency’s own hour',
    received: '2025-03-09T10:00:00+07:00',
    days: 0,
    week: workingWeek.parse({ monday: '7:30-11:30, 13:30-17:00' }),
    expected: { effectiveReceived: '2025-03-10T07:30:00+07:00', due: '2025-03-10' },
  },
];

describe('dueDate', () => {
  test.each(cases)('$name', ({ received, days, week, expected }) => {
    expect(calendar.dueDate(received, days, week)).toMatchObject(expected);
  });

  test('accepts a Date and returns the full public shape', () => {
    expect(calendar.dueDate(new Date('2026-04-24T02:00:00Z'), 2)).toEqual({
      received: '2026-04-24T09:00:00+07:00',
      effectiveReceived: '2026-04-24T09:00:00+07:00',
      due: '2026-04-29',
      skipped: [
        { date: '2026-04-25', reason: 'Thứ Bảy' },
        { date: '2026-04-26', reason: 'Giỗ Tổ Hùng Vương' },
        { date: '2026-04-27', reason: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
      ],
      provisional: false,
      provisionalYears: [],
    });
  });

  test.each([
    ['2025-03-06T10:00:00+07:00', -1, /không âm/],
    ['2025-03-06T10:00:00+07:00', 1.5, /số nguyên/],
    ['hôm qua', 1, /không hợp lệ/],
    ['2025-13-06T10:00:00+07:00', 1, /không hợp lệ/],
  ])('refuses %s with %d days', (received, days, message) => {
    expect(() => calendar.dueDate(received, days)).toThrow(message);
  });
});

describe('working-day helpers', () => {
  test.each([
    ['2026-04-24', '2026-04-28', standard],
    ['2026-01-09', '2026-01-10', standard],
    ['2025-03-07', '2025-03-10', standard],
    ['2025-03-07', '2025-03-08', saturdayMorning],
    ['2026-12-31', '2027-01-04', standard],
  ])('nextWorkingDay(%s) = %s', (date, expected, week) => {
    expect(calendar.nextWorkingDay(date, week)).toBe(expected);
  });

  test.each([
    ['2026-02-13', 1, '2026-02-23'],
    ['2026-02-23', -1, '2026-02-13'],
    ['2026-04-26', 0, '2026-04-26'],
    ['2025-04-25', 4, '2025-05-05'],
  ])('addWorkingDays(%s, %i) = %s', (date, days, expected) => {
    expect(calendar.addWorkingDays(date, days)).toBe(expected);
  });

  // Weekdays minus the weekdays off plus the Saturdays worked, from domain-vn.md §8:
  // 2024: 262 − 12 + 1; 2025: 261 − 12 + 1; 2026: 261 − 14 + 2.
  test.each([
    ['2024-01-01', '2024-12-31', 251],
    ['2024-12-31', '2025-12-31', 250],
    ['2025-12-31', '2026-12-31', 249],
    ['2026-04-24', '2026-04-29', 2],
    ['2026-04-29', '2026-04-24', -2],
    ['2025-12-31', '2026-01-07', 3],
    ['2026-04-24', '2026-04-24', 0],
  ])('countWorkingDays(%s, %s) = %i', (from, to, expected) => {
    expect(calendar.countWorkingDays(from, to)).toBe(expected);
  });

  test('counting is the inverse of adding, across official and provisional years', () => {
    for (const week of [standard, saturdayMorning]) {
      for (let day = 0; day < 4 * 365; day += 3) {
        const date = calendar.addWorkingDays('2024-01-02', day, week);
        for (const n of [1, 5, 20]) {
          expect(
            calendar.countWorkingDays(date, calendar.addWorkingDays(date, n, week), week),
          ).toBe(n);
        }
      }
    }
  });

  test('provisionalYears names the years without an official schedule', () => {
    expect(calendar.provisionalYears('2025-06-01', '2028-01-01')).toEqual([2027, 2028]);
    expect(calendar.isProvisional(2026)).toBe(false);
    expect(calendar.officialYears).toEqual([2024, 2025, 2026]);
  });

  test('a week without any working day is refused', () => {
    const closed: WorkingWeek = {
      ...standard,
      monday: [],
      tuesday: [],
      wednesday: [],
      thursday: [],
      friday: [],
    };
    expect(() => calendar.isWorkingDay('2026-04-28', closed)).toThrow(/ít nhất một ngày/);
  });
});
