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

-- A word as common as "nguyen" is not read through its range: the queue walks the dossiers in
-- due order and tests each one's words, stopping at the page. Purged dossiers (a third of a
-- live database at steady state: closed over 24 months ago) have no name and come first in due
-- order: this index leaves them out of the walk, and holds the status and id the walk tests
-- (half the time of reading each dossier's row: 36 against 77 ms for "Nguyễn Văn An" at 1 M).
CREATE INDEX dossiers_named_due_order ON dossiers (due_date, received_at, status, id)
  WHERE purged_at IS NULL;

-- The names already stored, in sixteen parts by the first character of the dossier id (a
-- UUID: hexadecimal; the first and last parts take any other id): the whole backfill took 2.8 s
-- on node:sqlite at 1 M dossiers (381,000 live, 1.02 M words; load 2.4), so about 30 s at 10 M
-- in one statement, D1's limit per query [S: a third-party page]; each part is a sixteenth.
INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id < '1'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= '1' AND dossier_id < '2'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= '2' AND dossier_id < '3'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= '3' AND dossier_id < '4'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= '4' AND dossier_id < '5'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= '5' AND dossier_id < '6'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= '6' AND dossier_id < '7'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= '7' AND dossier_id < '8'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= '8' AND dossier_id < '9'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= '9' AND dossier_id < 'a'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= 'a' AND dossier_id < 'b'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= 'b' AND dossier_id < 'c'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= 'c' AND dossier_id < 'd'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= 'd' AND dossier_id < 'e'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= 'e' AND dossier_id < 'f'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

INSERT OR IGNORE INTO applicant_name_words (word, dossier_id)
WITH RECURSIVE split(dossier_id, word, rest) AS (
  SELECT dossier_id, '', name_folded || ' ' FROM applicants WHERE name_folded <> '' AND dossier_id >= 'f'
  UNION ALL
  SELECT dossier_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
SELECT word, dossier_id FROM split WHERE word <> '' ORDER BY word, dossier_id;

-- The folded name's own index (migrations/0003) served no query: `instr` read every row.
DROP INDEX applicants_name_folded;

CREATE TRIGGER applicant_name_words_delete AFTER DELETE ON applicants
BEGIN
  DELETE FROM applicant_name_words WHERE dossier_id = OLD.dossier_id;
END;

CREATE TRIGGER applicant_name_unchanged BEFORE UPDATE OF name_folded ON applicants
WHEN NEW.name_folded IS NOT OLD.name_folded
BEGIN
  SELECT RAISE(ABORT, 'applicants.name_folded is not updated (applicant_name_words)');
END;
