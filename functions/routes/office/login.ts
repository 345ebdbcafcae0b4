import { Hono } from 'hono';
import { verifyPassword } from '../../../src/domain/auth/password.ts';
import type { FormError } from '../../../src/domain/errors.ts';
import { loginQuery, nextPage } from '../../../src/schemas/office.ts';
import { renderErrorSummary, renderField } from '../../../src/ui/form.ts';
import { html } from '../../../src/ui/html.ts';
import { errorFor, officeField } from '../../../src/ui/office-form.ts';
import { clearFailedLogins, findAccountByUsername, recordFailedLogin } from '../../db/accounts.ts';
import { audit } from '../../db/audit.ts';
import {
  endSession,
  type OfficeEnv,
  requireCsrf,
  requireOfficer,
  startSession,
} from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { readQuery } from '../../http/query.ts';
import { clientOf, overLimit } from '../../http/rate-limit.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_SECONDS = 15 * 60;

/** An error about signing in as a whole (a lock, too many tries): listed, linked to no field. */
const whole = (message: string): FormError[] => [{ name: '', id: '', message }];

export function loginRoutes(kit: PageKit, now: () => Date) {
  const page = (next: string, username: string, errors: FormError[] = []) =>
    kit.render({
      title: 'Đăng nhập cán bộ',
      hasErrors: errors.length > 0,
      head: html`<meta name="robots" content="noindex">`,
      main: html`${renderErrorSummary(errors)}<h1>Đăng nhập cán bộ</h1>
<form method="post" action="/can-bo/dang-nhap" novalidate>
<input type="hidden" name="tiep" value="${next}">
${renderField(
  { name: 'ten-dang-nhap', label: 'Tên đăng nhập', type: 'text', required: true, maxLength: 100 },
  {
    value: username,
    ...(errorFor(errors, 'ten-dang-nhap') ? { error: errorFor(errors, 'ten-dang-nhap') } : {}),
  },
)}
${officeField({
  name: 'mat-khau',
  label: 'Mật khẩu',
  error: errorFor(errors, 'mat-khau'),
  control: (a) =>
    html`<input type="password" ${a} autocomplete="current-password" required maxlength="200">`,
})}
<button type="submit">Đăng nhập</button>
</form>
<p class="small">Trang dành cho cán bộ Bộ phận Một cửa và các cơ quan. Người dân tra cứu hồ sơ tại <a href="/tra-cuu">trang tra cứu</a>.</p>`,
    });

  return new Hono<OfficeEnv>()
    .get('/can-bo/dang-nhap', (c) => {
      c.header('cache-control', 'no-store');
      // Never an error: a `tiep` that is not a back-office path is the queue (no open redirect).
      const query = readQuery(c, loginQuery);
      const next = query.ok ? query.value.tiep : '/can-bo';
      if (c.get('officer')) return c.redirect(next, 303);
      return c.html(page(next, ''));
    })
    .post('/can-bo/dang-nhap', async (c) => {
      c.header('cache-control', 'no-store');
      const at = now();
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const username =
        typeof body['ten-dang-nhap'] === 'string' ? body['ten-dang-nhap'].trim().slice(0, 100) : '';
      const password = typeof body['mat-khau'] === 'string' ? body['mat-khau'].slice(0, 200) : '';
      const next = nextPage.parse(body.tiep);
      const wait = await overLimit(c, 'login', at);
      if (wait) {
        c.header('retry-after', String(wait));
        return c.html(
          page(
            next,
            username,
            whole(
              `Đăng nhập sai quá nhiều lần từ máy này. Thử lại sau ${Math.ceil(wait / 60)} phút.`,
            ),
          ),
          429,
        );
      }
      if (!username || !password) {
        const missing: FormError[] = [
          ...(username ? [] : [{ name: 'ten-dang-nhap', message: 'Cần nhập tên đăng nhập' }]),
          ...(password ? [] : [{ name: 'mat-khau', message: 'Cần nhập mật khẩu' }]),
        ];
        return c.html(page(next, username, missing), 422);
      }
      const account = await findAccountByUsername(c.env.DB, username);
      const stamp = at.toISOString();
      const client = clientOf(c);
      const seconds = Math.floor(at.getTime() / 1000);
      if (account?.lockedUntil && account.lockedUntil > seconds) {
        await audit(c.env.DB, { actor: account.id, action: 'login-locked', client }, stamp);
        return c.html(
          page(
            next,
            username,
            whole(
              `Tài khoản tạm khóa vì đăng nhập sai nhiều lần. Thử lại sau ${Math.ceil((account.lockedUntil - seconds) / 60)} phút hoặc liên hệ quản trị.`,
            ),
          ),
          423,
        );
      }
      const ok = Boolean(
        account?.active && account.password && (await verifyPassword(password, account.password)),
      );
      if (!account || !ok) {
        if (account)
          await recordFailedLogin(c.env.DB, account.id, seconds, MAX_FAILED_LOGINS, LOCK_SECONDS);
        await audit(
          c.env.DB,
          { actor: account?.id ?? `?${username.slice(0, 60)}`, action: 'login-failed', client },
          stamp,
        );
        // The same words whether the account exists or not.
        return c.html(
          page(next, username, [
            { name: 'ten-dang-nhap', message: 'Tên đăng nhập hoặc mật khẩu không đúng' },
          ]),
          401,
        );
      }
      await clearFailedLogins(c.env.DB, account.id);
      await startSession(c, account.id);
      await audit(c.env.DB, { actor: account.id, action: 'login', client }, stamp);
      return c.redirect(next, 303);
    })
    .post('/can-bo/dang-xuat', requireOfficer(), requireCsrf(), async (c) => {
      const officer = c.get('officer');
      await endSession(c);
      if (officer)
        await audit(
          c.env.DB,
          { actor: officer.id, action: 'logout', client: clientOf(c) },
          now().toISOString(),
        );
      return c.redirect('/can-bo/dang-nhap', 303);
    });
}
