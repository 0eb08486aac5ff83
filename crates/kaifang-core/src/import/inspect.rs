//! The wizard's first look at a file: what it is, which sheets it has, where the
//! header is, and the first rows with the role each will play. Nothing is imported.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::header::{self, HeaderLayout};
use super::row::RawRow;
use super::sniff::{self, Format, TextEncoding};
use super::text::read_text;
use super::workbook::{self, SheetInfo};
use super::{
    chosen_sheets, default_name, delimiter_label, limits, text_spec, ImportError, ImportOptions, RaggedStrategy,
    SheetChoice,
};
use crate::dataset::NoteRow;

/// What the wizard shows before importing: what was detected, and the first rows
/// with the role each will play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Inspection {
    pub file_name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub format: Format,
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<String>,
    pub sheets: Vec<SheetInfo>,
    /// The sheet the preview shows.
    pub sheet: Option<String>,
    pub layout: Option<HeaderLayout>,
    pub preview: Vec<PreviewRow>,
    /// The name a new dataset gets unless the clerk types one.
    pub suggested_name: String,
    /// The tables on the previewed sheet, when it holds more than one (a summary
    /// above a detail table); each can be imported as a dataset of its own.
    pub tables: Vec<TableSpan>,
    /// What was decided about the layout and why, one entry per decision, in the
    /// order the wizard explains them.
    pub decisions: Vec<LayoutDecision>,
}

/// One table of a sheet that holds several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TableSpan {
    /// Its first row (its title line, else its header): `table_start` imports it.
    #[ts(type = "number")]
    pub start_row: u64,
    /// Its title line, or its header's first labels.
    pub label: String,
    /// Whether the preview shows this one.
    pub chosen: bool,
}

/// One decision about the layout, with the rows or columns it concerns (1-based,
/// as the spreadsheet numbers them) and the option that changes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LayoutDecision {
    /// Rows above the header, left out (change: pick another header row).
    Titles {
        #[ts(type = "number[]")]
        rows: Vec<u64>,
    },
    /// The header rows; `chosen` when the clerk picked the row.
    Header {
        #[ts(type = "number[]")]
        rows: Vec<u64>,
        chosen: bool,
    },
    /// Notes and signatures under the table (change: `notes_as_data`).
    Notes {
        #[ts(type = "number[]")]
        rows: Vec<u64>,
        as_data: bool,
    },
    /// Totals and subtotals (change: `totals_as_data`).
    Totals {
        #[ts(type = "number[]")]
        rows: Vec<u64>,
        as_data: bool,
    },
    /// The header repeated (a printed form's page header), left out.
    RepeatedHeader {
        #[ts(type = "number[]")]
        rows: Vec<u64>,
    },
    /// Rows with cells beyond the header (change: `ragged`).
    Extras {
        #[ts(type = "number[]")]
        rows: Vec<u64>,
        ragged: RaggedStrategy,
    },
    /// Notes written to the right of the table, kept in the import report.
    SideNotes {
        #[ts(type = "number[]")]
        rows: Vec<u64>,
    },
    /// Columns with neither a header nor a value, left out.
    SkippedColumns {
        #[ts(type = "number[]")]
        columns: Vec<u32>,
    },
    /// The sheet holds more tables than the one imported (change: `table_start`).
    OtherTables {
        #[ts(type = "number[]")]
        starts: Vec<u64>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    #[ts(type = "number")]
    pub row: u64,
    pub cells: Vec<String>,
    pub role: RowRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowRole {
    Title,
    Header,
    Data,
    Blank,
    Note,
    /// A totals row left out of the data (kept as data with `totals_as_data`).
    Total,
    /// The header repeated further down (as printed forms repeat it per page).
    Repeat,
    /// A row of another table on the same sheet.
    Other,
}

/// Detects what the file is and previews its first rows, without importing.
pub fn inspect(path: &Path, opts: &ImportOptions) -> Result<Inspection, ImportError> {
    let format = sniff::detect_format(path)?;
    let size = std::fs::metadata(path).map_err(|source| ImportError::Read { path: path.to_owned(), source })?.len();
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut rows: Vec<(u64, RawRow)> = Vec::new();
    let mut held = 0usize;
    let mut collect = |n: u64, r: &RawRow| -> Result<bool, ImportError> {
        held += r.bytes();
        rows.push((n, r.clone()));
        Ok(rows.len() < limits::LOOKAHEAD_ROWS && held < limits::LOOKAHEAD_BYTES)
    };
    let (encoding, delimiter, sheets, sheet) = if format.is_workbook() {
        let sheets = workbook::list_sheets(path, format)?;
        let sheet = match &opts.sheet {
            SheetChoice::All => chosen_sheets(&sheets, &SheetChoice::First)?,
            other => chosen_sheets(&sheets, other)?,
        }
        .remove(0);
        workbook::read_sheet(path, format, &sheet, &mut collect)?;
        (None, None, sheets, Some(sheet))
    } else {
        let spec = text_spec(path, opts)?;
        read_text(path, spec, Default::default(), &mut collect)?;
        (Some(spec.encoding), Some(delimiter_label(spec.delimiter)), Vec::new(), None)
    };
    // The chosen table only: rows of the tables above it are not looked at, and a
    // later table ends it.
    let start = opts.table_start.unwrap_or(0);
    let all_starts = table_starts_from(&rows);
    let mine: Vec<(u64, RawRow)> = rows.iter().filter(|(n, _)| *n >= start).cloned().collect();
    let layout = match opts.header_row {
        Some(h) => Some(
            header::with_header_row(&mine, h)
                .ok_or(ImportError::HeaderRowOutOfRange { row: h, available: rows.last().map_or(0, |(n, _)| *n) })?,
        ),
        None => header::detect(&mine),
    };
    let end = header::table_starts(&mine).first().copied().unwrap_or(u64::MAX);
    let titles: Vec<NoteRow> = layout
        .as_ref()
        .map(|l| rows.iter().filter(|(n, _)| l.title_rows.contains(n)).map(|(n, r)| NoteRow::of(*n, r)).collect())
        .unwrap_or_default();
    let several = matches!(opts.sheet, SheetChoice::All) && sheets.iter().filter(|s| !s.hidden && !s.empty).count() > 1;
    let suggested_name = default_name(&file_name, sheet.as_deref(), several, &titles);
    let width = layout.as_ref().map_or(0, |l| l.columns.len());
    let after = layout.as_ref().and_then(|l| l.header_rows.last().copied()).unwrap_or(0);
    let header_cells: Vec<RawRow> = layout
        .as_ref()
        .map(|l| rows.iter().filter(|(n, _)| l.header_rows.contains(n)).map(|(_, r)| r.clone()).collect())
        .unwrap_or_default();
    let notes_kept = opts.notes_as_data;
    let preview = rows
        .iter()
        .map(|(n, r)| {
            let role = match &layout {
                _ if *n < start || *n >= end => RowRole::Other,
                _ if r.is_blank() => RowRole::Blank,
                Some(l) if l.title_rows.contains(n) => RowRole::Title,
                Some(l) if l.header_rows.contains(n) => RowRole::Header,
                Some(_) if *n < after => RowRole::Title,
                Some(_) if header::is_repeated_header(&header_cells, r) => RowRole::Repeat,
                Some(_) if header::is_totals(r) => {
                    if opts.totals_as_data {
                        RowRole::Data
                    } else {
                        RowRole::Total
                    }
                }
                Some(_) if !notes_kept && header::is_footer(r, width) => RowRole::Note,
                _ => RowRole::Data,
            };
            PreviewRow { row: *n, cells: r.to_vec(), role }
        })
        .collect::<Vec<_>>();
    let preview = if notes_kept { preview } else { notes_after_gaps(preview, &rows, width) };
    let tables = if all_starts.len() > 1 {
        all_starts
            .iter()
            .map(|&s| TableSpan {
                start_row: s,
                label: table_label(&rows, s),
                chosen: s == all_starts.iter().copied().filter(|&t| t <= start.max(all_starts[0])).max().unwrap_or(s),
            })
            .collect()
    } else {
        Vec::new()
    };
    let decisions = layout.as_ref().map(|l| decide(l, &preview, &rows, opts, &all_starts, end)).unwrap_or_default();
    Ok(Inspection {
        file_name,
        size,
        format,
        encoding,
        delimiter,
        sheets,
        sheet,
        layout,
        preview,
        suggested_name,
        tables,
        decisions,
    })
}

/// Where every table of the previewed rows starts: the first table's first row,
/// then each later one's.
fn table_starts_from(rows: &[(u64, RawRow)]) -> Vec<u64> {
    let later = header::table_starts(rows);
    if later.is_empty() {
        return Vec::new();
    }
    let first = rows.iter().find(|(_, r)| !r.is_blank()).map_or(1, |(n, _)| *n);
    std::iter::once(first).chain(later).collect()
}

/// A table's label in the wizard: its title line, else its first header labels.
fn table_label(rows: &[(u64, RawRow)], start: u64) -> String {
    let mut from = rows.iter().filter(|(n, r)| *n >= start && !r.is_blank());
    let Some((_, first)) = from.next() else { return String::new() };
    let cells: Vec<&str> = first.iter().map(str::trim).filter(|c| !c.is_empty()).collect();
    let text = if cells.len() == 1 {
        cells[0].to_owned()
    } else {
        cells.iter().take(4).copied().collect::<Vec<_>>().join("、")
    };
    text.chars().take(40).collect()
}

/// The wizard's explanations, from the preview's roles.
fn decide(
    layout: &HeaderLayout,
    preview: &[PreviewRow],
    rows: &[(u64, RawRow)],
    opts: &ImportOptions,
    all_starts: &[u64],
    end: u64,
) -> Vec<LayoutDecision> {
    let with = |role: RowRole| preview.iter().filter(|p| p.role == role).map(|p| p.row).collect::<Vec<_>>();
    let mut out = Vec::new();
    if !layout.title_rows.is_empty() {
        out.push(LayoutDecision::Titles { rows: layout.title_rows.clone() });
    }
    out.push(LayoutDecision::Header { rows: layout.header_rows.clone(), chosen: opts.header_row.is_some() });
    let span = layout.span();
    let data: Vec<(&PreviewRow, &RawRow)> =
        preview.iter().zip(rows).filter(|(p, _)| p.role == RowRole::Data).map(|(p, (_, r))| (p, r)).collect();
    let side: Vec<u64> =
        data.iter().filter(|(_, r)| !opts.verbatim && header::is_side_note(r, span)).map(|(p, _)| p.row).collect();
    let extras: Vec<u64> =
        data.iter().filter(|(p, r)| r.width() > span && !side.contains(&p.row)).map(|(p, _)| p.row).collect();
    let totals: Vec<u64> = if opts.totals_as_data {
        data.iter().filter(|(_, r)| header::is_totals(r)).map(|(p, _)| p.row).collect()
    } else {
        with(RowRole::Total)
    };
    if !totals.is_empty() {
        out.push(LayoutDecision::Totals { rows: totals, as_data: opts.totals_as_data });
    }
    let notes = with(RowRole::Note);
    if !notes.is_empty() || opts.notes_as_data {
        out.push(LayoutDecision::Notes { rows: notes, as_data: opts.notes_as_data });
    }
    let repeated = with(RowRole::Repeat);
    if !repeated.is_empty() {
        out.push(LayoutDecision::RepeatedHeader { rows: repeated });
    }
    if !extras.is_empty() {
        out.push(LayoutDecision::Extras { rows: extras, ragged: opts.ragged });
    }
    if !side.is_empty() {
        out.push(LayoutDecision::SideNotes { rows: side });
    }
    if !layout.skipped_columns.is_empty() {
        out.push(LayoutDecision::SkippedColumns { columns: layout.skipped_columns.iter().map(|c| c + 1).collect() });
    }
    let others: Vec<u64> =
        all_starts.iter().copied().filter(|&s| s >= end || s < opts.table_start.unwrap_or(0)).collect();
    if !others.is_empty() {
        out.push(LayoutDecision::OtherTables { starts: others });
    }
    out
}

/// Marks as notes the text-only lines under the data with no data after them, as
/// the import leaves them out (see `header::is_note_line`).
fn notes_after_gaps(mut preview: Vec<PreviewRow>, rows: &[(u64, RawRow)], width: usize) -> Vec<PreviewRow> {
    // Whether a blank row under the first data row comes before each row.
    let mut gap_before = Vec::with_capacity(preview.len());
    let (mut seen_data, mut gap) = (false, false);
    for p in &preview {
        gap_before.push(gap);
        seen_data |= p.role == RowRole::Data;
        gap |= seen_data && p.role == RowRole::Blank;
    }
    let mut data_after = false;
    for i in (0..preview.len()).rev() {
        let gap_before = gap_before[i];
        if preview[i].role == RowRole::Data {
            if !data_after && header::is_note_line(&rows[i].1, width, gap_before) {
                preview[i].role = RowRole::Note;
            } else {
                data_after = true;
            }
        }
    }
    preview
}
