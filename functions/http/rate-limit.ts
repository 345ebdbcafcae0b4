import { hitRateLimit } from '../db/rate-limits.ts';
import { configOf, type EnvVarName } from '../../src/schemas/env.ts';
import type { Env } from '../env.ts';

/** The part of a Hono context rate limiting needs (any route's context fits). */
interface RequestContext {
  env: Env;
  req: { header(name: string): string | undefined };
}

export type RateLimitedAction = 'submit' | 'lookup' | 'login' | 'feedback' | 'open311' | 'kiosk';

const DEFAULTS: Record<
  RateLimitedAction,
  { hits: number; seconds: number; variable: EnvVarName & `RATE_LIMIT_${string}` }
> = {
  submit: { hits: 20, seconds: 3600, variable: 'RATE_LIMIT_SUBMIT' },
  lookup: { hits: 60, seconds: 600, variable: 'RATE_LIMIT_LOOKUP' },
  login: { hits: 20, seconds: 600, variable: 'RATE_LIMIT_LOGIN' },
  feedback: { hits: 30, seconds: 600, variable: 'RATE_LIMIT_FEEDBACK' },
  open311: { hits: 120, seconds: 3600, variable: 'RATE_LIMIT_OPEN311' },
  kiosk: { hits: 240, seconds: 3600, variable: 'RATE_LIMIT_KIOSK' },
};

function limitFor(env: Env, action: RateLimitedAction): { hits: number; seconds: number } {
  const fallback = DEFAULTS[action];
  return configOf(env)[fallback.variable] ?? fallback;
}

/** The client as Cloudflare sees it; locally every request shares one bucket. */
export const clientOf = (c: RequestContext): string => c.req.header('cf-connecting-ip') ?? 'local';

/**
 * Counts this request against the client's limit for the action. Returns the
 * number of seconds to wait when the limit is reached, otherwise undefined.
 */
export async function overLimit(
  c: RequestContext,
  action: RateLimitedAction,
  now: Date,
  client: string = clientOf(c),
): Promise<number | undefined> {
  const { hits, seconds } = limitFor(c.env, action);
  const result = await hitRateLimit(
    c.env.DB,
    `${action}:${client}`,
    hits,
    seconds,
    Math.floor(now.getTime() / 1000),
  );
  return result.allowed ? undefined : Math.max(1, result.retryAfter);
}
