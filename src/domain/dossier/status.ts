/**
 * The national dossier statuses (the DVCQG sync codes; their basis is in the rule sets),
 * with the wording citizens see. "On time / late" is derived, never a status.
 */
export const STATUS = {
  NEW: 1,
  RECEIVED: 2,
  REFUSED: 3,
  PROCESSING: 4,
  SUPPLEMENT_REQUESTED: 5,
  FINANCIAL_OBLIGATION: 6,
  WITHDRAWN: 7,
  STOPPED: 8,
  PROCESSED: 9,
  RETURNED: 10,
} as const;

export type StatusCode = (typeof STATUS)[keyof typeof STATUS];

/**
 * Statuses of a dossier still open: processing has not ended (see FINISHING_STATUSES in
 * ./timeliness.ts) and it was not withdrawn. Its due date still runs.
 */
export const OPEN_STATUSES: readonly StatusCode[] = [
  STATUS.NEW,
  STATUS.RECEIVED,
  STATUS.PROCESSING,
  STATUS.SUPPLEMENT_REQUESTED,
  STATUS.FINANCIAL_OBLIGATION,
];

/** The open statuses in which the citizen has to act (supplement documents, pay). */
export const WAITING_FOR_CITIZEN_STATUSES: readonly StatusCode[] = [
  STATUS.SUPPLEMENT_REQUESTED,
  STATUS.FINANCIAL_OBLIGATION,
];

export const STATUS_NAMES: Record<StatusCode, string> = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
};

/** What each status means for the citizen, in plain words. */
export const STATUS_PUBLIC: Record<StatusCode, string> = {
  1: 'Hồ sơ đã được gửi và đang chờ Bộ phận Một cửa kiểm tra.',
  2: 'Bộ phận Một cửa đã tiếp nhận hồ sơ hợp lệ; thời hạn giải quyết được tính từ lúc này.',
  3: 'Hồ sơ không được tiếp nhận. Xem lý do bên dưới.',
  4: 'Cơ quan có thẩm quyền đang giải quyết hồ sơ.',
  5: 'Cần bổ sung giấy tờ. Xem danh sách bên dưới; thời hạn được tính lại khi hồ sơ đủ.',
  6: 'Cần nộp phí, lệ phí hoặc nghĩa vụ tài chính trước khi nhận kết quả.',
  7: 'Hồ sơ đã được rút theo yêu cầu của người nộp.',
  8: 'Việc giải quyết hồ sơ đã dừng.',
  9: 'Đã có kết quả; mời đến nhận theo hẹn.',
  10: 'Đã trả kết quả.',
};

/** Channels as the national system codes them (KenhThucHien). */
export const CHANNEL = { COUNTER: 1, ONLINE: 2, POST: 3 } as const;
export type ChannelCode = (typeof CHANNEL)[keyof typeof CHANNEL];
export const CHANNEL_NAMES: Record<ChannelCode, string> = {
  1: 'Trực tiếp',
  2: 'Trực tuyến',
  3: 'Bưu chính công ích',
};

export const isStatusCode = (n: number): n is StatusCode =>
  Number.isInteger(n) && n >= 1 && n <= 10;
