//! What importing a file means for the rest of the workspace, composed on top of
//! [`crate::import`] (which only reads and stores rows) through its
//! `import_file_then` hook, inside the import's transaction:
//!
//! 1. the new version's metadata (workspace defaults, or the previous version's
//!    values and dictionary carried over: [`crate::metadata::init_version`]);
//! 2. the whole-table personal-data scan, fed the rows while the import wrote
//!    them ([`crate::sensitive::ImportScan`]), and the previous masking choices
//!    carried over ([`crate::sensitive::init_version`]);
//! 3. the life cycle: the import is audited, and a new version voids what a
//!    review saw and goes back to draft ([`crate::lifecycle::edited`]).
//!
//! The hosts (CLI, desktop) and bundles import through here; nothing below
//! import knows these steps exist.

use std::path::Path;

use rusqlite::Transaction;

use crate::audit::Actor;
use crate::import::{self, ImportError, ImportOptions, ImportOutcome, Observed, RowObserver};
use crate::jobs::{CancelToken, Progress};
use crate::lifecycle::{self, DatasetId, DatasetStatus, Edit};
use crate::sensitive::ImportScan;
use crate::workspace::Workspace;

/// Imports the file with every follow-up (see the module).
pub fn import_file(
    ws: &mut Workspace,
    path: &Path,
    opts: &ImportOptions,
    actor: &Actor,
    progress: &(dyn Fn(&Progress) + Sync),
    cancel: &CancelToken,
) -> Result<ImportOutcome, ImportError> {
    import_file_then(ws, path, opts, actor, progress, cancel, |_, _| Ok(()))
}

/// [`import_file`], then `then` in the same transaction (a bundle placing the
/// sender's metadata and decisions over the new version).
pub fn import_file_then<E: From<ImportError> + From<rusqlite::Error>>(
    ws: &mut Workspace,
    path: &Path,
    opts: &ImportOptions,
    actor: &Actor,
    progress: &(dyn Fn(&Progress) + Sync),
    cancel: &CancelToken,
    then: impl FnOnce(&Transaction<'_>, &ImportOutcome) -> Result<(), E>,
) -> Result<ImportOutcome, E> {
    // The whole-table personal-data scan reads the rows as the import writes them.
    let scan = || Box::new(ImportScan::new()) as Box<dyn RowObserver>;
    import::import_file_then(ws, path, opts, actor, progress, cancel, Some(&scan), |tx, outcome, observed| {
        follow_ups(tx, outcome, observed, actor)?;
        then(tx, outcome)
    })
}

fn follow_ups(
    tx: &Transaction<'_>,
    outcome: &ImportOutcome,
    observed: Observed,
    actor: &Actor,
) -> Result<(), ImportError> {
    for (table, seen) in outcome.datasets.iter().zip(observed) {
        let dataset = DatasetId(table.id);
        crate::metadata::init_version(tx, table.version_id, table.previous_version_id)?;
        let scan = seen.and_then(|o| o.into_any().downcast::<ImportScan>().ok()).map(|s| *s);
        crate::sensitive::init_version(tx, dataset, table.version_id, table.previous_version_id, scan)
            .map_err(|e| ImportError::FollowUp(Box::new(e)))?;
        let mut detail = table.audit_detail.clone();
        detail["columns"] = table.columns.len().into();
        lifecycle::edited(tx, dataset, actor, Edit { action: "dataset.imported", detail })?;
        // Whatever was reviewed or returned was another version.
        lifecycle::set_status(tx, dataset, DatasetStatus::Draft).map_err(|e| match e {
            lifecycle::LifecycleError::Sqlite(e) => ImportError::from(e),
            other => ImportError::FollowUp(Box::new(other)),
        })?;
    }
    Ok(())
}
