import { z } from 'zod';
import { pendingList, slug, text } from './common.ts';

export const siteFile = z.strictObject({
  name: text('Tên cổng', 'Ví dụ "Một Cửa Thuận Bắc".'),
  tagline: text('Khẩu hiệu').optional(),
  locality: z.strictObject({
    name: text('Tên địa phương', 'Ví dụ "Huyện Thuận Bắc".'),
    province: text('Tỉnh', 'Ví dụ "Tỉnh Ninh Thuận".'),
    kind: z.enum(['tinh', 'huyen', 'xa']).meta({ title: 'Cấp địa phương' }),
  }),
  url: z
    .url({ error: 'phải là địa chỉ đầy đủ, ví dụ "https://motcua.example.gov.vn"' })
    .meta({ title: 'Địa chỉ trang', description: 'Địa chỉ công khai của cổng, dùng cho mã QR.' }),
  desk: slug('Bộ phận Một cửa chính', 'Tên tệp trong content/agencies/ của bộ phận một cửa.'),
  hotline: text('Đường dây nóng'),
  email: z.email({ error: 'địa chỉ email không hợp lệ' }).optional().meta({ title: 'Email' }),
  logo: text('Logo', 'Tên tệp SVG trong content/media/.').optional(),
  popular: z
    .array(z.string().trim())
    .default([])
    .meta({ title: 'Thủ tục phổ biến', description: 'Mã các thủ tục hiện ở trang chủ.' }),
  accessibilityContact: text('Liên hệ về khả năng tiếp cận').optional(),
  pending: pendingList,
});

export type Site = z.output<typeof siteFile>;
