-- Citizen sign-in with the national electronic identity (docs/adr/0016-citizen-sign-in.md).

-- A sign-in under way: what the Worker sent to the identity provider, found again by the
-- SHA-256 of a random cookie the browser carries back. Used once (deleted on the return),
-- lives 10 minutes.
CREATE TABLE citizen_logins (
  token_hash TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  next_path TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);

-- A signed-in citizen: the SHA-256 of the session cookie, the subject (SHA-256 of the
-- issuer and its `sub`, never the raw identifier) and, for this session only, the claims
-- that fill and lock the applicant section of the online form. Deleted at sign-out;
-- expired rows are deleted at the next sign-in.
CREATE TABLE citizen_sessions (
  token_hash TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  full_name TEXT,
  id_number TEXT,
  birth_date TEXT,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX citizen_sessions_expiry ON citizen_sessions (expires_at);

-- "Hồ sơ của tôi": the dossiers a subject filed while signed in, or claimed with the
-- dossier's code and secret while signed in. Never matched by an ID number.
CREATE TABLE dossier_owners (
  dossier_id TEXT PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
  subject TEXT NOT NULL,
  how TEXT NOT NULL CHECK (how IN ('filed', 'claimed')),
  at TEXT NOT NULL
);
CREATE INDEX dossier_owners_subject ON dossier_owners (subject);
