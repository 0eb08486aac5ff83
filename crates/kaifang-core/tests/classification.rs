//! The classifier on the labelled corpus (tests/common/corpus.rs): column-level F1
//! at least 0.95, and no personal ID, phone or bank-card column missed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod common;

use common::corpus::{corpus, to_csv, Score};
use kaifang_core::audit::{Actor, Source};
use kaifang_core::import::{import_file, ImportOptions};
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::sensitive;
use kaifang_core::workspace::OpenMode;
use kaifang_core::Workspace;

#[test]
fn the_corpus_is_classified_with_f1_of_at_least_0_95_and_no_critical_miss() {
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("t", Source::System);
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor).unwrap();
    let mut score = Score::default();
    for (i, t) in corpus(200, 7).iter().enumerate() {
        let path = dir.path().join(format!("{i}-{}.csv", t.name));
        std::fs::write(&path, to_csv(t)).unwrap();
        let out =
            import_file(&mut ws, &path, &ImportOptions::default(), &actor, &no_progress, &CancelToken::new()).unwrap();
        let report = sensitive::scan(ws.conn(), &out.datasets[0].id.to_string(), true).unwrap();
        for (c, expected) in report.columns.iter().zip(&t.labels) {
            score.add(t.name, &c.finding.name, *expected, (c.finding.category, c.finding.personal));
        }
    }
    assert!(score.critical_misses.is_empty(), "missed: {:?}", score.critical_misses);
    let f1 = score.f1();
    assert!(f1 >= 0.95, "column F1 {f1:.3}; false positives {:?}, false negatives {:?}", score.fp, score.fn_);
    assert_eq!(score.personal_wrong, 0, "public/personal decided wrongly on a correctly classified column");
}
