import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { SearchEngine } from '../../src/domain/search/engine.ts';

export interface RelevanceQuery {
  q: string;
  expect: string[];
  kind: string;
}

export interface RelevanceReport {
  total: number;
  top1: number;
  top3: number;
  top10: number;
  misses: { query: RelevanceQuery; rank: number | undefined; got: string[] }[];
  byKind: Map<string, { total: number; top3: number }>;
}

export function loadQueries(path: string): RelevanceQuery[] {
  const data = parse(readFileSync(path, 'utf8')) as { queries: RelevanceQuery[] };
  return data.queries;
}

/** Rank of the first acceptable code among our engine's results (1-based), per query. */
export function evaluate(engine: SearchEngine, queries: RelevanceQuery[]): RelevanceReport {
  return evaluateRanked(
    queries,
    queries.map((query) => engine.search(query.q).map((h) => h.procedure.code)),
  );
}

/**
 * The same report for any engine: `ranked[i]` is the list of procedure codes it
 * returned for `queries[i]`, best first (at least the first 10).
 */
export function evaluateRanked(queries: RelevanceQuery[], ranked: string[][]): RelevanceReport {
  const report: RelevanceReport = {
    total: queries.length,
    top1: 0,
    top3: 0,
    top10: 0,
    misses: [],
    byKind: new Map(),
  };
  for (const [i, query] of queries.entries()) {
    const codes = ranked[i] ?? [];
    const ranks = query.expect.map((c) => codes.indexOf(c)).filter((i) => i >= 0);
    const rank = ranks.length > 0 ? Math.min(...ranks) + 1 : undefined;
    if (rank === 1) report.top1++;
    if (rank !== undefined && rank <= 3) report.top3++;
    if (rank !== undefined && rank <= 10) report.top10++;
    if (rank === undefined || rank > 3) report.misses.push({ query, rank, got: codes.slice(0, 3) });
    const kind = report.byKind.get(query.kind) ?? { total: 0, top3: 0 };
    kind.total++;
    if (rank !== undefined && rank <= 3) kind.top3++;
    report.byKind.set(query.kind, kind);
  }
  return report;
}
