import { z } from 'zod';
import { slug, text } from './common.ts';

export const fieldEntry = z.strictObject({
  slug: slug('Mã lĩnh vực', 'Ví dụ "ho-tich".'),
  name: text('Tên lĩnh vực', 'Ví dụ "Hộ tịch".'),
  description: text('Mô tả').optional(),
});

export const fieldsFile = z.strictObject({
  fields: z.array(fieldEntry).min(1, { error: 'cần ít nhất một lĩnh vực' }),
});

export type Field = z.output<typeof fieldEntry>;
