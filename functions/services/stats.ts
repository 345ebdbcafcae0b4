import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { vietnamDay } from '../../src/domain/dossier/timeliness.ts';
import {
  protectSmallCells,
  QD766_ON_TIME_POINTS,
  qd766OnTimePoints,
  summarise,
  tt01Indicators,
} from '../../src/domain/stats/metrics.ts';
import { monthsBetween, type Period, shortMonth } from '../../src/domain/stats/period.ts';
import type { Scope } from '../../src/schemas/stats.ts';
import { unitInSentence } from '../../src/domain/units.ts';
import { OTHER_COMMUNE } from '../../src/schemas/submission.ts';
import type { StatsReport } from '../../src/domain/stats/report.ts';
import { countsGroupedBy, type Dimension, openDossiers } from '../db/stats.ts';
import { communesOf } from './intake.ts';

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
  const [grouped, open] = await Promise.all([
    countsGroupedBy(
      db,
      period.from,
      period.to,
      filter,
      breakdown ? ['month', breakdown.column] : ['month'],
    ),
    openDossiers(db, today, filter),
  ]);
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

  const procedures = index.catalogue.procedures.filter((p) => p.status === 'active');
  const inScope =
    scope.kind === 'co-quan'
      ? procedures.filter((p) => p.agencies.includes(scope.agency))
      : scope.kind === 'thu-tuc'
        ? procedures.filter((p) => p.code === scope.procedure)
        : procedures;
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
    indicators: tt01Indicators(totals, {
      procedures: inScope.length,
      proceduresOnline: inScope.filter((p) => p.online !== 'khong').length,
    }),
    qd766: {
      onTimePoints: qd766OnTimePoints(totals),
      maxPoints: QD766_ON_TIME_POINTS,
      rule: 'Điểm = 20 × (số hồ sơ kết thúc trước hạn và đúng hạn ÷ số hồ sơ kết thúc xử lý trong kỳ). Hồ sơ kết thúc ở lần đầu tiên có trạng thái Đã xử lý xong, nếu không có thì Đã trả kết quả, nếu không có thì Dừng xử lý hoặc Không được tiếp nhận; so với ngày hẹn trả theo quy định (ngày hẹn lại trong phiếu xin lỗi không được tính).',
    },
    reported,
  };
}
