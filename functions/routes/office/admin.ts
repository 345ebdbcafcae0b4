import { Hono } from 'hono';
import { checkNewPassword, hashPassword } from '../../../src/domain/auth/password.ts';
import {
  type Officer,
  ROLE_LABELS,
  ROLES,
  type Role,
  worksAcrossAgencies,
} from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import {
  AUDIT_ACTIONS,
  describeAuditDetail,
  describeAuditTarget,
} from '../../../src/domain/audit.ts';
import type { FormError } from '../../../src/domain/errors.ts';
import { formatDateTime } from '../../../src/domain/format.ts';
import { auditQuery } from '../../../src/schemas/office.ts';
import { renderErrorSummary } from '../../../src/ui/form.ts';
import { html, raw } from '../../../src/ui/html.ts';
import { errorFor, officeField } from '../../../src/ui/office-form.ts';
import { insertAccount, listAccounts, setActive, usernameTaken } from '../../db/accounts.ts';
import { audit, listAudit } from '../../db/audit.ts';
import { resetOfficerPassword } from '../../services/passwords.ts';
import { type OfficeEnv, requireCsrf, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { setFlash, takeFlash } from '../../http/flash.ts';
import { clientOf } from '../../http/rate-limit.ts';
import { csrfField, officeNav, officeQuery } from './chrome.ts';

const AUDIT_PAGE = 50;
const auditFilters = auditQuery(Object.keys(AUDIT_ACTIONS));

/** Administrators: the audit trail and the officer accounts. */
export function adminRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const agencies = index.catalogue.agencies;

  const accountsPage = async (
    db: D1Database,
    officer: Officer,
    csrf: string,
    errors: FormError[] = [],
    done?: string,
    typed: Record<string, string | string[]> = {},
    reset?: { username: string; password: string },
  ) => {
    const value = (k: string) => (typeof typed[k] === 'string' ? (typed[k] as string) : '');
    const picked = new Set(([] as string[]).concat(typed.agencies ?? []));
    const accounts = await listAccounts(db);
    const error = (name: string) => errorFor(errors, name);
    return kit.render({
      title: 'Tài khoản cán bộ',
      hasErrors: errors.length > 0,
      head: html`<meta name="robots" content="noindex">`,
      sectionNav: officeNav(officer, csrf, 'accounts'),
      main: html`${renderErrorSummary(errors)}<h1>Tài khoản cán bộ</h1>
${done ? html`<div class="notice" role="status"><p>${done}</p></div>` : ''}
${reset ? html`<div class="notice" role="status"><p>Đã đặt lại mật khẩu của <strong>${reset.username}</strong>. Mật khẩu dùng một lần dưới đây chỉ hiện một lần: báo cho cán bộ qua kênh an toàn; khi đăng nhập, cán bộ phải chọn mật khẩu mới.</p><p><code>${reset.password}</code></p></div>` : ''}
<p class="small scroll-hint">Bảng rộng hơn màn hình: kéo ngang bảng để xem hết các cột.</p>
<div class="table-scroll" role="region" tabindex="0" aria-labelledby="ds-tai-khoan"><table class="wide"><caption id="ds-tai-khoan">Các tài khoản cán bộ</caption><thead><tr><th scope="col">Tên đăng nhập</th><th scope="col">Họ tên</th><th scope="col">Vai trò</th><th scope="col">Cơ quan</th><th scope="col">Trạng thái</th><th scope="col">Thao tác</th></tr></thead>
<tbody>${accounts.map(
        (
          a,
        ) => html`<tr><td>${a.username}</td><td>${a.displayName}</td><td>${ROLE_LABELS[a.role]}</td><td>${a.agencies.map((s) => index.agencyBySlug.get(s)?.shortName ?? s).join(', ')}</td><td>${a.active ? 'Đang dùng' : 'Đã khóa'}</td>
<td>${
          a.id === officer.id
            ? html`<span class="small">Tài khoản đang dùng</span>`
            : html`<form method="post" action="/can-bo/tai-khoan/${a.id}/${a.active ? 'khoa' : 'mo'}">${csrfField(csrf)}<button type="submit" class="secondary">${a.active ? 'Khóa' : 'Mở khóa'}<span class="visually-hidden"> ${a.username}</span></button></form>
<form method="post" action="/can-bo/tai-khoan/${a.id}/dat-lai-mat-khau">${csrfField(csrf)}<button type="submit" class="secondary">Đặt lại mật khẩu<span class="visually-hidden"> ${a.username}</span></button></form>`
        }</td></tr>`,
      )}</tbody></table></div>
<h2>Tạo tài khoản</h2>
<form method="post" action="/can-bo/tai-khoan" novalidate>${csrfField(csrf)}
${officeField({
  name: 'username',
  label: 'Tên đăng nhập',
  error: error('username'),
  control: (a) =>
    html`<input ${a} value="${value('username')}" required maxlength="60" autocomplete="off">`,
})}
${officeField({
  name: 'name',
  label: 'Họ và tên',
  error: error('name'),
  control: (a) => html`<input ${a} value="${value('name')}" required maxlength="100">`,
})}
${officeField({
  name: 'role',
  label: 'Vai trò',
  error: error('role'),
  control: (a) =>
    html`<select ${a}>${ROLES.map((r) => html`<option value="${r}"${value('role') === r ? raw(' selected') : ''}>${ROLE_LABELS[r]}</option>`)}</select>`,
})}
${officeField({
  name: 'agencies',
  label: 'Cơ quan làm việc',
  hint: 'Giữ Ctrl để chọn nhiều. Cán bộ tiếp nhận chọn Bộ phận Một cửa; cán bộ xử lý chọn cơ quan giải quyết.',
  error: error('agencies'),
  control: (a) =>
    html`<select ${a} multiple size="8">${agencies.map((ag) => html`<option value="${ag.slug}"${picked.has(ag.slug) ? raw(' selected') : ''}>${ag.name}</option>`)}</select>`,
})}
${officeField({
  name: 'password',
  label: 'Mật khẩu ban đầu',
  hint: 'Ít nhất 12 ký tự. Báo cho cán bộ qua kênh an toàn; lần đăng nhập đầu, cán bộ phải đổi sang mật khẩu của riêng mình.',
  error: error('password'),
  control: (a) => html`<input type="password" ${a} required autocomplete="new-password">`,
})}
<button type="submit">Tạo tài khoản</button></form>`,
    });
  };

  return new Hono<OfficeEnv>()
    .get('/can-bo/nhat-ky', requireOfficer(['admin']), async (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      const query = officeQuery(c, kit, auditFilters, 'audit');
      if (!query.ok) return query.response;
      const { loai: action, 'doi-tuong': target, trang: page } = query.value;
      const { rows, total } = await listAudit(
        c.env.DB,
        { action, target },
        AUDIT_PAGE,
        (page - 1) * AUDIT_PAGE,
      );
      return c.html(
        kit.render({
          title: 'Nhật ký kiểm tra',
          head: html`<meta name="robots" content="noindex">`,
          sectionNav: officeNav(officer, c.get('csrf'), 'audit'),
          main: html`<h1>Nhật ký kiểm tra</h1>
<p>Ghi lại đăng nhập, đăng nhập sai, mỗi lần xem dữ liệu cá nhân, mỗi lần chuyển trạng thái và mỗi lần xuất dữ liệu. Không sửa, không xóa được. Thời điểm theo giờ Việt Nam, mới nhất ở trên.</p>
<form method="get" class="search"><div class="filters"><label for="loai">Loại</label><select id="loai" name="loai"><option value="">Tất cả</option>${Object.entries(AUDIT_ACTIONS).map(([k, v]) => html`<option value="${k}"${k === action ? raw(' selected') : ''}>${v}</option>`)}</select>
<label for="doi-tuong">Mã hồ sơ</label><input id="doi-tuong" name="doi-tuong" value="${target ?? ''}"></div><button type="submit">Lọc</button></form>
<p role="status">${total} mục.</p>
<p class="small scroll-hint">Bảng rộng hơn màn hình: kéo ngang bảng để xem hết các cột.</p>
<div class="table-scroll" role="region" tabindex="0" aria-label="Nhật ký thao tác"><table class="wide"><thead><tr><th scope="col">Thời điểm</th><th scope="col">Người</th><th scope="col">Việc</th><th scope="col">Đối tượng</th><th scope="col">Chi tiết</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td><time datetime="${r.at}">${formatDateTime(r.at)}</time></td><td>${r.actorName ?? r.actor}</td><td>${AUDIT_ACTIONS[r.action] ?? r.action}</td><td>${describeAuditTarget(r.target)}</td><td>${describeAuditDetail(r.action, r.detail)}</td></tr>`)}</tbody></table></div>
${total > page * AUDIT_PAGE ? html`<p><a href="/can-bo/nhat-ky?${new URLSearchParams({ trang: String(page + 1), ...(action ? { loai: action } : {}), ...(target ? { 'doi-tuong': target } : {}) }).toString()}">Trang sau</a></p>` : ''}`,
        }),
      );
    })
    .get('/can-bo/tai-khoan', requireOfficer(['admin']), async (c) => {
      c.header('cache-control', 'no-store');
      // Right after a reset (POST-redirect-GET): its one-time password, shown this once.
      const flash = await takeFlash(c, 'password-reset');
      const reset = flash
        ? (JSON.parse(flash) as { username: string; password: string })
        : undefined;
      return c.html(
        await accountsPage(
          c.env.DB,
          c.get('officer') as Officer,
          c.get('csrf'),
          [],
          undefined,
          {},
          reset,
        ),
      );
    })
    .post('/can-bo/tai-khoan', requireOfficer(['admin']), requireCsrf(), async (c) => {
      const officer = c.get('officer') as Officer;
      const body = await c.req.parseBody({ all: true });
      const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
      const username = text('username');
      const role = text('role') as Role;
      const picked = ([] as unknown[])
        .concat(body.agencies ?? [])
        .filter((s): s is string => typeof s === 'string' && index.agencyBySlug.has(s));
      const errors: FormError[] = [];
      if (!/^[a-z0-9._@-]{3,60}$/i.test(username))
        errors.push({
          name: 'username',
          message: 'Tên đăng nhập gồm 3–60 chữ không dấu, số, dấu chấm, gạch hoặc @',
        });
      // Checked with the others, so every mistake is listed at once (issue 14).
      else if (await usernameTaken(c.env.DB, username))
        errors.push({ name: 'username', message: `Tên đăng nhập "${username}" đã có` });
      if (!text('name')) errors.push({ name: 'name', message: 'Cần nhập họ và tên' });
      if (!(ROLES as readonly string[]).includes(role))
        errors.push({ name: 'role', message: 'Chọn vai trò' });
      if (!worksAcrossAgencies(role) && picked.length === 0)
        errors.push({ name: 'agencies', message: 'Chọn ít nhất một cơ quan làm việc' });
      const password = typeof body.password === 'string' ? body.password : '';
      const weak = checkNewPassword(password, username);
      if (weak) errors.push({ name: 'password', message: weak });
      if (errors.length > 0)
        return c.html(
          await accountsPage(c.env.DB, officer, c.get('csrf'), errors, undefined, {
            username,
            name: text('name'),
            role,
            agencies: picked,
          }),
          422,
        );
      const at = now().toISOString();
      try {
        await insertAccount(
          c.env.DB,
          {
            id: crypto.randomUUID(),
            username,
            displayName: text('name'),
            role,
            agencies: worksAcrossAgencies(role) ? [] : picked,
            password: await hashPassword(password),
            // The administrator chose it: the officer chooses their own at the first sign-in.
            mustChangePassword: true,
          },
          at,
        );
      } catch {
        // Taken between the check and the insert.
        return c.html(
          await accountsPage(
            c.env.DB,
            officer,
            c.get('csrf'),
            [{ name: 'username', message: `Tên đăng nhập "${username}" đã có` }],
            undefined,
            { username, name: text('name'), role, agencies: picked },
          ),
          422,
        );
      }
      await audit(
        c.env.DB,
        {
          actor: officer.id,
          action: 'account-created',
          target: username,
          detail: role,
          client: clientOf(c),
        },
        at,
      );
      return c.html(
        await accountsPage(c.env.DB, officer, c.get('csrf'), [], `Đã tạo tài khoản ${username}.`),
        201,
      );
    })
    .post(
      '/can-bo/tai-khoan/:id/dat-lai-mat-khau',
      requireOfficer(['admin']),
      requireCsrf(),
      async (c) => {
        const officer = c.get('officer') as Officer;
        c.header('cache-control', 'no-store');
        const result = await resetOfficerPassword(
          c.env.DB,
          officer,
          c.req.param('id'),
          clientOf(c),
          now().toISOString(),
        );
        if (!result.ok)
          return c.html(
            // About a row's button, not a field of the form: listed, not linked.
            await accountsPage(c.env.DB, officer, c.get('csrf'), [
              { name: '', id: '', message: result.message },
            ]),
            result.status,
          );
        // POST-redirect-GET: a reload does not reset again; the one-time password goes to
        // the next page of this session only, once (functions/http/flash.ts).
        await setFlash(
          c,
          'password-reset',
          JSON.stringify({ username: result.username, password: result.password }),
        );
        return c.redirect('/can-bo/tai-khoan', 303);
      },
    )
    .post(
      '/can-bo/tai-khoan/:id/:op{khoa|mo}',
      requireOfficer(['admin']),
      requireCsrf(),
      async (c) => {
        const officer = c.get('officer') as Officer;
        const id = c.req.param('id');
        const active = c.req.param('op') === 'mo';
        if (id === officer.id && !active) {
          return c.html(
            // About a row's button, not a field of the form: listed, not linked.
            await accountsPage(c.env.DB, officer, c.get('csrf'), [
              { name: '', id: '', message: 'Không tự khóa tài khoản đang dùng' },
            ]),
            422,
          );
        }
        const at = now().toISOString();
        await setActive(c.env.DB, id, active, at);
        await audit(
          c.env.DB,
          {
            actor: officer.id,
            action: active ? 'account-activated' : 'account-deactivated',
            target: id,
            client: clientOf(c),
          },
          at,
        );
        return c.redirect('/can-bo/tai-khoan', 303);
      },
    );
}
