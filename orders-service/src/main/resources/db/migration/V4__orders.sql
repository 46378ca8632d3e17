-- Orders (see dev.entrepot.orders.Orders and dev.entrepot.orders.placement): the lines, priced from the
-- catalog when the order is placed, are kept with the order as it was sold (jsonb), never re-priced.
CREATE TABLE orders (
    id                text          PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text          NOT NULL,
    version           bigint        NOT NULL,
    created           timestamptz   NOT NULL,
    updated           timestamptz   NOT NULL,
    integrations_data jsonb         NOT NULL DEFAULT '{}',
    number            text          NOT NULL,
    customer_id       text,
    source            text          NOT NULL,
    status            text          NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected', 'fulfilled', 'delivered', 'cancelled')),
    reason            text,
    currency          text          NOT NULL,
    location_id       text,
    lines             jsonb         NOT NULL,
    quantity          bigint        NOT NULL,
    subtotal          numeric(19,4) NOT NULL,
    shipping          numeric(19,4) NOT NULL DEFAULT 0,
    discount          numeric(19,4) NOT NULL DEFAULT 0,
    total             numeric(19,4) NOT NULL,
    notes             text,
    search_vector     tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, translate(number || ' ' || coalesce(notes, ''), '-', ' '))) STORED,
    CONSTRAINT orders_number_unique UNIQUE (org_id, number)
);
CREATE INDEX orders_created ON orders (org_id, created DESC, id DESC);
CREATE INDEX orders_status_source ON orders (org_id, status, source, created DESC);
CREATE INDEX orders_customer ON orders (org_id, customer_id, created DESC);
CREATE INDEX orders_search ON orders USING gin (search_vector);

-- The last number given per organization (ORD-000001, ORD-000002, ...).
CREATE TABLE order_numbers (
    org_id text   PRIMARY KEY,
    last   bigint NOT NULL
);
