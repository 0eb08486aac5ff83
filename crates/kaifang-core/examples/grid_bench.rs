//! `make bench` (the grid part): how fast the dataset grid pages through a
//! 1,000,000-row table, as a clerk scrolls it: plain pages at any depth, the
//! first page of a filter (which counts the matches), then pages anywhere in the
//! filtered and in the sorted view. Run in release: `cargo run --release -p
//! kaifang-core --example grid_bench -- [TABLE.csv]` (the import benchmark's
//! bench.csv by default). Prints milliseconds: median and worst of the pages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::Instant;

use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::{self, DatasetId, RowsQuery};
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::pipeline::import_file;
use kaifang_core::workspace::OpenMode;
use kaifang_core::Workspace;

/// The grid asks for pages of this many rows.
const PAGE: u64 = 200;

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// Median and worst of `times`.
fn summary(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() - 1])
}

fn main() {
    let csv = std::env::args().nth(1).unwrap_or_else(|| ".cache/bench/bench.csv".to_owned());
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("bench", Source::System);
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor).unwrap();
    let out = import_file(
        &mut ws,
        std::path::Path::new(&csv),
        &ImportOptions::default(),
        &actor,
        &no_progress,
        &CancelToken::new(),
    )
    .unwrap();
    let id = DatasetId(out.datasets[0].id);
    let total = out.datasets[0].rows;
    let conn = ws.conn();
    let page = |q: RowsQuery| {
        let t = Instant::now();
        let p = dataset::rows(conn, id, &RowsQuery { limit: PAGE, ..q }).unwrap();
        (ms(t), p.total)
    };
    // Offsets spread over the view, as a scrollbar dragged to anywhere.
    let offsets = |n: u64| (0..20).map(move |i| (n.saturating_sub(PAGE)) * i / 19);

    println!("Grid on {total} rows, pages of {PAGE} rows (ms: median / worst of 20 offsets)");
    let plain: Vec<f64> = offsets(total).map(|o| page(RowsQuery { offset: o, ..Default::default() }).0).collect();
    let (med, worst) = summary(plain);
    println!("{:<34} {med:>8.1} {worst:>8.1}", "plain pages");

    for filter in ["石桥乡", "城市低保", "13", "王"] {
        let q = RowsQuery { filter: Some(filter.to_owned()), ..Default::default() };
        let (first, matches) = page(q.clone());
        let times: Vec<f64> = offsets(matches).map(|o| page(RowsQuery { offset: o, ..q.clone() }).0).collect();
        let (med, worst) = summary(times);
        println!(
            "{:<34} {med:>8.1} {worst:>8.1}   first page with its count {first:.0} ms, {matches} rows",
            format!("filter {filter:?}")
        );
    }
    let q = RowsQuery { sort: Some(8), descending: true, ..Default::default() };
    let (first, _) = page(q.clone());
    let times: Vec<f64> = offsets(total).map(|o| page(RowsQuery { offset: o, ..q.clone() }).0).collect();
    let (med, worst) = summary(times);
    println!(
        "{:<34} {med:>8.1} {worst:>8.1}   first page {first:.0} ms (builds the sort index)",
        "sorted by column 9, descending"
    );
    let q =
        RowsQuery { sort: Some(1), filter: Some("低保".to_owned()), filter_column: Some(10), ..Default::default() };
    let (first, matches) = page(q.clone());
    let times: Vec<f64> = offsets(matches).map(|o| page(RowsQuery { offset: o, ..q.clone() }).0).collect();
    let (med, worst) = summary(times);
    println!(
        "{:<34} {med:>8.1} {worst:>8.1}   first page {first:.0} ms, {matches} rows",
        "filtered in one column and sorted"
    );
}
