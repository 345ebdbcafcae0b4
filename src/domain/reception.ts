import { type Agency, AGENCY_KIND_LABELS, isDeskKind } from '../schemas/agency.ts';
import { LEVEL_LABELS } from '../schemas/procedure.ts';

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

/**
 * Reception regardless of administrative boundary (issue 15 part 3): which centres receive a
 * procedure for which agencies, where its result may be returned, and when a dossier must be
 * forwarded to the agency that decides it.
 */

/** A Trung tâm Phục vụ hành chính công (of the province or of a commune). */
export const isCentre = (agency: Pick<Agency, 'kind'>): boolean => agency.kind === 'ttpvhcc';

/** The province's centre, which oversees every dossier of the province (read only). */
export const isProvinceCentre = (agency: Pick<Agency, 'kind' | 'level'>): boolean =>
  agency.kind === 'ttpvhcc' && agency.level === 'tinh';

/**
 * The agencies a desk may receive a procedure for: every competent agency when the desk is
 * one of the centres receiving the procedure regardless of boundary (`centres`, from
 * `CatalogueIndex.centresFor`: empty when it is not boundary-free); otherwise only the
 * agencies whose own desk it is (the rule before 01/07/2025, and for other procedures).
 */
export function agenciesReceivedAt(
  agencies: readonly Agency[],
  desk: Agency,
  deskOf: (agency: Agency) => Agency,
  centres: readonly Agency[],
): Agency[] {
  if (centres.some((c) => c.slug === desk.slug)) return [...agencies];
  return agencies.filter((a) => deskOf(a).slug === desk.slug);
}

/**
 * Where the citizen may collect the result: the receiving desk first (the default), then the
 * other centres receiving the procedure regardless of boundary (none for other procedures).
 */
export function returnPlaces(receivingDesk: Agency, centres: readonly Agency[]): Agency[] {
  return [receivingDesk, ...centres.filter((c) => c.slug !== receivingDesk.slug)];
}

/** The agency to forward a dossier to at reception: its competent agency, unless received at that agency's own desk. */
export function forwardingTarget(
  receivingDesk: Agency,
  agency: Agency,
  deskOf: (agency: Agency) => Agency,
): Agency | undefined {
  return deskOf(agency).slug === receivingDesk.slug ? undefined : agency;
}

/**
 * Province scale (issue 16): above this many places (desks, centres or competent agencies) a
 * page names them in one sentence with a count and links to the list of agencies, instead of
 * repeating every name and address (a commune-level procedure of a 170-commune province listed
 * 170 desks: 160 KB per page). Catalogues with at most this many keep the full list.
 */
export const FULL_LIST_MAX = 10;

/** Whether a list of places is long enough to be named in one sentence (see `FULL_LIST_MAX`). */
export const tooManyToList = (count: number): boolean => count > FULL_LIST_MAX;

/**
 * One phrase for many competent agencies: the content's own words (`competentAuthority`) when
 * it has them, else their common kind and level ("Ủy ban nhân dân cấp xã"), else none (the
 * caller then gives only the count).
 */
export function agenciesPhrase(
  agencies: readonly Pick<Agency, 'kind' | 'level'>[],
  competentAuthority: string | undefined,
): string | undefined {
  if (competentAuthority) return competentAuthority;
  const [first] = agencies;
  if (!first || agencies.some((a) => a.kind !== first.kind || a.level !== first.level)) {
    return undefined;
  }
  return `${AGENCY_KIND_LABELS[first.kind]} ${LEVEL_LABELS[first.level].toLowerCase()}`;
}
