import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CitizenIdentity } from '../../src/domain/auth/citizen.ts';
import { hashToken, newToken } from '../../src/domain/auth/password.ts';
import { randomHex } from '../../src/domain/dossier/secret.ts';
import { deleteCitizenSession, findCitizenSession, insertCitizenSession } from '../db/citizens.ts';
import type { Env } from '../env.ts';

/**
 * Citizen sessions, apart from officers' (functions/http/auth.ts) and built the same way: a
 * random token in a `__Host-` cookie (HttpOnly, Secure, SameSite=Lax so the provider's
 * redirect back carries the sign-in cookie), only its SHA-256 in D1, a short absolute
 * lifetime, deleted at sign-out; a synchroniser token on every form that changes something.
 */

export const CITIZEN_COOKIE = 'mc_citizen';
/** The sign-in under way (state, nonce and PKCE verifier are in D1 under its hash). */
export const SIGN_IN_COOKIE = 'mc_signin';
export const CITIZEN_SESSION_SECONDS = 60 * 60;

export interface Citizen {
  subject: string;
  identity: CitizenIdentity;
  csrf: string;
  tokenHash: string;
}

export type CitizenEnv = { Bindings: Env; Variables: { citizen: Citizen | undefined } };

const cookieOptions = { prefix: 'host', path: '/', secure: true } as const;
const seconds = (now: Date) => Math.floor(now.getTime() / 1000);

/** Reads the citizen's session cookie, if any, and puts the signed-in citizen on the context. */
export function loadCitizen(now: () => Date): MiddlewareHandler<CitizenEnv> {
  return async (c, next) => {
    c.set('citizen', await citizenOf(c, now()));
    await next();
  };
}

/** The signed-in citizen of a request, or undefined. */
export async function citizenOf(c: Context, now: Date): Promise<Citizen | undefined> {
  const token = getCookie(c, CITIZEN_COOKIE, 'host');
  if (!token || !/^[0-9a-f]{64}$/.test(token)) return undefined;
  const tokenHash = await hashToken(token);
  const row = await findCitizenSession(c.env.DB, tokenHash, seconds(now));
  if (!row) return undefined;
  return {
    subject: row.subject,
    identity: {
      fullName: row.fullName ?? undefined,
      idNumber: row.idNumber ?? undefined,
      birthDate: row.birthDate ?? undefined,
    },
    csrf: row.csrf,
    tokenHash,
  };
}

export async function startCitizenSession(
  c: Context<CitizenEnv>,
  subject: string,
  identity: CitizenIdentity,
  now: Date,
): Promise<void> {
  const { token, hash } = await newToken();
  const at = seconds(now);
  await insertCitizenSession(
    c.env.DB,
    hash,
    {
      subject,
      fullName: identity.fullName ?? null,
      idNumber: identity.idNumber ?? null,
      birthDate: identity.birthDate ?? null,
      csrf: randomHex(16),
      expiresAt: at + CITIZEN_SESSION_SECONDS,
    },
    at,
  );
  setCookie(c, CITIZEN_COOKIE, token, {
    ...cookieOptions,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: CITIZEN_SESSION_SECONDS,
  });
}

export async function endCitizenSession(c: Context<CitizenEnv>): Promise<void> {
  const citizen = c.get('citizen');
  if (citizen) await deleteCitizenSession(c.env.DB, citizen.tokenHash);
  deleteCookie(c, CITIZEN_COOKIE, cookieOptions);
}

export function setSignInCookie(c: Context, token: string, maxAge: number): void {
  setCookie(c, SIGN_IN_COOKIE, token, {
    ...cookieOptions,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge,
  });
}

/** The sign-in cookie's token, removed from the browser: it is good for one return only. */
export function takeSignInCookie(c: Context): string | undefined {
  const token = getCookie(c, SIGN_IN_COOKIE, 'host');
  if (token !== undefined) deleteCookie(c, SIGN_IN_COOKIE, cookieOptions);
  return token;
}
