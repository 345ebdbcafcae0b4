import { type Counter, hitRateLimit, rateLimitWaits } from '../db/rate-limits.ts';
import { configOf } from '../../src/schemas/env.ts';
import { normalisePhone } from '../../src/domain/validate/personal.ts';
import type { Env } from '../env.ts';

/**
 * Rate limits (docs/adr/0014-fair-rate-limits.md). Fixed one-window counters in D1, per
 * client address (IPv4 per address, IPv6 per /64) and, for submissions, per person (an
 * HMAC of the applicant's ID number and phone; never the number itself).
 */

/** The part of a Hono context rate limiting needs (any route's context fits). */
export interface RequestContext {
  env: Env;
  req: { header(name: string): string | undefined };
}

export type RateLimitedAction =
  | 'submit'
  | 'invalid'
  | 'person'
  | 'phone'
  | 'lookup'
  | 'login'
  | 'feedback'
  | 'open311'
  | 'kiosk'
  | 'pakn';

type LimitVariable =
  | 'RATE_LIMIT_SUBMIT'
  | 'RATE_LIMIT_INVALID'
  | 'RATE_LIMIT_PERSON'
  | 'RATE_LIMIT_PHONE'
  | 'RATE_LIMIT_LOOKUP'
  | 'RATE_LIMIT_LOGIN'
  | 'RATE_LIMIT_FEEDBACK'
  | 'RATE_LIMIT_OPEN311'
  | 'RATE_LIMIT_KIOSK'
  | 'RATE_LIMIT_PAKN';

/** Defaults when the variable is unset or malformed; the reasoning is in ADR 0014. */
const DEFAULTS: Record<
  RateLimitedAction,
  { hits: number; seconds: number; variable: LimitVariable }
> = {
  // Validated submissions per address: a commune desk or a carrier-NAT address at peak.
  submit: { hits: 200, seconds: 3600, variable: 'RATE_LIMIT_SUBMIT' },
  // Refused attempts (mistakes, unreadable bodies) per address, counted apart.
  invalid: { hits: 600, seconds: 3600, variable: 'RATE_LIMIT_INVALID' },
  // Validated submissions per applicant ID number, whatever the address.
  person: { hits: 5, seconds: 3600, variable: 'RATE_LIMIT_PERSON' },
  // Validated submissions per applicant phone (a household or a helper may share one).
  phone: { hits: 10, seconds: 3600, variable: 'RATE_LIMIT_PHONE' },
  lookup: { hits: 60, seconds: 600, variable: 'RATE_LIMIT_LOOKUP' },
  // Failed sign-ins per address (a commune office shares one); successes are not counted.
  login: { hits: 20, seconds: 600, variable: 'RATE_LIMIT_LOGIN' },
  feedback: { hits: 30, seconds: 600, variable: 'RATE_LIMIT_FEEDBACK' },
  open311: { hits: 120, seconds: 3600, variable: 'RATE_LIMIT_OPEN311' },
  kiosk: { hits: 240, seconds: 3600, variable: 'RATE_LIMIT_KIOSK' },
  // PAKN sent and answers rated per address: a person writes a few; a commune office a few dozen.
  pakn: { hits: 20, seconds: 3600, variable: 'RATE_LIMIT_PAKN' },
};

function limitFor(env: Env, action: RateLimitedAction): { hits: number; seconds: number } {
  const fallback = DEFAULTS[action];
  return configOf(env)[fallback.variable] ?? fallback;
}

/** The counter of an action for a client (default: this request's address). */
export function counterOf(
  c: RequestContext,
  action: RateLimitedAction,
  client: string = addressOf(c),
): Counter {
  const { hits, seconds } = limitFor(c.env, action);
  return { bucket: `${action}:${client}`, limit: hits, windowSeconds: seconds };
}

/** The client as Cloudflare sees it; locally every request shares one bucket. */
export const clientOf = (c: RequestContext): string => c.req.header('cf-connecting-ip') ?? 'local';

/** The 8 groups of an IPv6 address (lower case, no leading zeros), or undefined. */
function ipv6Groups(address: string): string[] | undefined {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (::ffff:192.0.2.1) as its two groups.
  const v4 = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(2).map(Number) as [number, number, number, number];
    if ([a, b, c, d].some((n) => n > 255)) return undefined;
    text = `${v4[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}

/**
 * The rate-limit key of a client address: an IPv4 address as it is, an IPv6 address by
 * its /64 (one subscriber, home or phone, usually holds a whole /64), an IPv4-mapped
 * IPv6 address as its IPv4 address. Anything else (locally: 'local') as it is.
 */
export function addressKey(client: string): string {
  if (!client.includes(':')) return client;
  const groups = ipv6Groups(client);
  if (!groups) return client.slice(0, 64);
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    const [hi, lo] = [Number.parseInt(groups[6] ?? '0', 16), Number.parseInt(groups[7] ?? '0', 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The client's address bucket key (IPv6 per /64). */
export const addressOf = (c: RequestContext): string => addressKey(clientOf(c));

/**
 * Counts this request against the client's limit for the action. Returns the
 * number of seconds to wait when the limit is reached, otherwise undefined.
 */
export async function overLimit(
  c: RequestContext,
  action: RateLimitedAction,
  now: Date,
  client: string = addressOf(c),
): Promise<number | undefined> {
  const { bucket, limit, windowSeconds } = counterOf(c, action, client);
  const result = await hitRateLimit(
    c.env.DB,
    bucket,
    limit,
    windowSeconds,
    Math.floor(now.getTime() / 1000),
  );
  return result.allowed ? undefined : Math.max(1, result.retryAfter);
}

/**
 * Without counting anything: the seconds to wait when the client is already at its limit
 * for the action, otherwise undefined. For limits that count only failures (login): look
 * first with this, count a failure with `overLimit`.
 */
export async function limitReached(
  c: RequestContext,
  action: RateLimitedAction,
  now: Date,
  client: string = addressOf(c),
): Promise<number | undefined> {
  const [wait = 0] = await rateLimitWaits(
    c.env.DB,
    [counterOf(c, action, client)],
    Math.floor(now.getTime() / 1000),
  );
  return wait > 0 ? wait : undefined;
}

/** A wait as people say it: "khoảng 18 phút", "khoảng 1 giờ 5 phút". */
export function waitInWords(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 60) return `khoảng ${minutes} phút`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `khoảng ${hours} giờ${rest > 0 ? ` ${rest} phút` : ''}`;
}

/**
 * Used when RATE_LIMIT_KEY is not set: public (it is in the source), so the buckets are
 * then only pseudonymous; they still hold no number in plain text and expire within the
 * hour. Set the secret in production.
 */
const BUILT_IN_KEY = 'mot-cua/rate-limit/per-person/built-in-key/v1';
let warnedNoKey = false;
const hmacKeys = new Map<string, Promise<CryptoKey>>();

function hmacKeyOf(env: Env): Promise<CryptoKey> {
  const configured = configOf(env).RATE_LIMIT_KEY;
  if (!configured && !warnedNoKey) {
    warnedNoKey = true;
    console.warn(
      'config: RATE_LIMIT_KEY is not set; per-person rate limits use the built-in key. Set a random secret with `npx wrangler secret put RATE_LIMIT_KEY`.',
    );
  }
  const secret = configured ?? BUILT_IN_KEY;
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    hmacKeys.set(secret, key);
  }
  return key;
}

/** HMAC-SHA-256 of a labelled value, first 128 bits in hex. */
async function personKey(key: CryptoKey, label: string, value: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${label}:${value}`));
  return [...new Uint8Array(mac).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Which limit refused a submission, and for how long. */
export interface LimitWait {
  /** `address`: validated submissions from the address; `invalid`: refused attempts from
   * the address; `person`: submissions for this ID number or phone. */
  scope: 'address' | 'invalid' | 'person';
  seconds: number;
}

/** What the intake service needs of the rate limits of submissions (ADR 0014). */
export interface SubmissionLimiter {
  /** Counts a refused attempt from the address; the wait when it went over RATE_LIMIT_INVALID. */
  refused(): Promise<LimitWait | undefined>;
  /**
   * The counters a validated, new submission counts against: the address, the applicant's
   * ID number and phone. The store counts them in its own transaction, only while each has
   * room (`countWithinLimits`); when one has none it stores nothing and says `LimitReached`.
   */
  counters(applicant: { idNumber: string; phone: string }): Promise<Counter[]>;
  /** After `LimitReached`: which of those counters is at its limit, and the wait. */
  waitOf(counters: readonly Counter[]): Promise<LimitWait | undefined>;
}

/** The wait of the counters [address, ID number, phone]: the person's first, then the address's. */
function longest(waits: number[]): LimitWait | undefined {
  const [onAddress = 0, ...onPerson] = waits;
  const person = Math.max(0, ...onPerson);
  if (person > 0) return { scope: 'person', seconds: person };
  return onAddress > 0 ? { scope: 'address', seconds: onAddress } : undefined;
}

/** The limits of submissions of this request's client. */
export function submissionLimiter(c: RequestContext, now: Date): SubmissionLimiter {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const address = addressOf(c);
  const counters = async (applicant: { idNumber: string; phone: string }) => {
    const key = await hmacKeyOf(c.env);
    const [id, phone] = await Promise.all([
      personKey(key, 'id', applicant.idNumber.trim()),
      personKey(key, 'phone', normalisePhone(applicant.phone.trim())),
    ]);
    return [
      counterOf(c, 'submit', address),
      counterOf(c, 'person', id),
      counterOf(c, 'phone', phone),
    ];
  };
  const waitOf = async (list: readonly Counter[]) =>
    longest(await rateLimitWaits(c.env.DB, list, nowSeconds));
  return {
    async refused() {
      const wait = await overLimit(c, 'invalid', now, address);
      return wait ? { scope: 'invalid', seconds: wait } : undefined;
    },
    counters,
    waitOf,
  };
}
