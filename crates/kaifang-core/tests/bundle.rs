//! Offline bundles between two real workspaces: clerk → steward → clerk, the same
//! bundle twice, and every kind of bad bundle refused with nothing imported.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use kaifang_core::audit::{Actor, Source};
use kaifang_core::auth::{self, Unlocked};
use kaifang_core::bundle::{self, Outcome};
use kaifang_core::dataset::DatasetId;
use kaifang_core::error::Coded;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::metadata::{self, Values};
use kaifang_core::pipeline::import_file;
use kaifang_core::review::{self, Role};
use kaifang_core::sensitive::{self, Operator};
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, Workspace};
use serde_json::json;
use sha2::{Digest, Sha256};

mod common;
use common::people;

fn clerk() -> Actor {
    Actor::new("小王", Source::System)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import").join(name)
}

/// A workspace whose first user is `user` (a steward there), unlocked.
fn workspace(dir: &Path, name: &str, user: &str, role: Role) -> (Workspace, Unlocked) {
    let mut ws =
        Workspace::open(&dir.join(name), OpenMode::CreateIfMissing, &Actor::new(user, Source::System)).unwrap();
    let u = people::first(&mut ws, user, &[role]);
    (ws, u)
}

/// Two offices: the steward's workspace, and a clerk's that trusts the steward's
/// office key and has one submitted dataset.
struct Offices {
    cws: Workspace,
    cid: DatasetId,
    sws: Workspace,
    steward: Unlocked,
}

fn offices(dir: &Path) -> Offices {
    let (sws, steward) = workspace(dir, "steward.sqlite3", "老李", Role::Steward);
    let (mut cws, cid, local) = clerk_with_submission(dir);
    people::trust(&sws, "老李", &mut cws, &local);
    Offices { cws, cid, sws, steward }
}

/// A clerk's workspace with one submitted dataset.
fn clerk_with_submission(dir: &Path) -> (Workspace, DatasetId, Unlocked) {
    let (mut ws, local) = workspace(dir, "clerk.sqlite3", "小王", Role::Clerk);
    let out = import_file(
        &mut ws,
        &fixture("subsidy_gbk.csv"),
        &ImportOptions::default(),
        &clerk(),
        &no_progress,
        &CancelToken::new(),
    )
    .unwrap();
    let id = DatasetId(out.datasets[0].id);
    let values: Values = [
        ("description", "全县低保名单"),
        ("provider", "县民政局"),
        ("theme", "social_security"),
        ("open_type", "unconditional"),
        ("frequency", "monthly"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), json!(v)))
    .collect();
    metadata::set(&mut ws, id, &values, &clerk()).unwrap();
    sensitive::set_policy(&mut ws, id, "联系电话", Operator::Drop, None, &clerk()).unwrap();
    // Four people, below the office's k of 5: published with a reason, which
    // travels in the bundle.
    sensitive::disclosure::set_reason(&mut ws, id, Some("依《最低生活保障审核确认办法》须公示"), &clerk()).unwrap();
    review::submit(&mut ws, id, &clerk()).unwrap();
    (ws, id, local)
}

/// A steward imports submissions (opening them with their keys).
fn import(ws: &mut Workspace, file: &Path, who: &Unlocked) -> Result<bundle::Report, bundle::BundleError> {
    bundle::import(ws, file, who.actor(), Some(who), &no_progress, &CancelToken::new())
}

/// A clerk imports decisions.
fn apply(ws: &mut Workspace, file: &Path) -> Result<bundle::Report, bundle::BundleError> {
    bundle::import(ws, file, &clerk(), None, &no_progress, &CancelToken::new())
}

fn status(ws: &Workspace, id: DatasetId) -> String {
    kaifang_core::dataset::show(ws.conn(), id, None).unwrap().summary.status.to_string()
}

/// Everything a refused bundle must leave as it was.
fn fingerprint(ws: &Workspace) -> (i64, i64, i64, i64) {
    let n = |sql: &str| ws.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (
        n("SELECT count(*) FROM datasets"),
        n("SELECT count(*) FROM dataset_versions"),
        n("SELECT count(*) FROM reviews"),
        n("SELECT count(*) FROM audit_log"),
    )
}

#[test]
fn a_round_trip_clerk_to_steward_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let Offices { mut cws, cid, mut sws, steward, .. } = offices(dir.path());
    let file = dir.path().join("县民政局.kaifang");
    let w = bundle::export_submissions(&mut cws, std::slice::from_ref(&cid), &file, &clerk()).unwrap();
    assert_eq!(w.datasets, 1);
    assert!(!dir.path().join("县民政局.kaifang.part").exists(), "no partial file is left");

    // The steward's PC: the submission lands in the queue with the clerk's metadata,
    // dictionary and policy, and the same data.
    let report = import(&mut sws, &file, &steward).unwrap();
    assert_eq!(report.items.len(), 1);
    assert_eq!(report.items[0].outcome, Outcome::Added);
    let sid = DatasetId(report.items[0].dataset);
    let queue = review::queue(sws.conn()).unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].submitted_by, "小王", "the submission keeps its author");
    let (cmeta, smeta) = (metadata::get(cws.conn(), cid).unwrap(), metadata::get(sws.conn(), sid).unwrap());
    assert_eq!(cmeta.values, smeta.values);
    assert_eq!(cmeta.dictionary, smeta.dictionary);
    let policy = sensitive::saved(sws.conn(), sid).unwrap().unwrap();
    let phone = policy.columns.iter().find(|c| c.finding.name == "联系电话").unwrap();
    assert_eq!(phone.operator, Operator::Drop);
    let rows = |ws: &Workspace, id: DatasetId| {
        let q = kaifang_core::dataset::RowsQuery { offset: 0, limit: 1000, ..Default::default() };
        kaifang_core::dataset::rows(ws.conn(), id, &q).unwrap().rows.into_iter().map(|r| r.cells).collect::<Vec<_>>()
    };
    assert_eq!(rows(&cws, cid), rows(&sws, sid), "the data arrives cell for cell");

    // Importing the same file again changes nothing.
    let before = fingerprint(&sws);
    let again = import(&mut sws, &file, &steward).unwrap();
    assert_eq!(again.items[0].outcome, Outcome::Unchanged);
    assert_eq!(fingerprint(&sws), before);

    // The steward returns it with a column comment; the decision goes back.
    let targeted = vec![("column:1".to_owned(), "姓名需要脱敏".to_owned())];
    review::return_submission(&mut sws, sid, &steward, "请处理姓名列", &targeted).unwrap();
    let back = dir.path().join("decisions.kaifang");
    bundle::export_decisions(&mut sws, std::slice::from_ref(&sid), &back, steward.actor()).unwrap();
    let applied = apply(&mut cws, &back).unwrap();
    assert_eq!(applied.items[0].outcome, Outcome::Returned);
    assert_eq!(status(&cws, cid), "returned");
    let last = review::history(cws.conn(), cid).unwrap().pop().unwrap();
    assert_eq!((last.actor.as_str(), last.comment.as_deref()), ("老李", Some("请处理姓名列")));
    assert_eq!(last.comments, targeted, "the column comment reaches the clerk");
    let before = fingerprint(&cws);
    assert_eq!(apply(&mut cws, &back).unwrap().items[0].outcome, Outcome::Unchanged);
    assert_eq!(fingerprint(&cws), before, "a decision applied twice is applied once");

    // Corrected and sent again: a new form of the same dataset, no new dataset.
    sensitive::set_policy(&mut cws, cid, "姓名", Operator::Pseudonymize, None, &clerk()).unwrap();
    review::submit(&mut cws, cid, &clerk()).unwrap();
    let second = dir.path().join("second.kaifang");
    bundle::export_submissions(&mut cws, std::slice::from_ref(&cid), &second, &clerk()).unwrap();
    let r = import(&mut sws, &second, &steward).unwrap();
    assert_eq!((r.items[0].outcome, r.items[0].dataset), (Outcome::Added, sid.0));
    let versions: i64 = sws.conn().query_row("SELECT count(*) FROM dataset_versions", [], |r| r.get(0)).unwrap();
    assert_eq!(versions, 1, "the same data is not imported twice");
    let changes = review::changes(sws.conn(), sid).unwrap();
    assert!(changes.is_none(), "never approved: nothing to compare with");
    review::approve(&mut sws, sid, &steward, Some("同意")).unwrap();
    bundle::export_decisions(&mut sws, std::slice::from_ref(&sid), &back, steward.actor()).unwrap();
    assert_eq!(apply(&mut cws, &back).unwrap().items[0].outcome, Outcome::Approved);
    assert_eq!(status(&cws, cid), "approved");
    assert!(review::approved_hash(cws.conn(), cid).unwrap().is_some(), "the clerk's copy may now be published");

    // Approved on both sides, then edited and sent again: the steward's approval of
    // the old content is voided and the new content waits in the queue.
    let v: kaifang_core::metadata::Values =
        [("use_cases".to_owned(), serde_json::json!("救助政策研究"))].into_iter().collect();
    metadata::set(&mut cws, cid, &v, &clerk()).unwrap();
    review::submit(&mut cws, cid, &clerk()).unwrap();
    let third = dir.path().join("third.kaifang");
    bundle::export_submissions(&mut cws, std::slice::from_ref(&cid), &third, &clerk()).unwrap();
    assert_eq!(import(&mut sws, &third, &steward).unwrap().items[0].outcome, Outcome::Added);
    assert_eq!(status(&sws, sid), "submitted");
    assert_eq!(review::approved_hash(sws.conn(), sid).unwrap(), None, "the old approval is not in force");
    let actions: Vec<String> =
        kaifang_core::audit::recent(sws.conn(), 4).unwrap().into_iter().map(|e| e.action).collect();
    assert!(actions.contains(&"approval.voided".to_owned()), "{actions:?}");
    assert!(cws.verify_audit().unwrap().intact && sws.verify_audit().unwrap().intact);
}

#[test]
fn a_stale_decision_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let Offices { mut cws, cid, mut sws, steward, .. } = offices(dir.path());
    let file = dir.path().join("a.kaifang");
    bundle::export_submissions(&mut cws, std::slice::from_ref(&cid), &file, &clerk()).unwrap();
    let sid = DatasetId(import(&mut sws, &file, &steward).unwrap().items[0].dataset);
    review::approve(&mut sws, sid, &steward, None).unwrap();
    let back = dir.path().join("d.kaifang");
    bundle::export_decisions(&mut sws, std::slice::from_ref(&sid), &back, steward.actor()).unwrap();
    // The clerk edits after sending: the approval is about content that is gone.
    let v: Values = [("use_cases".to_owned(), json!("救助政策研究"))].into_iter().collect();
    metadata::set(&mut cws, cid, &v, &clerk()).unwrap();
    let before = fingerprint(&cws);
    let err = apply(&mut cws, &back).unwrap_err();
    assert_eq!(err.code(), ErrorCode::BundleStaleDecision);
    assert_eq!(fingerprint(&cws), before);
    assert_eq!(status(&cws, cid), "draft");
}

#[test]
fn a_different_form_of_an_approved_dataset_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let Offices { mut cws, cid, mut sws, steward, .. } = offices(dir.path());
    let first = dir.path().join("1.kaifang");
    bundle::export_submissions(&mut cws, std::slice::from_ref(&cid), &first, &clerk()).unwrap();
    let sid = DatasetId(import(&mut sws, &first, &steward).unwrap().items[0].dataset);
    review::approve(&mut sws, sid, &steward, None).unwrap();
    // The clerk, not having seen that approval, changes the dataset and sends it.
    let v: Values = [("description".to_owned(), json!("另一份摘要"))].into_iter().collect();
    metadata::set(&mut cws, cid, &v, &clerk()).unwrap();
    review::submit(&mut cws, cid, &clerk()).unwrap();
    let second = dir.path().join("2.kaifang");
    bundle::export_submissions(&mut cws, std::slice::from_ref(&cid), &second, &clerk()).unwrap();
    let before = fingerprint(&sws);
    let err = import(&mut sws, &second, &steward).unwrap_err();
    assert_eq!(err.code(), ErrorCode::BundleConflict);
    let name = kaifang_core::dataset::show(cws.conn(), cid, None).unwrap().summary.name;
    assert_eq!(err.params().get("dataset"), Some(&name), "the message names the dataset");
    assert_eq!(fingerprint(&sws), before);
    assert_eq!(status(&sws, sid), "approved");
}

/// The zip inside an encrypted bundle, opened with the steward's keys.
fn decrypt(file: &Path, who: &Unlocked) -> Vec<u8> {
    let mut r = auth::decrypt_for(&[who.keys().unwrap()], std::fs::File::open(file).unwrap()).unwrap();
    let mut v = Vec::new();
    r.read_to_end(&mut v).unwrap();
    v
}

/// `plain` encrypted to the stewards `sender` trusts.
fn encrypt(plain: &[u8], sender: &Workspace) -> Vec<u8> {
    let mut out = Vec::new();
    auth::encrypt_to(&auth::recipients(sender.conn()).unwrap(), &mut &plain[..], &mut out).unwrap();
    out
}

/// Rewrites a zip member by member; `edit` may change a member's name or bytes,
/// drop it (None) or add members.
fn rewrite(src: &Path, dst: &Path, edit: impl Fn(&str, Vec<u8>) -> Vec<(String, Vec<u8>)>) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        for (n, b) in edit(&name, bytes) {
            zout.start_file(n, opts).unwrap();
            zout.write_all(&b).unwrap();
        }
    }
    zout.finish().unwrap();
}

fn manifest_edit(f: impl Fn(&mut serde_json::Value)) -> impl Fn(&str, Vec<u8>) -> Vec<(String, Vec<u8>)> {
    move |name, bytes| {
        if name == "manifest.json" {
            let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            f(&mut m);
            vec![(name.to_owned(), serde_json::to_vec(&m).unwrap())]
        } else {
            vec![(name.to_owned(), bytes)]
        }
    }
}

#[test]
fn bad_bundles_are_refused_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let Offices { mut cws, cid, mut sws, steward, .. } = offices(dir.path());
    let sealed = dir.path().join("good.kaifang");
    bundle::export_submissions(&mut cws, std::slice::from_ref(&cid), &sealed, &clerk()).unwrap();
    // The cases are made on the zip inside, then encrypted like a real bundle.
    let good = dir.path().join("good.zip");
    std::fs::write(&good, decrypt(&sealed, &steward)).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let data_member = |n: &str| n.starts_with("data/");

    let mut cases: Vec<(&str, PathBuf, ErrorCode)> = Vec::new();
    let mut case = |label: &'static str, code: ErrorCode, make: &dyn Fn(&Path)| {
        let p = dir.path().join(format!("{}.kaifang", label.replace(' ', "_")));
        make(&p);
        cases.push((label, p, code));
    };
    case("truncated", ErrorCode::BundleCorrupt, &|p| std::fs::write(p, &bytes[..bytes.len() * 2 / 3]).unwrap());
    case("not a zip", ErrorCode::BundleCorrupt, &|p| std::fs::write(p, b"name,phone\n").unwrap());
    case("zip slip", ErrorCode::BundleUnsafePath, &|p| {
        rewrite(&good, p, |n, b| {
            let mut v = vec![(n.to_owned(), b)];
            if n == "datapackage.json" {
                v.push(("../../evil.sh".to_owned(), b"rm -rf ~".to_vec()));
            }
            v
        })
    });
    case("absolute path", ErrorCode::BundleUnsafePath, &|p| {
        rewrite(&good, p, |n, b| {
            let name = if data_member(n) { format!("/tmp/{n}") } else { n.to_owned() };
            vec![(name, b)]
        })
    });
    case("a second manifest", ErrorCode::BundleUnsafePath, &|p| {
        // The zip crate will not write two members of one name: write a look-alike
        // and rename it in the raw bytes (names are outside the CRC).
        rewrite(&good, p, |n, b| {
            let mut v = vec![(n.to_owned(), b.clone())];
            if n == "manifest.json" {
                v.push(("manifest.jsoX".to_owned(), b"{}".to_vec()));
            }
            v
        });
        let raw = std::fs::read(p).unwrap();
        let (from, to) = (b"manifest.jsoX", b"manifest.json");
        let mut out = raw.clone();
        for i in 0..raw.len() - from.len() {
            if &raw[i..i + from.len()] == from {
                out[i..i + to.len()].copy_from_slice(to);
            }
        }
        std::fs::write(p, out).unwrap();
    });
    case("data changed", ErrorCode::BundleTampered, &|p| {
        rewrite(&good, p, |n, mut b| {
            if data_member(n) {
                let last = b.len() - 2;
                b[last] = if b[last] == b'0' { b'1' } else { b'0' };
            }
            vec![(n.to_owned(), b)]
        })
    });
    case("manifest lies about a hash", ErrorCode::BundleTampered, &|p| {
        rewrite(
            &good,
            p,
            manifest_edit(|m| {
                m["files"][0]["sha256"] = json!(hex::encode(Sha256::digest(b"something else")));
            }),
        )
    });
    case("manifest lies about a size", ErrorCode::BundleTampered, &|p| {
        rewrite(&good, p, manifest_edit(|m| m["files"][1]["size"] = json!(12)))
    });
    case("a member left out of the manifest", ErrorCode::BundleTampered, &|p| {
        rewrite(
            &good,
            p,
            manifest_edit(|m| {
                m["files"].as_array_mut().unwrap().pop();
            }),
        )
    });
    case("100 GB declared", ErrorCode::BundleTooLarge, &|p| {
        rewrite(&good, p, manifest_edit(|m| m["files"][1]["size"] = json!(100u64 << 30)))
    });
    case("newer format", ErrorCode::BundleNewerFormat, &|p| {
        rewrite(
            &good,
            p,
            manifest_edit(|m| {
                m["format_version"] = json!(bundle::FORMAT_VERSION + 1);
                m["files"] = json!("a shape this build does not know");
            }),
        )
    });
    case("record disagrees with its data", ErrorCode::BundleTampered, &|p| {
        // A consistent manifest over a record that claims another row count.
        let zip = restamp(&bytes, |n, b| {
            if !n.starts_with("submissions/") {
                return vec![(n.to_owned(), b)];
            }
            let mut r: serde_json::Value = serde_json::from_slice(&b).unwrap();
            r["rows"] = json!(999);
            vec![(n.to_owned(), serde_json::to_vec(&r).unwrap())]
        });
        std::fs::write(p, zip).unwrap();
    });

    for (_, path, _) in &cases {
        let plain = std::fs::read(path).unwrap();
        std::fs::write(path, encrypt(&plain, &cws)).unwrap();
    }
    let cut = dir.path().join("cut.kaifang");
    let whole = std::fs::read(&sealed).unwrap();
    std::fs::write(&cut, &whole[..whole.len() - 100]).unwrap();
    cases.push(("ciphertext cut short", cut, ErrorCode::BundleCorrupt));
    cases.push(("not encrypted", good.clone(), ErrorCode::BundleUnencrypted));
    let before = fingerprint(&sws);
    for (label, path, code) in &cases {
        let err = import(&mut sws, path, &steward).expect_err(label);
        assert_eq!(err.code(), *code, "{label}: {err}");
        assert_eq!(fingerprint(&sws), before, "{label}: nothing imported");
    }
    // No staging folder is left behind, and nothing escaped the staging folder.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".kaifang-staging-"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
    assert!(!dir.path().parent().unwrap().join("evil.sh").exists());
    // The good bundle still imports after all that.
    assert_eq!(import(&mut sws, &sealed, &steward).unwrap().items[0].outcome, Outcome::Added);
}

#[test]
fn only_submitted_datasets_are_bundled() {
    let dir = tempfile::tempdir().unwrap();
    let Offices { mut cws, cid, .. } = offices(dir.path());
    let v: Values = [("use_cases".to_owned(), json!("研究"))].into_iter().collect();
    metadata::set(&mut cws, cid, &v, &clerk()).unwrap();
    let out = dir.path().join("x.kaifang");
    let err = bundle::export_submissions(&mut cws, std::slice::from_ref(&cid), &out, &clerk()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReviewWrongState);
    assert!(!out.exists());
    let err = bundle::export_submissions(&mut cws, &[], &out, &clerk()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::BundleEmpty);
}

/// Rewrites the zip inside an encrypted bundle: `edit` changes members (by name)
/// A bundle zip with members changed by `edit` (by name) and its manifest made
/// to match them, so only the checks beyond the manifest can tell.
fn restamp(zip_bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<(String, Vec<u8>)>) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    let mut manifest = json!({});
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut b = Vec::new();
        e.read_to_end(&mut b).unwrap();
        if name == "manifest.json" {
            manifest = serde_json::from_slice(&b).unwrap();
        } else {
            members.extend(edit(&name, b));
        }
    }
    manifest["files"] = json!(members
        .iter()
        .map(|(n, b)| json!({ "path": n, "size": b.len(), "sha256": hex::encode(Sha256::digest(b)) }))
        .collect::<Vec<_>>());
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (n, b) in
        members.iter().chain(std::iter::once(&("manifest.json".to_owned(), serde_json::to_vec(&manifest).unwrap())))
    {
        zout.start_file(n.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(b).unwrap();
    }
    zout.finish().unwrap().into_inner()
}

/// and the manifest is rewritten to match, so only the content checks can tell.
fn forge(
    sealed: &Path,
    out: &Path,
    who: &Unlocked,
    sender: &Workspace,
    edit: impl Fn(&str, Vec<u8>) -> Vec<(String, Vec<u8>)>,
) {
    let zip = restamp(&decrypt(sealed, who), edit);
    std::fs::write(out, encrypt(&zip, sender)).unwrap();
}

#[test]
fn an_edited_policy_inside_a_submissions_bundle_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let Offices { mut cws, cid, mut sws, steward, .. } = offices(dir.path());
    let good = dir.path().join("good.kaifang");
    bundle::export_submissions(&mut cws, std::slice::from_ref(&cid), &good, &clerk()).unwrap();
    // Someone with the office key keeps the phone column after all: a consistent
    // manifest, a valid encryption, and a record that still claims the clerk's hash.
    let forged = dir.path().join("forged.kaifang");
    forge(&good, &forged, &steward, &cws, |n, b| {
        if !n.starts_with("policy/") {
            return vec![(n.to_owned(), b)];
        }
        let mut p: serde_json::Value = serde_json::from_slice(&b).unwrap();
        for c in p["columns"].as_array_mut().unwrap() {
            if c["name"] == "联系电话" {
                c["operator"] = json!("keep");
                c["reason"] = json!("公开联系方式");
            }
        }
        vec![(n.to_owned(), serde_json::to_vec(&p).unwrap())]
    });
    let before = fingerprint(&sws);
    let err = import(&mut sws, &forged, &steward).unwrap_err();
    assert_eq!(err.code(), ErrorCode::BundleContentMismatch, "{err}");
    assert_eq!(fingerprint(&sws), before, "nothing imported");
    // The real one still arrives, and its hash is the clerk's, recomputed here.
    let sid = DatasetId(import(&mut sws, &good, &steward).unwrap().items[0].dataset);
    assert_eq!(review::content_hash(sws.conn(), sid).unwrap(), review::content_hash(cws.conn(), cid).unwrap());
}

#[test]
fn a_bundle_cannot_replace_a_dataset_created_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let Offices { mut cws, cid, mut sws, steward, .. } = offices(dir.path());
    // The steward's own dataset, whose uid is public (a CKAN extra).
    let out = import_file(
        &mut sws,
        &fixture("subsidy_gbk.csv"),
        &ImportOptions::default(),
        steward.actor(),
        &no_progress,
        &CancelToken::new(),
    )
    .unwrap();
    let mine: String =
        sws.conn().query_row("SELECT uid FROM datasets WHERE id = ?1", [out.datasets[0].id], |r| r.get(0)).unwrap();
    let good = dir.path().join("good.kaifang");
    bundle::export_submissions(&mut cws, std::slice::from_ref(&cid), &good, &clerk()).unwrap();
    let theirs: String = cws.conn().query_row("SELECT uid FROM datasets WHERE id = ?1", [cid], |r| r.get(0)).unwrap();
    let forged = dir.path().join("collide.kaifang");
    forge(&good, &forged, &steward, &cws, |n, b| {
        let name = n.replace(&theirs, &mine);
        let text = String::from_utf8(b.clone()).map(|t| t.replace(&theirs, &mine).into_bytes()).unwrap_or(b);
        vec![(name, text)]
    });
    let before = fingerprint(&sws);
    let err = import(&mut sws, &forged, &steward).unwrap_err();
    assert_eq!(err.code(), ErrorCode::BundleUidCollision, "{err}");
    assert_eq!(fingerprint(&sws), before, "the local dataset is untouched");
    // A bundle of the steward's own making, brought back, is refused the same way.
    let s2 = dir.path().join("origin.kaifang");
    forge(&good, &s2, &steward, &cws, |n, b| {
        if n.starts_with("submissions/") {
            let mut r: serde_json::Value = serde_json::from_slice(&b).unwrap();
            r["origin"] = json!("not-the-sender");
            return vec![(n.to_owned(), serde_json::to_vec(&r).unwrap())];
        }
        vec![(n.to_owned(), b)]
    });
    assert_eq!(import(&mut sws, &s2, &steward).unwrap_err().code(), ErrorCode::BundleUidCollision);
}

#[test]
fn forged_and_untrusted_decisions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let Offices { mut cws, cid, mut sws, steward, .. } = offices(dir.path());
    let file = dir.path().join("s.kaifang");
    bundle::export_submissions(&mut cws, std::slice::from_ref(&cid), &file, &clerk()).unwrap();
    let sid = DatasetId(import(&mut sws, &file, &steward).unwrap().items[0].dataset);
    review::approve(&mut sws, sid, &steward, Some("同意")).unwrap();
    let real = dir.path().join("d.kaifang");
    bundle::export_decisions(&mut sws, std::slice::from_ref(&sid), &real, steward.actor()).unwrap();

    // Decisions edited inside a zip whose manifest is made to match.
    let decisions = |label: &str, edit: &dyn Fn(&mut serde_json::Value)| -> PathBuf {
        let p = dir.path().join(format!("{label}.kaifang"));
        let zip = restamp(&std::fs::read(&real).unwrap(), |n, b| {
            if n != "decisions.json" {
                return vec![(n.to_owned(), b)];
            }
            let mut d: serde_json::Value = serde_json::from_slice(&b).unwrap();
            edit(&mut d["decisions"][0]);
            vec![(n.to_owned(), serde_json::to_vec(&d).unwrap())]
        });
        std::fs::write(&p, zip).unwrap();
        p
    };
    let hand_made = decisions("hand-made", &|d| {
        d["signer"] = json!("");
        d["signature"] = json!("");
    });
    let edited = decisions("edited", &|d| d["comment"] = json!("同意，另加一句"));
    let other_name = decisions("renamed", &|d| d["actor"] = json!("王局长"));
    // A steward whose key this clerk never imported.
    let (mut other, stranger) = workspace(dir.path(), "other.sqlite3", "陌生人", Role::Steward);
    let ofile = dir.path().join("o.kaifang");
    // The stranger's office receives the same submission (the clerk trusts no key of
    // theirs, so it is re-encrypted to them by hand) and approves it.
    let plain = decrypt(&file, &steward);
    let mut to_stranger = Vec::new();
    let rec = auth::export_key(other.conn(), "陌生人").unwrap().recipient.parse::<age::x25519::Recipient>().unwrap();
    auth::encrypt_to(&[rec], &mut &plain[..], &mut to_stranger).unwrap();
    std::fs::write(&ofile, to_stranger).unwrap();
    let oid = DatasetId(import(&mut other, &ofile, &stranger).unwrap().items[0].dataset);
    review::approve(&mut other, oid, &stranger, None).unwrap();
    let untrusted = dir.path().join("untrusted.kaifang");
    bundle::export_decisions(&mut other, std::slice::from_ref(&oid), &untrusted, stranger.actor()).unwrap();

    let before = fingerprint(&cws);
    for (label, path, code) in [
        ("hand-made", &hand_made, ErrorCode::DecisionUnsigned),
        ("edited", &edited, ErrorCode::DecisionSignatureInvalid),
        ("under another name", &other_name, ErrorCode::DecisionSignatureInvalid),
        ("untrusted key", &untrusted, ErrorCode::DecisionKeyUntrusted),
    ] {
        let err = apply(&mut cws, path).expect_err(label);
        assert_eq!(err.code(), code, "{label}: {err}");
        assert_eq!(fingerprint(&cws), before, "{label}: nothing applied");
        assert_eq!(status(&cws, cid), "submitted");
    }
    // The real decision applies, recorded under the key's steward with its signature.
    assert_eq!(apply(&mut cws, &real).unwrap().items[0].outcome, Outcome::Approved);
    let last = review::history(cws.conn(), cid).unwrap().pop().unwrap();
    assert_eq!(last.actor, "老李");
    assert!(cws.verify_audit().unwrap().intact);
}

/// What disclosure control decided travels with the submission: a list's
/// generalisation and its one suppressed value, and a value table's
/// suppression with its contribution columns withheld. The steward's copy
/// publishes byte for byte what the clerk's does, under the same content hash.
#[test]
fn generalisations_suppressed_cells_and_a_table_spec_travel_in_a_bundle() {
    use kaifang_core::sensitive::tables::{self, Contributions, DEFAULT_DOMINANCE};
    let dir = tempfile::tempdir().unwrap();
    let (mut sws, steward) = workspace(dir.path(), "steward.sqlite3", "老李", Role::Steward);
    let (mut cws, local) = workspace(dir.path(), "clerk.sqlite3", "小王", Role::Clerk);
    people::trust(&sws, "老李", &mut cws, &local);
    let describe = |ws: &mut Workspace, id: DatasetId| {
        let values: Values = [
            ("description", "临时救助与企业营业收入"),
            ("provider", "县民政局"),
            ("theme", "social_security"),
            ("open_type", "unconditional"),
            ("frequency", "monthly"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), json!(v)))
        .collect();
        metadata::set(ws, id, &values, &clerk()).unwrap();
    };
    let import_csv = |ws: &mut Workspace, name: &str, text: &str, opts: &ImportOptions| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        DatasetId(import_file(ws, &path, opts, &clerk(), &no_progress, &CancelToken::new()).unwrap().datasets[0].id)
    };

    // The 13-person list of `tests/sensitive.rs`: 出生年 in 5-year bands and one
    // value suppressed reach k = 3.
    let mut list = String::from("姓名,性别,出生年,乡镇,补贴金额\n");
    let rows = [
        ("城关镇", "男", 1950),
        ("城关镇", "男", 1951),
        ("城关镇", "男", 1953),
        ("城关镇", "女", 1961),
        ("城关镇", "女", 1962),
        ("城关镇", "女", 1964),
        ("河口乡", "男", 1971),
        ("河口乡", "男", 1972),
        ("河口乡", "男", 1974),
        ("河口乡", "女", 1980),
        ("河口乡", "女", 1981),
        ("河口乡", "女", 1983),
        ("河口乡", "女", 1999),
    ];
    for (i, (town, sex, year)) in rows.iter().enumerate() {
        list.push_str(&format!("居民{i},{sex},{year},{town},{}\n", 300 + i * 10));
    }
    let people_id = import_csv(&mut cws, "临时救助.csv", &list, &ImportOptions::default());
    describe(&mut cws, people_id);
    let (plan, _) = sensitive::disclosure::apply(&mut cws, people_id, None, Some(3), &clerk()).unwrap();
    assert_eq!(plan.suppressed_cells, 1);
    sensitive::disclosure::set_reason(&mut cws, people_id, Some("救助名单依规公示，k = 3"), &clerk()).unwrap();
    review::submit(&mut cws, people_id, &clerk()).unwrap();

    // A value table protected by the dominance rule.
    let table = "镇,工业,工业企业数,工业最大户,工业次大户,服务业,服务业企业数,服务业最大户,服务业次大户,合计\n\
                 东镇,100,4,90,5,40,6,10,8,140\n西镇,60,5,20,15,50,3,30,12,110\n合计,160,9,,,90,9,,,250\n";
    let keep = ImportOptions { totals_as_data: true, ..Default::default() };
    let table_id = import_csv(&mut cws, "各镇企业营业收入.csv", table, &keep);
    describe(&mut cws, table_id);
    let mut spec = tables::default_spec(cws.conn(), table_id, 3).unwrap();
    let of = |v: &str| Contributions {
        value: v.to_owned(),
        count: Some(format!("{v}企业数")),
        top: vec![format!("{v}最大户"), format!("{v}次大户")],
    };
    spec.contributions = Some(vec![of("工业"), of("服务业")]);
    spec.dominance = Some(DEFAULT_DOMINANCE);
    spec.marker = "—".into();
    tables::apply(&mut cws, table_id, &spec, &clerk()).unwrap();
    review::submit(&mut cws, table_id, &clerk()).unwrap();

    let public = |ws: &Workspace, id: DatasetId| {
        let mut out = Vec::new();
        kaifang_core::export::public_csv(ws.conn(), id, &mut out, false).unwrap();
        String::from_utf8(out).unwrap()
    };
    let file = dir.path().join("县民政局.kaifang");
    bundle::export_submissions(&mut cws, &[people_id, table_id], &file, &clerk()).unwrap();
    let report = import(&mut sws, &file, &steward).unwrap();
    assert_eq!(report.items.len(), 2);
    for (cid, item) in [people_id, table_id].into_iter().zip(&report.items) {
        let sid = DatasetId(item.dataset);
        assert_eq!(public(&sws, sid), public(&cws, cid), "the steward's public copy is the clerk's");
        assert_eq!(review::content_hash(sws.conn(), sid).unwrap(), review::content_hash(cws.conn(), cid).unwrap());
    }
    let sid = DatasetId(report.items[0].dataset);
    let text = public(&sws, sid);
    assert!(text.contains(",女,*,河口乡,") && text.contains(",男,1950-1954,城关镇,"), "{text}");
    let stid = DatasetId(report.items[1].dataset);
    assert_eq!(tables::spec(sws.conn(), stid).unwrap(), tables::spec(cws.conn(), table_id).unwrap());
    assert!(public(&sws, stid).starts_with("镇,工业,工业企业数,服务业,服务业企业数,合计\n东镇,—,4,—,6,140\n"));
}

#[test]
fn cleaning_steps_travel_with_a_submission_and_count_in_its_content_hash() {
    use kaifang_core::clean::{self, Op, Step};
    let dir = tempfile::tempdir().unwrap();
    let (mut sws, steward) = workspace(dir.path(), "steward.sqlite3", "老李", Role::Steward);
    let (mut cws, local) = workspace(dir.path(), "clerk.sqlite3", "小王", Role::Clerk);
    people::trust(&sws, "老李", &mut cws, &local);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/clean/month1.csv");
    let id = DatasetId(
        import_file(&mut cws, &fixture, &ImportOptions::default(), &clerk(), &no_progress, &CancelToken::new())
            .unwrap()
            .datasets[0]
            .id,
    );
    let values: Values = [
        ("description", "全县低保发放名单"),
        ("provider", "县民政局"),
        ("theme", "social_security"),
        ("open_type", "unconditional"),
        ("frequency", "monthly"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), json!(v)))
    .collect();
    metadata::set(&mut cws, id, &values, &clerk()).unwrap();
    let step = |op: Op, column: &str| Step { op, columns: vec![column.to_owned()], filter: None };
    let before = review::content_hash(cws.conn(), id).unwrap();
    for s in [step(Op::Dates, "发放日期"), step(Op::FillDown, "乡镇"), step(Op::Trim, "姓名")] {
        cws.with_tx(|tx| clean::apply(tx, id, &s, &clerk())).unwrap();
    }
    // An undone step is not part of what is submitted.
    cws.with_tx(|tx| clean::undo(tx, id, &clerk())).unwrap();
    let after = review::content_hash(cws.conn(), id).unwrap();
    assert_ne!(before, after, "the cleaned version hashes differently");
    for name in ["身份证号", "联系电话", "姓名", "家庭住址"] {
        sensitive::set_policy(&mut cws, id, name, Operator::Mask, None, &clerk()).unwrap();
    }
    sensitive::disclosure::set_reason(&mut cws, id, Some("低保名单依规公示"), &clerk()).unwrap();
    review::submit(&mut cws, id, &clerk()).unwrap();
    let sent = clean::portable(cws.conn(), id).unwrap().unwrap();
    assert_eq!(sent.iter().map(|s| (s.step.op.name(), s.cells)).collect::<Vec<_>>(), [("dates", 6), ("fill_down", 3)]);

    let file = dir.path().join("县民政局.kaifang");
    bundle::export_submissions(&mut cws, &[id], &file, &clerk()).unwrap();
    let report = import(&mut sws, &file, &steward).unwrap();
    let sid = DatasetId(report.items[0].dataset);
    // The steward sees the steps with their counts, and both hashes agree.
    assert_eq!(clean::portable(sws.conn(), sid).unwrap().unwrap(), sent);
    assert_eq!(review::decisions(sws.conn(), sid).unwrap().cleaning, sent);
    assert_eq!(review::content_hash(sws.conn(), sid).unwrap(), review::content_hash(cws.conn(), id).unwrap());
}
