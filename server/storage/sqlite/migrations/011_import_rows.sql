-- A file is accepted once stored and every row of it checked, its rows kept as read; applying them to
-- orders follows, in its own transaction. An import still received, processing or accepted when the
-- server starts was cut short by a stop: it is taken up again from its stored file.
ALTER TABLE import_files ADD COLUMN accepted_at TEXT;

-- Each data row of an imported file, every column in the file's order (unknown ones included, a full
-- card number masked); the names are the import's header. Kept once per row, where report_lines kept
-- them once per part (twice for a Sips SPLIT), and written while the file is checked.
CREATE TABLE report_rows (
  import_id INTEGER NOT NULL REFERENCES import_files (id),
  line      INTEGER NOT NULL,
  data      TEXT    NOT NULL,
  PRIMARY KEY (import_id, line)
) WITHOUT ROWID;
INSERT OR IGNORE INTO report_rows (import_id, line, data) SELECT import_id, line, data FROM report_lines ORDER BY import_id, line;
ALTER TABLE report_lines DROP COLUMN data;
