//! Importing the spreadsheets county offices keep: CSV/TSV/TXT in any Chinese
//! encoding and XLSX/XLSM/XLSB/XLS/ODS workbooks, with title rows, two-row
//! headers, notes and totals under the table, ragged rows and Excel-mangled IDs.
//!
//! An import is one transaction: the reader thread parses, detects the header and
//! profiles every value, the calling thread inserts; on any error or cancel the
//! transaction rolls back and nothing of the import remains. Values are stored as
//! the text the user saw; each column gets an inferred type for display, sorting
//! and export.

mod dense;
mod diff;
mod error;
pub mod habits;
pub mod header;
mod inspect;
pub mod limits;
mod reader;
pub mod row;
pub mod sniff;
mod store;
mod text;
pub mod workbook;

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};

use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

pub use crate::profile::ColumnType;
pub use error::ImportError;
pub use habits::ImportHabit;
pub use header::{ColumnName, HeaderLayout};
pub use inspect::{inspect, Inspection, LayoutDecision, PreviewRow, RowRole, TableSpan};
pub use reader::{Batch, RaggedStrategy, EXTRAS_COLUMN};
pub use sniff::{Format, TextEncoding};
pub use workbook::SheetInfo;

use crate::audit::Actor;
use crate::clock::now_rfc3339;
use crate::dataset::NoteRow;
use crate::dataset::VersionChanges;
use crate::jobs::{CancelToken, Phase, Progress};
use crate::profile::{ColumnProfile, Finding};
use crate::workspace::Workspace;
use reader::{Msg, ReadPlan, ReadSummary, Source};
use text::TextSpec;

/// Which sheets of a workbook to import.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum SheetChoice {
    /// The first visible sheet with data.
    #[default]
    First,
    Named(String),
    /// Every visible sheet with data, one dataset each.
    All,
}

/// What the user chose (or accepted) in the wizard or on the command line.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    pub sheet: SheetChoice,
    /// 1-based row number of the header, overriding detection.
    #[ts(type = "number | null")]
    pub header_row: Option<u64>,
    pub ragged: RaggedStrategy,
    /// Import as a new version of this dataset (id or name).
    pub into: Option<String>,
    /// The new dataset's name; default: the table's title row, else the file name.
    pub name: Option<String>,
    /// Overrides encoding detection for text files.
    pub encoding: Option<TextEncoding>,
    /// Overrides delimiter detection for text files (`,` `;` `\t` `|`).
    pub delimiter: Option<String>,
    /// Totals rows (合计, 小计 …) are data, not notes: for aggregate tables where
    /// a total is a row of its own (a county total among its townships).
    #[serde(default)]
    pub totals_as_data: bool,
    /// Notes and signatures under the table are data, not left out.
    #[serde(default)]
    pub notes_as_data: bool,
    /// The table that starts at this row (1-based), for a sheet that holds more
    /// than one ([`Inspection::tables`]); default: the first.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub table_start: Option<u64>,
    /// Every row under the header is data (no totals or notes held back) and the
    /// same bytes may be imported again: for tables Kaifang wrote itself (bundles).
    #[serde(skip)]
    #[ts(skip)]
    pub verbatim: bool,
}

/// A column as imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportedColumn {
    pub name: String,
    pub group: Option<String>,
    #[serde(rename = "type")]
    pub ty: ColumnType,
}

/// One imported table (one dataset version).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportedTable {
    /// The dataset's id.
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub sheet: Option<String>,
    #[ts(type = "number")]
    pub version: i64,
    #[ts(type = "number")]
    pub rows: u64,
    pub columns: Vec<ImportedColumn>,
    pub findings: Vec<Finding>,
    pub format: Format,
    pub encoding: Option<String>,
    pub title_rows: Vec<NoteRow>,
    #[ts(type = "number[]")]
    pub header_rows: Vec<u64>,
    /// Notes, signatures and totals found under the table and left out of it.
    pub notes_rows: Vec<NoteRow>,
    pub ragged: RaggedStrategy,
    /// Where the sheet's table started, when it was not the first one.
    #[ts(type = "number | null")]
    pub table_start: Option<u64>,
    /// Where a later table on the same sheet starts: not part of this import
    /// (import it by choosing it in the wizard, or `--table-start`).
    #[ts(type = "number | null")]
    pub next_table: Option<u64>,
    /// Columns inside the table with neither a header nor a value, not imported
    /// (1-based, as the spreadsheet counts them).
    #[ts(type = "number[]")]
    pub skipped_columns: Vec<u32>,
    /// Cells beyond the header that `pad` dropped.
    #[ts(type = "number")]
    pub dropped_cells: u64,
    pub changes: Option<VersionChanges>,
    /// For the follow-ups run in the import's transaction (see
    /// [`crate::pipeline`]): the new version's row, the one before it, and what
    /// the audit entry of the import records.
    #[serde(skip)]
    #[ts(skip)]
    pub version_id: i64,
    #[serde(skip)]
    #[ts(skip)]
    pub previous_version_id: Option<i64>,
    #[serde(skip)]
    #[ts(skip)]
    pub audit_detail: serde_json::Value,
}

/// The result of `import_file`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportOutcome {
    pub datasets: Vec<ImportedTable>,
}

/// A text table's encoding and delimiter, detected unless overridden.
fn text_spec(path: &Path, opts: &ImportOptions) -> Result<TextSpec, ImportError> {
    let sample = sniff::head(path, sniff::SNIFF_BYTES)?;
    let encoding = opts.encoding.unwrap_or_else(|| sniff::detect_encoding(&sample));
    let delimiter = match opts.delimiter.as_deref() {
        Some("\\t" | "tab" | "\t") => b'\t',
        Some(d) if d.len() == 1 => d.as_bytes()[0],
        _ => sniff::detect_delimiter(&sniff::decode_sample(&sample, encoding)),
    };
    Ok(TextSpec { encoding, delimiter })
}

fn delimiter_label(d: u8) -> String {
    if d == b'\t' {
        "\\t".to_owned()
    } else {
        (d as char).to_string()
    }
}

/// The sheets an import takes, by the user's choice.
fn chosen_sheets(sheets: &[SheetInfo], choice: &SheetChoice) -> Result<Vec<String>, ImportError> {
    let usable = || sheets.iter().filter(|s| !s.hidden && !s.empty);
    match choice {
        SheetChoice::Named(n) => sheets
            .iter()
            .find(|s| &s.name == n)
            .map(|s| vec![s.name.clone()])
            .ok_or(ImportError::SheetNotFound { sheet: n.clone() }),
        SheetChoice::First => usable().next().map(|s| vec![s.name.clone()]).ok_or(ImportError::NoSheets),
        SheetChoice::All => {
            let all: Vec<String> = usable().map(|s| s.name.clone()).collect();
            if all.is_empty() {
                Err(ImportError::NoSheets)
            } else {
                Ok(all)
            }
        }
    }
}

/// Sees every row an import writes, in order, on a thread of its own while the
/// import goes on: the whole-table personal-data scan runs there, so no second
/// pass reads the table back (see `sensitive::ImportScan`).
pub trait RowObserver: Send {
    /// The table's column names, before the first batch.
    fn columns(&mut self, names: &[String]);
    /// Rows as they were written (`Batch::extras` are the extras column's).
    fn batch(&mut self, batch: &Batch);
    /// For the caller to take its own type back after the import.
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any + Send>;
}

/// Makes one observer per table imported.
pub type Observe<'a> = &'a (dyn Fn() -> Box<dyn RowObserver> + Sync);

/// What each table's observer saw, in the order of [`ImportOutcome::datasets`].
pub type Observed = Vec<Option<Box<dyn RowObserver>>>;

/// Reads the file into the workspace as one transaction (a new dataset per chosen
/// sheet, or a new version of `opts.into`), then runs `then` inside the same
/// transaction: what it writes commits or rolls back with the import. The data
/// only: what a new version means for its metadata, personal data and review is
/// composed on top of this by [`crate::pipeline::import_file`]. `observe`
/// makes an observer for each table, handed back to `then`.
#[allow(clippy::too_many_arguments)]
pub fn import_file_then<E: From<ImportError> + From<rusqlite::Error>>(
    ws: &mut Workspace,
    path: &Path,
    opts: &ImportOptions,
    actor: &Actor,
    progress: &(dyn Fn(&Progress) + Sync),
    cancel: &CancelToken,
    observe: Option<Observe<'_>>,
    then: impl FnOnce(&Transaction<'_>, &ImportOutcome, Observed) -> Result<(), E>,
) -> Result<ImportOutcome, E> {
    // The workbook the import keeps open is freed however it ends.
    let _release = workbook::ReleaseOnDrop;
    let format = sniff::detect_format(path)?;
    let size = std::fs::metadata(path).map_err(|source| ImportError::Read { path: path.to_owned(), source })?.len();
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (sources, labels): (Vec<Source>, Vec<Option<String>>) = if format.is_workbook() {
        let sheets = workbook::list_sheets(path, format)?;
        let names = chosen_sheets(&sheets, &opts.sheet)?;
        let labels = names.iter().cloned().map(Some).collect();
        (names.into_iter().map(|name| Source::Sheet { format, name }).collect(), labels)
    } else {
        (vec![Source::Text(text_spec(path, opts)?)], vec![None])
    };
    let several = sources.len() > 1;
    if several && opts.into.is_some() {
        // Several sheets cannot all be the next version of one dataset.
        return Err(ImportError::SheetsIntoOne.into());
    }
    // Workbooks are read by calamine, which seeks: hash them first. Text files are
    // hashed while read, unless a file of the same size was imported before, in
    // which case the duplicate is found before any work is done.
    let early_sha = if format.is_workbook() || (!opts.verbatim && store::size_seen(ws.conn(), size)?) {
        Some(sha256_file(path)?)
    } else {
        None
    };
    ws.with_tx(|tx| {
        let (mut tables, mut observed) = (Vec::new(), Vec::new());
        for (source, sheet) in sources.into_iter().zip(labels) {
            if let Some(sha) = early_sha.as_ref().filter(|_| !opts.verbatim) {
                if let Some((dataset, dataset_name, version)) =
                    store::find_duplicate(tx, size, sha, sheet.as_deref(), opts.table_start)?
                {
                    return Err(ImportError::Duplicate { dataset, dataset_name, version }.into());
                }
            }
            let ctx =
                TableContext { path, file_name: &file_name, size, sheet, several, early_sha: early_sha.as_deref() };
            let observer = observe.map(|make| make());
            let (table, observer) = import_table(tx, &ctx, source, opts, actor, progress, cancel, observer)?;
            tables.push(table);
            observed.push(observer);
        }
        let outcome = ImportOutcome { datasets: tables };
        then(tx, &outcome, observed)?;
        Ok(outcome)
    })
}

struct TableContext<'a> {
    path: &'a Path,
    file_name: &'a str,
    size: u64,
    sheet: Option<String>,
    several: bool,
    early_sha: Option<&'a str>,
}

fn sha256_file(path: &Path) -> Result<String, ImportError> {
    sha256_file_until(path, &AtomicBool::new(false))
}

/// Hashes the file, giving up (as cancelled) once `stop` is set: the import it
/// serves has failed, and a 4 GB file need not be read to the end for nothing.
fn sha256_file_until(path: &Path, stop: &AtomicBool) -> Result<String, ImportError> {
    let read_error = |source| ImportError::Read { path: path.to_owned(), source };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        if stop.load(Ordering::Relaxed) {
            return Err(ImportError::Cancelled);
        }
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => sha.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(read_error(e)),
        }
    }
    Ok(hex::encode(sha.finalize()))
}

#[allow(clippy::too_many_arguments)]
fn import_table(
    tx: &Transaction<'_>,
    ctx: &TableContext<'_>,
    source: Source,
    opts: &ImportOptions,
    actor: &Actor,
    progress: &(dyn Fn(&Progress) + Sync),
    cancel: &CancelToken,
    observer: Option<Box<dyn RowObserver>>,
) -> Result<(ImportedTable, Option<Box<dyn RowObserver>>), ImportError> {
    let (encoding, format) = match &source {
        Source::Text(spec) => (Some(spec.encoding.label().to_owned()), Format::Csv),
        Source::Sheet { format, .. } => (None, *format),
    };
    // The version row is written first (its id names the data table) and filled in
    // at the end; all of it rolls back together on failure.
    let now = now_rfc3339();
    let (dataset_id, version, previous) = match &opts.into {
        Some(key) => {
            let (id, _) = find_dataset(tx, key)?;
            let prev: Option<(i64, i64)> = tx
                .query_row(
                    "SELECT id, version FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .ok();
            (id, prev.map_or(1, |p| p.1 + 1), prev)
        }
        None => {
            tx.execute(
                "INSERT INTO datasets (name, uid, created_at, updated_at) VALUES ('', ?1, ?2, ?2)",
                params![uuid::Uuid::new_v4().simple().to_string(), &now],
            )?;
            (tx.last_insert_rowid(), 1, None)
        }
    };
    tx.execute(
        "INSERT INTO dataset_versions (dataset_id, version, source_name, source_sha256, source_size, format, encoding,
                                       sheet, row_count, column_count, data_table, report, imported_at, imported_by)
         VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, ?7, 0, 0, 'pending:' || ?1 || ':' || ?2, '{}', ?8, ?9)",
        params![
            dataset_id,
            version,
            ctx.file_name,
            ctx.size as i64,
            serde_json::to_value(format).ok().and_then(|v| v.as_str().map(str::to_owned)),
            encoding,
            ctx.sheet,
            now,
            actor.name
        ],
    )?;
    let version_id = tx.last_insert_rowid();
    let table = format!("data_{version_id}");

    let plan = ReadPlan {
        path: ctx.path,
        source,
        header_row: opts.header_row,
        verbatim: opts.verbatim,
        totals_as_data: opts.totals_as_data,
        notes_as_data: opts.notes_as_data,
        table_start: opts.table_start,
        ragged: opts.ragged,
        total_bytes: ctx.size,
        sheet_label: ctx.sheet.clone().unwrap_or_else(|| ctx.file_name.to_owned()),
    };
    // Hashing reads the file a second time, on its own thread, while the pipeline
    // runs; the page cache serves both reads.
    let stop_hashing = AtomicBool::new(false);
    let (pipeline, sha) = std::thread::scope(|scope| {
        let hasher = ctx.early_sha.is_none().then(|| scope.spawn(|| sha256_file_until(ctx.path, &stop_hashing)));
        let pipeline = run_pipeline(tx, &table, &plan, progress, cancel, observer);
        if pipeline.is_err() {
            stop_hashing.store(true, Ordering::Relaxed);
        }
        let sha = match (ctx.early_sha, hasher) {
            (Some(s), _) => Ok(s.to_owned()),
            (None, Some(h)) => h.join().unwrap_or(Err(ImportError::Cancelled)),
            (None, None) => Ok(String::new()),
        };
        (pipeline, sha)
    });
    let (layout, summary, observer) = pipeline?;
    let sha = sha?;
    progress(&Progress { phase: Phase::Finishing, done: ctx.size, total: ctx.size, rows: summary.rows });
    if ctx.early_sha.is_none() {
        if let Some((dataset, dataset_name, version)) =
            store::find_duplicate(tx, ctx.size, &sha, ctx.sheet.as_deref(), opts.table_start)?
        {
            return Err(ImportError::Duplicate { dataset, dataset_name, version });
        }
    }

    let mut columns: Vec<ImportedColumn> = layout
        .columns
        .iter()
        .zip(&summary.types)
        .map(|(c, ty)| ImportedColumn { name: c.name.clone(), group: c.group.clone(), ty: *ty })
        .collect();
    if summary.has_extras {
        columns.push(ImportedColumn { name: EXTRAS_COLUMN.to_owned(), group: None, ty: ColumnType::Text });
    }
    {
        let mut ins = tx.prepare(
            "INSERT INTO columns (version_id, position, name, group_name, type, profile) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (i, (c, p)) in columns.iter().zip(&summary.profiles).enumerate() {
            let profile = serde_json::to_string(p).unwrap_or_else(|_| "{}".into());
            ins.execute(params![version_id, i as i64, c.name, c.group, c.ty.as_str(), profile])?;
        }
        let mut ins = tx.prepare(
            "INSERT INTO findings (version_id, kind, column_position, count, rows) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for f in &summary.findings {
            let rows = serde_json::to_string(&f.rows).unwrap_or_else(|_| "[]".into());
            ins.execute(params![version_id, f.kind.as_str(), f.column, f.count as i64, rows])?;
        }
    }

    let changes = match previous {
        Some((prev_id, prev_version)) => Some(version_changes(tx, prev_id, prev_version, &table, &columns, &summary)?),
        None => None,
    };
    let name = match (&opts.into, &opts.name) {
        (Some(_), _) => find_dataset(tx, &dataset_id.to_string())?.1,
        (None, Some(n)) if !n.trim().is_empty() && ctx.several => {
            format!("{} - {}", n.trim(), ctx.sheet.as_deref().unwrap_or(""))
        }
        (None, Some(n)) if !n.trim().is_empty() => n.trim().to_owned(),
        (None, _) => default_name(ctx.file_name, ctx.sheet.as_deref(), ctx.several, &summary.titles),
    };
    let imported = ImportedTable {
        id: dataset_id,
        name: name.clone(),
        sheet: ctx.sheet.clone(),
        version,
        rows: summary.rows,
        columns,
        findings: summary.findings.clone(),
        format,
        encoding,
        title_rows: summary.titles.clone(),
        header_rows: layout.header_rows.clone(),
        notes_rows: summary.notes.clone(),
        ragged: opts.ragged,
        table_start: opts.table_start,
        next_table: summary.next_table,
        skipped_columns: layout.skipped_columns.iter().map(|c| c + 1).collect(),
        dropped_cells: summary.dropped_cells,
        changes,
        version_id,
        previous_version_id: previous.map(|p| p.0),
        audit_detail: serde_json::json!({
            "version": version,
            "file": ctx.file_name,
            "sha256": sha,
            "sheet": ctx.sheet,
            "rows": summary.rows,
        }),
    };
    let report = serde_json::json!({
        "title_rows": imported.title_rows,
        "header_rows": imported.header_rows,
        "notes_rows": imported.notes_rows,
        "ragged": imported.ragged,
        "dropped_cells": imported.dropped_cells,
        "table_start": imported.table_start,
        "next_table": imported.next_table,
        "skipped_columns": imported.skipped_columns,
    });
    tx.execute(
        "UPDATE dataset_versions SET source_sha256 = ?1, row_count = ?2, column_count = ?3, data_table = ?4,
                report = ?5, changes = ?6 WHERE id = ?7",
        params![
            sha,
            summary.rows as i64,
            imported.columns.len() as i64,
            table,
            report.to_string(),
            imported.changes.as_ref().and_then(|c| serde_json::to_string(c).ok()),
            version_id
        ],
    )?;
    tx.execute("UPDATE datasets SET name = ?1 WHERE id = ?2", params![name, dataset_id])?;
    Ok((imported, observer))
}

/// The layout, what the reader learned, and the observer that saw the rows.
type Piped = (HeaderLayout, ReadSummary, Option<Box<dyn RowObserver>>);

/// Runs reader and writer side by side (and the observer, if any, behind the
/// writer); returns the layout, what was read and the observer.
fn run_pipeline(
    tx: &Transaction<'_>,
    table: &str,
    plan: &ReadPlan<'_>,
    progress: &(dyn Fn(&Progress) + Sync),
    cancel: &CancelToken,
    observer: Option<Box<dyn RowObserver>>,
) -> Result<Piped, ImportError> {
    // Four batches in flight bound memory at a few megabytes whatever the file.
    let (send, recv) = sync_channel::<Msg>(4);
    let (to_observer, observed) = sync_channel::<Msg>(2);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || reader::read_all(plan, &send, cancel, progress));
        let watcher = observer.map(|mut o| {
            scope.spawn(move || {
                for msg in observed {
                    match msg {
                        Msg::Layout(l) => o.columns(&l.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>()),
                        Msg::Batch(b) => o.batch(&b),
                        Msg::Done(_) => {}
                    }
                }
                o
            })
        });
        let forward = watcher.is_some().then_some(&to_observer);
        let written = write_all(tx, table, &recv, cancel, forward);
        // Unblock a reader still sending if the writer stopped early, and let
        // the observer finish what it was given.
        drop(recv);
        drop(to_observer);
        let read = reader.join().unwrap_or(Err(ImportError::Cancelled));
        let observer = watcher.and_then(|w| w.join().ok());
        match (read, written) {
            (Err(e), _) => Err(e),
            (Ok(()), Err(e)) => Err(e),
            (Ok(()), Ok((layout, summary))) => Ok((layout, summary, observer)),
        }
    })
}

fn write_all(
    tx: &Transaction<'_>,
    table: &str,
    recv: &std::sync::mpsc::Receiver<Msg>,
    cancel: &CancelToken,
    forward: Option<&SyncSender<Msg>>,
) -> Result<(HeaderLayout, ReadSummary), ImportError> {
    let mut layout = None;
    let mut writer = None;
    for msg in recv {
        if cancel.is_cancelled() {
            return Err(ImportError::Cancelled);
        }
        match msg {
            Msg::Layout(l) => {
                writer = Some(store::TableWriter::create(tx, table, l.columns.len())?);
                if let Some(f) = forward {
                    // A stopped observer only loses what it would have seen.
                    let _ = f.send(Msg::Layout(l.clone()));
                }
                layout = Some(l);
            }
            Msg::Batch(b) => match writer.as_mut() {
                Some(w) => {
                    w.write(&b)?;
                    if let Some(f) = forward {
                        let _ = f.send(Msg::Batch(b));
                    }
                }
                None => return Err(ImportError::Cancelled),
            },
            Msg::Done(summary) => {
                return match layout {
                    Some(l) => Ok((l, *summary)),
                    None => Err(ImportError::Cancelled),
                };
            }
        }
    }
    // The reader stopped without a summary: its own error explains why.
    Err(ImportError::Cancelled)
}

fn version_changes(
    tx: &Transaction<'_>,
    prev_id: i64,
    prev_version: i64,
    table: &str,
    columns: &[ImportedColumn],
    summary: &ReadSummary,
) -> Result<VersionChanges, ImportError> {
    let (prev_table, prev_rows) = version_table(tx, prev_id)?;
    let prev_cols = version_columns(tx, prev_id)?;
    let new_cols: Vec<(String, ColumnType, ColumnProfile)> =
        columns.iter().zip(&summary.profiles).map(|(c, p)| (c.name.clone(), c.ty, p.clone())).collect();
    let old = diff::Side { version: prev_version, table: &prev_table, rows: prev_rows as u64, columns: &prev_cols };
    let new = diff::Side { version: prev_version + 1, table, rows: summary.rows, columns: &new_cols };
    Ok(diff::diff(tx, &old, &new)?)
}

fn version_table(conn: &rusqlite::Connection, version_id: i64) -> rusqlite::Result<(String, i64)> {
    conn.query_row("SELECT data_table, row_count FROM dataset_versions WHERE id = ?1", [version_id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
}

fn version_columns(
    conn: &rusqlite::Connection,
    version_id: i64,
) -> rusqlite::Result<Vec<(String, ColumnType, ColumnProfile)>> {
    let mut stmt = conn.prepare("SELECT name, type, profile FROM columns WHERE version_id = ?1 ORDER BY position")?;
    let cols = stmt
        .query_map([version_id], |r| {
            let profile: String = r.get(2)?;
            Ok((r.get(0)?, ColumnType::parse(&r.get::<_, String>(1)?), serde_json::from_str(&profile).ok()))
        })?
        .filter_map(|r| r.ok())
        .filter_map(|(n, t, p)| p.map(|p| (n, t, p)))
        .collect();
    Ok(cols)
}

/// What changed between two stored versions (by version row id), as the import
/// of the newer one reported it.
pub fn versions_diff(conn: &rusqlite::Connection, old_id: i64, new_id: i64) -> rusqlite::Result<VersionChanges> {
    let version = |id: i64| conn.query_row("SELECT version FROM dataset_versions WHERE id = ?1", [id], |r| r.get(0));
    let ((old_table, old_rows), (new_table, new_rows)) = (version_table(conn, old_id)?, version_table(conn, new_id)?);
    let (old_cols, new_cols) = (version_columns(conn, old_id)?, version_columns(conn, new_id)?);
    let old = diff::Side { version: version(old_id)?, table: &old_table, rows: old_rows as u64, columns: &old_cols };
    let new = diff::Side { version: version(new_id)?, table: &new_table, rows: new_rows as u64, columns: &new_cols };
    diff::diff(conn, &old, &new)
}

/// A title row names the table better than the file does ("某某县2024年低保名单").
fn default_name(file_name: &str, sheet: Option<&str>, several: bool, titles: &[NoteRow]) -> String {
    if let Some(t) = titles.first().filter(|t| t.text.chars().count() <= 60 && !t.text.contains(['：', ':'])) {
        return t.text.clone();
    }
    let stem = Path::new(file_name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    match (sheet, several) {
        (Some(sheet), true) => format!("{stem} - {sheet}"),
        _ => stem,
    }
}

/// A dataset's id and name, looked up by id or exact name.
fn find_dataset(conn: &rusqlite::Connection, key: &str) -> Result<(i64, String), ImportError> {
    crate::dataset::find(conn, key).map_err(|e| match e {
        crate::dataset::DatasetError::Workspace(w) => ImportError::Workspace(w),
        _ => ImportError::DatasetNotFound(key.to_owned()),
    })
}
