import { Hono, type MiddlewareHandler } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { sha256Hex } from '../../src/domain/dossier/secret.ts';
import { refusal } from '../../src/domain/errors.ts';
import { useApiKey } from '../db/api-keys.ts';
import type { AppEnv } from '../env.ts';
import { BodyTooLarge, mediaType, readJson } from '../http/body.ts';
import { apiRefusal } from '../http/errors.ts';
import { receiveFromDvcqg } from '../services/dvcqg-inbound.ts';
import { enqueueQuietly } from '../services/dvcqg-sync.ts';

/** The largest delivery accepted: the data of one dossier, without files (they stay on DVCQG). */
const MAX_DVCQG_BYTES = 64 * 1024;

/**
 * `POST /api/lien-thong/dvcqg/ho-so`: the national portal's adapter delivers a dossier filed
 * on DVCQG (docs/adr/0017-national-portal-exchange.md), authenticated by an API key of kind
 * "dvcqg" issued in the back office (`Authorization: Bearer <key>`). 201 with the receipt;
 * a redelivery of the same dossier: 200 with the same receipt; another payload under a code
 * already taken: 409.
 */
export function dvcqgRoutes(index: CatalogueIndex, now: () => Date) {
  return new Hono<AppEnv>().post('/api/lien-thong/dvcqg/ho-so', async (c) => {
    c.header('cache-control', 'no-store');
    const at = now();
    const presented = /^Bearer\s+(\S{1,200})$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const key = presented
      ? await useApiKey(c.env.DB, await sha256Hex(presented), at.toISOString(), 'dvcqg')
      : undefined;
    if (!key) {
      return apiRefusal(
        c,
        refusal(
          401,
          'unauthorized',
          presented
            ? 'Khóa API không đúng, đã bị thu hồi hoặc không phải khóa liên thông DVCQG.'
            : 'Thiếu khóa API (Authorization: Bearer <khóa>).',
        ),
      );
    }
    if (mediaType(c.req.raw) !== 'application/json') {
      return apiRefusal(
        c,
        refusal(415, 'unsupported_media_type', 'Gửi dữ liệu dạng application/json.'),
      );
    }
    let body: unknown;
    try {
      body = await readJson(c.req.raw, MAX_DVCQG_BYTES);
    } catch (error) {
      return apiRefusal(
        c,
        error instanceof BodyTooLarge
          ? refusal(413, 'payload_too_large', 'Dữ liệu gửi lên vượt quá 64 KB.')
          : refusal(400, 'invalid_json', 'Nội dung không phải JSON hợp lệ (UTF-8).'),
      );
    }
    const result = await receiveFromDvcqg(
      { db: c.env.DB, files: c.env.FILES, index, now: () => at },
      body,
    );
    if (!result.ok) return apiRefusal(c, result.refusal);
    return c.json(result.receipt, result.created ? 201 : 200);
  });
}

/**
 * The outbox's producer: after every request that may have changed a dossier's status (any
 * POST), the status changes waiting for DVCQG are put on the queue. One indexed query when
 * there is nothing to send; a failure leaves the rows for the cron sweep.
 */
export function dvcqgProducer(now: () => Date): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'POST' || !c.env.DVCQG_SYNC) return;
    const sent = enqueueQuietly(c.env, now());
    let ctx: ExecutionContext | undefined;
    try {
      ctx = c.executionCtx as ExecutionContext;
    } catch {
      ctx = undefined; // No execution context (a request made in tests): wait for it here.
    }
    if (ctx) ctx.waitUntil(sent);
    else await sent;
  };
}
