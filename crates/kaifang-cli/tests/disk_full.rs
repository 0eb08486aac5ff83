//! A full disk, for real: the workspace lives on a small tmpfs (mounted in a user
//! and mount namespace, so no root is needed), an import, a backup, an export
//! and a bundle import that do not fit fail with the disk-full code, and the
//! workspace and its folder are left as they were.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::io::Write;
use std::path::Path;
use std::process::Command;

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn an_import_and_a_backup_on_a_full_disk_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("名单.csv");
    let mut f = std::fs::File::create(&csv).unwrap();
    writeln!(f, "序号,姓名,说明").unwrap();
    for i in 0..60_000 {
        writeln!(f, "{i},张{i},{}", "备注".repeat(20)).unwrap();
    }
    drop(f);
    let small = dir.path().join("村代码.csv");
    let mut f = std::fs::File::create(&small).unwrap();
    writeln!(f, "编号,名称").unwrap();
    for i in 0..20_000 {
        writeln!(f, "{i},村{i}").unwrap();
    }
    drop(f);
    let mount = dir.path().join("disk");
    std::fs::create_dir(&mount).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // Everything happens inside one namespace: the tmpfs lives as long as it.
    let script = r#"
        set -u
        mount -t tmpfs -o size=3m tmpfs "$M"
        ws="$M/ws.sqlite3"
        "$K" --workspace "$ws" workspace init >/dev/null
        "$K" --workspace "$ws" import "$CSV" --json 2>"$O/import.err" >/dev/null; echo $? >"$O/import.rc"
        "$K" --workspace "$ws" list --json >"$O/list.json"
        "$K" --workspace "$ws" audit verify --json >"$O/verify.json"
        ls -A "$M" >"$O/files.txt"
        # A small table that fits, for the export below.
        "$K" --workspace "$ws" import "$SMALL" >/dev/null
        # Leave 64 KB: the workspace opens, a copy of it (about 200 KB) does not fit.
        free=$(df --output=avail -B1 "$M" | tail -1)
        head -c $((free - 65536)) /dev/zero >"$M/filler"
        "$K" --workspace "$ws" backup --json 2>"$O/backup.err" >/dev/null; echo $? >"$O/backup.rc"
        ls -A "$M/backups" >"$O/backups.txt" 2>/dev/null || true
        "$K" --workspace "$ws" export 1 --format csv --out "$M/公开.csv" --json 2>"$O/export.err" >/dev/null; echo $? >"$O/export.rc"
        ls -A "$M" >"$O/files2.txt"
        "$K" --workspace "$ws" audit verify --json >"$O/verify2.json"
    "#;
    let status = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script])
        .env("M", &mount)
        .env("K", env!("CARGO_BIN_EXE_kaifang"))
        .env("KAIFANG_USER", "小王")
        .env("CSV", &csv)
        .env("SMALL", &small)
        .env("O", &out)
        .env("KAIFANG_LANG", "en")
        .status()
        .expect("unshare (util-linux) runs the test in its own mount namespace");
    assert!(status.success(), "the script failed: {status}");

    // The import: a disk-full code, no dataset, the log intact, no side files left.
    assert_eq!(read(&out, "import.rc").trim(), "1");
    let err: serde_json::Value = serde_json::from_str(&read(&out, "import.err")).unwrap();
    assert_eq!(err["code"], "workspace_disk_full", "{err}");
    let list: serde_json::Value = serde_json::from_str(&read(&out, "list.json")).unwrap();
    assert_eq!(list["datasets"], serde_json::json!([]), "nothing of the import remains");
    let verify: serde_json::Value = serde_json::from_str(&read(&out, "verify.json")).unwrap();
    assert_eq!(verify["intact"], true);
    assert_eq!(read(&out, "files.txt").split_whitespace().collect::<Vec<_>>(), vec!["ws.sqlite3"]);

    // The backup: a disk-full code and no partial copy in the backup folder.
    assert_eq!(read(&out, "backup.rc").trim(), "1");
    let err: serde_json::Value = serde_json::from_str(&read(&out, "backup.err")).unwrap();
    assert_eq!(err["code"], "workspace_disk_full", "{err}");
    assert!(
        err["params"]["path"].as_str().unwrap_or_default().contains("backups"),
        "the copy failed, not the open: {err}"
    );
    assert_eq!(read(&out, "backups.txt").trim(), "", "no partial backup is left");
    let verify: serde_json::Value = serde_json::from_str(&read(&out, "verify2.json")).unwrap();
    assert_eq!(verify["intact"], true);

    // The public copy: a disk-full code and no half-written file.
    assert_eq!(read(&out, "export.rc").trim(), "1");
    let err: serde_json::Value = serde_json::from_str(&read(&out, "export.err")).unwrap();
    assert_eq!(err["code"], "workspace_disk_full", "{err}");
    let mut files: Vec<String> = read(&out, "files2.txt").split_whitespace().map(str::to_owned).collect();
    files.sort();
    assert_eq!(files, vec!["backups", "filler", "ws.sqlite3"], "no partial export");
}

mod crash_common;

#[test]
fn a_bundle_import_on_a_full_disk_fails_cleanly() {
    use crash_common::{submitted_bundle, villages, PASSPHRASE};
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("各村耕地.csv");
    villages(&csv, 60_000);
    let steward = dir.path().join("steward");
    let bundle = submitted_bundle(dir.path(), &steward, &csv);
    let sws = steward.join("ws.sqlite3");

    let mount = dir.path().join("disk");
    std::fs::create_dir(&mount).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // The steward's workspace fits on the 3 MB disk; the submission (60,000 rows) does not.
    let script = r#"
        set -u
        mount -t tmpfs -o size=3m tmpfs "$M"
        cp "$S" "$M/ws.sqlite3"
        export KAIFANG_USER=老李
        printf '%s\n' "$P" | "$K" --workspace "$M/ws.sqlite3" bundle import "$B" --passphrase-stdin --json 2>"$O/import.err" >/dev/null; echo $? >"$O/import.rc"
        "$K" --workspace "$M/ws.sqlite3" queue --json >"$O/queue.json"
        "$K" --workspace "$M/ws.sqlite3" list --json >"$O/list.json"
        "$K" --workspace "$M/ws.sqlite3" audit verify --json >"$O/verify.json"
        (cd "$M" && find . -mindepth 1 | sort) >"$O/files.txt"
    "#;
    let status = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script])
        .env("M", &mount)
        .env("K", env!("CARGO_BIN_EXE_kaifang"))
        .env("KAIFANG_USER", "小王")
        .env("S", &sws)
        .env("B", &bundle)
        .env("P", PASSPHRASE.trim_end())
        .env("O", &out)
        .env("KAIFANG_LANG", "en")
        .status()
        .expect("unshare (util-linux) runs the test in its own mount namespace");
    assert!(status.success(), "the script failed: {status}");
    assert_eq!(read(&out, "import.rc").trim(), "1", "{}", read(&out, "import.err"));
    let err: serde_json::Value = serde_json::from_str(&read(&out, "import.err")).unwrap();
    assert_eq!(err["code"], "workspace_disk_full", "{err}");
    let queue: serde_json::Value = serde_json::from_str(&read(&out, "queue.json")).unwrap();
    assert_eq!(queue["queue"], serde_json::json!([]), "nothing of the submission is queued");
    let list: serde_json::Value = serde_json::from_str(&read(&out, "list.json")).unwrap();
    assert_eq!(list["datasets"], serde_json::json!([]), "nothing of the submission remains");
    let verify: serde_json::Value = serde_json::from_str(&read(&out, "verify.json")).unwrap();
    assert_eq!(verify["intact"], true);
    // The workspace, and at most the whole backup taken before the import: no
    // staging folder, no decrypted copy, no partial file.
    let files = read(&out, "files.txt");
    for f in files.lines() {
        assert!(
            f == "./ws.sqlite3"
                || f == "./backups"
                || (f.starts_with("./backups/") && f.ends_with("-before-bundle.sqlite3")),
            "left on the disk: {f} (all: {files})"
        );
    }
}
