import type { ReportedFigure } from '../../schemas/statistics.ts';
import type { Scope } from '../../schemas/stats.ts';
import type { PaknSummary } from '../pakn/pakn.ts';
import type { FrameworkReport } from './indicators.ts';
import type { Summary } from './metrics.ts';
import type { Period } from './period.ts';

/** The dossiers open right now within a scope (not a period figure). */
export interface OpenDossiers {
  /** Not finished and not withdrawn: statuses 1, 2, 4, 5, 6. */
  inProgress: number;
  /** Waiting for the citizen (supplement or payment): the clock is on their side. */
  waitingForCitizen: number;
  /** Past the legal due date while with the administration (statuses 1, 2, 4). */
  overdue: number;
}

/**
 * Everything /thong-ke shows, and exactly what its CSV and /api/stats return;
 * functions/services/stats.ts builds it, src/ui/stats-page.ts renders it.
 */
export interface StatsReport {
  locality: string;
  period: Period;
  scope: Scope & { label: string };
  /** When the figures were read (ISO 8601). */
  generatedAt: string;
  totals: Summary;
  months: { month: string; label: string; summary: Summary }[];
  breakdown: {
    dimension: 'co-quan' | 'thu-tuc';
    title: string;
    rows: { key: string; label: string; summary: Summary }[];
  } | null;
  /** Open dossiers today, whatever the period. */
  open: OpenDossiers & { asOf: string };
  /** Phản ánh, kiến nghị sent in the period; null for a commune's applicants (a PAKN has no address). */
  pakn: PaknSummary | null;
  /** The national indicator framework's groups, as far as the data computes them (none configured: null). */
  framework: FrameworkReport | null;
  /** Figures reported before the system, for years inside the period, never added to the above. */
  reported: {
    year: number;
    source: string;
    /** The area the figures cover when it is not today's locality (a former district). */
    area?: string | undefined;
    note?: string | undefined;
    figure: ReportedFigure;
  }[];
}
