import { z } from 'zod';
import { CRITERIA, type CriterionKey, type Score } from '../domain/evaluation/criteria.ts';
import { cleanComment, redactPersonalData } from '../domain/text/redact.ts';

/**
 * What citizens send about the service: an evaluation of a dossier (web or kiosk) and
 * the "was this page useful?" answer on procedure pages. The HTML forms post these
 * field names; free text loses personal data before anything else sees it.
 */

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Free text from the public: cleaned, personal data removed, at most 1,000 characters. */
export const publicComment = z.preprocess(
  blankToUndefined,
  z
    .string({ error: 'ý kiến phải là văn bản' })
    .max(4000, { error: 'ý kiến dài quá 1.000 ký tự' })
    .transform((s) => redactPersonalData(cleanComment(s)))
    .pipe(z.string().max(1000, { error: 'ý kiến dài quá 1.000 ký tự' }))
    .optional(),
);

const satisfaction = z.coerce
  .number({ error: 'Chọn mức độ hài lòng' })
  .int({ error: 'Chọn mức độ hài lòng' })
  .min(1, { error: 'Chọn mức độ hài lòng' })
  .max(5, { error: 'Chọn mức độ hài lòng' });

const score = z.preprocess(
  blankToUndefined,
  z.coerce
    .number()
    .int()
    .min(0, { error: 'câu trả lời không hợp lệ' })
    .max(2, { error: 'câu trả lời không hợp lệ' })
    .optional(),
);

/** Field names the evaluation form posts for each criterion. */
export const criterionField = (k: CriterionKey): string => `tc-${k}`;

/** The evaluation form (web): overall satisfaction, optional criteria and comment. */
export const evaluationForm = z.object({
  muc: z.preprocess(blankToUndefined, satisfaction),
  ...(Object.fromEntries(CRITERIA.map((k) => [criterionField(k), score])) as Record<
    `tc-${CriterionKey}`,
    typeof score
  >),
  'y-kien': publicComment,
});

export interface EvaluationAnswers {
  satisfaction: 1 | 2 | 3 | 4 | 5;
  criteria: Partial<Record<CriterionKey, Score>>;
  comment?: string | undefined;
}

export function answersOf(form: z.output<typeof evaluationForm>): EvaluationAnswers {
  const criteria: Partial<Record<CriterionKey, Score>> = {};
  for (const k of CRITERIA) {
    const value = (form as Record<string, unknown>)[criterionField(k)];
    if (value === 0 || value === 1 || value === 2) criteria[k] = value;
  }
  return {
    satisfaction: form.muc as EvaluationAnswers['satisfaction'],
    criteria,
    comment: form['y-kien'],
  };
}

/** The kiosk at the desk: one tap on a satisfaction level, optionally a dossier code. */
export const kioskForm = z.object({
  muc: z.preprocess(blankToUndefined, satisfaction),
  ma: z.preprocess(blankToUndefined, z.string().max(60, { error: 'Mã hồ sơ quá dài' }).optional()),
});

/** "Trang này có hữu ích không?" */
export const pageFeedbackForm = z.object({
  'thu-tuc': z.string({ error: 'thiếu mã thủ tục' }).min(1).max(40),
  'huu-ich': z.enum(['co', 'khong'], { error: 'Chọn Có hoặc Không' }),
  /** Honeypot: people never see it, so anything in it comes from a robot. */
  website: z.string().max(500).optional(),
});

/** The optional comment that follows the Có/Không answer. */
export const pageCommentForm = z.object({
  ma: z.string().regex(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{16,64}$/, { error: 'liên kết không hợp lệ' }),
  'y-kien': publicComment,
  website: z.string().max(500).optional(),
});
