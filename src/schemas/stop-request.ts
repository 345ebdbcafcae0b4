import { z } from 'zod';

/** Longest reason kept, as for the officers' reasons (src/domain/dossier/lifecycle.ts). */
export const STOP_REASON_MAX = 2000;

/**
 * `POST /tra-cuu/dung-giai-quyet`: the applicant asks the receiving desk to stop processing.
 * The code and secret prove the receipt; the identity number, which the QR code does not
 * carry, proves the applicant. Field names are the form's inputs.
 */
export const stopRequestForm = z.object({
  ma: z
    .string()
    .optional()
    .transform((v) => (v ?? '').slice(0, 60)),
  bm: z
    .string()
    .optional()
    .transform((v) => (v ?? '').slice(0, 60)),
  'ly-do': z
    .string({ error: 'Cần ghi lý do đề nghị dừng giải quyết hồ sơ' })
    .trim()
    .min(1, { error: 'Cần ghi lý do đề nghị dừng giải quyết hồ sơ' })
    .max(STOP_REASON_MAX, { error: `Lý do dài quá ${STOP_REASON_MAX} ký tự` }),
  'so-dinh-danh': z
    .string({ error: 'Cần nhập số định danh cá nhân của người nộp hồ sơ' })
    .transform((v) => v.replace(/[\s.]/g, ''))
    .pipe(
      z
        .string()
        .min(1, { error: 'Cần nhập số định danh cá nhân của người nộp hồ sơ' })
        .regex(/^\d{12}$/, { error: 'Số định danh cá nhân gồm đúng 12 chữ số' }),
    ),
});
export type StopRequestForm = z.output<typeof stopRequestForm>;
