//! The classifier on the labelled corpus (tests/common/corpus.rs): column-level F1
//! at least 0.95, and no personal ID, phone or bank-card column missed.

mod common;

use common::corpus::{classify, corpus};

#[test]
fn the_corpus_is_classified_with_f1_of_at_least_0_95_and_no_critical_miss() {
    let score = classify(&corpus(200, 7));
    assert!(score.critical_misses.is_empty(), "missed: {:?}", score.critical_misses);
    let f1 = score.f1();
    assert!(f1 >= 0.95, "column F1 {f1:.3}; false positives {:?}, false negatives {:?}", score.fp, score.fn_);
    assert_eq!(score.personal_wrong, 0, "public/personal decided wrongly on a correctly classified column");
}
