//! Progress reporting and cancellation shared by long operations (import, export,
//! publishing). A job reports typed progress through a callback the host supplies
//! (the CLI draws a bar, the desktop app forwards it over a per-call IPC channel)
//! and checks its [`CancelToken`] at every batch.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A cheap, clonable flag: the host sets it, the job checks it between batches and
/// stops with its area's `Cancelled` error, rolling back whatever it started.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Reading,
    Writing,
    Profiling,
    Finishing,
}

/// One progress report. `total` is in the same unit as `done` (bytes for text
/// files, rows where the size is known only in rows), or 0 when unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Progress {
    pub phase: Phase,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub rows: u64,
}

/// Rate-limits progress callbacks so a million-row job does not flood IPC: at most
/// one report per interval, plus the final one.
pub struct Reporter<'a> {
    sink: &'a (dyn Fn(&Progress) + Sync),
    every: Duration,
    last: Instant,
}

impl<'a> Reporter<'a> {
    pub fn new(sink: &'a (dyn Fn(&Progress) + Sync)) -> Self {
        let every = Duration::from_millis(100);
        Reporter { sink, every, last: Instant::now() - every }
    }

    /// Reports if the interval has passed since the last report.
    pub fn maybe(&mut self, p: impl FnOnce() -> Progress) {
        if self.last.elapsed() >= self.every {
            self.last = Instant::now();
            (self.sink)(&p());
        }
    }

    /// Reports unconditionally (phase changes, the end).
    pub fn now(&mut self, p: Progress) {
        self.last = Instant::now();
        (self.sink)(&p);
    }
}

/// A sink that ignores progress, for callers that do not show it.
pub fn no_progress(_: &Progress) {}
