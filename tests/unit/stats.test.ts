import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CRITERIA } from '../../src/domain/evaluation/criteria.ts';
import {
  type Counts,
  protectSmallCells,
  onTimePoints,
  summarise,
  zeroCounts,
} from '../../src/domain/stats/metrics.ts';
import { frameworkReport } from '../../src/domain/stats/indicators.ts';
import { indicatorFrameworkFile } from '../../src/schemas/indicators.ts';
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
      digitised: 0,
    });
  });

  test('nothing received: shares are null, not zero or NaN', () => {
    const s = summarise([]);
    expect(s.onlineShare).toBeNull();
    expect(s.onTimeShare).toBeNull();
    expect(s.averageWorkingDays).toBeNull();
    expect(onTimePoints(s.early + s.onTime, s.finished, 20)).toBeNull();
    expect(s.digitisedShare).toBeNull();
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

  test('on-time points: the maximum × share of dossiers ended before or on the due date', () => {
    const s = summarise([counts({ finished: 8, early: 5, onTime: 1, late: 2 })]);
    expect(onTimePoints(s.early + s.onTime, s.finished, 20)).toBe(15);
    const all = summarise([counts({ finished: 1510, onTime: 1510 })]);
    expect(onTimePoints(all.early + all.onTime, all.finished, 20)).toBe(20);
  });

  const framework = indicatorFrameworkFile.parse({
    name: 'Bộ chỉ số',
    basis: 'Văn bản X',
    groups: [
      { key: 'tien-do', title: 'Tiến độ', maxPoints: 20 },
      { key: 'truc-tuyen', title: 'Trực tuyến', maxPoints: 12 },
      { key: 'so-hoa', title: 'Số hóa', maxPoints: 22 },
      { key: 'thanh-toan', title: 'Thanh toán', maxPoints: 10 },
      { key: 'cong-khai', title: 'Công khai', maxPoints: 18 },
      { key: 'hai-long', title: 'Hài lòng', maxPoints: 18 },
    ],
  });

  test('indicator groups: computed shares with their counts, the rest named as not computable', () => {
    const s = summarise([
      counts(
        { received: 7, finished: 4, early: 2, onTime: 1, late: 1, resolved: 4, digitised: 2 },
        1,
      ),
      counts({ received: 3, digitised: 3 }, 2),
    ]);
    const report = frameworkReport(framework, s, {
      procedures: { total: 10, fullOnline: 3, partOnline: 5 },
      onlineByLevel: { full: 2, part: 1 },
      electronicResults: 3,
    });
    expect(report.groups.map((g) => g.key)).toEqual([
      'tien-do',
      'truc-tuyen',
      'so-hoa',
      'thanh-toan',
      'cong-khai',
      'hai-long',
    ]);
    const [time, online, digital, payment, publicity, satisfaction] = report.groups;
    expect(time?.figures[0]).toMatchObject({ value: 0.75, part: 3, whole: 4 });
    expect(time?.points?.value).toBe(15);
    expect(online?.figures.map((f) => f.value)).toEqual([0.3, 0.5, 0.3, 0.6667]);
    expect(digital?.figures[0]).toMatchObject({ value: 0.5, part: 5, whole: 10 });
    // Results issued as signed PDFs, of the dossiers resolved with a result.
    expect(digital?.figures[1]).toMatchObject({ value: 0.75, part: 3, whole: 4 });
    for (const g of [payment, publicity]) {
      expect(g?.figures).toEqual([]);
      expect(g?.notComputed).toMatch(/^Chưa tính được: /);
      expect(g?.points).toBeUndefined();
    }
    // Fewer than five evaluations: nothing published.
    expect(satisfaction?.figures.map((f) => f.value)).toEqual([null, null]);
    expect(satisfaction?.figures[0]?.note).toMatch(/^Chưa công bố/);
    // Only the on-time group is scored.
    expect(report.groups.filter((g) => g.points).map((g) => g.key)).toEqual(['tien-do']);
  });

  test('a dossier sent back for papers twice counts as late in the framework when it says so, and only there', () => {
    // 4 ended: 2 early, 1 on time (of which 1 after two supplement requests), 1 late.
    const s = summarise([counts({ finished: 4, early: 2, onTime: 1, late: 1, resupplied: 1 })]);
    expect(s.onTimeShare).toBe(0.75); // the key figures compare dates only
    const ctx = {
      procedures: { total: 1, fullOnline: 0, partOnline: 0 },
      onlineByLevel: null,
      electronicResults: 0,
    };
    const strict = frameworkReport({ ...framework, repeatedSupplementIsLate: true }, s, ctx);
    const time = strict.groups.find((g) => g.key === 'tien-do');
    expect(time?.figures[0]).toMatchObject({ value: 0.5, part: 2, whole: 4 });
    expect(time?.figures[1]).toMatchObject({ value: 0.25, part: 1, whole: 4 });
    expect(time?.points?.value).toBe(10);
    const plain = frameworkReport(framework, s, ctx).groups.find((g) => g.key === 'tien-do');
    expect(plain?.figures[0]).toMatchObject({ value: 0.75, part: 3 });
    const doc = readFileSync(new URL('../../docs/chi-so-thong-ke.md', import.meta.url), 'utf8');
    for (const f of time?.figures ?? []) expect(doc).toContain(f.formula);
  });

  test("a commune's applicants: the online split is named as not available, not zero", () => {
    const s = summarise([counts({ received: 4 }, 2)]);
    const online = frameworkReport(framework, s, {
      procedures: { total: 1, fullOnline: 1, partOnline: 0 },
      onlineByLevel: null,
      electronicResults: 0,
    }).groups.find((g) => g.key === 'truc-tuyen');
    expect(online?.figures[3]).toMatchObject({ value: null });
    expect(online?.figures[3]?.note).toMatch(/^Chưa tách được/);
  });

  test('every formula and every reason the page shows is written in docs/chi-so-thong-ke.md', () => {
    const doc = readFileSync(new URL('../../docs/chi-so-thong-ke.md', import.meta.url), 'utf8');
    const s = summarise([counts({ received: 2, finished: 1, onTime: 1 }, 2)]);
    for (const onlineByLevel of [{ full: 1, part: 0 }, null]) {
      const report = frameworkReport(framework, s, {
        procedures: { total: 2, fullOnline: 1, partOnline: 1 },
        onlineByLevel,
        electronicResults: 0,
      });
      for (const g of report.groups) {
        if (g.notComputed) expect(doc, g.key).toContain(g.notComputed);
        for (const f of g.figures) {
          expect(doc, f.label).toContain(f.formula);
          if (f.note?.startsWith('Chưa tính được') || f.note?.startsWith('Chưa tách được'))
            expect(doc, f.label).toContain(f.note.replace(/^Chưa tách được[^:]*: /, ''));
        }
      }
    }
  });

  test('a framework naming a group twice is refused, naming the entry', () => {
    const result = indicatorFrameworkFile.safeParse({
      name: 'X',
      basis: 'Y',
      groups: [
        { key: 'tien-do', title: 'A', maxPoints: 1 },
        { key: 'tien-do', title: 'B', maxPoints: 1 },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['groups', 1, 'key']);
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
