import { z } from 'zod';
import { pendingList, slug, text } from './common.ts';

/**
 * Locality kinds: since 01/07/2025 a province (tỉnh, thành phố) or a commune-level unit
 * (xã, phường, đặc khu); `huyen` stays for a historical locality build only.
 */
export const LOCALITY_KINDS = ['tinh', 'xa', 'huyen'] as const;
export type LocalityKind = (typeof LOCALITY_KINDS)[number];

/** Kinds that exist only before 01/07/2025: a build using them must say it is historical. */
export const HISTORICAL_LOCALITY_KINDS: readonly LocalityKind[] = ['huyen'];

/** A GitHub repository, `owner/name`. */
export const GITHUB_REPO_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

export const siteFile = z.strictObject({
  name: text('Tên cổng', 'Ví dụ "Một Cửa Khánh Hòa".'),
  tagline: text('Khẩu hiệu').optional(),
  locality: z.strictObject({
    name: text('Tên địa phương', 'Ví dụ "Tỉnh Khánh Hòa" hoặc "Xã Thuận Bắc".'),
    province: text('Tỉnh', 'Ví dụ "Tỉnh Khánh Hòa".'),
    kind: z
      .enum(LOCALITY_KINDS, { error: `chỉ nhận một trong: ${LOCALITY_KINDS.join(', ')}` })
      .meta({
        title: 'Cấp địa phương',
        description:
          'tinh (tỉnh, thành phố) hoặc xa (xã, phường, đặc khu); huyen chỉ dùng cho bản lịch sử trước 01/07/2025 (kèm historical: true).',
      }),
    historical: z.boolean().default(false).meta({
      title: 'Bản lịch sử',
      description:
        'Ghi true khi cổng trình bày một địa phương đã không còn (ví dụ huyện trước 01/07/2025); khi đó được dùng cấp huyện.',
    }),
  }),
  url: z
    .url({ error: 'phải là địa chỉ đầy đủ, ví dụ "https://motcua.example.gov.vn"' })
    .meta({ title: 'Địa chỉ trang', description: 'Địa chỉ công khai của cổng, dùng cho mã QR.' }),
  desk: slug(
    'Nơi tiếp nhận chính',
    'Tên tệp trong content/agencies/ của Trung tâm Phục vụ hành chính công chính, ví dụ "ttpvhcc-tinh".',
  ),
  hotline: text('Đường dây nóng'),
  email: z.email({ error: 'địa chỉ email không hợp lệ' }).optional().meta({ title: 'Email' }),
  logo: text('Logo', 'Tên tệp SVG trong content/media/.').optional(),
  popular: z
    .array(z.string().trim())
    .default([])
    .meta({ title: 'Thủ tục phổ biến', description: 'Mã các thủ tục hiện ở trang chủ.' }),
  accessibilityContact: text('Liên hệ về khả năng tiếp cận').optional(),
  openData: z
    .strictObject({
      licence: z
        .strictObject({
          name: text('Tên giấy phép', 'Ví dụ "Giấy phép Creative Commons Ghi công 4.0 Quốc tế".'),
          url: z
            .url({ error: 'phải là địa chỉ đầy đủ của văn bản giấy phép, bắt đầu bằng https://' })
            .meta({ title: 'Địa chỉ giấy phép' }),
        })
        .meta({ title: 'Giấy phép' }),
    })
    .optional()
    .meta({
      title: 'Dữ liệu mở',
      description:
        'Giấy phép địa phương công bố dữ liệu mở (danh mục thủ tục CSV, JSON, nguồn tin thay đổi). Bỏ trống thì dùng CC BY 4.0.',
    }),
  cms: z
    .strictObject({
      repo: z
        .string({ error: 'phải là tên kho dạng "chủ-sở-hữu/tên-kho"' })
        .trim()
        .regex(GITHUB_REPO_RE, {
          error: 'ghi tên kho GitHub dạng "chủ-sở-hữu/tên-kho", ví dụ "ubnd-khanh-hoa/mot-cua"',
        })
        .meta({
          title: 'Kho GitHub',
          description:
            'Kho chứa nội dung của cổng, dạng "chủ-sở-hữu/tên-kho", ví dụ "ubnd-khanh-hoa/mot-cua".',
        }),
      branch: text('Nhánh', 'Nhánh được xuất bản, thường là "main".').default('main'),
      authUrl: z.url({ error: 'phải là địa chỉ đầy đủ, bắt đầu bằng https://' }).optional().meta({
        title: 'Dịch vụ đăng nhập GitHub',
        description:
          'Địa chỉ dịch vụ OAuth (ví dụ Sveltia CMS Authenticator) để biên tập viên bấm "Đăng nhập bằng GitHub". Bỏ trống thì biên tập viên đăng nhập bằng mã truy cập cá nhân (personal access token).',
      }),
    })
    .optional()
    .meta({
      title: 'Trình biên tập trên web (/admin)',
      description:
        'Kho GitHub mà trình biên tập tại /admin đọc và ghi nội dung. Bỏ trống thì /admin báo chưa cấu hình.',
    }),
  pending: pendingList,
});

export type Site = z.output<typeof siteFile>;
