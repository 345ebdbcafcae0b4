-- Stop at the applicant's request (issue 15 part 4): a request sent from the lookup page waits
-- here until the receiving desk (the dossier's desk_slug) confirms it, which stops the dossier
-- (status 8, the `stop` event and the set's stop notice), or refuses it with a reason (a
-- decision already exists). At most one request per dossier waits at a time. A stop taken at
-- the desk directly confirms any waiting request in the same transaction.
CREATE TABLE stop_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id TEXT NOT NULL REFERENCES dossiers(id),
  reason TEXT NOT NULL,
  requested_at TEXT NOT NULL,                -- ISO 8601, Vietnam time
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'refused')),
  decided_at TEXT,
  decided_by TEXT,                           -- accounts.id
  refusal_reason TEXT
);
CREATE UNIQUE INDEX stop_requests_one_pending ON stop_requests (dossier_id) WHERE state = 'pending';
CREATE INDEX stop_requests_dossier ON stop_requests (dossier_id, id);
