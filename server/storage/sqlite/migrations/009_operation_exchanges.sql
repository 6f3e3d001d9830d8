-- Every request sent to a PSP for an operation (the operation itself, then any inquiry), exactly as
-- sent and as answered, without headers (they may carry credentials): what support shows the PSP.
CREATE TABLE operation_exchanges (
  id            INTEGER PRIMARY KEY,
  operation_id  INTEGER NOT NULL REFERENCES operations (id),
  at            TEXT    NOT NULL,
  purpose       TEXT    NOT NULL CHECK (purpose IN ('execute', 'inquire')),
  url           TEXT    NOT NULL,
  request       TEXT    NOT NULL,
  http_status   INTEGER,
  response      TEXT,
  error         TEXT
);
CREATE INDEX operation_exchanges_operation ON operation_exchanges (operation_id);
