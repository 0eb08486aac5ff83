//! Catalogue metadata on real workspaces: validation per field kind, defaults and
//! inheritance, completeness, suggestions, slugs and the three exports checked
//! against what their standards require.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::Path;

use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::DatasetId;
use kaifang_core::error::Coded;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::metadata::{self, CheckState, DictionaryChange, MetadataError, ProblemKind, Values};
use kaifang_core::pipeline::import_file;
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, Workspace};
use serde_json::{json, Value};

fn actor() -> Actor {
    Actor::new("clerk", Source::System)
}

fn workspace_with(file: &str) -> (tempfile::TempDir, Workspace, DatasetId) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor()).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import").join(file);
    let out =
        import_file(&mut ws, &path, &ImportOptions::default(), &actor(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    (dir, ws, id)
}

fn values(pairs: &[(&str, &str)]) -> Values {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect()
}

fn complete() -> Values {
    values(&[
        ("title", "某某县2024年城乡低保发放名单"),
        ("description", "全县城乡最低生活保障对象及发放金额，按季度更新。"),
        ("resource_code", "MZ-2024-001"),
        ("provider", "某某县民政局"),
        ("theme", "social_security"),
        ("keywords", "低保、社会救助"),
        ("open_type", "unconditional"),
        ("frequency", "quarterly"),
        ("license", "cc-by"),
        ("temporal_start", "2024-01-01"),
        ("temporal_end", "2024-12-31"),
        ("spatial_code", "520102"),
        ("spatial_name", "某某县"),
        ("contact_name", "县民政局社会救助股"),
        ("contact_phone", "0851-12345678"),
        ("contact_email", "mzj@example.gov.cn"),
    ])
}

fn problem_of(err: MetadataError) -> Vec<(String, ProblemKind)> {
    match err {
        MetadataError::Invalid(p) => p.into_iter().map(|p| (p.field, p.kind)).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn bad_values_are_refused_field_by_field_and_nothing_is_saved() {
    let (_d, mut ws, id) = workspace_with("subsidy_gbk.csv");
    let cases: Vec<(&str, String, ProblemKind)> = vec![
        ("title", "长".repeat(500), ProblemKind::TooLong),
        ("title", "低保名单😀".into(), ProblemKind::Emoji),
        ("title", "低保\u{7}名单".into(), ProblemKind::ControlCharacters),
        ("temporal_start", "2024-02-30".into(), ProblemKind::InvalidDate),
        ("temporal_start", "2024/01/01".into(), ProblemKind::InvalidDate),
        ("contact_email", "mzj@@example".into(), ProblemKind::InvalidEmail),
        ("contact_phone", "12345".into(), ProblemKind::InvalidPhone),
        ("theme", "astrology".into(), ProblemKind::NotInCodeList),
        ("spatial_code", "990101".into(), ProblemKind::InvalidRegionCode),
        ("resource_code", "代码 1".into(), ProblemKind::InvalidIdentifier),
        ("no_such_field", "x".into(), ProblemKind::UnknownField),
    ];
    for (field, value, kind) in cases {
        // A valid change rides along: it must not be saved either.
        let mut change = values(&[("provider", "某某县民政局")]);
        change.insert(field.to_owned(), json!(value));
        let err = metadata::set(&mut ws, id, &change, &actor()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::MetadataInvalid);
        assert!(problem_of(err).contains(&(field.to_owned(), kind)), "{field}={value} should be {kind:?}");
        let now = metadata::get(ws.conn(), id).unwrap();
        assert!(!now.values.contains_key("provider"), "nothing is saved half-way ({field})");
    }
}

#[test]
fn an_end_before_its_start_names_the_end() {
    let (_d, mut ws, id) = workspace_with("subsidy_gbk.csv");
    let err = metadata::set(
        &mut ws,
        id,
        &values(&[("temporal_start", "2024-06-01"), ("temporal_end", "2024-01-01")]),
        &actor(),
    )
    .unwrap_err();
    assert_eq!(problem_of(err), vec![("temporal_end".to_owned(), ProblemKind::EndBeforeStart)]);
}

#[test]
fn conditions_are_required_only_when_open_on_conditions() {
    let (_d, mut ws, id) = workspace_with("subsidy_gbk.csv");
    let mut v = complete();
    v.insert("open_type".into(), json!("conditional"));
    let m = metadata::set(&mut ws, id, &v, &actor()).unwrap();
    assert!(m.problems.iter().any(|p| p.field == "open_conditions" && p.kind == ProblemKind::Missing));
    let m = metadata::set(&mut ws, id, &values(&[("open_conditions", "仅限科研用途，需签署使用协议。")]), &actor())
        .unwrap();
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn completeness_reaches_100_with_every_field_and_the_dictionary() {
    let (_d, mut ws, id) = workspace_with("subsidy_gbk.csv");
    let start = metadata::get(ws.conn(), id).unwrap();
    assert!(start.completeness < 30, "only the title to begin with: {}", start.completeness);
    assert_eq!(start.values["title"], "某某县2024年城乡低保发放名单", "the dataset's name is the first title");
    let m = metadata::set(&mut ws, id, &complete(), &actor()).unwrap();
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert!(m.completeness >= 80 && m.completeness < 100, "the dictionary is still undescribed: {}", m.completeness);
    assert_eq!(m.values["keywords"], json!(["低保", "社会救助"]), "keywords are split on 、");
    let mut last = m;
    for entry in last.dictionary.clone() {
        let change = DictionaryChange { description: Some(format!("{}的说明", entry.name)), unit: None, open: None };
        last = metadata::set_dictionary(&mut ws, id, entry.position, &change, &actor()).unwrap();
    }
    assert_eq!(last.completeness, 100);
    let states: Vec<(&str, CheckState)> = last.checklist.iter().map(|c| (c.item.as_str(), c.state)).collect();
    assert_eq!(
        states[..3],
        [
            ("metadata_complete", CheckState::Done),
            ("dictionary_described", CheckState::Done),
            ("open_type_chosen", CheckState::Done)
        ]
    );
    // Personal data is decided on every row, and the import scanned every row as
    // it wrote them; every personal column has a masking default, so this item
    // is done (the sensitive tests cover the other states).
    assert_eq!(states[3], ("sensitive_fields_handled", CheckState::Done));
    // A quick scan of the first rows alone is not enough for it.
    kaifang_core::sensitive::scan_and_save(&mut ws, id, false, &actor()).unwrap();
    let quick = metadata::get(ws.conn(), id).unwrap();
    assert_eq!(quick.checklist[3].state, CheckState::Pending, "after a quick scan");
    kaifang_core::sensitive::scan_and_save(&mut ws, id, true, &actor()).unwrap();
    let after = metadata::get(ws.conn(), id).unwrap();
    assert_eq!(after.checklist[3].state, CheckState::Done, "after the whole-table scan");
}

#[test]
fn workspace_defaults_fill_new_datasets_and_versions_inherit() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor()).unwrap();
    metadata::set_defaults(
        &mut ws,
        &values(&[("provider", "某某县民政局"), ("contact_phone", "0851-12345678")]),
        &actor(),
    )
    .unwrap();
    let bad = metadata::set_defaults(&mut ws, &values(&[("title", "x")]), &actor()).unwrap_err();
    assert_eq!(
        problem_of(bad),
        vec![("title".to_owned(), ProblemKind::UnknownField)],
        "only office-wide fields have defaults"
    );
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import");
    let run = |ws: &mut Workspace, file: &str, into: Option<String>| {
        let opts = ImportOptions { into, ..Default::default() };
        import_file(ws, &fixtures.join(file), &opts, &actor(), &no_progress, &CancelToken::new()).unwrap().datasets[0]
            .id
    };
    let id = DatasetId(run(&mut ws, "subsidy_gbk.csv", None));
    let m = metadata::get(ws.conn(), id).unwrap();
    assert_eq!(m.values["provider"], "某某县民政局", "defaults fill a new dataset");
    metadata::set(&mut ws, id, &values(&[("theme", "social_security")]), &actor()).unwrap();
    metadata::set_dictionary(
        &mut ws,
        id,
        1,
        &DictionaryChange { description: Some("领取人姓名".into()), unit: None, open: Some(false) },
        &actor(),
    )
    .unwrap();
    run(&mut ws, "subsidy_utf8_bom.csv", Some(id.to_string()));
    let v2 = metadata::get(ws.conn(), id).unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(v2.values["theme"], "social_security", "a new version inherits the metadata");
    let name_col = &v2.dictionary[1];
    assert_eq!((name_col.description.as_deref(), name_col.open), (Some("领取人姓名"), false), "and the dictionary");
}

#[test]
fn suggestions_come_from_the_data() {
    let (_d, ws, id) = workspace_with("subsidy.xlsx");
    let m = metadata::get(ws.conn(), id).unwrap();
    assert_eq!(m.suggestions.get("temporal_start"), Some(&json!("2024-03-05")), "{:?}", m.suggestions);
    assert_eq!(m.suggestions.get("temporal_end"), Some(&json!("2024-03-07")));
    assert_eq!(m.suggestions.get("keywords"), Some(&json!(["低保", "名单"])));
    assert_eq!(m.auto.rows, 3);
    assert_eq!(m.auto.format, "xlsx");
}

#[test]
fn the_slug_follows_the_code_or_the_title() {
    let (_d, mut ws, id) = workspace_with("subsidy_gbk.csv");
    let m = metadata::get(ws.conn(), id).unwrap();
    assert_eq!(m.slug, "mou-mou-xian-2024-nian-cheng-xiang-di-bao-fa-fang-ming-dan");
    assert!(!m.slug_fixed);
    let m = metadata::set(&mut ws, id, &values(&[("resource_code", "MZ-2024-001")]), &actor()).unwrap();
    assert_eq!(m.slug, "mz-2024-001");
}

#[test]
fn overdue_when_the_period_has_passed() {
    assert_eq!(
        metadata::overdue_since("monthly", "2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z").as_deref(),
        Some("2024-02-01")
    );
    assert_eq!(metadata::overdue_since("monthly", "2024-01-01T00:00:00Z", "2024-01-20T00:00:00Z"), None);
    assert_eq!(metadata::overdue_since("irregular", "2020-01-01T00:00:00Z", "2024-01-01T00:00:00Z"), None);
}

#[test]
fn the_ckan_package_puts_core_fields_at_the_top_and_the_rest_in_extras() {
    let (_d, mut ws, id) = workspace_with("subsidy_gbk.csv");
    let m = metadata::set(&mut ws, id, &complete(), &actor()).unwrap();
    let pkg = metadata::ckan_package(&m, Some("mzj"));
    assert_eq!(pkg["name"], "mz-2024-001");
    assert_eq!(pkg["title"], "某某县2024年城乡低保发放名单");
    assert_eq!(pkg["notes"], "全县城乡最低生活保障对象及发放金额，按季度更新。");
    assert_eq!(pkg["owner_org"], "mzj");
    assert_eq!(pkg["license_id"], "cc-by");
    assert_eq!(pkg["maintainer"], "县民政局社会救助股");
    assert_eq!(pkg["maintainer_email"], "mzj@example.gov.cn");
    assert_eq!(pkg["tags"], json!([{ "name": "低保" }, { "name": "社会救助" }]));
    let extras: Vec<(&str, &str)> = pkg["extras"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["key"].as_str().unwrap(), e["value"].as_str().unwrap()))
        .collect();
    for expected in [
        ("open_type", "unconditional"),
        ("frequency", "quarterly"),
        ("provider", "某某县民政局"),
        ("theme", "social_security"),
    ] {
        assert!(extras.contains(&expected), "extras lack {expected:?}: {extras:?}");
    }
    assert!(extras.iter().all(|(k, _)| !["title", "notes"].contains(k)), "core fields are not duplicated in extras");
    let name_re = pkg["name"].as_str().unwrap();
    assert!(
        (2..=100).contains(&name_re.len())
            && name_re.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    );
}

#[test]
fn dcat_json_ld_has_the_mandatory_properties() {
    let (_d, mut ws, id) = workspace_with("subsidy_gbk.csv");
    let m = metadata::set(&mut ws, id, &complete(), &actor()).unwrap();
    let d = metadata::dcat_dataset(&m, "u-1", "urn:kaifang:test", &["data", "dictionary"]);
    // Parsed back as JSON-LD's plain JSON: the context names every prefix used.
    let text = serde_json::to_string(&d).unwrap();
    let parsed: Value = serde_json::from_str(&text).unwrap();
    let ctx = parsed["@context"].as_object().unwrap();
    for key in text_keys(&parsed) {
        if let Some((prefix, _)) = key.split_once(':') {
            assert!(ctx.contains_key(prefix), "prefix {prefix} of {key} is not in the context");
        }
    }
    // A flat graph: nodes by their id.
    let graph = parsed["@graph"].as_array().unwrap();
    let node = |id: &str| graph.iter().find(|n| n["@id"] == id).unwrap_or_else(|| panic!("no node {id}"));
    let dataset = node("urn:kaifang:test/dataset/u-1");
    assert_eq!(dataset["@type"][0], "http://www.w3.org/ns/dcat#Dataset");
    // DCAT-AP 3 mandatory for a Dataset: dct:description and dct:title.
    assert_eq!(dataset["dct:title"][0]["@value"], "某某县2024年城乡低保发放名单");
    assert_eq!(dataset["dct:description"][0]["@language"], "zh");
    // Mandatory for a Distribution: dcat:accessURL (here the dataset: no file URL outside a catalogue).
    let dists: Vec<&str> =
        dataset["dcat:distribution"].as_array().unwrap().iter().map(|d| d["@id"].as_str().unwrap()).collect();
    assert_eq!(dists.len(), 2);
    assert_eq!(node(dists[0])["dcat:accessURL"][0]["@id"], "urn:kaifang:test/dataset/u-1");
    assert_eq!(
        node(dists[0])["dct:format"][0]["@id"],
        "http://publications.europa.eu/resource/authority/file-type/CSV"
    );
    assert_eq!(
        dataset["dct:accrualPeriodicity"][0]["@id"],
        "http://publications.europa.eu/resource/authority/frequency/QUARTERLY"
    );
    // The frequency IRI is typed for the range shapes.
    assert_eq!(
        node("http://publications.europa.eu/resource/authority/frequency/QUARTERLY")["@type"][0],
        "http://purl.org/dc/terms/Frequency"
    );
    let temporal = node(dataset["dct:temporal"][0]["@id"].as_str().unwrap());
    assert_eq!(temporal["dcat:startDate"][0]["@value"], "2024-01-01");
    let contact = node(dataset["dcat:contactPoint"][0]["@id"].as_str().unwrap());
    assert_eq!(contact["vcard:hasEmail"][0]["@id"], "mailto:mzj@example.gov.cn");
}

fn text_keys(v: &Value) -> Vec<String> {
    match v {
        Value::Object(m) => m
            .iter()
            .filter(|(k, _)| *k != "@context")
            .flat_map(|(k, v)| std::iter::once(k.clone()).chain(text_keys(v)))
            .collect(),
        Value::Array(a) => a.iter().flat_map(text_keys).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn the_data_package_follows_the_frictionless_profile_and_leaves_closed_columns_out() {
    let (_d, mut ws, id) = workspace_with("subsidy_gbk.csv");
    metadata::set(&mut ws, id, &complete(), &actor()).unwrap();
    let m = metadata::set_dictionary(
        &mut ws,
        id,
        2,
        &DictionaryChange { open: Some(false), ..Default::default() },
        &actor(),
    )
    .unwrap();
    let pkg = metadata::datapackage(&m, "data.csv");
    // Frictionless rules: a package name of lowercase letters, digits, - . _ /;
    // resources with a name and a path; every field with a name and a known type.
    let name = pkg["name"].as_str().unwrap();
    assert!(name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._/".contains(c)));
    assert_eq!(pkg["profile"], "tabular-data-package");
    let res = &pkg["resources"][0];
    assert_eq!((res["path"].as_str(), res["profile"].as_str()), (Some("data.csv"), Some("tabular-data-resource")));
    let fields = res["schema"]["fields"].as_array().unwrap();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert!(!names.contains(&"身份证号"), "a column marked 不予开放 is not in the public schema");
    assert_eq!(names.len(), 6);
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "field names are unique");
    for f in fields {
        let t = f["type"].as_str().unwrap();
        assert!(["string", "number", "integer", "boolean", "date", "datetime"].contains(&t), "{t}");
    }
    assert_eq!(fields[2]["title"], "补贴金额 / 上半年", "the column group is kept in the title");
    assert_eq!(pkg["licenses"][0]["name"], "cc-by");
}

#[test]
fn a_preview_scores_unsaved_values_exactly_as_saving_them_would() {
    let (_d, mut ws, id) = workspace_with("subsidy_gbk.csv");
    let edits = [
        values(&[("description", "全县低保名单"), ("open_type", "unconditional")]),
        values(&[("provider", "县民政局"), ("theme", "social_security"), ("frequency", "monthly")]),
        // Clearing a value, and a value with a problem.
        [("provider".to_owned(), Value::Null), ("contact_email".to_owned(), json!("not-an-email"))]
            .into_iter()
            .collect(),
    ];
    for changes in edits {
        let before = metadata::get(ws.conn(), id).unwrap();
        let preview = metadata::preview(ws.conn(), id, &changes).unwrap();
        assert_eq!(metadata::get(ws.conn(), id).unwrap(), before, "nothing saved");
        match metadata::set(&mut ws, id, &changes, &actor()) {
            Ok(after) => {
                assert_eq!(preview.completeness, after.completeness, "{changes:?}");
                assert_eq!(preview.checklist, after.checklist);
                assert_eq!(preview.problems, after.problems);
            }
            // A value saving refuses is a problem in the preview too.
            Err(e) => assert!(
                problem_of(e).iter().all(|(f, _)| preview.problems.iter().any(|p| &p.field == f)),
                "{preview:?}"
            ),
        }
    }
}
