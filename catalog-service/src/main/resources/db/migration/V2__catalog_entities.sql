-- The catalog's entities (see dev.entrepot.catalog.Catalog). Every entity table has the columns the
-- generic API needs: id, org_id, version (the ETag), created, updated, integrations_data; searchable
-- entities a generated search_vector over their searchable fields with a GIN index (hyphens become
-- spaces, so 'A-3' is the words 'a' and '3', not 'a' and the number -3).
-- References are checked by the service inside the write's transaction (a list of ids cannot carry a
-- foreign key), and a referenced record cannot be deleted.

CREATE TABLE brands (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text        NOT NULL,
    version           bigint      NOT NULL,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    integrations_data jsonb       NOT NULL DEFAULT '{}',
    name              text        NOT NULL,
    slug              text,
    is_enabled        boolean     NOT NULL DEFAULT true,
    search_vector     tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, name)) STORED
);
CREATE UNIQUE INDEX brands_slug ON brands (org_id, slug);
CREATE INDEX brands_created ON brands (org_id, created DESC, id DESC);
CREATE INDEX brands_search ON brands USING gin (search_vector);

CREATE TABLE categories (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text        NOT NULL,
    version           bigint      NOT NULL,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    integrations_data jsonb       NOT NULL DEFAULT '{}',
    name_en           text        NOT NULL,
    name_ar           text,
    parent_id         text,
    search_vector     tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, name_en || ' ' || coalesce(name_ar, ''))) STORED
);
CREATE INDEX categories_created ON categories (org_id, created DESC, id DESC);
CREATE INDEX categories_parent ON categories (org_id, parent_id);
CREATE INDEX categories_search ON categories USING gin (search_vector);

CREATE TABLE products (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text        NOT NULL,
    version           bigint      NOT NULL,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    integrations_data jsonb       NOT NULL DEFAULT '{}',
    sku               text,
    barcode           text,
    name_en           text        NOT NULL,
    name_ar           text,
    description_en    text,
    description_ar    text,
    brand_id          text,
    category_ids      text[]      NOT NULL DEFAULT '{}',
    price             numeric(19, 4),
    currency          text,
    is_enabled        boolean     NOT NULL DEFAULT true,
    attributes        jsonb       NOT NULL DEFAULT '{}',
    images            text[]      NOT NULL DEFAULT '{}',
    search_vector     tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, translate(coalesce(sku, '') || ' ' || coalesce(barcode, '') || ' ' || name_en
            || ' ' || coalesce(name_ar, '') || ' ' || coalesce(description_en, '') || ' ' || coalesce(description_ar, ''),
            '-', ' '))) STORED
);
CREATE UNIQUE INDEX products_sku ON products (org_id, sku);
CREATE INDEX products_created ON products (org_id, created DESC, id DESC);
CREATE INDEX products_updated ON products (org_id, updated DESC, id DESC);
CREATE INDEX products_brand ON products (org_id, brand_id, created DESC, id DESC);
CREATE INDEX products_price ON products (org_id, price, id);
CREATE INDEX products_name ON products (org_id, name_en, id);
CREATE INDEX products_categories ON products USING gin (category_ids);
CREATE INDEX products_search ON products USING gin (search_vector);

CREATE TABLE locations (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text        NOT NULL,
    version           bigint      NOT NULL,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    integrations_data jsonb       NOT NULL DEFAULT '{}',
    name              text        NOT NULL,
    code              text,
    type              text        NOT NULL DEFAULT 'warehouse',
    address_line1     text,
    address_line2     text,
    city              text,
    region            text,
    postal_code       text,
    country           text,
    is_enabled        boolean     NOT NULL DEFAULT true,
    search_vector     tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, translate(name || ' ' || coalesce(code, '') || ' ' || coalesce(city, ''), '-', ' '))) STORED
);
CREATE UNIQUE INDEX locations_code ON locations (org_id, code);
CREATE INDEX locations_created ON locations (org_id, created DESC, id DESC);
CREATE INDEX locations_search ON locations USING gin (search_vector);
