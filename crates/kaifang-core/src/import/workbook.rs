//! Reading XLSX/XLSM/XLSB/XLS/ODS workbooks through calamine.
//!
//! XLSX and XLSB are streamed cell by cell (calamine's `worksheet_range` sizes its
//! grid from the cells' bounding box, so two cells at A1 and XFD1048576 would ask
//! for hundreds of gigabytes). XLS and ODS can only be read whole, so their files
//! are size-capped first. Zipped formats are checked for bombs before calamine
//! opens them.

use std::borrow::Cow;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{
    open_workbook, Data, DataRef, Dimensions, ExcelDateTimeType, Ods, Reader, SheetVisible, Sheets, Xls, Xlsb,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::dense;
use super::limits::{
    workbook_text_allowance, MAX_BLANK_GAP, MAX_CELL_BYTES, MAX_COLUMNS, MAX_IN_MEMORY_WORKBOOK, MAX_ROW_BYTES,
    MAX_SHARED_STRINGS, MAX_SHARED_STRING_COUNT, MAX_ZIP_EXPANDED, MAX_ZIP_RATIO,
};
use super::row::RawRow;
use super::sniff::Format;
use super::ImportError;

/// A sheet as the wizard lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SheetInfo {
    pub name: String,
    /// Rows and columns of the sheet's used area (as declared by the file for
    /// streamed formats, so possibly larger than the data).
    pub rows: u32,
    pub columns: u32,
    pub hidden: bool,
    pub empty: bool,
}

/// An open workbook: XLSX read by [`xlsx`], the other formats by calamine.
enum Book {
    Xlsx(Box<kaifang_xlsx::Package>),
    Calamine(Box<Sheets<BufReader<File>>>),
}

fn corrupt(path: &Path, detail: impl std::fmt::Display) -> ImportError {
    ImportError::Corrupt { path: path.to_owned(), detail: detail.to_string() }
}

fn map_open_error(path: &Path, e: calamine::Error) -> ImportError {
    let text = e.to_string();
    if text.contains("password protected") {
        ImportError::Password { path: path.to_owned() }
    } else {
        zip_read_error(path, text)
    }
}

/// A read error from inside a zipped workbook. The zip reader stops a part at
/// the size its entry declares (so a part that understates its size, to slip
/// past `check_zip`, never expands further) and reports it: that gets its own
/// code; anything else is damage.
pub(super) fn zip_read_error(path: &Path, e: impl std::fmt::Display) -> ImportError {
    let text = e.to_string();
    if text.contains("larger than its declared uncompressed size") {
        ImportError::ZipSizeMismatch { path: path.to_owned() }
    } else {
        corrupt(path, text)
    }
}

/// Refuses zipped workbooks that would expand far beyond their size, and ones
/// whose entries overlap (a bomb trick the zip crate does not stop by itself).
/// An XLSB's shared strings are capped too (calamine holds them whole).
pub fn check_zip(path: &Path, format: Format) -> Result<(), ImportError> {
    let file = File::open(path).map_err(|source| ImportError::Read { path: path.to_owned(), source })?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| corrupt(path, e))?;
    if zip.has_overlapping_files().map_err(|e| corrupt(path, e))? {
        return Err(ImportError::ZipBomb { path: path.to_owned(), expanded: u64::MAX });
    }
    let mut total: u64 = 0;
    let mut shared = None;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| corrupt(path, e))?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        if entry.name().is_ok_and(|n| n.eq_ignore_ascii_case("xl/sharedStrings.bin")) {
            shared = Some(size);
        }
        total = total.saturating_add(size);
        if size > 64 << 20 && size / packed > MAX_ZIP_RATIO {
            return Err(ImportError::ZipBomb { path: path.to_owned(), expanded: size });
        }
    }
    if total > MAX_ZIP_EXPANDED {
        return Err(ImportError::ZipBomb { path: path.to_owned(), expanded: total });
    }
    match shared {
        Some(size) if format == Format::Xlsb => check_shared_strings(path, size),
        _ => Ok(()),
    }
}

/// calamine holds an XLSB's shared-strings table in memory: its size is capped.
/// The zip reader stops the part at its declared size, so `size` bounds what
/// is read. (An XLSX's table is read by [`super::xlsx`], which spills it.)
fn check_shared_strings(path: &Path, size: u64) -> Result<(), ImportError> {
    if size > MAX_SHARED_STRINGS {
        return Err(ImportError::SharedStringsTooLarge {
            path: path.to_owned(),
            size,
            strings: None,
            limit_bytes: MAX_SHARED_STRINGS,
            limit_strings: MAX_SHARED_STRING_COUNT,
        });
    }
    Ok(())
}

/// Opens a workbook after the format's safety checks.
fn open(path: &Path, format: Format) -> Result<Book, ImportError> {
    match format {
        Format::Xlsx => {
            check_zip(path, format)?;
            return kaifang_xlsx::Package::open(path).map(|p| Book::Xlsx(Box::new(p))).map_err(|e| xlsx_error(path, e));
        }
        Format::Xlsb => check_zip(path, format)?,
        Format::Ods => {
            check_zip(path, format)?;
            check_in_memory_size(path)?;
            dense::check_ods(path)?;
        }
        Format::Xls => {
            check_in_memory_size(path)?;
            dense::check_xls(path)?;
        }
        Format::Csv => return Err(ImportError::NotATable { path: path.to_owned() }),
    }
    // By the sniffed format, not the extension: an .xls saved as "表.xlsx"
    // (or mailed with its extension changed) opens as what it is.
    let error = |e: calamine::Error| map_open_error(path, e);
    let book = match format {
        Format::Xlsb => open_workbook::<Xlsb<_>, _>(path).map(Sheets::Xlsb).map_err(|e| error(e.into())),
        Format::Ods => open_workbook::<Ods<_>, _>(path).map(Sheets::Ods).map_err(|e| error(e.into())),
        _ => open_workbook::<Xls<_>, _>(path).map(Sheets::Xls).map_err(|e| error(e.into())),
    };
    book.map(|b| Book::Calamine(Box::new(b)))
}

fn check_in_memory_size(path: &Path) -> Result<(), ImportError> {
    let size = std::fs::metadata(path).map_err(|source| ImportError::Read { path: path.to_owned(), source })?.len();
    if size > MAX_IN_MEMORY_WORKBOOK {
        return Err(ImportError::TooLarge { path: path.to_owned(), size, limit: MAX_IN_MEMORY_WORKBOOK });
    }
    Ok(())
}

// calamine's XLSX and XLSB streaming readers share their method names but no
// trait, so these two macros stand in for a generic function over both.

/// A streamed sheet's declared size, and whether any cell holds a value.
macro_rules! probe_streamed {
    ($book:expr, $name:expr, $path:expr) => {{
        let mut cells = $book.worksheet_cells_reader($name).map_err(|e| zip_read_error($path, e))?;
        let (rows, columns) = dims_size(&cells.dimensions());
        let mut empty = true;
        while let Some(c) = cells.next_cell().map_err(|e| zip_read_error($path, e))? {
            if !is_blank_ref(c.get_value()) {
                empty = false;
                break;
            }
        }
        (rows, columns, empty)
    }};
}

/// Feeds a streamed sheet's cells to a `RowAssembler`, returning early when the
/// sink has seen enough.
macro_rules! stream_rows {
    ($book:expr, $sheet:expr, $path:expr, $rows:expr) => {{
        let mut cells = $book.worksheet_cells_reader($sheet).map_err(|e| zip_read_error($path, e))?;
        while let Some(c) = cells.next_cell().map_err(|e| zip_read_error($path, e))? {
            let (r, col) = c.get_position();
            if !$rows.cell(r, col, ref_value(c.get_value()))? {
                return Ok(());
            }
        }
    }};
}

/// Which file a cached workbook was opened from, as it was then.
#[derive(PartialEq)]
struct BookKey {
    path: std::path::PathBuf,
    len: u64,
    modified: Option<std::time::SystemTime>,
}

/// The workbook read last. An import lists the sheets, reads the first rows for
/// header detection, then reads the sheet: opening the file each time would
/// repeat the safety checks and, for XLSX, parse the shared-strings table
/// again (about a microsecond a string). Cleared by [`release`].
static LAST_BOOK: std::sync::Mutex<Option<(BookKey, Book)>> = std::sync::Mutex::new(None);

/// Runs `read` on the workbook at `path`, opened (after its checks) or reused
/// from the last read of the same unchanged file.
fn with_book<T>(
    path: &Path,
    format: Format,
    read: impl FnOnce(&mut Book) -> Result<T, ImportError>,
) -> Result<T, ImportError> {
    let meta = std::fs::metadata(path).map_err(|source| ImportError::Read { path: path.to_owned(), source })?;
    let key = BookKey { path: path.to_owned(), len: meta.len(), modified: meta.modified().ok() };
    let cached = LAST_BOOK.lock().ok().and_then(|mut last| last.take()).filter(|(k, _)| *k == key);
    let mut book = match cached {
        Some((_, book)) => book,
        None => open(path, format)?,
    };
    let result = read(&mut book);
    if result.is_ok() {
        if let Ok(mut last) = LAST_BOOK.lock() {
            *last = Some((key, book));
        }
    }
    result
}

/// Frees the cached workbook (at the end of an import).
pub fn release() {
    if let Ok(mut last) = LAST_BOOK.lock() {
        last.take();
    }
}

/// Calls [`release`] when dropped: held for the length of an import.
pub struct ReleaseOnDrop;

impl Drop for ReleaseOnDrop {
    fn drop(&mut self) {
        release();
    }
}

/// Runs calamine on a file it may not survive: arithmetic on hostile row and
/// column numbers overflows inside it (a panic where overflow checks are on),
/// and a panic on an import thread would take the app down. The file is
/// reported as damaged.
fn guarded<T>(path: &Path, read: impl FnOnce() -> Result<T, ImportError>) -> Result<T, ImportError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|panic| Err(corrupt(path, panic_text(panic.as_ref()))))
}

/// Every sheet of the workbook, in order, with its size and flags.
pub fn list_sheets(path: &Path, format: Format) -> Result<Vec<SheetInfo>, ImportError> {
    guarded(path, || with_book(path, format, |book| list_sheets_in(book, path)))
}

fn list_sheets_in(book: &mut Book, path: &Path) -> Result<Vec<SheetInfo>, ImportError> {
    let book = match book {
        Book::Xlsx(x) => {
            let mut out = Vec::with_capacity(x.sheets.len());
            for i in 0..x.sheets.len() {
                // The declared size, and whether any cell holds a value (read
                // until the first one that does).
                let (mut dims, mut empty) = ((0, 0), true);
                x.cells(i, &mut dims, &mut |_, _, v| {
                    empty = value_text(xlsx_value(v)).trim().is_empty();
                    empty
                })
                .map_err(|e| xlsx_error(path, e))?;
                let s = &x.sheets[i];
                out.push(SheetInfo { name: s.name.clone(), rows: dims.0, columns: dims.1, hidden: s.hidden, empty });
            }
            return Ok(out);
        }
        Book::Calamine(b) => b,
    };
    let metas: Vec<(String, bool)> =
        book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible != SheetVisible::Visible)).collect();
    let mut out = Vec::with_capacity(metas.len());
    for (name, hidden) in metas {
        let (rows, columns, empty) = match &mut **book {
            Sheets::Xlsb(x) => probe_streamed!(x, &name, path),
            other => {
                let range = other.worksheet_range(&name).map_err(|e| zip_read_error(path, e))?;
                let (h, w) = range.get_size();
                let empty = range.used_cells().all(|(_, _, v)| value_text(owned_value(v)).trim().is_empty());
                (h as u32, w as u32, empty)
            }
        };
        out.push(SheetInfo { name, rows, columns, hidden, empty });
    }
    Ok(out)
}

fn dims_size(d: &Dimensions) -> (u32, u32) {
    if d.len() == 0 {
        (0, 0)
    } else {
        (d.end.0 - d.start.0 + 1, d.end.1 - d.start.1 + 1)
    }
}

fn is_blank_ref(v: &DataRef<'_>) -> bool {
    value_text(ref_value(v)).trim().is_empty()
}

/// Streams the rows of `sheet` to `sink` (1-based row numbers, as Excel shows
/// them) until it returns `false`. Merged cells need no special care: calamine
/// returns a merged area's value in its first cell and the rest as empty, which is
/// exactly how a CSV export of the sheet looks, and header detection reads both.
pub fn read_sheet(
    path: &Path,
    format: Format,
    sheet: &str,
    sink: &mut dyn FnMut(u64, &RawRow) -> Result<bool, ImportError>,
) -> Result<(), ImportError> {
    guarded(path, || with_book(path, format, |book| read_sheet_in(book, path, sheet, sink)))
}

fn read_sheet_in(
    book: &mut Book,
    path: &Path,
    sheet: &str,
    sink: &mut dyn FnMut(u64, &RawRow) -> Result<bool, ImportError>,
) -> Result<(), ImportError> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let book = match book {
        Book::Xlsx(x) => {
            let index = x.sheets.iter().position(|s| s.name == sheet);
            let index = index.ok_or_else(|| ImportError::SheetNotFound { sheet: sheet.to_owned() })?;
            return read_xlsx_beside(x, index, path, size, sink);
        }
        Book::Calamine(b) => b,
    };
    if !book.sheet_names().iter().any(|n| n == sheet) {
        return Err(ImportError::SheetNotFound { sheet: sheet.to_owned() });
    }
    let mut rows = RowAssembler::new(sink, path, size);
    match &mut **book {
        Sheets::Xlsb(x) => stream_rows!(x, sheet, path, rows),
        other => {
            let range = other.worksheet_range(sheet).map_err(|e| zip_read_error(path, e))?;
            let start = range.start().unwrap_or((0, 0));
            for (r, c, v) in range.used_cells() {
                if !rows.cell(start.0 + r as u32, start.1 + c as u32, owned_value(v))? {
                    return Ok(());
                }
            }
        }
    }
    rows.finish()
}

/// Streams an XLSX sheet's rows to `sink`, parsing its XML on a thread of its
/// own ([`super::row::beside`]): parsing is most of an XLSX import's work.
fn read_xlsx_beside(
    x: &mut kaifang_xlsx::Package,
    index: usize,
    path: &Path,
    size: u64,
    sink: &mut dyn FnMut(u64, &RawRow) -> Result<bool, ImportError>,
) -> Result<(), ImportError> {
    let read = super::row::beside(
        move |hand_over| {
            let mut rows = RowAssembler::new(hand_over, path, size);
            // The assembler's own error (a limit) stops the stream and is returned.
            let mut failed = None;
            let read = x.cells(index, &mut (0, 0), &mut |r, c, v| match rows.cell(r, c, xlsx_value(v)) {
                Ok(go) => go,
                Err(e) => {
                    failed = Some(e);
                    false
                }
            });
            match (failed, read) {
                (Some(e), _) => Err(e),
                (None, Err(e)) => Err(xlsx_error(path, e)),
                (None, Ok(())) => rows.finish(),
            }
        },
        sink,
    );
    read.unwrap_or_else(|panic| Err(corrupt(path, panic_text(panic.as_ref()))))
}

pub(super) fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "the reader stopped".to_owned())
}

/// Turns a stream of (row, column, value) cells into rows, walking short runs of
/// blank rows one by one (header detection needs to see them) and skipping long
/// gaps in one step.
struct RowAssembler<'s> {
    sink: &'s mut dyn FnMut(u64, &RawRow) -> Result<bool, ImportError>,
    path: &'s Path,
    size: u64,
    /// Text bytes of the row being assembled, and of the sheet so far.
    row_bytes: usize,
    total: u64,
    current: Option<u32>,
    row: RawRow,
    blank: RawRow,
    stopped: bool,
}

impl<'s> RowAssembler<'s> {
    fn new(sink: &'s mut dyn FnMut(u64, &RawRow) -> Result<bool, ImportError>, path: &'s Path, size: u64) -> Self {
        RowAssembler {
            sink,
            path,
            size,
            row_bytes: 0,
            total: 0,
            current: None,
            row: RawRow::new(),
            blank: RawRow::new(),
            stopped: false,
        }
    }

    fn cell(&mut self, r: u32, c: u32, v: Value<'_>) -> Result<bool, ImportError> {
        if self.stopped {
            return Ok(false);
        }
        let text = value_text(v);
        if text.is_empty() {
            return Ok(true);
        }
        if c as usize >= MAX_COLUMNS {
            return Err(ImportError::TooManyColumns {
                row: u64::from(r) + 1,
                columns: c as usize + 1,
                limit: MAX_COLUMNS,
            });
        }
        if text.len() > MAX_CELL_BYTES {
            return Err(ImportError::CellTooLarge {
                row: u64::from(r) + 1,
                column: c as usize + 1,
                bytes: text.len(),
                limit: MAX_CELL_BYTES,
            });
        }
        match self.current {
            Some(cur) if cur == r => {}
            Some(cur) => {
                if !self.flush(cur)? {
                    return Ok(false);
                }
                let gap = r.saturating_sub(cur + 1);
                if gap <= MAX_BLANK_GAP {
                    for b in cur + 1..r {
                        if !(self.sink)(u64::from(b) + 1, &self.blank)? {
                            self.stopped = true;
                            return Ok(false);
                        }
                    }
                }
                self.current = Some(r);
            }
            None => self.current = Some(r),
        }
        // Checked before the text is kept: a row or a sheet that would not fit is
        // refused with nothing more held.
        self.row_bytes += text.len();
        if self.row_bytes > MAX_ROW_BYTES {
            return Err(ImportError::RowTooLarge { row: u64::from(r) + 1, limit: MAX_ROW_BYTES });
        }
        self.total += text.len() as u64;
        let allowance = workbook_text_allowance(self.size);
        if self.total > allowance {
            return Err(ImportError::Expands { path: self.path.to_owned(), size: self.size, limit: allowance });
        }
        self.row.set(c as usize, &text);
        Ok(true)
    }

    fn flush(&mut self, r: u32) -> Result<bool, ImportError> {
        let go = (self.sink)(u64::from(r) + 1, &self.row)?;
        self.row.clear();
        self.row_bytes = 0;
        if !go {
            self.stopped = true;
        }
        Ok(go)
    }

    fn finish(mut self) -> Result<(), ImportError> {
        if let (Some(cur), false) = (self.current, self.stopped) {
            self.flush(cur)?;
        }
        Ok(())
    }
}

fn xlsx_value(v: kaifang_xlsx::Cell<'_>) -> Value<'_> {
    use kaifang_xlsx::Cell;
    match v {
        Cell::Float(f) => Value::Float(f),
        Cell::Text(s) => Value::Text(s),
        Cell::Bool(b) => Value::Bool(b),
        Cell::Error(e) => Value::Error(e.to_owned()),
        Cell::Iso(s) => Value::Iso(s),
        Cell::Date { serial, duration, is_1904 } => {
            let kind = if duration { ExcelDateTimeType::TimeDelta } else { ExcelDateTimeType::DateTime };
            Value::DateTime(calamine::ExcelDateTime::new(serial, kind, is_1904))
        }
        Cell::Empty => Value::Empty,
    }
}

fn xlsx_error(path: &Path, e: kaifang_xlsx::Error) -> ImportError {
    match e {
        kaifang_xlsx::Error::Corrupt(text) => zip_read_error(path, text),
        kaifang_xlsx::Error::TooManyStrings { size, strings } => ImportError::SharedStringsTooLarge {
            path: path.to_owned(),
            size,
            strings,
            limit_bytes: super::limits::MAX_XLSX_SHARED_STRINGS,
            limit_strings: super::limits::MAX_XLSX_SHARED_STRING_COUNT,
        },
        kaifang_xlsx::Error::Io(source) => ImportError::Read { path: path.to_owned(), source },
    }
}

/// A cell value from either of calamine's two value types.
pub enum Value<'a> {
    Int(i64),
    Float(f64),
    Text(&'a str),
    Bool(bool),
    DateTime(calamine::ExcelDateTime),
    Iso(&'a str),
    Error(String),
    Empty,
}

fn ref_value<'a>(v: &'a DataRef<'_>) -> Value<'a> {
    match v {
        DataRef::Int(i) => Value::Int(*i),
        DataRef::Float(f) => Value::Float(*f),
        DataRef::String(s) => Value::Text(s),
        DataRef::SharedString(s) => Value::Text(s),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => Value::DateTime(*d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Iso(s),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

fn owned_value(v: &Data) -> Value<'_> {
    match v {
        Data::Int(i) => Value::Int(*i),
        Data::Float(f) => Value::Float(*f),
        Data::String(s) => Value::Text(s),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::DateTime(*d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Iso(s),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

/// The text a person sees for a cell. A number Excel already mangled (an
/// 18-digit ID stored as a number keeps 15 digits) reads as Excel shows it, and
/// the profile flags it from that text, as it does for a CSV export.
pub fn value_text(v: Value<'_>) -> Cow<'_, str> {
    match v {
        Value::Int(i) => Cow::Owned(i.to_string()),
        Value::Float(f) => Cow::Owned(format_excel_number(f)),
        Value::Text(s) => Cow::Borrowed(s),
        Value::Bool(b) => Cow::Borrowed(if b { "TRUE" } else { "FALSE" }),
        Value::DateTime(d) => Cow::Owned(format_datetime(&d)),
        Value::Iso(s) => Cow::Owned(s.strip_suffix("T00:00:00").unwrap_or(s).replacen('T', " ", 1)),
        Value::Error(e) => Cow::Owned(e),
        Value::Empty => Cow::Borrowed(""),
    }
}

/// Numbers as Excel shows them in a General cell: integers in full up to 15
/// digits, beyond that in Excel's scientific form (the digits past the 15th are
/// already lost in the file), fractions rounded to 15 significant digits.
pub fn format_excel_number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    if f.abs() >= 1e15 {
        // 1.30534194503122E+17
        let s = format!("{:.14E}", f);
        let (mantissa, exp) = s.split_once('E').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        let exp: i32 = exp.parse().unwrap_or(0);
        return format!("{mantissa}E+{exp:02}");
    }
    // Round to 15 significant digits, then print the shortest form.
    let digits = 15 - (f.abs().log10().floor() as i32 + 1);
    let rounded = if (0..=15).contains(&digits) {
        let p = 10f64.powi(digits);
        (f * p).round() / p
    } else {
        f
    };
    format!("{rounded}")
}

fn format_datetime(d: &calamine::ExcelDateTime) -> String {
    let (y, mo, day, h, mi, s, _ms) = d.to_ymd_hms_milli();
    if d.is_duration() {
        let total = d.as_f64() * 24.0;
        let hours = total.floor();
        return format!("{}:{:02}:{:02}", hours as i64, mi, s);
    }
    let time_only = d.as_f64() < 1.0;
    let has_time = (h, mi, s) != (0, 0, 0);
    match (time_only, has_time) {
        (true, _) => format!("{h:02}:{mi:02}:{s:02}"),
        (false, false) => format!("{y:04}-{mo:02}-{day:02}"),
        (false, true) => format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(format_excel_number(130.0), "130");
        assert_eq!(format_excel_number(0.1 + 0.2), "0.3");
        assert_eq!(format_excel_number(1234.5), "1234.5");
        assert_eq!(format_excel_number(130534194503122000.0), "1.30534194503122E+17", "as Excel shows it");
        assert_eq!(format_excel_number(-42.0), "-42");
    }
}
