-- The back office: officer accounts and sessions, the audit trail, the outbox of
-- messages to citizens, and the lifecycle action behind each status event.

ALTER TABLE status_events ADD COLUMN action TEXT;     -- lifecycle action (receive, process, …); NULL for the submission itself
ALTER TABLE status_events ADD COLUMN due_date TEXT;   -- the appointment date after this event, when it changed

-- Officers search applicants by name typed without diacritics.
ALTER TABLE applicants ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
CREATE INDEX applicants_name_folded ON applicants (name_folded);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('receptionist', 'specialist', 'leader', 'admin')),
  agencies TEXT NOT NULL DEFAULT '[]',                -- JSON array of agency slugs the account works for
  password_hash TEXT,                                 -- PBKDF2-SHA256, NULL for accounts that sign in through Cloudflare Access only
  password_salt TEXT,
  password_iterations INTEGER,
  active INTEGER NOT NULL DEFAULT 1,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,                               -- unix seconds
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,                        -- SHA-256 of the cookie value
  account_id TEXT NOT NULL REFERENCES accounts (id),
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Append-only: logins, failed logins, every view of personal data, every transition, every export.
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,                                -- account id, or the username tried for a failed login
  action TEXT NOT NULL,
  target TEXT,                                        -- dossier code, account, export
  detail TEXT,
  client TEXT
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

-- Messages to citizens (receipt, supplement request, apology, result ready), written in
-- the same transaction as the event and delivered by a pluggable sender.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id TEXT NOT NULL REFERENCES dossiers (id),
  kind TEXT NOT NULL,                                 -- receipt, supplement, apology, result-ready, refusal
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, id);
