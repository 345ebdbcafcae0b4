-- Một Cửa: initial schema marker. Dossier tables arrive with online submission
-- (migrations are numbered, applied in order and never edited after they land).
CREATE TABLE IF NOT EXISTS app_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT OR IGNORE INTO app_meta (key, value) VALUES ('schema', 'mot-cua');
