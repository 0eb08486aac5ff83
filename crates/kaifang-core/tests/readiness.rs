//! Readiness checks, each on a county-style table that fails it, and a
//! dataset that passes them all, in a real workspace.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::Path;

use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::DatasetId;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::metadata::{self, DictionaryChange, Values};
use kaifang_core::pipeline::import_file;
use kaifang_core::readiness::{self, Check, Group, Severity};
use kaifang_core::sensitive::validators;
use kaifang_core::workspace::OpenMode;
use kaifang_core::Workspace;
use serde_json::json;
use time::macros::date;

fn clerk() -> Actor {
    Actor::new("小王", Source::System)
}

fn import(ws: &mut Workspace, dir: &Path, name: &str, text: &str, totals_as_data: bool) -> DatasetId {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let opts = ImportOptions { totals_as_data, ..ImportOptions::default() };
    let out = import_file(ws, &path, &opts, &clerk(), &no_progress, &CancelToken::new()).unwrap();
    DatasetId(out.datasets[0].id)
}

fn describe(ws: &mut Workspace, id: DatasetId, fields: &[(&str, &str)]) {
    let values: Values = fields.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect();
    metadata::set(ws, id, &values, &clerk()).unwrap();
}

/// A unified social credit code with a right check character.
fn valid_uscc(prefix17: &str) -> String {
    "0123456789ABCDEFGHJKLMNPQRTUWXY".chars().map(|c| format!("{prefix17}{c}")).find(|v| validators::uscc(v)).unwrap()
}

#[test]
fn each_check_fails_on_its_table_and_a_tidy_dataset_passes_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &clerk()).unwrap();
    let good = valid_uscc("91110108MA0000000");
    let mut bad = good.clone();
    bad.replace_range(17.., if good.ends_with('0') { "1" } else { "0" });
    let messy = format!(
        "乡镇,区划代码,统一社会信用代码,补助金额,备注\n\
         城关镇,110101001,{good},约120,\n\
         城关镇,110101001,{good},约120,\n\
         石桥乡,119999001,{bad},300,\n\
         河口乡,110101002,{good},12万元,\n\
         东风乡,110101,{good},80,\n\
         东风乡,110102,{good},90,\n\
         合计,,,,\n"
    );
    let messy = import(&mut ws, dir.path(), "补助发放.csv", &messy, true);
    describe(&mut ws, messy, &[("open_type", "conditional"), ("frequency", "monthly")]);
    ws.conn()
        .execute("UPDATE dataset_versions SET imported_at = '2026-09-01T08:00:00Z' WHERE dataset_id = ?1", [messy.0])
        .unwrap();

    let report = readiness::check(ws.conn(), messy, date!(2026 - 12 - 07)).unwrap();
    let found: Vec<Check> = report.findings.iter().map(|f| f.check).collect();
    for c in [
        Check::DuplicateRows,
        Check::TotalsRows,
        Check::HighMissing,
        Check::InvalidDivisionCodes,
        Check::InvalidUscc,
        Check::NumbersAsText,
        Check::MissingLicense,
        Check::MissingDictionary,
        Check::ConditionsMissing,
        Check::Stale,
    ] {
        assert!(found.contains(&c), "{c:?} in {found:?}");
    }
    assert!(!found.contains(&Check::NearEmpty) && !found.contains(&Check::OpennessUnset), "{found:?}");
    let get = |c: Check| report.findings.iter().find(|f| f.check == c).unwrap();
    assert_eq!(get(Check::DuplicateRows).params["rows"], "1");
    assert_eq!(get(Check::TotalsRows).params["rows"], "1");
    assert_eq!(get(Check::HighMissing).params["columns"], "备注");
    assert_eq!(get(Check::InvalidDivisionCodes).params["columns"], "区划代码（1）", "119999001 only");
    assert_eq!(get(Check::InvalidUscc).params["count"], "1");
    assert_eq!(get(Check::NumbersAsText).params["columns"], "补助金额");
    assert_eq!(get(Check::ConditionsMissing).params["missing"], "both");
    assert_eq!(
        (get(Check::Stale).params["due"].as_str(), get(Check::Stale).params["days"].as_str()),
        ("2026-10-01", "67")
    );
    assert_eq!(get(Check::MissingLicense).group, Group::Standards);
    assert_eq!(get(Check::Stale).group, Group::Timeliness);
    assert_eq!(report.findings[0].severity, Severity::Error, "errors first");

    // Conditions written and a contact to apply to: the check passes.
    describe(
        &mut ws,
        messy,
        &[("open_conditions", "仅限用于科研，需签订数据使用协议"), ("contact_phone", "0771-1234567")],
    );
    let report = readiness::check(ws.conn(), messy, date!(2026 - 12 - 07)).unwrap();
    assert!(!report.findings.iter().any(|f| f.check == Check::ConditionsMissing));

    // Near-empty, openness not chosen.
    let tiny = import(&mut ws, dir.path(), "村.csv", "村,人数\n东村,3\n西村,4\n", false);
    let found: Vec<Check> =
        readiness::check(ws.conn(), tiny, date!(2026 - 12 - 07)).unwrap().findings.iter().map(|f| f.check).collect();
    assert!(found.contains(&Check::NearEmpty) && found.contains(&Check::OpennessUnset), "{found:?}");

    // Three months of one table, imported as three datasets.
    let pieces: Vec<DatasetId> = ["2026年9月低保户数.csv", "2026年10月低保户数.csv", "2026年11月低保户数.csv"]
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let month = format!("乡镇,户数\n城关镇,{}\n石桥乡,8\n河口乡,5\n东风乡,7\n西山乡,9\n", 12 + i);
            import(&mut ws, dir.path(), n, &month, false)
        })
        .collect();
    let r = readiness::check(ws.conn(), pieces[1], date!(2026 - 12 - 07)).unwrap();
    let f = r.findings.iter().find(|f| f.check == Check::MonthlyFragments).expect("monthly pieces");
    assert_eq!(f.params["name"], "低保户数");
    assert_eq!(f.params["count"], "3");
    assert_eq!(f.params["others"], "2026年9月低保户数、2026年11月低保户数");

    // A tidy dataset: described, licensed, open, every column in the dictionary.
    let tidy = import(
        &mut ws,
        dir.path(),
        "学校名录.csv",
        "学校,学生数\n一中,1200\n二中,900\n城关小学,600\n石桥小学,300\n河口小学,200\n",
        false,
    );
    describe(&mut ws, tidy, &[("license", "cc-by"), ("open_type", "unconditional"), ("frequency", "yearly")]);
    for (position, text) in [(0, "学校名称"), (1, "在校学生人数")] {
        let change = DictionaryChange { description: Some(text.into()), unit: None, open: None };
        metadata::set_dictionary(&mut ws, tidy, position, &change, &clerk()).unwrap();
    }
    let report = readiness::check(ws.conn(), tidy, date!(2026 - 12 - 07)).unwrap();
    assert_eq!(report.findings, [], "nothing to fix");

    // The office: every dataset, those with errors first.
    let office = readiness::office(ws.conn(), date!(2026 - 12 - 07)).unwrap();
    assert_eq!(office.len(), 6);
    assert_eq!(office[0].dataset, messy.0);
    assert_eq!(office.last().unwrap().dataset, tidy.0);
}
