import type { JwkSet } from '../src/domain/auth/access-jwt.ts';

/** An RSA key pair and a signer of Cloudflare Access-style JWTs, for tests. */
export const b64url = (bytes: Uint8Array | string) =>
  btoa(
    typeof bytes === 'string'
      ? String.fromCharCode(...new TextEncoder().encode(bytes))
      : String.fromCharCode(...bytes),
  )
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
export async function accessKeyPair() {
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  const keys: JwkSet = { keys: [{ ...jwk, kid: 'k1' }] };
  const sign = async (
    payload: Record<string, unknown>,
    header: Record<string, unknown> = { alg: 'RS256', kid: 'k1' },
  ) => {
    const data = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const sig = new Uint8Array(
      await crypto.subtle.sign(
        'RSASSA-PKCS1-v1_5',
        pair.privateKey,
        new TextEncoder().encode(data),
      ),
    );
    return `${data}.${b64url(sig)}`;
  };
  return { keys, sign };
}
