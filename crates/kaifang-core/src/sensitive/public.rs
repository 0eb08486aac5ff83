//! The public copy: how each column goes public (the plan every export and the
//! side-by-side preview follow), each value through its column's operator,
//! closed and dropped columns left out. The artifacts themselves are written by
//! `crate::export`, through the egress gate.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{apply, saved, scan, Category, ColumnPolicy, Operator, ScanReport, SensitiveError};
use crate::dataset;
use crate::lifecycle::DatasetId;

/// The workspace's pseudonym key, created on first use and never exported.
pub fn secret(conn: &Connection) -> rusqlite::Result<Vec<u8>> {
    if let Some(s) = conn
        .query_row("SELECT value FROM settings WHERE key = 'pseudonym_secret'", [], |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok(hex::decode(s).unwrap_or_default());
    }
    let key = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('pseudonym_secret', ?1)", [&key])?;
    secret(conn)
}

/// One row of the side-by-side preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MaskedRow {
    #[ts(type = "number")]
    pub row: i64,
    #[ts(type = "number")]
    pub source_row: i64,
    pub original: Vec<Option<String>>,
    /// `None` where the column is dropped from the public copy.
    pub public: Vec<Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MaskPreview {
    pub columns: Vec<ColumnPolicy>,
    pub rows: Vec<MaskedRow>,
}

/// How one column goes public.
#[derive(Debug, Clone)]
pub struct ColumnPlan {
    pub operator: Operator,
    pub category: Category,
    /// Characters a mask keeps at each end (the convention the scan recorded).
    pub ends: Option<(u32, u32)>,
    /// An account column: any long number in it is an account number.
    pub account: bool,
    /// A generalisation level (disclosure control), applied to the stored value.
    pub coarsen: Option<super::Coarsen>,
}

/// How each column goes public: `None` drops it.
pub fn public_plan(report: &ScanReport) -> Vec<Option<ColumnPlan>> {
    report
        .columns
        .iter()
        .map(|c| {
            (!c.closed && c.operator != Operator::Drop).then(|| ColumnPlan {
                operator: c.operator,
                category: c.finding.category,
                ends: c.keep_head.zip(c.keep_tail),
                account: super::account_header(&c.finding.name),
                coarsen: c.coarsen,
            })
        })
        .collect()
}

/// Applies column plans to values with the workspace's pseudonym key.
pub struct Masker {
    secret: Vec<u8>,
}

impl Masker {
    pub fn load(conn: &Connection) -> rusqlite::Result<Self> {
        Ok(Masker { secret: secret(conn)? })
    }

    /// The public form of one value.
    pub fn apply(&self, plan: &ColumnPlan, value: &str) -> String {
        if let Some(rule) = plan.coarsen {
            return rule.apply(value);
        }
        match plan.operator {
            Operator::Mask if !value.trim().is_empty() => {
                super::mask::mask_cell(plan.category, value, plan.ends.or_else(|| super::default_ends(plan.category)))
            }
            Operator::Redact => super::freetext::redact_in(value, plan.account),
            op => apply(op, plan.category, value, &self.secret).unwrap_or_default(),
        }
    }
}

/// Original and public values side by side for `limit` rows from `offset`.
pub fn preview(conn: &Connection, dataset: DatasetId, offset: u64, limit: u64) -> Result<MaskPreview, SensitiveError> {
    let report = match saved(conn, dataset)? {
        Some(r) => r,
        None => scan(conn, dataset, false)?,
    };
    let plan = public_plan(&report);
    let masker = Masker::load(conn)?;
    let suppressed = super::disclosure::Suppressed::load(conn, dataset)?;
    let page =
        dataset::rows(conn, dataset, &dataset::RowsQuery { offset, limit: limit.clamp(1, 500), ..Default::default() })?;
    let rows = page
        .rows
        .into_iter()
        .map(|r| {
            let public = r
                .cells
                .iter()
                .zip(&plan)
                .enumerate()
                .map(|(i, (cell, how))| {
                    let how = how.as_ref()?;
                    if suppressed.hides(r.row, i) {
                        return Some(suppressed.marker().to_owned());
                    }
                    Some(cell.as_deref().map_or(String::new(), |v| masker.apply(how, v)))
                })
                .collect();
            MaskedRow { row: r.row, source_row: r.source_row, original: r.cells, public }
        })
        .collect();
    Ok(MaskPreview { columns: report.columns, rows })
}
