-- Exact per-organization record counts, so an unfiltered list's total_count is one row read instead of
-- a count(*) over every record of the organization. Statement-level triggers with transition tables
-- keep them in the same transaction as the change (one counter update per statement, not per row).
-- Concurrent writers of one organization queue on its counter row until they commit.

CREATE TABLE record_counts (
    table_name text   NOT NULL,
    org_id     text   NOT NULL,
    count      bigint NOT NULL,
    PRIMARY KEY (table_name, org_id)
);

CREATE FUNCTION count_inserted_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_counts (table_name, org_id, count)
    SELECT TG_TABLE_NAME, org_id, count(*) FROM inserted_records GROUP BY org_id
    ON CONFLICT (table_name, org_id) DO UPDATE SET count = record_counts.count + EXCLUDED.count;
    RETURN NULL;
END $$;

CREATE FUNCTION count_deleted_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE record_counts c SET count = c.count - d.deleted
    FROM (SELECT org_id, count(*) AS deleted FROM deleted_records GROUP BY org_id) d
    WHERE c.table_name = TG_TABLE_NAME AND c.org_id = d.org_id;
    RETURN NULL;
END $$;

DO $$
DECLARE
    entity text;
BEGIN
    FOREACH entity IN ARRAY ARRAY['brands', 'categories', 'products', 'locations'] LOOP
        EXECUTE format('INSERT INTO record_counts (table_name, org_id, count) '
                       'SELECT %L, org_id, count(*) FROM %I GROUP BY org_id', entity, entity);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS inserted_records '
                       'FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_records()', entity || '_count_inserted', entity);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS deleted_records '
                       'FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_records()', entity || '_count_deleted', entity);
    END LOOP;
END $$;
