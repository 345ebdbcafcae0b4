import { Hono } from 'hono';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { toCsv } from '../../../src/domain/csv.ts';
import { vietnamDay } from '../../../src/domain/dossier/timeliness.ts';
import { CHANNEL_NAMES, STATUS_NAMES } from '../../../src/domain/dossier/status.ts';
import { formatDate, formatNumber } from '../../../src/domain/format.ts';
import { html, raw } from '../../../src/ui/html.ts';
import { maskName } from '../../../src/ui/dossier.ts';
import { audit } from '../../db/audit.ts';
import {
  NAME_COUNT_CAP,
  QUEUE_TABS,
  type QueueFilter,
  type QueueTab,
  queue,
} from '../../db/queue.ts';
import { type OfficeEnv, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { apiRefusal } from '../../http/errors.ts';
import { readQuery } from '../../http/query.ts';
import { clientOf } from '../../http/rate-limit.ts';
import { queueApiQuery, queueQuery } from '../../../src/schemas/office.ts';
import { alertViews } from '../../services/outbox.ts';
import { notifyAlertBanner } from '../../../src/ui/notify.ts';
import { csrfField, officeNav, officeQuery } from './chrome.ts';
import { oversees } from './dossier-access.ts';

const PAGE_SIZE = 25;
const TABS = Object.keys(QUEUE_TABS) as [QueueTab, ...QueueTab[]];
const pageQuery = queueQuery(TABS);
const apiQuery = queueApiQuery(TABS);

/**
 * The queue filters of a parsed query string (src/schemas/office.ts): a procedure or
 * agency the catalogue does not know is ignored, as a malformed one is.
 */
function filterFrom(
  index: CatalogueIndex,
  officer: Officer,
  query: {
    tab: QueueTab;
    thu_tuc?: string | undefined;
    co_quan?: string | undefined;
    q?: string | undefined;
  },
  now: Date,
): QueueFilter {
  const today = vietnamDay(now.toISOString());
  const { q } = query;
  return {
    // The province's centre oversees the whole province (read only on the dossier page).
    scope: officer.role === 'admin' || oversees(index, officer) ? null : officer.agencies,
    tab: query.tab,
    procedure:
      query.thu_tuc && index.procedureByCode.has(query.thu_tuc) ? query.thu_tuc : undefined,
    agency: query.co_quan && index.agencyBySlug.has(query.co_quan) ? query.co_quan : undefined,
    q,
    today,
    soon: index.calendar.nextWorkingDay(today),
  };
}

const params = (filter: QueueFilter, extra: Record<string, string> = {}) => {
  const s = new URLSearchParams();
  if (filter.tab !== 'tat-ca') s.set('tab', filter.tab);
  if (filter.procedure) s.set('thu_tuc', filter.procedure);
  if (filter.agency) s.set('co_quan', filter.agency);
  if (filter.q) s.set('q', filter.q);
  for (const [k, v] of Object.entries(extra)) s.set(k, v);
  const text = s.toString();
  return text ? `?${text}` : '';
};

/** `/can-bo`: dossiers by status, due soon and overdue, sorted by appointment date; CSV export of the same. */
export function queueRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const agencyName = (slug: string) =>
    index.agencyBySlug.get(slug)?.shortName ?? index.agencyBySlug.get(slug)?.name ?? slug;
  const nameFor = (officer: Officer, name: string | null) =>
    officer.role === 'admin' ? maskName(name) : (name ?? '');

  return new Hono<OfficeEnv>()
    .get('/can-bo', requireOfficer(), async (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      // Editors handle no dossiers: their desk is the feedback on the catalogue.
      if (officer.role === 'editor') return c.redirect('/can-bo/phan-hoi', 303);
      const query = officeQuery(c, kit, pageQuery, 'queue');
      if (!query.ok) return query.response;
      const filter = filterFrom(index, officer, query.value, now());
      const page = query.value.trang;
      const result = await queue(c.env.DB, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE);
      // A name too common to count (functions/db/queue.ts): the pages go on while they are full.
      const pages = result.countsCapped
        ? page + (result.rows.length === PAGE_SIZE ? 1 : 0)
        : Math.max(1, Math.ceil(result.total / PAGE_SIZE));
      const procedures = index.catalogue.procedures;
      const alerts = await alertViews(c.env.DB);
      const main = html`<h1>Hàng đợi hồ sơ</h1>
${notifyAlertBanner(alerts, officer.role === 'admin' ? { csrfField: csrfField(c.get('csrf')) } : undefined)}
<form method="get" action="/can-bo" class="search queue-filter">
<label for="q">Tìm theo mã hồ sơ hoặc tên người nộp</label>
<input id="q" name="q" type="search" value="${filter.q ?? ''}" maxlength="60">
<div class="filters">
<label for="thu_tuc">Thủ tục</label><select id="thu_tuc" name="thu_tuc"><option value="">Tất cả</option>${procedures.map((p) => html`<option value="${p.code}"${p.code === filter.procedure ? raw(' selected') : ''}>${p.title}</option>`)}</select>
${filter.tab !== 'tat-ca' ? html`<input type="hidden" name="tab" value="${filter.tab}">` : ''}
</div>
<button type="submit">Lọc</button>
</form>
<nav aria-label="Nhóm hồ sơ" class="tabs"><ul>${(Object.keys(QUEUE_TABS) as QueueTab[]).map(
        (tab) =>
          html`<li><a href="/can-bo${params({ ...filter, tab })}"${tab === filter.tab ? raw(' aria-current="page"') : ''}>${QUEUE_TABS[tab].label}${result.countsCapped ? '' : html` <span class="count">(${result.counts[tab]})</span>`}</a></li>`,
      )}</ul></nav>
${
  result.countsCapped
    ? html`<p role="status">Mỗi từ đã gõ có trong tên của hơn ${formatNumber(NAME_COUNT_CAP)} người nộp nên số hồ sơ từng nhóm không được đếm; danh sách vẫn đủ, theo ngày hẹn trả${page > 1 ? html`, trang ${page}` : ''}. Gõ thêm tên (họ và tên đầy đủ) hoặc chọn thủ tục để thu hẹp.</p>`
    : html`<p role="status">${result.total} hồ sơ${pages > 1 ? html`, trang ${page}/${pages}` : ''}.</p>`
}
${
  result.rows.length === 0
    ? html`<p>Không có hồ sơ nào.</p>`
    : html`<p class="small scroll-hint" id="cuon-hang-doi">Bảng rộng hơn màn hình: kéo ngang bảng để xem các cột Trạng thái, Hẹn trả và Cơ quan.</p>
<div class="table-scroll" role="region" tabindex="0" aria-label="Hàng đợi hồ sơ" aria-describedby="cuon-hang-doi"><table class="queue wide"><caption class="visually-hidden">Hồ sơ, sắp xếp theo ngày hẹn trả</caption>
<thead><tr><th scope="col">Mã hồ sơ</th><th scope="col">Thủ tục</th><th scope="col">Người nộp</th><th scope="col">Trạng thái</th><th scope="col">Hẹn trả</th><th scope="col">Cơ quan</th></tr></thead>
<tbody>${result.rows.map(
        (r) =>
          html`<tr${r.dueDate < filter.today && ![3, 7, 8, 9, 10].includes(r.status) ? raw(' class="overdue"') : ''}><td><a href="/can-bo/ho-so/${encodeURIComponent(r.code)}">${r.code}</a><br><span class="small">${CHANNEL_NAMES[r.channel]}</span></td><td>${r.procedureTitle}</td><td>${nameFor(officer, r.fullName)}</td><td>${STATUS_NAMES[r.status]}</td><td>${formatDate(r.dueDate)}${r.dueDate < filter.today && ![3, 7, 8, 9, 10].includes(r.status) ? html` <strong class="badge bad">Quá hạn</strong>` : ''}</td><td>${agencyName(r.agencySlug)}<br><span class="small">Trả kết quả: ${agencyName(r.returnDeskSlug)}</span></td></tr>`,
      )}</tbody></table></div>`
}
${pages > 1 ? html`<nav class="pager" aria-label="Trang">${page > 1 ? html`<a href="/can-bo${params(filter, { trang: String(page - 1) })}">Trang trước</a>` : ''}${page < pages ? html`<a href="/can-bo${params(filter, { trang: String(page + 1) })}">Trang sau</a>` : ''}</nav>` : ''}
<p><a href="/can-bo/xuat-csv${params(filter)}" download>Tải danh sách (CSV)</a></p>`;
      return c.html(
        kit.render({
          title: 'Hàng đợi hồ sơ',
          sectionNav: officeNav(officer, c.get('csrf'), 'queue'),
          main,
          head: html`<meta name="robots" content="noindex">`,
        }),
      );
    })
    .get('/can-bo/xuat-csv', requireOfficer(), async (c) => {
      const officer = c.get('officer') as Officer;
      const query = officeQuery(c, kit, pageQuery, 'queue');
      if (!query.ok) return query.response;
      const filter = filterFrom(index, officer, query.value, now());
      const { rows } = await queue(c.env.DB, filter, 10_000, 0);
      await audit(
        c.env.DB,
        {
          actor: officer.id,
          action: 'export-csv',
          target: 'queue',
          detail: `${rows.length} hồ sơ${params(filter)}`,
          client: clientOf(c),
        },
        now().toISOString(),
      );
      const csv = toCsv(
        [
          'Mã hồ sơ',
          'Mã thủ tục',
          'Thủ tục',
          'Người nộp',
          'Kênh nộp',
          'Trạng thái',
          'Ngày nhận',
          'Ngày hẹn trả',
          'Cơ quan giải quyết',
          'Nơi tiếp nhận',
          'Nơi trả kết quả',
        ],
        rows.map((r) => [
          r.code,
          r.procedureCode,
          r.procedureTitle,
          nameFor(officer, r.fullName),
          CHANNEL_NAMES[r.channel],
          STATUS_NAMES[r.status],
          formatDate(r.receivedAt.slice(0, 10)),
          formatDate(r.dueDate),
          index.agencyBySlug.get(r.agencySlug)?.name ?? r.agencySlug,
          index.agencyBySlug.get(r.deskSlug)?.name ?? r.deskSlug,
          index.agencyBySlug.get(r.returnDeskSlug)?.name ?? r.returnDeskSlug,
        ]),
      );
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="ho-so-${filter.today}.csv"`,
        'cache-control': 'no-store',
      });
    })
    .get('/api/can-bo/ho-so', requireOfficer(), async (c) => {
      const officer = c.get('officer') as Officer;
      // Strict as the API is (a repeated parameter is an error); `?tab=` means no tab.
      const query = readQuery(c, apiQuery, { repeated: 'refuse', blankIsAbsent: true });
      if (!query.ok) return apiRefusal(c, query.refusal);
      const { limit, offset } = query.value;
      const filter = filterFrom(index, officer, query.value, now());
      const result = await queue(c.env.DB, filter, limit, offset);
      return c.json({
        tab: filter.tab,
        total: result.total,
        counts: result.counts,
        countsCapped: result.countsCapped,
        items: result.rows.map((r) => ({
          code: r.code,
          procedure: { code: r.procedureCode, title: r.procedureTitle },
          applicant: nameFor(officer, r.fullName),
          status: { code: r.status, name: STATUS_NAMES[r.status] },
          receivedAt: r.receivedAt,
          dueDate: r.dueDate,
          agency: r.agencySlug,
          desk: r.deskSlug,
          returnDesk: r.returnDeskSlug,
        })),
      });
    });
}
