-- The daily report (GET /api/reports/daily) reads running totals instead of the parts themselves: a
-- year is about 1,500,000 parts, and no index over parts JOIN orders sums them in under half a second
-- (docs/benchmarks.md, "npm run bench:report"). Before a report is read, the totals catch up with the
-- orders changed since the last refresh (server/storage/sqlite/report-store.ts): every write to an
-- order or its parts sets the order's updated_at, which the reconciliation relies on too.
-- (Triggers would keep the totals without that, but a trigger makes SQLite keep a statement journal for
-- every write to parts and orders: 20 to 40 µs more per statement, on the notification path.)
--
-- Time bucket. SQLite knows no time zone, so the totals are kept per UTC bucket that always falls
-- inside one Europe/Paris day, and the server maps buckets to Paris days with the IANA rules
-- (server/domain/daily-report.ts). Paris is UTC+1 or UTC+2 and changes offset at 01:00 UTC, so:
--   'YYYY-MM-DD'  the instants from (day - 1) 23:00 to day 22:00 UTC: Paris day `day`, winter or summer;
--   'YYYY-MM-DD+' the hour day 22:00 to 23:00 UTC: Paris `day` in winter (23:xx), `day + 1` in summer (00:xx).
-- That is the UTC date one hour later, plus '+' for the 22:00 UTC hour (bucketOf in the domain module);
-- an unreadable date gives '' (never reported).

-- The bucket an order was last counted in, and its updated_at then: it is due again when it changed since.
ALTER TABLE orders ADD COLUMN report_bucket TEXT;
ALTER TABLE orders ADD COLUMN reported_at TEXT;

-- What each order added to the totals at the last refresh, per brand, to take it out again when it
-- changes. The figures are those of daily_totals: accepted = TO_VALIDATE, TO_CAPTURE, CAPTURED;
-- pending = PENDING, TO_VALIDATE; failed = REFUSED, CANCELLED, EXPIRED (shared/psp.ts and
-- shared/api-reports.ts; the refresh builds them from there). Changing a definition needs a migration
-- that empties these three tables and sets orders.reported_at to NULL, so the next refresh counts again.
CREATE TABLE daily_order_parts (
  order_id      INTEGER NOT NULL,
  kind          TEXT    NOT NULL,
  brand         TEXT    NOT NULL,
  currency      TEXT    NOT NULL,
  parts         INTEGER NOT NULL,
  gross         INTEGER NOT NULL,
  refunds       INTEGER NOT NULL,
  pending_count INTEGER NOT NULL,
  pending_amount INTEGER NOT NULL,
  failed_count  INTEGER NOT NULL,
  captured      INTEGER NOT NULL,
  PRIMARY KEY (order_id, kind, brand, currency)
) WITHOUT ROWID;

-- Per order bucket, account and brand: orders with a part of that brand (an order retried with the same
-- card counts once), parts, and their amounts in cents of `currency`.
CREATE TABLE daily_totals (
  bucket        TEXT    NOT NULL,
  account_id    TEXT    NOT NULL,
  psp           TEXT    NOT NULL,
  kind          TEXT    NOT NULL,
  brand         TEXT    NOT NULL,
  currency      TEXT    NOT NULL,
  orders        INTEGER NOT NULL,
  parts         INTEGER NOT NULL,
  gross         INTEGER NOT NULL,
  refunds       INTEGER NOT NULL,
  pending_count INTEGER NOT NULL,
  pending_amount INTEGER NOT NULL,
  failed_count  INTEGER NOT NULL,
  captured      INTEGER NOT NULL,
  PRIMARY KEY (bucket, account_id, psp, kind, brand, currency)
) WITHOUT ROWID;

-- Orders per bucket and account, whatever their parts.
CREATE TABLE daily_orders (
  bucket     TEXT    NOT NULL,
  account_id TEXT    NOT NULL,
  psp        TEXT    NOT NULL,
  currency   TEXT    NOT NULL,
  orders     INTEGER NOT NULL,
  PRIMARY KEY (bucket, account_id, psp, currency)
) WITHOUT ROWID;

-- The orders already there, counted now.
UPDATE orders SET reported_at = updated_at,
  report_bucket = COALESCE(strftime('%Y-%m-%d', created_at, '+1 hour') || CASE strftime('%H', created_at) WHEN '22' THEN '+' ELSE '' END, '');

INSERT INTO daily_order_parts
  SELECT order_id, kind, brand, currency, count(*),
    sum(CASE WHEN status IN ('TO_VALIDATE', 'TO_CAPTURE', 'CAPTURED') THEN amount ELSE 0 END),
    sum(refunded_amount),
    sum(status IN ('PENDING', 'TO_VALIDATE')),
    sum(CASE WHEN status IN ('PENDING', 'TO_VALIDATE') THEN amount ELSE 0 END),
    sum(status IN ('REFUSED', 'CANCELLED', 'EXPIRED')),
    sum(captured_amount)
  FROM parts GROUP BY 1, 2, 3, 4;

INSERT INTO daily_totals
  SELECT o.report_bucket, o.account_id, o.psp, s.kind, s.brand, s.currency, count(*), sum(s.parts), sum(s.gross), sum(s.refunds),
    sum(s.pending_count), sum(s.pending_amount), sum(s.failed_count), sum(s.captured)
  FROM orders o JOIN daily_order_parts s ON s.order_id = o.id
  WHERE o.report_bucket <> ''
  GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO daily_orders
  SELECT report_bucket, account_id, psp, currency, count(*)
  FROM orders
  WHERE report_bucket <> ''
  GROUP BY 1, 2, 3, 4;

-- Only the orders changed since (new ones included: reported_at is NULL) are in it, so it stays small.
CREATE INDEX orders_to_report ON orders (id) WHERE reported_at IS NOT updated_at;
