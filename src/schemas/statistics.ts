import { z } from 'zod';
import { pendingList, slug, text } from './common.ts';

/**
 * Figures a locality reported before it used this system (content/statistics/<year>.yaml).
 * They are published beside the computed statistics, always labelled as reported, and
 * never mixed into computed totals.
 */

const count = (title: string, description?: string) =>
  z
    .number({ error: 'phải là một số bằng chữ số, ví dụ 1510 (number)' })
    .int({ error: 'phải là số nguyên (integer)' })
    .min(0, { error: 'không được âm' })
    .meta({ title, description });

export const reportedFigure = z
  .strictObject({
    agency: slug(
      'Cơ quan',
      'Tên tệp của cơ quan trong content/agencies/; bỏ trống nếu là số liệu của cả địa phương.',
    ).optional(),
    received: count('Số hồ sơ tiếp nhận').optional(),
    resolved: count('Số hồ sơ đã giải quyết').optional(),
    resolvedOnTime: count('Số hồ sơ giải quyết trước hạn và đúng hạn').optional(),
    resolvedLate: count('Số hồ sơ giải quyết quá hạn').optional(),
    satisfaction: z
      .strictObject({
        score: z.number({ error: 'phải là một số (number)' }).min(0).meta({ title: 'Điểm' }),
        max: z
          .number({ error: 'phải là một số (number)' })
          .positive({ error: 'phải lớn hơn 0' })
          .meta({ title: 'Điểm tối đa' }),
        method: text(
          'Cách đánh giá',
          'Ví dụ "Chỉ số hài lòng trong Bộ chỉ số cải cách hành chính của tỉnh".',
        ),
      })
      .optional()
      .meta({ title: 'Mức độ hài lòng' }),
  })
  .superRefine((f, ctx) => {
    if (
      f.resolvedOnTime !== undefined &&
      f.resolved !== undefined &&
      f.resolvedOnTime > f.resolved
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['resolvedOnTime'],
        message: `số hồ sơ đúng hạn (${f.resolvedOnTime}) lớn hơn số hồ sơ đã giải quyết (${f.resolved})`,
      });
    }
    if (f.satisfaction && f.satisfaction.score > f.satisfaction.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['satisfaction', 'score'],
        message: `điểm (${f.satisfaction.score}) lớn hơn điểm tối đa (${f.satisfaction.max})`,
      });
    }
  });

export const reportedYearFile = z.strictObject({
  year: z
    .number({ error: 'phải là năm bằng chữ số, ví dụ 2019 (number)' })
    .int()
    .min(1990, { error: 'năm phải từ 1990' })
    .max(2100)
    .meta({ title: 'Năm' }),
  source: text(
    'Nguồn số liệu',
    'Văn bản hoặc nơi công bố số liệu, ví dụ "Báo cáo số 12/BC-UBND ngày 10/01/2020 của UBND huyện".',
  ),
  area: text(
    'Địa bàn',
    'Địa bàn của số liệu khi khác địa phương hiện nay, ví dụ "Huyện Thuận Bắc, tỉnh Ninh Thuận (trước 01/07/2025)".',
  ).optional(),
  note: text('Ghi chú').optional(),
  figures: z
    .array(reportedFigure, { error: 'phải là danh sách số liệu (list)' })
    .min(1, { error: 'cần ít nhất một dòng số liệu' })
    .meta({ title: 'Số liệu' }),
  pending: pendingList,
});

export type ReportedYear = z.output<typeof reportedYearFile>;
export type ReportedFigure = z.output<typeof reportedFigure>;
