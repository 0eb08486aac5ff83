//! How many cells calamine will lay out for an XLS or ODS file, counted before it
//! reads the file.
//!
//! calamine reads these formats whole and stores every sheet as a dense grid
//! from its first to its last filled cell: two cells at opposite corners of an
//! XLS sheet take 16.7 million slots (about 1 GB with the formula grid), and an
//! ODS row with `number-rows-repeated="1048575"` is written out row by row. These
//! scans walk the file's records (BIFF) or elements (ODS content.xml) in a few
//! kilobytes of memory and return the grid size, so a file that would need more
//! than the limit is refused with its own error instead of taking the machine.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::limits::{MAX_ODS_CELLS, MAX_XLS_CELLS};
use super::ImportError;

fn corrupt(path: &Path, detail: impl std::fmt::Display) -> ImportError {
    ImportError::Corrupt { path: path.to_owned(), detail: detail.to_string() }
}

fn too_many(path: &Path, cells: u64, limit: u64) -> ImportError {
    ImportError::TooManyCells { path: path.to_owned(), cells, limit }
}

/// The filled extent of one sheet: rows `first..end`, columns `left..right`.
#[derive(Default)]
struct Extent {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Extent {
    fn add(&mut self, rows: (u64, u64), cols: (u64, u64)) {
        self.rows = Some(match self.rows {
            None => rows,
            Some((a, b)) => (a.min(rows.0), b.max(rows.1)),
        });
        self.cols = Some(match self.cols {
            None => cols,
            Some((a, b)) => (a.min(cols.0), b.max(cols.1)),
        });
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => r1.saturating_sub(r0).saturating_mul(c1.saturating_sub(c0)),
            _ => 0,
        }
    }
}

/// The BIFF records that calamine turns into cells (each starts with its row and
/// column as two little-endian u16), and MULRK, which spans columns.
const CELL_RECORDS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];
const MULRK: u16 = 0x00BD;
const DIMENSIONS: u16 = 0x0200;
const BOF: u16 = 0x0809;
const BOUNDSHEET: u16 = 0x0085;
const EOF: u16 = 0x000A;
/// The BIFF8 grid: declared dimensions beyond it are a lie.
const XLS_GRID: u64 = 65_536 * 256;

fn u16_at(d: &[u8], at: usize) -> Option<u64> {
    d.get(at..at + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(d: &[u8], at: usize) -> Option<u64> {
    d.get(at..at + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
}

/// Checks an XLS file's sheets against `MAX_XLS_CELLS`, all sheets together.
pub fn check_xls(path: &Path) -> Result<(), ImportError> {
    let file = File::open(path).map_err(|source| ImportError::Read { path: path.to_owned(), source })?;
    let mut cfb = cfb::CompoundFile::open(file).map_err(|e| corrupt(path, e))?;
    let stream = match cfb.open_stream("/Workbook") {
        Ok(s) => s,
        Err(_) => cfb.open_stream("/Book").map_err(|e| corrupt(path, e))?,
    };
    let total = xls_cells(BufReader::new(stream)).map_err(|e| match e {
        XlsScan::Read(e) => corrupt(path, e),
        XlsScan::Declared(cells) => too_many(path, cells, MAX_XLS_CELLS),
        XlsScan::Misplaced(at) => corrupt(path, format!("a sheet is listed at offset {at}, where no sheet starts")),
    })?;
    if total > MAX_XLS_CELLS {
        return Err(too_many(path, total, MAX_XLS_CELLS));
    }
    Ok(())
}

enum XlsScan {
    Read(std::io::Error),
    /// A DIMENSIONS record declaring more than the whole grid.
    Declared(u64),
    /// A sheet entry pointing somewhere other than the start of a sheet.
    Misplaced(u64),
}

/// Sums the sheets' grid sizes from the records of a BIFF workbook stream.
///
/// calamine reads each sheet from the stream position its BOUNDSHEET entry in
/// the workbook globals gives, so two entries pointing at one sheet make two
/// grids: the sheets are counted by those entries, each at the substream that
/// starts there (one that points elsewhere is refused). A stream without
/// entries counts every substream.
fn xls_cells(mut r: impl Read) -> Result<u64, XlsScan> {
    // Substreams by the offset of their BOF record: their grid size.
    let mut substreams: std::collections::BTreeMap<u64, u64> = std::collections::BTreeMap::new();
    let mut sheets: Vec<u64> = Vec::new();
    let (mut pos, mut depth, mut started) = (0u64, 0u32, 0u64);
    let mut first = true;
    let mut sheet = Extent::default();
    let mut data = vec![0u8; u16::MAX as usize];
    loop {
        let mut head = [0u8; 4];
        match r.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(XlsScan::Read(e)),
        }
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let d = &mut data[..len];
        if r.read_exact(d).is_err() {
            break; // a truncated last record: calamine reports it
        }
        let d = &*d;
        let at = pos;
        pos += 4 + len as u64;
        match typ {
            BOF => {
                if depth == 0 {
                    started = at;
                }
                depth += 1;
            }
            EOF => {
                if depth == 1 {
                    let cells = std::mem::take(&mut sheet).cells();
                    if first {
                        first = false; // the workbook globals
                    } else {
                        substreams.insert(started, cells);
                    }
                }
                depth = depth.saturating_sub(1);
            }
            BOUNDSHEET if depth == 1 && first => {
                if let Some(at) = u32_at(d, 0) {
                    sheets.push(at);
                }
            }
            // Only the cells of a substream itself; a chart inside a sheet nests
            // one deeper.
            _ if depth != 1 => {}
            DIMENSIONS => {
                let declared = if len >= 14 {
                    (u32_at(d, 0), u32_at(d, 4), u16_at(d, 8), u16_at(d, 10))
                } else {
                    (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u16_at(d, 6))
                };
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) = declared {
                    let cells = r1.saturating_sub(r0).saturating_mul(c1.saturating_sub(c0));
                    if cells > XLS_GRID {
                        return Err(XlsScan::Declared(cells));
                    }
                }
            }
            MULRK => {
                if let (Some(row), Some(first), Some(last)) =
                    (u16_at(d, 0), u16_at(d, 2), u16_at(d, len.saturating_sub(2)))
                {
                    sheet.add((row, row + 1), (first.min(last), first.max(last) + 1));
                }
            }
            t if CELL_RECORDS.contains(&t) => {
                if let (Some(row), Some(col)) = (u16_at(d, 0), u16_at(d, 2)) {
                    sheet.add((row, row + 1), (col, col + 1));
                }
            }
            _ => {}
        }
    }
    if depth > 0 && !first {
        substreams.insert(started, sheet.cells()); // a last sheet without its EOF
    }
    if sheets.is_empty() {
        return Ok(substreams.values().fold(0u64, |a, &c| a.saturating_add(c)));
    }
    sheets.iter().try_fold(0u64, |total, at| match substreams.get(at) {
        Some(&cells) => Ok(total.saturating_add(cells)),
        None => Err(XlsScan::Misplaced(*at)),
    })
}

/// Checks an ODS file's tables against `MAX_ODS_CELLS`, all tables together,
/// counting repeated rows and columns as calamine expands them.
pub fn check_ods(path: &Path) -> Result<(), ImportError> {
    let file = File::open(path).map_err(|source| ImportError::Read { path: path.to_owned(), source })?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| corrupt(path, e))?;
    let content = zip.by_name("content.xml").map_err(|e| corrupt(path, e))?;
    let total =
        ods_cells(BufReader::new(content), MAX_ODS_CELLS).map_err(|e| super::workbook::zip_read_error(path, e))?;
    if total > MAX_ODS_CELLS {
        return Err(too_many(path, total, MAX_ODS_CELLS));
    }
    Ok(())
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    e.try_get_attribute(name).ok().flatten().and_then(|a| a.value.trim().parse::<u64>().ok()).unwrap_or(1).max(1)
}

/// Sums the tables' grid sizes in an ODS content.xml; stops early once past `stop`.
fn ods_cells(r: impl std::io::BufRead, stop: u64) -> Result<u64, quick_xml::Error> {
    let mut xml = quick_xml::Reader::from_reader(r);
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let mut table = Extent::default();
    // Within a row: its first line number, its repeat count, the next column,
    // and the filled columns seen.
    let (mut row, mut row_repeat, mut col) = (0u64, 1u64, 0u64);
    let mut filled: Option<(u64, u64)> = None;
    let (mut in_table, mut in_row) = (false, false);
    // A cell's content is text to calamine, whatever it holds (a nested table,
    // rows): the depth inside the cell being skipped.
    let mut inside_cell = 0u32;
    loop {
        let event = xml.read_event_into(&mut buf)?;
        if inside_cell > 0 {
            match event {
                Event::Start(_) => inside_cell += 1,
                Event::End(_) => inside_cell -= 1,
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
            continue;
        }
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" if !empty => {
                    (table, row, in_table, in_row) = (Extent::default(), 0, true, false);
                }
                "table:table-row" if in_table => {
                    row_repeat = repeat(&e, "table:number-rows-repeated");
                    if empty {
                        row = row.saturating_add(row_repeat);
                    } else {
                        (in_row, col, filled) = (true, 0, None);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if in_row => {
                    let n = repeat(&e, "table:number-columns-repeated");
                    let has_value = !empty || e.try_get_attribute("office:value-type").ok().flatten().is_some();
                    if has_value {
                        let end = col.saturating_add(n);
                        filled = Some(filled.map_or((col, end), |(a, b)| (a.min(col), b.max(end))));
                    }
                    col = col.saturating_add(n);
                    if !empty {
                        inside_cell = 1;
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" if in_row => {
                    if let Some(cols) = filled {
                        table.add((row, row.saturating_add(row_repeat)), cols);
                    }
                    row = row.saturating_add(row_repeat);
                    in_row = false;
                }
                "table:table" if in_table => {
                    in_table = false;
                    total = total.saturating_add(std::mem::take(&mut table).cells());
                    if total > stop {
                        return Ok(total);
                    }
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    Ok(total.saturating_add(table.cells()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    fn cell(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    fn cells(stream: &[Vec<u8>]) -> u64 {
        match xls_cells(stream.concat().as_slice()) {
            Ok(n) => n,
            Err(XlsScan::Declared(n)) => n,
            Err(XlsScan::Read(e)) => panic!("{e}"),
            Err(XlsScan::Misplaced(at)) => panic!("misplaced sheet at {at}"),
        }
    }

    #[test]
    fn an_xls_sheet_counts_from_its_first_to_its_last_cell() {
        let globals = vec![record(BOF, &[0; 16]), record(EOF, &[])];
        let sheet = |a: (u16, u16), b: (u16, u16)| {
            vec![record(BOF, &[0; 16]), cell(a.0, a.1), cell(b.0, b.1), record(EOF, &[])]
        };
        let corners = [globals.clone(), sheet((0, 0), (65_535, 255))].concat();
        assert_eq!(cells(&corners), 65_536 * 256);
        let two = [globals.clone(), sheet((10, 2), (19, 4)), sheet((0, 0), (0, 0))].concat();
        assert_eq!(cells(&two), 10 * 3 + 1, "sheets add up; the globals hold no cells");
        // A chart nested in a sheet does not count.
        let chart = [
            globals,
            vec![
                record(BOF, &[0; 16]),
                cell(0, 0),
                record(BOF, &[0; 16]),
                cell(60_000, 200),
                record(EOF, &[]),
                record(EOF, &[]),
            ],
        ]
        .concat();
        assert_eq!(cells(&chart), 1);
    }

    #[test]
    fn declared_xls_dimensions_beyond_the_grid_are_refused() {
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend([0, 0, 0xFF, 0xFF, 0, 0]);
        let stream =
            [record(BOF, &[0; 16]), record(EOF, &[]), record(BOF, &[0; 16]), record(DIMENSIONS, &dims)].concat();
        assert!(matches!(xls_cells(stream.as_slice()), Err(XlsScan::Declared(n)) if n > XLS_GRID));
    }

    fn ods(tables: &str) -> u64 {
        let xml = format!(
            r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        );
        ods_cells(xml.as_bytes(), u64::MAX).unwrap()
    }

    #[test]
    fn ods_repeats_count_as_calamine_expands_them() {
        let c = |v: &str, n: u32| {
            format!(
                r#"<table:table-cell table:number-columns-repeated="{n}" office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#
            )
        };
        let row = |cells: String, n: u32| {
            format!(r#"<table:table-row table:number-rows-repeated="{n}">{cells}</table:table-row>"#)
        };
        let table = |rows: String| format!(r#"<table:table table:name="T">{rows}</table:table>"#);
        assert_eq!(ods(&table(row(c("x", 16_384), 1_048_575))), 16_384 * 1_048_575);
        // Blank rows and columns before the data do not count; blanks between do.
        let blank_rows = r#"<table:table-row table:number-rows-repeated="500"><table:table-cell table:number-columns-repeated="3"/></table:table-row>"#;
        let gap = r#"<table:table-cell table:number-columns-repeated="5"/>"#;
        assert_eq!(ods(&table(format!("{blank_rows}{}", row(format!("{gap}{}{gap}{}", c("a", 1), c("b", 2)), 1)))), 8);
        assert_eq!(ods(&format!("{}{}", table(row(c("a", 2), 3)), table(row(c("b", 1), 1)))), 7, "tables add up");
        // What a cell holds is its text: rows or tables inside it do not reset the count.
        let nested = format!(
            r#"<table:table-cell office:value-type="string"><text:p>x</text:p><table:table-row><table:table-cell/></table:table-row>{}</table:table-cell>"#,
            table(row(c("n", 1), 1))
        );
        assert_eq!(ods(&table(row(format!("{nested}{}", c("b", 999)), 1000))), 1000 * 1000);
    }

    #[test]
    fn each_xls_sheet_entry_counts_the_sheet_it_points_at() {
        let bof = || record(BOF, &[0; 16]);
        let sheet = [bof(), cell(0, 0), cell(999, 9), record(EOF, &[])].concat();
        let entry = |at: u32| record(BOUNDSHEET, &[at.to_le_bytes().to_vec(), vec![0, 0, 1, 0, b'S']].concat());
        // Globals with three entries, all pointing at the one sheet after them.
        let globals_len = |n: usize| (4 + 16) + n * (4 + 9) + 4;
        let at = globals_len(3) as u32;
        let stream = [bof(), entry(at), entry(at), entry(at), record(EOF, &[]), sheet.clone()].concat();
        assert_eq!(xls_cells(stream.as_slice()).ok(), Some(3 * 10_000));
        let stray = [bof(), entry(at + 4), record(EOF, &[]), sheet].concat();
        assert!(matches!(xls_cells(stray.as_slice()), Err(XlsScan::Misplaced(_))));
    }
}
