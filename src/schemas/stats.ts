import { z } from 'zod';
import { type Problem, problemsOf } from '../domain/errors.ts';
import {
  customPeriod,
  MAX_MONTHS,
  monthPeriod,
  monthsBetween,
  PERIOD_KINDS,
  type Period,
  quarterOf,
  quarterPeriod,
  yearPeriod,
} from '../domain/stats/period.ts';

/**
 * The query of /thong-ke, /thong-ke.csv and GET /api/stats (the same parameters for
 * all three): a period and a scope.
 *
 *   ky=nam&nam=2026 · ky=quy&nam=2026&quy=3 · ky=thang&nam=2026&thang=10 ·
 *   ky=tuy-chon&tu=2025-01&den=2026-06
 *   pham-vi= (whole locality) · co-quan:<agency slug> · xa:<commune> · thu-tuc:<procedure code>
 */

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

const integer = (title: string, min: number, max: number, message: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: message })
      .int({ error: message })
      .min(min, { error: message })
      .max(max, { error: message })
      .optional()
      .meta({ title }),
  );

const month = (title: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(MONTH_RE, { error: 'tháng viết dạng YYYY-MM, ví dụ 2026-03' })
      .optional()
      .meta({ title }),
  );

export const statsQuery = z.object({
  ky: z.preprocess(
    blankToUndefined,
    z
      .enum(PERIOD_KINDS, { error: `kỳ báo cáo chỉ nhận: ${PERIOD_KINDS.join(', ')}` })
      .default('nam')
      .meta({ title: 'Kỳ báo cáo' }),
  ),
  nam: integer('Năm', 2000, 2100, 'năm là số từ 2000 đến 2100'),
  quy: integer('Quý', 1, 4, 'quý là số từ 1 đến 4'),
  thang: integer('Tháng', 1, 12, 'tháng là số từ 1 đến 12'),
  tu: month('Từ tháng'),
  den: month('Đến tháng'),
  'pham-vi': z.preprocess(
    blankToUndefined,
    z.string().max(200, { error: 'phạm vi quá dài' }).optional().meta({ title: 'Phạm vi' }),
  ),
});

/**
 * The same parameters as typed, each cut to 200 characters and never an error: what
 * the form shows again next to the errors of `parseStatsQuery`.
 */
const asTyped = z
  .string()
  .optional()
  .transform((v) => v?.slice(0, 200));
export const statsQueryAsTyped = z.object({
  ky: asTyped,
  nam: asTyped,
  quy: asTyped,
  thang: asTyped,
  tu: asTyped,
  den: asTyped,
  'pham-vi': asTyped,
});

export type Scope =
  | { kind: 'dia-phuong' }
  | { kind: 'co-quan'; agency: string }
  | { kind: 'xa'; commune: string }
  | { kind: 'thu-tuc'; procedure: string };

/** The value of `pham-vi` for a scope (the inverse of parsing). */
export function scopeParam(scope: Scope): string {
  switch (scope.kind) {
    case 'dia-phuong':
      return '';
    case 'co-quan':
      return `co-quan:${scope.agency}`;
    case 'xa':
      return `xa:${scope.commune}`;
    case 'thu-tuc':
      return `thu-tuc:${scope.procedure}`;
  }
}

export interface StatsQueryContext {
  /** Today in Vietnam, YYYY-MM-DD. */
  today: string;
  agencies: ReadonlySet<string>;
  communes: ReadonlySet<string>;
  procedures: ReadonlySet<string>;
}

/** A wrong parameter: `path` is its name (`nam`, `pham-vi`), as every request error (src/domain/errors.ts). */
export type StatsQueryError = Problem;

export type ParsedStatsQuery =
  | { ok: true; period: Period; scope: Scope }
  | { ok: false; errors: StatsQueryError[] };

/**
 * Reads a query string into a period and a scope. Missing parts default to the
 * current year, quarter or month; wrong values are errors naming the parameter.
 */
export function parseStatsQuery(
  raw: Record<string, string | undefined>,
  context: StatsQueryContext,
): ParsedStatsQuery {
  const parsed = statsQuery.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: problemsOf(parsed.error).map((p) => ({ ...p, path: p.path || 'ky' })),
    };
  }
  const q = parsed.data;
  const errors: StatsQueryError[] = [];
  const thisYear = Number(context.today.slice(0, 4));
  const year = q.nam ?? thisYear;
  if (year > thisYear) errors.push({ path: 'nam', message: `chưa có số liệu của năm ${year}` });

  let period: Period;
  switch (q.ky) {
    case 'thang':
      period = monthPeriod(year, q.thang ?? Number(context.today.slice(5, 7)));
      break;
    case 'quy':
      period = quarterPeriod(year, (q.quy ?? quarterOf(context.today)) as 1 | 2 | 3 | 4);
      break;
    case 'nam':
      period = yearPeriod(year);
      break;
    default: {
      const from = q.tu ?? `${thisYear}-01`;
      const to = q.den ?? context.today.slice(0, 7);
      if (from > to) {
        errors.push({
          path: 'den',
          message: `tháng kết thúc (${to}) phải sau hoặc bằng tháng bắt đầu (${from})`,
        });
      } else if (monthsBetween(from, to).length > MAX_MONTHS) {
        errors.push({ path: 'tu', message: `khoảng thời gian dài nhất là ${MAX_MONTHS} tháng` });
      }
      if (Number(from.slice(0, 4)) < 2000)
        errors.push({ path: 'tu', message: 'chỉ có số liệu từ năm 2000' });
      period = customPeriod(from, to);
    }
  }

  let scope: Scope = { kind: 'dia-phuong' };
  const value = q['pham-vi'];
  if (value && value !== 'dia-phuong') {
    const colon = value.indexOf(':');
    const kind = colon > 0 ? value.slice(0, colon) : '';
    const key = value.slice(colon + 1);
    if (kind === 'co-quan' && context.agencies.has(key)) scope = { kind, agency: key };
    else if (kind === 'xa' && context.communes.has(key)) scope = { kind, commune: key };
    else if (kind === 'thu-tuc' && context.procedures.has(key)) scope = { kind, procedure: key };
    else
      errors.push({
        path: 'pham-vi',
        message:
          kind === 'co-quan' || kind === 'xa' || kind === 'thu-tuc'
            ? `không có ${kind === 'co-quan' ? 'cơ quan' : kind === 'xa' ? 'xã' : 'thủ tục'} "${key}" trong danh mục`
            : 'phạm vi viết dạng co-quan:<tên tệp cơ quan>, xa:<tên xã> hoặc thu-tuc:<mã thủ tục>',
      });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, period, scope };
}
