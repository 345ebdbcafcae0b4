import type { RuleSet } from '../domain/rules/select.ts';
import type { Agency } from '../schemas/agency.ts';
import type { CalendarYearFile } from '../schemas/calendar.ts';
import type { Field } from '../schemas/field.ts';
import type { Procedure } from '../schemas/procedure.ts';
import type { Chain } from '../schemas/chain.ts';
import type { Site } from '../schemas/site.ts';
import type { IndicatorFramework } from '../schemas/indicators.ts';
import type { NotificationTemplates } from '../schemas/notifications.ts';
import type { ReportedYear } from '../schemas/statistics.ts';
import type { AdminUnitEntry } from '../schemas/units.ts';
import type { ProcedureSummary } from './summary.ts';

export type { ProcedureSummary };

/** The whole validated catalogue: the single source of truth for pages and the Worker. */
export interface Catalogue {
  site: Site;
  fields: Field[];
  agencies: Agency[];
  procedures: Procedure[];
  /** Chained procedures (content/chains/<slug>.yaml, ADR 0021). */
  chains: Chain[];
  /** Official holiday schedules, one per year (content/calendar/<year>.yaml). */
  calendar: CalendarYearFile[];
  /** Figures reported before the system (content/statistics/<year>.yaml), shown as reported. */
  reported: ReportedYear[];
  /** The national indicator framework /thong-ke reports against (content/indicators.yaml), if any. */
  indicators: IndicatorFramework | null;
  /** Rule sets by reception date (content/rules/<id>.yaml), sorted by effective date. */
  ruleSets: RuleSet[];
  /**
   * Administrative units with their dates and mergers (content/units.yaml; empty when the
   * locality has none), so old addresses resolve to today's communes.
   */
  units: AdminUnitEntry[];
  /** Zalo (ZNS) templates of the messages to citizens (content/notifications.yaml), if any. */
  notifications?: NotificationTemplates | null;
}

/** A raw content file as read from disk (path relative to the repository root). */
export interface RawFile {
  path: string;
  text: string;
}

/** What the build hands to pages and the Worker: the catalogue plus inline media. */
export interface CataloguePayload extends Catalogue {
  /** The site logo's SVG markup, inlined to save a request. */
  logoSvg?: string;
}

/** Everything of the catalogue but its procedures: what the Worker bundle carries. */
export type CatalogueCore = Omit<CataloguePayload, 'procedures'>;

/** A catalogue whose procedures are summaries (the Worker) or whole (pages, tests). */
export type CatalogueOf<P extends ProcedureSummary> = Omit<CataloguePayload, 'procedures'> & {
  procedures: P[];
};
