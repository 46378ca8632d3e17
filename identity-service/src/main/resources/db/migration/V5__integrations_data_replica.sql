-- Users, departments and integrations keep integration data like every other record (docs/integration-data.md):
-- integrations_data (there since V2) holds the namespaces, integrations_versions the version of each, so that an
-- older state from the topic integrations.data never overwrites a newer one; the GIN index answers a lookup by
-- outside id.
ALTER TABLE users ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';
ALTER TABLE departments ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';
ALTER TABLE integrations ADD COLUMN integrations_versions jsonb NOT NULL DEFAULT '{}';

CREATE INDEX users_integrations_data ON users USING gin (integrations_data jsonb_path_ops);
CREATE INDEX departments_integrations_data ON departments USING gin (integrations_data jsonb_path_ops);
CREATE INDEX integrations_integrations_data ON integrations USING gin (integrations_data jsonb_path_ops);
