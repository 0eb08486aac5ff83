-- 0011: disclosure control. A column's generalisation (part of its masking
-- policy), single values suppressed to make groups large enough, and the
-- quasi-identifiers a version's risk is measured on.

CREATE TABLE coarsening (
    version_id INTEGER NOT NULL REFERENCES dataset_versions (id),
    position   INTEGER NOT NULL,
    rule       TEXT NOT NULL,         -- JSON of a sensitive::Coarsen
    set_by     TEXT NOT NULL,
    set_at     TEXT NOT NULL,
    PRIMARY KEY (version_id, position)
) STRICT;

-- Cells published as the suppression marker: `row` is the data table's _row.
CREATE TABLE suppressed_cells (
    version_id INTEGER NOT NULL REFERENCES dataset_versions (id),
    row        INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (version_id, row, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE risk_policy (
    version_id INTEGER PRIMARY KEY REFERENCES dataset_versions (id),
    quasi      TEXT NOT NULL,         -- JSON list of column names
    sensitive  TEXT,                  -- a column name, for l-diversity
    reason     TEXT,                  -- why a k below the office's k is accepted
    set_by     TEXT NOT NULL,
    set_at     TEXT NOT NULL
) STRICT;

-- A version marked as a statistics table: its dimension and value columns and
-- the suppression rule (JSON of a sensitive::tables::TableSpec).
CREATE TABLE stat_tables (
    version_id INTEGER PRIMARY KEY REFERENCES dataset_versions (id),
    spec       TEXT NOT NULL,
    set_by     TEXT NOT NULL,
    set_at     TEXT NOT NULL
) STRICT;
