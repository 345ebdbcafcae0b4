/**
 * Reporting periods. Statistics are kept per calendar month (Vietnam time), so every
 * period is a range of whole months: a month, a quarter, a year, or a custom range
 * "từ tháng … đến tháng …" (the way one-stop reports are cut).
 */

export const PERIOD_KINDS = ['thang', 'quy', 'nam', 'tuy-chon'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = {
  thang: 'Tháng',
  quy: 'Quý',
  nam: 'Năm',
  'tuy-chon': 'Tùy chọn (từ tháng … đến tháng …)',
};

/** The longest custom range, in months (ten years). */
export const MAX_MONTHS = 120;

export interface Period {
  kind: PeriodKind;
  /** First and last month, YYYY-MM, inclusive. */
  from: string;
  to: string;
  /** "Tháng 10/2026", "Quý III/2026", "Năm 2026", "Từ tháng 01/2025 đến tháng 06/2026". */
  label: string;
}

const ROMAN = ['I', 'II', 'III', 'IV'] as const;
const pad = (n: number) => String(n).padStart(2, '0');
export const monthKey = (year: number, month: number): string => `${year}-${pad(month)}`;

/** "2026-03" → "03/2026" */
export const formatMonth = (key: string): string => `${key.slice(5, 7)}/${key.slice(0, 4)}`;
/** "2026-03" → "T3/2026", for chart axes. */
export const shortMonth = (key: string): string => `T${Number(key.slice(5, 7))}/${key.slice(0, 4)}`;

/** Every month from `from` to `to` inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  while (monthKey(year, month) <= to && out.length <= MAX_MONTHS) {
    out.push(monthKey(year, month));
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}

export function monthPeriod(year: number, month: number): Period {
  const key = monthKey(year, month);
  return { kind: 'thang', from: key, to: key, label: `Tháng ${formatMonth(key)}` };
}

export function quarterPeriod(year: number, quarter: 1 | 2 | 3 | 4): Period {
  return {
    kind: 'quy',
    from: monthKey(year, quarter * 3 - 2),
    to: monthKey(year, quarter * 3),
    label: `Quý ${ROMAN[quarter - 1]}/${year}`,
  };
}

export function yearPeriod(year: number): Period {
  return { kind: 'nam', from: monthKey(year, 1), to: monthKey(year, 12), label: `Năm ${year}` };
}

export function customPeriod(from: string, to: string): Period {
  return {
    kind: 'tuy-chon',
    from,
    to,
    label:
      from === to
        ? `Tháng ${formatMonth(from)}`
        : `Từ tháng ${formatMonth(from)} đến tháng ${formatMonth(to)}`,
  };
}

/** The month a day (YYYY-MM-DD) falls in, and its quarter. */
export const monthOf = (day: string): string => day.slice(0, 7);
export const quarterOf = (day: string): 1 | 2 | 3 | 4 =>
  (Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1) as 1 | 2 | 3 | 4;
