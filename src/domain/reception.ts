import { type Agency, isDeskKind } from '../schemas/agency.ts';

/**
 * How pages name "the centre where you file" when a procedure is received at every
 * commune's centre: the two-tier model since 01/07/2025 (Trung tâm Phục vụ hành chính
 * công xã), the one-stop desks of the commune People's Committees before it (a historical
 * locality), and any centre in the province for procedures the province lists as received
 * regardless of administrative boundary.
 */

/** "Trung tâm Phục vụ hành chính công xã nơi cư trú", or the pre-2025 wording for desks of kind mot-cua. */
export function communeDesksPhrase(desks: readonly Agency[]): string {
  return desks.length > 0 && desks.every((d) => d.kind === 'mot-cua')
    ? 'Bộ phận Một cửa của Ủy ban nhân dân xã nơi cư trú'
    : 'Trung tâm Phục vụ hành chính công xã nơi cư trú';
}

/** Whether every desk is a commune-level desk (one per commune: say "where you live"). */
export const allCommuneDesks = (desks: readonly Agency[]): boolean =>
  desks.length > 0 && desks.every((d) => d.level === 'xa' && isDeskKind(d.kind));

/** The sentence added for a procedure received regardless of administrative boundary. */
export const BOUNDARY_FREE_NOTE =
  'Thủ tục được tiếp nhận không phụ thuộc địa giới hành chính: có thể nộp tại bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh.';

/**
 * One line naming where a procedure is filed: the single desk, "the centre of the commune
 * where you live" (plus "or any centre in the province" when boundary-free), or a count.
 */
export function deskSummary(desks: readonly Agency[], boundaryFree: boolean): string {
  const [first] = desks;
  if (desks.length === 1 && first && !boundaryFree) return first.name;
  if (allCommuneDesks(desks)) {
    const phrase = communeDesksPhrase(desks);
    return boundaryFree
      ? `${phrase} hoặc bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh`
      : phrase;
  }
  if (desks.length === 1 && first)
    return `${first.name} hoặc bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh`;
  return `${desks.length} nơi tiếp nhận${boundaryFree ? ', hoặc bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh' : ''}`;
}
