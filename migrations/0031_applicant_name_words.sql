-- The officers' name search (functions/db/queue.ts) read every live dossier's applicant with
-- instr(name_folded, …): 28.3 s for the counts of "nguyen" at 10 M dossiers (3.8 M live), near
-- D1's limit per query (docs/adr/0027-dossier-storage-plan.md, "The name search"). Each word of
-- the folded name is now a row here, so a word the officer types is a range of this key.
-- A plain table, not FTS5: `wrangler d1 export` (our backups, scripts/backup.ts) refuses a
-- database holding a virtual table.
--
-- The applicant's insert writes the words in its own batch (functions/db/dossiers.ts, with
-- nameWords of src/domain/text/fold.ts, which splits a folded name on its spaces as below).
-- Deleting the applicant (the retention purge, a dossier's cascade) deletes its words: names are
-- personal data. Names are never updated; an update of name_folded is refused rather than left
-- with stale words (triggers cannot split a name: no CTE inside a trigger).
CREATE TABLE applicant_name_words (
  word TEXT NOT NULL,
  dossier_id TEXT NOT NULL,
  PRIMARY KEY (word, dossier_id)
) WITHOUT ROWID;

-- The delete trigger's lookup, and a dossier's words tested one by one when a common word
-- (hundreds of thousands of names) is read in the queue's own order instead.
CREATE INDEX applicant_name_words_dossier ON applicant_name_words (dossier_id, word);

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> ''
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

CREATE TRIGGER applicant_name_words_delete AFTER DELETE ON applicants
BEGIN
  DELETE FROM applicant_name_words WHERE dossier_id = OLD.dossier_id;
END;

CREATE TRIGGER applicant_name_unchanged BEFORE UPDATE OF name_folded ON applicants
WHEN NEW.name_folded IS NOT OLD.name_folded
BEGIN
  SELECT RAISE(ABORT, 'applicants.name_folded is not updated (applicant_name_words)');
END;
