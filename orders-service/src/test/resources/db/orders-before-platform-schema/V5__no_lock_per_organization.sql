-- Orders arrive hundreds a second in one organization, and each insert's statement trigger used to
-- update that organization's single record_counts row, which serialized every placement until its
-- commit. Counts are now kept in up to 16 slots per (table, organization), one chosen by the backend
-- process: concurrent transactions rarely share a slot, and the count is the sum of the slots.
ALTER TABLE record_counts ADD COLUMN slot smallint NOT NULL DEFAULT 0;
ALTER TABLE record_counts DROP CONSTRAINT record_counts_pkey;
ALTER TABLE record_counts ADD PRIMARY KEY (table_name, org_id, slot);

CREATE OR REPLACE FUNCTION count_inserted_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_counts (table_name, org_id, slot, count)
    SELECT TG_TABLE_NAME, org_id, pg_backend_pid() % 16, count(*) FROM inserted_records GROUP BY org_id
    ON CONFLICT (table_name, org_id, slot) DO UPDATE SET count = record_counts.count + EXCLUDED.count;
    RETURN NULL;
END $$;

-- A deletion subtracts in its own slot (a slot may go negative; the sum stays exact).
CREATE OR REPLACE FUNCTION count_deleted_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_counts (table_name, org_id, slot, count)
    SELECT TG_TABLE_NAME, org_id, pg_backend_pid() % 16, -count(*) FROM deleted_records GROUP BY org_id
    ON CONFLICT (table_name, org_id, slot) DO UPDATE SET count = record_counts.count + EXCLUDED.count;
    RETURN NULL;
END $$;

-- Order numbers come from one sequence (nextval takes no lock a transaction keeps): unique in every
-- organization, increasing, with gaps. A per-organization counter row serialized all its placements.
CREATE SEQUENCE order_number_seq;
SELECT setval('order_number_seq', greatest(1, coalesce((SELECT max(last) FROM order_numbers), 1)));
DROP TABLE order_numbers;
