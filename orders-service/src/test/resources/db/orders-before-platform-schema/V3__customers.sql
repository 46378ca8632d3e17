-- Customers (see dev.entrepot.orders.Orders), with the columns the generic API needs: id, org_id,
-- version (the ETag), created, updated, integrations_data, and a generated search vector.
CREATE TABLE customers (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text        NOT NULL,
    version           bigint      NOT NULL,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    integrations_data jsonb       NOT NULL DEFAULT '{}',
    name              text        NOT NULL,
    email             text,
    phone             text,
    type              text        NOT NULL DEFAULT 'regular',
    status            text        NOT NULL DEFAULT 'active',
    addresses         jsonb       NOT NULL DEFAULT '[]',
    search_vector     tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, translate(name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''), '-', ' '))) STORED
);
-- One email per customer of an organization, whatever its case.
CREATE UNIQUE INDEX customers_email ON customers (org_id, lower(email));
CREATE INDEX customers_created ON customers (org_id, created DESC, id DESC);
CREATE INDEX customers_type_status ON customers (org_id, type, status);
CREATE INDEX customers_search ON customers USING gin (search_vector);

-- Exact per-organization record counts for unfiltered lists, kept by statement-level triggers in the
-- transaction of the change (as in the catalog's V3).
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

CREATE TRIGGER customers_count_inserted AFTER INSERT ON customers REFERENCING NEW TABLE AS inserted_records
    FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_records();
CREATE TRIGGER customers_count_deleted AFTER DELETE ON customers REFERENCING OLD TABLE AS deleted_records
    FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_records();
