-- The replica of integration data (docs/architecture.md#integration-data) on every record: integrations_data holds the
-- namespaces, integrations_versions the version of each, so that an older state from the topic
-- integrations.data never overwrites a newer one. The GIN index answers a lookup by outside id.
ALTER TABLE customers ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';
ALTER TABLE orders ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';

CREATE INDEX customers_integrations_data ON customers USING gin (integrations_data jsonb_path_ops);
CREATE INDEX orders_integrations_data ON orders USING gin (integrations_data jsonb_path_ops);
