//! The crash campaign's publishing part, against the real CKAN of the portal
//! suite (tests/portal/run-tests.sh runs it with `--features portal-tests`):
//! 20 approved datasets, each published by a CLI that is killed with SIGKILL at
//! a pseudo-random point of its run. After each kill the workspace holds (the
//! checks of tests/crash.rs) and the portal has at most one package for the
//! dataset; publishing again completes, and leaves exactly one package with one
//! resource of each kind Kaifang uploads.

#![cfg(all(target_os = "linux", feature = "portal-tests"))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod crash_common;

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Instant;

use crash_common::{check, kaifang, run, spawn, villages, PASSPHRASE, TRIALS};
use serde_json::Value;

fn env(key: &str) -> String {
    std::env::var(key).unwrap_or_else(|_| panic!("{key} is not set: run tests/portal/run-tests.sh"))
}

/// Every package of the test organisation, by its `kaifang_uid` extra.
fn packages_by_uid() -> BTreeMap<String, Vec<Value>> {
    let url = format!(
        "{}/api/3/action/package_search?fq=organization:{}&rows=1000&include_private=true&include_drafts=true",
        env("CKAN_URL"),
        env("CKAN_ORG")
    );
    let out = Command::new("curl")
        .args(["-sS", "--fail-with-body", "-H"])
        .arg(format!("Authorization: {}", env("CKAN_SYSADMIN_TOKEN")))
        .arg(&url)
        .output()
        .expect("curl");
    assert!(out.status.success(), "package_search: {}", String::from_utf8_lossy(&out.stdout));
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut by_uid: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for p in answer["result"]["results"].as_array().unwrap() {
        let uid = p["extras"]
            .as_array()
            .and_then(|e| e.iter().find(|x| x["key"] == "kaifang_uid"))
            .and_then(|x| x["value"].as_str())
            .unwrap_or("")
            .to_owned();
        by_uid.entry(uid).or_default().push(p.clone());
    }
    by_uid
}

#[test]
fn sigkill_during_publishing_leaves_no_half_dataset_and_no_duplicate_package() {
    let scratch = tempfile::tempdir().unwrap();
    let s = scratch.path();
    let ws = s.join("ws.sqlite3");
    run(&ws, "", &["user", "add", "老李", "--role", "steward", "--passphrase-stdin"], Some(PASSPHRASE));
    run(
        &ws,
        "老李",
        &["user", "add", "小王", "--role", "clerk", "--passphrase-stdin"],
        Some(&format!("{PASSPHRASE}{PASSPHRASE}")),
    );
    run(
        &ws,
        "老李",
        &["portal", "add", "county", "--url", &env("CKAN_URL"), "--org", &env("CKAN_ORG"), "--passphrase-stdin"],
        Some(&format!("{PASSPHRASE}{}\n", env("CKAN_TOKEN"))),
    );
    let meta = s.join("meta.json");
    std::fs::write(
        &meta,
        serde_json::json!({
            "description": "各村户数、人口与耕地面积",
            "provider": "民政局",
            "theme": "government",
            "open_type": "unconditional",
            "frequency": "yearly",
        })
        .to_string(),
    )
    .unwrap();
    // Twenty approved datasets, one for each trial (each file a little different).
    let mut uids = Vec::new();
    for i in 0..TRIALS {
        let file = s.join(format!("崩溃测试{i}_{}.csv", std::process::id()));
        villages(&file, 20_000 + i as usize);
        let imported = run(&ws, "小王", &["import", "--json", file.to_str().unwrap()], None);
        let id = imported["datasets"][0]["id"].to_string();
        run(&ws, "小王", &["meta", "import", &id, meta.to_str().unwrap()], None);
        run(&ws, "小王", &["submit", &id], None);
        run(&ws, "老李", &["approve", &id, "--comment", "同意", "--passphrase-stdin"], Some(PASSPHRASE));
        let db = rusqlite::Connection::open(&ws).unwrap();
        let uid: String = db.query_row("SELECT uid FROM datasets WHERE id = ?1", [&id], |r| r.get(0)).unwrap();
        uids.push((id, uid));
    }

    // The first dataset, published whole, times a run.
    let started = Instant::now();
    assert!(spawn(&ws, "老李", &["publish", &uids[0].0], None).wait().unwrap().success());
    let full = started.elapsed();
    let mut seed: u64 = 0x5eed_0016;
    let (mut during, mut after) = (0, 0);
    for (i, (id, uid)) in uids.iter().enumerate().skip(1).chain(uids.iter().enumerate().take(1)) {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let within = (seed >> 33) as f64 / (1u64 << 31) as f64;
        let at = full.mul_f64((i as f64 + within) / f64::from(TRIALS));
        let mut child = spawn(&ws, "老李", &["publish", id], None);
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            during += 1;
        } else {
            after += 1;
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        let trial = format!(
            "publish trial {i} (killed at {:.0} ms of {:.0})",
            at.as_secs_f64() * 1e3,
            full.as_secs_f64() * 1e3
        );
        check(&ws, &trial);
        let found = packages_by_uid();
        assert!(found.get(uid).map_or(0, Vec::len) <= 1, "{trial}: two packages for one dataset");
        // Publishing again (unless the killed run had finished) completes the
        // job, with no second package.
        let db = rusqlite::Connection::open(&ws).unwrap();
        let status: String = db.query_row("SELECT status FROM datasets WHERE id = ?1", [id], |r| r.get(0)).unwrap();
        drop(db);
        let again = match status.as_str() {
            "published" => Value::Null,
            "approved" => run(&ws, "老李", &["publish", id, "--json"], None),
            other => panic!("{trial}: the dataset is {other}"),
        };
        let found = packages_by_uid();
        let package = match found.get(uid).map(Vec::as_slice) {
            Some([p]) => p,
            other => panic!("{trial}: after publishing again, packages {other:?}; the CLI said {again}"),
        };
        let mut kinds: Vec<&str> =
            package["resources"].as_array().unwrap().iter().filter_map(|r| r["kaifang_kind"].as_str()).collect();
        let n = kinds.len();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), n, "{trial}: a resource uploaded twice: {kinds:?}");
        assert!(kinds.contains(&"data"), "{trial}: no data resource: {kinds:?}");
    }
    // No dataset of this workspace, nor any other, has two packages.
    let found = packages_by_uid();
    for (id, uid) in &uids {
        assert_eq!(found.get(uid).map_or(0, Vec::len), 1, "dataset {id}");
    }
    // Publishing a published dataset again says so, and sends nothing.
    let (id, uid) = &uids[0];
    let again = run(&ws, "老李", &["publish", id, "--json"], None);
    assert_eq!(again["items"][0]["state"], "published", "{again}");
    assert_eq!(again["summary"]["published"], 0, "{again}");
    let said = kaifang(&ws, "老李").args(["publish", id]).output().unwrap();
    assert!(said.status.success());
    let said = String::from_utf8_lossy(&said.stdout);
    assert!(said.contains("is already published on") && said.contains("has not changed since"), "{said}");
    assert_eq!(packages_by_uid().get(uid).map_or(0, Vec::len), 1);
    println!("publish: {TRIALS} kills, {during} during the run, {after} after it; full run {full:?}");
    assert!(during >= TRIALS / 2, "most kills must land during publishing ({during} did)");
}
