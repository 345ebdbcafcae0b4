-- Open311 GeoReport v2: API keys for client applications that submit requests.
-- Keys are issued and revoked by administrators in the back office; only a
-- SHA-256 of each key is stored, so a leaked database does not leak keys.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,                      -- random UUID
  name TEXT NOT NULL,                       -- the client application, e.g. "Ứng dụng Thuận Bắc số"
  contact TEXT NOT NULL DEFAULT '',         -- who to call about it
  key_prefix TEXT NOT NULL,                 -- first characters, to recognise a key in lists
  key_hash TEXT NOT NULL UNIQUE,            -- SHA-256 of the whole key
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,                 -- officer account id
  revoked_at TEXT,
  revoked_by TEXT,
  last_used_at TEXT
);
