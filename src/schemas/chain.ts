import { z } from 'zod';
import { pendingList, slug, text } from './common.ts';
import { documentItem, feeItem, legalDocument, procedureCode } from './procedure.ts';

/**
 * A chained procedure (thủ tục liên thông, một cửa liên thông): one submission, one code and one
 * receipt for several procedures done by several agencies. The chain names its members, the order
 * (stages: the members of a stage run in parallel, a stage starts when every member of the stage
 * before has its result), the documents asked once for all members, the combined time and fees,
 * how results are returned, and what a refusal or a supplement request of one member does to the
 * others. content/chains/<slug>.yaml; ADR 0021.
 */

export const CHAIN_CODE_RE = /^(?:\d|DP)\.\d{6}(?:\.\d{2})?$/;

export const RETURN_MODES = ['cung-luc', 'tung-phan'] as const;
export const RETURN_MODE_LABELS: Record<(typeof RETURN_MODES)[number], string> = {
  'cung-luc': 'Trả kết quả cùng lúc khi mọi thủ tục đã có kết quả',
  'tung-phan': 'Trả kết quả của từng thủ tục ngay khi thủ tục đó có kết quả',
};

export const chainMember = z
  .strictObject({
    procedure: procedureCode,
    stage: z.number({ error: 'phải là số thứ tự bước, ví dụ 1' }).int().min(1).max(5).meta({
      title: 'Bước',
      description:
        'Thủ tục bước 1 bắt đầu khi nhận hồ sơ; thủ tục bước 2 bắt đầu khi mọi thủ tục bước 1 đã có kết quả. Các thủ tục cùng bước làm song song.',
    }),
    ifRefused: text(
      'Nếu thủ tục này không được giải quyết',
      'Câu báo cho người dân biết ảnh hưởng tới các thủ tục khác, ví dụ "Không thể đăng ký thường trú và cấp thẻ BHYT khi chưa đăng ký khai sinh."',
    ),
    ifSupplement: text(
      'Nếu thủ tục này cần bổ sung',
      'Câu báo cho người dân biết các thủ tục khác có phải chờ không.',
    ),
    stopsOthers: z.boolean().default(false).meta({
      title: 'Không giải quyết thì dừng các thủ tục sau',
      description:
        'Ghi true khi các thủ tục ở bước sau không thể làm nếu thủ tục này bị từ chối (ví dụ chưa có khai sinh thì không đăng ký thường trú được).',
    }),
  })
  .meta({ title: 'Thủ tục thành phần' });

export const chainDocument = documentItem
  .extend({
    members: z.array(procedureCode).min(1).meta({
      title: 'Dùng cho thủ tục',
      description: 'Mã các thủ tục thành phần cần giấy tờ này; giấy tờ chỉ nộp một lần.',
    }),
  })
  .meta({ title: 'Thành phần hồ sơ liên thông' });

export const chainFile = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(CHAIN_CODE_RE, { error: 'mã có dạng 1.001193.02 (mã thủ tục liên thông)' })
      .optional()
      .meta({ title: 'Mã thủ tục liên thông' }),
    title: text('Tên thủ tục liên thông', undefined, 5),
    summary: text('Mô tả ngắn'),
    members: z
      .array(chainMember)
      .min(2, { error: 'một thủ tục liên thông có ít nhất hai thủ tục thành phần' })
      .meta({ title: 'Thủ tục thành phần' }),
    documents: z.array(chainDocument).min(1).meta({ title: 'Thành phần hồ sơ liên thông' }),
    time: z
      .strictObject({
        days: z.number().int().min(0).max(365).optional().meta({ title: 'Số ngày làm việc' }),
        note: text('Ghi chú về thời hạn').optional(),
      })
      .default({})
      .meta({
        title: 'Thời hạn liên thông',
        description:
          'Bỏ trống days để cổng tự cộng thời hạn các bước (bước dài nhất của mỗi bước); ghi days khi văn bản công bố một thời hạn chung.',
      }),
    fees: z.array(feeItem).default([]).meta({ title: 'Phí, lệ phí' }),
    results: z.enum(RETURN_MODES).meta({
      title: 'Cách trả kết quả',
      description: 'cung-luc (trả cùng lúc) hoặc tung-phan (thủ tục nào xong trả thủ tục đó).',
    }),
    resultsNote: text('Ghi chú về trả kết quả').optional(),
    legalBasis: z.array(legalDocument).default([]).meta({ title: 'Căn cứ pháp lý' }),
    keywords: z.array(text('Từ khóa')).default([]).meta({ title: 'Từ khóa tìm kiếm' }),
    status: z.enum(['active', 'suspended']).default('active').meta({ title: 'Tình trạng' }),
    pending: pendingList,
  })
  .meta({ title: 'Thủ tục liên thông' });

export type ChainFile = z.output<typeof chainFile>;
export type ChainMember = z.output<typeof chainMember>;
export type ChainDocument = z.output<typeof chainDocument>;
export type ReturnMode = (typeof RETURN_MODES)[number];

export interface Chain extends ChainFile {
  /** File name without .yaml: the page /lien-thong/<slug>/ and the form's address. */
  slug: string;
  source: string;
}

export const chainSlug = slug('Thủ tục liên thông');
