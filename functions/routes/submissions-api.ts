import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { formatSecret } from '../../src/domain/dossier/code.ts';
import { STATUS_NAMES, type StatusCode } from '../../src/domain/dossier/status.ts';
import { idempotencyHeaders } from '../../src/schemas/request.ts';
import type { AppEnv } from '../env.ts';
import { BodyTooLarge, MAX_JSON_SUBMISSION_BYTES, mediaType, readLimited } from '../http/body.ts';
import { apiError, apiRefusal } from '../http/errors.ts';
import { readHeaders } from '../http/query.ts';
import { overLimit } from '../http/rate-limit.ts';
import { submitFromApi } from '../services/intake.ts';
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
    if (mediaType(c.req.raw) !== 'application/json') {
      return apiError(c, 415, 'unsupported_media_type', 'Gửi dữ liệu dạng application/json.');
    }
    const headers = readHeaders(c, idempotencyHeaders, 'invalid_idempotency_key');
    if (!headers.ok) return apiRefusal(c, headers.refusal);
    const wait = await overLimit(c, 'submit', at);
    if (wait) {
      c.header('retry-after', String(wait));
      return apiError(
        c,
        429,
        'rate_limited',
        'Gửi quá nhiều hồ sơ trong thời gian ngắn. Vui lòng thử lại sau.',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(
        new TextDecoder('utf-8', { fatal: true }).decode(
          await readLimited(c.req.raw, MAX_JSON_SUBMISSION_BYTES),
        ),
      );
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return apiError(c, 413, 'payload_too_large', 'Dữ liệu gửi lên vượt quá 22 MB.');
      return apiError(c, 400, 'invalid_json', 'Nội dung không phải JSON hợp lệ (UTF-8).');
    }
    const result = await submitFromApi(
      { db: c.env.DB, files: c.env.FILES, index, now: () => at },
      body,
      headers.value['idempotency-key'],
    );
    if (!result.ok) return apiRefusal(c, result.refusal);
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
        provisional: accepted.provisional,
        lookupUrl: lookupUrl(index.catalogue.site.url, accepted.code, accepted.secret),
      },
      accepted.replayed ? 200 : 201,
    );
  });
}
