//! Every decision a submission carries, column by column, as the clerk sees it
//! before submitting and the steward sees it before approving: what each column
//! becomes in the public copy, who chose that and why, the checklist, and what
//! is unusual. One function computes it for both, so the two cannot disagree.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::lifecycle::{ChecklistItem, DatasetId};
use crate::metadata;
use crate::sensitive::{self, Category, Operator, PublicReason};

use super::{sensitive_error, ReviewError};

/// What a column becomes in the public copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Published as it is.
    Unchanged,
    Masked,
    Pseudonymized,
    Generalized,
    /// Identifiers inside the text replaced.
    Redacted,
    /// Left out by the masking policy.
    Dropped,
    /// Left out by the data dictionary (不予开放).
    Withheld,
}

/// One column's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ColumnDecision {
    pub position: u32,
    pub name: String,
    pub category: Category,
    pub personal: bool,
    /// Health, religion, ethnicity, criminal record (see [`Category::special_attribute`]).
    pub special: bool,
    pub free_text: bool,
    pub operator: Operator,
    pub outcome: Outcome,
    /// Who chose the operator; `None` while it is the category's default.
    pub chosen_by: Option<String>,
    pub chosen_at: Option<String>,
    pub reason: Option<String>,
    /// Why a column of a personal kind is public in this table (the scan's evidence).
    pub public_reason: Option<PublicReason>,
    /// Whether the data dictionary describes it.
    pub described: bool,
}

/// Something a reviewer should not miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// Not every row has been scanned for personal data yet.
    NotFullyScanned,
    /// Personal columns published as they are (each with its written reason).
    PersonalKept,
    /// Health, religion, ethnicity or criminal-record columns published as they are.
    SpecialKept,
    /// ... in a dataset marked 无条件开放: a steward must confirm it when approving.
    SpecialOpen,
    /// Published columns the data dictionary does not describe.
    Undescribed,
    /// Unrecognised identifiers nobody has decided on.
    Undecided,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Notice {
    pub kind: NoticeKind,
    /// The columns concerned, by name (empty for the whole table).
    pub columns: Vec<String>,
}

/// What a submission would publish and every decision behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Decisions {
    #[ts(type = "number")]
    pub dataset: i64,
    #[ts(type = "number")]
    pub version: i64,
    #[ts(type = "number")]
    pub rows: i64,
    /// Every column, in order.
    pub columns: Vec<ColumnDecision>,
    /// Columns in the public copy.
    pub published: u32,
    /// ... of which published as they are.
    pub unchanged: u32,
    /// ... of which masked, pseudonymised, generalised or redacted.
    pub changed: u32,
    /// Columns left out (dropped by the policy or withheld by the dictionary).
    pub left_out: u32,
    /// Published columns the data dictionary describes.
    pub described: u32,
    /// The metadata checklist, exactly as the clerk's metadata tab shows it.
    pub checklist: Vec<ChecklistItem>,
    pub completeness: u32,
    /// Metadata problems (required fields missing or invalid).
    pub problems: u32,
    /// Data-quality findings on the version.
    #[ts(type = "number")]
    pub quality_findings: i64,
    /// The openness chosen (unconditional, conditional, closed; empty when not chosen).
    pub open_type: String,
    pub notices: Vec<Notice>,
    /// The cleaning steps of the version, with their counts (empty when it was
    /// not cleaned).
    pub cleaning: Vec<crate::clean::PortableStep>,
}

impl Decisions {
    /// The special-category columns a steward must confirm before approving.
    pub fn special_open(&self) -> Vec<String> {
        self.notices.iter().find(|n| n.kind == NoticeKind::SpecialOpen).map(|n| n.columns.clone()).unwrap_or_default()
    }
}

fn outcome(operator: Operator, closed: bool) -> Outcome {
    if closed {
        return Outcome::Withheld;
    }
    match operator {
        Operator::Keep => Outcome::Unchanged,
        Operator::Mask => Outcome::Masked,
        Operator::Pseudonymize => Outcome::Pseudonymized,
        Operator::Generalize => Outcome::Generalized,
        Operator::Redact => Outcome::Redacted,
        Operator::Drop => Outcome::Dropped,
    }
}

/// Every decision of a dataset's latest version.
pub fn decisions(conn: &Connection, id: DatasetId) -> Result<Decisions, ReviewError> {
    let meta = metadata::get(conn, id)?;
    let version_id: i64 = conn.query_row(
        "SELECT id FROM dataset_versions WHERE dataset_id = ?1 AND version = ?2",
        rusqlite::params![id, meta.version],
        |r| r.get(0),
    )?;
    let report = sensitive::saved(conn, id).map_err(sensitive_error)?;
    let mut chosen =
        conn.prepare("SELECT set_by, set_at FROM masking_policy WHERE version_id = ?1 AND position = ?2")?;
    let mut columns = Vec::with_capacity(meta.dictionary.len());
    for entry in &meta.dictionary {
        let policy = report.as_ref().and_then(|r| r.columns.iter().find(|c| c.finding.position == entry.position));
        let (by, at): (Option<String>, Option<String>) = match policy {
            Some(p) if p.chosen => chosen
                .query_row(rusqlite::params![version_id, entry.position], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .unwrap_or((None, None)),
            _ => (None, None),
        };
        let operator = policy.map_or(Operator::Keep, |p| p.operator);
        let category = policy.map_or(Category::None, |p| p.finding.category);
        columns.push(ColumnDecision {
            position: entry.position,
            name: entry.name.clone(),
            category,
            personal: policy.is_some_and(|p| p.finding.personal),
            special: category.special_attribute() && policy.is_some_and(|p| p.finding.personal),
            free_text: policy.is_some_and(|p| p.finding.free_text),
            operator,
            outcome: outcome(operator, !entry.open),
            chosen_by: by,
            chosen_at: at,
            reason: policy.and_then(|p| p.reason.clone()),
            public_reason: policy.and_then(|p| p.finding.public_reason),
            described: entry.description.as_deref().is_some_and(|d| !d.trim().is_empty()),
        });
    }
    let out = |c: &&ColumnDecision| !matches!(c.outcome, Outcome::Dropped | Outcome::Withheld);
    let names = |f: &dyn Fn(&ColumnDecision) -> bool| -> Vec<String> {
        columns.iter().filter(|c| out(c) && f(c)).map(|c| c.name.clone()).collect()
    };
    let open_type = metadata::text(&meta.values, "open_type");
    let mut notices = Vec::new();
    if !report.as_ref().is_some_and(|r| r.full) {
        notices.push(Notice { kind: NoticeKind::NotFullyScanned, columns: vec![] });
    }
    let mut notice = |kind: NoticeKind, columns: Vec<String>| {
        if !columns.is_empty() {
            notices.push(Notice { kind, columns });
        }
    };
    let special_kept = names(&|c| c.special && c.outcome == Outcome::Unchanged);
    notice(NoticeKind::SpecialKept, special_kept.clone());
    if open_type == "unconditional" {
        notice(NoticeKind::SpecialOpen, special_kept);
    }
    notice(NoticeKind::PersonalKept, names(&|c| c.personal && !c.special && c.outcome == Outcome::Unchanged));
    notice(NoticeKind::Undecided, names(&|c| c.category == Category::Identifier && c.chosen_by.is_none()));
    notice(NoticeKind::Undescribed, names(&|c| !c.described));
    let quality_findings: i64 =
        conn.query_row("SELECT count(*) FROM findings WHERE version_id = ?1", [version_id], |r| r.get(0))?;
    let published = columns.iter().filter(out).count() as u32;
    let unchanged = columns.iter().filter(|c| c.outcome == Outcome::Unchanged).count() as u32;
    Ok(Decisions {
        dataset: id.0,
        version: meta.version,
        rows: meta.auto.rows,
        published,
        unchanged,
        changed: published - unchanged,
        left_out: columns.len() as u32 - published,
        described: columns.iter().filter(|c| out(c) && c.described).count() as u32,
        columns,
        checklist: meta.checklist,
        completeness: meta.completeness,
        problems: meta.problems.len() as u32,
        quality_findings,
        open_type,
        notices,
        cleaning: crate::clean::portable(conn, id).map_err(|e| ReviewError::Cleaning(Box::new(e)))?.unwrap_or_default(),
    })
}
