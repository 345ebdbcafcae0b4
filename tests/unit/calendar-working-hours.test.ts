import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  buildCalendar,
  DEFAULT_WORKING_WEEK,
  dueInHours,
  type WorkingWeek,
} from '../../src/domain/calendar/index.ts';
import { formatHour, formatTimeLimit, isoDuration } from '../../src/domain/format.ts';
import { calendarYearFile, workingWeek } from '../../src/schemas/calendar.ts';

const calendar = buildCalendar(
  [2024, 2025, 2026].map((year) =>
    calendarYearFile.parse(
      parse(readFileSync(new URL(`../../content/calendar/${year}.yaml`, import.meta.url), 'utf8')),
    ),
  ),
);
const standard = DEFAULT_WORKING_WEEK;
const saturdayMorning: WorkingWeek = workingWeek.parse({ saturday: '7:00-11:30' });
const at = (received: string, hours: number, week: WorkingWeek = standard) => {
  const due = dueInHours(calendar, `${received}+07:00`, hours, week);
  return `${due.due} ${due.dueHour}`;
};

describe('appointments in working hours (standard week 7:00–11:30, 13:30–17:00)', () => {
  test('received at 10:00 with 4 hours: due at 16:00 the same day (lunch break not counted)', () => {
    expect(at('2025-07-01T10:00', 4)).toBe('2025-07-01 16:00');
  });

  test('received at 16:00 (after 15:00): counted from the next working morning', () => {
    const due = dueInHours(calendar, '2025-07-01T16:00:00+07:00', 4, standard);
    expect(due.effectiveReceived).toBe('2025-07-02T07:00:00+07:00');
    expect(`${due.due} ${due.dueHour}`).toBe('2025-07-02 11:00');
  });

  test('received at 14:00, before 15:00: the rest of the day, then the next morning', () => {
    expect(at('2025-07-01T14:00', 4)).toBe('2025-07-02 08:00');
  });

  test('before opening and during the lunch break the count waits for the next open range', () => {
    expect(at('2025-07-01T06:00', 4)).toBe('2025-07-01 11:00');
    expect(at('2025-07-01T12:00', 2)).toBe('2025-07-01 15:30');
  });

  test('a count ending at the close of a range keeps that hour', () => {
    expect(at('2025-07-01T07:30', 4)).toBe('2025-07-01 11:30');
    expect(at('2025-07-01T07:00', 8)).toBe('2025-07-01 17:00');
  });

  test('weekends and holidays are skipped and listed', () => {
    const due = dueInHours(calendar, '2025-07-04T14:00:00+07:00', 4, standard);
    expect(`${due.due} ${due.dueHour}`).toBe('2025-07-07 08:00');
    expect(due.skipped).toEqual([
      { date: '2025-07-05', reason: 'Thứ Bảy' },
      { date: '2025-07-06', reason: 'Chủ nhật' },
    ]);
    // Quốc khánh 2025: Saturday 30/8 to Tuesday 2/9.
    expect(at('2025-08-29T16:00', 4)).toBe('2025-09-03 11:00');
  });

  test('an agency open on Saturday morning counts its Saturday hours', () => {
    expect(at('2025-07-04T16:00', 4, saturdayMorning)).toBe('2025-07-05 11:00');
    expect(at('2025-07-05T10:00', 4, saturdayMorning)).toBe('2025-07-07 09:30');
  });

  test('168 hours are 21 working days of 8 hours', () => {
    const due = dueInHours(calendar, '2025-07-01T07:00:00+07:00', 168, standard);
    expect(due.due).toBe(calendar.addWorkingDays('2025-07-01', 20, standard));
    expect(due.dueHour).toBe('17:00');
  });

  test('a limit that is not a whole number of hours ≥ 1 is refused', () => {
    expect(() => dueInHours(calendar, '2025-07-01T10:00:00+07:00', 0, standard)).toThrow(
      /số nguyên giờ làm việc/,
    );
    expect(() => dueInHours(calendar, '2025-07-01T10:00:00+07:00', 1.5, standard)).toThrow(
      RangeError,
    );
  });

  test('property: 8·k hours from an opening end at the close of the k-th working day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 1, max: 30 }),
        (offset, k) => {
          const start = calendar.addWorkingDays('2024-06-03', offset, standard);
          const due = dueInHours(calendar, `${start}T07:00:00+07:00`, 8 * k, standard);
          return (
            due.due === calendar.addWorkingDays(start, k - 1, standard) && due.dueHour === '17:00'
          );
        },
      ),
    );
  });

  test('property: one more hour never gives an earlier appointment, always a working day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.integer({ min: 1, max: 40 }),
        (day, minute, hours) => {
          const date = new Date(Date.parse('2025-01-01T00:00:00Z') + day * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
          const a = dueInHours(calendar, `${date}T${time}:00+07:00`, hours, saturdayMorning);
          const b = dueInHours(calendar, `${date}T${time}:00+07:00`, hours + 1, saturdayMorning);
          return (
            `${a.due} ${a.dueHour}` < `${b.due} ${b.dueHour}` &&
            calendar.isWorkingDay(a.due, saturdayMorning)
          );
        },
      ),
    );
  });
});

describe('a time limit in hours as pages print it', () => {
  test('"4 giờ làm việc" on the procedure page, "16 giờ 00" on the forms, PT4H in the data', () => {
    expect(formatTimeLimit({ days: 0, hours: 4 })).toBe('4 giờ làm việc');
    expect(formatTimeLimit({ days: 0 })).toBe('Trong ngày');
    expect(formatTimeLimit({ days: 3 })).toBe('3 ngày làm việc');
    expect(formatHour('08:00')).toBe('08 giờ 00');
    expect(isoDuration(0, 4)).toBe('PT4H');
    expect(isoDuration(3)).toBe('P3D');
  });
});
