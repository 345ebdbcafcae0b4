-- Dossiers submitted online or registered at the counter, their applicants,
-- attachments and status history. Personal data lives in `applicants` only, so a
-- retention job can clear it while statistics keep the dossier rows.

CREATE TABLE dossiers (
  id TEXT PRIMARY KEY,                      -- random UUID
  code TEXT NOT NULL UNIQUE,                -- <agency code>-YYMMDD-XXXX (TT 01/2018 Art. 19)
  procedure_code TEXT NOT NULL,
  procedure_title TEXT NOT NULL,            -- as published at reception
  procedure_version TEXT NOT NULL,          -- the rule version in force at reception (last review date, decision)
  agency_slug TEXT NOT NULL,                -- the agency that decides
  desk_slug TEXT NOT NULL,                  -- the one-stop desk that receives and returns
  channel INTEGER NOT NULL CHECK (channel IN (1, 2, 3)),      -- 1 trực tiếp, 2 trực tuyến, 3 bưu chính
  status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),    -- current national status, kept equal to the last event
  received_at TEXT NOT NULL,                -- ISO 8601 with +07:00
  counted_from TEXT NOT NULL,               -- start of the time limit (after 15:00 → next working day)
  due_date TEXT NOT NULL,                   -- YYYY-MM-DD, end of that day
  processing_days INTEGER NOT NULL,
  calendar_provisional INTEGER NOT NULL DEFAULT 0,
  secret_salt TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  form_data TEXT NOT NULL DEFAULT '{}',     -- the procedure's own form fields, JSON
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX dossiers_queue ON dossiers (desk_slug, status, due_date);
CREATE INDEX dossiers_agency ON dossiers (agency_slug, status, due_date);
CREATE INDEX dossiers_procedure ON dossiers (procedure_code, received_at);
CREATE INDEX dossiers_received ON dossiers (received_at);
CREATE INDEX dossiers_due ON dossiers (status, due_date);

CREATE TABLE applicants (
  dossier_id TEXT PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
  full_name TEXT NOT NULL,
  id_number TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT,
  address TEXT NOT NULL,
  commune TEXT NOT NULL,
  on_behalf INTEGER NOT NULL DEFAULT 0,
  rep_full_name TEXT,
  rep_id_number TEXT,
  rep_phone TEXT,
  rep_relation TEXT
);
CREATE INDEX applicants_name ON applicants (full_name);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  dossier_id TEXT NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  document_index INTEGER NOT NULL,          -- position in the procedure's documents list
  document_name TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,                -- key in the FILES bucket (R2)
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_dossier ON attachments (dossier_id);

-- Append-only: every status change with who, when and why.
CREATE TABLE status_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id TEXT NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,                      -- 'citizen', 'system' or an officer account id
  note TEXT,                                -- internal note
  public_note TEXT                          -- what the citizen is told (e.g. documents to supplement)
);
CREATE INDEX status_events_dossier ON status_events (dossier_id, id);
CREATE TRIGGER status_events_no_update BEFORE UPDATE ON status_events
BEGIN SELECT RAISE(ABORT, 'status_events is append-only'); END;
CREATE TRIGGER status_events_no_delete BEFORE DELETE ON status_events
BEGIN SELECT RAISE(ABORT, 'status_events is append-only'); END;

-- The daily sequence of dossier codes per receiving agency; gap-free because it
-- is incremented in the same transaction that inserts the dossier.
CREATE TABLE dossier_counters (
  agency_code TEXT NOT NULL,
  day TEXT NOT NULL,                        -- YYMMDD
  last INTEGER NOT NULL CHECK (last BETWEEN 1 AND 9999),
  PRIMARY KEY (agency_code, day)
);

-- Retried submissions with the same Idempotency-Key return the same dossier.
CREATE TABLE idempotency_keys (
  key_hash TEXT PRIMARY KEY,                -- SHA-256 of the client's key
  request_hash TEXT NOT NULL,               -- SHA-256 of the validated request, to refuse reuse for another request
  dossier_id TEXT NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  sealed_secret TEXT NOT NULL,              -- the lookup secret, encrypted with a key derived from the client's key
  created_at TEXT NOT NULL
);

-- Fixed-window request counters for rate limits (submission, lookup, login, feedback).
CREATE TABLE rate_limits (
  bucket TEXT PRIMARY KEY,                  -- action + client
  window_start INTEGER NOT NULL,            -- unix seconds
  hits INTEGER NOT NULL
);
