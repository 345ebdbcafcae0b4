import { z } from 'zod';
import { PROCEDURE_CODE_RE } from './procedure.ts';
import { SLUG_RE } from './common.ts';

/**
 * Query strings of the back office (`/can-bo`). Read with `readQuery`
 * (functions/http/query.ts); a failed parse is a 400 with a Vietnamese message.
 *
 * The choice per parameter, as an officer would expect it:
 * - list filters and page numbers (a tab, a procedure, an agency, `trang`, the audit
 *   action, the feedback period) come from links, bookmarks and `<select>`s. An unknown
 *   or malformed value is **ignored**: the list shows with the default (all tabs, all
 *   procedures, page 1, 90 days), as the filter form then shows it, never an error page;
 * - free text typed into a filter (`q`, `doi-tuong`) is kept as typed, cut to 60 characters;
 * - the month of the tracking book is typed by the officer where a browser has no month
 *   picker: a malformed month is a **400** naming the field, so that the book of another
 *   month is never printed by mistake;
 * - the JSON API (`/api/can-bo/ho-so`) is strict, as every API here: an unknown tab or a
 *   malformed `limit`/`offset` is a **400** with `details`.
 */

/** Free text typed into a GET form: trimmed, cut to `max`, undefined when empty. */
const typed = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim().slice(0, max) || undefined);

/** A value from a fixed list; anything else (or nothing) is undefined: ignored. */
const oneOfOrNone = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .optional()
    .transform((v) => ((values as readonly string[]).includes(v ?? '') ? (v as T) : undefined));

/** A page of a back-office list, 1–1000; anything else is page 1. */
const pageNumber = z.coerce.number().int().min(1).max(1000).catch(1);

/** A procedure code (`1.001193`) as a filter; anything else is no filter. */
const procedureFilter = z.string().regex(PROCEDURE_CODE_RE).optional().catch(undefined);

/** An agency slug as a filter; anything else is no filter. */
const agencyFilter = z.string().regex(SLUG_RE).optional().catch(undefined);

/**
 * `/can-bo` and `/can-bo/xuat-csv`: the queue's filters (`tabs`: the queue's tab names,
 * the first the default). Whether a procedure or agency exists is the route's to check.
 */
export const queueQuery = <T extends string>(tabs: readonly [T, ...T[]]) =>
  z.object({
    tab: oneOfOrNone(tabs).transform((v) => v ?? tabs[0]),
    thu_tuc: procedureFilter,
    co_quan: agencyFilter,
    q: typed(60),
    trang: pageNumber,
  });

/** `GET /api/can-bo/ho-so`: the same filters, strict about the tab and the paging. */
export const queueApiQuery = <T extends string>(tabs: readonly [T, ...T[]]) =>
  z.object({
    tab: z
      .enum(tabs as unknown as [T, ...T[]], { error: `tab chỉ nhận: ${tabs.join(', ')}` })
      .default(tabs[0]),
    thu_tuc: procedureFilter,
    co_quan: agencyFilter,
    q: typed(60),
    limit: z.coerce
      .number({ error: 'limit là số nguyên từ 1 đến 200' })
      .int({ error: 'limit là số nguyên từ 1 đến 200' })
      .min(1, { error: 'limit là số nguyên từ 1 đến 200' })
      .max(200, { error: 'limit là số nguyên từ 1 đến 200' })
      .default(50),
    offset: z.coerce
      .number({ error: 'offset là số nguyên không âm' })
      .int({ error: 'offset là số nguyên không âm' })
      .min(0, { error: 'offset là số nguyên không âm' })
      .max(1_000_000, { error: 'offset tối đa 1000000' })
      .default(0),
  });

/** `/can-bo/nhat-ky`: the audit trail's filters (`actions`: the known action names). */
export const auditQuery = (actions: readonly string[]) =>
  z.object({
    loai: oneOfOrNone(actions),
    'doi-tuong': typed(60),
    trang: pageNumber,
  });

/** The periods of the page feedback list, in days; 90 when none or another is asked for. */
export const FEEDBACK_PERIODS = ['30', '90', '365'] as const;
export const feedbackQuery = z.object({
  ky: oneOfOrNone(FEEDBACK_PERIODS).transform((v) => Number(v ?? '90')),
});

/** `/can-bo/danh-gia`: the page of citizens' evaluations. */
export const evaluationsQuery = z.object({ trang: pageNumber });

export const MONTH_MESSAGE = 'Tháng có dạng năm-tháng, ví dụ 2026-03';

/**
 * `/can-bo/so-theo-doi`: the month of the tracking book (`YYYY-MM`, this month when
 * absent or empty) and `dang=csv` for the CSV file (anything else is the page).
 */
export const bookQuery = z.object({
  thang: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(
      z
        .string()
        .regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, { error: MONTH_MESSAGE })
        .optional(),
    ),
  dang: z
    .string()
    .optional()
    .transform((v) => (v === 'csv' ? ('csv' as const) : ('html' as const))),
});

/**
 * `/can-bo/dang-nhap?tiep=`: the back-office page to go to after signing in. Only a
 * path under /can-bo is followed (never another site); anything else is `/can-bo`.
 */
export const nextPage = z
  .string()
  .regex(/^\/can-bo(\/[a-z0-9\-/]*)?$/)
  .catch('/can-bo');
export const loginQuery = z.object({ tiep: nextPage });

/** `/can-bo/tiep-nhan/chon?thu-tuc=`: the procedure picked at the counter (a slug). */
export const counterPickQuery = z.object({
  'thu-tuc': z.string().regex(SLUG_RE).optional().catch(undefined),
});

/** `/can-bo/ho-so/<mã>?da-ghi=`: the action just recorded; the route names it if it knows it. */
export const dossierDoneQuery = z.object({ 'da-ghi': typed(40) });
