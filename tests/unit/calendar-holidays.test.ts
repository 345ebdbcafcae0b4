import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  buildCalendar,
  type CalendarYearData,
  isoFromJd,
  jdFromDate,
  mergeYear,
  ruleBasedDays,
  weekdayOfJd,
} from '../../src/domain/calendar/index.ts';
import { calendarYearFile, workingWeek } from '../../src/schemas/calendar.ts';

const DIR = new URL('../../content/calendar/', import.meta.url);
const readYear = (file: string) => parse(readFileSync(new URL(file, DIR), 'utf8')) as unknown;

/** The official years this suite was written against (a 2027 file would change 2027). */
const official = [2024, 2025, 2026].map((y) => calendarYearFile.parse(readYear(`${y}.yaml`)));
const calendar = buildCalendar(official);

const daysOf = (year: number) => {
  const days: string[] = [];
  for (let jd = jdFromDate(year, 1, 1); jd < jdFromDate(year + 1, 1, 1); jd++) {
    days.push(isoFromJd(jd));
  }
  return days;
};
const weekdayIndex = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return weekdayOfJd(jdFromDate(y ?? 0, m ?? 0, d ?? 0));
};

describe('content/calendar/*.yaml', () => {
  const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

  test.each(files)('%s is a valid year file named after its year', (file) => {
    const result = calendarYearFile.safeParse(readYear(file));
    expect(result.error?.issues ?? []).toEqual([]);
    expect(`${result.data?.year}.yaml`).toBe(file);
  });

  test.each([2024, 2025, 2026])('%i is official and covers every occasion', (year) => {
    const listing = calendar.year(year);
    expect(listing.provisional).toBe(false);
    expect(listing.ruleOccasions).toEqual([]);
    expect(listing.days.every((d) => d.source.type === 'official')).toBe(true);
  });
});

// The weekdays off and the Saturdays worked listed in domain-vn.md §8 for each year.
describe('official schedules, standard Monday–Friday week', () => {
  test.each([
    [
      2024,
      [
        '2024-01-01',
        '2024-02-08',
        '2024-02-09',
        '2024-02-12',
        '2024-02-13',
        '2024-02-14',
        '2024-04-18',
        '2024-04-29',
        '2024-04-30',
        '2024-05-01',
        '2024-09-02',
        '2024-09-03',
      ],
      ['2024-05-04'],
    ],
    [
      2025,
      [
        '2025-01-01',
        '2025-01-27',
        '2025-01-28',
        '2025-01-29',
        '2025-01-30',
        '2025-01-31',
        '2025-04-07',
        '2025-04-30',
        '2025-05-01',
        '2025-05-02',
        '2025-09-01',
        '2025-09-02',
      ],
      ['2025-04-26'],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-01-02',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-02-20',
        '2026-04-27',
        '2026-04-30',
        '2026-05-01',
        '2026-08-31',
        '2026-09-01',
        '2026-09-02',
        '2026-11-24',
      ],
      ['2026-01-10', '2026-08-22'],
    ],
  ])('%i: weekdays off and Saturdays worked', (year, weekdaysOff, saturdaysWorked) => {
    const days = daysOf(year);
    const isWeekend = (d: string) => [0, 6].includes(weekdayIndex(d));
    expect(days.filter((d) => !isWeekend(d) && !calendar.isWorkingDay(d))).toEqual(weekdaysOff);
    expect(days.filter((d) => isWeekend(d) && calendar.isWorkingDay(d))).toEqual(saturdaysWorked);
  });

  test.each([
    ['2025-03-08', 'Thứ Bảy'],
    ['2025-03-09', 'Chủ nhật'],
    ['2024-02-10', 'Tết Nguyên đán'],
    ['2024-02-13', 'Nghỉ bù Tết Nguyên đán'],
    ['2026-02-17', 'Tết Nguyên đán'],
    ['2026-04-26', 'Giỗ Tổ Hùng Vương'],
    ['2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương'],
    ['2025-04-30', 'Ngày Chiến thắng'],
    ['2025-05-01', 'Ngày Quốc tế Lao động'],
    ['2026-01-02', 'Nghỉ hoán đổi dịp Tết Dương lịch'],
    ['2026-08-31', 'Nghỉ hoán đổi dịp Quốc khánh'],
    ['2026-09-02', 'Quốc khánh'],
    ['2026-11-24', 'Ngày Văn hóa Việt Nam'],
  ])('%s is not a working day: %s', (date, reason) => {
    const info = calendar.dayInfo(date);
    expect(info.working).toBe(false);
    expect(info.reason).toBe(reason);
    expect(info.provisional).toBe(false);
  });

  test.each([
    ['2024-05-04', 'Thứ Bảy'],
    ['2025-04-26', 'Thứ Bảy'],
    ['2026-01-10', 'Thứ Bảy'],
    ['2026-08-22', 'Thứ Bảy'],
  ])('swapped %s (%s) is a working day', (date, weekday) => {
    const info = calendar.dayInfo(date);
    expect(info).toMatchObject({ working: true, weekday, special: { kind: 'lam-bu' } });
    expect(info.reason).toBeUndefined();
  });

  test.each([
    ['2026-04-27', 'nghi-bu', ['45/2019/QH14', '3383/BNV-CVL']],
    ['2026-02-17', 'le', ['9859/VPCP-KGVX', '9441/TB-BNV']],
    ['2026-01-10', 'lam-bu', ['45/2019/QH14', '12729/VPCP-KGVX']],
    ['2025-05-02', 'hoan-doi', ['8726/VPCP-KGVX', '6150/TB-BLĐTBXH']],
    ['2024-04-29', 'hoan-doi', ['2450/VPCP-KGVX', '1570/TB-LĐTBXH']],
  ])('%s in the year listing: %s, sources %j', (date, kind, numbers) => {
    const day = calendar.year(Number(date.slice(0, 4))).days.find((d) => d.date === date);
    expect(day?.kind).toBe(kind);
    expect(day?.source.type).toBe('official');
    if (day?.source.type === 'official') {
      expect(day.source.documents.map((d) => d.number)).toEqual(numbers);
    }
  });

  test('the 2026 listing names every document with its date', () => {
    const { documents } = calendar.year(2026);
    expect(documents.find((d) => d.number === '9441/TB-BNV')?.date).toBe('2025-10-16');
    expect(documents.find((d) => d.number === '12729/VPCP-KGVX')?.date).toBe('2025-12-25');
  });
});

describe('rule-based years', () => {
  // 2027 anchors from domain-vn.md §8 (no notice yet): 01/01 Fri; Tết mùng 1 Sat 06/02;
  // Giỗ Tổ Fri 16/04; 30/4 Fri, 1/5 Sat → nghỉ bù Mon 03/05; 02/09 Thu; 24/11 Wed.
  test('2027 is provisional and built from the rules', () => {
    const listing = calendar.year(2027);
    expect(listing.provisional).toBe(true);
    expect(listing.documents).toEqual([]);
    expect(listing.days.every((d) => d.source.type === 'rule')).toBe(true);
    const byDate = new Map(listing.days.map((d) => [d.date, d]));
    for (const [date, kind, name] of [
      ['2027-01-01', 'le', 'Tết Dương lịch'],
      ['2027-02-06', 'le', 'Tết Nguyên đán'],
      ['2027-04-16', 'le', 'Giỗ Tổ Hùng Vương'],
      ['2027-04-30', 'le', 'Ngày Chiến thắng'],
      ['2027-05-01', 'le', 'Ngày Quốc tế Lao động'],
      ['2027-05-03', 'nghi-bu', 'Nghỉ bù Ngày Quốc tế Lao động'],
      ['2027-09-02', 'le', 'Quốc khánh'],
      ['2027-11-24', 'le', 'Ngày Văn hóa Việt Nam'],
    ] as const) {
      expect(byDate.get(date), date).toMatchObject({ kind, name });
    }
    // Quốc khánh: 2/9 plus exactly one adjacent day.
    expect(['2027-09-01', '2027-09-03'].filter((d) => byDate.has(d))).toHaveLength(1);
    // Tết: 5 days; mùng 1 and mùng 2 fall on Saturday and Sunday, so 2 compensatory days.
    expect(
      listing.days.filter((d) => d.occasion === 'tet-nguyen-dan' && d.kind === 'le'),
    ).toHaveLength(5);
    expect(
      listing.days.filter((d) => d.occasion === 'tet-nguyen-dan' && d.kind === 'nghi-bu'),
    ).toHaveLength(2);
    expect(calendar.dayInfo('2027-05-03').provisional).toBe(true);
  });

  // The rules applied to an official year give the official statutory days.
  test.each([
    [
      2024,
      ['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12'],
      ['2024-02-13', '2024-02-14'],
    ],
    [2025, ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'], []],
  ])('Tết %i by the rules matches the official notice', (year, le, nghiBu) => {
    const tet = ruleBasedDays(year).filter((d) => d.occasion === 'tet-nguyen-dan');
    expect(tet.filter((d) => d.kind === 'le').map((d) => d.date)).toEqual(le);
    expect(tet.filter((d) => d.kind === 'nghi-bu').map((d) => d.date)).toEqual(nghiBu);
  });

  test('Giỗ Tổ 2026 on a Sunday gives Monday 27/04 by Art. 111 §3', () => {
    const gioTo = ruleBasedDays(2026).filter((d) => d.occasion === 'gio-to-hung-vuong');
    expect(gioTo.map((d) => [d.date, d.kind])).toEqual([
      ['2026-04-26', 'le'],
      ['2026-04-27', 'nghi-bu'],
    ]);
  });

  test('Ngày Văn hóa Việt Nam exists only from 2026', () => {
    expect(ruleBasedDays(2025).some((d) => d.occasion === 'van-hoa')).toBe(false);
    expect(ruleBasedDays(2026).some((d) => d.date === '2026-11-24')).toBe(true);
  });
});

describe('merging official data with the rules', () => {
  const doc = { number: '1/TB-BNV', date: '2026-11-01', issuer: 'Bộ Nội vụ' };
  const partial2027: CalendarYearData = {
    year: 2027,
    sources: [doc],
    occasions: {
      'tet-nguyen-dan': {
        sources: ['1/TB-BNV'],
        days: [
          { date: '2027-02-05', kind: 'le' },
          { date: '2027-02-08', kind: 'le' },
          { date: '2027-02-09', kind: 'le' },
          { date: '2027-02-10', kind: 'nghi-bu' },
        ],
      },
    },
  };

  test('an occasion in the data replaces the rules; the others stay provisional', () => {
    const year = mergeYear(2027, partial2027);
    expect(year.provisional).toBe(true);
    expect(year.ruleOccasions).not.toContain('tet-nguyen-dan');
    expect(year.ruleOccasions).toContain('30-4-1-5');
    const tet = year.days.filter((d) => d.occasion === 'tet-nguyen-dan');
    expect(tet.map((d) => d.date)).toEqual([
      '2027-02-05',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
    ]);
    expect(tet.every((d) => d.source.type === 'official')).toBe(true);
    // The rule's 04/02 is gone: the official data covers Tết.
    expect(buildCalendar([partial2027]).isWorkingDay('2027-02-04')).toBe(true);
    expect(buildCalendar([partial2027]).isWorkingDay('2027-05-03')).toBe(false);
  });

  test('a year whose data covers every occasion is official', () => {
    const occasions = Object.fromEntries(
      (
        [
          'tet-duong-lich',
          'tet-nguyen-dan',
          'gio-to-hung-vuong',
          '30-4-1-5',
          'quoc-khanh',
          'van-hoa',
        ] as const
      ).map((o, i) => [
        o,
        { sources: ['1/TB-BNV'], days: [{ date: `2027-03-0${i + 1}`, kind: 'le' as const }] },
      ]),
    );
    expect(mergeYear(2027, { year: 2027, sources: [doc], occasions }).provisional).toBe(false);
  });

  test('two files for one year are refused', () => {
    expect(() => buildCalendar([partial2027, partial2027])).toThrow(/hai tệp lịch cho năm 2027/);
  });
});

describe('calendarYearFile schema errors', () => {
  const base = () => ({
    year: 2027,
    sources: [{ number: '1/TB-BNV', date: '01/11/2026', issuer: 'Bộ Nội vụ' }],
    occasions: {
      'quoc-khanh': {
        sources: ['1/TB-BNV'],
        days: [
          { date: '2027-09-02', kind: 'le' },
          { date: '2027-09-03', kind: 'le' },
        ],
      },
    },
  });
  const messages = (input: unknown) =>
    (calendarYearFile.safeParse(input).error?.issues ?? []).map(
      (i) => `${i.path.join('.')}: ${i.message}`,
    );

  test('a valid minimal file normalises dates', () => {
    const file = calendarYearFile.parse(base());
    expect(file.sources[0]?.date).toBe('2026-11-01');
    expect(file.pending).toEqual([]);
  });

  test.each([
    [
      'a make-up day on a weekday',
      (f: ReturnType<typeof base>) =>
        f.occasions['quoc-khanh'].days.push({ date: '2027-09-01', kind: 'lam-bu' }),
      'occasions.quoc-khanh.days.2.date: ngày làm bù phải là thứ Bảy hoặc Chủ nhật; 2027-09-01 là Thứ Tư',
    ],
    [
      'a compensatory day on a Sunday',
      (f: ReturnType<typeof base>) =>
        f.occasions['quoc-khanh'].days.push({ date: '2027-09-05', kind: 'nghi-bu' }),
      'occasions.quoc-khanh.days.2.date: ngày nghỉ bù hoặc nghỉ hoán đổi phải là ngày làm việc (thứ Hai – thứ Sáu); 2027-09-05 là Chủ nhật',
    ],
    [
      'a date in another year',
      (f: ReturnType<typeof base>) =>
        f.occasions['quoc-khanh'].days.push({ date: '2026-09-04', kind: 'le' }),
      'occasions.quoc-khanh.days.2.date: ngày 2026-09-04 không thuộc năm 2027 của tệp này',
    ],
    [
      'a date listed twice',
      (f: ReturnType<typeof base>) =>
        f.occasions['quoc-khanh'].days.push({ date: '2027-09-02', kind: 'le' }),
      'occasions.quoc-khanh.days.2.date: ngày 2027-09-02 đã được ghi ở dịp "Quốc khánh"; mỗi ngày chỉ ghi một lần',
    ],
    [
      'an undeclared document',
      (f: ReturnType<typeof base>) => f.occasions['quoc-khanh'].sources.push('2/VPCP-KGVX'),
      'occasions.quoc-khanh.sources.1: văn bản "2/VPCP-KGVX" chưa được khai báo trong "sources" ở đầu tệp',
    ],
    [
      'an unknown day kind',
      (f: ReturnType<typeof base>) =>
        f.occasions['quoc-khanh'].days.push({ date: '2027-09-06', kind: 'nghi' }),
      'occasions.quoc-khanh.days.2.kind: chỉ nhận một trong: le, nghi-bu, hoan-doi, lam-bu',
    ],
  ])('%s', (_name, edit, expected) => {
    const file = base();
    edit(file);
    expect(messages(file)).toEqual([expected]);
  });

  test('an unknown occasion and an impossible date are reported', () => {
    const file = { ...base(), occasions: { 'tet-trung-thu': base().occasions['quoc-khanh'] } };
    expect(messages(file)).toHaveLength(1);
    const badDate = base();
    badDate.occasions['quoc-khanh'].days[0] = { date: '31/02/2027', kind: 'le' };
    expect(messages(badDate)).toEqual([
      'occasions.quoc-khanh.days.0.date: ngày "31/02/2027" không tồn tại trên lịch (invalid date)',
    ]);
  });
});

describe('workingWeek schema', () => {
  const standard = [
    { from: '07:00', to: '11:30' },
    { from: '13:30', to: '17:00' },
  ];

  test.each([
    ['nothing written', undefined, { monday: standard, saturday: [], sunday: [] }],
    ['an empty map', {}, { friday: standard, saturday: [] }],
    [
      'Saturday morning',
      { saturday: '7:00-11:30' },
      { monday: standard, saturday: [{ from: '07:00', to: '11:30' }] },
    ],
    ['en dashes and "h"', { saturday: '7h30–11h' }, { saturday: [{ from: '07:30', to: '11:00' }] }],
    ['Monday off', { monday: false }, { monday: [], tuesday: standard }],
    ['"nghỉ"', { friday: 'nghỉ' }, { friday: [] }],
    [
      'own hours',
      { monday: '7:30-11:30; 13:30-17:00' },
      {
        monday: [
          { from: '07:30', to: '11:30' },
          { from: '13:30', to: '17:00' },
        ],
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(workingWeek.parse(input)).toMatchObject(expected);
  });

  test.each([
    [{ saturday: '25:00-26:00' }, /không phải khoảng giờ hợp lệ/],
    [{ saturday: '11:30-7:00' }, /giờ bắt đầu phải trước giờ kết thúc/],
    [{ saturday: '13:30-17:00, 7:00-11:30' }, /ghi theo thứ tự sáng đến chiều/],
    [{ saturday: true }, /thay cho true/],
    [{ thursdy: '7:00-11:30' }, /.+/],
    [
      { monday: false, tuesday: false, wednesday: false, thursday: false, friday: false },
      /cần ít nhất một ngày làm việc trong tuần/,
    ],
  ])('%j is refused', (input, message) => {
    const result = workingWeek.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('\n')).toMatch(message);
  });
});
