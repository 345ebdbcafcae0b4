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
 * case ("huyện Thuận Bắc", "tỉnh Ninh Thuận"); the name itself keeps its capitals. Names
 * are stored as labels ("Huyện Thuận Bắc"), capitalised, as they open a line.
 */
export const inSentence = (place: string): string =>
  place.replace(LEADING_UNIT, (unit) => unit.toLocaleLowerCase('vi'));

/** "Xã Bắc Phong", "Phường 1", "Thị trấn Lợi Hải". */
export const communeName = (unit: CommuneUnit, name: string): string =>
  `${COMMUNE_UNIT_LABELS[unit]} ${name}`;

export interface Commune {
  /** The name as written on agencies and stored with dossiers, e.g. "Bắc Phong". */
  name: string;
  unit: CommuneUnit;
  /** "Xã Bắc Phong". */
  label: string;
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
