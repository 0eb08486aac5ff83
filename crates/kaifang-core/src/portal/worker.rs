//! The outbox worker: drains the queue with bounded concurrency. Each item:
//!
//! 1. checks that the dataset is still approved with the hash it was queued with,
//!    and rebuilds the public artifacts from it ([`super::artifacts`]);
//! 2. creates or updates its package on the portal, refusing a package of that
//!    name that is not this dataset's ([`Portal::upsert_package`]);
//! 3. puts each file under an id derived from its content, so a retry after a
//!    lost answer replaces nothing and duplicates nothing, and a file already
//!    there is not sent again ([`Portal::put_artifact`]);
//! 4. removes the previous version's files and records the publication.
//!
//! Network errors, timeouts and 5xx are retried with exponential back-off; a
//! refusal (403, 409, 4xx) fails the item with the portal's message.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::api::{PackageDraft, Portal, RemoteArtifact, RemotePackage};
use super::artifacts::{prepare, Prepared};
use super::queue::{self, OutboxItem, OutboxState};
use super::{connect, get, PortalError, Timeouts};
use crate::audit::Actor;
use crate::clock::now_rfc3339;
use crate::error::Coded;
use crate::jobs::CancelToken;
use crate::workspace::{OpenMode, Workspace};

#[derive(Debug, Clone)]
pub struct DrainOptions {
    /// Items uploading at once.
    pub concurrency: usize,
    /// Attempts before a retryable failure becomes `failed`.
    pub max_attempts: i64,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    pub timeouts: Timeouts,
    /// Wait for scheduled retries (the CLI) rather than return when nothing is due
    /// now (the desktop worker, which comes back on its own).
    pub wait_for_retries: bool,
}

impl Default for DrainOptions {
    fn default() -> Self {
        DrainOptions {
            concurrency: 4,
            max_attempts: 8,
            backoff_base: Duration::from_secs(2),
            backoff_max: Duration::from_secs(300),
            timeouts: Timeouts::default(),
            wait_for_retries: false,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DrainSummary {
    #[ts(type = "number")]
    pub published: u64,
    #[ts(type = "number")]
    pub failed: u64,
    /// Still queued (a retry is scheduled).
    #[ts(type = "number")]
    pub waiting: u64,
}

fn backoff(opts: &DrainOptions, attempts: i64) -> Duration {
    let factor = 2u32.saturating_pow(attempts.clamp(1, 20) as u32 - 1);
    opts.backoff_base.saturating_mul(factor).min(opts.backoff_max)
}

fn later(d: Duration) -> String {
    let t = time::OffsetDateTime::now_utc() + d;
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_else(|_| now_rfc3339())
}

/// A connected portal and the id of the organisation to publish under.
type Connected = (Arc<dyn Portal>, String);

struct Shared {
    ws: Mutex<Workspace>,
    path: PathBuf,
    actor: Actor,
    opts: DrainOptions,
    /// Per portal: connected, and its organisation found, once per drain.
    portals: tokio::sync::Mutex<HashMap<String, Connected>>,
}

fn locked(s: &Shared) -> std::sync::MutexGuard<'_, Workspace> {
    s.ws.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The network part: package, then files side by side, then the old ones removed.
async fn push(
    portal: &dyn Portal,
    p: &Prepared,
    org_id: &str,
) -> Result<(RemotePackage, Vec<RemoteArtifact>), PortalError> {
    let draft = PackageDraft {
        uid: &p.uid,
        name: &p.name,
        document: &p.document,
        known_id: p.known_package.as_deref(),
        org_id,
    };
    let package = portal.upsert_package(&draft).await?;
    let placed =
        futures_util::future::try_join_all(p.artifacts.iter().map(|a| portal.put_artifact(&package, a))).await?;
    let keep: Vec<String> = placed.iter().map(|r| r.id.clone()).collect();
    portal.prune(&package, &keep).await?;
    Ok((package, placed))
}

async fn connected(s: &Shared, name: &str) -> Result<Connected, PortalError> {
    let mut portals = s.portals.lock().await;
    if let Some(c) = portals.get(name) {
        return Ok(c.clone());
    }
    let (portal, org) = {
        let ws = locked(s);
        let cfg = get(ws.conn(), name)?;
        (connect(ws.conn(), &cfg, s.opts.timeouts)?, cfg.org)
    };
    let org_id = portal.organisation(&org).await?;
    portals.insert(name.to_owned(), (portal.clone(), org_id.clone()));
    Ok((portal, org_id))
}

/// One item from queued to published (or failed, or queued for a retry).
async fn run_one(s: Arc<Shared>, it: OutboxItem, progress: &(dyn Fn(&OutboxItem) + Send + Sync)) -> OutboxState {
    let approved = {
        let ws = locked(&s);
        let Ok((approved, _)) = queue::approved_and_attempts(ws.conn(), it.id) else { return OutboxState::Failed };
        if let Err(e) = queue::start(ws.conn(), it.id) {
            // The upload still runs; only the "sending" state is not shown.
            eprintln!("kaifang: outbox item {} could not be marked as sending: {e}", it.id);
        }
        if let Ok(current) = queue::item(ws.conn(), it.id) {
            progress(&current);
        }
        approved
    };
    let result = async {
        let (portal, org_id) = connected(&s, &it.portal).await?;
        let prepared = {
            let (path, it2, approved2, org2, actor) =
                (s.path.clone(), it.clone(), approved.clone(), org_id.clone(), s.actor.clone());
            let format = portal.document_format();
            tokio::task::spawn_blocking(move || -> Result<Prepared, PortalError> {
                let mut ws = Workspace::open(&path, OpenMode::MustExist, &actor)?;
                prepare(&mut ws, &it2, &approved2, &org2, format)
            })
            .await
            .map_err(|e| PortalError::Io(std::io::Error::other(e)))??
        };
        let (package, placed) = push(portal.as_ref(), &prepared, &org_id).await?;
        let mut ws = locked(&s);
        queue::published(&mut ws, &it, &approved, &package, &placed, &s.actor)
    }
    .await;
    let mut ws = locked(&s);
    let outcome = match result {
        Ok(()) => OutboxState::Published,
        Err(e) => {
            let attempts = queue::approved_and_attempts(ws.conn(), it.id).map_or(0, |(_, n)| n);
            let mut payload = e.payload();
            if let PortalError::NameTaken { name } = &e {
                payload.params.insert("name".into(), name.clone());
            }
            let retry_at = (e.retryable() && attempts < s.opts.max_attempts).then(|| {
                // The portal's own "come back in N seconds" wins over the back-off,
                // within the longest wait the options allow.
                let wait = e.retry_after().map_or(backoff(&s.opts, attempts), |r| {
                    r.max(backoff(&s.opts, attempts)).min(s.opts.backoff_max.max(Duration::from_secs(1)))
                });
                later(wait)
            });
            let actor = s.actor.clone();
            let fallback = if retry_at.is_some() { OutboxState::Queued } else { OutboxState::Failed };
            queue::attempt_failed(&mut ws, &it, retry_at, &payload, &actor).unwrap_or(fallback)
        }
    };
    if let Ok(current) = queue::item(ws.conn(), it.id) {
        progress(&current);
    }
    outcome
}

/// Drains the outbox of the workspace at `path`. `progress` hears of every item
/// as its state changes. Returns when nothing is due (or, with
/// `wait_for_retries`, when nothing is left to retry), or when cancelled.
pub async fn drain(
    path: &Path,
    actor: &Actor,
    opts: DrainOptions,
    progress: &(dyn Fn(&OutboxItem) + Send + Sync),
    cancel: &CancelToken,
) -> Result<DrainSummary, PortalError> {
    let ws = Workspace::open(path, OpenMode::MustExist, actor)?;
    let shared = Arc::new(Shared {
        ws: Mutex::new(ws),
        path: path.to_owned(),
        actor: actor.clone(),
        opts,
        portals: Default::default(),
    });
    let mut summary = DrainSummary::default();
    loop {
        if cancel.is_cancelled() {
            break;
        }
        let batch = queue::due(locked(&shared).conn())?;
        if batch.is_empty() {
            let next = queue::next_retry(locked(&shared).conn())?;
            match next {
                Some(at) if shared.opts.wait_for_retries => {
                    // Sleep until the earliest retry, a quarter second at a time so
                    // that a cancel is heard.
                    while now_rfc3339() < at && !cancel.is_cancelled() {
                        tokio::time::sleep(Duration::from_millis(250)).await;
                    }
                    continue;
                }
                _ => break,
            }
        }
        let n = shared.opts.concurrency.max(1);
        let outcomes: Vec<OutboxState> =
            stream::iter(batch.into_iter().map(|it| run_one(shared.clone(), it, progress)))
                .buffer_unordered(n)
                .collect()
                .await;
        for o in outcomes {
            match o {
                OutboxState::Published => summary.published += 1,
                OutboxState::Failed => summary.failed += 1,
                _ => {}
            }
        }
    }
    summary.waiting = queue::waiting(locked(&shared).conn())?;
    Ok(summary)
}
