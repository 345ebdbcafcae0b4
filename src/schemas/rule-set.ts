import { z } from 'zod';
import { CODE_TEMPLATE_RE } from '../domain/dossier/code.ts';
import { ACTIONS } from '../domain/dossier/lifecycle.ts';
import { CRITERIA } from '../domain/evaluation/criteria.ts';
import {
  FORM_ISSUERS,
  LEGAL_FORM_KIND_LABELS,
  LEGAL_FORM_KINDS,
  MESSAGE_KINDS,
  MESSAGE_PLACEHOLDERS,
  OPTIONAL_MESSAGE_KINDS,
  placeholdersOf,
  type RuleSet,
} from '../domain/rules/select.ts';
import { date, text } from './common.ts';

/**
 * A rule set, content/rules/<id>.yaml: the procedural rules in force from a date (src/domain/
 * rules/types.ts says what each part is for). A dossier follows the set in force on its
 * reception day and keeps it. Every value the reference could not verify says so with
 * `confirmed: false` and a `pending` note; officers and editors see the note, citizens never
 * see an unconfirmed citation.
 */

const confirmed = z
  .boolean({ error: 'ghi true (đã đối chiếu văn bản) hoặc false (chưa xác nhận)' })
  .meta({
    title: 'Đã xác nhận',
    description:
      'true khi đã đối chiếu với văn bản gốc; false khi mới có từ nguồn thứ cấp hoặc chưa rõ (khi đó ghi pending).',
  });
const pending = text(
  'Điều cần xác nhận',
  'Bắt buộc khi confirmed: false: điều gì chưa xác nhận và theo nguồn nào.',
).optional();

/** `confirmed: false` needs a `pending` note, so nothing unverified is silent. */
const needsNote = (
  value: { confirmed: boolean; pending?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (!value.confirmed && !value.pending) {
    ctx.addIssue({
      code: 'custom',
      path: ['pending'],
      message:
        'giá trị chưa xác nhận (confirmed: false) cần ghi chú pending: điều gì cần xác nhận, theo nguồn nào (pending note missing)',
    });
  }
};

const flagged = <T extends z.ZodRawShape>(shape: T) =>
  z
    .strictObject({ ...shape, confirmed, pending })
    .superRefine((value, ctx) => needsNote(value as { confirmed: boolean; pending?: string }, ctx));

const flaggedDate = (title: string, description: string) =>
  flagged({ date: date(title, description) }).meta({ title, description });

const citation = (title: string) =>
  flagged({
    text: text('Căn cứ', 'Điều, khoản và số hiệu đầy đủ của văn bản, như trong văn bản gốc.'),
  }).meta({ title });

const template = (title: string) =>
  text(title, `Có thể dùng: ${MESSAGE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`).superRefine(
    (value, ctx) => {
      for (const name of placeholdersOf(value)) {
        if (!(MESSAGE_PLACEHOLDERS as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: 'custom',
            message: `không có chỗ điền {${name}} (unknown placeholder); chỉ dùng được ${MESSAGE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
          });
        }
      }
    },
  );

/** A time limit in whole working days, between `min` and `max`. */
const workingDays = (min: number, max: number) =>
  z
    .number({ error: 'phải là số ngày làm việc' })
    .int({ error: 'phải là số nguyên' })
    .min(min, { error: `ít nhất ${min} ngày làm việc` })
    .max(max, { error: `tối đa ${max} ngày làm việc` })
    .meta({ title: 'Số ngày làm việc' });

const TWO_DIGITS_RE = /^\d{2}$/;

export const legalForm = flagged({
  number: z
    .string({ error: 'phải là hai chữ số, ví dụ "01"' })
    .regex(TWO_DIGITS_RE, { error: 'phải là hai chữ số, ví dụ "01" (form number)' })
    .meta({ title: 'Số mẫu', description: 'Hai chữ số, ví dụ "05".' }),
  title: text('Tên mẫu', 'Tên đúng như trong phụ lục của văn bản.'),
  kind: z
    .enum(LEGAL_FORM_KINDS, { error: `chỉ nhận một trong: ${LEGAL_FORM_KINDS.join(', ')}` })
    .meta({
      title: 'Loại mẫu',
      description: LEGAL_FORM_KINDS.map((k) => `${k} = ${LEGAL_FORM_KIND_LABELS[k]}`).join('; '),
    }),
  basis: text('Căn cứ', 'Số mẫu, phụ lục và số hiệu đầy đủ của văn bản ban hành mẫu.'),
  issuer: z
    .enum(FORM_ISSUERS, { error: `chỉ nhận một trong: ${FORM_ISSUERS.join(', ')}` })
    .optional()
    .meta({
      title: 'Cơ quan ban hành phiếu',
      description:
        'desk = nơi tiếp nhận hồ sơ (Trung tâm Phục vụ hành chính công, Bộ phận Một cửa); agency = cơ quan giải quyết hồ sơ. Quyết định tên cơ quan ở đầu phiếu và địa danh trước ngày tháng; không ghi thì là nơi tiếp nhận.',
    }),
}).meta({ title: 'Mẫu' });

export const codeFormat = flagged({
  from: flaggedDate('Áp dụng từ ngày', 'Ngày bắt đầu dùng cấu trúc mã này.'),
  template: text(
    'Cấu trúc mã hồ sơ',
    '"{identifier}-{yymmdd}-{seq:4}": mã định danh, ngày tiếp nhận, số thứ tự 4 chữ số; "{seq:4+}": ít nhất 4 chữ số, dài hơn khi trong ngày có từ 10.000 hồ sơ.',
  ).regex(CODE_TEMPLATE_RE, {
    error:
      'chỉ nhận dạng "{identifier}-{yymmdd}-{seq:N}" hoặc "{seq:N+}" với N từ 4 đến 9; cấu trúc khác cần sửa mã nguồn để đọc lại được mã (code template)',
  }),
  identifier: z.enum(['desk', 'agency'], { error: 'chỉ nhận desk hoặc agency' }).meta({
    title: 'Mã định danh của',
    description: 'desk = Bộ phận Một cửa tiếp nhận; agency = cơ quan giải quyết hồ sơ.',
  }),
  basis: text('Căn cứ'),
}).meta({ title: 'Mã hồ sơ' });

const messageTemplate = z
  .strictObject({ subject: template('Tiêu đề'), body: template('Nội dung') })
  .meta({ title: 'Tin nhắn' });

const score = z.union([z.literal(0), z.literal(1), z.literal(2)], {
  error: 'điểm chỉ là 2, 1 hoặc 0',
});

export const evaluationCriterion = z
  .strictObject({
    key: z.enum(CRITERIA, { error: `chỉ nhận một trong: ${CRITERIA.join(', ')}` }).meta({
      title: 'Tiêu chí',
      description:
        'Mỗi tiêu chí được lưu trong một cột riêng; tiêu chí mới cần thêm cột (mã nguồn).',
    }),
    question: text('Câu hỏi', 'Câu hỏi như người dân đọc.'),
    options: z
      .array(z.strictObject({ score, label: text('Câu trả lời') }), { error: 'phải là danh sách' })
      .min(2, { error: 'cần ít nhất hai câu trả lời' })
      .meta({
        title: 'Các câu trả lời',
        description: 'Từ tốt nhất đến kém nhất, mỗi câu có điểm 2, 1 hoặc 0.',
      }),
  })
  .meta({ title: 'Tiêu chí đánh giá' });

export const privacyNotice = flagged({
  from: flaggedDate('Áp dụng từ ngày', 'Ngày văn bản về bảo vệ dữ liệu cá nhân có hiệu lực.'),
  text: text('Nội dung', 'Câu hiện dưới biểu mẫu trực tuyến; không ghi số hiệu văn bản ở đây.'),
  basis: text('Căn cứ', 'Văn bản về bảo vệ dữ liệu cá nhân; chỉ hiện khi đã xác nhận.'),
}).meta({ title: 'Thông báo về dữ liệu cá nhân' });

const OFFICER_ROLES = ['receptionist', 'specialist', 'leader'] as const;

/** Who takes a step where the set differs from the lifecycle's table (src/domain/rules/types.ts StepRule). */
export const stepRule = flagged({
  roles: z
    .array(z.enum(OFFICER_ROLES, { error: `chỉ ghi ${OFFICER_ROLES.join(', ')}` }), {
      error: 'phải là danh sách vai trò',
    })
    .min(1, { error: 'cần ít nhất một vai trò' })
    .meta({
      title: 'Vai trò thực hiện',
      description: `Một hoặc nhiều trong: ${OFFICER_ROLES.join(', ')}.`,
    }),
  onApplicantRequest: z.boolean({ error: 'ghi true hoặc false' }).optional().meta({
    title: 'Theo yêu cầu của người nộp',
    description: 'true: người nộp gửi được yêu cầu trực tuyến từ trang tra cứu hồ sơ.',
  }),
}).meta({ title: 'Người thực hiện bước' });

export const ruleSetFile = z
  .strictObject({
    id: z
      .string({ error: 'phải là văn bản' })
      .regex(/^[a-z0-9-]+$/, { error: 'chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang' })
      .meta({
        title: 'Mã bộ quy định',
        description: 'Trùng với tên tệp, ví dụ "2025" cho 2025.yaml.',
      }),
    title: text('Tên bộ quy định', 'Ví dụ "Quy định từ 01/07/2025".'),
    effectiveFrom: flaggedDate(
      'Hiệu lực từ ngày',
      'Hồ sơ tiếp nhận từ ngày này theo bộ quy định này.',
    ),
    effectiveTo: flaggedDate(
      'Hết hiệu lực sau ngày',
      'Ngày cuối cùng áp dụng; bỏ trống nếu còn hiệu lực.',
    ).optional(),
    basis: z
      .strictObject(
        Object.fromEntries(ACTIONS.map((a) => [a, citation(`Căn cứ của bước ${a}`)])) as Record<
          (typeof ACTIONS)[number],
          ReturnType<typeof citation>
        >,
      )
      .meta({
        title: 'Căn cứ từng bước',
        description: `Một dòng cho mỗi bước: ${ACTIONS.join(', ')}.`,
      }),
    steps: z
      .strictObject(
        Object.fromEntries(ACTIONS.map((a) => [a, stepRule.optional()])) as Record<
          (typeof ACTIONS)[number],
          z.ZodOptional<typeof stepRule>
        >,
      )
      .optional()
      .meta({
        title: 'Người thực hiện từng bước',
        description:
          'Chỉ ghi những bước mà bộ quy định giao cho người khác với mặc định (ví dụ dừng giải quyết do Bộ phận Một cửa nơi tiếp nhận thực hiện).',
      }),
    forms: z
      .array(legalForm, { error: 'phải là danh sách mẫu' })
      .min(1, { error: 'cần ít nhất một mẫu' })
      .meta({ title: 'Bộ mẫu in' }),
    dossierCode: z
      .array(codeFormat, { error: 'phải là danh sách' })
      .min(1, { error: 'cần ít nhất một cấu trúc mã hồ sơ' })
      .meta({ title: 'Cấu trúc mã hồ sơ', description: 'Theo thứ tự ngày áp dụng.' }),
    supplementWindow: flagged({ workingDays: workingDays(1, 30), basis: text('Căn cứ') }).meta({
      title: 'Thời hạn yêu cầu bổ sung',
      description: 'Mặc định; từng thủ tục có thể ghi riêng (supplementWindowDays).',
    }),
    paperForwarding: flagged({
      workingDays: z
        .number({ error: 'phải là số ngày làm việc' })
        .int({ error: 'phải là số nguyên' })
        .min(0, { error: 'không được âm' })
        .max(10, { error: 'tối đa 10 ngày làm việc' })
        .meta({ title: 'Số ngày làm việc' }),
      basis: text('Căn cứ'),
    })
      .optional()
      .meta({
        title: 'Thời hạn chuyển hồ sơ giấy',
        description:
          'Hồ sơ tiếp nhận tại nơi không phải Bộ phận Một cửa của cơ quan giải quyết: bản điện tử được chuyển ngay; bản giấy chuyển trong số ngày làm việc này, tính như thời hạn giải quyết (nhận sau 15 giờ thì tính từ ngày làm việc tiếp theo).',
      }),
    resultRetention: flagged({
      months: z
        .number({ error: 'phải là số tháng' })
        .int({ error: 'phải là số nguyên' })
        .min(12, { error: 'ít nhất 12 tháng' })
        .max(1200, { error: 'tối đa 1200 tháng' })
        .optional()
        .meta({
          title: 'Số tháng lưu tệp kết quả',
          description:
            'Tính từ khi hồ sơ kết thúc. Bỏ trống: giữ tệp kết quả không thời hạn (mặc định an toàn khi chưa xác nhận thời hạn).',
        }),
      basis: text('Căn cứ'),
    })
      .optional()
      .meta({
        title: 'Thời hạn lưu tệp kết quả điện tử',
        description:
          'Tệp kết quả (bản PDF đã ký số) không bị xóa cùng dữ liệu cá nhân của người nộp; chỉ xóa khi bộ quy định ghi số tháng lưu.',
      }),
    appointmentHour: flagged({
      value: z.boolean({ error: 'ghi true hoặc false' }).meta({ title: 'In giờ hẹn trả' }),
    }).meta({
      title: 'Giờ hẹn trả',
      description: 'true: giấy hẹn ghi "…giờ…, ngày…" (8 giờ làm việc mỗi ngày).',
    }),
    pakn: flagged({ workingDays: workingDays(1, 60), basis: text('Căn cứ') }).meta({
      title: 'Thời hạn trả lời phản ánh, kiến nghị',
      description:
        'Phản ánh, kiến nghị gửi trên cổng được cơ quan có trách nhiệm trả lời trong số ngày làm việc này, tính từ ngày tiếp nhận theo lịch làm việc của cơ quan.',
    }),
    messages: z
      .strictObject({
        ...(Object.fromEntries(MESSAGE_KINDS.map((k) => [k, messageTemplate])) as Record<
          (typeof MESSAGE_KINDS)[number],
          typeof messageTemplate
        >),
        ...(Object.fromEntries(
          OPTIONAL_MESSAGE_KINDS.map((k) => [k, messageTemplate.optional()]),
        ) as Record<
          (typeof OPTIONAL_MESSAGE_KINDS)[number],
          z.ZodOptional<typeof messageTemplate>
        >),
      })
      .meta({
        title: 'Tin nhắn cho người dân',
        description: `Một tin cho mỗi bước: ${MESSAGE_KINDS.join(', ')}; có thể thêm: ${OPTIONAL_MESSAGE_KINDS.join(', ')}.`,
      }),
    evaluation: flagged({
      basis: text('Căn cứ'),
      criteria: z
        .array(evaluationCriterion, { error: 'phải là danh sách' })
        .min(1, { error: 'cần ít nhất một tiêu chí' })
        .meta({ title: 'Các tiêu chí' }),
    }).meta({ title: 'Đánh giá của người dân' }),
    privacyNotice: z
      .array(privacyNotice, { error: 'phải là danh sách' })
      .min(1, { error: 'cần ít nhất một thông báo' })
      .meta({ title: 'Thông báo về dữ liệu cá nhân' }),
  })
  .superRefine((set, ctx) => {
    if (set.effectiveTo && set.effectiveTo.date < set.effectiveFrom.date) {
      ctx.addIssue({
        code: 'custom',
        path: ['effectiveTo', 'date'],
        message: 'ngày hết hiệu lực trước ngày bắt đầu (dates out of order)',
      });
    }
    const seen = new Map<string, number>();
    set.forms.forEach((f, i) => {
      if (seen.has(f.number)) {
        ctx.addIssue({
          code: 'custom',
          path: ['forms', i, 'number'],
          message: `mẫu số ${f.number} bị trùng (duplicate form number)`,
        });
      }
      seen.set(f.number, i);
    });
    for (const kind of ['receipt', 'control', 'book'] as const) {
      if (!set.forms.some((f) => f.kind === kind)) {
        ctx.addIssue({
          code: 'custom',
          path: ['forms'],
          message: `thiếu mẫu loại ${kind} (${LEGAL_FORM_KIND_LABELS[kind]}) (missing form kind)`,
        });
      }
    }
    for (const list of ['dossierCode', 'privacyNotice'] as const) {
      set[list].forEach((entry, i) => {
        const previous = set[list][i - 1];
        if (previous && entry.from.date <= previous.from.date) {
          ctx.addIssue({
            code: 'custom',
            path: [list, i, 'from', 'date'],
            message: 'các mục phải theo thứ tự ngày áp dụng tăng dần (dates out of order)',
          });
        }
      });
    }
    const keys = new Set<string>();
    set.evaluation.criteria.forEach((c, i) => {
      if (keys.has(c.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['evaluation', 'criteria', i, 'key'],
          message: `tiêu chí "${c.key}" bị trùng (duplicate criterion)`,
        });
      }
      keys.add(c.key);
    });
  })
  .meta({ title: 'Bộ quy định' });

export type RuleSetFile = z.output<typeof ruleSetFile>;

/** The schema's output is the domain's RuleSet (checked here at compile time). */
export const asRuleSet = (file: RuleSetFile, source: string): RuleSet => ({ ...file, source });
