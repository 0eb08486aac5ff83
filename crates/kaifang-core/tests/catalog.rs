//! The harvestable catalogue on a real workspace: which datasets are in it,
//! their files beside it, stable URIs, withdrawn datasets leaving, pages under
//! the size limit. (Its validity against the DCAT-AP 3 shapes and the
//! ckanext-dcat round trip are checked by `scripts/check-dcat.sh`.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use kaifang_core::audit::{Actor, Source};
use kaifang_core::auth::{Role, Unlocked};
use kaifang_core::catalog::{self, Options, Serialization};
use kaifang_core::dataset::DatasetId;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::metadata::{self, Values};
use kaifang_core::pipeline::import_file;
use kaifang_core::review;
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, Workspace};
use serde_json::json;
use sha2::Digest;

fn clerk() -> Actor {
    Actor::new("小王", Source::System)
}

struct Office {
    ws: Workspace,
    steward: Unlocked,
    dir: tempfile::TempDir,
}

fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &clerk()).unwrap();
    let steward = common::people::first(&mut ws, "老李", &[Role::Steward]);
    common::people::add(&mut ws, &steward, "小王", &[Role::Clerk]);
    Office { ws, steward, dir }
}

fn dataset(o: &mut Office, title: &str, rows: usize, extra: &[(&str, &str)]) -> DatasetId {
    let csv = o.dir.path().join(format!("{title}.csv"));
    let mut f = std::fs::File::create(&csv).unwrap();
    writeln!(f, "序号,姓名,联系电话,金额").unwrap();
    for i in 0..rows {
        writeln!(f, "{},张{},1380013{:04},{}.50", i + 1, i, i % 10_000, 100 + i).unwrap();
    }
    drop(f);
    let out =
        import_file(&mut o.ws, &csv, &ImportOptions::default(), &clerk(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    let mut fields = vec![
        ("title", title),
        ("description", "测试数据集"),
        ("provider", "县民政局"),
        ("theme", "social_security"),
        ("open_type", "unconditional"),
        ("frequency", "monthly"),
        ("keywords", "低保,救助"),
        ("license", "cc-by"),
    ];
    fields.extend_from_slice(extra);
    let values: Values = fields.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect();
    metadata::set(&mut o.ws, id, &values, &clerk()).unwrap();
    id
}

fn approve(o: &mut Office, id: DatasetId) {
    review::submit(&mut o.ws, id, &clerk()).unwrap();
    review::approve(&mut o.ws, id, &o.steward, None).unwrap();
}

fn opts(s: Serialization, base: Option<&str>) -> Options {
    Options { serialization: s, base_url: base.map(str::to_owned), max_bytes: catalog::PAGE_MAX_BYTES }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walk(dir) {
        if e.is_file() {
            out.push(e.strip_prefix(dir).unwrap().to_owned());
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

#[test]
fn approved_datasets_with_their_public_files_and_stable_uris() {
    let mut o = office();
    let open = dataset(&mut o, "城乡低保名单", 30, &[("spatial_code", "130534"), ("spatial_name", "清河县")]);
    let cond = dataset(
        &mut o,
        "残疾人补贴名单",
        10,
        &[
            ("open_type", "conditional"),
            ("open_conditions", "仅限科研用途，需签署协议"),
            ("contact_email", "mz@example.gov.cn"),
        ],
    );
    let draft = dataset(&mut o, "未提交的名单", 5, &[]);
    approve(&mut o, open);
    approve(&mut o, cond);
    let out = o.dir.path().join("catalog");

    // No base URL yet: the export says so and writes nothing.
    let e = catalog::write(&mut o.ws, &out, &opts(Serialization::Turtle, None), &clerk()).unwrap_err();
    assert_eq!(kaifang_core::error::Coded::code(&e), ErrorCode::CatalogBaseUrlMissing);
    let e = catalog::write(&mut o.ws, &out, &opts(Serialization::Turtle, Some("data.example.gov.cn")), &clerk())
        .unwrap_err();
    assert_eq!(kaifang_core::error::Coded::code(&e), ErrorCode::CatalogBaseUrlInvalid);

    let w = catalog::write(
        &mut o.ws,
        &out,
        &opts(Serialization::Turtle, Some("https://data.example.gov.cn/open/")),
        &clerk(),
    )
    .unwrap();
    assert_eq!(
        (w.datasets, w.pages.clone(), w.base_url.as_str()),
        (2, vec!["catalog.ttl".to_owned()], "https://data.example.gov.cn/open")
    );
    // The open one: CSV and dictionary; the conditional one: the dictionary only.
    assert_eq!((w.files, w.files_written, w.withdrawn), (3, 3, 0));
    let ttl = read(&out.join("catalog.ttl"));
    let uid = |id: DatasetId| -> String {
        o.ws.conn().query_row("SELECT uid FROM datasets WHERE id = ?1", [id.0], |r| r.get(0)).unwrap()
    };
    let (open_uid, cond_uid, draft_uid) = (uid(open), uid(cond), uid(draft));
    assert!(ttl.contains(&format!("<https://data.example.gov.cn/open/dataset/{open_uid}>\n    a dcat:Dataset")));
    assert!(ttl.contains(&format!("<https://data.example.gov.cn/open/dataset/{cond_uid}>\n    a dcat:Dataset")));
    assert!(!ttl.contains(&draft_uid) && !ttl.contains("未提交的名单"), "a draft is not in the catalogue");
    assert!(ttl.contains("dct:rights _:b") && ttl.contains("\"仅限科研用途，需签署协议\"@zh"), "conditions travel");
    assert!(ttl.contains("dct:accessRights <http://publications.europa.eu/resource/authority/access-right/RESTRICTED>"));
    assert!(ttl.contains("dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/MONTHLY>"));
    assert!(ttl.contains("dct:format <http://publications.europa.eu/resource/authority/file-type/CSV>"));

    // The files beside it are the public copies: no phone number in the clear,
    // and the checksum and size the catalogue gives are the file's.
    let files = files_under(&out);
    let data: Vec<&PathBuf> = files.iter().filter(|f| f.starts_with(format!("files/{open_uid}"))).collect();
    assert_eq!(data.len(), 2, "{files:?}");
    assert_eq!(files.iter().filter(|f| f.starts_with(format!("files/{cond_uid}"))).count(), 1, "{files:?}");
    let csv_rel = data.iter().find(|f| !f.to_string_lossy().contains("dictionary")).unwrap();
    let csv = std::fs::read(out.join(csv_rel)).unwrap();
    let text = String::from_utf8_lossy(&csv);
    assert!(text.contains("张1") || text.contains("张*"), "{text}");
    assert!(!text.contains("13800130001"), "the phone numbers are masked in the public file");
    let sha = hex::encode(sha2::Sha256::digest(&csv));
    assert!(ttl.contains(&format!("spdx:checksumValue \"{sha}\"^^xsd:hexBinary")));
    assert!(ttl.contains(&format!("dcat:byteSize \"{}\"^^xsd:nonNegativeInteger", csv.len())));
    let url = format!("https://data.example.gov.cn/open/{}", csv_rel.to_string_lossy());
    assert!(ttl.contains(&format!("dcat:downloadURL <{url}>")), "{url}");

    // Again, as JSON-LD, base URL remembered: the same URIs, the files kept as
    // they are, the Turtle page replaced by the JSON-LD one.
    let w2 = catalog::write(&mut o.ws, &out, &opts(Serialization::Jsonld, None), &clerk()).unwrap();
    assert_eq!((w2.datasets, w2.files_written), (2, 0), "unchanged files are not written again");
    assert_eq!(w2.removed, vec!["catalog.ttl".to_owned()]);
    let doc: serde_json::Value = serde_json::from_str(&read(&out.join("catalog.jsonld"))).unwrap();
    let ids: Vec<&str> = doc["@graph"].as_array().unwrap().iter().filter_map(|n| n["@id"].as_str()).collect();
    assert!(ids.contains(&format!("https://data.example.gov.cn/open/dataset/{open_uid}").as_str()));
    assert!(ids.contains(&url.as_str()) || ids.iter().any(|i| i.ends_with("/distribution/data")));

    // An edit voids the approval: the dataset leaves the catalogue (a harvester
    // deletes it) and its files leave the folder; the other one stays as it was.
    let values: Values = [("description".to_owned(), json!("改过的说明"))].into();
    metadata::set(&mut o.ws, open, &values, &clerk()).unwrap();
    std::fs::write(out.join("notes.txt"), "the office's own file").unwrap();
    let w3 = catalog::write(&mut o.ws, &out, &opts(Serialization::Jsonld, None), &clerk()).unwrap();
    assert_eq!((w3.datasets, w3.withdrawn, w3.removed.len()), (1, 1, 2));
    let after = files_under(&out);
    assert!(!after.iter().any(|f| f.starts_with(format!("files/{open_uid}"))), "{after:?}");
    assert!(after.contains(&PathBuf::from("notes.txt")), "files the export did not write stay");
    let text = read(&out.join("catalog.jsonld"));
    assert!(!text.contains(&open_uid) && text.contains(&cond_uid));
    // Audited, with no personal data.
    let n: i64 =
        o.ws.conn()
            .query_row("SELECT count(*) FROM audit_log WHERE action = 'catalog.exported'", [], |r| r.get(0))
            .unwrap();
    assert_eq!(n, 3);
}

#[test]
fn a_large_catalogue_is_split_into_linked_pages_under_the_limit() {
    let mut o = office();
    for i in 0..12 {
        let id = dataset(&mut o, &format!("第{i}号名单"), 3 + i, &[]);
        approve(&mut o, id);
    }
    let out = o.dir.path().join("catalog");
    let limit = 12_000;
    for s in [Serialization::Turtle, Serialization::Jsonld] {
        let opts = Options { serialization: s, base_url: Some("https://x.example.gov.cn".into()), max_bytes: limit };
        let w = catalog::write(&mut o.ws, &out, &opts, &clerk()).unwrap();
        assert!(w.pages.len() >= 3, "{:?}", w.pages);
        let mut seen = 0;
        for (i, page) in w.pages.iter().enumerate() {
            let text = read(&out.join(page));
            assert!((text.len() as u64) < limit, "{page}: {} bytes", text.len());
            // Every page is a whole catalogue description of its datasets.
            assert_eq!(text.matches("公共数据开放目录").count(), 1, "{page}");
            seen +=
                text.matches("a dcat:Dataset").count() + text.matches("\"http://www.w3.org/ns/dcat#Dataset\"").count();
            let next = w.pages.get(i + 1).map(|n| format!("https://x.example.gov.cn/{n}"));
            match (&next, s) {
                (Some(n), Serialization::Turtle) => assert!(text.contains(&format!("hydra:next <{n}>")), "{page}"),
                (Some(n), Serialization::Jsonld) => assert!(text.contains(&format!("\"@id\": \"{n}\"")), "{page}"),
                (None, _) => assert!(!text.contains("hydra:next"), "{page}"),
            }
        }
        assert_eq!(seen, 12, "every dataset is on exactly one page");
    }
}

#[test]
fn a_stopped_export_leaves_the_folder_as_it_was() {
    let mut o = office();
    let a = dataset(&mut o, "甲名单", 4, &[]);
    let b = dataset(&mut o, "乙名单", 5, &[]);
    approve(&mut o, a);
    approve(&mut o, b);
    let out = o.dir.path().join("catalog");
    let uid_b: String = o.ws.conn().query_row("SELECT uid FROM datasets WHERE id = ?1", [b.0], |r| r.get(0)).unwrap();
    // Something in the way of the second dataset's folder: the export stops.
    std::fs::create_dir_all(out.join("files")).unwrap();
    std::fs::write(out.join("files").join(&uid_b), "not a folder").unwrap();
    let e = catalog::write(&mut o.ws, &out, &opts(Serialization::Turtle, Some("https://x.example.gov.cn")), &clerk())
        .unwrap_err();
    assert_eq!(kaifang_core::error::Coded::code(&e), ErrorCode::Io);
    // The first dataset's files, written before it stopped, are gone again;
    // no catalogue and no manifest were written.
    assert_eq!(files_under(&out), vec![PathBuf::from(format!("files/{uid_b}"))]);
    // The address of a stopped export is not remembered; cleared, it goes through.
    std::fs::remove_file(out.join("files").join(&uid_b)).unwrap();
    let e = catalog::write(&mut o.ws, &out, &opts(Serialization::Turtle, None), &clerk()).unwrap_err();
    assert_eq!(kaifang_core::error::Coded::code(&e), ErrorCode::CatalogBaseUrlMissing);
    let w = catalog::write(&mut o.ws, &out, &opts(Serialization::Turtle, Some("https://x.example.gov.cn")), &clerk())
        .unwrap();
    assert_eq!((w.datasets, w.files), (2, 4));
}
