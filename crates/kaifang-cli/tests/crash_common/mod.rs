//! What the crash campaigns share (tests/crash.rs, tests/crash_publish.rs): the
//! CLI run as a user, the test table, and the checks a kill must not break.

#![allow(dead_code)] // each campaign uses its part

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub const TRIALS: u32 = 20;
pub const PASSPHRASE: &str = "门前大桥下游过一群鸭\n";

pub fn kaifang(ws: &Path, user: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kaifang"));
    c.arg("--workspace").arg(ws).env("KAIFANG_LANG", "en").env("KAIFANG_USER", user).env_remove("KAIFANG_WORKSPACE");
    c
}

pub fn run(ws: &Path, user: &str, args: &[&str], stdin: Option<&str>) -> serde_json::Value {
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

pub fn spawn(ws: &Path, user: &str, args: &[&str], stdin: Option<&str>) -> Child {
    let mut c = kaifang(ws, user);
    c.args(args).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::null());
    let mut child = c.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    child
}

/// A table of `rows` rows of made-up village statistics (no personal data).
pub fn villages(path: &Path, rows: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "序号,村名,户数,人口,耕地面积,备注").unwrap();
    for i in 0..rows {
        writeln!(f, "{i},第{}村,{},{},{}.5,{}", i % 977, 100 + i % 300, 300 + i % 900, i % 5000, "备注".repeat(i % 7))
            .unwrap();
    }
}

/// Copies a workspace folder (the database and everything beside it).
pub fn copy_dir(from: &Path, to: &Path) {
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
pub fn datasets(ws: &Path) -> Vec<(String, i64)> {
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
pub fn check(ws: &Path, trial: &str) -> Vec<(String, i64)> {
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

/// Two offices in `dir`: a clerk's (`clerk/`) and a steward's (`steward`, a
/// folder holding `ws.sqlite3`) that trust each other's key. The clerk imports
/// `csv`, describes and submits it, and exports the submission: the bundle's
/// path is returned, encrypted to the steward.
pub fn submitted_bundle(dir: &Path, steward: &Path, csv: &Path) -> std::path::PathBuf {
    let clerk = dir.join("clerk");
    std::fs::create_dir(&clerk).unwrap();
    std::fs::create_dir(steward).unwrap();
    let (cws, sws) = (clerk.join("ws.sqlite3"), steward.join("ws.sqlite3"));
    run(&cws, "", &["user", "add", "小王", "--role", "clerk", "--passphrase-stdin"], Some(PASSPHRASE));
    run(&sws, "", &["user", "add", "老李", "--role", "steward", "--passphrase-stdin"], Some(PASSPHRASE));
    let key = dir.join("老李.kaifang-key");
    let exported = run(&sws, "老李", &["key", "export", "--json", "--out", key.to_str().unwrap()], None);
    let fingerprint = exported["fingerprint"].as_str().unwrap().to_owned();
    let args = ["key", "import", "--fingerprint", &fingerprint, "--passphrase-stdin", key.to_str().unwrap()];
    run(&cws, "小王", &args, Some(PASSPHRASE));
    run(&cws, "小王", &["import", csv.to_str().unwrap()], None);
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
    let bundle = dir.join("民政局.kaifang");
    run(&cws, "小王", &["bundle", "export", "1", "--out", bundle.to_str().unwrap()], None);
    bundle
}
