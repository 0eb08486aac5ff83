//! The hostile corpus (tests/fixtures/hostile, made by make_hostile.py): each
//! file is imported by the real CLI in a child process with an address-space
//! limit, measured from outside (GNU time), and must
//! * end as tests/fixtures/hostile/expected.json says: imported, or refused with
//!   that error code;
//! * peak at 256 MiB of resident memory or less, and finish within 5 s;
//! * when refused, leave the workspace as it was: no dataset, the audit log as
//!   long and intact as before, no file left beside it.
//!
//! The table of results goes to `$CARGO_TARGET_TMPDIR/hostile-report.md`.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const PEAK_MIB: f64 = 256.0;
const SECONDS: f64 = 5.0;
/// The child's address space: far above the resident limit (threads and the
/// allocator reserve more than they touch), low enough that a runaway
/// allocation fails instead of taking the machine.
const ADDRESS_SPACE: u64 = 4 << 30;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hostile")
}

fn kaifang(ws: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kaifang"));
    c.arg("--workspace").arg(ws).env("KAIFANG_LANG", "en").env("KAIFANG_USER", "小王");
    c
}

/// What must not change when an import is refused.
#[derive(Debug, PartialEq)]
struct State {
    datasets: serde_json::Value,
    audit: serde_json::Value,
    files: Vec<String>,
}

fn state(ws: &Path) -> State {
    let list = kaifang(ws).args(["list", "--json"]).output().unwrap();
    let audit = kaifang(ws).args(["audit", "verify", "--json"]).output().unwrap();
    let mut files: Vec<String> = std::fs::read_dir(ws.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    State {
        datasets: serde_json::from_slice::<serde_json::Value>(&list.stdout).unwrap()["datasets"].clone(),
        audit: serde_json::from_slice(&audit.stdout).unwrap(),
        files,
    }
}

struct Outcome {
    result: String,
    peak_mib: f64,
    seconds: f64,
}

/// Imports `file` into a fresh workspace under the limits, and checks that a
/// refusal changed nothing.
fn import(file: &Path, scratch: &Path) -> Outcome {
    let dir = tempfile::tempdir_in(scratch).unwrap();
    let ws = dir.path().join("ws.sqlite3");
    assert!(kaifang(&ws).args(["workspace", "init"]).output().unwrap().status.success());
    let before = state(&ws);
    let timing = dir.path().join("..").join(format!("{}.time", dir.path().file_name().unwrap().to_string_lossy()));
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M %e")
        .arg("-o")
        .arg(&timing)
        .arg("prlimit")
        .arg(format!("--as={ADDRESS_SPACE}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_kaifang"))
        .arg("--workspace")
        .arg(&ws)
        .env("KAIFANG_LANG", "en")
        .env("KAIFANG_USER", "小王")
        .args(["import", "--json"])
        .arg(file)
        .output()
        .expect("GNU time and prlimit run the child");
    let measured = std::fs::read_to_string(&timing).unwrap();
    std::fs::remove_file(&timing).ok();
    // GNU time prints "Command exited with non-zero status N" before the figures.
    let figures: Vec<&str> = measured.lines().last().unwrap().split_whitespace().collect();
    let peak_mib = figures[0].parse::<f64>().unwrap() / 1024.0;
    let seconds = figures[1].parse::<f64>().unwrap();
    let name = file.file_name().unwrap().to_string_lossy();
    let result = match out.status.code() {
        Some(0) => "ok".to_owned(),
        // The coded error is the last line (a panic caught inside the reader
        // prints its message first).
        Some(_) => match serde_json::from_str::<serde_json::Value>(
            String::from_utf8_lossy(&out.stderr).lines().rfind(|l| !l.trim().is_empty()).unwrap_or(""),
        ) {
            Ok(err) if err["code"].is_string() => {
                let after = state(&ws);
                assert_eq!(after, before, "{name}: a refused import changed the workspace");
                err["code"].as_str().unwrap_or_default().to_owned()
            }
            // A panic or an uncoded message: recorded, and a failure below.
            _ => {
                let text = String::from_utf8_lossy(&out.stderr);
                format!("no code: {}", text.lines().find(|l| !l.trim().is_empty()).unwrap_or(""))
            }
        },
        None => format!("killed: {}", out.status),
    };
    if result == "ok" {
        let after = state(&ws);
        assert_eq!(after.datasets.as_array().map(Vec::len), Some(1), "{name}: imported, but no dataset");
        assert_eq!(after.audit["intact"], true, "{name}");
    }
    Outcome { result, peak_mib, seconds }
}

/// A CSV of one 4 GB line: 24 MB of text, then a sparse tail (no disk used).
fn one_long_line(dir: &Path) -> PathBuf {
    let path = dir.join("one_4gb_line.csv");
    let chunk = "地址,".repeat(1 << 20);
    let mut text = String::with_capacity(24 << 20);
    while text.len() < 24 << 20 {
        text.push_str(&chunk);
    }
    std::fs::write(&path, text).unwrap();
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(4 << 30).unwrap();
    path
}

#[test]
fn every_hostile_file_is_refused_or_imported_within_bounds() {
    let expected: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(corpus().join("expected.json")).unwrap()).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "expected.json"))
        .collect();
    files.sort();
    files.push(one_long_line(scratch.path()));
    assert!(files.len() >= 41, "the corpus has {} files", files.len());

    let mut report = String::from("| file | KB | result | peak MiB | seconds |\n|---|---:|---|---:|---:|\n");
    let mut failures = Vec::new();
    let mut seen = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let size = std::fs::metadata(file).unwrap().len() / 1024;
        let o = import(file, scratch.path());
        writeln!(report, "| {name} | {size} | {} | {:.0} | {:.2} |", o.result, o.peak_mib, o.seconds).unwrap();
        match expected.get(&name) {
            Some(want) if *want == o.result => {}
            want => failures.push(format!("{name}: expected {want:?}, got {}", o.result)),
        }
        if o.peak_mib > PEAK_MIB {
            failures.push(format!("{name}: peak {:.0} MiB", o.peak_mib));
        }
        if o.seconds > SECONDS {
            failures.push(format!("{name}: {:.1} s", o.seconds));
        }
        seen.push(name);
    }
    let report_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-report.md");
    std::fs::write(&report_path, &report).unwrap();
    println!("{report}\n(written to {})", report_path.display());
    for name in expected.keys() {
        if !seen.contains(name) {
            failures.push(format!("{name}: in expected.json but not in the corpus"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files failed:\n{}\n\n{report}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
