-- 0006: what travels between workspaces, and what the review view compares.

-- A dataset's identity across workspaces: a clerk's dataset and the steward's copy
-- of it (made from a bundle) share it.
ALTER TABLE datasets ADD COLUMN uid TEXT;
UPDATE datasets SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE UNIQUE INDEX datasets_uid ON datasets (uid);

-- Submissions and approvals keep what they saw (metadata, dictionary, policy) as
-- JSON, so a later review can show what changed since the last approval.
ALTER TABLE reviews ADD COLUMN snapshot TEXT;

-- Submissions that arrived in a bundle, keyed by the sender's dataset, version and
-- content hash: the same bundle imported twice changes nothing, and the decision
-- sent back names the content the sender submitted.
CREATE TABLE bundle_submissions (
    id              INTEGER PRIMARY KEY,
    dataset_id      INTEGER NOT NULL REFERENCES datasets (id),
    version         INTEGER NOT NULL,  -- the version here
    origin_version  INTEGER NOT NULL,  -- the version in the sender's workspace
    origin_hash     TEXT NOT NULL,     -- the sender's content hash
    submitted_by    TEXT NOT NULL,
    submitted_at    TEXT NOT NULL,
    bundle_sha256   TEXT NOT NULL,
    imported_at     TEXT NOT NULL
) STRICT;

CREATE INDEX bundle_submissions_dataset ON bundle_submissions (dataset_id, origin_version, origin_hash);

-- Decisions that came back in a bundle, so applying the same file twice is a no-op.
CREATE TABLE bundle_decisions (
    dataset_id     INTEGER NOT NULL REFERENCES datasets (id),
    origin_hash    TEXT NOT NULL,
    action         TEXT NOT NULL,
    decided_at     TEXT NOT NULL,
    PRIMARY KEY (dataset_id, origin_hash, action, decided_at)
) STRICT;
