-- Phản ánh, kiến nghị (PAKN, issue 18 part 2): a citizen's complaint or suggestion about a
-- procedure page or a dossier, sent without sign-in, answered by the responsible agency within
-- the time of the rule set in force on the reception day (content/rules/*.yaml `pakn`).
-- The citizen reads the answer with the PAKN code and its own secret (only a salted hash is
-- kept) and rates it; an officer may publish the question and the answer with personal data
-- removed (public_question / public_answer, never the original text nor the contact).
-- Statistics are read from this table (functions/db/pakn.ts), not from trigger counters.
CREATE TABLE pakn (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,                 -- PAKN-YYMMDD-XXXXXX, printed for the citizen
  secret_hash TEXT NOT NULL,
  secret_salt TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('phan-anh', 'kien-nghi')),
  content TEXT NOT NULL,                     -- as sent (cleaned); seen by the agency only
  procedure_code TEXT,                       -- the procedure it is about, if any
  dossier_id TEXT REFERENCES dossiers(id),   -- the dossier it is about, proven with its secret
  agency_slug TEXT NOT NULL,                 -- the agency that answers
  rule_set TEXT NOT NULL,                    -- the rule set of the reception day
  contact_phone TEXT,                        -- optional, to be told of the answer; purged
  contact_email TEXT,
  received_at TEXT NOT NULL,                 -- ISO 8601, Vietnam time
  due_day TEXT NOT NULL,                     -- YYYY-MM-DD, last day to answer
  answer TEXT,
  answered_at TEXT,
  answered_by TEXT,                          -- accounts.id
  published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
  public_question TEXT,
  public_answer TEXT,
  published_at TEXT,
  rating TEXT CHECK (rating IN ('hai-long', 'chap-nhan-duoc', 'khong-hai-long')),
  rated_at TEXT,
  purged_at TEXT,
  CHECK (published = 0 OR (answer IS NOT NULL AND public_question IS NOT NULL AND public_answer IS NOT NULL))
);
CREATE INDEX pakn_agency ON pakn (agency_slug, received_at);
CREATE INDEX pakn_received ON pakn (received_at);
CREATE INDEX pakn_published ON pakn (procedure_code, published_at) WHERE published = 1;

-- The answer is announced to the contact the citizen left (if any) through the outbox, which
-- so far held only dossiers' messages: rebuilt so a message belongs to a dossier or a PAKN.
CREATE TABLE outbox_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id TEXT REFERENCES dossiers (id),
  pakn_id TEXT REFERENCES pakn (id),
  kind TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  CHECK (dossier_id IS NOT NULL OR pakn_id IS NOT NULL)
);
INSERT INTO outbox_new (id, dossier_id, kind, channel, recipient, subject, body, created_at, sent_at, attempts, last_error)
  SELECT id, dossier_id, kind, channel, recipient, subject, body, created_at, sent_at, attempts, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (sent_at, id);
CREATE INDEX outbox_pakn ON outbox (pakn_id) WHERE pakn_id IS NOT NULL;
