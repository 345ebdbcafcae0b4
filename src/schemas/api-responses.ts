import { z } from 'zod';
import { INDICATOR_GROUP_KEYS } from './indicators.ts';
import { CRITERIA } from '../domain/evaluation/criteria.ts';
import { PERIOD_KINDS } from '../domain/stats/period.ts';
import { reportedFigure } from './statistics.ts';

/**
 * Response schemas of the JSON API that src/schemas/api.ts does not hold: the
 * OpenAPI document is generated from them and the Worker tests check every
 * /api response against that document.
 */

const isoInstant = z
  .string()
  .meta({ description: 'ISO 8601 có múi giờ, ví dụ 2026-11-27T09:30:00+07:00' });
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'YYYY-MM-DD' });
const status = z.object({
  code: z.number().int().min(1).max(10).meta({ description: 'Mã trạng thái quốc gia (1–10)' }),
  name: z.string(),
});

export const submissionCreatedResponse = z
  .object({
    code: z.string().meta({ description: 'Mã hồ sơ <mã cơ quan>-YYMMDD-XXXX' }),
    secret: z.string().meta({ description: 'Mã bí mật để tra cứu; chỉ trả về khi nộp' }),
    status,
    receivedAt: isoInstant,
    countedFrom: isoInstant,
    dueDate: isoDate,
    dueHour: z
      .string()
      .regex(/^\d{2}:\d{2}$/)
      .optional()
      .meta({
        description:
          'Giờ hẹn trả (HH:MM, giờ Việt Nam); chỉ có khi thủ tục tính thời hạn bằng giờ làm việc',
      }),
    provisional: z.boolean().meta({ description: 'Lịch năm sau chưa được công bố chính thức' }),
    lookupUrl: z.string(),
  })
  .meta({ id: 'SubmissionCreated' });

/** The fee asked for (docs/adr/0018-fees-and-payment.md); absent when none was. */
export const paymentLookup = z
  .object({
    amount: z.number().int().positive().meta({ description: 'Số tiền phải nộp (đồng)' }),
    reference: z.string().meta({ description: 'Nội dung thanh toán: mã hồ sơ' }),
    state: z.enum(['pending', 'paid']),
    paidAt: z.string().optional(),
    receiptNumber: z
      .string()
      .optional()
      .meta({ description: 'Số biên lai do nền tảng thanh toán hoặc cơ quan thu cấp' }),
    receiptUrl: z.string().optional(),
    payUrl: z.string().optional().meta({ description: 'Trang thanh toán của nền tảng (nếu có)' }),
    transfer: z
      .object({
        bankName: z.string(),
        accountNumber: z.string(),
        accountName: z.string(),
        illustrative: z.boolean().meta({ description: 'Tài khoản minh họa: không chuyển tiền' }),
        vietQr: z.string().meta({
          description:
            'Nội dung mã QR chuyển khoản VietQR (EMVCo, NAPAS); chuyển khoản chỉ được tính khi cơ quan thu xác nhận',
        }),
      })
      .optional(),
  })
  .meta({ id: 'PaymentLookup' });
export type PaymentLookup = z.output<typeof paymentLookup>;

export const lookupResponse = z
  .object({
    code: z.string(),
    procedure: z.object({ code: z.string(), title: z.string() }),
    applicant: z.string().meta({ description: 'Tên người nộp đã che bớt' }),
    status: status.extend({ description: z.string() }),
    receivedAt: isoInstant,
    dueDate: isoDate,
    dueHour: z
      .string()
      .regex(/^\d{2}:\d{2}$/)
      .optional()
      .meta({
        description:
          'Giờ hẹn trả (HH:MM, giờ Việt Nam); chỉ có khi thủ tục tính thời hạn bằng giờ làm việc',
      }),
    provisional: z.boolean(),
    timeliness: z.object({
      state: z.enum(['early', 'on-time', 'late', 'in-progress', 'overdue', 'not-applicable']),
      label: z.string(),
      finishedOn: isoDate.nullable().optional(),
    }),
    events: z.array(
      z.object({
        status: z.number().int().min(1).max(10),
        name: z.string(),
        at: isoInstant,
        note: z.string().optional(),
      }),
    ),
    collectAt: z.object({ name: z.string(), address: z.string() }),
    payment: paymentLookup.optional(),
  })
  .meta({ id: 'DossierLookup' });

const share = z.number().min(0).max(1).nullable();
const summary = z
  .object({
    received: z.number().int(),
    receivedOnline: z.number().int(),
    onlineShare: share,
    finished: z.number().int(),
    early: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    onTimeShare: share,
    resolved: z.number().int(),
    refused: z.number().int(),
    stopped: z.number().int(),
    withdrawn: z.number().int(),
    digitised: z.number().int(),
    digitisedShare: share,
    resupplied: z.number().int(),
    averageWorkingDays: z.number().nullable(),
    satisfaction: z.object({
      evaluations: z.number().int(),
      suppressed: z.boolean(),
      average: z.number().nullable(),
      satisfiedShare: share,
      dissatisfiedShare: share,
      criteria: z.object(
        Object.fromEntries(CRITERIA.map((k) => [k, z.number().nullable()])) as Record<
          (typeof CRITERIA)[number],
          z.ZodNullable<z.ZodNumber>
        >,
      ),
    }),
  })
  .meta({ id: 'StatsSummary' });

export const statsResponse = z
  .object({
    data: z.object({
      locality: z.string(),
      period: z.object({
        kind: z.enum(PERIOD_KINDS),
        from: z.string(),
        to: z.string(),
        label: z.string(),
      }),
      scope: z.object({
        kind: z.enum(['dia-phuong', 'co-quan', 'xa', 'thu-tuc']),
        label: z.string(),
        agency: z.string().optional(),
        commune: z.string().optional(),
        procedure: z.string().optional(),
      }),
      generatedAt: isoInstant,
      totals: summary,
      months: z.array(z.object({ month: z.string(), label: z.string(), summary })),
      breakdown: z
        .object({
          dimension: z.enum(['co-quan', 'thu-tuc']),
          title: z.string(),
          rows: z.array(z.object({ key: z.string(), label: z.string(), summary })),
        })
        .nullable(),
      open: z.object({
        inProgress: z.number().int(),
        waitingForCitizen: z.number().int(),
        overdue: z.number().int(),
        asOf: z.string(),
      }),
      pakn: z
        .object({
          received: z.number().int(),
          answered: z.number().int(),
          answeredOnTime: z.number().int(),
          overdue: z.number().int(),
          daysSum: z.number().int(),
          daysN: z.number().int(),
          ratings: z.object({
            'hai-long': z.number().int(),
            'chap-nhan-duoc': z.number().int(),
            'khong-hai-long': z.number().int(),
          }),
          onTimeShare: z.number().nullable(),
          averageDays: z.number().nullable(),
          rated: z.number().int(),
          satisfiedShare: z.number().nullable(),
          acceptedShare: z.number().nullable(),
          ratingsSuppressed: z.boolean(),
        })
        .nullable()
        .meta({
          description:
            'Phản ánh, kiến nghị gửi trong kỳ (theo ngày gửi): đã trả lời, đúng hạn, quá hạn chưa trả lời, số ngày làm việc đến khi trả lời, đánh giá câu trả lời; null khi phạm vi là người nộp ở một xã.',
        }),
      framework: z
        .object({
          name: z.string(),
          basis: z.string(),
          groups: z.array(
            z.object({
              key: z.enum(INDICATOR_GROUP_KEYS),
              title: z.string(),
              maxPoints: z.number(),
              figures: z.array(
                z.object({
                  label: z.string(),
                  kind: z.enum(['share', 'score5']),
                  value: z.number().nullable(),
                  part: z.number().int().optional(),
                  whole: z.number().int().optional(),
                  formula: z.string(),
                  note: z.string().optional(),
                }),
              ),
              points: z.object({ value: z.number().nullable(), formula: z.string() }).optional(),
              notComputed: z.string().optional(),
            }),
          ),
        })
        .nullable()
        .meta({
          description:
            'Các nhóm của bộ chỉ số quốc gia (content/indicators.yaml) tính được từ hồ sơ; nhóm chưa tính được ghi lý do ở notComputed.',
        }),
      reported: z.array(
        z.object({
          year: z.number().int(),
          source: z.string(),
          area: z.string().optional(),
          note: z.string().optional(),
          figure: reportedFigure,
        }),
      ),
    }),
  })
  .meta({ id: 'StatsReport' });

export const officeQueueResponse = z
  .object({
    tab: z.string(),
    total: z.number().int(),
    counts: z.record(z.string(), z.number().int()),
    countsCapped: z.boolean().meta({
      description:
        'true khi mỗi từ tên đã gõ (q) có trong tên của hơn 1.000 người nộp: total và counts chỉ đếm các hồ sơ trong 1.001 tên đầu tiên có từ hiếm nhất, là số tối thiểu; items vẫn đầy đủ, theo ngày hẹn trả',
    }),
    items: z.array(
      z.object({
        code: z.string(),
        procedure: z.object({ code: z.string(), title: z.string() }),
        applicant: z.string().meta({ description: 'Đầy đủ hoặc che bớt tùy quyền của cán bộ' }),
        status,
        receivedAt: isoInstant,
        dueDate: isoDate,
        agency: z.string(),
        desk: z.string(),
        returnDesk: z.string(),
      }),
    ),
  })
  .meta({ id: 'OfficeQueue' });

/** `POST /api/lien-thong/dvcqg/ho-so`: the receipt of a dossier filed on DVCQG (ADR 0017). */
export const dvcqgReceiptResponse = z.object({
  code: z.string().meta({ description: 'Mã hồ sơ của Cổng DVCQG, giữ nguyên' }),
  receivedAt: isoInstant,
  dueDate: isoDate.meta({ description: 'Ngày hẹn trả kết quả' }),
  dueHour: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional()
    .meta({ description: 'Giờ hẹn (thủ tục tính theo giờ làm việc)' }),
  desk: z.string().meta({ description: 'Nơi tiếp nhận (mã trong danh mục cơ quan)' }),
});
