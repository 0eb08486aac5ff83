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
use super::{chosen_sheets, default_name, delimiter_label, limits, text_spec, ImportError, ImportOptions, SheetChoice};
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
    let layout = match opts.header_row {
        Some(h) => Some(
            header::with_header_row(&rows, h)
                .ok_or(ImportError::HeaderRowOutOfRange { row: h, available: rows.last().map_or(0, |(n, _)| *n) })?,
        ),
        None => header::detect(&rows),
    };
    let titles: Vec<NoteRow> = layout
        .as_ref()
        .map(|l| rows.iter().filter(|(n, _)| l.title_rows.contains(n)).map(|(n, r)| NoteRow::of(*n, r)).collect())
        .unwrap_or_default();
    let several = matches!(opts.sheet, SheetChoice::All) && sheets.iter().filter(|s| !s.hidden && !s.empty).count() > 1;
    let suggested_name = default_name(&file_name, sheet.as_deref(), several, &titles);
    let width = layout.as_ref().map_or(0, |l| l.columns.len());
    let after = layout.as_ref().and_then(|l| l.header_rows.last().copied()).unwrap_or(0);
    let preview = rows
        .iter()
        .map(|(n, r)| {
            let role = match &layout {
                _ if r.is_blank() => RowRole::Blank,
                Some(l) if l.title_rows.contains(n) => RowRole::Title,
                Some(l) if l.header_rows.contains(n) => RowRole::Header,
                Some(_) if *n < after => RowRole::Title,
                Some(_) if header::is_totals(r) => {
                    if opts.totals_as_data {
                        RowRole::Data
                    } else {
                        RowRole::Total
                    }
                }
                Some(_) if header::is_footer(r, width) => RowRole::Note,
                _ => RowRole::Data,
            };
            PreviewRow { row: *n, cells: r.to_vec(), role }
        })
        .collect::<Vec<_>>();
    let preview = notes_after_gaps(preview, &rows, width);
    Ok(Inspection { file_name, size, format, encoding, delimiter, sheets, sheet, layout, preview, suggested_name })
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
