-- Rules by reception date (issue 15, ADR 0015): each dossier keeps the rule set
-- (content/rules/<id>.yaml) in force on the day it was received, so its forms, messages and
-- evaluation criteria do not change when a new set takes effect.
ALTER TABLE dossiers ADD COLUMN rule_set TEXT;

-- Backfill with the sets shipped in content/rules/ (2018 before 01/07/2025, 2025 from then),
-- by the Vietnam-time reception day. A set id the catalogue does not know, or NULL, falls back
-- to the set in force on the reception day (src/domain/rules/select.ts `ruleSetOf`).
UPDATE dossiers SET rule_set = CASE WHEN substr(received_at, 1, 10) < '2025-07-01' THEN '2018' ELSE '2025' END
WHERE rule_set IS NULL;
