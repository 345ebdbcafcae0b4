import { z } from 'zod';
import { pendingList, text } from './common.ts';

/**
 * The national indicator framework the statistics page reports against
 * (content/indicators.yaml). Its name, legal basis, groups and maximum points are data,
 * so a change of framework is a content change; how each group is computed from the
 * dossiers is code (src/domain/stats/indicators.ts), keyed by `key`.
 */

/** The groups this system knows how to report, computed or named as not computable. */
export const INDICATOR_GROUP_KEYS = [
  'cong-khai',
  'tien-do',
  'truc-tuyen',
  'thanh-toan',
  'so-hoa',
  'hai-long',
] as const;
export type IndicatorGroupKey = (typeof INDICATOR_GROUP_KEYS)[number];

export const indicatorGroup = z.strictObject({
  key: z
    .enum(INDICATOR_GROUP_KEYS, {
      error: `chỉ nhận một trong: ${INDICATOR_GROUP_KEYS.join(', ')}`,
    })
    .meta({
      title: 'Mã nhóm',
      description:
        'cong-khai (công khai, minh bạch), tien-do (tiến độ giải quyết), truc-tuyen (dịch vụ trực tuyến), thanh-toan (thanh toán trực tuyến), so-hoa (số hóa hồ sơ), hai-long (mức độ hài lòng).',
    }),
  title: text('Tên nhóm chỉ số', 'Ví dụ "Tiến độ giải quyết".'),
  maxPoints: z
    .number({ error: 'phải là một số (number)' })
    .positive({ error: 'phải lớn hơn 0' })
    .meta({ title: 'Điểm tối đa' }),
});

export const indicatorFrameworkFile = z
  .strictObject({
    name: text(
      'Tên bộ chỉ số',
      'Ví dụ "Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp".',
    ),
    basis: text(
      'Văn bản ban hành',
      'Số, ngày và cơ quan ban hành, như người dân đọc được trên trang Thống kê.',
    ),
    groups: z.array(indicatorGroup).min(1, { error: 'cần ít nhất một nhóm chỉ số' }).meta({
      title: 'Nhóm chỉ số',
      description: 'Theo thứ tự hiển thị trên trang Thống kê.',
    }),
    repeatedSupplementIsLate: z.boolean({ error: 'chỉ nhận true hoặc false' }).default(false).meta({
      title: 'Hồ sơ phải bổ sung quá một lần tính là quá hạn',
      description:
        'true: nhóm tiến độ không tính là trước hạn, đúng hạn những hồ sơ phải yêu cầu bổ sung quá một lần (ghi rõ nguồn trong pending nếu chưa xác nhận).',
    }),
    pending: pendingList,
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.groups.forEach((g, i) => {
      if (seen.has(g.key))
        ctx.addIssue({
          code: 'custom',
          path: ['groups', i, 'key'],
          message: `nhóm "${g.key}" đã có ở trên (duplicate group)`,
        });
      seen.add(g.key);
    });
  });

export type IndicatorFramework = z.output<typeof indicatorFrameworkFile>;
