-- Retention of personal data (functions/services/retention.ts, docs/van-hanh.md).
-- A dossier closed (result returned, refused, withdrawn or stopped) more than
-- RETENTION_MONTHS ago loses its applicant row, its attachments (rows and R2 objects)
-- and its form data; `purged_at` records when, so officers and the citizen's lookup
-- page say so instead of showing empty fields. The dossier row, its status events,
-- its evaluation's scores and the statistics counters are kept.

ALTER TABLE dossiers ADD COLUMN purged_at TEXT;   -- ISO 8601; NULL while the personal data is kept

-- The job looks only at closed dossiers not yet purged; purged ones leave this index.
CREATE INDEX dossiers_retention ON dossiers (status) WHERE purged_at IS NULL;
