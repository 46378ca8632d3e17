-- Idempotency-Key on POST (IdempotencyKeys): one row per (organization, endpoint, key). A request first
-- claims the key in a transaction of its own (owner set, running_until a minute ahead); its write then
-- commits in one transaction with the answer (owner and running_until cleared, status, etag and body
-- set), so a record never exists without the answer that created it. A claim whose request died is
-- taken over once running_until has passed; a row is forgotten once expires has passed.

CREATE TABLE IF NOT EXISTS idempotency_keys (
    org_id          text        NOT NULL,
    endpoint        text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    owner           uuid,
    running_until   timestamptz,
    status          smallint,
    etag            text,
    body            json,
    created         timestamptz NOT NULL DEFAULT now(),
    expires         timestamptz NOT NULL,
    PRIMARY KEY (org_id, endpoint, idempotency_key),
    CHECK ((owner IS NULL) = (running_until IS NULL)),
    CHECK ((owner IS NULL) = (status IS NOT NULL))
);

CREATE INDEX IF NOT EXISTS idempotency_keys_expires ON idempotency_keys (expires);
