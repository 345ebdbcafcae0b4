import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { formatSecret } from '../../src/domain/dossier/code.ts';
import { STATUS_NAMES, type StatusCode } from '../../src/domain/dossier/status.ts';
import { type Refusal, refusal } from '../../src/domain/errors.ts';
import { idempotencyHeaders } from '../../src/schemas/request.ts';
import type { AppEnv } from '../env.ts';
import { BodyTooLarge, MAX_JSON_SUBMISSION_BYTES, mediaType, readJson } from '../http/body.ts';
import { apiRefusal } from '../http/errors.ts';
import { readHeaders } from '../http/query.ts';
import { submissionLimiter } from '../http/rate-limit.ts';
import { countRefusal, type IntakeResult, submitFromApi } from '../services/intake.ts';
import { lookupUrl } from '../services/receipt.ts';

/**
 * `POST /api/submissions`: the online submission as JSON, for other portals and
 * apps. Same validation, code, calendar and lifecycle as the web form. A retried
 * request with the same `Idempotency-Key` returns the same dossier (200 instead
 * of 201, header `Idempotent-Replayed: true`), never a second one.
 */
export function submissionsApi(index: CatalogueIndex, now: () => Date) {
  return new Hono<AppEnv>().post('/', async (c) => {
    c.header('cache-control', 'no-store');
    const at = now();
    // Rate limits (ADR 0014): refused requests count apart from validated submissions,
    // which count per address and per applicant; a 429 says the wait and sets Retry-After.
    const limiter = submissionLimiter(c, at);
    const refuse = (result: Extract<IntakeResult, { ok: false }>) => {
      if (result.retryAfter) c.header('retry-after', String(result.retryAfter));
      return apiRefusal(c, result.refusal);
    };
    const refused = async (refused: Refusal) => refuse(await countRefusal(refused, limiter));
    if (mediaType(c.req.raw) !== 'application/json') {
      return refused(refusal(415, 'unsupported_media_type', 'Gửi dữ liệu dạng application/json.'));
    }
    const headers = readHeaders(c, idempotencyHeaders, 'invalid_idempotency_key');
    if (!headers.ok) return refused(headers.refusal);
    let body: unknown;
    try {
      body = await readJson(c.req.raw, MAX_JSON_SUBMISSION_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return refused(refusal(413, 'payload_too_large', 'Dữ liệu gửi lên vượt quá 22 MB.'));
      return refused(refusal(400, 'invalid_json', 'Nội dung không phải JSON hợp lệ (UTF-8).'));
    }
    const result = await submitFromApi(
      { db: c.env.DB, files: c.env.FILES, index, now: () => at },
      body,
      headers.value['idempotency-key'],
      limiter,
    );
    if (!result.ok) return refuse(result);
    const { accepted } = result;
    if (accepted.replayed) c.header('idempotent-replayed', 'true');
    return c.json(
      {
        code: accepted.code,
        secret: formatSecret(accepted.secret),
        status: { code: accepted.status, name: STATUS_NAMES[accepted.status as StatusCode] },
        receivedAt: accepted.receivedAt,
        countedFrom: accepted.countedFrom,
        dueDate: accepted.dueDate,
        ...(accepted.dueHour ? { dueHour: accepted.dueHour } : {}),
        provisional: accepted.provisional,
        lookupUrl: lookupUrl(index.catalogue.site.url, accepted.code, accepted.secret),
      },
      accepted.replayed ? 200 : 201,
    );
  });
}
