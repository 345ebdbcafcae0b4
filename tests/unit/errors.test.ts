import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  type Problem,
  problemsOf,
  toFormErrors,
  toOpen311Descriptions,
} from '../../src/domain/errors.ts';
import { formNameOfPath } from '../../src/schemas/submission.ts';

/** The one path for request errors: zod → dotted problems → each channel. */

const schema = z.strictObject({
  applicant: z.strictObject({
    idNumber: z.string().regex(/^\d{12}$/, { error: 'Số định danh có 12 chữ số' }),
  }),
  fields: z.strictObject({ 'loai-giay-to': z.enum(['a', 'b'], { error: 'Chọn loại giấy tờ' }) }),
});

describe('problemsOf', () => {
  test.each([
    [
      { applicant: { idNumber: '1' }, fields: { 'loai-giay-to': 'a' } },
      'applicant.idNumber',
      'Số định danh có 12 chữ số',
    ],
    [
      { applicant: { idNumber: '058185001234' }, fields: { 'loai-giay-to': 'x' } },
      'fields.loai-giay-to',
      'Chọn loại giấy tờ',
    ],
    [
      { applicant: { idNumber: '058185001234' }, fields: { 'loai-giay-to': 'a' }, extra: 1 },
      'extra',
      'trường không được phép (unknown field)',
    ],
  ])('%o → %s', (input, path, message) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(problemsOf(result.error)).toEqual([{ path, message }]);
  });

  test('a prefix puts nested lists under their name', () => {
    const result = z.array(z.object({ data: z.string() })).safeParse([{ data: 1 }]);
    if (result.success) throw new Error('should fail');
    expect(problemsOf(result.error, ['attachments'])[0]?.path).toBe('attachments.0.data');
  });
});

const problems: Problem[] = [
  { path: 'applicant.phone', message: 'Số điện thoại di động có 10 chữ số' },
  { path: 'applicant.phone', message: 'second message for the same field' },
  { path: 'fields.loai-giay-to', message: 'Chọn loại giấy tờ' },
  { path: 'attachments.2', message: 'Tệp lớn hơn 5 MB' },
  { path: 'idempotencyKey', message: 'Biểu mẫu này đã được dùng' },
];

describe('channels', () => {
  test('form: by input name, first problem per input, unlinked where no input shows it', () => {
    expect(toFormErrors(problems, formNameOfPath)).toEqual([
      { name: 'dien-thoai', message: 'Số điện thoại di động có 10 chữ số' },
      { name: 'f-loai-giay-to', message: 'Chọn loại giấy tờ' },
      { name: 'tep-2', message: 'Tệp lớn hơn 5 MB' },
      { name: '', id: '', message: 'Biểu mẫu này đã được dùng' },
    ]);
  });

  test('Open311: labelled, bare, or the refusal message; one per label', () => {
    const labelOf = (path: string) =>
      path === 'idempotencyKey'
        ? null
        : path.startsWith('attachments')
          ? undefined
          : `attribute[${formNameOfPath(path)}]`;
    expect(
      toOpen311Descriptions({ message: 'Idempotency-Key này đã dùng', problems }, labelOf),
    ).toEqual([
      'attribute[dien-thoai]: Số điện thoại di động có 10 chữ số',
      'attribute[f-loai-giay-to]: Chọn loại giấy tờ',
      'Tệp lớn hơn 5 MB',
      'Idempotency-Key này đã dùng',
    ]);
    expect(toOpen311Descriptions({ message: 'Thiếu service_code.', problems: [] })).toEqual([
      'Thiếu service_code.',
    ]);
  });
});
