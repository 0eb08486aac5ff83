//! `make bench` (the cleaning part): 50 steps on the 1,000,000-row benchmark
//! list, then each of them undone from the last to the first (goal: every undo
//! under 3 s), redone, and a step in the middle removed (the later steps it
//! reaches, here every other step on its column, are applied again). Four steps in five rewrite a whole column (性别 coded and
//! back, 家庭住址's province renamed and back); the fifth trims 姓名.
//! Run in release: `cargo run --release -p kaifang-core --example clean_bench --
//! [TABLE.csv]` (the import benchmark's bench.csv by default).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::Instant;

use kaifang_core::audit::{Actor, Source};
use kaifang_core::clean::{self, Op, Step};
use kaifang_core::dataset::DatasetId;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::pipeline::import_file;
use kaifang_core::workspace::OpenMode;
use kaifang_core::Workspace;

fn step(op: Op, column: &str) -> Step {
    Step { op, columns: vec![column.to_owned()], filter: None }
}

fn summary(label: &str, mut t: Vec<f64>, goal: &str) {
    t.sort_by(f64::total_cmp);
    println!("{label:<44} {:>7.2} {:>7.2} {:>7.2}   {goal}", t[t.len() / 2], t[t.len() * 9 / 10], t[t.len() - 1]);
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
    let rows = out.datasets[0].rows;
    let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    let cycle = [
        step(Op::Map { pairs: vec![pair("男", "1"), pair("女", "2")] }, "性别"),
        step(Op::Replace { find: "某某省".into(), replace: "某省".into() }, "家庭住址"),
        step(Op::Map { pairs: vec![pair("1", "男"), pair("2", "女")] }, "性别"),
        step(Op::Replace { find: "某省".into(), replace: "某某省".into() }, "家庭住址"),
        step(Op::Trim, "姓名"),
    ];
    let steps: Vec<Step> = cycle.iter().cycle().take(50).cloned().collect();

    let mut applied = Vec::new();
    let mut cells = 0;
    for s in &steps {
        let started = Instant::now();
        let r = ws.with_tx(|tx| clean::apply(tx, id, s, &actor)).unwrap();
        applied.push(started.elapsed().as_secs_f64());
        cells += r.outcome.map_or(0, |o| o.cells);
    }
    let mut undone = Vec::new();
    for _ in &steps {
        let started = Instant::now();
        ws.with_tx(|tx| clean::undo(tx, id, &actor)).unwrap();
        undone.push(started.elapsed().as_secs_f64());
    }
    let mut redone = Vec::new();
    for _ in &steps {
        let started = Instant::now();
        ws.with_tx(|tx| clean::redo(tx, id, &actor)).unwrap();
        redone.push(started.elapsed().as_secs_f64());
    }
    let h = clean::history(ws.conn(), id).unwrap();
    let middle = h.steps[h.steps.len() / 2].id;
    let started = Instant::now();
    ws.with_tx(|tx| clean::rewrite(tx, id, middle, None, &actor)).unwrap();
    let removed = started.elapsed().as_secs_f64();

    println!("Cleaning on {rows} rows: 50 steps, {cells} cells changed in all (s: median / 90% / worst)");
    summary("apply a step", applied, "");
    summary("undo a step (each of the 50, last to first)", undone, "goal < 3 s each");
    summary("redo a step", redone, "");
    println!("{:<44} {removed:>7.2}   (the later steps it reaches applied again)", "remove step 26 of 50");
}
