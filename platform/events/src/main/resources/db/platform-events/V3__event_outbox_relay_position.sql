-- The relay finds what to publish without walking past rows it already published (docs/events.md,
-- Publishing). It keeps, in event_outbox_relay, the highest position it published and the horizon of its
-- last pass (the oldest transaction still open then; every older one had ended). A row still unpublished is
-- then either above that position, or at or below it and written by a transaction at or past the horizon
-- that committed late. Both are narrow index ranges (the primary key above the position, event_outbox_xact
-- from the horizon on), however many published rows and dead row versions the table holds.

-- Marking a row published no longer touches an indexed column, so the update can stay on its page (HOT)
-- when the page has room: leave some (new pages only; nothing is rewritten).
ALTER TABLE event_outbox SET (fillfactor = 70);

-- A constant default adds the column without rewriting the table. The rows already there get 0: the ALTER
-- waited for every transaction that had written one, and the relay finds those still unpublished above the
-- position it starts from (below). Rows from now on carry their transaction's id.
ALTER TABLE event_outbox ADD COLUMN IF NOT EXISTS xact xid8 NOT NULL DEFAULT '0';
ALTER TABLE event_outbox ALTER COLUMN xact SET DEFAULT pg_current_xact_id();
CREATE INDEX IF NOT EXISTS event_outbox_xact ON event_outbox (xact, position);
DROP INDEX IF EXISTS event_outbox_unpublished;

CREATE TABLE IF NOT EXISTS event_outbox_relay (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    position  bigint  NOT NULL,
    horizon   xid8    NOT NULL
);

-- Start below the first unpublished row (or at the last row). The horizon is the oldest transaction open now:
-- one that adds a row later has an id at least as new (it is open now, or starts later).
INSERT INTO event_outbox_relay (position, horizon)
SELECT coalesce((SELECT min(position) - 1 FROM event_outbox WHERE published IS NULL),
                (SELECT max(position) FROM event_outbox), 0),
       pg_snapshot_xmin(pg_current_snapshot())
ON CONFLICT DO NOTHING;
