-- Fees paid online or by transfer (issue 17 part 3, docs/adr/0018-fees-and-payment.md).
-- A payment request is written when the deciding agency asks for the fee (action
-- `request-payment`, status 6) and the procedure charges one for the dossier's channel: the
-- amount, the dossier code as the reference, and the national payment platform's payment
-- link when the platform accepted the request. Cash at the counter stays the officer's
-- "payment received" action, which settles the pending request (provider 'quay').
CREATE TABLE payment_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dossier_id TEXT NOT NULL REFERENCES dossiers(id),
  reference TEXT NOT NULL,                   -- the dossier code, as payers and platforms see it
  amount INTEGER NOT NULL CHECK (amount > 0), -- đồng
  created_at TEXT NOT NULL,                  -- ISO 8601, Vietnam time
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'paid', 'cancelled')),
  pay_url TEXT,                              -- the platform's payment page, when it gave one
  paid_at TEXT,
  provider TEXT,                             -- who confirmed it: 'dvcqg', 'chuyen-khoan', or 'quay' (the desk)
  transaction_id TEXT,
  receipt_number TEXT,                       -- the biên lai as the platform or collecting body issued it
  receipt_url TEXT
);
CREATE UNIQUE INDEX payment_requests_one_pending ON payment_requests (dossier_id) WHERE state = 'pending';
CREATE INDEX payment_requests_reference ON payment_requests (reference);

-- Every verified payment notification, once per (provider, transaction): a replay finds its row
-- and gets the same answer with no second effect. `outcome` is how it was matched; anything
-- but 'matched' is listed for reconciliation at /can-bo/thanh-toan. No payer's name or account
-- is stored.
CREATE TABLE payments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  provider TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  reference TEXT NOT NULL,                   -- as the payer wrote it (trimmed to 100 characters)
  amount INTEGER NOT NULL,
  paid_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('matched', 'unknown-reference', 'wrong-amount', 'duplicate')),
  request_id INTEGER REFERENCES payment_requests(id),
  agency_slug TEXT,                          -- whose reconciliation list shows it (null: administrators)
  receipt_number TEXT,
  receipt_url TEXT,
  UNIQUE (provider, transaction_id)
);
CREATE INDEX payments_unmatched ON payments (agency_slug, received_at) WHERE outcome != 'matched';
