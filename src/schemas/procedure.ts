import { z } from 'zod';
import { MAX_WORKING_HOURS } from '../domain/calendar/working-hours.ts';
import { date, pendingList, slug, text, vnd } from './common.ts';
import { onlineFormDefinition } from './online-form.ts';

/**
 * A national procedure code (mã thủ tục) `D.NNNNNN`, e.g. `1.001193`, or a local
 * code `DP.NNNNNN` for a procedure the national database has not coded yet.
 */
export const PROCEDURE_CODE_RE = /^(?:\d|DP)\.\d{6}$/;

export const procedureCode = z
  .string({ error: 'phải là chuỗi, đặt trong dấu nháy: code: "1.001193"' })
  .trim()
  .regex(PROCEDURE_CODE_RE, {
    error:
      'mã thủ tục phải có dạng một chữ số, dấu chấm, sáu chữ số, ví dụ "1.001193" (hoặc "DP.000001" cho mã địa phương)',
  })
  .meta({
    title: 'Mã thủ tục',
    description:
      'Mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ "1.001193". Đặt trong dấu nháy kép.',
    examples: ['1.001193'],
  });

/**
 * Levels of government that carry out a procedure. Since 01/07/2025 only `tinh` and `xa`
 * exist; `huyen` stays in the list so a historical locality build (site.yaml
 * `locality.historical: true`) still validates, and the catalogue rejects it anywhere else
 * (src/catalogue/validate.ts), naming the file and the fix.
 */
export const LEVELS = ['tinh', 'huyen', 'xa'] as const;
export const LEVEL_LABELS: Record<(typeof LEVELS)[number], string> = {
  tinh: 'Cấp tỉnh',
  huyen: 'Cấp huyện',
  xa: 'Cấp xã',
};

export const ONLINE_LEVELS = ['khong', 'mot-phan', 'toan-trinh'] as const;
export const ONLINE_LABELS: Record<(typeof ONLINE_LEVELS)[number], string> = {
  khong: 'Không có dịch vụ công trực tuyến',
  'mot-phan': 'Trực tuyến một phần',
  'toan-trinh': 'Trực tuyến toàn trình',
};

export const CHANNELS = ['truc-tiep', 'buu-chinh', 'truc-tuyen'] as const;
export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  'truc-tiep': 'Trực tiếp',
  'buu-chinh': 'Dịch vụ bưu chính công ích',
  'truc-tuyen': 'Trực tuyến',
};

export const STATUSES = ['active', 'suspended', 'repealed'] as const;
export const STATUS_LABELS: Record<(typeof STATUSES)[number], string> = {
  active: 'Đang áp dụng',
  suspended: 'Tạm ngừng áp dụng',
  repealed: 'Đã bãi bỏ',
};

/** Kinds of change recorded in a procedure's `history` (open data: the Atom feed of changes). */
export const CHANGE_KINDS = ['them', 'sua', 'bai-bo'] as const;
export const CHANGE_LABELS: Record<(typeof CHANGE_KINDS)[number], string> = {
  them: 'Bổ sung',
  sua: 'Sửa đổi',
  'bai-bo': 'Bãi bỏ',
};

const enumOf = <T extends readonly [string, ...string[]]>(
  values: T,
  title: string,
  description?: string,
) =>
  z
    .enum(values, { error: `chỉ nhận một trong các giá trị: ${values.join(', ')}` })
    .meta({ title, description });

/** Processing time in working days; 0 means "trong ngày" (the same working day). */
export const processingTime = z
  .strictObject({
    days: z
      .number({ error: 'phải là số ngày làm việc, ví dụ 3; ghi 0 nếu giải quyết trong ngày' })
      .int({ error: 'phải là số nguyên ngày làm việc' })
      .min(0, { error: 'không được âm' })
      .max(365, { error: 'quá lớn: thời hạn tính bằng ngày làm việc' })
      .meta({
        title: 'Số ngày làm việc',
        description: 'Thời hạn giải quyết tính bằng ngày làm việc; 0 = trong ngày.',
      }),
    hours: z
      .number({ error: 'phải là số giờ làm việc, ví dụ 4' })
      .int({ error: 'phải là số nguyên giờ làm việc' })
      .min(1, { error: 'ít nhất 1 giờ làm việc' })
      .max(MAX_WORKING_HOURS, {
        error: `quá lớn: tối đa ${MAX_WORKING_HOURS} giờ làm việc; thời hạn dài hơn hãy ghi bằng ngày (days)`,
      })
      .optional()
      .meta({
        title: 'Số giờ làm việc',
        description:
          'Chỉ ghi khi văn bản công bố thời hạn tính bằng giờ làm việc, ví dụ 4 giờ làm việc. Khi đó ghi days: 0. Giờ được đếm theo giờ làm việc của cơ quan (mặc định 7:00-11:30 và 13:30-17:00, tức 8 giờ một ngày); giấy tiếp nhận ghi hẹn trả "… giờ …, ngày …".',
      }),
    note: text(
      'Ghi chú về thời hạn',
      'Ví dụ: "Trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo."',
    ).optional(),
  })
  .superRefine((time, ctx) => {
    if (time.hours !== undefined && time.days > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['hours'],
        message: `chỉ ghi thời hạn bằng một đơn vị: ${time.days} ngày làm việc (days) hoặc ${time.hours} giờ làm việc (hours); nếu tính bằng giờ, sửa thành days: 0, hours: ${time.hours}`,
      });
    }
  })
  .meta({ title: 'Thời hạn giải quyết' });

export const channel = z
  .strictObject({
    type: enumOf(CHANNELS, 'Hình thức nộp', 'truc-tiep, buu-chinh hoặc truc-tuyen'),
    time: processingTime.optional(),
    note: text('Mô tả', 'Ví dụ giờ tiếp nhận hoặc địa chỉ nộp trực tuyến.').optional(),
  })
  .meta({ title: 'Cách thức thực hiện' });

export const documentItem = z
  .strictObject({
    name: text('Tên giấy tờ'),
    originals: z
      .number({ error: 'phải là số bản chính, ví dụ 1' })
      .int()
      .min(0)
      .default(1)
      .meta({ title: 'Số bản chính' }),
    copies: z
      .number({ error: 'phải là số bản sao, ví dụ 0' })
      .int()
      .min(0)
      .default(0)
      .meta({ title: 'Số bản sao' }),
    form: slug('Mẫu đơn, tờ khai', 'Mã (id) của một mẫu trong danh sách forms.').optional(),
    condition: text(
      'Điều kiện',
      'Chỉ ghi khi giấy tờ này chỉ cần trong một số trường hợp, ví dụ "Nếu nộp thay".',
    ).optional(),
    note: text('Ghi chú').optional(),
  })
  .meta({ title: 'Thành phần hồ sơ' });

export const feeTier = z.strictObject({
  from: z.number().int().min(1).meta({ title: 'Từ (đơn vị thứ)' }),
  to: z.number().int().min(1).optional().meta({ title: 'Đến (đơn vị thứ)' }),
  amount: vnd('Mức thu mỗi đơn vị'),
});

/** Who sets a fee's amount, when the procedure's own text does not. */
export const FEE_SETTERS = ['hdnd-tinh', 'trung-uong'] as const;

export const feeItem = z
  .strictObject({
    name: text('Tên khoản phí, lệ phí', 'Ví dụ "Lệ phí chứng thực bản sao".'),
    case: text(
      'Trường hợp áp dụng',
      'Khoản này áp dụng khi nào, ví dụ "Đăng ký đúng hạn (trong 60 ngày kể từ ngày sinh)" hoặc "Đăng ký quá hạn".',
    ).optional(),
    exempt: z
      .boolean({ error: 'ghi true nếu trường hợp này được miễn; bỏ trống nếu phải nộp' })
      .optional()
      .meta({
        title: 'Được miễn',
        description: 'Ghi true khi trường hợp này được miễn; khi đó không ghi amount.',
      }),
    setBy: enumOf(
      FEE_SETTERS,
      'Cơ quan quy định mức thu',
      'hdnd-tinh (HĐND tỉnh quy định mức thu) hoặc trung-uong (Bộ Tài chính quy định). Khi chưa xác nhận được số tiền, bỏ trống amount và thêm mục pending.',
    ).optional(),
    kind: enumOf(['le-phi', 'phi'] as const, 'Loại', 'le-phi (lệ phí) hoặc phi (phí)').default(
      'le-phi',
    ),
    amount: vnd('Mức thu (đồng)', 'Số tiền bằng chữ số, không dấu chấm: 20000.').optional(),
    unit: text('Đơn vị tính', 'Ví dụ "bản", "trang", "trường hợp".').optional(),
    tiers: z.array(feeTier).min(1).optional().meta({
      title: 'Bậc thu',
      description: 'Khi mức thu thay đổi theo số đơn vị, ví dụ trang 1–2 và từ trang 3.',
    }),
    max: z
      .strictObject({
        amount: vnd('Mức thu tối đa'),
        per: text('Tính trên', 'Ví dụ "bản".'),
      })
      .optional()
      .meta({ title: 'Mức thu tối đa' }),
    channels: z.array(enumOf(CHANNELS, 'Hình thức nộp')).min(1).optional().meta({
      title: 'Áp dụng cho hình thức',
      description: 'Bỏ trống nếu áp dụng cho mọi hình thức nộp.',
    }),
    note: text('Ghi chú', 'Ví dụ "Mức thu do HĐND tỉnh quy định".').optional(),
  })
  .meta({ title: 'Phí, lệ phí' });

export const formItem = z
  .strictObject({
    id: slug('Mã mẫu', 'Định danh ngắn để thành phần hồ sơ tham chiếu, ví dụ "to-khai-khai-sinh".'),
    name: text('Tên mẫu'),
    code: text('Ký hiệu mẫu', 'Ví dụ "Mẫu CT01" theo văn bản ban hành.').optional(),
    file: text(
      'Tệp mẫu',
      'Tên tệp trong thư mục content/forms/, ví dụ "ct01.pdf". Bỏ trống nếu chưa có tệp.',
    ).optional(),
    source: text('Văn bản ban hành mẫu').optional(),
  })
  .meta({ title: 'Mẫu đơn, tờ khai' });

export const legalDocument = z
  .strictObject({
    number: text('Số ký hiệu', 'Ví dụ "60/2014/QH13".'),
    title: text('Trích yếu', 'Ví dụ "Luật Hộ tịch".'),
    date: date('Ngày ban hành'),
    issuer: text('Cơ quan ban hành', 'Ví dụ "Quốc hội".'),
  })
  .meta({ title: 'Căn cứ pháp lý' });

/** One dated change of a procedure, as the editor records it. See docs/du-lieu-mo.md. */
export const historyEntry = z
  .strictObject({
    date: date('Ngày thay đổi', 'Ngày quyết định bổ sung, sửa đổi hoặc bãi bỏ có hiệu lực.'),
    change: enumOf(
      CHANGE_KINDS,
      'Loại thay đổi',
      'them (bổ sung), sua (sửa đổi) hoặc bai-bo (bãi bỏ)',
    ),
    note: text('Ghi chú', 'Ví dụ "Bãi bỏ theo Quyết định số 123/QĐ-UBND".').optional(),
  })
  .meta({ title: 'Thay đổi' });

export const procedureFrontmatter = z
  .strictObject({
    code: procedureCode,
    title: text('Tên thủ tục', 'Tên đầy đủ như trong quyết định công bố.', 5),
    summary: text('Mô tả ngắn', 'Một hai câu giải thích thủ tục dùng để làm gì.').optional(),
    field: slug('Lĩnh vực', 'Mã lĩnh vực khai báo trong content/fields.yaml, ví dụ "ho-tich".'),
    level: enumOf(
      LEVELS,
      'Cấp thực hiện',
      'tinh (cấp tỉnh) hoặc xa (cấp xã); huyen chỉ dùng trong bản lịch sử trước 01/07/2025.',
    ),
    agencies: z
      .array(slug('Cơ quan thực hiện', 'Tên tệp (không có .yaml) trong content/agencies/.'))
      .min(1, { error: 'cần ít nhất một cơ quan thực hiện' })
      .meta({ title: 'Cơ quan thực hiện' }),
    boundaryFree: z.boolean().default(false).meta({
      title: 'Tiếp nhận không phụ thuộc địa giới hành chính',
      description:
        'Ghi true khi thủ tục có trong danh mục tỉnh công bố tiếp nhận không phụ thuộc địa giới hành chính: người dân nộp tại bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh.',
    }),
    receivingCentres: z
      .array(
        slug(
          'Trung tâm tiếp nhận',
          'Tên tệp (không có .yaml) của một Trung tâm Phục vụ hành chính công trong content/agencies/.',
        ),
      )
      .min(1, { error: 'bỏ dòng này nếu mọi Trung tâm trong tỉnh đều tiếp nhận' })
      .optional()
      .meta({
        title: 'Trung tâm tiếp nhận không phụ thuộc địa giới',
        description:
          'Chỉ ghi khi boundaryFree: true và danh mục của tỉnh chỉ cho một số Trung tâm Phục vụ hành chính công tiếp nhận thủ tục này; bỏ trống: mọi Trung tâm trong tỉnh tiếp nhận và trả kết quả.',
      }),
    competentAuthority: text('Cơ quan có thẩm quyền').optional(),
    procedureType: text('Loại thủ tục').optional(),
    steps: z
      .array(text('Bước'))
      .min(1, { error: 'cần ít nhất một bước thực hiện' })
      .meta({ title: 'Trình tự thực hiện' }),
    channels: z
      .array(channel)
      .min(1, { error: 'cần ít nhất một cách thức thực hiện' })
      .meta({ title: 'Cách thức thực hiện' }),
    online: enumOf(
      ONLINE_LEVELS,
      'Dịch vụ công trực tuyến',
      'khong, mot-phan (một phần) hoặc toan-trinh (toàn trình)',
    ).default('khong'),
    time: processingTime,
    supplementWindowDays: z
      .number({ error: 'phải là số ngày làm việc, ví dụ 2' })
      .int({ error: 'phải là số nguyên' })
      .min(1, { error: 'ít nhất 1 ngày làm việc' })
      .max(30, { error: 'tối đa 30 ngày làm việc' })
      .optional()
      .meta({
        title: 'Thời hạn yêu cầu bổ sung (ngày làm việc)',
        description:
          'Chỉ ghi khi thủ tục có thời hạn riêng để yêu cầu bổ sung sau khi tiếp nhận; bỏ trống để dùng mặc định của bộ quy định (content/rules/).',
      }),
    documents: z
      .array(documentItem)
      .min(1, { error: 'cần ít nhất một thành phần hồ sơ' })
      .meta({ title: 'Thành phần hồ sơ' }),
    sets: z
      .number({ error: 'phải là số bộ hồ sơ, ví dụ 1' })
      .int()
      .min(1)
      .default(1)
      .meta({ title: 'Số lượng hồ sơ (bộ)' }),
    applicants: z
      .array(text('Đối tượng'))
      .min(1, { error: 'cần ít nhất một đối tượng thực hiện' })
      .meta({ title: 'Đối tượng thực hiện' }),
    result: z
      .array(text('Kết quả'))
      .min(1, { error: 'cần ít nhất một kết quả' })
      .meta({ title: 'Kết quả thực hiện' }),
    fees: z.array(feeItem).default([]).meta({
      title: 'Phí, lệ phí',
      description: 'Để trống ([]) nếu không thu phí, lệ phí.',
    }),
    feeExemptions: z
      .array(text('Trường hợp miễn'))
      .default([])
      .meta({ title: 'Miễn, giảm phí, lệ phí' }),
    forms: z.array(formItem).default([]).meta({ title: 'Mẫu đơn, tờ khai' }),
    conditions: z
      .array(text('Điều kiện'))
      .default([])
      .meta({ title: 'Yêu cầu, điều kiện thực hiện' }),
    legalBasis: z
      .array(legalDocument)
      .min(1, { error: 'cần ít nhất một căn cứ pháp lý' })
      .meta({ title: 'Căn cứ pháp lý' }),
    keywords: z.array(text('Từ khóa')).default([]).meta({
      title: 'Từ khóa',
      description: 'Những từ người dân thường dùng để tìm thủ tục này, ví dụ "làm giấy khai sinh".',
    }),
    publication: z
      .strictObject({
        decision: text('Quyết định công bố', 'Ví dụ "Quyết định số 1833/QĐ-BTP".'),
        date: date('Ngày ban hành'),
        issuer: text('Cơ quan ban hành').optional(),
      })
      .optional()
      .meta({ title: 'Quyết định công bố' }),
    effectiveDate: date('Ngày hiệu lực').optional(),
    lastReviewed: date(
      'Ngày rà soát gần nhất',
      'Ngày biên tập viên đối chiếu nội dung với văn bản gốc.',
    ),
    status: enumOf(STATUSES, 'Tình trạng', 'active, suspended hoặc repealed').default('active'),
    replacedBy: procedureCode
      .optional()
      .meta({ title: 'Thay thế bởi', description: 'Mã thủ tục thay thế khi đã bãi bỏ.' }),
    statusNote: text('Ghi chú tình trạng').optional(),
    history: z.array(historyEntry).optional().meta({
      title: 'Lịch sử thay đổi',
      description:
        'Các lần bổ sung, sửa đổi, bãi bỏ kèm ngày, cho nguồn tin Atom về thay đổi thủ tục. Bắt buộc có mục bai-bo khi thủ tục đã bãi bỏ.',
    }),
    related: z.array(procedureCode).default([]).meta({ title: 'Thủ tục liên quan' }),
    onlineForm: onlineFormDefinition.optional(),
    pending: pendingList,
  })
  .superRefine((p, ctx) => {
    const hasOnlineChannel = p.channels.some((c) => c.type === 'truc-tuyen');
    if (p.online !== 'khong' && !hasOnlineChannel) {
      ctx.addIssue({
        code: 'custom',
        path: ['channels'],
        message:
          'thủ tục có dịch vụ trực tuyến (online) nhưng thiếu cách thức "truc-tuyen" trong channels',
      });
    }
    if (p.online === 'khong' && hasOnlineChannel) {
      ctx.addIssue({
        code: 'custom',
        path: ['online'],
        message:
          'channels có "truc-tuyen" nhưng online là "khong"; ghi online: mot-phan hoặc toan-trinh',
      });
    }
    if (p.online !== 'khong' && p.status === 'active' && !p.onlineForm) {
      ctx.addIssue({
        code: 'custom',
        path: ['onlineForm'],
        message:
          'thủ tục có dịch vụ trực tuyến nhưng chưa khai báo biểu mẫu nộp trực tuyến (onlineForm); ghi ít nhất "onlineForm: {}"',
      });
    }
    if (p.status === 'repealed' && !p.replacedBy && !p.statusNote) {
      ctx.addIssue({
        code: 'custom',
        path: ['replacedBy'],
        message:
          'thủ tục đã bãi bỏ (repealed) phải ghi mã thủ tục thay thế trong replacedBy; nếu không có thủ tục thay thế, ghi lý do trong statusNote',
      });
    }
    if (p.status === 'repealed' && !p.history?.some((h) => h.change === 'bai-bo')) {
      ctx.addIssue({
        code: 'custom',
        path: ['history'],
        message:
          'thủ tục đã bãi bỏ (repealed) phải ghi ngày bãi bỏ trong history, ví dụ: history: [{ date: 2026-07-01, change: bai-bo, note: "Bãi bỏ theo Quyết định số …" }]',
      });
    }
    const latest = p.history?.reduce<HistoryEntry | undefined>(
      (last, h) => (!last || h.date >= last.date ? h : last),
      undefined,
    );
    if (latest?.change === 'bai-bo' && p.status !== 'repealed') {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message:
          'thay đổi mới nhất trong history là bãi bỏ (bai-bo) nhưng status chưa là repealed; ghi status: repealed, hoặc thêm mục them/sua nếu thủ tục được áp dụng lại',
      });
    }
    if (p.replacedBy && p.replacedBy === p.code) {
      ctx.addIssue({
        code: 'custom',
        path: ['replacedBy'],
        message: 'thủ tục không thể thay thế chính nó',
      });
    }
    const formIds = new Set(p.forms.map((f) => f.id));
    p.documents.forEach((d, i) => {
      if (d.form && !formIds.has(d.form)) {
        ctx.addIssue({
          code: 'custom',
          path: ['documents', i, 'form'],
          message: `mẫu "${d.form}" không có trong danh sách forms của thủ tục này; có: ${[...formIds].join(', ') || '(chưa có mẫu nào)'}`,
        });
      }
    });
    p.fees.forEach((f, i) => {
      if (f.exempt && (f.amount !== undefined || f.tiers)) {
        ctx.addIssue({
          code: 'custom',
          path: ['fees', i, 'exempt'],
          message:
            'trường hợp được miễn (exempt: true) không ghi mức thu; bỏ amount/tiers, hoặc bỏ exempt nếu phải nộp',
        });
      }
      if (f.amount === undefined && !f.tiers && !f.note && !f.exempt && !f.setBy) {
        ctx.addIssue({
          code: 'custom',
          path: ['fees', i, 'amount'],
          message:
            'thiếu mức thu: ghi amount (số tiền) hoặc tiers, exempt: true nếu được miễn, setBy nếu HĐND tỉnh quy định, hoặc ghi note giải thích ai quy định mức thu',
        });
      }
    });
  });

export type ProcedureFrontmatter = z.output<typeof procedureFrontmatter>;
export type HistoryEntry = z.output<typeof historyEntry>;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type FeeItem = z.output<typeof feeItem>;
export type DocumentItem = z.output<typeof documentItem>;
export type Channel = z.output<typeof channel>;
export type Level = (typeof LEVELS)[number];
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];
export type ChannelType = (typeof CHANNELS)[number];
export type ProcedureStatus = (typeof STATUSES)[number];

/** A validated procedure with the data derived from its file. */
export interface Procedure extends ProcedureFrontmatter {
  /** From the file name: `content/procedures/<slug>.md`. */
  slug: string;
  /** Markdown guidance below the frontmatter. */
  body: string;
  /** Path of the source file relative to the repository, for error messages and editors. */
  source: string;
}
