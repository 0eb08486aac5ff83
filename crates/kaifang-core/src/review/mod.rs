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
use crate::clock::now_rfc3339;
use crate::dataset::DatasetError;
use crate::error::{params as p, Coded, ErrorCode};
use crate::lifecycle::{self, CheckState, DatasetId, DatasetStatus, LifecycleError, Step};
use crate::metadata::{self, Problem};
use crate::sensitive;
use crate::workspace::{Workspace, WorkspaceError};
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
    #[error("the user name is not acceptable")]
    InvalidUserName,
    #[error(transparent)]
    Sensitive(Box<sensitive::SensitiveError>),
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
                p([("action", (*action).to_owned()), ("status", status.as_str().to_owned())])
            }
            // Every problem, so the form can mark each field (as `metadata_invalid` does).
            ReviewError::MetadataIncomplete(problems) => p([
                ("count", problems.len().to_string()),
                ("problems", serde_json::to_string(problems).unwrap_or_default()),
            ]),
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
pub fn content_hash(conn: &Connection, dataset_id: DatasetId) -> Result<String, ReviewError> {
    let (version_id, version, source, rows): (i64, i64, String, i64) = conn.query_row(
        "SELECT id, version, source_sha256, row_count FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
        [dataset_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let meta = metadata::get(conn, dataset_id)?;
    let dictionary: Vec<serde_json::Value> =
        meta.dictionary.iter().map(|d| serde_json::json!([d.name, d.description, d.unit, d.open])).collect();
    let policy: Vec<serde_json::Value> = match sensitive::saved(conn, dataset_id).map_err(sensitive_error)? {
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
    let meta = metadata::get(ws.conn(), id)?;
    if metadata::text(&meta.values, "open_type") == "closed" {
        return Err(ReviewError::NotOpen);
    }
    if !meta.problems.is_empty() {
        return Err(ReviewError::MetadataIncomplete(meta.problems));
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
    crate::export::require_clear(ws.conn(), id).map_err(sensitive_error)?;
    transition(ws, id, actor, "submit", DatasetStatus::Submitted, None)
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
) -> Result<String, ReviewError> {
    let hash = content_hash(ws.conn(), id)?;
    let snap = serde_json::to_string(&snapshot(ws.conn(), id)?).ok();
    ws.with_tx(|tx| -> Result<(), ReviewError> {
        lifecycle::record(tx, id, actor, &Step { action, hash: &hash, comment, snapshot: snap, at: None })?;
        lifecycle::set_status(tx, id, to)?;
        let detail = serde_json::json!({ "content_hash": hash });
        audit::append(tx, actor, &format!("dataset.{to}"), Some(&id.to_string()), &detail)?;
        Ok(())
    })?;
    Ok(hash)
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
pub fn approve(ws: &mut Workspace, id: DatasetId, actor: &Actor, comment: Option<&str>) -> Result<String, ReviewError> {
    gate(ws, id, actor, Role::Steward, DatasetStatus::Approved)?;
    if last_submitter(ws.conn(), id)?.as_deref() == Some(actor.name.as_str()) && !self_approval_allowed(ws.conn())? {
        return Err(ReviewError::SelfApproval(actor.name.clone()));
    }
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    transition(ws, id, actor, "approve", DatasetStatus::Approved, comment)
}

/// A steward returns a submission with a comment (and optional comments on
/// fields, `field:<id>`, or columns, `column:<position>`).
pub fn return_submission(
    ws: &mut Workspace,
    id: DatasetId,
    actor: &Actor,
    comment: &str,
    targeted: &[(String, String)],
) -> Result<(), ReviewError> {
    gate(ws, id, actor, Role::Steward, DatasetStatus::Returned)?;
    let comment = comment.trim();
    if comment.is_empty() {
        return Err(ReviewError::CommentRequired);
    }
    let hash = content_hash(ws.conn(), id)?;
    ws.with_tx(|tx| -> Result<(), ReviewError> {
        let step = Step { action: "return", hash: &hash, comment: Some(comment), snapshot: None, at: None };
        let review = lifecycle::record(tx, id, actor, &step)?;
        insert_comments(tx, review, targeted)?;
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
    if lifecycle::status(conn, id)? != DatasetStatus::Approved {
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
