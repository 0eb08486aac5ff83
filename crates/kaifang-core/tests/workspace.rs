//! The workspace file: creation, migrations, refusal of files it must not touch,
//! transactions, the audit chain and concurrent writers. All on real SQLite files.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::Path;

use kaifang_core::audit::{self, Actor, BreakKind, Source};
use kaifang_core::error::Coded;
use kaifang_core::workspace::{OpenMode, APPLICATION_ID, SCHEMA_VERSION};
use kaifang_core::{ErrorCode, Workspace, WorkspaceError};
use rusqlite::Connection;

mod common;

fn actor() -> Actor {
    Actor::new("tester", Source::System)
}

fn create(path: &Path) -> Workspace {
    Workspace::open(path, OpenMode::CreateIfMissing, &actor()).expect("create workspace")
}

fn raw(path: &Path) -> Connection {
    Connection::open(path).expect("raw connection")
}

/// Appends `n` entries in one transaction each.
fn append_entries(ws: &mut Workspace, n: usize) {
    for i in 0..n {
        ws.with_tx(|tx| {
            audit::append(tx, &actor(), "test.entry", Some(&format!("s{i}")), &serde_json::json!({ "i": i }))
        })
        .expect("append");
    }
}

/// Simulates someone with a SQLite shell: the triggers that forbid changes go first.
fn tamper(path: &Path, sql: &str) {
    let c = raw(path);
    c.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").expect("drop triggers");
    c.execute_batch(sql).expect("tamper");
}

#[test]
fn a_new_file_is_created_at_the_latest_schema_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/ws.sqlite3");
    let ws = create(&path);
    let c = ws.conn();
    let version: u32 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let app_id: i32 = c.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION, "every migration must be applied to a new file");
    assert_eq!(app_id, APPLICATION_ID, "a new workspace must carry Kaifang's application id");
    assert_eq!(mode, "wal", "WAL lets the app and the CLI share the file");
    assert_eq!(sync, 2, "synchronous must be FULL so approvals survive a power cut");
    assert_eq!(fk, 1, "foreign keys must be enforced");
    let info = ws.info().unwrap();
    assert_eq!(info.counts.audit_entries, 1, "creation is audited once");
    assert_eq!(info.workspace_id.len(), 36, "a UUID identifies the workspace");
    let first = audit::recent(c, 1).unwrap();
    assert_eq!(first[0].action, "workspace.created");
    assert_eq!(first[0].actor, "tester");
}

#[test]
fn reopening_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    let id = create(&path).info().unwrap().workspace_id;
    let again = Workspace::open(&path, OpenMode::MustExist, &actor()).unwrap();
    let info = again.info().unwrap();
    assert_eq!(info.workspace_id, id, "the identity is fixed at creation");
    assert_eq!(info.counts.audit_entries, 1, "reopening must not write audit entries");
}

#[test]
fn must_exist_refuses_a_missing_file_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.sqlite3");
    let err = Workspace::open(&path, OpenMode::MustExist, &actor()).unwrap_err();
    assert!(matches!(err, WorkspaceError::Missing { .. }), "got {err:?}");
    assert_eq!(err.code(), ErrorCode::WorkspaceMissing);
    assert_eq!(err.params().get("path").map(String::as_str), Some(path.display().to_string().as_str()));
    assert!(!path.exists(), "a missing workspace must not be created by a read");
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    drop(create(&path));
    let newer = SCHEMA_VERSION + 5;
    raw(&path).pragma_update(None, "user_version", newer).unwrap();
    let before = std::fs::read(&path).unwrap();

    let err = Workspace::open(&path, OpenMode::MustExist, &actor()).unwrap_err();
    match &err {
        WorkspaceError::NewerSchema { found, supported, .. } => {
            assert_eq!((*found, *supported), (newer, SCHEMA_VERSION));
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let payload = err.payload();
    assert_eq!(payload.code, ErrorCode::WorkspaceNewerSchema);
    assert_eq!(payload.params.get("found"), Some(&newer.to_string()), "the UI message names the version found");
    let version: u32 = raw(&path).query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, newer, "an older binary must not downgrade the file");
    let count: i64 = raw(&path).query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 1, "nothing may be written to a refused workspace");
    assert_eq!(before.len(), std::fs::read(&path).unwrap().len());
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    raw(&path)
        .execute_batch("CREATE TABLE customers (id INTEGER, name TEXT); INSERT INTO customers VALUES (1, 'a');")
        .unwrap();
    let err = Workspace::open(&path, OpenMode::MustExist, &actor()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WorkspaceForeign, "got {err:?}");
    let tables: i64 = raw(&path).query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();
    assert_eq!(tables, 1, "the foreign database must not gain Kaifang's tables");
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    std::fs::write(&path, "名称,数量\n乡镇,3\n".repeat(200)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Workspace::open(&path, OpenMode::MustExist, &actor()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WorkspaceNotADatabase, "got {err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file must be left byte for byte as it was");
}

#[test]
fn with_tx_commits_on_ok_and_rolls_back_on_err() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = create(&dir.path().join("ws.sqlite3"));
    ws.with_tx(|tx| tx.execute("INSERT INTO meta (key, value) VALUES ('kept', '1')", []).map(|_| ())).expect("commit");
    #[derive(Debug)]
    enum TestError {
        Sql(#[allow(dead_code)] rusqlite::Error),
        Refused,
    }
    impl From<rusqlite::Error> for TestError {
        fn from(e: rusqlite::Error) -> Self {
            TestError::Sql(e)
        }
    }
    let result: Result<(), TestError> = ws.with_tx(|tx| {
        tx.execute("INSERT INTO meta (key, value) VALUES ('dropped', '1')", [])?;
        audit::append(tx, &actor(), "test.half_done", None, &serde_json::json!({}))?;
        Err(TestError::Refused)
    });
    assert!(matches!(result, Err(TestError::Refused)));
    let keys: Vec<String> = ws
        .conn()
        .prepare("SELECT key FROM meta WHERE key IN ('kept', 'dropped')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(keys, vec!["kept".to_owned()], "the failed transaction must leave nothing behind");
    assert_eq!(ws.info().unwrap().counts.audit_entries, 1, "the audit entry rolls back with its change");
    assert!(ws.verify_audit().unwrap().intact);
}

#[test]
fn the_audit_log_refuses_updates_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    drop(create(&path));
    let c = raw(&path);
    let update = c.execute("UPDATE audit_log SET actor = 'someone else'", []);
    let delete = c.execute("DELETE FROM audit_log", []);
    assert!(update.is_err() && delete.is_err(), "append-only triggers must refuse changes");
}

#[test]
fn the_chain_is_intact_after_many_entries() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = create(&dir.path().join("ws.sqlite3"));
    append_entries(&mut ws, 25);
    let report = ws.verify_audit().unwrap();
    assert!(report.intact, "{report:?}");
    assert_eq!(report.entries, 26);
}

#[test]
fn an_edited_entry_breaks_the_chain_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    append_entries(&mut create(&path), 5);
    tamper(&path, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 4");
    let report = Workspace::open(&path, OpenMode::MustExist, &actor()).unwrap().verify_audit().unwrap();
    assert!(!report.intact);
    let b = report.first_break.expect("a break");
    assert_eq!((b.seq, b.kind), (4, BreakKind::Edited), "the edited entry is the first broken one");
}

#[test]
fn a_deleted_entry_breaks_the_chain_at_its_successor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    append_entries(&mut create(&path), 5);
    tamper(&path, "DELETE FROM audit_log WHERE seq = 3");
    let report = Workspace::open(&path, OpenMode::MustExist, &actor()).unwrap().verify_audit().unwrap();
    let b = report.first_break.expect("a break");
    assert_eq!((b.seq, b.kind), (4, BreakKind::Unlinked));
}

#[test]
fn cutting_entries_off_the_end_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    append_entries(&mut create(&path), 5);
    tamper(&path, "DELETE FROM audit_log WHERE seq >= 5");
    let report = Workspace::open(&path, OpenMode::MustExist, &actor()).unwrap().verify_audit().unwrap();
    let b = report.first_break.expect("a break");
    assert_eq!((b.seq, b.kind), (6, BreakKind::Truncated), "the recorded head (entry 6) is gone");
}

#[test]
fn a_rehashed_edit_is_still_caught_by_its_successor() {
    // A tamperer who edits entry 2 and recomputes its own hash still breaks the
    // link from entry 3.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    append_entries(&mut create(&path), 3);
    let c = raw(&path);
    let (at, source, action, subject, detail, prev): (String, String, String, Option<String>, String, String) = c
        .query_row("SELECT at, source, action, subject, detail, prev_hash FROM audit_log WHERE seq = 2", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .unwrap();
    let forged = audit::entry_hash(2, &at, "mallory", &source, &action, subject.as_deref(), &detail, &prev);
    drop(c);
    tamper(&path, &format!("UPDATE audit_log SET actor = 'mallory', hash = '{forged}' WHERE seq = 2"));
    let report = Workspace::open(&path, OpenMode::MustExist, &actor()).unwrap().verify_audit().unwrap();
    let b = report.first_break.clone().expect("a break");
    assert_eq!((b.seq, b.kind), (3, BreakKind::Unlinked), "{report:?}");
}

#[test]
fn two_connections_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    drop(create(&path));
    let per_writer = 150;
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                // Each thread stands for a process: its own connection to the file.
                let mut ws = Workspace::open(&path, OpenMode::MustExist, &actor()).expect("open");
                for i in 0..per_writer {
                    ws.with_tx(|tx| {
                        audit::append(
                            tx,
                            &actor(),
                            "test.concurrent",
                            Some(&format!("w{w}-{i}")),
                            &serde_json::json!({}),
                        )
                    })
                    .expect("a writer must wait for the other, not fail");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer thread");
    }
    let ws = Workspace::open(&path, OpenMode::MustExist, &actor()).unwrap();
    assert_eq!(ws.info().unwrap().counts.audit_entries, 1 + 2 * per_writer as u64);
    assert!(ws.verify_audit().unwrap().intact, "interleaved writers must still form one chain");
}

#[test]
fn two_processes_creating_the_same_file_at_once_migrate_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || Workspace::open(&path, OpenMode::CreateIfMissing, &actor()).map(|_| ()))
        })
        .collect();
    for o in openers {
        o.join().unwrap().expect("every opener succeeds");
    }
    let ws = Workspace::open(&path, OpenMode::MustExist, &actor()).unwrap();
    assert_eq!(ws.info().unwrap().counts.audit_entries, 1, "creation happened exactly once");
}

/// The desktop refreshes its views from the audit log, so a change made by
/// another process (the CLI) shows up too: what changed since a `seq`, as topics
/// and datasets.
#[test]
fn changes_since_a_point_in_the_audit_log() {
    use kaifang_core::audit::{changed_since, last_seq, Topic};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    let window = Workspace::open(&path, OpenMode::CreateIfMissing, &Actor::new("窗口", Source::Desktop)).unwrap();
    let start = last_seq(window.conn()).unwrap();
    assert_eq!(changed_since(window.conn(), start).unwrap().1, Default::default(), "nothing yet");
    // Another process writes: an import, then metadata.
    let cli = Actor::new("命令行", Source::Cli);
    let mut other = Workspace::open(&path, OpenMode::MustExist, &cli).unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/subsidy_gbk.csv");
    let out = kaifang_core::pipeline::import_file(
        &mut other,
        &fixture,
        &Default::default(),
        &cli,
        &kaifang_core::jobs::no_progress,
        &Default::default(),
    )
    .unwrap();
    let id = out.datasets[0].id;
    let (after_import, c) = changed_since(window.conn(), start).unwrap();
    assert!(c.topics.contains(&Topic::Datasets) && c.datasets == vec![id], "{c:?}");
    assert!(!c.topics.contains(&Topic::Users));
    let values = [("provider".to_owned(), serde_json::json!("县民政局"))].into_iter().collect();
    kaifang_core::metadata::set(&mut other, kaifang_core::dataset::DatasetId(id), &values, &cli).unwrap();
    let (last, c) = changed_since(window.conn(), after_import).unwrap();
    assert_eq!(c.topics, vec![Topic::Datasets, Topic::Metadata], "only what the edit touched");
    assert_eq!(c.datasets, vec![id]);
    assert_eq!(last, last_seq(window.conn()).unwrap());
    common::people::first(&mut other, "小王", &[kaifang_core::auth::Role::Clerk]);
    let (_, c) = changed_since(window.conn(), last).unwrap();
    assert_eq!((c.topics, c.datasets), (vec![Topic::Review, Topic::Users], vec![]), "a user names no dataset");
}

/// A portal checked before portals had kinds kept CKAN's scheming schema; the
/// upgrade keeps what it required as a list of field names, and the portal is CKAN.
#[test]
fn portals_from_before_kinds_keep_their_required_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    let me = Actor::new("测试", Source::System);
    drop(Workspace::open(&path, OpenMode::CreateIfMissing, &me).unwrap());
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(common::schema::UNDO_0012).unwrap();
        c.execute_batch(common::schema::UNDO_0011).unwrap();
        c.execute_batch(common::schema::UNDO_0010).unwrap();
        c.execute_batch(
            "ALTER TABLE portals DROP COLUMN kind; ALTER TABLE portals DROP COLUMN required;
             INSERT INTO portals (name, url, org, created_at, schema) VALUES ('county', 'https://data.example.cn', 'org', '2026-01-01T00:00:00Z',
               '{\"dataset_fields\": [{\"field_name\": \"title\", \"required\": true}, {\"field_name\": \"notes\"},
                                      {\"field_name\": \"frequency\", \"required\": true}]}');",
        )
        .unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION - 4).unwrap();
    }
    let ws = Workspace::open(&path, OpenMode::MustExist, &me).unwrap();
    assert_eq!(kaifang_core::portal::required_fields(ws.conn(), "county").unwrap(), vec!["title", "frequency"]);
    let cfg = kaifang_core::portal::get(ws.conn(), "county").unwrap();
    assert_eq!(cfg.kind, kaifang_core::portal::PortalKind::Ckan);
}

/// Approvals from before signed decisions cannot be checked: after the upgrade
/// those datasets wait in the queue for a steward to approve them again.
#[test]
fn unsigned_approvals_from_older_versions_are_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    let me = Actor::new("测试", Source::System);
    {
        let mut ws = Workspace::open(&path, OpenMode::CreateIfMissing, &me).unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/pipe.txt");
        kaifang_core::pipeline::import_file(
            &mut ws,
            &fixture,
            &Default::default(),
            &me,
            &kaifang_core::jobs::no_progress,
            &kaifang_core::jobs::CancelToken::new(),
        )
        .unwrap();
    }
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(common::schema::UNDO_0012).unwrap();
        c.execute_batch(common::schema::UNDO_0011).unwrap();
        c.execute_batch(common::schema::UNDO_0010).unwrap();
        c.execute_batch(
            "UPDATE datasets SET status = 'approved';
             INSERT INTO reviews (dataset_id, version, action, actor, at, content_hash)
             VALUES (1, 1, 'approve', '老李', '2026-01-01T00:00:00Z', 'old');",
        )
        .unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION - 3).unwrap();
    }
    let ws = Workspace::open(&path, OpenMode::MustExist, &me).unwrap();
    let status: String = ws.conn().query_row("SELECT status FROM datasets WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(status, "submitted");
    let last = kaifang_core::review::history(ws.conn(), kaifang_core::dataset::DatasetId(1)).unwrap().pop().unwrap();
    assert_eq!(last.action, "void");
    assert!(ws.verify_audit().unwrap().intact);
}

/// A bundle import cut short by a crash left its staging beside the workspace:
/// the next start removes it.
#[cfg(target_os = "linux")]
#[test]
fn staging_left_by_a_crash_is_removed_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let left = dir.path().join(".kaifang-staging-4194399-k2Jd");
    std::fs::create_dir(&left).unwrap();
    std::fs::write(left.join("m0"), "姓名,身份证号\n").unwrap();
    let me = Actor::new("测试", Source::System);
    drop(Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &me).unwrap());
    assert!(!left.exists(), "the staging of a process that is gone is removed");
}

/// After a large import the write-ahead log shrinks back at the next checkpoint
/// instead of keeping its largest size on disk.
#[test]
fn the_wal_shrinks_back_after_a_large_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    let ws = Workspace::open(&path, OpenMode::CreateIfMissing, &Actor::new("测试", Source::System)).unwrap();
    let limit: i64 = ws.conn().query_row("PRAGMA journal_size_limit", [], |r| r.get(0)).unwrap();
    assert_eq!(limit, 64 << 20);
    // 100 MB through the log, as a large import writes it.
    ws.conn().execute_batch("CREATE TABLE big (b BLOB); BEGIN;").unwrap();
    for _ in 0..100 {
        ws.conn().execute("INSERT INTO big VALUES (zeroblob(1048576))", []).unwrap();
    }
    ws.conn().execute_batch("COMMIT; DROP TABLE big;").unwrap();
    // A checkpoint, then the next write starts the log over: it is cut back then.
    ws.conn().query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())).unwrap();
    ws.conn().execute_batch("CREATE TABLE small (x); INSERT INTO small VALUES (1);").unwrap();
    let wal = std::fs::metadata(dir.path().join("ws.sqlite3-wal")).map(|m| m.len()).unwrap_or(0);
    assert!(wal <= 64 << 20, "the log kept {wal} bytes");
}
