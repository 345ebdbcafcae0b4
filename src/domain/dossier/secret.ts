/**
 * Hashing of lookup secrets and sealing of idempotent replies, with WebCrypto
 * (the same API in Workers, browsers and Node). Only a salted hash of a secret
 * is stored; the secret itself is shown to the citizen once.
 */

const encoder = new TextEncoder();

const hex = (bytes: ArrayBuffer | Uint8Array): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

const fromHex = (text: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array((text.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)));

export function randomHex(bytes = 16): string {
  return hex(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** SHA-256 of salt + secret; the salt is per dossier, so equal secrets never hash alike. */
export const hashSecret = (secret: string, salt: string): Promise<string> =>
  sha256Hex(`${salt}:${secret}`);

/** Compares two hex digests without an early exit. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

async function keyFrom(idempotencyKey: string, usage: KeyUsage): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    encoder.encode(idempotencyKey),
    'HKDF',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: encoder.encode('mot-cua/idempotency/v1'),
      info: new Uint8Array(),
    },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

/**
 * Seals a value with a key derived from the client's idempotency key, so a
 * retried request can be answered with the same secret while the database
 * alone cannot reveal it.
 */
export async function seal(idempotencyKey: string, value: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await keyFrom(idempotencyKey, 'encrypt');
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoder.encode(value));
  return `${hex(iv)}.${hex(data)}`;
}

export async function unseal(idempotencyKey: string, sealed: string): Promise<string | undefined> {
  const [iv, data] = sealed.split('.');
  if (!iv || !data) return undefined;
  try {
    const key = await keyFrom(idempotencyKey, 'decrypt');
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromHex(iv) },
      key,
      fromHex(data),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return undefined;
  }
}
