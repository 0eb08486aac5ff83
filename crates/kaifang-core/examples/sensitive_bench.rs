//! `make bench-sensitive`: accuracy of the personal-data classifier on the
//! labelled corpus (per-category precision and recall, column-level F1), and the
//! speed of a full scan of a 1,000,000-row, 12-column table, of a 1,000-row
//! sample scan, and of the egress gate over the table's public copy. Run in release: `cargo run --release -p kaifang-core --example
//! sensitive_bench -- [TABLE.csv]` (the import benchmark's bench.csv by default).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::time::Instant;

use corpus::{classify, corpus};
use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::DatasetId;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::pipeline::import_file;
use kaifang_core::sensitive;
use kaifang_core::workspace::OpenMode;
use kaifang_core::Workspace;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("bench", Source::System);
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor).unwrap();

    let tables = corpus(500, 11);
    let score = classify(&tables);
    println!("Classifier on {} tables, {} columns:", tables.len(), score.columns);
    println!("{:<14} {:>9} {:>7}", "category", "precision", "recall");
    let mut cats: Vec<&str> = score.tp.keys().chain(score.fn_.keys()).chain(score.fp.keys()).copied().collect();
    cats.sort();
    cats.dedup();
    for c in cats {
        let tp = f64::from(*score.tp.get(c).unwrap_or(&0));
        let fp = f64::from(*score.fp.get(c).unwrap_or(&0));
        let fn_ = f64::from(*score.fn_.get(c).unwrap_or(&0));
        println!("{c:<14} {:>9.3} {:>7.3}", tp / (tp + fp).max(1.0), tp / (tp + fn_).max(1.0));
    }
    println!("column-level F1: {:.3} (target >= 0.95)", score.f1());
    println!("personal flag wrong on correct categories: {}", score.personal_wrong);
    println!("personal id_card/phone/bank_card columns missed: {}", score.critical_misses.len());
    for m in &score.critical_misses {
        println!("  {m}");
    }

    let big = std::env::args().nth(1).unwrap_or_else(|| ".cache/bench/bench.csv".into());
    if !std::path::Path::new(&big).exists() {
        println!("(no {big}: run `make bench` first for the 1,000,000-row timing)");
        return;
    }
    let out = import_file(&mut ws, big.as_ref(), &ImportOptions::default(), &actor, &no_progress, &CancelToken::new())
        .unwrap();
    let key = DatasetId(out.datasets[0].id);
    let rows = out.datasets[0].rows;
    // The reference: reading every cell of the table and nothing else, which
    // any whole-table pass pays.
    let (table, width): (String, usize) = ws
        .conn()
        .query_row(
            "SELECT v.data_table, (SELECT count(*) FROM columns c WHERE c.version_id = v.id)
             FROM dataset_versions v WHERE v.dataset_id = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)),
        )
        .unwrap();
    let cols: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
    let t = Instant::now();
    let mut bytes = 0usize;
    let mut stmt = ws.conn().prepare(&format!("SELECT {} FROM {table} ORDER BY _row", cols.join(", "))).unwrap();
    let mut cursor = stmt.query([]).unwrap();
    while let Some(r) = cursor.next().unwrap() {
        for i in 0..width {
            bytes += r.get_ref(i).unwrap().as_str_or_null().ok().flatten().map_or(0, str::len);
        }
    }
    drop(cursor);
    drop(stmt);
    let read_s = t.elapsed().as_secs_f64();
    println!("reference: reading every cell ({} MB): {read_s:.2} s", bytes >> 20);
    let t = Instant::now();
    let sample = sensitive::scan(ws.conn(), key, false).unwrap();
    let sample_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let full = sensitive::scan_and_save(&mut ws, key, true, &actor).unwrap();
    let full_s = t.elapsed().as_secs_f64();
    println!("sample scan ({} rows): {sample_ms:.1} ms (target < 100 ms)", sample.rows_scanned);
    println!("full scan ({rows} rows x {} columns): {full_s:.2} s (target < 3 s)", full.columns.len());
    // The egress gate over the public copy with the defaults: every cell masked
    // and checked, nothing written (what the 敏感字段 tab and submitting run) ...
    let t = Instant::now();
    let gate = kaifang_core::export::gate_check(ws.conn(), key).unwrap();
    let gate_s = t.elapsed().as_secs_f64();
    println!(
        "egress gate ({} rows): {gate_s:.2} s (target < 3 s), {} columns stopped",
        gate.rows_checked,
        gate.blocking.len()
    );
    // ... and the public CSV itself, written through the gate.
    let t = Instant::now();
    let written = kaifang_core::export::public_csv(ws.conn(), key, &mut std::io::sink(), true).unwrap();
    println!("public CSV through the gate ({written} rows): {:.2} s", t.elapsed().as_secs_f64());
    for c in &full.columns {
        println!(
            "  {:<10} {:<12} personal={} {}/{}",
            c.finding.name,
            c.finding.category.as_str(),
            c.finding.personal,
            c.finding.matched,
            c.finding.total
        );
    }
}
