//! The reading half of an import: turns a file's rows into batches of table rows
//! (after header detection, with notes and totals held back), and profiles every
//! value on the way. Runs on its own thread while the writer inserts.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::header::{self, HeaderLayout};
use super::limits::{LOOKAHEAD_BYTES, LOOKAHEAD_ROWS};
use super::row::RawRow;
use super::sniff::Format;
use super::text::{read_text, TextSpec};
use super::workbook::read_sheet;
use super::ImportError;
use crate::dataset::NoteRow;
use crate::jobs::{CancelToken, Phase, Progress, Reporter};
use crate::profile::infer::ColumnType;
use crate::profile::{combine_start, combine_step, ColumnProfile, ColumnProfiler, Finding, RowProfiler};

/// What to do with rows whose cell count differs from the header's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RaggedStrategy {
    /// Short rows are padded with empty cells; cells beyond the header are kept,
    /// as a JSON list, in an extra column named 多余单元格. Nothing is lost.
    #[default]
    Extras,
    /// Short rows are padded; cells beyond the header are dropped (and counted).
    Pad,
    /// Any row with a different number of cells stops the import.
    Fail,
}

impl RaggedStrategy {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "extras" => Some(RaggedStrategy::Extras),
            "pad" => Some(RaggedStrategy::Pad),
            "fail" => Some(RaggedStrategy::Fail),
            _ => None,
        }
    }
}

/// The name of the column that collects cells beyond the header.
pub const EXTRAS_COLUMN: &str = "多余单元格";

/// Where the rows come from.
#[derive(Debug, Clone)]
pub enum Source {
    Text(TextSpec),
    Sheet { format: Format, name: String },
}

impl NoteRow {
    pub(crate) fn of(row: u64, r: &RawRow) -> Self {
        let text = r.iter().map(str::trim).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
        NoteRow { row, text }
    }
}

/// Rows for the writer: `width` cells per row in one buffer.
pub struct Batch {
    pub text: String,
    pub ends: Vec<usize>,
    pub src_rows: Vec<u64>,
    /// (index within the batch, JSON list of the cells beyond the header).
    pub extras: Vec<(usize, String)>,
}

impl Batch {
    fn new(width: usize) -> Self {
        Batch {
            text: String::with_capacity(BATCH_ROWS * width * 12),
            ends: Vec::with_capacity(BATCH_ROWS * width),
            src_rows: Vec::with_capacity(BATCH_ROWS),
            extras: Vec::new(),
        }
    }

    pub fn rows(&self) -> usize {
        self.src_rows.len()
    }

    pub fn cell(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

const BATCH_ROWS: usize = 4096;

/// Messages from the reader to the writer.
pub enum Msg {
    Layout(HeaderLayout),
    Batch(Batch),
    Done(Box<ReadSummary>),
}

/// Everything the reader learned, sent after the last batch.
pub struct ReadSummary {
    pub rows: u64,
    pub types: Vec<ColumnType>,
    pub profiles: Vec<ColumnProfile>,
    pub findings: Vec<Finding>,
    pub notes: Vec<NoteRow>,
    pub titles: Vec<NoteRow>,
    pub has_extras: bool,
    pub dropped_cells: u64,
    /// Where a later table on the same sheet starts (its rows are not imported).
    pub next_table: Option<u64>,
}

/// Totals rows named in an import's report (the rest are left out unnamed).
const MAX_LEFT_OUT_REPORTED: usize = 1_000;

/// What the reader is told.
pub struct ReadPlan<'a> {
    pub path: &'a Path,
    pub source: Source,
    pub header_row: Option<u64>,
    /// No rows held back as totals or notes.
    pub verbatim: bool,
    /// Totals rows are data (the rest of the footer rule still applies).
    pub totals_as_data: bool,
    /// Notes and signatures under the table are data (totals follow `totals_as_data`).
    pub notes_as_data: bool,
    /// The table starting at this row (1-based): rows above it are not read.
    pub table_start: Option<u64>,
    pub ragged: RaggedStrategy,
    pub total_bytes: u64,
    pub sheet_label: String,
}

/// Reads the whole source, sending the layout, then batches, then the summary.
/// Returns early (Ok) if the writer hung up; the writer then reports its error.
pub fn read_all(
    plan: &ReadPlan<'_>,
    out: &SyncSender<Msg>,
    cancel: &CancelToken,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Result<(), ImportError> {
    let read = Arc::new(AtomicU64::new(0));
    let mut state = Streamer::new(plan, out, cancel);
    let mut reporter = Reporter::new(progress);
    let total = plan.total_bytes;
    let mut sink = |n: u64, row: &RawRow| -> Result<bool, ImportError> {
        let go = state.push(n, row)?;
        let rows = state.rows;
        let done = read.load(Ordering::Relaxed);
        reporter.maybe(|| Progress { phase: Phase::Reading, done, total, rows });
        Ok(go)
    };
    match &plan.source {
        Source::Text(spec) => read_text(plan.path, *spec, read.clone(), &mut sink)?,
        Source::Sheet { format, name } => read_sheet(plan.path, *format, name, &mut sink)?,
    }
    state.finish()
}

/// The row-by-row state: lookahead until the header is known, then streaming.
struct Streamer<'p, 'o> {
    plan: &'p ReadPlan<'p>,
    out: &'o SyncSender<Msg>,
    cancel: &'o CancelToken,
    lookahead: Vec<(u64, RawRow)>,
    layout: Option<HeaderLayout>,
    titles: Vec<NoteRow>,
    width: usize,
    /// The source column of each column (spacer columns left out), and how many
    /// source columns the table spans.
    cols: Vec<usize>,
    span: usize,
    /// The header rows, to recognise the header repeated on every printed page.
    header_cells: Vec<RawRow>,
    after_header: u64,
    /// Rows that may start a later table (header rows after a gap), with their
    /// row numbers.
    candidate: Vec<(u64, RawRow)>,
    /// A later table starts here: nothing from it on belongs to this table.
    next_table: Option<u64>,
    /// Notes written to the right of the table, after an empty column.
    side_notes: Vec<NoteRow>,
    pending: Vec<(u64, RawRow)>,
    /// Totals and subtotals left out of the data wherever they stand.
    left_out: Vec<(u64, RawRow)>,
    batch: Option<Batch>,
    profilers: Vec<ColumnProfiler>,
    extras_profiler: Option<ColumnProfiler>,
    row_profiler: RowProfiler,
    rows: u64,
    dropped_cells: u64,
    hung_up: bool,
}

impl<'p, 'o> Streamer<'p, 'o> {
    fn new(plan: &'p ReadPlan<'p>, out: &'o SyncSender<Msg>, cancel: &'o CancelToken) -> Self {
        Streamer {
            plan,
            out,
            cancel,
            lookahead: Vec::new(),
            layout: None,
            titles: Vec::new(),
            width: 0,
            cols: Vec::new(),
            span: 0,
            header_cells: Vec::new(),
            after_header: 0,
            candidate: Vec::new(),
            next_table: None,
            side_notes: Vec::new(),
            pending: Vec::new(),
            left_out: Vec::new(),
            batch: None,
            profilers: Vec::new(),
            extras_profiler: None,
            row_profiler: RowProfiler::default(),
            rows: 0,
            dropped_cells: 0,
            hung_up: false,
        }
    }

    fn push(&mut self, n: u64, row: &RawRow) -> Result<bool, ImportError> {
        if self.hung_up || self.next_table.is_some() {
            return Ok(false);
        }
        if self.plan.table_start.is_some_and(|start| n < start) {
            return Ok(true);
        }
        if self.layout.is_none() {
            self.lookahead.push((n, row.clone()));
            let held: usize = self.lookahead.iter().map(|(_, r)| r.bytes()).sum();
            if self.lookahead.len() < LOOKAHEAD_ROWS && held < LOOKAHEAD_BYTES {
                return Ok(true);
            }
            self.decide()?;
            return Ok(!self.hung_up && self.next_table.is_none());
        }
        self.stream(n, row)?;
        Ok(!self.hung_up && self.next_table.is_none())
    }

    /// Fixes the layout from the lookahead rows and replays them as data.
    fn decide(&mut self) -> Result<(), ImportError> {
        let rows = std::mem::take(&mut self.lookahead);
        let layout = match self.plan.header_row {
            Some(h) => header::with_header_row(&rows, h)
                .ok_or(ImportError::HeaderRowOutOfRange { row: h, available: rows.last().map_or(0, |(n, _)| *n) })?,
            None => {
                header::detect(&rows).ok_or_else(|| ImportError::NoRows { sheet: self.plan.sheet_label.clone() })?
            }
        };
        self.titles =
            rows.iter().filter(|(n, _)| layout.title_rows.contains(n)).map(|(n, r)| NoteRow::of(*n, r)).collect();
        self.width = layout.columns.len();
        self.cols = layout.source_columns();
        self.span = layout.span();
        self.header_cells =
            rows.iter().filter(|(n, _)| layout.header_rows.contains(n)).map(|(_, r)| r.clone()).collect();
        self.after_header = *layout.header_rows.last().unwrap_or(&0);
        // A later table already in sight ends this one where it starts.
        let later = if self.plan.verbatim { None } else { header::table_starts(&rows).first().copied() };
        self.profilers = (0..self.width).map(|_| ColumnProfiler::default()).collect();
        // Size the duplicate-row set from the file size and the sample's row length.
        let sample_bytes: usize = rows.iter().map(|(_, r)| r.iter().map(|c| c.len() + 1).sum::<usize>()).sum();
        let per_row = (sample_bytes / rows.len().max(1)).max(8) as u64;
        self.row_profiler = RowProfiler::with_capacity((self.plan.total_bytes / per_row).min(20_000_000) as usize);
        self.batch = Some(Batch::new(self.width));
        self.send(Msg::Layout(layout.clone()));
        self.layout = Some(layout);
        for (n, r) in &rows {
            if later.is_some_and(|start| *n >= start) {
                self.next_table = later;
                break;
            }
            if *n > self.after_header {
                self.stream(*n, r)?;
            }
        }
        Ok(())
    }

    fn stream(&mut self, n: u64, row: &RawRow) -> Result<(), ImportError> {
        if self.next_table.is_some() {
            return Ok(());
        }
        let verbatim = self.plan.verbatim;
        // The header again, as a printed form repeats it on every page: no record.
        if !verbatim && header::is_repeated_header(&self.header_cells, row) {
            self.leave_out(n, row);
            return Ok(());
        }
        // Totals and subtotals (城关镇小计 between the townships) are no records,
        // wherever they are, unless the user keeps them as data.
        if !verbatim && !self.plan.totals_as_data && header::is_totals(row) {
            self.leave_out(n, row);
            return Ok(());
        }
        if row.is_blank() {
            self.candidate.clear();
            self.pending.push((n, row.clone()));
            return Ok(());
        }
        if !verbatim && self.later_table(n, row) {
            return Ok(());
        }
        let notes = !verbatim && !self.plan.notes_as_data;
        if notes && header::is_footer(row, self.width) && !header::is_totals(row) {
            self.pending.push((n, row.clone()));
            return Ok(());
        }
        // Text alone in a row after a gap: notes under the table, unless data follows.
        let after_gap = self.pending.iter().any(|(_, r)| r.is_blank());
        if notes && header::is_note_line(row, self.width, after_gap) {
            self.pending.push((n, row.clone()));
            return Ok(());
        }
        // A data row after held-back rows: they were inside the table after all.
        for (pn, pr) in std::mem::take(&mut self.pending) {
            if pr.is_blank() {
                self.row_profiler.blank(pn);
            } else {
                self.data(pn, &pr)?;
            }
        }
        self.data(n, row)
    }

    /// A row left out of the data and named in the report (the first ones: a
    /// file of nothing but totals rows must not fill the memory with them).
    fn leave_out(&mut self, n: u64, row: &RawRow) {
        if self.left_out.len() < MAX_LEFT_OUT_REPORTED {
            self.left_out.push((n, row.clone()));
        }
    }

    /// Follows a possible later table: a full row of labels after a gap (a
    /// blank row, a note or a totals line), its sub-header rows, then data right
    /// under them. Returns whether the row was taken (held back, or the table
    /// ended here).
    fn later_table(&mut self, n: u64, row: &RawRow) -> bool {
        if let Some(&(last, _)) = self.candidate.last() {
            let start = self.candidate[0].0;
            let levels: Vec<&RawRow> = self.candidate.iter().map(|(_, r)| r).collect();
            // Columns of values so far (numbers, dates, codes): a later table's
            // header has words over them.
            let numeric: Vec<usize> = (self.cols.iter().zip(&self.profilers))
                .filter(|(_, p)| p.types.decide() != ColumnType::Text)
                .map(|(&c, _)| c)
                .collect();
            if n == last + 1
                && header::data_like(row)
                && header::starts_later_table(&levels, row)
                && header::unlike_table(&levels, row, self.span, &numeric)
            {
                // A later table: its title lines right above it belong to it.
                let begin = header::table_region_start(&self.pending, start);
                self.pending.retain(|(pn, _)| *pn < begin);
                self.next_table = Some(begin);
                return true;
            }
            if n == last + 1 && !header::data_like(row) && self.candidate.len() < 3 {
                self.candidate.push((n, row.clone()));
                self.pending.push((n, row.clone()));
                return true;
            }
            self.candidate.clear();
            return false;
        }
        let gap = self.pending.iter().any(|(_, r)| r.is_blank() || r.filled() == 1 || header::is_totals(r))
            || self.left_out.last().is_some_and(|(m, _)| *m + 1 == n);
        if self.rows >= 2 && gap && header::may_start_later_table(row) {
            self.candidate.push((n, row.clone()));
            self.pending.push((n, row.clone()));
            return true;
        }
        false
    }

    fn data(&mut self, n: u64, row: &RawRow) -> Result<(), ImportError> {
        let (w, span) = (self.width, self.span);
        let len = row.len();
        let mut filled_width = row.width();
        if filled_width > span && !self.plan.verbatim && header::is_side_note(row, span) {
            let text = (span..filled_width).map(|i| row.cell(i).trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>();
            self.side_notes.push(NoteRow { row: n, text: text.join(" ") });
            filled_width = (0..span).rev().find(|&i| !row.cell(i).trim().is_empty()).map_or(0, |i| i + 1);
        }
        // Values in spacer columns (empty in the rows the layout was decided on).
        let stray: Vec<&str> = if self.cols.len() == span { Vec::new() } else { spacer_values(row, &self.cols, span) };
        if (len != span && (filled_width > span || self.plan.ragged == RaggedStrategy::Fail)) || !stray.is_empty() {
            self.row_profiler.ragged(n);
            match self.plan.ragged {
                RaggedStrategy::Fail if len > span && filled_width <= span && stray.is_empty() => {} // trailing empty cells only
                RaggedStrategy::Fail => return Err(ImportError::Ragged { row: n, found: len, expected: w }),
                RaggedStrategy::Pad => {
                    self.dropped_cells +=
                        (span..filled_width).filter(|&i| !row.cell(i).is_empty()).count() as u64 + stray.len() as u64
                }
                RaggedStrategy::Extras => {}
            }
        }
        let batch = self.batch.as_mut().ok_or(ImportError::NoRows { sheet: String::new() })?;
        let mut row_hash = combine_start();
        for (i, &src) in self.cols.iter().enumerate() {
            let v = row.cell(src);
            batch.text.push_str(v);
            batch.ends.push(batch.text.len());
            row_hash = combine_step(row_hash, self.profilers[i].add(v, n));
        }
        if (filled_width > span || !stray.is_empty()) && self.plan.ragged == RaggedStrategy::Extras {
            let extra: Vec<&str> = stray.iter().copied().chain((span..filled_width).map(|i| row.cell(i))).collect();
            let json = serde_json::to_string(&extra).unwrap_or_default();
            self.extras_profiler.get_or_insert_with(ColumnProfiler::default).add(&json, n);
            batch.extras.push((batch.src_rows.len(), json));
        }
        batch.src_rows.push(n);
        self.row_profiler.row(row_hash, n);
        self.rows += 1;
        if batch.rows() >= BATCH_ROWS {
            if self.cancel.is_cancelled() {
                return Err(ImportError::Cancelled);
            }
            let full = std::mem::replace(batch, Batch::new(w));
            self.send(Msg::Batch(full));
        }
        Ok(())
    }

    fn send(&mut self, m: Msg) {
        if self.out.send(m).is_err() {
            self.hung_up = true;
        }
    }

    fn finish(mut self) -> Result<(), ImportError> {
        if self.hung_up {
            return Ok(());
        }
        if self.layout.is_none() {
            self.decide()?;
        }
        if self.cancel.is_cancelled() {
            return Err(ImportError::Cancelled);
        }
        if let Some(b) = self.batch.take().filter(|b| b.rows() > 0) {
            self.send(Msg::Batch(b));
        }
        if self.rows == 0 {
            return Err(ImportError::NoRows { sheet: self.plan.sheet_label.clone() });
        }
        let mut notes: Vec<NoteRow> = self
            .left_out
            .iter()
            .chain(self.pending.iter().filter(|(_, r)| !r.is_blank()))
            .map(|(n, r)| NoteRow::of(*n, r))
            .chain(self.side_notes)
            .collect();
        notes.sort_by_key(|r| r.row);
        let mut types = Vec::with_capacity(self.width + 1);
        let mut profiles = Vec::with_capacity(self.width + 1);
        let mut findings = Vec::new();
        let has_extras = self.extras_profiler.is_some();
        let all = self.profilers.into_iter().chain(self.extras_profiler);
        for (i, p) in all.enumerate() {
            let ty = p.types.decide();
            let (prof, f) = p.finish(i as u32, ty);
            types.push(ty);
            profiles.push(prof);
            findings.extend(f);
        }
        findings.extend(self.row_profiler.finish());
        let summary = ReadSummary {
            rows: self.rows,
            types,
            profiles,
            findings,
            notes,
            titles: self.titles,
            has_extras,
            dropped_cells: self.dropped_cells,
            next_table: self.next_table,
        };
        let _ = self.out.send(Msg::Done(Box::new(summary)));
        Ok(())
    }
}

/// The values a row has in spacer columns (columns of the span not in `cols`).
fn spacer_values<'r>(row: &'r RawRow, cols: &[usize], span: usize) -> Vec<&'r str> {
    (0..span.min(row.len()))
        .filter(|i| !cols.contains(i))
        .map(|i| row.cell(i))
        .filter(|c| !c.trim().is_empty())
        .collect()
}
