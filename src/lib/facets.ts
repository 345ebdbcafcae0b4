import { listing } from '../domain/catalogue-listing.ts';
import { LEVELS } from '../schemas/procedure.ts';
import { agencies, fields, index } from './site.ts';

/**
 * The catalogue's filters with their counts, computed once per build: every catalogue page
 * shows them. Counts are the lists' own (src/domain/catalogue-listing.ts). A province has a
 * thousand commune agencies: past AGENCY_FACET_MAX the filters name the province's agencies and
 * send to the directory for the communes', rather than repeat a thousand links on every page.
 */

export const AGENCY_FACET_MAX = 40;

const counted = <T>(items: readonly T[], count: (item: T) => number) =>
  items.map((item) => ({ item, count: count(item) })).filter((x) => x.count > 0);

const withProcedures = counted(agencies, (a) => listing(index, { agency: a.slug }).length);
const communeAgencies = withProcedures.filter((x) => x.item.commune);

export const facets = {
  fields: counted(fields, (f) => listing(index, { field: f.slug }).length),
  levels: counted(LEVELS, (level) => listing(index, { level }).length),
  online: listing(index, { online: true }).length,
  all: listing(index, {}).length,
  /** Procedures in each agency's list (the directory's figures). */
  agencyCount: new Map(withProcedures.map((x) => [x.item.slug, x.count])),
  agencies:
    withProcedures.length > AGENCY_FACET_MAX
      ? withProcedures.filter((x) => !x.item.commune)
      : withProcedures,
  /** Commune agencies left to the directory (0 when the filters name them all). */
  communeAgenciesElsewhere: withProcedures.length > AGENCY_FACET_MAX ? communeAgencies.length : 0,
};
