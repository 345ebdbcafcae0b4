-- Password resets (issue 14): an administrator, or `npm run admin:reset-password`, gives an
-- officer a one-time password; the account must choose its own at the next sign-in
-- (/can-bo/doi-mat-khau) before it gets a session.
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
