import { type Context, Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { inSentence } from '../../src/domain/commune.ts';
import { toCsv } from '../../src/domain/csv.ts';
import { vietnamDay } from '../../src/domain/dossier/timeliness.ts';
import { routes } from '../../src/domain/routes.ts';
import { EXPORT_HEADER, exportRows } from '../../src/domain/stats/export.ts';
import {
  parseStatsQuery,
  type StatsQueryContext,
  statsQueryAsTyped,
} from '../../src/schemas/stats.ts';
import { renderErrorSummary } from '../../src/ui/form.ts';
import { html } from '../../src/ui/html.ts';
import {
  renderStatsForm,
  renderStatsReport,
  statsFormErrors,
  type StatsFormOptions,
  type StatsFormState,
} from '../../src/ui/stats-page.ts';
import type { AppEnv } from '../env.ts';
import { apiError } from '../http/errors.ts';
import type { PageKit } from '../http/pages.ts';
import { readQuery } from '../http/query.ts';
import { buildStatsReport, communeLabel, statsCommunes } from '../services/stats.ts';
import { chainStats } from '../services/chains.ts';
import { renderChainStats } from '../../src/ui/chain.ts';

/** The query as typed (first value of each known parameter), to refill the form. */
function stateOf(c: Context): StatsFormState {
  const read = readQuery(c, statsQueryAsTyped);
  return read.ok ? read.value : {};
}

/**
 * The public statistics: `/thong-ke` (page), `/thong-ke.csv` and `GET /api/stats`, all
 * with the same parameters (src/schemas/stats.ts) and the same figures.
 */
export function statsRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const communes = statsCommunes(index);
  // Fixed for the isolate's catalogue: built once, not per request (ADR 0025).
  const agencySlugs = new Set(index.catalogue.agencies.map((a) => a.slug));
  const communeSet = new Set(communes);
  const procedureCodes = new Set(index.catalogue.procedures.map((p) => p.code));
  const procedureOptions = index.catalogue.procedures.map((p) => ({
    code: p.code,
    title: p.title,
  }));
  const context = (): StatsQueryContext => ({
    today: vietnamDay(now().toISOString()),
    agencies: agencySlugs,
    communes: communeSet,
    procedures: procedureCodes,
  });
  const formOptions = (): StatsFormOptions => {
    const thisYear = Number(vietnamDay(now().toISOString()).slice(0, 4));
    const first = Math.min(thisYear, ...index.catalogue.reported.map((r) => r.year));
    return {
      years: Array.from({ length: thisYear - first + 1 }, (_, i) => thisYear - i),
      agencies: index.catalogue.agencies.map((a) => ({ slug: a.slug, name: a.name })),
      communes: communes.map((value) => ({ value, label: communeLabel(index, value) })),
      procedures: procedureOptions,
    };
  };

  const load = async (c: Context<AppEnv>) => {
    const state = stateOf(c);
    const parsed = parseStatsQuery(state, context());
    if (!parsed.ok) return { state, parsed, report: undefined };
    const report = await buildStatsReport(c.env.DB, index, parsed.period, parsed.scope, now());
    // Chains (ADR 0021) span agencies: shown for the whole locality only.
    const chains =
      parsed.scope.kind === 'dia-phuong'
        ? await chainStats(c.env.DB, index, parsed.period, now())
        : undefined;
    return { state, parsed, report, chains };
  };

  const page = (main: ReturnType<typeof html>, hasErrors = false) =>
    kit.render({
      title: 'Thống kê giải quyết thủ tục hành chính',
      description:
        'Số hồ sơ nhận, giải quyết trước hạn, đúng hạn, quá hạn và mức độ hài lòng của người dân, tính trực tiếp từ hồ sơ.',
      main,
      hasErrors,
      crumbs: [{ label: 'Trang chủ', href: '/' }, { label: 'Thống kê' }],
    });

  return new Hono<AppEnv>()
    .get(routes.stats(), async (c) => {
      c.header('cache-control', 'public, max-age=60');
      const { state, parsed, report, chains } = await load(c);
      const intro = html`<h1>Thống kê giải quyết thủ tục hành chính</h1>
<p class="lead">Số liệu tính trực tiếp từ hồ sơ trên hệ thống, ${inSentence(index.catalogue.site.locality.name)}. Chọn kỳ báo cáo và phạm vi rồi bấm "Xem thống kê".</p>`;
      if (!parsed.ok) {
        return c.html(
          page(
            html`${renderErrorSummary(statsFormErrors(parsed.errors))}${intro}${renderStatsForm(formOptions(), state, parsed.errors)}`,
            true,
          ),
          400,
        );
      }
      return c.html(
        page(
          html`${intro}${renderStatsForm(formOptions(), state)}${report ? renderStatsReport(report, state) : ''}${chains ? renderChainStats(chains) : ''}`,
        ),
      );
    })
    .get(routes.statsCsv(), async (c) => {
      const { parsed, report } = await load(c);
      if (!parsed.ok || !report) {
        return c.text(
          `Tham số không hợp lệ: ${parsed.ok ? '' : parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
          400,
        );
      }
      c.header('cache-control', 'public, max-age=60');
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header(
        'content-disposition',
        `attachment; filename="thong-ke-${report.period.from}-${report.period.to}.csv"`,
      );
      return c.body(toCsv(EXPORT_HEADER, exportRows(report)));
    })
    .get('/api/stats', async (c) => {
      const { parsed, report } = await load(c);
      if (!parsed.ok || !report) {
        return apiError(
          c,
          400,
          'invalid_query',
          'Tham số thống kê không hợp lệ.',
          parsed.ok ? [] : parsed.errors,
        );
      }
      c.header('cache-control', 'public, max-age=60');
      return c.json({ data: report });
    });
}
