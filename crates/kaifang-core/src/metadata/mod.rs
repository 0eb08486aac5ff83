//! Catalogue metadata: the profile (fields.rs), validation (validate.rs), the
//! portal slug (slug.rs) and the exports (export.rs), stored per dataset version.
//! A new dataset starts from the workspace's defaults; a new version inherits the
//! previous version's metadata and data dictionary.

pub mod dcat;
mod export;
mod fields;
pub mod rdf;
mod slug;
mod validate;

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use dcat::dcat_dataset;
pub(crate) use export::{access_rights_iri, frequency_iri, keywords, license_iri};
pub use export::{ckan_package, datapackage, review_datapackage};
pub use fields::{field, fields, CodeValue, FieldDef, FieldKind, Group, Requirement, DEFAULTABLE};
pub use slug::slug;
pub use validate::{check_all, check_field, split_keywords, text, Problem, ProblemKind, Values};

use crate::audit::{self, Actor};
use crate::dataset::{self, DatasetError, DatasetSummary};
use crate::error::{params as p, Coded, ErrorCode};
use crate::lifecycle::{self, DatasetId, Edit};
pub use crate::lifecycle::{CheckState, ChecklistItem, ChecklistKey};
use crate::profile::ColumnType;
use crate::workspace::{Workspace, WorkspaceError};

#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("invalid metadata: {0:?}")]
    Invalid(Vec<Problem>),
    #[error(transparent)]
    Dataset(#[from] DatasetError),
}

impl From<rusqlite::Error> for MetadataError {
    fn from(e: rusqlite::Error) -> Self {
        MetadataError::Dataset(DatasetError::Workspace(WorkspaceError::Sqlite(e)))
    }
}

impl Coded for MetadataError {
    fn code(&self) -> ErrorCode {
        match self {
            MetadataError::Invalid(_) => ErrorCode::MetadataInvalid,
            MetadataError::Dataset(e) => e.code(),
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        match self {
            MetadataError::Invalid(problems) => {
                let first = problems.first();
                let field = first.map(|p| p.field.clone()).unwrap_or_default();
                let label = fields::field(&field).map(|f| f.zh).unwrap_or_else(|| field.clone());
                p([
                    ("field", field),
                    ("label", label),
                    (
                        "problem",
                        first
                            .map(|p| {
                                serde_json::to_value(p.kind)
                                    .ok()
                                    .and_then(|v| v.as_str().map(str::to_owned))
                                    .unwrap_or_default()
                            })
                            .unwrap_or_default(),
                    ),
                    ("detail", first.and_then(|p| p.detail.clone()).unwrap_or_default()),
                    ("count", problems.len().to_string()),
                    // Every problem, for forms that mark each field.
                    ("problems", serde_json::to_string(problems).unwrap_or_default()),
                ])
            }
            MetadataError::Dataset(e) => e.params(),
        }
    }
}

/// One column of the data dictionary (信息项).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DictionaryEntry {
    pub position: u32,
    pub name: String,
    pub group: Option<String>,
    #[serde(rename = "type")]
    pub ty: ColumnType,
    pub description: Option<String>,
    pub unit: Option<String>,
    /// False when the column is 不予开放 and left out of every public copy.
    pub open: bool,
}

/// Values the data suggests, derived from the data and never stored as such.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutoFields {
    /// First import of the dataset (YYYY-MM-DD).
    pub issued: String,
    /// Latest version's import (YYYY-MM-DD).
    pub modified: String,
    #[ts(type = "number")]
    pub version: i64,
    #[ts(type = "number")]
    pub rows: i64,
    pub format: String,
}

/// Everything the metadata tab and `kaifang meta show` present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DatasetMetadata {
    #[ts(type = "number")]
    pub dataset_id: i64,
    #[ts(type = "number")]
    pub version: i64,
    /// By field id: a string, or a list of strings for keywords.
    #[ts(type = "Record<string, string | string[]>")]
    pub values: BTreeMap<String, serde_json::Value>,
    pub auto: AutoFields,
    pub slug: String,
    /// True once published: the slug no longer follows the title.
    pub slug_fixed: bool,
    pub dictionary: Vec<DictionaryEntry>,
    pub problems: Vec<Problem>,
    /// 0–100: required fields count twice, recommended once, the dictionary twice.
    pub completeness: u32,
    pub checklist: Vec<ChecklistItem>,
    #[ts(type = "Record<string, string | string[]>")]
    pub suggestions: BTreeMap<String, serde_json::Value>,
    /// Set when the update frequency says a newer version is due.
    pub overdue_since: Option<String>,
}

fn latest_version(conn: &Connection, dataset_id: DatasetId) -> rusqlite::Result<(i64, i64)> {
    conn.query_row(
        "SELECT id, version FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
        [dataset_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

fn load_values(conn: &Connection, version_id: i64) -> rusqlite::Result<Values> {
    let mut stmt = conn.prepare("SELECT field, value FROM metadata WHERE version_id = ?1")?;
    let rows = stmt.query_map([version_id], |r| {
        let v: String = r.get(1)?;
        Ok((r.get::<_, String>(0)?, serde_json::from_str(&v).unwrap_or(serde_json::Value::String(v))))
    })?;
    rows.collect()
}

/// One field's value on a version, as text (`None` when not filled).
pub fn value(conn: &Connection, version_id: i64, field: &str) -> rusqlite::Result<Option<String>> {
    Ok(load_values(conn, version_id)?.remove(field).and_then(|v| match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }))
}

fn load_dictionary(conn: &Connection, version_id: i64) -> rusqlite::Result<Vec<DictionaryEntry>> {
    let mut stmt = conn.prepare(
        "SELECT position, name, group_name, type, description, unit, open FROM columns WHERE version_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([version_id], |r| {
        Ok(DictionaryEntry {
            position: r.get(0)?,
            name: r.get(1)?,
            group: r.get(2)?,
            ty: ColumnType::parse(&r.get::<_, String>(3)?),
            description: r.get(4)?,
            unit: r.get(5)?,
            open: r.get::<_, i64>(6)? != 0,
        })
    })?;
    rows.collect()
}

/// Workspace defaults for new datasets.
pub fn defaults(conn: &Connection) -> rusqlite::Result<Values> {
    let mut stmt = conn.prepare("SELECT key, value FROM settings WHERE key LIKE 'default.%'")?;
    let rows = stmt.query_map([], |r| {
        let k: String = r.get(0)?;
        let v: String = r.get(1)?;
        Ok((k.trim_start_matches("default.").to_owned(), serde_json::Value::String(v)))
    })?;
    rows.collect()
}

/// Sets workspace defaults (only the fields in `DEFAULTABLE`), validated first.
pub fn set_defaults(ws: &mut Workspace, values: &Values, actor: &Actor) -> Result<Values, MetadataError> {
    let defs = fields();
    let mut problems = Vec::new();
    for (k, v) in values {
        match defs.iter().find(|d| &d.id == k).filter(|_| DEFAULTABLE.contains(&k.as_str())) {
            Some(def) => problems.extend(check_field(def, v)),
            None => problems.push(Problem { field: k.clone(), kind: ProblemKind::UnknownField, detail: None }),
        }
    }
    if !problems.is_empty() {
        return Err(MetadataError::Invalid(problems));
    }
    ws.with_tx(|tx| -> Result<(), MetadataError> {
        for k in values.keys() {
            let text = text(values, k);
            if text.trim().is_empty() {
                tx.execute("DELETE FROM settings WHERE key = ?1", [format!("default.{k}")])?;
            } else {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![format!("default.{k}"), text.trim()],
                )?;
            }
        }
        let keys: Vec<&String> = values.keys().collect();
        audit::append(tx, actor, "settings.defaults_changed", None, &serde_json::json!({ "fields": keys }))?;
        Ok(())
    })?;
    Ok(defaults(ws.conn())?)
}

/// Called by the import for every new version: a first version gets the
/// workspace defaults, a later one inherits the previous version's metadata and
/// the dictionary entries of columns that kept their name.
pub fn init_version(tx: &Transaction<'_>, version_id: i64, previous: Option<i64>) -> rusqlite::Result<()> {
    match previous {
        Some(prev) => {
            tx.execute(
                "INSERT INTO metadata (version_id, field, value) SELECT ?1, field, value FROM metadata WHERE version_id = ?2",
                params![version_id, prev],
            )?;
            tx.execute(
                "UPDATE columns SET (description, unit, open) = (
                     SELECT p.description, p.unit, p.open FROM columns p WHERE p.version_id = ?2 AND p.name = columns.name)
                 WHERE version_id = ?1 AND EXISTS (SELECT 1 FROM columns p WHERE p.version_id = ?2 AND p.name = columns.name)",
                params![version_id, prev],
            )?;
        }
        None => {
            for (k, v) in defaults(tx)? {
                tx.execute(
                    "INSERT INTO metadata (version_id, field, value) VALUES (?1, ?2, ?3)",
                    params![version_id, k, v.to_string()],
                )?;
            }
        }
    }
    Ok(())
}

/// A version's metadata values, data dictionary, problems, completeness and
/// checklist: what the metadata tab, the review and the dataset list show.
struct Scored {
    values: Values,
    dictionary: Vec<DictionaryEntry>,
    problems: Vec<Problem>,
    completeness: u32,
    checklist: Vec<ChecklistItem>,
    /// Personal columns still to handle (`None` before a whole-table scan).
    unhandled: Option<i64>,
}

fn scored(conn: &Connection, id: DatasetId, version_id: i64, defs: &[FieldDef]) -> Result<Scored, DatasetError> {
    scored_with(conn, id, version_id, defs, &Values::new())
}

/// [`scored`] with `changes` applied first (not saved): what the form scores as typed.
fn scored_with(
    conn: &Connection,
    id: DatasetId,
    version_id: i64,
    defs: &[FieldDef],
    changes: &Values,
) -> Result<Scored, DatasetError> {
    let mut values = load_values(conn, version_id)?;
    // The dataset's name is its title until the clerk writes one.
    if !values.contains_key("title") {
        let name: String = conn.query_row("SELECT name FROM datasets WHERE id = ?1", [id], |r| r.get(0))?;
        values.insert("title".into(), serde_json::Value::String(name));
    }
    for (k, v) in changes {
        match defs.iter().find(|d| &d.id == k).map(|d| normalize(d, v)) {
            Some(v) if !text_of(&v).is_empty() => {
                values.insert(k.clone(), v);
            }
            Some(_) => {
                values.remove(k);
            }
            None => {}
        }
    }
    let dictionary = load_dictionary(conn, version_id)?;
    let problems = check_all(defs, &values);
    let unhandled = crate::sensitive::unhandled(conn, version_id)?;
    let sensitive = crate::sensitive::readiness_of(unhandled);
    let (completeness, checklist) = score(defs, &values, &problems, &dictionary, sensitive);
    Ok(Scored { values, dictionary, problems, completeness, checklist, unhandled })
}

/// Every dataset, most recently changed first, with its metadata completeness
/// and the personal columns still to handle.
pub fn list(conn: &Connection) -> Result<Vec<DatasetSummary>, DatasetError> {
    let defs = fields();
    let mut all = dataset::list(conn)?;
    for summary in &mut all {
        let id = DatasetId(summary.id);
        let (version_id, _) = latest_version(conn, id)?;
        let s = scored(conn, id, version_id, &defs)?;
        summary.completeness = Some(s.completeness);
        summary.personal_unhandled = s.unhandled;
        let code = |field: &str| Some(text(&s.values, field)).filter(|v| !v.is_empty());
        summary.theme = code("theme");
        summary.open_type = code("open_type");
        summary.due = code("frequency").and_then(|f| {
            let last = crate::clock::parse_rfc3339(&last_import(conn, id).ok()?)?;
            next_due(&f, crate::clock::day_of(last)).map(|d| d.to_string())
        });
    }
    Ok(all)
}

/// When the dataset's data last came in: the latest imported version (a
/// cleaning does not restart the update calendar).
fn last_import(conn: &Connection, id: DatasetId) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT imported_at FROM dataset_versions WHERE dataset_id = ?1 AND derived_from IS NULL ORDER BY version DESC LIMIT 1",
        [id],
        |r| r.get(0),
    )
}

/// A dataset's metadata (latest version) with problems, score and suggestions.
pub fn get(conn: &Connection, id: DatasetId) -> Result<DatasetMetadata, DatasetError> {
    let (version_id, version) = latest_version(conn, id)?;
    let defs = fields();
    let Scored { values, dictionary, problems, completeness, checklist, .. } = scored(conn, id, version_id, &defs)?;
    let (issued, modified, rows, format): (String, String, i64, String) = conn.query_row(
        "SELECT (SELECT min(imported_at) FROM dataset_versions WHERE dataset_id = ?1), v.imported_at, v.row_count, v.format
         FROM dataset_versions v WHERE v.id = ?2",
        params![id, version_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let fixed: Option<String> = conn.query_row("SELECT slug FROM datasets WHERE id = ?1", [id], |r| r.get(0))?;
    let suggestions = suggest(conn, version_id, &values)?;
    let overdue_since =
        overdue_since(&text(&values, "frequency"), &last_import(conn, id)?, &crate::clock::now_rfc3339());
    Ok(DatasetMetadata {
        dataset_id: id.0,
        version,
        slug: fixed.clone().unwrap_or_else(|| slug(&text(&values, "resource_code"), &text(&values, "title"))),
        slug_fixed: fixed.is_some(),
        values,
        auto: AutoFields {
            issued: issued[..10.min(issued.len())].to_owned(),
            modified: modified[..10.min(modified.len())].to_owned(),
            version,
            rows,
            format,
        },
        dictionary,
        problems,
        completeness,
        checklist,
        suggestions,
        overdue_since,
    })
}

/// A value as stored: keywords as a list, text trimmed.
fn normalize(def: &FieldDef, v: &serde_json::Value) -> serde_json::Value {
    match (&def.kind, v) {
        (FieldKind::Keywords, serde_json::Value::String(s)) => serde_json::json!(split_keywords(s)),
        (_, serde_json::Value::String(s)) => serde_json::Value::String(s.trim().to_owned()),
        (_, other) => other.clone(),
    }
}

fn text_of(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) if a.is_empty() => String::new(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// How complete the metadata would be with `changes` (not saved): the score,
/// the checklist and the problems, computed as for saved values, so the form's
/// side panel follows the typing with the same function the review uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MetaPreview {
    pub completeness: u32,
    pub checklist: Vec<ChecklistItem>,
    pub problems: Vec<Problem>,
}

pub fn preview(conn: &Connection, id: DatasetId, changes: &Values) -> Result<MetaPreview, DatasetError> {
    let (version_id, _) = latest_version(conn, id)?;
    let Scored { problems, completeness, checklist, .. } = scored_with(conn, id, version_id, &fields(), changes)?;
    Ok(MetaPreview { completeness, checklist, problems })
}

/// Sets fields (a `null` or empty value clears one). Every changed value is
/// checked first; any problem refuses the whole change.
pub fn set(
    ws: &mut Workspace,
    id: DatasetId,
    changes: &Values,
    actor: &Actor,
) -> Result<DatasetMetadata, MetadataError> {
    let defs = fields();
    let mut problems = Vec::new();
    let mut normalized = Values::new();
    for (k, v) in changes {
        let Some(def) = defs.iter().find(|d| &d.id == k) else {
            problems.push(Problem { field: k.clone(), kind: ProblemKind::UnknownField, detail: None });
            continue;
        };
        let v = normalize(def, v);
        problems.extend(check_field(def, &v));
        normalized.insert(k.clone(), v);
    }
    // Cross-field rules on the merged result (an end before its start).
    let mut merged = get(ws.conn(), id)?.values;
    merged.extend(normalized.clone());
    problems.extend(check_all(&defs, &merged).into_iter().filter(|p| {
        p.kind == ProblemKind::EndBeforeStart
            && (changes.contains_key("temporal_start") || changes.contains_key("temporal_end"))
    }));
    if !problems.is_empty() {
        return Err(MetadataError::Invalid(problems));
    }
    ws.with_tx(|tx| -> Result<(), MetadataError> {
        let (version_id, _) = latest_version(tx, id)?;
        for (k, v) in &normalized {
            let empty = v.is_null() || v.as_str().is_some_and(str::is_empty) || v.as_array().is_some_and(Vec::is_empty);
            if empty {
                tx.execute("DELETE FROM metadata WHERE version_id = ?1 AND field = ?2", params![version_id, k])?;
            } else {
                tx.execute(
                    "INSERT INTO metadata (version_id, field, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT(version_id, field) DO UPDATE SET value = excluded.value",
                    params![version_id, k, v.to_string()],
                )?;
            }
        }
        if let Some(title) = normalized.get("title").and_then(|t| t.as_str()).filter(|t| !t.is_empty()) {
            tx.execute("UPDATE datasets SET name = ?1 WHERE id = ?2", params![title, id])?;
        }
        let keys: Vec<&String> = normalized.keys().collect();
        let detail = serde_json::json!({ "fields": keys });
        lifecycle::edited(tx, id, actor, Edit { action: "metadata.changed", detail })?;
        Ok(())
    })?;
    Ok(get(ws.conn(), id)?)
}

/// A change to one column of the data dictionary.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct DictionaryChange {
    pub description: Option<String>,
    pub unit: Option<String>,
    pub open: Option<bool>,
}

/// Edits a column's description, unit or openness (latest version).
pub fn set_dictionary(
    ws: &mut Workspace,
    id: DatasetId,
    position: u32,
    change: &DictionaryChange,
    actor: &Actor,
) -> Result<DatasetMetadata, MetadataError> {
    let mut problems = Vec::new();
    for (f, v, max) in [("description", &change.description, 500usize), ("unit", &change.unit, 20)] {
        if let Some(v) = v {
            if v.chars().count() > max {
                problems.push(Problem { field: f.into(), kind: ProblemKind::TooLong, detail: Some(max.to_string()) });
            }
            if v.chars().any(|c| c.is_control()) {
                problems.push(Problem { field: f.into(), kind: ProblemKind::ControlCharacters, detail: None });
            }
        }
    }
    if !problems.is_empty() {
        return Err(MetadataError::Invalid(problems));
    }
    ws.with_tx(|tx| -> Result<(), MetadataError> {
        let (version_id, _) = latest_version(tx, id)?;
        let exists: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM columns WHERE version_id = ?1 AND position = ?2",
                params![version_id, position],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_none() {
            return Err(
                DatasetError::ColumnNotFound { dataset: id.to_string(), column: (position + 1).to_string() }.into()
            );
        }
        let clean = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        if change.description.is_some() {
            tx.execute(
                "UPDATE columns SET description = ?1 WHERE version_id = ?2 AND position = ?3",
                params![clean(&change.description), version_id, position],
            )?;
        }
        if change.unit.is_some() {
            tx.execute(
                "UPDATE columns SET unit = ?1 WHERE version_id = ?2 AND position = ?3",
                params![clean(&change.unit), version_id, position],
            )?;
        }
        if let Some(open) = change.open {
            tx.execute(
                "UPDATE columns SET open = ?1 WHERE version_id = ?2 AND position = ?3",
                params![open as i64, version_id, position],
            )?;
        }
        let detail = serde_json::json!({ "column": position, "open": change.open });
        lifecycle::edited(tx, id, actor, Edit { action: "dictionary.changed", detail })?;
        Ok(())
    })?;
    Ok(get(ws.conn(), id)?)
}

fn score(
    defs: &[FieldDef],
    values: &Values,
    problems: &[Problem],
    dictionary: &[DictionaryEntry],
    sensitive: CheckState,
) -> (u32, Vec<ChecklistItem>) {
    let mut total = 0u32;
    let mut got = 0u32;
    for def in defs {
        let weight = match def.requirement {
            Requirement::Required => 2,
            Requirement::Recommended => 1,
            Requirement::Conditional if def.required_when.as_ref().is_some_and(|(f, v)| text(values, f) == *v) => 2,
            _ => 0,
        };
        total += weight;
        let filled = !text(values, &def.id).trim().is_empty();
        if filled && !problems.iter().any(|p| p.field == def.id) {
            got += weight;
        }
    }
    let described =
        dictionary.iter().filter(|d| d.open).all(|d| d.description.as_deref().is_some_and(|s| !s.is_empty()));
    total += 2;
    if described {
        got += 2;
    }
    let state = |done: bool| if done { CheckState::Done } else { CheckState::Todo };
    let checklist = vec![
        ChecklistItem { item: ChecklistKey::MetadataComplete, state: state(problems.is_empty()) },
        ChecklistItem { item: ChecklistKey::DictionaryDescribed, state: state(described) },
        ChecklistItem { item: ChecklistKey::OpenTypeChosen, state: state(!text(values, "open_type").is_empty()) },
        ChecklistItem { item: ChecklistKey::SensitiveFieldsHandled, state: sensitive },
    ];
    ((got * 100).checked_div(total).unwrap_or(0), checklist)
}

/// Domain words found in titles, offered as keywords.
const KEYWORD_VOCABULARY: &[&str] = &[
    "低保", "特困", "救助", "补贴", "养老", "残疾", "医保", "社保", "就业", "学校", "教育", "医院", "卫生", "医疗",
    "企业", "许可", "审批", "交通", "违法", "预算", "决算", "财政", "人口", "农业", "农村", "扶贫", "环境", "水质",
    "空气", "住房", "公交", "文化", "旅游", "体育", "气象", "信用", "食品", "药品", "安全", "名录", "名单", "统计",
];

fn suggest(conn: &Connection, version_id: i64, values: &Values) -> rusqlite::Result<Values> {
    let mut out = Values::new();
    let columns = dataset::columns(conn, version_id).map_err(|_| rusqlite::Error::InvalidQuery)?;
    // Temporal coverage: the earliest and latest date in any date column.
    let mut dates: Vec<String> = Vec::new();
    for c in columns.iter().filter(|c| matches!(c.ty, ColumnType::Date | ColumnType::Datetime)) {
        dates.extend(c.profile.min.as_deref().and_then(crate::clock::normalize_date));
        dates.extend(c.profile.max.as_deref().and_then(crate::clock::normalize_date));
    }
    dates.sort();
    if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
        out.insert("temporal_start".into(), first.clone().into());
        out.insert("temporal_end".into(), last.clone().into());
    }
    // Spatial coverage: a column of division codes all in one area.
    for c in &columns {
        let top = c.profile.top_values.first().map(|t| t.value.as_str()).unwrap_or("");
        if validate::is_region_code(top) && c.profile.distinct == 1 {
            out.insert("spatial_code".into(), top.into());
        }
    }
    // Keywords: domain words in the title.
    let title = text(values, "title");
    let words: Vec<&str> = KEYWORD_VOCABULARY.iter().copied().filter(|w| title.contains(w)).collect();
    if !words.is_empty() {
        out.insert("keywords".into(), serde_json::json!(words));
    }
    // Only what the clerk has not filled in.
    out.retain(|k, _| text(values, k).trim().is_empty());
    Ok(out)
}

/// When a dataset updated every period has not been for longer: the date it
/// became due, else `None`.
pub fn overdue_since(frequency: &str, last_import: &str, now: &str) -> Option<String> {
    let parse = crate::clock::parse_rfc3339;
    let (last, now) = (parse(last_import)?, parse(now)?);
    let due = next_due(frequency, crate::clock::day_of(last))?;
    (crate::clock::day_of(now) > due).then(|| due.to_string())
}

/// When a dataset last updated on `last` is due again, by the calendar: the
/// next day, week, month, quarter, half year or year (the 31st of a month
/// falls on the last day of a shorter one). `None` for irregular datasets and
/// those not updated.
pub fn next_due(frequency: &str, last: time::Date) -> Option<time::Date> {
    let months = match frequency {
        "realtime" | "daily" => return last.next_day(),
        "weekly" => return last.checked_add(time::Duration::days(7)),
        "monthly" => 1,
        "quarterly" => 3,
        "half_yearly" => 6,
        "yearly" => 12,
        _ => return None,
    };
    let index = last.year() * 12 + i32::from(u8::from(last.month())) - 1 + months;
    let (year, month) = (index.div_euclid(12), time::Month::try_from((index.rem_euclid(12) + 1) as u8).ok()?);
    let day = last.day().min(month.length(year));
    time::Date::from_calendar_date(year, month, day).ok()
}

/// Datasets whose update is due, for the list's overdue flag and reminders.
pub fn overdue(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    let now = crate::clock::now_rfc3339();
    let mut stmt = conn.prepare(
        "SELECT d.id, v.imported_at, m.value FROM datasets d
         JOIN dataset_versions v ON v.dataset_id = d.id AND v.version = (SELECT max(version) FROM dataset_versions WHERE dataset_id = d.id)
         JOIN metadata m ON m.version_id = v.id AND m.field = 'frequency'",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, imported, freq) = row?;
        let freq: String = serde_json::from_str(&freq).unwrap_or(freq);
        if let Some(since) = overdue_since(&freq, &imported, &now) {
            out.push((id, since));
        }
    }
    Ok(out)
}
