-- A new integration may write integration data unless unchecked (docs/dialects.md, Pakk's defaults). The
-- API sets the default itself; the column says the same for a row written by SQL. Existing rows keep theirs.
ALTER TABLE integrations ALTER COLUMN allow_write_data SET DEFAULT true;
