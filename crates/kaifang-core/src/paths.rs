//! Where the workspace lives when nobody says otherwise.

use std::path::PathBuf;

/// Environment variable that overrides the default workspace path.
pub const WORKSPACE_ENV: &str = "KAIFANG_WORKSPACE";

/// The file name of the default workspace inside the data folder.
pub const DEFAULT_FILE_NAME: &str = "workspace.sqlite3";

/// A file of this name beside the program turns on portable mode: the workspace
/// lives in `data/` beside the program (a USB drive, a shared folder), not in the
/// user's profile.
pub const PORTABLE_MARKER: &str = "kaifang.portable";

/// The workspace path from, in order: an explicit path (`--workspace`), the
/// `KAIFANG_WORKSPACE` variable, portable mode (`data/workspace.sqlite3` beside
/// the program when the marker file is there), the OS data folder
/// (`~/.local/share/kaifang/workspace.sqlite3` on Linux,
/// `%APPDATA%\kaifang\workspace.sqlite3` on Windows).
pub fn resolve_workspace_path(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit
        .or_else(|| std::env::var_os(WORKSPACE_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| std::env::current_exe().ok().and_then(|exe| portable_workspace(&exe)))
        .or_else(default_workspace_path)
}

/// The portable workspace for a program at `exe`, if its folder holds the marker.
pub fn portable_workspace(exe: &std::path::Path) -> Option<PathBuf> {
    let dir = exe.parent()?;
    dir.join(PORTABLE_MARKER).is_file().then(|| dir.join("data").join(DEFAULT_FILE_NAME))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_beside_the_program_turns_on_portable_mode() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let exe = dir.path().join("kaifang-desktop.exe");
        assert_eq!(portable_workspace(&exe), None, "no marker, no portable mode");
        std::fs::write(dir.path().join(PORTABLE_MARKER), "").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(portable_workspace(&exe), Some(dir.path().join("data").join(DEFAULT_FILE_NAME)));
    }
}
