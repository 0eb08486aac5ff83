//! `kaifang meta …` and `kaifang export`: catalogue metadata from the command line.

use std::path::PathBuf;

use clap::ArgMatches;
use kaifang_core::dataset;
use kaifang_core::error::{params, Coded};
use kaifang_core::metadata::{self, DatasetMetadata, DictionaryChange, FieldKind, MetadataError, Problem, Values};
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, ErrorPayload};

use crate::cli::Globals;
use crate::commands::{actor_for, dataset_id, open};
use crate::i18n::{language, t, t_with};
use crate::output::{Exit, Out};

fn payload(e: MetadataError) -> ErrorPayload {
    e.payload()
}

fn label(id: &str) -> String {
    metadata::field(id).map(|f| if language() == "zh-CN" { f.zh } else { f.en }).unwrap_or_else(|| id.to_owned())
}

fn problem_text(p: &Problem) -> String {
    let kind = serde_json::to_value(p.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let vars = params([("label", label(&p.field)), ("detail", p.detail.clone().unwrap_or_default())]);
    t_with(&format!("problem.{kind}"), &vars)
}

/// Prints every problem of a refused change, then the error line (with the
/// field's label in the user's language; the payload carries the Chinese one).
fn refused(out: &Out, e: MetadataError) -> Exit {
    let mut payload = payload(e);
    if let Some(field) = payload.params.get("field").cloned() {
        payload.params.insert("label".into(), label(&field));
    }
    if let (Some(problems), false) = (payload.params.get("problems"), out.json) {
        for p in serde_json::from_str::<Vec<Problem>>(problems).unwrap_or_default() {
            eprintln!("  - {}", problem_text(&p));
        }
    }
    out.error(&payload)
}

pub fn fields(out: &Out) -> Exit {
    let defs = metadata::fields();
    if out.json {
        return out.json(&serde_json::json!({ "fields": defs }));
    }
    for f in defs {
        let req = t(&format!(
            "requirement.{}",
            serde_json::to_value(f.requirement).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
        ));
        let (name, help) = if language() == "zh-CN" { (&f.zh, &f.help_zh) } else { (&f.en, &f.help_en) };
        out.line(&format!("{:<16} {name} [{req}] {help}", f.id));
        if !f.codes.is_empty() {
            let codes: Vec<String> = f
                .codes
                .iter()
                .map(|c| format!("{}={}", c.code, if language() == "zh-CN" { &c.zh } else { &c.en }))
                .collect();
            out.line(&format!("{:<16}   {}", "", codes.join(", ")));
        }
    }
    Exit::Ok
}

fn print_meta(out: &Out, m: &DatasetMetadata) {
    out.line(&t_with(
        "out.meta.header",
        &params([("completeness", m.completeness.to_string()), ("slug", m.slug.clone())]),
    ));
    for f in metadata::fields() {
        let v = metadata::text(&m.values, &f.id);
        let shown = if v.is_empty() { "—".to_owned() } else { v };
        out.line(&format!("  {}: {shown}", label(&f.id)));
    }
    for p in &m.problems {
        out.line(&format!("  ! {}", problem_text(p)));
    }
    for k in m.suggestions.keys() {
        let vars = params([("label", label(k)), ("value", metadata::text(&m.suggestions, k))]);
        out.line(&format!("  ? {}", t_with("out.meta.suggestion", &vars)));
    }
    if let Some(since) = &m.overdue_since {
        out.line(&format!("  ! {}", t_with("out.meta.overdue", &params([("since", since.clone())]))));
    }
}

pub fn show(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    match open(g, OpenMode::MustExist)
        .and_then(|ws| metadata::get(ws.conn(), dataset_id(&ws, key)?).map_err(|e| e.payload()))
    {
        Ok(m) if out.json => out.json(&m),
        Ok(m) => {
            print_meta(out, &m);
            Exit::Ok
        }
        Err(e) => out.error(&e),
    }
}

/// The value words of `meta set`: a list for keywords, one string otherwise.
fn value_of(field: &str, words: Vec<String>) -> serde_json::Value {
    match metadata::field(field).map(|f| f.kind) {
        Some(FieldKind::Keywords) => {
            serde_json::json!(words.iter().flat_map(|w| metadata::split_keywords(w)).collect::<Vec<_>>())
        }
        _ => serde_json::Value::String(words.join(" ")),
    }
}

pub fn set(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let (Some(key), Some(field)) = (a.get_one::<String>("dataset"), a.get_one::<String>("field")) else {
        return Exit::Usage;
    };
    let words: Vec<String> = a.get_many::<String>("value").map(|v| v.cloned().collect()).unwrap_or_default();
    let changes: Values = [(field.clone(), value_of(field, words))].into_iter().collect();
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let id = match dataset_id(&ws, key) {
        Ok(id) => id,
        Err(e) => return out.error(&e),
    };
    match metadata::set(&mut ws, id, &changes, &actor_for(g)) {
        Ok(m) if out.json => out.json(&m),
        Ok(m) => out.line(&t_with(
            "out.meta.saved",
            &params([("label", label(field)), ("completeness", m.completeness.to_string())]),
        )),
        Err(e) => refused(out, e),
    }
}

pub fn import(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let (Some(key), Some(file)) = (a.get_one::<String>("dataset"), a.get_one::<PathBuf>("file")) else {
        return Exit::Usage;
    };
    // A file that cannot be read or is not a JSON object names itself as the field.
    let not_json = |detail: String| ErrorPayload {
        code: ErrorCode::MetadataInvalid,
        message: detail.clone(),
        params: params([
            ("label", file.display().to_string()),
            ("field", String::new()),
            ("problem", "not_json".into()),
            ("detail", detail),
            ("count", "1".into()),
        ]),
    };
    let changes: Values = match std::fs::read_to_string(file)
        .map_err(|e| not_json(e.to_string()))
        .and_then(|text| serde_json::from_str(&text).map_err(|e| not_json(e.to_string())))
    {
        Ok(v) => v,
        Err(e) => return out.error(&e),
    };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let id = match dataset_id(&ws, key) {
        Ok(id) => id,
        Err(e) => return out.error(&e),
    };
    match metadata::set(&mut ws, id, &changes, &actor_for(g)) {
        Ok(m) if out.json => out.json(&m),
        Ok(m) => {
            print_meta(out, &m);
            Exit::Ok
        }
        Err(e) => refused(out, e),
    }
}

pub fn check(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let m = match open(g, OpenMode::MustExist)
        .and_then(|ws| metadata::get(ws.conn(), dataset_id(&ws, key)?).map_err(|e| e.payload()))
    {
        Ok(m) => m,
        Err(e) => return out.error(&e),
    };
    let exit = if m.problems.is_empty() { Exit::Ok } else { Exit::CheckFailed };
    if out.json {
        out.json(&serde_json::json!({
            "dataset": m.dataset_id,
            "completeness": m.completeness,
            "problems": m.problems,
            "checklist": m.checklist,
        }));
        return exit;
    }
    for p in &m.problems {
        out.line(&format!("! {}", problem_text(p)));
    }
    for c in &m.checklist {
        let state = serde_json::to_value(c.state).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        out.line(&format!("[{}] {}", t(&format!("check.{state}")), t(&format!("checklist.{}", c.item))));
    }
    out.line(&t_with("out.meta.completeness", &params([("completeness", m.completeness.to_string())])));
    exit
}

pub fn column(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let (Some(key), Some(col)) = (a.get_one::<String>("dataset"), a.get_one::<String>("column")) else {
        return Exit::Usage;
    };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let id = match dataset_id(&ws, key) {
        Ok(id) => id,
        Err(e) => return out.error(&e),
    };
    // A column by 1-based number or by name.
    let position = match dataset::show(ws.conn(), id, None) {
        Ok(d) => col
            .parse::<u32>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|p| (*p as usize) < d.columns.len())
            .or_else(|| d.columns.iter().find(|c| &c.name == col).map(|c| c.position)),
        Err(e) => return out.error(&e.payload()),
    };
    let Some(position) = position else {
        return out.error(
            &kaifang_core::dataset::DatasetError::ColumnNotFound { dataset: key.clone(), column: col.clone() }
                .payload(),
        );
    };
    let change = DictionaryChange {
        description: a.get_one::<String>("description").cloned(),
        unit: a.get_one::<String>("unit").cloned(),
        open: a.get_one::<String>("open").map(|o| o == "yes"),
    };
    match metadata::set_dictionary(&mut ws, id, position, &change, &actor_for(g)) {
        Ok(m) if out.json => out.json(&m.dictionary[position as usize]),
        Ok(m) => out.line(&t_with(
            "out.meta.column_saved",
            &params([("column", m.dictionary[position as usize].name.clone())]),
        )),
        Err(e) => refused(out, e),
    }
}

pub fn defaults(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let mut ws = match open(g, OpenMode::CreateIfMissing) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let result = match a.get_one::<String>("field") {
        Some(field) => {
            let words: Vec<String> = a.get_many::<String>("value").map(|v| v.cloned().collect()).unwrap_or_default();
            let changes: Values = [(field.clone(), serde_json::Value::String(words.join(" ")))].into_iter().collect();
            metadata::set_defaults(&mut ws, &changes, &actor_for(g))
        }
        None => metadata::defaults(ws.conn()).map_err(|e| MetadataError::Dataset(e.into())),
    };
    match result {
        Ok(v) if out.json => out.json(&v),
        Ok(v) => {
            for k in v.keys() {
                out.line(&format!("{}: {}", label(k), metadata::text(&v, k)));
            }
            Exit::Ok
        }
        Err(e) => refused(out, e),
    }
}

pub fn export(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let (Some(format), Some(path)) = (a.get_one::<String>("format"), a.get_one::<PathBuf>("out")) else {
        return Exit::Usage;
    };
    let ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    if a.get_flag("catalog") {
        return catalog(g, out, a, ws, path);
    }
    let base = format!("urn:kaifang:{}", ws.info().map(|i| i.workspace_id).unwrap_or_default());
    let doc = {
        // One dataset's documents are public artifacts: through the egress gate.
        let key = a.get_one::<String>("dataset").cloned().unwrap_or_default();
        let format = match format.as_str() {
            "dcat" => kaifang_core::export::MetadataFormat::Dcat,
            "datapackage" => kaifang_core::export::MetadataFormat::DataPackage,
            _ => kaifang_core::export::MetadataFormat::Ckan,
        };
        let id = match dataset_id(&ws, &key) {
            Ok(id) => id,
            Err(e) => return out.error(&e),
        };
        if format == kaifang_core::export::MetadataFormat::DataPackage {
            // A data package carries its data: the public copy beside the descriptor.
            return match kaifang_core::export::write_datapackage(ws.conn(), id, path, &base) {
                Ok(w) if out.json => out.json(&w),
                Ok(w) => out.line(&t_with(
                    "out.export.package",
                    &params([
                        ("path", w.path.display().to_string()),
                        ("data", w.data.clone()),
                        ("rows", w.rows.to_string()),
                    ]),
                )),
                Err(e) => out.error(&e.payload()),
            };
        }
        match kaifang_core::export::metadata_document(ws.conn(), id, format, &base, None) {
            Ok(d) => d,
            Err(e) => return out.error(&e.payload()),
        }
    };
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    if let Err(e) = std::fs::write(path, text + "\n") {
        return out.error(&ErrorPayload {
            code: ErrorCode::Io,
            message: e.to_string(),
            params: params([("path", path.display().to_string())]),
        });
    }
    if out.json {
        return out.json(&serde_json::json!({ "path": path.display().to_string(), "format": format }));
    }
    out.line(&t_with("out.export.written", &params([("path", path.display().to_string())])))
}

/// `kaifang export --catalog --format dcat --out DIR`: the harvestable DCAT-AP 3
/// catalogue with its public files beside it.
fn catalog(g: &Globals, out: &Out, a: &ArgMatches, mut ws: kaifang_core::Workspace, dir: &std::path::Path) -> Exit {
    use kaifang_core::catalog::{self, Serialization};
    if a.get_one::<String>("format").map(String::as_str) != Some("dcat") {
        eprintln!("{}", t("cmd.export.catalog_dcat_only"));
        return Exit::Usage;
    }
    let serialization = match a.get_one::<String>("serialization").map(String::as_str) {
        Some("jsonld") => Serialization::Jsonld,
        _ => Serialization::Turtle,
    };
    let opts = catalog::Options {
        serialization,
        base_url: a.get_one::<String>("base-url").cloned(),
        max_bytes: a.get_one::<u64>("page-bytes").copied().unwrap_or(catalog::PAGE_MAX_BYTES),
    };
    match catalog::write(&mut ws, dir, &opts, &actor_for(g)) {
        Ok(w) if out.json => out.json(&w),
        Ok(w) => {
            out.line(&t_with(
                "out.export.catalog",
                &params([
                    ("path", w.dir.join(&w.pages[0]).display().to_string()),
                    ("datasets", w.datasets.to_string()),
                    ("pages", w.pages.len().to_string()),
                    ("files", w.files.to_string()),
                    ("written", w.files_written.to_string()),
                    ("base", w.base_url.clone()),
                ]),
            ));
            if w.withdrawn > 0 {
                out.line(&t_with(
                    "out.export.catalog_withdrawn",
                    &params([("count", w.withdrawn.to_string()), ("files", w.removed.len().to_string())]),
                ));
            }
            Exit::Ok
        }
        Err(e) => out.error(&e.payload()),
    }
}
