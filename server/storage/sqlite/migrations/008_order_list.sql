-- The Orders page (listOrders) counts and pages orders through one of three indexes that hold every
-- column it filters and sorts on but the reference, so neither the count nor the page of ids reads the
-- orders themselves (docs/benchmarks.md, "The Orders page"): by date, by status then date, by account
-- then date. After their first column, entries are in time order, so a notification writes near the
-- end of a range, in pages already cached. They replace the narrow indexes on created_at and on
-- (status, created_at), which they also serve.
-- No index is led by an amount: its entries land anywhere, and on a year of orders one such index cost
-- each notification more than these three together; an amount sort reads the filtered range instead.
DROP INDEX orders_created;
DROP INDEX orders_status;
CREATE INDEX orders_list_created ON orders (created_at, status, psp, account_id, brands, amount, voucher_amount, card_amount);
CREATE INDEX orders_list_status ON orders (status, created_at, psp, account_id, brands, amount, voucher_amount, card_amount);
CREATE INDEX orders_list_account ON orders (account_id, created_at, status, psp, brands, amount, voucher_amount, card_amount);
