-- Exchange with the national public-service portal (Cổng DVCQG), docs/adr/0017-national-portal-exchange.md.
--
-- Inbound: a dossier filed on DVCQG keeps DVCQG's code (dossiers.code) and never touches
-- dossier_counters; this table says where it came from and holds the hash of the request
-- that created it, so a redelivery answers with the same dossier and a different payload
-- under the same code is refused.
CREATE TABLE dvcqg_dossiers (
  dossier_id TEXT PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
  code TEXT NOT NULL UNIQUE,                -- DVCQG's MaHoSo, equal to dossiers.code
  request_hash TEXT NOT NULL,               -- SHA-256 of the validated request
  received_at TEXT NOT NULL                 -- when it reached this system (ISO 8601)
);

-- Outbound: the transactional outbox of status changes to sync to DVCQG. A row is written by
-- the trigger below in the same transaction as the status event, whichever code path wrote
-- the event (online, counter, office actions, stop requests, returns), so no change is lost.
-- Rows of one dossier are delivered in `seq` order: a row is sent only once every earlier row
-- of its dossier is delivered. `state`: pending (waiting, queued or retrying), delivered,
-- failed (the queue gave up and the message went to the dead-letter queue; an officer resends).
CREATE TABLE dvcqg_sync (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id TEXT NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  event_id INTEGER NOT NULL UNIQUE REFERENCES status_events (id),
  seq INTEGER NOT NULL,                     -- 1, 2, … per dossier, in the order of the events
  status INTEGER NOT NULL,                  -- the national status code of the event
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,      -- tries, counted as each starts (reset when an officer resends)
  last_error TEXT,                          -- short technical reason, never personal data
  enqueued_at TEXT,                         -- last put on the queue; NULL: not on the queue
  lease_until TEXT,                         -- a consumer is sending it until then
  delivered_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (dossier_id, seq)
);
CREATE INDEX dvcqg_sync_state ON dvcqg_sync (state, enqueued_at);

CREATE TRIGGER dvcqg_sync_on_status AFTER INSERT ON status_events
WHEN EXISTS (SELECT 1 FROM dvcqg_dossiers WHERE dossier_id = NEW.dossier_id)
BEGIN
  INSERT INTO dvcqg_sync (dossier_id, event_id, seq, status, created_at)
  VALUES (
    NEW.dossier_id,
    NEW.id,
    (SELECT coalesce(max(seq), 0) + 1 FROM dvcqg_sync WHERE dossier_id = NEW.dossier_id),
    NEW.status,
    NEW.at
  );
END;

-- API keys have a kind: Open311 client applications, or the DVCQG adapter that delivers
-- dossiers filed on the national portal. A key of one kind is refused by the other endpoint.
ALTER TABLE api_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'open311' CHECK (kind IN ('open311', 'dvcqg'));
