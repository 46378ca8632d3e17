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
