-- The relay finds what to publish without walking past rows it already published (docs/events.md,
-- Publishing). It keeps, in event_outbox_relay, the highest position it published and the transaction
-- horizon of its last pass: every transaction older than the horizon had ended by then, so a row still
-- unpublished is either above that position or written by a transaction at or past the horizon. Both are
-- narrow index ranges (the primary key above the position, event_outbox_xact above the horizon), however
-- many published rows and dead row versions the table holds.
ALTER TABLE event_outbox ADD COLUMN IF NOT EXISTS xact xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX IF NOT EXISTS event_outbox_xact ON event_outbox (xact);

-- Marking a row published no longer touches an indexed column, so the update can stay on its page (HOT)
-- when the page has room: leave some.
DROP INDEX IF EXISTS event_outbox_unpublished;
ALTER TABLE event_outbox SET (fillfactor = 70);

CREATE TABLE IF NOT EXISTS event_outbox_relay (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    position  bigint  NOT NULL,
    horizon   xid8    NOT NULL
);

-- Start below the first unpublished row (or at the last row); the horizon is this migration's: the table is
-- locked by the ALTER above, so a transaction that adds a row later has a newer id.
INSERT INTO event_outbox_relay (position, horizon)
SELECT coalesce((SELECT min(position) - 1 FROM event_outbox WHERE published IS NULL),
                (SELECT max(position) FROM event_outbox), 0),
       pg_snapshot_xmin(pg_current_snapshot())
ON CONFLICT DO NOTHING;
