import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import type { PaymentLookup } from '../../src/schemas/api-responses.ts';
import type { PaymentPanel } from '../../src/ui/payment.ts';
import { qrSvg } from '../../src/ui/qr.ts';
import type { PaymentRequest } from '../db/payments.ts';
import { paymentViewOf } from '../services/payment/request.ts';

/** The lookup page's fee panel for a dossier, with its transfer QR drawn; undefined when no fee was asked. */
export async function paymentPanelFor(
  deps: { db: D1Database; index: CatalogueIndex },
  dossier: { id: string; code: string; agencySlug: string },
  deskName: string,
  read?: { request: PaymentRequest | undefined },
): Promise<PaymentPanel | undefined> {
  const view = await paymentViewOf(deps, dossier, read);
  if (!view) return undefined;
  const { request, transfer } = view;
  const state = request.state;
  if (state === 'cancelled') return undefined;
  return {
    code: request.reference,
    amount: request.amount,
    state,
    paidAt: request.paidAt ?? undefined,
    receiptNumber: request.receiptNumber ?? undefined,
    receiptUrl: request.receiptUrl ?? undefined,
    payUrl: request.payUrl ?? undefined,
    transfer: transfer
      ? {
          qrSvg: await qrSvg(transfer.payload),
          bankName: transfer.account.bankName,
          accountNumber: transfer.account.accountNumber,
          accountName: transfer.account.accountName,
          illustrative: transfer.account.illustrative,
        }
      : undefined,
    deskName,
  };
}

/** The same for `GET /api/submissions/{code}`: `{ payment }` when a fee was asked for, else nothing. */
export async function paymentJsonFor(
  deps: { db: D1Database; index: CatalogueIndex },
  dossier: { id: string; code: string; agencySlug: string },
  read?: { request: PaymentRequest | undefined },
): Promise<{ payment?: PaymentLookup }> {
  const view = await paymentViewOf(deps, dossier, read);
  if (!view) return {};
  const { request, transfer } = view;
  const state = request.state;
  if (state === 'cancelled') return {};
  return {
    payment: {
      amount: request.amount,
      reference: request.reference,
      state,
      ...(request.paidAt ? { paidAt: request.paidAt } : {}),
      ...(request.receiptNumber ? { receiptNumber: request.receiptNumber } : {}),
      ...(request.receiptUrl ? { receiptUrl: request.receiptUrl } : {}),
      ...(request.payUrl ? { payUrl: request.payUrl } : {}),
      ...(transfer
        ? {
            transfer: {
              bankName: transfer.account.bankName,
              accountNumber: transfer.account.accountNumber,
              accountName: transfer.account.accountName,
              illustrative: transfer.account.illustrative,
              vietQr: transfer.payload,
            },
          }
        : {}),
    },
  };
}
