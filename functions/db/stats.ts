import type { OpenDossiers } from '../../src/domain/stats/report.ts';
import { CRITERIA } from '../../src/domain/evaluation/criteria.ts';
import {
  CHANNEL,
  OPEN_STATUSES,
  type StatusCode,
  WAITING_FOR_CITIZEN_STATUSES,
} from '../../src/domain/dossier/status.ts';
import { statusList } from './status-sql.ts';
import { type Counts, zeroCounts } from '../../src/domain/stats/metrics.ts';

/**
 * Reads the monthly counters (kept by triggers in migrations/0004) and the dossiers
 * still open. Each scope reads the counter table whose key starts with it, so a request
 * touches a few thousand rows at most, whether the locality has a thousand dossiers or
 * millions (npm run bench:stats).
 */

export interface ScopeFilter {
  agency?: string | undefined;
  /** The commune names stored with dossiers that count together (a commune and its former ones). */
  communes?: readonly string[] | undefined;
  procedure?: string | undefined;
}

/** The communes of a filter as one bound parameter (a JSON array read with json_each). */
const communesParam = (scope: ScopeFilter): string | null =>
  scope.communes === undefined ? null : JSON.stringify(scope.communes);

export type Dimension = 'month' | 'agency_slug' | 'procedure_code';

const SUMS = `sum(received) AS received, sum(finished) AS finished, sum(early) AS early,
  sum(on_time) AS onTime, sum(late) + 0 * sum(early) AS late, sum(resolved) AS resolved, sum(refused) AS refused,
  sum(stopped) AS stopped, sum(withdrawn) AS withdrawn, sum(days_sum) AS daysSum, sum(days_n) AS daysN, sum(digitised) AS digitised, sum(resupplied) AS resupplied,
  sum(ev_n) AS evN, sum(ev_sat_sum) AS evSatSum, sum(ev_sat_pos) AS evSatPos, sum(ev_sat_neg) AS evSatNeg,
  ${CRITERIA.map((k) => `sum(c_${k}_sum) AS c_${k}_sum, sum(c_${k}_n) AS c_${k}_n`).join(', ')}`;

/**
 * The counter table for a scope and a grouping: per commune for a commune's applicants,
 * per procedure for a procedure or an agency's procedures, per agency otherwise.
 */
function tableFor(scope: ScopeFilter, dimension: Dimension): { table: string; where: string } {
  if (scope.communes !== undefined) {
    return {
      table: 'stats_commune_month',
      where:
        'commune IN (SELECT value FROM json_each(?3)) AND month BETWEEN ?1 AND ?2 AND (?4 IS NULL OR agency_slug = ?4)',
    };
  }
  if (scope.procedure !== undefined || dimension === 'procedure_code') {
    return {
      table: 'stats_procedure_month',
      where: scope.procedure
        ? 'procedure_code = ?3 AND month BETWEEN ?1 AND ?2 AND (?4 IS NULL OR agency_slug = ?4)'
        : scope.agency !== undefined
          ? 'agency_slug = ?4 AND month BETWEEN ?1 AND ?2'
          : 'agency_slug = ?4 AND month BETWEEN ?1 AND ?2',
    };
  }
  return {
    table: 'stats_agency_month',
    where: 'month BETWEEN ?1 AND ?2 AND (?4 IS NULL OR agency_slug = ?4)',
  };
}

type Row = Record<string, number | string | null>;

function toCounts(row: Row): Counts {
  const counts = zeroCounts(Number(row.channel));
  const n = (key: string) => Number(row[key] ?? 0);
  counts.received = n('received');
  counts.finished = n('finished');
  counts.early = n('early');
  counts.onTime = n('onTime');
  counts.late = n('late');
  counts.resolved = n('resolved');
  counts.refused = n('refused');
  counts.stopped = n('stopped');
  counts.withdrawn = n('withdrawn');
  counts.daysSum = n('daysSum');
  counts.daysN = n('daysN');
  counts.digitised = n('digitised');
  counts.resupplied = n('resupplied');
  counts.evN = n('evN');
  counts.evSatSum = n('evSatSum');
  counts.evSatPos = n('evSatPos');
  counts.evSatNeg = n('evSatNeg');
  for (const k of CRITERIA) counts.criteria[k] = { sum: n(`c_${k}_sum`), n: n(`c_${k}_n`) };
  return counts;
}

export interface GroupedCounts {
  key: string;
  /** Counts per submission channel. */
  counts: Counts[];
}

/**
 * Counters from month `from` to `to` (YYYY-MM, inclusive) within the scope, grouped by
 * a dimension (and by channel).
 */
function groupedStatement(
  db: D1Database,
  from: string,
  to: string,
  scope: ScopeFilter,
  dimension: Dimension,
): D1PreparedStatement {
  const { table, where } = tableFor(scope, dimension);
  return db
    .prepare(
      `SELECT ${dimension} AS key, channel, ${SUMS} FROM ${table} WHERE ${where}
       GROUP BY ${dimension}, channel ORDER BY ${dimension}`,
    )
    .bind(from, to, communesParam(scope) ?? scope.procedure ?? null, scope.agency ?? null);
}

function groupedCounts(rows: readonly Row[]): GroupedCounts[] {
  const groups = new Map<string, Counts[]>();
  for (const row of rows) {
    const key = String(row.key);
    const list = groups.get(key) ?? [];
    list.push(toCounts(row));
    groups.set(key, list);
  }
  return [...groups].map(([key, counts]) => ({ key, counts }));
}

/**
 * Dossiers received online in the period, per procedure, for the whole locality (the split
 * by online level); read from the covering index stats_procedure_online.
 */
const onlineStatement = (db: D1Database, from: string, to: string): D1PreparedStatement =>
  db
    .prepare(
      `SELECT procedure_code AS code, sum(received) AS n FROM stats_procedure_month
       WHERE channel = ?3 AND month BETWEEN ?1 AND ?2 GROUP BY procedure_code`,
    )
    .bind(from, to, CHANNEL.ONLINE);

/** The open statuses, as the partial index of migrations/0032 repeats them. */
export const OPEN = statusList(OPEN_STATUSES);
const WAITING = statusList(WAITING_FOR_CITIZEN_STATUSES);
/** Open and in the office's hands: only these can be overdue (the citizen's wait does not count). */
const WITH_THE_OFFICE = statusList(
  OPEN_STATUSES.filter((s: StatusCode) => !WAITING_FOR_CITIZEN_STATUSES.includes(s)),
);

/** The dossiers open right now within the scope (not a period figure). */
const openStatement = (db: D1Database, today: string, scope: ScopeFilter): D1PreparedStatement =>
  db
    .prepare(
      `SELECT count(*) AS inProgress, coalesce(sum(status IN ${WAITING}), 0) AS waitingForCitizen,
         coalesce(sum(status IN ${WITH_THE_OFFICE} AND statutory_due_date < ?1), 0) AS overdue
       FROM dossiers WHERE status IN ${OPEN}
         AND (?2 IS NULL OR agency_slug = ?2)
         AND (?3 IS NULL OR commune IN (SELECT value FROM json_each(?3)))
         AND (?4 IS NULL OR procedure_code = ?4)`,
    )
    .bind(today, scope.agency ?? null, communesParam(scope), scope.procedure ?? null);

const NONE_OPEN: OpenDossiers = { inProgress: 0, waitingForCitizen: 0, overdue: 0 };

export async function openDossiers(
  db: D1Database,
  today: string,
  scope: ScopeFilter,
): Promise<OpenDossiers> {
  return (await openStatement(db, today, scope).first<OpenDossiers>()) ?? NONE_OPEN;
}

export interface StatsFigures {
  /** Per dimension asked for, in order. */
  grouped: GroupedCounts[][];
  open: OpenDossiers;
  /** Online dossiers per procedure, when asked for (the whole locality). */
  onlineByProcedure: Map<string, number> | null;
}

/**
 * What a statistics request reads from the counters and the open dossiers, in one round trip
 * (one D1 batch; each query was its own call before, ADR 0025).
 */
export async function statsFigures(
  db: D1Database,
  period: { from: string; to: string; today: string },
  scope: ScopeFilter,
  dimensions: readonly Dimension[],
  onlineByProcedure: boolean,
): Promise<StatsFigures> {
  const { from, to, today } = period;
  const results = await db.batch<Row>([
    ...dimensions.map((dimension) => groupedStatement(db, from, to, scope, dimension)),
    openStatement(db, today, scope),
    ...(onlineByProcedure ? [onlineStatement(db, from, to)] : []),
  ]);
  const rows = (i: number) => results[i]?.results ?? [];
  const open = rows(dimensions.length)[0] as OpenDossiers | undefined;
  return {
    grouped: dimensions.map((_, i) => groupedCounts(rows(i))),
    open: open ?? NONE_OPEN,
    onlineByProcedure: onlineByProcedure
      ? new Map(rows(dimensions.length + 1).map((r) => [String(r.code), Number(r.n)]))
      : null,
  };
}
