//! Undoing migrations, to make faithful files of older schema versions.

/// Undoes 0010 (passphrases, keys, signatures, dataset origins).
pub const UNDO_0010: &str = "
    ALTER TABLE users DROP COLUMN pass_hash;
    ALTER TABLE users DROP COLUMN failures;
    ALTER TABLE users DROP COLUMN failed_at;
    ALTER TABLE users DROP COLUMN key_public;
    ALTER TABLE users DROP COLUMN key_recipient;
    ALTER TABLE users DROP COLUMN key_fingerprint;
    ALTER TABLE users DROP COLUMN key_sealed;
    DROP TABLE trusted_keys;
    ALTER TABLE datasets DROP COLUMN origin;
    ALTER TABLE reviews DROP COLUMN signer;
    ALTER TABLE reviews DROP COLUMN signature;
    ALTER TABLE dataset_versions DROP COLUMN cells_sha256;";

/// Undoes 0011 (disclosure control).
pub const UNDO_0011: &str = "
    DROP TABLE coarsening;
    DROP TABLE suppressed_cells;
    DROP TABLE risk_policy;
    DROP TABLE stat_tables;";

/// Undoes 0012 (cleaning with a history).
pub const UNDO_0012: &str = "
    DROP TABLE version_recipes;
    DROP TABLE clean_undo;
    DROP TABLE clean_steps;
    ALTER TABLE dataset_versions DROP COLUMN data_generation;
    ALTER TABLE dataset_versions DROP COLUMN derived_from;";
