/**
 * What citizens rate (Nghị định 61/2018/NĐ-CP, Điều 31) and how each answer scores
 * (2 / 1 / 0, the scale of Thông tư 01/2018/TT-VPCP, Điều 13). Every criterion can be
 * skipped; only the overall satisfaction is required.
 */

export const CRITERIA = [
  'time',
  'contacts',
  'agencies',
  'information',
  'attitude',
  'cost',
  'online',
] as const;
export type CriterionKey = (typeof CRITERIA)[number];

export type Score = 0 | 1 | 2;

export interface Criterion {
  key: CriterionKey;
  /** The question as the citizen reads it. */
  question: string;
  /** Short name for tables and statistics. */
  label: string;
  /** NĐ 61/2018 Art 31 point, and the TT 01/2018 Art 13 indicator it feeds, if any. */
  basis: string;
  indicator?: number;
  /** Answers from best to worst, each with its score. */
  options: readonly { score: Score; label: string }[];
}

export const CRITERIA_DEFINITIONS: Record<CriterionKey, Criterion> = {
  time: {
    key: 'time',
    question: 'Ông/bà nhận kết quả so với ngày hẹn trả như thế nào?',
    label: 'Thời gian trả kết quả',
    basis: 'Điểm a khoản 1 Điều 31 Nghị định 61/2018/NĐ-CP; chỉ số 1 Điều 13 Thông tư 01/2018',
    indicator: 1,
    options: [
      { score: 2, label: 'Sớm hơn ngày hẹn' },
      { score: 1, label: 'Đúng ngày hẹn' },
      { score: 0, label: 'Muộn hơn ngày hẹn' },
    ],
  },
  contacts: {
    key: 'contacts',
    question: 'Ông/bà phải liên hệ thêm bao nhiêu lần để bổ sung, hoàn thiện hồ sơ?',
    label: 'Số lần liên hệ để hoàn thiện hồ sơ',
    basis: 'Điểm c khoản 1 Điều 31 Nghị định 61/2018/NĐ-CP; chỉ số 3 Điều 13 Thông tư 01/2018',
    indicator: 3,
    options: [
      { score: 2, label: 'Không lần nào' },
      { score: 1, label: 'Một lần' },
      { score: 0, label: 'Hai lần trở lên' },
    ],
  },
  agencies: {
    key: 'agencies',
    question: 'Ông/bà phải đến những nơi nào để làm thủ tục này?',
    label: 'Số cơ quan phải liên hệ',
    basis: 'Điểm b khoản 1 Điều 31 Nghị định 61/2018/NĐ-CP; chỉ số 4 Điều 13 Thông tư 01/2018',
    indicator: 4,
    options: [
      { score: 2, label: 'Không phải đến đâu (làm trực tuyến)' },
      { score: 1, label: 'Chỉ Bộ phận Một cửa' },
      { score: 0, label: 'Thêm cơ quan khác ngoài Bộ phận Một cửa' },
    ],
  },
  information: {
    key: 'information',
    question: 'Thông tin về thủ tục được công khai (giấy tờ, thời hạn, phí) có đúng và đủ không?',
    label: 'Thông tin công khai đúng, đủ',
    basis: 'Điểm d khoản 1 Điều 31 Nghị định 61/2018/NĐ-CP',
    options: [
      { score: 2, label: 'Đúng và đủ' },
      { score: 1, label: 'Có chỗ thiếu hoặc khó hiểu' },
      { score: 0, label: 'Sai, phải làm khác với thông tin đã công khai' },
    ],
  },
  attitude: {
    key: 'attitude',
    question: 'Thái độ của cán bộ tiếp nhận và giải quyết hồ sơ?',
    label: 'Thái độ của cán bộ',
    basis: 'Điểm đ khoản 1 Điều 31 Nghị định 61/2018/NĐ-CP; chỉ số 7 Điều 13 Thông tư 01/2018',
    indicator: 7,
    options: [
      { score: 2, label: 'Lịch sự, tận tình' },
      { score: 1, label: 'Bình thường' },
      { score: 0, label: 'Thiếu tôn trọng, gây khó khăn' },
    ],
  },
  cost: {
    key: 'cost',
    question: 'Ngoài phí, lệ phí đã công khai, ông/bà có phải trả khoản nào khác không?',
    label: 'Không phát sinh chi phí ngoài quy định',
    basis: 'Điểm e khoản 1 Điều 31 Nghị định 61/2018/NĐ-CP',
    options: [
      { score: 2, label: 'Không, chỉ phí, lệ phí đã công khai' },
      { score: 0, label: 'Có, bị yêu cầu trả thêm khoản không có trong quy định' },
    ],
  },
  online: {
    key: 'online',
    question:
      'Nếu ông/bà dùng dịch vụ trực tuyến (nộp, tra cứu hồ sơ trên trang này): dùng có dễ không?',
    label: 'Chất lượng dịch vụ trực tuyến',
    basis: 'Điểm h khoản 1 Điều 31 Nghị định 61/2018/NĐ-CP',
    options: [
      { score: 2, label: 'Dễ dùng, thông tin tiến độ đúng' },
      { score: 1, label: 'Dùng được nhưng còn khó' },
      { score: 0, label: 'Không dùng được, phải đến tận nơi' },
    ],
  },
};

/** The overall satisfaction, 5 (best) to 1. */
export const SATISFACTION_LEVELS = [5, 4, 3, 2, 1] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];
export const SATISFACTION_LABELS: Record<SatisfactionLevel, string> = {
  5: 'Rất hài lòng',
  4: 'Hài lòng',
  3: 'Bình thường',
  2: 'Không hài lòng',
  1: 'Rất không hài lòng',
};

/** Days after the first answer during which the citizen may change it. */
export const EVALUATION_EDIT_DAYS = 7;

/** An evaluation can be changed until EVALUATION_EDIT_DAYS after it was first given. */
export function editableUntil(createdAt: string): Date {
  return new Date(Date.parse(createdAt) + EVALUATION_EDIT_DAYS * 86_400_000);
}

export const isScore = (n: unknown): n is Score => n === 0 || n === 1 || n === 2;
