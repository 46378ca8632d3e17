-- Exact per-organization record counts, so an unfiltered list's total_count is a few rows read instead
-- of a count(*) over every record of the organization (RecordStore). Statement-level triggers with
-- transition tables keep them in the transaction of the change; RecordCounting attaches them at start
-- to every table of the service's EntityRegistry.
-- Counts are kept in up to 16 slots per (table, organization), one chosen by the backend process:
-- concurrent writers of one organization rarely share a slot, so they do not queue on one row until
-- they commit; the count is the sum of the slots (a slot may go negative, the sum stays exact).

CREATE TABLE IF NOT EXISTS record_counts (
    table_name text     NOT NULL,
    org_id     text     NOT NULL,
    count      bigint   NOT NULL,
    slot       smallint NOT NULL DEFAULT 0,
    PRIMARY KEY (table_name, org_id, slot)
);

-- A database made before the counts moved here may have them with one row per (table, organization):
-- its rows become slot 0.
ALTER TABLE record_counts ADD COLUMN IF NOT EXISTS slot smallint NOT NULL DEFAULT 0;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                   WHERE i.indrelid = 'record_counts'::regclass AND i.indisprimary AND a.attname = 'slot') THEN
        ALTER TABLE record_counts DROP CONSTRAINT record_counts_pkey;
        ALTER TABLE record_counts ADD PRIMARY KEY (table_name, org_id, slot);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION count_inserted_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_counts (table_name, org_id, slot, count)
    SELECT TG_TABLE_NAME, org_id, pg_backend_pid() % 16, count(*) FROM inserted_records GROUP BY org_id
    ON CONFLICT (table_name, org_id, slot) DO UPDATE SET count = record_counts.count + EXCLUDED.count;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION count_deleted_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_counts (table_name, org_id, slot, count)
    SELECT TG_TABLE_NAME, org_id, pg_backend_pid() % 16, -count(*) FROM deleted_records GROUP BY org_id
    ON CONFLICT (table_name, org_id, slot) DO UPDATE SET count = record_counts.count + EXCLUDED.count;
    RETURN NULL;
END $$;
