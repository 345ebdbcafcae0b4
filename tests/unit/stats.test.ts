import { describe, expect, test } from 'vitest';
import { CRITERIA } from '../../src/domain/evaluation/criteria.ts';
import {
  type Counts,
  protectSmallCells,
  qd766OnTimePoints,
  summarise,
  tt01Indicators,
  zeroCounts,
} from '../../src/domain/stats/metrics.ts';
import { monthsBetween } from '../../src/domain/stats/period.ts';
import { redactPersonalData } from '../../src/domain/text/redact.ts';
import { parseStatsQuery, type StatsQueryContext } from '../../src/schemas/stats.ts';

const context: StatsQueryContext = {
  today: '2026-11-27',
  agencies: new Set(['ubnd-xa-bac-phong']),
  communes: new Set(['Bắc Phong', 'khac']),
  procedures: new Set(['1.001193']),
};

const counts = (partial: Partial<Omit<Counts, 'criteria'>>, channel = 1): Counts => ({
  ...zeroCounts(channel),
  ...partial,
});

describe('reporting periods and scopes', () => {
  test.each([
    [{}, '2026-01', '2026-12', 'Năm 2026'],
    [{ ky: 'nam', nam: '2019' }, '2019-01', '2019-12', 'Năm 2019'],
    [{ ky: 'quy', nam: '2026', quy: '3' }, '2026-07', '2026-09', 'Quý III/2026'],
    [{ ky: 'quy' }, '2026-10', '2026-12', 'Quý IV/2026'],
    [{ ky: 'thang', nam: '2025', thang: '2' }, '2025-02', '2025-02', 'Tháng 02/2025'],
    [
      { ky: 'tuy-chon', tu: '2025-11', den: '2026-02' },
      '2025-11',
      '2026-02',
      'Từ tháng 11/2025 đến tháng 02/2026',
    ],
    [{ ky: 'nam', quy: '', thang: '' }, '2026-01', '2026-12', 'Năm 2026'],
  ])('%j → %s…%s (%s)', (query, from, to, label) => {
    const parsed = parseStatsQuery(query, context);
    expect(parsed).toMatchObject({ ok: true, period: { from, to, label } });
  });

  test.each([
    ['co-quan:ubnd-xa-bac-phong', { kind: 'co-quan', agency: 'ubnd-xa-bac-phong' }],
    ['xa:Bắc Phong', { kind: 'xa', commune: 'Bắc Phong' }],
    ['thu-tuc:1.001193', { kind: 'thu-tuc', procedure: '1.001193' }],
    ['', { kind: 'dia-phuong' }],
  ])('scope %s', (value, scope) => {
    expect(parseStatsQuery({ 'pham-vi': value }, context)).toMatchObject({ ok: true, scope });
  });

  test.each([
    [{ ky: 'tuan' }, 'ky'],
    [{ nam: '2027' }, 'nam'],
    [{ ky: 'quy', quy: '5' }, 'quy'],
    [{ ky: 'thang', thang: '0' }, 'thang'],
    [{ ky: 'tuy-chon', tu: '2026-05', den: '2026-01' }, 'den'],
    [{ ky: 'tuy-chon', tu: '2010-01', den: '2026-01' }, 'tu'],
    [{ ky: 'tuy-chon', tu: '2026-1' }, 'tu'],
    [{ 'pham-vi': 'co-quan:khong-co' }, 'pham-vi'],
    [{ 'pham-vi': 'tinh:Ninh Thuận' }, 'pham-vi'],
  ])('%j is an error on %s, in Vietnamese', (query, param) => {
    const parsed = parseStatsQuery(query, context);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors.map((e) => e.path)).toContain(param);
      for (const e of parsed.errors) expect(e.message).toMatch(/[à-ỹ]/);
    }
  });

  test('months between two months, across a year', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('from counts to published figures', () => {
  test('shares, average working days and online share', () => {
    const s = summarise([
      counts(
        {
          received: 6,
          finished: 4,
          early: 1,
          onTime: 2,
          late: 1,
          resolved: 3,
          daysSum: 10,
          daysN: 3,
        },
        1,
      ),
      counts({ received: 2, finished: 1, onTime: 1, resolved: 1, daysSum: 2, daysN: 1 }, 2),
    ]);
    expect(s).toMatchObject({
      received: 8,
      receivedOnline: 2,
      onlineShare: 0.25,
      finished: 5,
      onTimeShare: 0.8,
      averageWorkingDays: 3,
      lateOnline: 0,
    });
  });

  test('nothing received: shares are null, not zero or NaN', () => {
    const s = summarise([]);
    expect(s.onlineShare).toBeNull();
    expect(s.onTimeShare).toBeNull();
    expect(s.averageWorkingDays).toBeNull();
    expect(qd766OnTimePoints(s)).toBeNull();
  });

  test('satisfaction below five evaluations is not published', () => {
    const four = counts({ evN: 4, evSatSum: 20, evSatPos: 4 });
    four.criteria.attitude = { sum: 8, n: 4 };
    expect(summarise([four]).satisfaction).toMatchObject({
      evaluations: 4,
      suppressed: true,
      average: null,
    });
    expect(summarise([four]).satisfaction.criteria.attitude).toBeNull();
    const five = counts({ evN: 5, evSatSum: 21, evSatPos: 4, evSatNeg: 1 });
    five.criteria.attitude = { sum: 9, n: 5 };
    expect(summarise([five]).satisfaction).toMatchObject({
      suppressed: false,
      average: 4.2,
      satisfiedShare: 0.8,
      dissatisfiedShare: 0.2,
    });
    expect(summarise([five]).satisfaction.criteria.attitude).toBe(1.8);
  });

  test('secondary suppression: hidden cells always add up to five or more', () => {
    const cell = (n: number) => summarise([counts({ evN: n, evSatSum: 3 * n })]);
    const total = summarise([counts({ evN: 20, evSatSum: 60 })]);
    const rows = [cell(2), cell(6), cell(12), cell(0)];
    protectSmallCells(total, rows);
    expect(rows.map((r) => r.satisfaction.suppressed)).toEqual([true, true, false, true]);
    const hidden = rows
      .filter((r) => r.satisfaction.suppressed)
      .reduce((n, r) => n + r.satisfaction.evaluations, 0);
    expect(hidden).toBeGreaterThanOrEqual(5);
    // Nothing hidden: nothing more to hide.
    const plenty = [cell(6), cell(7)];
    protectSmallCells(total, plenty);
    expect(plenty.map((r) => r.satisfaction.suppressed)).toEqual([false, false]);
  });

  test('QĐ 766 on-time points: 20 × share of dossiers ended before or on the due date', () => {
    const s = summarise([counts({ finished: 8, early: 5, onTime: 1, late: 2 })]);
    expect(qd766OnTimePoints(s)).toBe(15);
    const all = summarise([counts({ finished: 1510, onTime: 1510 })]);
    expect(qd766OnTimePoints(all)).toBe(20);
  });

  test('TT 01/2018 indicators: per-dossier time score, online services rule, the rest honest', () => {
    const s = summarise([
      counts({ received: 7, finished: 4, early: 2, onTime: 1, late: 1 }, 1),
      counts({ received: 3 }, 2),
    ]);
    const list = tt01Indicators(s, { procedures: 10, proceduresOnline: 3 });
    expect(list.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(list[0]?.score).toBe(1.3); // (2·2 + 1·1 + 0·1) / 4 = 1.25 → 1.3
    expect(list[8]?.score).toBe(2); // 30 % online, 30 % of procedures online, none late
    const late = summarise([
      counts({ received: 3, finished: 1, late: 1 }, 2),
      counts({ received: 7 }, 1),
    ]);
    expect(tt01Indicators(late, { procedures: 10, proceduresOnline: 3 })[8]?.score).toBe(0);
    for (const n of [2, 5, 6, 8]) {
      const i = list.find((x) => x.number === n);
      expect(i?.score).toBeNull();
      expect(i?.note).toMatch(/^Chưa tính/);
    }
  });

  test('every criterion has a question and scores from 2 down', () => {
    expect(CRITERIA.length).toBe(7);
  });
});

describe('personal data in free text', () => {
  test.each([
    ['Gọi tôi 0912 345 678 nhé', 'Gọi tôi [đã ẩn] nhé'],
    ['+84 912.345.678', '[đã ẩn]'],
    ['CCCD 058185001234', 'CCCD [đã ẩn]'],
    ['Mã 000.21.27.H43-251103-0007 chưa xong', 'Mã [đã ẩn] chưa xong'],
    ['thư: ten.ho@gmail.com.', 'thư: [đã ẩn]'],
    ['Phí 200.000 đ là sai, đúng là 8.000 đồng', 'Phí 200.000 đ là sai, đúng là 8.000 đồng'],
    ['Nộp ngày 12/3/2026, trang 3', 'Nộp ngày 12/3/2026, trang 3'],
  ])('%s → %s', (input, output) => {
    expect(redactPersonalData(input)).toBe(output);
  });
});
