import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import type { PaymentPanel } from '../../src/ui/payment.ts';
import { qrSvg } from '../../src/ui/qr.ts';
import { paymentViewOf } from '../services/payment/request.ts';

/** The lookup page's fee panel for a dossier, with its transfer QR drawn; undefined when no fee was asked. */
export async function paymentPanelFor(
  deps: { db: D1Database; index: CatalogueIndex },
  dossier: { id: string; code: string; agencySlug: string },
  deskName: string,
): Promise<PaymentPanel | undefined> {
  const view = await paymentViewOf(deps, dossier);
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
