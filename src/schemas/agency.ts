import { z } from 'zod';
import { workingWeek } from './calendar.ts';
import { pendingList, slug, text } from './common.ts';
import { COMMUNE_UNITS } from '../domain/commune.ts';
import { LEVELS } from './procedure.ts';

export const AGENCY_KINDS = [
  'ttpvhcc',
  'mot-cua',
  'ubnd',
  'so',
  'phong-ban',
  'cong-an',
  'bhxh',
  'thue',
  'khac',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  ttpvhcc: 'Trung tâm Phục vụ hành chính công',
  'mot-cua': 'Bộ phận Một cửa',
  ubnd: 'Ủy ban nhân dân',
  so: 'Sở',
  'phong-ban': 'Cơ quan chuyên môn',
  'cong-an': 'Công an',
  bhxh: 'Bảo hiểm xã hội',
  thue: 'Thuế',
  khac: 'Cơ quan khác',
};

/**
 * The kinds of agency that receive dossiers (a `desk`): the Trung tâm Phục vụ hành chính
 * công of a province or a commune since 01/07/2025, and the Bộ phận Một cửa of the
 * pre-2025 model, kept for historical content.
 */
export const DESK_KINDS: readonly AgencyKind[] = ['ttpvhcc', 'mot-cua'];
export const isDeskKind = (kind: AgencyKind): boolean => DESK_KINDS.includes(kind);

export const openingHours = z.strictObject({
  days: text('Ngày', 'Ví dụ "Thứ Hai – Thứ Sáu".'),
  hours: text('Giờ', 'Ví dụ "Sáng 7:00–11:30, chiều 13:30–17:00".'),
});

/** A reception point (điểm tiếp nhận) of a Trung tâm Phục vụ hành chính công. */
export const receptionPoint = z.strictObject({
  name: text('Tên điểm tiếp nhận', 'Ví dụ "Điểm tiếp nhận tại trụ sở UBND xã".'),
  address: text('Địa chỉ điểm tiếp nhận'),
  hours: z.array(openingHours).default([]).meta({ title: 'Giờ làm việc của điểm tiếp nhận' }),
});

/**
 * The account an agency collects fees into, for the VietQR transfer code on the lookup page
 * (src/domain/payment/vietqr.ts). Optional: without it no transfer code is shown.
 */
export const collectingAccount = z
  .strictObject({
    bin: z
      .string({ error: 'ghi mã BIN 6 chữ số của ngân hàng (theo NAPAS), trong dấu ngoặc kép' })
      .regex(/^\d{6}$/, { error: 'mã BIN ngân hàng gồm đúng 6 chữ số, ví dụ "970436"' })
      .meta({ title: 'Mã BIN ngân hàng', description: 'Mã 6 chữ số NAPAS cấp cho ngân hàng.' }),
    bankName: text('Tên ngân hàng', 'Ví dụ "Ngân hàng TMCP Ngoại thương Việt Nam".'),
    accountNumber: z
      .string({ error: 'ghi số tài khoản trong dấu ngoặc kép' })
      .regex(/^[0-9A-Za-z]{1,19}$/, {
        error: 'số tài khoản gồm 1–19 chữ số hoặc chữ cái, không dấu cách',
      })
      .meta({ title: 'Số tài khoản' }),
    accountName: text('Tên tài khoản', 'Như ngân hàng in, ví dụ "UBND XA THUAN BAC".'),
    illustrative: z.boolean().default(false).meta({
      title: 'Tài khoản minh họa',
      description:
        'true khi chưa có tài khoản thật: trang tra cứu dặn người dân không chuyển tiền.',
    }),
  })
  .meta({ title: 'Tài khoản thu phí, lệ phí' });

export const agencyFile = z.strictObject({
  name: text('Tên cơ quan', 'Tên đầy đủ, ví dụ "Ủy ban nhân dân xã Thuận Bắc".'),
  shortName: text('Tên ngắn', 'Ví dụ "UBND xã Thuận Bắc".').optional(),
  kind: z
    .enum(AGENCY_KINDS, { error: `chỉ nhận một trong: ${AGENCY_KINDS.join(', ')}` })
    .meta({ title: 'Loại cơ quan' }),
  level: z
    .enum(LEVELS, { error: `chỉ nhận một trong: ${LEVELS.join(', ')}` })
    .meta({ title: 'Cấp' }),
  code: text(
    'Mã định danh cơ quan',
    'Mã dùng trong mã hồ sơ: dạng QCVN 102:2016, ví dụ "000.01.23.H43", hoặc mã định danh điện tử đọc từ trái sang phải, ví dụ "H27.01".',
  ),
  codeIllustrative: z.boolean().default(false).meta({
    title: 'Mã minh họa',
    description:
      'Ghi true khi mã định danh chưa phải mã chính thức (chỉ để chạy thử); trang của cơ quan ghi rõ "mã minh họa".',
  }),
  parent: slug('Cơ quan cấp trên', 'Tên tệp của cơ quan cấp trên.').optional(),
  desk: slug(
    'Nơi tiếp nhận hồ sơ',
    'Tên tệp của Trung tâm Phục vụ hành chính công (hoặc Bộ phận Một cửa) tiếp nhận hồ sơ của cơ quan này.',
  ).optional(),
  commune: text(
    'Xã, phường, đặc khu',
    'Tên (không kèm chữ "xã", "phường") nếu là cơ quan cấp xã, ví dụ "Thuận Bắc".',
  ).optional(),
  communeUnit: z
    .enum(COMMUNE_UNITS, { error: `chỉ nhận một trong: ${COMMUNE_UNITS.join(', ')}` })
    .default('xa')
    .meta({
      title: 'Loại đơn vị cấp xã',
      description:
        'xa (xã), phuong (phường) hoặc dac-khu (đặc khu); thi-tran (thị trấn) chỉ còn cho nội dung lịch sử trước 01/07/2025; mặc định xa.',
    }),
  address: text('Địa chỉ'),
  receptionPoints: z.array(receptionPoint).default([]).meta({
    title: 'Điểm tiếp nhận',
    description:
      'Các điểm tiếp nhận hồ sơ của một Trung tâm Phục vụ hành chính công (UBND xã quyết định); mỗi điểm có tên, địa chỉ và giờ làm việc.',
  }),
  phone: text('Điện thoại').optional(),
  email: z.email({ error: 'địa chỉ email không hợp lệ' }).optional().meta({ title: 'Email' }),
  website: z.url({ error: 'địa chỉ web không hợp lệ' }).optional().meta({ title: 'Trang web' }),
  hours: z.array(openingHours).default([]).meta({
    title: 'Giờ làm việc (hiển thị)',
    description: 'Giờ làm việc viết cho người dân đọc.',
  }),
  workingWeek,
  coordinates: z
    .strictObject({
      lat: z.number().min(-90).max(90).meta({ title: 'Vĩ độ' }),
      lng: z.number().min(-180).max(180).meta({ title: 'Kinh độ' }),
    })
    .optional()
    .meta({ title: 'Tọa độ' }),
  description: text('Giới thiệu').optional(),
  collectingAccount: collectingAccount.optional(),
  pending: pendingList,
});

export type AgencyFile = z.output<typeof agencyFile>;
export interface Agency extends AgencyFile {
  slug: string;
  source: string;
}
