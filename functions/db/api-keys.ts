/** SQL for API keys (only their SHA-256 is stored): Open311 clients and the DVCQG adapter. */

/** Who a key is for: an Open311 client application, or the national portal's adapter. */
export type ApiKeyKind = 'open311' | 'dvcqg';

export interface ApiKeyRow {
  id: string;
  name: string;
  contact: string;
  keyPrefix: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  kind: ApiKeyKind;
}

const COLUMNS = `id, name, contact, key_prefix AS keyPrefix, created_at AS createdAt,
  created_by AS createdBy, revoked_at AS revokedAt, last_used_at AS lastUsedAt, kind`;

export async function insertApiKey(
  db: D1Database,
  key: {
    id: string;
    name: string;
    contact: string;
    prefix: string;
    hash: string;
    by: string;
    kind?: ApiKeyKind;
  },
  at: string,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO api_keys (id, name, contact, key_prefix, key_hash, created_at, created_by, kind)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
    )
    .bind(key.id, key.name, key.contact, key.prefix, key.hash, at, key.by, key.kind ?? 'open311')
    .run();
}

export async function listApiKeys(db: D1Database): Promise<ApiKeyRow[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM api_keys ORDER BY revoked_at IS NOT NULL, created_at DESC`)
    .all<ApiKeyRow>();
  return results;
}

/**
 * The active key of this kind with this hash, marking it used; undefined when unknown,
 * revoked or of another kind.
 */
export async function useApiKey(
  db: D1Database,
  hash: string,
  at: string,
  kind: ApiKeyKind = 'open311',
): Promise<ApiKeyRow | undefined> {
  const row = await db
    .prepare(
      `UPDATE api_keys SET last_used_at = ?2 WHERE key_hash = ?1 AND revoked_at IS NULL AND kind = ?3
       RETURNING ${COLUMNS}`,
    )
    .bind(hash, at, kind)
    .first<ApiKeyRow>();
  return row ?? undefined;
}

/** Revokes a key; returns whether an active key was revoked. */
export async function revokeApiKey(
  db: D1Database,
  id: string,
  by: string,
  at: string,
): Promise<boolean> {
  const row = await db
    .prepare(
      `UPDATE api_keys SET revoked_at = ?3, revoked_by = ?2 WHERE id = ?1 AND revoked_at IS NULL
       RETURNING id`,
    )
    .bind(id, by, at)
    .first<{ id: string }>();
  return row !== null;
}

/** One key by its id, revoked or not. */
export async function findApiKey(db: D1Database, id: string): Promise<ApiKeyRow | undefined> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?1`)
    .bind(id)
    .first<ApiKeyRow>();
  return row ?? undefined;
}
