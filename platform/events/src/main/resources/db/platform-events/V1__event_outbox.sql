-- The transactional outbox (docs/events.md, Publishing): an event row is written in the same
-- transaction as the change it describes, and OutboxRelay publishes the rows to Kafka in position order.
-- IF NOT EXISTS: a database made before the outbox moved here already has it, from the service's own V1.
CREATE TABLE IF NOT EXISTS event_outbox (
    position   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   uuid        NOT NULL UNIQUE,
    topic      text        NOT NULL,
    record_key text        NOT NULL,
    event_type text        NOT NULL,
    payload    jsonb       NOT NULL,
    created    timestamptz NOT NULL DEFAULT now(),
    published  timestamptz
);

CREATE INDEX IF NOT EXISTS event_outbox_unpublished ON event_outbox (position) WHERE published IS NULL;
