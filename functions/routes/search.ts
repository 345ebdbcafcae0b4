import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { routes } from '../../src/domain/routes.ts';
import type { SearchEngine } from '../../src/domain/search/engine.ts';
import { searchPageQuery } from '../../src/schemas/api.ts';
import { html, type SafeHtml } from '../../src/ui/html.ts';
import { renderProcedureList } from '../../src/ui/procedure-list.ts';
import { renderSearchForm } from '../../src/ui/search-form.ts';
import type { AppEnv } from '../env.ts';
import type { PageKit } from '../http/pages.ts';

const PAGE_SIZE = 20;

/**
 * `/tim-kiem`: the search results page, a plain GET form answered here so it
 * works without JavaScript. With `khung=1` it returns only the results region,
 * which the instant search on pages swaps in as the user types.
 */
export function searchRoutes(index: CatalogueIndex, engine: SearchEngine, kit: PageKit) {
  const { site, fields } = index.catalogue;
  const tel = site.hotline.replace(/\s+/g, '');

  return new Hono<AppEnv>().get('/tim-kiem', (c) => {
    const raw = Object.fromEntries(new URL(c.req.url).searchParams);
    const parsed = searchPageQuery.safeParse(raw);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`);
      const main = html`<h1>Tìm thủ tục</h1>
<div class="error-summary" role="alert" tabindex="-1"><h2>Có lỗi trong yêu cầu tìm kiếm</h2><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>
${renderSearchForm({ fields, state: { q: typeof raw.q === 'string' ? raw.q.slice(0, 200) : '' } })}`;
      return c.html(
        kit.render({ title: 'Tìm thủ tục', main, hasErrors: true, current: 'search' }),
        400,
      );
    }
    const query = parsed.data;
    const field = query.field && index.fieldBySlug.has(query.field) ? query.field : undefined;
    const level = query.level || undefined;
    const online = query.online === 'co';
    const filter = (p: { field: string; level: string; online: string }) =>
      (!field || p.field === field) &&
      (!level || p.level === level) &&
      (!online || p.online !== 'khong');
    const { total, hits } = query.q
      ? engine.find(query.q, { filter, limit: query.trang * PAGE_SIZE })
      : { total: 0, hits: [] };
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(query.trang, pages);
    const shown = hits.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((h) => h.procedure);

    const params = (p: number) => {
      const s = new URLSearchParams({ q: query.q });
      if (field) s.set('field', field);
      if (level) s.set('level', level);
      if (online) s.set('online', 'co');
      if (p > 1) s.set('trang', String(p));
      return `${routes.search()}?${s}`;
    };
    const results: SafeHtml = !query.q
      ? html`<p role="status" class="result-count"></p>`
      : total === 0
        ? html`<p role="status" class="result-count">Không tìm thấy thủ tục nào cho «${query.q}».</p>
<div class="no-results"><p>Thử gõ ít chữ hơn, kiểm tra chính tả, hoặc tìm theo lĩnh vực:</p>
<ul class="facet">${fields.map((f) => html`<li><a href="${routes.field(f.slug)}">${f.name}</a></li>`)}</ul>
<p>Cần hỗ trợ? Gọi đường dây nóng <a href="tel:${tel}">${site.hotline}</a> hoặc hỏi tại <a href="${routes.agency(index.mainDesk.slug)}">${index.mainDesk.name}</a>.</p></div>`
        : html`<p role="status" class="result-count">Tìm thấy ${total} thủ tục cho «${query.q}»${pages > 1 ? html`, trang ${page}/${pages}` : ''}.</p>
${renderProcedureList(shown, index, 2)}
${pages > 1 ? html`<nav aria-label="Trang kết quả" class="pager">${page > 1 ? html`<a href="${params(page - 1)}" rel="prev">Trang trước</a>` : ''} ${page < pages ? html`<a href="${params(page + 1)}" rel="next">Trang sau</a>` : ''}</nav>` : ''}`;

    const region = html`<div id="ket-qua" class="results">${results}</div>`;
    if (query.khung) {
      c.header('cache-control', 'public, max-age=60');
      return c.html(region.toString());
    }
    const title = query.q ? `Tìm kiếm: ${query.q}` : 'Tìm thủ tục';
    const main = html`<h1>${query.q ? html`Kết quả tìm kiếm` : 'Tìm thủ tục'}</h1>
${renderSearchForm({ fields, state: { q: query.q, field, level, online } })}
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
