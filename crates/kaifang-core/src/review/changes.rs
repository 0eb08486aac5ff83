//! What a steward compares: the snapshot each submission and approval keeps
//! (metadata, data dictionary, masking policy), the changes since the last
//! approval, and a dataset's history from the audit log.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{sensitive_error, ReviewError};
use crate::dataset::VersionChanges;
use crate::lifecycle::DatasetId;
use crate::metadata::{self, Values};
use crate::sensitive;

/// What a review step saw, kept with it as JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub values: Values,
    /// Column name → (description, unit, open).
    pub dictionary: BTreeMap<String, (Option<String>, Option<String>, bool)>,
    /// Column name → operator in force.
    pub policy: BTreeMap<String, String>,
}

pub fn snapshot(conn: &Connection, dataset_id: DatasetId) -> Result<Snapshot, ReviewError> {
    let meta = metadata::get(conn, dataset_id)?;
    let dictionary =
        meta.dictionary.iter().map(|d| (d.name.clone(), (d.description.clone(), d.unit.clone(), d.open))).collect();
    let policy = match sensitive::saved(conn, dataset_id).map_err(sensitive_error)? {
        Some(r) => r.columns.iter().map(|c| (c.finding.name.clone(), c.operator.as_str().to_owned())).collect(),
        None => BTreeMap::new(),
    };
    Ok(Snapshot { values: meta.values, dictionary, policy })
}

/// One value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldChange {
    /// Metadata: the field id. Dictionary: the column name and `.description`,
    /// `.unit` or `.open`. Policy: the column name.
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What changed since the last approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewChanges {
    #[ts(type = "number")]
    pub against_version: i64,
    pub approved_at: String,
    pub approved_by: String,
    /// `None` when the data version is the one approved.
    pub data: Option<VersionChanges>,
    pub metadata: Vec<FieldChange>,
    pub dictionary: Vec<FieldChange>,
    pub policy: Vec<FieldChange>,
}

fn changed<V: PartialEq>(
    out: &mut Vec<FieldChange>,
    key: String,
    before: Option<V>,
    after: Option<V>,
    show: impl Fn(&V) -> String,
) {
    if before != after {
        out.push(FieldChange { key, before: before.as_ref().map(&show), after: after.as_ref().map(&show) });
    }
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join("、"),
        other => other.to_string(),
    }
}

/// Compares two snapshots key by key, in a stable order.
pub fn compare(before: &Snapshot, after: &Snapshot) -> (Vec<FieldChange>, Vec<FieldChange>, Vec<FieldChange>) {
    let mut meta = Vec::new();
    let keys: std::collections::BTreeSet<&String> = before.values.keys().chain(after.values.keys()).collect();
    let blank = |v: Option<&serde_json::Value>| v.filter(|v| !v.is_null() && !value_text(v).is_empty()).cloned();
    for k in keys {
        changed(&mut meta, k.clone(), blank(before.values.get(k)), blank(after.values.get(k)), value_text);
    }
    let mut dict = Vec::new();
    let cols: std::collections::BTreeSet<&String> = before.dictionary.keys().chain(after.dictionary.keys()).collect();
    for c in cols {
        let (b, a) = (before.dictionary.get(c), after.dictionary.get(c));
        changed(&mut dict, format!("{c}.description"), b.and_then(|x| x.0.clone()), a.and_then(|x| x.0.clone()), |s| {
            s.clone()
        });
        changed(&mut dict, format!("{c}.unit"), b.and_then(|x| x.1.clone()), a.and_then(|x| x.1.clone()), |s| {
            s.clone()
        });
        changed(&mut dict, format!("{c}.open"), b.map(|x| x.2), a.map(|x| x.2), |o| o.to_string());
    }
    let mut policy = Vec::new();
    let cols: std::collections::BTreeSet<&String> = before.policy.keys().chain(after.policy.keys()).collect();
    for c in cols {
        changed(&mut policy, c.clone(), before.policy.get(c).cloned(), after.policy.get(c).cloned(), |s| s.clone());
    }
    (meta, dict, policy)
}

/// The changes since the dataset was last approved; `None` if it never was.
pub fn changes(conn: &Connection, id: DatasetId) -> Result<Option<ReviewChanges>, ReviewError> {
    let last: Option<(i64, String, String, Option<String>)> = conn
        .query_row(
            "SELECT version, at, actor, snapshot FROM reviews WHERE dataset_id = ?1 AND action = 'approve'
             ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((approved_version, approved_at, approved_by, snap)) = last else {
        return Ok(None);
    };
    let before: Snapshot = snap.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
    let after = snapshot(conn, id)?;
    let (metadata, dictionary, policy) = compare(&before, &after);
    let ids = |v: i64| -> rusqlite::Result<Option<i64>> {
        conn.query_row(
            "SELECT id FROM dataset_versions WHERE dataset_id = ?1 AND version = ?2",
            rusqlite::params![id, v],
            |r| r.get(0),
        )
        .optional()
    };
    let current: i64 =
        conn.query_row("SELECT max(version) FROM dataset_versions WHERE dataset_id = ?1", [id], |r| r.get(0))?;
    let data = match (current != approved_version).then_some(()).and(ids(approved_version)?) {
        Some(old_id) => match ids(current)? {
            Some(new_id) => Some(crate::import::versions_diff(conn, old_id, new_id)?),
            None => None,
        },
        None => None,
    };
    Ok(Some(ReviewChanges {
        against_version: approved_version,
        approved_at,
        approved_by,
        data,
        metadata,
        dictionary,
        policy,
    }))
}

/// One audit entry about a dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub source: String,
    pub action: String,
    #[ts(type = "Record<string, unknown>")]
    pub detail: serde_json::Value,
}

/// The audit entries about one dataset, oldest first.
pub fn audit_history(conn: &Connection, id: DatasetId) -> Result<Vec<HistoryEntry>, ReviewError> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, source, action, detail FROM audit_log WHERE subject = ?1 AND action NOT LIKE 'user.%'
         ORDER BY seq",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| {
        let detail: String = r.get(5)?;
        Ok(HistoryEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            source: r.get(3)?,
            action: r.get(4)?,
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
