/**
 * Verification of the JWT that Cloudflare Access puts in front of the back office
 * (`Cf-Access-Jwt-Assertion`): RS256 signature against the team's published keys,
 * audience, issuer and expiry. Pure WebCrypto; the key set is passed in.
 */

export interface AccessConfig {
  /** e.g. "thuanbac.cloudflareaccess.com" */
  teamDomain: string;
  /** The Access application's audience (AUD) tag. */
  audience: string;
}

export interface JwkSet {
  keys: (JsonWebKey & { kid?: string })[];
}

export type AccessResult = { ok: true; email: string } | { ok: false; reason: string };

const decoder = new TextDecoder();

function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> {
  const padded = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function json(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(decoder.decode(base64UrlDecode(part)));
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export async function verifyAccessJwt(
  token: string,
  config: AccessConfig,
  keys: JwkSet,
  nowSeconds: number,
): Promise<AccessResult> {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [h, p, s] = parts as [string, string, string];
  const header = json(h);
  const payload = json(p);
  if (!header || !payload) return { ok: false, reason: 'malformed' };
  if (header.alg !== 'RS256') return { ok: false, reason: 'algorithm' };
  const jwk = keys.keys.find((k) => k.kid === header.kid && k.kty === 'RSA');
  if (!jwk) return { ok: false, reason: 'unknown key' };
  let valid = false;
  try {
    const key = await crypto.subtle.importKey(
      'jwk',
      { kty: jwk.kty, n: jwk.n, e: jwk.e, alg: 'RS256', ext: true },
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    valid = await crypto.subtle.verify(
      'RSASSA-PKCS1-v1_5',
      key,
      base64UrlDecode(s),
      new TextEncoder().encode(`${h}.${p}`),
    );
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'signature' };
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(config.audience)) return { ok: false, reason: 'audience' };
  if (payload.iss !== `https://${config.teamDomain}`) return { ok: false, reason: 'issuer' };
  const leeway = 60;
  if (typeof payload.exp !== 'number' || payload.exp + leeway < nowSeconds)
    return { ok: false, reason: 'expired' };
  if (typeof payload.nbf === 'number' && payload.nbf - leeway > nowSeconds)
    return { ok: false, reason: 'not yet valid' };
  if (typeof payload.email !== 'string' || !payload.email.includes('@'))
    return { ok: false, reason: 'no email' };
  return { ok: true, email: payload.email.toLowerCase() };
}

/** The team's public keys, cached for ten minutes per isolate. */
export function jwksFetcher(
  teamDomain: string,
  fetcher: typeof fetch = fetch,
): () => Promise<JwkSet> {
  let cached: { at: number; keys: Promise<JwkSet> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > 600_000) {
      const keys = fetcher(`https://${teamDomain}/cdn-cgi/access/certs`).then(async (res) => {
        if (!res.ok) throw new Error(`Access certs: HTTP ${res.status}`);
        return (await res.json()) as JwkSet;
      });
      keys.catch(() => {
        cached = undefined;
      });
      cached = { at: Date.now(), keys };
    }
    return cached.keys;
  };
}
