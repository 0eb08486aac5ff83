-- 0012: cleaning with a history. Cleaning never changes an imported version:
-- the first step makes a derived version (a copy of the imported rows, with its
-- metadata and masking carried over) and every step, undo and redo changes that
-- copy. Each applied step keeps the cells it changed, so that undoing or redoing
-- it touches only those cells.

ALTER TABLE dataset_versions ADD COLUMN derived_from INTEGER REFERENCES dataset_versions (id);
-- Bumped by every change to a derived version's rows (grid views are cached by it).
ALTER TABLE dataset_versions ADD COLUMN data_generation INTEGER NOT NULL DEFAULT 0;

CREATE TABLE clean_steps (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES dataset_versions (id),   -- the derived version
    branch     INTEGER NOT NULL DEFAULT 0,   -- 0: the history; n > 0: steps set aside by a new step after undo
    position   INTEGER NOT NULL,             -- order within its branch, from 1
    step       TEXT NOT NULL,                -- JSON of a clean::Step
    state      TEXT NOT NULL CHECK (state IN ('applied', 'skipped', 'undone')),
    outcome    TEXT,                         -- JSON of a clean::Outcome (counts, samples, why skipped)
    added_by   TEXT NOT NULL,
    added_at   TEXT NOT NULL
) STRICT;

CREATE INDEX clean_steps_version ON clean_steps (version_id, branch, position);

-- The cells a step changed, before and after: undo writes `old` back, redo
-- writes `new` again, each in one statement per column. Kept while the step's
-- inputs stay the same (dropped when the steps before it change).
CREATE TABLE clean_undo (
    step_id INTEGER NOT NULL REFERENCES clean_steps (id) ON DELETE CASCADE,
    col     INTEGER NOT NULL,   -- the column's position; -1: the row was removed (old: JSON [_src, cells…])
    row     INTEGER NOT NULL,   -- the data table's _row
    old     TEXT,               -- the value before the step (NULL: empty)
    new     TEXT,               -- the value after it
    PRIMARY KEY (step_id, col, row)
) STRICT, WITHOUT ROWID;

-- The cleaning steps of a version received in a bundle (the sender's derived
-- version arrives as rows): shown to the steward and part of the content hash.
CREATE TABLE version_recipes (
    version_id INTEGER PRIMARY KEY REFERENCES dataset_versions (id),
    steps      TEXT NOT NULL       -- JSON list of clean::PortableStep
) STRICT;
