import { describe, expect, test } from 'vitest';
import { problemsOf } from '../../src/domain/errors.ts';
import { checkField } from '../../src/domain/forms/fields.ts';
import { summaryHeading } from '../../src/domain/forms/messages.ts';
import type { FormField } from '../../src/schemas/online-form.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { submissionSchema } from '../../src/schemas/submission.ts';
import { renderApplyForm } from '../../src/ui/apply-form.ts';
import { renderErrorSummary } from '../../src/ui/form.ts';
import { formToInput, toSubmissionFormErrors } from '../../functions/services/intake.ts';

/**
 * The browser script (src/client/bieu-mau.ts) checks each field with the rule the page
 * carries in `data-rule` and `checkField`; the Worker checks the post with the zod schema.
 * For the same values, both must name the same fields with the same words.
 */

const today = '2026-12-05';
const procedure = {
  code: '9.999999',
  slug: 'thu-nghiem',
  title: 'Thủ tục thử nghiệm',
  online: 'mot-phan',
  status: 'active',
  agencies: ['ubnd-a', 'ubnd-b'],
  documents: [],
  onlineForm: {
    attachments: 'none',
    fields: [
      { name: 'so-ban', label: 'Số bản sao', type: 'number', required: true, min: 1, max: 10 },
      {
        name: 'loai',
        label: 'Loại giấy tờ',
        type: 'select',
        required: true,
        options: [
          { value: 'khai-sinh', label: 'Khai sinh' },
          { value: 'ket-hon', label: 'Kết hôn' },
        ],
      },
      {
        name: 'gioi-tinh',
        label: 'Giới tính',
        type: 'radio',
        required: true,
        options: [
          { value: 'nam', label: 'Nam' },
          { value: 'nu', label: 'Nữ' },
        ],
      },
      { name: 'ngay-dang-ky', label: 'Ngày đăng ký', type: 'date', required: false, past: true },
      { name: 'cam-ket', label: 'Tôi cam kết', type: 'checkbox', required: true },
      { name: 'ghi-chu', label: 'Ghi chú', type: 'textarea', required: false, maxLength: 20 },
    ],
  },
} as unknown as Procedure;
const agencies = [
  { slug: 'ubnd-a', name: 'UBND xã A' },
  { slug: 'ubnd-b', name: 'UBND xã B' },
];
const communes = [{ name: 'Bắc Phong', unit: 'xa' as const, label: 'Xã Bắc Phong' }];

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The rules the page hands the script, in page order. */
const rules: FormField[] = [
  ...String(
    renderApplyForm(procedure, {
      agencies: agencies as never,
      communes,
      state: { values: {}, errors: [], idempotencyKey: 'k' },
    }),
  ).matchAll(/data-rule="([^"]*)"/g),
].map(([, json]) => JSON.parse(decode(json as string)) as FormField);

/** What the script shows (as bieu-mau.ts does on submit): input name → message. */
function clientErrors(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of rules) {
    const inBehalf = rule.name.startsWith('nguoi-nop-');
    if (inBehalf && values['nop-thay'] !== 'co') continue;
    const field = inBehalf ? { ...rule, required: true } : rule;
    const { error } = checkField(field, values[rule.name] ?? '', { today, values });
    if (error) out[rule.name] = error;
  }
  return out;
}

/** What the Worker shows for the same post: input name → message. */
function serverErrors(values: Record<string, string>): Record<string, string> {
  const parsed = submissionSchema(procedure, {
    today,
    agencies,
    communes: ['Bắc Phong'],
  }).safeParse(formToInput(values, procedure));
  if (parsed.success) return {};
  return Object.fromEntries(
    toSubmissionFormErrors(problemsOf(parsed.error)).map((e) => [e.name, e.message]),
  );
}

const valid: Record<string, string> = {
  'co-quan': 'ubnd-a',
  'ho-ten': 'Nguyễn Thị Lan',
  'so-dinh-danh': '058185001234',
  'ngay-sinh': '1985-03-02',
  'dien-thoai': '0912 345 678',
  email: '',
  'dia-chi': 'Thôn Ba Tháp',
  xa: 'Bắc Phong',
  'f-so-ban': '2',
  'f-loai': 'khai-sinh',
  'f-gioi-tinh': 'nu',
  'f-ngay-dang-ky': '',
  'f-cam-ket': 'co',
  'f-ghi-chu': '',
};

const cases: [string, Record<string, string>][] = [
  ['everything valid', {}],
  ['every input empty', Object.fromEntries(Object.keys(valid).map((k) => [k, '']))],
  [
    'wrong values everywhere',
    {
      'co-quan': 'ubnd-z',
      'ho-ten': 'L4n',
      'so-dinh-danh': '1234',
      'ngay-sinh': '31/02/1985',
      'dien-thoai': '123',
      email: 'khong-phai-email',
      xa: 'Nơi lạ',
      'f-so-ban': '99',
      'f-loai': 'khac',
      'f-gioi-tinh': 'x',
      'f-ngay-dang-ky': '2099-01-01',
      'f-ghi-chu': 'quá hai mươi ký tự rồi đấy',
    },
  ],
  [
    'an ID number against the birth year, and an empty name',
    { 'so-dinh-danh': '058190001234', 'ho-ten': '' },
  ],
  ['the fourth digit against the century', { 'so-dinh-danh': '058285001234' }],
  ['on behalf, with the representative empty', { 'nop-thay': 'co' }],
  [
    'on behalf, with wrong representative values',
    {
      'nop-thay': 'co',
      'nguoi-nop-ho-ten': 'A',
      'nguoi-nop-so-dinh-danh': '12',
      'nguoi-nop-dien-thoai': '0100000000',
      'nguoi-nop-quan-he': 'con',
    },
  ],
];

describe('the script words every error as the Worker does', () => {
  test.each(cases)('%s', (_, changes) => {
    const values = { ...valid, ...changes };
    const server = serverErrors(values);
    expect(clientErrors(values)).toEqual(server);
  });

  test('the cases cover errors of every kind of field', () => {
    const all = cases.flatMap(([, changes]) => Object.keys(serverErrors({ ...valid, ...changes })));
    for (const name of [
      'co-quan',
      'xa',
      'so-dinh-danh',
      'f-loai',
      'f-gioi-tinh',
      'f-cam-ket',
      'nguoi-nop-ho-ten',
    ])
      expect(all).toContain(name);
  });

  test('both count errors in the same words', () => {
    const errors = [
      { name: 'a', message: 'x' },
      { name: 'b', message: 'y' },
    ];
    expect(String(renderErrorSummary(errors))).toContain(`<h2>${summaryHeading(2)}</h2>`);
    expect(summaryHeading(2)).toBe('Có 2 lỗi cần sửa');
  });
});
