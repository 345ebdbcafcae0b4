-- Rules by reception date (issue 15, ADR 0015): each dossier keeps the rule set
-- (content/rules/<id>.yaml) in force on the day it was received, so its forms, messages and
-- evaluation criteria do not change when a new set takes effect.
ALTER TABLE dossiers ADD COLUMN rule_set TEXT;

-- Backfill with the sets shipped in content/rules/ (2018 before 01/07/2025, 2025 from then),
-- by the Vietnam-time reception day. A set id the catalogue does not know, or NULL, falls back
-- to the set in force on the reception day (src/domain/rules/select.ts `ruleSetOf`).
UPDATE dossiers SET rule_set = CASE WHEN substr(received_at, 1, 10) < '2025-07-01' THEN '2018' ELSE '2025' END
WHERE rule_set IS NULL;

-- Codes from 25/01/2026 carry a sequence of at least 4 digits, longer when a day needs it
-- (rule set 2025, `dossierCode`): the counter no longer stops at 9,999. SQLite cannot drop a
-- CHECK, so the table is rebuilt with its rows.
CREATE TABLE dossier_counters_next (
  agency_code TEXT NOT NULL,                -- the identifier the code starts with (desk or agency)
  day TEXT NOT NULL,                        -- YYMMDD
  last INTEGER NOT NULL CHECK (last BETWEEN 1 AND 999999999),
  PRIMARY KEY (agency_code, day)
);
INSERT INTO dossier_counters_next (agency_code, day, last)
  SELECT agency_code, day, last FROM dossier_counters;
DROP TABLE dossier_counters;
ALTER TABLE dossier_counters_next RENAME TO dossier_counters;
