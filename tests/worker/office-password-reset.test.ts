import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectErrorSummary } from './error-summary.ts';
import { as, PASSWORD, postForm, type Session, signIn } from './office-helpers.ts';

/**
 * Issue 14: an administrator resets another officer's password from the accounts page.
 * The one-time password is shown once, the old password and sessions stop working, the
 * lockout is cleared, the officer must choose a new password before getting a session,
 * and the audit trail records the reset without either password.
 */

let admin: Session;
let desk: Session;
let deskId: string;

beforeAll(async () => {
  admin = await signIn('qt.datlai', 'admin', []);
  desk = await signIn('tn.datlai', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  deskId =
    (await env.DB.prepare("SELECT id FROM accounts WHERE username = 'tn.datlai'").first<string>(
      'id',
    )) ?? '';
});

const form = (path: string, fields: Record<string, string>) =>
  as(undefined, path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'cf-connecting-ip': `192.0.2.${Math.floor(Math.random() * 250)}`,
    },
  });
const login = (username: string, password: string) =>
  form('/can-bo/dang-nhap', { 'ten-dang-nhap': username, 'mat-khau': password });

describe('password reset by an administrator', () => {
  test('the accounts page offers a reset per account, not for the admin’s own', async () => {
    const page = await (await as(admin, '/can-bo/tai-khoan')).text();
    expect(page).toContain(`action="/can-bo/tai-khoan/${deskId}/dat-lai-mat-khau"`);
    const adminId = await env.DB.prepare(
      "SELECT id FROM accounts WHERE username = 'qt.datlai'",
    ).first<string>('id');
    expect(page).not.toContain(`action="/can-bo/tai-khoan/${adminId}/dat-lai-mat-khau"`);
  });

  test('a receptionist’s password: one-time password shown once, old password and sessions end, a new one must be chosen', async () => {
    // A lockout in progress is cleared by the reset.
    await env.DB.prepare('UPDATE accounts SET failed_logins = 3 WHERE id = ?1').bind(deskId).run();
    expect((await as(desk, '/can-bo')).status).toBe(200);

    // POST-redirect-GET: the reset answers with a redirect, never with the password.
    const res = await postForm(admin, `/can-bo/tai-khoan/${deskId}/dat-lai-mat-khau`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/can-bo/tai-khoan');
    expect(await res.text()).not.toMatch(/<code>/);
    const flash = /__Host-mc_flash=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
    expect(flash).not.toBe('');
    // The page it leads to shows the one-time password once, to this admin's session only.
    const shown = await as(undefined, '/can-bo/tai-khoan', {
      headers: { cookie: `${admin.cookie}; ${flash}` },
    });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(shown.headers.get('set-cookie') ?? '').toMatch(/__Host-mc_flash=;/);
    const page = await shown.text();
    const oneTime = /<code>([A-Za-z0-9-]{19})<\/code>/.exec(page)?.[1] ?? '';
    expect(oneTime).toMatch(/^([A-Za-z0-9]{4}-){3}[A-Za-z0-9]{4}$/);
    expect(page).toContain('chỉ hiện một lần');
    // A reload (the cookie is gone) shows nothing; the cookie in another session shows nothing.
    expect(await (await as(admin, '/can-bo/tai-khoan')).text()).not.toContain(oneTime);
    const otherAdmin = await signIn('qt.datlai.khac', 'admin', []);
    const stolen = await as(undefined, '/can-bo/tai-khoan', {
      headers: { cookie: `${otherAdmin.cookie}; ${flash}` },
    });
    expect(await stolen.text()).not.toContain(oneTime);
    // The flash is sealed: the password is not readable from the cookie.
    expect(decodeURIComponent(flash)).not.toContain(oneTime);

    // The old session is revoked, the old password refused.
    const old = await as(desk, '/can-bo');
    expect(old.status).toBe(303);
    expect(old.headers.get('location')).toMatch(/^\/can-bo\/dang-nhap/);
    expect((await login('tn.datlai', PASSWORD)).status).toBe(401);
    const row = await env.DB.prepare(
      'SELECT failed_logins AS failed, locked_until AS locked FROM accounts WHERE id = ?1',
    )
      .bind(deskId)
      .first<{ failed: number; locked: number | null }>();
    // The refusal just above counts once; the three earlier failures were cleared.
    expect(row).toEqual({ failed: 1, locked: null });

    // The one-time password works but opens only a session that must choose a new password.
    const first = await login('tn.datlai', oneTime);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(/^\/can-bo\/doi-mat-khau/);
    const pending = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(pending).toContain('mc_session');
    const elsewhere = await as(undefined, '/can-bo', { headers: { cookie: pending } });
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.get('location')).toBe('/can-bo/doi-mat-khau?tiep=%2Fcan-bo');

    const weak = await form('/can-bo/doi-mat-khau', {
      'ten-dang-nhap': 'tn.datlai',
      'mat-khau': oneTime,
      'mat-khau-moi': 'ngan',
      'nhap-lai': 'ngan',
    });
    expect(weak.status).toBe(422);
    const weakPage = await weak.text();
    expect(expectErrorSummary(weakPage, { inline: true }).targets).toEqual(['f_mat-khau-moi']);
    expect(weakPage).not.toContain(oneTime);

    const chosen = 'mat-khau-rieng-cua-toi-2026';
    const changed = await form('/can-bo/doi-mat-khau', {
      'ten-dang-nhap': 'tn.datlai',
      'mat-khau': oneTime,
      'mat-khau-moi': chosen,
      'nhap-lai': chosen,
      tiep: '/can-bo',
    });
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/can-bo');
    const cookie = (changed.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toContain('mc_session');
    expect((await as(undefined, '/can-bo', { headers: { cookie } })).status).toBe(200);

    // Afterwards the one-time password is refused and the chosen one signs in directly.
    expect((await login('tn.datlai', oneTime)).status).toBe(401);
    const again = await login('tn.datlai', chosen);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/can-bo');

    // Audited, without either password.
    const { results } = await env.DB.prepare(
      "SELECT actor, action, target, detail FROM audit_events WHERE action IN ('password-reset', 'password-changed') AND (target = 'tn.datlai' OR actor = ?1)",
    )
      .bind(deskId)
      .all<{ actor: string; action: string; target: string | null; detail: string | null }>();
    const adminId = await env.DB.prepare(
      "SELECT id FROM accounts WHERE username = 'qt.datlai'",
    ).first<string>('id');
    expect(results.map((r) => [r.actor, r.action])).toEqual([
      [adminId, 'password-reset'],
      [deskId, 'password-changed'],
    ]);
    const all = JSON.stringify((await env.DB.prepare('SELECT * FROM audit_events').all()).results);
    expect(all).not.toContain(oneTime);
    expect(all).not.toContain(chosen);
    const trail = await (await as(admin, '/can-bo/nhat-ky?loai=password-reset')).text();
    expect(trail).toContain('Đặt lại mật khẩu');
    expect(trail).not.toContain(oneTime);
  });

  test('a non-administrator gets 403 and changes nothing', async () => {
    const other = await signIn('tn.datlai2', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
    const before = await env.DB.prepare('SELECT password_hash FROM accounts WHERE id = ?1')
      .bind(deskId)
      .first<string>('password_hash');
    const res = await postForm(other, `/can-bo/tai-khoan/${deskId}/dat-lai-mat-khau`, {});
    expect(res.status).toBe(403);
    const after = await env.DB.prepare('SELECT password_hash FROM accounts WHERE id = ?1')
      .bind(deskId)
      .first<string>('password_hash');
    expect(after).toBe(before);
  });

  test('without the CSRF token the reset is refused', async () => {
    const res = await as(admin, `/can-bo/tai-khoan/${deskId}/dat-lai-mat-khau`, {
      method: 'POST',
      body: new URLSearchParams({}),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(403);
  });

  test('an administrator cannot reset their own password here: 422 with the summary above the h1', async () => {
    const adminId = await env.DB.prepare(
      "SELECT id FROM accounts WHERE username = 'qt.datlai'",
    ).first<string>('id');
    const res = await postForm(admin, `/can-bo/tai-khoan/${adminId}/dat-lai-mat-khau`, {});
    expect(res.status).toBe(422);
    const page = await res.text();
    const { targets, messages } = expectErrorSummary(page);
    expect(targets).toEqual([]);
    expect(messages[0]).toMatch(/^Không tự đặt lại mật khẩu của tài khoản đang dùng/);
    // Still signed in with the same password.
    expect((await as(admin, '/can-bo/tai-khoan')).status).toBe(200);
    expect((await login('qt.datlai', PASSWORD)).status).toBe(303);
  });

  test('an unknown account is a 404 on the accounts page', async () => {
    const res = await postForm(
      admin,
      `/can-bo/tai-khoan/${crypto.randomUUID()}/dat-lai-mat-khau`,
      {},
    );
    expect(res.status).toBe(404);
    expect(expectErrorSummary(await res.text()).messages).toEqual(['Không có tài khoản này']);
  });
});
