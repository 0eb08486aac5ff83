-- 0005: users and roles, submissions, decisions with comments, approvals bound to
-- the content hash of what will be published.

CREATE TABLE users (
    name       TEXT PRIMARY KEY NOT NULL,
    clerk      INTEGER NOT NULL DEFAULT 0,
    steward    INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    dataset_id   INTEGER NOT NULL REFERENCES datasets (id),
    version      INTEGER NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('submit', 'approve', 'return', 'void', 'publish')),
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    content_hash TEXT NOT NULL,       -- what the action saw: data version + metadata + policy
    comment      TEXT
) STRICT;

CREATE INDEX reviews_dataset ON reviews (dataset_id, id);

CREATE TABLE review_comments (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES reviews (id),
    target     TEXT,                  -- NULL: the dataset; 'field:<id>' or 'column:<position>'
    text       TEXT NOT NULL
) STRICT;
