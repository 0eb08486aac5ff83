-- 0003: catalogue metadata per dataset version, the data dictionary on columns,
-- workspace settings (defaults for new datasets), and the portal slug.

CREATE TABLE metadata (
    version_id INTEGER NOT NULL REFERENCES dataset_versions (id),
    field      TEXT NOT NULL,
    value      TEXT NOT NULL,        -- JSON: a string, or a list of strings for keywords
    PRIMARY KEY (version_id, field)
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

ALTER TABLE columns ADD COLUMN description TEXT;
ALTER TABLE columns ADD COLUMN unit TEXT;
-- 0: the column is 不予开放 and is dropped from every public copy.
ALTER TABLE columns ADD COLUMN open INTEGER NOT NULL DEFAULT 1;

-- Fixed at first publish; until then the slug follows the resource code or title.
ALTER TABLE datasets ADD COLUMN slug TEXT;
