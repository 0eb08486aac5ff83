//! The public copy: the side-by-side preview and the CSV every export starts
//! from, each value through its column's operator, closed and dropped columns
//! left out.

use std::io::Write;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{apply, saved, scan, version, Category, ColumnPolicy, Operator, ScanReport, SensitiveError};
use crate::dataset::{self, DatasetError};
use crate::import::col;
use crate::workspace::WorkspaceError;

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

/// How each column goes public: `None` drops it.
fn public_plan(report: &ScanReport) -> Vec<Option<(Operator, Category)>> {
    report
        .columns
        .iter()
        .map(|c| (!c.closed && c.operator != Operator::Drop).then_some((c.operator, c.finding.category)))
        .collect()
}

/// Original and public values side by side for `limit` rows from `offset`.
pub fn preview(conn: &Connection, key: &str, offset: u64, limit: u64) -> Result<MaskPreview, SensitiveError> {
    let report = match saved(conn, key)? {
        Some(r) => r,
        None => scan(conn, key, false)?,
    };
    let plan = public_plan(&report);
    let secret = secret(conn)?;
    let page =
        dataset::rows(conn, key, &dataset::RowsQuery { offset, limit: limit.clamp(1, 500), ..Default::default() })?;
    let rows = page
        .rows
        .into_iter()
        .map(|r| {
            let public = r
                .cells
                .iter()
                .zip(&plan)
                .map(|(cell, how)| {
                    let (op, cat) = (*how)?;
                    Some(cell.as_deref().map_or(String::new(), |v| apply(op, cat, v, &secret).unwrap_or_default()))
                })
                .collect();
            MaskedRow { row: r.row, source_row: r.source_row, original: r.cells, public }
        })
        .collect();
    Ok(MaskPreview { columns: report.columns, rows })
}

/// Writes the public copy as UTF-8 CSV (with a BOM when Excel will open it):
/// closed and dropped columns left out, every other column through its operator.
/// Returns the number of rows written.
pub fn write_public_csv(conn: &Connection, key: &str, out: &mut dyn Write, bom: bool) -> Result<u64, SensitiveError> {
    let report = match saved(conn, key)? {
        Some(r) => r,
        None => scan(conn, key, false)?,
    };
    let plan = public_plan(&report);
    let secret = secret(conn)?;
    let v = version(conn, key)?;
    let io = |e: std::io::Error| {
        SensitiveError::Dataset(DatasetError::Workspace(WorkspaceError::Sqlite(
            rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
        )))
    };
    if bom {
        out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    }
    let mut w = csv::Writer::from_writer(out);
    let header: Vec<&str> = v.names.iter().zip(&plan).filter(|(_, p)| p.is_some()).map(|(n, _)| n.as_str()).collect();
    w.write_record(&header).map_err(|e| io(e.into()))?;
    let list: Vec<String> = (0..v.names.len()).map(col).collect();
    let sep = if list.is_empty() { "" } else { ", " };
    let mut stmt = conn.prepare(&format!("SELECT _row{sep}{} FROM {} ORDER BY _row", list.join(", "), v.table))?;
    let mut rows = stmt.query([])?;
    let mut n = 0u64;
    let mut record: Vec<String> = Vec::with_capacity(plan.len());
    while let Some(r) = rows.next()? {
        record.clear();
        for (i, how) in plan.iter().enumerate() {
            let Some((op, cat)) = how else { continue };
            let value = r.get_ref(i + 1)?.as_str_or_null().ok().flatten().unwrap_or("");
            record.push(apply(*op, *cat, value, &secret).unwrap_or_default());
        }
        w.write_record(&record).map_err(|e| io(e.into()))?;
        n += 1;
    }
    w.flush().map_err(io)?;
    Ok(n)
}
