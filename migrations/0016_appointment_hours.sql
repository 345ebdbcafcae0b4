-- Appointments in hours (issue 15 part 4): a procedure whose time limit is counted in working
-- hours (`time.hours` in its content file) keeps that limit with the dossier, and the
-- appointment carries the hour the count ends at ("… giờ …, ngày …" on the receipt, the lookup
-- and form 01). Both stay NULL for procedures counted in working days.
ALTER TABLE dossiers ADD COLUMN processing_hours INTEGER;   -- working hours, or NULL
ALTER TABLE dossiers ADD COLUMN due_hour TEXT;              -- "HH:MM" Vietnam time, or NULL
