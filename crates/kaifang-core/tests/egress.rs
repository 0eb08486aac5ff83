//! The egress gate: what leaves the office, checked from outside the classifier.
//!
//! Every fixture and every corpus table is imported with the defaults, scanned
//! throughout as the app does, and every public artifact is written; then each
//! artifact is searched for the raw identifiers of the source, found here with the
//! validators and the corpus labels, not with the code under test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests fail loudly by design

mod common;

use std::path::Path;

use common::corpus::{corpus, to_csv, Table};
use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::{self, DatasetId, RowsQuery};
use kaifang_core::error::Coded;
use kaifang_core::export::{self, MetadataFormat};
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::pipeline::import_file;
use kaifang_core::sensitive::{self, validators as v, Category, Operator};
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, Workspace};

fn actor() -> Actor {
    Actor::new("clerk", Source::System)
}

fn workspace(dir: &Path) -> Workspace {
    Workspace::open(&dir.join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor()).unwrap()
}

fn import(ws: &mut Workspace, path: &Path) -> Vec<DatasetId> {
    let out = import_file(ws, path, &ImportOptions::default(), &actor(), &no_progress, &CancelToken::new()).unwrap();
    out.datasets.iter().map(|d| DatasetId(d.id)).collect()
}

/// Every stored cell of a dataset's latest version, row by row.
fn cells(ws: &Workspace, key: DatasetId) -> Vec<Vec<Option<String>>> {
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        let page = dataset::rows(ws.conn(), key, &RowsQuery { offset, limit: 5_000, ..Default::default() }).unwrap();
        if page.rows.is_empty() {
            return out;
        }
        offset += page.rows.len() as u64;
        out.extend(page.rows.into_iter().map(|r| r.cells));
    }
}

/// Identifiers in a value, by the validators alone: the whole value and every
/// run of ASCII letters and digits in it (an ID may end in X). `phones`: whether
/// a value that is nothing but a mobile-shaped number counts (not in a column
/// labelled as exam numbers, which look like mobiles).
fn raw_identifiers(value: &str, phones: bool, out: &mut Vec<String>) {
    let whole = value.trim();
    let strong = |s: &str, phone: bool| {
        v::id_card_18(s)
            || v::id_card_15(s)
            || (phone && v::mobile(s))
            || v::passport(s)
            // Card numbers start with an issuer's prefix (62 UnionPay, 4 Visa, 5 …).
            || (s.len() >= 16 && v::bank_card(s) && (s.starts_with("62") || s.starts_with(['4', '5'])) && !v::uscc(s))
    };
    if strong(whole, phones) {
        out.push(whole.to_owned());
    }
    for token in whole.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| t.len() >= 8) {
        if strong(token, phones || token.len() < whole.len()) {
            out.push(token.to_owned());
        }
    }
}

/// All public artifacts of a dataset, or the gate's refusal.
/// The public workbook's cells, read back, as lines of tab-separated text.
fn xlsx_text(ws: &Workspace, key: DatasetId) -> Result<String, ErrorCode> {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("public.xlsx");
    export::public_xlsx(ws.conn(), key, &path).map_err(|e| e.code())?;
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            text.push_str(&cells.join("\t"));
            text.push('\n');
        }
    }
    Ok(text)
}

fn artifacts(ws: &Workspace, key: DatasetId) -> Result<Vec<String>, ErrorCode> {
    let mut data = Vec::new();
    export::public_csv(ws.conn(), key, &mut data, true).map_err(|e| e.code())?;
    let mut dict = Vec::new();
    export::dictionary_csv(ws.conn(), key, &mut dict).map_err(|e| e.code())?;
    let mut docs = vec![String::from_utf8(data).unwrap(), String::from_utf8(dict).unwrap()];
    docs.push(xlsx_text(ws, key)?);
    for f in [MetadataFormat::DataPackage, MetadataFormat::Dcat, MetadataFormat::Ckan] {
        let doc = export::metadata_document(ws.conn(), key, f, "urn:test", Some("org")).map_err(|e| e.code())?;
        docs.push(doc.to_string());
    }
    Ok(docs)
}

fn leaks(docs: &[String], raw: &[String]) -> Vec<String> {
    raw.iter().filter(|r| docs.iter().any(|d| d.contains(r.as_str()))).cloned().collect()
}

const FIXTURES: &[&str] = &[
    "subsidy.xlsx",
    "subsidy.xlsm",
    "subsidy_gbk.csv",
    "subsidy_utf8_bom.csv",
    "ids_and_codes.csv",
    "clinics.xls",
    "schools.ods",
    "towns_utf16.txt",
    "ragged.csv",
    "quoted_multiline.csv",
    "semicolon.csv",
    "pipe.txt",
    "rare_chars_gb18030.csv",
    "mixed_encoding.csv",
    "picture.csv",
];

#[test]
fn every_fixture_leaves_the_office_without_a_raw_identifier() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import");
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let mut checked = 0;
    for name in FIXTURES {
        let path = fixtures.join(name);
        let Ok(out) =
            import_file(&mut ws, &path, &ImportOptions::default(), &actor(), &no_progress, &CancelToken::new())
        else {
            continue; // refused at import (its own tests say why): nothing to leak
        };
        for d in out.datasets {
            let key = DatasetId(d.id);
            sensitive::scan_and_save(&mut ws, key, true, &actor()).unwrap();
            let mut raw = Vec::new();
            for row in cells(&ws, key) {
                for c in row.iter().flatten() {
                    raw_identifiers(c, true, &mut raw);
                }
            }
            let docs = artifacts(&ws, key).unwrap_or_else(|c| panic!("{name}: defaults must pass the gate, got {c:?}"));
            assert!(leaks(&docs, &raw).is_empty(), "{name} leaks {:?}", leaks(&docs, &raw));
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} fixtures imported");
}

/// Labelled personal columns whose every value must stay inside, whatever shape.
fn personal_column(label: (Category, bool)) -> bool {
    label.1
        && matches!(
            label.0,
            Category::IdCard | Category::Phone | Category::BankCard | Category::Passport | Category::Identifier
        )
}

fn check_tables(tables: &[Table], what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    for (i, t) in tables.iter().enumerate() {
        let path = dir.path().join(format!("{i}.csv"));
        std::fs::write(&path, to_csv(t)).unwrap();
        let key = import(&mut ws, &path).remove(0);
        sensitive::scan_and_save(&mut ws, key, true, &actor()).unwrap();
        let width = t.headers.len();
        let mut raw = Vec::new();
        for row in &t.rows {
            for (c, value) in row.iter().enumerate().take(width) {
                if personal_column(t.labels[c]) && value.trim().len() >= 6 {
                    raw.push(value.trim().to_owned());
                } else if t.labels[c].1 || t.labels[c].0 == Category::None {
                    // A column labelled "none" holds no phones of its own (exam
                    // numbers); identifiers inside its text still count.
                    raw_identifiers(value, t.labels[c].0 != Category::None, &mut raw);
                }
            }
        }
        let docs = artifacts(&ws, key).unwrap_or_else(|c| {
            let gate = export::gate_check(ws.conn(), key).unwrap();
            panic!("{what} {} ({i}): defaults must pass the gate: {c:?} {:?}", t.name, gate.blocking)
        });
        let leaked = leaks(&docs, &raw);
        assert!(leaked.is_empty(), "{what} {} ({i}) leaks {} values, e.g. {:?}", t.name, leaked.len(), &leaked[..1]);
    }
}

#[test]
fn every_corpus_table_leaves_the_office_without_a_raw_identifier() {
    check_tables(&corpus(150, 29), "corpus");
}

#[test]
fn every_generalisation_table_leaves_the_office_without_a_raw_identifier() {
    check_tables(&common::generalise::corpus(41), "generalisation corpus");
}

/// 3,000 rows whose notes column says 无 until row 1,500, then holds resident IDs.
fn late_ids(dir: &Path) -> std::path::PathBuf {
    let mut csv = String::from("序号,事项,金额,说明\n");
    for i in 1..=3000 {
        let note = if i <= 1500 { "无".to_owned() } else { format!("身份证11010519491231002X，{i}号") };
        csv.push_str(&format!("{i},临时救助,{},{note}\n", 100 + i % 50));
    }
    let path = dir.join("临时救助.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn ids_below_row_1500_stop_at_the_gate_until_the_column_is_handled() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let key = import(&mut ws, &late_ids(dir.path())).remove(0);
    // The import scanned every row as it wrote them: the IDs are found at once.
    let imported = sensitive::saved(ws.conn(), key).unwrap().unwrap();
    assert!(imported.full);
    assert_eq!(imported.rows_scanned, 3000);
    assert_eq!(imported.columns[3].operator, Operator::Redact);
    // A quick scan (of the first 1,000 rows, as the scan tab can run) sees only
    // 无: the column looks harmless, and the gate must stop the IDs all the same.
    sensitive::scan_and_save(&mut ws, key, false, &actor()).unwrap();
    let quick = sensitive::saved(ws.conn(), key).unwrap().unwrap();
    assert!(!quick.full);
    assert_eq!(quick.columns[3].operator, Operator::Keep);
    let mut out = Vec::new();
    let err = export::public_csv(ws.conn(), key, &mut out, true).unwrap_err();
    assert_eq!(err.code(), ErrorCode::EgressBlocked, "{err}");
    let p = err.params();
    assert_eq!(p["column"], "说明");
    assert_eq!(p["hits"], "1500");
    // Row numbers as the clerk sees them in the spreadsheet (the header is row 1).
    assert!(p["rows"].starts_with("1502"), "{p:?}");
    let gate = export::gate_check(ws.conn(), key).unwrap();
    assert_eq!(gate.blocking.len(), 1);
    assert!(gate.blocking[0].examples.iter().all(|h| !h.masked.contains("19491231")), "hits are shown masked");
    assert_eq!(gate.blocking[0].fixes[0], Operator::Redact);

    // The whole-table scan finds them and redacts by default.
    let full = sensitive::scan_and_save(&mut ws, key, true, &actor()).unwrap();
    assert!(full.columns[3].finding.free_text);
    assert_eq!(full.columns[3].operator, Operator::Redact);
    assert!(export::gate_check(ws.conn(), key).unwrap().blocking.is_empty());

    // A clerk who keeps the column as is (it is not personal, so no reason is
    // asked) is stopped at the exit all the same.
    sensitive::set_policy(&mut ws, key, "说明", Operator::Keep, None, &actor()).unwrap();
    let err = export::public_csv(ws.conn(), key, &mut Vec::new(), true).unwrap_err();
    assert_eq!(err.code(), ErrorCode::EgressBlocked);
    // The one-click fix clears it, and nothing raw is written.
    sensitive::set_policy(&mut ws, key, "说明", Operator::Redact, None, &actor()).unwrap();
    let mut out = Vec::new();
    assert_eq!(export::public_csv(ws.conn(), key, &mut out, true).unwrap(), 3000);
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains("11010519491231002X"));
    assert!(text.contains("110105********002X"), "redacted the county's way");
    // Keeping it with a written reason is the clerk's decision, audited; the gate
    // lets it pass.
    sensitive::set_policy(&mut ws, key, "说明", Operator::Keep, Some("公示需要"), &actor()).unwrap();
    assert!(export::gate_check(ws.conn(), key).unwrap().blocking.is_empty());
}

#[test]
fn submitting_runs_the_whole_table_scan_and_the_gate() {
    use kaifang_core::review::{self, Role};
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let key = import(&mut ws, &late_ids(dir.path())).remove(0);
    let clerk = Actor::new("clerk", Source::Cli);
    common::people::first(&mut ws, "clerk", &[Role::Clerk]);
    let values: kaifang_core::metadata::Values = [
        ("description", "临时救助发放情况"),
        ("provider", "县民政局"),
        ("theme", "social_security"),
        ("open_type", "unconditional"),
        ("frequency", "monthly"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), serde_json::json!(v)))
    .collect();
    kaifang_core::metadata::set(&mut ws, key, &values, &clerk).unwrap();
    sensitive::set_policy(&mut ws, key, "说明", Operator::Keep, None, &clerk).unwrap();
    sensitive::disclosure::set_reason(&mut ws, key, Some("救助名单依规公示"), &clerk).unwrap();
    let err = review::submit(&mut ws, key, &clerk).unwrap_err();
    assert_eq!(err.code(), ErrorCode::EgressBlocked, "{err}");
    let scan = sensitive::saved(ws.conn(), key).unwrap().unwrap();
    assert!(scan.full, "submit ran the whole-table scan first");
    sensitive::set_policy(&mut ws, key, "说明", Operator::Redact, None, &clerk).unwrap();
    review::submit(&mut ws, key, &clerk).unwrap();
}

#[test]
fn hostile_values_get_a_clear_result_from_the_scan_and_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let path = dir.path().join("hostile.csv");
    std::fs::write(&path, "编号,备注\n1,a\n2,b\n3,c\n4,d\n").unwrap();
    let key = import(&mut ws, &path).remove(0);
    let table: String = ws
        .conn()
        .query_row("SELECT data_table FROM dataset_versions WHERE dataset_id = ?1", [key], |r| r.get(0))
        .unwrap();
    // Values no import would let in (a 10 MB cell) written straight into the table.
    let ten_mb = format!("{}13812345678", "9".repeat(10 << 20));
    let junk: String = (0u32..0x3000).filter_map(char::from_u32).collect();
    let emoji = "😀身份证11010519491231002X😀 Ωmega ١٢٣ 𠀀".to_owned();
    let mixed = "联系人：張偉 tel 138-1234-5678 ☎ email：a@b.cn".to_owned();
    for (row, value) in [(1, ten_mb), (2, junk), (3, emoji), (4, mixed)] {
        ws.conn()
            .execute(&format!("UPDATE {table} SET c1 = ?1 WHERE _row = ?2"), rusqlite::params![value, row])
            .unwrap();
    }
    let report = sensitive::scan_and_save(&mut ws, key, true, &actor()).unwrap();
    assert_eq!(report.rows_scanned, 4);
    assert_eq!(report.columns[1].operator, Operator::Redact, "identifiers in the notes: redact");
    let mut out = Vec::new();
    export::public_csv(ws.conn(), key, &mut out, true).unwrap();
    let text = String::from_utf8_lossy(&out);
    for raw in ["11010519491231002X", "1234-5678", "a@b.cn"] {
        assert!(!text.contains(raw), "{raw} left in the public copy");
    }
    // The 10 MB run of digits is one number, not a phone: it is kept, whole.
    assert!(text.len() > 10 << 20);
    sensitive::set_policy(&mut ws, key, "备注", Operator::Keep, None, &actor()).unwrap();
    let err = export::public_csv(ws.conn(), key, &mut Vec::new(), true).unwrap_err();
    assert_eq!(err.code(), ErrorCode::EgressBlocked);
    assert_eq!(err.params()["hits"], "3", "the ID, the phone and the email; {:?}", err.params());
}

#[test]
fn metadata_documents_pass_the_gate_except_for_the_offices_contact() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let path = dir.path().join("t.csv");
    std::fs::write(&path, "乡镇,户数\n城关镇,120\n河口乡,80\n").unwrap();
    let key = import(&mut ws, &path).remove(0);
    let set = |ws: &mut Workspace, field: &str, value: &str| {
        let values: kaifang_core::metadata::Values =
            [(field.to_owned(), serde_json::json!(value))].into_iter().collect();
        kaifang_core::metadata::set(ws, key, &values, &actor()).unwrap();
    };
    // The office's contact line may be a mobile: it is published on purpose.
    set(&mut ws, "contact_phone", "13812345678");
    for f in [MetadataFormat::DataPackage, MetadataFormat::Dcat, MetadataFormat::Ckan] {
        export::metadata_document(ws.conn(), key, f, "urn:test", Some("org")).unwrap();
    }
    // A resident's ID pasted into the summary is not.
    set(&mut ws, "description", "联系人身份证11010519491231002X");
    for f in [MetadataFormat::DataPackage, MetadataFormat::Dcat, MetadataFormat::Ckan] {
        let err = export::metadata_document(ws.conn(), key, f, "urn:test", Some("org")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::EgressBlocked, "{f:?}");
    }
}

#[test]
fn the_public_workbook_holds_the_csvs_cells_with_numbers_as_numbers_and_stops_at_the_gate() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let path = dir.path().join("补助.csv");
    std::fs::write(
        &path,
        "序号,姓名,联系电话,村代码,金额,说明\n\
         1,王伟,13812345678,0012,1200.5,无\n\
         2,李娜,13912345678,0034,800,低保户\n\
         3,张三,13712345678,0056,-30,\n",
    )
    .unwrap();
    let key = import(&mut ws, &path).remove(0);
    let mut csv = Vec::new();
    export::public_csv(ws.conn(), key, &mut csv, false).unwrap();
    let mut reader = csv::Reader::from_reader(&csv[..]);
    let csv_header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let csv: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    let book_path = dir.path().join("补助.xlsx");
    assert_eq!(export::public_xlsx(ws.conn(), key, &book_path).unwrap(), 3);
    let mut book: Xlsx<_> = open_workbook(&book_path).unwrap();
    assert_eq!(book.sheet_names(), ["数据"]);
    let range = book.worksheet_range("数据").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows.len(), 4, "the header and three rows");
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(header, csv_header, "the same columns as the CSV");
    for (r, row) in rows[1..].iter().enumerate() {
        let text: Vec<String> =
            row.iter().map(|c| if c == &Data::Empty { String::new() } else { c.to_string() }).collect();
        assert_eq!(text, csv[r], "row {r}: the same cells as the CSV");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[1][col("金额")], Data::Float(1200.5), "a number Excel can sum");
    assert_eq!(rows[3][col("金额")], Data::Float(-30.0));
    assert_eq!(rows[1][col("村代码")], Data::String("0012".into()), "a code keeps its zeros");
    assert!(!rows[1][col("联系电话")].to_string().contains("12345678"), "masked as in the CSV");

    // IDs below the rows a quick scan reads, their column kept: stopped at the
    // gate, and no file is left.
    let late = import(&mut ws, &late_ids(dir.path())).remove(0);
    sensitive::scan_and_save(&mut ws, late, false, &actor()).unwrap();
    let stopped = dir.path().join("stopped.xlsx");
    let err = export::public_xlsx(ws.conn(), late, &stopped).unwrap_err();
    assert_eq!(err.code(), ErrorCode::EgressBlocked);
    assert!(!stopped.exists());
}
