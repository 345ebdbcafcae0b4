import { type Context, Hono } from 'hono';
import { verifyPassword } from '../../../src/domain/auth/password.ts';
import type { FormError } from '../../../src/domain/errors.ts';
import { loginQuery, nextPage } from '../../../src/schemas/office.ts';
import { renderErrorSummary, renderField } from '../../../src/ui/form.ts';
import { html } from '../../../src/ui/html.ts';
import { errorFor, officeField } from '../../../src/ui/office-form.ts';
import {
  type Account,
  clearFailedLogins,
  findAccountById,
  findAccountByUsername,
  recordFailedLogin,
} from '../../db/accounts.ts';
import { audit } from '../../db/audit.ts';
import {
  endSession,
  MUST_CHANGE_SECONDS,
  type MustChange,
  type OfficeEnv,
  requireCsrf,
  requireOfficer,
  startSession,
} from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { readQuery } from '../../http/query.ts';
import { clientOf, limitReached, overLimit } from '../../http/rate-limit.ts';
import { changeOwnPassword, newPasswordProblems } from '../../services/passwords.ts';
import { csrfField } from './chrome.ts';

/** The user name and current password, as the login and change-password pages ask them. */
function credentialFields(
  username: string,
  errors: FormError[],
  password: { label: string; hint?: string },
) {
  const usernameError = errorFor(errors, 'ten-dang-nhap');
  return html`${renderField(
    { name: 'ten-dang-nhap', label: 'Tên đăng nhập', type: 'text', required: true, maxLength: 100 },
    { value: username, ...(usernameError ? { error: usernameError } : {}) },
  )}
${officeField({
  name: 'mat-khau',
  ...password,
  error: errorFor(errors, 'mat-khau'),
  control: (a) =>
    html`<input type="password" ${a} autocomplete="current-password" required maxlength="200">`,
})}`;
}

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
${credentialFields(username, errors, { label: 'Mật khẩu' })}
<button type="submit">Đăng nhập</button>
</form>
<p class="small">Trang dành cho cán bộ Bộ phận Một cửa và các cơ quan. Người dân tra cứu hồ sơ tại <a href="/tra-cuu">trang tra cứu</a>.</p>`,
    });

  /**
   * The change-password page. Signed in with a one-time or initial password (`mustChange`),
   * the session is the proof: only the new password is asked, with why it must be chosen
   * now. Otherwise the user name and current password prove who is changing it.
   */
  const changePage = (
    next: string,
    who: { username: string } | { mustChange: MustChange; csrf: string },
    errors: FormError[] = [],
    notice?: string,
  ) =>
    kit.render({
      title: 'Đổi mật khẩu',
      hasErrors: errors.length > 0,
      head: html`<meta name="robots" content="noindex">`,
      main: html`${renderErrorSummary(errors)}<h1>Đổi mật khẩu</h1>
${
  'mustChange' in who
    ? html`<div class="notice" role="status"><p><strong>Cần đổi mật khẩu ngay.</strong> Tài khoản <strong>${who.mustChange.username}</strong> vừa đăng nhập bằng mật khẩu do quản trị đặt (mật khẩu ban đầu hoặc mật khẩu dùng một lần). Chọn mật khẩu mới của riêng bạn để bắt đầu làm việc; chưa đổi thì chưa mở được trang nào khác.</p></div>`
    : notice
      ? html`<div class="notice" role="status"><p>${notice}</p></div>`
      : ''
}
<form method="post" action="/can-bo/doi-mat-khau" novalidate>
<input type="hidden" name="tiep" value="${next}">
${
  'mustChange' in who
    ? html`${csrfField(who.csrf)}<input type="hidden" name="ten-dang-nhap" value="${who.mustChange.username}" autocomplete="username">`
    : credentialFields(who.username, errors, {
        label: 'Mật khẩu hiện tại',
        hint: 'Mật khẩu dùng một lần quản trị đưa, nếu vừa được đặt lại.',
      })
}
${officeField({
  name: 'mat-khau-moi',
  label: 'Mật khẩu mới',
  hint: 'Ít nhất 12 ký tự, không chứa tên đăng nhập.',
  error: errorFor(errors, 'mat-khau-moi'),
  control: (a) =>
    html`<input type="password" ${a} autocomplete="new-password" required maxlength="200">`,
})}
${officeField({
  name: 'nhap-lai',
  label: 'Nhập lại mật khẩu mới',
  error: errorFor(errors, 'nhap-lai'),
  control: (a) =>
    html`<input type="password" ${a} autocomplete="new-password" required maxlength="200">`,
})}
<button type="submit">Đổi mật khẩu</button>
</form>`,
    });

  type Checked =
    | { ok: true; account: Account; username: string; password: string }
    | { ok: false; status: 401 | 422 | 423 | 429; username: string; errors: FormError[] };

  /**
   * The checks of signing in, shared by the login and the change-password forms: the
   * per-client rate limit, both fields, the lockout, the password. Only a wrong password
   * counts, towards the address's limit and the account's lock, and is audited, with the
   * same words whether the account exists (ADR 0014: a commune office shares one address,
   * so successful sign-ins must not use up its budget).
   */
  const checkCredentials = async (
    c: Context<OfficeEnv>,
    body: Record<string, unknown>,
    at: Date,
  ): Promise<Checked> => {
    const username =
      typeof body['ten-dang-nhap'] === 'string' ? body['ten-dang-nhap'].trim().slice(0, 100) : '';
    const password = typeof body['mat-khau'] === 'string' ? body['mat-khau'].slice(0, 200) : '';
    const wait = await limitReached(c, 'login', at);
    if (wait) {
      c.header('retry-after', String(wait));
      return {
        ok: false,
        status: 429,
        username,
        errors: whole(
          `Đăng nhập sai quá nhiều lần từ máy này. Thử lại sau ${Math.ceil(wait / 60)} phút.`,
        ),
      };
    }
    if (!username || !password) {
      const missing: FormError[] = [
        ...(username ? [] : [{ name: 'ten-dang-nhap', message: 'Cần nhập tên đăng nhập' }]),
        ...(password ? [] : [{ name: 'mat-khau', message: 'Cần nhập mật khẩu' }]),
      ];
      return { ok: false, status: 422, username, errors: missing };
    }
    const account = await findAccountByUsername(c.env.DB, username);
    const stamp = at.toISOString();
    const client = clientOf(c);
    const seconds = Math.floor(at.getTime() / 1000);
    if (account?.lockedUntil && account.lockedUntil > seconds) {
      await audit(c.env.DB, { actor: account.id, action: 'login-locked', client }, stamp);
      return {
        ok: false,
        status: 423,
        username,
        errors: whole(
          `Tài khoản tạm khóa vì đăng nhập sai nhiều lần. Thử lại sau ${Math.ceil((account.lockedUntil - seconds) / 60)} phút hoặc liên hệ quản trị.`,
        ),
      };
    }
    const ok = Boolean(
      account?.active && account.password && (await verifyPassword(password, account.password)),
    );
    if (!account || !ok) {
      await overLimit(c, 'login', at);
      if (account)
        await recordFailedLogin(c.env.DB, account.id, seconds, MAX_FAILED_LOGINS, LOCK_SECONDS);
      await audit(
        c.env.DB,
        { actor: account?.id ?? `?${username.slice(0, 60)}`, action: 'login-failed', client },
        stamp,
      );
      // The same words whether the account exists or not.
      return {
        ok: false,
        status: 401,
        username,
        errors: [{ name: 'ten-dang-nhap', message: 'Tên đăng nhập hoặc mật khẩu không đúng' }],
      };
    }
    return { ok: true, account, username, password };
  };

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
      const next = nextPage.parse(body.tiep);
      const checked = await checkCredentials(c, body, at);
      if (!checked.ok) return c.html(page(next, checked.username, checked.errors), checked.status);
      const { account } = checked;
      await clearFailedLogins(c.env.DB, account.id);
      if (account.mustChangePassword) {
        // A one-time or initial password opens a short session that can only choose a new
        // password (requireOfficer sends it there): the officer does not type it again.
        await startSession(c, account.id, MUST_CHANGE_SECONDS);
        return c.redirect(`/can-bo/doi-mat-khau?${new URLSearchParams({ tiep: next })}`, 303);
      }
      await startSession(c, account.id);
      await audit(
        c.env.DB,
        { actor: account.id, action: 'login', client: clientOf(c) },
        at.toISOString(),
      );
      return c.redirect(next, 303);
    })
    .get('/can-bo/doi-mat-khau', (c) => {
      c.header('cache-control', 'no-store');
      const query = readQuery(c, loginQuery);
      const next = query.ok ? query.value.tiep : '/can-bo';
      const mustChange = c.get('mustChange');
      if (mustChange) return c.html(changePage(next, { mustChange, csrf: c.get('csrf') }));
      return c.html(
        changePage(
          next,
          { username: c.get('officer')?.username ?? '' },
          [],
          c.get('officer')
            ? undefined
            : 'Nếu quản trị vừa đặt lại mật khẩu, nhập mật khẩu dùng một lần rồi chọn mật khẩu mới.',
        ),
      );
    })
    .post(
      '/can-bo/doi-mat-khau',
      // A session opened with a one-time password is the proof of who is changing it: as
      // every state change made with a session, it needs the session's CSRF token.
      async (c, go) => (c.get('mustChange') ? requireCsrf()(c, go) : go()),
      async (c) => {
        c.header('cache-control', 'no-store');
        const at = now();
        const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
        const next = nextPage.parse(body.tiep);
        const text = (k: string) => (typeof body[k] === 'string' ? body[k].slice(0, 200) : '');
        const mustChange = c.get('mustChange');
        let account: Account | undefined;
        if (mustChange) {
          account = await findAccountById(c.env.DB, mustChange.id);
          if (!account) return c.redirect('/can-bo/dang-nhap', 303);
        } else {
          const checked = await checkCredentials(c, body, at);
          if (!checked.ok) {
            // Every mistake at once (issue 14): the new password's too, unless the whole
            // attempt is refused (locked, too many tries).
            const all =
              checked.status === 401 || checked.status === 422
                ? [
                    ...checked.errors,
                    ...newPasswordProblems(
                      checked.username,
                      text('mat-khau-moi'),
                      text('nhap-lai'),
                    ),
                  ]
                : checked.errors;
            return c.html(changePage(next, { username: checked.username }, all), checked.status);
          }
          account = checked.account;
        }
        const problems = await changeOwnPassword(
          c.env.DB,
          account,
          text('mat-khau-moi'),
          text('nhap-lai'),
          clientOf(c),
          at.toISOString(),
        );
        if (problems.length > 0)
          return c.html(
            changePage(
              next,
              mustChange ? { mustChange, csrf: c.get('csrf') } : { username: account.username },
              problems,
            ),
            422,
          );
        await startSession(c, account.id);
        await audit(
          c.env.DB,
          { actor: account.id, action: 'login', client: clientOf(c) },
          at.toISOString(),
        );
        return c.redirect(next, 303);
      },
    )
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
