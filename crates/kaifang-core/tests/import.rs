//! Importing the fixture files under tests/fixtures/import (made by
//! tests/fixtures/make_fixtures.py) and files the tests write themselves: what was
//! detected, what was stored, and that bad input leaves the workspace untouched.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::{self, DatasetId, RowsQuery};
use kaifang_core::error::Coded;
use kaifang_core::import::{
    inspect, ColumnType, Format, ImportError, ImportOptions, ImportOutcome, LayoutDecision, RaggedStrategy, RowRole,
    SheetChoice, TextEncoding,
};
use kaifang_core::jobs::{no_progress, CancelToken, Progress};
use kaifang_core::pipeline::import_file;
use kaifang_core::profile::FindingKind;
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, Workspace};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import").join(name)
}

struct Ws {
    _dir: tempfile::TempDir,
    ws: Workspace,
}

fn workspace() -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor()).unwrap();
    Ws { _dir: dir, ws }
}

fn actor() -> Actor {
    Actor::new("clerk", Source::System)
}

fn import(ws: &mut Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportOutcome, ImportError> {
    import_file(ws, path, opts, &actor(), &no_progress, &CancelToken::new())
}

fn all_rows(ws: &Workspace, id: i64) -> Vec<Vec<Option<String>>> {
    let page = dataset::rows(ws.conn(), DatasetId(id), &RowsQuery { limit: 5000, ..Default::default() }).unwrap();
    page.rows.into_iter().map(|r| r.cells).collect()
}

fn names(outcome: &ImportOutcome) -> Vec<&str> {
    outcome.datasets[0].columns.iter().map(|c| c.name.as_str()).collect()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

/// Tables in the workspace file: a failed import must leave the same set.
fn tables(ws: &Workspace) -> Vec<String> {
    let mut stmt = ws.conn().prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_gbk_subsidy_list_with_title_rows_two_row_header_and_totals() {
    let mut w = workspace();
    let out = import(&mut w.ws, &fixture("subsidy_gbk.csv"), &ImportOptions::default()).unwrap();
    let d = &out.datasets[0];
    assert_eq!(d.encoding.as_deref(), Some("GBK"));
    assert_eq!(d.name, "某某县2024年城乡低保发放名单", "the title row names the dataset");
    assert_eq!(names(&out), vec!["序号", "姓名", "身份证号", "上半年", "下半年", "联系电话", "家庭住址"]);
    assert_eq!(d.columns[3].group.as_deref(), Some("补贴金额"), "the merged parent is kept as a group");
    assert_eq!(d.header_rows, vec![3, 4]);
    assert_eq!(d.title_rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(d.rows, 4, "four people, no totals or signature rows");
    assert_eq!(d.notes_rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![9, 10]);
    assert!(d.notes_rows[0].text.starts_with("合计"), "{:?}", d.notes_rows);
    let types: Vec<ColumnType> = d.columns.iter().map(|c| c.ty).collect();
    assert_eq!(
        types,
        vec![
            ColumnType::Integer,
            ColumnType::Text,
            ColumnType::Code,
            ColumnType::Decimal,
            ColumnType::Decimal,
            ColumnType::Integer,
            ColumnType::Text
        ]
    );
    let rows = all_rows(&w.ws, d.id);
    assert_eq!(rows[1][1], s("欧阳娜娜"));
    assert_eq!(rows[0][2], s("11010519491231002X"), "IDs are stored as written");
    assert_eq!(rows[1][4], None, "an empty cell is stored as empty");
    assert_eq!(rows[2][3], s("250.5"));
}

#[test]
fn utf8_with_bom_reads_the_same_as_gbk() {
    let mut a = workspace();
    let gbk = import(&mut a.ws, &fixture("subsidy_gbk.csv"), &ImportOptions::default()).unwrap();
    let utf8 = import(&mut a.ws, &fixture("subsidy_utf8_bom.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(utf8.datasets[0].encoding.as_deref(), Some("UTF-8 (BOM)"));
    assert_eq!(names(&utf8), names(&gbk), "no byte-order mark left in the first header");
    assert_eq!(all_rows(&a.ws, utf8.datasets[0].id), all_rows(&a.ws, gbk.datasets[0].id));
}

#[test]
fn utf16_tab_separated_text_from_excel() {
    let mut w = workspace();
    let out = import(&mut w.ws, &fixture("towns_utf16.txt"), &ImportOptions::default()).unwrap();
    assert_eq!(out.datasets[0].encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(names(&out), vec!["序号", "乡镇", "户数"]);
    assert_eq!(
        all_rows(&w.ws, out.datasets[0].id),
        vec![vec![s("1"), s("城关镇"), s("120")], vec![s("2"), s("河口乡"), s("87")]]
    );
}

#[test]
fn gb18030_only_characters_survive() {
    let mut w = workspace();
    let out = import(&mut w.ws, &fixture("rare_chars_gb18030.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(out.datasets[0].encoding.as_deref(), Some("GB18030"));
    let rows = all_rows(&w.ws, out.datasets[0].id);
    assert_eq!(rows[0][0], s("𠀀村"));
    assert_eq!(rows[1][0], s("䶮家庄"));
}

#[test]
fn delimiters_quotes_and_line_breaks() {
    let mut w = workspace();
    let semi = import(&mut w.ws, &fixture("semicolon.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(all_rows(&w.ws, semi.datasets[0].id)[0], vec![s("甲"), s("1,5"), s("含;分号")]);
    let pipe = import(&mut w.ws, &fixture("pipe.txt"), &ImportOptions::default()).unwrap();
    assert_eq!(names(&pipe), vec!["code", "name"]);
    assert_eq!(pipe.datasets[0].columns[0].ty, ColumnType::Code, "001 keeps its zeros");
    let quoted = import(&mut w.ws, &fixture("quoted_multiline.csv"), &ImportOptions::default()).unwrap();
    let rows = all_rows(&w.ws, quoted.datasets[0].id);
    assert_eq!(rows[0][1], s("第一行\r\n第二行"), "a line break inside quotes is part of the cell");
    assert_eq!(rows[1][1], s("他说\"你好\""));
}

#[test]
fn ids_and_codes_are_kept_as_written_and_flagged() {
    let mut w = workspace();
    let out = import(&mut w.ws, &fixture("ids_and_codes.csv"), &ImportOptions::default()).unwrap();
    let d = &out.datasets[0];
    let rows = all_rows(&w.ws, d.id);
    assert_eq!(rows[0][1], s("1.30534194503122E+17"));
    assert_eq!(rows[0][2], s("0012"), "leading zeros are never lost");
    assert_eq!(rows[2][3], s("１３７００００００００"));
    let kinds: Vec<(FindingKind, Option<u32>)> = d.findings.iter().map(|f| (f.kind, f.column)).collect();
    assert!(kinds.contains(&(FindingKind::ExcelMangledNumbers, Some(1))), "{kinds:?}");
    assert!(kinds.contains(&(FindingKind::LeadingZeros, Some(2))));
    assert!(kinds.contains(&(FindingKind::SurroundingSpaces, Some(1))));
    assert!(kinds.contains(&(FindingKind::FullWidthDigits, Some(3))));
    let mangled = d.findings.iter().find(|f| f.kind == FindingKind::ExcelMangledNumbers).unwrap();
    assert_eq!(mangled.rows, vec![2], "the finding names the source row");
}

#[test]
fn ragged_rows_by_strategy() {
    let mut w = workspace();
    let extras = import(&mut w.ws, &fixture("ragged.csv"), &ImportOptions::default()).unwrap();
    let d = &extras.datasets[0];
    assert_eq!(names(&extras), vec!["a", "b", "c", "多余单元格"]);
    let rows = all_rows(&w.ws, d.id);
    assert_eq!(rows[1], vec![s("4"), s("5"), None, None], "a short row is padded");
    assert_eq!(rows[2], vec![s("6"), s("7"), s("8"), s(r#"["9","10"]"#)], "extra cells are kept, not lost");
    assert!(d.findings.iter().any(|f| f.kind == FindingKind::RaggedRows && f.rows == vec![4]));

    let mut w2 = workspace();
    let pad = import(
        &mut w2.ws,
        &fixture("ragged.csv"),
        &ImportOptions { ragged: RaggedStrategy::Pad, ..Default::default() },
    )
    .unwrap();
    assert_eq!(names(&pad), vec!["a", "b", "c"]);
    assert_eq!(pad.datasets[0].dropped_cells, 2, "the report counts what pad dropped");

    let mut w3 = workspace();
    let before = tables(&w3.ws);
    let err = import(
        &mut w3.ws,
        &fixture("ragged.csv"),
        &ImportOptions { ragged: RaggedStrategy::Fail, ..Default::default() },
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Ragged { row: 3, found: 2, expected: 3 }), "{err:?}");
    assert_eq!(tables(&w3.ws), before, "a failed import leaves no table behind");
}

#[test]
fn an_xlsx_with_merged_title_two_row_header_dates_and_mangled_ids() {
    let mut w = workspace();
    let out = import(&mut w.ws, &fixture("subsidy.xlsx"), &ImportOptions::default()).unwrap();
    let d = &out.datasets[0];
    assert_eq!(d.sheet.as_deref(), Some("低保名单"));
    assert_eq!(d.format, Format::Xlsx);
    assert_eq!(names(&out), vec!["序号", "姓名", "身份证号", "上半年", "下半年", "发放日期", "联系电话"]);
    assert_eq!(d.columns[4].group.as_deref(), Some("补贴金额"));
    assert_eq!(d.rows, 3);
    assert_eq!(d.columns[5].ty, ColumnType::Datetime);
    let rows = all_rows(&w.ws, d.id);
    assert_eq!(rows[0][5], s("2024-03-05"), "Excel dates become ISO text");
    assert_eq!(rows[2][5], s("2024-03-07 09:30:00"));
    assert_eq!(rows[1][2], s("1.30534194503122E+17"), "a numeric ID reads as Excel shows it");
    assert_eq!(rows[0][6], s("13800000000"), "integers print without .0");
    assert!(d.findings.iter().any(|f| f.kind == FindingKind::ExcelMangledNumbers && f.column == Some(2)));
    assert_eq!(d.notes_rows.len(), 2, "totals and signature rows are reported, not imported");
}

#[test]
fn sheets_are_listed_with_flags_and_chosen() {
    let info = inspect(&fixture("subsidy.xlsx"), &ImportOptions::default()).unwrap();
    let sheets: Vec<(&str, bool, bool)> = info.sheets.iter().map(|s| (s.name.as_str(), s.hidden, s.empty)).collect();
    assert_eq!(
        sheets,
        vec![("低保名单", false, false), ("村代码", false, false), ("隐藏表", true, false), ("空表", false, true)]
    );
    assert_eq!(info.sheet.as_deref(), Some("低保名单"));
    let roles: Vec<RowRole> = info.preview.iter().map(|r| r.role).collect();
    assert_eq!(roles[..3], [RowRole::Title, RowRole::Header, RowRole::Header]);
    assert_eq!(roles.last(), Some(&RowRole::Note));

    let mut w = workspace();
    let all =
        import(&mut w.ws, &fixture("subsidy.xlsx"), &ImportOptions { sheet: SheetChoice::All, ..Default::default() })
            .unwrap();
    let got: Vec<_> = all.datasets.iter().map(|d| d.sheet.clone().unwrap()).collect();
    assert_eq!(got, vec!["低保名单", "村代码"], "hidden and empty sheets are skipped by --all-sheets");
    assert_eq!(all.datasets[1].name, "subsidy - 村代码");
    let codes = all_rows(&w.ws, all.datasets[1].id);
    assert_eq!(codes[0][0], s("0012"));

    let mut w2 = workspace();
    let named = ImportOptions { sheet: SheetChoice::Named("村代码".into()), ..Default::default() };
    assert_eq!(import(&mut w2.ws, &fixture("subsidy.xlsx"), &named).unwrap().datasets[0].rows, 3);
    let missing = ImportOptions { sheet: SheetChoice::Named("没有".into()), ..Default::default() };
    assert!(matches!(import(&mut w2.ws, &fixture("subsidy.xlsx"), &missing), Err(ImportError::SheetNotFound { .. })));
}

#[test]
fn xlsm_xls_and_ods() {
    let mut w = workspace();
    assert_eq!(import(&mut w.ws, &fixture("subsidy.xlsm"), &ImportOptions::default()).unwrap().datasets[0].rows, 3);
    let xls = import(&mut w.ws, &fixture("clinics.xls"), &ImportOptions::default()).unwrap();
    assert_eq!(xls.datasets[0].format, Format::Xls);
    assert_eq!(xls.datasets[0].name, "某某乡卫生院名录");
    assert_eq!(names(&xls), vec!["机构名称", "地址", "床位数"]);
    assert_eq!(all_rows(&w.ws, xls.datasets[0].id)[1], vec![s("河口卫生院"), s("河口乡2号"), s("25")]);
    let ods = import(&mut w.ws, &fixture("schools.ods"), &ImportOptions::default()).unwrap();
    assert_eq!(ods.datasets[0].format, Format::Ods);
    assert_eq!(all_rows(&w.ws, ods.datasets[0].id)[0], vec![s("城关小学"), s("420")]);
}

#[test]
fn a_workbook_with_the_wrong_extension_opens_as_what_it_is() {
    let mut w = workspace();
    let dir = tempfile::tempdir().unwrap();
    // An .xls renamed .xlsx, and an .ods mailed as .xls: read by content.
    let (xls, ods) = (dir.path().join("卫生院.xlsx"), dir.path().join("学校.xls"));
    std::fs::copy(fixture("clinics.xls"), &xls).unwrap();
    std::fs::copy(fixture("schools.ods"), &ods).unwrap();
    let out = import(&mut w.ws, &xls, &ImportOptions::default()).unwrap();
    assert_eq!(out.datasets[0].format, Format::Xls);
    assert_eq!(all_rows(&w.ws, out.datasets[0].id)[1], vec![s("河口卫生院"), s("河口乡2号"), s("25")]);
    let out = import(&mut w.ws, &ods, &ImportOptions::default()).unwrap();
    assert_eq!(out.datasets[0].format, Format::Ods);
}

#[test]
fn the_header_row_can_be_overridden() {
    let mut w = workspace();
    let out =
        import(&mut w.ws, &fixture("subsidy_gbk.csv"), &ImportOptions { header_row: Some(4), ..Default::default() })
            .unwrap();
    assert_eq!(out.datasets[0].header_rows, vec![4]);
    assert_eq!(out.datasets[0].columns[3].name, "上半年");
    assert_eq!(out.datasets[0].columns[0].name, "列1", "an empty header cell gets a generated name");
    let err = import(&mut w.ws, &fixture("pipe.txt"), &ImportOptions { header_row: Some(99), ..Default::default() })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportHeaderRow);
}

#[test]
fn the_encoding_can_be_overridden() {
    let info = inspect(
        &fixture("subsidy_gbk.csv"),
        &ImportOptions { encoding: Some(TextEncoding::Gbk), ..Default::default() },
    )
    .unwrap();
    assert_eq!(info.encoding, Some(TextEncoding::Gbk));
    assert_eq!(info.delimiter.as_deref(), Some(","));
    let layout = info.layout.unwrap();
    assert_eq!(layout.columns[1].name, "姓名");
}

/// Each bad file: the right error code, and the workspace exactly as before.
#[test]
fn bad_files_are_refused_clearly_and_change_nothing() {
    let cases: &[(&str, ErrorCode)] = &[
        ("empty.csv", ErrorCode::ImportEmptyFile),
        ("header_only.csv", ErrorCode::ImportNoRows),
        ("picture.csv", ErrorCode::ImportNotATable),
        ("mixed_encoding.csv", ErrorCode::ImportMixedEncoding),
        ("truncated.xlsx", ErrorCode::ImportCorrupt),
        ("password.xlsx", ErrorCode::ImportPassword),
        ("~$subsidy.xlsx", ErrorCode::ImportLockFile),
        ("zip_bomb.xlsx", ErrorCode::ImportZipBomb),
        ("wide_16384.xlsx", ErrorCode::ImportTooManyColumns),
        ("dimension_bomb.xlsx", ErrorCode::ImportTooManyColumns),
    ];
    let mut w = workspace();
    import(&mut w.ws, &fixture("pipe.txt"), &ImportOptions::default()).unwrap();
    let before_tables = tables(&w.ws);
    let before_audit = w.ws.info().unwrap().counts.audit_entries;
    for (file, code) in cases {
        let err = import(&mut w.ws, &fixture(file), &ImportOptions::default()).unwrap_err();
        assert_eq!(err.code(), *code, "{file}: {err}");
        assert!(!err.payload().message.is_empty());
        assert_eq!(tables(&w.ws), before_tables, "{file} left something behind");
        assert_eq!(w.ws.info().unwrap().counts.audit_entries, before_audit, "{file} wrote to the audit log");
    }
    let mixed = import(&mut w.ws, &fixture("mixed_encoding.csv"), &ImportOptions::default()).unwrap_err();
    assert!(matches!(mixed, ImportError::MixedEncoding { row: 41, .. }), "names the row: {mixed:?}");
    assert_eq!(dataset::list(w.ws.conn()).unwrap().len(), 1);
    // Found by fuzzing: a delimiter between the bytes of one character ("河" is
    // e6 b2 b3) leaves valid UTF-8 once the delimiters are gone.
    let dir = tempfile::tempdir().unwrap();
    let split = dir.path().join("split.csv");
    std::fs::write(&split, b"\xe5\x90\x8d,b\n\xe6,\xb2\xb3\n").unwrap();
    let err = import(&mut w.ws, &split, &ImportOptions { encoding: Some(TextEncoding::Utf8), ..Default::default() })
        .unwrap_err();
    assert!(matches!(err, ImportError::MixedEncoding { row: 2, .. }), "{err:?}");
}

#[test]
fn a_cell_of_ten_megabytes_is_refused_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big_cell.csv");
    let mut text = String::from("名称,说明\n甲,短\n乙,");
    text.push_str(&"长".repeat((10 << 20) / 3));
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let mut w = workspace();
    let err = import(&mut w.ws, &path, &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::CellTooLarge { row: 3, column: 2, .. }), "{err:?}");
    assert!(dataset::list(w.ws.conn()).unwrap().is_empty());
}

#[test]
fn a_line_without_end_is_refused_before_it_fills_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one_line.csv");
    std::fs::write(&path, "a,".repeat(10 << 20)).unwrap();
    let mut w = workspace();
    let err = import(&mut w.ws, &path, &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::CellTooLarge { .. } | ImportError::TooManyColumns { .. }), "{err:?}");
}

#[test]
fn the_same_bytes_twice_are_reported_not_duplicated() {
    let mut w = workspace();
    let first = import(&mut w.ws, &fixture("subsidy_gbk.csv"), &ImportOptions::default()).unwrap();
    let err = import(&mut w.ws, &fixture("subsidy_gbk.csv"), &ImportOptions::default()).unwrap_err();
    match &err {
        ImportError::Duplicate { dataset, version, .. } => assert_eq!((*dataset, *version), (first.datasets[0].id, 1)),
        other => panic!("expected Duplicate, got {other:?}"),
    }
    assert_eq!(dataset::list(w.ws.conn()).unwrap().len(), 1);
    // The same file copied under another name is still the same bytes.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.csv");
    std::fs::copy(fixture("subsidy_gbk.csv"), &copy).unwrap();
    assert_eq!(import(&mut w.ws, &copy, &ImportOptions::default()).unwrap_err().code(), ErrorCode::ImportDuplicate);
}

#[test]
fn a_newer_file_becomes_version_two_with_a_summary_of_changes() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = dir.path().join("v1.csv");
    let v2 = dir.path().join("v2.csv");
    std::fs::write(
        &v1,
        "身份证号,姓名,金额\n11010519491231002X,张三,300\n440524188001010014,李四,250\n130534194503122038,王五,200\n",
    )
    .unwrap();
    std::fs::write(&v2, "身份证号,姓名,金额,备注\n11010519491231002X,张三,350,\n440524188001010014,李四,250,\n110105194912310021,赵六,100,新增\n").unwrap();
    let mut w = workspace();
    let first = import(&mut w.ws, &v1, &ImportOptions::default()).unwrap();
    let id = first.datasets[0].id;
    let second = import(&mut w.ws, &v2, &ImportOptions { into: Some(id.to_string()), ..Default::default() }).unwrap();
    let d = &second.datasets[0];
    assert_eq!((d.id, d.version), (id, 2));
    let c = d.changes.as_ref().expect("a change summary for version 2");
    assert_eq!(c.key_column.as_deref(), Some("身份证号"));
    assert_eq!((c.rows_added, c.rows_removed, c.rows_changed), (1, 1, 1), "{c:?}");
    assert_eq!(c.columns_added, vec!["备注"]);
    let detail = dataset::show(w.ws.conn(), DatasetId(id), None).unwrap();
    assert_eq!(detail.version, 2);
    assert_eq!(detail.versions.len(), 2);
    let old = dataset::show(w.ws.conn(), DatasetId(id), Some(1)).unwrap();
    assert_eq!(old.columns.len(), 3, "version 1 is kept as it was");
}

#[test]
fn cancelling_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut text = String::from("编号,姓名,金额\n");
    for i in 0..200_000 {
        text.push_str(&format!("{i:08},姓名{i},{}.5\n", i % 1000));
    }
    std::fs::write(&path, text).unwrap();
    let mut w = workspace();
    let before = tables(&w.ws);
    let cancel = CancelToken::new();
    let reports = AtomicU64::new(0);
    let progress = |p: &Progress| {
        reports.fetch_add(1, Ordering::SeqCst);
        if p.rows > 0 {
            cancel.cancel();
        }
    };
    let err = import_file(&mut w.ws, &path, &ImportOptions::default(), &actor(), &progress, &cancel).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Cancelled);
    assert!(reports.load(Ordering::SeqCst) > 0, "progress was reported before the cancel");
    assert_eq!(tables(&w.ws), before, "no data table survives a cancel");
    assert!(dataset::list(w.ws.conn()).unwrap().is_empty());
    // And the same file imports fine afterwards.
    let out = import(&mut w.ws, &path, &ImportOptions::default()).unwrap();
    assert_eq!(out.datasets[0].rows, 200_000);
    assert_eq!(out.datasets[0].columns[0].ty, ColumnType::Code, "zero-padded numbers are codes");
}

#[test]
fn rows_page_sorts_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, "名称,数量\n乙,10\n甲,9\n丙,100\n甲乙,\n").unwrap();
    let mut w = workspace();
    let out = import(&mut w.ws, &path, &ImportOptions::default()).unwrap();
    let key = DatasetId(out.datasets[0].id);
    let q = |sort, descending, filter: Option<&str>| RowsQuery {
        sort,
        descending,
        filter: filter.map(str::to_owned),
        limit: 100,
        ..Default::default()
    };
    let col = |p: dataset::RowsPage, c: usize| p.rows.into_iter().map(|r| r.cells[c].clone()).collect::<Vec<_>>();
    let by_count = dataset::rows(w.ws.conn(), key, &q(Some(1), false, None)).unwrap();
    assert_eq!(col(by_count, 1), vec![s("9"), s("10"), s("100"), None], "numbers sort as numbers, empty last");
    let desc = dataset::rows(w.ws.conn(), key, &q(Some(1), true, None)).unwrap();
    assert_eq!(col(desc, 1)[0], s("100"));
    let filtered = dataset::rows(w.ws.conn(), key, &q(None, false, Some("甲"))).unwrap();
    assert_eq!(filtered.total, 2);
    let literal = dataset::rows(w.ws.conn(), key, &q(None, false, Some("%"))).unwrap();
    assert_eq!(literal.total, 0, "% is matched literally, not as a wildcard");
    let bad = dataset::rows(w.ws.conn(), key, &q(Some(7), false, None)).unwrap_err();
    assert_eq!(bad.code(), ErrorCode::ColumnNotFound);
}

#[test]
fn every_import_is_audited_and_the_chain_holds() {
    let mut w = workspace();
    import(&mut w.ws, &fixture("subsidy_gbk.csv"), &ImportOptions::default()).unwrap();
    let entries = kaifang_core::audit::recent(w.ws.conn(), 1).unwrap();
    assert_eq!(entries[0].action, "dataset.imported");
    assert_eq!(entries[0].detail["rows"], 4);
    let detail = entries[0].detail.to_string();
    assert!(!detail.contains("11010519491231002X"), "the audit log holds no personal data");
    assert!(w.ws.verify_audit().unwrap().intact);
}

#[test]
fn the_wizard_is_told_the_name_and_refused_impossible_choices() {
    let info = inspect(&fixture("subsidy_gbk.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(info.suggested_name, "某某县2024年城乡低保发放名单", "the same rule as the import");
    let info = inspect(&fixture("pipe.txt"), &ImportOptions::default()).unwrap();
    assert_eq!(info.suggested_name, "pipe");
    let err = inspect(&fixture("pipe.txt"), &ImportOptions { header_row: Some(50), ..Default::default() }).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportHeaderRow, "a header row past the preview is an error, not 'no header'");
    let mut w = workspace();
    let first = import(&mut w.ws, &fixture("pipe.txt"), &ImportOptions::default()).unwrap();
    let all_into =
        ImportOptions { sheet: SheetChoice::All, into: Some(first.datasets[0].id.to_string()), ..Default::default() };
    assert_eq!(
        import(&mut w.ws, &fixture("subsidy.xlsx"), &all_into).unwrap_err().code(),
        ErrorCode::ImportSheetsIntoOne
    );
    let named = ImportOptions { sheet: SheetChoice::All, name: Some("民政".into()), ..Default::default() };
    let out = import(&mut w.ws, &fixture("subsidy.xlsx"), &named).unwrap();
    let names: Vec<&str> = out.datasets.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, vec!["民政 - 低保名单", "民政 - 村代码"], "a typed name is shared with the sheet's name added");
}

/// A minimal XLSX whose every cell below a header row points at shared string 0,
/// `text`: `rows` rows of `columns` cells. The file is small (Excel's shared-strings table stores the
/// text once, and the sheet XML compresses to almost nothing).
fn shared_string_fan_out(path: &Path, text: &str, rows: usize, columns: usize) {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, body: &[u8]| {
        z.start_file(name, o).unwrap();
        z.write_all(body).unwrap();
    };
    put("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#);
    put("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#);
    put("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#);
    put("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#);
    put("xl/sharedStrings.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>{text}</t></si><si><t>说明</t></si></sst>"#).as_bytes());
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for r in 1..=rows {
        sheet.push_str(&format!(r#"<row r="{r}">"#));
        let index = if r == 1 { 1 } else { 0 };
        for _ in 0..columns {
            sheet.push_str(&format!(r#"<c t="s"><v>{index}</v></c>"#));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    put("xl/worksheets/sheet1.xml", sheet.as_bytes());
    z.finish().unwrap();
}

#[test]
fn one_long_shared_string_behind_every_cell_is_refused_before_it_fills_memory() {
    let dir = tempfile::tempdir().unwrap();
    let text = "长".repeat(300_000); // 900 KB
                                     // The file from outside: 90,000 cells, 300 to a row, all pointing at it.
    let wide = dir.path().join("fan_out.xlsx");
    shared_string_fan_out(&wide, &text, 300, 300);
    assert!(std::fs::metadata(&wide).unwrap().len() < 400 << 10, "a small file");
    let mut w = workspace();
    let started = std::time::Instant::now();
    let err = import(&mut w.ws, &wide, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportRowTooLarge, "{err}");
    assert_eq!(err.params().get("row").map(String::as_str), Some("2"), "the first row under the header");
    // One column of it: each row is fine, the whole is not.
    let tall = dir.path().join("fan_out_tall.xlsx");
    shared_string_fan_out(&tall, &text, 90_000, 1);
    let err = import(&mut w.ws, &tall, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportExpands, "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "refused early: {:?}", started.elapsed());
    assert!(dataset::list(w.ws.conn()).unwrap().is_empty(), "nothing imported");
    // The wizard's preview stops at its byte budget instead of holding 60 such rows.
    let preview = kaifang_core::import::inspect(&tall, &ImportOptions::default()).unwrap();
    assert!(preview.preview.len() < 60, "{} rows held", preview.preview.len());
}

#[test]
fn findings_name_the_rows_as_the_grid_numbers_them_and_identifiers_show_no_range() {
    let mut w = workspace();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("roster.csv");
    // Two title rows, the header on source row 3; a value with stray spaces on
    // source row 6 (data row 3).
    std::fs::write(
        &file,
        "某某村花名册\n填报单位：村委会\n姓名,身份证号,年龄\n张三,11010519491231002X,75\n李四,110105194912310021,60\n王五 ,11010519491231004X,80\n",
    )
    .unwrap();
    let out = import(&mut w.ws, &file, &ImportOptions::default()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    let detail = dataset::show(w.ws.conn(), id, None).unwrap();
    let spaces = detail.findings.iter().find(|f| f.kind == FindingKind::SurroundingSpaces).expect("stray spaces found");
    assert_eq!(spaces.rows, vec![6], "the source row");
    assert_eq!(spaces.data_rows, vec![Some(3)], "the grid's row");
    let page = dataset::rows(w.ws.conn(), id, &RowsQuery { limit: 10, ..Default::default() }).unwrap();
    assert_eq!(page.rows[2].row, 3);
    assert_eq!(page.rows[2].source_row, 6);
    kaifang_core::sensitive::ensure_full_scan(&mut w.ws, id, &actor()).unwrap();
    let detail = dataset::show(w.ws.conn(), id, None).unwrap();
    let col = |n: &str| detail.columns.iter().find(|c| c.name == n).unwrap().profile.clone();
    assert_eq!((col("身份证号").min, col("身份证号").max), (None, None), "an ID number's range is someone's ID");
    assert_eq!((col("姓名").min, col("姓名").max), (None, None));
    assert!(col("姓名").top_values.is_empty(), "nor the commonest names");
    assert_eq!(col("年龄").min.as_deref(), Some("60"), "numbers keep their range");
}

#[test]
fn notes_after_a_blank_row_stay_out_of_the_data_in_every_format() {
    for file in ["notes_after_gap.csv", "notes_after_gap.xlsx", "notes_after_gap.xls", "notes_after_gap.ods"] {
        let mut w = workspace();
        let out =
            import(&mut w.ws, &fixture(file), &ImportOptions::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
        let d = &out.datasets[0];
        assert_eq!(names(&out), vec!["乡镇", "户数", "人数", "金额"], "{file}");
        assert_eq!(d.rows, 3, "{file}: three townships, the notes are not data");
        let notes: Vec<&str> = d.notes_rows.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(notes.len(), 2, "{file}: {notes:?}");
        assert!(notes[0].starts_with("本表数据由各乡镇"), "{file}: {notes:?}");
        // The wizard's preview greys the same rows.
        let inspection = kaifang_core::import::inspect(&fixture(file), &ImportOptions::default()).unwrap();
        let roles: Vec<String> =
            inspection.preview.iter().map(|p| format!("{:?}", p.role)).filter(|r| r != "Blank").collect();
        assert_eq!(roles, vec!["Header", "Data", "Data", "Data", "Note", "Note"], "{file}");
    }
}

#[test]
fn a_text_line_after_a_gap_with_data_after_it_is_data() {
    let mut w = workspace();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gap.csv");
    std::fs::write(&file, "乡镇,户数,人数,金额\n城关镇,120,260,45600\n\n河口乡新设的安置小区\n东山乡,65,140,24800\n")
        .unwrap();
    let out = import(&mut w.ws, &file, &ImportOptions::default()).unwrap();
    assert_eq!(out.datasets[0].rows, 3, "held back, then put back when data followed");
    assert!(out.datasets[0].notes_rows.is_empty());
}

#[test]
fn a_county_total_with_its_own_code_is_left_out_until_kept_as_data() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("townships.csv");
    std::fs::write(
        &file,
        "区划代码,名称,户数,人数\n130534100,城关镇,120,260\n130534101,河口乡,80,170\n130534000,合计,200,430\n",
    )
    .unwrap();
    let mut w = workspace();
    let out = import(&mut w.ws, &file, &ImportOptions::default()).unwrap();
    assert_eq!(out.datasets[0].rows, 2, "a totals row is left out by default");
    assert_eq!(out.datasets[0].notes_rows[0].row, 4);
    let inspection = kaifang_core::import::inspect(&file, &ImportOptions::default()).unwrap();
    assert_eq!(format!("{:?}", inspection.preview[3].role), "Total", "the wizard can say so and offer to keep it");

    let mut w = workspace();
    let keep = ImportOptions { totals_as_data: true, ..Default::default() };
    let out = import(&mut w.ws, &file, &keep).unwrap();
    assert_eq!(out.datasets[0].rows, 3, "kept as data, as an aggregate table needs");
    assert!(out.datasets[0].notes_rows.is_empty());
    let inspection = kaifang_core::import::inspect(&file, &keep).unwrap();
    assert_eq!(format!("{:?}", inspection.preview[3].role), "Data");
}

/// A summary table above a detail table, as county offices put them on one sheet.
const TWO_TABLES: &str = "乡镇,户数,人数,金额（元）\n城关镇,120,260,45600\n河口乡,80,170,30100\n合计,200,430,75700\n\n\
二、低保对象明细,,,,\n序号,乡镇,姓名,身份证号,金额\n1,城关镇,张三,11010519491231002X,300\n\
2,城关镇,李四,110105194912310021,300\n3,河口乡,王五,110105195003150014,260\n";

#[test]
fn two_tables_on_one_sheet_are_found_and_each_imports_as_its_own_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("两表.csv");
    std::fs::write(&file, TWO_TABLES).unwrap();
    let found = inspect(&file, &ImportOptions::default()).unwrap();
    let starts: Vec<u64> = found.tables.iter().map(|t| t.start_row).collect();
    assert_eq!(starts, vec![1, 6], "the detail table starts at its title line");
    assert!(found.tables[0].chosen && !found.tables[1].chosen);
    assert_eq!(found.tables[1].label, "二、低保对象明细");
    let roles: Vec<RowRole> = found.preview.iter().map(|p| p.role).collect();
    assert_eq!(roles[5..], [RowRole::Other; 5], "the preview greys the other table");
    assert!(
        found.decisions.iter().any(|d| matches!(d, LayoutDecision::OtherTables { starts } if starts == &vec![6])),
        "{:?}",
        found.decisions
    );

    let mut w = workspace();
    let first = import(&mut w.ws, &file, &ImportOptions::default()).unwrap();
    assert_eq!(names(&first), vec!["乡镇", "户数", "人数", "金额（元）"], "only the summary's columns");
    assert_eq!(first.datasets[0].rows, 2);
    assert_eq!(first.datasets[0].next_table, Some(6), "the report says where the other table starts");
    assert!(first.datasets[0].notes_rows.iter().all(|n| n.row < 6), "no row of the detail table is a note");

    let detail = ImportOptions { table_start: Some(6), ..Default::default() };
    let inspected = inspect(&file, &detail).unwrap();
    assert!(inspected.tables[1].chosen);
    assert_eq!(inspected.layout.unwrap().header_rows, vec![7]);
    let second = import(&mut w.ws, &file, &detail).unwrap();
    assert_eq!(names(&second), vec!["序号", "乡镇", "姓名", "身份证号", "金额"]);
    assert_eq!(second.datasets[0].rows, 3);
    assert_eq!(second.datasets[0].name, "二、低保对象明细", "named after its own title line");
    assert_ne!(second.datasets[0].id, first.datasets[0].id, "a dataset of its own");
    let err = import(&mut w.ws, &file, &detail).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportDuplicate, "the same table twice is still a duplicate");
}

#[test]
fn the_header_repeated_per_page_is_left_out_and_a_row_of_words_after_a_gap_is_no_new_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pages.csv");
    std::fs::write(
        &file,
        "序号,姓名,村,类别\n1,张三,东村,低保\n2,李四,西村,特困\n序号,姓名,村,类别\n3,王五,南村,低保\n\n\
         周六,北村,低保,新增\n4,赵七,北村,特困\n",
    )
    .unwrap();
    let mut w = workspace();
    let out = import(&mut w.ws, &file, &ImportOptions::default()).unwrap();
    let d = &out.datasets[0];
    assert_eq!(d.rows, 5, "the repeated header is no record; the row of words after the gap is one");
    assert_eq!(d.next_table, None);
    assert_eq!(d.notes_rows.iter().map(|n| n.row).collect::<Vec<_>>(), vec![4]);
    let found = inspect(&file, &ImportOptions::default()).unwrap();
    assert_eq!(found.preview[3].role, RowRole::Repeat);
    assert!(found.tables.is_empty());
}

#[test]
fn a_spacer_column_is_not_imported_and_a_value_in_it_later_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("spacer.csv");
    let mut text = String::from("序号,,姓名,金额\n");
    for i in 1..=70 {
        text.push_str(&format!("{i},,人{i},{}\n", i * 10));
    }
    // Past the rows the layout is decided on, a value turns up in the spacer.
    text.push_str("71,漏填,人71,710\n");
    std::fs::write(&file, text).unwrap();
    let mut w = workspace();
    let out = import(&mut w.ws, &file, &ImportOptions::default()).unwrap();
    let d = &out.datasets[0];
    assert_eq!(names(&out), vec!["序号", "姓名", "金额", "多余单元格"]);
    assert_eq!(d.skipped_columns, vec![2], "column B, as the spreadsheet counts");
    let rows = all_rows(&w.ws, d.id);
    assert_eq!(rows[0], vec![s("1"), s("人1"), s("10"), None]);
    assert_eq!(rows[70][3], s(r#"["漏填"]"#), "nothing is lost");
    let found = inspect(&file, &ImportOptions::default()).unwrap();
    assert!(found.decisions.contains(&LayoutDecision::SkippedColumns { columns: vec![2] }));
}

#[test]
fn a_note_beside_the_table_goes_to_the_report_not_into_a_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("side.csv");
    std::fs::write(
        &file,
        "序号,姓名,金额,,注：低保金按月发放\n1,张三,300,,\n2,李四,200,,以上人员已经乡镇审核公示\n3,王五,100\n4,赵六,100\n",
    )
    .unwrap();
    let mut w = workspace();
    let out = import(&mut w.ws, &file, &ImportOptions::default()).unwrap();
    let d = &out.datasets[0];
    assert_eq!(names(&out), vec!["序号", "姓名", "金额"], "neither a column nor 多余单元格");
    assert_eq!(d.rows, 4);
    let notes: Vec<(u64, &str)> = d.notes_rows.iter().map(|n| (n.row, n.text.as_str())).collect();
    assert_eq!(notes, vec![(3, "以上人员已经乡镇审核公示")], "the note alone, not the row's data");
    let found = inspect(&file, &ImportOptions::default()).unwrap();
    assert!(found.decisions.contains(&LayoutDecision::SideNotes { rows: vec![3] }), "{:?}", found.decisions);
}

#[test]
fn notes_can_be_kept_as_data_and_the_wizard_explains_every_decision() {
    let file = fixture("notes_after_gap.csv");
    let found = inspect(&file, &ImportOptions::default()).unwrap();
    let kinds: Vec<String> =
        found.decisions.iter().map(|d| serde_json::to_value(d).unwrap()["kind"].as_str().unwrap().to_owned()).collect();
    assert_eq!(kinds, vec!["header", "notes"]);
    assert!(found.decisions.contains(&LayoutDecision::Notes { rows: vec![6, 7], as_data: false }));

    let keep = ImportOptions { notes_as_data: true, ..Default::default() };
    let mut w = workspace();
    let out = import(&mut w.ws, &file, &keep).unwrap();
    assert_eq!(out.datasets[0].rows, 5, "three townships and the two note lines (the blank row is no record)");
    let found = inspect(&file, &keep).unwrap();
    assert!(found.decisions.contains(&LayoutDecision::Notes { rows: vec![], as_data: true }));
    assert!(found.preview.iter().all(|p| p.role != RowRole::Note));
}

#[test]
fn choices_are_remembered_per_file_name_pattern_and_defaults_forget_them() {
    use kaifang_core::import::habits;
    let w = workspace();
    let conn = w.ws.conn();
    assert_eq!(habits::find(conn, "2024年11月低保名单.xlsx").unwrap(), None);
    let chosen = ImportOptions { header_row: Some(3), totals_as_data: true, ..Default::default() };
    habits::remember(conn, "2024年11月低保名单.xlsx", &chosen, 1, "2026-12-06T10:00:00Z").unwrap();
    let next_month = habits::find(conn, "2024年12月低保名单.xlsx").unwrap().expect("the same kind of file");
    assert_eq!(next_month.example, "2024年11月低保名单.xlsx");
    assert_eq!((next_month.header_row, next_month.totals_as_data, next_month.table), (Some(3), true, 1));
    assert_eq!(habits::find(conn, "2024年12月特困名单.xlsx").unwrap(), None, "another form");
    habits::remember(conn, "2024年12月低保名单.xlsx", &ImportOptions::default(), 0, "2026-12-07T10:00:00Z").unwrap();
    assert_eq!(habits::find(conn, "2025年1月低保名单.xlsx").unwrap(), None, "back to detection sticks too");
}

#[test]
fn filtered_and_sorted_pages_agree_with_a_plain_reading_at_every_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("people.csv");
    let mut text = String::from("序号,身份证号,村\n");
    for i in 1..=1000 {
        let id = if i % 7 == 0 { format!("11010519491231{i:03}X") } else { format!("11010519491231{i:04}") };
        text.push_str(&format!("{i},{id},{}\n", ["东村", "西村", "南村"][i % 3]));
    }
    std::fs::write(&path, text).unwrap();
    let mut w = workspace();
    let id = DatasetId(import(&mut w.ws, &path, &ImportOptions::default()).unwrap().datasets[0].id);
    let page = |q: RowsQuery| dataset::rows(w.ws.conn(), id, &q).unwrap();
    let all = page(RowsQuery { limit: 5000, ..Default::default() });
    assert_eq!(all.total, 1000);
    // The filter in pages of 50, against the rows read plainly and filtered here.
    let want: Vec<i64> =
        all.rows.iter().filter(|r| r.cells[1].as_deref().unwrap_or("").ends_with('X')).map(|r| r.row).collect();
    assert_eq!(want.len(), 142);
    let mut got = Vec::new();
    for offset in (0..200).step_by(50) {
        let p = page(RowsQuery { offset, limit: 50, filter: Some("x".into()), ..Default::default() });
        assert_eq!(p.total, 142, "lower-case x finds X, as LIKE did");
        got.extend(p.rows.iter().map(|r| r.row));
    }
    assert_eq!(got, want);
    // Sorted by village descending, then by row: the page at offset 300.
    let p = page(RowsQuery { offset: 300, limit: 10, sort: Some(2), descending: true, ..Default::default() });
    let mut sorted: Vec<(String, i64)> = all.rows.iter().map(|r| (r.cells[2].clone().unwrap(), r.row)).collect();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    assert_eq!(
        p.rows.iter().map(|r| r.row).collect::<Vec<_>>(),
        sorted[300..310].iter().map(|s| s.1).collect::<Vec<_>>()
    );
    // Plain pages deep in the table are found by key.
    let p = page(RowsQuery { offset: 990, limit: 50, ..Default::default() });
    assert_eq!(p.rows.iter().map(|r| r.row).collect::<Vec<_>>(), (991..=1000).collect::<Vec<_>>());
    // A filter in one column only.
    let p = page(RowsQuery { limit: 5000, filter: Some("东".into()), filter_column: Some(2), ..Default::default() });
    assert_eq!(p.total, 333);
}
