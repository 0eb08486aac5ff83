//! `make bench` (the disclosure-risk part): the risk report of a 1,000,000-row
//! list on 5 quasi-identifiers (性别, 出生日期, 家庭住址, 村代码, 类别), with
//! 补贴金额 for ℓ-diversity, measured on the public copy as `assess` reads it.
//! Run in release: `cargo run --release -p kaifang-core --example risk_bench --
//! [TABLE.csv]` (the import benchmark's bench.csv by default). Goal: under 2 s.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::Instant;

use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::DatasetId;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::pipeline::import_file;
use kaifang_core::sensitive::risk;
use kaifang_core::workspace::OpenMode;
use kaifang_core::Workspace;

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
    let quasi: Vec<String> =
        ["性别", "出生日期", "家庭住址", "村代码", "类别"].iter().map(|s| (*s).to_owned()).collect();
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let started = Instant::now();
        last = Some(risk::assess(ws.conn(), id, Some(&quasi), Some("补贴金额"), risk::DEFAULT_K).unwrap());
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let r = last.unwrap();
    println!(
        "risk report, {} rows x {} quasi-identifiers: {:.2} s (median of 3; goal < 2 s); k = {}, {} groups, {} at risk, {} combinations",
        r.rows,
        r.quasi.len(),
        times[1],
        r.k,
        r.groups,
        r.at_risk,
        r.combinations.len()
    );
}
