-- Reception regardless of administrative boundary (issue 15 part 3): a dossier is received at
-- one centre (desk_slug, the receiving desk as chosen), decided by its competent agency
-- (agency_slug) and returned where the citizen chose (return_desk_slug). Dossiers from before
-- this migration were received and returned at the same desk.
ALTER TABLE dossiers ADD COLUMN return_desk_slug TEXT;
UPDATE dossiers SET return_desk_slug = desk_slug WHERE return_desk_slug IS NULL;
CREATE INDEX dossiers_return_desk ON dossiers (return_desk_slug, status, due_date);

-- Electronic forwarding to the competent agency when the receiving desk is not that agency's
-- own desk: when (at reception, at once) and to which agency. NULL: received at the agency's
-- own desk, nothing to forward.
ALTER TABLE dossiers ADD COLUMN forwarded_at TEXT;
ALTER TABLE dossiers ADD COLUMN forwarded_to TEXT;
