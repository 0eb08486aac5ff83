//! The import reads XLSX through `kaifang-xlsx`; before, it read them through
//! calamine. Every cell must read the same either way: on every XLSX fixture
//! of the project, and on a workbook written here with what the fixtures' writers
//! do not produce (rich text with phonetic runs, `_x000D_` escapes, entities,
//! kept and trimmed spaces, custom and built-in date formats, durations, the
//! 1904 date system, booleans, errors, formula strings, cells and rows without
//! a reference).

use std::io::Write;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, DataRef, Reader, Xlsx};
use kaifang_core::import::sniff::Format;
use kaifang_core::import::workbook::{list_sheets, read_sheet, release, value_text, Value};
use kaifang_core::import::ImportError;

type Cells = Vec<(u64, usize, String)>;

/// Every non-empty cell as the import reads it: (1-based row, column, text),
/// or the import's refusal (a fixture past a limit).
fn ours(path: &Path, sheet: &str) -> Result<Cells, ImportError> {
    let mut out = Vec::new();
    let read = read_sheet(path, Format::Xlsx, sheet, &mut |row, raw| {
        for c in 0..raw.len() {
            let text = raw.cell(c);
            if !text.is_empty() {
                out.push((row, c, text.to_owned()));
            }
        }
        Ok(true)
    });
    release();
    read.map(|()| out)
}

/// The same through calamine's streaming reader, as the import used it.
fn calamines(path: &Path, sheet: &str) -> Cells {
    let mut book: Xlsx<_> = open_workbook(path).expect("calamine opens it");
    let mut cells = book.worksheet_cells_reader(sheet).expect("calamine finds the sheet");
    let mut out = Vec::new();
    while let Some(c) = cells.next_cell().expect("calamine reads it") {
        let (r, col) = c.get_position();
        let error;
        let v = match c.get_value() {
            DataRef::Int(i) => Value::Int(*i),
            DataRef::Float(f) => Value::Float(*f),
            DataRef::String(s) => Value::Text(s),
            DataRef::SharedString(s) => Value::Text(s),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(d) => Value::DateTime(*d),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Iso(s),
            DataRef::Error(e) => {
                error = e.to_string();
                Value::Error(error)
            }
            DataRef::Empty => Value::Empty,
        };
        let text = value_text(v).into_owned();
        if !text.is_empty() {
            out.push((u64::from(r) + 1, col as usize, text));
        }
    }
    out.sort();
    out
}

fn sorted(mut cells: Cells) -> Cells {
    cells.sort();
    cells
}

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut out = Vec::new();
    for dir in ["import", "layouts", "fuzz/workbook"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xlsx")) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_xlsx_fixture_reads_as_calamine_read_it() {
    let files = fixtures();
    assert!(files.len() >= 30, "the fixtures are there ({} found)", files.len());
    let mut compared = 0;
    for path in files {
        let Ok(sheets) = list_sheets(&path, Format::Xlsx) else {
            // A fixture made to be refused: calamine must refuse it too.
            assert!(open_workbook::<Xlsx<_>, _>(&path).is_err(), "{} is refused by one reader only", path.display());
            continue;
        };
        let mut names: Vec<String> = open_workbook::<Xlsx<_>, _>(&path).expect("calamine").sheet_names();
        names.sort();
        let mut listed: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
        listed.sort();
        assert_eq!(listed, names, "{}: the same sheets", path.display());
        for s in &sheets {
            match ours(&path, &s.name) {
                Ok(a) => {
                    assert_eq!(sorted(a.clone()), calamines(&path, &s.name), "{} / {}", path.display(), s.name);
                    compared += a.len();
                }
                // Past the column limit: refused by the import as before, by name.
                Err(e @ ImportError::TooManyColumns { .. }) => eprintln!("{}: {e}", path.display()),
                Err(e) => panic!("{}: {e}", path.display()),
            }
        }
    }
    assert!(compared > 2_000, "{compared} cells compared");
}

const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn write_zip(path: &Path, parts: &[(&str, String)]) {
    let file = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(*name, opts).expect("start");
        zip.write_all(body.as_bytes()).expect("write");
    }
    zip.finish().expect("finish");
}

fn workbook_with(sheet: &str, shared: &str, date1904: bool) -> Vec<(&'static str, String)> {
    let pr = if date1904 { r#"<workbookPr date1904="1"/>"# } else { "" };
    vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<?xml version="1.0"?><workbook {NS}>{pr}<sheets><sheet name="表 &amp; 一" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/styles.xml",
            format!(
                r#"<?xml version="1.0"?><styleSheet {NS}><numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="[h]:mm:ss"/><numFmt numFmtId="166" formatCode="0.00&quot;万元&quot;"/><numFmt numFmtId="167" formatCode="[$-804]yyyy/m/d h:mm"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="21"/></cellXfs></styleSheet>"#
            ),
        ),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0"?><worksheet {NS}><dimension ref="A1:H9"/><sheetData>{sheet}</sheetData></worksheet>"#)),
        ("xl/sharedStrings.xml", format!(r#"<?xml version="1.0"?><sst {NS}>{shared}</sst>"#)),
    ]
}

#[test]
fn a_workbook_with_every_kind_of_cell_reads_as_calamine_reads_it() {
    let shared = [
        "<si><t>姓名</t></si>",
        r#"<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve"> 三 </t></r><rPh sb="0" eb="1"><t>ちょう</t></rPh></si>"#,
        "<si><t>  trimmed \n</t></si>",
        r#"<si><t xml:space="preserve">  kept  </t></si>"#,
        "<si><t>line_x000D_break &amp; &lt;tag&gt; &#x4E00;&#20108;</t></si>",
        "<si><t>_x005F_x000D_ literal</t></si>",
        "<si/>",
        "<si><t></t></si>",
        "<si><t>备注</t></si>",
    ]
    .concat();
    let sheet = [
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>8</v></c><c r="C1" t="inlineStr"><is><t>日期</t></is></c><c t="inlineStr"><is><r><t>时</t></r><r><t>长</t></r></is></c></row>"#,
        r#"<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" s="1"><v>45292</v></c><c r="D2" s="3"><v>1.5</v></c><c r="E2" s="4"><v>12.5</v></c><c r="F2" s="5"><v>45292.75</v></c><c r="G2" s="6"><v>0.5</v></c></row>"#,
        r#"<row><c t="s"><v>3</v></c><c t="s"><v>4</v></c><c s="2"><v>44197</v></c><c t="b"><v>1</v></c><c t="b"><v>0</v></c><c t="e"><v>#DIV/0!</v></c><c t="str"><f>A1&amp;B1</f><v>a&amp;b</v></c></row>"#,
        r#"<row r="5"><c r="A5" t="s"><v>5</v></c><c r="B5" t="s"><v>6</v></c><c r="C5" t="s"><v>7</v></c><c r="D5"><v>130534194503122000</v></c><c r="E5"><v>0.1</v></c><c r="F5"><f>SUM(A1:A2)</f></c><c r="G5" t="n"><v>-42</v></c><c r="H5" t="d"><v>2024-01-05T00:00:00</v></c></row>"#,
        r#"<row r="9" spans="1:2"><c r="A9"><v>not a number</v></c><c r="B9" t="inlineStr"><v>ignored</v><is><t>&#12354;</t></is></c></row>"#,
    ]
    .concat();
    let dir = tempfile::tempdir().expect("tmp");
    for date1904 in [false, true] {
        let path = dir.path().join(format!("kinds-{date1904}.xlsx"));
        write_zip(&path, &workbook_with(&sheet, &shared, date1904));
        let sheets = list_sheets(&path, Format::Xlsx).expect("listed");
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].name, "表 & 一");
        assert_eq!((sheets[0].rows, sheets[0].columns, sheets[0].empty), (9, 8, false));
        let (a, b) = (sorted(ours(&path, "表 & 一").expect("read")), calamines(&path, "表 & 一"));
        assert_eq!(a, b, "1904: {date1904}");
        // And what that reading is, so that a change in both would show too.
        let at = |r: u64, c: usize| a.iter().find(|x| x.0 == r && x.1 == c).map(|x| x.2.as_str());
        assert_eq!(at(2, 0), Some("张 三 "), "rich text without its phonetic run");
        assert_eq!(at(2, 1), Some("trimmed"), "a run without xml:space is trimmed");
        assert_eq!(at(3, 0), Some("  kept  "), "a cell without a reference follows the one before");
        assert_eq!(at(3, 1), Some("line\rbreak & <tag> 一二"));
        assert_eq!(at(5, 0), Some("_x000D_ literal"));
        assert_eq!(at(2, 2), Some(if date1904 { "2028-01-02" } else { "2024-01-01" }));
        assert_eq!(at(2, 3), Some("36:00:00"), "a duration");
        assert_eq!(at(2, 4), Some("12.5"), "万元 is not a date");
        assert_eq!(at(3, 3), Some("TRUE"));
        assert_eq!(at(3, 5), Some("#DIV/0!"));
        assert_eq!(at(3, 6), Some("a&b"));
        assert_eq!(at(5, 3), Some("1.30534194503122E+17"));
        assert_eq!(at(5, 5), None, "a formula without its value");
        assert_eq!(at(9, 0), Some("not a number"));
        assert_eq!(at(9, 1), Some("あ"));
    }
}

/// A sheet part many times the size of one inflated chunk: read whole, stopped
/// after a few cells, and damaged in the middle of its compressed bytes. The
/// sheet is inflated on a thread of its own, ahead of the parser; none of the
/// three may hang or lose a cell.
#[test]
fn a_sheet_inflated_ahead_reads_whole_stops_early_and_reports_damage() {
    let rows = 40_000u32;
    let sheet: String = (1..=rows)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>{}</v></c><c r="B{r}"><v>{r}</v></c></row>"#, r % 3))
        .collect();
    let shared = "<si><t>城关镇</t></si><si><t>河口乡</t></si><si><t>石桥乡</t></si>";
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("big.xlsx");
    write_zip(&path, &workbook_with(&sheet, shared, false));
    let mut book = kaifang_xlsx::Package::open(&path).expect("opened");

    let mut dims = (0, 0);
    let (mut cells, mut sum, mut last_row) = (0u32, 0f64, 0u32);
    book.cells(0, &mut dims, &mut |r, c, v| {
        cells += 1;
        last_row = r;
        if let (1, kaifang_xlsx::Cell::Float(x)) = (c, v) {
            sum += x;
        }
        true
    })
    .expect("read whole");
    assert_eq!((cells, last_row), (2 * rows, rows - 1));
    assert_eq!(sum, f64::from(rows) * f64::from(rows + 1) / 2.0, "every number read once");

    let mut seen = 0;
    book.cells(0, &mut dims, &mut |_, _, _| {
        seen += 1;
        seen < 5
    })
    .expect("stopped early");
    assert_eq!(seen, 5, "the parser stops at once and the inflater with it");

    // Damage the middle of the file, inside the sheet's compressed bytes.
    let mut bytes = std::fs::read(&path).expect("read");
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 64] {
        *b ^= 0x5A;
    }
    let damaged = dir.path().join("damaged.xlsx");
    std::fs::write(&damaged, &bytes).expect("write");
    let mut book = kaifang_xlsx::Package::open(&damaged).expect("the directory at the end is intact");
    let mut read = 0u32;
    let result = book.cells(0, &mut (0, 0), &mut |_, _, _| {
        read += 1;
        true
    });
    assert!(result.is_err(), "damaged compressed bytes are an error, after {read} cells");
    assert!(read < 2 * rows);
}
