import type { ProcedureSummary } from '../catalogue/types.ts';
import type { Level } from '../schemas/procedure.ts';
import type { CatalogueIndex } from './catalogue-index.ts';
import { routes } from './routes.ts';

/**
 * The catalogue's lists (a field, a level, the online procedures, an agency's): which
 * procedures they show and in what order, for the prerendered pages and the Worker's paged
 * list alike. A repealed procedure keeps its page (it says what replaced it), not its place in
 * a list. At province scale a list can hold thousands: a prerendered page shows the first
 * `STATIC_LIST_MAX` and hands over to `/tim-kiem`, which pages the same list
 * `LIST_PAGE_SIZE` at a time (docs/adr/0024-what-to-prerender.md).
 */

export interface ListingFilter {
  field?: string | undefined;
  level?: Level | undefined;
  /** Only procedures that can be filed online, fully or partly. */
  online?: boolean | undefined;
  agency?: string | undefined;
}

/** Procedures per page of the Worker's lists and search results. */
export const LIST_PAGE_SIZE = 20;
/** Procedures a prerendered list shows before it hands over: five of the Worker's pages. */
export const STATIC_LIST_MAX = 5 * LIST_PAGE_SIZE;

type Listable = Pick<ProcedureSummary, 'field' | 'level' | 'online' | 'agencies' | 'status'>;

/** Whether a procedure matches the filter (search results keep repealed ones: their page says what replaced them). */
export const matchesFilter = (p: Listable, f: ListingFilter): boolean =>
  (!f.field || p.field === f.field) &&
  (!f.level || p.level === f.level) &&
  (!f.online || p.online !== 'khong') &&
  (!f.agency || p.agencies.includes(f.agency));

/** Whether a procedure belongs in the list the filter names. */
export const inListing = (p: Listable, f: ListingFilter): boolean =>
  p.status !== 'repealed' && matchesFilter(p, f);

/** The list, in catalogue order; starts from the index's smallest group that holds it. */
export function listing<P extends ProcedureSummary>(
  index: CatalogueIndex<P>,
  f: ListingFilter,
): P[] {
  const from = f.agency
    ? (index.byAgency.get(f.agency) ?? [])
    : f.field
      ? (index.byField.get(f.field) ?? [])
      : f.level
        ? (index.byLevel.get(f.level) ?? [])
        : f.online
          ? index.online
          : index.catalogue.procedures;
  return from.filter((p) => inListing(p, f));
}

/** `/tim-kiem` with the words and the filter, at a page of LIST_PAGE_SIZE. */
export function listingHref(f: ListingFilter & { q?: string }, page = 1): string {
  const s = new URLSearchParams({ q: f.q ?? '' });
  if (f.field) s.set('field', f.field);
  if (f.level) s.set('level', f.level);
  if (f.online) s.set('online', 'co');
  if (f.agency) s.set('agency', f.agency);
  if (page > 1) s.set('trang', String(page));
  return `${routes.search()}?${s}`;
}

/** Where a prerendered list continues: the Worker's page after the ones it shows. */
export const continuationHref = (f: ListingFilter): string =>
  listingHref(f, STATIC_LIST_MAX / LIST_PAGE_SIZE + 1);
