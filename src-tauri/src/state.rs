//! What every command shares: the open workspace, the files the user chose, and
//! the cancel tokens of running jobs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use kaifang_core::app::ChosenFile;
use std::time::{Duration, Instant};

use kaifang_core::audit::{Actor, Source};
use kaifang_core::auth::{self, AuthError, Unlocked};
use kaifang_core::error::{params, Coded};
use kaifang_core::jobs::CancelToken;
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, ErrorPayload, Workspace};

pub type Shared<T> = Arc<Mutex<T>>;

struct Session {
    unlocked: Arc<Unlocked>,
    last_used: Instant,
    relocked: bool,
}

pub struct AppState {
    pub path: Option<PathBuf>,
    /// The OS account; the workspace user chosen in the app takes its place.
    os_actor: Actor,
    /// The user who typed their passphrase at the switch, and when they last
    /// used a steward action (which needs a fresh unlock after 10 idle minutes).
    session: Mutex<Option<Session>>,
    /// The workspace, or why it could not be opened (shown by the UI instead of data).
    workspace: Result<Shared<Workspace>, ErrorPayload>,
    files: Mutex<HashMap<String, PathBuf>>,
    jobs: Mutex<HashMap<String, CancelToken>>,
    opened: Mutex<Option<ChosenFile>>,
    /// The background publishing worker.
    pub publisher: crate::publisher::Publisher,
}

/// A lock that survives a panic in an earlier holder: SQLite rolled back that
/// holder's transaction, and the maps hold plain data.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    /// Opens the workspace, creating it on first run.
    pub fn open(path: Option<PathBuf>, actor: Actor) -> Self {
        let workspace = match &path {
            Some(p) => Workspace::open(p, OpenMode::CreateIfMissing, &actor)
                .map(|w| Arc::new(Mutex::new(w)))
                .map_err(|e| e.payload()),
            None => Err(ErrorPayload {
                code: ErrorCode::WorkspaceMissing,
                message: "the OS gives no data folder; start with --workspace PATH".into(),
                params: params([("path", String::new())]),
            }),
        };
        AppState {
            path,
            os_actor: actor,
            session: Mutex::new(None),
            workspace,
            files: Mutex::new(HashMap::new()),
            jobs: Mutex::new(HashMap::new()),
            opened: Mutex::new(None),
            publisher: Default::default(),
        }
    }

    /// Who is acting: the user chosen at the switch, else the OS account.
    pub fn actor(&self) -> Actor {
        match lock(&self.session).as_ref() {
            Some(s) => s.unlocked.actor().clone(),
            None => self.os_actor.clone(),
        }
    }

    /// The OS account's host (for unlocking through this app).
    pub fn source(&self) -> Source {
        self.os_actor.source
    }

    /// The user proved their passphrase: they act from now on, and their
    /// steward actions are unlocked for [`auth::STEWARD_IDLE_SECONDS`] of idleness.
    pub fn set_session(&self, unlocked: Unlocked) {
        *lock(&self.session) =
            Some(Session { unlocked: Arc::new(unlocked), last_used: Instant::now(), relocked: false });
    }

    /// The acting user's name, if someone switched in.
    pub fn user_name(&self) -> Option<String> {
        lock(&self.session).as_ref().map(|s| s.unlocked.name().to_owned())
    }

    /// For a steward action: the acting steward, unlocked and used within the
    /// idle limit (each use restarts the clock). Otherwise the UI asks for the
    /// passphrase again (`auth_unlock_required`) or says the role is missing.
    pub fn steward(&self) -> Result<Arc<Unlocked>, ErrorPayload> {
        let mut guard = lock(&self.session);
        let Some(s) = guard.as_mut() else { return Err(AuthError::UnlockRequired.payload()) };
        if !s.unlocked.is_steward() {
            return Err(AuthError::RoleMissing { user: s.unlocked.name().to_owned(), role: "steward" }.payload());
        }
        if s.last_used.elapsed() > Duration::from_secs(auth::STEWARD_IDLE_SECONDS) || s.relocked {
            return Err(AuthError::UnlockRequired.payload());
        }
        s.last_used = Instant::now();
        Ok(s.unlocked.clone())
    }

    /// Pretends the steward's last action was `ago` ago.
    #[cfg(test)]
    fn idle_for(&self, ago: Duration) {
        if let Some(s) = lock(&self.session).as_mut() {
            s.last_used = Instant::now().checked_sub(ago).unwrap_or_else(Instant::now);
        }
    }

    /// Locks steward actions until the passphrase is typed again (the user
    /// stays who they are for clerk work).
    pub fn relock(&self) {
        if let Some(s) = lock(&self.session).as_mut() {
            s.relocked = true;
        }
    }

    pub fn open_error(&self) -> Option<ErrorPayload> {
        self.workspace.as_ref().err().cloned()
    }

    /// The shared connection, for short reads.
    pub fn workspace(&self) -> Result<Shared<Workspace>, ErrorPayload> {
        self.workspace.clone()
    }

    /// A second connection for long work, so the UI's reads are not blocked
    /// behind an import (WAL lets both run).
    pub fn connect(&self) -> Result<Workspace, ErrorPayload> {
        self.workspace.as_ref().map_err(Clone::clone)?;
        let path = self.path.as_deref().ok_or_else(|| internal("no workspace path"))?;
        Workspace::open(path, OpenMode::MustExist, &self.os_actor).map_err(|e| e.payload())
    }

    /// Registers a file the user chose and returns how the web view may name it.
    pub fn choose(&self, path: &Path) -> Result<ChosenFile, ErrorPayload> {
        let size = std::fs::metadata(path).map(|m| m.len()).map_err(|e| ErrorPayload {
            code: ErrorCode::ImportRead,
            message: e.to_string(),
            params: params([("path", path.display().to_string())]),
        })?;
        let token = uuid::Uuid::new_v4().to_string();
        lock(&self.files).insert(token.clone(), path.to_owned());
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(ChosenFile { token, file_name, size })
    }

    /// The path behind a token from `choose`.
    pub fn chosen(&self, token: &str) -> Result<PathBuf, ErrorPayload> {
        lock(&self.files).get(token).cloned().ok_or_else(|| ErrorPayload {
            code: ErrorCode::FileNotChosen,
            message: "unknown file token".into(),
            params: Default::default(),
        })
    }

    /// The file Kaifang was started with, offered once.
    pub fn set_opened(&self, f: ChosenFile) {
        *lock(&self.opened) = Some(f);
    }

    pub fn take_opened(&self) -> Option<ChosenFile> {
        lock(&self.opened).take()
    }

    /// The job's token; one already cancelled if `job_cancel` arrived first (the UI
    /// may cancel before the command that starts the job has reached us).
    pub fn start_job(&self, id: &str) -> CancelToken {
        lock(&self.jobs).entry(id.to_owned()).or_default().clone()
    }

    pub fn end_job(&self, id: &str) {
        lock(&self.jobs).remove(id);
    }

    /// Cancels a job, or marks it cancelled before it starts. A finished job's id
    /// is forgotten, so a late cancel only leaves a small entry behind.
    pub fn cancel_job(&self, id: &str) {
        lock(&self.jobs).entry(id.to_owned()).or_default().cancel();
    }
}

/// A failure that means a bug, for the UI's "report this" message.
pub fn internal(message: impl std::fmt::Display) -> ErrorPayload {
    ErrorPayload { code: ErrorCode::Internal, message: message.to_string(), params: Default::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancel_that_arrives_first_still_cancels() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let state = AppState::open(Some(dir.path().join("ws.sqlite3")), Actor::new("t", Source::System));
        state.cancel_job("job-1");
        assert!(state.start_job("job-1").is_cancelled(), "the import must see the early cancel");
        state.end_job("job-1");
        assert!(!state.start_job("job-1").is_cancelled(), "a new job with a fresh id starts clean");
    }

    #[test]
    fn steward_actions_lock_after_ten_idle_minutes_and_on_request() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let state = AppState::open(Some(dir.path().join("ws.sqlite3")), Actor::new("t", Source::Desktop));
        let ws = state.workspace().unwrap_or_else(|e| panic!("{e:?}"));
        let pass = secrecy::SecretString::from("门前大桥下游过一群鸭".to_owned());
        let unlocked = {
            let mut ws = lock(&ws);
            auth::add_user(&mut ws, "老李", &[auth::Role::Steward], Some(&pass), None, Source::Desktop)
                .and_then(|_| auth::unlock(&mut ws, "老李", &pass, Source::Desktop, "switch"))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(state.steward().unwrap_err().code, ErrorCode::AuthUnlockRequired, "nobody signed in");
        state.set_session(unlocked);
        assert_eq!(state.actor().name, "老李");
        assert!(state.steward().is_ok());
        // Nine idle minutes: still unlocked, and using it restarts the clock.
        state.idle_for(Duration::from_secs(9 * 60));
        assert!(state.steward().is_ok());
        state.idle_for(Duration::from_secs(auth::STEWARD_IDLE_SECONDS + 1));
        assert_eq!(state.steward().unwrap_err().code, ErrorCode::AuthUnlockRequired);
        assert_eq!(state.actor().name, "老李", "still the acting user for clerk work");
        state.idle_for(Duration::ZERO);
        assert!(state.steward().is_ok());
        state.relock();
        assert_eq!(state.steward().unwrap_err().code, ErrorCode::AuthUnlockRequired, "locked from the menu");
    }

    #[test]
    fn files_are_named_by_token_only() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let state = AppState::open(Some(dir.path().join("ws.sqlite3")), Actor::new("t", Source::System));
        let f = dir.path().join("名单.csv");
        std::fs::write(&f, "a,b\n1,2\n").unwrap_or_else(|e| panic!("{e}"));
        let chosen = state.choose(&f).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((chosen.file_name.as_str(), chosen.size), ("名单.csv", 8));
        assert_eq!(state.chosen(&chosen.token).ok(), Some(f));
        let err = state.chosen("/etc/passwd").unwrap_err();
        assert_eq!(err.code, kaifang_core::ErrorCode::FileNotChosen, "a path is not a token");
    }
}
