-- What orders-service prices an order's lines from (dev.entrepot.orders.pricing.CatalogPrices): the few
-- fields of each product that pricing reads, kept from catalog-service's record events on catalog.products.
-- A copy, not an authority: a product missing here is asked of catalog-service over REST. `updated` is the
-- product's own (its event's data): an event older than the row changes nothing, so an event applied late
-- (a partition moving between replicas) never brings back an older state. A deleted product stays as a
-- row marked deleted, so that no older event of it can bring it back.
CREATE TABLE catalog_prices (
    org_id     text          NOT NULL,
    id         text          NOT NULL,
    updated    timestamptz   NOT NULL,
    deleted    boolean       NOT NULL DEFAULT false,
    sku        text,
    name_en    text,
    price      numeric(19,4),
    currency   text,
    is_enabled boolean       NOT NULL,
    PRIMARY KEY (org_id, id)
);
