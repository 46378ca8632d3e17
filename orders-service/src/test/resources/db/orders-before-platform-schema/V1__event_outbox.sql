-- The transactional outbox of DESIGN.md section 6: an event row is written in the same transaction
-- as the change it describes, and a relay publishes the rows to Kafka in position order.
CREATE TABLE event_outbox (
    position   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   uuid        NOT NULL UNIQUE,
    topic      text        NOT NULL,
    record_key text        NOT NULL,
    event_type text        NOT NULL,
    payload    jsonb       NOT NULL,
    created    timestamptz NOT NULL DEFAULT now(),
    published  timestamptz
);

CREATE INDEX event_outbox_unpublished ON event_outbox (position) WHERE published IS NULL;
