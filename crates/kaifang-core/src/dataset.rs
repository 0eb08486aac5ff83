//! Reading datasets back: the list, one dataset with its columns and findings,
//! and pages of rows sorted and filtered for the grid and `kaifang rows`.

use std::collections::BTreeMap;

use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{params as p, Coded, ErrorCode};
pub use crate::lifecycle::DatasetId;
use crate::lifecycle::DatasetStatus;
use crate::profile::ColumnType;
use crate::profile::{ColumnProfile, Finding, FindingKind};
use crate::workspace::WorkspaceError;

#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("no dataset {0}")]
    NotFound(String),
    #[error("dataset {dataset} has no version {version}")]
    VersionNotFound { dataset: String, version: i64 },
    #[error("dataset {dataset} has no column {column}")]
    ColumnNotFound { dataset: String, column: String },
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

impl From<rusqlite::Error> for DatasetError {
    fn from(e: rusqlite::Error) -> Self {
        DatasetError::Workspace(WorkspaceError::Sqlite(e))
    }
}

impl Coded for DatasetError {
    fn code(&self) -> ErrorCode {
        match self {
            DatasetError::NotFound(_) => ErrorCode::DatasetNotFound,
            DatasetError::VersionNotFound { .. } => ErrorCode::VersionNotFound,
            DatasetError::ColumnNotFound { .. } => ErrorCode::ColumnNotFound,
            DatasetError::Workspace(e) => e.code(),
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        match self {
            DatasetError::NotFound(d) => p([("dataset", d.clone())]),
            DatasetError::VersionNotFound { dataset, version } => {
                p([("dataset", dataset.clone()), ("version", version.to_string())])
            }
            DatasetError::ColumnNotFound { dataset, column } => {
                p([("dataset", dataset.clone()), ("column", column.clone())])
            }
            DatasetError::Workspace(e) => e.params(),
        }
    }
}

/// A row of the dataset list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DatasetSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub status: DatasetStatus,
    #[ts(type = "number")]
    pub version: i64,
    #[ts(type = "number")]
    pub rows: i64,
    #[ts(type = "number")]
    pub columns: i64,
    pub source_name: String,
    pub sheet: Option<String>,
    pub updated_at: String,
    /// Quality findings on the current version.
    #[ts(type = "number")]
    pub findings: i64,
    /// Columns of personal data found in the current version; -1 before any scan.
    #[ts(type = "number")]
    pub personal_columns: i64,
    /// Personal columns kept as they are (with a written reason).
    #[ts(type = "number")]
    pub personal_kept: i64,
    /// The provider (数据提供方) in the metadata.
    pub department: Option<String>,
    /// Metadata completeness 0–100 and personal columns still to handle (`None`
    /// before a whole-table scan): filled in by `metadata::list`.
    pub completeness: Option<u32>,
    #[ts(type = "number | null")]
    pub personal_unhandled: Option<i64>,
    /// Filled in by `metadata::list`: the theme and openness codes, and the day
    /// the next version is due by the update frequency (none: not scheduled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub theme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub open_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub due: Option<String>,
    /// When it was last published (RFC 3339), on any portal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub published_at: Option<String>,
}

const SUMMARY_SQL: &str = "
    SELECT d.id, d.name, d.status, v.version, v.row_count, v.column_count, v.source_name, v.sheet, d.updated_at,
           (SELECT count(*) FROM findings f WHERE f.version_id = v.id),
           CASE WHEN EXISTS (SELECT 1 FROM sensitive_scans s WHERE s.version_id = v.id)
                THEN (SELECT count(*) FROM sensitive_findings sf WHERE sf.version_id = v.id AND sf.personal = 1)
                ELSE -1 END,
           (SELECT count(*) FROM sensitive_findings sf JOIN masking_policy mp
               ON mp.version_id = sf.version_id AND mp.position = sf.position
             WHERE sf.version_id = v.id AND sf.personal = 1 AND mp.operator = 'keep'),
           (SELECT CAST(CASE WHEN json_valid(m.value) THEN json_extract(m.value, '$') ELSE m.value END AS TEXT) FROM metadata m WHERE m.version_id = v.id AND m.field = 'provider'),
           (SELECT max(p.published_at) FROM publications p WHERE p.dataset_id = d.id)
    FROM datasets d
    JOIN dataset_versions v ON v.dataset_id = d.id
     AND v.version = (SELECT max(version) FROM dataset_versions WHERE dataset_id = d.id)";

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DatasetSummary> {
    Ok(DatasetSummary {
        id: r.get(0)?,
        name: r.get(1)?,
        status: r.get(2)?,
        version: r.get(3)?,
        rows: r.get(4)?,
        columns: r.get(5)?,
        source_name: r.get(6)?,
        sheet: r.get(7)?,
        updated_at: r.get(8)?,
        findings: r.get(9)?,
        personal_columns: r.get(10)?,
        personal_kept: r.get(11)?,
        department: r.get::<_, Option<String>>(12)?.filter(|d| !d.trim().is_empty()),
        completeness: None,
        personal_unhandled: None,
        theme: None,
        open_type: None,
        due: None,
        published_at: r.get(13)?,
    })
}

/// Every dataset, most recently changed first.
pub fn list(conn: &Connection) -> Result<Vec<DatasetSummary>, DatasetError> {
    let mut stmt = conn.prepare(&format!("{SUMMARY_SQL} ORDER BY d.updated_at DESC, d.id DESC"))?;
    let rows = stmt.query_map([], summary_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A dataset's id from its id or exact name: what the CLI and IPC edges call
/// once, before calling the core with the id.
pub fn resolve(conn: &Connection, key: &str) -> Result<DatasetId, DatasetError> {
    find(conn, key).map(|(id, _)| DatasetId(id))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ColumnInfo {
    pub position: u32,
    pub name: String,
    pub group: Option<String>,
    #[serde(rename = "type")]
    pub ty: ColumnType,
    pub profile: ColumnProfile,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VersionInfo {
    #[ts(type = "number")]
    pub version: i64,
    pub source_name: String,
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    pub format: String,
    #[ts(type = "number")]
    pub rows: i64,
    pub imported_at: String,
    pub imported_by: String,
    /// The version this one was cleaned from (a cleaning history's copy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(type = "number | null", optional)]
    pub cleaned_from: Option<i64>,
}

/// What the import left out of the table, kept for the clerk to check.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct ImportNotes {
    #[serde(default)]
    pub title_rows: Vec<NoteRow>,
    #[serde(default)]
    #[ts(type = "number[]")]
    pub header_rows: Vec<u64>,
    #[serde(default)]
    pub notes_rows: Vec<NoteRow>,
    #[serde(default)]
    #[ts(type = "number")]
    pub dropped_cells: u64,
}

/// One dataset version in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DatasetDetail {
    pub summary: DatasetSummary,
    /// The version shown (the latest unless asked otherwise).
    #[ts(type = "number")]
    pub version: i64,
    pub versions: Vec<VersionInfo>,
    pub columns: Vec<ColumnInfo>,
    pub findings: Vec<Finding>,
    pub notes: ImportNotes,
    pub changes: Option<VersionChanges>,
}

struct VersionRow {
    id: i64,
    version: i64,
    table: String,
    /// What identifies the table's content (a restored workspace may reuse a
    /// table name for other rows): the source's hash, the import time and the
    /// number of cleaning changes made to it.
    stamp: String,
    rows: i64,
}

fn version_row(
    conn: &Connection,
    id: DatasetId,
    version: Option<i64>,
) -> Result<(DatasetId, VersionRow), DatasetError> {
    let v = conn
        .query_row(
            "SELECT id, version, data_table, source_sha256 || '@' || imported_at || '#' || data_generation, row_count
             FROM dataset_versions
             WHERE dataset_id = ?1 AND (?2 IS NULL OR version = ?2) ORDER BY version DESC LIMIT 1",
            params![id, version],
            |r| {
                Ok(VersionRow {
                    id: r.get(0)?,
                    version: r.get(1)?,
                    table: r.get(2)?,
                    stamp: r.get(3)?,
                    rows: r.get(4)?,
                })
            },
        )
        .optional()?;
    match v {
        Some(v) => Ok((id, v)),
        None => Err(DatasetError::VersionNotFound { dataset: id.to_string(), version: version.unwrap_or(0) }),
    }
}

/// The columns of one version, in order.
pub fn columns(conn: &Connection, version_id: i64) -> Result<Vec<ColumnInfo>, DatasetError> {
    let mut stmt = conn.prepare(
        "SELECT c.position, c.name, c.group_name, c.type, c.profile,
                coalesce(sf.personal = 1 OR sf.free_text = 1 OR sf.category NOT IN ('none', 'uscc', 'org_code'), 0)
         FROM columns c
         LEFT JOIN sensitive_findings sf ON sf.version_id = c.version_id AND sf.position = c.position
         WHERE c.version_id = ?1 ORDER BY c.position",
    )?;
    let rows = stmt.query_map([version_id], |r| {
        let ty: String = r.get(3)?;
        let profile: String = r.get(4)?;
        let ty = ColumnType::parse(&ty);
        let mut profile: ColumnProfile = serde_json::from_str(&profile).unwrap_or_else(|_| empty_profile());
        // The smallest and largest ID number, phone or name are someone's: a
        // range means something only for numbers and dates that identify no one.
        // (The grid shows the rows themselves; the profile need not repeat them.)
        let identifying: bool = r.get(5)?;
        if identifying || matches!(ty, ColumnType::Code | ColumnType::Text) {
            profile.min = None;
            profile.max = None;
        }
        // Nor are the commonest names or phone numbers needed to judge a column.
        if identifying {
            profile.top_values.clear();
        }
        Ok(ColumnInfo { position: r.get(0)?, name: r.get(1)?, group: r.get(2)?, ty, profile })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn empty_profile() -> ColumnProfile {
    ColumnProfile {
        non_empty: 0,
        empty: 0,
        distinct: 0,
        min: None,
        max: None,
        min_length: 0,
        max_length: 0,
        top_values: vec![],
        histogram: vec![],
    }
}

fn finding_kind(s: &str) -> Option<FindingKind> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

/// A dataset (the latest version, or `version`) with its columns and findings.
pub fn show(conn: &Connection, id: DatasetId, version: Option<i64>) -> Result<DatasetDetail, DatasetError> {
    let (id, v) = version_row(conn, id, version)?;
    let summary = conn.query_row(&format!("{SUMMARY_SQL} WHERE d.id = ?1"), [id], summary_row)?;
    let mut stmt = conn.prepare(
        "SELECT v.version, v.source_name, v.sheet, v.encoding, v.format, v.row_count, v.imported_at, v.imported_by,
                b.version
         FROM dataset_versions v LEFT JOIN dataset_versions b ON b.id = v.derived_from
         WHERE v.dataset_id = ?1 ORDER BY v.version DESC",
    )?;
    let versions = stmt
        .query_map([id], |r| {
            Ok(VersionInfo {
                version: r.get(0)?,
                source_name: r.get(1)?,
                sheet: r.get(2)?,
                encoding: r.get(3)?,
                format: r.get(4)?,
                rows: r.get(5)?,
                imported_at: r.get(6)?,
                imported_by: r.get(7)?,
                cleaned_from: r.get(8)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare("SELECT kind, column_position, count, rows FROM findings WHERE version_id = ?1")?;
    let findings = stmt
        .query_map([v.id], |r| {
            let kind: String = r.get(0)?;
            let rows: String = r.get(3)?;
            Ok((kind, r.get::<_, Option<u32>>(1)?, r.get::<_, i64>(2)?, rows))
        })?
        .filter_map(Result::ok)
        .filter_map(|(kind, column, count, rows)| {
            Some(Finding {
                kind: finding_kind(&kind)?,
                column,
                count: count as u64,
                rows: serde_json::from_str(&rows).unwrap_or_default(),
                data_rows: vec![],
            })
        })
        .collect::<Vec<_>>();
    // The grid numbers data rows; the findings name source rows: give both
    // (one pass over the table for all of them).
    let mut findings = findings;
    let wanted: std::collections::BTreeSet<u64> = findings.iter().flat_map(|f| f.rows.iter().copied()).collect();
    if !wanted.is_empty() {
        let list = wanted.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
        let mut stmt =
            conn.prepare(&format!("SELECT _src, min(_row) FROM {} WHERE _src IN ({list}) GROUP BY _src", v.table))?;
        let found: std::collections::HashMap<u64, u64> = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)))?
            .collect::<Result<_, _>>()?;
        for f in &mut findings {
            f.data_rows = f.rows.iter().map(|src| found.get(src).copied()).collect();
        }
    }
    let (report, changes): (String, Option<String>) =
        conn.query_row("SELECT report, changes FROM dataset_versions WHERE id = ?1", [v.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(DatasetDetail {
        summary,
        version: v.version,
        versions,
        columns: columns(conn, v.id)?,
        findings,
        notes: serde_json::from_str(&report).unwrap_or_default(),
        changes: changes.and_then(|c| serde_json::from_str(&c).ok()),
    })
}

/// Which rows to fetch.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct RowsQuery {
    #[ts(type = "number | null")]
    pub version: Option<i64>,
    #[ts(type = "number")]
    pub offset: u64,
    #[ts(type = "number")]
    pub limit: u64,
    /// Column position to sort by.
    pub sort: Option<u32>,
    #[serde(default)]
    pub descending: bool,
    /// Text that a row must contain (in `filter_column`, or in any column).
    pub filter: Option<String>,
    pub filter_column: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RowsPage {
    /// Rows matching the filter (all rows without one).
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub offset: u64,
    pub rows: Vec<DataRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DataRow {
    /// Position in the table (1-based).
    #[ts(type = "number")]
    pub row: i64,
    /// Row number in the source file.
    #[ts(type = "number")]
    pub source_row: i64,
    pub cells: Vec<Option<String>>,
}

/// Tables above this many rows get an index on a column the first time the grid
/// sorts by it, so later pages come back at once instead of re-sorting.
const INDEX_SORT_ABOVE: i64 = 20_000;

/// A page of rows.
pub fn rows(conn: &Connection, id: DatasetId, q: &RowsQuery) -> Result<RowsPage, DatasetError> {
    let (_, v) = version_row(conn, id, q.version)?;
    let cols = columns(conn, v.id)?;
    let width = cols.len();
    let check = |c: u32| {
        if (c as usize) < width {
            Ok(c as usize)
        } else {
            Err(DatasetError::ColumnNotFound { dataset: id.to_string(), column: (c + 1).to_string() })
        }
    };
    let table = &v.table;
    let filter = q.filter.as_deref().filter(|f| !f.is_empty());
    if let Some(c) = q.filter_column.filter(|_| filter.is_some()) {
        check(c)?;
    }
    if let Some(c) = q.sort {
        check(c)?;
    }
    let list: Vec<String> = (0..width).map(col).collect();
    let sep = if list.is_empty() { "" } else { ", " };
    let limit = q.limit.clamp(1, 5_000);
    let read = |sql: &str, args: &[i64]| -> Result<Vec<DataRow>, DatasetError> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| {
                let mut cells = Vec::with_capacity(width);
                for i in 0..width {
                    cells.push(r.get::<_, Option<String>>(i + 2)?);
                }
                Ok(DataRow { row: r.get(0)?, source_row: r.get(1)?, cells })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    };
    if filter.is_none() && q.sort.is_none() {
        // The imported order: a page is a range of row ids (1..=rows, as the
        // import writes them), found by key whatever the offset.
        let max: i64 = conn.query_row(&format!("SELECT coalesce(max(_row), 0) FROM {table}"), [], |r| r.get(0))?;
        let sql = if max == v.rows {
            format!(
                "SELECT _row, _src{sep}{} FROM {table} WHERE _row > ?1 ORDER BY _row LIMIT {limit}",
                list.join(", ")
            )
        } else {
            format!("SELECT _row, _src{sep}{} FROM {table} ORDER BY _row LIMIT {limit} OFFSET ?1", list.join(", "))
        };
        let rows = read(&sql, &[q.offset as i64])?;
        return Ok(RowsPage { total: v.rows.max(0) as u64, offset: q.offset, rows });
    }
    // Filtered or sorted: the matching row ids in order, found once and kept
    // for the pages that follow (scrolling asks for many), then each page by id.
    let view = view_rows(
        conn,
        &v,
        &cols,
        filter,
        q.filter_column.map(|c| c as usize),
        q.sort.map(|c| c as usize),
        q.descending,
    )?;
    let start = (q.offset as usize).min(view.len());
    let page = &view[start..(start + limit as usize).min(view.len())];
    let ids: Vec<String> = page.iter().map(u32::to_string).collect();
    let sql = format!("SELECT _row, _src{sep}{} FROM {table} WHERE _row IN ({})", list.join(", "), ids.join(","));
    let mut rows = if page.is_empty() { Vec::new() } else { read(&sql, &[])? };
    let place: std::collections::HashMap<u32, usize> = page.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    rows.sort_by_key(|r| place.get(&(r.row as u32)).copied().unwrap_or(usize::MAX));
    Ok(RowsPage { total: view.len() as u64, offset: q.offset, rows })
}

/// The row ids of a filtered or sorted view of a version's table, in order.
/// Cached per table content and query (an imported table never changes; a
/// cleaned one bumps its generation with every change), a
/// few at a time: a million ids take 4 MB.
fn view_rows(
    conn: &Connection,
    v: &VersionRow,
    cols: &[ColumnInfo],
    filter: Option<&str>,
    filter_column: Option<usize>,
    sort: Option<usize>,
    descending: bool,
) -> Result<std::sync::Arc<Vec<u32>>, DatasetError> {
    use std::sync::{Arc, Mutex};
    type Views = Vec<(String, Arc<Vec<u32>>)>;
    static VIEWS: Mutex<Views> = Mutex::new(Vec::new());
    const KEPT: usize = 8;
    let key = serde_json::json!([conn.path(), v.table, v.stamp, filter, filter_column, sort, descending]).to_string();
    if let Ok(mut views) = VIEWS.lock() {
        if let Some(i) = views.iter().position(|(k, _)| *k == key) {
            let hit = views.remove(i);
            let ids = hit.1.clone();
            views.push(hit);
            return Ok(ids);
        }
    }
    let table = &v.table;
    let mut where_sql = String::new();
    let mut args: Vec<String> = Vec::new();
    if let Some(f) = filter {
        // One call per row over the columns searched (LIKE would run its pattern
        // once per column): ASCII letters match either case, as LIKE's do.
        register_contains(conn)?;
        let targets: Vec<String> = match filter_column {
            Some(c) => vec![col(c)],
            None => (0..cols.len()).map(col).collect(),
        };
        where_sql = format!("WHERE kf_contains(?1, {})", targets.join(", "));
        args.push(f.to_ascii_lowercase());
    }
    let order = match sort {
        Some(c) => {
            let expr = if cols[c].ty.is_numeric() { format!("CAST({} AS REAL)", col(c)) } else { col(c) };
            if v.rows > INDEX_SORT_ABOVE {
                // Best effort: a read-only workspace still sorts, only slower.
                let _ = conn.execute_batch(&format!("CREATE INDEX IF NOT EXISTS {table}_s{c} ON {table} ({expr})"));
            }
            let dir = if descending { "DESC" } else { "ASC" };
            format!("ORDER BY {expr} IS NULL, {expr} {dir}, _row")
        }
        None => "ORDER BY _row".to_owned(),
    };
    let mut stmt = conn.prepare(&format!("SELECT _row FROM {table} {where_sql} {order}"))?;
    let ids: Vec<u32> = stmt.query_map(params_from_iter(&args), |r| r.get::<_, u32>(0))?.collect::<Result<_, _>>()?;
    let ids = Arc::new(ids);
    if let Ok(mut views) = VIEWS.lock() {
        if views.len() >= KEPT {
            views.remove(0);
        }
        views.push((key, ids.clone()));
    }
    Ok(ids)
}

/// `kf_contains(needle, a, b, …)`: whether any of the values holds `needle`
/// (given in lower case; ASCII letters of the values match either case).
fn register_contains(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "kf_contains",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let needle = ctx.get_raw(0).as_bytes().unwrap_or_default();
            let folded = needle.iter().any(u8::is_ascii_lowercase);
            let finder = memchr::memmem::Finder::new(needle);
            let mut lowered = Vec::new();
            let mut number: String;
            for i in 1..ctx.len() {
                // Values are stored as text; a number another writer stored is
                // searched as it reads.
                let value: &[u8] = match ctx.get_raw(i) {
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => t,
                    rusqlite::types::ValueRef::Integer(n) => {
                        number = n.to_string();
                        number.as_bytes()
                    }
                    rusqlite::types::ValueRef::Real(f) => {
                        number = f.to_string();
                        number.as_bytes()
                    }
                    rusqlite::types::ValueRef::Null => continue,
                };
                let hit = if folded && value.iter().any(u8::is_ascii_uppercase) {
                    lowered.clear();
                    lowered.extend(value.iter().map(u8::to_ascii_lowercase));
                    finder.find(&lowered).is_some()
                } else {
                    finder.find(value).is_some()
                };
                if hit {
                    return Ok(true);
                }
            }
            Ok(false)
        },
    )
}

/// The SQL name of a data column.
pub fn col(i: usize) -> String {
    format!("c{i}")
}

/// A dataset's id and name, looked up by id or exact name.
pub fn find(conn: &Connection, key: &str) -> Result<(i64, String), DatasetError> {
    let by_id = key.parse::<i64>().ok();
    let found = conn
        .query_row(
            "SELECT id, name FROM datasets WHERE id = ?1 OR name = ?2 ORDER BY id = ?1 DESC, id LIMIT 1",
            params![by_id, key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    found.ok_or_else(|| DatasetError::NotFound(key.to_owned()))
}

/// A row the table leaves out but the report keeps (a title, a total, a note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NoteRow {
    #[ts(type = "number")]
    pub row: u64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VersionChanges {
    #[ts(type = "number")]
    pub previous_version: i64,
    #[ts(type = "number")]
    pub rows_before: u64,
    #[ts(type = "number")]
    pub rows_after: u64,
    #[ts(type = "number")]
    pub rows_added: u64,
    #[ts(type = "number")]
    pub rows_removed: u64,
    #[ts(type = "number")]
    pub rows_changed: u64,
    /// The column rows were matched on; without one, a changed row counts as one
    /// removed and one added.
    pub key_column: Option<String>,
    pub columns_added: Vec<String>,
    pub columns_removed: Vec<String>,
}
