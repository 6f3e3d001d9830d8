CREATE TABLE users (
  id                  INTEGER PRIMARY KEY,
  email               TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  name                TEXT    NOT NULL,
  role                TEXT    NOT NULL CHECK (role IN ('viewer', 'agent', 'supervisor', 'admin')),
  password_hash       TEXT    NOT NULL,
  -- Agents: the largest refund they may issue alone, in cents; null = the default limit.
  refund_limit        INTEGER,
  disabled_at         TEXT,
  password_changed_at TEXT    NOT NULL,
  created_at          TEXT    NOT NULL,
  updated_at          TEXT    NOT NULL
);

-- Server-side sessions; the cookie carries a random token, the table only its SHA-256.
CREATE TABLE sessions (
  token_hash   TEXT    PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id),
  created_at   TEXT    NOT NULL,
  last_seen_at TEXT    NOT NULL,
  expires_at   TEXT    NOT NULL,
  address      TEXT,
  user_agent   TEXT,
  revoked_at   TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Machine credentials (an accounting export, a monitoring probe): shown once, stored hashed.
CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  name         TEXT    NOT NULL,
  token_hash   TEXT    NOT NULL UNIQUE,
  prefix       TEXT    NOT NULL,
  role         TEXT    NOT NULL CHECK (role IN ('viewer', 'agent', 'supervisor', 'admin')),
  created_by   INTEGER NOT NULL REFERENCES users (id),
  created_at   TEXT    NOT NULL,
  expires_at   TEXT    NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);

-- One row per action that changes anything: who, what, on which object, before/after, when, from where.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT    NOT NULL,
  actor_type  TEXT    NOT NULL CHECK (actor_type IN ('user', 'token', 'anonymous', 'system')),
  actor_id    INTEGER,
  actor_label TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  object_type TEXT,
  object_id   TEXT,
  before      TEXT,
  after       TEXT,
  detail      TEXT,
  address     TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

-- Append-only: the product offers no way to change history, and neither does SQL through it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
