//! Backups of the workspace: SQLite's online backup into `backups/` beside the
//! workspace (daily, before every migration and bundle import, and on request),
//! the last N kept, and a restore that checks the file first, backs up the
//! current workspace, and then copies the backup in through the same API.
//!
//! A backup is written to a `.part` file, checked with `PRAGMA integrity_check`,
//! synced and only then renamed: a full or read-only disk, or a drive pulled out
//! mid-write, leaves no half backup that looks like a good one.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Workspace, WorkspaceError, APPLICATION_ID, SCHEMA_VERSION};
use crate::audit::{self, Actor};
use crate::clock::now_rfc3339;
use crate::error::{params as p, Coded, ErrorCode};

/// Backups kept when the workspace does not say otherwise.
pub const DEFAULT_KEEP: usize = 10;
/// A daily backup is taken when the newest is older than this.
pub const DAILY: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("cannot write the backup to {path}: {reason}")]
    Write { path: String, reason: String },
    #[error("the disk holding {path} is full")]
    DiskFull { path: String },
    #[error("{file} is not a usable Kaifang backup: {reason}")]
    Invalid { file: String, reason: String },
    #[error("{file} was written by a newer Kaifang (schema {found}, this one reads {supported})")]
    Newer { file: String, found: u32, supported: u32 },
    /// The acting user may not restore (a steward action; see `auth::restore`).
    #[error("{0}")]
    NotAllowed(Box<dyn crate::error::CodedError>),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

impl From<rusqlite::Error> for BackupError {
    fn from(e: rusqlite::Error) -> Self {
        BackupError::Workspace(WorkspaceError::Sqlite(e))
    }
}

impl Coded for BackupError {
    fn code(&self) -> ErrorCode {
        match self {
            BackupError::Write { .. } => ErrorCode::BackupFailed,
            BackupError::DiskFull { .. } => ErrorCode::WorkspaceDiskFull,
            BackupError::Invalid { .. } => ErrorCode::RestoreInvalid,
            BackupError::Newer { .. } => ErrorCode::WorkspaceNewerSchema,
            BackupError::NotAllowed(e) => e.code(),
            BackupError::Workspace(e) => e.code(),
        }
    }

    fn params(&self) -> std::collections::BTreeMap<String, String> {
        match self {
            BackupError::Write { path, reason } => p([("path", path.clone()), ("reason", reason.clone())]),
            BackupError::DiskFull { path } => p([("path", path.clone())]),
            BackupError::Invalid { file, reason } => p([("file", file.clone()), ("reason", reason.clone())]),
            BackupError::Newer { file, found, supported } => {
                p([("path", file.clone()), ("found", found.to_string()), ("supported", supported.to_string())])
            }
            BackupError::NotAllowed(e) => e.params(),
            BackupError::Workspace(e) => e.params(),
        }
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    pub file_name: String,
    pub path: String,
    /// When it was taken (from its name), RFC 3339.
    pub created_at: String,
    /// `manual`, `daily`, `before-migration`, `before-bundle`, `before-restore`.
    pub reason: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// What a backup holds, shown before restoring it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupPreview {
    pub file_name: String,
    pub workspace_id: String,
    /// Whether it is a backup of the workspace open now.
    pub same_workspace: bool,
    pub schema_version: u32,
    #[ts(type = "number")]
    pub datasets: u64,
    /// The first dataset names, for recognising it.
    pub dataset_names: Vec<String>,
    #[ts(type = "number")]
    pub users: u64,
    /// The time of its last audit entry: how recent its content is.
    pub last_change: Option<String>,
    /// Whether its audit log's hash chain verifies.
    pub audit_intact: bool,
}

fn write_err(path: &Path, reason: impl ToString) -> BackupError {
    let reason = reason.to_string();
    // The OS ("No space left on device") and SQLite ("database or disk is full")
    // both say so in words; the clerk needs the disk-full message, not a generic one.
    if reason.contains("No space left") || reason.contains("disk is full") || reason.contains("StorageFull") {
        return BackupError::DiskFull { path: path.display().to_string() };
    }
    BackupError::Write { path: path.display().to_string(), reason }
}

fn label(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The backup folder of a workspace: `backups/` beside it.
pub fn folder(workspace: &Path) -> PathBuf {
    workspace.parent().unwrap_or(Path::new(".")).join("backups")
}

fn stem(workspace: &Path) -> String {
    workspace.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "workspace".into())
}

/// Copies the database behind `conn` to `dest` with SQLite's online backup and
/// checks the copy; the copy appears under `dest` only when it is whole.
fn copy_checked(conn: &Connection, dest: &Path) -> Result<u64, BackupError> {
    // Named as staging of this process: a copy cut short by a crash or a power
    // cut (with its -journal) is removed at the next start.
    let part = dest.with_file_name(format!("{}{}.part", crate::paths::staging_prefix(), label(dest)));
    remove_if_there(&part);
    let result = (|| -> Result<u64, BackupError> {
        conn.backup(rusqlite::MAIN_DB, &part, None).map_err(|e| write_err(&part, e))?;
        {
            // The copy inherits the workspace's WAL mode, whose -wal and -shm side
            // files would be left beside it: a backup is one self-contained file.
            let copy = Connection::open(&part).map_err(|e| write_err(&part, e))?;
            let mode: String =
                copy.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)).map_err(|e| write_err(&part, e))?;
            if !mode.eq_ignore_ascii_case("delete") {
                return Err(write_err(&part, format!("the copy stayed in {mode} mode")));
            }
            let check: String =
                copy.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| write_err(&part, e))?;
            if check != "ok" {
                return Err(write_err(&part, format!("the copy failed its check: {check}")));
            }
        }
        remove_side_files(&part);
        let size = sync_to_disk(&part).map_err(|e| write_err(&part, e))?;
        std::fs::rename(&part, dest).map_err(|e| write_err(dest, e))?;
        Ok(size)
    })();
    if result.is_err() {
        remove_if_there(&part);
        remove_side_files(&part);
    }
    result
}

/// Flushes a written file to the disk and returns its size. The handle is
/// opened for writing: Windows flushes (FlushFileBuffers) only through a handle
/// with write access, and refuses a read-only one with "Access denied". It is
/// closed before the caller renames the file.
fn sync_to_disk(path: &Path) -> std::io::Result<u64> {
    let f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.sync_all()?;
    Ok(f.metadata()?.len())
}

/// Removes SQLite's `-wal`, `-shm` and `-journal` files beside `db`, if any.
fn remove_side_files(db: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        remove_if_there(&db.with_file_name(format!("{}{suffix}", label(db))));
    }
}

/// Removes a file that may not exist; any other failure is logged.
fn remove_if_there(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => eprintln!("kaifang: could not remove {}: {e}", path.display()),
    }
}

fn timestamp() -> String {
    let now = time::OffsetDateTime::now_utc();
    let fmt = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    now.format(&fmt).unwrap_or_else(|_| "00000000T000000Z".into())
}

/// Backs up the workspace now into its backup folder; keeps the newest `keep`.
pub fn create(ws: &Workspace, reason: &str) -> Result<BackupInfo, BackupError> {
    create_in(ws.conn(), ws.path(), reason)
}

fn create_in(conn: &Connection, workspace: &Path, reason: &str) -> Result<BackupInfo, BackupError> {
    let dir = folder(workspace);
    std::fs::create_dir_all(&dir).map_err(|e| write_err(&dir, e))?;
    let mut name = format!("{}-{}-{reason}.sqlite3", stem(workspace), timestamp());
    let mut n = 1;
    while dir.join(&name).exists() {
        n += 1;
        name = format!("{}-{}-{reason}-{n}.sqlite3", stem(workspace), timestamp());
    }
    let dest = dir.join(&name);
    let size = copy_checked(conn, &dest)?;
    prune(workspace, keep(conn))?;
    Ok(info_of(&dest, size).unwrap_or(BackupInfo {
        file_name: name,
        path: dest.display().to_string(),
        created_at: now_rfc3339(),
        reason: reason.to_owned(),
        size,
    }))
}

fn keep(conn: &Connection) -> usize {
    conn.query_row("SELECT value FROM settings WHERE key = 'backup.keep'", [], |r| r.get::<_, String>(0))
        .optional()
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(DEFAULT_KEEP)
}

/// Parses `<stem>-<YYYYMMDDTHHMMSSZ>-<reason>[-n].sqlite3`.
fn info_of(path: &Path, size: u64) -> Option<BackupInfo> {
    let name = label(path);
    let body = name.strip_suffix(".sqlite3")?;
    let stamp_at = body.char_indices().find(|(i, _)| {
        let rest = &body[*i..];
        rest.len() > 17
            && rest.as_bytes()[0] == b'-'
            && rest[1..9].bytes().all(|b| b.is_ascii_digit())
            && &rest[9..10] == "T"
            && &rest[16..17] == "Z"
    })?;
    let rest = &body[stamp_at.0 + 1..];
    let (stamp, reason) = (&rest[..16], rest.get(17..).unwrap_or("manual"));
    let created_at = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &stamp[0..4],
        &stamp[4..6],
        &stamp[6..8],
        &stamp[9..11],
        &stamp[11..13],
        &stamp[13..15]
    );
    let reason = reason.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-').to_owned();
    Some(BackupInfo { file_name: name, path: path.display().to_string(), created_at, reason, size })
}

/// The backups of a workspace, newest first.
pub fn list(workspace: &Path) -> Result<Vec<BackupInfo>, BackupError> {
    let dir = folder(workspace);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(Vec::new()) };
    let prefix = format!("{}-", stem(workspace));
    let mut all: Vec<BackupInfo> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter_map(|e| info_of(&e.path(), e.metadata().map(|m| m.len()).unwrap_or(0)))
        .collect();
    all.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.file_name.cmp(&a.file_name)));
    Ok(all)
}

fn prune(workspace: &Path, keep: usize) -> Result<(), BackupError> {
    for old in list(workspace)?.into_iter().skip(keep) {
        if let Err(e) = std::fs::remove_file(&old.path) {
            eprintln!("kaifang: an old backup could not be removed ({}): {e}", old.file_name);
        }
    }
    Ok(())
}

/// Takes the daily backup if the newest one is older than a day.
pub fn daily(ws: &Workspace) -> Result<Option<BackupInfo>, BackupError> {
    let newest = list(ws.path())?.into_iter().next();
    let due = match newest {
        None => true,
        Some(b) => {
            let parsed = time::OffsetDateTime::parse(&b.created_at, &time::format_description::well_known::Rfc3339);
            parsed.map_or(true, |t| time::OffsetDateTime::now_utc() - t > DAILY)
        }
    };
    if due {
        create(ws, "daily").map(Some)
    } else {
        Ok(None)
    }
}

/// Before the schema of an existing workspace is changed: a copy of it as it was.
pub(crate) fn before_migration(conn: &Connection, workspace: &Path, from: u32) -> Result<(), BackupError> {
    create_in(conn, workspace, &format!("before-migration-v{from}")).map(|_| ())
}

/// Opens a backup read-only and checks that it is a whole Kaifang workspace this
/// build can read.
fn open_checked(path: &Path) -> Result<Connection, BackupError> {
    let file = label(path);
    let invalid = |reason: String| BackupError::Invalid { file: file.clone(), reason };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| invalid(e.to_string()))?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| invalid(e.to_string()))?;
    if app_id != APPLICATION_ID {
        return Err(invalid("not a Kaifang workspace".into()));
    }
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| invalid(e.to_string()))?;
    if version > SCHEMA_VERSION {
        return Err(BackupError::Newer { file, found: version, supported: SCHEMA_VERSION });
    }
    let check: String =
        conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| invalid(e.to_string()))?;
    if check != "ok" {
        return Err(invalid(check.chars().take(200).collect()));
    }
    check_schema(&conn, version).map_err(invalid)?;
    Ok(conn)
}

/// The tables, views and triggers of a backup must be those its schema version
/// creates, plus the data tables its versions name: nothing else (a trigger
/// hidden in a hand-made file would run inside the restored workspace).
fn check_schema(conn: &Connection, version: u32) -> Result<(), String> {
    let objects = |c: &Connection| -> rusqlite::Result<std::collections::BTreeSet<(String, String)>> {
        let mut stmt = c.prepare(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite_%'",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    };
    let reference = Connection::open_in_memory().map_err(|e| e.to_string())?;
    for sql in &super::migrations::MIGRATIONS[..version as usize] {
        reference.execute_batch(sql).map_err(|e| e.to_string())?;
    }
    let expected = objects(&reference).map_err(|e| e.to_string())?;
    let found = objects(conn).map_err(|e| e.to_string())?;
    let data_tables: std::collections::BTreeSet<String> =
        if found.contains(&("table".into(), "dataset_versions".into())) {
            let mut stmt = conn.prepare("SELECT data_table FROM dataset_versions").map_err(|e| e.to_string())?;
            let rows = stmt.query_map([], |r| r.get::<_, Option<String>>(0)).map_err(|e| e.to_string())?;
            rows.filter_map(|r| r.ok().flatten()).collect()
        } else {
            Default::default()
        };
    let is_data = |t: &str, n: &str| {
        t == "table"
            && data_tables.contains(n)
            && n.strip_prefix("data_").is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    };
    if let Some((t, n)) = found.iter().find(|(t, n)| !expected.contains(&(t.clone(), n.clone())) && !is_data(t, n)) {
        return Err(format!("unexpected {t} {}", n.chars().take(60).collect::<String>()));
    }
    if let Some((t, n)) = expected.iter().find(|o| !found.contains(*o)) {
        return Err(format!("missing {t} {n}"));
    }
    Ok(())
}

/// What a backup holds, after checking it.
pub fn preview(ws: &Workspace, backup: &Path) -> Result<BackupPreview, BackupError> {
    let conn = open_checked(backup)?;
    let one = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap_or(0).max(0) as u64;
    let workspace_id: String =
        conn.query_row("SELECT value FROM meta WHERE key = 'workspace_id'", [], |r| r.get(0)).unwrap_or_default();
    let current: String =
        ws.conn().query_row("SELECT value FROM meta WHERE key = 'workspace_id'", [], |r| r.get(0)).unwrap_or_default();
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let names: Vec<String> = conn
        .prepare("SELECT name FROM datasets ORDER BY id LIMIT 20")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default();
    Ok(BackupPreview {
        file_name: label(backup),
        same_workspace: workspace_id == current,
        workspace_id,
        schema_version: version,
        datasets: one("SELECT count(*) FROM datasets"),
        dataset_names: names,
        users: one("SELECT count(*) FROM users"),
        last_change: conn.query_row("SELECT max(at) FROM audit_log", [], |r| r.get(0)).unwrap_or(None),
        audit_intact: audit::verify(&conn).is_ok_and(|r| r.intact),
    })
}

/// Replaces the workspace's content with the backup's. The backup is checked
/// first and the current content backed up (`before-restore`), so a restore can
/// itself be undone. The restored workspace is migrated if the backup is older,
/// and records the restore in its audit log.
pub fn restore(ws: &mut Workspace, backup: &Path, actor: &Actor) -> Result<BackupInfo, BackupError> {
    let source = open_checked(backup)?;
    drop(source);
    let saved = create(ws, "before-restore")?;
    ws.restore_from(backup)?;
    let detail = serde_json::json!({ "from": label(backup), "previous": saved.file_name });
    ws.with_tx(|tx| audit::append(tx, actor, "workspace.restored", None, &detail).map(|_| ()))?;
    Ok(saved)
}
