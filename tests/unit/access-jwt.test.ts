import { describe, expect, test } from 'vitest';
import { verifyAccessJwt } from '../../src/domain/auth/access-jwt.ts';
import { accessKeyPair, b64url } from '../access-keys.ts';

const config = { teamDomain: 'thuanbac.cloudflareaccess.com', audience: 'aud-123' };
const now = 1_800_000_000;

describe('Cloudflare Access assertions', () => {
  const good = {
    aud: ['aud-123'],
    iss: 'https://thuanbac.cloudflareaccess.com',
    exp: now + 600,
    email: 'Can.Bo@ThuanBac.gov.vn',
  };

  test.each([
    ['valid', good, undefined, { ok: true, email: 'can.bo@thuanbac.gov.vn' }],
    [
      'another audience',
      { ...good, aud: ['aud-999'] },
      undefined,
      { ok: false, reason: 'audience' },
    ],
    [
      'another issuer',
      { ...good, iss: 'https://evil.cloudflareaccess.com' },
      undefined,
      { ok: false, reason: 'issuer' },
    ],
    ['expired', { ...good, exp: now - 3600 }, undefined, { ok: false, reason: 'expired' }],
    ['no email', { ...good, email: undefined }, undefined, { ok: false, reason: 'no email' }],
    [
      'HS256 instead of RS256',
      good,
      { alg: 'HS256', kid: 'k1' },
      { ok: false, reason: 'algorithm' },
    ],
    ['unknown key id', good, { alg: 'RS256', kid: 'k2' }, { ok: false, reason: 'unknown key' }],
  ] as const)('%s', async (_name, payload, header, expected) => {
    const { keys, sign } = await accessKeyPair();
    const token = await sign(
      payload as Record<string, unknown>,
      header as Record<string, unknown> | undefined,
    );
    expect(await verifyAccessJwt(token, config, keys, now)).toEqual(expected);
  });

  test('a token signed by another key, or tampered with, is refused', async () => {
    const a = await accessKeyPair();
    const b = await accessKeyPair();
    expect(await verifyAccessJwt(await b.sign(good), config, a.keys, now)).toEqual({
      ok: false,
      reason: 'signature',
    });
    const token = await a.sign(good);
    const [h, , s] = token.split('.');
    const forged = `${h}.${b64url(JSON.stringify({ ...good, email: 'admin@evil.example' }))}.${s}`;
    expect(await verifyAccessJwt(forged, config, a.keys, now)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(await verifyAccessJwt('abc', config, a.keys, now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
