import type { CatalogueOf, ProcedureSummary } from '../catalogue/types.ts';
import { type Agency, isDeskKind } from '../schemas/agency.ts';
import { buildCalendar, type WorkingCalendar, type WorkingWeek } from './calendar/index.ts';
import { type Commune, type CommuneChoice, communeName, communesOfAgencies } from './commune.ts';
import type { Field } from '../schemas/field.ts';
import type { Level, Procedure } from '../schemas/procedure.ts';
import { isCentre, isProvinceCentre } from './reception.ts';
import {
  namesOf,
  resolutionLabel,
  resolveCommune,
  type UnitRegistry,
  unitRegistry,
} from './units.ts';

/**
 * Look-ups over a validated catalogue, built once and shared by every page and route.
 * Pages index whole procedures; the Worker indexes their summaries (`P`) and reads a whole
 * procedure only when a request needs it, through `procedure` (ADR 0025).
 */
export interface CatalogueIndex<P extends ProcedureSummary = ProcedureSummary> {
  readonly catalogue: CatalogueOf<P>;
  procedureBySlug: ReadonlyMap<string, P>;
  procedureByCode: ReadonlyMap<string, P>;
  /**
   * The whole procedure (documents, steps, forms, fees…) of a slug the catalogue lists;
   * undefined for any other slug. Pages have it at hand; the Worker reads it from the
   * build's assets (functions/catalogue/source.ts).
   */
  procedure(slug: string): Promise<Procedure | undefined>;
  /** The whole procedure of a code the catalogue lists, as `procedure`. */
  procedureForCode(code: string): Promise<Procedure | undefined>;
  agencyBySlug: ReadonlyMap<string, Agency>;
  fieldBySlug: ReadonlyMap<string, Field>;
  byField: ReadonlyMap<string, P[]>;
  byAgency: ReadonlyMap<string, P[]>;
  byLevel: ReadonlyMap<Level, P[]>;
  online: P[];
  /** Communes, wards and townships of the locality, with their units. */
  communes: Commune[];
  /**
   * "Xã Thuận Bắc" for "Thuận Bắc"; "Xã Thuận Bắc (trước đây xã Lợi Hải)" for a commune
   * merged on 01/07/2025 ("Xã" + the name when it is not a known commune).
   */
  communeLabel(name: string): string;
  /** Administrative units with their mergers (content/units.yaml). */
  units: UnitRegistry;
  /**
   * The commune a dossier counts under: a commune of the locality, given its own name or a
   * former one (from the choice, else from the address); undefined if none is named.
   */
  communeOf(input: { name?: string | undefined; address?: string | undefined }): string | undefined;
  /** Today's communes, then the former communes merged into them (forms, addresses). */
  communeChoices: CommuneChoice[];
  /** The names stored with dossiers that count under a commune: its own and its former ones. */
  communeNames(name: string): string[];
  /** The site's main one-stop desk. */
  mainDesk: Agency;
  /** The one-stop desk where an agency's dossiers are received. */
  deskOf(agency: Agency): Agency;
  /**
   * The province's Trung tâm Phục vụ hành chính công (province first, then communes): each
   * receives boundary-free procedures for any competent agency, and returns their results.
   */
  centres: Agency[];
  /**
   * The centres that receive a procedure regardless of boundary and return its results: those
   * it lists (`receivingCentres`), else every centre; none when it is not boundary-free.
   */
  centresFor(procedure: Pick<ProcedureSummary, 'boundaryFree' | 'receivingCentres'>): Agency[];
  /** The distinct desks where a procedure can be submitted. */
  desksFor(procedure: Pick<ProcedureSummary, 'agencies'>): Agency[];
  /** Working days and holidays: official schedules from content/calendar, rules otherwise. */
  calendar: WorkingCalendar;
  /** The distinct working weeks of the agencies that handle a procedure. */
  weeksFor(procedure: Pick<ProcedureSummary, 'agencies'>): WorkingWeek[];
}

function groupBy<K, V>(items: readonly V[], keys: (item: V) => readonly K[]): Map<K, V[]> {
  const map = new Map<K, V[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const list = map.get(key) ?? [];
      list.push(item);
      map.set(key, list);
    }
  }
  return map;
}

/**
 * The index of a catalogue. Without `load`, the catalogue's procedures must be whole and
 * `procedure` answers from them; the Worker passes summaries and a reader of its assets.
 */
export function indexCatalogue(catalogue: CatalogueOf<Procedure>): CatalogueIndex<Procedure>;
export function indexCatalogue<P extends ProcedureSummary>(
  catalogue: CatalogueOf<P>,
  load: (slug: string) => Promise<Procedure | undefined>,
): CatalogueIndex<P>;
export function indexCatalogue<P extends ProcedureSummary>(
  catalogue: CatalogueOf<P>,
  load?: (slug: string) => Promise<Procedure | undefined>,
): CatalogueIndex<P> {
  const procedureBySlug = new Map(catalogue.procedures.map((p) => [p.slug, p]));
  const agencyBySlug = new Map(catalogue.agencies.map((a) => [a.slug, a]));
  const communes = communesOfAgencies(catalogue.agencies);
  const units = unitRegistry(catalogue.units);
  const known = (name: string) => communes.find((c) => c.name === name);
  const mainDesk = agencyBySlug.get(catalogue.site.desk);
  if (!mainDesk) throw new Error(`site.desk "${catalogue.site.desk}" is not an agency`);
  const centres = catalogue.agencies
    .filter(isCentre)
    .sort((a, b) => Number(isProvinceCentre(b)) - Number(isProvinceCentre(a)));
  const deskOf = (agency: Agency): Agency =>
    isDeskKind(agency.kind)
      ? agency
      : ((agency.desk ? agencyBySlug.get(agency.desk) : undefined) ?? agency);
  return {
    catalogue,
    procedureBySlug,
    async procedure(slug) {
      if (!procedureBySlug.has(slug)) return undefined;
      return load ? load(slug) : (procedureBySlug.get(slug) as unknown as Procedure);
    },
    procedureForCode(code) {
      const slug = this.procedureByCode.get(code)?.slug;
      return slug === undefined ? Promise.resolve(undefined) : this.procedure(slug);
    },
    procedureByCode: new Map(catalogue.procedures.map((p) => [p.code, p])),
    agencyBySlug,
    fieldBySlug: new Map(catalogue.fields.map((f) => [f.slug, f])),
    byField: groupBy(catalogue.procedures, (p) => [p.field]),
    byAgency: groupBy(catalogue.procedures, (p) => p.agencies),
    byLevel: groupBy(catalogue.procedures, (p) => [p.level]),
    online: catalogue.procedures.filter((p) => p.online !== 'khong'),
    communes,
    communeLabel(name) {
      const resolved = resolveCommune(units, { name });
      if (resolved?.former && known(resolved.current.name)) return resolutionLabel(resolved);
      return known(name)?.label ?? communeName('xa', name);
    },
    units,
    communeChoices: [
      ...communes,
      ...communes.flatMap((c) => {
        const unit = units.communeByName(c.name);
        return unit
          ? units
              .formerlyOf(unit)
              .filter((f) => f.name !== c.name)
              .map((f) => ({
                name: f.name,
                unit: c.unit,
                label: resolutionLabel({ current: unit, former: f }),
                now: c.label,
              }))
          : [];
      }),
    ],
    communeOf(input) {
      const resolved = resolveCommune(units, input);
      const name = resolved?.current.name;
      return name !== undefined && known(name) ? (resolved?.former?.name ?? name) : undefined;
    },
    communeNames(name) {
      const unit = units.communeByName(name);
      return unit ? namesOf(units, units.currentOf(unit)) : [name];
    },
    mainDesk,
    deskOf,
    centres,
    centresFor(procedure) {
      if (!procedure.boundaryFree) return [];
      const listed = procedure.receivingCentres;
      return listed ? centres.filter((c) => listed.includes(c.slug)) : centres;
    },
    calendar: buildCalendar(catalogue.calendar),
    weeksFor(procedure) {
      const weeks = new Map<string, WorkingWeek>();
      for (const slug of procedure.agencies) {
        const week = agencyBySlug.get(slug)?.workingWeek;
        if (week) weeks.set(JSON.stringify(week), week);
      }
      return [...weeks.values()];
    },
    desksFor(procedure) {
      const desks = new Map<string, Agency>();
      for (const slug of procedure.agencies) {
        const agency = agencyBySlug.get(slug);
        if (agency) {
          const desk = deskOf(agency);
          desks.set(desk.slug, desk);
        }
      }
      return [...desks.values()];
    },
  };
}
