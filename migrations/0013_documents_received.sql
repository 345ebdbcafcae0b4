-- Counter reception (issue 14): the procedure's documents the receptionist ticked as
-- received on paper, by name, as a JSON array (["Tờ khai đăng ký khai sinh", ...]); the
-- officer's dossier page and the receipt (form 01) list them. NULL: not recorded (online
-- and API dossiers, and counter dossiers from before this migration).
ALTER TABLE dossiers ADD COLUMN documents_received TEXT;
