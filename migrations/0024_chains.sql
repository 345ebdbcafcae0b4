-- Chained procedures (một cửa liên thông, ADR 0021). The citizen files once and gets one code,
-- one receipt and one lookup secret: a row here, coded from the receiving desk's daily sequence
-- (dossier_counters). Each member procedure is an ordinary dossier (a sub-dossier) pointing
-- here through dossiers.chain_id, routed to its own agency, with its own status, due date and
-- officer actions. Members of a later stage are created when they start (the earlier stage has
-- its result), so their time limit and the statistics count from then. The chain row itself is
-- not a dossier: statistics never count it as one (docs/chi-so-thong-ke.md).

CREATE TABLE chains (
  id TEXT PRIMARY KEY,                      -- random UUID
  code TEXT NOT NULL UNIQUE,                -- the code the citizen is given
  chain_slug TEXT NOT NULL,                 -- content/chains/<slug>.yaml
  chain_title TEXT NOT NULL,                -- as published at reception
  desk_slug TEXT NOT NULL,                  -- the desk that received it
  return_desk_slug TEXT NOT NULL,           -- where results are returned
  channel INTEGER NOT NULL CHECK (channel IN (1, 2, 3)),
  received_at TEXT NOT NULL,
  commune TEXT NOT NULL,                    -- the applicant's commune, for routing later members
  rule_set TEXT,
  secret_salt TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  -- The answers for members not started yet (their own fields); emptied with the members'
  -- personal data by the retention job.
  form_data TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX chains_received ON chains (received_at);

-- Files sent with the chain, kept until every member that needs them has started (members get
-- attachment rows pointing to the same stored objects).
CREATE TABLE chain_attachments (
  id TEXT PRIMARY KEY,
  chain_id TEXT NOT NULL REFERENCES chains (id) ON DELETE CASCADE,
  document_index INTEGER NOT NULL,          -- position in the chain's combined documents
  document_name TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX chain_attachments_chain ON chain_attachments (chain_id);

ALTER TABLE dossiers ADD COLUMN chain_id TEXT REFERENCES chains (id);
CREATE INDEX dossiers_chain ON dossiers (chain_id);
