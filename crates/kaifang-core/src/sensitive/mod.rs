//! Finding personal data before it leaves the office, and masking it the county's
//! way: validators (validators.rs), column classification (classify.rs), free-text
//! scanning (freetext.rs), masking operators (mask.rs), and here the scan, the
//! per-version policy, the masked preview and the public copy.

mod category;
mod cells;
mod classify;
pub mod coarsen;
mod conventions;
pub mod disclosure;
mod freetext;
mod gate;
mod hints;
mod lp;
mod mask;
mod public;
pub mod risk;
pub mod tables;
pub mod validators;

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use category::Category;
pub use classify::{account_header, decide, header_hint, personal, ColumnFinding, ColumnTally, PublicReason};
pub use coarsen::{Coarsen, DateLevel, PlaceLevel, SUPPRESSED};
pub use conventions::{conventions, set_convention, Convention, Conventions};
pub use freetext::{find as find_in_text, find_names, redact, CellHit};
pub use gate::{cell_hits, Gate, GateColumn, GateHit, GateReport};
pub use mask::{apply, default_ends, default_operator, generalize, mask_value, mask_with, pseudonymize, Operator};
pub use public::{preview, public_plan, secret, MaskPreview, MaskedRow, Masker};

use crate::audit::{self, Actor};
use crate::clock::now_rfc3339;
use crate::dataset::{col, DatasetError};
use crate::error::{params as p, Coded, ErrorCode};
use crate::lifecycle::{self, CheckState, DatasetId, Edit};
use crate::workspace::{Workspace, WorkspaceError};

/// Rows a quick scan looks at (right after an import, and for the first answer in
/// the UI); a full scan reads every row.
pub const SAMPLE_ROWS: u64 = 1_000;
/// Free-text hits kept for display; all are counted.
const MAX_CELL_HITS: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum SensitiveError {
    #[error("column {column} is personal data: keeping it as is needs a written reason")]
    ReasonRequired { column: String },
    #[error("operator {operator} does not apply to column {column}")]
    OperatorNotApplicable { column: String, operator: String },
    #[error("the masking convention for {category} cannot be that")]
    ConventionNotApplicable { category: String, operator: Option<String> },
    /// The egress gate found identifiers in the public copy: nothing was written.
    #[error("the public copy of column {column} still holds {hits} identifiers (rows {rows}); nothing was written")]
    EgressBlocked { column: String, hits: u64, rows: String, columns: usize },
    #[error("could not write the public copy: {0}")]
    Write(#[source] std::io::Error),
    #[error("the office's k must be between {min} and {max}, not {k}")]
    KOutOfRange { k: u64, min: u64, max: u64 },
    #[error("the list's smallest group has {k} records, below the office's k of {office_k}: submitting it needs a written reason")]
    RiskReasonRequired { k: u64, office_k: u64, at_risk: u64 },
    /// The dominance rule lacks the column's `n` largest contributions.
    #[error("the dominance rule needs the columns holding the {n} largest contributions to {column}")]
    ContributionsInvalid { column: String, n: u32 },
    #[error("the dominance rule ({n}, {k}) needs n from 1 to 10 and k above 0 and at most 100")]
    DominanceOutOfRange { n: u32, k: f64 },
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    #[error(transparent)]
    Dataset(#[from] DatasetError),
}

impl From<rusqlite::Error> for SensitiveError {
    fn from(e: rusqlite::Error) -> Self {
        SensitiveError::Dataset(DatasetError::Workspace(WorkspaceError::Sqlite(e)))
    }
}

impl Coded for SensitiveError {
    fn code(&self) -> ErrorCode {
        match self {
            SensitiveError::ReasonRequired { .. } => ErrorCode::PolicyReasonRequired,
            SensitiveError::OperatorNotApplicable { .. } => ErrorCode::PolicyOperatorNotApplicable,
            SensitiveError::ConventionNotApplicable { .. } => ErrorCode::ConventionNotApplicable,
            SensitiveError::EgressBlocked { .. } => ErrorCode::EgressBlocked,
            SensitiveError::Write(e) if crate::error::is_disk_full(e) => ErrorCode::WorkspaceDiskFull,
            SensitiveError::Write(_) => ErrorCode::Io,
            SensitiveError::KOutOfRange { .. } => ErrorCode::RiskKOutOfRange,
            SensitiveError::RiskReasonRequired { .. } => ErrorCode::RiskReasonRequired,
            SensitiveError::ContributionsInvalid { .. } => ErrorCode::TableContributionsInvalid,
            SensitiveError::DominanceOutOfRange { .. } => ErrorCode::TableDominanceOutOfRange,
            SensitiveError::Auth(e) => e.code(),
            SensitiveError::Dataset(e) => e.code(),
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        match self {
            SensitiveError::ReasonRequired { column } => p([("column", column.clone())]),
            SensitiveError::OperatorNotApplicable { column, operator } => {
                p([("column", column.clone()), ("operator", operator.clone())])
            }
            SensitiveError::ConventionNotApplicable { category, operator } => {
                p([("category", category.clone()), ("operator", operator.clone().unwrap_or_default())])
            }
            SensitiveError::EgressBlocked { column, hits, rows, columns } => p([
                ("column", column.clone()),
                ("hits", hits.to_string()),
                ("rows", rows.clone()),
                ("columns", columns.to_string()),
            ]),
            SensitiveError::Write(e) => p([("detail", e.to_string())]),
            SensitiveError::KOutOfRange { k, min, max } => {
                p([("k", k.to_string()), ("min", min.to_string()), ("max", max.to_string())])
            }
            SensitiveError::RiskReasonRequired { k, office_k, at_risk } => {
                p([("k", k.to_string()), ("office_k", office_k.to_string()), ("at_risk", at_risk.to_string())])
            }
            SensitiveError::ContributionsInvalid { column, n } => p([("column", column.clone()), ("n", n.to_string())]),
            SensitiveError::DominanceOutOfRange { n, k } => p([("n", n.to_string()), ("k", k.to_string())]),
            SensitiveError::Auth(e) => e.params(),
            SensitiveError::Dataset(e) => e.params(),
        }
    }
}

/// A column's finding with the operator in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ColumnPolicy {
    #[serde(flatten)]
    pub finding: ColumnFinding,
    pub operator: Operator,
    /// Whether the operator was chosen (else it is the category's default).
    pub chosen: bool,
    pub reason: Option<String>,
    /// Left out of the public copy by the data dictionary (不予开放).
    pub closed: bool,
    /// Characters `mask` keeps at the start and end (the office convention in
    /// force when the column was scanned), for categories whose mask keeps ends.
    pub keep_head: Option<u32>,
    pub keep_tail: Option<u32>,
    /// A coarser level chosen to make groups larger (disclosure control): it
    /// applies to the stored value in place of the operator's output.
    pub coarsen: Option<Coarsen>,
}

impl ColumnPolicy {
    /// Whether the clerk has decided this column (an unknown identifier needs a
    /// decision even when the default is safe).
    pub fn needs_decision(&self) -> bool {
        self.finding.category == Category::Identifier && !self.chosen
    }
}

/// The result of a scan, as `kaifang scan --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScanReport {
    #[ts(type = "number")]
    pub dataset: i64,
    #[ts(type = "number")]
    pub version: i64,
    #[ts(type = "number")]
    pub rows_scanned: u64,
    pub full: bool,
    pub scanned_at: String,
    pub columns: Vec<ColumnPolicy>,
    /// Identifiers inside free text, masked (the first thousand).
    pub cells: Vec<CellHit>,
    #[ts(type = "number")]
    pub cell_hits: u64,
}

struct Version {
    dataset: DatasetId,
    id: i64,
    version: i64,
    table: String,
    names: Vec<String>,
    closed: Vec<bool>,
}

fn version(conn: &Connection, dataset: DatasetId) -> Result<Version, SensitiveError> {
    let (id, version, table): (i64, i64, String) = conn.query_row(
        "SELECT id, version, data_table FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
        [dataset],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    version_by_id(conn, dataset, id, version, table)
}

fn version_by_id(
    conn: &Connection,
    dataset: DatasetId,
    id: i64,
    version: i64,
    table: String,
) -> Result<Version, SensitiveError> {
    let mut stmt = conn.prepare("SELECT name, open FROM columns WHERE version_id = ?1 ORDER BY position")?;
    let cols: Vec<(String, bool)> =
        stmt.query_map([id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? == 0)))?.collect::<Result<_, _>>()?;
    let (names, closed) = cols.into_iter().unzip();
    Ok(Version { dataset, id, version, table, names, closed })
}

/// The data table and column names of a dataset's latest version.
pub(crate) fn latest_table(conn: &Connection, dataset: DatasetId) -> Result<(String, Vec<String>), SensitiveError> {
    let v = version(conn, dataset)?;
    Ok((v.table, v.names))
}

/// What one pass over some of a version's columns found.
struct Partial {
    tallies: Vec<ColumnTally>,
    text_len: Vec<u64>,
    free_hits: Vec<u64>,
    cells: Vec<CellHit>,
    cell_hits: u64,
    scanned: u64,
}

impl Partial {
    /// Takes the columns `other` tallied (the others are empty there).
    fn merge(&mut self, other: Partial) {
        for (i, t) in other.tallies.into_iter().enumerate() {
            if t.total > 0 || other.text_len[i] > 0 {
                self.tallies[i] = t;
                self.text_len[i] = other.text_len[i];
                self.free_hits[i] = other.free_hits[i];
            }
        }
        self.cells.extend(other.cells);
        self.cell_hits += other.cell_hits;
        self.scanned = self.scanned.max(other.scanned);
    }
}

/// Tallies rows one cell at a time: the rows of a stored version read back, or
/// an import's rows as it writes them ([`ImportScan`]).
struct RowTally {
    part: Partial,
    free_header: Vec<bool>,
    account: Vec<bool>,
}

impl RowTally {
    fn new(names: &[String]) -> Self {
        let width = names.len();
        RowTally {
            part: Partial {
                tallies: vec![ColumnTally::default(); width],
                text_len: vec![0u64; width],
                free_hits: vec![0u64; width],
                cells: Vec::new(),
                cell_hits: 0,
                scanned: 0,
            },
            free_header: names.iter().map(|n| freetext::is_free_text_header(n)).collect(),
            account: names.iter().map(|n| classify::account_header(n)).collect(),
        }
    }

    /// Column `i`'s non-empty `value` in the row from source row `src`.
    fn cell(&mut self, i: usize, src: i64, value: &str) {
        let p = &mut self.part;
        p.tallies[i].add(value);
        p.text_len[i] += value.len() as u64;
        if self.free_header[i] || value.len() > 24 {
            let hits = freetext::find_in(value, self.account[i]);
            p.free_hits[i] += hits.len() as u64;
            record_hits(&mut p.cells, &mut p.cell_hits, src, i, value, hits);
        }
    }
}

/// Tallies the columns `cols` of a version over every row (`full`) or the first
/// `SAMPLE_ROWS`, and searches their free text.
fn tally_columns(conn: &Connection, v: &Version, cols: &[usize], full: bool) -> Result<Partial, SensitiveError> {
    let list: Vec<String> = cols.iter().map(|i| col(*i)).collect();
    let sep = if list.is_empty() { "" } else { ", " };
    let limit = if full { String::new() } else { format!("LIMIT {SAMPLE_ROWS}") };
    let mut stmt =
        conn.prepare(&format!("SELECT _src{sep}{} FROM {} ORDER BY _row {limit}", list.join(", "), v.table))?;
    let mut rows = stmt.query([])?;
    let mut tally = RowTally::new(&v.names);
    while let Some(r) = rows.next()? {
        tally.part.scanned += 1;
        let src: i64 = r.get(0)?;
        for (k, &i) in cols.iter().enumerate() {
            let Some(value) = r.get_ref(k + 1)?.as_str_or_null().ok().flatten() else { continue };
            tally.cell(i, src, value);
        }
    }
    Ok(tally.part)
}

/// The whole-table scan of a table being imported, fed the import's rows as
/// they are written (on a thread of the import's own), so that no second pass
/// reads the table back. [`init_version`] turns it into the version's scan.
pub struct ImportScan {
    tally: Option<RowTally>,
    width: usize,
}

impl ImportScan {
    pub fn new() -> Self {
        ImportScan { tally: None, width: 0 }
    }

    /// The tallies of a table of `width` stored columns (the extras column
    /// counted when the table has it).
    fn finish(self, width: usize) -> Option<Partial> {
        let mut part = self.tally?.part;
        for v in [&mut part.text_len, &mut part.free_hits] {
            v.truncate(width);
        }
        part.tallies.truncate(width);
        if part.tallies.len() != width {
            return None;
        }
        Some(part)
    }
}

impl Default for ImportScan {
    fn default() -> Self {
        Self::new()
    }
}

impl crate::import::RowObserver for ImportScan {
    fn columns(&mut self, names: &[String]) {
        // The extras column comes last in the stored table when any row fills it.
        let mut all = names.to_vec();
        all.push(crate::import::EXTRAS_COLUMN.to_owned());
        self.width = names.len();
        self.tally = Some(RowTally::new(&all));
    }

    fn batch(&mut self, batch: &crate::import::Batch) {
        let Some(t) = self.tally.as_mut() else { return };
        let mut extras = batch.extras.iter().peekable();
        for r in 0..batch.rows() {
            t.part.scanned += 1;
            let src = batch.src_rows[r] as i64;
            for i in 0..self.width {
                let value = batch.cell(r * self.width + i);
                if !value.is_empty() {
                    t.cell(i, src, value);
                }
            }
            while let Some((_, json)) = extras.next_if(|(at, _)| *at == r) {
                t.cell(self.width, src, json);
            }
        }
    }

    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any + Send> {
        self
    }
}

/// Scans a version: every row when `full` (categories are decided on the whole
/// table, streamed), else the first `SAMPLE_ROWS` for instant feedback.
fn scan_version(conn: &Connection, v: &Version, full: bool) -> Result<ScanReport, SensitiveError> {
    let width = v.names.len();
    let all: Vec<usize> = (0..width).collect();
    // A whole-table scan of a workspace file runs on both cores: a second
    // read-only connection tallies every other column (the data table of a
    // version never changes, so both see the same rows).
    let second = match conn.path() {
        Some(path) if full && width >= 2 && !path.is_empty() => Some(std::path::PathBuf::from(path)),
        _ => None,
    };
    let part = match second {
        None => tally_columns(conn, v, &all, full)?,
        Some(path) => {
            let (mine, theirs): (Vec<usize>, Vec<usize>) = all.iter().partition(|i| *i % 2 == 0);
            let (a, b) = std::thread::scope(|scope| {
                let other = scope.spawn(|| -> Result<Partial, SensitiveError> {
                    let c = Connection::open_with_flags(
                        &path,
                        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )?;
                    c.busy_timeout(std::time::Duration::from_secs(5))?;
                    tally_columns(&c, v, &theirs, full)
                });
                let a = tally_columns(conn, v, &mine, full);
                // A second connection that cannot open (a read-only medium, a
                // locked file) costs time, not the scan: this one does both halves.
                let b = match other.join() {
                    Ok(Ok(b)) => Ok(b),
                    _ => tally_columns(conn, v, &theirs, full),
                };
                (a, b)
            });
            let mut a = a?;
            a.merge(b?);
            a
        }
    };
    report_of(conn, v, part, full)
}

/// The scan report of a version from its tallies.
fn report_of(conn: &Connection, v: &Version, mut part: Partial, full: bool) -> Result<ScanReport, SensitiveError> {
    part.cells.sort_by_key(|c| (c.row, c.column));
    part.cells.truncate(MAX_CELL_HITS);
    let Partial { tallies, text_len, free_hits, cells, cell_hits, scanned } = part;
    let conventions = Conventions::load(conn)?;
    let columns = decide_all(v, &tallies, &text_len, &free_hits)
        .into_iter()
        .map(|(mut f, free)| {
            f.free_text = free;
            let operator = conventions.operator(f.category, f.personal, free);
            let closed = v.closed.get(f.position as usize).copied().unwrap_or(false);
            let ends = conventions.ends(f.category);
            ColumnPolicy {
                finding: f,
                operator,
                chosen: false,
                reason: None,
                closed,
                keep_head: ends.map(|e| e.0),
                keep_tail: ends.map(|e| e.1),
                coarsen: None,
            }
        })
        .collect();
    Ok(ScanReport {
        dataset: v.dataset.0,
        version: v.version,
        rows_scanned: scanned,
        full,
        scanned_at: now_rfc3339(),
        columns,
        cells,
        cell_hits,
    })
}

fn record_hits(
    cells: &mut Vec<CellHit>,
    count: &mut u64,
    src: i64,
    column: usize,
    value: &str,
    hits: Vec<(std::ops::Range<usize>, Category)>,
) {
    for (range, category) in hits {
        *count += 1;
        if cells.len() < MAX_CELL_HITS {
            cells.push(CellHit {
                row: src as u64,
                column: column as u32,
                category,
                masked: mask_value(category, &value[range]),
            });
        }
    }
}

fn decide_all(v: &Version, tallies: &[ColumnTally], text_len: &[u64], free_hits: &[u64]) -> Vec<(ColumnFinding, bool)> {
    // First pass: categories; second: personal flags in the table's context.
    let cats: Vec<(String, Category)> =
        v.names.iter().zip(tallies).map(|(n, t)| (n.clone(), classify::decide(n, t).0)).collect();
    v.names
        .iter()
        .zip(tallies)
        .enumerate()
        .map(|(i, (name, t))| {
            let f = classify::finding(i as u32, name, t, &cats);
            let avg_len = text_len[i].checked_div(t.total).unwrap_or(0);
            // Identifiers scattered through a column of other values (IDs below
            // row 1,500 of a notes column) make it a column to redact.
            let scattered = [Category::IdCard, Category::BankCard, Category::Passport, Category::Phone]
                .iter()
                .filter(|c| **c != Category::Phone || !classify::decoy_header(name))
                .map(|c| t.matched[*c as usize])
                .sum::<u64>();
            let free = f.category == Category::None
                && (free_hits[i] > 0 || scattered > 0 || (freetext::is_free_text_header(name) && avg_len >= 12));
            (f, free)
        })
        .collect()
}

/// Scans a dataset's latest version (`full`: every row) without saving.
pub fn scan(conn: &Connection, dataset: DatasetId, full: bool) -> Result<ScanReport, SensitiveError> {
    let v = version(conn, dataset)?;
    let mut report = scan_version(conn, &v, full)?;
    apply_policy(conn, v.id, &mut report.columns)?;
    Ok(report)
}

/// Overlays the chosen operators on a scan's defaults.
fn apply_policy(conn: &Connection, version_id: i64, columns: &mut [ColumnPolicy]) -> Result<(), SensitiveError> {
    let mut stmt = conn.prepare("SELECT position, operator, reason FROM masking_policy WHERE version_id = ?1")?;
    let chosen: Vec<(u32, String, Option<String>)> =
        stmt.query_map([version_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
    for (pos, op, reason) in chosen {
        if let (Some(c), Some(op)) = (columns.get_mut(pos as usize), Operator::parse(&op)) {
            c.operator = op;
            c.chosen = true;
            c.reason = reason;
        }
    }
    let mut stmt = conn.prepare("SELECT position, rule FROM coarsening WHERE version_id = ?1")?;
    let rules: Vec<(u32, String)> =
        stmt.query_map([version_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    for (pos, rule) in rules {
        if let Some(c) = columns.get_mut(pos as usize) {
            // A rule this build cannot read hides the column rather than publish it whole.
            c.coarsen = Some(serde_json::from_str(&rule).unwrap_or(Coarsen::Place { level: PlaceLevel::County }));
        }
    }
    Ok(())
}

/// Stores a scan's findings for its version (replacing the last scan's).
pub fn save_scan(tx: &Transaction<'_>, version_id: i64, report: &ScanReport) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM sensitive_findings WHERE version_id = ?1", [version_id])?;
    tx.execute(
        "INSERT INTO sensitive_scans (version_id, scanned_at, rows, full, cell_hits, cells) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(version_id) DO UPDATE SET scanned_at = excluded.scanned_at, rows = excluded.rows,
             full = excluded.full, cell_hits = excluded.cell_hits, cells = excluded.cells",
        params![
            version_id,
            report.scanned_at,
            report.rows_scanned as i64,
            report.full,
            report.cell_hits as i64,
            serde_json::to_string(&report.cells).unwrap_or_else(|_| "[]".into())
        ],
    )?;
    let mut ins = tx.prepare(
        "INSERT INTO sensitive_findings (version_id, position, category, personal, confidence, matched, total, header_hint,
                                         free_text, examples, default_operator, keep_head, keep_tail, public_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for c in &report.columns {
        let f = &c.finding;
        // The default in force at scan time (a chosen operator lives in the policy).
        let default = if c.chosen { None } else { Some(c.operator.as_str()) };
        ins.execute(params![
            version_id,
            f.position,
            f.category.as_str(),
            f.personal,
            f.confidence,
            f.matched as i64,
            f.total as i64,
            f.header_hint,
            f.free_text,
            serde_json::to_string(&f.examples).unwrap_or_else(|_| "[]".into()),
            default,
            c.keep_head,
            c.keep_tail,
            f.public_reason.map(|r| r.as_str()),
        ])?;
    }
    Ok(())
}

/// Scans and saves (what `kaifang scan` and the sensitive tab do).
pub fn scan_and_save(
    ws: &mut Workspace,
    dataset: DatasetId,
    full: bool,
    actor: &Actor,
) -> Result<ScanReport, SensitiveError> {
    let report = scan(ws.conn(), dataset, full)?;
    let v = version(ws.conn(), dataset)?;
    ws.with_tx(|tx| -> Result<(), SensitiveError> {
        save_scan(tx, v.id, &report)?;
        let personal: Vec<&str> =
            report.columns.iter().filter(|c| c.finding.personal).map(|c| c.finding.category.as_str()).collect();
        audit::append(
            tx,
            actor,
            "sensitive.scanned",
            Some(&v.dataset.to_string()),
            &serde_json::json!({ "version": v.version, "full": full, "personal": personal, "cell_hits": report.cell_hits }),
        )?;
        Ok(())
    })?;
    Ok(report)
}

/// Runs the whole-table scan of the latest version unless it already has one
/// (submitting needs it). Returns whether a scan ran.
pub fn ensure_full_scan(ws: &mut Workspace, dataset: DatasetId, actor: &Actor) -> Result<bool, SensitiveError> {
    let v = version(ws.conn(), dataset)?;
    let full: bool = ws.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM sensitive_scans WHERE version_id = ?1 AND full = 1)",
        [v.id],
        |r| r.get(0),
    )?;
    if full {
        return Ok(false);
    }
    scan_and_save(ws, dataset, true, actor)?;
    Ok(true)
}

/// Called by the import for each new version: the whole-table scan the import
/// fed as it wrote the rows (`scanned`), or else a quick scan of the first rows,
/// so the list shows a risk badge at once; and the previous version's choices
/// carried over by name.
pub fn init_version(
    tx: &Transaction<'_>,
    dataset: DatasetId,
    version_id: i64,
    previous: Option<i64>,
    scanned: Option<ImportScan>,
) -> Result<(), SensitiveError> {
    let (version, table): (i64, String) =
        tx.query_row("SELECT version, data_table FROM dataset_versions WHERE id = ?1", [version_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let v = version_by_id(tx, dataset, version_id, version, table)?;
    let report = match scanned.and_then(|s| s.finish(v.names.len())) {
        Some(part) => report_of(tx, &v, part, true)?,
        None => scan_version(tx, &v, false)?,
    };
    save_scan(tx, version_id, &report)?;
    if let Some(prev) = previous {
        tx.execute(
            "INSERT INTO masking_policy (version_id, position, operator, reason, set_by, set_at)
             SELECT ?1, c.position, p.operator, p.reason, p.set_by, p.set_at
             FROM masking_policy p
             JOIN columns pc ON pc.version_id = p.version_id AND pc.position = p.position
             JOIN columns c ON c.version_id = ?1 AND c.name = pc.name
             WHERE p.version_id = ?2",
            params![version_id, prev],
        )?;
        disclosure::carry_over(tx, version_id, prev)?;
        tables::carry_over(tx, dataset, version_id, prev)?;
    }
    Ok(())
}

/// Scans the first rows of a version whose rows changed (a cleaning step):
/// instant feedback, while the whole-table scan runs again before submitting.
pub fn rescan_first_rows(tx: &Transaction<'_>, dataset: DatasetId, version_id: i64) -> Result<(), SensitiveError> {
    let (version, table): (i64, String) =
        tx.query_row("SELECT version, data_table FROM dataset_versions WHERE id = ?1", [version_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let v = version_by_id(tx, dataset, version_id, version, table)?;
    let report = scan_version(tx, &v, false)?;
    save_scan(tx, version_id, &report)?;
    Ok(())
}

/// The saved findings with the policy in force, without rescanning.
pub fn saved(conn: &Connection, dataset: DatasetId) -> Result<Option<ScanReport>, SensitiveError> {
    let v = version(conn, dataset)?;
    let scan: Option<(String, i64, bool, i64, String)> = conn
        .query_row(
            "SELECT scanned_at, rows, full, cell_hits, cells FROM sensitive_scans WHERE version_id = ?1",
            [v.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((scanned_at, rows, full, cell_hits, cells)) = scan else { return Ok(None) };
    let mut stmt = conn.prepare(
        "SELECT position, category, personal, confidence, matched, total, header_hint, free_text, examples,
                default_operator, keep_head, keep_tail, public_reason
         FROM sensitive_findings WHERE version_id = ?1 ORDER BY position",
    )?;
    let mut columns: Vec<ColumnPolicy> = stmt
        .query_map([v.id], |r| {
            let position: u32 = r.get(0)?;
            let category = Category::parse(&r.get::<_, String>(1)?);
            let personal: bool = r.get(2)?;
            let free: bool = r.get(7)?;
            let examples: String = r.get(8)?;
            Ok(ColumnPolicy {
                finding: ColumnFinding {
                    position,
                    name: v.names.get(position as usize).cloned().unwrap_or_default(),
                    category,
                    personal,
                    confidence: r.get(3)?,
                    matched: r.get::<_, i64>(4)? as u64,
                    total: r.get::<_, i64>(5)? as u64,
                    header_hint: r.get(6)?,
                    examples: serde_json::from_str(&examples).unwrap_or_default(),
                    free_text: free,
                    public_reason: r.get::<_, Option<String>>(12)?.as_deref().and_then(PublicReason::parse),
                },
                // Scans before conventions existed stored no default: the built-in one.
                operator: r
                    .get::<_, Option<String>>(9)?
                    .as_deref()
                    .and_then(Operator::parse)
                    .unwrap_or_else(|| default_operator(category, personal, free)),
                chosen: false,
                reason: None,
                closed: v.closed.get(position as usize).copied().unwrap_or(false),
                keep_head: r.get(10)?,
                keep_tail: r.get(11)?,
                coarsen: None,
            })
        })?
        .collect::<Result<_, _>>()?;
    apply_policy(conn, v.id, &mut columns)?;
    Ok(Some(ScanReport {
        dataset: v.dataset.0,
        version: v.version,
        rows_scanned: rows as u64,
        full,
        scanned_at,
        columns,
        cells: serde_json::from_str(&cells).unwrap_or_default(),
        cell_hits: cell_hits as u64,
    }))
}

/// Chooses an operator for a column (by 1-based number or name). Keeping a
/// personal column as is needs a reason, which goes into the audit log.
pub fn set_policy(
    ws: &mut Workspace,
    dataset: DatasetId,
    column: &str,
    operator: Operator,
    reason: Option<&str>,
    actor: &Actor,
) -> Result<ColumnPolicy, SensitiveError> {
    let v = version(ws.conn(), dataset)?;
    let position = column
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .filter(|p| *p < v.names.len())
        .or_else(|| v.names.iter().position(|n| n == column))
        .ok_or_else(|| DatasetError::ColumnNotFound { dataset: dataset.to_string(), column: column.to_owned() })?;
    let name = v.names[position].clone();
    let report = match saved(ws.conn(), dataset)? {
        Some(r) => r,
        None => scan_and_save(ws, dataset, false, actor)?,
    };
    let finding = &report.columns[position].finding;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if operator == Operator::Keep && finding.personal && reason.is_none() {
        return Err(SensitiveError::ReasonRequired { column: name });
    }
    // Redact replaces just the identifiers found in each cell: it fits any column
    // that is not one kind of identifier throughout.
    if operator == Operator::Redact && finding.category != Category::None && !finding.free_text {
        return Err(SensitiveError::OperatorNotApplicable { column: name, operator: operator.as_str().into() });
    }
    if operator == Operator::Generalize
        && !matches!(finding.category, Category::Address | Category::BirthDate | Category::Gps)
    {
        return Err(SensitiveError::OperatorNotApplicable { column: name, operator: operator.as_str().into() });
    }
    ws.with_tx(|tx| -> Result<(), SensitiveError> {
        tx.execute(
            "INSERT INTO masking_policy (version_id, position, operator, reason, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(version_id, position) DO UPDATE SET operator = excluded.operator, reason = excluded.reason,
                 set_by = excluded.set_by, set_at = excluded.set_at",
            params![v.id, position as i64, operator.as_str(), reason, actor.name, now_rfc3339()],
        )?;
        let detail = serde_json::json!({ "column": position, "category": finding.category.as_str(), "operator": operator.as_str(), "reason": reason });
        lifecycle::edited(tx, v.dataset, actor, Edit { action: "policy.changed", detail })?;
        Ok(())
    })?;
    let mut after = saved(ws.conn(), dataset)?.map(|r| r.columns).unwrap_or_default();
    Ok(after.swap_remove(position))
}

/// Whether the personal data of a version is handled: `Pending` until every row
/// has been scanned, `Todo` while a personal column is kept as is without a
/// reason or an unknown identifier awaits the clerk's decision (a column closed
/// by the data dictionary never leaves, so needs none).
pub fn readiness(conn: &Connection, version_id: i64) -> rusqlite::Result<CheckState> {
    Ok(readiness_of(unhandled(conn, version_id)?))
}

/// [`readiness`] from the count [`unhandled`] gave.
pub fn readiness_of(unhandled: Option<i64>) -> CheckState {
    match unhandled {
        None => CheckState::Pending,
        Some(0) => CheckState::Done,
        Some(_) => CheckState::Todo,
    }
}

/// The columns [`readiness`] waits for: `None` until every row has been scanned.
pub fn unhandled(conn: &Connection, version_id: i64) -> rusqlite::Result<Option<i64>> {
    let full: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sensitive_scans WHERE version_id = ?1 AND full = 1)",
        [version_id],
        |r| r.get(0),
    )?;
    if !full {
        return Ok(None);
    }
    let undecided: i64 = conn.query_row(
        "SELECT count(*) FROM sensitive_findings f
         JOIN columns c ON c.version_id = f.version_id AND c.position = f.position
         LEFT JOIN masking_policy p ON p.version_id = f.version_id AND p.position = f.position
         WHERE f.version_id = ?1 AND f.category = 'identifier' AND p.operator IS NULL AND c.open = 1",
        [version_id],
        |r| r.get(0),
    )?;
    // A personal column is unhandled when its operator is keep (chosen without a
    // reason, which set_policy refuses, or a default keep) — defaults never keep
    // personal columns, so only a reasonless chosen keep can remain.
    let unhandled: i64 = conn.query_row(
        "SELECT count(*) FROM sensitive_findings f LEFT JOIN masking_policy p ON p.version_id = f.version_id AND p.position = f.position
         WHERE f.version_id = ?1 AND f.personal = 1 AND p.operator = 'keep' AND (p.reason IS NULL OR p.reason = '')",
        [version_id],
        |r| r.get(0),
    )?;
    Ok(Some(undecided + unhandled))
}
