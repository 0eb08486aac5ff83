//! The desktop host: a Tauri v2 shell whose commands adapt IPC to `kaifang-core`.
//! No business logic lives here; see `commands` for the one-screen adapters.

mod commands;
mod ipc;
mod publisher;
#[cfg(test)]
mod security_tests;
mod state;
mod watch;
mod window;

use std::path::PathBuf;

use kaifang_core::audit::{Actor, Source};
use kaifang_core::paths::resolve_workspace_path;
use tauri::{DragDropEvent, Emitter, Manager, WindowEvent};

pub use state::AppState;

/// The command line: `kaifang-desktop [--workspace PATH] [FILE]`. A FILE (as a
/// file manager passes it for "Open with Kaifang") opens the import wizard on it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    pub workspace: Option<PathBuf>,
    pub file: Option<PathBuf>,
}

pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Args {
    let mut out = Args::default();
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if a == "--workspace" {
            out.workspace = args.next().map(PathBuf::from);
        } else if let Some(p) = a.strip_prefix("--workspace=") {
            out.workspace = Some(PathBuf::from(p));
        } else if !a.starts_with("--") && out.file.is_none() {
            out.file = Some(PathBuf::from(a));
        }
    }
    out
}

pub fn run() {
    let args = parse_args(std::env::args().skip(1));
    let state = AppState::open(resolve_workspace_path(args.workspace), Actor::os_user(Source::Desktop));
    if let Some(f) = args.file.as_deref().and_then(|f| state.choose(f).ok()) {
        state.set_opened(f);
    }
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            // Hidden until it fits the screen it opens on (tauri.conf.json: visible false).
            if let Some(main) = app.get_webview_window("main") {
                window::fit(&main);
                if let Err(e) = main.show() {
                    eprintln!("kaifang: the window could not be shown: {e}");
                }
            }
            app.state::<AppState>().publisher.start(app.handle().clone());
            watch::start(app.handle().clone());
            // The daily backup, in the background (a slow USB drive must not hold the window).
            let handle = app.handle().clone();
            tauri::async_runtime::spawn_blocking(move || {
                if let Ok(ws) = handle.state::<AppState>().connect() {
                    if let Err(e) = kaifang_core::backup::daily(&ws) {
                        eprintln!(
                            "kaifang: the daily backup failed: {}",
                            kaifang_core::error::Coded::payload(&e).message
                        );
                    }
                }
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { .. } = event {
                if let Some(w) = window.get_webview_window(window.label()) {
                    window::remember(&w);
                }
            }
            // A dropped file stays in Rust; the UI hears of it by token.
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                let state = window.state::<AppState>();
                if let Some(f) = paths.first().and_then(|p| state.choose(p).ok()) {
                    if let Err(e) = window.emit("kaifang://file-dropped", f) {
                        eprintln!("kaifang: a dropped file could not be announced: {e}");
                    }
                }
            }
        })
        .invoke_handler(ipc::handler())
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
    fn command_line_forms() {
        let args = |v: &[&str]| parse_args(v.iter().map(|s| s.to_string()));
        assert_eq!(args(&["--workspace", "/a/b.sqlite3"]).workspace, Some(PathBuf::from("/a/b.sqlite3")));
        assert_eq!(args(&["--workspace=/c.sqlite3"]).workspace, Some(PathBuf::from("/c.sqlite3")));
        assert_eq!(args(&["--other"]), Args::default(), "no flag means the default path");
        let both = args(&["--workspace", "/w.sqlite3", "/data/名单.xlsx"]);
        assert_eq!(both.file, Some(PathBuf::from("/data/名单.xlsx")), "a file to open with the wizard");
        assert_eq!(both.workspace, Some(PathBuf::from("/w.sqlite3")));
    }
}
