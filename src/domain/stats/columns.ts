import { formatDecimal, formatNumber, formatPercent } from '../format.ts';
import type { IndicatorFigure } from './indicators.ts';
import type { Summary } from './metrics.ts';

/**
 * The columns of every statistics table, shared by the page and the CSV download so
 * that the file holds exactly the numbers the page shows.
 */
export interface SummaryColumn {
  key: string;
  label: string;
  value: (s: Summary) => number | null;
  /** How the page writes the value (vi-VN). */
  show: (n: number | null) => string;
}

export const DASH = '—';
const integer = (n: number | null) => (n === null ? DASH : formatNumber(n));
const percent = (n: number | null) => (n === null ? DASH : formatPercent(n));
const decimal = (n: number | null) => (n === null ? DASH : formatDecimal(n));
const outOf5 = (n: number | null) => (n === null ? DASH : `${formatDecimal(n)}/5`);

export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  { key: 'received', label: 'Nhận', value: (s) => s.received, show: integer },
  {
    key: 'receivedOnline',
    label: 'Trong đó trực tuyến',
    value: (s) => s.receivedOnline,
    show: integer,
  },
  { key: 'finished', label: 'Đã giải quyết', value: (s) => s.finished, show: integer },
  { key: 'early', label: 'Trước hạn', value: (s) => s.early, show: integer },
  { key: 'onTime', label: 'Đúng hạn', value: (s) => s.onTime, show: integer },
  { key: 'late', label: 'Quá hạn', value: (s) => s.late, show: integer },
  {
    key: 'onTimeShare',
    label: 'Tỷ lệ trước và đúng hạn',
    value: (s) => s.onTimeShare,
    show: percent,
  },
  {
    key: 'averageWorkingDays',
    label: 'Thời gian trung bình (ngày làm việc)',
    value: (s) => s.averageWorkingDays,
    show: decimal,
  },
  {
    key: 'evaluations',
    label: 'Lượt đánh giá',
    value: (s) => s.satisfaction.evaluations,
    show: integer,
  },
  {
    key: 'satisfaction',
    label: 'Hài lòng (điểm trên 5)',
    value: (s) => s.satisfaction.average,
    show: outOf5,
  },
];

export const showInteger = integer;
export const showPercent = percent;
export const showDecimal = decimal;
export const showOutOf5 = outOf5;

/** A framework figure as the page writes it: a percentage, or a mean out of 5. */
export function showFigure(f: Pick<IndicatorFigure, 'kind' | 'value'> | null): string {
  if (!f) return percent(null);
  return f.kind === 'score5' ? outOf5(f.value) : percent(f.value);
}
