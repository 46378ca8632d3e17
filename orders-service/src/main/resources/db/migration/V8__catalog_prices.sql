-- What orders-service prices an order's lines from (dev.entrepot.orders.pricing.CatalogPrices): the few
-- fields of each product that pricing reads, kept from catalog-service's record events on catalog.products.
-- A copy, not an authority: a product missing here is asked of catalog-service over REST.
CREATE TABLE catalog_prices (
    org_id     text          NOT NULL,
    id         text          NOT NULL,
    sku        text,
    name_en    text,
    price      numeric(19,4),
    currency   text,
    is_enabled boolean       NOT NULL,
    PRIMARY KEY (org_id, id)
);
