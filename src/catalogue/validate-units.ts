import { COMMUNE_LEVEL_KINDS, isCurrent, unitRegistry } from '../domain/units.ts';
import type { Agency } from '../schemas/agency.ts';
import type { AdminUnitEntry } from '../schemas/units.ts';

type At = (path: PropertyKey[], label: string, message: string, fix?: string) => void;

/**
 * The links between administrative units (content/units.yaml): unique ids, links to
 * units that exist, no unit merged into itself or in a circle, and a merged unit that
 * says when it ended.
 */
export function checkUnitLinks(units: readonly AdminUnitEntry[], at: At): void {
  const ids = new Map<string, number>();
  units.forEach((u, i) => {
    if (ids.has(u.id)) {
      at(
        ['units', i, 'id'],
        `Đơn vị › mục ${i + 1} › Mã đơn vị`,
        `mã "${u.id}" trùng với mục ${(ids.get(u.id) ?? 0) + 1} (duplicate id)`,
        'Mỗi đơn vị có một mã riêng; đơn vị cũ trùng tên với đơn vị mới thì thêm "-cu", ví dụ "xa-cong-hai-cu".',
      );
    } else ids.set(u.id, i);
  });
  const registry = unitRegistry(units);
  units.forEach((u, i) => {
    for (const key of ['mergedInto', 'parent'] as const) {
      const ref = u[key];
      if (ref === undefined) continue;
      const label = `Đơn vị › mục ${i + 1} › ${key === 'mergedInto' ? 'Nhập vào' : 'Thuộc'}`;
      if (!ids.has(ref)) {
        at(
          ['units', i, key],
          label,
          `không có đơn vị mã "${ref}" trong tệp (unknown unit)`,
          'Ghi mã (id) của một đơn vị có trong content/units.yaml.',
        );
      } else if (ref === u.id) {
        at(
          ['units', i, key],
          label,
          'đơn vị trỏ tới chính nó (self reference)',
          'Ghi mã của đơn vị khác.',
        );
      }
    }
    if (u.mergedInto && ids.has(u.mergedInto) && u.mergedInto !== u.id) {
      if (!isCurrent(registry.currentOf(u))) {
        at(
          ['units', i, 'mergedInto'],
          `Đơn vị › mục ${i + 1} › Nhập vào`,
          `chuỗi sáp nhập từ "${u.id}" không dẫn tới một đơn vị đang tồn tại (circular or dead-end merger)`,
          'Đơn vị cuối cùng của chuỗi mergedInto phải là đơn vị không có validTo.',
        );
      }
      if (u.validTo === undefined) {
        at(
          ['units', i, 'validTo'],
          `Đơn vị › mục ${i + 1} › Hết hiệu lực`,
          'đơn vị đã sáp nhập cần ngày hết hiệu lực (validTo missing)',
          'Ghi ngày cuối cùng đơn vị còn tồn tại, ví dụ validTo: 30/06/2025.',
        );
      }
    }
    if (u.validFrom && u.validTo && u.validTo < u.validFrom) {
      at(
        ['units', i, 'validTo'],
        `Đơn vị › mục ${i + 1} › Hết hiệu lực`,
        `ngày hết hiệu lực trước ngày có hiệu lực (validTo before validFrom)`,
        'Sửa lại một trong hai ngày.',
      );
    }
  });
}

/**
 * Each commune-level agency names a commune of content/units.yaml: one in force today, or
 * any one in a historical locality build.
 */
export function checkAgencyCommunes(
  units: readonly AdminUnitEntry[],
  agencies: readonly Agency[],
  historical: boolean,
  atAgency: (agency: Agency) => At,
): void {
  const registry = unitRegistry(units);
  const communes = units.filter(
    (u) => COMMUNE_LEVEL_KINDS.includes(u.kind) && (historical || isCurrent(u)),
  );
  for (const agency of agencies) {
    if (!agency.commune) continue;
    const unit = registry.communeByName(agency.commune);
    if (unit && (historical || isCurrent(unit))) continue;
    const current = unit ? registry.currentOf(unit) : undefined;
    atAgency(agency)(
      ['commune'],
      'Xã, phường, đặc khu',
      unit
        ? `xã "${agency.commune}" không còn từ ${unit.validTo ?? '01/07/2025'} (former commune)`
        : `không có xã "${agency.commune}" trong content/units.yaml (unknown commune)`,
      current && current.id !== unit?.id
        ? `Ghi commune: ${current.name}.`
        : `Ghi tên một xã có trong content/units.yaml: ${communes.map((c) => c.name).join(', ')}; hoặc thêm xã vào tệp đó.`,
    );
  }
}
