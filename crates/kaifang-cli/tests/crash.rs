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

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

const TRIALS: u32 = 20;
const PASSPHRASE: &str = "门前大桥下游过一群鸭\n";

fn kaifang(ws: &Path, user: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kaifang"));
    c.arg("--workspace").arg(ws).env("KAIFANG_LANG", "en").env("KAIFANG_USER", user).env_remove("KAIFANG_WORKSPACE");
    c
}

fn run(ws: &Path, user: &str, args: &[&str], stdin: Option<&str>) -> serde_json::Value {
    let mut c = kaifang(ws, user);
    c.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "kaifang {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
}

fn spawn(ws: &Path, user: &str, args: &[&str], stdin: Option<&str>) -> Child {
    let mut c = kaifang(ws, user);
    c.args(args).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::null());
    let mut child = c.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    child
}

/// A table of `rows` rows of made-up village statistics (no personal data).
fn villages(path: &Path, rows: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "序号,村名,户数,人口,耕地面积,备注").unwrap();
    for i in 0..rows {
        writeln!(f, "{i},第{}村,{},{},{}.5,{}", i % 977, 100 + i % 300, 300 + i % 900, i % 5000, "备注".repeat(i % 7))
            .unwrap();
    }
}

/// Copies a workspace folder (the database and everything beside it).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The dataset names and versions, as the CLI lists them.
fn datasets(ws: &Path) -> Vec<(String, i64)> {
    let list = run(ws, "", &["list", "--json"], None);
    let mut out: Vec<(String, i64)> = list["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["name"].as_str().unwrap().to_owned(), d["version"].as_i64().unwrap_or(0)))
        .collect();
    out.sort();
    out
}

/// Every invariant a kill must not break; returns the datasets it found.
fn check(ws: &Path, trial: &str) -> Vec<(String, i64)> {
    // Opening the workspace (the CLI's `list`) cleans what a crash left behind.
    let found = datasets(ws);
    let verify = run(ws, "", &["audit", "verify", "--json"], None);
    assert_eq!(verify["intact"], true, "{trial}: the audit chain: {verify}");
    let db = rusqlite::Connection::open(ws).unwrap();
    let ok: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok", "{trial}: integrity_check");
    let versions: Vec<(i64, String, i64)> = db
        .prepare("SELECT dataset_id, data_table, row_count FROM dataset_versions")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (_, table, rows) in &versions {
        let n: i64 = db
            .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{trial}: version table {table}: {e}"));
        assert_eq!(n, *rows, "{trial}: {table} holds {n} rows, its version says {rows}");
    }
    let orphans: i64 = db
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'data\\_%' ESCAPE '\\'
               AND name NOT IN (SELECT data_table FROM dataset_versions)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "{trial}: data tables without a version");
    let bare: i64 = db
        .query_row("SELECT count(*) FROM datasets WHERE id NOT IN (SELECT dataset_id FROM dataset_versions)", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(bare, 0, "{trial}: datasets without a version");
    drop(db);
    let mut leftovers = Vec::new();
    for dir in [ws.parent().unwrap().to_path_buf(), ws.parent().unwrap().join("backups")] {
        for e in std::fs::read_dir(&dir).into_iter().flatten() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if name.contains("staging") || name.contains(".part") {
                leftovers.push(name);
            }
        }
    }
    assert!(leftovers.is_empty(), "{trial}: left behind: {leftovers:?}");
    found
}

/// How a campaign went: kills that landed while the command ran, and after it
/// had finished.
struct Campaign {
    during: u32,
    after: u32,
}

/// Runs `op` once to time it, then kills it at `TRIALS` points spread over that
/// time (and a little past it), each in a fresh copy of `template`.
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
        // Slot i of 20 over 110 % of the full time, at a pseudo-random point in it.
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let within = (seed >> 33) as f64 / (1u64 << 31) as f64;
        let at = full.mul_f64(1.1 * (f64::from(i) + within) / f64::from(TRIALS));
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
    let clerk = s.join("clerk");
    let steward = s.join("steward");
    std::fs::create_dir(&clerk).unwrap();
    std::fs::create_dir(&steward).unwrap();
    let (cws, sws) = (clerk.join("ws.sqlite3"), steward.join("ws.sqlite3"));
    run(&cws, "", &["user", "add", "小王", "--role", "clerk", "--passphrase-stdin"], Some(PASSPHRASE));
    run(&sws, "", &["user", "add", "老李", "--role", "steward", "--passphrase-stdin"], Some(PASSPHRASE));
    let key = s.join("老李.kaifang-key");
    let exported = run(&sws, "老李", &["key", "export", "--json", "--out", key.to_str().unwrap()], None);
    let fingerprint = exported["fingerprint"].as_str().unwrap().to_owned();
    run(
        &cws,
        "小王",
        &["key", "import", "--fingerprint", &fingerprint, "--passphrase-stdin", key.to_str().unwrap()],
        Some(PASSPHRASE),
    );
    run(&cws, "小王", &["import", medium.to_str().unwrap()], None);
    for (f, v) in [
        ("description", "各村户数、人口与耕地"),
        ("provider", "民政局"),
        ("theme", "government"),
        ("open_type", "unconditional"),
        ("frequency", "yearly"),
    ] {
        run(&cws, "小王", &["meta", "set", "1", f, v], None);
    }
    run(&cws, "小王", &["submit", "1"], None);
    let bundle = s.join("民政局.kaifang");
    run(&cws, "小王", &["bundle", "export", "1", "--out", bundle.to_str().unwrap()], None);
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
