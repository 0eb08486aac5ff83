//! Cleaning with a history, on county-style files (tests/fixtures/clean): each
//! operation's effect and counts, undo and redo across a restart, removing and
//! editing a step in the middle (later steps replayed, those that no longer fit
//! skipped), branches kept, and a month's recipe replayed on the next month's
//! file whose headers were renamed and reordered.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kaifang_core::audit::{Actor, Source};
use kaifang_core::clean::{self, Filter, Op, Step, Test};
use kaifang_core::dataset::DatasetId;
use kaifang_core::error::Coded;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::pipeline::import_file;
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, Workspace};

fn clerk() -> Actor {
    Actor::new("小王", Source::System)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/clean").join(name)
}

fn open(path: &Path) -> Workspace {
    Workspace::open(path, OpenMode::CreateIfMissing, &clerk()).unwrap()
}

fn ready() -> (tempfile::TempDir, Workspace, DatasetId) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(&dir.path().join("ws.sqlite3"));
    let out = import_file(
        &mut ws,
        &fixture("month1.csv"),
        &ImportOptions::default(),
        &clerk(),
        &no_progress,
        &CancelToken::new(),
    )
    .unwrap();
    (dir, ws, DatasetId(out.datasets[0].id))
}

/// The latest version's cells by column name, row by row ("" for empty).
fn table(ws: &Workspace, id: DatasetId) -> (Vec<String>, Vec<Vec<String>>) {
    let conn = ws.conn();
    let (vid, data): (i64, String) = conn
        .query_row(
            "SELECT id, data_table FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let mut stmt = conn.prepare("SELECT name FROM columns WHERE version_id = ?1 ORDER BY position").unwrap();
    let names: Vec<String> = stmt.query_map([vid], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    let list: Vec<String> = (0..names.len()).map(kaifang_core::dataset::col).collect();
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {data} ORDER BY _row", list.join(", "))).unwrap();
    let rows = stmt
        .query_map([], |r| (0..names.len()).map(|i| Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (names, rows)
}

fn column(ws: &Workspace, id: DatasetId, name: &str) -> Vec<String> {
    let (names, rows) = table(ws, id);
    let at = names.iter().position(|n| n == name).unwrap_or_else(|| panic!("no column {name} in {names:?}"));
    rows.into_iter().map(|mut r| r.swap_remove(at)).collect()
}

fn step(op: Op, columns: &[&str]) -> Step {
    Step { op, columns: columns.iter().map(|c| (*c).to_owned()).collect(), filter: None }
}

fn apply(ws: &mut Workspace, id: DatasetId, s: &Step) -> clean::StepRecord {
    ws.with_tx(|tx| clean::apply(tx, id, s, &clerk())).unwrap()
}

fn undo(ws: &mut Workspace, id: DatasetId) -> clean::StepRecord {
    ws.with_tx(|tx| clean::undo(tx, id, &clerk())).unwrap()
}

fn redo(ws: &mut Workspace, id: DatasetId) -> clean::StepRecord {
    ws.with_tx(|tx| clean::redo(tx, id, &clerk())).unwrap()
}

#[test]
fn each_operation_on_county_values_with_its_counts() {
    let (_dir, mut ws, id) = ready();
    let imported = table(&ws, id);

    let r = apply(&mut ws, id, &step(Op::Trim, &["姓名"]));
    assert_eq!(column(&ws, id, "姓名"), ["王伟", "李娜", "张 三", "赵敏", "赵敏", "钱多"]);
    let o = r.outcome.unwrap();
    assert_eq!((o.rows, o.cells), (1, 1));
    assert_eq!(o.samples, [(" 张\u{3000}三 ".to_owned(), "张 三".to_owned())]);

    let o = apply(&mut ws, id, &step(Op::HalfWidth, &["联系电话"])).outcome.unwrap();
    assert_eq!(column(&ws, id, "联系电话")[0], "13812345678");
    assert_eq!(o.cells, 1);

    let o = apply(&mut ws, id, &step(Op::Dates, &["发放日期"])).outcome.unwrap();
    assert_eq!(
        column(&ws, id, "发放日期"),
        ["2023-01-05", "2023-01-06", "2023-01-07", "2023-01-07", "2023-01-07", "2023-01-09"]
    );
    let forms: BTreeMap<String, u64> =
        [("chinese", 1), ("dots", 1), ("excel_serial", 2), ("slashes", 1), ("yyyymmdd", 1)]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect();
    assert_eq!(o.forms, forms, "the forms found are reported");
    assert_eq!(o.unreadable, 0);

    let o = apply(&mut ws, id, &step(Op::Numbers { from_wan: true }, &["补贴金额（万元）"])).outcome.unwrap();
    assert_eq!(column(&ws, id, "补贴金额（万元）"), ["1200", "850", "12000", "1000", "1000", "2000"]);
    assert_eq!(o.cells, 6);
    let unit: Option<String> = ws
        .conn()
        .query_row(
            "SELECT c.unit FROM columns c JOIN dataset_versions v ON v.id = c.version_id
             WHERE v.dataset_id = ?1 AND c.name = '补贴金额（万元）' ORDER BY v.version DESC LIMIT 1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unit.as_deref(), Some("元"), "the unit is recorded in the dictionary");

    let o = apply(&mut ws, id, &step(Op::BlankLike { values: Vec::new() }, &["备注"])).outcome.unwrap();
    assert_eq!(column(&ws, id, "备注"), ["", "", "", "", "", "待复核"]);
    assert_eq!(o.cells, 3);

    let o = apply(&mut ws, id, &step(Op::FillDown, &["乡镇"])).outcome.unwrap();
    assert_eq!(column(&ws, id, "乡镇"), ["城关镇", "城关镇", "城关镇", "石桥乡", "石桥乡", "石桥乡"]);
    assert_eq!(o.cells, 3);

    let o = apply(&mut ws, id, &step(Op::Dedupe, &[])).outcome.unwrap();
    assert_eq!(o.rows, 1, "the repeated 赵敏 row");
    assert_eq!(o.removed, [6], "listed by its source row");
    assert_eq!(column(&ws, id, "姓名"), ["王伟", "李娜", "张 三", "赵敏", "钱多"]);

    let split = Step {
        op: Op::Split { separator: None, into: vec!["乡镇名".into(), "村名".into()] },
        columns: vec!["家庭住址".into()],
        filter: None,
    };
    let e = ws.with_tx(|tx| clean::apply(tx, id, &split, &clerk())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CleanStepInvalid, "address parts are named by level");
    let split = Step { op: Op::Split { separator: None, into: vec!["乡镇".into(), "村".into()] }, ..split };
    let e = ws.with_tx(|tx| clean::apply(tx, id, &split, &clerk())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CleanColumnExists, "乡镇 is taken");
    let split = Step {
        op: Op::Split { separator: Some("镇".into()), into: vec!["县镇".into(), "其余".into()] },
        columns: vec!["家庭住址".into()],
        filter: None,
    };
    apply(&mut ws, id, &split);
    assert_eq!(column(&ws, id, "县镇")[0], "某某县城关");
    assert_eq!(column(&ws, id, "其余")[0], "东村4组18号");
    assert_eq!(column(&ws, id, "其余")[3], "", "石桥乡 has no 镇");

    let derive = Step {
        op: Op::FromId { birth_year: Some("出生年".into()), sex: Some("性别".into()) },
        columns: vec!["身份证号".into()],
        filter: None,
    };
    apply(&mut ws, id, &derive);
    assert_eq!(column(&ws, id, "出生年"), ["2004", "1985", "1985", "1990", "1988"]);
    assert_eq!(column(&ws, id, "性别"), ["男", "女", "男", "女", "男"]);

    let merge = Step {
        op: Op::Merge { separator: "".into(), into: "乡镇村".into() },
        columns: vec!["乡镇".into(), "村".into()],
        filter: None,
    };
    apply(&mut ws, id, &merge);
    assert_eq!(column(&ws, id, "乡镇村")[1], "城关镇西村");

    // A step on the filtered rows only, recorded with its filter.
    let filtered = Step {
        op: Op::Replace { find: "村".into(), replace: "社区".into() },
        columns: vec!["村".into()],
        filter: Some(Filter { column: "乡镇".into(), test: Test::OneOf { values: vec!["城关镇".into()] } }),
    };
    let r = apply(&mut ws, id, &filtered);
    assert_eq!(column(&ws, id, "村"), ["东社区", "西社区", "西社区", "南岗村", "北岗村"]);
    assert_eq!(r.step.filter, filtered.filter);

    let map = step(Op::Map { pairs: vec![("男".into(), "1".into()), ("女".into(), "2".into())] }, &["性别"]);
    assert_eq!(apply(&mut ws, id, &map).outcome.unwrap().cells, 5);
    assert_eq!(column(&ws, id, "性别"), ["1", "2", "1", "2", "1"]);

    // The imported version is as it was; the cleaned one is the next version.
    let conn = ws.conn();
    let (base, cleaned): (String, i64) = conn
        .query_row(
            "SELECT b.data_table, v.version FROM dataset_versions v JOIN dataset_versions b ON b.id = v.derived_from
             WHERE v.dataset_id = ?1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(cleaned, 2);
    let first_name: String =
        conn.query_row(&format!("SELECT c2 FROM {base} WHERE _row = 3"), [], |r| r.get(0)).unwrap();
    assert_eq!(first_name, imported.1[2][2], "the imported rows are never changed");
    let h = clean::history(ws.conn(), id).unwrap();
    assert_eq!((h.version, h.base_version, h.steps.len()), (Some(2), 1, 12));
}

#[test]
fn undo_redo_survive_a_restart_and_a_middle_step_can_go_or_change() {
    let (dir, mut ws, id) = ready();
    apply(&mut ws, id, &step(Op::Trim, &["姓名"]));
    apply(&mut ws, id, &step(Op::FillDown, &["乡镇"]));
    let split = Step {
        op: Op::Split { separator: None, into: vec!["村".into()] },
        columns: vec!["家庭住址".into()],
        filter: None,
    };
    // 村 exists: refused, nothing kept.
    assert!(ws.with_tx(|tx| clean::apply(tx, id, &split, &clerk())).is_err());
    let split = Step { op: Op::Split { separator: None, into: vec!["组".into()] }, ..split };
    let split_step = apply(&mut ws, id, &split);
    apply(&mut ws, id, &step(Op::Replace { find: "组".into(), replace: "".into() }, &["组"]));
    apply(&mut ws, id, &step(Op::Dedupe, &[]));
    assert_eq!(column(&ws, id, "组"), ["4", "2", "3", "11", "1"]);

    // Undo twice, restart, the state is still there; redo once.
    assert_eq!(undo(&mut ws, id).step.op, Op::Dedupe);
    assert_eq!(undo(&mut ws, id).step.op, Op::Replace { find: "组".into(), replace: "".into() });
    assert_eq!(column(&ws, id, "组"), ["4组", "2组", "3组", "11组", "11组", "1组"]);
    drop(ws);
    let mut ws = open(&dir.path().join("ws.sqlite3"));
    assert_eq!(column(&ws, id, "组").len(), 6, "the undone dedupe stays undone");
    redo(&mut ws, id);
    assert_eq!(column(&ws, id, "组"), ["4", "2", "3", "11", "11", "1"]);
    let h = clean::history(ws.conn(), id).unwrap();
    let states: Vec<&str> = h.steps.iter().map(|s| s.state.as_str()).collect();
    assert_eq!(states, ["applied", "applied", "applied", "applied", "undone"]);

    // Remove the fill-down in the middle: the later steps are applied again.
    let fill = h.steps[1].id;
    let h = ws.with_tx(|tx| clean::rewrite(tx, id, fill, None, &clerk())).unwrap();
    assert_eq!(h.steps.len(), 4);
    assert_eq!(column(&ws, id, "乡镇"), ["城关镇", "", "", "石桥乡", "石桥乡", ""]);
    assert_eq!(column(&ws, id, "组"), ["4", "2", "3", "11", "11", "1"], "later steps replayed");
    assert_eq!(column(&ws, id, "姓名")[2], "张 三", "earlier steps untouched");

    // Remove the split: the replace on 组 no longer fits and is skipped, the
    // rest goes on.
    let h = ws.with_tx(|tx| clean::rewrite(tx, id, split_step.id, None, &clerk())).unwrap();
    let states: Vec<(&str, &str)> = h.steps.iter().map(|s| (s.step.op.name(), s.state.as_str())).collect();
    assert_eq!(states, [("trim", "applied"), ("replace", "skipped"), ("dedupe", "undone")]);
    let why = h.steps[1].outcome.as_ref().unwrap().skipped.clone().unwrap();
    assert_eq!(
        (why.code, why.params["column"].as_str()),
        (ErrorCode::CleanColumnMissing, "组"),
        "the reason names the column"
    );
    let (names, _) = table(&ws, id);
    assert!(!names.contains(&"组".to_owned()), "the split's column is gone");

    // Edit the trim into a half-width step: applied in its place.
    let trim = h.steps[0].id;
    let h = ws.with_tx(|tx| clean::rewrite(tx, id, trim, Some(&step(Op::HalfWidth, &["联系电话"])), &clerk())).unwrap();
    assert_eq!(h.steps[0].step.op, Op::HalfWidth);
    assert_eq!(column(&ws, id, "姓名")[2], " 张\u{3000}三 ", "the trim is undone");
    assert_eq!(column(&ws, id, "联系电话")[0], "13812345678");

    // Undo everything: the derived version is the imported rows again.
    while ws.with_tx(|tx| clean::undo(tx, id, &clerk())).is_ok() {}
    let e = ws.with_tx(|tx| clean::undo(tx, id, &clerk())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CleanNothingToUndo);
    let conn = ws.conn();
    let base: String = conn
        .query_row(
            "SELECT b.data_table FROM dataset_versions v JOIN dataset_versions b ON b.id = v.derived_from",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let cleaned = table(&ws, id).1;
    let list: Vec<String> = (0..9).map(kaifang_core::dataset::col).collect();
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {base} ORDER BY _row", list.join(", "))).unwrap();
    let original: Vec<Vec<String>> = stmt
        .query_map([], |r| (0..9).map(|i| Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(cleaned, original);
}

#[test]
fn a_new_step_after_undo_keeps_the_undone_steps_as_a_branch() {
    let (_dir, mut ws, id) = ready();
    apply(&mut ws, id, &step(Op::Trim, &["姓名"]));
    apply(&mut ws, id, &step(Op::FillDown, &["乡镇"]));
    apply(&mut ws, id, &step(Op::Dates, &["发放日期"]));
    undo(&mut ws, id);
    undo(&mut ws, id);
    apply(&mut ws, id, &step(Op::HalfWidth, &["联系电话"]));
    let h = clean::history(ws.conn(), id).unwrap();
    assert_eq!(h.steps.iter().map(|s| s.step.op.name()).collect::<Vec<_>>(), ["trim", "half_width"]);
    let kept: Vec<&str> = h.branches[&1].iter().map(|s| s.step.op.name()).collect();
    assert_eq!(kept, ["fill_down", "dates"], "never silently lost");
    let e = redo_err(&mut ws, id);
    assert_eq!(e, ErrorCode::CleanNothingToRedo);

    let h = ws.with_tx(|tx| clean::restore_branch(tx, id, 1, &clerk())).unwrap();
    let line: Vec<(&str, &str)> = h.steps.iter().map(|s| (s.step.op.name(), s.state.as_str())).collect();
    assert_eq!(line, [("trim", "applied"), ("half_width", "applied"), ("fill_down", "undone"), ("dates", "undone")]);
    assert!(h.branches.is_empty());
    redo(&mut ws, id);
    redo(&mut ws, id);
    assert_eq!(column(&ws, id, "发放日期")[0], "2023-01-05");
    assert_eq!(column(&ws, id, "乡镇")[1], "城关镇");
}

fn redo_err(ws: &mut Workspace, id: DatasetId) -> ErrorCode {
    ws.with_tx(|tx| clean::redo(tx, id, &clerk())).unwrap_err().code()
}

/// The first month's recipe, as a clerk would build it.
fn month_steps() -> Vec<Step> {
    vec![
        step(Op::FillDown, &["乡镇"]),
        step(Op::Trim, &["姓名"]),
        step(Op::Dates, &["发放日期"]),
        step(Op::Numbers { from_wan: true }, &["补贴金额（万元）"]),
        step(Op::HalfWidth, &["联系电话"]),
        step(Op::BlankLike { values: Vec::new() }, &["备注"]),
        step(Op::Dedupe, &[]),
        Step {
            op: Op::FromId { birth_year: Some("出生年".into()), sex: None },
            columns: vec!["身份证号".into()],
            filter: None,
        },
        step(Op::Trim, &["出生年"]),
    ]
}

#[test]
fn last_months_recipe_replays_on_renamed_and_reordered_headers_with_one_question() {
    let (_dir, mut ws, id) = ready();
    for s in month_steps() {
        apply(&mut ws, id, &s);
    }
    let recipe = clean::recipe(ws.conn(), id).unwrap();
    assert_eq!(recipe.steps, month_steps());
    let text = serde_json::to_string_pretty(&recipe).unwrap();
    let recipe = clean::read_recipe(&text).unwrap();
    assert_eq!(
        clean::read_recipe("{\"format\":\"other\",\"headers\":[],\"steps\":[]}").unwrap_err().code(),
        ErrorCode::CleanRecipeInvalid
    );

    // Next month's file, into the same dataset: 乡 镇, 身份证号码, 发放 日期,
    // 补贴金额(万元) are found; 手机号 for 联系电话 is the one question.
    let opts = ImportOptions { into: Some(id.0.to_string()), ..ImportOptions::default() };
    import_file(&mut ws, &fixture("month2.csv"), &opts, &clerk(), &no_progress, &CancelToken::new()).unwrap();
    let before = table(&ws, id);
    // What the desktop offers for the new version: last month's steps, the
    // headers it matched, and the one it asks about.
    let offered = clean::previous(ws.conn(), id).unwrap().expect("last month's cleaning is offered");
    assert_eq!((offered.version, offered.steps.len()), (2, 9));
    assert_eq!(offered.unmapped, ["联系电话"]);
    assert_eq!(offered.mapped["发放日期"], "发放 日期", "the others are matched by themselves");
    let e = ws.with_tx(|tx| clean::replay_recipe(tx, id, &recipe, &BTreeMap::new(), false, &clerk())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CleanRecipeUnmapped);
    assert_eq!(e.params()["columns"], "联系电话", "exactly one question");
    assert_eq!(table(&ws, id), before, "nothing written");

    let answer: BTreeMap<String, String> = [("联系电话".to_owned(), "手机号".to_owned())].into();
    let preview = ws.with_tx(|tx| clean::replay_recipe(tx, id, &recipe, &answer, true, &clerk())).unwrap();
    assert!(preview.preview);
    assert_eq!(preview.mapped["乡镇"], "乡 镇");
    assert_eq!(preview.mapped["身份证号"], "身份证号码");
    assert_eq!(preview.mapped["补贴金额（万元）"], "补贴金额(万元)");
    let counts: Vec<(&str, u64)> = preview.steps.iter().map(|(s, o)| (s.op.name(), o.cells)).collect();
    assert_eq!(counts[0], ("fill_down", 3));
    assert_eq!(counts[6].0, "dedupe");
    assert_eq!(preview.steps[6].1.rows, 1);
    assert_eq!(table(&ws, id), before, "a preview writes nothing");
    assert_eq!(clean::history(ws.conn(), id).unwrap().steps.len(), 0);

    let run = ws.with_tx(|tx| clean::replay_recipe(tx, id, &recipe, &answer, false, &clerk())).unwrap();
    assert_eq!(run.steps.len(), 9);
    assert_eq!(column(&ws, id, "乡 镇"), ["城关镇", "城关镇", "城关镇", "石桥乡", "石桥乡"]);
    assert_eq!(column(&ws, id, "发放 日期")[3], "2023-02-07");
    assert_eq!(column(&ws, id, "补贴金额(万元)")[0], "1200");
    assert_eq!(column(&ws, id, "手机号")[0], "13812345678");
    assert_eq!(column(&ws, id, "出生年"), ["2004", "1985", "1985", "1990", "1988"]);
    let h = clean::history(ws.conn(), id).unwrap();
    assert_eq!((h.version, h.base_version), (Some(4), 3), "month 2 is version 3, cleaned as version 4");
    assert!(clean::previous(ws.conn(), id).unwrap().is_none(), "a cleaned version is offered nothing");
}

#[test]
fn a_cleaning_step_is_audited_and_stale_caches_are_dropped() {
    let (_dir, mut ws, id) = ready();
    apply(&mut ws, id, &step(Op::Trim, &["姓名"]));
    let digest = kaifang_core::review::cells_sha256(ws.conn(), {
        ws.conn().query_row("SELECT max(id) FROM dataset_versions", [], |r| r.get::<_, i64>(0)).unwrap()
    })
    .unwrap();
    apply(&mut ws, id, &step(Op::HalfWidth, &["联系电话"]));
    let (kept, generation): (Option<String>, i64) = ws
        .conn()
        .query_row("SELECT cells_sha256, data_generation FROM dataset_versions ORDER BY id DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((kept, generation), (None, 2), "the digest is taken again, grid views are stale");
    let vid: i64 = ws.conn().query_row("SELECT max(id) FROM dataset_versions", [], |r| r.get(0)).unwrap();
    assert_ne!(kaifang_core::review::cells_sha256(ws.conn(), vid).unwrap(), digest);
    let actions: Vec<String> = {
        let mut stmt = ws.conn().prepare("SELECT action FROM audit_log ORDER BY seq").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(actions.iter().filter(|a| *a == "clean.applied").count(), 2, "every step is audited");
}

/// Steps a clerk might take on month1.csv, some depending on others (a step
/// on a column another one adds, a dedupe after a fill).
fn pool() -> Vec<Step> {
    let mut v = month_steps();
    v.extend([
        step(Op::Replace { find: "村".into(), replace: "社区".into() }, &["村"]),
        step(Op::Map { pairs: vec![("城关镇".into(), "城关".into())] }, &["乡镇"]),
        Step {
            op: Op::Split { separator: None, into: vec!["组".into()] },
            columns: vec!["家庭住址".into()],
            filter: None,
        },
        step(Op::Replace { find: "组".into(), replace: "".into() }, &["组"]),
        Step {
            op: Op::Merge { separator: "/".into(), into: "乡镇村".into() },
            columns: vec!["乡镇".into(), "村".into()],
            filter: None,
        },
        Step {
            op: Op::BlankLike { values: vec!["西村".into()] },
            columns: vec!["村".into()],
            filter: Some(Filter { column: "乡镇".into(), test: Test::Blank }),
        },
        step(Op::Dedupe, &["乡镇", "村"]),
    ]);
    v
}

#[test]
fn removing_any_middle_step_gives_what_the_remaining_steps_give_from_scratch() {
    // A fixed generator: the same scenarios on every run.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let pool = pool();
    let (mut ran, mut skipped, mut edits) = (0, 0, 0);
    for scenario in 0..60 {
        let len = 5 + next(6);
        // Every other scenario puts a step that adds a column early and one
        // that works on it late, so that removing the first skips the second.
        let mut chosen: Vec<Step> = (0..len).map(|_| pool[next(pool.len())].clone()).collect();
        if scenario % 2 == 0 {
            let pair = if next(2) == 0 { (11, 12) } else { (7, 8) };
            chosen.insert(1, pool[pair.0].clone());
            chosen.push(pool[pair.1].clone());
        }
        let (_a, mut ws, id) = ready();
        let mut kept = Vec::new();
        for s in &chosen {
            // A step that does not fit where it is chosen is refused and not kept.
            if ws.with_tx(|tx| clean::apply(tx, id, s, &clerk())).is_ok() {
                kept.push(s.clone());
            }
        }
        if kept.len() < 3 {
            continue;
        }
        let h = clean::history(ws.conn(), id).unwrap();
        let at = 1 + next(kept.len() - 2);
        let edited = next(2) == 0;
        let replacement = step(Op::Trim, &["姓名"]);
        ws.with_tx(|tx| clean::rewrite(tx, id, h.steps[at].id, edited.then_some(&replacement), &clerk())).unwrap();
        let after = table(&ws, id);
        let states: Vec<String> =
            clean::history(ws.conn(), id).unwrap().steps.iter().map(|s| s.state.clone()).collect();

        // From scratch: the imported file and the remaining steps, in order;
        // those that do not fit any more are the ones the history skipped.
        let (_b, mut fresh, fid) = ready();
        let mut expected_states = Vec::new();
        for (i, s) in kept.iter().enumerate() {
            let s = if i == at {
                if !edited {
                    continue;
                }
                &replacement
            } else {
                s
            };
            let ok = fresh.with_tx(|tx| clean::apply(tx, fid, s, &clerk())).is_ok();
            expected_states.push(if ok { "applied" } else { "skipped" }.to_owned());
        }
        assert_eq!(states, expected_states, "scenario {scenario}: {kept:?}, step {at} edited: {edited}");
        ran += 1;
        edits += usize::from(edited);
        skipped += usize::from(states.iter().any(|s| s == "skipped"));
        let mut expected = table(&fresh, fid);
        if expected_states.iter().all(|s| s == "skipped") {
            // Nothing applied from scratch: the imported table, as the derived one is.
            expected = table(&ws, id);
        }
        assert_eq!(after, expected, "scenario {scenario}: {kept:?}, step {at} edited: {edited}");

        // Undoing everything gives the imported rows; redoing everything, the same again.
        let n = clean::history(ws.conn(), id).unwrap().steps.len();
        for _ in 0..n {
            undo(&mut ws, id);
        }
        let (_c, plain, pid) = ready();
        assert_eq!(table(&ws, id), table(&plain, pid), "scenario {scenario}: all undone");
        for _ in 0..n {
            redo(&mut ws, id);
        }
        assert_eq!(table(&ws, id), after, "scenario {scenario}: all redone");
    }
    // The scenarios cover removals, edits and steps that no longer fit.
    assert!(ran >= 40 && edits >= 10 && skipped >= 3, "ran {ran}, edits {edits}, with skipped steps {skipped}");
}

#[test]
fn filters_on_invalid_values_and_ranges() {
    let (_dir, mut ws, id) = ready();
    let amount = "补贴金额（万元）";
    // The full-width １.２ does not read as the column's decimals: only it is changed.
    let fix = Step {
        op: Op::HalfWidth,
        columns: vec![amount.into()],
        filter: Some(Filter { column: amount.into(), test: Test::Invalid }),
    };
    let o = apply(&mut ws, id, &fix).outcome.unwrap();
    assert_eq!((o.rows, o.cells), (1, 1));
    assert_eq!(column(&ws, id, amount), ["0.12", "0.085", "1.2", "0.1", "0.1", "0.2"]);
    // Only amounts from 0 to 0.11 (万元) become 元.
    let small = Step {
        op: Op::Numbers { from_wan: true },
        columns: vec![amount.into()],
        filter: Some(Filter { column: amount.into(), test: Test::Range { min: Some(0.0), max: Some(0.11) } }),
    };
    assert_eq!(apply(&mut ws, id, &small).outcome.unwrap().cells, 3);
    assert_eq!(column(&ws, id, amount), ["0.12", "850", "1.2", "1000", "1000", "0.2"]);
}

#[test]
fn a_recipe_file_replays_on_another_dataset_and_bad_files_are_refused() {
    let (dir, mut ws, id) = ready();
    for s in month_steps() {
        apply(&mut ws, id, &s);
    }
    let file = dir.path().join("低保发放名单.kaifang-recipe");
    let written = clean::write_recipe_file(ws.conn(), id, &file).unwrap();
    assert_eq!(written.steps, month_steps());
    assert!(!dir.path().join("低保发放名单.kaifang-recipe.part").exists(), "no part file left");

    // Another dataset (next month's file imported on its own) opens the file.
    let other = import_file(
        &mut ws,
        &fixture("month2.csv"),
        &ImportOptions::default(),
        &clerk(),
        &no_progress,
        &CancelToken::new(),
    )
    .unwrap();
    let other = DatasetId(other.datasets[0].id);
    let recipe = clean::read_recipe_file(&file).unwrap();
    let offer = clean::offer(ws.conn(), other, recipe.clone()).unwrap();
    assert_eq!(offer.unmapped, ["联系电话"], "one question");
    assert_eq!(offer.mapped["身份证号"], "身份证号码");
    let answer: BTreeMap<String, String> = [("联系电话".to_owned(), "手机号".to_owned())].into();
    let run = ws.with_tx(|tx| clean::replay_recipe(tx, other, &recipe, &answer, false, &clerk())).unwrap();
    assert_eq!(run.steps.len(), 9);
    assert_eq!(column(&ws, other, "手机号")[0], "13812345678");
    assert_eq!(column(&ws, id, "联系电话")[0], "13812345678", "the first dataset is as it was");

    // Not a recipe: too large, not UTF-8, not there.
    let big = dir.path().join("big.kaifang-recipe");
    std::fs::write(&big, vec![b' '; (clean::RECIPE_MAX_BYTES + 1) as usize]).unwrap();
    assert_eq!(clean::read_recipe_file(&big).unwrap_err().code(), ErrorCode::CleanRecipeInvalid);
    let binary = dir.path().join("binary.kaifang-recipe");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    assert_eq!(clean::read_recipe_file(&binary).unwrap_err().code(), ErrorCode::CleanRecipeInvalid);
    let e = clean::read_recipe_file(&dir.path().join("missing.kaifang-recipe")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Io);
    assert!(e.params()["path"].ends_with("missing.kaifang-recipe"));
}

#[test]
fn place_names_cluster_on_the_division_list_inside_the_datasets_area() {
    use kaifang_core::clean::cluster::{clusters, Method};
    let (_dir, mut ws, id) = ready();
    apply(&mut ws, id, &step(Op::FillDown, &["乡镇"]));
    apply(&mut ws, id, &step(Op::Map { pairs: vec![("城关镇".into(), "城关".into())] }, &["乡镇"]));
    assert_eq!(column(&ws, id, "乡镇")[..2], ["城关", "城关"]);
    // The area is not known: 城关 could be any of the 88 城关镇, or a 城关乡.
    assert!(clusters(ws.conn(), id, "乡镇", Method::Division).unwrap().is_empty());

    // 和林格尔县 has a 城关镇 and no 城关乡 (and no 石桥乡).
    let values: kaifang_core::metadata::Values = [("spatial_code".to_owned(), serde_json::json!("150123"))].into();
    kaifang_core::metadata::set(&mut ws, id, &values, &clerk()).unwrap();
    let found = clusters(ws.conn(), id, "乡镇", Method::Division).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let official = found[0].official.clone().expect("matched to the list");
    assert_eq!((official.name.as_str(), official.code.as_deref()), ("城关镇", Some("150123100")));
    assert_eq!(found[0].values, [("城关".to_owned(), 3)]);
    assert_eq!(official.scores, [0.9]);
}
