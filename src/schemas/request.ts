import { z } from 'zod';

/**
 * Query strings and headers, parsed at the boundary like bodies are. Errors go
 * through the one helper (src/domain/errors.ts), as dotted paths: a query
 * parameter by its name (`ma`), a header as `headers.<name>` in lower case.
 */

/**
 * The one Idempotency-Key rule, for the submissions API, Open311 (header and
 * `tokens/{token}`) and the hidden field of the online form: 8–128 characters,
 * letters, digits and `_ . : -` (a UUID fits).
 */
export const IDEMPOTENCY_KEY_MESSAGE =
  'Idempotency-Key gồm 8–128 ký tự: chữ, số, dấu chấm, hai chấm, gạch ngang, gạch dưới.';
export const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, { error: IDEMPOTENCY_KEY_MESSAGE });

/** Headers of a request that may be retried: `Idempotency-Key` is optional. */
export const idempotencyHeaders = z.object({ 'idempotency-key': idempotencyKey.optional() });

/** `GET /api/submissions/{code}`: the lookup secret travels in a header, never in the URL. */
export const lookupSecretHeaders = z.object({
  'x-lookup-secret': z
    .string({ error: 'Cần mã tra cứu trong header X-Lookup-Secret.' })
    .min(1, { error: 'Cần mã tra cứu trong header X-Lookup-Secret.' })
    .max(200, { error: 'Mã tra cứu quá dài.' }),
});

/** Free text typed into a GET form: kept as typed, cut to a sane length, never an error. */
const typed = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').slice(0, max));

/** `/tra-cuu` and `/danh-gia`: the dossier code and the lookup secret as typed. */
export const codeAndSecretQuery = z.object({ ma: typed(60), bm: typed(60) });

/** `/danh-gia/quay/<desk>?da-gui=…`: the previous rating was stored (linked to a dossier or not). */
export const kioskQuery = z.object({
  'da-gui': z
    .string()
    .optional()
    .transform((v) =>
      v === 'ho-so' ? ('linked' as const) : v ? ('anonymous' as const) : undefined,
    ),
});

/** `/phan-hoi/cam-on`: where the Có/Không answer came from and its comment ticket. */
export const feedbackThanksQuery = z.object({
  'thu-tuc': typed(200),
  'huu-ich': typed(10).transform((v) => v === 'co'),
  ma: z.string().regex(/^[0-9a-f-]{36}\.[0-9a-f]{32}$/, { error: 'Liên kết góp ý không hợp lệ.' }),
});

/** Open311 reads: `jurisdiction_id` may name this server, or be left out (or empty). */
export const open311JurisdictionQuery = z.object({
  jurisdiction_id: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  api_key: z.string().optional(),
});

/**
 * `OPEN311_TEST_ORIGINS` (wrangler.toml): the origins a local or staging instance may
 * advertise in Open311 discovery besides the public URL, comma-separated
 * (`http://127.0.0.1:8787,http://localhost:8787`). An entry that is not a bare origin
 * is left out: discovery never echoes what a client put in its Host header.
 */
export const originList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => {
        try {
          return v !== '' && new URL(v).origin === v;
        } catch {
          return false;
        }
      }),
  );
