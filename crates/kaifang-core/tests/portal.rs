//! Publishing to a real CKAN 2.11 on loopback (started by tests/portal/run-tests.sh,
//! which also gives these tests a session bus with an unlocked gnome-keyring).
//! Nothing here is mocked: the portal is unmodified CKAN, the token lives in the
//! Secret Service, and the workspace is a real SQLite file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::DatasetId;
use kaifang_core::error::Coded;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::metadata::{self, Values};
use kaifang_core::pipeline::import_file;
use kaifang_core::portal::{self, DrainOptions, OutboxItem, Timeouts, Token};
use kaifang_core::review::{self, Role};
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, Workspace};
use serde_json::{json, Value};

struct Env {
    url: String,
    token: String,
    org: String,
    sysadmin: String,
    ctl: PathBuf,
}

mod common;

fn env() -> Env {
    let var = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("{k} is not set: run tests/portal/run-tests.sh"));
    Env {
        url: var("CKAN_URL"),
        token: var("CKAN_TOKEN"),
        org: var("CKAN_ORG"),
        sysadmin: var("CKAN_SYSADMIN_TOKEN"),
        ctl: Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/portal/ckan.sh"),
    }
}

fn clerk() -> Actor {
    Actor::new("小王", Source::System)
}
fn steward() -> Actor {
    Actor::new("老李", Source::System)
}

/// A name no earlier run used: the portal keeps packages between tests.
fn unique(prefix: &str) -> String {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{prefix}-{:x}", n % 0xffff_ffff_ffff)
}

struct Office {
    _dir: tempfile::TempDir,
    path: PathBuf,
    ws: Workspace,
    steward: kaifang_core::auth::Unlocked,
}

fn office(env: &Env, portal_url: &str, token: &str) -> Office {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    let mut ws = Workspace::open(&path, OpenMode::CreateIfMissing, &clerk()).unwrap();
    let lao_li = common::people::first(&mut ws, "老李", &[Role::Steward]);
    common::people::add(&mut ws, &lao_li, "小王", &[Role::Clerk]);
    portal::add(
        &mut ws,
        portal::PortalKind::Ckan,
        "county",
        portal_url,
        &env.org,
        Some(&Token::new(token).unwrap()),
        &lao_li,
    )
    .unwrap();
    Office { _dir: dir, path, ws, steward: lao_li }
}

/// Writes a CSV of `rows` people (names, mobiles, ID numbers: personal data the
/// default policy masks) and imports, describes, submits and approves it.
fn approved_dataset(o: &mut Office, title: &str, rows: usize, seed: usize) -> DatasetId {
    let csv = o.path.with_file_name(format!("{title}.csv"));
    let mut f = std::fs::File::create(&csv).unwrap();
    writeln!(f, "序号,姓名,联系电话,金额,备注").unwrap();
    for i in 0..rows {
        writeln!(
            f,
            "{},张{},1380013{:04},{}.50,第{}户说明{}",
            i + 1,
            i + seed,
            (i + seed) % 10_000,
            100 + i + seed,
            i,
            "x".repeat(20)
        )
        .unwrap();
    }
    drop(f);
    let out =
        import_file(&mut o.ws, &csv, &ImportOptions::default(), &clerk(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    describe(o, id, title);
    review::submit(&mut o.ws, id, &clerk()).unwrap();
    review::approve(&mut o.ws, id, &o.steward, None).unwrap();
    id
}

fn describe(o: &mut Office, id: DatasetId, title: &str) {
    let values: Values = [
        ("title", title),
        ("description", "测试数据集"),
        ("provider", "县民政局"),
        ("theme", "social_security"),
        ("open_type", "unconditional"),
        ("frequency", "monthly"),
        ("keywords", "低保,救助"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), json!(v)))
    .collect();
    metadata::set(&mut o.ws, id, &values, &clerk()).unwrap();
}

fn opts() -> DrainOptions {
    DrainOptions {
        concurrency: 4,
        max_attempts: 30,
        backoff_base: Duration::from_millis(300),
        backoff_max: Duration::from_secs(2),
        timeouts: Timeouts {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(20),
            read: Duration::from_secs(20),
        },
        wait_for_retries: true,
    }
}

fn drain(o: &Office, opts: DrainOptions) -> kaifang_core::portal::DrainSummary {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(portal::drain(&o.path, &steward(), opts, &|_| {}, &CancelToken::new())).unwrap()
}

fn api(env: &Env, token: &str, action: &str, body: Value) -> (u16, Value) {
    let c = reqwest::blocking::Client::new();
    let r =
        c.post(format!("{}/api/3/action/{action}", env.url)).header("Authorization", token).json(&body).send().unwrap();
    let status = r.status().as_u16();
    (status, r.json().unwrap_or(Value::Null))
}

fn download(env: &Env, url: &str) -> Vec<u8> {
    let c = reqwest::blocking::Client::new();
    let r = c.get(url).header("Authorization", &env.token).send().unwrap();
    assert!(r.status().is_success(), "GET {url}: {}", r.status());
    r.bytes().unwrap().to_vec()
}

fn public_csv(o: &Office, id: DatasetId) -> Vec<u8> {
    let mut out = Vec::new();
    kaifang_core::export::public_csv(o.ws.conn(), id, &mut out, true).unwrap();
    out
}

fn slug(o: &Office, id: DatasetId) -> String {
    metadata::get(o.ws.conn(), id).unwrap().slug
}

fn package(env: &Env, name: &str) -> Value {
    let (status, body) = api(env, &env.token, "package_show", json!({ "id": name }));
    assert_eq!(status, 200, "{name}: {body}");
    body["result"].clone()
}

fn extra<'a>(pkg: &'a Value, key: &str) -> Option<&'a str> {
    pkg["extras"].as_array()?.iter().find(|e| e["key"] == key)?["value"].as_str()
}

fn data_resource(pkg: &Value) -> Value {
    let rs = pkg["resources"].as_array().unwrap();
    rs.iter().find(|r| r["kaifang_kind"] == "data").cloned().unwrap_or_else(|| panic!("no data resource in {pkg}"))
}

fn ctl(env: &Env, cmd: &str) {
    let ok = std::process::Command::new(&env.ctl).arg(cmd).status().unwrap().success();
    assert!(ok, "ckan.sh {cmd}");
}

#[test]
fn a_batch_of_20_reaches_the_portal_exactly_as_approved() {
    let env = env();
    let mut o = office(&env, &env.url, &env.token);
    let run = unique("batch");
    let ids: Vec<DatasetId> =
        (0..20).map(|i| approved_dataset(&mut o, &format!("{run} {i}"), 30 + i, i * 100)).collect();
    let queued = portal::enqueue(&mut o.ws, None, "county", &steward()).unwrap();
    assert_eq!(queued.len(), 20);
    let s = drain(&o, opts());
    assert_eq!((s.published, s.failed, s.waiting), (20, 0, 0));
    for &id in &ids {
        let pkg = package(&env, &slug(&o, id));
        assert_eq!(pkg["organization"]["name"], env.org.as_str());
        assert_eq!(pkg["notes"], "测试数据集");
        assert_eq!(extra(&pkg, "provider"), Some("县民政局"), "catalogue fields travel as extras: {pkg}");
        let uid: String = o.ws.conn().query_row("SELECT uid FROM datasets WHERE id = ?1", [id], |r| r.get(0)).unwrap();
        assert_eq!(extra(&pkg, "kaifang_uid"), Some(uid.as_str()));
        assert_eq!(pkg["resources"].as_array().unwrap().len(), 2, "data and dictionary");
        let data = data_resource(&pkg);
        let bytes = download(&env, data["url"].as_str().unwrap());
        assert_eq!(bytes, public_csv(&o, id), "the portal holds the masked export, byte for byte");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("13800130"), "no full mobile number reached the portal");
        assert_eq!(data["hash"].as_str().unwrap().len(), 64, "the resource records its SHA-256");
        let status = kaifang_core::dataset::show(o.ws.conn(), id, None).unwrap().summary.status;
        assert_eq!(status, kaifang_core::lifecycle::DatasetStatus::Published);
        let pubs = portal::publications(o.ws.conn(), id).unwrap();
        assert_eq!(pubs[0].package_id, pkg["id"].as_str().unwrap());
    }
    // A second click finds everything published: nothing is queued again.
    let again = portal::enqueue(&mut o.ws, None, "county", &steward()).unwrap();
    assert!(again.is_empty(), "published datasets are not approved any more: {again:?}");
    let log = kaifang_core::audit::recent(o.ws.conn(), 200).unwrap();
    let published = log.iter().filter(|e| e.action == "dataset.published").count();
    assert_eq!(published, 20);
    assert!(o.ws.verify_audit().unwrap().intact);
}

#[test]
fn the_portal_dies_mid_batch_and_the_batch_still_finishes_once() {
    let env = env();
    let mut o = office(&env, &env.url, &env.token);
    let run = unique("crash");
    let ids: Vec<DatasetId> = (0..12).map(|i| approved_dataset(&mut o, &format!("{run} {i}"), 2_000, i)).collect();
    portal::enqueue(&mut o.ws, None, "county", &steward()).unwrap();
    let done = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let (d, e) = (done.clone(), errors.clone());
    let path = o.path.clone();
    let worker = std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let progress = move |i: &OutboxItem| {
            if i.state == portal::OutboxState::Published {
                d.fetch_add(1, Ordering::SeqCst);
            }
            if let Some(err) = &i.error {
                e.lock().unwrap().push(err.code.as_str().to_owned());
            }
        };
        rt.block_on(portal::drain(&path, &steward(), opts(), &progress, &CancelToken::new())).unwrap()
    });
    let start = Instant::now();
    while done.load(Ordering::SeqCst) < 3 && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    ctl(&env, "stop-ckan");
    std::thread::sleep(Duration::from_secs(3));
    ctl(&env, "start-ckan");
    let s = worker.join().unwrap();
    assert_eq!((s.published, s.failed, s.waiting), (12, 0, 0), "{s:?}");
    let seen = errors.lock().unwrap().clone();
    assert!(
        seen.iter().any(|c| c == "portal_unreachable" || c == "portal_server_error" || c == "portal_timeout"),
        "the outage was met and retried: {seen:?}"
    );
    for &id in &ids {
        let pkg = package(&env, &slug(&o, id));
        assert_eq!(pkg["resources"].as_array().unwrap().len(), 2, "no duplicate resource: {}", pkg["resources"]);
        let bytes = download(&env, data_resource(&pkg)["url"].as_str().unwrap());
        assert_eq!(bytes, public_csv(&o, id));
    }
    // From the database (package_list), not the search index: exactly one
    // package per dataset.
    let (_, all) = api(&env, &env.token, "package_list", json!({ "limit": 1000 }));
    let ours = all["result"].as_array().unwrap().iter().filter(|n| n.as_str().unwrap().starts_with(&run)).count();
    assert_eq!(ours, 12, "no duplicate package");
}

#[test]
fn the_outbox_runs_the_egress_gate_and_a_stopped_item_sends_nothing() {
    let env = env();
    let mut o = office(&env, &env.url, &env.token);
    let title = unique("gate");
    let id = approved_dataset(&mut o, &title, 30, 3);
    let clean = unique("gate-clean");
    let fine = approved_dataset(&mut o, &clean, 10, 4);
    // An ID appears, after the approval, in a column published as is (written
    // around the app, as a detector that improved since would see it): the gate
    // right before the upload stops it.
    let table: String =
        o.ws.conn()
            .query_row(
                "SELECT data_table FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
    o.ws.conn().execute(&format!("UPDATE {table} SET c3 = '11010519491231002X' WHERE _row = 7"), []).unwrap();
    portal::enqueue(&mut o.ws, None, "county", &steward()).unwrap();
    let s = drain(&o, opts());
    assert_eq!((s.published, s.failed), (1, 1), "the clean dataset goes, the stopped one does not");
    let items = portal::outbox(o.ws.conn()).unwrap();
    let stopped = items.iter().find(|i| DatasetId(i.dataset) == id).unwrap();
    let err = stopped.error.as_ref().unwrap();
    assert_eq!(err.code, ErrorCode::EgressBlocked, "{err:?}");
    assert_eq!(err.params["column"], "金额");
    assert_eq!(stopped.attempts, 1, "a stopped item is not retried");
    let (status, _) = api(&env, &env.token, "package_show", json!({ "id": slug(&o, id) }));
    assert_eq!(status, 404, "nothing of the stopped dataset reached the portal");
    assert_eq!(package(&env, &slug(&o, fine))["resources"].as_array().unwrap().len(), 2);
}

#[test]
fn refusals_fail_at_once_with_the_reason_and_are_not_retried() {
    let env = env();
    // A token of our own, revoked after the office has stored it.
    let (_, me) = api(&env, &env.token, "user_show", json!({ "id": std::env::var("CKAN_USER").unwrap_or_default() }));
    let user = me["result"]["name"].as_str().unwrap_or("kaifang-editor").to_owned();
    let (status, t) = api(&env, &env.sysadmin, "api_token_create", json!({ "user": user, "name": unique("t") }));
    assert_eq!(status, 200, "{t}");
    let token = t["result"]["token"].as_str().unwrap().to_owned();
    let mut o = office(&env, &env.url, &token);
    let revoked = approved_dataset(&mut o, &unique("revoked"), 5, 1);
    api(&env, &env.sysadmin, "api_token_revoke", json!({ "token": token }));
    portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&revoked)), "county", &steward()).unwrap();
    let s = drain(&o, opts());
    assert_eq!((s.published, s.failed), (0, 1));
    let item = &portal::outbox(o.ws.conn()).unwrap()[0];
    assert_eq!(item.error.as_ref().unwrap().code, ErrorCode::PortalForbidden);
    assert_eq!(item.attempts, 1, "a refused token is not retried");

    // A name taken by another dataset of the organisation.
    let mut o = office(&env, &env.url, &env.token);
    let title = unique("taken");
    let id = approved_dataset(&mut o, &title, 5, 2);
    let name = slug(&o, id);
    let (status, _) = api(&env, &env.sysadmin, "package_create", json!({ "name": name, "owner_org": env.org }));
    assert_eq!(status, 200);
    portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&id)), "county", &steward()).unwrap();
    drain(&o, opts());
    let item = &portal::outbox(o.ws.conn()).unwrap()[0];
    assert_eq!((item.state.as_str(), item.error.as_ref().unwrap().code), ("failed", ErrorCode::PortalNameTaken));
    let other = package(&env, &name);
    assert_eq!(other["resources"].as_array().unwrap().len(), 0, "the other dataset is left alone");

    // The same, with the other dataset private in another organisation: CKAN's own 409.
    let other_org = unique("other-county");
    let (status, b) = api(&env, &env.sysadmin, "organization_create", json!({ "name": other_org }));
    assert_eq!(status, 200, "{b}");
    let title = unique("hidden");
    let id = approved_dataset(&mut o, &title, 5, 3);
    let name = slug(&o, id);
    api(&env, &env.sysadmin, "package_create", json!({ "name": name, "owner_org": other_org, "private": true }));
    portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&id)), "county", &steward()).unwrap();
    drain(&o, opts());
    let item = portal::outbox(o.ws.conn()).unwrap().into_iter().find(|i| DatasetId(i.dataset) == id).unwrap();
    assert_eq!(item.error.as_ref().unwrap().code, ErrorCode::PortalNameTaken);

    // A file over the portal's upload limit (5 MB in these tests): CKAN's 409.
    let id = approved_dataset(&mut o, &unique("huge"), 120_000, 4);
    assert!(public_csv(&o, id).len() > 5 << 20, "the public copy is over the limit");
    portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&id)), "county", &steward()).unwrap();
    drain(&o, opts());
    let item = portal::outbox(o.ws.conn()).unwrap().into_iter().find(|i| DatasetId(i.dataset) == id).unwrap();
    assert_eq!((item.state.as_str(), item.error.as_ref().unwrap().code), ("failed", ErrorCode::PortalTooLarge));
    assert_eq!(item.attempts, 1);
}

#[test]
fn a_portal_that_hangs_times_out_and_never_hangs_the_outbox() {
    let env = env();
    // Accepts connections and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let held = Arc::new(Mutex::new(Vec::new()));
    let h = held.clone();
    std::thread::spawn(move || {
        for s in listener.incoming().flatten() {
            h.lock().unwrap().push(s);
        }
    });
    let mut o = office(&env, &format!("http://{addr}"), &env.token);
    let id = approved_dataset(&mut o, &unique("hang"), 5, 5);
    portal::enqueue(&mut o.ws, Some(&[id]), "county", &steward()).unwrap();
    let quick = Duration::from_millis(700);
    let start = Instant::now();
    let s = drain(
        &o,
        DrainOptions {
            max_attempts: 3,
            backoff_base: Duration::from_millis(100),
            timeouts: Timeouts { connect: quick, request: quick, read: quick },
            ..opts()
        },
    );
    assert_eq!((s.published, s.failed), (0, 1));
    let item = &portal::outbox(o.ws.conn()).unwrap()[0];
    assert_eq!((item.error.as_ref().unwrap().code, item.attempts), (ErrorCode::PortalTimeout, 3));
    assert!(start.elapsed() < Duration::from_secs(30), "gave up in {:?}", start.elapsed());
    assert!(!held.lock().unwrap().is_empty(), "the client did connect");
}

#[test]
fn version_2_updates_the_same_package_and_an_edit_after_approval_is_refused() {
    let env = env();
    let mut o = office(&env, &env.url, &env.token);
    let title = unique("versions");
    let id = approved_dataset(&mut o, &title, 10, 7);
    portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&id)), "county", &steward()).unwrap();
    drain(&o, opts());
    let v1 = package(&env, &slug(&o, id));

    // Version 2: a new file, reviewed again.
    let csv = o.path.with_file_name("v2.csv");
    std::fs::write(&csv, "序号,姓名,联系电话,金额,备注\n1,李四,13900001111,9.50,新\n2,王五,13900002222,8.00,新\n")
        .unwrap();
    let opts_into = ImportOptions { into: Some(id.to_string()), ..Default::default() };
    import_file(&mut o.ws, &csv, &opts_into, &clerk(), &no_progress, &CancelToken::new()).unwrap();
    describe(&mut o, id, &title);
    review::submit(&mut o.ws, id, &clerk()).unwrap();
    review::approve(&mut o.ws, id, &o.steward, None).unwrap();

    // Edited after approval: refused before anything is sent.
    portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&id)), "county", &steward()).unwrap();
    let v: Values = [("use_cases".to_owned(), json!("政策研究"))].into_iter().collect();
    metadata::set(&mut o.ws, id, &v, &clerk()).unwrap();
    let s = drain(&o, opts());
    assert_eq!(s.failed, 1);
    let item = &portal::outbox(o.ws.conn()).unwrap()[0];
    assert_eq!(item.error.as_ref().unwrap().code, ErrorCode::PublishNotApproved);
    let err = portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&id)), "county", &steward()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PublishNotApproved);
    assert_eq!(package(&env, &slug(&o, id))["metadata_modified"], v1["metadata_modified"], "nothing was sent");

    review::submit(&mut o.ws, id, &clerk()).unwrap();
    review::approve(&mut o.ws, id, &o.steward, None).unwrap();
    portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&id)), "county", &steward()).unwrap();
    let s = drain(&o, opts());
    assert_eq!(s.published, 1);
    let v2 = package(&env, &slug(&o, id));
    assert_eq!(v2["id"], v1["id"], "the same package");
    assert_eq!(v2["resources"].as_array().unwrap().len(), 2, "version 1's files were replaced: {}", v2["resources"]);
    assert_eq!(download(&env, data_resource(&v2)["url"].as_str().unwrap()), public_csv(&o, id));
}

#[test]
fn the_token_is_never_written_to_the_workspace_or_its_log() {
    let env = env();
    let mut o = office(&env, &env.url, &env.token);
    let id = approved_dataset(&mut o, &unique("canary"), 5, 9);
    portal::enqueue(&mut o.ws, Some(&[id]), "county", &steward()).unwrap();
    drain(&o, opts());
    // A failing call too: error messages must not carry it either.
    let mut bad = office(&env, "http://127.0.0.1:9", &env.token);
    let id = approved_dataset(&mut bad, &unique("canary-bad"), 5, 9);
    portal::enqueue(&mut bad.ws, Some(&[id]), "county", &steward()).unwrap();
    drain(&bad, DrainOptions { max_attempts: 1, ..opts() });
    for office in [&o, &bad] {
        let dir = office.path.parent().unwrap();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            if entry.path().is_file() {
                let bytes = std::fs::read(entry.path()).unwrap();
                let hit = bytes.windows(env.token.len()).any(|w| w == env.token.as_bytes());
                assert!(!hit, "the token is in {}", entry.path().display());
            }
        }
        let items = serde_json::to_string(&portal::outbox(office.ws.conn()).unwrap()).unwrap();
        assert!(!items.contains(&env.token));
    }
    // It is in the keyring, where it belongs.
    assert!(portal::get(o.ws.conn(), "county").unwrap().has_token);
}

#[test]
fn a_portal_asking_to_wait_is_given_the_time_it_asks() {
    let env = env();
    // Answers every request "503, come back in 5 seconds".
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = std::io::Read::read(&mut s, &mut buf);
            let body = r#"{"success": false, "error": {"message": "busy"}}"#;
            let _ = write!(
                s,
                "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let mut o = office(&env, &format!("http://{addr}"), &env.token);
    let id = approved_dataset(&mut o, &unique("busy"), 5, 11);
    portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&id)), "county", &steward()).unwrap();
    let before = time::OffsetDateTime::now_utc();
    let s = drain(
        &o,
        DrainOptions {
            wait_for_retries: false,
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_secs(60),
            ..opts()
        },
    );
    assert_eq!((s.published, s.failed, s.waiting), (0, 0, 1));
    let item = &portal::outbox(o.ws.conn()).unwrap()[0];
    assert_eq!((item.state.as_str(), item.error.as_ref().unwrap().code), ("queued", ErrorCode::PortalServerError));
    let next =
        time::OffsetDateTime::parse(&item.next_attempt_at, &time::format_description::well_known::Rfc3339).unwrap();
    let wait = next - before;
    assert!(
        wait >= time::Duration::seconds(4),
        "the retry waits the 5 s the portal asked, not the 0.1 s back-off: {wait}"
    );
}

#[test]
fn a_portal_moved_to_another_host_loses_its_token_and_http_is_only_for_this_machine() {
    let env = env();
    let mut o = office(&env, &env.url, &env.token);
    assert!(portal::get(o.ws.conn(), "county").unwrap().has_token);
    let save = |o: &mut Office, url: &str| {
        portal::add(&mut o.ws, portal::PortalKind::Ckan, "county", url, &env.org, None, &o.steward)
    };
    // Another path on the same server keeps the token.
    let same = format!("{}/", env.url.trim_end_matches('/'));
    assert!(save(&mut o, &same).unwrap().has_token);
    // Plain http to another host would send the token in the clear: refused.
    let err = save(&mut o, "http://data.example.cn").unwrap_err();
    assert_eq!(err.code(), ErrorCode::PortalInsecure);
    assert!(portal::get(o.ws.conn(), "county").unwrap().has_token, "a refused change changes nothing");
    // Another host: the token is dropped, and asked for again.
    let moved = save(&mut o, "https://data.example.cn").unwrap();
    assert!(!moved.has_token, "a token never follows a portal to another server");
    let last = kaifang_core::audit::recent(o.ws.conn(), 1).unwrap().pop().unwrap();
    assert_eq!(last.detail["token_dropped"], true);
    // A clerk changes no portal.
    let clerk = common::people::unlock(&mut o.ws, "小王");
    let err = portal::add(&mut o.ws, portal::PortalKind::Ckan, "county", &env.url, &env.org, None, &clerk).unwrap_err();
    assert_eq!(err.code(), ErrorCode::RoleMissing);
    assert_eq!(portal::remove(&mut o.ws, "county", &clerk).unwrap_err().code(), ErrorCode::RoleMissing);
}

#[test]
fn a_conditional_dataset_goes_as_its_catalogue_entry_with_its_conditions_and_its_data_stays() {
    let env = env();
    let mut o = office(&env, &env.url, &env.token);
    let title = unique("conditional");
    let id = approved_dataset(&mut o, &title, 8, 3);
    portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&id)), "county", &steward()).unwrap();
    assert_eq!(drain(&o, opts()).published, 1);
    let open = package(&env, &slug(&o, id));
    data_resource(&open);

    // The office makes it open on conditions: reviewed again, then sent.
    let conditions = "仅用于政策研究，须签订数据使用协议后提供";
    let values: Values = [
        ("open_type", "conditional"),
        ("open_conditions", conditions),
        ("contact_name", "王科长"),
        ("contact_phone", "0771-1234567"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), json!(v)))
    .collect();
    metadata::set(&mut o.ws, id, &values, &clerk()).unwrap();
    review::submit(&mut o.ws, id, &clerk()).unwrap();
    review::approve(&mut o.ws, id, &o.steward, None).unwrap();
    portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&id)), "county", &steward()).unwrap();
    assert_eq!(drain(&o, opts()).published, 1);

    let pkg = package(&env, &slug(&o, id));
    assert_eq!(pkg["id"], open["id"], "the same catalogue entry");
    assert_eq!(extra(&pkg, "open_type"), Some("conditional"));
    assert_eq!(extra(&pkg, "open_conditions"), Some(conditions));
    assert_eq!(extra(&pkg, "contact_phone"), Some("0771-1234567"));
    assert_eq!(pkg["maintainer"], "王科长", "whom to apply to");
    let kinds: Vec<&str> =
        pkg["resources"].as_array().unwrap().iter().filter_map(|r| r["kaifang_kind"].as_str()).collect();
    assert_eq!(kinds, ["dictionary"], "the data stays in the office; its columns are described: {}", pkg["resources"]);
    let bytes = download(&env, pkg["resources"][0]["url"].as_str().unwrap());
    assert!(!String::from_utf8_lossy(&bytes).contains("1380013"), "no row of data in what went");
}

#[test]
fn with_the_offices_choice_an_excel_file_goes_beside_the_csv_out_of_the_same_gate() {
    use calamine::{Data, Reader, Xlsx};
    let env = env();
    let mut o = office(&env, &env.url, &env.token);
    assert!(!portal::xlsx_chosen(o.ws.conn()).unwrap());
    assert!(portal::set_xlsx(&mut o.ws, true, &o.steward).unwrap());
    let title = unique("xlsx");
    let id = approved_dataset(&mut o, &title, 12, 5);
    portal::enqueue(&mut o.ws, Some(std::slice::from_ref(&id)), "county", &steward()).unwrap();
    assert_eq!(drain(&o, opts()).published, 1);

    let pkg = package(&env, &slug(&o, id));
    let mut kinds: Vec<&str> =
        pkg["resources"].as_array().unwrap().iter().filter_map(|r| r["kaifang_kind"].as_str()).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["data", "data_xlsx", "dictionary"], "{}", pkg["resources"]);
    let book = pkg["resources"].as_array().unwrap().iter().find(|r| r["kaifang_kind"] == "data_xlsx").unwrap().clone();
    assert_eq!(book["format"], "XLSX");
    let bytes = download(&env, book["url"].as_str().unwrap());
    let mut xlsx = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = xlsx.worksheet_range("数据").unwrap();
    let csv = public_csv(&o, id);
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let mut expected = vec![reader.headers().unwrap().iter().map(str::to_owned).collect::<Vec<_>>()];
    expected.extend(reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()));
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows.len(), expected.len());
    for (row, want) in rows.iter().zip(&expected) {
        for (cell, want) in row.iter().zip(want) {
            match cell {
                // 105.50 is the number 105.5 (shown with its two decimals).
                Data::Float(x) => assert_eq!(*x, want.parse::<f64>().unwrap(), "{want}"),
                Data::Empty => assert_eq!(want, ""),
                other => assert_eq!(&other.to_string(), want),
            }
        }
    }
    assert!(rows.iter().any(|r| matches!(r[3], Data::Float(_))), "amounts are numbers");
    assert!(!rows.iter().flat_map(|r| r.iter()).any(|c| c.to_string().contains("1380013")), "no phone number in it");
}
