//! Where the workspace lives when nobody says otherwise.

use std::path::PathBuf;

/// Environment variable that overrides the default workspace path.
pub const WORKSPACE_ENV: &str = "KAIFANG_WORKSPACE";

/// The file name of the default workspace inside the data folder.
pub const DEFAULT_FILE_NAME: &str = "workspace.sqlite3";

/// The workspace path from, in order: an explicit path (`--workspace`), the
/// `KAIFANG_WORKSPACE` variable, the OS data folder
/// (`~/.local/share/kaifang/workspace.sqlite3` on Linux,
/// `%APPDATA%\kaifang\workspace.sqlite3` on Windows).
pub fn resolve_workspace_path(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit
        .or_else(|| std::env::var_os(WORKSPACE_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(default_workspace_path)
}

/// The OS data folder's workspace, or `None` where the OS gives no home folder.
pub fn default_workspace_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.data_dir().join("kaifang").join(DEFAULT_FILE_NAME))
}

/// Whether the path came from the user (flag or variable) rather than the default;
/// informational commands refuse to create a workspace at a path the user typed,
/// since a typo would otherwise silently produce an empty workspace.
pub fn is_explicit(explicit: &Option<PathBuf>) -> bool {
    explicit.is_some() || std::env::var_os(WORKSPACE_ENV).is_some_and(|v| !v.is_empty())
}
