import { z } from 'zod';
import type { PaymentNotice } from '../domain/payment/notice.ts';

/**
 * The bodies payment providers post to /api/thanh-toan/callback/<provider>, read only after
 * the signature is verified (src/domain/payment/notice.ts). No published specification of the
 * national payment platform was found: its field names are OBSERVED (the PascalCase
 * Vietnamese style of the national portal's other interfaces) and wait for the operator's
 * documents (docs/adr/0018-fees-and-payment.md). Names, accounts and card numbers of payers
 * are not read, so they are never stored.
 */

const transactionId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w.:-]+$/);
const reference = z.string().trim().min(1).max(200);
const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const instant = z.iso.datetime({ offset: true });
const receiptNumber = z.string().trim().min(1).max(64);
const receiptUrl = z.url({ protocol: /^https$/ }).max(500);

/** The national payment platform (dvcqg): OBSERVED shape. */
export const nationalPlatformNotice = z
  .object({
    MaGiaoDich: transactionId,
    MaThamChieu: reference,
    SoTien: amount,
    ThoiGianThanhToan: instant,
    /** "00" = paid; anything else is not a payment and is refused. */
    TrangThai: z.literal('00'),
    /** The collecting agency's code, as sent in the payment request. */
    MaDonVi: z.string().trim().max(64).optional(),
    BienLai: z.object({ SoBienLai: receiptNumber, DuongDan: receiptUrl.optional() }).optional(),
  })
  .transform(
    (b): PaymentNotice => ({
      transactionId: b.MaGiaoDich,
      reference: b.MaThamChieu,
      amount: b.SoTien,
      paidAt: b.ThoiGianThanhToan,
      receiptNumber: b.BienLai?.SoBienLai,
      receiptUrl: b.BienLai?.DuongDan,
      payee: { agencyCode: b.MaDonVi },
    }),
  );

/** A credit to the collecting account, as the bank or its intermediary notifies it. */
export const transferNotice = z
  .object({
    transactionId,
    /** The transfer's content as the payer's bank passed it on. */
    description: reference,
    amount,
    creditedAt: instant,
    /** The collecting account credited (the agency's, never the payer's). */
    accountNumber: z.string().trim().max(19).optional(),
    /** The biên lai the collecting body issued for it, when the notification carries one. */
    receiptNumber: receiptNumber.optional(),
    receiptUrl: receiptUrl.optional(),
  })
  .transform(
    (b): PaymentNotice => ({
      transactionId: b.transactionId,
      reference: b.description,
      amount: b.amount,
      paidAt: b.creditedAt,
      receiptNumber: b.receiptNumber,
      receiptUrl: b.receiptUrl,
      payee: { accountNumber: b.accountNumber },
    }),
  );

/** The answer to a recorded notification (the same on every replay). */
export const paymentNoticeResponse = z.object({
  status: z.literal('recorded'),
  transactionId: z.string(),
  outcome: z.enum(['matched', 'unknown-reference', 'wrong-amount', 'duplicate']),
});
