-- 0002: datasets, their versions, columns with profiles, and quality findings.
-- Each version's rows live in a table of their own, data_<version id>, created by
-- the import: `_row` (1-based position), `_src` (row number in the source file)
-- and one TEXT column c0, c1, … per column, holding the text exactly as the file
-- showed it (NULL for an empty cell).

CREATE TABLE datasets (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'draft'
               CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'published')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE dataset_versions (
    id            INTEGER PRIMARY KEY,
    dataset_id    INTEGER NOT NULL REFERENCES datasets (id),
    version       INTEGER NOT NULL,
    source_name   TEXT NOT NULL,      -- the file's name, without its folder
    source_sha256 TEXT NOT NULL,
    source_size   INTEGER NOT NULL,
    format        TEXT NOT NULL,
    encoding      TEXT,
    sheet         TEXT,
    row_count     INTEGER NOT NULL,
    column_count  INTEGER NOT NULL,
    data_table    TEXT NOT NULL UNIQUE,
    report        TEXT NOT NULL,      -- JSON: layout, notes rows, ragged rows …
    changes       TEXT,               -- JSON: what changed since the previous version
    imported_at   TEXT NOT NULL,
    imported_by   TEXT NOT NULL,
    UNIQUE (dataset_id, version)
) STRICT;

CREATE INDEX dataset_versions_source ON dataset_versions (source_size, source_sha256);

CREATE TABLE columns (
    version_id INTEGER NOT NULL REFERENCES dataset_versions (id),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    group_name TEXT,
    type       TEXT NOT NULL,
    profile    TEXT NOT NULL,         -- JSON ColumnProfile
    PRIMARY KEY (version_id, position)
) STRICT;

CREATE TABLE findings (
    version_id      INTEGER NOT NULL REFERENCES dataset_versions (id),
    kind            TEXT NOT NULL,
    column_position INTEGER,
    count           INTEGER NOT NULL,
    rows            TEXT NOT NULL     -- JSON array of source row numbers (at most 5)
) STRICT;

CREATE INDEX findings_version ON findings (version_id);
