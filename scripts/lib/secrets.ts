/**
 * Finds secrets in files: private keys, Cloudflare and AWS credentials, other well-known
 * token formats, JWTs, `password=`/`secret=`/`token=` assignments with random-looking
 * values, and high-entropy values in .env-like files. Pure: the caller reads the files
 * (scripts/check-secrets.ts, tests/unit/no-secrets.test.ts). Secrets belong in
 * `wrangler secret put` (production) and `.dev.vars` (local, ignored by git), never in
 * the repository.
 */

export interface Finding {
  path: string;
  /** 1-based line number. */
  line: number;
  rule: string;
  /** The match with its middle masked, so a report never repeats a secret whole. */
  excerpt: string;
}

export interface AllowEntry {
  path: string;
  rule: string;
  /** Why this is not a secret (reviewed by a person). */
  reason: string;
}

interface Rule {
  id: string;
  description: string;
  pattern: RegExp;
  /** Which capture group holds the secret value (default: the whole match). */
  group?: number;
  /** Extra check on the value (e.g. "looks random"). */
  accept?: (value: string) => boolean;
  /** Only for files whose path passes this test. */
  files?: (path: string) => boolean;
}

/** Shannon entropy of a string in bits per character. */
export function entropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Placeholders people write where a secret goes: not secrets themselves. */
const PLACEHOLDER =
  /^(?:x+|\*+|\.{3,}|<[^>]*>|\$\{[^}]*\}|\$[A-Z_]+|changeme|example|your[-_].*|test|dummy|placeholder|redacted|null|undefined|true|false)$/i;

/**
 * Whether a value looks like a generated secret rather than a word, an identifier, a
 * path or code: long enough, no spaces, no code punctuation, several character classes,
 * and high entropy.
 */
export function looksRandom(value: string, minLength = 16, minEntropy = 3.5): boolean {
  if (value.length < minLength || PLACEHOLDER.test(value)) return false;
  if (/[\s(){}[\]<>,;`]|\.\w+\(|^https?:\/\/|^\/|^\.{1,2}\//.test(value)) return false;
  // Code, not a value: `process.env.ADMIN_PASSWORD`, `options.token`.
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((re) => re.test(value)).length;
  if (classes < 2) return false;
  // Words joined by hyphens, underscores or dots ("mat-khau-thu-nghiem-2026") are phrases.
  if (/^[a-z]+(?:[-_.][a-z0-9]+){2,}[!?.]*$/i.test(value)) return false;
  // Characters in ascending order are an alphabet ("23456789ABCDEFGH…"), not a secret.
  if ([...value].every((ch, i) => i === 0 || ch >= (value[i - 1] as string))) return false;
  return entropy(value) >= minEntropy;
}

/** .env, .env.production, .dev.vars, .dev.vars.staging, secrets.env … */
export const isEnvLike = (path: string): boolean =>
  /(?:^|\/)(?:\.env(?:\.[\w.-]+)?|\.dev\.vars(?:\.[\w.-]+)?|[\w.-]+\.env)$/.test(path);

export const RULES: readonly Rule[] = [
  {
    id: 'private-key',
    description: 'a PEM private key block',
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/,
  },
  {
    id: 'aws-access-key-id',
    description: 'an AWS access key id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/,
  },
  {
    id: 'aws-secret-access-key',
    description: 'an AWS secret access key',
    pattern:
      /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/i,
    group: 1,
  },
  {
    id: 'cloudflare-api-token',
    description: 'a Cloudflare API token or Global API key',
    pattern:
      /(?:cloudflare|\bcf)[\w-]{0,20}?(?:api)?[_-]?(?:token|key)["']?\s*[:=]\s*["']?([A-Za-z0-9_-]{37,64})(?![\w-])/i,
    group: 1,
    accept: (v) => looksRandom(v, 37, 3.5),
  },
  {
    id: 'cloudflare-scannable-token',
    description: 'a Cloudflare API token in the prefixed format',
    pattern: /\bcf(?:at|ut|k)_[A-Za-z0-9]{36,}\b/,
  },
  {
    id: 'github-token',
    description: 'a GitHub token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/,
  },
  {
    id: 'slack-token',
    description: 'a Slack token',
    pattern: /\bxox[abpors]-[A-Za-z0-9-]{10,}\b/,
  },
  {
    id: 'google-api-key',
    description: 'a Google API key',
    pattern: /\bAIza[0-9A-Za-z_-]{35}\b/,
  },
  {
    id: 'stripe-key',
    description: 'a Stripe live key',
    pattern: /\b(?:sk|rk)_live_[0-9A-Za-z]{20,}\b/,
  },
  {
    id: 'jwt',
    description: 'a JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/,
  },
  {
    id: 'assignment',
    description: 'a password, secret, token or key assigned a random-looking value',
    pattern:
      /\b[\w-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key|client[_-]?secret)[\w-]*["']?\s*[:=]\s*["'`]?([^\s"'`]{16,})/i,
    group: 1,
    accept: (v) => looksRandom(v),
  },
  {
    id: 'env-high-entropy',
    description: 'a high-entropy value in an .env-like file',
    pattern: /^\s*(?:export\s+)?[A-Za-z_][\w.]*\s*=\s*["']?([^\s"'#]{20,})/,
    group: 1,
    accept: (v) => looksRandom(v, 20, 3.0),
    files: isEnvLike,
  },
];

/** The first and last four characters only: enough to find a secret, not enough to use it. */
export function mask(value: string): string {
  return value.length <= 12 ? '…' : `${value.slice(0, 4)}…${value.slice(-4)}`;
}

/** Files never scanned: binary content and the lock file's integrity hashes. */
export function isScannable(path: string): boolean {
  if (/\.(?:png|jpe?g|gif|webp|ico|pdf|docx?|xlsx?|woff2?|ttf|zip|gz|sqlite)$/i.test(path))
    return false;
  return !/(?:^|\/)package-lock\.json$/.test(path);
}

/** Every finding in one file's text. */
export function scanText(path: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const lines = text.split(/\r?\n/);
  for (const rule of RULES) {
    if (rule.files && !rule.files(path)) continue;
    const global = new RegExp(
      rule.pattern.source,
      rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`,
    );
    lines.forEach((line, i) => {
      for (const match of line.matchAll(global)) {
        const value = match[rule.group ?? 0] ?? match[0];
        if (rule.accept && !rule.accept(value)) continue;
        findings.push({ path, line: i + 1, rule: rule.id, excerpt: mask(value) });
      }
    });
  }
  return findings.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}

/** Findings not covered by the allowlist, and allowlist entries that matched nothing. */
export function applyAllowlist(
  findings: readonly Finding[],
  allowlist: readonly AllowEntry[],
): { findings: Finding[]; unused: AllowEntry[] } {
  const allowed = (f: Finding, a: AllowEntry) => a.path === f.path && a.rule === f.rule;
  return {
    findings: findings.filter((f) => !allowlist.some((a) => allowed(f, a))),
    unused: allowlist.filter((a) => !findings.some((f) => allowed(f, a))),
  };
}

/** One line per finding, for people. */
export function formatFinding(f: Finding): string {
  const rule = RULES.find((r) => r.id === f.rule);
  return `${f.path}:${f.line}: ${rule?.description ?? f.rule} (${f.rule}): ${f.excerpt}`;
}

/**
 * Reviewed exceptions: exact path and rule, with the reason. Empty today, on purpose:
 * - tests/access-keys.ts (the RSA keys of the Cloudflare Access tests) generates its key
 *   pair at run time with Web Crypto and signs test JWTs in memory, so no key material is
 *   stored and it needs no entry; tests/unit/no-secrets.test.ts checks that it stays so.
 *   A static test key added there would be flagged and would need an entry here.
 * - the planted secrets of the scanner's own tests are assembled at run time, so the test
 *   file contains none.
 * An entry that no longer matches anything fails the test: remove it.
 */
export const ALLOWLIST: readonly AllowEntry[] = [];
