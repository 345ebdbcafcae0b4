import { CRITERIA, CRITERIA_DEFINITIONS } from '../evaluation/criteria.ts';
import { formatDecimal, formatNumber } from '../format.ts';
import {
  SUMMARY_COLUMNS,
  showDecimal,
  showFigure,
  showInteger,
  showOutOf5,
  showPercent,
} from './columns.ts';
import type { FrameworkReport } from './indicators.ts';
import type { Summary } from './metrics.ts';

/**
 * The statistics page as rows of one long table, for the CSV download. Each row names
 * the table on the page, the row label and the column, then the value twice: as a plain
 * number (decimal point, for programs) and as the page shows it (vi-VN).
 */

export const EXPORT_HEADER = [
  'bang',
  'dong',
  'chi_so',
  'ten_chi_so',
  'gia_tri',
  'hien_thi',
] as const;
export type ExportRow = [string, string, string, string, number | string | null, string];

/** The parts of a statistics report the export reads (functions/services/stats.ts). */
export interface ExportableReport {
  period: { label: string };
  scope: { label: string };
  totals: Summary;
  months: { label: string; summary: Summary }[];
  breakdown: { title: string; rows: { label: string; summary: Summary }[] } | null;
  open: { inProgress: number; waitingForCitizen: number; overdue: number; asOf: string };
  framework: FrameworkReport | null;
  reported: {
    year: number;
    area?: string | undefined;
    figure: {
      received?: number | undefined;
      resolved?: number | undefined;
      resolvedOnTime?: number | undefined;
      resolvedLate?: number | undefined;
      satisfaction?: { score: number; max: number } | undefined;
    };
  }[];
}

function summaryRows(table: string, label: string, s: Summary): ExportRow[] {
  return SUMMARY_COLUMNS.map((c) => {
    const value = c.value(s);
    return [table, label, c.key, c.label, value, c.show(value)];
  });
}

export function exportRows(r: ExportableReport): ExportRow[] {
  const rows: ExportRow[] = [];
  const scope = `${r.scope.label} · ${r.period.label}`;
  rows.push(...summaryRows('Tổng hợp', scope, r.totals));
  const s = r.totals.satisfaction;
  rows.push(
    [
      'Tổng hợp',
      scope,
      'onlineShare',
      'Tỷ lệ nộp trực tuyến',
      r.totals.onlineShare,
      showPercent(r.totals.onlineShare),
    ],
    [
      'Tổng hợp',
      scope,
      'satisfiedShare',
      'Tỷ lệ hài lòng trở lên',
      s.satisfiedShare,
      showPercent(s.satisfiedShare),
    ],
    [
      'Tổng hợp',
      scope,
      'dissatisfiedShare',
      'Tỷ lệ không hài lòng trở xuống',
      s.dissatisfiedShare,
      showPercent(s.dissatisfiedShare),
    ],
    [
      'Đang giải quyết',
      r.open.asOf,
      'inProgress',
      'Đang giải quyết hôm nay',
      r.open.inProgress,
      showInteger(r.open.inProgress),
    ],
    [
      'Đang giải quyết',
      r.open.asOf,
      'overdue',
      'Đã quá hạn',
      r.open.overdue,
      showInteger(r.open.overdue),
    ],
    [
      'Đang giải quyết',
      r.open.asOf,
      'waitingForCitizen',
      'Chờ người dân bổ sung hoặc nộp phí',
      r.open.waitingForCitizen,
      showInteger(r.open.waitingForCitizen),
    ],
  );
  for (const m of r.months) rows.push(...summaryRows('Theo tháng', m.label, m.summary));
  if (r.breakdown) {
    for (const b of r.breakdown.rows)
      rows.push(...summaryRows(r.breakdown.title, b.label, b.summary));
  }
  if (!s.suppressed) {
    rows.push([
      'Đánh giá của người dân',
      scope,
      'satisfaction',
      'Điểm hài lòng trung bình',
      s.average,
      showOutOf5(s.average),
    ]);
    for (const k of CRITERIA) {
      const value = s.criteria[k];
      rows.push([
        'Đánh giá của người dân',
        CRITERIA_DEFINITIONS[k].label,
        `criteria.${k}`,
        'Điểm trung bình (tối đa 2)',
        value,
        showDecimal(value),
      ]);
    }
  }
  if (r.framework) {
    const table = `Bộ chỉ số (${r.framework.basis})`;
    for (const g of r.framework.groups) {
      if (g.notComputed) {
        rows.push([table, g.title, `chiSo.${g.key}`, g.notComputed, null, showFigure(null)]);
        continue;
      }
      g.figures.forEach((f, i) => {
        rows.push([table, g.title, `chiSo.${g.key}.${i + 1}`, f.label, f.value, showFigure(f)]);
      });
      if (g.points) {
        const p = g.points.value;
        rows.push([
          table,
          g.title,
          `chiSo.${g.key}.diem`,
          `Điểm tạm tính (tối đa ${g.maxPoints})`,
          p,
          p === null ? showDecimal(null) : `${formatDecimal(p)}/${g.maxPoints}`,
        ]);
      }
    }
  }
  for (const rep of r.reported) {
    const label = `Năm ${rep.year}${rep.area ? `, ${rep.area}` : ''} (số liệu báo cáo, không tính từ hồ sơ)`;
    const f = rep.figure;
    const add = (key: string, name: string, value: number | undefined) => {
      if (value !== undefined)
        rows.push(['Số liệu báo cáo', label, key, name, value, formatNumber(value)]);
    };
    add('reported.received', 'Hồ sơ tiếp nhận', f.received);
    add('reported.resolved', 'Đã giải quyết', f.resolved);
    add('reported.resolvedOnTime', 'Giải quyết trước hạn và đúng hạn', f.resolvedOnTime);
    add('reported.resolvedLate', 'Giải quyết quá hạn', f.resolvedLate);
    if (f.satisfaction) {
      rows.push([
        'Số liệu báo cáo',
        label,
        'reported.satisfaction',
        'Mức độ hài lòng',
        f.satisfaction.score,
        `${formatDecimal(f.satisfaction.score)}/${formatDecimal(f.satisfaction.max)}`,
      ]);
    }
  }
  return rows;
}
