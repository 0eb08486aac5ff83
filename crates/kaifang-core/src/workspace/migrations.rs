//! Embedded, forward-only schema migrations.
//!
//! The schema version is SQLite's `user_version`: the number of migrations applied.
//! A binary that knows fewer migrations than a file has applied refuses the file
//! rather than guess at tables it has never seen.

/// Every migration in order; index + 1 is the schema version it produces.
/// Never edit or reorder a landed entry: append.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_datasets.sql"),
    include_str!("migrations/0003_metadata.sql"),
    include_str!("migrations/0004_sensitive.sql"),
    include_str!("migrations/0005_review.sql"),
    include_str!("migrations/0006_bundles.sql"),
    include_str!("migrations/0007_portals.sql"),
    include_str!("migrations/0008_egress.sql"),
    include_str!("migrations/0009_portal_kind.sql"),
    include_str!("migrations/0010_trust.sql"),
    include_str!("migrations/0011_disclosure.sql"),
    include_str!("migrations/0012_clean.sql"),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Actor, Source};
    use crate::workspace::{OpenMode, Workspace, APPLICATION_ID};

    /// Every older schema a user may have on disk upgrades to the current one, and
    /// the upgrade is audited.
    #[test]
    fn every_previous_version_migrates_to_the_latest() {
        for applied in 1..SCHEMA_VERSION as usize {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.sqlite3");
            {
                let c = rusqlite::Connection::open(&path).unwrap();
                for sql in &MIGRATIONS[..applied] {
                    c.execute_batch(sql).unwrap();
                }
                c.pragma_update(None, "user_version", applied as u32).unwrap();
                c.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
            }
            let ws = Workspace::open(&path, OpenMode::MustExist, &Actor::new("t", Source::System)).unwrap();
            assert_eq!(ws.info().unwrap().schema_version, SCHEMA_VERSION, "from version {applied}");
            let last = crate::audit::recent(ws.conn(), 1).unwrap();
            assert_eq!(last[0].action, "workspace.migrated", "an upgrade from {applied} must be audited");
        }
    }

    #[test]
    fn migrations_apply_in_order_to_an_empty_database() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        for (i, sql) in MIGRATIONS.iter().enumerate() {
            assert!(!sql.trim().is_empty(), "migration {} is empty", i + 1);
            c.execute_batch(sql).unwrap_or_else(|e| panic!("migration {} fails: {e}", i + 1));
        }
    }
}
