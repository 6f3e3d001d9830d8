-- Cash operations issued from the product. A row exists before the PSP is called (state 'pending' or
-- 'awaiting_approval'), so what is in flight counts against the allowance of every later request.
CREATE TABLE operations (
  id                  INTEGER PRIMARY KEY,
  part_id             INTEGER NOT NULL REFERENCES parts (id),
  order_id            INTEGER NOT NULL REFERENCES orders (id),
  type                TEXT    NOT NULL CHECK (type IN ('refund', 'cancel', 'capture', 'validate')),
  amount              INTEGER NOT NULL CHECK (amount > 0),
  currency            TEXT    NOT NULL,
  state               TEXT    NOT NULL CHECK (state IN ('awaiting_approval', 'pending', 'unknown', 'succeeded', 'failed', 'rejected')),
  reason              TEXT    NOT NULL,
  idempotency_key     TEXT    NOT NULL UNIQUE,
  -- The request as first made, to tell a replay from another request under the same key.
  request_digest      TEXT    NOT NULL,
  requested_by_id     INTEGER,
  requested_by_type   TEXT    NOT NULL,
  requested_by_label  TEXT    NOT NULL,
  over_initial        INTEGER NOT NULL DEFAULT 0,
  approval_reason     TEXT,
  decided_by_id       INTEGER,
  decided_by_label    TEXT,
  decision_note       TEXT,
  decided_at          TEXT,
  psp_request_id      TEXT,
  psp_code            TEXT,
  psp_message         TEXT,
  psp_reference       TEXT,
  resolution          TEXT,
  created_at          TEXT    NOT NULL,
  sent_at             TEXT,
  completed_at        TEXT,
  updated_at          TEXT    NOT NULL
);
CREATE INDEX operations_part ON operations (part_id, state);
CREATE INDEX operations_order ON operations (order_id);
CREATE INDEX operations_state ON operations (state, created_at);
