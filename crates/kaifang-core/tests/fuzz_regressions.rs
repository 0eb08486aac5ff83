//! Replays tests/fixtures/fuzz/<target>/ through the fuzz targets' entry points
//! (`kaifang_core::fuzzing`): the seeds `make fuzz` starts from and every input
//! a fuzzing run found to crash, hang or over-allocate. A fixed bug stays fixed,
//! and each seed is still read the way it was (`accepted-*` accepted,
//! `refused-*` refused), so an entry point that stopped reading would show.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::Path;
use std::time::{Duration, Instant};

use kaifang_core::fuzzing;

fn replay(target: &str, run: fn(&[u8]) -> bool) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fuzz").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no inputs", dir.display());
    for file in files {
        let data = std::fs::read(&file).unwrap();
        let started = Instant::now();
        let accepted = run(&data);
        // libFuzzer's own limit for a slow input in `make fuzz` is 10 s.
        assert!(started.elapsed() < Duration::from_secs(10), "{} took {:?}", file.display(), started.elapsed());
        let name = file.file_name().unwrap().to_string_lossy();
        if name.starts_with("accepted-") {
            assert!(accepted, "{name} is no longer accepted");
        } else if name.starts_with("refused-") {
            assert!(!accepted, "{name} is now accepted");
        }
    }
}

#[test]
fn csv() {
    replay("csv", fuzzing::csv);
}

#[test]
fn workbook() {
    replay("workbook", fuzzing::workbook);
}

#[test]
fn bundle() {
    replay("bundle", fuzzing::bundle);
}

#[test]
fn metadata() {
    replay("metadata", fuzzing::metadata);
}

#[test]
fn ckan() {
    replay("ckan", fuzzing::ckan_answer);
}
