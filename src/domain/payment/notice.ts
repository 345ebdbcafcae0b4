/**
 * Payment notifications sent server to server by a payment provider (the national payment
 * platform, or the collecting bank for a transfer), and how one is matched to a payment
 * request. Pure apart from Web Crypto's HMAC, which every runtime here has.
 *
 * Signature: hex HMAC-SHA-256, keyed with the provider's shared secret, of
 * `<timestamp>.<raw body>`, sent in `X-Signature` with the Unix time in `X-Timestamp`.
 * Observed shape, not a published one (docs/adr/0018-fees-and-payment.md).
 */

/** How far a notification's timestamp may be from our clock, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

/** A verified notification, whatever the provider's own field names. */
export interface PaymentNotice {
  transactionId: string;
  /** What the payer gave as the reference: the dossier code if all went well. */
  reference: string;
  /** Đồng. */
  amount: number;
  /** ISO 8601. */
  paidAt: string;
  /** The fee receipt (biên lai) the platform issued, if it did. */
  receiptNumber?: string | undefined;
  receiptUrl?: string | undefined;
  /** Whose money it is, as the provider names the payee: the agency code or the account credited. */
  payee?: { agencyCode?: string | undefined; accountNumber?: string | undefined } | undefined;
}

export type MatchOutcome = 'matched' | 'unknown-reference' | 'wrong-amount' | 'duplicate';

export const OUTCOME_LABELS: Record<MatchOutcome, string> = {
  matched: 'Khớp với yêu cầu thanh toán',
  'unknown-reference': 'Không tìm thấy hồ sơ theo nội dung thanh toán',
  'wrong-amount': 'Số tiền khác số tiền phải nộp',
  duplicate: 'Hồ sơ đã được thanh toán trước đó',
};

const hex = (bytes: ArrayBuffer): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

const keyOf = (secret: string, usage: 'sign' | 'verify') =>
  crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );

/** The signature a provider sends (tests and the contract server sign with it). */
export async function signNotice(secret: string, timestamp: string, body: string) {
  const key = await keyOf(secret, 'sign');
  return hex(
    await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${timestamp}.${body}`)),
  );
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'expired' | 'bad' };

/** Checks the signature in constant time and the timestamp against `now`. */
export async function verifyNotice(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  now: Date,
): Promise<SignatureCheck> {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/i.test(signature)) {
    return { ok: false, reason: 'bad' };
  }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: 'expired' };
  }
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) bytes[i] = Number.parseInt(signature.slice(i * 2, i * 2 + 2), 16);
  const key = await keyOf(secret, 'verify');
  const valid = await crypto.subtle.verify(
    'HMAC',
    key,
    bytes,
    new TextEncoder().encode(`${timestamp}.${body}`),
  );
  return valid ? { ok: true } : { ok: false, reason: 'bad' };
}

/** The payment request a notice may settle, as stored. */
export interface OpenRequest {
  amount: number;
  state: 'pending' | 'paid' | 'cancelled';
}

/** How a verified notice is matched: only an exact amount settles a pending request. */
export function matchNotice(notice: PaymentNotice, request: OpenRequest | undefined): MatchOutcome {
  if (!request || request.state === 'cancelled') return 'unknown-reference';
  if (request.state === 'paid') return 'duplicate';
  return notice.amount === request.amount ? 'matched' : 'wrong-amount';
}

const CODE_IN_TEXT_RE = /([0-9A-Z.]{4,32})-(\d{6})-(\d{4,9})/;

/** The dossier code inside a payer's free-text reference ("LE PHI 000.00.10.H32-251205-0003"). */
export function codeInReference(reference: string): string | undefined {
  return CODE_IN_TEXT_RE.exec(reference.toUpperCase())?.[0];
}
