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

/// What to tell a user whose PC cannot show the window: Windows without the
/// WebView2 runtime (removed, or never installed on an old Windows 10).
#[cfg_attr(not(windows), allow(dead_code))] // Linux ships WebKitGTK as a package dependency.
fn no_webview_message(chinese: bool, detail: &str) -> String {
    if chinese {
        format!(
            "开放无法打开窗口：这台电脑缺少 Microsoft Edge WebView2 运行时。\n\n\
             请安装“WebView2 运行时”（Evergreen 独立安装程序，可从 \
             https://developer.microsoft.com/microsoft-edge/webview2/ 下载，或请单位信息科安装），然后再打开开放。\n\n\
             命令行程序 kaifang.exe 不需要它，仍可使用。\n\n（详情：{detail}）"
        )
    } else {
        format!(
            "Kaifang cannot open its window: this PC lacks the Microsoft Edge WebView2 runtime.\n\n\
             Install the WebView2 Runtime (the Evergreen standalone installer, from \
             https://developer.microsoft.com/microsoft-edge/webview2/, or ask your IT staff), then start Kaifang again.\n\n\
             The command-line program kaifang.exe does not need it and still works.\n\n(Detail: {detail})"
        )
    }
}

/// Appends a line to `kaifang.log` beside the workspace (or in the temporary
/// folder when there is none): where a problem that stops the app before its
/// window is kept for whoever helps the clerk.
fn log_line(workspace: Option<&std::path::Path>, line: &str) -> Option<PathBuf> {
    use std::io::Write;
    let dir = workspace.and_then(|w| w.parent()).map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("kaifang.log");
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(&path).ok()?;
    writeln!(f, "{} {line}", kaifang_core::clock::now_rfc3339()).ok()?;
    Some(path)
}

/// Stops with a clear message (a message box, the log, stderr) when the window
/// cannot be shown at all, instead of closing silently.
#[cfg(windows)]
fn require_webview(workspace: Option<&std::path::Path>) {
    let Err(e) = tauri::webview_version() else { return };
    let chinese = sys_locale::get_locale().is_some_and(|l| l.to_lowercase().starts_with("zh"));
    let message = no_webview_message(chinese, &e.to_string());
    let logged = log_line(workspace, &format!("webview2_missing: {}", no_webview_message(false, &e.to_string())));
    eprintln!("{message}");
    if let Some(path) = logged {
        eprintln!("kaifang: written to {}", path.display());
    }
    // A scripted run (the tests, a deployment tool) asks for no dialog.
    if std::env::var_os("KAIFANG_NO_DIALOG").is_none() {
        rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("开放 Kaifang")
            .set_description(&message)
            .set_buttons(rfd::MessageButtons::Ok)
            .show();
    }
    std::process::exit(2);
}

pub fn run() {
    let args = parse_args(std::env::args().skip(1));
    let workspace = resolve_workspace_path(args.workspace);
    #[cfg(windows)]
    require_webview(workspace.as_deref());
    let state = AppState::open(workspace.clone(), Actor::os_user(Source::Desktop));
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
        log_line(workspace.as_deref(), &format!("window_failed: {e}"));
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_webview_is_explained_in_the_users_language_and_logged() {
        let zh = no_webview_message(true, "not found");
        assert!(zh.contains("WebView2 运行时") && zh.contains("kaifang.exe 不需要") && zh.contains("not found"));
        assert!(no_webview_message(false, "x").contains("Install the WebView2 Runtime"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let ws = dir.path().join("workspace.sqlite3");
        let log = log_line(Some(&ws), "webview2_missing: test").unwrap_or_else(|| panic!("no log written"));
        assert_eq!(log, dir.path().join("kaifang.log"));
        let text = std::fs::read_to_string(&log).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.trim_end().ends_with("webview2_missing: test"), "{text}");
    }

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
