-- 0004: personal-data findings per dataset version, and the masking policy.
-- Examples and cell hits are stored masked: the workspace's own tables never
-- copy personal data out of the data tables.

CREATE TABLE sensitive_scans (
    version_id INTEGER PRIMARY KEY REFERENCES dataset_versions (id),
    scanned_at TEXT NOT NULL,
    rows       INTEGER NOT NULL,
    full       INTEGER NOT NULL,      -- 1: every row, 0: a sample
    cell_hits  INTEGER NOT NULL,      -- identifiers found inside free text
    cells      TEXT NOT NULL          -- JSON: the first hits, masked
) STRICT;

CREATE TABLE sensitive_findings (
    version_id  INTEGER NOT NULL REFERENCES dataset_versions (id),
    position    INTEGER NOT NULL,
    category    TEXT NOT NULL,
    personal    INTEGER NOT NULL,
    confidence  REAL NOT NULL,
    matched     INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    header_hint INTEGER NOT NULL,
    free_text   INTEGER NOT NULL,
    examples    TEXT NOT NULL,        -- JSON list of masked examples
    PRIMARY KEY (version_id, position)
) STRICT;

CREATE TABLE masking_policy (
    version_id INTEGER NOT NULL REFERENCES dataset_versions (id),
    position   INTEGER NOT NULL,
    operator   TEXT NOT NULL,
    reason     TEXT,                  -- required to keep a personal column as is
    set_by     TEXT NOT NULL,
    set_at     TEXT NOT NULL,
    PRIMARY KEY (version_id, position)
) STRICT;
