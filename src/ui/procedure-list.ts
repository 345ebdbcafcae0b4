import type { ProcedureSummary } from '../catalogue/summary.ts';
import type { CatalogueIndex } from '../domain/catalogue-index.ts';
import {
  continuationHref,
  type ListingFilter,
  STATIC_LIST_MAX,
} from '../domain/catalogue-listing.ts';
import { formatNumber, formatWorkingDays } from '../domain/format.ts';
import { routes } from '../domain/routes.ts';
import { LEVEL_LABELS, ONLINE_LABELS, STATUS_LABELS } from '../schemas/procedure.ts';
import { html, raw, type SafeHtml } from './html.ts';

/**
 * A list of procedures as cards: title, code, field, agency, level, time and
 * whether it can be done online. Shared by catalogue pages, the search results
 * page and instant search, so a procedure looks the same everywhere.
 */
export function renderProcedureList(
  procedures: readonly ProcedureSummary[],
  index: CatalogueIndex,
  headingLevel: 2 | 3 = 3,
): SafeHtml {
  const h = raw(`h${headingLevel}`);
  return html`<ul class="card-list">${procedures.map((p) => {
    const agency =
      p.agencies.length === 1 ? index.agencyBySlug.get(p.agencies[0] ?? '') : undefined;
    const agencyLabel = agency
      ? (agency.shortName ?? agency.name)
      : p.agencies.length > 1
        ? `${p.agencies.length} cơ quan`
        : '';
    return html`<li><${h}><a href="${routes.procedure(p.slug)}">${p.title}</a></${h}>
<ul class="tags"><li>Mã ${p.code}</li><li>${index.fieldBySlug.get(p.field)?.name ?? ''}</li>${agencyLabel ? html`<li>${agencyLabel}</li>` : ''}<li>${LEVEL_LABELS[p.level]}</li><li>${formatWorkingDays(p.time.days)}</li>${p.online !== 'khong' ? html`<li><span class="badge online">${ONLINE_LABELS[p.online]}</span></li>` : ''}${p.status !== 'active' ? html`<li><span class="badge bad">${STATUS_LABELS[p.status]}</span></li>` : ''}</ul></li>`;
  })}</ul>`;
}

/**
 * A prerendered catalogue list (src/domain/catalogue-listing.ts): the first STATIC_LIST_MAX
 * procedures and, when the list holds more, a link to where the Worker's paged list goes on.
 */
export function renderListing(
  procedures: readonly ProcedureSummary[],
  index: CatalogueIndex,
  filter: ListingFilter,
  headingLevel: 2 | 3 = 3,
): SafeHtml {
  const rest = procedures.length - STATIC_LIST_MAX;
  return html`${renderProcedureList(procedures.slice(0, STATIC_LIST_MAX), index, headingLevel)}${
    rest > 0
      ? html`<p class="list-more">Trên đây là ${STATIC_LIST_MAX} thủ tục đầu, xếp theo tên; còn ${formatNumber(rest)} thủ tục nữa. <a href="${continuationHref(filter)}">Xem tiếp từ thủ tục thứ ${STATIC_LIST_MAX + 1}</a>, hoặc gõ tên thủ tục vào ô tìm kiếm.</p>`
      : ''
  }`;
}
