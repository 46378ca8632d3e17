-- identity-service's tables. integrations, departments and users are served by the generic API
-- (dev.entrepot.identity.Identity), so they carry its columns: id, org_id, version, created, updated,
-- integrations_data. Secrets are never stored: keys, access tokens and refresh tokens as SHA-256
-- hashes, passwords as Argon2id hashes, signing keys encrypted with AES-256-GCM.

CREATE TABLE organizations (
    id      text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    name    text        NOT NULL,
    created timestamptz NOT NULL
);

CREATE TABLE users (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text        NOT NULL REFERENCES organizations (id),
    version           bigint      NOT NULL,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    integrations_data jsonb       NOT NULL DEFAULT '{}',
    email             text        NOT NULL CHECK (email = lower(email)),
    name              text,
    role              text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    is_enabled        boolean     NOT NULL DEFAULT true,
    password_hash     text        NOT NULL,
    failed_logins     integer     NOT NULL DEFAULT 0,
    locked_until      timestamptz,
    search_vector     tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, translate(email, '@.-', '   ') || ' ' || coalesce(name, ''))) STORED
);
-- One account per email across the platform: login names no organization.
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_created ON users (org_id, created DESC, id DESC);
CREATE INDEX users_search ON users USING gin (search_vector);

-- A login: the session token (a JWT) names the session; the refresh token is rotated on every use and
-- the one before it is kept, so a replayed old refresh token revokes the whole session.
CREATE TABLE sessions (
    id                    text        PRIMARY KEY,
    org_id                text        NOT NULL,
    user_id               text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    refresh_hash          bytea       NOT NULL UNIQUE,
    previous_refresh_hash bytea       UNIQUE,
    created               timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    revoked_at            timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE access_tokens (
    id         text        PRIMARY KEY,
    org_id     text        NOT NULL,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    prefix     text        NOT NULL,
    token_hash bytea       NOT NULL UNIQUE,
    created    timestamptz NOT NULL,
    expires_at timestamptz,
    last_used  timestamptz
);
CREATE INDEX access_tokens_user ON access_tokens (user_id, created);

CREATE TABLE integrations (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text        NOT NULL,
    version           bigint      NOT NULL,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    integrations_data jsonb       NOT NULL DEFAULT '{}',
    name              text        NOT NULL CHECK (name ~ '^[a-z0-9_-]{1,40}$'),
    description       text,
    enabled           boolean     NOT NULL DEFAULT true,
    allow_write_data  boolean     NOT NULL DEFAULT false,
    search_vector     tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, translate(name, '_-', '  ') || ' ' || coalesce(description, ''))) STORED
);
CREATE UNIQUE INDEX integrations_name ON integrations (org_id, name);
CREATE INDEX integrations_created ON integrations (org_id, created DESC, id DESC);
CREATE INDEX integrations_search ON integrations USING gin (search_vector);

CREATE TABLE api_keys (
    id             text        PRIMARY KEY,
    org_id         text        NOT NULL,
    integration_id text        NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    role           text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    prefix         text        NOT NULL,
    key_hash       bytea       NOT NULL UNIQUE,
    created        timestamptz NOT NULL,
    last_used      timestamptz
);
CREATE INDEX api_keys_integration ON api_keys (integration_id, created);

CREATE TABLE departments (
    id                text        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{15}$'),
    org_id            text        NOT NULL,
    version           bigint      NOT NULL,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    integrations_data jsonb       NOT NULL DEFAULT '{}',
    name              text        NOT NULL,
    description       text,
    search_vector     tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, name || ' ' || coalesce(description, ''))) STORED
);
CREATE UNIQUE INDEX departments_name ON departments (org_id, name);
CREATE INDEX departments_created ON departments (org_id, created DESC, id DESC);
CREATE INDEX departments_search ON departments USING gin (search_vector);

CREATE TABLE department_members (
    department_id text        NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    user_id       text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id        text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('client', 'provider', 'reader', 'owner')),
    created       timestamptz NOT NULL,
    PRIMARY KEY (department_id, user_id)
);
CREATE INDEX department_members_user ON department_members (user_id);

-- RS256 keys that sign internal and session tokens. A key is published in the JWKS from its creation,
-- signs from activates_at (after the services have refreshed their JWKS), and stays published until
-- unpublish_at, when every token it signed has expired.
CREATE TABLE signing_keys (
    kid                   text        PRIMARY KEY,
    public_jwk            jsonb       NOT NULL,
    encrypted_private_key bytea       NOT NULL,
    created               timestamptz NOT NULL,
    activates_at          timestamptz NOT NULL,
    unpublish_at          timestamptz
);
