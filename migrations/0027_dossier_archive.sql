-- The dossier archive (docs/adr/0027-dossier-storage-plan.md, functions/services/archive.ts).
-- A dossier whose personal data the retention job purged (migrations/0006) more than
-- ARCHIVE_MONTHS ago leaves the live database: its row, status events, stop requests and
-- national-portal links are written to R2 (FILES) as one line of a gzip NDJSON object per
-- receiving desk and month of reception, and deleted here in the transaction that records
-- the object. What stays is a stub per dossier code (so the citizen's lookup finds the
-- object), the evaluation scores (detached from the dossier) and every statistics counter.

-- One row per archive object. `completed_at` NULL: the run that began it stopped before its
-- transaction committed; the next run deletes the object and the row, then archives again.
CREATE TABLE dossier_archives (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  storage_key TEXT NOT NULL UNIQUE,         -- archive/dossiers/<YYYY-MM>/<desk slug>/<id>.ndjson.gz
  desk_slug TEXT NOT NULL,                  -- the receiving desk (the prefix of the codes inside)
  month TEXT NOT NULL,                      -- YYYY-MM of reception, Vietnam time
  dossiers INTEGER NOT NULL DEFAULT 0,      -- lines in the object
  bytes INTEGER NOT NULL DEFAULT 0,         -- compressed size in R2
  sha256 TEXT,                              -- of the compressed object
  started_at TEXT NOT NULL,
  completed_at TEXT
);
CREATE INDEX dossier_archives_unfinished ON dossier_archives (id) WHERE completed_at IS NULL;

-- Code → archive object: about 40 bytes a dossier instead of about 1.3 KB.
CREATE TABLE archived_dossiers (
  code TEXT PRIMARY KEY,
  archive_id INTEGER NOT NULL REFERENCES dossier_archives (id)
) WITHOUT ROWID;

-- The ids being moved, inside the moving transaction only (emptied before it commits): the
-- one case where status events may be deleted, because they are in R2 by then.
CREATE TABLE archive_moving (dossier_id TEXT PRIMARY KEY) WITHOUT ROWID;

DROP TRIGGER status_events_no_delete;
CREATE TRIGGER status_events_no_delete BEFORE DELETE ON status_events
WHEN NOT EXISTS (SELECT 1 FROM archive_moving WHERE dossier_id = OLD.dossier_id)
BEGIN SELECT RAISE(ABORT, 'status_events is append-only'); END;

-- The job's two reads: the oldest purge first, then one desk's month.
CREATE INDEX dossiers_purged ON dossiers (purged_at) WHERE purged_at IS NOT NULL;
CREATE INDEX dossiers_purged_desk ON dossiers (desk_slug, received_at) WHERE purged_at IS NOT NULL;

-- The officers' queue (functions/db/queue.ts) counted its tabs over every dossier in scope on
-- every request: a scan of the whole live table, most of it closed dossiers (bench:dossiers).
-- Closed dossiers (3 từ chối, 7 rút, 8 dừng, 10 đã trả: TERMINAL_STATUSES) are now counted here
-- per receiving desk, return desk and deciding agency, kept by these triggers in the same
-- transaction as the change, so the queue scans only the dossiers still in progress.
CREATE TABLE queue_closed_counts (
  desk_slug TEXT NOT NULL,
  return_desk_slug TEXT NOT NULL,           -- COALESCE(dossiers.return_desk_slug, desk_slug)
  agency_slug TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (desk_slug, return_desk_slug, agency_slug)
) WITHOUT ROWID;

INSERT INTO queue_closed_counts (desk_slug, return_desk_slug, agency_slug, n)
SELECT desk_slug, COALESCE(return_desk_slug, desk_slug), agency_slug, count(*) FROM dossiers
WHERE status IN (3, 7, 8, 10) GROUP BY 1, 2, 3;

CREATE TRIGGER queue_closed_insert AFTER INSERT ON dossiers WHEN NEW.status IN (3, 7, 8, 10)
BEGIN
  INSERT INTO queue_closed_counts (desk_slug, return_desk_slug, agency_slug, n)
  VALUES (NEW.desk_slug, COALESCE(NEW.return_desk_slug, NEW.desk_slug), NEW.agency_slug, 1)
  ON CONFLICT (desk_slug, return_desk_slug, agency_slug) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER queue_closed_update_old
AFTER UPDATE OF status, desk_slug, return_desk_slug, agency_slug ON dossiers WHEN OLD.status IN (3, 7, 8, 10)
BEGIN
  UPDATE queue_closed_counts SET n = n - 1
  WHERE desk_slug = OLD.desk_slug AND return_desk_slug = COALESCE(OLD.return_desk_slug, OLD.desk_slug)
    AND agency_slug = OLD.agency_slug;
END;

CREATE TRIGGER queue_closed_update_new
AFTER UPDATE OF status, desk_slug, return_desk_slug, agency_slug ON dossiers WHEN NEW.status IN (3, 7, 8, 10)
BEGIN
  INSERT INTO queue_closed_counts (desk_slug, return_desk_slug, agency_slug, n)
  VALUES (NEW.desk_slug, COALESCE(NEW.return_desk_slug, NEW.desk_slug), NEW.agency_slug, 1)
  ON CONFLICT (desk_slug, return_desk_slug, agency_slug) DO UPDATE SET n = n + 1;
END;

-- Archived (or otherwise deleted) closed dossiers leave the queue.
CREATE TRIGGER queue_closed_delete AFTER DELETE ON dossiers WHEN OLD.status IN (3, 7, 8, 10)
BEGIN
  UPDATE queue_closed_counts SET n = n - 1
  WHERE desk_slug = OLD.desk_slug AND return_desk_slug = COALESCE(OLD.return_desk_slug, OLD.desk_slug)
    AND agency_slug = OLD.agency_slug;
END;

-- The "all" and "closed" tabs list by due date: read in that order instead of sorting every row.
CREATE INDEX dossiers_due_order ON dossiers (due_date, received_at);
