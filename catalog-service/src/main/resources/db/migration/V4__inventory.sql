-- Inventory (see dev.entrepot.catalog.inventory): stock per product and location, the ledger of every
-- change to on_hand, and the reservations that orders hold. Each table has the columns the generic
-- read API needs (id, org_id, version, created, updated, integrations_data). The event inbox and the
-- record counts come from the platform (docs/foundation.md, Schema).

CREATE TABLE stock_levels (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text        NOT NULL,
    version           bigint      NOT NULL,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    integrations_data jsonb       NOT NULL DEFAULT '{}',
    product_id        text        NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    location_id       text        NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    on_hand           bigint      NOT NULL DEFAULT 0,
    reserved          bigint      NOT NULL DEFAULT 0,
    available         bigint      GENERATED ALWAYS AS (on_hand - reserved) STORED,
    -- The last line of defence against overselling: the service checks first and says why.
    CONSTRAINT stock_levels_never_oversold CHECK (reserved >= 0 AND reserved <= on_hand),
    CONSTRAINT stock_levels_one_per_place UNIQUE (org_id, product_id, location_id)
);
CREATE INDEX stock_levels_created ON stock_levels (org_id, created DESC, id DESC);
CREATE INDEX stock_levels_location ON stock_levels (org_id, location_id);

-- The ledger: never updated, never deleted, and kept when its product or location is deleted.
CREATE TABLE inventory_adjustments (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text        NOT NULL,
    version           bigint      NOT NULL,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    integrations_data jsonb       NOT NULL DEFAULT '{}',
    product_id        text        NOT NULL,
    location_id       text        NOT NULL,
    delta             bigint      NOT NULL CHECK (delta <> 0),
    reason            text        NOT NULL,
    order_id          text,
    on_hand_after     bigint      NOT NULL
);
CREATE INDEX inventory_adjustments_created ON inventory_adjustments (org_id, created DESC, id DESC);
CREATE INDEX inventory_adjustments_product ON inventory_adjustments (org_id, product_id, created DESC);

CREATE TABLE inventory_reservations (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text        NOT NULL,
    version           bigint      NOT NULL,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    integrations_data jsonb       NOT NULL DEFAULT '{}',
    order_id          text        NOT NULL,
    product_id        text        NOT NULL,
    location_id       text        NOT NULL,
    quantity          bigint      NOT NULL CHECK (quantity > 0),
    status            text        NOT NULL CHECK (status IN ('reserved', 'released', 'committed')),
    CONSTRAINT inventory_reservations_one_per_place UNIQUE (org_id, order_id, product_id, location_id)
);
CREATE INDEX inventory_reservations_created ON inventory_reservations (org_id, created DESC, id DESC);
CREATE INDEX inventory_reservations_open ON inventory_reservations (org_id, product_id) WHERE status = 'reserved';
