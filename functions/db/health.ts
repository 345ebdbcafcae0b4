/** Checks that D1 answers and reports how many migrations have been applied. */
export async function pingDatabase(
  db: D1Database | undefined,
): Promise<{ ok: boolean; latencyMs: number; migrations: number }> {
  const started = Date.now();
  if (!db) return { ok: false, latencyMs: 0, migrations: 0 };
  try {
    await db.prepare('SELECT 1').first();
    const applied = await db
      .prepare('SELECT count(*) AS n FROM d1_migrations')
      .first<{ n: number }>()
      .catch(() => null);
    const migrations = applied?.n ?? 0;
    return { ok: migrations > 0, latencyMs: Date.now() - started, migrations };
  } catch {
    return { ok: false, latencyMs: Date.now() - started, migrations: 0 };
  }
}
