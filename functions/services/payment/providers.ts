import type { Agency } from '../../../src/schemas/agency.ts';
import type { PaymentNotice } from '../../../src/domain/payment/notice.ts';
import { encodeVietQr } from '../../../src/domain/payment/vietqr.ts';
import { nationalPlatformNotice, transferNotice } from '../../../src/schemas/payment.ts';

/**
 * The payment providers behind one interface (docs/adr/0018-fees-and-payment.md): each one
 * turns a payment request into what the citizen uses to pay, and reads its own server-to-
 * server notifications once their signature is verified. Adding a provider (an intermediary
 * the province contracts) is one adapter here and one secret.
 */

export interface PaymentRequestInput {
  /** The dossier code: the reference every payment must carry. */
  reference: string;
  amount: number;
  /** The agency that collects the fee. */
  agency: Agency;
  /** Where the platform sends the citizen back (the lookup page). */
  returnUrl: string;
}

export type CreatedRequest =
  | { kind: 'pay-url'; url: string }
  | { kind: 'transfer-qr'; payload: string; account: NonNullable<Agency['collectingAccount']> }
  | { kind: 'unavailable'; reason: string };

export interface PaymentProvider {
  /** The path segment of its callback: /api/thanh-toan/callback/<id>. */
  readonly id: ProviderId;
  /** Whether the shape of its messages is confirmed by a published specification. */
  readonly shape: 'confirmed' | 'observed';
  createPaymentRequest(input: PaymentRequestInput): Promise<CreatedRequest>;
  /** The notice in a verified body, or why it is not one. */
  readNotice(body: unknown): { ok: true; notice: PaymentNotice } | { ok: false };
}

export const PROVIDER_IDS = ['dvcqg', 'chuyen-khoan'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
export const isProviderId = (v: string): v is ProviderId =>
  (PROVIDER_IDS as readonly string[]).includes(v);

/** Which secret verifies each provider's notifications (wrangler secrets). */
export const PROVIDER_SECRETS = {
  dvcqg: 'PAYMENT_SECRET_DVCQG',
  'chuyen-khoan': 'PAYMENT_SECRET_CHUYEN_KHOAN',
} as const satisfies Record<ProviderId, string>;

const read =
  (schema: typeof nationalPlatformNotice | typeof transferNotice) =>
  (body: unknown): { ok: true; notice: PaymentNotice } | { ok: false } => {
    const parsed = schema.safeParse(body);
    return parsed.success ? { ok: true, notice: parsed.data } : { ok: false };
  };

/**
 * Bank transfer to the collecting account: the VietQR code fills in the transfer; only the
 * bank's signed notification (or the officer, for cash) confirms a payment.
 */
export const transferProvider: PaymentProvider = {
  id: 'chuyen-khoan',
  shape: 'confirmed',
  async createPaymentRequest({ reference, amount, agency }) {
    const account = agency.collectingAccount;
    if (!account) return { kind: 'unavailable', reason: 'no collecting account configured' };
    const payload = encodeVietQr({
      bin: account.bin,
      accountNumber: account.accountNumber,
      amount,
      purpose: reference,
    });
    return { kind: 'transfer-qr', payload, account };
  },
  readNotice: read(transferNotice),
};

/** How each provider's notices are read (no configuration needed to read them). */
export const NOTICE_READERS: Record<ProviderId, PaymentProvider['readNotice']> = {
  dvcqg: read(nationalPlatformNotice),
  'chuyen-khoan': transferProvider.readNotice,
};

const TIMEOUT_MS = 8000;

/** The platform's answer to a payment request: OBSERVED shape. */
interface PlatformAnswer {
  MaLoi?: unknown;
  DuongDanThanhToan?: unknown;
}

/**
 * The national payment platform (Nền tảng thanh toán trên Cổng Dịch vụ công quốc gia).
 * OBSERVED shape: public code shows form POSTs whose `data` field is base64 JSON; the field
 * names follow the portal's other interfaces. Nothing here is confirmed by a specification.
 */
export function nationalPlatformProvider(
  config: { url: string; merchant: string; timeoutMs?: number },
  fetcher: typeof fetch = fetch,
): PaymentProvider {
  return {
    id: 'dvcqg',
    shape: 'observed',
    async createPaymentRequest({ reference, amount, agency, returnUrl }) {
      const data = {
        MaDoiTac: config.merchant,
        MaThamChieu: reference,
        SoTien: amount,
        MaDonVi: agency.code,
        NoiDung: `Phi, le phi ho so ${reference}`,
        UrlTraVe: returnUrl,
      };
      let binary = '';
      for (const byte of new TextEncoder().encode(JSON.stringify(data))) {
        binary += String.fromCharCode(byte);
      }
      try {
        const res = await fetcher(config.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ data: btoa(binary) }),
          signal: AbortSignal.timeout(config.timeoutMs ?? TIMEOUT_MS),
        });
        if (!res.ok) return { kind: 'unavailable', reason: `platform answered ${res.status}` };
        const answer = (await res.json().catch(() => undefined)) as PlatformAnswer | undefined;
        if (!answer) return { kind: 'unavailable', reason: 'answer is not JSON' };
        if (answer.MaLoi !== '00') {
          return { kind: 'unavailable', reason: `platform refused (${String(answer.MaLoi)})` };
        }
        const url = typeof answer.DuongDanThanhToan === 'string' ? answer.DuongDanThanhToan : '';
        if (!/^https:\/\//.test(url))
          return { kind: 'unavailable', reason: 'no https payment link' };
        return { kind: 'pay-url', url };
      } catch (error) {
        return {
          kind: 'unavailable',
          reason: error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network',
        };
      }
    },
    readNotice: NOTICE_READERS.dvcqg,
  };
}
