-- Connectors, configurations and connections (docs/architecture.md#connectors-and-connections). Secrets are stored sealed (envelope
-- encryption, see SecretBox): a column holds "v<master key version>.<wrapped data key>.<ciphertext>",
-- and key_version repeats the version so that re-wrapping after a master key rotation finds its rows.

-- Connectors an organization added; the shipped ones are files in the service.
CREATE TABLE connectors (
    org_id     text        NOT NULL,
    id         text        NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
    definition jsonb       NOT NULL,
    created    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);

-- An app registered with the third party: client id and (sealed) secret, scopes.
CREATE TABLE configurations (
    id                   text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id               text        NOT NULL,
    connector_id         text        NOT NULL,
    client_id            text        NOT NULL,
    client_secret_sealed text        NOT NULL,
    scopes               text[]      NOT NULL DEFAULT '{}',
    key_version          int         NOT NULL,
    created              timestamptz NOT NULL,
    updated              timestamptz NOT NULL
);
CREATE INDEX configurations_by_connector ON configurations (org_id, connector_id);

-- One account's credentials at the third party. token_fence grows with every stored token: a refresh
-- writes only if its fencing token (from Redis) is newer, so a stale lock holder cannot overwrite a
-- newer token.
CREATE TABLE connections (
    id                   text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id               text        NOT NULL,
    connector_id         text        NOT NULL,
    configuration_id     text        NOT NULL REFERENCES configurations (id) ON DELETE RESTRICT,
    status               text        NOT NULL CHECK (status IN ('valid', 'invalid')),
    invalid_reason       text,
    access_token_sealed  text        NOT NULL,
    refresh_token_sealed text,
    expires_at           timestamptz,
    token_fence          bigint      NOT NULL DEFAULT 0,
    key_version          int         NOT NULL,
    refreshed            timestamptz,
    created              timestamptz NOT NULL,
    updated              timestamptz NOT NULL
);
CREATE INDEX connections_by_connector ON connections (org_id, connector_id);
