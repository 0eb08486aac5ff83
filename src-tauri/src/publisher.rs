//! The publishing worker: drains the outbox in the background whenever it is
//! woken (a "publish" click) and again when a retry falls due, so the queue
//! resumes by itself after the network returns. Every state change reaches the
//! window as an `kaifang://outbox` event.

use std::sync::Arc;
use std::time::Duration;

use kaifang_core::jobs::CancelToken;
use kaifang_core::portal::{self, DrainOptions, OutboxItem};
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::Notify;

use crate::AppState;

pub const OUTBOX_EVENT: &str = "kaifang://outbox";

/// How often an idle worker looks again without being woken (retries that fell
/// due, a portal back online).
const IDLE: Duration = Duration::from_secs(30);

#[derive(Default)]
pub struct Publisher {
    wake: Arc<Notify>,
}

impl Publisher {
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Starts the worker on Tauri's runtime.
    pub fn start(&self, app: AppHandle) {
        let wake = self.wake.clone();
        tauri::async_runtime::spawn(async move {
            loop {
                let (path, actor) = {
                    let state = app.state::<AppState>();
                    (state.path.clone(), state.actor())
                };
                if let Some(path) = path.filter(|_| app.state::<AppState>().workspace().is_ok()) {
                    let emitter = app.clone();
                    let progress = move |item: &OutboxItem| {
                        if let Err(e) = emitter.emit(OUTBOX_EVENT, item.clone()) {
                            eprintln!("kaifang: the outbox progress could not reach the window: {e}");
                        }
                    };
                    let opts = DrainOptions { wait_for_retries: false, ..Default::default() };
                    // Errors opening the workspace are shown elsewhere; try again later.
                    if let Err(e) = portal::drain(&path, &actor, opts, &progress, &CancelToken::new()).await {
                        eprintln!("kaifang: the outbox could not run (tried again later): {e}");
                    }
                }
                // Woken early by a new item, or the idle time is up: either way, drain again.
                let _elapsed = tokio::time::timeout(IDLE, wake.notified()).await;
            }
        });
    }
}
