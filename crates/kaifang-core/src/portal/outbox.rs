//! The publishing outbox. "Publish all approved" queues every approved version;
//! a worker drains the queue with bounded concurrency. Each item:
//!
//! 1. checks that the dataset is still approved with the hash it was queued with,
//!    and rebuilds the public artifacts (masked CSV, data dictionary) from it;
//! 2. finds the package by its slug (fixed at first publish) and creates or
//!    updates it, refusing a package of that name that is not this dataset's;
//! 3. uploads each artifact under a resource id derived from its SHA-256, so a
//!    retry after a lost answer replaces nothing and duplicates nothing, and an
//!    artifact already on the portal is not sent again;
//! 4. removes the previous version's artifacts and records the publication.
//!
//! Network errors, timeouts and 5xx are retried with exponential back-off; a
//! refusal (403, 409, 4xx) fails the item with the portal's message. The queue
//! lives in the workspace, so it survives restarts and offline days.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{ckan::Ckan, client, get, required_fields, PortalConfig, PortalError, Timeouts};
use crate::audit::{self, Actor};
use crate::dataset;
use crate::error::Coded;
use crate::jobs::CancelToken;
use crate::metadata;
use crate::review::{self, Step};
use crate::workspace::{now_rfc3339, OpenMode, Workspace};
use crate::ErrorPayload;

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
    /// `queued`, `uploading`, `published` or `failed`.
    pub state: String,
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

fn item(conn: &Connection, id: i64) -> Result<OutboxItem, PortalError> {
    Ok(conn.query_row(&format!("{ITEM_SQL} WHERE o.id = ?1"), [id], item_of)?)
}

/// Where a dataset is published.
pub fn publications(conn: &Connection, key: &str) -> Result<Vec<Publication>, PortalError> {
    let id = dataset::resolve(conn, key)?;
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
/// queued again; one already published with the same content stays as it is.
pub fn enqueue(
    ws: &mut Workspace,
    keys: Option<&[String]>,
    portal: &str,
    actor: &Actor,
) -> Result<Vec<OutboxItem>, PortalError> {
    let cfg = get(ws.conn(), portal)?;
    let ids: Vec<i64> = match keys {
        Some(keys) => keys.iter().map(|k| dataset::resolve(ws.conn(), k)).collect::<Result<_, _>>()?,
        None => {
            let mut stmt = ws.conn().prepare("SELECT id FROM datasets WHERE status = 'approved' ORDER BY id")?;
            let ids = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            ids
        }
    };
    let mut wanted = Vec::new();
    for id in ids {
        let key = id.to_string();
        let hash = review::approved_hash(ws.conn(), &key)?;
        match hash {
            Some(h) => wanted.push((id, h)),
            None if keys.is_some() => {
                let name = dataset::show(ws.conn(), &key, None)?.summary.name;
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
                 VALUES (?1, ?2, ?3, ?4, 'queued', 0, ?5, ?5, ?5)
                 ON CONFLICT(dataset_id, portal, approved_hash) DO UPDATE SET
                     state = 'queued', attempts = 0, next_attempt_at = excluded.next_attempt_at,
                     error_code = NULL, error_message = NULL, updated_at = excluded.updated_at
                 WHERE outbox.state = 'failed'",
                params![id, version, cfg.name, hash, now],
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
    queued.into_iter().map(|id| item(ws.conn(), id)).collect()
}

/// Queues a failed item again, to be tried at once.
pub fn retry(ws: &mut Workspace, id: i64, actor: &Actor) -> Result<OutboxItem, PortalError> {
    let now = now_rfc3339();
    ws.with_tx(|tx| -> Result<(), PortalError> {
        let changed = tx.execute(
            "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ?1, updated_at = ?1
             WHERE id = ?2 AND state = 'failed'",
            params![now, id],
        )?;
        if changed == 1 {
            let dataset: i64 = tx.query_row("SELECT dataset_id FROM outbox WHERE id = ?1", [id], |r| r.get(0))?;
            audit::append(tx, actor, "publish.retried", Some(&dataset.to_string()), &json!({ "item": id }))?;
        }
        Ok(())
    })?;
    item(ws.conn(), id)
}

/// A file to upload, built from the approved content.
struct Artifact {
    kind: &'static str,
    path: PathBuf,
    file_name: String,
    name: String,
    format: &'static str,
    sha256: String,
}

struct Prepared {
    uid: String,
    package: Value,
    name: String,
    known_package: Option<String>,
    artifacts: Vec<Artifact>,
    _dir: tempfile::TempDir,
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut sha = Sha256::new();
    std::io::copy(&mut f, &mut sha)?;
    Ok(hex::encode(sha.finalize()))
}

/// A resource id that is the same for the same content of the same dataset, so
/// an upload retried after a lost answer replaces itself instead of adding one.
fn resource_id(uid: &str, kind: &str, sha: &str) -> String {
    let digest = Sha256::digest(format!("kaifang:{uid}:{kind}:{sha}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
}

/// Checks the approval and builds the artifacts (blocking: it reads every row).
fn prepare(ws: &mut Workspace, it: &OutboxItem, approved: &str, org_id: &str) -> Result<Prepared, PortalError> {
    let key = it.dataset.to_string();
    if review::approved_hash(ws.conn(), &key)?.as_deref() != Some(approved) {
        return Err(PortalError::NotApproved { dataset: it.name.clone() });
    }
    // The slug is fixed before the first upload, so a retry uses the same name.
    let meta = metadata::get(ws.conn(), &key).map_err(|e| match e {
        metadata::MetadataError::Dataset(d) => PortalError::Dataset(d),
        metadata::MetadataError::Invalid(_) => PortalError::NotApproved { dataset: it.name.clone() },
    })?;
    ws.conn()
        .execute("UPDATE datasets SET slug = ?1 WHERE id = ?2 AND slug IS NULL", params![meta.slug, it.dataset])?;
    let uid: String = ws.conn().query_row("SELECT uid FROM datasets WHERE id = ?1", [it.dataset], |r| r.get(0))?;
    // Every artifact, the package included, comes out of the egress gate: a
    // dataset with identifiers left in its public copy fails here, before any
    // byte reaches the portal.
    let mut package =
        crate::export::metadata_document(ws.conn(), &key, crate::export::MetadataFormat::Ckan, "", Some(org_id))?;
    if let Some(extras) = package.get_mut("extras").and_then(Value::as_array_mut) {
        extras.push(json!({ "key": "kaifang_uid", "value": uid }));
        extras.sort_by(|a, b| a["key"].as_str().cmp(&b["key"].as_str()));
    }
    let required = required_fields(ws.conn(), &it.portal)?;
    let missing: Vec<String> = required
        .into_iter()
        .filter(|f| {
            let top = package.get(f).and_then(Value::as_str).is_some_and(|v| !v.trim().is_empty());
            let extra = package["extras"]
                .as_array()
                .is_some_and(|x| x.iter().any(|e| e["key"] == f.as_str() && e["value"] != ""));
            !(top || extra || f == "name" || f == "owner_org")
        })
        .collect();
    if !missing.is_empty() {
        return Err(PortalError::SchemaFields { fields: missing.join(", ") });
    }
    let parent = ws.path().parent().map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::Builder::new().prefix(".kaifang-publish-").tempdir_in(parent)?;
    let data = dir.path().join("data.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&data)?);
        crate::export::public_csv(ws.conn(), &key, &mut f, true)?;
        std::io::Write::flush(&mut f)?;
    }
    let dict = dir.path().join("dictionary.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&dict)?);
        crate::export::dictionary_csv(ws.conn(), &key, &mut f)?;
        std::io::Write::flush(&mut f)?;
    }
    let title = metadata::text(&meta.values, "title");
    let artifacts = vec![
        Artifact {
            kind: "data",
            sha256: sha256_file(&data)?,
            path: data,
            file_name: format!("{}.csv", meta.slug),
            name: title.clone(),
            format: "CSV",
        },
        Artifact {
            kind: "dictionary",
            sha256: sha256_file(&dict)?,
            path: dict,
            file_name: format!("{}-dictionary.csv", meta.slug),
            name: format!("{title}（数据字典）"),
            format: "CSV",
        },
    ];
    let known_package: Option<String> = ws
        .conn()
        .query_row(
            "SELECT package_id FROM publications WHERE dataset_id = ?1 AND portal = ?2",
            params![it.dataset, it.portal],
            |r| r.get(0),
        )
        .optional()?;
    Ok(Prepared { uid, name: meta.slug, package, known_package, artifacts, _dir: dir })
}

fn extra<'a>(pkg: &'a Value, key: &str) -> Option<&'a str> {
    pkg.get("extras")?.as_array()?.iter().find(|e| e["key"] == key)?.get("value")?.as_str()
}

/// The package holding our name, if it is this dataset's (a create that went
/// through although its answer was lost); `NameTaken` if it belongs to another.
async fn adopt(ckan: &Ckan, p: &Prepared, org_id: &str) -> Result<Value, PortalError> {
    let taken = || PortalError::NameTaken { name: p.name.clone() };
    // A package the token may not see (private, another organisation) is not ours.
    let found = match ckan.package_show(&p.name).await {
        Ok(Some(found)) => found,
        Ok(None) | Err(PortalError::Forbidden { .. }) => return Err(taken()),
        Err(e) => return Err(e),
    };
    let ours = extra(&found, "kaifang_uid") == Some(p.uid.as_str());
    if !ours || found["owner_org"].as_str() != Some(org_id) {
        return Err(taken());
    }
    let mut patch = p.package.clone();
    patch["id"] = found["id"].clone();
    ckan.action("package_patch", &patch).await
}

/// The network part: package, then resources, then the old ones removed.
async fn push(ckan: &Ckan, p: &Prepared, org_id: &str) -> Result<(Value, Vec<Value>), PortalError> {
    // The common paths take one call: a package published before is patched by
    // its id; a new one is created. Only when that fails is the portal asked
    // what holds the name (a create whose answer was lost; someone else's).
    let patched = match &p.known_package {
        Some(id) => {
            let mut patch = p.package.clone();
            patch["id"] = json!(id);
            match ckan.action("package_patch", &patch).await {
                Ok(pkg) if pkg["state"] != "deleted" => Some(pkg),
                Ok(_) | Err(PortalError::NotFound { .. }) => None,
                Err(e) => return Err(e),
            }
        }
        None => None,
    };
    let pkg = match patched {
        Some(pkg) => pkg,
        None => match ckan.action("package_create", &p.package).await {
            Ok(created) => created,
            Err(PortalError::NameTaken { .. }) => adopt(ckan, p, org_id).await?,
            Err(e) => return Err(e),
        },
    };
    let package_id = pkg["id"].as_str().ok_or_else(|| PortalError::BadResponse("package without id".into()))?;
    let resources: Vec<Value> = pkg["resources"].as_array().cloned().unwrap_or_default();
    // The files of one dataset go up side by side; one already there (same id,
    // same hash) is not sent again.
    let uploads = p.artifacts.iter().map(|a| {
        let rid = resource_id(&p.uid, a.kind, &a.sha256);
        let there = resources.iter().find(|r| r["id"] == rid.as_str() && r["hash"] == a.sha256.as_str()).cloned();
        async move {
            if let Some(r) = there {
                return Ok::<Value, PortalError>(r);
            }
            let fields = [
                ("package_id", package_id.to_owned()),
                ("id", rid),
                ("name", a.name.clone()),
                ("format", a.format.to_owned()),
                ("hash", a.sha256.clone()),
                ("kaifang_kind", a.kind.to_owned()),
            ];
            ckan.resource_upload(&fields, &a.path, &a.file_name, "text/csv").await
        }
    });
    let placed: Vec<Value> = futures_util::future::try_join_all(uploads).await?;
    // The previous version's files go once the new ones are in.
    let keep: Vec<&str> = placed.iter().filter_map(|r| r["id"].as_str()).collect();
    for old in resources.iter().filter(|r| r["kaifang_kind"].is_string()) {
        if let Some(id) = old["id"].as_str().filter(|id| !keep.contains(id)) {
            match ckan.action("resource_delete", &json!({ "id": id })).await {
                Ok(_) | Err(PortalError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok((pkg, placed))
}

/// Records a publication, in one transaction with the audit entry.
fn record(
    ws: &mut Workspace,
    it: &OutboxItem,
    approved: &str,
    cfg: &PortalConfig,
    pkg: &Value,
    placed: &[Value],
    actor: &Actor,
) -> Result<(), PortalError> {
    let package_id = pkg["id"].as_str().unwrap_or_default().to_owned();
    let package_name = pkg["name"].as_str().unwrap_or_default().to_owned();
    let url = format!("{}/dataset/{package_name}", cfg.url);
    let resources: Vec<Value> = placed
        .iter()
        .map(|r| json!({ "kind": r["kaifang_kind"], "id": r["id"], "sha256": r["hash"], "size": r["size"], "url": r["url"] }))
        .collect();
    let now = now_rfc3339();
    ws.with_tx(|tx| -> Result<(), PortalError> {
        tx.execute(
            "INSERT INTO publications (dataset_id, portal, package_id, package_name, url, version, approved_hash, resources, published_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(dataset_id, portal) DO UPDATE SET package_id = excluded.package_id,
                 package_name = excluded.package_name, url = excluded.url, version = excluded.version,
                 approved_hash = excluded.approved_hash, resources = excluded.resources, published_at = excluded.published_at",
            params![it.dataset, cfg.name, package_id, package_name, url, it.version, approved, Value::Array(resources.clone()).to_string(), now],
        )?;
        tx.execute(
            "UPDATE outbox SET state = 'published', error_code = NULL, error_message = NULL, updated_at = ?1 WHERE id = ?2",
            params![now, it.id],
        )?;
        let status: String = tx.query_row("SELECT status FROM datasets WHERE id = ?1", [it.dataset], |r| r.get(0))?;
        // Still the approved content (nothing was edited while it uploaded).
        if status == "approved" {
            let step = Step { action: "publish", hash: approved, comment: None, snapshot: None, at: None };
            review::record(tx, it.dataset, actor, &step)?;
            review::set_status(tx, it.dataset, "published")?;
        }
        let detail = json!({
            "portal": cfg.name,
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

fn backoff(opts: &DrainOptions, attempts: i64) -> Duration {
    let factor = 2u32.saturating_pow(attempts.clamp(1, 20) as u32 - 1);
    opts.backoff_base.saturating_mul(factor).min(opts.backoff_max)
}

fn later(d: Duration) -> String {
    let t = time::OffsetDateTime::now_utc() + d;
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_else(|_| now_rfc3339())
}

struct Shared {
    ws: Mutex<Workspace>,
    path: PathBuf,
    actor: Actor,
    opts: DrainOptions,
    /// Per portal: its client and the organisation's id, found once per drain.
    clients: tokio::sync::Mutex<std::collections::HashMap<String, (Ckan, String)>>,
}

fn locked(s: &Shared) -> std::sync::MutexGuard<'_, Workspace> {
    s.ws.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One item from queued to published (or failed, or queued for a retry).
async fn run_one(s: Arc<Shared>, it: OutboxItem, progress: &(dyn Fn(&OutboxItem) + Send + Sync)) -> &'static str {
    let (approved, cfg) = {
        let ws = locked(&s);
        let approved: String =
            match ws.conn().query_row("SELECT approved_hash FROM outbox WHERE id = ?1", [it.id], |r| r.get(0)) {
                Ok(a) => a,
                Err(_) => return "failed",
            };
        let now = now_rfc3339();
        let _ = ws.conn().execute(
            "UPDATE outbox SET state = 'uploading', attempts = attempts + 1, updated_at = ?1 WHERE id = ?2",
            params![now, it.id],
        );
        if let Ok(current) = item(ws.conn(), it.id) {
            progress(&current);
        }
        (approved, get(ws.conn(), &it.portal))
    };
    let result = async {
        let cfg = cfg?;
        let (ckan, org_id) = {
            let mut clients = s.clients.lock().await;
            match clients.get(&cfg.name) {
                Some(c) => c.clone(),
                None => {
                    let ckan = {
                        let ws = locked(&s);
                        client(ws.conn(), &cfg, s.opts.timeouts)?
                    };
                    let org_id = ckan.org_id(&cfg.org).await?;
                    clients.insert(cfg.name.clone(), (ckan.clone(), org_id.clone()));
                    (ckan, org_id)
                }
            }
        };
        let prepared = {
            let (path, it2, approved2, org2, actor) =
                (s.path.clone(), it.clone(), approved.clone(), org_id.clone(), s.actor.clone());
            tokio::task::spawn_blocking(move || -> Result<Prepared, PortalError> {
                let mut ws = Workspace::open(&path, OpenMode::MustExist, &actor)?;
                prepare(&mut ws, &it2, &approved2, &org2)
            })
            .await
            .map_err(|e| PortalError::Io(std::io::Error::other(e)))??
        };
        let (pkg, placed) = push(&ckan, &prepared, &org_id).await?;
        let mut ws = locked(&s);
        record(&mut ws, &it, &approved, &cfg, &pkg, &placed, &s.actor)?;
        Ok::<(), PortalError>(())
    }
    .await;
    let mut ws = locked(&s);
    let now = now_rfc3339();
    let outcome = match result {
        Ok(()) => "published",
        Err(e) => {
            let attempts: i64 =
                ws.conn().query_row("SELECT attempts FROM outbox WHERE id = ?1", [it.id], |r| r.get(0)).unwrap_or(0);
            let mut payload = e.payload();
            if let PortalError::NameTaken { name } = &e {
                payload.params.insert("name".into(), name.clone());
            }
            let text = serde_json::to_string(&payload).unwrap_or_default();
            let (state, next) = if e.retryable() && attempts < s.opts.max_attempts {
                // The portal's own "come back in N seconds" wins over the back-off,
                // within the longest wait the options allow.
                let wait = e.retry_after().map_or(backoff(&s.opts, attempts), |r| {
                    r.max(backoff(&s.opts, attempts)).min(s.opts.backoff_max.max(Duration::from_secs(1)))
                });
                ("queued", later(wait))
            } else {
                ("failed", now.clone())
            };
            let actor = s.actor.clone();
            let _ = ws.with_tx(|tx| -> rusqlite::Result<()> {
                tx.execute(
                    "UPDATE outbox SET state = ?1, next_attempt_at = ?2, error_code = ?3, error_message = ?4, updated_at = ?5
                     WHERE id = ?6",
                    params![state, next, payload.code.as_str(), text, now, it.id],
                )?;
                if state == "failed" {
                    let detail = json!({ "portal": it.portal, "code": payload.code.as_str() });
                    audit::append(tx, &actor, "publish.failed", Some(&it.dataset.to_string()), &detail)?;
                }
                Ok(())
            });
            state
        }
    };
    if let Ok(current) = item(ws.conn(), it.id) {
        progress(&current);
    }
    outcome
}

fn due(conn: &Connection) -> rusqlite::Result<Vec<OutboxItem>> {
    let mut stmt = conn.prepare(&format!(
        "{ITEM_SQL} WHERE o.state IN ('queued', 'uploading') AND o.next_attempt_at <= ?1 ORDER BY o.id"
    ))?;
    let rows = stmt.query_map([now_rfc3339()], item_of)?;
    rows.collect()
}

fn next_retry(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT min(next_attempt_at) FROM outbox WHERE state = 'queued'", [], |r| r.get(0))
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
        clients: Default::default(),
    });
    let mut summary = DrainSummary::default();
    loop {
        if cancel.is_cancelled() {
            break;
        }
        let batch = due(locked(&shared).conn())?;
        if batch.is_empty() {
            let next = next_retry(locked(&shared).conn())?;
            match next {
                Some(at) if shared.opts.wait_for_retries => {
                    // Sleep until the earliest retry, a second at a time so that a
                    // cancel is heard.
                    while now_rfc3339() < at && !cancel.is_cancelled() {
                        tokio::time::sleep(Duration::from_millis(250)).await;
                    }
                    continue;
                }
                _ => break,
            }
        }
        let n = shared.opts.concurrency.max(1);
        let outcomes: Vec<&'static str> =
            stream::iter(batch.into_iter().map(|it| run_one(shared.clone(), it, progress)))
                .buffer_unordered(n)
                .collect()
                .await;
        for o in outcomes {
            match o {
                "published" => summary.published += 1,
                "failed" => summary.failed += 1,
                _ => {}
            }
        }
    }
    summary.waiting =
        locked(&shared).conn().query_row("SELECT count(*) FROM outbox WHERE state = 'queued'", [], |r| r.get(0))?;
    Ok(summary)
}
