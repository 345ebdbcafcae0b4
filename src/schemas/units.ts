import { z } from 'zod';
import { UNIT_KINDS } from '../domain/units.ts';
import { date, pendingList, slug, text } from './common.ts';

/**
 * Administrative units (content/units.yaml): today's province and communes and the units
 * they replaced on 01/07/2025, so that an old address still resolves (forms, search,
 * statistics). A merged unit names the unit that took it over (`mergedInto`); "formerly"
 * is read back from those links, so each merger is written once.
 */
export const adminUnit = z
  .strictObject({
    id: slug('Mã đơn vị', 'Chữ thường không dấu, ví dụ "xa-loi-hai".'),
    name: text('Tên', 'Tên không kèm chữ "xã", "phường", ví dụ "Lợi Hải".'),
    kind: z
      .enum(UNIT_KINDS, { error: `chỉ nhận một trong: ${UNIT_KINDS.join(', ')}` })
      .meta({ title: 'Loại đơn vị', description: UNIT_KINDS.join(', ') }),
    validFrom: date('Có hiệu lực từ', 'Ví dụ 01/07/2025.').optional(),
    validTo: date(
      'Hết hiệu lực',
      'Ngày cuối cùng đơn vị còn tồn tại, ví dụ 30/06/2025.',
    ).optional(),
    mergedInto: slug(
      'Nhập vào',
      'Mã của đơn vị đã nhận đơn vị này khi sắp xếp, ví dụ "xa-thuan-bac".',
    ).optional(),
    parent: slug('Thuộc', 'Mã của đơn vị cấp trên (huyện, tỉnh).').optional(),
    note: text('Ghi chú', 'Ví dụ văn bản sắp xếp đơn vị hành chính.').optional(),
  })
  .meta({ title: 'Đơn vị hành chính' });

export const unitsFile = z.strictObject({
  units: z.array(adminUnit).min(1, { error: 'cần ít nhất một đơn vị' }).meta({
    title: 'Đơn vị hành chính',
  }),
  pending: pendingList,
});

export type AdminUnitEntry = z.output<typeof adminUnit>;
