-- Where the sources disagree, one row per order, part and kind of disagreement, with its lifecycle.
CREATE TABLE discrepancies (
  id          INTEGER PRIMARY KEY,
  order_id    INTEGER NOT NULL REFERENCES orders (id),
  -- '' for a discrepancy about the order as a whole.
  part_key    TEXT    NOT NULL DEFAULT '',
  type        TEXT    NOT NULL,
  status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved', 'closed')),
  reason      TEXT    NOT NULL,
  amount      INTEGER NOT NULL,
  currency    TEXT    NOT NULL,
  account_id  TEXT    NOT NULL,
  psp         TEXT    NOT NULL,
  brand       TEXT,
  evidence    TEXT    NOT NULL,
  opened_at   TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL,
  handled_by  TEXT,
  note        TEXT,
  closed_at   TEXT,
  UNIQUE (order_id, part_key, type)
);
CREATE INDEX discrepancies_queue ON discrepancies (status, opened_at);

-- An order changed since it was last reconciled is due again; the partial index keeps them at hand.
ALTER TABLE orders ADD COLUMN reconciled_at TEXT;
CREATE INDEX orders_to_reconcile ON orders (id) WHERE reconciled_at IS NULL OR reconciled_at < updated_at;

-- The Paris days a transactions report covers: a notified part of those days missing from it is a discrepancy.
ALTER TABLE import_files ADD COLUMN covers_from TEXT;
ALTER TABLE import_files ADD COLUMN covers_to TEXT;
