-- The search box matches a grouping key too; every branch of its OR needs an index for SQLite to use them all.
CREATE INDEX orders_group_key ON orders (group_key);
