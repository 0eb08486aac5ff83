//! Submission and steward review: users with roles, the life cycle
//! draft → submitted → approved → published (returned with comments on the way),
//! and approvals bound to the content hash of exactly what will be published: the
//! data version, the metadata, the data dictionary and the masking policy. Any edit
//! after submission or approval sends the dataset back to draft.

mod changes;

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::dataset::{self, DatasetError};
use crate::error::{params as p, Coded, ErrorCode};
use crate::metadata::{self, CheckState};
use crate::sensitive;
use crate::workspace::{now_rfc3339, Workspace, WorkspaceError};
pub use changes::{audit_history, changes, compare, snapshot, FieldChange, HistoryEntry, ReviewChanges, Snapshot};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Clerk,
    Steward,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct User {
    pub name: String,
    pub clerk: bool,
    pub steward: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("no user {0} in this workspace")]
    UserUnknown(String),
    #[error("{user} is not a {role}")]
    RoleMissing { user: String, role: &'static str },
    #[error("cannot {action} a dataset that is {status}")]
    WrongState { action: &'static str, status: String },
    #[error("the metadata has {0} problems")]
    MetadataIncomplete(usize),
    #[error("personal data is not handled")]
    PersonalDataUnhandled,
    #[error("the dataset is marked not open")]
    NotOpen,
    #[error("{0} cannot approve their own submission")]
    SelfApproval(String),
    #[error("returning a dataset needs a comment")]
    CommentRequired,
    #[error("the user name is not acceptable")]
    InvalidUserName,
    #[error(transparent)]
    Sensitive(Box<sensitive::SensitiveError>),
    #[error(transparent)]
    Dataset(#[from] DatasetError),
}

impl From<rusqlite::Error> for ReviewError {
    fn from(e: rusqlite::Error) -> Self {
        ReviewError::Dataset(DatasetError::Workspace(WorkspaceError::Sqlite(e)))
    }
}

impl Coded for ReviewError {
    fn code(&self) -> ErrorCode {
        match self {
            ReviewError::UserUnknown(_) => ErrorCode::UserUnknown,
            ReviewError::RoleMissing { .. } => ErrorCode::RoleMissing,
            ReviewError::WrongState { .. } => ErrorCode::ReviewWrongState,
            ReviewError::MetadataIncomplete(_) => ErrorCode::ReviewMetadataIncomplete,
            ReviewError::PersonalDataUnhandled => ErrorCode::ReviewPersonalDataUnhandled,
            ReviewError::NotOpen => ErrorCode::ReviewNotOpen,
            ReviewError::SelfApproval(_) => ErrorCode::ReviewSelfApproval,
            ReviewError::CommentRequired => ErrorCode::ReviewCommentRequired,
            ReviewError::InvalidUserName => ErrorCode::UserInvalidName,
            ReviewError::Sensitive(e) => e.code(),
            ReviewError::Dataset(e) => e.code(),
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        match self {
            ReviewError::UserUnknown(u) | ReviewError::SelfApproval(u) => p([("user", u.clone())]),
            ReviewError::RoleMissing { user, role } => p([("user", user.clone()), ("role", (*role).to_owned())]),
            ReviewError::WrongState { action, status } => {
                p([("action", (*action).to_owned()), ("status", status.clone())])
            }
            ReviewError::MetadataIncomplete(n) => p([("count", n.to_string())]),
            ReviewError::Sensitive(e) => e.params(),
            ReviewError::Dataset(e) => e.params(),
            _ => BTreeMap::new(),
        }
    }
}

/// Adds a user (or gives an existing one more roles).
pub fn add_user(ws: &mut Workspace, name: &str, roles: &[Role], actor: &Actor) -> Result<User, ReviewError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 || name.chars().any(char::is_control) {
        return Err(ReviewError::InvalidUserName);
    }
    let clerk = roles.contains(&Role::Clerk);
    let steward = roles.contains(&Role::Steward);
    ws.with_tx(|tx| -> Result<(), ReviewError> {
        tx.execute(
            "INSERT INTO users (name, clerk, steward, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(name) DO UPDATE SET clerk = max(clerk, excluded.clerk), steward = max(steward, excluded.steward)",
            params![name, clerk, steward, now_rfc3339()],
        )?;
        audit::append(tx, actor, "user.added", Some(name), &serde_json::json!({ "clerk": clerk, "steward": steward }))?;
        Ok(())
    })?;
    user(ws.conn(), name)?.ok_or_else(|| ReviewError::UserUnknown(name.to_owned()))
}

pub fn user(conn: &Connection, name: &str) -> Result<Option<User>, ReviewError> {
    Ok(conn
        .query_row("SELECT name, clerk, steward FROM users WHERE name = ?1", [name], |r| {
            Ok(User { name: r.get(0)?, clerk: r.get(1)?, steward: r.get(2)? })
        })
        .optional()?)
}

pub fn users(conn: &Connection) -> Result<Vec<User>, ReviewError> {
    let mut stmt = conn.prepare("SELECT name, clerk, steward FROM users ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok(User { name: r.get(0)?, clerk: r.get(1)?, steward: r.get(2)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn require(conn: &Connection, actor: &Actor, role: Role) -> Result<(), ReviewError> {
    let u = user(conn, &actor.name)?.ok_or_else(|| ReviewError::UserUnknown(actor.name.clone()))?;
    let ok = match role {
        Role::Clerk => u.clerk,
        Role::Steward => u.steward,
    };
    if ok {
        Ok(())
    } else {
        Err(ReviewError::RoleMissing { user: u.name, role: if role == Role::Clerk { "clerk" } else { "steward" } })
    }
}

/// The SHA-256 of what would be published now: the data version (its source
/// bytes and row count), the metadata, the data dictionary, and each column's
/// masking operator in force.
pub fn content_hash(conn: &Connection, dataset_id: i64) -> Result<String, ReviewError> {
    let key = dataset_id.to_string();
    let (version_id, version, source, rows): (i64, i64, String, i64) = conn.query_row(
        "SELECT id, version, source_sha256, row_count FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
        [dataset_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let meta = metadata::get(conn, &key).map_err(metadata_error)?;
    let dictionary: Vec<serde_json::Value> =
        meta.dictionary.iter().map(|d| serde_json::json!([d.name, d.description, d.unit, d.open])).collect();
    let policy: Vec<serde_json::Value> = match sensitive::saved(conn, &key).map_err(sensitive_error)? {
        // The mask's kept ends are part of what is published (an office
        // convention); scans from before conventions recorded none.
        Some(r) => r
            .columns
            .iter()
            .map(|c| match (c.keep_head, c.keep_tail) {
                (Some(h), Some(t)) => serde_json::json!([c.finding.position, c.operator, c.reason, h, t]),
                _ => serde_json::json!([c.finding.position, c.operator, c.reason]),
            })
            .collect(),
        None => Vec::new(),
    };
    let canonical = serde_json::json!({
        "dataset": dataset_id,
        "version": version,
        "version_id": version_id,
        "source": source,
        "rows": rows,
        "metadata": meta.values,
        "dictionary": dictionary,
        "policy": policy,
    });
    Ok(hex::encode(Sha256::digest(canonical.to_string().as_bytes())))
}

fn metadata_error(e: metadata::MetadataError) -> ReviewError {
    match e {
        metadata::MetadataError::Dataset(d) => ReviewError::Dataset(d),
        metadata::MetadataError::Invalid(problems) => ReviewError::MetadataIncomplete(problems.len()),
    }
}

fn sensitive_error(e: sensitive::SensitiveError) -> ReviewError {
    match e {
        sensitive::SensitiveError::Dataset(d) => ReviewError::Dataset(d),
        e => ReviewError::Sensitive(Box::new(e)),
    }
}

fn status(conn: &Connection, dataset_id: i64) -> Result<String, ReviewError> {
    Ok(conn.query_row("SELECT status FROM datasets WHERE id = ?1", [dataset_id], |r| r.get(0))?)
}

/// One review step. `snapshot` is what the step saw (see [`Snapshot`]); `at` is
/// now unless the step happened elsewhere (a decision arriving in a bundle).
pub(crate) struct Step<'a> {
    pub action: &'a str,
    pub hash: &'a str,
    pub comment: Option<&'a str>,
    pub snapshot: Option<&'a Snapshot>,
    pub at: Option<&'a str>,
}

pub(crate) fn record(tx: &Transaction<'_>, dataset_id: i64, actor: &Actor, step: &Step<'_>) -> rusqlite::Result<i64> {
    let version: i64 =
        tx.query_row("SELECT max(version) FROM dataset_versions WHERE dataset_id = ?1", [dataset_id], |r| r.get(0))?;
    let snapshot = step.snapshot.and_then(|s| serde_json::to_string(s).ok());
    let at = step.at.map_or_else(now_rfc3339, str::to_owned);
    tx.execute(
        "INSERT INTO reviews (dataset_id, version, action, actor, at, content_hash, comment, snapshot)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![dataset_id, version, step.action, actor.name, at, step.hash, step.comment, snapshot],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn set_status(tx: &Transaction<'_>, dataset_id: i64, status: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE datasets SET status = ?1, updated_at = ?2 WHERE id = ?3",
        params![status, now_rfc3339(), dataset_id],
    )?;
    Ok(())
}

/// The common checks of a review step: the dataset exists, the actor holds the
/// role, and the dataset is in one of the states the step starts from.
fn gate(
    ws: &Workspace,
    key: &str,
    actor: &Actor,
    role: Role,
    from: &[&str],
    action: &'static str,
) -> Result<i64, ReviewError> {
    let id = dataset::resolve(ws.conn(), key)?;
    require(ws.conn(), actor, role)?;
    let st = status(ws.conn(), id)?;
    if !from.contains(&st.as_str()) {
        return Err(ReviewError::WrongState { action, status: st });
    }
    Ok(id)
}

/// A clerk submits a draft (or a returned dataset) for review. The metadata must
/// be complete and the personal data handled.
pub fn submit(ws: &mut Workspace, key: &str, actor: &Actor) -> Result<String, ReviewError> {
    let id = gate(ws, key, actor, Role::Clerk, &["draft", "returned"], "submit")?;
    let meta = metadata::get(ws.conn(), &id.to_string()).map_err(metadata_error)?;
    if metadata::text(&meta.values, "open_type") == "closed" {
        return Err(ReviewError::NotOpen);
    }
    if !meta.problems.is_empty() {
        return Err(ReviewError::MetadataIncomplete(meta.problems.len()));
    }
    let version_id: i64 = ws.conn().query_row(
        "SELECT id FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
        [id],
        |r| r.get(0),
    )?;
    // Decisions that protect people are made on every row: a version that only
    // had the quick scan gets the whole-table scan now.
    sensitive::ensure_full_scan(ws, id, actor).map_err(sensitive_error)?;
    if sensitive::readiness(ws.conn(), version_id)? != CheckState::Done {
        return Err(ReviewError::PersonalDataUnhandled);
    }
    // What would leave the office must pass the egress gate before a steward is
    // asked to approve it.
    crate::export::require_clear(ws.conn(), &id.to_string()).map_err(sensitive_error)?;
    transition(ws, id, actor, "submit", "submitted", None)
}

/// Records a step bound to the current content hash, moves the dataset to its
/// new state and audits it, in one transaction. Returns the hash.
fn transition(
    ws: &mut Workspace,
    id: i64,
    actor: &Actor,
    action: &str,
    to: &str,
    comment: Option<&str>,
) -> Result<String, ReviewError> {
    let hash = content_hash(ws.conn(), id)?;
    let snap = snapshot(ws.conn(), id)?;
    ws.with_tx(|tx| -> Result<(), ReviewError> {
        record(tx, id, actor, &Step { action, hash: &hash, comment, snapshot: Some(&snap), at: None })?;
        set_status(tx, id, to)?;
        let detail = serde_json::json!({ "content_hash": hash });
        audit::append(tx, actor, &format!("dataset.{to}"), Some(&id.to_string()), &detail)?;
        Ok(())
    })?;
    Ok(hash)
}

fn last_submitter(conn: &Connection, id: i64) -> Result<Option<String>, ReviewError> {
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

pub fn set_self_approval(ws: &mut Workspace, allowed: bool, actor: &Actor) -> Result<(), ReviewError> {
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
pub fn approve(ws: &mut Workspace, key: &str, actor: &Actor, comment: Option<&str>) -> Result<String, ReviewError> {
    let id = gate(ws, key, actor, Role::Steward, &["submitted"], "approve")?;
    if last_submitter(ws.conn(), id)?.as_deref() == Some(actor.name.as_str()) && !self_approval_allowed(ws.conn())? {
        return Err(ReviewError::SelfApproval(actor.name.clone()));
    }
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    transition(ws, id, actor, "approve", "approved", comment)
}

/// A steward returns a submission with a comment (and optional comments on
/// fields, `field:<id>`, or columns, `column:<position>`).
pub fn return_submission(
    ws: &mut Workspace,
    key: &str,
    actor: &Actor,
    comment: &str,
    targeted: &[(String, String)],
) -> Result<(), ReviewError> {
    let id = gate(ws, key, actor, Role::Steward, &["submitted"], "return")?;
    let comment = comment.trim();
    if comment.is_empty() {
        return Err(ReviewError::CommentRequired);
    }
    let hash = content_hash(ws.conn(), id)?;
    ws.with_tx(|tx| -> Result<(), ReviewError> {
        let step = Step { action: "return", hash: &hash, comment: Some(comment), snapshot: None, at: None };
        let review = record(tx, id, actor, &step)?;
        insert_comments(tx, review, targeted)?;
        set_status(tx, id, "returned")?;
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

/// Called inside every edit's transaction: an edit to a submitted, approved or
/// published dataset withdraws the submission or voids the approval; the new
/// content needs a review of its own before it is published.
pub fn on_edit(tx: &Transaction<'_>, dataset_id: i64, actor: &Actor) -> rusqlite::Result<()> {
    let st: String = tx.query_row("SELECT status FROM datasets WHERE id = ?1", [dataset_id], |r| r.get(0))?;
    if st == "submitted" || st == "approved" || st == "published" {
        let comment = format!("edited while {st}");
        let step = Step { action: "void", hash: "", comment: Some(&comment), snapshot: None, at: None };
        record(tx, dataset_id, actor, &step)?;
        set_status(tx, dataset_id, "draft")?;
        let action = match st.as_str() {
            "approved" => "approval.voided",
            "published" => "publication.outdated",
            _ => "submission.withdrawn",
        };
        audit::append(tx, actor, action, Some(&dataset_id.to_string()), &serde_json::json!({ "was": st }))?;
    }
    Ok(())
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
         WHERE d.status = 'submitted' ORDER BY r.at, r.id",
    )?;
    let rows = stmt.query_map([], |r| {
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

pub fn history(conn: &Connection, key: &str) -> Result<Vec<ReviewEntry>, ReviewError> {
    let id = dataset::resolve(conn, key)?;
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
pub fn approved_hash(conn: &Connection, key: &str) -> Result<Option<String>, ReviewError> {
    let id = dataset::resolve(conn, key)?;
    if status(conn, id)? != "approved" {
        return Ok(None);
    }
    let approved: Option<String> = conn
        .query_row(
            "SELECT content_hash FROM reviews WHERE dataset_id = ?1 AND action = 'approve' ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let now = content_hash(conn, id)?;
    Ok(approved.filter(|a| *a == now))
}
