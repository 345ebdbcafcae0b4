/**
 * Delivery of messages to citizens, independent of any provider: the channels a citizen may
 * choose, how a provider's answer is classified, when a temporary failure is tried again,
 * and what the officer sees of each message. The classes follow GOV.UK Notify's taxonomy
 * (docs/adr/0019-notifications.md):
 *
 * - temporary: timeouts, 5xx, rate limits, provider busy → tried again with backoff;
 * - permanent: this recipient cannot get this message (invalid number, blocked the OA,
 *   template rejected) → stopped, shown to the officer, who contacts the citizen otherwise;
 * - technical: our side is wrong (credentials, configuration, balance) → stopped, an alert
 *   on the back-office dashboard and one log line without personal data.
 */

export const NOTIFY_CHANNELS = ['zalo', 'sms', 'email'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

export const CHANNEL_LABELS: Record<NotifyChannel, string> = {
  zalo: 'Zalo',
  sms: 'Tin nhắn SMS',
  email: 'Thư điện tử (email)',
};

export const isNotifyChannel = (value: unknown): value is NotifyChannel =>
  typeof value === 'string' && (NOTIFY_CHANNELS as readonly string[]).includes(value);

export type FailureClass = 'temporary' | 'permanent' | 'technical';

/** What a sender reports: sent (with the provider's id, if any) or failed with a class and a code. */
export type SendOutcome =
  | { ok: true; providerId?: string | undefined }
  | { ok: false; failure: FailureClass; code: string };

/** A temporary failure after this many attempts is given up as permanent ("hết lượt thử"). */
export const MAX_ATTEMPTS = 6;

/** Seconds before attempt `attempt + 1`: 1, 2, 4, 8, 16 minutes (capped at one hour). */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(60 * 2 ** Math.max(0, attempt - 1), 3600);
}

/** The decision after one attempt. */
export function nextStep(
  outcome: SendOutcome,
  attempt: number,
):
  | { state: 'sent' }
  | { state: 'retrying'; delaySeconds: number }
  | { state: 'failed'; failure: FailureClass } {
  if (outcome.ok) return { state: 'sent' };
  if (outcome.failure === 'temporary' && attempt < MAX_ATTEMPTS) {
    return { state: 'retrying', delaySeconds: retryDelaySeconds(attempt) };
  }
  return { state: 'failed', failure: outcome.failure };
}

/** An HTTP status or a network error, for any provider: 408/429/5xx temporary, 401/403 technical. */
export function classifyHttp(status: number): FailureClass {
  if (status === 408 || status === 429 || status >= 500) return 'temporary';
  if (status === 401 || status === 403) return 'technical';
  return 'permanent';
}

/**
 * Zalo ZNS `error` codes (zalo.cloud/zns/guidelines/handle-error-code). Codes not listed
 * here: technical, so that an unknown answer raises the alert instead of being retried
 * forever or hidden as the citizen's problem.
 */
const ZNS_CODES: Record<string, FailureClass> = {
  '-100': 'temporary', // unknown error, "thử lại sau"
  '-101': 'technical', // application invalid
  '-102': 'technical', // application not existed
  '-103': 'technical', // application not activated
  '-104': 'technical', // app secret key invalid
  '-105': 'technical', // application not linked to any OA
  '-106': 'technical', // method unsupported
  '-108': 'permanent', // phone number invalid
  '-109': 'permanent', // template id invalid (not approved / rejected)
  '-110': 'permanent', // user's Zalo version unsupported
  '-111': 'permanent', // template data empty
  '-112': 'permanent', // template data invalid
  '-114': 'permanent', // user inactive, or rejects messages from this OA
  '-115': 'technical', // out of quota (the OA's balance)
  '-117': 'permanent', // OA/app may not use this template
  '-118': 'permanent', // Zalo account does not exist
  '-119': 'permanent', // account cannot receive ZNS
  '-124': 'technical', // access token invalid
};

export function classifyZns(error: number): FailureClass {
  return ZNS_CODES[String(error)] ?? 'technical';
}

/** eSMS `CodeResult` (developers.esms.vn, table of error codes); 100 = accepted. */
const ESMS_CODES: Record<string, FailureClass> = {
  '99': 'permanent', // phone number blocked
  '101': 'technical', // wrong ApiKey/SecretKey
  '102': 'technical', // no price list
  '103': 'technical', // balance too low
  '104': 'technical', // brandname not registered
  '108': 'permanent', // phone number format
  '118': 'technical', // unsupported message type
  '140': 'technical', // IP not whitelisted
  '146': 'permanent', // text does not match the registered customer-care template
  '177': 'permanent', // the recipient's network is not registered for the brandname
};

export function classifyEsms(code: string): FailureClass {
  return ESMS_CODES[code] ?? 'technical';
}

/** What each message tells the citizen, as the officer reads it in the list of messages. */
export const MESSAGE_KIND_LABELS: Record<string, string> = {
  received: 'Đã tiếp nhận hồ sơ',
  supplement: 'Yêu cầu bổ sung',
  refused: 'Không tiếp nhận',
  apology: 'Xin lỗi, hẹn lại',
  stopped: 'Dừng giải quyết',
  withdrawn: 'Rút hồ sơ',
  'result-ready': 'Đã có kết quả',
  returned: 'Đã trả kết quả',
  'stop-refused': 'Không chấp nhận yêu cầu dừng',
};

/** The delivery state of one message as stored (migrations/0022). */
export type DeliveryState = 'pending' | 'retrying' | 'sent' | 'failed';

const REASONS: Record<string, string> = {
  // Our own codes (senders and the consumer).
  'no-template': 'mẫu tin chưa được đăng ký với nhà cung cấp',
  'no-address': 'không có địa chỉ nhận',
  'not-configured': 'kênh gửi chưa được cấu hình',
  network: 'không kết nối được nhà cung cấp',
  'too-many-attempts': 'đã thử lại nhiều lần không được',
};

const CLASS_LABELS: Record<FailureClass, string> = {
  temporary: 'lỗi tạm thời',
  permanent: 'người nhận không nhận được tin',
  technical: 'lỗi cấu hình của hệ thống gửi tin',
};

/** What the officer reads: "chờ gửi", "đã gửi", "đang thử lại", "không gửi được: <lý do>". */
export function deliveryLabel(row: {
  state: DeliveryState;
  failure: FailureClass | null;
  reason: string | null;
}): string {
  if (row.state === 'sent') return 'Đã gửi';
  if (row.state === 'pending') return 'Chờ gửi';
  const why =
    (row.reason && REASONS[row.reason]) ??
    (row.failure ? CLASS_LABELS[row.failure] : 'không rõ lý do');
  const code = row.reason && !REASONS[row.reason] ? ` (mã ${row.reason})` : '';
  if (row.state === 'retrying') return `Đang thử lại: ${why}${code}`;
  return `Không gửi được: ${why}${code}`;
}

/** A Vietnamese mobile number as ZNS takes it: 0912345678 → 84912345678. */
export function internationalPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.startsWith('84')) return digits;
  return digits.startsWith('0') ? `84${digits.slice(1)}` : digits;
}
