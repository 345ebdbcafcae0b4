import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { repositoryFiles, scanRepository } from '../../scripts/check-secrets.ts';
import {
  ALLOWLIST,
  applyAllowlist,
  entropy,
  formatFinding,
  isEnvLike,
  looksRandom,
  scanText,
} from '../../scripts/lib/secrets.ts';
import { prng } from '../../scripts/lib/prng.ts';

/**
 * No secret is committed: every file git tracks (or would add) is scanned. The planted
 * secrets of the negative controls are assembled at run time from a seeded generator,
 * so this file holds none itself and needs no allowlist entry.
 */

const random = prng(42);
const randomString = (length: number, alphabet: string) =>
  Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** Fake secrets in the formats the scanner knows, assembled so no file contains them. */
const planted = {
  privateKey: ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' '),
  pkcs8: ['-----BEGIN', 'PRIVATE KEY-----'].join(' '),
  awsKeyId: `AK${'IA'}${randomString(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  awsSecret: randomString(40, `${BASE62}/+`),
  cfToken: randomString(40, `${BASE62}_-`),
  cfGlobalKey: randomString(37, HEX),
  jwt: [
    `ey${'J'}${randomString(30, BASE62)}`,
    `ey${'J'}${randomString(60, BASE62)}`,
    randomString(43, `${BASE62}_-`),
  ].join('.'),
  github: `gh${'p'}_${randomString(36, BASE62)}`,
  password: randomString(24, `${BASE62}!#%`),
};

describe('negative controls: planted secrets are found', () => {
  test.each([
    ['private-key', 'key.pem', `${planted.privateKey}\nMIIE…\n`],
    ['private-key', 'src/x.ts', `const k = \`${planted.pkcs8}\`;`],
    ['aws-access-key-id', 'src/aws.ts', `const id = '${planted.awsKeyId}';`],
    ['aws-secret-access-key', 'config.toml', `aws_secret_access_key = "${planted.awsSecret}"`],
    [
      'cloudflare-api-token',
      'scripts/deploy.sh',
      `CLOUDFLARE_API_TOKEN=${planted.cfToken} wrangler deploy`,
    ],
    ['cloudflare-api-token', 'src/cf.ts', `const cfApiKey = '${planted.cfGlobalKey}';`],
    ['jwt', 'tests/fixture.json', `{"token": "${planted.jwt}"}`],
    ['github-token', 'README.md', `token: ${planted.github}`],
    ['assignment', 'src/db.ts', `const password = '${planted.password}';`],
    ['assignment', 'wrangler.toml', `SESSION_SECRET = "${planted.cfToken}"`],
    ['env-high-entropy', '.dev.vars', `PROVIDER_KEY=${planted.awsSecret}\n`],
    ['env-high-entropy', 'deploy/production.env', `SMS_GATEWAY=${planted.cfToken}\n`],
  ])('%s in %s', (rule, path, text) => {
    const findings = scanText(path, text);
    expect(findings.map((f) => f.rule)).toContain(rule);
    // Reports never repeat the secret whole.
    for (const f of findings) expect(formatFinding(f)).not.toContain(planted.cfToken);
  });

  test('the line number is reported', () => {
    const text = ['# cấu hình', '', `api_key: ${planted.password}`].join('\n');
    expect(scanText('config.yaml', text)).toMatchObject([{ line: 3, rule: 'assignment' }]);
  });
});

describe('what is not a secret', () => {
  test.each([
    ['code, not a value', 'const token = crypto.randomUUID();'],
    ['a property read', 'let password = process.env.ADMIN_PASSWORD ?? "";'],
    ['a call', 'const secret = normaliseSecret(rawSecret);'],
    ['an alphabet', "const SECRET_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';"],
    ['a test pass phrase', "const PASSWORD = 'mat-khau-thu-nghiem-2026';"],
    ['a placeholder', 'ADMIN_PASSWORD=changeme'],
    ['a template', `token: \${CLOUDFLARE_API_TOKEN}`],
    ['a shell variable', 'CLOUDFLARE_API_TOKEN=$CLOUDFLARE_API_TOKEN_PRODUCTION'],
    ['an all-zero id', 'database_id = "00000000-0000-0000-0000-000000000000"'],
    ['a rate limit', 'RATE_LIMIT_SUBMIT = "20/3600"'],
  ])('%s', (_label, line) => {
    expect(scanText('src/example.ts', line)).toEqual([]);
    expect(scanText('.env', line)).toEqual([]);
  });

  test('entropy and randomness', () => {
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('abcd')).toBe(2);
    expect(looksRandom(planted.cfToken)).toBe(true);
    expect(looksRandom('thuanbac-production-2026')).toBe(false);
    expect(isEnvLike('.dev.vars')).toBe(true);
    expect(isEnvLike('.env.production')).toBe(true);
    expect(isEnvLike('src/env.ts')).toBe(false);
  });

  test('the allowlist takes out exact path and rule only, and reports unused entries', () => {
    const findings = [
      { path: 'a.ts', line: 1, rule: 'jwt', excerpt: '…' },
      { path: 'b.ts', line: 2, rule: 'jwt', excerpt: '…' },
    ];
    const result = applyAllowlist(findings, [
      { path: 'a.ts', rule: 'jwt', reason: 'thử' },
      { path: 'c.ts', rule: 'jwt', reason: 'cũ' },
    ]);
    expect(result.findings.map((f) => f.path)).toEqual(['b.ts']);
    expect(result.unused.map((a) => a.path)).toEqual(['c.ts']);
  });
});

describe('the repository', () => {
  test('no file git tracks or would add holds a secret', () => {
    const files = repositoryFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('wrangler.toml');
    const { findings, unused } = applyAllowlist(scanRepository(), ALLOWLIST);
    expect(findings.map(formatFinding)).toEqual([]);
    expect(unused, 'allowlist entries that match nothing: remove them').toEqual([]);
    for (const entry of ALLOWLIST) expect(entry.reason.length).toBeGreaterThan(10);
  });

  test('tests/access-keys.ts generates its test RSA keys at run time and stores none', () => {
    const text = readFileSync('tests/access-keys.ts', 'utf8');
    expect(text).toContain('generateKey');
    expect(text).not.toMatch(/PRIVATE KEY|"d":\s*"|\bd:\s*'/);
    expect(scanText('tests/access-keys.ts', text)).toEqual([]);
  });

  test('local secrets files are ignored by git', () => {
    for (const path of ['.dev.vars', '.dev.vars.production', '.env', '.env.local']) {
      const ignored = execFileSync('git', ['check-ignore', '--no-index', path], {
        encoding: 'utf8',
      }).trim();
      expect(ignored).toBe(path);
    }
  });
});
