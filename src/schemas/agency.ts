import { z } from 'zod';
import { workingWeek } from './calendar.ts';
import { pendingList, slug, text } from './common.ts';
import { COMMUNE_UNITS } from '../domain/commune.ts';
import { LEVELS } from './procedure.ts';

export const AGENCY_KINDS = ['mot-cua', 'ubnd', 'phong-ban', 'cong-an', 'bhxh', 'khac'] as const;
export const AGENCY_KIND_LABELS: Record<(typeof AGENCY_KINDS)[number], string> = {
  'mot-cua': 'Bộ phận Một cửa',
  ubnd: 'Ủy ban nhân dân',
  'phong-ban': 'Cơ quan chuyên môn',
  'cong-an': 'Công an',
  bhxh: 'Bảo hiểm xã hội',
  khac: 'Cơ quan khác',
};

export const openingHours = z.strictObject({
  days: text('Ngày', 'Ví dụ "Thứ Hai – Thứ Sáu".'),
  hours: text('Giờ', 'Ví dụ "Sáng 7:00–11:30, chiều 13:30–17:00".'),
});

export const agencyFile = z.strictObject({
  name: text('Tên cơ quan', 'Tên đầy đủ, ví dụ "Ủy ban nhân dân xã Bắc Phong".'),
  shortName: text('Tên ngắn', 'Ví dụ "UBND xã Bắc Phong".').optional(),
  kind: z
    .enum(AGENCY_KINDS, { error: `chỉ nhận một trong: ${AGENCY_KINDS.join(', ')}` })
    .meta({ title: 'Loại cơ quan' }),
  level: z
    .enum(LEVELS, { error: `chỉ nhận một trong: ${LEVELS.join(', ')}` })
    .meta({ title: 'Cấp' }),
  code: text(
    'Mã định danh cơ quan',
    'Mã dùng trong mã hồ sơ, theo QCVN 102:2016/BTTTT, ví dụ "000.01.23.H43".',
  ),
  parent: slug('Cơ quan cấp trên', 'Tên tệp của cơ quan cấp trên.').optional(),
  desk: slug(
    'Nơi tiếp nhận hồ sơ',
    'Tên tệp của Bộ phận Một cửa tiếp nhận hồ sơ của cơ quan này.',
  ).optional(),
  commune: text(
    'Xã, phường, thị trấn',
    'Tên (không kèm chữ "xã", "phường") nếu là cơ quan cấp xã, ví dụ "Bắc Phong".',
  ).optional(),
  communeUnit: z
    .enum(COMMUNE_UNITS, { error: 'chỉ nhận xa, phuong hoặc thi-tran' })
    .default('xa')
    .meta({
      title: 'Loại đơn vị cấp xã',
      description: 'xa (xã), phuong (phường) hoặc thi-tran (thị trấn); mặc định xa.',
    }),
  address: text('Địa chỉ'),
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
  pending: pendingList,
});

export type AgencyFile = z.output<typeof agencyFile>;
export interface Agency extends AgencyFile {
  slug: string;
  source: string;
}
