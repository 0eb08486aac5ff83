//! The office overview: counts by state, provider, theme and openness,
//! completeness bands and the update calendar, on a real workspace.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};

use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::DatasetId;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::metadata::{self, Values};
use kaifang_core::overview;
use kaifang_core::pipeline::import_file;
use kaifang_core::workspace::OpenMode;
use kaifang_core::Workspace;
use serde_json::json;
use time::macros::date;

fn clerk() -> Actor {
    Actor::new("小王", Source::System)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import").join(name)
}

fn import(ws: &mut Workspace, name: &str) -> DatasetId {
    let out = import_file(ws, &fixture(name), &ImportOptions::default(), &clerk(), &no_progress, &CancelToken::new())
        .unwrap();
    DatasetId(out.datasets[0].id)
}

fn describe(ws: &mut Workspace, id: DatasetId, fields: &[(&str, &str)]) {
    let values: Values = fields.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect();
    metadata::set(ws, id, &values, &clerk()).unwrap();
}

/// Moves a dataset's imports back to `day`, as if imported then.
fn imported_on(ws: &Workspace, id: DatasetId, day: &str) {
    ws.conn()
        .execute(
            "UPDATE dataset_versions SET imported_at = ?2 WHERE dataset_id = ?1",
            (id.0, format!("{day}T08:00:00Z")),
        )
        .unwrap();
}

#[test]
fn counts_by_state_provider_theme_openness_and_the_update_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &clerk()).unwrap();
    assert_eq!(overview::compute(ws.conn(), date!(2026 - 12 - 07)).unwrap(), overview::Overview::default());

    let subsidy = import(&mut ws, "subsidy_gbk.csv");
    let towns = import(&mut ws, "pipe.txt");
    let schools = import(&mut ws, "schools.ods");
    describe(
        &mut ws,
        subsidy,
        &[
            ("provider", "县民政局"),
            ("theme", "social_security"),
            ("open_type", "conditional"),
            ("frequency", "monthly"),
        ],
    );
    describe(&mut ws, towns, &[("provider", "县民政局"), ("open_type", "unconditional"), ("frequency", "yearly")]);
    describe(&mut ws, schools, &[("provider", "县教育局"), ("theme", "education"), ("frequency", "irregular")]);
    imported_on(&ws, subsidy, "2026-10-31");
    imported_on(&ws, towns, "2025-12-20");

    let o = overview::compute(ws.conn(), date!(2026 - 12 - 07)).unwrap();
    assert_eq!(o.datasets, 3);
    assert_eq!(o.by_state, [("draft".to_owned(), 3)].into());
    assert_eq!(o.by_department, [("县民政局".to_owned(), 2), ("县教育局".to_owned(), 1)].into());
    assert_eq!(o.by_theme, [(String::new(), 1), ("education".to_owned(), 1), ("social_security".to_owned(), 1)].into());
    assert_eq!(
        o.by_openness,
        [(String::new(), 1), ("conditional".to_owned(), 1), ("unconditional".to_owned(), 1)].into()
    );
    assert_eq!(o.completeness.iter().sum::<u64>(), 3, "each dataset in one band: {:?}", o.completeness);
    let scored: Vec<u32> = metadata::list(ws.conn()).unwrap().iter().map(|d| d.completeness.unwrap()).collect();
    for c in scored {
        assert!(o.completeness[(c.min(99) / 10) as usize] >= 1, "{c} in {:?}", o.completeness);
    }

    // Monthly from 31 October: due 30 November, a week overdue. Yearly from
    // 20 December 2025: due in 13 days. Irregular: never due.
    assert_eq!(o.overdue.len(), 1);
    assert_eq!(
        (o.overdue[0].dataset, o.overdue[0].due.as_str(), o.overdue[0].days_left),
        (subsidy.0, "2026-11-30", -7)
    );
    assert_eq!(o.due_soon.len(), 1);
    assert_eq!(
        (o.due_soon[0].dataset, o.due_soon[0].due.as_str(), o.due_soon[0].days_left),
        (towns.0, "2026-12-20", 13)
    );
    // A month later the yearly one is overdue too, the monthly one most.
    let later = overview::compute(ws.conn(), date!(2027 - 01 - 07)).unwrap();
    let overdue: Vec<(i64, i64)> = later.overdue.iter().map(|d| (d.dataset, d.days_left)).collect();
    assert_eq!(overdue, [(subsidy.0, -38), (towns.0, -18)]);
}
