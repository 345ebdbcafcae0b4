import { z } from 'zod';
import { text } from './common.ts';

/**
 * The online request form of a procedure, declared in its frontmatter
 * (`onlineForm:`). The same definition renders the HTML form, builds the zod
 * schema the Worker validates with, and drives the checks in the browser.
 */

export const FORM_FIELD_TYPES = [
  'text',
  'person-name',
  'textarea',
  'date',
  'number',
  'select',
  'radio',
  'checkbox',
  'email',
  'tel',
  'id-number',
] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

const FIELD_NAME_RE = /^[a-z][a-z0-9-]{0,39}$/;

export const formOption = z.strictObject({
  value: z
    .string()
    .trim()
    .regex(FIELD_NAME_RE, { error: 'giá trị lựa chọn viết chữ thường không dấu, ví dụ "nam"' })
    .meta({ title: 'Giá trị' }),
  label: text('Nhãn lựa chọn'),
});

export const formField = z
  .strictObject({
    name: z
      .string({ error: 'phải là tên trường' })
      .trim()
      .regex(FIELD_NAME_RE, {
        error: 'tên trường viết chữ thường không dấu, số và dấu gạch ngang, ví dụ "ho-ten-tre"',
      })
      .meta({ title: 'Tên trường', description: 'Định danh ngắn, duy nhất trong biểu mẫu.' }),
    label: text('Nhãn', 'Câu hỏi người dân thấy, ví dụ "Họ, chữ đệm và tên của trẻ".'),
    type: z
      .enum(FORM_FIELD_TYPES, { error: `chỉ nhận một trong: ${FORM_FIELD_TYPES.join(', ')}` })
      .default('text')
      .meta({ title: 'Kiểu dữ liệu' }),
    hint: text('Gợi ý', 'Một câu giải thích cách điền.').optional(),
    required: z.boolean({ error: 'ghi true hoặc false' }).default(true).meta({ title: 'Bắt buộc' }),
    options: z.array(formOption).min(2, { error: 'cần ít nhất hai lựa chọn' }).optional().meta({
      title: 'Các lựa chọn',
      description: 'Bắt buộc với kiểu select và radio.',
    }),
    min: z.number().optional().meta({ title: 'Giá trị nhỏ nhất (kiểu number)' }),
    max: z.number().optional().meta({ title: 'Giá trị lớn nhất (kiểu number)' }),
    maxLength: z
      .number()
      .int()
      .min(1)
      .max(5000)
      .optional()
      .meta({ title: 'Số ký tự tối đa', description: 'Mặc định 200 (text) hoặc 2000 (textarea).' }),
    past: z
      .boolean()
      .optional()
      .meta({ title: 'Ngày trong quá khứ', description: 'Với kiểu date: không được sau hôm nay.' }),
  })
  .superRefine((field, ctx) => {
    const needsOptions = field.type === 'select' || field.type === 'radio';
    if (needsOptions && !field.options) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `kiểu ${field.type} cần danh sách options`,
      });
    }
    if (!needsOptions && field.options) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `options chỉ dùng cho kiểu select hoặc radio`,
      });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'min lớn hơn max' });
    }
  });

export const onlineFormDefinition = z
  .strictObject({
    intro: text('Lời dẫn', 'Một hai câu hướng dẫn ở đầu biểu mẫu.').optional(),
    fields: z.array(formField).default([]).meta({ title: 'Các trường của thủ tục' }),
    attachments: z
      .enum(['optional', 'required', 'none'], { error: 'chỉ nhận optional, required hoặc none' })
      .default('optional')
      .meta({
        title: 'Tệp đính kèm',
        description:
          'required: phải tải lên bản chụp các giấy tờ bắt buộc; optional: có thể tải lên; none: không tải lên.',
      }),
  })
  .superRefine((form, ctx) => {
    const seen = new Set<string>();
    form.fields.forEach((field, i) => {
      if (seen.has(field.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i, 'name'],
          message: `tên trường "${field.name}" bị trùng`,
        });
      }
      seen.add(field.name);
    });
  })
  .meta({
    title: 'Biểu mẫu nộp trực tuyến',
    description:
      'Các thông tin người dân khai khi nộp trực tuyến, ngoài phần thông tin người nộp chung.',
  });

export type FormField = z.output<typeof formField>;
export type OnlineFormDefinition = z.output<typeof onlineFormDefinition>;
