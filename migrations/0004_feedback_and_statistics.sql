-- Citizens' evaluations (NĐ 61/2018 Arts 29 and 31), page feedback, the editor role,
-- and the monthly counters behind the public statistics (/thong-ke, /api/stats).
--
-- The counters are maintained by triggers, so they change in the same transaction as
-- the dossier, status event or evaluation that changes them, whatever code writes it.
-- tests/worker/stats-recount.test.ts checks that they always equal a recount from the
-- raw rows. The end of this file counts the dossiers that existed before it.

PRAGMA defer_foreign_keys = on;

-- Editors (biên tập viên) keep the catalogue and read page feedback; they act on no dossier.
CREATE TABLE accounts_new (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('receptionist', 'specialist', 'leader', 'editor', 'admin')),
  agencies TEXT NOT NULL DEFAULT '[]',
  password_hash TEXT,
  password_salt TEXT,
  password_iterations INTEGER,
  active INTEGER NOT NULL DEFAULT 1,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO accounts_new SELECT id, username, display_name, role, agencies, password_hash, password_salt,
  password_iterations, active, failed_logins, locked_until, created_at, updated_at FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;

-- The agency holding the dossier after each event, and for the event that ends processing
-- the working days used (from the start of the time limit to that day, the agency's week).
ALTER TABLE status_events ADD COLUMN agency_slug TEXT;
ALTER TABLE status_events ADD COLUMN working_days INTEGER;

-- Kept on the dossier so statistics survive the retention job, which clears `applicants`:
-- the applicant's commune (from the form's list, never an address), the legal due date
-- (set at submission, reception and after a supplement; an apology's new appointment does
-- not move it, so a late dossier stays late), and how processing ended (QĐ 766/QĐ-TTg:
-- the first of Đã xử lý xong, Đã trả kết quả, Dừng xử lý, Không được tiếp nhận).
ALTER TABLE dossiers ADD COLUMN commune TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN statutory_due_date TEXT;
ALTER TABLE dossiers ADD COLUMN finished_at TEXT;
ALTER TABLE dossiers ADD COLUMN finish_status INTEGER;
ALTER TABLE dossiers ADD COLUMN timeliness TEXT CHECK (timeliness IN ('early', 'on-time', 'late'));
ALTER TABLE dossiers ADD COLUMN processing_working_days INTEGER;
CREATE INDEX dossiers_open ON dossiers (status, statutory_due_date);

UPDATE dossiers SET commune = COALESCE((SELECT a.commune FROM applicants a WHERE a.dossier_id = dossiers.id), '');
UPDATE dossiers SET statutory_due_date = COALESCE(
  (SELECT e.due_date FROM status_events e
   WHERE e.dossier_id = dossiers.id AND e.due_date IS NOT NULL
     AND (e.action IS NULL OR e.action IN ('submit', 'register', 'receive', 'supplement-received'))
   ORDER BY e.id DESC LIMIT 1),
  due_date);

-- One evaluation per dossier (UNIQUE dossier_id); kiosk ratings given without a dossier
-- code have none. Criteria (NĐ 61/2018 Art 31, scored 2/1/0 like TT 01/2018 Art 13) are
-- NULL when the citizen skipped them. The comment is never published.
CREATE TABLE evaluations (
  id TEXT PRIMARY KEY,
  dossier_id TEXT UNIQUE REFERENCES dossiers (id),
  channel TEXT NOT NULL CHECK (channel IN ('web', 'kiosk')),
  desk_slug TEXT NOT NULL,
  agency_slug TEXT NOT NULL,
  procedure_code TEXT NOT NULL DEFAULT '',
  commune TEXT NOT NULL DEFAULT '',
  dossier_channel INTEGER NOT NULL DEFAULT 1,
  satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
  c_time INTEGER CHECK (c_time IN (0, 1, 2)),
  c_agencies INTEGER CHECK (c_agencies IN (0, 1, 2)),
  c_contacts INTEGER CHECK (c_contacts IN (0, 1, 2)),
  c_information INTEGER CHECK (c_information IN (0, 1, 2)),
  c_attitude INTEGER CHECK (c_attitude IN (0, 1, 2)),
  c_cost INTEGER CHECK (c_cost IN (0, 1, 2)),
  c_online INTEGER CHECK (c_online IN (0, 1, 2)),
  comment TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX evaluations_created ON evaluations (created_at);
CREATE INDEX evaluations_agency ON evaluations (agency_slug, created_at);

-- "Trang này có hữu ích không?" on procedure pages. The comment has personal data
-- (numbers, phones, emails) removed before it is stored.
CREATE TABLE page_feedback (
  id TEXT PRIMARY KEY,
  procedure_code TEXT NOT NULL,
  useful INTEGER NOT NULL CHECK (useful IN (0, 1)),
  comment TEXT,
  token_hash TEXT NOT NULL,                 -- lets the same visitor add the comment once
  created_at TEXT NOT NULL,
  commented_at TEXT
);
CREATE INDEX page_feedback_procedure ON page_feedback (procedure_code, created_at);

-- Monthly counters, kept at three grains so that every statistics request reads a small
-- range of one table (bench:stats: a million dossiers). `month` is YYYY-MM in Vietnam
-- time; `commune` is the applicant's commune ('' when unknown, 'khac' for elsewhere);
-- `channel` 1 trực tiếp, 2 trực tuyến, 3 bưu chính. Metrics:
--   received   dossiers submitted online or registered at the desk, in the month received
--   finished   processing ended (= early + on_time + late), in the month it ended
--   resolved   ended with a result (Đã xử lý xong / Đã trả kết quả); refused, stopped, withdrawn
--   days_sum / days_n   working days used by resolved dossiers
--   ev_*       evaluations in the month given: count, sum of the 5-level satisfaction,
--              count of 4–5 (pos) and 1–2 (neg); c_<criterion>_sum / _n the 0–2 scores

-- The whole locality, each agency: a few rows per agency and month.
CREATE TABLE stats_agency_month (
  month TEXT NOT NULL,
  agency_slug TEXT NOT NULL,
  channel INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  finished INTEGER NOT NULL DEFAULT 0,
  early INTEGER NOT NULL DEFAULT 0,
  on_time INTEGER NOT NULL DEFAULT 0,
  late INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  stopped INTEGER NOT NULL DEFAULT 0,
  withdrawn INTEGER NOT NULL DEFAULT 0,
  days_sum INTEGER NOT NULL DEFAULT 0,
  days_n INTEGER NOT NULL DEFAULT 0,
  ev_n INTEGER NOT NULL DEFAULT 0,
  ev_sat_sum INTEGER NOT NULL DEFAULT 0,
  ev_sat_pos INTEGER NOT NULL DEFAULT 0,
  ev_sat_neg INTEGER NOT NULL DEFAULT 0,
  c_time_sum INTEGER NOT NULL DEFAULT 0,
  c_time_n INTEGER NOT NULL DEFAULT 0,
  c_agencies_sum INTEGER NOT NULL DEFAULT 0,
  c_agencies_n INTEGER NOT NULL DEFAULT 0,
  c_contacts_sum INTEGER NOT NULL DEFAULT 0,
  c_contacts_n INTEGER NOT NULL DEFAULT 0,
  c_information_sum INTEGER NOT NULL DEFAULT 0,
  c_information_n INTEGER NOT NULL DEFAULT 0,
  c_attitude_sum INTEGER NOT NULL DEFAULT 0,
  c_attitude_n INTEGER NOT NULL DEFAULT 0,
  c_cost_sum INTEGER NOT NULL DEFAULT 0,
  c_cost_n INTEGER NOT NULL DEFAULT 0,
  c_online_sum INTEGER NOT NULL DEFAULT 0,
  c_online_n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, agency_slug, channel)
) WITHOUT ROWID;

-- Each procedure, and each agency broken down by procedure.
CREATE TABLE stats_procedure_month (
  agency_slug TEXT NOT NULL,
  procedure_code TEXT NOT NULL,
  month TEXT NOT NULL,
  channel INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  finished INTEGER NOT NULL DEFAULT 0,
  early INTEGER NOT NULL DEFAULT 0,
  on_time INTEGER NOT NULL DEFAULT 0,
  late INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  stopped INTEGER NOT NULL DEFAULT 0,
  withdrawn INTEGER NOT NULL DEFAULT 0,
  days_sum INTEGER NOT NULL DEFAULT 0,
  days_n INTEGER NOT NULL DEFAULT 0,
  ev_n INTEGER NOT NULL DEFAULT 0,
  ev_sat_sum INTEGER NOT NULL DEFAULT 0,
  ev_sat_pos INTEGER NOT NULL DEFAULT 0,
  ev_sat_neg INTEGER NOT NULL DEFAULT 0,
  c_time_sum INTEGER NOT NULL DEFAULT 0,
  c_time_n INTEGER NOT NULL DEFAULT 0,
  c_agencies_sum INTEGER NOT NULL DEFAULT 0,
  c_agencies_n INTEGER NOT NULL DEFAULT 0,
  c_contacts_sum INTEGER NOT NULL DEFAULT 0,
  c_contacts_n INTEGER NOT NULL DEFAULT 0,
  c_information_sum INTEGER NOT NULL DEFAULT 0,
  c_information_n INTEGER NOT NULL DEFAULT 0,
  c_attitude_sum INTEGER NOT NULL DEFAULT 0,
  c_attitude_n INTEGER NOT NULL DEFAULT 0,
  c_cost_sum INTEGER NOT NULL DEFAULT 0,
  c_cost_n INTEGER NOT NULL DEFAULT 0,
  c_online_sum INTEGER NOT NULL DEFAULT 0,
  c_online_n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (agency_slug, procedure_code, month, channel)
) WITHOUT ROWID;

-- The applicants of each commune, broken down by agency.
CREATE TABLE stats_commune_month (
  commune TEXT NOT NULL,
  month TEXT NOT NULL,
  agency_slug TEXT NOT NULL,
  channel INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  finished INTEGER NOT NULL DEFAULT 0,
  early INTEGER NOT NULL DEFAULT 0,
  on_time INTEGER NOT NULL DEFAULT 0,
  late INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  stopped INTEGER NOT NULL DEFAULT 0,
  withdrawn INTEGER NOT NULL DEFAULT 0,
  days_sum INTEGER NOT NULL DEFAULT 0,
  days_n INTEGER NOT NULL DEFAULT 0,
  ev_n INTEGER NOT NULL DEFAULT 0,
  ev_sat_sum INTEGER NOT NULL DEFAULT 0,
  ev_sat_pos INTEGER NOT NULL DEFAULT 0,
  ev_sat_neg INTEGER NOT NULL DEFAULT 0,
  c_time_sum INTEGER NOT NULL DEFAULT 0,
  c_time_n INTEGER NOT NULL DEFAULT 0,
  c_agencies_sum INTEGER NOT NULL DEFAULT 0,
  c_agencies_n INTEGER NOT NULL DEFAULT 0,
  c_contacts_sum INTEGER NOT NULL DEFAULT 0,
  c_contacts_n INTEGER NOT NULL DEFAULT 0,
  c_information_sum INTEGER NOT NULL DEFAULT 0,
  c_information_n INTEGER NOT NULL DEFAULT 0,
  c_attitude_sum INTEGER NOT NULL DEFAULT 0,
  c_attitude_n INTEGER NOT NULL DEFAULT 0,
  c_cost_sum INTEGER NOT NULL DEFAULT 0,
  c_cost_n INTEGER NOT NULL DEFAULT 0,
  c_online_sum INTEGER NOT NULL DEFAULT 0,
  c_online_n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (commune, month, agency_slug, channel)
) WITHOUT ROWID;
CREATE INDEX stats_procedure_month_code ON stats_procedure_month (procedure_code, month);

-- Every change to the counters goes through this view: one row of deltas for one cell,
-- added to the three tables by the INSTEAD OF trigger below (missing metrics count 0).
CREATE VIEW stats_delta AS
SELECT month, agency_slug, '' AS procedure_code, '' AS commune, channel, received, finished, early, on_time, late, resolved, refused, stopped, withdrawn, days_sum, days_n, ev_n, ev_sat_sum, ev_sat_pos, ev_sat_neg, c_time_sum, c_time_n, c_agencies_sum, c_agencies_n, c_contacts_sum, c_contacts_n, c_information_sum, c_information_n, c_attitude_sum, c_attitude_n, c_cost_sum, c_cost_n, c_online_sum, c_online_n
FROM stats_agency_month WHERE 0;

CREATE TRIGGER stats_delta_add INSTEAD OF INSERT ON stats_delta
BEGIN
  INSERT INTO stats_agency_month (month, agency_slug, channel, received, finished, early, on_time, late, resolved, refused, stopped, withdrawn, days_sum, days_n, ev_n, ev_sat_sum, ev_sat_pos, ev_sat_neg, c_time_sum, c_time_n, c_agencies_sum, c_agencies_n, c_contacts_sum, c_contacts_n, c_information_sum, c_information_n, c_attitude_sum, c_attitude_n, c_cost_sum, c_cost_n, c_online_sum, c_online_n)
  VALUES (NEW.month, NEW.agency_slug, NEW.channel, COALESCE(NEW.received, 0), COALESCE(NEW.finished, 0), COALESCE(NEW.early, 0), COALESCE(NEW.on_time, 0), COALESCE(NEW.late, 0), COALESCE(NEW.resolved, 0), COALESCE(NEW.refused, 0), COALESCE(NEW.stopped, 0), COALESCE(NEW.withdrawn, 0), COALESCE(NEW.days_sum, 0), COALESCE(NEW.days_n, 0), COALESCE(NEW.ev_n, 0), COALESCE(NEW.ev_sat_sum, 0), COALESCE(NEW.ev_sat_pos, 0), COALESCE(NEW.ev_sat_neg, 0), COALESCE(NEW.c_time_sum, 0), COALESCE(NEW.c_time_n, 0), COALESCE(NEW.c_agencies_sum, 0), COALESCE(NEW.c_agencies_n, 0), COALESCE(NEW.c_contacts_sum, 0), COALESCE(NEW.c_contacts_n, 0), COALESCE(NEW.c_information_sum, 0), COALESCE(NEW.c_information_n, 0), COALESCE(NEW.c_attitude_sum, 0), COALESCE(NEW.c_attitude_n, 0), COALESCE(NEW.c_cost_sum, 0), COALESCE(NEW.c_cost_n, 0), COALESCE(NEW.c_online_sum, 0), COALESCE(NEW.c_online_n, 0))
  ON CONFLICT DO UPDATE SET received = received + excluded.received, finished = finished + excluded.finished, early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, resolved = resolved + excluded.resolved, refused = refused + excluded.refused, stopped = stopped + excluded.stopped, withdrawn = withdrawn + excluded.withdrawn, days_sum = days_sum + excluded.days_sum, days_n = days_n + excluded.days_n, ev_n = ev_n + excluded.ev_n, ev_sat_sum = ev_sat_sum + excluded.ev_sat_sum, ev_sat_pos = ev_sat_pos + excluded.ev_sat_pos, ev_sat_neg = ev_sat_neg + excluded.ev_sat_neg, c_time_sum = c_time_sum + excluded.c_time_sum, c_time_n = c_time_n + excluded.c_time_n, c_agencies_sum = c_agencies_sum + excluded.c_agencies_sum, c_agencies_n = c_agencies_n + excluded.c_agencies_n, c_contacts_sum = c_contacts_sum + excluded.c_contacts_sum, c_contacts_n = c_contacts_n + excluded.c_contacts_n, c_information_sum = c_information_sum + excluded.c_information_sum, c_information_n = c_information_n + excluded.c_information_n, c_attitude_sum = c_attitude_sum + excluded.c_attitude_sum, c_attitude_n = c_attitude_n + excluded.c_attitude_n, c_cost_sum = c_cost_sum + excluded.c_cost_sum, c_cost_n = c_cost_n + excluded.c_cost_n, c_online_sum = c_online_sum + excluded.c_online_sum, c_online_n = c_online_n + excluded.c_online_n;
  INSERT INTO stats_procedure_month (agency_slug, procedure_code, month, channel, received, finished, early, on_time, late, resolved, refused, stopped, withdrawn, days_sum, days_n, ev_n, ev_sat_sum, ev_sat_pos, ev_sat_neg, c_time_sum, c_time_n, c_agencies_sum, c_agencies_n, c_contacts_sum, c_contacts_n, c_information_sum, c_information_n, c_attitude_sum, c_attitude_n, c_cost_sum, c_cost_n, c_online_sum, c_online_n)
  VALUES (NEW.agency_slug, NEW.procedure_code, NEW.month, NEW.channel, COALESCE(NEW.received, 0), COALESCE(NEW.finished, 0), COALESCE(NEW.early, 0), COALESCE(NEW.on_time, 0), COALESCE(NEW.late, 0), COALESCE(NEW.resolved, 0), COALESCE(NEW.refused, 0), COALESCE(NEW.stopped, 0), COALESCE(NEW.withdrawn, 0), COALESCE(NEW.days_sum, 0), COALESCE(NEW.days_n, 0), COALESCE(NEW.ev_n, 0), COALESCE(NEW.ev_sat_sum, 0), COALESCE(NEW.ev_sat_pos, 0), COALESCE(NEW.ev_sat_neg, 0), COALESCE(NEW.c_time_sum, 0), COALESCE(NEW.c_time_n, 0), COALESCE(NEW.c_agencies_sum, 0), COALESCE(NEW.c_agencies_n, 0), COALESCE(NEW.c_contacts_sum, 0), COALESCE(NEW.c_contacts_n, 0), COALESCE(NEW.c_information_sum, 0), COALESCE(NEW.c_information_n, 0), COALESCE(NEW.c_attitude_sum, 0), COALESCE(NEW.c_attitude_n, 0), COALESCE(NEW.c_cost_sum, 0), COALESCE(NEW.c_cost_n, 0), COALESCE(NEW.c_online_sum, 0), COALESCE(NEW.c_online_n, 0))
  ON CONFLICT DO UPDATE SET received = received + excluded.received, finished = finished + excluded.finished, early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, resolved = resolved + excluded.resolved, refused = refused + excluded.refused, stopped = stopped + excluded.stopped, withdrawn = withdrawn + excluded.withdrawn, days_sum = days_sum + excluded.days_sum, days_n = days_n + excluded.days_n, ev_n = ev_n + excluded.ev_n, ev_sat_sum = ev_sat_sum + excluded.ev_sat_sum, ev_sat_pos = ev_sat_pos + excluded.ev_sat_pos, ev_sat_neg = ev_sat_neg + excluded.ev_sat_neg, c_time_sum = c_time_sum + excluded.c_time_sum, c_time_n = c_time_n + excluded.c_time_n, c_agencies_sum = c_agencies_sum + excluded.c_agencies_sum, c_agencies_n = c_agencies_n + excluded.c_agencies_n, c_contacts_sum = c_contacts_sum + excluded.c_contacts_sum, c_contacts_n = c_contacts_n + excluded.c_contacts_n, c_information_sum = c_information_sum + excluded.c_information_sum, c_information_n = c_information_n + excluded.c_information_n, c_attitude_sum = c_attitude_sum + excluded.c_attitude_sum, c_attitude_n = c_attitude_n + excluded.c_attitude_n, c_cost_sum = c_cost_sum + excluded.c_cost_sum, c_cost_n = c_cost_n + excluded.c_cost_n, c_online_sum = c_online_sum + excluded.c_online_sum, c_online_n = c_online_n + excluded.c_online_n;
  INSERT INTO stats_commune_month (commune, month, agency_slug, channel, received, finished, early, on_time, late, resolved, refused, stopped, withdrawn, days_sum, days_n, ev_n, ev_sat_sum, ev_sat_pos, ev_sat_neg, c_time_sum, c_time_n, c_agencies_sum, c_agencies_n, c_contacts_sum, c_contacts_n, c_information_sum, c_information_n, c_attitude_sum, c_attitude_n, c_cost_sum, c_cost_n, c_online_sum, c_online_n)
  VALUES (NEW.commune, NEW.month, NEW.agency_slug, NEW.channel, COALESCE(NEW.received, 0), COALESCE(NEW.finished, 0), COALESCE(NEW.early, 0), COALESCE(NEW.on_time, 0), COALESCE(NEW.late, 0), COALESCE(NEW.resolved, 0), COALESCE(NEW.refused, 0), COALESCE(NEW.stopped, 0), COALESCE(NEW.withdrawn, 0), COALESCE(NEW.days_sum, 0), COALESCE(NEW.days_n, 0), COALESCE(NEW.ev_n, 0), COALESCE(NEW.ev_sat_sum, 0), COALESCE(NEW.ev_sat_pos, 0), COALESCE(NEW.ev_sat_neg, 0), COALESCE(NEW.c_time_sum, 0), COALESCE(NEW.c_time_n, 0), COALESCE(NEW.c_agencies_sum, 0), COALESCE(NEW.c_agencies_n, 0), COALESCE(NEW.c_contacts_sum, 0), COALESCE(NEW.c_contacts_n, 0), COALESCE(NEW.c_information_sum, 0), COALESCE(NEW.c_information_n, 0), COALESCE(NEW.c_attitude_sum, 0), COALESCE(NEW.c_attitude_n, 0), COALESCE(NEW.c_cost_sum, 0), COALESCE(NEW.c_cost_n, 0), COALESCE(NEW.c_online_sum, 0), COALESCE(NEW.c_online_n, 0))
  ON CONFLICT DO UPDATE SET received = received + excluded.received, finished = finished + excluded.finished, early = early + excluded.early, on_time = on_time + excluded.on_time, late = late + excluded.late, resolved = resolved + excluded.resolved, refused = refused + excluded.refused, stopped = stopped + excluded.stopped, withdrawn = withdrawn + excluded.withdrawn, days_sum = days_sum + excluded.days_sum, days_n = days_n + excluded.days_n, ev_n = ev_n + excluded.ev_n, ev_sat_sum = ev_sat_sum + excluded.ev_sat_sum, ev_sat_pos = ev_sat_pos + excluded.ev_sat_pos, ev_sat_neg = ev_sat_neg + excluded.ev_sat_neg, c_time_sum = c_time_sum + excluded.c_time_sum, c_time_n = c_time_n + excluded.c_time_n, c_agencies_sum = c_agencies_sum + excluded.c_agencies_sum, c_agencies_n = c_agencies_n + excluded.c_agencies_n, c_contacts_sum = c_contacts_sum + excluded.c_contacts_sum, c_contacts_n = c_contacts_n + excluded.c_contacts_n, c_information_sum = c_information_sum + excluded.c_information_sum, c_information_n = c_information_n + excluded.c_information_n, c_attitude_sum = c_attitude_sum + excluded.c_attitude_sum, c_attitude_n = c_attitude_n + excluded.c_attitude_n, c_cost_sum = c_cost_sum + excluded.c_cost_sum, c_cost_n = c_cost_n + excluded.c_cost_n, c_online_sum = c_online_sum + excluded.c_online_sum, c_online_n = c_online_n + excluded.c_online_n;
END;

CREATE TRIGGER stats_received AFTER INSERT ON dossiers
BEGIN
  INSERT INTO stats_delta (month, agency_slug, procedure_code, commune, channel, received)
  VALUES (substr(NEW.received_at, 1, 7), NEW.agency_slug, NEW.procedure_code, NEW.commune, NEW.channel, 1);
END;

-- The legal due date follows the events that (re)start the time limit.
CREATE TRIGGER stats_clock AFTER INSERT ON status_events
WHEN NEW.due_date IS NOT NULL AND (NEW.action IS NULL OR NEW.action IN ('submit', 'register', 'receive', 'supplement-received'))
BEGIN
  UPDATE dossiers SET statutory_due_date = NEW.due_date WHERE id = NEW.dossier_id;
END;

-- The first event that ends processing is counted once, in the month it happened.
CREATE TRIGGER stats_finished AFTER INSERT ON status_events
WHEN NEW.status IN (3, 8, 9, 10)
BEGIN
  INSERT INTO stats_delta (month, agency_slug, procedure_code, commune, channel,
    finished, early, on_time, late, resolved, refused, stopped, days_sum, days_n)
  SELECT substr(NEW.at, 1, 7), COALESCE(NEW.agency_slug, d.agency_slug), d.procedure_code, d.commune, d.channel,
    1, d.t = 'early', d.t = 'on-time', d.t = 'late', NEW.status IN (9, 10), NEW.status = 3, NEW.status = 8,
    CASE WHEN NEW.status IN (9, 10) THEN COALESCE(NEW.working_days, 0) ELSE 0 END,
    NEW.status IN (9, 10) AND NEW.working_days IS NOT NULL
  FROM (SELECT agency_slug, procedure_code, commune, channel,
          CASE WHEN substr(NEW.at, 1, 10) < COALESCE(statutory_due_date, due_date) THEN 'early'
               WHEN substr(NEW.at, 1, 10) = COALESCE(statutory_due_date, due_date) THEN 'on-time'
               ELSE 'late' END AS t
        FROM dossiers WHERE id = NEW.dossier_id AND finished_at IS NULL) AS d;
  UPDATE dossiers SET finished_at = NEW.at, finish_status = NEW.status,
    timeliness = CASE WHEN substr(NEW.at, 1, 10) < COALESCE(statutory_due_date, due_date) THEN 'early'
                      WHEN substr(NEW.at, 1, 10) = COALESCE(statutory_due_date, due_date) THEN 'on-time'
                      ELSE 'late' END,
    processing_working_days = CASE WHEN NEW.status IN (9, 10) THEN NEW.working_days END
  WHERE id = NEW.dossier_id AND finished_at IS NULL;
END;

CREATE TRIGGER stats_withdrawn AFTER INSERT ON status_events
WHEN NEW.status = 7
BEGIN
  INSERT INTO stats_delta (month, agency_slug, procedure_code, commune, channel, withdrawn)
  SELECT substr(NEW.at, 1, 7), COALESCE(NEW.agency_slug, d.agency_slug), d.procedure_code, d.commune, d.channel, 1
  FROM dossiers d WHERE d.id = NEW.dossier_id;
END;

-- Evaluations count in the month they were first given; a change within the edit window
-- takes the old answers out and puts the new ones in; a deletion takes them out.
CREATE TRIGGER stats_evaluation_insert AFTER INSERT ON evaluations
BEGIN
  INSERT INTO stats_delta (month, agency_slug, procedure_code, commune, channel, ev_n, ev_sat_sum, ev_sat_pos, ev_sat_neg, c_time_sum, c_time_n, c_agencies_sum, c_agencies_n, c_contacts_sum, c_contacts_n, c_information_sum, c_information_n, c_attitude_sum, c_attitude_n, c_cost_sum, c_cost_n, c_online_sum, c_online_n)
  VALUES (substr(NEW.created_at, 1, 7), NEW.agency_slug, NEW.procedure_code, NEW.commune, NEW.dossier_channel,
    1, NEW.satisfaction, (NEW.satisfaction >= 4), (NEW.satisfaction <= 2), COALESCE(NEW.c_time, 0), (NEW.c_time IS NOT NULL), COALESCE(NEW.c_agencies, 0), (NEW.c_agencies IS NOT NULL), COALESCE(NEW.c_contacts, 0), (NEW.c_contacts IS NOT NULL), COALESCE(NEW.c_information, 0), (NEW.c_information IS NOT NULL), COALESCE(NEW.c_attitude, 0), (NEW.c_attitude IS NOT NULL), COALESCE(NEW.c_cost, 0), (NEW.c_cost IS NOT NULL), COALESCE(NEW.c_online, 0), (NEW.c_online IS NOT NULL));
END;

CREATE TRIGGER stats_evaluation_update AFTER UPDATE ON evaluations
BEGIN
  INSERT INTO stats_delta (month, agency_slug, procedure_code, commune, channel, ev_n, ev_sat_sum, ev_sat_pos, ev_sat_neg, c_time_sum, c_time_n, c_agencies_sum, c_agencies_n, c_contacts_sum, c_contacts_n, c_information_sum, c_information_n, c_attitude_sum, c_attitude_n, c_cost_sum, c_cost_n, c_online_sum, c_online_n)
  VALUES (substr(OLD.created_at, 1, 7), OLD.agency_slug, OLD.procedure_code, OLD.commune, OLD.dossier_channel,
    -1, -OLD.satisfaction, -(OLD.satisfaction >= 4), -(OLD.satisfaction <= 2), -COALESCE(OLD.c_time, 0), -(OLD.c_time IS NOT NULL), -COALESCE(OLD.c_agencies, 0), -(OLD.c_agencies IS NOT NULL), -COALESCE(OLD.c_contacts, 0), -(OLD.c_contacts IS NOT NULL), -COALESCE(OLD.c_information, 0), -(OLD.c_information IS NOT NULL), -COALESCE(OLD.c_attitude, 0), -(OLD.c_attitude IS NOT NULL), -COALESCE(OLD.c_cost, 0), -(OLD.c_cost IS NOT NULL), -COALESCE(OLD.c_online, 0), -(OLD.c_online IS NOT NULL));
  INSERT INTO stats_delta (month, agency_slug, procedure_code, commune, channel, ev_n, ev_sat_sum, ev_sat_pos, ev_sat_neg, c_time_sum, c_time_n, c_agencies_sum, c_agencies_n, c_contacts_sum, c_contacts_n, c_information_sum, c_information_n, c_attitude_sum, c_attitude_n, c_cost_sum, c_cost_n, c_online_sum, c_online_n)
  VALUES (substr(NEW.created_at, 1, 7), NEW.agency_slug, NEW.procedure_code, NEW.commune, NEW.dossier_channel,
    1, NEW.satisfaction, (NEW.satisfaction >= 4), (NEW.satisfaction <= 2), COALESCE(NEW.c_time, 0), (NEW.c_time IS NOT NULL), COALESCE(NEW.c_agencies, 0), (NEW.c_agencies IS NOT NULL), COALESCE(NEW.c_contacts, 0), (NEW.c_contacts IS NOT NULL), COALESCE(NEW.c_information, 0), (NEW.c_information IS NOT NULL), COALESCE(NEW.c_attitude, 0), (NEW.c_attitude IS NOT NULL), COALESCE(NEW.c_cost, 0), (NEW.c_cost IS NOT NULL), COALESCE(NEW.c_online, 0), (NEW.c_online IS NOT NULL));
END;

CREATE TRIGGER stats_evaluation_delete AFTER DELETE ON evaluations
BEGIN
  INSERT INTO stats_delta (month, agency_slug, procedure_code, commune, channel, ev_n, ev_sat_sum, ev_sat_pos, ev_sat_neg, c_time_sum, c_time_n, c_agencies_sum, c_agencies_n, c_contacts_sum, c_contacts_n, c_information_sum, c_information_n, c_attitude_sum, c_attitude_n, c_cost_sum, c_cost_n, c_online_sum, c_online_n)
  VALUES (substr(OLD.created_at, 1, 7), OLD.agency_slug, OLD.procedure_code, OLD.commune, OLD.dossier_channel,
    -1, -OLD.satisfaction, -(OLD.satisfaction >= 4), -(OLD.satisfaction <= 2), -COALESCE(OLD.c_time, 0), -(OLD.c_time IS NOT NULL), -COALESCE(OLD.c_agencies, 0), -(OLD.c_agencies IS NOT NULL), -COALESCE(OLD.c_contacts, 0), -(OLD.c_contacts IS NOT NULL), -COALESCE(OLD.c_information, 0), -(OLD.c_information IS NOT NULL), -COALESCE(OLD.c_attitude, 0), -(OLD.c_attitude IS NOT NULL), -COALESCE(OLD.c_cost, 0), -(OLD.c_cost IS NOT NULL), -COALESCE(OLD.c_online, 0), -(OLD.c_online IS NOT NULL));
END;

-- Dossiers that existed before this migration: how their processing ended, then the
-- counters. (Working days used are unknown for them: they are left out of averages.)
UPDATE dossiers SET finished_at = e.at, finish_status = e.status,
  timeliness = CASE WHEN substr(e.at, 1, 10) < dossiers.statutory_due_date THEN 'early'
                    WHEN substr(e.at, 1, 10) = dossiers.statutory_due_date THEN 'on-time' ELSE 'late' END
FROM (SELECT dossier_id, status, at, row_number() OVER (PARTITION BY dossier_id ORDER BY id) AS n
      FROM status_events WHERE status IN (3, 8, 9, 10)) AS e
WHERE e.dossier_id = dossiers.id AND e.n = 1;

INSERT INTO stats_delta (month, agency_slug, procedure_code, commune, channel, received)
SELECT substr(received_at, 1, 7), agency_slug, procedure_code, commune, channel, count(*)
FROM dossiers GROUP BY 1, 2, 3, 4, 5;

INSERT INTO stats_delta (month, agency_slug, procedure_code, commune, channel,
  finished, early, on_time, late, resolved, refused, stopped)
SELECT substr(finished_at, 1, 7), agency_slug, procedure_code, commune, channel, count(*),
  sum(timeliness = 'early'), sum(timeliness = 'on-time'), sum(timeliness = 'late'),
  sum(finish_status IN (9, 10)), sum(finish_status = 3), sum(finish_status = 8)
FROM dossiers WHERE finished_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5;

INSERT INTO stats_delta (month, agency_slug, procedure_code, commune, channel, withdrawn)
SELECT substr(e.at, 1, 7), d.agency_slug, d.procedure_code, d.commune, d.channel, count(*)
FROM status_events e JOIN dossiers d ON d.id = e.dossier_id WHERE e.status = 7 GROUP BY 1, 2, 3, 4, 5;
