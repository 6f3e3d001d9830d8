-- Every request to a notification endpoint, exactly as received, before interpretation.
CREATE TABLE inbox (
  id                  INTEGER PRIMARY KEY,
  received_at         TEXT    NOT NULL,
  psp                 TEXT    NOT NULL,
  account_id          TEXT    NOT NULL,
  method              TEXT    NOT NULL,
  path                TEXT    NOT NULL,
  query               TEXT    NOT NULL DEFAULT '',
  headers             TEXT    NOT NULL,
  body                BLOB    NOT NULL,
  body_size           INTEGER NOT NULL,
  body_truncated      INTEGER NOT NULL DEFAULT 0,
  remote_address      TEXT,
  verification        TEXT    NOT NULL DEFAULT 'pending',
  verification_detail TEXT,
  outcome             TEXT    NOT NULL DEFAULT 'received',
  http_status         INTEGER,
  error_code          TEXT,
  error_message       TEXT,
  error_field         TEXT,
  order_id            INTEGER REFERENCES orders (id),
  replay_of           INTEGER REFERENCES inbox (id),
  processed_at        TEXT
);
-- Only the rejected requests need finding quickly; indexing every outcome would cost each notification.
CREATE INDEX inbox_rejected ON inbox (id) WHERE outcome IN ('rejected', 'failed');
CREATE INDEX inbox_account ON inbox (account_id, id);
CREATE INDEX inbox_order ON inbox (order_id);

CREATE TABLE orders (
  id              INTEGER PRIMARY KEY,
  account_id      TEXT    NOT NULL,
  psp             TEXT    NOT NULL,
  group_key       TEXT    NOT NULL,
  reference       TEXT,
  call_number     TEXT,
  currency        TEXT    NOT NULL,
  expected_amount INTEGER,
  amount          INTEGER NOT NULL DEFAULT 0,
  voucher_amount  INTEGER NOT NULL DEFAULT 0,
  card_amount     INTEGER NOT NULL DEFAULT 0,
  status          TEXT    NOT NULL DEFAULT 'pending',
  brands          TEXT    NOT NULL DEFAULT '',
  part_count      INTEGER NOT NULL DEFAULT 0,
  anomalies       TEXT    NOT NULL DEFAULT '[]',
  -- Problems the sources reported about the order as a whole (SPLIT that does not parse or add up).
  source_anomalies TEXT   NOT NULL DEFAULT '[]',
  customer_email  TEXT,
  created_at      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL,
  UNIQUE (account_id, group_key)
);
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX orders_status ON orders (status, created_at);
CREATE INDEX orders_reference ON orders (reference);
CREATE INDEX orders_call_number ON orders (call_number);
CREATE INDEX orders_email ON orders (customer_email COLLATE NOCASE);

-- One payment part of an order: a voucher or a card payment, with its own PSP transaction.
CREATE TABLE parts (
  id                 INTEGER PRIMARY KEY,
  order_id           INTEGER NOT NULL REFERENCES orders (id),
  part_key           TEXT    NOT NULL,
  kind               TEXT    NOT NULL CHECK (kind IN ('voucher', 'card')),
  brand              TEXT    NOT NULL,
  amount             INTEGER NOT NULL,
  currency           TEXT    NOT NULL,
  status             TEXT    NOT NULL,
  psp_transaction_id TEXT,
  authorisation_id   TEXT,
  masked_pan         TEXT,
  pan_last4          TEXT,
  response_code      TEXT,
  response_message   TEXT,
  captured_amount    INTEGER NOT NULL DEFAULT 0,
  refunded_amount    INTEGER NOT NULL DEFAULT 0,
  capture_due_at     TEXT,
  paid_at            TEXT,
  anomalies          TEXT    NOT NULL DEFAULT '[]',
  first_source       TEXT    NOT NULL,
  created_at         TEXT    NOT NULL,
  updated_at         TEXT    NOT NULL,
  UNIQUE (order_id, part_key)
);
CREATE INDEX parts_psp_transaction ON parts (psp_transaction_id);
CREATE INDEX parts_authorisation ON parts (authorisation_id);
CREATE INDEX parts_pan_last4 ON parts (pan_last4);
CREATE INDEX parts_brand ON parts (brand, order_id);

-- The history of each part: what each source said, and the stored request it came from.
CREATE TABLE part_events (
  id            INTEGER PRIMARY KEY,
  part_id       INTEGER NOT NULL REFERENCES parts (id),
  inbox_id      INTEGER REFERENCES inbox (id),
  source        TEXT    NOT NULL,
  status        TEXT,
  amount        INTEGER,
  response_code TEXT,
  message       TEXT,
  occurred_at   TEXT,
  recorded_at   TEXT    NOT NULL,
  fingerprint   TEXT    NOT NULL,
  data          TEXT    NOT NULL,
  UNIQUE (part_id, fingerprint)
);
CREATE INDEX part_events_inbox ON part_events (inbox_id);
