import type { ProcedureSummary } from '../../src/catalogue/summary.ts';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { vietnamDay } from '../../src/domain/dossier/timeliness.ts';
import { frameworkReport } from '../../src/domain/stats/indicators.ts';
import { type Counts, protectSmallCells, summarise } from '../../src/domain/stats/metrics.ts';
import { CHANNEL } from '../../src/domain/dossier/status.ts';
import { monthsBetween, type Period, shortMonth } from '../../src/domain/stats/period.ts';
import type { Scope } from '../../src/schemas/stats.ts';
import { unitInSentence } from '../../src/domain/units.ts';
import { OTHER_COMMUNE } from '../../src/schemas/submission.ts';
import type { StatsReport } from '../../src/domain/stats/report.ts';
import { type Dimension, statsFigures } from '../db/stats.ts';
import { electronicResults } from '../db/result-files.ts';
import { communesOf } from './intake.ts';
import { paknSummary } from './pakn.ts';

export type { StatsReport } from '../../src/domain/stats/report.ts';

export const communeLabel = (index: CatalogueIndex, commune: string): string =>
  commune === OTHER_COMMUNE
    ? 'Nơi khác'
    : commune === ''
      ? 'Không rõ'
      : index.communeLabel(commune);

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * For a commune that took in others on 01/07/2025: " (kể cả hồ sơ ghi địa chỉ ở xã Bắc Phong,
 * xã Lợi Hải, xã Phước Kháng trước đây)", since those dossiers count under it.
 */
function formerlyNote(index: CatalogueIndex, commune: string): string {
  const unit = index.units.communeByName(commune);
  if (!unit) return '';
  const former = index.units
    .formerlyOf(index.units.currentOf(unit))
    .filter((u) => u.name !== commune)
    .map((u) => unitInSentence(u));
  return former.length > 0 ? ` (kể cả hồ sơ ghi địa chỉ ở ${former.join(', ')} trước đây)` : '';
}

export function scopeLabel(index: CatalogueIndex, scope: Scope): string {
  switch (scope.kind) {
    case 'dia-phuong':
      return index.catalogue.site.locality.name;
    case 'co-quan':
      return index.agencyBySlug.get(scope.agency)?.name ?? scope.agency;
    case 'xa':
      return scope.commune === OTHER_COMMUNE
        ? 'Người nộp ở nơi khác'
        : `Người nộp ở ${lowerFirst(index.communeLabel(scope.commune))}${formerlyNote(index, scope.commune)}`;
    case 'thu-tuc': {
      const p = index.procedureByCode.get(scope.procedure);
      return p ? `${p.title} (${p.code})` : scope.procedure;
    }
  }
}

/** The communes a scope may name: those of the catalogue, and "other". */
export const statsCommunes = (index: CatalogueIndex): string[] => [
  ...communesOf(index),
  OTHER_COMMUNE,
];

interface ProcedureCounts {
  total: number;
  fullOnline: number;
  partOnline: number;
}

const noCounts = (): ProcedureCounts => ({ total: 0, fullOnline: 0, partOnline: 0 });

function add(counts: ProcedureCounts, p: ProcedureSummary): void {
  counts.total++;
  if (p.online === 'toan-trinh') counts.fullOnline++;
  else if (p.online === 'mot-phan') counts.partOnline++;
}

/** Per catalogue: active procedures counted once, not on every request (6,000 of them, ADR 0025). */
const activeCounts = new WeakMap<
  CatalogueIndex,
  { all: ProcedureCounts; byAgency: Map<string, ProcedureCounts> }
>();

/** The active procedures a scope covers, by online level (the indicator framework's base). */
function proceduresInScope(index: CatalogueIndex, scope: Scope): ProcedureCounts {
  let counts = activeCounts.get(index);
  if (!counts) {
    const all = noCounts();
    const byAgency = new Map<string, ProcedureCounts>();
    for (const p of index.catalogue.procedures) {
      if (p.status !== 'active') continue;
      add(all, p);
      for (const slug of new Set(p.agencies)) {
        const agency = byAgency.get(slug) ?? noCounts();
        byAgency.set(slug, agency);
        add(agency, p);
      }
    }
    counts = { all, byAgency };
    activeCounts.set(index, counts);
  }
  switch (scope.kind) {
    case 'co-quan':
      return counts.byAgency.get(scope.agency) ?? noCounts();
    case 'thu-tuc': {
      const counted = noCounts();
      const p = index.procedureByCode.get(scope.procedure);
      if (p?.status === 'active') add(counted, p);
      return counted;
    }
    default:
      return counts.all;
  }
}
export async function buildStatsReport(
  db: D1Database,
  index: CatalogueIndex,
  period: Period,
  scope: Scope,
  now: Date,
): Promise<StatsReport> {
  const filter = {
    agency: scope.kind === 'co-quan' ? scope.agency : undefined,
    communes: scope.kind === 'xa' ? index.communeNames(scope.commune) : undefined,
    procedure: scope.kind === 'thu-tuc' ? scope.procedure : undefined,
  };
  // A breakdown never crosses a procedure with a commune's residents.
  const breakdown: { dimension: 'co-quan' | 'thu-tuc'; column: Dimension } | null =
    scope.kind === 'dia-phuong' || scope.kind === 'xa'
      ? { dimension: 'co-quan', column: 'agency_slug' }
      : scope.kind === 'co-quan'
        ? { dimension: 'thu-tuc', column: 'procedure_code' }
        : null;
  const today = vietnamDay(now.toISOString());
  // Online dossiers by procedure (for the online level split): an agency's breakdown already
  // reads procedures; the whole locality reads one index; a commune's counters keep none.
  const [figures, pakn, electronic] = await Promise.all([
    statsFigures(
      db,
      { from: period.from, to: period.to, today },
      filter,
      breakdown ? ['month', breakdown.column] : ['month'],
      scope.kind === 'dia-phuong',
    ),
    scope.kind === 'xa'
      ? null
      : paknSummary({ db, index }, period.from, period.to, today, {
          agency: filter.agency,
          procedure: filter.procedure,
        }),
    electronicResults(db, period.from, period.to, filter),
  ]);
  const { grouped, open, onlineByProcedure: onlineOfLocality } = figures;
  const byMonth = new Map((grouped[0] ?? []).map((g) => [g.key, g.counts]));
  // Months that have not begun are not shown as zeros.
  const monthKeys = monthsBetween(period.from, period.to).filter((m) => m <= today.slice(0, 7));
  const totals = summarise([...byMonth.values()].flat());
  const months = monthKeys.map((month) => ({
    month,
    label: shortMonth(month),
    summary: summarise(byMonth.get(month) ?? []),
  }));
  protectSmallCells(
    totals,
    months.map((m) => m.summary),
  );

  let breakdownRows: NonNullable<StatsReport['breakdown']>['rows'] = [];
  if (breakdown) {
    const label = (key: string) =>
      breakdown.dimension === 'co-quan'
        ? (index.agencyBySlug.get(key)?.shortName ?? index.agencyBySlug.get(key)?.name ?? key)
        : key === ''
          ? 'Đánh giá tại quầy không gắn với hồ sơ'
          : (index.procedureByCode.get(key)?.title ?? key);
    breakdownRows = (grouped[1] ?? [])
      .map((g) => ({ key: g.key, label: label(g.key), summary: summarise(g.counts) }))
      .sort(
        (a, b) => b.summary.received - a.summary.received || a.label.localeCompare(b.label, 'vi'),
      );
    protectSmallCells(
      totals,
      breakdownRows.map((r) => r.summary),
    );
  }

  /** Online dossiers of toàn-trình and một-phần procedures, from counters kept per procedure. */
  const onlineByLevel = (): { full: number; part: number } | null => {
    const onlineOf = (counts: readonly Counts[]) =>
      counts.filter((c) => c.channel === CHANNEL.ONLINE).reduce((n, c) => n + c.received, 0);
    const perProcedure: [string, number][] | null =
      scope.kind === 'thu-tuc'
        ? [[scope.procedure, onlineOf([...byMonth.values()].flat())]]
        : scope.kind === 'co-quan'
          ? (grouped[1] ?? []).map((g) => [g.key, onlineOf(g.counts)])
          : onlineOfLocality
            ? [...onlineOfLocality]
            : null;
    if (!perProcedure) return null;
    const split = { full: 0, part: 0 };
    for (const [key, online] of perProcedure) {
      const level = index.procedureByCode.get(key)?.online;
      if (level === 'toan-trinh') split.full += online;
      else if (level === 'mot-phan') split.part += online;
    }
    return split;
  };

  const firstYear = Number(period.from.slice(0, 4));
  const lastYear = Number(period.to.slice(0, 4));
  const reported = index.catalogue.reported
    .filter((r) => r.year >= firstYear && r.year <= lastYear)
    .flatMap((r) =>
      r.figures
        .filter((f) =>
          scope.kind === 'dia-phuong'
            ? f.agency === undefined
            : scope.kind === 'co-quan' && f.agency === scope.agency,
        )
        .map((figure) => ({ year: r.year, source: r.source, area: r.area, note: r.note, figure })),
    );

  return {
    locality: index.catalogue.site.locality.name,
    period,
    scope: { ...scope, label: scopeLabel(index, scope) },
    generatedAt: now.toISOString(),
    totals,
    months,
    breakdown: breakdown
      ? {
          dimension: breakdown.dimension,
          title: breakdown.dimension === 'co-quan' ? 'Theo cơ quan' : 'Theo thủ tục',
          rows: breakdownRows,
        }
      : null,
    open: { ...open, asOf: today },
    pakn,
    framework: index.catalogue.indicators
      ? frameworkReport(index.catalogue.indicators, totals, {
          procedures: proceduresInScope(index, scope),
          onlineByLevel: onlineByLevel(),
          pakn,
          electronicResults: electronic,
        })
      : null,
    reported,
  };
}
