-- Integration data (docs/architecture.md#integration-data): the authoritative key-value store on any record of any entity,
-- one row per (organization, entity, record, integration). Entity services keep replicas, fed from the
-- compacted topic integrations.data; each namespace's version orders those updates.

-- One sequence for every namespace: a version never repeats, even after a namespace is purged and written
-- again, so a replica can always tell the newer state.
CREATE SEQUENCE integration_data_version;

CREATE TABLE integration_data (
    org_id      text        NOT NULL,
    entity      text        NOT NULL,
    record_id   text        NOT NULL,
    integration text        NOT NULL,
    data        jsonb       NOT NULL CHECK (jsonb_typeof(data) = 'object'),
    version     bigint      NOT NULL,
    updated     timestamptz NOT NULL,
    PRIMARY KEY (org_id, entity, record_id, integration)
);
-- Purging a deleted integration's data.
CREATE INDEX integration_data_by_integration ON integration_data (org_id, integration);

-- The integrations registry as identity-service announces it (identity.integrations): a write from an
-- integration that is disabled, deleted or not allowed to write data is refused even with a token
-- issued before the change.
CREATE TABLE integrations (
    id               text        PRIMARY KEY,
    org_id           text        NOT NULL,
    name             text        NOT NULL,
    enabled          boolean     NOT NULL,
    allow_write_data boolean     NOT NULL,
    deleted          boolean     NOT NULL DEFAULT false,
    changed          timestamptz NOT NULL
);
CREATE INDEX integrations_by_name ON integrations (org_id, name);
