-- The officers' queue counts (functions/db/queue.ts, countsSql) scan only the dossiers in
-- progress: this partial index holds just those rows (a few percent of a province's table)
-- with every column the counts read, so the scan never touches the table (ADR 0027, "Statistics
-- and queues at 1 M"). The list must be the queue's IN_PROGRESS, every status but the terminal
-- ones (tests/unit/queue-index.test.ts checks it): SQLite uses a partial index only when the
-- query repeats its WHERE.
CREATE INDEX dossiers_in_progress ON dossiers (status, due_date, desk_slug, return_desk_slug, agency_slug)
  WHERE status IN (1, 2, 4, 5, 6, 9);
