import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import type { ChannelCode } from '../../../src/domain/dossier/status.ts';
import { vietnamIso } from '../../../src/domain/dossier/timeliness.ts';
import { feeDue } from '../../../src/domain/payment/fees.ts';
import type { Agency } from '../../../src/schemas/agency.ts';
import { configOf } from '../../../src/schemas/env.ts';
import { insertPaymentRequest, type PaymentRequest, paymentRequestOf } from '../../db/payments.ts';
import { nationalPlatformProvider, type PaymentProvider, transferProvider } from './providers.ts';

/**
 * Payment requests (docs/adr/0018-fees-and-payment.md): written when the deciding agency asks
 * for the fee, and shown to the citizen on the lookup page with the ways to pay.
 */

/** The national payment platform, when this deployment is connected to it. */
export function platformOf(env: object): PaymentProvider | undefined {
  const { PAYMENT_PLATFORM_URL: url, PAYMENT_PLATFORM_MERCHANT: merchant } = configOf(env);
  return url && merchant ? nationalPlatformProvider({ url, merchant }) : undefined;
}

/** The agency that collects the fee: the first up the chain with a collecting account, else the deciding agency. */
export function collectorOf(index: CatalogueIndex, agencySlug: string): Agency | undefined {
  const start = index.agencyBySlug.get(agencySlug);
  for (
    let a = start, hops = 0;
    a && hops < 5;
    a = a.parent ? index.agencyBySlug.get(a.parent) : undefined, hops += 1
  ) {
    if (a.collectingAccount) return a;
  }
  return start;
}

export interface PaymentRequestServices {
  db: D1Database;
  index: CatalogueIndex;
  now: () => Date;
  /** The national payment platform, if configured. */
  platform?: PaymentProvider | undefined;
}

/**
 * After `request-payment`: a payment request for the amount the officer stated, with the
 * dossier code as the reference, unless the procedure charges nothing for the dossier's
 * channel (no fee, or every case exempt). The platform, when configured, is asked for a
 * payment link; if it fails, the request stands and the citizen pays by transfer or cash.
 */
export async function openPaymentRequest(
  { db, index, now, platform }: PaymentRequestServices,
  dossier: {
    id: string;
    code: string;
    procedureCode: string;
    channel: ChannelCode;
    agencySlug: string;
  },
  amount: number,
  returnUrl: string,
): Promise<'opened' | 'free'> {
  const procedure = await index.procedureForCode(dossier.procedureCode);
  if (!procedure || feeDue(procedure.fees, dossier.channel).kind === 'free') return 'free';
  const agency = collectorOf(index, dossier.agencySlug);
  let payUrl: string | undefined;
  if (platform && agency) {
    const created = await platform.createPaymentRequest({
      reference: dossier.code,
      amount,
      agency,
      returnUrl,
    });
    if (created.kind === 'pay-url') payUrl = created.url;
    else
      console.warn(
        `payment: platform request for a dossier failed (${created.kind === 'unavailable' ? created.reason : created.kind})`,
      );
  }
  await insertPaymentRequest(db, {
    dossierId: dossier.id,
    reference: dossier.code,
    amount,
    createdAt: vietnamIso(now()),
    ...(payUrl ? { payUrl } : {}),
  });
  return 'opened';
}

/** What the lookup page shows of the fee: the request, and the transfer code when there is an account. */
export interface PaymentView {
  request: PaymentRequest;
  transfer?: { payload: string; account: NonNullable<Agency['collectingAccount']> } | undefined;
}

export async function paymentViewOf(
  { db, index }: Pick<PaymentRequestServices, 'db' | 'index'>,
  dossier: { id: string; code: string; agencySlug: string },
  /** The request when the caller read it already (the lookup reads it with the dossier). */
  read?: { request: PaymentRequest | undefined },
): Promise<PaymentView | undefined> {
  const request = read ? read.request : await paymentRequestOf(db, dossier.id);
  if (!request) return undefined;
  const agency = collectorOf(index, dossier.agencySlug);
  if (request.state !== 'pending' || !agency) return { request };
  const created = await transferProvider.createPaymentRequest({
    reference: request.reference,
    amount: request.amount,
    agency,
    returnUrl: '',
  });
  return created.kind === 'transfer-qr'
    ? { request, transfer: { payload: created.payload, account: created.account } }
    : { request };
}
