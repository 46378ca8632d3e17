-- The inbox of DESIGN.md section 6: a consumer records each event id here in the same transaction as
-- the event's effect, so a redelivered event is recognised and skipped.
CREATE TABLE event_inbox (
    consumer   text        NOT NULL,
    event_id   uuid        NOT NULL,
    event_type text        NOT NULL,
    received   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
