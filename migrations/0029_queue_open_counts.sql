-- The officers' queue (functions/db/queue.ts) counted its status tabs over every dossier in
-- progress on each request: 9 ms at 23,000 in progress, 108–169 ms p95 for the whole province
-- at 10 M dossiers (docs/adr/0027-dossier-storage-plan.md, "The queue at 10 M"). Dossiers in
-- progress (IN_PROGRESS: every status but 3, 7, 8, 10) are now counted here per receiving desk,
-- return desk, deciding agency and status, kept by these triggers in the transaction of the
-- change, as queue_closed_counts (migrations/0027) counts the closed ones: the tabs by status
-- sum a few rows. The date tabs ("due soon", "overdue") still count rows, through a due-date
-- range of the in-progress index (migrations/0028). Two tables, not one for every status: this
-- backfill reads only the dossiers in progress, through that covering index (a count of every
-- live dossier grouped by four columns would sort the whole table, seconds at 3.8 M rows).
CREATE TABLE queue_open_counts (
  desk_slug TEXT NOT NULL,
  return_desk_slug TEXT NOT NULL,           -- COALESCE(dossiers.return_desk_slug, desk_slug)
  agency_slug TEXT NOT NULL,
  status INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (desk_slug, return_desk_slug, agency_slug, status)
) WITHOUT ROWID;

INSERT INTO queue_open_counts (desk_slug, return_desk_slug, agency_slug, status, n)
SELECT desk_slug, COALESCE(return_desk_slug, desk_slug), agency_slug, status, count(*) FROM dossiers
WHERE status IN (1, 2, 4, 5, 6, 9) GROUP BY 1, 2, 3, 4;

CREATE TRIGGER queue_open_insert AFTER INSERT ON dossiers WHEN NEW.status IN (1, 2, 4, 5, 6, 9)
BEGIN
  INSERT INTO queue_open_counts (desk_slug, return_desk_slug, agency_slug, status, n)
  VALUES (NEW.desk_slug, COALESCE(NEW.return_desk_slug, NEW.desk_slug), NEW.agency_slug, NEW.status, 1)
  ON CONFLICT (desk_slug, return_desk_slug, agency_slug, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER queue_open_update_old
AFTER UPDATE OF status, desk_slug, return_desk_slug, agency_slug ON dossiers WHEN OLD.status IN (1, 2, 4, 5, 6, 9)
BEGIN
  UPDATE queue_open_counts SET n = n - 1
  WHERE desk_slug = OLD.desk_slug AND return_desk_slug = COALESCE(OLD.return_desk_slug, OLD.desk_slug)
    AND agency_slug = OLD.agency_slug AND status = OLD.status;
END;

CREATE TRIGGER queue_open_update_new
AFTER UPDATE OF status, desk_slug, return_desk_slug, agency_slug ON dossiers WHEN NEW.status IN (1, 2, 4, 5, 6, 9)
BEGIN
  INSERT INTO queue_open_counts (desk_slug, return_desk_slug, agency_slug, status, n)
  VALUES (NEW.desk_slug, COALESCE(NEW.return_desk_slug, NEW.desk_slug), NEW.agency_slug, NEW.status, 1)
  ON CONFLICT (desk_slug, return_desk_slug, agency_slug, status) DO UPDATE SET n = n + 1;
END;

-- Dossiers in progress are never archived (only purged, closed ones are); deleted all the same.
CREATE TRIGGER queue_open_delete AFTER DELETE ON dossiers WHEN OLD.status IN (1, 2, 4, 5, 6, 9)
BEGIN
  UPDATE queue_open_counts SET n = n - 1
  WHERE desk_slug = OLD.desk_slug AND return_desk_slug = COALESCE(OLD.return_desk_slug, OLD.desk_slug)
    AND agency_slug = OLD.agency_slug AND status = OLD.status;
END;

-- The lists of the tabs in progress read the dossiers in due-date order from this index, which
-- holds only those rows (as 0028's), with the columns the scope and status filters read: a
-- tab of several statuses ("đang xử lý": 4 and 6) no longer sorts every dossier in them. The
-- list must be the queue's IN_PROGRESS, as in 0028 and above (tests/unit/queue-index.test.ts).
CREATE INDEX dossiers_in_progress_order
  ON dossiers (due_date, received_at, status, desk_slug, return_desk_slug, agency_slug)
  WHERE status IN (1, 2, 4, 5, 6, 9);
