//! Submission and steward review: users with roles, the life cycle
//! draft → submitted → approved → published (returned with comments on the way),
//! and approvals bound to the content hash of exactly what will be published: the
//! data version, the metadata, the data dictionary and the masking policy. Any edit
//! after submission or approval sends the dataset back to draft.

mod changes;
mod decisions;

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::auth::{self, AuthError, Signed, Unlocked};
use crate::clock::now_rfc3339;
use crate::dataset::DatasetError;
use crate::error::{params as p, Coded, ErrorCode};
use crate::lifecycle::{self, CheckState, DatasetId, DatasetStatus, LifecycleError, Step};
use crate::metadata::{self, Problem};
use crate::sensitive;
use crate::workspace::{Workspace, WorkspaceError};
pub use changes::{audit_history, changes, compare, snapshot, FieldChange, HistoryEntry, ReviewChanges, Snapshot};
pub use decisions::{decisions, ColumnDecision, Decisions, Notice, NoticeKind, Outcome};

pub use crate::auth::{Role, User};

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error("cannot {action} a dataset that is {status}")]
    WrongState { action: &'static str, status: DatasetStatus },
    #[error("the metadata has {} problems", .0.len())]
    MetadataIncomplete(Vec<Problem>),
    #[error("personal data is not handled")]
    PersonalDataUnhandled,
    #[error("the dataset is marked not open")]
    NotOpen,
    #[error("{0} cannot approve their own submission")]
    SelfApproval(String),
    #[error("returning a dataset needs a comment")]
    CommentRequired,
    #[error("special categories of personal data go out as they are in an open dataset: {}", .0.join(", "))]
    SpecialUnconfirmed(Vec<String>),
    #[error("the office requires these readiness checks to pass first: {}", .0.join(", "))]
    ReadinessBlocked(Vec<String>),
    #[error(transparent)]
    Sensitive(Box<sensitive::SensitiveError>),
    #[error(transparent)]
    Cleaning(Box<crate::clean::CleanError>),
    #[error(transparent)]
    Dataset(#[from] DatasetError),
}

impl From<LifecycleError> for ReviewError {
    fn from(e: LifecycleError) -> Self {
        match e {
            LifecycleError::NotAllowed { from, to } => ReviewError::WrongState { action: to.step(), status: from },
            LifecycleError::Sqlite(e) => e.into(),
        }
    }
}

impl From<rusqlite::Error> for ReviewError {
    fn from(e: rusqlite::Error) -> Self {
        ReviewError::Dataset(DatasetError::Workspace(WorkspaceError::Sqlite(e)))
    }
}

impl Coded for ReviewError {
    fn code(&self) -> ErrorCode {
        match self {
            ReviewError::Auth(e) => e.code(),
            ReviewError::WrongState { .. } => ErrorCode::ReviewWrongState,
            ReviewError::MetadataIncomplete(_) => ErrorCode::ReviewMetadataIncomplete,
            ReviewError::PersonalDataUnhandled => ErrorCode::ReviewPersonalDataUnhandled,
            ReviewError::NotOpen => ErrorCode::ReviewNotOpen,
            ReviewError::SelfApproval(_) => ErrorCode::ReviewSelfApproval,
            ReviewError::CommentRequired => ErrorCode::ReviewCommentRequired,
            ReviewError::SpecialUnconfirmed(_) => ErrorCode::ReviewSpecialUnconfirmed,
            ReviewError::ReadinessBlocked(_) => ErrorCode::ReadinessBlocked,
            ReviewError::Sensitive(e) => e.code(),
            ReviewError::Cleaning(e) => e.code(),
            ReviewError::Dataset(e) => e.code(),
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        match self {
            ReviewError::SelfApproval(u) => p([("user", u.clone())]),
            ReviewError::SpecialUnconfirmed(columns) => {
                p([("columns", columns.join("、")), ("count", columns.len().to_string())])
            }
            // Check names (ids, named by the UI and the CLI), comma-separated.
            ReviewError::ReadinessBlocked(checks) => {
                p([("checks", checks.join(",")), ("count", checks.len().to_string())])
            }
            ReviewError::Auth(e) => e.params(),
            ReviewError::WrongState { action, status } => {
                p([("action", (*action).to_owned()), ("status", status.as_str().to_owned())])
            }
            // Every problem, so the form can mark each field (as `metadata_invalid` does).
            ReviewError::MetadataIncomplete(problems) => p([
                ("count", problems.len().to_string()),
                ("problems", serde_json::to_string(problems).unwrap_or_default()),
            ]),
            ReviewError::Sensitive(e) => e.params(),
            ReviewError::Cleaning(e) => e.params(),
            ReviewError::Dataset(e) => e.params(),
            _ => BTreeMap::new(),
        }
    }
}

pub fn users(conn: &Connection) -> Result<Vec<User>, ReviewError> {
    Ok(crate::auth::users(conn)?)
}

fn require(conn: &Connection, actor: &Actor, role: Role) -> Result<(), ReviewError> {
    auth::require_role(conn, &actor.name, role)?;
    Ok(())
}

/// The portable content hash of what would be published now: the dataset's
/// uid, every stored cell in order (as text, an empty cell as ""), and the
/// metadata, data dictionary and masking policy keyed by column name. No local
/// ids or storage times: a steward's workspace that imported the same content
/// computes the same hash.
pub fn content_hash(conn: &Connection, dataset_id: DatasetId) -> Result<String, ReviewError> {
    let (uid, version_id): (String, i64) = conn.query_row(
        "SELECT d.uid, v.id FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id
         WHERE d.id = ?1 ORDER BY v.version DESC LIMIT 1",
        [dataset_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let cells = cells_sha256(conn, version_id)?;
    let meta = metadata::get(conn, dataset_id)?;
    let dictionary: BTreeMap<&str, serde_json::Value> = meta
        .dictionary
        .iter()
        .map(|d| (d.name.as_str(), serde_json::json!([d.group, d.description, d.unit, d.open])))
        .collect();
    let policy: BTreeMap<String, serde_json::Value> =
        match sensitive::saved(conn, dataset_id).map_err(sensitive_error)? {
            // The mask's kept ends are part of what is published (an office convention).
            // A generalisation is added only where there is one, so hashes
            // taken before disclosure control existed stay the same.
            Some(r) => r
                .columns
                .iter()
                .map(|c| {
                    let mut v = serde_json::json!([c.operator, c.reason, c.keep_head, c.keep_tail]);
                    if let (Some(rule), Some(list)) = (c.coarsen, v.as_array_mut()) {
                        list.push(serde_json::json!(rule));
                    }
                    (c.finding.name.clone(), v)
                })
                .collect(),
            None => BTreeMap::new(),
        };
    let mut canonical = serde_json::json!({
        "format": "kaifang-content-2",
        "dataset_uid": uid,
        "cells_sha256": cells,
        "metadata": meta.values,
        "dictionary": dictionary,
        "policy": policy,
    });
    // The cleaning steps, where the version was cleaned (TRUST.md: the content
    // hash covers the recipe): what each did, with its counts.
    let cleaning = crate::clean::portable(conn, dataset_id).map_err(|e| ReviewError::Cleaning(Box::new(e)))?;
    if let (Some(steps), Some(map)) = (cleaning, canonical.as_object_mut()) {
        map.insert("cleaning".into(), serde_json::json!(steps));
    }
    // Disclosure control, where there is any: the suppressed values by data row
    // number and column name, and the quasi-identifiers with the reason.
    let disclosure = sensitive::disclosure::portable(conn, dataset_id).map_err(sensitive_error)?;
    if let (Some(d), Some(map)) = (disclosure, canonical.as_object_mut()) {
        map.insert("disclosure".into(), serde_json::json!(d));
    }
    Ok(hex::encode(Sha256::digest(canonical.to_string().as_bytes())))
}

/// The SHA-256 of a version's column names and cells, row by row; each value is
/// written as its length and bytes, so no two tables share a digest by accident.
/// A version's rows never change, so the digest is computed once and kept.
pub fn cells_sha256(conn: &Connection, version_id: i64) -> Result<String, ReviewError> {
    let (table, width, kept): (String, usize, Option<String>) = conn.query_row(
        "SELECT data_table, column_count, cells_sha256 FROM dataset_versions WHERE id = ?1",
        [version_id],
        |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize, r.get(2)?)),
    )?;
    if let Some(kept) = kept {
        return Ok(kept);
    }
    let mut sha = Sha256::new();
    let mut put = |bytes: &[u8]| {
        sha.update((bytes.len() as u64).to_le_bytes());
        sha.update(bytes);
    };
    let mut names = conn.prepare("SELECT name FROM columns WHERE version_id = ?1 ORDER BY position")?;
    let names: Vec<String> = names.query_map([version_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    for n in &names {
        put(n.as_bytes());
    }
    let list: Vec<String> = (0..width).map(crate::dataset::col).collect();
    if !list.is_empty() {
        let mut stmt = conn.prepare(&format!("SELECT {} FROM {table} ORDER BY _row", list.join(", ")))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            for i in 0..width {
                match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => put(t),
                    rusqlite::types::ValueRef::Null => put(b""),
                    rusqlite::types::ValueRef::Integer(n) => put(n.to_string().as_bytes()),
                    rusqlite::types::ValueRef::Real(f) => put(f.to_string().as_bytes()),
                }
            }
        }
    }
    let digest = hex::encode(sha.finalize());
    // Only a cache: a workspace opened read-only computes it again next time.
    if let Err(e) =
        conn.execute("UPDATE dataset_versions SET cells_sha256 = ?1 WHERE id = ?2", params![digest, version_id])
    {
        eprintln!("kaifang: could not keep the cells digest of version {version_id}: {e}");
    }
    Ok(digest)
}

fn sensitive_error(e: sensitive::SensitiveError) -> ReviewError {
    match e {
        sensitive::SensitiveError::Dataset(d) => ReviewError::Dataset(d),
        e => ReviewError::Sensitive(Box::new(e)),
    }
}

/// The common checks of a review step: the dataset exists, the actor holds the
/// role, and the dataset is in one of the states the step starts from.
fn gate(ws: &Workspace, id: DatasetId, actor: &Actor, role: Role, to: DatasetStatus) -> Result<(), ReviewError> {
    require(ws.conn(), actor, role)?;
    let status = lifecycle::status(ws.conn(), id)?;
    if !status.can_become(to) {
        return Err(ReviewError::WrongState { action: to.step(), status });
    }
    Ok(())
}

/// A clerk submits a draft (or a returned dataset) for review. The metadata must
/// be complete and the personal data handled.
pub fn submit(ws: &mut Workspace, id: DatasetId, actor: &Actor) -> Result<String, ReviewError> {
    gate(ws, id, actor, Role::Clerk, DatasetStatus::Submitted)?;
    checks(ws, id, actor)?;
    transition(ws, id, actor, "submit", DatasetStatus::Submitted, None, None)
}

/// What submitting needs, checked again on approval and when a submission
/// arrives in a bundle: the dataset is open, its metadata complete, every row
/// scanned for personal data and each finding handled, and its public copy
/// passes the egress gate.
fn checks(ws: &mut Workspace, id: DatasetId, actor: &Actor) -> Result<(), ReviewError> {
    // Decisions that protect people are made on every row: a version that only
    // had the quick scan gets the whole-table scan now.
    sensitive::ensure_full_scan(ws, id, actor).map_err(sensitive_error)?;
    submission_checks(ws.conn(), id)
}

/// [`checks`] on a version that already had its whole-table scan (a bundle's
/// arrival runs it inside its transaction).
pub fn submission_checks(conn: &Connection, id: DatasetId) -> Result<(), ReviewError> {
    let meta = metadata::get(conn, id)?;
    if metadata::text(&meta.values, "open_type") == "closed" {
        return Err(ReviewError::NotOpen);
    }
    if !meta.problems.is_empty() {
        return Err(ReviewError::MetadataIncomplete(meta.problems));
    }
    let version_id: i64 = conn.query_row(
        "SELECT id FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
        [id],
        |r| r.get(0),
    )?;
    if sensitive::readiness(conn, version_id)? != CheckState::Done {
        return Err(ReviewError::PersonalDataUnhandled);
    }
    // The readiness checks the office's steward made blocking.
    let blocking = crate::readiness::blocking(conn)?;
    if !blocking.is_empty() {
        let report = crate::readiness::check(conn, id, crate::clock::today())?;
        let mut failing: Vec<String> = Vec::new();
        for f in report.findings.iter().filter(|f| blocking.contains(&f.check)) {
            if !failing.iter().any(|c| c == f.check.as_str()) {
                failing.push(f.check.as_str().to_owned());
            }
        }
        if !failing.is_empty() {
            return Err(ReviewError::ReadinessBlocked(failing));
        }
    }
    // What would leave the office must pass the egress gate before a steward is
    // asked to approve it.
    crate::export::require_clear(conn, id).map_err(sensitive_error)?;
    // A list whose smallest group is below the office's k goes only with a
    // written reason (audited when it was given).
    let table = sensitive::tables::spec(conn, id).map_err(sensitive_error)?;
    let risk = sensitive::disclosure::current(conn, id).map_err(sensitive_error)?;
    if table.is_none() && risk.rows > 0 && !risk.quasi.is_empty() && risk.k < risk.office_k {
        let reason = sensitive::disclosure::policy(conn, id).map_err(sensitive_error)?.and_then(|p| p.reason);
        if reason.is_none() {
            return Err(sensitive_error(sensitive::SensitiveError::RiskReasonRequired {
                k: risk.k,
                office_k: risk.office_k,
                at_risk: risk.at_risk,
            }));
        }
    }
    Ok(())
}

/// What a steward's signature covers: the dataset uid, the action, the time, the
/// steward, the content hash and the comments.
pub struct DecisionClaim<'a> {
    pub dataset_uid: &'a str,
    pub action: &'a str,
    pub at: &'a str,
    pub steward: &'a str,
    pub content_hash: &'a str,
    pub comment: Option<&'a str>,
    pub comments: &'a [(String, String)],
}

impl DecisionClaim<'_> {
    /// The bytes signed: canonical JSON (fixed key order, no whitespace).
    pub fn message(&self) -> Vec<u8> {
        serde_json::json!({
            "kaifang-decision": 1,
            "dataset_uid": self.dataset_uid,
            "action": self.action,
            "at": self.at,
            "steward": self.steward,
            "content_hash": self.content_hash,
            "comment": self.comment,
            "comments": self.comments,
        })
        .to_string()
        .into_bytes()
    }
}

/// A decision's signature as stored with its review step.
pub fn signature(conn: &Connection, review: i64) -> rusqlite::Result<Option<Signed>> {
    let row: (Option<String>, Option<String>) =
        conn.query_row("SELECT signer, signature FROM reviews WHERE id = ?1", [review], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(match row {
        (Some(signer), Some(signature)) => Some(Signed { signer, signature }),
        _ => None,
    })
}

/// Records a step bound to the current content hash, moves the dataset to its
/// new state and audits it, in one transaction. Returns the hash.
fn transition(
    ws: &mut Workspace,
    id: DatasetId,
    actor: &Actor,
    action: &str,
    to: DatasetStatus,
    comment: Option<&str>,
    // The steward's keys and the special-category columns they confirmed.
    signer: Option<(&auth::StewardKeys, &[String])>,
) -> Result<String, ReviewError> {
    let hash = content_hash(ws.conn(), id)?;
    let snap = serde_json::to_string(&snapshot(ws.conn(), id)?).ok();
    let at = now_rfc3339();
    ws.with_tx(|tx| -> Result<(), ReviewError> {
        let review =
            lifecycle::record(tx, id, actor, &Step { action, hash: &hash, comment, snapshot: snap, at: Some(&at) })?;
        if let Some((keys, _)) = signer {
            sign_step(
                tx,
                id,
                review,
                &DecisionClaim {
                    dataset_uid: "",
                    action,
                    at: &at,
                    steward: &actor.name,
                    content_hash: &hash,
                    comment,
                    comments: &[],
                },
                keys,
            )?;
        }
        lifecycle::set_status(tx, id, to)?;
        let mut detail = serde_json::json!({ "content_hash": hash });
        if let Some((_, confirmed)) = signer.filter(|(_, c)| !c.is_empty()) {
            detail["confirmed_special"] = serde_json::json!(confirmed);
        }
        audit::append(tx, actor, &format!("dataset.{to}"), Some(&id.to_string()), &detail)?;
        Ok(())
    })?;
    Ok(hash)
}

/// Signs a steward's step (filling in the dataset's uid) and keeps the signature with it.
fn sign_step(
    tx: &Transaction<'_>,
    id: DatasetId,
    review: i64,
    claim: &DecisionClaim<'_>,
    keys: &auth::StewardKeys,
) -> Result<(), ReviewError> {
    let uid: String = tx.query_row("SELECT uid FROM datasets WHERE id = ?1", [id], |r| r.get(0))?;
    let signed = keys.sign(&DecisionClaim { dataset_uid: &uid, ..*claim }.message());
    tx.execute(
        "UPDATE reviews SET signer = ?1, signature = ?2 WHERE id = ?3",
        params![signed.signer, signed.signature, review],
    )?;
    Ok(())
}

fn last_submitter(conn: &Connection, id: DatasetId) -> Result<Option<String>, ReviewError> {
    Ok(conn
        .query_row(
            "SELECT actor FROM reviews WHERE dataset_id = ?1 AND action = 'submit' ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether a clerk may approve their own submission (a workspace setting).
pub fn self_approval_allowed(conn: &Connection) -> Result<bool, ReviewError> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = 'review.allow_self_approval'", [], |r| r.get::<_, String>(0))
        .optional()?
        .is_some_and(|v| v == "1"))
}

/// Changing it weakens or restores the four-eyes rule: a steward action.
pub fn set_self_approval(ws: &mut Workspace, allowed: bool, by: &Unlocked) -> Result<(), ReviewError> {
    auth::steward(ws.conn(), by)?;
    let actor = by.actor();
    ws.with_tx(|tx| -> Result<(), ReviewError> {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('review.allow_self_approval', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [if allowed { "1" } else { "0" }],
        )?;
        audit::append(tx, actor, "settings.self_approval", None, &serde_json::json!({ "allowed": allowed }))?;
        Ok(())
    })
}

/// A steward approves what was submitted; the approval records the content hash.
/// The approval is signed with the steward's key, over the content hash. A
/// dataset that publishes special categories as they are while marked
/// unconditionally open needs [`approve_confirmed`].
pub fn approve(ws: &mut Workspace, id: DatasetId, by: &Unlocked, comment: Option<&str>) -> Result<String, ReviewError> {
    approve_confirmed(ws, id, by, comment, false)
}

/// [`approve`], with the steward's confirmation (`confirm_special`) that the
/// special categories the dataset publishes as they are may be open to all.
pub fn approve_confirmed(
    ws: &mut Workspace,
    id: DatasetId,
    by: &Unlocked,
    comment: Option<&str>,
    confirm_special: bool,
) -> Result<String, ReviewError> {
    let keys = auth::steward(ws.conn(), by)?;
    let actor = by.actor();
    gate(ws, id, actor, Role::Steward, DatasetStatus::Approved)?;
    if last_submitter(ws.conn(), id)?.as_deref() == Some(actor.name.as_str()) && !self_approval_allowed(ws.conn())? {
        return Err(ReviewError::SelfApproval(actor.name.clone()));
    }
    // What submitting needed still holds (a bundle's copy, conventions changed since).
    checks(ws, id, actor)?;
    let special = decisions(ws.conn(), id)?.special_open();
    if !special.is_empty() && !confirm_special {
        return Err(ReviewError::SpecialUnconfirmed(special));
    }
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    transition(ws, id, actor, "approve", DatasetStatus::Approved, comment, Some((keys, &special)))
}

/// A steward returns a submission with a comment (and optional comments on
/// fields, `field:<id>`, or columns, `column:<position>`).
pub fn return_submission(
    ws: &mut Workspace,
    id: DatasetId,
    by: &Unlocked,
    comment: &str,
    targeted: &[(String, String)],
) -> Result<(), ReviewError> {
    let keys = auth::steward(ws.conn(), by)?;
    let actor = by.actor();
    gate(ws, id, actor, Role::Steward, DatasetStatus::Returned)?;
    let comment = comment.trim();
    if comment.is_empty() {
        return Err(ReviewError::CommentRequired);
    }
    let hash = content_hash(ws.conn(), id)?;
    let at = now_rfc3339();
    let targeted: Vec<(String, String)> =
        targeted.iter().filter(|(_, t)| !t.trim().is_empty()).map(|(k, t)| (k.clone(), t.trim().to_owned())).collect();
    ws.with_tx(|tx| -> Result<(), ReviewError> {
        let step = Step { action: "return", hash: &hash, comment: Some(comment), snapshot: None, at: Some(&at) };
        let review = lifecycle::record(tx, id, actor, &step)?;
        insert_comments(tx, review, &targeted)?;
        let claim = DecisionClaim {
            dataset_uid: "",
            action: "return",
            at: &at,
            steward: &actor.name,
            content_hash: &hash,
            comment: Some(comment),
            comments: &targeted,
        };
        sign_step(tx, id, review, &claim, keys)?;
        lifecycle::set_status(tx, id, DatasetStatus::Returned)?;
        audit::append(
            tx,
            actor,
            "dataset.returned",
            Some(&id.to_string()),
            &serde_json::json!({ "comments": targeted.len() + 1 }),
        )?;
        Ok(())
    })
}

/// Stores a return's comments on fields and columns.
pub(crate) fn insert_comments(
    tx: &Transaction<'_>,
    review: i64,
    targeted: &[(String, String)],
) -> rusqlite::Result<()> {
    for (target, text) in targeted.iter().filter(|(_, t)| !t.trim().is_empty()) {
        tx.execute(
            "INSERT INTO review_comments (review_id, target, text) VALUES (?1, ?2, ?3)",
            params![review, target, text.trim()],
        )?;
    }
    Ok(())
}

/// A review step's comments on fields and columns, as (target, text).
pub fn comments(conn: &Connection, review: i64) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT coalesce(target, ''), text FROM review_comments WHERE review_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([review], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// A submission waiting for a steward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QueueItem {
    #[ts(type = "number")]
    pub dataset: i64,
    pub name: String,
    #[ts(type = "number")]
    pub version: i64,
    pub submitted_by: String,
    pub submitted_at: String,
}

/// Submissions waiting, oldest first.
pub fn queue(conn: &Connection) -> Result<Vec<QueueItem>, ReviewError> {
    let mut stmt = conn.prepare(
        "SELECT d.id, d.name, r.version, r.actor, r.at FROM datasets d
         JOIN reviews r ON r.id = (SELECT max(id) FROM reviews WHERE dataset_id = d.id AND action = 'submit')
         WHERE d.status = ?1 ORDER BY r.at, r.id",
    )?;
    let rows = stmt.query_map([DatasetStatus::Submitted], |r| {
        Ok(QueueItem {
            dataset: r.get(0)?,
            name: r.get(1)?,
            version: r.get(2)?,
            submitted_by: r.get(3)?,
            submitted_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One step of a dataset's review history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewEntry {
    pub action: String,
    pub actor: String,
    pub at: String,
    #[ts(type = "number")]
    pub version: i64,
    pub comment: Option<String>,
    /// (target, text): `field:<id>` or `column:<position>`.
    pub comments: Vec<(String, String)>,
}

pub fn history(conn: &Connection, id: DatasetId) -> Result<Vec<ReviewEntry>, ReviewError> {
    let mut stmt =
        conn.prepare("SELECT id, action, actor, at, version, comment FROM reviews WHERE dataset_id = ?1 ORDER BY id")?;
    let rows: Vec<(i64, ReviewEntry)> = stmt
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                ReviewEntry {
                    action: r.get(1)?,
                    actor: r.get(2)?,
                    at: r.get(3)?,
                    version: r.get(4)?,
                    comment: r.get(5)?,
                    comments: vec![],
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (rid, mut e) in rows {
        e.comments = comments(conn, rid)?;
        out.push(e);
    }
    Ok(out)
}

/// For publishing: the approved hash, if the dataset is approved and unchanged.
pub fn approved_hash(conn: &Connection, id: DatasetId) -> Result<Option<String>, ReviewError> {
    unchanged_approval(conn, id, &[DatasetStatus::Approved])
}

/// For the harvestable catalogue: the approved hash, if the dataset is approved
/// or published and unchanged since.
pub fn public_hash(conn: &Connection, id: DatasetId) -> Result<Option<String>, ReviewError> {
    unchanged_approval(conn, id, &[DatasetStatus::Approved, DatasetStatus::Published])
}

fn unchanged_approval(
    conn: &Connection,
    id: DatasetId,
    statuses: &[DatasetStatus],
) -> Result<Option<String>, ReviewError> {
    if !statuses.contains(&lifecycle::status(conn, id)?) {
        return Ok(None);
    }
    let approved: Option<String> = conn
        .query_row(
            "SELECT content_hash FROM reviews WHERE dataset_id = ?1 AND action = 'approve' ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(approved) = approved else { return Ok(None) };
    Ok((content_hash(conn, id)? == approved).then_some(approved))
}
