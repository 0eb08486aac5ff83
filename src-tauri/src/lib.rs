//! The desktop host: a Tauri v2 shell whose commands adapt IPC to `kaifang-core`.
//! No business logic lives here; see `commands` for the one-screen adapters.

mod commands;
#[cfg(test)]
mod security_tests;
mod state;

use std::path::PathBuf;

use kaifang_core::audit::{Actor, Source};
use kaifang_core::paths::resolve_workspace_path;

pub use state::AppState;

/// `--workspace PATH` (or `--workspace=PATH`) from the command line, if given.
pub fn workspace_arg<I: IntoIterator<Item = String>>(args: I) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if a == "--workspace" {
            return args.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--workspace=") {
            return Some(PathBuf::from(p));
        }
    }
    None
}

pub fn run() {
    let path = resolve_workspace_path(workspace_arg(std::env::args().skip(1)));
    let state = AppState::open(path, Actor::os_user(Source::Desktop));
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_context,
            commands::workspace_info,
            commands::audit_verify,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("kaifang: the window could not be started: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_flag_forms() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(workspace_arg(args(&["--workspace", "/a/b.sqlite3"])), Some(PathBuf::from("/a/b.sqlite3")));
        assert_eq!(workspace_arg(args(&["--workspace=/c.sqlite3"])), Some(PathBuf::from("/c.sqlite3")));
        assert_eq!(workspace_arg(args(&["--other"])), None, "no flag means the default path");
    }
}
