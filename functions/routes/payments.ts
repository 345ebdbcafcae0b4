import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import type { AppEnv } from '../env.ts';
import { BodyTooLarge, readLimited } from '../http/body.ts';
import { apiError } from '../http/errors.ts';
import { receivePaymentNotice } from '../services/payment/callback.ts';

/** A notification is a few hundred bytes; anything near this is not one. */
export const MAX_NOTICE_BYTES = 16 * 1024;

/**
 * Payment providers' server-to-server notifications: POST /api/thanh-toan/callback/<provider>
 * (docs/adr/0018-fees-and-payment.md). The answer to a replay is the first answer.
 */
export function paymentRoutes(index: CatalogueIndex, now: () => Date) {
  return new Hono<AppEnv>().post('/api/thanh-toan/callback/:provider', async (c) => {
    c.header('cache-control', 'no-store');
    let raw: string;
    try {
      raw = new TextDecoder('utf-8', { fatal: true }).decode(
        await readLimited(c.req.raw, MAX_NOTICE_BYTES),
      );
    } catch (error) {
      return error instanceof BodyTooLarge
        ? apiError(c, 413, 'payload_too_large', 'Thông báo thanh toán quá lớn.')
        : apiError(c, 400, 'invalid_body', 'Nội dung thông báo không phải văn bản UTF-8.');
    }
    const outcome = await receivePaymentNotice(
      { db: c.env.DB, index, now, env: c.env },
      c.req.param('provider'),
      { signature: c.req.header('x-signature'), timestamp: c.req.header('x-timestamp') },
      raw,
    );
    switch (outcome.kind) {
      case 'unknown-provider':
        return apiError(c, 404, 'not_found', 'Không có kênh thanh toán này.');
      case 'not-configured':
        return apiError(
          c,
          503,
          'payment_not_configured',
          'Kênh thanh toán này chưa được cấu hình khóa bí mật.',
        );
      case 'bad-signature':
        return apiError(
          c,
          401,
          'bad_signature',
          outcome.expired
            ? 'Thông báo thanh toán quá hạn (thời điểm ký lệch quá 5 phút); không ghi nhận.'
            : 'Chữ ký của thông báo thanh toán không hợp lệ; không ghi nhận.',
        );
      case 'invalid-body':
        return apiError(
          c,
          400,
          'invalid_body',
          'Thông báo thanh toán thiếu trường hoặc sai định dạng.',
        );
      case 'recorded':
        return c.json({
          status: 'recorded' as const,
          transactionId: outcome.payment.transactionId,
          outcome: outcome.payment.outcome,
        });
    }
  });
}
