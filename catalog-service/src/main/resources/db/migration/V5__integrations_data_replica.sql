-- The replica of integration data (docs/architecture.md#integration-data) on every record: integrations_data holds the
-- namespaces, integrations_versions the version of each, so that an older state from the topic
-- integrations.data never overwrites a newer one. The GIN index answers a lookup by outside id
-- (integrations_data @> '{"erp": {"external_id": "A-17"}}').
ALTER TABLE brands ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';
ALTER TABLE categories ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';
ALTER TABLE products ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';
ALTER TABLE locations ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';
ALTER TABLE stock_levels ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';
ALTER TABLE inventory_adjustments ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';
ALTER TABLE inventory_reservations ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';

CREATE INDEX brands_integrations_data ON brands USING gin (integrations_data jsonb_path_ops);
CREATE INDEX categories_integrations_data ON categories USING gin (integrations_data jsonb_path_ops);
CREATE INDEX products_integrations_data ON products USING gin (integrations_data jsonb_path_ops);
CREATE INDEX locations_integrations_data ON locations USING gin (integrations_data jsonb_path_ops);
