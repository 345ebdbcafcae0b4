import type { CatalogueIndex } from '../catalogue-index.ts';
import { isDeskKind, type Agency } from '../../schemas/agency.ts';
import { resolutionLabel, resolveCommune } from '../units.ts';

/** A commune named in a search, and the agencies that serve it today. */
export interface PlaceMatch {
  /** "Xã Thuận Bắc (trước đây xã Lợi Hải)" or "Xã Thuận Bắc". */
  label: string;
  /** The commune's agencies, its reception centre first. */
  agencies: Agency[];
}

/**
 * The commune a search names ("Lợi Hải", "loi hai", "khai sinh xã Bắc Phong"), old name or
 * new, when it is one of the locality's: so a citizen who knows only the name before
 * 01/07/2025 finds today's centre and agencies.
 */
export function placeInQuery(index: CatalogueIndex, query: string): PlaceMatch | undefined {
  const resolved = resolveCommune(index.units, { address: query });
  if (!resolved) return undefined;
  const agencies = index.catalogue.agencies
    .filter((a) => a.commune === resolved.current.name)
    .sort((a, b) => Number(isDeskKind(b.kind)) - Number(isDeskKind(a.kind)));
  if (agencies.length === 0) return undefined;
  return { label: resolutionLabel(resolved), agencies };
}
