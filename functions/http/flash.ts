import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { OfficeEnv } from './auth.ts';

/**
 * A one-time message from a POST to the page it redirects to (POST-redirect-GET), for
 * what must be shown once and never written down: the one-time password of a reset. It
 * travels in a short-lived `__Host-` cookie (HttpOnly, Secure, SameSite=Strict), encrypted
 * (AES-GCM) with a key derived from the session's token hash, which only the Worker and
 * D1 hold, so it is readable only within the session that made it; the GET that shows it
 * deletes the cookie, so a reload or the back button shows nothing. Nothing goes to D1.
 */

const FLASH_COOKIE = 'mc_flash';
const FLASH_SECONDS = 120;

const keyOf = async (sessionHash: string) =>
  crypto.subtle.importKey(
    'raw',
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`flash:${sessionHash}`)),
    'AES-GCM',
    false,
    ['encrypt', 'decrypt'],
  );

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

const fromBase64Url = (text: string) =>
  Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (ch) => ch.charCodeAt(0));

/** Leaves `value` for the next page of this session (`takeFlash`); `kind` names what it is. */
export async function setFlash(c: Context<OfficeEnv>, kind: string, value: string): Promise<void> {
  const hash = c.get('sessionHash');
  if (!hash) return;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(kind) },
      await keyOf(hash),
      new TextEncoder().encode(value),
    ),
  );
  setCookie(c, FLASH_COOKIE, `${toBase64Url(iv)}.${toBase64Url(sealed)}`, {
    prefix: 'host',
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    maxAge: FLASH_SECONDS,
  });
}

/** The value a POST of this session left (`setFlash`), once: the cookie is deleted. */
export async function takeFlash(c: Context<OfficeEnv>, kind: string): Promise<string | undefined> {
  const cookie = getCookie(c, FLASH_COOKIE, 'host');
  if (!cookie) return undefined;
  deleteCookie(c, FLASH_COOKIE, { prefix: 'host', path: '/', secure: true });
  const hash = c.get('sessionHash');
  const [iv, sealed] = cookie.split('.');
  if (!hash || !iv || !sealed) return undefined;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(iv), additionalData: new TextEncoder().encode(kind) },
      await keyOf(hash),
      fromBase64Url(sealed),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return undefined;
  }
}
