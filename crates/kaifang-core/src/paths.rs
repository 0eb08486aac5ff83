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

/// The name prefix of this process's staging files and folders (a bundle being
/// unpacked or decrypted), beside the workspace: `.kaifang-staging-<pid>-`.
pub fn staging_prefix() -> String {
    format!("{STAGING}{}-", std::process::id())
}

const STAGING: &str = ".kaifang-staging-";

/// Removes staging left in `dir` by a process that is gone (a crash or a power
/// cut mid-import): what a running process stages is left alone. Where the OS
/// cannot tell whether a process runs, staging older than a day counts as left.
/// Returns how many entries were removed.
pub fn clean_stale_staging(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) =
            name.strip_prefix(STAGING).and_then(|r| r.split('-').next()).and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || running(pid, &entry) {
            continue;
        }
        let path = entry.path();
        let gone = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        match gone {
            Ok(()) => removed += 1,
            Err(e) => eprintln!("kaifang: could not remove leftover staging {}: {e}", path.display()),
        }
    }
    removed
}

fn running(pid: u32, entry: &std::fs::DirEntry) -> bool {
    if cfg!(target_os = "linux") {
        return std::path::Path::new("/proc").join(pid.to_string()).exists();
    }
    let day = std::time::Duration::from_secs(24 * 3600);
    entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_none_or(|age| age < day)
}

#[cfg(test)]
mod staging_tests {
    use super::*;

    #[test]
    fn only_staging_of_processes_that_are_gone_is_removed() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mine = dir.path().join(format!("{}abc", staging_prefix()));
        std::fs::create_dir(&mine).unwrap_or_else(|e| panic!("{e}"));
        // A pid above Linux's pid_max: no such process.
        let dead = dir.path().join(format!("{STAGING}4194399-xyz"));
        std::fs::create_dir(&dead).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dead.join("m0"), b"half a bundle").unwrap_or_else(|e| panic!("{e}"));
        let dead_file = dir.path().join(format!("{STAGING}4194398-q.zip"));
        std::fs::write(&dead_file, b"plaintext").unwrap_or_else(|e| panic!("{e}"));
        let other = dir.path().join("名单.csv");
        std::fs::write(&other, b"a,b").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(clean_stale_staging(dir.path()), if cfg!(target_os = "linux") { 2 } else { 0 });
        assert!(mine.exists(), "this process's staging stays");
        assert!(other.exists(), "nothing else is touched");
        if cfg!(target_os = "linux") {
            assert!(!dead.exists() && !dead_file.exists());
        }
    }
}
