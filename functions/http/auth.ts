import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { hashToken, newToken } from '../../src/domain/auth/password.ts';
import type { Officer, Role } from '../../src/domain/auth/roles.ts';
import { randomHex } from '../../src/domain/dossier/secret.ts';
import { type JwkSet, jwksFetcher, verifyAccessJwt } from '../../src/domain/auth/access-jwt.ts';
import {
  findAccountById,
  findAccountByUsername,
  findSession,
  insertSession,
  revokeSession,
  touchSession,
} from '../db/accounts.ts';
import { configOf } from '../../src/schemas/env.ts';
import type { Env } from '../env.ts';
import { MAX_SUBMISSION_BYTES } from './body.ts';
import { apiError } from './errors.ts';

/**
 * Officer sessions: a random token in a `__Host-` cookie (HttpOnly, Secure,
 * SameSite=Strict, path /), only its SHA-256 in D1, with an absolute lifetime,
 * an idle timeout and revocation; a synchroniser token against CSRF on every
 * state-changing request.
 */

export const SESSION_COOKIE = 'mc_session';
export const SESSION_SECONDS = 8 * 3600;
export const IDLE_SECONDS = 60 * 60;

/** How long a session opened by a one-time or initial password lasts: long enough to choose one. */
export const MUST_CHANGE_SECONDS = 15 * 60;

/**
 * The account of a session opened with a one-time or initial password (the account's
 * must-change flag is set): it may only choose a new password (`/can-bo/doi-mat-khau`).
 */
export interface MustChange {
  id: string;
  username: string;
}

export type OfficeEnv = {
  Bindings: Env;
  Variables: {
    officer: Officer | undefined;
    mustChange: MustChange | undefined;
    csrf: string;
    sessionHash: string;
  };
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Opens a session. One opened with a one-time or initial password lasts
 * MUST_CHANGE_SECONDS and, while the account's must-change flag is set, only lets the
 * officer choose a new password (`loadOfficer`).
 */
export async function startSession(
  c: Context<OfficeEnv>,
  accountId: string,
  seconds: number = SESSION_SECONDS,
): Promise<{ hash: string; csrf: string }> {
  const { token, hash } = await newToken();
  const now = nowSeconds();
  const csrf = randomHex(16);
  await insertSession(c.env.DB, {
    tokenHash: hash,
    accountId,
    csrf,
    now,
    expiresAt: now + seconds,
  });
  setCookie(c, SESSION_COOKIE, token, {
    prefix: 'host',
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    maxAge: seconds,
  });
  return { hash, csrf };
}

export async function endSession(c: Context<OfficeEnv>): Promise<void> {
  const hash = c.get('sessionHash');
  if (hash) await revokeSession(c.env.DB, hash, nowSeconds());
  deleteCookie(c, SESSION_COOKIE, { prefix: 'host', path: '/', secure: true });
}

/** How the Worker gets Cloudflare Access's public keys (tests pass their own). */
export type AccessKeys = (teamDomain: string) => Promise<JwkSet>;

const defaultKeys = (() => {
  const byTeam = new Map<string, () => Promise<JwkSet>>();
  return (teamDomain: string) => {
    let get = byTeam.get(teamDomain);
    if (!get) {
      get = jwksFetcher(teamDomain);
      byTeam.set(teamDomain, get);
    }
    return get();
  };
})();

/**
 * When Cloudflare Access protects the back office, its signed assertion names the
 * person; an active account with that email as username gets a session.
 */
async function officerFromAccess(c: Context<OfficeEnv>, keys: AccessKeys): Promise<void> {
  const { ACCESS_TEAM_DOMAIN: team, ACCESS_AUD: audience } = configOf(c.env);
  const token = c.req.header('cf-access-jwt-assertion');
  if (!team || !audience || !token) return;
  let result: Awaited<ReturnType<typeof verifyAccessJwt>>;
  try {
    result = await verifyAccessJwt(
      token,
      { teamDomain: team, audience },
      await keys(team),
      nowSeconds(),
    );
  } catch {
    return;
  }
  if (!result.ok) return;
  const account = await findAccountByUsername(c.env.DB, result.email);
  if (!account?.active) return;
  const session = await startSession(c, account.id);
  c.set('officer', {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    agencies: account.agencies,
  });
  c.set('csrf', session.csrf);
  c.set('sessionHash', session.hash);
}

/** Reads the session cookie, if any, and puts the signed-in officer on the context. */
export function loadOfficer(keys: AccessKeys = defaultKeys): MiddlewareHandler<OfficeEnv> {
  return async (c, next) => {
    c.set('officer', undefined);
    c.set('mustChange', undefined);
    const token = getCookie(c, SESSION_COOKIE, 'host');
    if (token && /^[0-9a-f]{64}$/.test(token)) {
      const hash = await hashToken(token);
      const session = await findSession(c.env.DB, hash);
      const now = nowSeconds();
      if (
        session &&
        !session.revokedAt &&
        session.expiresAt > now &&
        session.lastSeenAt + IDLE_SECONDS > now
      ) {
        const account = await findAccountById(c.env.DB, session.accountId);
        if (account?.active && account.mustChangePassword) {
          c.set('mustChange', { id: account.id, username: account.username });
          c.set('csrf', session.csrf);
          c.set('sessionHash', hash);
        } else if (account?.active) {
          c.set('officer', {
            id: account.id,
            username: account.username,
            displayName: account.displayName,
            role: account.role,
            agencies: account.agencies,
          });
          c.set('csrf', session.csrf);
          c.set('sessionHash', hash);
          if (now - session.lastSeenAt > 60) await touchSession(c.env.DB, hash, now);
        }
      }
    }
    if (!c.get('officer') && !c.get('mustChange')) await officerFromAccess(c, keys);
    await next();
  };
}

const isApi = (c: Context) => c.req.path.startsWith('/api/');

/**
 * Refuses anonymous requests (pages: to the login page; API: 401) and officers
 * whose role is not among `roles` (403). Agency scope is checked per dossier.
 */
export function requireOfficer(roles?: readonly Role[]): MiddlewareHandler<OfficeEnv> {
  return async (c, next) => {
    const officer = c.get('officer');
    if (!officer) {
      if (isApi(c)) return apiError(c, 401, 'unauthenticated', 'Cần đăng nhập.');
      // Signed in with a one-time password: a new password first, then the page asked for.
      if (c.get('mustChange')) {
        const back = c.req.method === 'GET' ? `?tiep=${encodeURIComponent(c.req.path)}` : '';
        return c.redirect(`/can-bo/doi-mat-khau${back}`, 303);
      }
      const back = c.req.method === 'GET' ? `?tiep=${encodeURIComponent(c.req.path)}` : '';
      return c.redirect(`/can-bo/dang-nhap${back}`, 303);
    }
    if (roles && !roles.includes(officer.role)) return forbidden(c);
    await next();
  };
}

export function forbidden(
  c: Context<OfficeEnv>,
  message = 'Tài khoản của bạn không có quyền làm việc này.',
) {
  if (isApi(c)) return apiError(c, 403, 'forbidden', message);
  c.status(403);
  return c.html(
    `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Không có quyền – Một Cửa</title></head><body><main><h1>Không có quyền truy cập</h1><p>${message.replace(/[<>&]/g, '')}</p><p><a href="/can-bo">Về trang làm việc</a></p></main></body></html>`,
  );
}

/**
 * Every state-changing request must carry the session's CSRF token: the `_csrf`
 * field of a form, or the `X-CSRF-Token` header for the JSON API.
 */
export function requireCsrf(): MiddlewareHandler<OfficeEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const expected = c.get('csrf');
    let sent = c.req.header('x-csrf-token');
    if (!sent && !isApi(c)) {
      const type = c.req.header('content-type') ?? '';
      if (Number(c.req.header('content-length') ?? 0) > MAX_SUBMISSION_BYTES) {
        return c.text('Dữ liệu gửi lên quá lớn', 413);
      }
      if (
        type.startsWith('application/x-www-form-urlencoded') ||
        type.startsWith('multipart/form-data')
      ) {
        try {
          // Hono keeps the parsed form, so the route reads it again for free.
          const value = (await c.req.formData()).get('_csrf');
          sent = typeof value === 'string' ? value : undefined;
        } catch {
          sent = undefined;
        }
      }
    }
    if (!expected || !sent || sent !== expected) {
      return forbidden(
        c,
        'Phiên làm việc không hợp lệ hoặc biểu mẫu đã cũ. Hãy tải lại trang và thử lại.',
      );
    }
    await next();
  };
}
