import { CHANNEL } from '../dossier/status.ts';
import { CRITERIA, type CriterionKey } from '../evaluation/criteria.ts';

/**
 * From counted events to the figures the public sees. Pure: the counts come from
 * the monthly counters (functions/db/stats.ts) or, in tests, from a recount of the
 * raw rows; both give the same Summary.
 */

/** Below this many evaluations, satisfaction figures are not published for a cell. */
export const MIN_EVALUATIONS = 5;

/** One group of counters (a month, an agency…), for one submission channel. */
export interface Counts {
  channel: number;
  received: number;
  finished: number;
  early: number;
  onTime: number;
  late: number;
  resolved: number;
  refused: number;
  stopped: number;
  withdrawn: number;
  daysSum: number;
  daysN: number;
  /** Dossiers received in the month whose documents are stored as files (online or scanned). */
  digitised: number;
  /** Dossiers ended before or on time after more than one supplement request (see timeliness.ts). */
  resupplied: number;
  evN: number;
  evSatSum: number;
  evSatPos: number;
  evSatNeg: number;
  criteria: Record<CriterionKey, { sum: number; n: number }>;
}

export const zeroCounts = (channel = 0): Counts => ({
  channel,
  received: 0,
  finished: 0,
  early: 0,
  onTime: 0,
  late: 0,
  resolved: 0,
  refused: 0,
  stopped: 0,
  withdrawn: 0,
  daysSum: 0,
  daysN: 0,
  digitised: 0,
  resupplied: 0,
  evN: 0,
  evSatSum: 0,
  evSatPos: 0,
  evSatNeg: 0,
  criteria: Object.fromEntries(CRITERIA.map((k) => [k, { sum: 0, n: 0 }])) as Counts['criteria'],
});

const NUMERIC = [
  'received',
  'finished',
  'early',
  'onTime',
  'late',
  'resolved',
  'refused',
  'stopped',
  'withdrawn',
  'daysSum',
  'daysN',
  'digitised',
  'resupplied',
  'evN',
  'evSatSum',
  'evSatPos',
  'evSatNeg',
] as const;

export interface Satisfaction {
  evaluations: number;
  /** True when there are fewer than MIN_EVALUATIONS evaluations: the figures below are null. */
  suppressed: boolean;
  /** Mean of the 5-level scale (5 rất hài lòng … 1 rất không hài lòng), one decimal. */
  average: number | null;
  /** Shares of "hài lòng" or better, and of "không hài lòng" or worse. */
  satisfiedShare: number | null;
  dissatisfiedShare: number | null;
  /** Mean score (0–2) per criterion, null when suppressed or nobody answered it. */
  criteria: Record<CriterionKey, number | null>;
}

export interface Summary {
  received: number;
  receivedOnline: number;
  /** receivedOnline / received, null when nothing was received. */
  onlineShare: number | null;
  finished: number;
  early: number;
  onTime: number;
  late: number;
  /** (early + onTime) / finished. */
  onTimeShare: number | null;
  resolved: number;
  refused: number;
  stopped: number;
  withdrawn: number;
  /** Received dossiers whose documents are stored as files, and their share of those received. */
  digitised: number;
  digitisedShare: number | null;
  /** Ended before or on time, but after more than one supplement request. */
  resupplied: number;
  /** Mean working days used by dossiers resolved with a result, one decimal. */
  averageWorkingDays: number | null;
  satisfaction: Satisfaction;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
/** Shares keep four decimals (0,1234 = 12,34 %) so percentages round once, when shown. */
export const share = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

/** Adds counts of any channels into one group (channel 0). */
export function addCounts(rows: readonly Counts[]): Counts {
  const total = zeroCounts();
  for (const row of rows) {
    for (const key of NUMERIC) total[key] += row[key];
    for (const k of CRITERIA) {
      total.criteria[k].sum += row.criteria[k].sum;
      total.criteria[k].n += row.criteria[k].n;
    }
  }
  return total;
}

/** The published figures of one group, from its counts per channel. */
export function summarise(rows: readonly Counts[]): Summary {
  const c = addCounts(rows);
  const online = rows.filter((r) => r.channel === CHANNEL.ONLINE);
  const receivedOnline = online.reduce((n, r) => n + r.received, 0);
  const suppressed = c.evN < MIN_EVALUATIONS;
  return {
    received: c.received,
    receivedOnline,
    onlineShare: share(receivedOnline, c.received),
    finished: c.finished,
    early: c.early,
    onTime: c.onTime,
    late: c.late,
    onTimeShare: share(c.early + c.onTime, c.finished),
    resolved: c.resolved,
    refused: c.refused,
    stopped: c.stopped,
    withdrawn: c.withdrawn,
    digitised: c.digitised,
    digitisedShare: share(c.digitised, c.received),
    resupplied: c.resupplied,
    averageWorkingDays: c.daysN > 0 ? round1(c.daysSum / c.daysN) : null,
    satisfaction: {
      evaluations: c.evN,
      suppressed,
      average: suppressed ? null : round1(c.evSatSum / c.evN),
      satisfiedShare: suppressed ? null : share(c.evSatPos, c.evN),
      dissatisfiedShare: suppressed ? null : share(c.evSatNeg, c.evN),
      criteria: Object.fromEntries(
        CRITERIA.map((k) => {
          const { sum, n } = c.criteria[k];
          return [k, suppressed || n === 0 ? null : round1(sum / n)];
        }),
      ) as Record<CriterionKey, number | null>,
    },
  };
}

function suppress(summary: Summary): void {
  const s = summary.satisfaction;
  s.suppressed = true;
  s.average = null;
  s.satisfiedShare = null;
  s.dissatisfiedShare = null;
  for (const k of CRITERIA) s.criteria[k] = null;
}

/**
 * Protects small cells of a table published with its total. Rows with fewer than
 * MIN_EVALUATIONS evaluations are already hidden by `summarise`; this also hides the
 * smallest published rows until the hidden ones add up to MIN_EVALUATIONS or more, so
 * that "total minus the published rows" cannot reveal a small group. Mutates `rows`.
 */
export function protectSmallCells(total: Summary, rows: readonly Summary[]): void {
  if (total.satisfaction.suppressed) {
    for (const row of rows) suppress(row);
    return;
  }
  let hidden = rows
    .filter((r) => r.satisfaction.suppressed)
    .reduce((n, r) => n + r.satisfaction.evaluations, 0);
  if (hidden === 0) return;
  const shown = rows
    .filter((r) => !r.satisfaction.suppressed)
    .sort((a, b) => a.satisfaction.evaluations - b.satisfaction.evaluations);
  for (const row of shown) {
    if (hidden >= MIN_EVALUATIONS) break;
    suppress(row);
    hidden += row.satisfaction.evaluations;
  }
}

/** `maxPoints` × the share of `finished` dossiers counted in time (two decimals); null when none ended. */
export function onTimePoints(inTime: number, finished: number, maxPoints: number): number | null {
  if (finished === 0) return null;
  return Math.round(((maxPoints * inTime) / finished) * 100) / 100;
}
