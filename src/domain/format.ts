/**
 * Vietnamese formatting used by pages, the Worker and printed forms.
 * Pure: no locale data beyond Intl, which browsers, Node and workerd all carry.
 */
import { VIETNAM_OFFSET_MS } from './calendar/dates.ts';

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

/**
 * An instant (ISO 8601 with `Z` or an offset) as an officer reads it, in Vietnam time:
 * "2026-12-05T16:36:42Z" and "2026-12-05T23:36:42+07:00" → "05/12/2026 23:36". Text that
 * is not an instant comes back as it is.
 */
export function formatDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + VIETNAM_OFFSET_MS).toISOString();
  return `${formatDate(local)} ${local.slice(11, 16)}`;
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

/** A time limit in working hours: 4 → "4 giờ làm việc". */
export const formatWorkingHours = (hours: number): string => `${hours} giờ làm việc`;

/** A procedure's or channel's time limit as the page says it: in hours when counted in hours. */
export const formatTimeLimit = (time: { days: number; hours?: number | undefined }): string =>
  time.hours !== undefined ? formatWorkingHours(time.hours) : formatWorkingDays(time.days);

/** An appointment hour "HH:MM" as printed on the forms: "16:00" → "16 giờ 00". */
export const formatHour = (hhmm: string): string => {
  const [h, m] = hhmm.split(':');
  return `${h} giờ ${m}`;
};

/** ISO 8601 duration for schema.org processingTime: 3 → "P3D", 0 → "P0D"; 4 hours → "PT4H". */
export const isoDuration = (days: number, hours?: number): string =>
  hours !== undefined ? `PT${hours}H` : `P${days}D`;

export interface FeeLike {
  /** The case the fee applies to, e.g. "Đăng ký quá hạn". */
  case?: string | undefined;
  exempt?: boolean | undefined;
  setBy?: 'hdnd-tinh' | 'trung-uong' | undefined;
  amount?: number | undefined;
  unit?: string | undefined;
  tiers?: { from: number; to?: number | undefined; amount: number }[] | undefined;
  max?: { amount: number; per: string } | undefined;
  note?: string | undefined;
}

/**
 * The short answer to "how much?" at the top of a procedure page, from its fee items:
 * "Không mất phí"; the one item's own line; "Miễn khi …; có thu trong trường hợp khác";
 * otherwise the range of known amounts. Every answer with several cases sends the reader
 * to the full table (`more` is that pointer, e.g. "xem mục Phí, lệ phí").
 */
export function feeSummary(fees: readonly FeeLike[], more: string): string {
  if (fees.length === 0) return 'Không mất phí';
  if (fees.length === 1 && fees[0]) return describeFee(fees[0]);
  const lower = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
  const exempt = fees.filter((f) => f.exempt);
  const charged = fees.filter((f) => !f.exempt);
  if (charged.length === 0) return 'Miễn';
  const amounts = charged.flatMap((f) =>
    f.tiers ? f.tiers.map((t) => t.amount) : f.amount !== undefined ? [f.amount] : [],
  );
  const known = amounts.length > 0 && charged.every((f) => f.tiers || f.amount !== undefined);
  const min = Math.min(...amounts);
  const max = Math.max(...amounts);
  const howMuch = known
    ? min === max
      ? formatVnd(min)
      : `từ ${formatVnd(min)} đến ${formatVnd(max)}`
    : 'tùy trường hợp';
  if (exempt.length > 0) {
    const when = exempt.map((f) => (f.case ? lower(f.case) : '')).filter(Boolean);
    return `Miễn${when.length > 0 ? ` khi ${when.join('; ')}` : ''}; trường hợp khác có thu (${howMuch}, ${more})`;
  }
  return `Có thu, ${howMuch} (${more})`;
}

/**
 * One line describing a fee item:
 * "2.000 đ/trang (trang 1–2); 1.000 đ/trang từ trang 3; tối đa 200.000 đ/bản";
 * "Miễn" for an exempt case; "Mức thu do HĐND tỉnh quy định; chưa xác nhận" when the
 * amount is set elsewhere and not yet confirmed (never a guessed number).
 */
export const FEE_SETTER_NAMES: Record<NonNullable<FeeLike['setBy']>, string> = {
  'hdnd-tinh': 'HĐND tỉnh',
  'trung-uong': 'Bộ Tài chính',
};

export function describeFee(fee: FeeLike): string {
  if (fee.exempt) return 'Miễn';
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
  if (parts.length === 0 && fee.setBy) {
    return `Mức thu do ${FEE_SETTER_NAMES[fee.setBy]} quy định; chưa xác nhận`;
  }
  if (parts.length === 0 && fee.note) return fee.note;
  return parts.join('; ');
}

/**
 * Where to get a form the procedure names, when there is no file to download:
 * "Mẫu ban hành kèm theo Thông tư 04/2024/TT-BTP. Nhận mẫu tại nơi nộp hồ sơ."
 * Undefined when the file is published (the page links to it). Never a home-made copy.
 */
export function formAvailability(form: {
  file?: string | undefined;
  source?: string | undefined;
}): string | undefined {
  if (form.file) return undefined;
  const issued = form.source ? `Mẫu ban hành kèm theo ${form.source}. ` : '';
  return `${issued}Nhận mẫu tại nơi nộp hồ sơ.`;
}

/** One row of the fee table on a procedure page: what, in which case, how much. */
export interface FeeRow {
  name: string;
  /** Undefined when no fee of the procedure names a case (the column is left out). */
  case: string | undefined;
  amount: string;
  /** The note, when it says more than the amount column. */
  note: string | undefined;
}

/** The rows of a procedure's fee table; empty when the procedure charges nothing. */
export function feeRows(fees: readonly (FeeLike & { name: string })[]): FeeRow[] {
  const withCases = fees.some((f) => f.case);
  return fees.map((f) => {
    const amount = describeFee(f);
    return {
      name: f.name,
      case: withCases ? (f.case ?? 'Mọi trường hợp') : undefined,
      amount,
      note: f.note && f.note !== amount ? f.note : undefined,
    };
  });
}
