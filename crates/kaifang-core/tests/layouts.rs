//! Table detection measured on the layout corpus (tests/fixtures/make_layouts.py):
//! sheets laid out as county offices lay them out, each with the header names and
//! data rows a person would say it has. Even seeds are the development half, odd
//! seeds the held-out half that no tuning looks at; both figures are reported
//! (target/tmp/layouts-report.md), and neither may fall below what detection
//! reaches today. The second batch (`-2`: spacer columns, side notes, hidden rows
//! and columns, repeated headers, two tables on a sheet, ODS) was written after
//! the first batch's held-out misses had been seen once; its held-out half is the
//! figure nothing was tuned on.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::collections::BTreeMap;
use std::path::Path;

use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::{self, DatasetId, RowsQuery};
use kaifang_core::import::{inspect, ImportOptions};
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::pipeline::import_file;
use kaifang_core::workspace::OpenMode;
use kaifang_core::Workspace;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    half: String,
    #[serde(flatten)]
    first: Table,
    /// Every table of the sheet, when the layout says so (the first is `first`).
    #[serde(default)]
    tables: Vec<Table>,
}

#[derive(Deserialize)]
struct Table {
    columns: Vec<String>,
    first_data_row: u64,
    last_data_row: u64,
    rows: u64,
    /// A later table: the first row after the gap above it (its title line or
    /// its header); detection may start it anywhere from there to its header.
    #[serde(default)]
    start_from: Option<u64>,
    #[serde(default)]
    header_rows: Vec<u64>,
}

/// What detection found in one sheet, or why it is wrong: the first table by
/// default, then each later one from where the wizard says it starts.
fn check(path: &Path, want: &Expected) -> Result<(), String> {
    check_table(path, &want.first, &ImportOptions::default())?;
    if want.tables.len() < 2 {
        return Ok(());
    }
    let found = inspect(path, &ImportOptions::default()).map_err(|e| format!("not inspected: {e}"))?;
    let starts: Vec<u64> = found.tables.iter().map(|t| t.start_row).collect();
    if starts.len() != want.tables.len() {
        return Err(format!("tables starting at {starts:?}, expected {}", want.tables.len()));
    }
    for (table, start) in want.tables.iter().zip(&starts).skip(1) {
        let (from, header) = (table.start_from.unwrap_or(0), table.header_rows.first().copied().unwrap_or(0));
        if !(from..=header).contains(start) {
            return Err(format!("a later table found at row {start}, expected between {from} and {header}"));
        }
        check_table(path, table, &ImportOptions { table_start: Some(*start), ..Default::default() })
            .map_err(|e| format!("the table at row {start}: {e}"))?;
    }
    Ok(())
}

fn check_table(path: &Path, want: &Table, opts: &ImportOptions) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("measure", Source::System);
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor).unwrap();
    let out = import_file(&mut ws, path, opts, &actor, &no_progress, &CancelToken::new())
        .map_err(|e| format!("not imported: {e}"))?;
    let table = &out.datasets[0];
    let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    if names != want.columns {
        return Err(format!("header {names:?}, expected {:?}", want.columns));
    }
    let page =
        dataset::rows(ws.conn(), DatasetId(table.id), &RowsQuery { limit: 10_000, ..Default::default() }).unwrap();
    let src: Vec<u64> = page.rows.iter().map(|r| r.source_row as u64).collect();
    let (first, last) = (src.first().copied().unwrap_or(0), src.last().copied().unwrap_or(0));
    if (table.rows, first, last) != (want.rows, want.first_data_row, want.last_data_row) {
        return Err(format!(
            "{} rows from {first} to {last}, expected {} from {} to {}",
            table.rows, want.rows, want.first_data_row, want.last_data_row
        ));
    }
    Ok(())
}

#[test]
fn detection_on_the_layout_corpus_development_and_held_out_halves() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/layouts");
    let expected: BTreeMap<String, Expected> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    assert!(expected.len() >= 40, "at least 40 sheets");
    let mut report = String::from("# Table detection on the layout corpus\n\n");
    let mut score: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for (file, want) in &expected {
        let result = check(&dir.join(file), want);
        let s = score.entry(want.half.as_str()).or_default();
        s.1 += 1;
        match result {
            Ok(()) => s.0 += 1,
            // Only the development half's misses are shown: the held-out half is
            // counted, never looked into, so no tuning follows its files.
            Err(why) if want.half.starts_with("development") => misses.push(format!("- {file}: {why}")),
            Err(_) => {}
        }
    }
    for (half, (ok, all)) in &score {
        report.push_str(&format!("- {half}: {ok} of {all} sheets exact ({:.0}%)\n", *ok as f64 * 100.0 / *all as f64));
    }
    report.push_str("\n## Misses in the development halves\n\n");
    report.push_str(&misses.join("\n"));
    report.push('\n');
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/tmp");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("layouts-report.md"), &report).unwrap();
    eprintln!("{report}");
    // What detection reaches today (issue 21's target is 95% held out): a ratchet,
    // raised as detection improves, so no change makes it worse unnoticed.
    for (half, floor) in FLOORS {
        assert!(score[half].0 >= *floor, "{half} below {floor}:\n{report}");
    }
}

const FLOORS: &[(&str, usize)] = &[("development", 24), ("held-out", 24), ("development-2", 24), ("held-out-2", 24)];
