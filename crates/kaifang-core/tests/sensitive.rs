//! Personal data: a subsidy list scanned, masked and exported, with the public
//! copy checked byte by byte for anything the policy hides.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::DatasetId;
use kaifang_core::error::Coded;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::metadata::{self, CheckState, DictionaryChange};
use kaifang_core::pipeline::import_file;
use kaifang_core::sensitive::{self, Category, Operator};
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, Workspace};

fn actor() -> Actor {
    Actor::new("clerk", Source::System)
}

const SUBSIDY: &str = "序号,姓名,身份证号,联系电话,家庭住址,银行账号,补贴金额,备注,出生日期
1,张三,11010519491231002X,13812345678,某某县城关镇东村3组12号,6222021234567890128,300,,1949-12-31
2,欧阳娜娜,440524194801010013,13912345678,某某县河口乡西村5组2号,6222021234567890136,250,已电话联系13700001111核实,1948-01-01
3,李四,130534194503121233,13612345678,某某县城关镇南街8号,6222021234567890144,280,身份证110105491231002与户口本一致,1945-03-12
";

fn subsidy() -> (tempfile::TempDir, Workspace, DatasetId) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("低保名单.csv");
    std::fs::write(&path, SUBSIDY).unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor()).unwrap();
    let out =
        import_file(&mut ws, &path, &ImportOptions::default(), &actor(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    (dir, ws, id)
}

#[test]
fn a_subsidy_list_is_scanned_column_by_column() {
    let (_d, mut ws, id) = subsidy();
    let report = sensitive::scan_and_save(&mut ws, id, true, &actor()).unwrap();
    let got: Vec<(&str, Category, bool, Operator)> = report
        .columns
        .iter()
        .map(|c| (c.finding.name.as_str(), c.finding.category, c.finding.personal, c.operator))
        .collect();
    assert_eq!(
        got,
        vec![
            ("序号", Category::None, false, Operator::Keep),
            ("姓名", Category::PersonName, true, Operator::Mask),
            ("身份证号", Category::IdCard, true, Operator::Mask),
            ("联系电话", Category::Phone, true, Operator::Mask),
            ("家庭住址", Category::Address, true, Operator::Generalize),
            ("银行账号", Category::BankCard, true, Operator::Mask),
            ("补贴金额", Category::None, false, Operator::Keep),
            ("备注", Category::None, false, Operator::Redact),
            ("出生日期", Category::BirthDate, true, Operator::Generalize),
        ]
    );
    let ids = &report.columns[2].finding;
    assert_eq!((ids.matched, ids.total), (3, 3));
    assert!(ids.examples.iter().all(|e| e.contains('*')), "examples are shown masked: {:?}", ids.examples);
    assert!(report.columns[7].finding.free_text);
    assert_eq!(report.cell_hits, 2, "a phone and a legacy ID inside the remarks");
    assert_eq!(report.cells[0].masked, "137****1111");
    assert_eq!(report.cells[0].row, 3);
}

#[test]
fn the_preview_shows_original_and_public_side_by_side_and_follows_the_policy() {
    let (_d, mut ws, id) = subsidy();
    let p = sensitive::preview(ws.conn(), id, 0, 10).unwrap();
    let r = &p.rows[0];
    assert_eq!(r.original[2].as_deref(), Some("11010519491231002X"));
    assert_eq!(r.public[2].as_deref(), Some("110105********002X"));
    assert_eq!(r.public[1].as_deref(), Some("张*"));
    assert_eq!(p.rows[1].public[1].as_deref(), Some("欧阳**"));
    assert_eq!(r.public[4].as_deref(), Some("某某县城关镇"));
    assert_eq!(r.public[8].as_deref(), Some("1949"));
    assert_eq!(p.rows[1].public[7].as_deref(), Some("已电话联系137****1111核实"));

    sensitive::set_policy(&mut ws, id, "姓名", Operator::Pseudonymize, None, &actor()).unwrap();
    sensitive::set_policy(&mut ws, id, "6", Operator::Drop, None, &actor()).unwrap();
    let p = sensitive::preview(ws.conn(), id, 0, 10).unwrap();
    let pseudonym = p.rows[0].public[1].clone().unwrap();
    assert!(pseudonym.starts_with('P') && pseudonym.len() == 13, "{pseudonym}");
    assert_eq!(p.rows[0].public[5], None, "a dropped column has no public value");
    assert_eq!(p.columns[5].operator, Operator::Drop);
    assert!(p.columns[5].chosen);
}

#[test]
fn keeping_personal_data_needs_a_reason_which_is_audited() {
    let (_d, mut ws, id) = subsidy();
    let err = sensitive::set_policy(&mut ws, id, "身份证号", Operator::Keep, None, &actor()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PolicyReasonRequired);
    let err = sensitive::set_policy(&mut ws, id, "身份证号", Operator::Keep, Some("   "), &actor()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PolicyReasonRequired, "blank is no reason");
    let kept = sensitive::set_policy(
        &mut ws,
        id,
        "身份证号",
        Operator::Keep,
        Some("依《政府信息公开条例》第十五条公示"),
        &actor(),
    )
    .unwrap();
    assert_eq!(kept.operator, Operator::Keep);
    let entry = &kaifang_core::audit::recent(ws.conn(), 1).unwrap()[0];
    assert_eq!(entry.action, "policy.changed");
    assert_eq!(entry.detail["reason"], "依《政府信息公开条例》第十五条公示");
    let err = sensitive::set_policy(&mut ws, id, "联系电话", Operator::Redact, None, &actor()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PolicyOperatorNotApplicable, "redact is for text, not a column of phones");
    let err = sensitive::set_policy(&mut ws, id, "联系电话", Operator::Generalize, None, &actor()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PolicyOperatorNotApplicable, "a phone has nothing coarser to keep");
    let redacted = sensitive::set_policy(&mut ws, id, "补贴金额", Operator::Redact, None, &actor()).unwrap();
    assert_eq!(redacted.operator, Operator::Redact, "any column of other values may have identifiers redacted");
    let err = sensitive::set_policy(&mut ws, id, "没有这列", Operator::Mask, None, &actor()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ColumnNotFound);
}

#[test]
fn the_public_copy_contains_nothing_the_policy_hides() {
    let (_d, mut ws, id) = subsidy();
    sensitive::scan_and_save(&mut ws, id, true, &actor()).unwrap();
    sensitive::set_policy(&mut ws, id, "银行账号", Operator::Drop, None, &actor()).unwrap();
    sensitive::set_policy(&mut ws, id, "联系电话", Operator::Pseudonymize, None, &actor()).unwrap();
    // The data dictionary closes a column too.
    metadata::set_dictionary(&mut ws, id, 0, &DictionaryChange { open: Some(false), ..Default::default() }, &actor())
        .unwrap();
    let mut out = Vec::new();
    let rows = kaifang_core::export::public_csv(ws.conn(), id, &mut out, true).unwrap();
    assert_eq!(rows, 3);
    assert!(out.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(out).unwrap();
    let header = text.lines().next().unwrap().trim_start_matches('\u{feff}');
    assert_eq!(header, "姓名,身份证号,联系电话,家庭住址,补贴金额,备注,出生日期");
    // Every value the policy hides, and every fragment long enough to identify.
    let hidden = [
        "张三",
        "欧阳娜娜",
        "李四",
        "11010519491231002X",
        "440524194801010013",
        "130534194503121233",
        "13812345678",
        "13912345678",
        "13612345678",
        "13700001111",
        "110105491231002",
        "东村3组12号",
        "西村5组2号",
        "南街8号",
        "6222021234567890128",
        "1949-12-31",
        "19491231",
    ];
    for h in hidden {
        assert!(!text.contains(h), "the public copy leaks {h}:\n{text}");
    }
    assert!(text.contains("300"), "non-personal values are kept");
}

#[test]
fn the_checklist_follows_the_policy() {
    let (_d, mut ws, id) = subsidy();
    let state = |ws: &Workspace| metadata::get(ws.conn(), id).unwrap().checklist[3].state;
    assert_eq!(state(&ws), CheckState::Done, "the import scanned every row, masked by default");
    sensitive::scan_and_save(&mut ws, id, false, &actor()).unwrap();
    assert_eq!(state(&ws), CheckState::Pending, "after a quick scan: not yet every row");
    sensitive::scan_and_save(&mut ws, id, true, &actor()).unwrap();
    assert_eq!(state(&ws), CheckState::Done, "scanned throughout, masked by default");
    let detail = kaifang_core::dataset::show(ws.conn(), id, None).unwrap();
    assert_eq!(detail.summary.name, "低保名单");
    // A reasonless keep can only exist if written around the API; the readiness
    // check still refuses it.
    ws.conn()
        .execute(
            "INSERT INTO masking_policy (version_id, position, operator, reason, set_by, set_at)
             SELECT id, 2, 'keep', NULL, 'x', 'now' FROM dataset_versions",
            [],
        )
        .unwrap();
    assert_eq!(state(&ws), CheckState::Todo);
}

#[test]
fn a_new_version_keeps_the_clerks_choices_by_column_name() {
    let (dir, mut ws, id) = subsidy();
    sensitive::set_policy(&mut ws, id, "姓名", Operator::Pseudonymize, None, &actor()).unwrap();
    let v2 = dir.path().join("v2.csv");
    std::fs::write(&v2, SUBSIDY.replace("序号,姓名", "编号,姓名").replace(",300,", ",310,")).unwrap();
    import_file(
        &mut ws,
        &v2,
        &ImportOptions { into: Some(id.to_string()), ..Default::default() },
        &actor(),
        &no_progress,
        &CancelToken::new(),
    )
    .unwrap();
    let saved = sensitive::saved(ws.conn(), id).unwrap().unwrap();
    assert_eq!(saved.version, 2);
    assert_eq!(saved.columns[1].operator, Operator::Pseudonymize);
    assert!(saved.columns[1].chosen);
}

#[test]
fn an_unrecognised_identifier_is_masked_and_waits_for_the_clerks_decision() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("姓名,医保号,金额\n");
    for i in 0..40 {
        csv.push_str(&format!("张{i}伟,GZ2019A{:07},{}\n", i * 7919, 100 + i));
    }
    let path = dir.path().join("医保.csv");
    std::fs::write(&path, csv).unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor()).unwrap();
    let out =
        import_file(&mut ws, &path, &ImportOptions::default(), &actor(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    let report = sensitive::scan_and_save(&mut ws, id, true, &actor()).unwrap();
    let col = &report.columns[1];
    assert_eq!((col.finding.category, col.operator), (Category::Identifier, Operator::Mask));
    assert!(col.needs_decision());
    let preview = sensitive::preview(ws.conn(), id, 1, 1).unwrap();
    assert_eq!(preview.rows[0].public[1].as_deref(), Some("**********7919"), "the last four stay");
    let state = |ws: &Workspace| metadata::get(ws.conn(), id).unwrap().checklist[3].state;
    assert_eq!(state(&ws), CheckState::Todo, "unknown is not safe: the clerk decides");
    // Closing the column in the dictionary decides it too: it never leaves.
    metadata::set_dictionary(&mut ws, id, 1, &DictionaryChange { open: Some(false), ..Default::default() }, &actor())
        .unwrap();
    assert_eq!(state(&ws), CheckState::Done);
    metadata::set_dictionary(&mut ws, id, 1, &DictionaryChange { open: Some(true), ..Default::default() }, &actor())
        .unwrap();
    assert_eq!(state(&ws), CheckState::Todo);
    sensitive::set_policy(&mut ws, id, "医保号", Operator::Mask, None, &actor()).unwrap();
    assert_eq!(state(&ws), CheckState::Done, "confirming the mask is a decision");
}

#[test]
fn an_office_convention_applies_to_new_scans_and_is_part_of_the_content_hash() {
    let (_d, mut ws, id) = subsidy();
    sensitive::scan_and_save(&mut ws, id, true, &actor()).unwrap();
    let before = kaifang_core::review::content_hash(ws.conn(), id).unwrap();
    let p = sensitive::preview(ws.conn(), id, 0, 1).unwrap();
    assert_eq!(p.rows[0].public[2].as_deref(), Some("110105********002X"));
    sensitive::set_convention(&mut ws, Category::IdCard, Some((Operator::Mask, Some(1), Some(1))), &actor()).unwrap();
    // Saved findings keep the convention they were scanned with ...
    let p = sensitive::preview(ws.conn(), id, 0, 1).unwrap();
    assert_eq!(p.rows[0].public[2].as_deref(), Some("110105********002X"), "an existing scan is unchanged");
    assert_eq!(kaifang_core::review::content_hash(ws.conn(), id).unwrap(), before);
    // ... a new scan uses the office's, and what would be published changes its hash.
    sensitive::scan_and_save(&mut ws, id, true, &actor()).unwrap();
    let p = sensitive::preview(ws.conn(), id, 0, 1).unwrap();
    assert_eq!(p.rows[0].public[2].as_deref(), Some("1****************X"));
    assert_ne!(kaifang_core::review::content_hash(ws.conn(), id).unwrap(), before);
    let err =
        sensitive::set_convention(&mut ws, Category::IdCard, Some((Operator::Keep, None, None)), &actor()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ConventionNotApplicable, "a default never publishes personal data as is");
}

/// The import scans the rows as it writes them (no second pass over the
/// table): what it saves must be exactly what a whole-table scan of the stored
/// table finds, on tables with free text, extra cells beyond the header, notes
/// and several formats, and on one large enough for many batches.
#[test]
fn the_scan_made_while_importing_equals_a_scan_of_the_stored_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor()).unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import");
    let mut files: Vec<std::path::PathBuf> =
        ["subsidy_gbk.csv", "ids_and_codes.csv", "subsidy.xlsx", "quoted_multiline.csv", "notes_after_gap.xlsx"]
            .iter()
            .map(|f| fixtures.join(f))
            .collect();
    // Cells beyond the header go to the extras column, scanned like the others.
    let ragged = dir.path().join("多出单元格.csv");
    std::fs::write(
        &ragged,
        "姓名,金额\n张三,300,联系电话13812345678，请尽快回电,备用\n李四,250\n王五,280,身份证11010519491231002X已核实\n",
    )
    .unwrap();
    files.push(ragged.clone());
    let subsidy = dir.path().join("低保名单.csv");
    std::fs::write(&subsidy, SUBSIDY).unwrap();
    files.push(subsidy);
    // 30,000 rows (several batches) with IDs and phones in free text far down.
    let mut big = String::from("序号,姓名,身份证号,情况说明,金额\n");
    for i in 1..=30_000u32 {
        let note = if i % 977 == 0 {
            format!("来电13{:09}反映，身份证11010519491231002X", i)
        } else {
            "正常".into()
        };
        big.push_str(&format!("{i},张{i},11010519491231002X,{note},{}\n", i % 500));
    }
    let big_path = dir.path().join("长表.csv");
    std::fs::write(&big_path, big).unwrap();
    files.push(big_path);

    for file in files {
        let out = import_file(&mut ws, &file, &ImportOptions::default(), &actor(), &no_progress, &CancelToken::new())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if file == ragged {
            let last = out.datasets[0].columns.last().map(|c| c.name.as_str());
            assert_eq!(last, Some(kaifang_core::import::EXTRAS_COLUMN));
            let scan = sensitive::saved(ws.conn(), DatasetId(out.datasets[0].id)).unwrap().unwrap();
            assert!(scan.cell_hits >= 2, "the phone and the ID among the extra cells are found");
        }
        for t in &out.datasets {
            let id = DatasetId(t.id);
            let mut during = sensitive::saved(ws.conn(), id).unwrap().expect("saved by the import");
            assert!(during.full, "{}: the import's scan covers every row", file.display());
            let mut after = sensitive::scan(ws.conn(), id, true).unwrap();
            during.scanned_at.clear();
            after.scanned_at.clear();
            assert_eq!(during, after, "{}", file.display());
            assert_eq!(during.rows_scanned, t.rows, "{}", file.display());
        }
    }
}

/// The risk of a list is measured on what is published: the birth dates below
/// are all different, but the public copy shows only the year, so the people
/// group by 性别 + 出生年 + 村 as in the arithmetic of `sensitive::risk`'s
/// unit test: groups of 3, 2, 4 and 1; k = 1; 3 records at risk under k = 3.
#[test]
fn disclosure_risk_is_measured_on_the_public_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("姓名,性别,出生日期,村,病种\n");
    let people = [
        ("男", "1950", "东村", "高血压"),
        ("男", "1950", "东村", "糖尿病"),
        ("男", "1950", "东村", "高血压"),
        ("女", "1950", "东村", "高血压"),
        ("女", "1950", "东村", "高血压"),
        ("男", "1962", "西村", "肺炎"),
        ("男", "1962", "西村", "高血压"),
        ("男", "1962", "西村", "肺炎"),
        ("男", "1962", "西村", "肺炎"),
        ("女", "1971", "南村", "糖尿病"),
    ];
    let given = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨勇", "赵磊", "黄敏", "周杰", "吴霞"];
    for (i, (sex, year, village, illness)) in people.iter().enumerate() {
        csv.push_str(&format!("{},{sex},{year}-{:02}-{:02},{village},{illness}\n", given[i], i % 12 + 1, i + 3));
    }
    let path = dir.path().join("慢病补助.csv");
    std::fs::write(&path, csv).unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor()).unwrap();
    let out =
        import_file(&mut ws, &path, &ImportOptions::default(), &actor(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);

    let r = sensitive::risk::assess(ws.conn(), id, None, Some("病种"), 3).unwrap();
    assert_eq!(r.quasi, ["性别", "出生日期", "村"], "proposed from the scan and the headers");
    assert_eq!((r.rows, r.groups, r.k, r.at_risk), (10, 4, 1, 3));
    assert_eq!(r.group_sizes, vec![(1, 1), (2, 1), (3, 1), (4, 1)]);
    let unique_on = |cols: &[&str]| r.combinations.iter().find(|c| c.columns == cols).map(|c| c.unique);
    assert_eq!(unique_on(&["村"]), Some(1), "南村 has one person");
    assert_eq!(unique_on(&["性别"]), None, "no one is unique on 性别");
    assert_eq!(r.diversity.as_ref().map(|d| (d.l, d.homogeneous_groups)), Some((1, 2)));

    // Chosen by hand: 性别 alone gives groups of 7 and 3.
    let r = sensitive::risk::assess(ws.conn(), id, Some(&["性别".to_owned()]), None, 5).unwrap();
    assert_eq!((r.k, r.groups, r.at_risk), (3, 2, 3));
    // A column that is not published is no quasi-identifier.
    sensitive::set_policy(&mut ws, id, "村", Operator::Drop, None, &actor()).unwrap();
    let r = sensitive::risk::assess(ws.conn(), id, None, None, 3).unwrap();
    assert_eq!(r.quasi, ["性别", "出生日期"]);
    assert_eq!((r.groups, r.k), (4, 1), "男1950 3, 女1950 2, 男1962 4, 女1971 1");
    let err = sensitive::risk::assess(ws.conn(), id, Some(&["籍贯".to_owned()]), None, 3).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ColumnNotFound, "{err}");
}

/// The fix a subsidy list gets, step by step, with the arithmetic by hand
/// (office k = 3; quasi-identifiers 性别, 出生年, 乡镇 in that order of
/// importance):
///   城关镇 男 1950, 1951, 1953 | 城关镇 女 1961, 1962, 1964
///   河口乡 男 1971, 1972, 1974 | 河口乡 女 1980, 1981, 1983 | 河口乡 女 1999
/// Before: every row is alone, k = 1, 13 records at risk.
/// 1. 出生年 to 5-year bands (years are already years, so the year level is
///    skipped): the four triples group (3 each), 1999 (1995-1999) stays
///    alone: k = 1, 1 at risk, 13 cells changed. Nothing coarser helps: 10-year
///    bands leave 1990-1999 alone, and 乡镇 to the county (`*`) groups nothing
///    that 性别 and the band do not already.
/// 2. Local suppression, the least important column whose suppression saves
///    anyone: 乡镇 of the 1999 row would leave (女, 1995-1999, *) alone, so
///    not 乡镇 but its 出生年: (女, *, 河口乡) matches the three women of
///    河口乡 (4), and each of them gains it (4). k = 3 (the men's triples and
///    城关镇's women), none at risk.
///
/// One value suppressed in all.
#[test]
fn the_suggested_fix_reaches_the_office_k_with_the_arithmetic_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("姓名,性别,出生年,乡镇,补贴金额\n");
    let rows = [
        ("城关镇", "男", 1950),
        ("城关镇", "男", 1951),
        ("城关镇", "男", 1953),
        ("城关镇", "女", 1961),
        ("城关镇", "女", 1962),
        ("城关镇", "女", 1964),
        ("河口乡", "男", 1971),
        ("河口乡", "男", 1972),
        ("河口乡", "男", 1974),
        ("河口乡", "女", 1980),
        ("河口乡", "女", 1981),
        ("河口乡", "女", 1983),
        ("河口乡", "女", 1999),
    ];
    let given =
        ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨勇", "赵磊", "黄敏", "周杰", "吴霞", "郑强", "孙丽", "马超"];
    for (i, (town, sex, year)) in rows.iter().enumerate() {
        csv.push_str(&format!("{},{sex},{year},{town},{}\n", given[i], 300 + i * 10));
    }
    let path = dir.path().join("临时救助.csv");
    std::fs::write(&path, csv).unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor()).unwrap();
    let out =
        import_file(&mut ws, &path, &ImportOptions::default(), &actor(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    let hash_before = kaifang_core::review::content_hash(ws.conn(), id).unwrap();

    let plan = sensitive::disclosure::suggest(ws.conn(), id, None, Some(3)).unwrap();
    assert_eq!(plan.quasi, ["性别", "出生年", "乡镇"]);
    assert_eq!((plan.rows, plan.k_before, plan.at_risk_before), (13, 1, 13));
    let steps: Vec<(&str, Option<String>, u64, u64, u64)> = plan
        .steps
        .iter()
        .map(|s| (s.column.as_str(), s.rule.map(|r| r.label()), s.changed_cells, s.k, s.at_risk))
        .collect();
    assert_eq!(steps, vec![("出生年", Some("date:band5".to_owned()), 13, 1, 1), ("出生年", None, 1, 3, 0)]);
    assert_eq!((plan.k_after, plan.at_risk_after, plan.suppressed_cells), (3, 0, 1));
    assert_eq!((plan.steps[0].distinct_before, plan.steps[0].distinct_after), (13, 5));
    // Suggesting changes nothing.
    assert_eq!(kaifang_core::review::content_hash(ws.conn(), id).unwrap(), hash_before);

    let (taken, after) = sensitive::disclosure::apply(&mut ws, id, None, Some(3), &actor()).unwrap();
    assert_eq!(taken, plan, "the plan taken is the plan shown");
    // Measured again on the public copy, as the review measures it.
    let r = sensitive::risk::assess(ws.conn(), id, None, None, 3).unwrap();
    assert_eq!((r.k, r.at_risk), (3, 0));
    assert_eq!((after.k, after.quasi.clone()), (3, vec!["性别".to_owned(), "出生年".to_owned(), "乡镇".to_owned()]));
    // The public copy shows the bands and the suppressed value.
    let mut out = Vec::new();
    kaifang_core::export::public_csv(ws.conn(), id, &mut out, false).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].ends_with(",男,1950-1954,城关镇,300"), "{}", lines[1]);
    assert!(lines[13].ends_with(",女,*,河口乡,420"), "{}", lines[13]);
    // The fix is part of what is approved: the content hash moved.
    assert_ne!(kaifang_core::review::content_hash(ws.conn(), id).unwrap(), hash_before);
    // And it can be taken back.
    sensitive::disclosure::undo(&mut ws, id, &actor()).unwrap();
    let r = sensitive::risk::assess(ws.conn(), id, None, None, 3).unwrap();
    assert_eq!(r.k, 1);
}

/// A statistics table: the count of 2 is suppressed with the three cells that
/// close its rectangle (see `sensitive::tables`' unit tests for the ranges),
/// published as the office's marker; the next month's table keeps the same
/// cells suppressed once this one is published.
#[test]
fn a_statistics_table_is_suppressed_so_that_the_totals_give_nothing_away() {
    use kaifang_core::sensitive::tables;
    let dir = tempfile::tempdir().unwrap();
    let v1 = dir.path().join("各村救助人次.csv");
    std::fs::write(&v1, "村,A类,B类,C类,合计\n东村,10,2,8,20\n西村,7,9,6,22\n南村,5,4,11,20\n合计,22,15,25,62\n")
        .unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor()).unwrap();
    // The 合计 row is published with the table (kept as data), so column totals
    // are known to every reader, as the row totals are.
    let keep = ImportOptions { totals_as_data: true, ..Default::default() };
    let out = import_file(&mut ws, &v1, &keep, &actor(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    let mut spec = tables::default_spec(ws.conn(), id, 3).unwrap();
    assert_eq!(
        (spec.dimensions.clone(), spec.values.clone()),
        (vec!["村".to_owned()], vec!["A类".into(), "B类".into(), "C类".into(), "合计".into()])
    );
    spec.marker = "—".into();
    let r = tables::apply(&mut ws, id, &spec, &actor()).unwrap();
    assert_eq!((r.total_row.as_deref(), r.total_column.as_deref()), (Some("合计"), Some("合计")));
    let cells = |v: &[tables::TableCell]| v.iter().map(|c| format!("{}/{}", c.row, c.column)).collect::<Vec<_>>();
    assert_eq!(cells(&r.primary), ["东村/B类"]);
    assert_eq!(cells(&r.secondary), ["东村/C类", "南村/B类", "南村/C类"]);
    assert!(r.protected && r.ranges.iter().all(|c| c.max.is_some_and(|m| m - c.min >= 3.0)), "{:?}", r.ranges);
    let public = |ws: &Workspace| {
        let mut out = Vec::new();
        kaifang_core::export::public_csv(ws.conn(), id, &mut out, false).unwrap();
        String::from_utf8(out).unwrap()
    };
    let text = public(&ws);
    assert!(
        text.contains("东村,10,—,—,20\n") && text.contains("南村,5,—,—,20\n") && text.contains("西村,7,9,6,22\n"),
        "{text}"
    );

    // Published (as the outbox records it), then next month's table: 东村 B is
    // 5 now, yet the same four cells stay suppressed.
    ws.conn()
        .execute(
            "INSERT INTO publications (dataset_id, portal, package_id, package_name, url, version, approved_hash, resources, published_at)
             VALUES (?1, 'county', 'p', 'p', 'http://portal/p', 1, 'h', '[]', '2026-12-01T00:00:00Z')",
            [id.0],
        )
        .unwrap();
    let v2 = dir.path().join("各村救助人次（12月）.csv");
    std::fs::write(&v2, "村,A类,B类,C类,合计\n东村,9,5,8,22\n西村,7,9,6,22\n南村,6,4,12,22\n合计,22,18,26,66\n")
        .unwrap();
    let opts = ImportOptions { into: Some(id.to_string()), totals_as_data: true, ..Default::default() };
    import_file(&mut ws, &v2, &opts, &actor(), &no_progress, &CancelToken::new()).unwrap();
    assert_eq!(tables::spec(ws.conn(), id).unwrap().map(|s| s.marker), Some("—".to_owned()), "still a table");
    let text = public(&ws);
    assert!(
        text.contains("东村,9,—,—,22\n") && text.contains("南村,6,—,—,22\n"),
        "the same cells as last month: {text}"
    );
    let again = tables::preview(ws.conn(), id, &spec).unwrap();
    assert!(again.primary.is_empty(), "no count below 3 this month");
    assert_eq!(cells(&again.carried), ["东村/B类", "东村/C类", "南村/B类", "南村/C类"]);
}

/// A value table (营业收入 by 镇 × 行业) with its firms counted and each
/// cell's two largest contributions: the dominance rule (2, 85) suppresses
/// 东镇 工业, which one firm makes almost alone, with the cells that keep the
/// totals from giving it away (the arithmetic is in `sensitive::tables`' unit
/// tests); the contribution columns never reach the public copy.
#[test]
fn a_value_table_is_suppressed_by_the_dominance_rule_and_its_contributions_stay_home() {
    use kaifang_core::sensitive::tables::{self, CellRule, Contributions, DEFAULT_DOMINANCE};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("各镇企业营业收入.csv");
    std::fs::write(
        &file,
        "镇,工业,工业企业数,工业最大户,工业次大户,服务业,服务业企业数,服务业最大户,服务业次大户,合计\n\
         东镇,100,4,90,5,40,6,10,8,140\n\
         西镇,60,5,20,15,50,3,30,12,110\n\
         合计,160,9,,,90,9,,,250\n",
    )
    .unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor()).unwrap();
    let keep = ImportOptions { totals_as_data: true, ..Default::default() };
    let out = import_file(&mut ws, &file, &keep, &actor(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    let mut spec = tables::default_spec(ws.conn(), id, 3).unwrap();
    let of = |value: &str| Contributions {
        value: value.to_owned(),
        count: Some(format!("{value}企业数")),
        top: vec![format!("{value}最大户"), format!("{value}次大户")],
    };
    spec.contributions = Some(vec![of("工业"), of("服务业")]);

    // The rule needs both largest contributions of every value column it reads.
    spec.dominance = Some(tables::Dominance { n: 3, k: 85.0 });
    let e = tables::preview(ws.conn(), id, &spec).unwrap_err();
    assert_eq!(e.code(), kaifang_core::error::ErrorCode::TableContributionsInvalid);
    spec.dominance = Some(tables::Dominance { n: 2, k: 0.0 });
    assert_eq!(
        tables::preview(ws.conn(), id, &spec).unwrap_err().code(),
        kaifang_core::error::ErrorCode::TableDominanceOutOfRange
    );

    spec.dominance = Some(DEFAULT_DOMINANCE);
    let r = tables::apply(&mut ws, id, &spec, &actor()).unwrap();
    // The contribution columns describe cells; they are not cells.
    assert_eq!(r.spec.values, ["工业", "服务业", "合计"]);
    let cells = |v: &[tables::TableCell]| v.iter().map(|c| format!("{}/{}", c.row, c.column)).collect::<Vec<_>>();
    assert_eq!(cells(&r.primary), ["东镇/工业"]);
    assert_eq!(r.primary[0].rule, Some(CellRule::Dominance));
    assert_eq!(cells(&r.secondary), ["东镇/服务业", "西镇/工业", "西镇/服务业"]);
    let dominant = r.ranges.iter().find(|c| c.row == "东镇" && c.column == "工业").unwrap();
    assert_eq!((dominant.min.round(), dominant.max.map(f64::round)), (50.0, Some(140.0)));
    assert!((dominant.needs_above.unwrap() - (95.0 / 0.85 - 100.0)).abs() < 1e-6);
    assert!(r.protected);

    let mut out = Vec::new();
    kaifang_core::export::public_csv(ws.conn(), id, &mut out, false).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "镇,工业,工业企业数,服务业,服务业企业数,合计", "the largest contributions are withheld");
    assert_eq!(lines[1], "东镇,*,4,*,6,140");
    assert_eq!(lines[2], "西镇,*,5,*,3,110");
    // The withheld columns are decisions the steward sees.
    let d = kaifang_core::review::decisions(ws.conn(), id).unwrap();
    let withheld: Vec<&str> = d
        .columns
        .iter()
        .filter(|c| c.outcome == kaifang_core::review::Outcome::Withheld)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(withheld, ["工业最大户", "工业次大户", "服务业最大户", "服务业次大户"]);
}
