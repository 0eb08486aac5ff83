//! The workspace: one SQLite file holding a county office's datasets, metadata,
//! masking policies, reviews, publishing outbox and audit log.
//!
//! SQLite is opened here and nowhere else, always the same way: WAL so the desktop
//! app and the CLI can use one file at once (readers never block the writer),
//! `synchronous=FULL` so an acknowledged approval survives a power cut, a busy
//! timeout so a second writer waits instead of failing, and foreign keys on.

pub mod backup;
mod migrations;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode as SqliteCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::clock::now_rfc3339;
use crate::error::{params, Coded, ErrorCode};

pub use migrations::SCHEMA_VERSION;

/// `PRAGMA application_id` of a Kaifang workspace ("KFWS"), so that a SQLite file
/// from another program is recognised and refused instead of being migrated.
pub const APPLICATION_ID: i32 = 0x4B46_5753;

/// How long a writer waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// What the write-ahead log is cut back to after it has grown (bytes).
const WAL_SIZE_LIMIT: i64 = 64 << 20;

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("no workspace at {path}")]
    Missing { path: PathBuf },
    #[error("cannot create the folder {path}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a SQLite database")]
    NotADatabase { path: PathBuf },
    #[error("{path} is a database of another program, not a Kaifang workspace")]
    Foreign { path: PathBuf },
    #[error("{path} was written by a newer Kaifang (schema {found}; this version reads up to {supported})")]
    NewerSchema { path: PathBuf, found: u32, supported: u32 },
    #[error("database error")]
    Sqlite(#[source] rusqlite::Error),
    #[error("{path} needs a newer schema, and the backup taken first failed: {reason}")]
    BackupBeforeMigration { path: PathBuf, reason: String },
}

impl From<rusqlite::Error> for WorkspaceError {
    fn from(e: rusqlite::Error) -> Self {
        WorkspaceError::Sqlite(e)
    }
}

/// Classifies a SQLite failure for the user: busy, read-only, disk full and damaged
/// files each need a different next step.
pub fn sqlite_code(e: &rusqlite::Error) -> ErrorCode {
    match e.sqlite_error_code() {
        Some(SqliteCode::DatabaseBusy | SqliteCode::DatabaseLocked) => ErrorCode::WorkspaceBusy,
        Some(SqliteCode::ReadOnly) => ErrorCode::WorkspaceReadOnly,
        Some(SqliteCode::DiskFull) => ErrorCode::WorkspaceDiskFull,
        Some(SqliteCode::DatabaseCorrupt) => ErrorCode::WorkspaceCorrupt,
        Some(SqliteCode::NotADatabase) => ErrorCode::WorkspaceNotADatabase,
        Some(SqliteCode::CannotOpen) => ErrorCode::Io,
        _ => ErrorCode::Database,
    }
}

impl Coded for WorkspaceError {
    fn code(&self) -> ErrorCode {
        match self {
            WorkspaceError::Missing { .. } => ErrorCode::WorkspaceMissing,
            WorkspaceError::CreateDir { .. } => ErrorCode::WorkspaceCreateDir,
            WorkspaceError::NotADatabase { .. } => ErrorCode::WorkspaceNotADatabase,
            WorkspaceError::Foreign { .. } => ErrorCode::WorkspaceForeign,
            WorkspaceError::NewerSchema { .. } => ErrorCode::WorkspaceNewerSchema,
            WorkspaceError::Sqlite(e) => sqlite_code(e),
            WorkspaceError::BackupBeforeMigration { .. } => ErrorCode::BackupFailed,
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        let shown = |p: &Path| p.display().to_string();
        match self {
            WorkspaceError::Missing { path }
            | WorkspaceError::CreateDir { path, .. }
            | WorkspaceError::NotADatabase { path }
            | WorkspaceError::Foreign { path } => params([("path", shown(path))]),
            WorkspaceError::NewerSchema { path, found, supported } => {
                params([("path", shown(path)), ("found", found.to_string()), ("supported", supported.to_string())])
            }
            WorkspaceError::Sqlite(_) => BTreeMap::new(),
            WorkspaceError::BackupBeforeMigration { path, reason } => {
                params([("path", shown(path)), ("reason", reason.clone())])
            }
        }
    }
}

/// Whether opening may create a new workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    CreateIfMissing,
    MustExist,
}

/// Counts shown by `kaifang workspace info` and the app's status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WorkspaceCounts {
    #[ts(type = "number")]
    pub audit_entries: u64,
}

/// What a workspace is, for `kaifang workspace info` and the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WorkspaceInfo {
    pub path: String,
    pub workspace_id: String,
    pub created_at: String,
    pub schema_version: u32,
    /// The newest schema this build understands.
    pub supported_schema_version: u32,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub counts: WorkspaceCounts,
}

/// An open workspace. One per thread; open another for another thread or process.
#[derive(Debug)]
pub struct Workspace {
    conn: Connection,
    path: PathBuf,
}

impl Workspace {
    /// Opens (and, with [`OpenMode::CreateIfMissing`], creates) the workspace at
    /// `path`, bringing its schema up to date. `actor` is recorded if the
    /// workspace is created.
    pub fn open(path: &Path, mode: OpenMode, actor: &Actor) -> Result<Self, WorkspaceError> {
        let exists = path.exists();
        if !exists {
            if mode == OpenMode::MustExist {
                return Err(WorkspaceError::Missing { path: path.to_owned() });
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|source| WorkspaceError::CreateDir { path: dir.to_owned(), source })?;
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)?;
        let mut ws = Workspace { conn, path: path.to_owned() };
        ws.configure()?;
        ws.migrate(actor)?;
        // A bundle import cut short by a crash leaves its staging (perhaps raw
        // data, decrypted) beside the workspace: it goes at the next start.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::paths::clean_stale_staging(dir);
        }
        // ... and a backup cut short leaves its partial copy in the backups folder.
        crate::paths::clean_stale_staging(&backup::folder(path));
        Ok(ws)
    }

    fn configure(&self) -> Result<(), WorkspaceError> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        // The first statement that reads the header tells a non-database apart.
        let mode = self.journal_wal()?;
        if !mode.eq_ignore_ascii_case("wal") {
            // A read-only or network file system may refuse WAL; the workspace still
            // works in rollback-journal mode, only without concurrent readers.
            tracing_note(&format!("journal_mode stayed {mode}"));
        }
        // After a large import the WAL is cut back to this size at the next
        // checkpoint, instead of keeping the import's size on disk for good.
        self.conn.execute_batch(&format!(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = {WAL_SIZE_LIMIT};"
        ))?;
        Ok(())
    }

    /// Switches to WAL. The switch needs the file to itself and SQLite answers
    /// "busy" at once, without its busy handler, while another process opens the
    /// same new file: wait for it here, as long as any other lock.
    fn journal_wal(&self) -> Result<String, WorkspaceError> {
        let start = std::time::Instant::now();
        loop {
            match self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
                Err(e) if e.sqlite_error_code() == Some(SqliteCode::DatabaseBusy) && start.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => return other.map_err(|e| self.classify_open_error(e)),
            }
        }
    }

    fn classify_open_error(&self, e: rusqlite::Error) -> WorkspaceError {
        match e.sqlite_error_code() {
            Some(SqliteCode::NotADatabase) => WorkspaceError::NotADatabase { path: self.path.clone() },
            _ => WorkspaceError::Sqlite(e),
        }
    }

    fn migrate(&mut self, actor: &Actor) -> Result<(), WorkspaceError> {
        let path = self.path.clone();
        // An existing workspace about to change schema is copied first; if that
        // copy cannot be made (a full or read-only disk), nothing is changed.
        let app_id: i32 = self.conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: u32 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if app_id == APPLICATION_ID && version > 0 && version < SCHEMA_VERSION {
            crate::workspace::backup::before_migration(&self.conn, &path, version)
                .map_err(|e| WorkspaceError::BackupBeforeMigration { path: path.clone(), reason: e.to_string() })?;
        }
        // IMMEDIATE takes the write lock first, so two processes opening a new file
        // at once cannot both run the migrations.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let app_id: i32 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        let fresh = app_id == 0 && version == 0 && tables == 0;
        if !fresh && app_id != APPLICATION_ID {
            return Err(WorkspaceError::Foreign { path });
        }
        if version > SCHEMA_VERSION {
            return Err(WorkspaceError::NewerSchema { path, found: version, supported: SCHEMA_VERSION });
        }
        for (i, sql) in migrations::MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as u32)?;
        }
        if fresh {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            let id = uuid::Uuid::new_v4().to_string();
            let now = now_rfc3339();
            tx.execute("INSERT INTO meta (key, value) VALUES ('workspace_id', ?1), ('created_at', ?2)", [&id, &now])?;
            audit::append(&tx, actor, "workspace.created", None, &serde_json::json!({ "schema": SCHEMA_VERSION }))?;
        } else if version < SCHEMA_VERSION {
            audit::append(
                &tx,
                actor,
                "workspace.migrated",
                None,
                &serde_json::json!({ "from": version, "to": SCHEMA_VERSION }),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Replaces the whole database with the one at `source` (SQLite's backup API,
    /// page by page under the write lock), then brings its schema up to date.
    pub(crate) fn restore_from(&mut self, source: &Path) -> Result<(), WorkspaceError> {
        self.conn.restore(rusqlite::MAIN_DB, source, None::<fn(rusqlite::backup::Progress)>)?;
        self.configure()?;
        let actor = Actor::new("kaifang", audit::Source::System);
        self.migrate(&actor)
    }

    /// The file this workspace lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access for queries that need no transaction.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one write transaction: committed if it returns `Ok`, rolled back
    /// (with nothing of it left) if it returns `Err` or panics. The transaction takes
    /// the write lock up front, so it waits for another process's writer (up to the
    /// busy timeout) instead of failing half-way on a lock upgrade.
    pub fn with_tx<T, E>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<rusqlite::Error>,
    {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Path, identity, schema and counts.
    pub fn info(&self) -> Result<WorkspaceInfo, WorkspaceError> {
        let meta = |key: &str| -> rusqlite::Result<String> {
            Ok(self
                .conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()?
                .unwrap_or_default())
        };
        let schema_version: u32 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let audit_entries: i64 = self.conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
        let size_bytes = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        Ok(WorkspaceInfo {
            path: self.path.display().to_string(),
            workspace_id: meta("workspace_id")?,
            created_at: meta("created_at")?,
            schema_version,
            supported_schema_version: SCHEMA_VERSION,
            size_bytes,
            counts: WorkspaceCounts { audit_entries: audit_entries.max(0) as u64 },
        })
    }

    /// Checks the audit log's hash chain.
    pub fn verify_audit(&self) -> Result<audit::ChainReport, WorkspaceError> {
        Ok(audit::verify(&self.conn)?)
    }
}

// Kaifang writes no log file yet; this keeps the one diagnostic visible in debug
// builds without printing in release ones.
fn tracing_note(_msg: &str) {
    #[cfg(debug_assertions)]
    eprintln!("kaifang: {_msg}");
}
