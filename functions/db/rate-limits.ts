/**
 * A fixed-window counter per bucket (action + client). Returns whether this hit
 * is allowed and, when it is not, how many seconds until the window resets.
 */
export async function hitRateLimit(
  db: D1Database,
  bucket: string,
  limit: number,
  windowSeconds: number,
  nowSeconds: number,
): Promise<{ allowed: boolean; retryAfter: number }> {
  const windowStart = nowSeconds - (nowSeconds % windowSeconds);
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?1, ?2, 1)
       ON CONFLICT (bucket) DO UPDATE SET
         hits = CASE WHEN window_start = ?2 THEN hits + 1 ELSE 1 END,
         window_start = ?2
       RETURNING hits`,
    )
    .bind(bucket, windowStart)
    .first<{ hits: number }>();
  const hits = row?.hits ?? 1;
  return { allowed: hits <= limit, retryAfter: windowStart + windowSeconds - nowSeconds };
}
