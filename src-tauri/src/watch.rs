//! Tells the window what changed in the workspace, whoever changed it: the
//! window itself, the `kaifang` CLI in another process, a bundle, the publishing
//! worker. Every change is in the audit log, so the watcher reads the log's new
//! entries every [`TICK`] on a connection of its own and sends one
//! `kaifang://changed` event ([`kaifang_core::audit::Changed`]) per batch; the
//! UI's views reload what the event names instead of keeping revision counters.

use std::time::Duration;

use kaifang_core::audit;
use tauri::{AppHandle, Emitter, Manager};

use crate::AppState;

pub const CHANGED_EVENT: &str = "kaifang://changed";

/// How often the log is read: changes made in one second arrive as one event.
const TICK: Duration = Duration::from_millis(700);

pub fn start(app: AppHandle) {
    std::thread::Builder::new()
        .name("kaifang-watch".into())
        .spawn(move || {
            let Ok(ws) = app.state::<AppState>().connect() else { return };
            let mut last = audit::last_seq(ws.conn()).unwrap_or(0);
            loop {
                std::thread::sleep(TICK);
                // A busy file: look again next tick.
                let Ok(head) = audit::last_seq(ws.conn()) else { continue };
                if head < last {
                    // The workspace was restored from a backup with a shorter log:
                    // anything may have changed.
                    last = head;
                    emit(&app, audit::Changed::everything());
                } else if head > last {
                    let Ok((seq, changed)) = audit::changed_since(ws.conn(), last) else { continue };
                    last = seq;
                    emit(&app, changed);
                }
            }
        })
        .map(|_| ())
        .unwrap_or_else(|e| eprintln!("kaifang: the change watcher could not start: {e}"));
}

fn emit<R: tauri::Runtime>(app: &tauri::AppHandle<R>, changed: audit::Changed) {
    if let Err(e) = app.emit(CHANGED_EVENT, changed) {
        eprintln!("kaifang: a change could not be announced to the window: {e}");
    }
}
