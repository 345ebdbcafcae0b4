import { Hono } from 'hono';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { STATUS_NAMES, type StatusCode } from '../../../src/domain/dossier/status.ts';
import { formatDateTime, formatNumber } from '../../../src/domain/format.ts';
import { html } from '../../../src/ui/html.ts';
import { audit } from '../../db/audit.ts';
import { syncCounts, undeliveredSyncRows } from '../../db/dvcqg.ts';
import { type OfficeEnv, requireCsrf, requireOfficer } from '../../http/auth.ts';
import { setFlash, takeFlash } from '../../http/flash.ts';
import type { PageKit } from '../../http/pages.ts';
import { clientOf } from '../../http/rate-limit.ts';
import { resendSync, syncConfig } from '../../services/dvcqg-sync.ts';
import { csrfField, officeNav } from './chrome.ts';
import { oversees } from './dossier-access.ts';

export const DVCQG_SYNC_PATH = '/can-bo/dong-bo-dvcqg';

/** Who may see and resend: administrators, the province's centre, and the desks' own officers. */
const ROLES = ['admin', 'receptionist', 'leader'] as const;

/**
 * Status changes waiting for or refused by the national portal (docs/adr/0017): officers of
 * the receiving desks see their dossiers' changes, the province's centre and administrators
 * all of them; a failed change has a "Gửi lại" button (POST with the session's CSRF token,
 * written to the audit trail).
 */
export function dvcqgSyncRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const scopeOf = (officer: Officer): readonly string[] | null =>
    officer.role === 'admin' || oversees(index, officer) ? null : officer.agencies;
  const unitName = (slug: string) => index.agencyBySlug.get(slug)?.name ?? slug;

  return new Hono<OfficeEnv>()
    .get(DVCQG_SYNC_PATH, requireOfficer(ROLES), async (c) => {
      c.header('cache-control', 'no-store');
      const officer = c.get('officer') as Officer;
      const scope = scopeOf(officer);
      const [rows, counts] = await Promise.all([
        undeliveredSyncRows(c.env.DB, scope),
        syncCounts(c.env.DB, scope),
      ]);
      const resent = await takeFlash(c, 'dvcqg-resend');
      const configured = syncConfig(c.env) !== undefined;
      return c.html(
        kit.render({
          title: 'Đồng bộ trạng thái lên Cổng DVCQG',
          head: html`<meta name="robots" content="noindex">`,
          sectionNav: officeNav(officer, c.get('csrf'), 'dvcqg'),
          main: html`<h1>Đồng bộ trạng thái lên Cổng DVCQG</h1>
${resent ? html`<div class="notice" role="status"><p>Đã đưa thay đổi của hồ sơ <strong>${resent}</strong> vào hàng gửi lại.</p></div>` : ''}
<p>Mỗi thay đổi trạng thái của hồ sơ nộp trên Cổng Dịch vụ công quốc gia được gửi lại Cổng theo đúng thứ tự. Khi Cổng không trả lời, hệ thống tự gửi lại trong khoảng một ngày rưỡi; sau đó thay đổi được đánh dấu “Gửi không được” để cán bộ gửi lại.</p>
${configured ? '' : html`<div class="notice" role="status"><p><strong>Chưa cấu hình kết nối Cổng DVCQG</strong> (DVCQG_BASE_URL): các thay đổi được giữ lại ở trạng thái “Đang chờ gửi” và sẽ được gửi khi có kết nối.</p></div>`}
<ul><li>Đã gửi: ${formatNumber(counts.delivered)}</li><li>Đang chờ gửi: ${formatNumber(counts.pending)}</li><li>Gửi không được: ${formatNumber(counts.failed)}</li></ul>
${
  rows.length === 0
    ? html`<p>Không có thay đổi nào đang chờ hoặc gửi không được.</p>`
    : html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="ds-dong-bo"><table class="wide"><caption id="ds-dong-bo">Thay đổi chưa gửi được lên Cổng DVCQG</caption><thead><tr><th scope="col">Hồ sơ</th><th scope="col">Thay đổi</th><th scope="col">Lúc</th><th scope="col">Tình trạng gửi</th><th scope="col">Số lần đã thử</th><th scope="col">Lỗi gần nhất</th><th scope="col">Thao tác</th></tr></thead>
<tbody>${rows.map(
        (
          r,
        ) => html`<tr><td><a href="/can-bo/ho-so/${encodeURIComponent(r.code)}">${r.code}</a><br><span class="small">${unitName(r.deskSlug)}</span></td><td>${r.seq}. ${STATUS_NAMES[r.status as StatusCode] ?? String(r.status)}</td><td>${formatDateTime(r.at)}</td>
<td>${r.state === 'failed' ? html`<strong class="badge bad">Gửi không được</strong>` : 'Đang chờ gửi'}</td><td>${formatNumber(r.attempts)}</td><td>${r.lastError ?? ''}</td>
<td>${
          r.state === 'failed'
            ? html`<form method="post" action="${DVCQG_SYNC_PATH}/${r.id}/gui-lai">${csrfField(c.get('csrf'))}<button type="submit">Gửi lại<span class="visually-hidden"> thay đổi ${r.seq} của hồ sơ ${r.code}</span></button></form>`
            : ''
        }</td></tr>`,
      )}</tbody></table></div>`
}`,
        }),
      );
    })
    .post(`${DVCQG_SYNC_PATH}/:id/gui-lai`, requireOfficer(ROLES), requireCsrf(), async (c) => {
      const officer = c.get('officer') as Officer;
      const id = Number(c.req.param('id'));
      const at = now();
      const code = Number.isSafeInteger(id)
        ? await resendSync(c.env, id, scopeOf(officer), at)
        : undefined;
      if (code) {
        await audit(
          c.env.DB,
          {
            actor: officer.id,
            action: 'dvcqg-resend',
            target: code,
            detail: `thay đổi #${id}`,
            client: clientOf(c),
          },
          at.toISOString(),
        );
        await setFlash(c, 'dvcqg-resend', code);
      }
      return c.redirect(DVCQG_SYNC_PATH, 303);
    });
}
