//! The metadata in the shapes others read: the CKAN package dict (core fields and
//! extras) and a Frictionless data package descriptor with a Table Schema (DCAT
//! is in [`super::dcat`]). Pure functions of the metadata.

use serde_json::{json, Map, Value};

use super::fields::fields;
use super::validate::text;
use super::{DatasetMetadata, DictionaryEntry};
use crate::import::ColumnType;

/// EU frequency authority IRIs, which DCAT-AP asks for.
pub(crate) fn frequency_iri(code: &str) -> Option<&'static str> {
    Some(match code {
        "realtime" => "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT",
        "daily" => "http://publications.europa.eu/resource/authority/frequency/DAILY",
        "weekly" => "http://publications.europa.eu/resource/authority/frequency/WEEKLY",
        "monthly" => "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
        "quarterly" => "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
        "half_yearly" => "http://publications.europa.eu/resource/authority/frequency/ANNUAL_2",
        "yearly" => "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
        "irregular" => "http://publications.europa.eu/resource/authority/frequency/IRREG",
        "never" => "http://publications.europa.eu/resource/authority/frequency/NEVER",
        _ => return None,
    })
}

pub(crate) fn access_rights_iri(code: &str) -> Option<&'static str> {
    Some(match code {
        "unconditional" => "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
        "conditional" => "http://publications.europa.eu/resource/authority/access-right/RESTRICTED",
        "closed" => "http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC",
        _ => return None,
    })
}

pub(crate) fn license_iri(code: &str) -> Option<&'static str> {
    Some(match code {
        "cc-by" => "https://creativecommons.org/licenses/by/4.0/",
        "cc-zero" => "https://creativecommons.org/publicdomain/zero/1.0/",
        "odc-by" => "https://opendatacommons.org/licenses/by/1-0/",
        _ => return None,
    })
}

pub(crate) fn keywords(meta: &DatasetMetadata) -> Vec<String> {
    match meta.values.get("keywords") {
        Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

/// The package dict for `package_create` / `package_update`: core fields where
/// CKAN has them, everything else as string `extras` (CKAN drops unknown
/// top-level keys silently). `owner_org` comes from the portal settings.
pub fn ckan_package(meta: &DatasetMetadata, owner_org: Option<&str>) -> Value {
    let mut pkg = Map::new();
    pkg.insert("name".into(), json!(meta.slug));
    pkg.insert("version".into(), json!(meta.version.to_string()));
    if let Some(org) = owner_org {
        pkg.insert("owner_org".into(), json!(org));
    }
    let mut extras: Vec<Value> = Vec::new();
    for def in fields() {
        let value = text(&meta.values, &def.id);
        if value.trim().is_empty() {
            continue;
        }
        match def.ckan.strip_prefix("extras.") {
            Some(key) => extras.push(json!({ "key": key, "value": value })),
            None if def.ckan == "tags" => {
                pkg.insert(
                    "tags".into(),
                    json!(keywords(meta).iter().map(|k| json!({ "name": k })).collect::<Vec<_>>()),
                );
            }
            None => {
                pkg.insert(def.ckan.clone(), json!(value));
            }
        }
    }
    extras.push(json!({ "key": "issued", "value": meta.auto.issued }));
    extras.push(json!({ "key": "modified", "value": meta.auto.modified }));
    extras.sort_by(|a, b| a["key"].as_str().cmp(&b["key"].as_str()));
    pkg.insert("extras".into(), Value::Array(extras));
    Value::Object(pkg)
}

fn table_schema_type(t: ColumnType) -> &'static str {
    match t {
        ColumnType::Integer => "integer",
        ColumnType::Decimal => "number",
        ColumnType::Date => "date",
        ColumnType::Datetime => "datetime",
        ColumnType::Boolean => "boolean",
        ColumnType::Code | ColumnType::Text => "string",
    }
}

fn schema_field(d: &DictionaryEntry) -> Value {
    let mut f = Map::new();
    f.insert("name".into(), json!(d.name));
    f.insert("type".into(), json!(table_schema_type(d.ty)));
    // Dates are stored as the clerk wrote them (2024/3/5, 2024年3月5日 …).
    if matches!(d.ty, ColumnType::Date | ColumnType::Datetime) {
        f.insert("format".into(), json!("any"));
    }
    if let Some(desc) = d.description.as_deref().filter(|s| !s.is_empty()) {
        f.insert("description".into(), json!(desc));
    }
    if let Some(group) = &d.group {
        f.insert("title".into(), json!(format!("{group} / {}", d.name)));
    }
    if let Some(unit) = d.unit.as_deref().filter(|s| !s.is_empty()) {
        f.insert("unit".into(), json!(unit));
    }
    if d.ty == ColumnType::Boolean {
        f.insert("trueValues".into(), json!(["是", "TRUE", "true"]));
        f.insert("falseValues".into(), json!(["否", "FALSE", "false"]));
    }
    Value::Object(f)
}

/// A Frictionless tabular data package descriptor for the public copy: columns
/// marked 不予开放 are not in it. `path` is the CSV's name inside the package.
pub fn datapackage(meta: &DatasetMetadata, path: &str) -> Value {
    let v = |id: &str| text(&meta.values, id);
    let fields: Vec<Value> = meta.dictionary.iter().filter(|d| d.open).map(schema_field).collect();
    let mut pkg = Map::new();
    pkg.insert("profile".into(), json!("tabular-data-package"));
    pkg.insert("name".into(), json!(meta.slug));
    pkg.insert("title".into(), json!(v("title")));
    if !v("description").is_empty() {
        pkg.insert("description".into(), json!(v("description")));
    }
    pkg.insert("version".into(), json!(format!("{}.0.0", meta.version)));
    pkg.insert("created".into(), json!(format!("{}T00:00:00Z", meta.auto.issued)));
    let kws = keywords(meta);
    if !kws.is_empty() {
        pkg.insert("keywords".into(), json!(kws));
    }
    if let Some(iri) = license_iri(&v("license")) {
        pkg.insert("licenses".into(), json!([{ "name": v("license"), "path": iri }]));
    }
    if !v("provider").is_empty() {
        pkg.insert("contributors".into(), json!([{ "title": v("provider"), "role": "publisher" }]));
    }
    pkg.insert(
        "resources".into(),
        json!([{
            "name": meta.slug,
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": { "fields": fields },
        }]),
    );
    Value::Object(pkg)
}

/// A Frictionless data package of several datasets with every column (closed
/// ones too): the review copy a bundle carries, not a public one. Each entry is
/// the metadata, the resource's name and its path inside the package.
pub fn review_datapackage(name: &str, datasets: &[(&DatasetMetadata, &str, &str)]) -> Value {
    let resources: Vec<Value> = datasets
        .iter()
        .map(|(meta, resource, path)| {
            let fields: Vec<Value> = meta.dictionary.iter().map(schema_field).collect();
            json!({
                "name": resource,
                "title": text(&meta.values, "title"),
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": { "fields": fields },
            })
        })
        .collect();
    json!({ "profile": "tabular-data-package", "name": name, "resources": resources })
}
