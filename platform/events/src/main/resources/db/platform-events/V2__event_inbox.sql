-- The inbox (docs/events.md, Consuming): Inbox records each applied event id here in the same
-- transaction as the event's effect, so a redelivered event is recognised and skipped; rows older than
-- entrepot.inbox.retention are removed by received.
-- IF NOT EXISTS: a database made before the inbox moved here may already have it (with or without the index).
CREATE TABLE IF NOT EXISTS event_inbox (
    consumer   text        NOT NULL,
    event_id   uuid        NOT NULL,
    event_type text        NOT NULL,
    received   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE INDEX IF NOT EXISTS event_inbox_received ON event_inbox (received);
