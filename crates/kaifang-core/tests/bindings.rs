//! The TypeScript types in `ui/src/api/bindings/` are generated from the Rust
//! definitions. This test regenerates them into a temporary folder and fails when
//! the committed files differ, so the UI can never drift from the IPC contract.
//! Run with `UPDATE_BINDINGS=1` to rewrite the committed files.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kaifang_core::app::{AppContext, ChosenFile};
use kaifang_core::audit::{AuditEntry, ChainReport, Changed};
use kaifang_core::backup::{BackupInfo, BackupPreview};
use kaifang_core::bundle::{Report as BundleReport, Written as BundleWritten};
use kaifang_core::dataset::{DatasetDetail, DatasetSummary, RowsPage, RowsQuery};
use kaifang_core::import::{ImportOptions, ImportOutcome, Inspection};
use kaifang_core::jobs::Progress;
use kaifang_core::metadata::{DatasetMetadata, DictionaryChange, FieldDef};
use kaifang_core::portal::{ConnectionReport, OutboxItem, PortalConfig, Publication};
use kaifang_core::review::{HistoryEntry, QueueItem, ReviewChanges, ReviewEntry, Role, User};
use kaifang_core::sensitive::{ColumnPolicy, Convention, GateReport, MaskPreview, Operator, ScanReport};
use kaifang_core::workspace::WorkspaceInfo;
use kaifang_core::ErrorPayload;
use ts_rs::{Config, TS};

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/api/bindings")
}

/// The IPC command map, generated from the desktop's command table by its own
/// drift test (src-tauri/src/ipc.rs), not from these types.
const NOT_FROM_TYPES: &[&str] = &["commands.ts"];

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return BTreeMap::new() };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
        .filter(|e| !NOT_FROM_TYPES.iter().any(|n| e.file_name() == *n))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).expect("read binding");
            (e.file_name().to_string_lossy().into_owned(), text)
        })
        .collect()
}

#[test]
fn typescript_bindings_match_rust_types() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let cfg = Config::new().with_out_dir(tmp.path());
    // Root types of the IPC contract; their dependencies are exported with them.
    AppContext::export_all(&cfg).expect("export AppContext");
    WorkspaceInfo::export_all(&cfg).expect("export WorkspaceInfo");
    ChainReport::export_all(&cfg).expect("export ChainReport");
    AuditEntry::export_all(&cfg).expect("export AuditEntry");
    ErrorPayload::export_all(&cfg).expect("export ErrorPayload");
    GateReport::export_all(&cfg).expect("export GateReport");
    Convention::export_all(&cfg).expect("export Convention");
    ChosenFile::export_all(&cfg).expect("export ChosenFile");
    Inspection::export_all(&cfg).expect("export Inspection");
    ImportOptions::export_all(&cfg).expect("export ImportOptions");
    ImportOutcome::export_all(&cfg).expect("export ImportOutcome");
    Progress::export_all(&cfg).expect("export Progress");
    DatasetSummary::export_all(&cfg).expect("export DatasetSummary");
    DatasetDetail::export_all(&cfg).expect("export DatasetDetail");
    RowsQuery::export_all(&cfg).expect("export RowsQuery");
    RowsPage::export_all(&cfg).expect("export RowsPage");
    FieldDef::export_all(&cfg).expect("export FieldDef");
    DatasetMetadata::export_all(&cfg).expect("export DatasetMetadata");
    DictionaryChange::export_all(&cfg).expect("export DictionaryChange");
    ScanReport::export_all(&cfg).expect("export ScanReport");
    ColumnPolicy::export_all(&cfg).expect("export ColumnPolicy");
    MaskPreview::export_all(&cfg).expect("export MaskPreview");
    Operator::export_all(&cfg).expect("export Operator");
    User::export_all(&cfg).expect("export User");
    Role::export_all(&cfg).expect("export Role");
    QueueItem::export_all(&cfg).expect("export QueueItem");
    ReviewChanges::export_all(&cfg).expect("export ReviewChanges");
    HistoryEntry::export_all(&cfg).expect("export HistoryEntry");
    BundleReport::export_all(&cfg).expect("export BundleReport");
    BundleWritten::export_all(&cfg).expect("export BundleWritten");
    ReviewEntry::export_all(&cfg).expect("export ReviewEntry");
    PortalConfig::export_all(&cfg).expect("export PortalConfig");
    BackupInfo::export_all(&cfg).expect("export BackupInfo");
    BackupPreview::export_all(&cfg).expect("export BackupPreview");
    ConnectionReport::export_all(&cfg).expect("export ConnectionReport");
    OutboxItem::export_all(&cfg).expect("export OutboxItem");
    Publication::export_all(&cfg).expect("export Publication");
    Changed::export_all(&cfg).expect("export Changed");
    kaifang_core::export::MetadataFormat::export_all(&cfg).expect("export MetadataFormat");
    let generated = read_dir(tmp.path());
    let committed_path = committed_dir();

    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(&committed_path).expect("create bindings dir");
        for stale in read_dir(&committed_path).keys().filter(|k| !generated.contains_key(*k)) {
            std::fs::remove_file(committed_path.join(stale)).expect("remove stale binding");
        }
        for (name, text) in &generated {
            std::fs::write(committed_path.join(name), text).expect("write binding");
        }
        return;
    }

    let committed = read_dir(&committed_path);
    let mut drift = Vec::new();
    for (name, text) in &generated {
        match committed.get(name) {
            None => drift.push(format!("{name} is missing")),
            Some(c) if c != text => drift.push(format!("{name} differs")),
            Some(_) => {}
        }
    }
    drift.extend(committed.keys().filter(|k| !generated.contains_key(*k)).map(|k| format!("{k} is stale")));
    assert!(
        drift.is_empty(),
        "ui/src/api/bindings drifted from the Rust types ({drift:?}); run `make bindings` and commit the result"
    );
}
