/**
 * Officer passwords: PBKDF2-SHA256 through WebCrypto (available in Workers, Node
 * and browsers) with a per-account random salt. 100,000 iterations is the most
 * the Workers runtime accepts, and what the back office requires.
 */

export const PBKDF2_ITERATIONS = 100_000;
export const MIN_PASSWORD_LENGTH = 12;

const encoder = new TextEncoder();
const toHex = (bytes: ArrayBuffer | Uint8Array) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

export interface PasswordHash {
  hash: string;
  salt: string;
  iterations: number;
}

async function derive(password: string, salt: string, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(password.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(salt), iterations },
    key,
    256,
  );
  return toHex(bits);
}

export async function hashPassword(
  password: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<PasswordHash> {
  const salt = toHex(crypto.getRandomValues(new Uint8Array(16)));
  return { hash: await derive(password, salt, iterations), salt, iterations };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const candidate = await derive(password, stored.salt, stored.iterations);
  if (candidate.length !== stored.hash.length) return false;
  let diff = 0;
  for (let i = 0; i < candidate.length; i++)
    diff |= candidate.charCodeAt(i) ^ stored.hash.charCodeAt(i);
  return diff === 0;
}

/** Why a new password is not acceptable, or undefined. */
export function checkNewPassword(password: string, username: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự`;
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    return 'Mật khẩu không được chứa tên đăng nhập';
  if (/^(.)\1+$/.test(password)) return 'Mật khẩu không được là một ký tự lặp lại';
  return undefined;
}

/** A random session token (sent to the browser) and its SHA-256 (kept in the database). */
export async function newToken(): Promise<{ token: string; hash: string }> {
  const token = toHex(crypto.getRandomValues(new Uint8Array(32)));
  return { token, hash: await hashToken(token) };
}

export async function hashToken(token: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(token)));
}
