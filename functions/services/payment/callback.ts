import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { STATUS } from '../../../src/domain/dossier/status.ts';
import { vietnamIso } from '../../../src/domain/dossier/timeliness.ts';
import { formatVnd } from '../../../src/domain/format.ts';
import {
  codeInReference,
  matchNotice,
  type PaymentNotice,
  verifyNotice,
} from '../../../src/domain/payment/notice.ts';
import { configOf } from '../../../src/schemas/env.ts';
import { loadOfficeDossier } from '../../db/office.ts';
import {
  paymentByTransaction,
  paymentRequestByReference,
  recordPayment,
  type StoredPayment,
} from '../../db/payments.ts';
import { takeAction } from '../office-dossier.ts';
import { isProviderId, NOTICE_READERS, PROVIDER_SECRETS, type ProviderId } from './providers.ts';

/**
 * A payment provider's server-to-server notification (POST /api/thanh-toan/callback/<provider>):
 * verified (HMAC-SHA-256 with the provider's secret, timestamp window), recorded once per
 * transaction, matched to the payment request by the dossier code and the amount. A match
 * marks the request paid with the provider's receipt (biên lai) and moves the dossier on
 * as the desk's "payment received" would; anything else waits for reconciliation.
 * Nothing from the browser is trusted: the citizen's return from a payment page changes nothing.
 */

export type CallbackOutcome =
  | { kind: 'unknown-provider' }
  | { kind: 'not-configured' }
  | { kind: 'bad-signature'; expired: boolean }
  | { kind: 'invalid-body' }
  | { kind: 'recorded'; payment: StoredPayment };

/** Who takes the "payment received" step when a provider confirms a payment. */
const PAYMENT_SYSTEM: Officer = {
  id: 'system',
  username: 'system',
  displayName: 'Hệ thống thanh toán',
  role: 'receptionist',
  agencies: [],
};

const PROVIDER_NAMES: Record<ProviderId, string> = {
  dvcqg: 'Nền tảng thanh toán trên Cổng Dịch vụ công quốc gia',
  'chuyen-khoan': 'chuyển khoản vào tài khoản thu',
};

/** The agency a notice without a known dossier belongs to: by agency code or credited account. */
function payeeAgency(index: CatalogueIndex, notice: PaymentNotice): string | null {
  const { agencyCode, accountNumber } = notice.payee ?? {};
  for (const a of index.catalogue.agencies) {
    if (agencyCode && a.code === agencyCode) return a.slug;
    if (accountNumber && a.collectingAccount?.accountNumber === accountNumber) return a.slug;
  }
  return null;
}

export async function receivePaymentNotice(
  { db, index, now, env }: { db: D1Database; index: CatalogueIndex; now: () => Date; env: object },
  providerId: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string,
): Promise<CallbackOutcome> {
  if (!isProviderId(providerId)) return { kind: 'unknown-provider' };
  const secret = configOf(env)[PROVIDER_SECRETS[providerId]];
  if (!secret) return { kind: 'not-configured' };
  const check = await verifyNotice(secret, headers, rawBody, now());
  if (!check.ok) return { kind: 'bad-signature', expired: check.reason === 'expired' };
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return { kind: 'invalid-body' };
  }
  const read = NOTICE_READERS[providerId](body);
  if (!read.ok) return { kind: 'invalid-body' };
  const notice = read.notice;

  const replayed = await paymentByTransaction(db, providerId, notice.transactionId);
  if (replayed) return { kind: 'recorded', payment: replayed };

  const code = codeInReference(notice.reference);
  const request = code ? await paymentRequestByReference(db, code) : undefined;
  const outcome = matchNotice(notice, request);
  await recordPayment(db, {
    provider: providerId,
    // A matched payment keeps only the code: the payer's free text may carry their name.
    notice: outcome === 'matched' && code ? { ...notice, reference: code } : notice,
    receivedAt: vietnamIso(now()),
    outcome,
    requestId: request?.id ?? null,
    agencySlug: request?.agencySlug ?? payeeAgency(index, notice),
  });
  const payment = await paymentByTransaction(db, providerId, notice.transactionId);
  if (!payment) return { kind: 'invalid-body' };
  if (payment.outcome === 'matched' && request?.dossierStatus === STATUS.FINANCIAL_OBLIGATION) {
    const loaded = await loadOfficeDossier(db, request.reference);
    if (loaded) {
      const receipt = notice.receiptNumber ? `, biên lai số ${notice.receiptNumber}` : '';
      await takeAction(
        { db, index, now },
        {
          officer: PAYMENT_SYSTEM,
          loaded,
          body: {
            action: 'payment-received',
            expected: String(STATUS.FINANCIAL_OBLIGATION),
            note: `Đã nhận ${formatVnd(notice.amount)} qua ${PROVIDER_NAMES[providerId]}, giao dịch ${notice.transactionId}${receipt}.`,
          },
          client: undefined,
        },
      );
    }
  }
  return { kind: 'recorded', payment };
}
