-- 0007: portals, the publishing outbox and what was published where.
-- API tokens are never stored here: they live in the OS keyring.

CREATE TABLE portals (
    name       TEXT PRIMARY KEY NOT NULL,
    url        TEXT NOT NULL,
    org        TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- ckanext-scheming's dataset schema, when the portal has one: JSON
    schema     TEXT
) STRICT;

-- One row per approved content to publish to one portal. It survives restarts:
-- the worker picks up `queued` rows whose `next_attempt_at` has come.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    dataset_id      INTEGER NOT NULL REFERENCES datasets (id),
    version         INTEGER NOT NULL,
    portal          TEXT NOT NULL REFERENCES portals (name),
    approved_hash   TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'uploading', 'published', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    error_code      TEXT,
    error_message   TEXT,
    queued_at       TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (dataset_id, portal, approved_hash)
) STRICT;

CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- The package a dataset became on a portal, and the resources it holds now.
CREATE TABLE publications (
    dataset_id    INTEGER NOT NULL REFERENCES datasets (id),
    portal        TEXT NOT NULL,
    package_id    TEXT NOT NULL,
    package_name  TEXT NOT NULL,
    url           TEXT NOT NULL,
    version       INTEGER NOT NULL,
    approved_hash TEXT NOT NULL,
    resources     TEXT NOT NULL,      -- JSON: [{kind, id, sha256, size}]
    published_at  TEXT NOT NULL,
    PRIMARY KEY (dataset_id, portal)
) STRICT;
