/**
 * Vietnamese formatting used by pages, the Worker and printed forms.
 * Pure: no locale data beyond Intl, which browsers, Node and workerd all carry.
 */

const number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** 2000 → "2.000" */
export const formatNumber = (n: number): string => number.format(n);

const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** 0.9553 → "95,5%" */
export const formatPercent = (share: number): string => percent.format(share);

/** 4.25 → "4,3", 4 → "4" */
export const formatDecimal = (n: number): string => decimal.format(n);

/** 2000 → "2.000 đ" */
export const formatVnd = (n: number): string => `${formatNumber(n)} đ`;

/** "2025-07-01" → "01/07/2025" */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** "2025-07-01" → "Thứ Ba, 01/07/2025" */
export function formatDateWithWeekday(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const weekday = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  return `${WEEKDAYS[weekday]}, ${formatDate(iso)}`;
}

/** 0 → "Trong ngày", 3 → "3 ngày làm việc" */
export const formatWorkingDays = (days: number): string =>
  days === 0 ? 'Trong ngày' : `${days} ngày làm việc`;

/** ISO 8601 duration for schema.org processingTime: 3 → "P3D", 0 → "P0D". */
export const isoDuration = (days: number): string => `P${days}D`;

export interface FeeLike {
  amount?: number | undefined;
  unit?: string | undefined;
  tiers?: { from: number; to?: number | undefined; amount: number }[] | undefined;
  max?: { amount: number; per: string } | undefined;
  note?: string | undefined;
}

/**
 * One line describing a fee item:
 * "2.000 đ/trang (trang 1–2); 1.000 đ/trang từ trang 3; tối đa 200.000 đ/bản".
 */
export function describeFee(fee: FeeLike): string {
  const per = fee.unit ? `/${fee.unit}` : '';
  const parts: string[] = [];
  if (fee.tiers) {
    for (const tier of fee.tiers) {
      const range =
        tier.to === undefined
          ? `từ ${fee.unit ?? 'đơn vị'} thứ ${tier.from}`
          : tier.from === tier.to
            ? `${fee.unit ?? 'đơn vị'} thứ ${tier.from}`
            : `${fee.unit ?? 'đơn vị'} ${tier.from}–${tier.to}`;
      parts.push(`${formatVnd(tier.amount)}${per} (${range})`);
    }
  } else if (fee.amount !== undefined) {
    parts.push(fee.amount === 0 ? 'Miễn phí' : `${formatVnd(fee.amount)}${per}`);
  }
  if (fee.max) parts.push(`tối đa ${formatVnd(fee.max.amount)}/${fee.max.per}`);
  if (parts.length === 0 && fee.note) return fee.note;
  return parts.join('; ');
}
