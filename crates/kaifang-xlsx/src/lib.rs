//! XLSX read directly from its parts, as a stream (Kaifang's import reads XLSX
//! through this crate; XLS, XLSB and ODS go through calamine).
//!
//! A crate of its own so that it is compiled with optimisations in every
//! profile (the workspace's `[profile.dev.package.kaifang-xlsx]`): the XML reader
//! is generic, so it would otherwise be compiled unoptimised into the core, and
//! the debug builds the tests run would read a large table ten times slower.
//!
//! calamine loads the shared-strings table whole, as one `String` per entry
//! (about 90 bytes each when they are short), before the first cell is read: a
//! 200,000-row workbook as Excel writes it took 113 MiB, and a 100-column one
//! could not be read at all. Here the table is one text buffer and one offset
//! per string, up to [`MEMORY_CAP`]; past it the rest goes to a temporary file
//! and is read back through a few cached windows (Excel numbers its strings in
//! order of first use, so a sheet read top to bottom mostly reads forward). The
//! sheet is streamed with quick-xml, and a cell's text is borrowed from the
//! table or from one reused buffer: no allocation per cell.
//!
//! Values read as calamine reads them (numbers with a date format become dates,
//! `_x000D_` escapes are undone, text outside `xml:space="preserve"` is trimmed of
//! ASCII white space, phonetic runs are left out), so an import reads the same
//! table as it did through calamine.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::Reader as XmlReader;
use quick_xml::XmlVersion;
use zip::ZipArchive;

/// The shared-strings part, as it expands, and its number of strings. The
/// table takes at most [`MEMORY_CAP`] of memory and the rest is spilled to a
/// temporary file, so only time and disk bound it (a 100-column, 200,000-row
/// sheet of distinct texts is 20 million strings in 250 MB of XML).
pub const MAX_SHARED_STRINGS: u64 = 2 << 30;
pub const MAX_SHARED_STRING_COUNT: u64 = 50_000_000;
/// Shared-string text (and offsets) kept in memory; the rest is spilled.
pub const MEMORY_CAP: usize = 16 << 20;
/// Excel's grid: rows past it hold no cell a person can see.
const MAX_ROW: u64 = 1_048_576;
/// Cached windows over a spilled file, and the size of each.
const WINDOWS: usize = 8;
const WINDOW_BYTES: usize = 256 << 10;

type Zip = ZipArchive<BufReader<File>>;
type Xml<'z> = XmlReader<BufReader<zip::read::ZipFile<'z, BufReader<File>>>>;

/// Why a workbook could not be read.
#[derive(Debug)]
pub enum Error {
    /// The file is not a readable XLSX: the text says what was wrong (the zip
    /// reader's and the XML reader's own messages are passed on as they are).
    Corrupt(String),
    /// The shared-strings table is past [`MAX_SHARED_STRINGS`] bytes or
    /// [`MAX_SHARED_STRING_COUNT`] strings (`strings` when it was counted).
    TooManyStrings { size: u64, strings: Option<u64> },
    /// Opening the file or spilling the table failed.
    Io(std::io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Corrupt(t) => f.write_str(t),
            Error::TooManyStrings { size, strings } => write!(f, "shared strings: {size} bytes, {strings:?} strings"),
            Error::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

/// A format problem; the zip and XML readers' own messages are passed on as
/// they are (the caller tells a part larger than it said by its message).
fn corrupt(detail: impl std::fmt::Display) -> Error {
    Error::Corrupt(detail.to_string())
}

/// A cell's value, borrowed from the reader until the next cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Float(f64),
    Text(&'a str),
    Bool(bool),
    /// An error value as Excel shows it (`#DIV/0!`).
    Error(&'a str),
    /// A `t="d"` cell: an ISO 8601 date as written.
    Iso(&'a str),
    /// A number shown with a date or time format (`duration` for elapsed
    /// time, as `[h]:mm`), as a serial day number of the workbook's system.
    Date {
        serial: f64,
        duration: bool,
        is_1904: bool,
    },
    Empty,
}

/// A sheet as the workbook lists it.
pub struct SheetEntry {
    pub name: String,
    pub hidden: bool,
    part: Option<String>,
}

/// How a style shows a number.
#[derive(Clone, Copy, PartialEq, Debug)]
enum NumberShape {
    Plain,
    Date,
    Duration,
}

/// An open XLSX: its sheets, shared strings and number styles.
pub struct Package {
    zip: Zip,
    /// Zip entry names, lower-cased, to their index (parts are named
    /// case-insensitively, as Excel reads them).
    entries: HashMap<String, usize>,
    pub sheets: Vec<SheetEntry>,
    strings: SharedStrings,
    styles: Vec<NumberShape>,
    is_1904: bool,
}

impl Package {
    /// Reads the workbook's parts (after the caller's zip checks).
    pub fn open(path: &Path) -> Result<Package, Error> {
        let file = File::open(path).map_err(Error::Io)?;
        let zip = ZipArchive::new(BufReader::new(file)).map_err(corrupt)?;
        let entries = (0..zip.len())
            .filter_map(|i| {
                zip.name_for_index(i).and_then(|n| n.ok()).map(|n| (n.trim_start_matches('/').to_lowercase(), i))
            })
            .collect();
        let mut p = Package {
            zip,
            entries,
            sheets: Vec::new(),
            strings: SharedStrings::new(),
            styles: Vec::new(),
            is_1904: false,
        };
        let workbook = p.office_document()?;
        let folder = workbook.rsplit_once('/').map_or(String::new(), |(f, _)| format!("{f}/"));
        let rels_path = format!("{folder}_rels/{}.rels", workbook.rsplit('/').next().unwrap_or(&workbook));
        let rels = p.relationships(&rels_path, &folder)?;
        p.read_workbook(&workbook, &rels)?;
        let target = |kind: &str, default: &str| {
            rels.values().find(|(t, _)| t.ends_with(kind)).map_or(format!("{folder}{default}"), |(_, p)| p.clone())
        };
        let styles = target("/styles", "styles.xml");
        let shared = target("/sharedStrings", "sharedStrings.xml");
        p.read_styles(&styles)?;
        p.read_shared_strings(&shared)?;
        Ok(p)
    }

    fn entry(&self, part: &str) -> Option<usize> {
        self.entries.get(&part.trim_start_matches('/').to_lowercase()).copied()
    }

    /// The part named `part` as an XML reader, or `None` when there is none.
    fn xml(&mut self, part: &str) -> Result<Option<Xml<'_>>, Error> {
        let Some(i) = self.entry(part) else { return Ok(None) };
        let entry = self.zip.by_index(i).map_err(corrupt)?;
        let mut xml = XmlReader::from_reader(BufReader::with_capacity(64 << 10, entry));
        xml.config_mut().check_end_names = false;
        Ok(Some(xml))
    }

    /// Where the workbook part is (`xl/workbook.xml` unless the package says).
    fn office_document(&mut self) -> Result<String, Error> {
        let rels = self.relationships("_rels/.rels", "")?;
        let found = rels.values().find(|(t, _)| t.ends_with("/officeDocument")).map(|(_, p)| p.clone());
        match found.filter(|p| self.entry(p).is_some()) {
            Some(p) => Ok(p),
            None if self.entry("xl/workbook.xml").is_some() => Ok("xl/workbook.xml".to_owned()),
            None => Err(corrupt("the workbook part is missing")),
        }
    }

    /// A relationships part: id → (type, target part resolved against `folder`).
    fn relationships(&mut self, part: &str, folder: &str) -> Result<HashMap<String, (String, String)>, Error> {
        let mut out = HashMap::new();
        let Some(mut xml) = self.xml(part)? else { return Ok(out) };
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(corrupt)? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                    let (mut id, mut kind, mut target, mut external) = (None, String::new(), None, false);
                    for a in e.attributes().flatten() {
                        let value = a.normalized_value(XmlVersion::Implicit1_0).map_err(corrupt)?.into_owned();
                        match a.key.as_ref() {
                            "Id" => id = Some(value),
                            "Type" => kind = value,
                            "Target" => target = Some(value),
                            "TargetMode" => external = value.eq_ignore_ascii_case("External"),
                            _ => {}
                        }
                    }
                    if let (Some(id), Some(target), false) = (id, target, external) {
                        out.insert(id, (kind, resolve(folder, &target)));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    fn read_workbook(&mut self, part: &str, rels: &HashMap<String, (String, String)>) -> Result<(), Error> {
        let mut xml = self.xml(part)?.ok_or_else(|| corrupt("the workbook part is missing"))?;
        let (mut sheets, mut is_1904) = (Vec::new(), false);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(corrupt)? {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "workbookPr" => {
                        is_1904 = attr(&e, "date1904")?.is_some_and(|v| v == "1" || v == "true");
                    }
                    "sheet" => {
                        let name = attr(&e, "name")?.unwrap_or_default();
                        let hidden = attr(&e, "state")?.is_some_and(|s| s != "visible");
                        // `r:id`, whatever the prefix is called.
                        let id = e.attributes().flatten().find(|a| {
                            let key = a.key.as_ref();
                            key != "sheetId" && (key == "id" || key.ends_with(":id"))
                        });
                        let id = id.map(|a| a.value.into_owned());
                        let part = id.and_then(|id| rels.get(&id)).map(|(_, p)| p.clone());
                        sheets.push(SheetEntry { name, hidden, part });
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        drop(xml);
        self.sheets = sheets;
        self.is_1904 = is_1904;
        Ok(())
    }

    /// Which cell styles show numbers as dates or durations.
    fn read_styles(&mut self, part: &str) -> Result<(), Error> {
        let Some(mut xml) = self.xml(part)? else { return Ok(()) };
        let mut custom: HashMap<u32, NumberShape> = HashMap::new();
        let (mut styles, mut in_xfs) = (Vec::new(), false);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(corrupt)? {
                Event::Start(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = true,
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "numFmt" => {
                        let id = attr(&e, "numFmtId")?.and_then(|v| v.parse().ok());
                        let code = attr(&e, "formatCode")?.unwrap_or_default();
                        if let Some(id) = id {
                            custom.insert(id, shape_of_format(&code));
                        }
                    }
                    "xf" if in_xfs => {
                        let id: u32 = attr(&e, "numFmtId")?.and_then(|v| v.parse().ok()).unwrap_or(0);
                        styles.push(custom.get(&id).copied().unwrap_or_else(|| builtin_shape(id)));
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
                Event::Eof => break,
                _ => {}
            }
        }
        drop(xml);
        self.styles = styles;
        Ok(())
    }

    fn read_shared_strings(&mut self, part: &str) -> Result<(), Error> {
        let size = self.entry(part).and_then(|i| self.zip.by_index_raw(i).ok().map(|e| e.size())).unwrap_or(0);
        let refuse = |strings| Error::TooManyStrings { size, strings };
        if size > MAX_SHARED_STRINGS {
            return Err(refuse(None));
        }
        let Some(mut xml) = self.xml(part)? else { return Ok(()) };
        let mut strings = SharedStrings::new();
        let (mut buf, mut bufs, mut text, mut run) = (Vec::new(), Bufs::default(), String::new(), String::new());
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(corrupt)? {
                Event::Start(e) if e.local_name().as_ref() == "si" => {
                    text.clear();
                    let Bufs(a, b, _) = &mut bufs;
                    read_rich_text(&mut xml, e.name(), a, b, &mut text, &mut run)?;
                    strings.push(&text).map_err(Error::Io)?;
                }
                Event::Empty(e) if e.local_name().as_ref() == "si" => {
                    strings.push("").map_err(Error::Io)?;
                }
                Event::Eof => break,
                _ => continue,
            }
            if strings.len() as u64 > MAX_SHARED_STRING_COUNT {
                return Err(refuse(Some(strings.len() as u64)));
            }
        }
        drop(xml);
        strings.finish().map_err(Error::Io)?;
        self.strings = strings;
        Ok(())
    }

    /// Streams the sheet's cells, in file order, as (0-based row, column, value),
    /// until `cell` returns `false`. `dims` receives the declared size.
    pub fn cells(
        &mut self,
        sheet: usize,
        dims: &mut (u32, u32),
        cell: &mut dyn FnMut(u32, u32, Cell<'_>) -> bool,
    ) -> Result<(), Error> {
        let missing = || corrupt("a sheet's part is missing");
        let part = self.sheets.get(sheet).and_then(|s| s.part.clone()).ok_or_else(missing)?;
        let index = self.entry(&part).ok_or_else(missing)?;
        let Package { zip, strings, styles, is_1904, .. } = self;
        let mut entry = zip.by_index(index).map_err(corrupt)?;
        let ctx = CellContext { styles, is_1904: *is_1904 };
        // The sheet is inflated on a thread of its own, a chunk ahead of the
        // parser: decompression is a tenth of the parser's work.
        let (send, chunks) = std::sync::mpsc::sync_channel::<std::io::Result<Vec<u8>>>(INFLATED_AHEAD);
        std::thread::scope(|scope| {
            scope.spawn(move || inflate(&mut entry, &send));
            let mut xml = XmlReader::from_reader(Inflated { chunks, chunk: Vec::new(), at: 0 });
            xml.config_mut().check_end_names = false;
            stream_cells(&mut xml, &ctx, strings, dims, cell)
        })
    }
}

/// Chunks of a sheet inflated ahead of the parser.
const INFLATED_AHEAD: usize = 4;
/// Bytes in one inflated chunk.
const INFLATED_CHUNK: usize = 256 << 10;

/// Reads `entry` to its end in chunks, until the parser stops listening.
fn inflate(entry: &mut impl Read, send: &std::sync::mpsc::SyncSender<std::io::Result<Vec<u8>>>) {
    loop {
        let mut chunk = vec![0u8; INFLATED_CHUNK];
        let mut filled = 0;
        let result = loop {
            match entry.read(&mut chunk[filled..]) {
                Ok(0) => break Ok(()),
                Ok(n) => {
                    filled += n;
                    if filled == chunk.len() {
                        break Ok(());
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => break Err(e),
            }
        };
        chunk.truncate(filled);
        let last = filled < INFLATED_CHUNK || result.is_err();
        let message = match result {
            Ok(()) => Ok(chunk),
            Err(e) => Err(e),
        };
        if (filled == 0 && message.is_ok()) || send.send(message).is_err() || last {
            return;
        }
    }
}

/// The parser's side of [`inflate`]: the chunks as one buffered reader.
struct Inflated {
    chunks: std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    at: usize,
}

impl Read for Inflated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let have = self.fill_buf()?;
            let n = have.len().min(out.len());
            out[..n].copy_from_slice(&have[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Inflated {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.at == self.chunk.len() {
            // A closed channel is the end of the part.
            match self.chunks.recv() {
                Ok(Ok(chunk)) => {
                    self.chunk = chunk;
                    self.at = 0;
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => {
                    self.chunk.clear();
                    self.at = 0;
                }
            }
        }
        Ok(&self.chunk[self.at..])
    }

    fn consume(&mut self, n: usize) {
        self.at = (self.at + n).min(self.chunk.len());
    }
}

/// [`Package::cells`] over a sheet's XML.
fn stream_cells<R: BufRead>(
    xml: &mut XmlReader<R>,
    ctx: &CellContext<'_>,
    strings: &mut SharedStrings,
    dims: &mut (u32, u32),
    cell: &mut dyn FnMut(u32, u32, Cell<'_>) -> bool,
) -> Result<(), Error> {
    let (mut buf, mut bufs, mut text, mut run) = (Vec::new(), Bufs::default(), String::new(), String::new());
    let (mut in_data, mut row, mut next_row, mut next_col) = (false, Some(0u32), 0u64, 0u64);
    loop {
        buf.clear();
        let (e, start) = match xml.read_event_into(&mut buf).map_err(corrupt)? {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) if e.local_name().as_ref() == "sheetData" => {
                in_data = false;
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        match e.local_name().as_ref() {
            "dimension" if !in_data => *dims = dimension(&attr(&e, "ref")?.unwrap_or_default()),
            "sheetData" => in_data = start,
            "row" if in_data => {
                let number = match e.try_get_attribute("r").map_err(corrupt)? {
                    Some(r) => row_number(&r.value).ok_or_else(|| corrupt(format!("row number {}", r.value)))?,
                    None => next_row + 1,
                };
                next_row = number;
                // Past Excel's grid: no one sees those cells.
                row = (number <= MAX_ROW).then(|| number as u32 - 1);
                next_col = 0;
            }
            "c" if in_data => {
                let (at, ty, style) = cell_attributes(&e)?;
                let (cell_row, col) = match at {
                    Some((r, c)) => (r, c),
                    None => (row.map(u64::from), next_col),
                };
                next_col = col + 1;
                if !start {
                    continue;
                }
                text.clear();
                let found = read_cell(xml, e.name(), ty, &mut bufs, &mut text, &mut run)?;
                let (Some(r), true) = (cell_row, found) else { continue };
                let (Ok(r), col) = (u32::try_from(r), u32::try_from(col).unwrap_or(u32::MAX)) else { continue };
                let value = ctx.value(ty, style, &text, strings)?;
                if !cell(r, col, value) {
                    return Ok(());
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Scratch buffers for reading inside an element, reused from cell to cell.
#[derive(Default)]
struct Bufs(Vec<u8>, Vec<u8>, Vec<u8>);

/// The type a cell's `t` attribute gives it.
#[derive(Clone, Copy, PartialEq, Debug)]
enum CellType {
    /// No `t`: a number, or text when it does not parse as one.
    Untyped,
    Number,
    Shared,
    Bool,
    Error,
    Str,
    Inline,
    Date,
}

/// A cell's reference (row 1-based → 0-based, `None` past the grid), type and style.
type CellAttrs = (Option<(Option<u64>, u64)>, CellType, usize);

fn cell_attributes(e: &BytesStart<'_>) -> Result<CellAttrs, Error> {
    let (mut at, mut ty, mut style) = (None, CellType::Untyped, 0usize);
    for a in e.attributes() {
        let a = a.map_err(corrupt)?;
        match a.key.as_ref() {
            "r" => at = Some(cell_reference(&a.value).ok_or_else(|| corrupt(format!("cell {}", a.value)))?),
            "t" => {
                ty = match a.value.as_ref() {
                    "n" => CellType::Number,
                    "s" => CellType::Shared,
                    "b" => CellType::Bool,
                    "e" => CellType::Error,
                    "str" => CellType::Str,
                    "inlineStr" => CellType::Inline,
                    "d" => CellType::Date,
                    other => return Err(corrupt(format!("cell type {other}"))),
                }
            }
            "s" => style = a.value.parse().unwrap_or(0),
            _ => {}
        }
    }
    Ok((at, ty, style))
}

/// `B12` → (row 11, column 1); a row past the grid is `None`. Letters that
/// overflow saturate (the column limit refuses them later, by name).
fn cell_reference(r: &str) -> Option<(Option<u64>, u64)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = r.split_at(letters);
    if letters == 0 || row.is_empty() {
        return None;
    }
    let col = col
        .bytes()
        .fold(0u64, |acc, b| acc.saturating_mul(26).saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1));
    let number = row_number(row)?;
    Some(((number <= MAX_ROW).then(|| number - 1), col - 1))
}

/// A 1-based row number; digits only (too many saturate).
fn row_number(r: &str) -> Option<u64> {
    if r.is_empty() || !r.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = r.bytes().fold(0u64, |acc, b| acc.saturating_mul(10).saturating_add(u64::from(b - b'0')));
    (n > 0).then_some(n)
}

/// `A1:L200001` → (200001, 12).
fn dimension(r: &str) -> (u32, u32) {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    match (cell_reference(a), cell_reference(b)) {
        (Some((Some(r0), c0)), Some((r1, c1))) => {
            let r1 = r1.unwrap_or(MAX_ROW - 1);
            let rows = r1.saturating_sub(r0) + 1;
            let cols = c1.saturating_sub(c0) + 1;
            (u32::try_from(rows).unwrap_or(u32::MAX), u32::try_from(cols).unwrap_or(u32::MAX))
        }
        _ => (0, 0),
    }
}

/// Reads a `<c>`'s children up to its end into `text`; whether it held a value.
fn read_cell<R: BufRead>(
    xml: &mut XmlReader<R>,
    end: QName<'_>,
    ty: CellType,
    bufs: &mut Bufs,
    text: &mut String,
    run: &mut String,
) -> Result<bool, Error> {
    let Bufs(buf, inner, third) = bufs;
    let mut found = false;
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(corrupt)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "v" if ty != CellType::Inline => {
                    read_text(xml, e.name(), inner, text)?;
                    found = true;
                }
                "is" => {
                    read_rich_text(xml, e.name(), inner, third, text, run)?;
                    found = true;
                }
                _ => {
                    xml.read_to_end_into(e.name(), inner).map_err(corrupt)?;
                }
            },
            Event::End(e) if e.name() == end => return Ok(found),
            Event::Eof => return Err(corrupt("the sheet ends inside a cell")),
            _ => {}
        }
    }
}

/// The text of an element without children (`<v>`, `<t>`), entities resolved.
fn read_text<R: BufRead>(
    xml: &mut XmlReader<R>,
    end: QName<'_>,
    buf: &mut Vec<u8>,
    out: &mut String,
) -> Result<(), Error> {
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(corrupt)? {
            Event::Text(t) => out.push_str(&t.xml10_content()),
            Event::CData(t) => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match resolve_entity(&r) {
                Some(c) => out.push(c),
                None => return Err(corrupt(format!("unknown entity &{};", &*r))),
            },
            Event::End(e) if e.name() == end => return Ok(()),
            Event::Eof => return Err(corrupt("the part ends inside a value")),
            _ => {}
        }
    }
}

/// A string item (`<si>` or `<is>`): its `<t>` runs joined, phonetic runs left
/// out, each run trimmed of ASCII white space unless it preserves it, and
/// `_xHHHH_` escapes undone.
fn read_rich_text<R: BufRead>(
    xml: &mut XmlReader<R>,
    end: QName<'_>,
    buf: &mut Vec<u8>,
    inner: &mut Vec<u8>,
    out: &mut String,
    run: &mut String,
) -> Result<(), Error> {
    let mut phonetic = 0usize;
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(corrupt)? {
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic += 1,
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = phonetic.saturating_sub(1),
            Event::Start(e) if e.local_name().as_ref() == "t" && phonetic == 0 => {
                let preserve = e.try_get_attribute("xml:space").ok().flatten().is_some_and(|a| a.value == "preserve");
                run.clear();
                read_text(xml, e.name(), inner, run)?;
                let text = if preserve { run.as_str() } else { run.trim_matches([' ', '\t', '\r', '\n']) };
                push_unescaped(out, text);
            }
            Event::End(e) if e.name() == end => return Ok(()),
            Event::Eof => return Err(corrupt("the part ends inside a string")),
            _ => {}
        }
    }
}

/// The five XML entities and character references; anything else (a DTD's
/// own entities, which are never expanded) is refused by the caller.
fn resolve_entity(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    match &**r {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => r.resolve_char_ref().ok().flatten(),
    }
}

/// Appends `s` with Office's `_xHHHH_` escapes undone (a UTF-16 unit each;
/// `_x005F_` escapes the underscore of a literal `_x…_`).
fn push_unescaped(out: &mut String, s: &str) {
    let mut rest = s;
    let mut pending_high: Option<u16> = None;
    while let Some(at) = rest.find("_x") {
        let unit =
            rest.get(at + 2..at + 7).filter(|t| t.ends_with('_')).and_then(|t| u16::from_str_radix(&t[..4], 16).ok());
        let Some(unit) = unit else {
            if let Some(_high) = pending_high.take() {
                out.push(char::REPLACEMENT_CHARACTER);
            }
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            continue;
        };
        if at > 0 {
            if pending_high.take().is_some() {
                out.push(char::REPLACEMENT_CHARACTER);
            }
            out.push_str(&rest[..at]);
        }
        match (pending_high.take(), unit) {
            (Some(high), 0xDC00..=0xDFFF) => {
                let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            (previous, 0xD800..=0xDBFF) => {
                if previous.is_some() {
                    out.push(char::REPLACEMENT_CHARACTER);
                }
                pending_high = Some(unit);
            }
            (previous, unit) => {
                if previous.is_some() {
                    out.push(char::REPLACEMENT_CHARACTER);
                }
                out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
        }
        rest = &rest[at + 7..];
    }
    if pending_high.is_some() {
        out.push(char::REPLACEMENT_CHARACTER);
    }
    out.push_str(rest);
}

/// What a cell's value needs from the workbook.
struct CellContext<'a> {
    styles: &'a [NumberShape],
    is_1904: bool,
}

impl CellContext<'_> {
    fn value<'v>(
        &self,
        ty: CellType,
        style: usize,
        text: &'v str,
        strings: &'v mut SharedStrings,
    ) -> Result<Cell<'v>, Error> {
        let bad = |what: &str| corrupt(format!("{what} {text:?}"));
        Ok(match ty {
            CellType::Shared => {
                if text.is_empty() {
                    return Ok(Cell::Empty);
                }
                let index: usize = text.trim().parse().map_err(|_| bad("shared string"))?;
                let found = strings.get(index).map_err(Error::Io)?;
                Cell::Text(found.ok_or_else(|| corrupt("a cell names a shared string that is not there"))?)
            }
            CellType::Inline | CellType::Str => Cell::Text(text),
            CellType::Bool => Cell::Bool(text.trim() != "0" && !text.trim().eq_ignore_ascii_case("false")),
            // Excel's error values (#DIV/0!, #N/A, … and the newer #SPILL!, #CALC!)
            // read as Excel shows them.
            CellType::Error => {
                let t = text.trim();
                if t.len() > 1 && t.len() <= 16 && t.starts_with('#') && !t.contains(char::is_whitespace) {
                    Cell::Error(t)
                } else {
                    return Err(bad("cell error"));
                }
            }
            CellType::Date => Cell::Iso(text),
            CellType::Untyped | CellType::Number => {
                if text.is_empty() {
                    return Ok(Cell::Empty);
                }
                match text.trim().parse::<f64>() {
                    Ok(n) => match self.styles.get(style).copied().unwrap_or(NumberShape::Plain) {
                        NumberShape::Plain => Cell::Float(n),
                        shape => {
                            Cell::Date { serial: n, duration: shape == NumberShape::Duration, is_1904: self.is_1904 }
                        }
                    },
                    Err(_) if ty == CellType::Untyped => Cell::Text(text),
                    Err(_) => return Err(bad("number")),
                }
            }
        })
    }
}

/// Built-in number formats that show dates or times (ECMA-376 18.8.30, with
/// the East Asian ones).
fn builtin_shape(id: u32) -> NumberShape {
    match id {
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => NumberShape::Date,
        46 => NumberShape::Duration,
        _ => NumberShape::Plain,
    }
}

/// Whether a custom format code shows a date, a time of day or an elapsed
/// time. Only the first section counts; quoted text, escaped characters and
/// bracketed modifiers (`[Red]`, `[$-804]`, `[DBNum1]`) are not tokens, but an
/// elapsed-time bracket (`[h]`, `[mm]`, `[ss]`) makes it a duration.
fn shape_of_format(code: &str) -> NumberShape {
    let mut chars = code.chars();
    let mut date = false;
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            '"' => {
                chars.by_ref().find(|&q| q == '"');
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                let inside: String = chars.by_ref().take_while(|&b| b != ']').collect::<String>().to_ascii_lowercase();
                let first = inside.chars().next();
                if first.is_some_and(|f| "hms".contains(f) && inside.chars().all(|b| b == f)) {
                    return NumberShape::Duration;
                }
            }
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' => date = true,
            _ => {}
        }
    }
    if date {
        NumberShape::Date
    } else {
        NumberShape::Plain
    }
}

fn attr(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, Error> {
    match e.try_get_attribute(key).map_err(corrupt)? {
        Some(a) => Ok(Some(a.normalized_value(XmlVersion::Implicit1_0).map_err(corrupt)?.into_owned())),
        None => Ok(None),
    }
}

/// `worksheets/sheet1.xml` against `xl/` is `xl/worksheets/sheet1.xml`; an
/// absolute target starts at the package root; `..` steps out.
fn resolve(folder: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_owned(),
        None => format!("{folder}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The shared-strings table: one buffer and one offset per string, spilling
/// to a temporary file past [`MEMORY_CAP`].
pub struct SharedStrings {
    text: String,
    ends: Vec<u32>,
    spill: Option<Spill>,
}

impl SharedStrings {
    fn new() -> Self {
        SharedStrings { text: String::new(), ends: Vec::new(), spill: None }
    }

    fn len(&self) -> usize {
        self.ends.len() + self.spill.as_ref().map_or(0, |s| s.count)
    }

    fn push(&mut self, s: &str) -> std::io::Result<()> {
        if self.spill.is_none() && self.text.len() + s.len() + 4 * (self.ends.len() + 1) <= MEMORY_CAP {
            self.text.push_str(s);
            self.ends.push(self.text.len() as u32);
            return Ok(());
        }
        let spill = match &mut self.spill {
            Some(s) => s,
            None => self.spill.insert(Spill::new()?),
        };
        spill.push(s)
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        match &mut self.spill {
            Some(s) => s.finish(),
            None => Ok(()),
        }
    }

    /// String `i`, or `None` when the table has no such string.
    fn get(&mut self, i: usize) -> std::io::Result<Option<&str>> {
        if i < self.ends.len() {
            let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
            return Ok(self.text.get(start..self.ends[i] as usize));
        }
        match &mut self.spill {
            Some(s) => s.get(i - self.ends.len()),
            None => Ok(None),
        }
    }
}

/// Strings past the memory cap: their text in one temporary file, their end
/// offsets (u32, little-endian) in another. The files are deleted by the OS
/// when closed, however the import ends.
struct Spill {
    count: usize,
    text_len: u64,
    text: Paged,
    ends: Paged,
}

impl Spill {
    fn new() -> std::io::Result<Spill> {
        Ok(Spill { count: 0, text_len: 0, text: Paged::new()?, ends: Paged::new()? })
    }

    fn push(&mut self, s: &str) -> std::io::Result<()> {
        self.text.write(s.as_bytes())?;
        self.text_len += s.len() as u64;
        let end = u32::try_from(self.text_len).map_err(|_| std::io::Error::other("shared strings past 4 GB"))?;
        self.ends.write(&end.to_le_bytes())?;
        self.count += 1;
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.text.finish()?;
        self.ends.finish()
    }

    fn get(&mut self, i: usize) -> std::io::Result<Option<&str>> {
        if i >= self.count {
            return Ok(None);
        }
        let (start, end) = if i == 0 {
            let e = self.ends.read(0, 4)?;
            (0, u32::from_le_bytes([e[0], e[1], e[2], e[3]]))
        } else {
            let e = self.ends.read((i as u64 - 1) * 4, 8)?;
            (u32::from_le_bytes([e[0], e[1], e[2], e[3]]), u32::from_le_bytes([e[4], e[5], e[6], e[7]]))
        };
        let len = end.saturating_sub(start) as usize;
        let bytes = self.text.read(u64::from(start), len)?;
        Ok(std::str::from_utf8(bytes).ok())
    }
}

/// An append-then-read temporary file read back through a few cached windows.
struct Paged {
    writer: Option<BufWriter<File>>,
    file: Option<File>,
    len: u64,
    windows: Vec<Window>,
    clock: u64,
}

struct Window {
    start: u64,
    bytes: Vec<u8>,
    used: u64,
}

impl Paged {
    fn new() -> std::io::Result<Paged> {
        let file = tempfile::tempfile()?;
        Ok(Paged {
            writer: Some(BufWriter::with_capacity(1 << 20, file)),
            file: None,
            len: 0,
            windows: Vec::new(),
            clock: 0,
        })
    }

    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let w = self.writer.as_mut().ok_or_else(|| std::io::Error::other("the file is closed for writing"))?;
        w.write_all(bytes)?;
        self.len += bytes.len() as u64;
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        if let Some(w) = self.writer.take() {
            self.file = Some(w.into_inner().map_err(|e| e.into_error())?);
        }
        Ok(())
    }

    /// `len` bytes at `start`, from a cached window or a fresh read.
    fn read(&mut self, start: u64, len: usize) -> std::io::Result<&[u8]> {
        self.clock += 1;
        let end = start + len as u64;
        if end > self.len {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "past the end of the spilled table"));
        }
        let hit = self.windows.iter().position(|w| w.start <= start && end <= w.start + w.bytes.len() as u64);
        let at = match hit {
            Some(at) => at,
            None => {
                let file =
                    self.file.as_mut().ok_or_else(|| std::io::Error::other("the table is still being written"))?;
                let size = (WINDOW_BYTES.max(len) as u64).min(self.len - start) as usize;
                let at = if self.windows.len() < WINDOWS {
                    self.windows.push(Window { start, bytes: Vec::new(), used: 0 });
                    self.windows.len() - 1
                } else {
                    (0..self.windows.len()).min_by_key(|&i| self.windows[i].used).unwrap_or(0)
                };
                let w = &mut self.windows[at];
                w.start = start;
                w.bytes.resize(size, 0);
                file.seek(SeekFrom::Start(start))?;
                file.read_exact(&mut w.bytes)?;
                at
            }
        };
        let w = &mut self.windows[at];
        w.used = self.clock;
        let from = (start - w.start) as usize;
        Ok(&w.bytes[from..from + len])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_read_as_excel_numbers_them() {
        assert_eq!(cell_reference("A1"), Some((Some(0), 0)));
        assert_eq!(cell_reference("AB12"), Some((Some(11), 27)));
        assert_eq!(cell_reference("xfd1048576"), Some((Some(1_048_575), 16_383)));
        assert_eq!(cell_reference("A1048577"), Some((None, 0)), "past the grid");
        assert_eq!(cell_reference("A99999999999999999999"), Some((None, 0)));
        assert_eq!(cell_reference(""), None);
        assert_eq!(cell_reference("12"), None);
        assert_eq!(cell_reference("A-1"), None);
        assert!(cell_reference("ZZZZZZZZ1").is_some_and(|(_, c)| c > 1_000_000));
        assert_eq!(dimension("A1:L200001"), (200_001, 12));
        assert_eq!(dimension("B3"), (1, 1));
        assert_eq!(dimension(""), (0, 0));
    }

    #[test]
    fn date_formats_are_told_from_number_formats() {
        for date in [
            "yyyy/m/d",
            "yyyy\"年\"m\"月\"d\"日\"",
            "[$-F800]dddd, mmmm dd, yyyy",
            "h:mm AM/PM",
            "m/d/yy h:mm",
            "[DBNum1]yyyy年m月",
        ] {
            assert_eq!(shape_of_format(date), NumberShape::Date, "{date}");
        }
        for plain in
            ["General", "0.00", "#,##0.00_);[Red](#,##0.00)", "0.0\"万元\"", "@", "0.00E+00", "\"day\"0", "[Red]0"]
        {
            assert_eq!(shape_of_format(plain), NumberShape::Plain, "{plain}");
        }
        for elapsed in ["[h]:mm:ss", "[mm]:ss", "[ss]"] {
            assert_eq!(shape_of_format(elapsed), NumberShape::Duration, "{elapsed}");
        }
        assert_eq!(builtin_shape(14), NumberShape::Date);
        assert_eq!(builtin_shape(46), NumberShape::Duration);
        assert_eq!(builtin_shape(49), NumberShape::Plain);
    }

    #[test]
    fn office_escapes_are_undone() {
        let mut out = String::new();
        push_unescaped(&mut out, "a_x000D_b _x005F_x000D_ _xD83D__xDCF7_ _x41 x_");
        assert_eq!(out, "a\rb _x000D_ 📷 _x41 x_");
    }

    #[test]
    fn relationship_targets_resolve_against_their_folder() {
        assert_eq!(resolve("xl/", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/", "../customXml/item1.xml"), "customXml/item1.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
    }

    #[test]
    fn a_table_past_the_memory_cap_spills_and_reads_back_in_any_order() {
        let mut t = SharedStrings::new();
        let n = MEMORY_CAP / 8 + 50_000;
        for i in 0..n {
            t.push(&format!("值{i}")).unwrap();
        }
        t.finish().unwrap();
        assert!(t.spill.is_some(), "past the cap the table spills");
        assert!(t.text.len() + 4 * t.ends.len() <= MEMORY_CAP);
        assert_eq!(t.len(), n);
        let mut order: Vec<usize> = (0..n).step_by(997).collect();
        order.extend([n - 1, 0, t.ends.len(), t.ends.len() - 1, t.ends.len() + 1]);
        order.reverse();
        for i in order {
            assert_eq!(t.get(i).unwrap(), Some(format!("值{i}").as_str()), "string {i}");
        }
        assert_eq!(t.get(n).unwrap(), None);
    }

    /// A workbook whose shared strings are past the memory cap: the sheet's
    /// cells name strings on both sides of it, out of order, and read back.
    #[test]
    fn a_workbook_past_the_memory_cap_reads_every_string() {
        use std::io::Write as _;
        let n = MEMORY_CAP / 12 + 100_000;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.xlsx");
        let mut zip = zip::ZipWriter::new(File::create(&path).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        let part = |zip: &mut zip::ZipWriter<File>, name: &str, body: &str| {
            zip.start_file(name, opts).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        };
        part(
            &mut zip,
            "xl/workbook.xml",
            r#"<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        );
        part(
            &mut zip,
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        );
        zip.start_file("xl/sharedStrings.xml", opts).unwrap();
        zip.write_all(b"<sst>").unwrap();
        for i in 0..n {
            write!(zip, "<si><t>\u{5b57}{i:08}</t></si>").unwrap();
        }
        zip.write_all(b"</sst>").unwrap();
        let picks = [n - 1, 3, n / 2, 0, n - 2, 1, n / 3];
        let cells: String = picks
            .iter()
            .enumerate()
            .map(|(r, i)| format!(r#"<row r="{}"><c r="A{}" t="s"><v>{i}</v></c></row>"#, r + 1, r + 1))
            .collect();
        part(&mut zip, "xl/worksheets/sheet1.xml", &format!("<worksheet><sheetData>{cells}</sheetData></worksheet>"));
        zip.finish().unwrap();

        let mut book = Package::open(&path).unwrap();
        assert!(book.strings.spill.is_some(), "the table spilled");
        assert_eq!(book.strings.len(), n);
        let mut read = Vec::new();
        book.cells(0, &mut (0, 0), &mut |r, c, v| {
            read.push((r, c, format!("{v:?}")));
            true
        })
        .unwrap();
        let want: Vec<(u32, u32, String)> =
            picks.iter().enumerate().map(|(r, i)| (r as u32, 0, format!("Text(\"\u{5b57}{i:08}\")"))).collect();
        assert_eq!(read, want);
    }
}
