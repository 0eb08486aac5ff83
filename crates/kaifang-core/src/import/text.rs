//! Reading CSV/TSV/TXT tables in any of the encodings Chinese offices use.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::limits::{MAX_CELL_BYTES, MAX_COLUMNS, MAX_LINE_BYTES};
use super::row::RawRow;
use super::sniff::TextEncoding;
use super::ImportError;

/// Counts the raw bytes as they are read (for progress), and refuses a "line"
/// longer than any real table has, before the CSV parser buffers it.
pub(crate) struct TrackingReader<R> {
    inner: R,
    read: Arc<AtomicU64>,
    since_newline: usize,
}

impl<R: Read> TrackingReader<R> {
    pub(crate) fn new(inner: R, read: Arc<AtomicU64>) -> Self {
        TrackingReader { inner, read, since_newline: 0 }
    }
}

impl<R: Read> Read for TrackingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        match chunk.iter().rposition(|&b| b == b'\n') {
            Some(p) => self.since_newline = n - p - 1,
            None => self.since_newline += n,
        }
        if self.since_newline > MAX_LINE_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, LineTooLong));
        }
        Ok(n)
    }
}

#[derive(Debug)]
struct LineTooLong;

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a line is longer than {MAX_LINE_BYTES} bytes")
    }
}

impl std::error::Error for LineTooLong {}

/// How a text table is to be read.
#[derive(Debug, Clone, Copy)]
pub struct TextSpec {
    pub encoding: TextEncoding,
    pub delimiter: u8,
}

/// Reads every row of the table, passing each (with its 1-based row number) to
/// `sink` until it returns `false`. `read` counts raw bytes for progress.
pub fn read_text(
    path: &Path,
    spec: TextSpec,
    read: Arc<AtomicU64>,
    sink: &mut dyn FnMut(u64, &RawRow) -> Result<bool, ImportError>,
) -> Result<(), ImportError> {
    let file = File::open(path).map_err(|source| ImportError::Read { path: path.to_owned(), source })?;
    let tracked = TrackingReader::new(file, read);
    match spec.encoding.decoder() {
        None => parse(path, &mut csv_reader(spec.delimiter, tracked), spec.encoding, sink)?,
        Some(enc) => {
            // Decoded a megabyte at a time (the default is 8 KB a read).
            let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(enc))
                .bom_override(true)
                .build_with_buffer(tracked, vec![0u8; 1 << 20])
                .map_err(|source| ImportError::Read { path: path.to_owned(), source })?;
            parse(path, &mut csv_reader(spec.delimiter, decoded), spec.encoding, sink)?
        }
    }
    Ok(())
}

fn csv_reader<R: Read>(delimiter: u8, r: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        // Records end at LF; a CR before it is trimmed below. With the default CRLF
        // terminator the csv crate reports every record after the first of a CRLF
        // file one line early, and row numbers are what the clerk looks up.
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(256 * 1024)
        .from_reader(r)
}

fn parse<R: Read>(
    path: &Path,
    reader: &mut csv::Reader<R>,
    encoding: TextEncoding,
    sink: &mut dyn FnMut(u64, &RawRow) -> Result<bool, ImportError>,
) -> Result<(), ImportError> {
    let mut record = csv::ByteRecord::new();
    let mut row = RawRow::new();
    let mut n: u64 = 0;
    let mut first = true;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => return Err(csv_error(path, n + 1, e)),
        }
        // Row numbers are the line a record starts on, as a text editor shows it
        // (the csv crate skips blank lines, so counting records would drift).
        // After blank lines the crate gives the first blank line's number; where
        // the record really starts follows from where it ended (the reader's
        // position) less the line breaks inside its quoted cells.
        let reported = record.position().map_or(n + 1, |p| p.line());
        let inner_breaks = record.as_slice().iter().filter(|b| **b == b'\n').count() as u64;
        let start = reader.position().line().saturating_sub(1 + inner_breaks);
        n = reported.max(start);
        // The blank lines skipped are rows too, as in a workbook: a gap before
        // notes under a table tells them from data.
        for blank in reported..n {
            if !sink(blank, &RawRow::new())? {
                return Ok(());
            }
        }
        // The cells' bytes together must be UTF-8, and so must each cell: a
        // delimiter between the bytes of one character (`\xe6,\xb2\xb3`) leaves
        // valid text once the delimiters are gone, split inside a character.
        let text = match std::str::from_utf8(record.as_slice()) {
            Ok(text) if cells_on_char_boundaries(text, &record) => text,
            _ => return Err(ImportError::MixedEncoding { row: n, encoding: encoding.label().to_owned() }),
        };
        if record.len() > MAX_COLUMNS {
            return Err(ImportError::TooManyColumns { row: n, columns: record.len(), limit: MAX_COLUMNS });
        }
        if let Some((i, f)) = record.iter().enumerate().find(|(_, f)| f.len() > MAX_CELL_BYTES) {
            return Err(ImportError::CellTooLarge { row: n, column: i + 1, bytes: f.len(), limit: MAX_CELL_BYTES });
        }
        row.fill_from_record(text, &record);
        row.trim_trailing_cr();
        if std::mem::take(&mut first) && encoding == TextEncoding::Utf8Bom {
            // The csv crate keeps the byte-order mark as part of the first cell.
            let cells: Vec<String> = row.iter().map(|c| c.trim_start_matches('\u{feff}').to_owned()).collect();
            row = cells.iter().collect();
        }
        if !sink(n, &row)? {
            return Ok(());
        }
    }
}

fn csv_error(path: &Path, row: u64, e: csv::Error) -> ImportError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => {
            if io.get_ref().is_some_and(|inner| inner.is::<LineTooLong>()) {
                ImportError::CellTooLarge { row, column: 1, bytes: MAX_LINE_BYTES + 1, limit: MAX_CELL_BYTES }
            } else {
                ImportError::Read { path: path.to_owned(), source: io }
            }
        }
        other => ImportError::Corrupt { path: path.to_owned(), detail: format!("{other:?}") },
    }
}

/// Whether every cell of `record` ends on a character boundary of `text`, the
/// cells' bytes together (so that each cell is UTF-8 on its own).
fn cells_on_char_boundaries(text: &str, record: &csv::ByteRecord) -> bool {
    let mut end = 0;
    record.iter().all(|f| {
        end += f.len();
        text.is_char_boundary(end)
    })
}
