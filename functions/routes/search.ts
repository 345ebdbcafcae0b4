import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import {
  LIST_PAGE_SIZE,
  type ListingFilter,
  listing,
  listingHref,
  matchesFilter,
} from '../../src/domain/catalogue-listing.ts';
import { formatNumber } from '../../src/domain/format.ts';
import { routes } from '../../src/domain/routes.ts';
import type { SearchHit } from '../../src/domain/search/engine.ts';
import type { WorkerSearch } from '../search-backend.ts';
import type { ProcedureSummary } from '../../src/catalogue/summary.ts';
import { placeInQuery } from '../../src/domain/search/places.ts';
import { splitLeading } from '../../src/domain/search/presentation.ts';
import { toFormErrors } from '../../src/domain/errors.ts';
import { searchPageQuery } from '../../src/schemas/api.ts';
import { LEVEL_LABELS } from '../../src/schemas/procedure.ts';
import { renderErrorSummary } from '../../src/ui/form.ts';
import { html, type SafeHtml } from '../../src/ui/html.ts';
import { renderProcedureList } from '../../src/ui/procedure-list.ts';
import { renderPlaceMatch } from '../../src/ui/place-match.ts';
import { renderSearchForm } from '../../src/ui/search-form.ts';
import { renderChainMatches } from '../../src/ui/chain.ts';
import { chainsMatching } from '../../src/domain/chains/search.ts';
import type { AppEnv } from '../env.ts';
import type { PageKit } from '../http/pages.ts';
import { readQuery } from '../http/query.ts';

/** The search form's controls (src/ui/search-form.ts, id "q"): label and element id. */
const SEARCH_CONTROLS: Record<string, { label: string; id?: string }> = {
  q: { label: 'Từ khóa', id: 'q' },
  field: { label: 'Lĩnh vực', id: 'q-field' },
  level: { label: 'Cấp thực hiện', id: 'q-level' },
  online: { label: 'Chỉ thủ tục nộp được trực tuyến', id: 'q-online' },
  agency: { label: 'Cơ quan' },
  trang: { label: 'Trang' },
  khung: { label: 'khung' },
};

/**
 * `/tim-kiem`: the search results page, a plain GET form answered here so it
 * works without JavaScript. With `khung=1` it returns only the results region,
 * which the instant search on pages swaps in as the user types.
 */
/** `search` gives the prebuilt engine, loaded on an isolate's first search (ADR 0025). */
export function searchRoutes(
  index: CatalogueIndex,
  search: () => Promise<WorkerSearch>,
  kit: PageKit,
) {
  const { site, fields } = index.catalogue;
  const tel = site.hotline.replace(/\s+/g, '');

  return new Hono<AppEnv>().get('/tim-kiem', async (c) => {
    const parsed = readQuery(c, searchPageQuery);
    if (!parsed.ok) {
      // Each parameter named as the form labels it, linked to its control when it has one.
      const errors = toFormErrors(parsed.refusal.problems).map((e) => {
        const control = SEARCH_CONTROLS[e.name];
        return {
          ...e,
          message: `${control?.label ?? e.name}: ${e.message}`,
          id: control?.id ?? '',
        };
      });
      const q = (c.req.query('q') ?? '').slice(0, 200);
      const main = html`${renderErrorSummary(errors, { heading: 'Có lỗi trong yêu cầu tìm kiếm' })}<h1>Tìm thủ tục</h1>
${renderSearchForm({ fields, state: { q } })}`;
      return c.html(
        kit.render({ title: 'Tìm thủ tục', main, hasErrors: true, current: 'search' }),
        400,
      );
    }
    const query = parsed.value;
    const field = query.field && index.fieldBySlug.has(query.field) ? query.field : undefined;
    const agency = query.agency && index.agencyBySlug.get(query.agency);
    const filter: ListingFilter = {
      field,
      level: query.level || undefined,
      online: query.online === 'co',
      agency: agency ? agency.slug : undefined,
    };
    // Filters alone (the catalogue's lists, and where a long prerendered list goes on) list
    // every matching procedure in catalogue order; with words, the engine ranks them.
    const filtered = !query.q && Boolean(filter.field || filter.level || filter.online || agency);
    const listed = filtered ? listing(index, filter) : [];
    const { total, hits } = query.q
      ? await (await search()).find(query.q, {
          filter: (p) => matchesFilter(p, filter),
          limit: query.trang * LIST_PAGE_SIZE,
        })
      : {
          total: listed.length,
          hits: listed.map(
            (procedure): SearchHit<ProcedureSummary> => ({ procedure, score: 0, matched: [] }),
          ),
        };
    const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
    const page = Math.min(query.trang, pages);
    const shownHits = hits.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE);
    // Page 1 shows the few results within a clear margin of the best; the rest (and the
    // pages after) wait behind a disclosure that works without JavaScript. Same order.
    const { leading, rest } =
      page === 1 && query.q ? splitLeading(shownHits) : { leading: shownHits, rest: [] };
    const more = total - leading.length;

    const params = (p: number) => listingHref({ ...filter, q: query.q }, p);
    const pager: SafeHtml | '' =
      pages > 1
        ? html`<nav aria-label="Trang kết quả" class="pager">${page > 1 ? html`<a href="${params(page - 1)}" rel="prev">Trang trước</a>` : ''} ${page < pages ? html`<a href="${params(page + 1)}" rel="next">Trang sau</a>` : ''}</nav>`
        : '';
    const what = [
      field ? `lĩnh vực ${index.fieldBySlug.get(field)?.name ?? field}` : '',
      filter.level ? LEVEL_LABELS[filter.level].toLocaleLowerCase('vi') : '',
      filter.online ? 'nộp được trực tuyến' : '',
      agency ? agency.name : '',
    ]
      .filter(Boolean)
      .join(', ');
    const results: SafeHtml = filtered
      ? total === 0
        ? html`<p role="status" class="result-count">Không có thủ tục nào thuộc ${what}.</p>`
        : html`<p role="status" class="result-count">Có ${formatNumber(total)} thủ tục thuộc ${what}${pages > 1 ? html`, trang ${page}/${pages}` : ''}.</p>
${renderProcedureList(
  shownHits.map((h) => h.procedure),
  index,
  2,
)}
${pager}`
      : !query.q
        ? html`<p role="status" class="result-count"></p>`
        : total === 0
          ? html`<p role="status" class="result-count">Không tìm thấy thủ tục nào cho «${query.q}».</p>
<div class="no-results"><p>Thử gõ ít chữ hơn, kiểm tra chính tả, hoặc tìm theo lĩnh vực:</p>
<ul class="facet">${fields.map((f) => html`<li><a href="${routes.field(f.slug)}">${f.name}</a></li>`)}</ul>
<p>Cần hỗ trợ? Gọi đường dây nóng <a href="tel:${tel}">${site.hotline}</a> hoặc hỏi tại <a href="${routes.agency(index.mainDesk.slug)}">${index.mainDesk.name}</a>.</p></div>`
          : html`<p role="status" class="result-count">${
              rest.length > 0
                ? `${leading.length} thủ tục phù hợp nhất với «${query.q}»`
                : `Tìm thấy ${total} thủ tục cho «${query.q}»`
            }${pages > 1 && rest.length === 0 ? html`, trang ${page}/${pages}` : ''}.</p>
${renderProcedureList(
  leading.map((h) => h.procedure),
  index,
  2,
)}
${
  rest.length > 0
    ? html`<details class="more-results"><summary>Xem thêm ${more} thủ tục ít liên quan hơn</summary>
${renderProcedureList(
  rest.map((h) => h.procedure),
  index,
  2,
)}
${pager}</details>`
    : pager
}`;

    const place = query.q ? placeInQuery(index, query.q) : undefined;
    // Chained procedures (ADR 0021) that the words name come first.
    const chains = query.q
      ? renderChainMatches(chainsMatching(index.catalogue.chains, query.q))
      : '';
    const region = html`<div id="ket-qua" class="results">${place ? renderPlaceMatch(place) : ''}${chains}${results}</div>`;
    if (query.khung) {
      c.header('cache-control', 'public, max-age=60');
      return c.html(region.toString());
    }
    const title = query.q ? `Tìm kiếm: ${query.q}` : filtered ? `Thủ tục ${what}` : 'Tìm thủ tục';
    const main = html`<h1>${query.q || filtered ? html`Kết quả tìm kiếm` : 'Tìm thủ tục'}</h1>
${renderSearchForm({ fields, state: { q: query.q, field, level: filter.level, online: filter.online } })}
${region}`;
    return c.html(
      kit.render({
        title,
        main,
        current: 'search',
        head: html`<meta name="robots" content="noindex">`,
        scripts: ['/js/tim-kiem-nhanh.js'],
        crumbs: [{ label: 'Trang chủ', href: '/' }, { label: 'Tìm kiếm' }],
      }),
    );
  });
}
