import { z } from 'zod';
import {
  PAKN_CONTENT_MAX,
  PAKN_CONTENT_MIN,
  PAKN_KINDS,
  PAKN_RATINGS,
} from '../domain/pakn/pakn.ts';
import { cleanComment } from '../domain/text/redact.ts';
import { checkEmail, checkMobile, normalisePhone } from '../domain/validate/personal.ts';

/**
 * What the PAKN forms post (functions/routes/pakn.ts, functions/routes/office/pakn.ts). Field
 * names are the inputs' names, so problems land on the right field.
 */

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const longText = (what: string, min: number) =>
  z
    .string({ error: `Nhập ${what}` })
    .max(PAKN_CONTENT_MAX * 2, { error: `${what} dài quá ${PAKN_CONTENT_MAX} ký tự` })
    .transform((s) => cleanComment(s, PAKN_CONTENT_MAX * 2))
    .pipe(
      z
        .string()
        .min(min, { error: `Nhập ${what}, ít nhất ${min} ký tự` })
        .max(PAKN_CONTENT_MAX, {
          error: `${what.charAt(0).toUpperCase()}${what.slice(1)} dài quá ${PAKN_CONTENT_MAX.toLocaleString('vi-VN')} ký tự`,
        }),
    );

const optionalText = (max: number, message: string) =>
  z.preprocess(blankToUndefined, z.string().max(max, { error: message }).optional());

/** The citizen's PAKN (`POST /phan-anh-kien-nghi/gui`). */
export const paknForm = z
  .object({
    loai: z.enum(PAKN_KINDS, { error: 'Chọn phản ánh hoặc kiến nghị' }),
    'noi-dung': longText('nội dung phản ánh, kiến nghị', PAKN_CONTENT_MIN),
    'thu-tuc': optionalText(40, 'Mã thủ tục không hợp lệ'),
    /** The agency, among the procedure's, when the procedure has several. */
    'co-quan': optionalText(80, 'Chọn cơ quan trong danh sách'),
    ma: optionalText(60, 'Mã hồ sơ quá dài'),
    bm: optionalText(60, 'Mã tra cứu quá dài'),
    'dien-thoai': z.preprocess(
      blankToUndefined,
      z
        .string()
        .max(30, { error: 'Số điện thoại quá dài' })
        .superRefine((v, ctx) => {
          const problem = checkMobile(v);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .transform(normalisePhone)
        .optional(),
    ),
    email: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(254, { error: 'Địa chỉ email quá dài' })
        .superRefine((v, ctx) => {
          const problem = checkEmail(v);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .optional(),
    ),
    /** Honeypot: people never see it. */
    website: z.string().max(500).optional(),
  })
  .superRefine((form, ctx) => {
    // A dossier is proven with both codes, or not named at all.
    if (form.ma && !form.bm) {
      ctx.addIssue({
        code: 'custom',
        path: ['bm'],
        message: 'Nhập mã tra cứu in trên giấy tiếp nhận, hoặc xóa mã hồ sơ',
      });
    }
    if (form.bm && !form.ma) {
      ctx.addIssue({ code: 'custom', path: ['ma'], message: 'Nhập mã hồ sơ, hoặc xóa mã tra cứu' });
    }
  });
export type PaknFormValues = z.output<typeof paknForm>;

/** Free text in a link: kept as given, cut to a sane length, never an error. */
const linked = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').slice(0, max));

/**
 * `/phan-anh-kien-nghi/gui?thu-tuc=…` from a procedure page, `?ma=…&bm=…` from the lookup
 * result: what the form starts with.
 */
export const paknFormQuery = z.object({
  'thu-tuc': linked(40),
  loai: linked(20),
  ma: linked(60),
  bm: linked(60),
});

/** The citizen's rating of the answer (`POST /phan-anh-kien-nghi/danh-gia`). */
export const paknRatingForm = z.object({
  ma: z.string().max(60),
  bm: z.string().max(60),
  'danh-gia': z.enum(PAKN_RATINGS, { error: 'Chọn một mức đánh giá câu trả lời' }),
});

/** The officer's answer (`POST /can-bo/phan-anh-kien-nghi/<code>/tra-loi`). */
export const paknAnswerForm = z.object({
  'tra-loi': longText('nội dung trả lời', 10),
});

/** Publishing (`POST /can-bo/phan-anh-kien-nghi/<code>/cong-bo`): the public texts, or withdrawal. */
export const paknPublishForm = z.discriminatedUnion(
  'cong-bo',
  [
    z.object({
      'cong-bo': z.literal('co'),
      'cau-hoi': longText('nội dung công khai của phản ánh, kiến nghị', 10),
      'cau-tra-loi': longText('nội dung công khai của câu trả lời', 10),
    }),
    z.object({ 'cong-bo': z.literal('khong') }),
  ],
  { error: 'Chọn công bố hoặc thôi công bố' },
);

/** `/phan-anh-kien-nghi?thu-tuc=…&trang=…`: the published answers. */
export const paknPublishedQuery = z.object({
  'thu-tuc': z
    .string()
    .optional()
    .transform((v) => (v ?? '').slice(0, 40)),
  trang: z.coerce
    .number({ error: 'số trang phải là số' })
    .int({ error: 'số trang phải là số nguyên' })
    .min(1, { error: 'số trang từ 1' })
    .max(1000, { error: 'số trang tối đa 1000' })
    .default(1),
});

/** The officer's list (`/can-bo/phan-anh-kien-nghi?loc=…`). */
export const PAKN_OFFICE_FILTERS = ['cho-tra-loi', 'da-tra-loi', 'tat-ca'] as const;
export const paknOfficeQuery = z.object({
  loc: z.enum(PAKN_OFFICE_FILTERS, { error: 'bộ lọc không hợp lệ' }).default('cho-tra-loi'),
});
