//! A dataset's life cycle: its status and the moves between statuses, the review
//! steps that make those moves, and the one rule every edit follows.
//!
//! ```text
//!  draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published
//!    ▲                 │    │                  │                     │
//!    │               return  └──── edit ───────┴──────── edit ───────┘
//!    │                 ▼                                             │
//!    └──  returned ◀───┘         (an edit sends it back to draft) ◀──┘
//! ```
//!
//! Below import, metadata and sensitive, which call [`edited`] inside their own
//! transactions, and below review, bundles and the outbox, which move the status
//! with [`set_status`]. Nothing else writes `datasets.status`.

use std::fmt;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::clock::now_rfc3339;

/// A dataset, once its id or name has been looked up (at the CLI and IPC edges,
/// with [`crate::dataset::resolve`]). Core functions take this, not a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DatasetId(pub i64);

impl fmt::Display for DatasetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl ToSql for DatasetId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for DatasetId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(DatasetId)
    }
}

/// Where a dataset stands. Stored as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DatasetStatus {
    /// Being prepared by a clerk (new, edited, or an approval voided by an edit).
    Draft,
    /// Waiting for a steward.
    Submitted,
    /// Sent back by a steward with comments.
    Returned,
    /// Approved for exactly the content hash the steward saw.
    Approved,
    /// On a portal.
    Published,
}

impl DatasetStatus {
    pub const ALL: [DatasetStatus; 5] = [
        DatasetStatus::Draft,
        DatasetStatus::Submitted,
        DatasetStatus::Returned,
        DatasetStatus::Approved,
        DatasetStatus::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DatasetStatus::Draft => "draft",
            DatasetStatus::Submitted => "submitted",
            DatasetStatus::Returned => "returned",
            DatasetStatus::Approved => "approved",
            DatasetStatus::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The moves the life cycle allows. Staying put is allowed only where the step
    /// can repeat: publishing a published dataset again (a re-publish after a
    /// portal lost it) and an edit of a draft.
    pub fn can_become(self, to: DatasetStatus) -> bool {
        use DatasetStatus::*;
        matches!(
            (self, to),
            (Draft | Returned, Submitted)
                | (Submitted, Approved | Returned)
                | (Approved | Published, Published)
                | (Submitted | Approved | Published | Returned | Draft, Draft)
        )
    }

    /// The step that leads to this status, as error messages name it.
    pub fn step(self) -> &'static str {
        match self {
            DatasetStatus::Draft => "edit",
            DatasetStatus::Submitted => "submit",
            DatasetStatus::Returned => "return",
            DatasetStatus::Approved => "approve",
            DatasetStatus::Published => "publish",
        }
    }

    /// Whether a review has seen this content: an edit then voids what it saw.
    pub fn is_reviewed(self) -> bool {
        matches!(self, DatasetStatus::Submitted | DatasetStatus::Approved | DatasetStatus::Published)
    }
}

impl fmt::Display for DatasetStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ToSql for DatasetStatus {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for DatasetStatus {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        DatasetStatus::parse(s).ok_or_else(|| FromSqlError::Other(format!("unknown dataset status {s:?}").into()))
    }
}

/// A move the life cycle does not allow (a bug in the caller, or a race with
/// another window: the caller checked one status and found another).
#[derive(Debug, thiserror::Error)]
pub enum LifecycleError {
    #[error("a dataset that is {from} cannot become {to}")]
    NotAllowed { from: DatasetStatus, to: DatasetStatus },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl crate::error::Coded for LifecycleError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            LifecycleError::NotAllowed { .. } => crate::error::ErrorCode::ReviewWrongState,
            LifecycleError::Sqlite(e) => crate::workspace::sqlite_code(e),
        }
    }

    fn params(&self) -> std::collections::BTreeMap<String, String> {
        match self {
            LifecycleError::NotAllowed { from, to } => {
                crate::error::params([("status", from.as_str().to_owned()), ("action", to.as_str().to_owned())])
            }
            LifecycleError::Sqlite(_) => Default::default(),
        }
    }
}

/// The dataset's status now.
pub fn status(conn: &Connection, dataset: DatasetId) -> rusqlite::Result<DatasetStatus> {
    conn.query_row("SELECT status FROM datasets WHERE id = ?1", [dataset], |r| r.get(0))
}

/// Moves the dataset to `to`, if the life cycle allows the move from where it is.
pub fn set_status(tx: &Transaction<'_>, dataset: DatasetId, to: DatasetStatus) -> Result<(), LifecycleError> {
    let from = status(tx, dataset)?;
    if !from.can_become(to) {
        return Err(LifecycleError::NotAllowed { from, to });
    }
    tx.execute("UPDATE datasets SET status = ?1, updated_at = ?2 WHERE id = ?3", params![to, now_rfc3339(), dataset])?;
    Ok(())
}

/// One review step. `snapshot` is what the step saw (JSON of the review's
/// snapshot); `at` is now unless the step happened elsewhere (a decision
/// arriving in a bundle).
pub struct Step<'a> {
    pub action: &'a str,
    pub hash: &'a str,
    pub comment: Option<&'a str>,
    pub snapshot: Option<String>,
    pub at: Option<&'a str>,
}

/// Records a review step against the dataset's latest version; returns its id.
pub fn record(tx: &Transaction<'_>, dataset: DatasetId, actor: &Actor, step: &Step<'_>) -> rusqlite::Result<i64> {
    let version: i64 =
        tx.query_row("SELECT max(version) FROM dataset_versions WHERE dataset_id = ?1", [dataset], |r| r.get(0))?;
    let at = step.at.map_or_else(now_rfc3339, str::to_owned);
    tx.execute(
        "INSERT INTO reviews (dataset_id, version, action, actor, at, content_hash, comment, snapshot)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![dataset, version, step.action, actor.name, at, step.hash, step.comment, step.snapshot],
    )?;
    Ok(tx.last_insert_rowid())
}

/// What an edit changed, for the audit log: its action (`metadata.changed`,
/// `policy.changed`, `dataset.imported`…) and details without personal data.
pub struct Edit<'a> {
    pub action: &'a str,
    pub detail: serde_json::Value,
}

/// The one entry point for an edit to a dataset's content (a new version, its
/// metadata, its dictionary, its masking), called inside the edit's transaction:
/// stamps the change, audits it, and, when a review had seen the content before,
/// withdraws the submission or voids the approval (the new content needs a review
/// of its own before it is published). A returned dataset stays returned, its
/// steward's comments on screen, until it is submitted again.
pub fn edited(tx: &Transaction<'_>, dataset: DatasetId, actor: &Actor, what: Edit<'_>) -> rusqlite::Result<()> {
    tx.execute("UPDATE datasets SET updated_at = ?1 WHERE id = ?2", params![now_rfc3339(), dataset])?;
    let target = dataset.to_string();
    audit::append(tx, actor, what.action, Some(&target), &what.detail)?;
    let was = status(tx, dataset)?;
    if was.is_reviewed() {
        let comment = format!("edited while {was}");
        let step = Step { action: "void", hash: "", comment: Some(&comment), snapshot: None, at: None };
        record(tx, dataset, actor, &step)?;
        tx.execute(
            "UPDATE datasets SET status = ?1, updated_at = ?2 WHERE id = ?3",
            params![DatasetStatus::Draft, now_rfc3339(), dataset],
        )?;
        let action = match was {
            DatasetStatus::Approved => "approval.voided",
            DatasetStatus::Published => "publication.outdated",
            _ => "submission.withdrawn",
        };
        audit::append(tx, actor, action, Some(&target), &serde_json::json!({ "was": was }))?;
    }
    Ok(())
}

/// Whether one item of the submit checklist is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    Done,
    Todo,
    /// Checked by a later step (the personal data before the whole table is scanned).
    Pending,
}

/// The items a dataset must meet before it can be submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistKey {
    MetadataComplete,
    DictionaryDescribed,
    OpenTypeChosen,
    SensitiveFieldsHandled,
}

impl ChecklistKey {
    pub const ALL: [ChecklistKey; 4] = [
        ChecklistKey::MetadataComplete,
        ChecklistKey::DictionaryDescribed,
        ChecklistKey::OpenTypeChosen,
        ChecklistKey::SensitiveFieldsHandled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChecklistKey::MetadataComplete => "metadata_complete",
            ChecklistKey::DictionaryDescribed => "dictionary_described",
            ChecklistKey::OpenTypeChosen => "open_type_chosen",
            ChecklistKey::SensitiveFieldsHandled => "sensitive_fields_handled",
        }
    }
}

impl fmt::Display for ChecklistKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChecklistItem {
    pub item: ChecklistKey,
    pub state: CheckState,
}

#[cfg(test)]
mod tests {
    use super::DatasetStatus::*;
    use super::*;

    #[test]
    fn the_allowed_moves() {
        assert!(Draft.can_become(Submitted) && Returned.can_become(Submitted));
        assert!(Submitted.can_become(Approved) && Submitted.can_become(Returned));
        assert!(Approved.can_become(Published) && Published.can_become(Published));
        for from in DatasetStatus::ALL {
            assert!(from.can_become(Draft), "an edit sends {from} back to draft");
        }
        assert!(!Draft.can_become(Approved), "no approval without a submission");
        assert!(!Returned.can_become(Approved));
        assert!(!Draft.can_become(Published) && !Submitted.can_become(Published), "only approved goes out");
        assert!(!Approved.can_become(Submitted) && !Published.can_become(Returned));
    }

    #[test]
    fn stored_names_round_trip() {
        for st in DatasetStatus::ALL {
            assert_eq!(DatasetStatus::parse(st.as_str()), Some(st));
            assert_eq!(serde_json::to_value(st).unwrap(), st.as_str());
        }
        assert_eq!(DatasetStatus::parse("deleted"), None);
        for k in ChecklistKey::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }
}
