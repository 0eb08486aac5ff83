//! Backups and restores of a real workspace file: the round trip, the automatic
//! copy before a schema change, and every kind of bad file refused with the
//! current workspace untouched.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::Path;

use kaifang_core::audit::{Actor, Source};
use kaifang_core::backup;
use kaifang_core::error::Coded;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::pipeline::import_file;
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, Workspace};

mod common;

fn me() -> Actor {
    Actor::new("小王", Source::System)
}

fn with_data(dir: &Path) -> Workspace {
    let mut ws = Workspace::open(&dir.join("ws.sqlite3"), OpenMode::CreateIfMissing, &me()).unwrap();
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/pipe.txt");
    import_file(&mut ws, &f, &ImportOptions::default(), &me(), &no_progress, &CancelToken::new()).unwrap();
    ws
}

fn datasets(ws: &Workspace) -> i64 {
    ws.conn().query_row("SELECT count(*) FROM datasets", [], |r| r.get(0)).unwrap()
}

#[test]
fn backup_and_restore_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = with_data(dir.path());
    let b = backup::create(&ws, "manual").unwrap();
    assert!(Path::new(&b.path).starts_with(dir.path().join("backups")));
    assert_eq!(b.reason, "manual");
    // One self-contained file: no partial copy, no -wal or -shm beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![b.file_name.clone()], "leftovers in the backup folder");
    // After the backup: a second dataset.
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/semicolon.csv");
    import_file(&mut ws, &f, &ImportOptions::default(), &me(), &no_progress, &CancelToken::new()).unwrap();
    assert_eq!(datasets(&ws), 2);

    let p = backup::preview(&ws, Path::new(&b.path)).unwrap();
    assert_eq!((p.datasets, p.same_workspace), (1, true));
    assert_eq!(p.dataset_names, vec!["pipe".to_owned()]);

    let previous = backup::restore(&mut ws, Path::new(&b.path), &me()).unwrap();
    assert_eq!(previous.reason, "before-restore");
    assert_eq!(datasets(&ws), 1, "the backup's content is back");
    let check: String = ws.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    assert!(ws.verify_audit().unwrap().intact, "the restored audit chain holds");
    let last = kaifang_core::audit::recent(ws.conn(), 1).unwrap();
    assert_eq!(last[0].action, "workspace.restored");
    // The content from before the restore was kept and can itself be restored.
    let undo = backup::preview(&ws, Path::new(&previous.path)).unwrap();
    assert_eq!(undo.datasets, 2);
    drop(ws);
    let reopened = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::MustExist, &me()).unwrap();
    assert_eq!(datasets(&reopened), 1, "the restore is on disk, not only in the connection");
}

#[test]
fn only_the_newest_backups_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let ws = with_data(dir.path());
    ws.conn().execute("INSERT INTO settings (key, value) VALUES ('backup.keep', '3')", []).unwrap();
    for _ in 0..5 {
        backup::create(&ws, "manual").unwrap();
    }
    let all = backup::list(ws.path()).unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.windows(2).all(|w| w[0].created_at >= w[1].created_at), "newest first");
    assert!(backup::daily(&ws).unwrap().is_none(), "a backup from today counts as the daily one");
}

#[test]
fn bad_restores_are_refused_and_the_workspace_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = with_data(dir.path());
    let good = backup::create(&ws, "manual").unwrap();
    let bytes = std::fs::read(&good.path).unwrap();
    let truncated = dir.path().join("truncated.sqlite3");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let foreign = dir.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let text = dir.path().join("notes.sqlite3");
    std::fs::write(&text, "这不是数据库").unwrap();
    let newer = dir.path().join("newer.sqlite3");
    std::fs::copy(&good.path, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 999).unwrap();

    let before = (datasets(&ws), backup::list(ws.path()).unwrap().len());
    for (file, code) in [
        (&truncated, ErrorCode::RestoreInvalid),
        (&foreign, ErrorCode::RestoreInvalid),
        (&text, ErrorCode::RestoreInvalid),
        (&newer, ErrorCode::WorkspaceNewerSchema),
        (&dir.path().join("missing.sqlite3"), ErrorCode::RestoreInvalid),
    ] {
        let err = backup::restore(&mut ws, file, &me()).unwrap_err();
        assert_eq!(err.code(), code, "{}: {err}", file.display());
        assert_eq!((datasets(&ws), backup::list(ws.path()).unwrap().len()), before, "{}", file.display());
    }
    assert!(ws.verify_audit().unwrap().intact);
}

#[test]
fn a_backup_folder_that_cannot_be_written_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let ws = with_data(dir.path());
    // A file where the folder should be: nothing can be created there (root
    // ignores permission bits, so this is how a test makes a folder unwritable).
    std::fs::write(dir.path().join("backups"), "").unwrap();
    let err = backup::create(&ws, "manual").unwrap_err();
    assert_eq!(err.code(), ErrorCode::BackupFailed);
    assert!(err.params().get("path").is_some_and(|p| p.contains("backups")));
    assert_eq!(datasets(&ws), 1);
}

#[test]
fn a_schema_change_is_preceded_by_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let ws = with_data(dir.path());
        ws.conn().backup(rusqlite::MAIN_DB, &path, None).unwrap();
    }
    // Pretend the copy is one schema version older (undoing the last migration,
    // which adds cleaning with a history, makes a faithful older file).
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(common::schema::UNDO_0012).unwrap();
        let v: u32 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        c.pragma_update(None, "user_version", v - 1).unwrap();
    }
    let ws = Workspace::open(&path, OpenMode::MustExist, &me()).unwrap();
    let backups = backup::list(ws.path()).unwrap();
    assert_eq!(backups.len(), 1);
    assert!(backups[0].reason.starts_with("before-migration"), "{backups:?}");
    let p = backup::preview(&ws, Path::new(&backups[0].path)).unwrap();
    assert_eq!(p.schema_version, kaifang_core::workspace::SCHEMA_VERSION - 1, "the copy is of the file as it was");
}
