-- The statistics' "open right now" figures (functions/db/stats.ts, openStatement) count the open
-- dossiers of a scope: with only (status, statutory_due_date) indexed, each open dossier's row was
-- read for its agency, commune and procedure (45–52 ms at 109,000 open, ADR 0027 "The queue at
-- 10 M"). This partial index holds just the open dossiers with every column the count reads, so
-- the count never touches the table (2 M rows, 111,000 open, in memory: 250 → 12 ms for an
-- agency, 50 → 35 ms for the whole province). The list must be the statistics' OPEN, the open
-- statuses of src/domain/dossier/status.ts (tests/unit/queue-index.test.ts checks it): SQLite
-- uses a partial index only when the query repeats its WHERE.
CREATE INDEX dossiers_open_stats
  ON dossiers (status, statutory_due_date, agency_slug, commune, procedure_code)
  WHERE status IN (1, 2, 4, 5, 6);
