//! The `kaifang` binary against real temporary workspaces: exit codes, `--json`
//! shapes on stdout and stderr, and the language of its help.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// The CLI with a clean environment: no workspace variable, a fixed language, and
/// a HOME inside the test's folder so the default workspace is never the user's.
fn kaifang(home: &Path, lang: &str) -> Command {
    let mut cmd = Command::cargo_bin("kaifang").expect("binary");
    cmd.env_remove("KAIFANG_WORKSPACE")
        .env("KAIFANG_LANG", lang)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("USER", "clerk1")
        // Who acts, unless a test names someone with --as (a change needs a user).
        .env("KAIFANG_USER", "clerk1");
    cmd
}

/// The passphrase every test user has, and it twice (the acting steward's, then a new user's).
const P: &str = "门前大桥下游过一群鸭\n";
const PP: &str = "门前大桥下游过一群鸭\n门前大桥下游过一群鸭\n";

fn json_of(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

#[test]
fn version_comes_from_the_workspace_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = kaifang(dir.path(), "en").arg("--version").assert().success().get_output().stdout.clone();
    assert_eq!(String::from_utf8(out).unwrap().trim(), format!("kaifang {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_follows_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let zh = kaifang(dir.path(), "zh-CN").arg("--help").assert().success().get_output().stdout.clone();
    let zh = String::from_utf8(zh).unwrap();
    assert!(zh.contains("用法") && zh.contains("命令") && zh.contains("审计日志"), "Chinese help:\n{zh}");
    let en = kaifang(dir.path(), "en").arg("--help").assert().success().get_output().stdout.clone();
    let en = String::from_utf8(en).unwrap();
    assert!(en.contains("Usage") && en.contains("Commands") && en.contains("audit log"), "English help:\n{en}");
    assert!(!en.contains("用法"), "no Chinese in English help");
}

#[test]
fn a_locale_of_zh_picks_chinese_without_kaifang_lang() {
    let dir = tempfile::tempdir().unwrap();
    let out = kaifang(dir.path(), "")
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(out).unwrap().contains("用法"), "zh_CN locale means Chinese help");
}

#[test]
fn a_wrong_command_line_exits_2_with_a_translated_hint() {
    let dir = tempfile::tempdir().unwrap();
    let a = kaifang(dir.path(), "zh-CN").arg("frobnicate").assert().code(2);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains("无法理解该命令行"), "stderr: {err}");
}

#[test]
fn info_on_a_typed_missing_path_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.sqlite3");
    let a = kaifang(dir.path(), "en").args(["workspace", "info", "--json", "--workspace"]).arg(&path).assert().code(1);
    let err = json_of(&a.get_output().stderr);
    assert_eq!(err["code"], "workspace_missing");
    assert_eq!(err["params"]["path"], path.display().to_string());
    assert!(err["message"].as_str().unwrap().contains("no workspace"));
    assert!(a.get_output().stdout.is_empty(), "nothing on stdout on failure");
    assert!(!path.exists(), "a read must not create a workspace at a typed path");

    let a = kaifang(dir.path(), "zh-CN").args(["workspace", "info", "--workspace"]).arg(&path).assert().code(1);
    let text = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(text.contains("处没有工作区") && text.contains("workspace_missing"), "translated, with the code: {text}");
}

#[test]
fn init_then_info_reports_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.sqlite3");
    let a =
        kaifang(dir.path(), "en").args(["workspace", "init", "--json", "--workspace"]).arg(&path).assert().success();
    let init = json_of(&a.get_output().stdout);
    assert_eq!(init["created"], true);
    let a =
        kaifang(dir.path(), "en").args(["workspace", "init", "--json", "--workspace"]).arg(&path).assert().success();
    assert_eq!(json_of(&a.get_output().stdout)["created"], false, "a second init finds the workspace");

    let a = kaifang(dir.path(), "en")
        .env("KAIFANG_WORKSPACE", &path)
        .args(["workspace", "info", "--json"])
        .assert()
        .success();
    let info = json_of(&a.get_output().stdout);
    assert_eq!(info["path"], path.display().to_string(), "KAIFANG_WORKSPACE chooses the file");
    assert_eq!(info["schema_version"], info["supported_schema_version"]);
    assert_eq!(info["counts"]["audit_entries"], 1);
    assert_eq!(info["workspace_id"].as_str().unwrap().len(), 36);

    let a = kaifang(dir.path(), "en").args(["audit", "log", "--json", "--workspace"]).arg(&path).assert().success();
    let log = json_of(&a.get_output().stdout);
    assert_eq!(log[0]["action"], "workspace.created");
    assert_eq!(log[0]["actor"], "clerk1", "the OS user is recorded until workspace users exist");
    assert_eq!(log[0]["source"], "cli");
}

#[test]
fn the_default_workspace_is_created_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let a = kaifang(dir.path(), "en").args(["workspace", "info", "--json"]).assert().success();
    let info = json_of(&a.get_output().stdout);
    let expected = dir.path().join("data/kaifang/workspace.sqlite3");
    assert_eq!(info["path"], expected.display().to_string());
    assert!(expected.exists());
}

#[test]
fn audit_verify_exits_3_on_a_tampered_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    kaifang(dir.path(), "en").args(["workspace", "init", "--workspace"]).arg(&path).assert().success();
    let a = kaifang(dir.path(), "en").args(["audit", "verify", "--json", "--workspace"]).arg(&path).assert().success();
    let ok = json_of(&a.get_output().stdout);
    assert_eq!((ok["intact"].clone(), ok["entries"].clone()), (Value::Bool(true), Value::from(1)));

    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 1;").unwrap();
    drop(c);
    let a = kaifang(dir.path(), "en").args(["audit", "verify", "--json", "--workspace"]).arg(&path).assert().code(3);
    let report = json_of(&a.get_output().stdout);
    assert_eq!(report["intact"], false);
    assert_eq!(report["first_break"]["seq"], 1);
    assert_eq!(report["first_break"]["kind"], "edited");
    let a = kaifang(dir.path(), "zh-CN").args(["audit", "verify", "--workspace"]).arg(&path).assert().code(3);
    let text = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(text.contains("第 1 条记录在写入后被修改"), "plain-language report: {text}");
}

#[test]
fn a_newer_workspace_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite3");
    kaifang(dir.path(), "en").args(["workspace", "init", "--workspace"]).arg(&path).assert().success();
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", 999).unwrap();
    let a = kaifang(dir.path(), "en").args(["workspace", "info", "--json", "--workspace"]).arg(&path).assert().code(1);
    let err = json_of(&a.get_output().stderr);
    assert_eq!(err["code"], "workspace_newer_schema");
    assert_eq!(err["params"]["found"], "999");
    let a = kaifang(dir.path(), "en").args(["workspace", "info", "--workspace"]).arg(&path).assert().code(1);
    let text = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(text.contains("Update Kaifang"), "tells the user what to do: {text}");
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import").join(name)
}

#[test]
fn import_list_show_rows_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let a = kaifang(dir.path(), "en")
        .args(["import", "--json", "--workspace"])
        .arg(&ws)
        .arg(fixture("subsidy_gbk.csv"))
        .assert()
        .success();
    let out = json_of(&a.get_output().stdout);
    let d = &out["datasets"][0];
    assert_eq!(d["id"], 1);
    assert_eq!(d["name"], "某某县2024年城乡低保发放名单");
    assert_eq!(d["sheet"], Value::Null);
    assert_eq!(d["version"], 1);
    assert_eq!(d["rows"], 4);
    assert_eq!(d["columns"][2], serde_json::json!({ "name": "身份证号", "group": null, "type": "code" }));
    assert!(d["findings"].is_array());

    let a = kaifang(dir.path(), "en").args(["list", "--json", "--workspace"]).arg(&ws).assert().success();
    let list = json_of(&a.get_output().stdout);
    assert_eq!(list["datasets"][0]["rows"], 4);
    assert_eq!(list["datasets"][0]["status"], "draft");

    let a = kaifang(dir.path(), "en").args(["show", "1", "--json", "--workspace"]).arg(&ws).assert().success();
    let show = json_of(&a.get_output().stdout);
    assert_eq!(show["columns"][3]["group"], "补贴金额");
    assert_eq!(show["notes"]["notes_rows"][0]["row"], 9);

    let a = kaifang(dir.path(), "en")
        .args(["rows", "某某县2024年城乡低保发放名单", "--offset", "1", "--limit", "2", "--json", "--workspace"])
        .arg(&ws)
        .assert()
        .success();
    let rows = json_of(&a.get_output().stdout);
    assert_eq!(rows["total"], 4);
    assert_eq!(rows["rows"].as_array().unwrap().len(), 2);
    assert_eq!(rows["rows"][0][1], "欧阳娜娜", "a dataset can be named by its name");
    assert_eq!(rows["columns"][1], "姓名");

    let a = kaifang(dir.path(), "zh-CN").args(["rows", "1", "--workspace"]).arg(&ws).assert().success();
    let text = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("序号\t姓名\t身份证号"), "plain rows are tab separated with a header:\n{text}");
}

#[test]
fn import_errors_are_translated_and_coded() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let a = kaifang(dir.path(), "zh-CN")
        .args(["import", "--workspace"])
        .arg(&ws)
        .arg(fixture("password.xlsx"))
        .assert()
        .code(1);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains("设置了密码") && err.contains("import_password"), "{err}");
    let a = kaifang(dir.path(), "en")
        .args(["import", "--json", "--workspace"])
        .arg(&ws)
        .arg(fixture("ragged.csv"))
        .args(["--ragged", "fail"])
        .assert()
        .code(1);
    let err = json_of(&a.get_output().stderr);
    assert_eq!(err["code"], "import_ragged");
    assert_eq!(err["params"]["row"], "3");
    let a = kaifang(dir.path(), "en").args(["list", "--json", "--workspace"]).arg(&ws).assert().success();
    assert_eq!(json_of(&a.get_output().stdout)["datasets"], serde_json::json!([]), "nothing half-imported");
}

#[test]
fn import_a_new_version_and_pick_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let run = |args: &[&str]| {
        let a = kaifang(dir.path(), "en").args(args).arg("--json").arg("--workspace").arg(&ws).assert().success();
        json_of(&a.get_output().stdout)
    };
    let xlsx = fixture("subsidy.xlsx");
    let all = run(&["import", xlsx.to_str().unwrap(), "--all-sheets"]);
    assert_eq!(all["datasets"].as_array().unwrap().len(), 2);
    let csv = fixture("subsidy_gbk.csv");
    let v2 = run(&["import", csv.to_str().unwrap(), "--into", "1"]);
    assert_eq!(v2["datasets"][0]["version"], 2);
    assert_eq!(v2["datasets"][0]["id"], 1);
    assert!(v2["datasets"][0]["changes"]["rows_before"].is_number());
    // That sheet of that file is already in: a duplicate, reported with exit 1.
    let a = kaifang(dir.path(), "en")
        .args(["import", "--json", "--sheet", "村代码", "--workspace"])
        .arg(&ws)
        .arg(&xlsx)
        .assert()
        .code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "import_duplicate");
    let other = dir.path().join("other.sqlite3");
    let a = kaifang(dir.path(), "en")
        .args(["import", "--json", "--sheet", "村代码", "--header-row", "1", "--name", "村代码表", "--workspace"])
        .arg(&other)
        .arg(&xlsx)
        .assert()
        .success();
    assert_eq!(json_of(&a.get_output().stdout)["datasets"][0]["name"], "村代码表");
}

#[test]
fn metadata_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", &ws);
        c
    };
    k("en").args(["meta", "defaults", "provider", "某某县民政局"]).assert().success();
    k("en").arg("import").arg(fixture("subsidy_gbk.csv")).assert().success();

    let fields = json_of(&k("en").args(["meta", "fields", "--json"]).assert().success().get_output().stdout);
    let open_type = fields["fields"].as_array().unwrap().iter().find(|f| f["id"] == "open_type").unwrap().clone();
    assert_eq!(open_type["zh"], "开放属性");
    assert_eq!(open_type["requirement"], "required");
    assert_eq!(open_type["codes"][1]["zh"], "有条件开放");

    let show = json_of(&k("en").args(["meta", "show", "1", "--json"]).assert().success().get_output().stdout);
    assert_eq!(show["values"]["provider"], "某某县民政局", "the office default was filled in");

    let a = k("en").args(["meta", "check", "1", "--json"]).assert().code(3);
    let check = json_of(&a.get_output().stdout);
    assert!(check["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["field"] == "description" && p["kind"] == "missing"));

    let a = k("zh-CN").args(["meta", "set", "1", "contact_email", "not-an-email"]).assert().code(1);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains("联系邮箱") && err.contains("metadata_invalid"), "{err}");

    let json_file = dir.path().join("meta.json");
    std::fs::write(
        &json_file,
        r#"{"description":"全县低保名单","theme":"social_security","open_type":"unconditional","frequency":"monthly","keywords":["低保","救助"]}"#,
    )
    .unwrap();
    k("en").args(["meta", "import", "1"]).arg(&json_file).assert().success();
    let a = k("en").args(["meta", "check", "1", "--json"]).assert().success();
    assert_eq!(json_of(&a.get_output().stdout)["problems"], serde_json::json!([]));

    std::fs::write(&json_file, r#"{"frequency":"hourly"}"#).unwrap();
    let a = k("en").args(["meta", "import", "1", "--json"]).arg(&json_file).assert().code(1);
    assert_eq!(
        json_of(&a.get_output().stderr)["params"]["field"],
        "frequency",
        "an unknown code-list value names its field"
    );

    k("en").args(["meta", "column", "1", "身份证号", "--open", "no", "--description", "身份证号码"]).assert().success();
    let pkg_path = dir.path().join("datapackage.json");
    k("en").args(["export", "1", "--format", "datapackage", "--out"]).arg(&pkg_path).assert().success();
    let pkg: Value = serde_json::from_str(&std::fs::read_to_string(&pkg_path).unwrap()).unwrap();
    let names: Vec<&str> = pkg["resources"][0]["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"身份证号"), "closed columns leave the public schema: {names:?}");
    // The package carries its data: the public copy it names, beside it, with
    // the schema's columns in the schema's order and nothing withheld.
    let data = pkg["resources"][0]["path"].as_str().unwrap();
    let csv = std::fs::read_to_string(dir.path().join(data)).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap().split(',').collect::<Vec<_>>(), names, "the header is the schema");
    assert_eq!(lines.count(), 4, "every row");
    assert!(!csv.starts_with('\u{feff}') && !csv.contains("130534"), "no BOM, no ID number: {csv}");
    assert!(!dir.path().join("datapackage.json.part").exists());
    // As a zip: the same two files.
    let zip_path = dir.path().join("低保 数据包.zip");
    let w = json_of(
        &k("en")
            .args(["export", "1", "--format", "datapackage", "--json", "--out"])
            .arg(&zip_path)
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!((w["data"].as_str(), w["rows"].as_u64()), (Some(data), Some(4)));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut members: Vec<String> =
        (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned()).collect();
    members.sort();
    assert_eq!(members, vec!["datapackage.json".to_owned(), data.to_owned()]);
    let mut inside = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(data).unwrap(), &mut inside).unwrap();
    assert_eq!(inside, csv, "the zip holds the same public copy");
    // The catalogue is a folder of DCAT (scripts/check-dcat.sh validates it):
    // it needs to know where it will be served, and is DCAT only.
    let cat_dir = dir.path().join("catalog");
    let a = k("en").args(["export", "--catalog", "--format", "dcat", "--json", "--out"]).arg(&cat_dir).assert().code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "catalog_base_url_missing");
    let a = k("zh-CN")
        .args(["export", "--catalog", "--format", "dcat", "--base-url", "data.example.gov.cn", "--out"])
        .arg(&cat_dir)
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("不能作为数据目录的发布网址"));
    k("en").args(["export", "--catalog", "--format", "ckan", "--out"]).arg(&cat_dir).assert().code(2);
    // Nothing approved yet: an empty catalogue, published by the office.
    k("en").args(["meta", "defaults", "provider", "某某县民政局"]).assert().success();
    let w = json_of(
        &k("en")
            .args([
                "export",
                "--catalog",
                "--format",
                "dcat",
                "--base-url",
                "https://data.example.gov.cn",
                "--json",
                "--out",
            ])
            .arg(&cat_dir)
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!((w["datasets"].as_u64(), w["pages"][0].as_str()), (Some(0), Some("catalog.ttl")));
    let ttl = std::fs::read_to_string(cat_dir.join("catalog.ttl")).unwrap();
    assert!(ttl.contains("\"某某县民政局公共数据开放目录\"@zh") && !ttl.contains("dcat:dataset"), "{ttl}");
}

#[test]
fn scan_policy_preview_and_the_public_csv() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", &ws);
        c
    };
    k("en").arg("import").arg(fixture("subsidy_gbk.csv")).assert().success();
    let scan = json_of(&k("en").args(["scan", "1", "--json"]).assert().success().get_output().stdout);
    assert_eq!(scan["dataset"], 1);
    let col = |name: &str| scan["columns"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone();
    let ids = col("身份证号");
    for key in ["name", "category", "personal", "confidence", "matched", "total", "operator"] {
        assert!(!ids[key].is_null(), "scan --json columns carry {key}");
    }
    assert_eq!(
        (ids["category"].as_str(), ids["personal"].as_bool(), ids["operator"].as_str()),
        (Some("id_card"), Some(true), Some("mask"))
    );
    assert_eq!(col("联系电话")["category"], "phone");
    assert_eq!(col("姓名")["category"], "person_name");
    assert_eq!(col("序号")["category"], "none");
    assert!(scan["cells"].is_array());

    let a = k("en").args(["policy", "set", "1", "身份证号", "keep", "--json"]).assert().code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "policy_reason_required");
    k("en").args(["policy", "set", "1", "联系电话", "drop"]).assert().success();

    let p = json_of(&k("en").args(["preview", "1", "--rows", "2", "--json"]).assert().success().get_output().stdout);
    assert_eq!(p["rows"].as_array().unwrap().len(), 2);
    assert_eq!(p["rows"][0]["original"][1], "张三");
    assert_eq!(p["rows"][0]["public"][1], "张*");
    assert_eq!(p["rows"][0]["public"][5], Value::Null, "the dropped phone column has no public value");

    let csv_path = dir.path().join("public.csv");
    k("en").args(["export", "1", "--format", "csv", "--out"]).arg(&csv_path).assert().success();
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(!text.contains("13800000000") && !text.contains("11010519491231002X") && !text.contains("张三"), "{text}");
    assert!(!text.contains("联系电话"), "the dropped column's header is gone too");
    assert!(!dir.path().join("public.part").exists(), "no temporary file left behind");
}

#[test]
fn the_egress_gate_stops_an_export_and_says_which_column() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", &ws);
        c
    };
    // IDs in a notes column only below row 1,500: the import's whole-table scan
    // finds them and redacts by default.
    let mut csv = String::from("序号,事项,说明\n");
    for i in 1..=2000 {
        let note = if i <= 1500 { "无".to_owned() } else { "身份证11010519491231002X".to_owned() };
        csv.push_str(&format!("{i},救助,{note}\n"));
    }
    let file = dir.path().join("notes.csv");
    std::fs::write(&file, csv).unwrap();
    let out = k("en").arg("import").arg(&file).assert().success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("Scanned all 2000 rows"));
    k("en").args(["gate", "1"]).assert().success();
    // Kept as is: the gate stops the export with its own code, and nothing is written.
    k("en").args(["policy", "set", "1", "说明", "keep"]).assert().success();
    let a = k("en").args(["gate", "1", "--json"]).assert().code(3);
    let report = json_of(&a.get_output().stdout);
    assert_eq!(report["blocking"][0]["name"], "说明");
    assert_eq!(report["blocking"][0]["hits"], 500);
    let path = dir.path().join("public.csv");
    let a = k("zh-CN").args(["export", "1", "--format", "csv", "--out"]).arg(&path).assert().code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("说明") && err.contains("500") && err.contains("egress_blocked"), "{err}");
    assert!(!path.exists() && !dir.path().join("public.part").exists(), "nothing of a stopped export is left");
    // The workbook too.
    let book = dir.path().join("public.xlsx");
    let a = k("en").args(["export", "1", "--format", "xlsx", "--out"]).arg(&book).assert().code(1);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("egress_blocked"));
    assert!(!book.exists() && !dir.path().join("public.part").exists(), "nothing of a stopped workbook is left");
    k("en").args(["policy", "set", "1", "说明", "redact"]).assert().success();
    k("en").args(["export", "1", "--format", "csv", "--out"]).arg(&path).assert().success();
    assert!(!std::fs::read_to_string(&path).unwrap().contains("11010519491231002X"));
    let done = k("en").args(["export", "1", "--format", "xlsx", "--out"]).arg(&book).assert().success();
    assert!(String::from_utf8_lossy(&done.get_output().stdout).contains("2000 rows"));
    assert_eq!(&std::fs::read(&book).unwrap()[..2], b"PK", "a workbook (a zip)");
}

#[test]
fn office_masking_conventions_are_listed_changed_and_used_by_new_scans() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = || {
        let mut c = kaifang(dir.path(), "en");
        c.env("KAIFANG_WORKSPACE", &ws);
        c
    };
    k().args(["workspace", "init"]).assert().success();
    let list = json_of(&k().args(["masking", "list", "--json"]).assert().success().get_output().stdout);
    let id = list.as_array().unwrap().iter().find(|c| c["category"] == "id_card").unwrap().clone();
    assert_eq!(
        (id["keep_head"].as_u64(), id["keep_tail"].as_u64(), id["custom"].as_bool()),
        (Some(6), Some(4), Some(false))
    );
    let a = k()
        .args(["masking", "set", "id_card", "mask", "--keep-head", "4", "--keep-tail", "4", "--json"])
        .assert()
        .success();
    let after = json_of(&a.get_output().stdout);
    assert!(after
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["category"] == "id_card" && c["keep_head"] == 4 && c["custom"] == true));
    k().arg("import").arg(fixture("subsidy_gbk.csv")).assert().success();
    let p = json_of(&k().args(["preview", "1", "--rows", "1", "--json"]).assert().success().get_output().stdout);
    let masked = p["rows"][0]["public"][2].as_str().unwrap().to_owned();
    assert!(
        masked.starts_with(&p["rows"][0]["original"][2].as_str().unwrap()[..4]) && masked[4..].starts_with('*'),
        "{masked}"
    );
    let a = k().args(["masking", "set", "phone", "generalize", "--json"]).assert().code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "convention_not_applicable");
    let log = String::from_utf8_lossy(&k().args(["audit", "log"]).assert().success().get_output().stdout).into_owned();
    assert!(log.contains("masking.convention_changed"), "{log}");
}

#[test]
fn a_review_cycle_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |user: &str| {
        let mut c = kaifang(dir.path(), "en");
        c.env("KAIFANG_WORKSPACE", &ws).env("KAIFANG_USER", user);
        c
    };
    // The first user is the workspace's steward; only a steward adds others.
    k("").args(["user", "add", "老李", "--role", "steward", "--passphrase-stdin"]).write_stdin(P).assert().success();
    let a = k("阿强").args(["user", "add", "小王", "--role", "clerk", "--json"]).assert().code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "user_unknown", "only a steward adds users");
    k("老李").args(["user", "add", "小王", "--role", "clerk", "--passphrase-stdin"]).write_stdin(PP).assert().success();
    // A clerk adds no steward, even with their own passphrase right.
    let a = k("小王")
        .args(["user", "add", "阿强", "--role", "steward", "--passphrase-stdin", "--json"])
        .write_stdin(PP)
        .assert()
        .code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "role_missing");
    let users = json_of(&k("").args(["user", "list", "--json"]).assert().success().get_output().stdout);
    assert_eq!(users["users"].as_array().unwrap().len(), 2, "{users}");
    k("小王").arg("import").arg(fixture("pipe.txt")).assert().success();
    let a = k("小王").args(["submit", "1", "--json"]).assert().code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "review_metadata_incomplete");
    for (f, v) in [
        ("description", "村代码"),
        ("provider", "民政局"),
        ("theme", "government"),
        ("open_type", "unconditional"),
        ("frequency", "yearly"),
    ] {
        k("小王").args(["meta", "set", "1", f, v]).assert().success();
    }
    let sub = json_of(&k("小王").args(["submit", "1", "--json"]).assert().success().get_output().stdout);
    assert_eq!(sub["status"], "submitted");
    let q = json_of(&k("老李").args(["queue", "--json"]).assert().success().get_output().stdout);
    assert_eq!(q["queue"][0]["submitted_by"], "小王");
    let a = k("小王").args(["approve", "1", "--json", "--passphrase-stdin"]).write_stdin(P).assert().code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "role_missing");
    // Approving under a steward's name needs the steward's passphrase.
    let a = k("老李").args(["approve", "1", "--json"]).assert().code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "auth_unlock_required");
    let a = k("老李").args(["approve", "1", "--json", "--passphrase-stdin"]).write_stdin("猜一猜\n").assert().code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "auth_passphrase_wrong");
    k("老李")
        .args([
            "reject",
            "1",
            "--comment",
            "请补充联系方式",
            "--on",
            "field:contact_name=缺联系单位",
            "--passphrase-stdin",
        ])
        .write_stdin(P)
        .assert()
        .success();
    k("小王").args(["meta", "set", "1", "contact_name", "区划地名股"]).assert().success();
    k("小王").args(["submit", "1"]).assert().success();
    let ok = json_of(
        &k("老李")
            .args(["approve", "1", "--json", "--passphrase-stdin"])
            .write_stdin(P)
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(ok["status"], "approved");
    assert_eq!(ok["content_hash"].as_str().unwrap().len(), 64);
    let h = json_of(&k("老李").args(["history", "1", "--json"]).assert().success().get_output().stdout);
    let actions: Vec<&str> = h["history"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["submit", "return", "submit", "approve"]);
    assert_eq!(h["history"][1]["comments"][0], serde_json::json!(["field:contact_name", "缺联系单位"]));
    let log = json_of(&k("").args(["audit", "log", "--limit", "1", "--json"]).assert().success().get_output().stdout);
    assert_eq!(
        (log[0]["action"].as_str(), log[0]["actor"].as_str()),
        (Some("dataset.approved"), Some("老李")),
        "who did it is recorded"
    );
    k("").args(["audit", "verify"]).assert().success();
}

#[test]
fn bundles_carry_a_submission_between_two_offices_and_the_decision_back() {
    let dir = tempfile::tempdir().unwrap();
    let (clerk_ws, steward_ws) = (dir.path().join("clerk.sqlite3"), dir.path().join("steward.sqlite3"));
    let k = |ws: &Path, user: &str, lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", ws).env("KAIFANG_USER", user);
        c
    };
    let add = |ws: &Path, name: &str, role: &str| {
        k(ws, "", "en")
            .args(["user", "add", name, "--role", role, "--passphrase-stdin"])
            .write_stdin(P)
            .assert()
            .success();
    };
    add(&clerk_ws, "小王", "clerk");
    add(&steward_ws, "老李", "steward");
    // The steward's office key goes to the clerk, its fingerprint read out by phone.
    let key_file = dir.path().join("老李.kaifang-key");
    let key = json_of(
        &k(&steward_ws, "老李", "en")
            .args(["key", "export", "--json", "--out"])
            .arg(&key_file)
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    let fingerprint = key["fingerprint"].as_str().unwrap().to_owned();
    let a = k(&clerk_ws, "小王", "en")
        .args(["key", "import", "--fingerprint", "AAAA-BBBB-CCCC-DDDD", "--passphrase-stdin", "--json"])
        .arg(&key_file)
        .write_stdin(P)
        .assert()
        .code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "key_file_invalid", "a fingerprint that does not match");
    k(&clerk_ws, "小王", "en")
        .args(["key", "import", "--fingerprint", &fingerprint.to_lowercase(), "--passphrase-stdin"])
        .arg(&key_file)
        .write_stdin(P)
        .assert()
        .success();
    let trusted =
        json_of(&k(&clerk_ws, "", "en").args(["key", "list", "--json"]).assert().success().get_output().stdout);
    assert_eq!(trusted["keys"][0]["fingerprint"], fingerprint.as_str());
    k(&clerk_ws, "小王", "en").arg("import").arg(fixture("pipe.txt")).assert().success();
    for (f, v) in [
        ("description", "村代码"),
        ("provider", "民政局"),
        ("theme", "government"),
        ("open_type", "unconditional"),
        ("frequency", "yearly"),
    ] {
        k(&clerk_ws, "小王", "en").args(["meta", "set", "1", f, v]).assert().success();
    }
    let bundle = dir.path().join("民政局.kaifang");
    // Not submitted yet: nothing to bundle, and no file appears.
    let a = k(&clerk_ws, "小王", "en").args(["bundle", "export", "1", "--json", "--out"]).arg(&bundle).assert().code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "review_wrong_state");
    assert!(!bundle.exists());
    k(&clerk_ws, "小王", "en").args(["submit", "1"]).assert().success();
    k(&clerk_ws, "小王", "en").args(["bundle", "export", "1", "--out"]).arg(&bundle).assert().success();
    // What travels on the USB stick is encrypted: no village name in it.
    let sealed = std::fs::read(&bundle).unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1"));
    let village = std::fs::read_to_string(fixture("pipe.txt"))
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .split('|')
        .nth(1)
        .unwrap()
        .to_owned();
    assert!(!String::from_utf8_lossy(&sealed).contains(&village), "{village} is readable in the bundle");
    // Opening it needs the steward's passphrase.
    let a = k(&steward_ws, "老李", "en").args(["bundle", "import", "--json"]).arg(&bundle).assert().code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "auth_unlock_required");

    let imported = k(&steward_ws, "老李", "zh-CN")
        .args(["bundle", "import", "--passphrase-stdin"])
        .arg(&bundle)
        .write_stdin(P)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&imported.get_output().stdout).into_owned();
    assert!(text.contains("已加入审核队列"), "{text}");
    let again = json_of(
        &k(&steward_ws, "老李", "en")
            .args(["bundle", "import", "--json", "--passphrase-stdin"])
            .arg(&bundle)
            .write_stdin(P)
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(again["items"][0]["outcome"], "unchanged");
    let q = json_of(&k(&steward_ws, "老李", "en").args(["queue", "--json"]).assert().success().get_output().stdout);
    assert_eq!(q["queue"].as_array().unwrap().len(), 1);
    assert_eq!(q["queue"][0]["submitted_by"], "小王");
    let id = q["queue"][0]["dataset"].to_string();
    k(&steward_ws, "老李", "en")
        .args(["approve", &id, "--comment", "同意", "--passphrase-stdin"])
        .write_stdin(P)
        .assert()
        .success();
    let back = dir.path().join("decisions.kaifang");
    k(&steward_ws, "老李", "en").args(["bundle", "export", &id, "--decisions", "--out"]).arg(&back).assert().success();
    let applied = json_of(
        &k(&clerk_ws, "小王", "en")
            .args(["bundle", "import", "--json"])
            .arg(&back)
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(applied["kind"], "decisions");
    assert_eq!(applied["items"][0]["outcome"], "approved");
    let show =
        json_of(&k(&clerk_ws, "小王", "en").args(["show", "1", "--json"]).assert().success().get_output().stdout);
    assert_eq!(show["summary"]["status"], "approved");

    // A damaged file: a clear, translated message and exit 1.
    let bytes = std::fs::read(&bundle).unwrap();
    let cut = dir.path().join("cut.kaifang");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let bad = k(&steward_ws, "老李", "zh-CN")
        .args(["bundle", "import", "--passphrase-stdin"])
        .arg(&cut)
        .write_stdin(P)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&bad.get_output().stderr).into_owned();
    assert!(err.contains("cut.kaifang") && err.contains("重新发送"), "{err}");
    k(&clerk_ws, "", "en").args(["audit", "verify"]).assert().success();
    k(&steward_ws, "", "en").args(["audit", "verify"]).assert().success();
}

#[test]
fn decisions_list_every_column_and_special_categories_need_a_confirmed_approval() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |user: &str, lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", &ws).env("KAIFANG_USER", user);
        c
    };
    k("", "en")
        .args(["user", "add", "老李", "--role", "steward", "--passphrase-stdin"])
        .write_stdin(P)
        .assert()
        .success();
    k("老李", "en")
        .args(["user", "add", "小王", "--role", "clerk", "--passphrase-stdin"])
        .write_stdin(PP)
        .assert()
        .success();
    let csv = dir.path().join("claims.csv");
    let mut text = String::from("姓名,诊断名称,报销金额\n");
    for i in 0..40 {
        text.push_str(&format!(
            "{},{},{}\n",
            ["张伟", "王芳", "李娜", "刘强"][i % 4],
            ["高血压", "肺炎"][i % 2],
            100 + i
        ));
    }
    std::fs::write(&csv, text).unwrap();
    k("小王", "en").arg("import").arg(&csv).assert().success();
    for (f, v) in [
        ("description", "报销名单"),
        ("provider", "医保局"),
        ("theme", "health"),
        ("open_type", "unconditional"),
        ("frequency", "monthly"),
    ] {
        k("小王", "en").args(["meta", "set", "1", f, v]).assert().success();
    }
    k("小王", "en").args(["policy", "set", "1", "诊断名称", "keep", "--reason", "病种统计"]).assert().success();
    let d = json_of(&k("小王", "en").args(["decisions", "1", "--json"]).assert().success().get_output().stdout);
    let outcomes: Vec<(&str, &str)> = d["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(outcomes, vec![("姓名", "masked"), ("诊断名称", "unchanged"), ("报销金额", "unchanged")]);
    assert_eq!(d["columns"][1]["chosen_by"], "小王");
    let text = k("小王", "zh-CN").args(["decisions", "1"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("诊断名称\t原样公开\t由 小王 决定 — 病种统计"), "{text}");
    assert!(text.contains("原样公开的敏感个人信息：诊断名称"), "{text}");
    k("小王", "en").args(["submit", "1"]).assert().success();
    let a = k("老李", "en").args(["approve", "1", "--json", "--passphrase-stdin"]).write_stdin(P).assert().code(1);
    assert_eq!(json_of(&a.get_output().stderr)["code"], "review_special_unconfirmed");
    let a = k("老李", "zh-CN").args(["approve", "1", "--passphrase-stdin"]).write_stdin(P).assert().code(1);
    let said = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(said.contains("诊断名称") && said.contains("--confirm-special"), "{said}");
    k("老李", "en").args(["approve", "1", "--confirm-special", "--passphrase-stdin"]).write_stdin(P).assert().success();
}

#[test]
fn a_second_table_on_the_sheet_is_named_and_imported_with_table_start() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let file = dir.path().join("两表.csv");
    std::fs::write(
        &file,
        "乡镇,户数,人数,金额\n城关镇,120,260,45600\n河口乡,80,170,30100\n\n\
         序号,乡镇,姓名,身份证号,金额\n1,城关镇,张三,11010519491231002X,300\n2,城关镇,李四,110105194912310021,300\n\
         \n本表由县民政局汇总\n",
    )
    .unwrap();
    let a = kaifang(dir.path(), "zh-CN").args(["import", "--workspace"]).arg(&ws).arg(&file).assert().success();
    let text = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(text.contains("第 5 行起是另一个表格，未导入") && text.contains("--table-start 5"), "{text}");
    let a = kaifang(dir.path(), "en")
        .args(["import", "--json", "--table-start", "5", "--notes-as-data", "--workspace"])
        .arg(&ws)
        .arg(&file)
        .assert()
        .success();
    let out = json_of(&a.get_output().stdout);
    let d = &out["datasets"][0];
    assert_eq!(d["columns"][2]["name"], "姓名");
    assert_eq!(d["table_start"], 5);
    assert_eq!(d["rows"], 3, "two people and the note line, kept as data");
}

#[test]
fn kaifang_risk_names_who_can_still_be_singled_out() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", &ws);
        c
    };
    // Groups on 性别 + 村: 东村男 3, 东村女 2, 西村男 1 (4 people, 6 rows).
    let file = dir.path().join("名单.csv");
    std::fs::write(&file, "姓名,性别,村,金额\n张伟,男,东村,300\n王芳,女,东村,300\n李娜,女,东村,250\n刘洋,男,东村,300\n陈军,男,东村,280\n杨勇,男,西村,300\n").unwrap();
    k("en").arg("import").arg(&file).assert().success();
    let r = json_of(&k("en").args(["risk", "1", "--k", "3", "--json"]).assert().success().get_output().stdout);
    assert_eq!(r["quasi"], serde_json::json!(["性别", "村"]));
    assert_eq!((r["rows"].as_u64(), r["k"].as_u64(), r["groups"].as_u64()), (Some(6), Some(1), Some(3)));
    assert_eq!(r["at_risk"].as_u64(), Some(3), "the group of 2 and the group of 1 are below k = 3");
    assert_eq!(r["combinations"][0]["columns"], serde_json::json!(["村"]), "西村 has one person");
    // Chosen by hand, with a sensitive column, in Chinese.
    let text = k("zh-CN").args(["risk", "1", "--qi", "性别", "--sensitive", "金额"]).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains("按 性别 分组：最小组 k = 2"), "{text}");
    assert!(text.contains("敏感列 金额：ℓ = 2"), "{text}");
    // A column that is not there is a clear error.
    let err = k("en").args(["risk", "1", "--qi", "籍贯", "--json"]).assert().failure();
    let e = json_of(&err.get_output().stderr);
    assert_eq!(e["code"], "column_not_found");

    // The fix, previewed: on 性别 + 村 with k = 3 a bare village has no town
    // to climb to, so 村 is generalised away (6 values become *): 男 4, 女 2,
    // still 2 at risk; then the two women's 性别 is suppressed, and (*, *)
    // matches all six: k = 6 (a suppressed value matches any).
    let plan =
        json_of(&k("en").args(["risk", "1", "--k", "3", "--suggest", "--json"]).assert().success().get_output().stdout);
    assert_eq!((plan["k_before"].as_u64(), plan["at_risk_before"].as_u64()), (Some(1), Some(3)));
    assert_eq!(plan["steps"][0]["column"], "村");
    assert_eq!(plan["steps"][0]["rule"], serde_json::json!({ "kind": "place", "level": "town" }));
    assert_eq!((plan["steps"][0]["changed_cells"].as_u64(), plan["steps"][0]["at_risk"].as_u64()), (Some(6), Some(2)));
    assert_eq!(plan["steps"][1]["column"], "性别");
    assert_eq!(plan["steps"][1]["rule"], serde_json::Value::Null, "suppression");
    assert_eq!(
        (plan["k_after"].as_u64(), plan["at_risk_after"].as_u64(), plan["suppressed_cells"].as_u64()),
        (Some(6), Some(0), Some(2))
    );
    let unchanged = json_of(&k("en").args(["risk", "1", "--k", "3", "--json"]).assert().success().get_output().stdout);
    assert_eq!(unchanged["k"].as_u64(), Some(1), "suggesting changes nothing");
    // Taken, in Chinese: the steps and the result.
    let text = k("zh-CN").args(["--as", "clerk1", "risk", "1", "--k", "3", "--fix"]).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains("2. 性别：抑制 2 个值（发布为 *）"), "{text}");
    assert!(text.contains("现在 k = 6，0 条记录有风险"), "{text}");
    let after = json_of(&k("en").args(["risk", "1", "--k", "3", "--json"]).assert().success().get_output().stdout);
    assert_eq!((after["k"].as_u64(), after["at_risk"].as_u64()), (Some(6), Some(0)));
    let csv_path = dir.path().join("public.csv");
    k("en").args(["export", "1", "--format", "csv", "--out"]).arg(&csv_path).assert().success();
    let public = std::fs::read_to_string(&csv_path).unwrap();
    assert!(public.contains(",*,*,250"), "李娜's row: 性别 suppressed, 村 generalised away: {public}");
    assert!(public.contains(",男,*,300"), "{public}");
    // One column by hand, and a rule that does not exist.
    let c = json_of(
        &k("en")
            .args(["policy", "coarsen", "1", "金额", "amount:..280", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(c["coarsen"], serde_json::json!({ "kind": "amount", "bottom": null, "top": 280.0 }));
    let bad = k("zh-CN").args(["policy", "coarsen", "1", "村", "village:1"]).assert().failure();
    assert!(String::from_utf8_lossy(&bad.get_output().stderr).contains("无法识别泛化规则“village:1”"));
    // Taken back.
    k("en").args(["risk", "1", "--undo"]).assert().success();
    let back = json_of(&k("en").args(["risk", "1", "--k", "3", "--json"]).assert().success().get_output().stdout);
    assert_eq!(back["k"].as_u64(), Some(1));
}

#[test]
fn kaifang_suppress_protects_a_statistics_table_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", &ws);
        c
    };
    let file = dir.path().join("各村救助人次.csv");
    std::fs::write(&file, "村,A类,B类,C类,合计\n东村,10,2,8,20\n西村,7,9,6,22\n南村,5,4,11,20\n合计,22,15,25,62\n")
        .unwrap();
    k("en").args(["--as", "clerk1", "import", "--totals-as-data"]).arg(&file).assert().success();
    // Previewed: nothing is kept.
    let r = json_of(
        &k("en")
            .args(["suppress", "1", "--rule", "freq:3", "--dry-run", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(r["primary"][0]["row"], "东村");
    assert_eq!(r["secondary"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        r["ranges"][0],
        serde_json::json!({ "row": "东村", "column": "B类", "min": 0.0, "max": 6.0, "wide_enough": true })
    );
    let csv_path = dir.path().join("public.csv");
    k("en").args(["export", "1", "--format", "csv", "--out"]).arg(&csv_path).assert().success();
    assert!(std::fs::read_to_string(&csv_path).unwrap().contains("东村,10,2,8,20"), "a dry run keeps nothing");
    // Kept, in Chinese, with the office's marker.
    let text =
        k("zh-CN").args(["--as", "clerk1", "suppress", "1", "--rule", "freq:3", "--marker", "<3"]).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains("次级抑制：东村 / C类、南村 / B类、南村 / C类"), "{text}");
    assert!(text.contains("东村 / B类：根据公开的数字只能推出在 0 到 6 之间"), "{text}");
    k("en").args(["export", "1", "--format", "csv", "--out"]).arg(&csv_path).assert().success();
    let public = std::fs::read_to_string(&csv_path).unwrap();
    assert!(public.contains("东村,10,<3,<3,20") && public.contains("南村,5,<3,<3,20"), "{public}");
    // A rule that is not one.
    let bad = k("zh-CN").args(["suppress", "1", "--rule", "dominance:2,85"]).assert().failure();
    assert!(String::from_utf8_lossy(&bad.get_output().stderr).contains("无法识别规则“dominance:2,85”"));
}

#[test]
fn kaifang_suppress_applies_the_dominance_rule_to_a_value_table() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", &ws);
        c
    };
    let file = dir.path().join("各镇企业营业收入.csv");
    std::fs::write(
        &file,
        "镇,工业,工业企业数,工业最大户,工业次大户,服务业,服务业企业数,服务业最大户,服务业次大户,合计\n\
         东镇,100,4,90,5,40,6,10,8,140\n\
         西镇,60,5,20,15,50,3,30,12,110\n\
         合计,160,9,,,90,9,,,250\n",
    )
    .unwrap();
    k("en").args(["--as", "clerk1", "import", "--totals-as-data"]).arg(&file).assert().success();
    // The rule without the contributions it reads: a clear refusal, nothing kept.
    let bad = k("zh-CN").args(["--as", "clerk1", "suppress", "1", "--dominance"]).assert().failure();
    let said = String::from_utf8_lossy(&bad.get_output().stderr).into_owned();
    assert!(said.contains("支配规则需要知道") && said.contains("--top"), "{said}");
    let bad = k("en").args(["suppress", "1", "--dominance", "2,185"]).assert().failure();
    assert!(String::from_utf8_lossy(&bad.get_output().stderr).contains("Cannot read the dominance rule “2,185”"));
    let bad = k("en").args(["suppress", "1", "--top", "工业"]).assert().failure();
    assert!(String::from_utf8_lossy(&bad.get_output().stderr).contains("VALUE=COLUMN,COLUMN"));

    let args = [
        "--as",
        "clerk1",
        "suppress",
        "1",
        "--dominance",
        "--count",
        "工业=工业企业数",
        "--top",
        "工业=工业最大户,工业次大户",
        "--count",
        "服务业=服务业企业数",
        "--top",
        "服务业=服务业最大户,服务业次大户",
    ];
    let r = json_of(&k("en").args(args).args(["--dry-run", "--json"]).assert().success().get_output().stdout);
    assert_eq!(
        r["primary"],
        serde_json::json!([{ "row": "东镇", "column": "工业", "value": 100.0, "rule": "dominance" }])
    );
    assert_eq!(r["spec"]["dominance"], serde_json::json!({ "n": 2, "k": 85.0 }));
    assert_eq!(r["spec"]["values"], serde_json::json!(["工业", "服务业", "合计"]));
    let text = k("zh-CN").args(args).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains("支配规则 (2, 85)"), "{text}");
    assert!(text.contains("一次抑制：东镇 / 工业（支配）"), "{text}");
    let csv_path = dir.path().join("public.csv");
    k("en").args(["export", "1", "--format", "csv", "--out"]).arg(&csv_path).assert().success();
    let public = std::fs::read_to_string(&csv_path).unwrap();
    assert!(
        public
            .trim_start_matches('\u{feff}')
            .starts_with("镇,工业,工业企业数,服务业,服务业企业数,合计\n东镇,*,4,*,6,140\n"),
        "{public}"
    );
}

#[test]
fn a_change_from_the_command_line_names_who_made_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", &ws).env_remove("KAIFANG_USER");
        c
    };
    let file = dir.path().join("各村户数.csv");
    std::fs::write(&file, "村,户数\n东村,12\n西村,30\n").unwrap();
    // Nobody named and nobody to take: stopped before anything is written.
    let said = k("zh-CN").arg("import").arg(&file).assert().failure();
    let said = String::from_utf8_lossy(&said.get_output().stderr).into_owned();
    assert!(said.contains("请说明是谁在操作") && said.contains("--as"), "{said}");
    assert!(!ws.exists(), "no workspace was made");
    let e = k("en").args(["import", "--json"]).arg(&file).assert().failure();
    assert_eq!(json_of(&e.get_output().stderr)["code"], "user_required");
    // Named: it goes ahead, on the record under that name.
    k("en").args(["--as", "小王", "import"]).arg(&file).assert().success();
    // Reading needs nobody.
    k("en").args(["list"]).assert().success();
    // The first user needs nobody to add them; then they are the one who acts.
    k("en").args(["user", "add", "老李", "--role", "steward", "--passphrase-stdin"]).write_stdin(P).assert().success();
    k("en").args(["meta", "set", "1", "description", "全县各村户数"]).assert().success();
    let log =
        json_of(&k("en").args(["audit", "log", "--limit", "50", "--json"]).assert().success().get_output().stdout);
    let actors = |action: &str| -> Vec<String> {
        log.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == action)
            .map(|e| e["actor"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(actors("dataset.imported"), ["小王"]);
    assert_eq!(actors("metadata.changed"), ["老李"], "the workspace's only user");
    assert!(log.as_array().unwrap().iter().all(|e| e["actor"] != "unknown"));
    // Two users: nobody can be assumed.
    k("en")
        .args(["--as", "老李", "user", "add", "小王", "--role", "clerk", "--passphrase-stdin"])
        .write_stdin(PP)
        .assert()
        .success();
    let e = k("en").args(["meta", "set", "1", "description", "x", "--json"]).assert().failure();
    assert_eq!(json_of(&e.get_output().stderr)["code"], "user_required");
    assert_eq!(json_of(&e.get_output().stderr)["params"]["users"], "2");
}

#[test]
fn the_office_overview_counts_datasets_and_names_those_due() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", &ws);
        c
    };
    let file = dir.path().join("村.csv");
    std::fs::write(&file, "村,人数\n东村,3\n西村,4\n").unwrap();
    k("en").arg("import").arg(&file).assert().success();
    for (field, value) in [("provider", "县民政局"), ("theme", "social_security"), ("frequency", "daily")] {
        k("en").args(["meta", "set", "1", field, value]).assert().success();
    }
    let o = json_of(&k("en").args(["overview", "--json"]).assert().success().get_output().stdout);
    assert_eq!(o["datasets"], 1, "{o}");
    assert_eq!(o["by_state"]["draft"], 1, "{o}");
    assert_eq!(o["by_department"]["县民政局"], 1, "{o}");
    assert_eq!(o["due_soon"][0]["days_left"], 1, "daily, imported today: due tomorrow: {o}");
    let text = k("zh-CN").arg("overview").assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains("共 1 个数据集"), "{text}");
    assert!(text.contains("按主题：社会保障 1"), "{text}");
    assert!(text.contains("按开放类型：未填写 1"), "{text}");
    assert!(text.contains("#1 村：") && text.contains("（还有 1 天）"), "{text}");

    // Readiness: one dataset, then the office, grouped as the index groups them.
    let r = json_of(&k("en").args(["readiness", "1", "--json"]).assert().success().get_output().stdout);
    let checks: Vec<&str> =
        r["datasets"][0]["findings"].as_array().unwrap().iter().map(|f| f["check"].as_str().unwrap()).collect();
    assert_eq!(checks, ["missing_license", "openness_unset", "near_empty", "missing_dictionary"], "{r}");
    assert_eq!(r["datasets"][0]["findings"][0]["group"], "standards");
    let text = k("zh-CN").args(["readiness", "--office"]).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains("[开放范围·必须改] 没有选择开放类型"), "{text}");
    assert!(text.contains("在「元数据」页选择开放许可"), "the fix is said: {text}");
    k("en").args(["readiness"]).assert().code(2);
    let bad = k("en").args(["readiness", "--block", "no_such_check"]).assert().code(2);
    assert!(String::from_utf8_lossy(&bad.get_output().stderr).contains("missing_license"), "the checks are listed");

    // A steward makes the licence blocking: the submission is refused in words.
    k("en").args(["user", "add", "老李", "--role", "steward", "--passphrase-stdin"]).write_stdin(P).assert().success();
    let set = k("zh-CN")
        .args(["--as", "老李", "readiness", "--block", "missing_license,stale", "--passphrase-stdin"])
        .write_stdin(P)
        .assert()
        .success();
    assert!(
        String::from_utf8_lossy(&set.get_output().stdout).contains("不通过就不能提交的检查：没有开放许可、逾期未更新")
    );
    k("en")
        .args(["--as", "老李", "user", "add", "小王", "--role", "clerk", "--passphrase-stdin"])
        .write_stdin(PP)
        .assert()
        .success();
    let refused = k("zh-CN")
        .args(["--as", "小王", "readiness", "--block", "none", "--passphrase-stdin"])
        .write_stdin(PP)
        .assert()
        .failure();
    assert!(String::from_utf8_lossy(&refused.get_output().stderr).contains("role_missing"));
    for (field, value) in [("description", "各村人数"), ("open_type", "unconditional")] {
        k("en").args(["--as", "小王", "meta", "set", "1", field, value]).assert().success();
    }
    let no = k("zh-CN").args(["--as", "小王", "submit", "1"]).assert().failure();
    let no = String::from_utf8_lossy(&no.get_output().stderr).into_owned();
    assert!(no.contains("本单位要求以下检查通过后才能提交：没有开放许可") && no.contains("readiness_blocked"), "{no}");
}

#[test]
fn cleaning_from_the_command_line_with_undo_and_a_recipe_for_next_month() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", &ws);
        c
    };
    let clean_fixture =
        |name: &str| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/clean").join(name);
    k("en").arg("import").arg(clean_fixture("month1.csv")).assert().success();
    let step = |args: &[&str]| {
        json_of(&k("en").args(["clean", "1", "apply"]).args(args).arg("--json").assert().success().get_output().stdout)
    };
    let r = step(&["dates", "发放日期"]);
    assert_eq!((r["position"].as_i64(), r["outcome"]["cells"].as_u64()), (Some(1), Some(6)));
    assert_eq!(r["outcome"]["forms"]["excel_serial"], 2);
    step(&["fill_down", "乡镇"]);
    step(&["half_width", "联系电话"]);
    step(&["numbers", "补贴金额（万元）", "--from-wan"]);
    step(&["map", "备注", "--pair", "无=", "--pair", "—="]);
    let r = step(&["dedupe"]);
    assert_eq!(r["outcome"]["removed"], serde_json::json!([6]));

    // Undo in Chinese, then the history says what is undone.
    let text = k("zh-CN").args(["clean", "1", "undo"]).assert().success();
    assert!(String::from_utf8_lossy(&text.get_output().stdout).contains("已撤销第 6 步（删除重复行）"));
    let text = k("zh-CN").args(["clean", "1", "history"]).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains("第 4 步 规范数字（补贴金额（万元））：改动 6 行、6 格"), "{text}");
    assert!(text.contains("第 6 步 删除重复行（整行）（已撤销）"), "{text}");
    k("en").args(["clean", "1", "redo"]).assert().success();

    // Remove step 2 (fill down): the later steps run again.
    let h = json_of(&k("en").args(["clean", "1", "remove", "2", "--json"]).assert().success().get_output().stdout);
    assert_eq!(h["steps"].as_array().map(Vec::len), Some(5));
    let missing = k("en").args(["clean", "1", "remove", "9"]).assert().failure();
    assert!(String::from_utf8_lossy(&missing.get_output().stderr).contains("clean_step_not_found"));

    // A step on a column that is not there, and a split without names.
    let bad = k("zh-CN").args(["clean", "1", "apply", "trim", "手机"]).assert().failure();
    assert!(String::from_utf8_lossy(&bad.get_output().stderr).contains("这一步要用的列“手机”在当前数据中不存在"));
    let bad = k("en").args(["clean", "1", "apply", "split", "家庭住址", "--json"]).assert().failure();
    assert_eq!(json_of(&bad.get_output().stderr)["code"], "clean_step_invalid");

    // The recipe, on next month's file with renamed headers: one question.
    let recipe = dir.path().join("方案.json");
    k("en").args(["clean", "1", "recipe", "--out"]).arg(&recipe).assert().success();
    k("en").args(["import", "--into", "1"]).arg(clean_fixture("month2.csv")).assert().success();
    // A step made and undone on the new version is kept as a branch.
    step(&["trim", "姓名"]);
    k("en").args(["clean", "1", "undo"]).assert().success();
    let asked = k("en").args(["clean", "1", "replay", "--json"]).arg(&recipe).assert().failure();
    let e = json_of(&asked.get_output().stderr);
    assert_eq!(
        (e["code"].as_str(), e["params"]["columns"].as_str()),
        (Some("clean_recipe_unmapped"), Some("联系电话"))
    );
    let preview = json_of(
        &k("en")
            .args(["clean", "1", "replay", "--map", "联系电话=手机号", "--preview", "--json"])
            .arg(&recipe)
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(preview["preview"], true);
    assert_eq!(preview["mapped"]["发放日期"], "发放 日期");
    let text = k("zh-CN").args(["clean", "1", "replay", "--map", "联系电话=手机号"]).arg(&recipe).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains("已按清洗方案执行 5 步"), "{text}");
    assert!(text.contains("“发放日期”对应“发放 日期”"), "{text}");
    let rows = json_of(&k("en").args(["rows", "1", "--json"]).assert().success().get_output().stdout);
    assert_eq!(rows["rows"][0][4], "2023-02-05", "{rows}");
    assert_eq!(rows["rows"][0][6], "13812345678", "{rows}");
    let h = json_of(&k("en").args(["clean", "1", "history", "--json"]).assert().success().get_output().stdout);
    assert_eq!(h["branches"]["1"][0]["step"]["op"], "trim", "{h}");

    // Month three, headers as month two's: `--replay` applies last month's steps by itself.
    let month3 = dir.path().join("month3.csv");
    let text = std::fs::read_to_string(clean_fixture("month2.csv")).unwrap();
    std::fs::write(
        &month3,
        format!("{text},东村,440524200408037197,王伟,2023.3.5,0.12,13812345678,某某县城关镇东村4组18号,无\n"),
    )
    .unwrap();
    let done = k("zh-CN").args(["import", "--into", "1", "--replay"]).arg(&month3).assert().success();
    let done = String::from_utf8_lossy(&done.get_output().stdout).into_owned();
    assert!(done.contains("已沿用上一版的清洗步骤（5 步）"), "{done}");
    let rows = json_of(&k("en").args(["rows", "1", "--json"]).assert().success().get_output().stdout);
    assert_eq!(rows["rows"][5][4], "2023-03-05", "{rows}");
    assert_eq!(rows["total"], 6, "the repeated 赵敏 row removed again: {rows}");
    // Nothing earlier was cleaned for a new dataset: said, not failed.
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "村,人数\n东村,3\n").unwrap();
    k("en").arg("import").arg(&other).assert().success();
    std::fs::write(&other, "村,人数\n东村,4\n").unwrap();
    let none = k("en").args(["import", "--into", "2", "--replay"]).arg(&other).assert().success();
    assert!(String::from_utf8_lossy(&none.get_output().stdout).contains("No earlier version was cleaned"));

    // Place names against the division list, inside the dataset's area (和林格尔县).
    let towns = dir.path().join("towns.csv");
    std::fs::write(&towns, "乡镇,人数\n城关,3\n城關鎮,2\n盛乐镇,4\n巧什营镇,1\n桥什营镇,1\n").unwrap();
    k("en").arg("import").arg(&towns).assert().success();
    k("en").args(["meta", "set", "3", "spatial_code", "150123"]).assert().success();
    let text = k("zh-CN").args(["clean", "3", "clusters", "乡镇", "--method", "division"]).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(text.contains("城关 (1, 90%)、城關鎮 (1, 100%)"), "rows and scores: {text}");
    assert!(text.contains("→ 规范名称：城关镇（150123100）"), "{text}");
    assert!(text.contains("巧什营镇 (1, 100%)、桥什营镇 (1, 75%)"), "{text}");
    assert!(!text.contains("盛乐镇"), "written officially, nothing to merge: {text}");
}

#[test]
fn a_cleaning_step_on_invalid_values_or_a_range_of_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite3");
    let k = |lang: &str| {
        let mut c = kaifang(dir.path(), lang);
        c.env("KAIFANG_WORKSPACE", &ws);
        c
    };
    let file = dir.path().join("金额.csv");
    std::fs::write(&file, "村,金额\n东村,１２０\n西村,80\n南村,300\n北村,45\n").unwrap();
    k("en").arg("import").arg(&file).assert().success();
    let r = json_of(
        &k("en")
            .args(["clean", "1", "apply", "half_width", "金额", "--where-invalid", "金额", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(r["outcome"]["cells"], 1, "only the full-width number: {r}");
    let r = json_of(
        &k("en")
            .args([
                "clean",
                "1",
                "apply",
                "replace",
                "村",
                "--find",
                "村",
                "--replace",
                "社区",
                "--where-range",
                "金额=100..",
                "--json",
            ])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(r["outcome"]["cells"], 2, "东村 (120) and 南村 (300): {r}");
    assert_eq!(r["step"]["filter"], serde_json::json!({ "column": "金额", "is": "range", "min": 100.0, "max": null }));
    let bad = k("zh-CN").args(["clean", "1", "apply", "trim", "村", "--where-range", "金额=一百"]).assert().code(2);
    assert!(String::from_utf8_lossy(&bad.get_output().stderr).contains("无法识别范围“金额=一百”"));
}
