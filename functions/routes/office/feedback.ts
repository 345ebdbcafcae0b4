import { Hono } from 'hono';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { vietnamDay, vietnamIso } from '../../../src/domain/dossier/timeliness.ts';
import {
  CRITERIA,
  CRITERIA_DEFINITIONS,
  SATISFACTION_LABELS,
  type SatisfactionLevel,
} from '../../../src/domain/evaluation/criteria.ts';
import { formatDate, formatNumber, formatPercent } from '../../../src/domain/format.ts';
import { routes } from '../../../src/domain/routes.ts';
import { evaluationsQuery, FEEDBACK_PERIODS, feedbackQuery } from '../../../src/schemas/office.ts';
import { html } from '../../../src/ui/html.ts';
import { listEvaluations } from '../../db/evaluations.ts';
import { commentsFor, feedbackByProcedure } from '../../db/feedback.ts';
import { type OfficeEnv, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { kioskLinks, officeNav, officeQuery } from './chrome.ts';

const EVALUATIONS_PAGE = 50;

/**
 * What the public tells the administration: page feedback per procedure for editors
 * (`/can-bo/phan-hoi`), and citizens' evaluations with their comments for leaders of
 * the agencies concerned (`/can-bo/danh-gia`). Comments stay inside the back office.
 */
export function officeFeedbackRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const procedureTitle = (code: string) => index.procedureByCode.get(code)?.title ?? code;

  return new Hono<OfficeEnv>()
    .get('/can-bo/phan-hoi', requireOfficer(['editor', 'admin']), async (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      const query = officeQuery(c, kit, feedbackQuery, 'feedback');
      if (!query.ok) return query.response;
      const days = query.value.ky;
      const since = vietnamIso(new Date(now().getTime() - days * 86_400_000));
      const rows = await feedbackByProcedure(c.env.DB, since);
      return c.html(
        kit.render({
          title: 'Góp ý trang thủ tục',
          head: html`<meta name="robots" content="noindex">`,
          sectionNav: officeNav(officer, c.get('csrf'), 'feedback'),
          main: html`<h1>Góp ý trang thủ tục</h1>
<p>Câu trả lời cho "Trang này có hữu ích không?" ở cuối mỗi trang thủ tục, thủ tục có nhiều câu "Không" nhất ở trên. Số điện thoại, số giấy tờ và email trong góp ý đã được ẩn trước khi lưu.</p>
<form method="get" class="search"><div class="filters"><label for="ky">Trong</label><select id="ky" name="ky">${FEEDBACK_PERIODS.map((k) => html`<option value="${k}"${k === String(days) ? html` selected` : ''}>${k} ngày qua</option>`)}</select></div><button type="submit">Xem</button></form>
${
  rows.length === 0
    ? html`<p>Chưa có góp ý nào trong ${days} ngày qua.</p>`
    : html`<div class="table-scroll" role="region" tabindex="0" aria-label="Góp ý theo thủ tục"><table><caption>Góp ý theo thủ tục, ${days} ngày qua</caption><thead><tr><th scope="col">Thủ tục</th><th scope="col">Có</th><th scope="col">Không</th><th scope="col">Tỷ lệ hữu ích</th><th scope="col">Góp ý viết</th><th scope="col">Gần nhất</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row"><a href="/can-bo/phan-hoi/${encodeURIComponent(r.procedureCode)}">${procedureTitle(r.procedureCode)}</a></th><td>${formatNumber(r.useful)}</td><td>${formatNumber(r.notUseful)}</td><td>${formatPercent(r.useful / (r.useful + r.notUseful))}</td><td>${formatNumber(r.comments)}</td><td>${formatDate(vietnamDay(r.last))}</td></tr>`)}</tbody></table></div>`
}`,
        }),
      );
    })
    .get('/can-bo/phan-hoi/:code', requireOfficer(['editor', 'admin']), async (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      const procedure = await index.procedureForCode(c.req.param('code'));
      if (!procedure) return c.notFound();
      const comments = await commentsFor(c.env.DB, procedure.code, 200);
      return c.html(
        kit.render({
          title: `Góp ý: ${procedure.title}`,
          head: html`<meta name="robots" content="noindex">`,
          sectionNav: officeNav(officer, c.get('csrf'), 'feedback'),
          main: html`<h1>Góp ý: ${procedure.title}</h1>
<p><a href="${routes.procedure(procedure.slug)}">Xem trang thủ tục</a> · tệp nội dung <code>${procedure.source}</code></p>
${
  comments.length === 0
    ? html`<p>Chưa có góp ý viết nào.</p>`
    : html`<ol class="card-list">${comments.map((r) => html`<li><p class="small">${formatDate(vietnamDay(r.createdAt))} · ${r.useful ? 'Trả lời: Có hữu ích' : 'Trả lời: Không hữu ích'}</p><p class="comment">${r.comment}</p></li>`)}</ol>`
}
<p><a href="/can-bo/phan-hoi">Tất cả thủ tục</a></p>`,
        }),
      );
    })
    .get('/can-bo/danh-gia', requireOfficer(['leader', 'admin']), async (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      const query = officeQuery(c, kit, evaluationsQuery, 'evaluations');
      if (!query.ok) return query.response;
      const page = query.value.trang;
      // A kiosk rating without a dossier code belongs to the agencies its desk receives for.
      const kioskDesks = officer.agencies.flatMap((slug) => {
        const agency = index.agencyBySlug.get(slug);
        return agency ? [index.deskOf(agency).slug] : [];
      });
      const { total, rows } = await listEvaluations(
        c.env.DB,
        officer.role === 'admin' ? null : officer.agencies,
        EVALUATIONS_PAGE,
        (page - 1) * EVALUATIONS_PAGE,
        kioskDesks,
      );
      const agencyName = (slug: string) => index.agencyBySlug.get(slug)?.name ?? slug;
      return c.html(
        kit.render({
          title: 'Đánh giá của người dân',
          head: html`<meta name="robots" content="noindex">`,
          sectionNav: officeNav(officer, c.get('csrf'), 'evaluations'),
          main: html`<h1>Đánh giá của người dân</h1>
<p>Đánh giá trên trang tra cứu hồ sơ và tại quầy${officer.role === 'admin' ? '' : ' cho các cơ quan của bạn'}, mới nhất ở trên. Ý kiến viết không được công bố; số liệu tổng hợp ở trang <a href="${routes.stats()}">Thống kê</a>.</p>
${officer.role === 'leader' ? kioskLinks(index, officer) : ''}
<p role="status">${formatNumber(total)} lượt đánh giá.</p>
${
  rows.length === 0
    ? ''
    : html`<div class="table-scroll" role="region" tabindex="0" aria-label="Đánh giá của người dân"><table><thead><tr><th scope="col">Ngày</th><th scope="col">Hồ sơ</th><th scope="col">Nơi đánh giá</th><th scope="col">Mức độ hài lòng</th><th scope="col">Tiêu chí (điểm 0–2)</th><th scope="col">Ý kiến</th></tr></thead>
<tbody>${rows.map(
        (r) =>
          html`<tr><td>${formatDate(vietnamDay(r.createdAt))}</td><td>${r.code ? html`<a href="/can-bo/ho-so/${encodeURIComponent(r.code)}">${r.code}</a><br>` : ''}<span class="small">${r.procedureCode ? procedureTitle(r.procedureCode) : 'Không gắn với hồ sơ'}</span></td><td>${r.channel === 'kiosk' ? `Tại quầy, ${agencyName(r.deskSlug)}` : 'Trên trang web'}</td><td>${SATISFACTION_LABELS[r.satisfaction as SatisfactionLevel] ?? r.satisfaction}</td><td>${CRITERIA.filter((k) => r.criteria[k] !== undefined).map((k) => html`${CRITERIA_DEFINITIONS[k].label}: ${r.criteria[k]}<br>`)}</td><td>${r.comment ?? ''}</td></tr>`,
      )}</tbody></table></div>`
}
${total > page * EVALUATIONS_PAGE ? html`<p><a href="/can-bo/danh-gia?trang=${page + 1}">Trang sau</a></p>` : ''}`,
        }),
      );
    });
}
