-- A chain's online form carries an idempotency key (a hidden field), like a single procedure's
-- form: the same form sent twice (a double tap, a retry after a lost answer) gets the first
-- chain's receipt again instead of a second chain with its own sub-dossiers at every agency.
-- As for dossiers (idempotency_keys, 0002): the key's hash, the validated request's hash (the
-- key reused for other answers is refused), and the lookup secret sealed with the key so the
-- receipt can be shown again.
CREATE TABLE chain_idempotency_keys (
  key_hash TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  chain_id TEXT NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
  sealed_secret TEXT NOT NULL,
  created_at TEXT NOT NULL
);
