import { z } from 'zod';
import { isRealDate, VIETNAM_OFFSET_MS } from '../domain/calendar/dates.ts';
import { isSupportedYear, MAX_YEAR, MIN_YEAR } from '../domain/calendar/lunar.ts';
import { MAX_WORKING_HOURS } from '../domain/calendar/working-hours.ts';
import { SEARCH_FIELDS } from '../domain/search/fields.ts';
import { PROCEDURE_CODE_RE } from './procedure.ts';
import { CHANNELS, FEE_SETTERS, LEVELS, ONLINE_LEVELS, STATUSES } from './procedure.ts';
import { SLUG_RE } from './common.ts';

/**
 * Request and response schemas of the public JSON API. The Worker validates
 * with them and the tests check responses against them (one definition).
 */

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  db: z.object({ ok: z.boolean(), latencyMs: z.number(), migrations: z.number().int() }),
});

const slugParam = (what: string) =>
  z.string().regex(SLUG_RE, { error: `${what} phải là mã không dấu, ví dụ "ho-tich"` });

const searchText = z
  .string()
  .trim()
  .max(200, { error: 'từ khóa tìm kiếm dài quá 200 ký tự' })
  .transform((q) => q.normalize('NFC'));

/** Query of `GET /api/procedures`. With `q`, items come ranked best first. */
export const procedureListQuery = z.strictObject({
  q: searchText.optional(),
  field: slugParam('field').optional(),
  agency: slugParam('agency').optional(),
  level: z.enum(LEVELS, { error: `level chỉ nhận: ${LEVELS.join(', ')}` }).optional(),
  online: z
    .enum([...ONLINE_LEVELS, 'co'] as const, {
      error: `online chỉ nhận: ${[...ONLINE_LEVELS, 'co'].join(', ')} (co = mọi mức trực tuyến)`,
    })
    .optional(),
  status: z.enum(STATUSES, { error: `status chỉ nhận: ${STATUSES.join(', ')}` }).optional(),
  limit: z.coerce
    .number({ error: 'limit phải là số' })
    .int({ error: 'limit phải là số nguyên' })
    .min(1, { error: 'limit tối thiểu là 1' })
    .max(500, { error: 'limit tối đa là 500' })
    .default(100),
  offset: z.coerce
    .number({ error: 'offset phải là số' })
    .int({ error: 'offset phải là số nguyên' })
    .min(0, { error: 'offset không được âm' })
    .default(0),
});

export const procedureCodeParam = z
  .string()
  .regex(PROCEDURE_CODE_RE, { error: 'mã thủ tục có dạng 1.001193' });

const ref = z.object({ slug: z.string(), name: z.string() });

export const procedureListItem = z.object({
  code: z.string(),
  slug: z.string(),
  title: z.string(),
  field: ref,
  agencies: z.array(ref),
  level: z.enum(LEVELS),
  online: z.enum(ONLINE_LEVELS),
  status: z.enum(STATUSES),
  processingDays: z.number().int(),
  url: z.string(),
});

/** A list item; with a search query it also carries its score and the fields that matched. */
export const procedureListEntry = procedureListItem.extend({
  score: z.number().optional(),
  matched: z.array(z.enum(SEARCH_FIELDS)).optional(),
});

export const procedureListResponse = z.object({
  q: z.string().optional(),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  items: z.array(procedureListEntry),
});

/** Query of the search page `/tim-kiem` (and its instant-search fragment). */
export const searchPageQuery = z.strictObject({
  q: searchText.default(''),
  field: slugParam('field').or(z.literal('')).optional(),
  level: z
    .enum(LEVELS, { error: `cấp thực hiện chỉ nhận: ${LEVELS.join(', ')}` })
    .or(z.literal(''))
    .optional(),
  online: z.enum(['co', ''], { error: 'online chỉ nhận "co"' }).optional(),
  agency: slugParam('agency').or(z.literal('')).optional(),
  trang: z.coerce.number({ error: 'trang phải là số' }).int().min(1).max(1000).default(1),
  khung: z.enum(['1'], { error: 'khung chỉ nhận 1' }).optional(),
});
export type SearchPageQuery = z.output<typeof searchPageQuery>;

/** The full record: every field of the procedure file plus its page URL. */
export const procedureRecord = procedureListItem.extend({
  summary: z.string().optional(),
  competentAuthority: z.string().optional(),
  procedureType: z.string().optional(),
  steps: z.array(z.string()),
  channels: z.array(
    z.object({
      type: z.enum(CHANNELS),
      processingDays: z.number().int(),
      timeNote: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
  time: z.object({
    days: z.number().int(),
    hours: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Thời hạn bằng giờ làm việc, khi thủ tục tính bằng giờ (days là 0)' }),
    note: z.string().optional(),
  }),
  documents: z.array(
    z.object({
      name: z.string(),
      originals: z.number().int(),
      copies: z.number().int(),
      form: z.string().optional(),
      condition: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
  sets: z.number().int(),
  applicants: z.array(z.string()),
  result: z.array(z.string()),
  fees: z.array(
    z.object({
      name: z.string(),
      case: z.string().optional(),
      exempt: z.boolean().optional(),
      setBy: z.enum(FEE_SETTERS).optional(),
      kind: z.enum(['le-phi', 'phi']),
      amount: z.number().int().optional(),
      unit: z.string().optional(),
      tiers: z
        .array(
          z.object({
            from: z.number().int(),
            to: z.number().int().optional(),
            amount: z.number().int(),
          }),
        )
        .optional(),
      max: z.object({ amount: z.number().int(), per: z.string() }).optional(),
      channels: z.array(z.enum(CHANNELS)).optional(),
      note: z.string().optional(),
      description: z.string(),
    }),
  ),
  feeExemptions: z.array(z.string()),
  forms: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      code: z.string().optional(),
      url: z.string().optional(),
      source: z.string().optional(),
      availability: z.string().optional(),
    }),
  ),
  conditions: z.array(z.string()),
  legalBasis: z.array(
    z.object({ number: z.string(), title: z.string(), date: z.string(), issuer: z.string() }),
  ),
  keywords: z.array(z.string()),
  publication: z
    .object({ decision: z.string(), date: z.string(), issuer: z.string().optional() })
    .optional(),
  effectiveDate: z.string().optional(),
  lastReviewed: z.string(),
  replacedBy: z.string().optional(),
  statusNote: z.string().optional(),
  related: z.array(z.string()),
  body: z.string(),
});

export type ProcedureListItem = z.output<typeof procedureListItem>;
export type ProcedureRecord = z.output<typeof procedureRecord>;
export type ProcedureListQuery = z.output<typeof procedureListQuery>;

/** An instant with its offset: `2025-07-01T16:05:00+07:00` or `…Z`. */
const ISO_INSTANT_RE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The year in Vietnam of an ISO 8601 instant. */
const vietnamYearOf = (instant: string): number =>
  new Date(Date.parse(instant) + VIETNAM_OFFSET_MS).getUTCFullYear();

/** An ISO 8601 instant with offset whose date and time exist (no 30 February, no 25:00). */
export function isRealInstant(value: string): boolean {
  if (!ISO_INSTANT_RE.test(value)) return false;
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const hour = Number(value.slice(11, 13));
  const minute = Number(value.slice(14, 16));
  return isRealDate(y, m, d) && hour < 24 && minute < 60 && !Number.isNaN(Date.parse(value));
}

export const dueDateQuery = z
  .strictObject({
    received: z
      .string({ error: 'thiếu received (thời điểm tiếp nhận, ISO 8601 có múi giờ)' })
      .trim()
      // In a query string an unencoded "+07:00" arrives as " 07:00".
      .transform((v) => v.replace(/ (\d{2}:\d{2})$/, '+$1'))
      .refine((v) => isRealInstant(v), {
        error: 'received phải là thời điểm ISO 8601 có múi giờ, ví dụ 2025-07-01T16:05:00+07:00',
      })
      .refine((v) => !isRealInstant(v) || isSupportedYear(vietnamYearOf(v)), {
        error: `received phải nằm trong các năm ${MIN_YEAR}–${MAX_YEAR} (giờ Việt Nam): lịch chỉ tính được các năm này`,
      }),
    days: z.coerce
      .number({ error: 'days phải là số ngày làm việc' })
      .int({ error: 'days phải là số nguyên' })
      .min(0, { error: 'days không được âm' })
      .max(365, { error: 'days tối đa 365' })
      .optional()
      .meta({ description: 'Thời hạn bằng ngày làm việc (0 = trong ngày); ghi days hoặc hours' }),
    hours: z.coerce
      .number({ error: 'hours phải là số giờ làm việc' })
      .int({ error: 'hours phải là số nguyên' })
      .min(1, { error: 'hours ít nhất là 1' })
      .max(MAX_WORKING_HOURS, { error: `hours tối đa ${MAX_WORKING_HOURS}` })
      .optional()
      .meta({
        description:
          'Thời hạn bằng giờ làm việc (theo giờ làm việc của cơ quan); kết quả có thêm dueHour',
      }),
    agency: slugParam('agency').optional(),
  })
  .superRefine((q, ctx) => {
    if ((q.days === undefined) === (q.hours === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [q.days === undefined ? 'days' : 'hours'],
        message:
          q.days === undefined
            ? 'thiếu days (số ngày làm việc) hoặc hours (số giờ làm việc)'
            : 'chỉ ghi một trong hai: days hoặc hours',
      });
    }
  });

const calendarSourceSchema = z.union([
  z.object({
    type: z.literal('official'),
    documents: z.array(
      z.object({ number: z.string(), date: z.string().optional(), issuer: z.string() }).loose(),
    ),
  }),
  z.object({ type: z.literal('rule'), basis: z.string() }),
]);

export const dueDateResponse = z.object({
  received: z.string(),
  effectiveReceived: z.string(),
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  dueHour: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional()
    .meta({ description: 'Giờ hẹn (HH:MM, giờ Việt Nam) khi thời hạn tính bằng giờ (hours)' }),
  skipped: z.array(z.object({ date: z.string(), reason: z.string() })),
  provisional: z.boolean(),
  provisionalYears: z.array(z.number().int()),
  agency: z.string().optional(),
});

export const calendarYearResponse = z.object({
  year: z.number().int(),
  provisional: z.boolean(),
  ruleOccasions: z.array(z.object({ occasion: z.string(), label: z.string() })),
  days: z.array(
    z.object({
      date: z.string(),
      weekday: z.string(),
      name: z.string(),
      kind: z.string(),
      kindLabel: z.string(),
      occasion: z.string(),
      occasionLabel: z.string(),
      note: z.string().optional(),
      source: calendarSourceSchema,
    }),
  ),
  documents: z.array(z.object({ number: z.string(), issuer: z.string() }).loose()),
  pending: z.array(z.object({ field: z.string(), note: z.string() })),
});
