//! The open workspace shared by every command.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use kaifang_core::audit::Actor;
use kaifang_core::error::Coded;
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, ErrorPayload, Workspace};

pub struct AppState {
    pub path: Option<PathBuf>,
    pub actor: Actor,
    /// The workspace, or why it could not be opened (shown by the UI instead of data).
    workspace: Result<Mutex<Workspace>, ErrorPayload>,
}

impl AppState {
    /// Opens the workspace, creating it on first run.
    pub fn open(path: Option<PathBuf>, actor: Actor) -> Self {
        let workspace = match &path {
            Some(p) => Workspace::open(p, OpenMode::CreateIfMissing, &actor).map(Mutex::new).map_err(|e| e.payload()),
            None => Err(ErrorPayload {
                code: ErrorCode::WorkspaceMissing,
                message: "the OS gives no data folder; start with --workspace PATH".into(),
                params: [("path".to_owned(), String::new())].into(),
            }),
        };
        AppState { path, actor, workspace }
    }

    pub fn open_error(&self) -> Option<ErrorPayload> {
        self.workspace.as_ref().err().cloned()
    }

    /// The workspace for one command. A poisoned lock means an earlier command
    /// panicked mid-way; SQLite rolled its transaction back, so the connection is
    /// still sound and we keep serving.
    pub fn workspace(&self) -> Result<MutexGuard<'_, Workspace>, ErrorPayload> {
        match &self.workspace {
            Ok(m) => Ok(m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            Err(e) => Err(e.clone()),
        }
    }
}
