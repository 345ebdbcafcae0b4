/**
 * The criteria citizens rate, as stored (one column per key) and named in the statistics. The
 * questions, the answers and their scores (2 / 1 / 0) and the legal basis are data: the
 * `evaluation` of the dossier's rule set (content/rules/<id>.yaml, src/domain/rules/), so a
 * 2018 dossier is asked the 2018 questions. A new criterion needs a column, hence code.
 * Every criterion can be skipped; only the overall satisfaction is required.
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
  /** Short name for tables and statistics. */
  label: string;
}

export const CRITERIA_DEFINITIONS: Record<CriterionKey, Criterion> = {
  time: { key: 'time', label: 'Thời gian trả kết quả' },
  contacts: { key: 'contacts', label: 'Số lần liên hệ để hoàn thiện hồ sơ' },
  agencies: { key: 'agencies', label: 'Số cơ quan phải liên hệ' },
  information: { key: 'information', label: 'Thông tin công khai đúng, đủ' },
  attitude: { key: 'attitude', label: 'Thái độ của cán bộ' },
  cost: { key: 'cost', label: 'Không phát sinh chi phí ngoài quy định' },
  online: { key: 'online', label: 'Chất lượng dịch vụ trực tuyến' },
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
