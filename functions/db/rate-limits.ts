import { type Read, readOne } from './read.ts';

/**
 * Fixed-window counters per bucket (action + client, or action + a keyed hash of a
 * person). Rows carry the end of their window (`expires_at`) so expired ones can be
 * deleted (`purgeExpired`).
 */

/** One counter: its bucket, how many hits its window allows, and the window's length. */
export interface Counter {
  bucket: string;
  limit: number;
  windowSeconds: number;
}

const windowStartOf = (nowSeconds: number, windowSeconds: number) =>
  nowSeconds - (nowSeconds % windowSeconds);

/**
 * One hit in each counter's bucket, in one statement (a write statement costs about as much
 * again as its rows: ADR 0028). `withinLimit`: each row carries its limit (max_hits) and the
 * database refuses to take it past it (migrations/0030, constraint `rate_limit_room`), which
 * fails the whole batch; otherwise the hits are counted whatever the totals, and `RETURNING`
 * says where each stands.
 */
const hitStatement = (
  db: D1Database,
  counters: readonly Counter[],
  nowSeconds: number,
  withinLimit = false,
) =>
  db
    .prepare(
      `INSERT INTO rate_limits (bucket, window_start, hits, expires_at, max_hits) VALUES ${counters
        .map((_, i) => `(?${4 * i + 1}, ?${4 * i + 2}, 1, ?${4 * i + 3}, ?${4 * i + 4})`)
        .join(', ')}
       ON CONFLICT (bucket) DO UPDATE SET
         hits = CASE WHEN window_start = excluded.window_start THEN hits + 1 ELSE 1 END,
         window_start = excluded.window_start,
         expires_at = excluded.expires_at,
         max_hits = excluded.max_hits
       ${withinLimit ? '' : 'RETURNING bucket, hits'}`,
    )
    .bind(
      ...counters.flatMap((counter) => {
        const start = windowStartOf(nowSeconds, counter.windowSeconds);
        return [
          counter.bucket,
          start,
          start + counter.windowSeconds,
          withinLimit ? counter.limit : null,
        ];
      }),
    );

/** Thrown when a counter counted `withinLimits` was already at its limit: nothing was written. */
export class LimitReached extends Error {}

/** Whether a failed batch failed because a counter counted `withinLimits` was at its limit. */
export const isLimitReached = (error: unknown): boolean =>
  /CHECK constraint failed: rate_limit_room/.test(String(error));

/**
 * Statements that count one hit in each counter only while there is room (ADR 0014: a refused
 * submission counts nothing), and delete expired counters: appended to a batch (a D1
 * transaction), they make the whole batch fail, writing nothing, when any counter is at its
 * limit; the caller maps that failure (`isLimitReached`) to `LimitReached`.
 */
export const countWithinLimits = (
  db: D1Database,
  counters: readonly Counter[],
  nowSeconds: number,
): D1PreparedStatement[] => [
  hitStatement(db, counters, nowSeconds, true),
  purgeStatement(db, nowSeconds),
];

/** Seconds until the counter's window resets (at least 1). */
const resetIn = (counter: Counter, nowSeconds: number) =>
  Math.max(
    1,
    windowStartOf(nowSeconds, counter.windowSeconds) + counter.windowSeconds - nowSeconds,
  );

/**
 * Counts one hit in the bucket. Returns whether this hit is allowed and, when it is
 * not, how many seconds until the window resets.
 */
export async function hitRateLimit(
  db: D1Database,
  bucket: string,
  limit: number,
  windowSeconds: number,
  nowSeconds: number,
): Promise<{ allowed: boolean; retryAfter: number }> {
  const counter = { bucket, limit, windowSeconds };
  const row = await hitStatement(db, [counter], nowSeconds).first<{ hits: number }>();
  const hits = row?.hits ?? 1;
  return { allowed: hits <= limit, retryAfter: resetIn(counter, nowSeconds) };
}

/**
 * Without counting anything: for each counter, the seconds to wait before one more hit
 * is allowed, or 0 when there is room. As a read, to run together with others.
 */
export function rateLimitWaitsRead(
  db: D1Database,
  counters: readonly Counter[],
  nowSeconds: number,
): Read<number[]> {
  return {
    statement: db
      .prepare(
        `SELECT bucket, window_start, hits FROM rate_limits WHERE bucket IN (${counters.map((_, i) => `?${i + 1}`).join(', ')})`,
      )
      .bind(...counters.map((c) => c.bucket)),
    rows: ({ results }) => {
      const rows = new Map(
        (results as { bucket: string; window_start: number; hits: number }[]).map((r) => [
          r.bucket,
          r,
        ]),
      );
      return counters.map((counter) => {
        const row = rows.get(counter.bucket);
        const current = row?.window_start === windowStartOf(nowSeconds, counter.windowSeconds);
        return current && (row?.hits ?? 0) >= counter.limit ? resetIn(counter, nowSeconds) : 0;
      });
    },
  };
}

/** `rateLimitWaitsRead` on its own. */
export async function rateLimitWaits(
  db: D1Database,
  counters: readonly Counter[],
  nowSeconds: number,
): Promise<number[]> {
  if (counters.length === 0) return [];
  return readOne(rateLimitWaitsRead(db, counters, nowSeconds));
}

const purgeStatement = (db: D1Database, nowSeconds: number) =>
  db
    .prepare('DELETE FROM rate_limits WHERE expires_at IS NULL OR expires_at <= ?1')
    .bind(nowSeconds);

/** Deletes the counters whose window has ended (and those written before windows expired). */
export async function purgeExpired(db: D1Database, nowSeconds: number): Promise<number> {
  const result = await purgeStatement(db, nowSeconds).run();
  return result.meta.changes;
}
