import { z } from 'zod';
import { type RetentionPolicy, retentionPolicy } from '../domain/retention.ts';
import { NOTIFY_CHANNELS } from '../domain/notify/delivery.ts';
import { originList } from './request.ts';

/**
 * The Worker's variables (wrangler.toml `[vars]`, secrets), parsed with zod once per
 * isolate. A malformed value never stops the service and never makes it less safe: the
 * variable falls back to its default (for retention: keep data longer, never purge early)
 * and the problem is logged once, naming the variable and the expected form (never its
 * value, which may be a secret).
 */

/** "hits/seconds", e.g. "20/3600": at most `hits` requests per client in `seconds`. */
const rateLimit = z
  .string()
  .trim()
  .regex(/^\d{1,9}\/\d{1,9}$/, 'phải có dạng "số lần/số giây", ví dụ "20/3600"')
  .transform((v) => {
    const [hits, seconds] = v.split('/').map(Number) as [number, number];
    return { hits, seconds };
  })
  .refine((v) => v.hits >= 1 && v.seconds >= 1, 'số lần và số giây phải từ 1 trở lên');

/** Whole months from 1 to 1200. */
const months = z
  .string()
  .trim()
  .regex(/^\d{1,4}$/, 'phải là số tháng (số nguyên), ví dụ "24"')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 1200, 'phải từ 1 đến 1200 tháng');

const text = z.string().trim().min(1);

/** A secret key (`wrangler secret put`): long enough that it cannot be guessed. */
const secretKey = z
  .string()
  .trim()
  .min(32, 'phải là chuỗi ngẫu nhiên dài ít nhất 32 ký tự, ví dụ từ `openssl rand -base64 32`');

/** An absolute http(s) URL (an issuer, a redirect address). */
const absoluteUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const url = new URL(v);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'phải là địa chỉ đầy đủ, ví dụ "https://xacthuc.dichvucong.gov.vn"');

/** A list separated by spaces (OAuth scopes, `acr` values). */
const spaceList = z
  .string()
  .trim()
  .min(1)
  .transform((v) => v.split(/\s+/));
/** "sms,email": the channels citizens are offered, in that order (docs/adr/0019-notifications.md). */
const channelList = z
  .string()
  .trim()
  .transform((v) =>
    v
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.enum(NOTIFY_CHANNELS, { error: `chỉ gồm ${NOTIFY_CHANNELS.join(', ')}` }))
      .transform((list) => [...new Set(list)]),
  );

const flag = z
  .string()
  .trim()
  .regex(/^(true|false)$/, 'phải là "true" hoặc "false"')
  .transform((v) => v === 'true');

/** A provider's base URL (tests point it at a local contract server). */
const baseUrl = z
  .url({ protocol: /^https?$/, error: 'phải là địa chỉ http(s)://…' })
  .transform((v) => v.replace(/\/+$/, ''));

/** An SMS brandname: at most 11 characters, registered with the carriers. */
const brandname = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9 ._-]{1,11}$/, 'tối đa 11 ký tự không dấu (brandname đã đăng ký)');

export const ENV_VARS = {
  RATE_LIMIT_SUBMIT: rateLimit,
  RATE_LIMIT_INVALID: rateLimit,
  RATE_LIMIT_PERSON: rateLimit,
  RATE_LIMIT_PHONE: rateLimit,
  /** Secret: the HMAC key of the per-person rate-limit buckets (docs/adr/0014-fair-rate-limits.md). */
  RATE_LIMIT_KEY: secretKey,
  RATE_LIMIT_LOOKUP: rateLimit,
  RATE_LIMIT_LOGIN: rateLimit,
  RATE_LIMIT_FEEDBACK: rateLimit,
  RATE_LIMIT_OPEN311: rateLimit,
  RATE_LIMIT_KIOSK: rateLimit,
  RATE_LIMIT_PAKN: rateLimit,
  RETENTION_MONTHS: months,
  RETENTION_COMMENT_MONTHS: months,
  /** Months after the purge of personal data before a dossier moves to the R2 archive (ADR 0027). */
  ARCHIVE_MONTHS: months,
  OPEN311_TEST_ORIGINS: originList,
  ACCESS_TEAM_DOMAIN: text,
  ACCESS_AUD: text,
  /** The national portal's adapter (docs/adr/0017-national-portal-exchange.md): an http(s) URL. */
  DVCQG_BASE_URL: z.url({ protocol: /^https?$/, error: 'phải là địa chỉ http(s) đầy đủ' }),
  /** Secret: the bearer token sent to the adapter. */
  DVCQG_TOKEN: text,
  /** Milliseconds the adapter has to answer one request (default 10000). */
  DVCQG_TIMEOUT_MS: z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, 'phải là số mili giây, ví dụ "10000"')
    .transform(Number)
    .refine((n) => n >= 100, 'phải từ 100 mili giây'),
  /** The national payment platform's payment-request endpoint (docs/adr/0018-fees-and-payment.md). */
  PAYMENT_PLATFORM_URL: z.url({ protocol: /^https?$/, error: 'phải là địa chỉ https://…' }),
  /** The agency's merchant code at the national payment platform, as its operator issues it. */
  PAYMENT_PLATFORM_MERCHANT: text,
  /** Secret: the key the national payment platform signs its notifications with. */
  PAYMENT_SECRET_DVCQG: secretKey,
  /** Secret: the key the collecting bank (or its intermediary) signs transfer notifications with. */
  PAYMENT_SECRET_CHUYEN_KHOAN: secretKey,
  /**
   * Citizen sign-in (docs/adr/0016-citizen-sign-in.md): the OpenID provider, this portal's
   * client registration (the secret with `wrangler secret put`), scopes and `acr` values.
   * Without an issuer and a client id there is no sign-in and everything else works.
   */
  OIDC_ISSUER: absoluteUrl,
  OIDC_CLIENT_ID: text,
  OIDC_CLIENT_SECRET: text,
  OIDC_SCOPES: spaceList,
  OIDC_ACR_VALUES: spaceList,
  OIDC_REDIRECT_URI: absoluteUrl,
  // Notifications (docs/adr/0019-notifications.md). Secrets: ZNS_ACCESS_TOKEN, ESMS_API_KEY,
  // ESMS_SECRET_KEY, EMAIL_API_KEY (`wrangler secret put`); a channel without them logs instead.
  NOTIFY_CHANNELS: channelList,
  ZNS_API_URL: baseUrl,
  ZNS_ACCESS_TOKEN: text,
  /** "true": ZNS development mode (sends only to the OA's administrators), for acceptance tests. */
  ZNS_DEVELOPMENT: flag,
  ESMS_API_URL: baseUrl,
  ESMS_API_KEY: text,
  ESMS_SECRET_KEY: text,
  ESMS_BRANDNAME: brandname,
  /** "true": the gateway takes unaccented text only (GSM-7, 160 characters a message). */
  SMS_UNACCENTED: flag,
  /** "true": eSMS sandbox (accepted, not sent), for acceptance tests. */
  ESMS_SANDBOX: flag,
  EMAIL_API_URL: baseUrl,
  EMAIL_API_KEY: text,
  EMAIL_FROM: z.email({
    error: 'phải là một địa chỉ email, ví dụ khong-tra-loi@motcua.example.vn',
  }),
} as const;

type Vars = typeof ENV_VARS;
export type EnvVarName = keyof Vars;
/** Each variable parsed, or undefined when unset or malformed (its default then applies). */
export type WorkerConfig = { [K in EnvVarName]?: z.output<Vars[K]> } & {
  retention: RetentionPolicy;
};

export interface ConfigProblem {
  variable: EnvVarName;
  message: string;
}

/** Parses every variable independently, so one typo does not discard the others. */
export function parseWorkerConfig(env: Partial<Record<EnvVarName, unknown>>): {
  config: WorkerConfig;
  problems: ConfigProblem[];
} {
  const parsed: Partial<Record<EnvVarName, unknown>> = {};
  const problems: ConfigProblem[] = [];
  for (const variable of Object.keys(ENV_VARS) as EnvVarName[]) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const result = ENV_VARS[variable].safeParse(raw);
    if (result.success) parsed[variable] = result.data;
    else problems.push({ variable, message: result.error.issues[0]?.message ?? 'không hợp lệ' });
  }
  const config = parsed as WorkerConfig;
  config.retention = retentionPolicy(config.RETENTION_MONTHS, config.RETENTION_COMMENT_MONTHS);
  return { config, problems };
}

const cache = new WeakMap<object, WorkerConfig>();

/**
 * The parsed configuration of this environment object (one per isolate in production),
 * computed on first use; problems are logged once.
 */
export function configOf(env: object): WorkerConfig {
  let config = cache.get(env);
  if (!config) {
    const result = parseWorkerConfig(env as Partial<Record<EnvVarName, unknown>>);
    for (const p of result.problems) {
      console.warn(`config: ${p.variable} ${p.message}; the default applies`);
    }
    config = result.config;
    cache.set(env, config);
  }
  return config;
}
