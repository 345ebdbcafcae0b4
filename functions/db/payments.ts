import { type DossierRef, forDossier, firstRow, type Read, readOne } from './read.ts';
/**
 * SQL of payment requests and payment notifications (migrations/0021,
 * docs/adr/0018-fees-and-payment.md).
 */
import type { MatchOutcome, PaymentNotice } from '../../src/domain/payment/notice.ts';

export interface PaymentRequest {
  id: number;
  dossierId: string;
  reference: string;
  amount: number;
  createdAt: string;
  state: 'pending' | 'paid' | 'cancelled';
  payUrl: string | null;
  paidAt: string | null;
  provider: string | null;
  receiptNumber: string | null;
  receiptUrl: string | null;
}

/** The columns of a payment request, of the table aliased `t` when given. */
const requestColumns = (t = '') =>
  `${t}id, ${t}dossier_id AS dossierId, ${t}reference, ${t}amount, ${t}created_at AS createdAt,
  ${t}state, ${t}pay_url AS payUrl, ${t}paid_at AS paidAt, ${t}provider,
  ${t}receipt_number AS receiptNumber, ${t}receipt_url AS receiptUrl`;

/**
 * Writes the dossier's payment request; a request still pending for it (an earlier amount)
 * is cancelled in the same transaction.
 */
export async function insertPaymentRequest(
  db: D1Database,
  r: { dossierId: string; reference: string; amount: number; createdAt: string; payUrl?: string },
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `UPDATE payment_requests SET state = 'cancelled' WHERE dossier_id = ?1 AND state = 'pending'`,
      )
      .bind(r.dossierId),
    db
      .prepare(
        `INSERT INTO payment_requests (dossier_id, reference, amount, created_at, pay_url)
         VALUES (?1, ?2, ?3, ?4, ?5)`,
      )
      .bind(r.dossierId, r.reference, r.amount, r.createdAt, r.payUrl ?? null),
  ]);
}

/** The dossier's latest payment request that was not replaced, as a read. */
export const paymentRequestRead = (
  db: D1Database,
  dossier: DossierRef,
): Read<PaymentRequest | undefined> => ({
  statement: forDossier(
    db,
    dossier,
    (id) =>
      `SELECT ${requestColumns()} FROM payment_requests
       WHERE dossier_id = ${id} AND state != 'cancelled' ORDER BY id DESC LIMIT 1`,
  ),
  rows: firstRow<PaymentRequest>,
});

/** The dossier's latest payment request that was not replaced. */
export const paymentRequestOf = (
  db: D1Database,
  dossierId: string,
): Promise<PaymentRequest | undefined> => readOne(paymentRequestRead(db, { id: dossierId }));

/** The latest request carrying that reference, with its dossier's agency. */
export async function paymentRequestByReference(
  db: D1Database,
  reference: string,
): Promise<(PaymentRequest & { agencySlug: string; dossierStatus: number }) | undefined> {
  const row = await db
    .prepare(
      `SELECT ${requestColumns('r.')},
         d.agency_slug AS agencySlug, d.status AS dossierStatus
       FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id
       WHERE r.reference = ?1 AND r.state != 'cancelled' ORDER BY r.id DESC LIMIT 1`,
    )
    .bind(reference)
    .first<PaymentRequest & { agencySlug: string; dossierStatus: number }>();
  return row ?? undefined;
}

export interface StoredPayment {
  provider: string;
  transactionId: string;
  reference: string;
  amount: number;
  paidAt: string;
  receivedAt: string;
  outcome: MatchOutcome;
  agencySlug: string | null;
  dossierCode: string | null;
  receiptNumber: string | null;
}

const PAYMENT_COLUMNS = `p.provider, p.transaction_id AS transactionId, p.reference, p.amount,
  p.paid_at AS paidAt, p.received_at AS receivedAt, p.outcome, p.agency_slug AS agencySlug,
  r.reference AS dossierCode, p.receipt_number AS receiptNumber`;

export async function paymentByTransaction(
  db: D1Database,
  provider: string,
  transactionId: string,
): Promise<StoredPayment | undefined> {
  const row = await db
    .prepare(
      `SELECT ${PAYMENT_COLUMNS} FROM payments p LEFT JOIN payment_requests r ON r.id = p.request_id
       WHERE p.provider = ?1 AND p.transaction_id = ?2`,
    )
    .bind(provider, transactionId)
    .first<StoredPayment>();
  return row ?? undefined;
}

/**
 * Records a verified notice once per (provider, transaction). When it settles the request,
 * the request is marked paid with the provider's receipt in the same transaction; if another
 * transaction settled it first, this one is recorded as a duplicate instead.
 */
export async function recordPayment(
  db: D1Database,
  p: {
    provider: string;
    notice: PaymentNotice;
    receivedAt: string;
    outcome: MatchOutcome;
    requestId: number | null;
    agencySlug: string | null;
  },
): Promise<void> {
  const n = p.notice;
  const settle = p.outcome === 'matched' && p.requestId !== null;
  const statements = [
    db
      .prepare(
        `UPDATE payment_requests SET state = 'paid', paid_at = ?2, provider = ?3, transaction_id = ?4,
           receipt_number = ?5, receipt_url = ?6
         WHERE id = ?1 AND state = 'pending' AND ?7 = 1
           AND NOT EXISTS (SELECT 1 FROM payments WHERE provider = ?3 AND transaction_id = ?4)`,
      )
      .bind(
        p.requestId,
        n.paidAt,
        p.provider,
        n.transactionId,
        n.receiptNumber ?? null,
        n.receiptUrl ?? null,
        settle ? 1 : 0,
      ),
    db
      .prepare(
        `INSERT INTO payments (provider, transaction_id, reference, amount, paid_at, received_at, outcome,
           request_id, agency_slug, receipt_number, receipt_url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6,
           CASE WHEN ?7 = 'matched' AND changes() = 0 THEN 'duplicate' ELSE ?7 END, ?8, ?9, ?10, ?11)
         ON CONFLICT (provider, transaction_id) DO NOTHING`,
      )
      .bind(
        p.provider,
        n.transactionId,
        n.reference.slice(0, 100),
        n.amount,
        n.paidAt,
        p.receivedAt,
        p.outcome,
        p.requestId,
        p.agencySlug,
        n.receiptNumber ?? null,
        n.receiptUrl ?? null,
      ),
  ];
  await db.batch(statements);
}

/** Payments not matched to a request, newest first; `agencies` null: all of them. */
export async function unmatchedPayments(
  db: D1Database,
  agencies: readonly string[] | null,
  limit: number,
): Promise<StoredPayment[]> {
  const scope = agencies === null ? '' : `AND p.agency_slug IN (SELECT value FROM json_each(?2))`;
  const { results } = await db
    .prepare(
      `SELECT ${PAYMENT_COLUMNS} FROM payments p LEFT JOIN payment_requests r ON r.id = p.request_id
       WHERE p.outcome != 'matched' ${scope} ORDER BY p.received_at DESC, p.id DESC LIMIT ?1`,
    )
    .bind(limit, ...(agencies === null ? [] : [JSON.stringify(agencies)]))
    .all<StoredPayment>();
  return results;
}

/** The desk recorded the payment itself (cash at the counter): the pending request is settled. */
export async function settleAtCounter(
  db: D1Database,
  dossierId: string,
  at: string,
): Promise<void> {
  await db
    .prepare(
      `UPDATE payment_requests SET state = 'paid', paid_at = ?2, provider = 'quay'
       WHERE dossier_id = ?1 AND state = 'pending'`,
    )
    .bind(dossierId, at)
    .run();
}
