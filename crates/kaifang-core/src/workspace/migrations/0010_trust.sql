-- 0010: passphrases, steward keys, trusted office keys, signed decisions, and
-- which workspace created each dataset.

ALTER TABLE users ADD COLUMN pass_hash TEXT;          -- Argon2id, PHC string
ALTER TABLE users ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_at TEXT;
ALTER TABLE users ADD COLUMN key_public TEXT;         -- Ed25519, hex
ALTER TABLE users ADD COLUMN key_recipient TEXT;      -- X25519 as an age recipient
ALTER TABLE users ADD COLUMN key_fingerprint TEXT;
ALTER TABLE users ADD COLUMN key_sealed TEXT;         -- both private keys, sealed with the passphrase

-- Keys imported from office key files. Nothing else adds a row here.
CREATE TABLE trusted_keys (
    fingerprint TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    workspace   TEXT NOT NULL,
    public_key  TEXT NOT NULL UNIQUE,
    recipient   TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL
) STRICT;

-- The workspace that created a dataset's uid; NULL: this one.
ALTER TABLE datasets ADD COLUMN origin TEXT;

-- A steward's decision is signed over the dataset uid, the action, the time and
-- the content hash; the signature travels with it.
ALTER TABLE reviews ADD COLUMN signer TEXT;
ALTER TABLE reviews ADD COLUMN signature TEXT;

-- The digest of a version's cells (a version's rows never change), computed once.
ALTER TABLE dataset_versions ADD COLUMN cells_sha256 TEXT;

-- Approvals made before this version were bound to a hash of local ids and carry
-- no signature: they can no longer be checked. Those datasets wait for a
-- steward's (signed) approval again; the void step says why.
INSERT INTO reviews (dataset_id, version, action, actor, at, content_hash, comment)
SELECT d.id,
       (SELECT coalesce(max(v.version), 1) FROM dataset_versions v WHERE v.dataset_id = d.id),
       'void', 'system', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '',
       'approved before decisions were signed: approve again'
FROM datasets d WHERE d.status = 'approved';
UPDATE datasets SET status = 'submitted' WHERE status = 'approved';
