/**
 * Commune-level units (xã, phường, đặc khu since 01/07/2025; thị trấn only in
 * historical content): the unit is content, set on each commune-level agency
 * (`communeUnit`), so a town with wards reads "Phường 1", never "Xã Phường 1".
 */

export const COMMUNE_UNITS = ['xa', 'phuong', 'dac-khu', 'thi-tran'] as const;
export type CommuneUnit = (typeof COMMUNE_UNITS)[number];

/** Units that exist only before 01/07/2025 (the two-tier reform abolished them). */
export const HISTORICAL_COMMUNE_UNITS: readonly CommuneUnit[] = ['thi-tran'];

export const COMMUNE_UNIT_LABELS: Record<CommuneUnit, string> = {
  xa: 'Xã',
  phuong: 'Phường',
  'dac-khu': 'Đặc khu',
  'thi-tran': 'Thị trấn',
};

/** The words of administrative units that can open a place name ("Xã Thuận Bắc"). */
const LEADING_UNIT = /^(Xã|Phường|Đặc khu|Thị trấn|Thị xã|Huyện|Quận|Thành phố|Tỉnh)(?= )/u;

/**
 * A place name as it reads inside a sentence or after a comma: the unit word in lower
 * case ("xã Thuận Bắc", "tỉnh Khánh Hòa"); the name itself keeps its capitals. Names
 * are stored as labels ("Tỉnh Khánh Hòa"), capitalised, as they open a line.
 */
export const inSentence = (place: string): string =>
  place.replace(LEADING_UNIT, (unit) => unit.toLocaleLowerCase('vi'));

/**
 * The locality with its province, written once when the locality is the province:
 * "Xã Thuận Bắc, tỉnh Khánh Hòa", "Tỉnh Khánh Hòa" (never "Tỉnh Khánh Hòa, tỉnh Khánh Hòa").
 */
export function localityPlace(locality: { name: string; province: string; kind: string }): string {
  return locality.kind === 'tinh' || locality.name === locality.province
    ? locality.name
    : `${locality.name}, ${inSentence(locality.province)}`;
}

/** "Xã Thuận Bắc", "Phường 1", "Đặc khu Trường Sa". */
export const communeName = (unit: CommuneUnit, name: string): string =>
  `${COMMUNE_UNIT_LABELS[unit]} ${name}`;

export interface Commune {
  /** The name as written on agencies and stored with dossiers, e.g. "Thuận Bắc". */
  name: string;
  unit: CommuneUnit;
  /** "Xã Thuận Bắc". */
  label: string;
}

/**
 * A commune a citizen may name: one of the locality's, or a former one merged into it on
 * 01/07/2025, whose `label` then reads "Xã Thuận Bắc (trước đây xã Lợi Hải)" and `now`
 * "Xã Thuận Bắc".
 */
export interface CommuneChoice extends Commune {
  now?: string | undefined;
}

/**
 * The distinct communes of a locality's commune-level agencies, sorted in
 * Vietnamese order. The first agency to name a commune sets its unit.
 */
export function communesOfAgencies(
  agencies: readonly { commune?: string | undefined; communeUnit?: CommuneUnit | undefined }[],
): Commune[] {
  const byName = new Map<string, CommuneUnit>();
  for (const a of agencies) {
    if (a.commune && !byName.has(a.commune)) byName.set(a.commune, a.communeUnit ?? 'xa');
  }
  return [...byName]
    .map(([name, unit]) => ({ name, unit, label: communeName(unit, name) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}
