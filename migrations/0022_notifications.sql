-- Notifications (docs/adr/0019-notifications.md): the channel the citizen chose, and the
-- delivery state of every message to citizens.
--
-- applicants.notify_channel: 'zalo', 'sms' or 'email' as chosen on the form or at the counter;
-- NULL for dossiers taken in before (email if given, else SMS, as before).
ALTER TABLE applicants ADD COLUMN notify_channel TEXT CHECK (notify_channel IN ('zalo', 'sms', 'email'));

-- The outbox gains the 'zalo' channel (a CHECK cannot be altered in SQLite: the table is
-- rebuilt, rows kept) and its delivery state:
--   state    pending (chờ gửi) → sent (đã gửi) | retrying (đang thử lại) → failed (không gửi được)
--   failure  temporary | permanent | technical, with reason = the provider's code or ours
--   params   the message's values as JSON ({code, procedure, desk, dueDate, detail, hotline}),
--            which a Zalo template is filled with (its text is Zalo's, not ours)
--   enqueued_at  when it was last handed to the queue (the cron sweep re-enqueues the lost ones)
--   next_attempt_at  when a retrying message is due again
CREATE TABLE outbox_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id TEXT NOT NULL REFERENCES dossiers (id),
  kind TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('zalo', 'sms', 'email')),
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  params TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'retrying', 'sent', 'failed')),
  failure TEXT CHECK (failure IN ('temporary', 'permanent', 'technical')),
  reason TEXT,
  enqueued_at TEXT,
  next_attempt_at TEXT
);
INSERT INTO outbox_new (id, dossier_id, kind, channel, recipient, subject, body, created_at, sent_at,
  attempts, last_error, state, failure, reason)
SELECT id, dossier_id, kind, channel, recipient, subject, body, created_at, sent_at, attempts, last_error,
  CASE WHEN sent_at IS NOT NULL THEN 'sent' WHEN attempts >= 5 THEN 'failed' ELSE 'pending' END,
  CASE WHEN sent_at IS NULL AND attempts >= 5 THEN 'temporary' END,
  CASE WHEN sent_at IS NULL AND attempts >= 5 THEN 'too-many-attempts' END
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_dossier ON outbox (dossier_id, id);

-- Technical failures (credentials, configuration, balance): one row per channel, shown on the
-- back-office dashboard until an administrator clears it. No personal data: a code and times.
CREATE TABLE notify_alerts (
  channel TEXT PRIMARY KEY CHECK (channel IN ('zalo', 'sms', 'email')),
  code TEXT NOT NULL,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 1
);
