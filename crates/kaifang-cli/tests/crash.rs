//! The crash campaign: the CLI is killed with SIGKILL at spread-out points of an
//! import, a bundle import and a restore, 20 trials each (publishing has its own
//! campaign in the portal suite, tests/portal/crash_publish.rs). After every
//! kill the workspace must hold:
//! * `PRAGMA integrity_check` says ok, and the audit chain verifies;
//! * the dataset invariants: every dataset has a version, every version's data
//!   table exists and holds the rows the version says, no data table is orphaned;
//! * no half operation: the kill left the state before or the state after;
//! * no leftovers: no staging folder or partial file once the workspace is
//!   opened again;
//! * and the operation, run again, completes.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::Path;
use std::process::Child;
use std::time::Instant;

mod crash_common;

use crash_common::{check, copy_dir, datasets, run, spawn, submitted_bundle, villages, PASSPHRASE, TRIALS};

/// How a campaign went: kills that landed while the command ran, and after it
/// had finished.
struct Campaign {
    during: u32,
    after: u32,
}

/// Runs `op` once to time it, then kills it at `TRIALS` points spread over that
/// time, each in a fresh copy of `template`.
fn campaign(
    name: &str,
    template: &Path,
    scratch: &Path,
    op: &dyn Fn(&Path) -> Child,
    after_kill: &dyn Fn(&Path, &str),
) -> Campaign {
    let timing = scratch.join(format!("{name}-timing"));
    copy_dir(template, &timing);
    let started = Instant::now();
    let status = op(&timing.join("ws.sqlite3")).wait().unwrap();
    assert!(status.success(), "{name}: the operation fails without a kill");
    let full = started.elapsed();
    let mut seed: u64 = 0x5eed_0015;
    let mut c = Campaign { during: 0, after: 0 };
    for i in 0..TRIALS {
        // Slot i of 20 over the full time, at a pseudo-random point in it.
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let within = (seed >> 33) as f64 / (1u64 << 31) as f64;
        let at = full.mul_f64((f64::from(i) + within) / f64::from(TRIALS));
        let dir = scratch.join(format!("{name}-{i}"));
        copy_dir(template, &dir);
        let ws = dir.join("ws.sqlite3");
        let mut child = op(&ws);
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            c.during += 1;
        } else {
            c.after += 1;
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        let trial =
            format!("{name} trial {i} (killed at {:.0} ms of {:.0})", at.as_secs_f64() * 1e3, full.as_secs_f64() * 1e3);
        after_kill(&ws, &trial);
        std::fs::remove_dir_all(&dir).ok();
    }
    println!("{name}: {TRIALS} kills, {} during the operation, {} after it; full run {full:?}", c.during, c.after);
    c
}

#[test]
fn sigkill_during_import_bundle_import_and_restore_leaves_a_sound_workspace() {
    let scratch = tempfile::tempdir().unwrap();
    let s = scratch.path();
    let big = s.join("村情统计.csv");
    villages(&big, 150_000);
    let small = s.join("村名录.csv");
    villages(&small, 200);
    let medium = s.join("各村耕地.csv");
    villages(&medium, 60_000);

    // --- import: before or after, never between; a second run completes.
    let office = s.join("office");
    std::fs::create_dir(&office).unwrap();
    let ws = office.join("ws.sqlite3");
    run(&ws, "", &["user", "add", "老李", "--role", "steward", "--passphrase-stdin"], Some(PASSPHRASE));
    let import = |ws: &Path| spawn(ws, "老李", &["import", big.to_str().unwrap()], None);
    let c = campaign("import", &office, s, &import, &|ws, trial| {
        let found = check(ws, trial);
        assert!(found.len() <= 1, "{trial}: {found:?}");
        if found.is_empty() {
            assert!(import(ws).wait().unwrap().success(), "{trial}: importing again");
        }
        assert_eq!(check(ws, trial).len(), 1, "{trial}: one dataset after importing again");
    });
    assert!(c.during >= TRIALS / 2, "most kills must land during the import ({} did)", c.during);

    // --- restore: the workspace is the one before or the backup, whole.
    run(&ws, "老李", &["import", big.to_str().unwrap()], None);
    run(&ws, "", &["backup"], None);
    let backup = std::fs::read_dir(office.join("backups")).unwrap().next().unwrap().unwrap().path();
    run(&ws, "老李", &["import", small.to_str().unwrap()], None);
    let before = datasets(&ws);
    assert_eq!(before.len(), 2);
    let probe = s.join("restore-probe");
    copy_dir(&office, &probe);
    run(
        &probe.join("ws.sqlite3"),
        "老李",
        &["restore", backup.to_str().unwrap(), "--yes", "--passphrase-stdin"],
        Some(PASSPHRASE),
    );
    let restored = datasets(&probe.join("ws.sqlite3"));
    assert_eq!(restored.len(), 1);
    let restore = |ws: &Path| {
        spawn(ws, "老李", &["restore", backup.to_str().unwrap(), "--yes", "--passphrase-stdin"], Some(PASSPHRASE))
    };
    let c = campaign("restore", &office, s, &restore, &|ws, trial| {
        let found = check(ws, trial);
        assert!(found == before || found == restored, "{trial}: {found:?}");
        assert!(restore(ws).wait().unwrap().success(), "{trial}: restoring again");
        assert_eq!(check(ws, trial).len(), 1, "{trial}: the backup's one dataset");
    });
    assert!(c.during >= TRIALS / 2, "most kills must land during the restore ({} did)", c.during);

    // --- bundle import: the submission is queued whole or not at all.
    let steward = s.join("steward");
    let bundle = submitted_bundle(s, &steward, &medium);
    let bundle_import = |ws: &Path| {
        spawn(ws, "老李", &["bundle", "import", bundle.to_str().unwrap(), "--passphrase-stdin"], Some(PASSPHRASE))
    };
    let queue = |ws: &Path| run(ws, "老李", &["queue", "--json"], None)["queue"].as_array().unwrap().len();
    let c = campaign("bundle import", &steward, s, &bundle_import, &|ws, trial| {
        let found = check(ws, trial);
        assert_eq!(found.len(), queue(ws), "{trial}: a dataset outside the queue");
        assert!(found.len() <= 1, "{trial}: {found:?}");
        assert!(bundle_import(ws).wait().unwrap().success(), "{trial}: importing the bundle again");
        assert_eq!(check(ws, trial).len(), 1, "{trial}");
        assert_eq!(queue(ws), 1, "{trial}: one submission in the queue");
    });
    assert!(c.during >= TRIALS / 2, "most kills must land during the bundle import ({} did)", c.during);
}
