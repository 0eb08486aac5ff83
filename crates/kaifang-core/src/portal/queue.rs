//! The outbox queue: what is waiting to go to which portal, in the workspace so
//! it survives restarts and offline days. "Publish all approved" queues every
//! approved version; an item is queued once per dataset, portal and approved
//! content, so queuing twice never publishes twice. The worker
//! ([`super::worker`]) moves items through their states; this module is the
//! only one that writes them.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use super::api::{RemoteArtifact, RemotePackage};
use super::{get, PortalError};
use crate::audit::{self, Actor};
use crate::clock::now_rfc3339;
use crate::dataset;
use crate::lifecycle::{self, DatasetId, DatasetStatus, Step};
use crate::review;
use crate::workspace::Workspace;
use crate::ErrorPayload;

/// Where an outbox item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting for its turn, or for a retry after a failure that may pass.
    Queued,
    /// Being sent now.
    Uploading,
    /// On the portal.
    Published,
    /// Refused, or out of attempts: waits for the clerk to retry.
    Failed,
}

impl OutboxState {
    pub const ALL: [OutboxState; 4] =
        [OutboxState::Queued, OutboxState::Uploading, OutboxState::Published, OutboxState::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Uploading => "uploading",
            OutboxState::Published => "published",
            OutboxState::Failed => "failed",
        }
    }
}

impl ToSql for OutboxState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for OutboxState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        OutboxState::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| FromSqlError::Other(format!("unknown outbox state {s:?}").into()))
    }
}

/// One dataset on its way to a portal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OutboxItem {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub dataset: i64,
    pub name: String,
    #[ts(type = "number")]
    pub version: i64,
    pub portal: String,
    pub state: OutboxState,
    #[ts(type = "number")]
    pub attempts: i64,
    pub next_attempt_at: String,
    /// Why the last attempt failed (kept while a retry is pending).
    pub error: Option<ErrorPayload>,
    pub queued_at: String,
    pub updated_at: String,
    /// The package's page once published.
    pub url: Option<String>,
}

/// Where a dataset is published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Publication {
    pub portal: String,
    pub package_id: String,
    pub package_name: String,
    pub url: String,
    #[ts(type = "number")]
    pub version: i64,
    pub published_at: String,
}

const ITEM_SQL: &str = "SELECT o.id, o.dataset_id, d.name, o.version, o.portal, o.state, o.attempts, o.next_attempt_at,
        o.error_code, o.error_message, o.queued_at, o.updated_at, p.url
     FROM outbox o JOIN datasets d ON d.id = o.dataset_id
     LEFT JOIN publications p ON p.dataset_id = o.dataset_id AND p.portal = o.portal AND o.state = 'published'";

fn item_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxItem> {
    let code: Option<String> = r.get(8)?;
    let message: Option<String> = r.get(9)?;
    let error = code.map(|c| {
        let payload: Option<ErrorPayload> = message.as_deref().and_then(|m| serde_json::from_str(m).ok());
        payload.unwrap_or_else(|| ErrorPayload {
            code: crate::ErrorCode::Internal,
            message: c,
            params: Default::default(),
        })
    });
    Ok(OutboxItem {
        id: r.get(0)?,
        dataset: r.get(1)?,
        name: r.get(2)?,
        version: r.get(3)?,
        portal: r.get(4)?,
        state: r.get(5)?,
        attempts: r.get(6)?,
        next_attempt_at: r.get(7)?,
        error,
        queued_at: r.get(10)?,
        updated_at: r.get(11)?,
        url: r.get(12)?,
    })
}

/// Every item, newest first.
pub fn outbox(conn: &Connection) -> Result<Vec<OutboxItem>, PortalError> {
    let mut stmt = conn.prepare(&format!("{ITEM_SQL} ORDER BY o.id DESC"))?;
    let rows = stmt.query_map([], item_of)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn item(conn: &Connection, id: i64) -> Result<OutboxItem, PortalError> {
    Ok(conn.query_row(&format!("{ITEM_SQL} WHERE o.id = ?1"), [id], item_of)?)
}

/// Where a dataset is published.
pub fn publications(conn: &Connection, id: DatasetId) -> Result<Vec<Publication>, PortalError> {
    let mut stmt = conn.prepare(
        "SELECT portal, package_id, package_name, url, version, published_at FROM publications
         WHERE dataset_id = ?1 ORDER BY portal",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Publication {
            portal: r.get(0)?,
            package_id: r.get(1)?,
            package_name: r.get(2)?,
            url: r.get(3)?,
            version: r.get(4)?,
            published_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Queues datasets for `portal`: the named ones (each must be approved and
/// unchanged since), or with `None` every approved dataset. A failed item is
/// queued again; one already published with the same content stays as it is,
/// and a named dataset published there and unchanged since is answered with
/// its published item (state `published`) rather than refused.
pub fn enqueue(
    ws: &mut Workspace,
    datasets: Option<&[DatasetId]>,
    portal: &str,
    actor: &Actor,
) -> Result<Vec<OutboxItem>, PortalError> {
    let cfg = get(ws.conn(), portal)?;
    let ids: Vec<DatasetId> = match datasets {
        Some(ids) => ids.to_vec(),
        None => {
            let mut stmt = ws.conn().prepare("SELECT id FROM datasets WHERE status = ?1 ORDER BY id")?;
            let ids = stmt.query_map([DatasetStatus::Approved], |r| r.get(0))?.collect::<Result<_, _>>()?;
            ids
        }
    };
    let mut wanted = Vec::new();
    let mut unchanged = Vec::new();
    for id in ids {
        let hash = review::approved_hash(ws.conn(), id)?;
        match hash {
            Some(h) => wanted.push((id, h)),
            None if datasets.is_some() => {
                if let Some(row) = published_unchanged(ws.conn(), id, &cfg.name)? {
                    unchanged.push(row);
                    continue;
                }
                let name = dataset::show(ws.conn(), id, None)?.summary.name;
                return Err(PortalError::NotApproved { dataset: name });
            }
            None => {}
        }
    }
    let now = now_rfc3339();
    let queued = ws.with_tx(|tx| -> Result<Vec<i64>, PortalError> {
        let mut out = Vec::new();
        for (id, hash) in &wanted {
            let version: i64 =
                tx.query_row("SELECT max(version) FROM dataset_versions WHERE dataset_id = ?1", [id], |r| r.get(0))?;
            tx.execute(
                "INSERT INTO outbox (dataset_id, version, portal, approved_hash, state, attempts, next_attempt_at,
                                     queued_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?6, 0, ?5, ?5, ?5)
                 ON CONFLICT(dataset_id, portal, approved_hash) DO UPDATE SET
                     state = ?6, attempts = 0, next_attempt_at = excluded.next_attempt_at,
                     error_code = NULL, error_message = NULL, updated_at = excluded.updated_at
                 WHERE outbox.state = ?7",
                params![id, version, cfg.name, hash, now, OutboxState::Queued, OutboxState::Failed],
            )?;
            let row: i64 = tx.query_row(
                "SELECT id FROM outbox WHERE dataset_id = ?1 AND portal = ?2 AND approved_hash = ?3",
                params![id, cfg.name, hash],
                |r| r.get(0),
            )?;
            audit::append(tx, actor, "publish.queued", Some(&id.to_string()), &json!({ "portal": cfg.name }))?;
            out.push(row);
        }
        Ok(out)
    })?;
    queued.into_iter().chain(unchanged).map(|id| item(ws.conn(), id)).collect()
}

/// The outbox item that published `id` on `portal`, when the dataset is
/// published and its content has not changed since.
fn published_unchanged(conn: &Connection, id: DatasetId, portal: &str) -> Result<Option<i64>, PortalError> {
    if lifecycle::status(conn, id)? != DatasetStatus::Published {
        return Ok(None);
    }
    let now = review::content_hash(conn, id)?;
    Ok(conn
        .query_row(
            "SELECT id FROM outbox WHERE dataset_id = ?1 AND portal = ?2 AND approved_hash = ?3 AND state = ?4",
            params![id, portal, now, OutboxState::Published],
            |r| r.get(0),
        )
        .optional()?)
}

/// Queues a failed item again, to be tried at once.
pub fn retry(ws: &mut Workspace, id: i64, actor: &Actor) -> Result<OutboxItem, PortalError> {
    let now = now_rfc3339();
    ws.with_tx(|tx| -> Result<(), PortalError> {
        let changed = tx.execute(
            "UPDATE outbox SET state = ?3, attempts = 0, next_attempt_at = ?1, updated_at = ?1
             WHERE id = ?2 AND state = ?4",
            params![now, id, OutboxState::Queued, OutboxState::Failed],
        )?;
        if changed == 1 {
            let dataset: i64 = tx.query_row("SELECT dataset_id FROM outbox WHERE id = ?1", [id], |r| r.get(0))?;
            audit::append(tx, actor, "publish.retried", Some(&dataset.to_string()), &json!({ "item": id }))?;
        }
        Ok(())
    })?;
    item(ws.conn(), id)
}

/// Records a publication, in one transaction with the audit entry.
pub(super) fn published(
    ws: &mut Workspace,
    it: &OutboxItem,
    approved: &str,
    pkg: &RemotePackage,
    placed: &[RemoteArtifact],
    actor: &Actor,
) -> Result<(), PortalError> {
    let (package_id, package_name, url) = (&pkg.id, &pkg.name, &pkg.url);
    let resources: Vec<Value> = placed
        .iter()
        .map(|r| json!({ "kind": r.kind, "id": r.id, "sha256": r.sha256, "size": r.size, "url": r.url }))
        .collect();
    let now = now_rfc3339();
    ws.with_tx(|tx| -> Result<(), PortalError> {
        tx.execute(
            "INSERT INTO publications (dataset_id, portal, package_id, package_name, url, version, approved_hash, resources, published_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(dataset_id, portal) DO UPDATE SET package_id = excluded.package_id,
                 package_name = excluded.package_name, url = excluded.url, version = excluded.version,
                 approved_hash = excluded.approved_hash, resources = excluded.resources, published_at = excluded.published_at",
            params![it.dataset, it.portal, package_id, package_name, url, it.version, approved, Value::Array(resources.clone()).to_string(), now],
        )?;
        tx.execute(
            "UPDATE outbox SET state = ?3, error_code = NULL, error_message = NULL, updated_at = ?1 WHERE id = ?2",
            params![now, it.id, OutboxState::Published],
        )?;
        let dataset = DatasetId(it.dataset);
        // Still the approved content (nothing was edited while it uploaded).
        if lifecycle::status(tx, dataset)? == DatasetStatus::Approved {
            let step = Step { action: "publish", hash: approved, comment: None, snapshot: None, at: None };
            lifecycle::record(tx, dataset, actor, &step)?;
            lifecycle::set_status(tx, dataset, DatasetStatus::Published)?;
        }
        let detail = json!({
            "portal": it.portal,
            "package_id": package_id,
            "package_name": package_name,
            "url": url,
            "version": it.version,
            "resources": resources.iter().map(|r| r["id"].clone()).collect::<Vec<_>>(),
        });
        audit::append(tx, actor, "dataset.published", Some(&it.dataset.to_string()), &detail)?;
        Ok(())
    })
}

/// Marks an item as being sent now (one more attempt).
pub(super) fn start(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE outbox SET state = ?3, attempts = attempts + 1, updated_at = ?1 WHERE id = ?2",
        params![now_rfc3339(), id, OutboxState::Uploading],
    )?;
    Ok(())
}

/// The content hash an item was queued with, and its attempts so far.
pub(super) fn approved_and_attempts(conn: &Connection, id: i64) -> rusqlite::Result<(String, i64)> {
    conn.query_row("SELECT approved_hash, attempts FROM outbox WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Records a failed attempt: queued again for `next` (a retry), or failed for
/// good (audited), with the error the clerk will see.
pub(super) fn attempt_failed(
    ws: &mut Workspace,
    it: &OutboxItem,
    retry_at: Option<String>,
    payload: &ErrorPayload,
    actor: &Actor,
) -> rusqlite::Result<OutboxState> {
    let now = now_rfc3339();
    let (state, next) = match retry_at {
        Some(at) => (OutboxState::Queued, at),
        None => (OutboxState::Failed, now.clone()),
    };
    let text = serde_json::to_string(payload).unwrap_or_default();
    ws.with_tx(|tx| -> rusqlite::Result<()> {
        tx.execute(
            "UPDATE outbox SET state = ?1, next_attempt_at = ?2, error_code = ?3, error_message = ?4, updated_at = ?5
             WHERE id = ?6",
            params![state, next, payload.code.as_str(), text, now, it.id],
        )?;
        if state == OutboxState::Failed {
            let detail = json!({ "portal": it.portal, "code": payload.code.as_str() });
            audit::append(tx, actor, "publish.failed", Some(&it.dataset.to_string()), &detail)?;
        }
        Ok(())
    })?;
    Ok(state)
}

/// Items whose turn has come (an `uploading` one is an attempt a crash cut short).
pub(super) fn due(conn: &Connection) -> rusqlite::Result<Vec<OutboxItem>> {
    let mut stmt =
        conn.prepare(&format!("{ITEM_SQL} WHERE o.state IN (?2, ?3) AND o.next_attempt_at <= ?1 ORDER BY o.id"))?;
    let rows = stmt.query_map(params![now_rfc3339(), OutboxState::Queued, OutboxState::Uploading], item_of)?;
    rows.collect()
}

/// When the earliest scheduled retry is due.
pub(super) fn next_retry(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT min(next_attempt_at) FROM outbox WHERE state = ?1", [OutboxState::Queued], |r| r.get(0))
}

/// Items still queued.
pub(super) fn waiting(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row("SELECT count(*) FROM outbox WHERE state = ?1", [OutboxState::Queued], |r| r.get(0))
}
