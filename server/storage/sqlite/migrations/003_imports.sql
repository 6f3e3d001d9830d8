-- Every report file handed to the product, stored raw (content-addressed by its SHA-256) before parsing.
CREATE TABLE import_files (
  id            INTEGER PRIMARY KEY,
  file_name     TEXT    NOT NULL,
  sha256        TEXT    NOT NULL,
  size          INTEGER NOT NULL,
  -- Where the raw bytes are, relative to the imports folder beside the database.
  stored_as     TEXT    NOT NULL,
  channel       TEXT    NOT NULL,
  account_id    TEXT,
  psp           TEXT,
  profile       TEXT,
  kind          TEXT,
  status        TEXT    NOT NULL DEFAULT 'received',
  duplicate_of  INTEGER REFERENCES import_files (id),
  rows          INTEGER NOT NULL DEFAULT 0,
  new_rows      INTEGER NOT NULL DEFAULT 0,
  confirmed     INTEGER NOT NULL DEFAULT 0,
  unchanged     INTEGER NOT NULL DEFAULT 0,
  unmatched     INTEGER NOT NULL DEFAULT 0,
  discrepancies INTEGER NOT NULL DEFAULT 0,
  error_count   INTEGER NOT NULL DEFAULT 0,
  errors        TEXT    NOT NULL DEFAULT '[]',
  more_errors   INTEGER NOT NULL DEFAULT 0,
  message       TEXT,
  -- The header of the file (JSON array): the names of the values each report line keeps.
  header        TEXT,
  actor         TEXT    NOT NULL,
  received_at   TEXT    NOT NULL,
  finished_at   TEXT,
  duration_ms   INTEGER
);
CREATE INDEX import_files_sha256 ON import_files (sha256, status);
CREATE INDEX import_files_account ON import_files (account_id, id);

-- One report row per part it speaks of (a Sips SPLIT transaction is two), kept once per account:
-- the row key makes yesterday's and this week's file agree on what was already applied.
CREATE TABLE report_lines (
  id             INTEGER PRIMARY KEY,
  account_id     TEXT    NOT NULL,
  kind           TEXT    NOT NULL CHECK (kind IN ('transactions', 'operations')),
  row_key        TEXT    NOT NULL,
  import_id      INTEGER NOT NULL REFERENCES import_files (id),
  line           INTEGER NOT NULL,
  group_key      TEXT    NOT NULL,
  part_key       TEXT    NOT NULL,
  part_kind      TEXT    NOT NULL,
  transaction_id TEXT,
  reference      TEXT,
  call_number    TEXT,
  brand          TEXT    NOT NULL,
  operation      TEXT,
  succeeded      INTEGER,
  status         TEXT,
  amount         INTEGER NOT NULL,
  currency       TEXT    NOT NULL,
  occurred_at    TEXT,
  response_code  TEXT,
  authorisation_id TEXT,
  masked_pan     TEXT,
  -- The order total the row states (a Sips transaction), and problems it carries (a SPLIT that does not add up).
  order_amount   INTEGER,
  anomalies      TEXT    NOT NULL DEFAULT '[]',
  -- The whole row, every column in the file's order (unknown ones included); the names are the import's header.
  data           TEXT    NOT NULL,
  match          TEXT    NOT NULL DEFAULT 'unmatched',
  outside        INTEGER NOT NULL DEFAULT 0,
  order_id       INTEGER REFERENCES orders (id),
  part_id        INTEGER REFERENCES parts (id),
  note           TEXT,
  UNIQUE (account_id, kind, row_key)
);
CREATE INDEX report_lines_import ON report_lines (import_id);
CREATE INDEX report_lines_unmatched ON report_lines (account_id, id) WHERE match = 'unmatched';

ALTER TABLE part_events ADD COLUMN report_line_id INTEGER REFERENCES report_lines (id);

-- Mapping profiles an admin added or edited; the shipped ones live in the repository.
CREATE TABLE import_profiles (
  name       TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
