-- Electronic results (ADR 0020): the signed PDF the competent agency issues, attached by its
-- officer once the dossier has a result. The file lives in R2 (binding FILES) under its own
-- prefix `results/<dossier id>/`; this row keeps what the citizen is shown (SHA-256, issue
-- date, issuing agency) and who attached it. A wrong file is replaced, never overwritten:
-- the old row stays with `replaced_at`, `replaced_by` and the reason, so the audit trail shows
-- which file the citizen could download when. Results are not personal attachments: the
-- retention job does not delete them with the applicant's data (their own period is the rule
-- set's `resultRetention`).

CREATE TABLE result_files (
  id TEXT PRIMARY KEY,                      -- random UUID
  dossier_id TEXT NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL CHECK (content_type = 'application/pdf'),
  size INTEGER NOT NULL CHECK (size > 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  storage_key TEXT NOT NULL UNIQUE,         -- key in the FILES bucket: results/<dossier id>/<uuid>
  issued_on TEXT NOT NULL,                  -- YYYY-MM-DD, "Ngày ban hành" on the document
  issuer_slug TEXT NOT NULL,                -- the agency that issued it (content/agencies)
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,                -- account id
  replaced_at TEXT,                         -- set when a corrected file took its place
  replaced_by TEXT,                         -- account id of the officer who replaced it
  replace_reason TEXT
);

-- At most one current result per dossier; the replaced ones are history.
CREATE UNIQUE INDEX result_files_current ON result_files (dossier_id) WHERE replaced_at IS NULL;
-- The digitisation indicator counts current results by issue date.
CREATE INDEX result_files_issued ON result_files (issued_on, dossier_id) WHERE replaced_at IS NULL;
