-- Notifications (docs/adr/0019-notifications.md): the channel the citizen chose, and the
-- delivery of every message to citizens.
--
-- applicants.notify_channel: 'zalo', 'sms' or 'email' as chosen on the form or at the counter;
-- NULL for dossiers taken in before (email if given, else SMS, as before).
ALTER TABLE applicants ADD COLUMN notify_channel TEXT CHECK (notify_channel IN ('zalo', 'sms', 'email'));

-- The delivery of each outbox row, in a table of its own: the outbox is rebuilt by other
-- migrations (its CHECK and columns cannot be altered in SQLite), so nothing here depends on
-- its shape and there is no foreign key to it (a rebuild drops and renames the table).
-- outbox.channel stays the kind of address ('sms': a phone number, 'email'); `via` is how the
-- message goes: 'zalo' (to the phone's Zalo account), 'sms' or 'email'.
--   state    pending (chờ gửi) → sent (đã gửi) | retrying (đang thử lại) → failed (không gửi được)
--   failure  temporary | permanent | technical, with reason = the provider's code or ours
--   params   the message's values as JSON ({code, procedure, desk, dueDate, detail, hotline}),
--            which a Zalo template is filled with (its text is Zalo's, not ours)
--   enqueued_at      when it was last claimed for the queue (the cron sweep re-claims lost ones)
--   next_attempt_at  when a retrying message is due again
-- Rows written without one (older rows, other kinds of messages) get one when dispatched.
CREATE TABLE outbox_delivery (
  outbox_id INTEGER PRIMARY KEY,
  via TEXT NOT NULL CHECK (via IN ('zalo', 'sms', 'email')),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'retrying', 'sent', 'failed')),
  failure TEXT CHECK (failure IN ('temporary', 'permanent', 'technical')),
  reason TEXT,
  params TEXT,
  enqueued_at TEXT,
  next_attempt_at TEXT
);
INSERT INTO outbox_delivery (outbox_id, via, state, failure, reason)
SELECT id, channel,
  CASE WHEN sent_at IS NOT NULL THEN 'sent' WHEN attempts >= 5 THEN 'failed' ELSE 'pending' END,
  CASE WHEN sent_at IS NULL AND attempts >= 5 THEN 'temporary' END,
  CASE WHEN sent_at IS NULL AND attempts >= 5 THEN 'too-many-attempts' END
FROM outbox;
CREATE INDEX outbox_delivery_due ON outbox_delivery (state, next_attempt_at);

-- Technical failures (credentials, configuration, balance): one row per channel, shown on the
-- back-office dashboard until an administrator clears it. No personal data: a code and times.
CREATE TABLE notify_alerts (
  channel TEXT PRIMARY KEY CHECK (channel IN ('zalo', 'sms', 'email')),
  code TEXT NOT NULL,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 1
);
