//! One function per command: open the workspace, call core, print.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::ArgMatches;
use kaifang_core::audit::{self, Actor, BreakKind, Source};
use kaifang_core::dataset::{self, DatasetId, RowsQuery};
use kaifang_core::error::{params, Coded};
use kaifang_core::import::{ImportOptions, RaggedStrategy, SheetChoice, TextEncoding};
use kaifang_core::jobs::{CancelToken, Phase, Progress};
use kaifang_core::paths::{is_explicit, resolve_workspace_path};
use kaifang_core::pipeline::import_file;
use kaifang_core::profile::Finding;
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, ErrorPayload, Workspace};

use crate::cli::Globals;
use crate::i18n::{t, t_with};
use crate::output::{Exit, Out};

/// The OS account; `actor_for` prefers the workspace user named by `--as`.
pub(crate) fn actor() -> Actor {
    Actor::os_user(Source::Cli)
}

pub(crate) fn actor_for(g: &Globals) -> Actor {
    match &g.user {
        Some(u) => Actor::new(u.trim(), Source::Cli),
        None => actor(),
    }
}

/// The dataset the user named (an id or an exact name), looked up once here at
/// the edge: the core takes ids.
pub(crate) fn dataset_id(ws: &Workspace, key: &str) -> Result<DatasetId, ErrorPayload> {
    dataset::resolve(ws.conn(), key).map_err(|e| e.payload())
}

/// Opens the workspace for a command. Commands that only read never create a
/// workspace at a path the user typed: a typo must not yield an empty workspace.
pub(crate) fn open(g: &Globals, mode: OpenMode) -> Result<Workspace, ErrorPayload> {
    let Some(path) = resolve_workspace_path(g.workspace.clone()) else {
        return Err(ErrorPayload {
            code: ErrorCode::WorkspaceMissing,
            message: "the OS gives no data folder; pass --workspace PATH".into(),
            params: params([("path", "--workspace".into())]),
        });
    };
    let mode =
        if mode == OpenMode::CreateIfMissing || !is_explicit(&g.workspace) { OpenMode::CreateIfMissing } else { mode };
    Workspace::open(&path, mode, &actor()).map_err(|e| e.payload())
}

pub fn workspace_info(g: &Globals, out: &Out) -> Exit {
    let info = match open(g, OpenMode::MustExist).and_then(|ws| ws.info().map_err(|e| e.payload())) {
        Ok(info) => info,
        Err(e) => return out.error(&e),
    };
    if out.json {
        return out.json(&info);
    }
    let supported =
        t_with("out.workspace.schema_supported", &params([("supported", info.supported_schema_version.to_string())]));
    let rows = [
        (t("out.workspace.path"), info.path.clone()),
        (t("out.workspace.id"), info.workspace_id.clone()),
        (t("out.workspace.created"), info.created_at.clone()),
        (t("out.workspace.schema"), format!("{} {supported}", info.schema_version)),
        (t("out.workspace.size"), format!("{} KiB", info.size_bytes.div_ceil(1024))),
        (t("out.workspace.audit_entries"), info.counts.audit_entries.to_string()),
    ];
    for (label, value) in rows {
        out.line(&format!("{label}: {value}"));
    }
    Exit::Ok
}

pub fn workspace_init(g: &Globals, out: &Out) -> Exit {
    let existed = resolve_workspace_path(g.workspace.clone()).is_some_and(|p| p.exists());
    let ws = match open(g, OpenMode::CreateIfMissing) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let path = ws.path().display().to_string();
    if out.json {
        return out.json(&serde_json::json!({ "path": path, "created": !existed }));
    }
    let key = if existed { "out.workspace.exists" } else { "out.workspace.created_new" };
    out.line(&t_with(key, &params([("path", path)])))
}

pub fn audit_verify(g: &Globals, out: &Out) -> Exit {
    let report = match open(g, OpenMode::MustExist).and_then(|ws| ws.verify_audit().map_err(|e| e.payload())) {
        Ok(r) => r,
        Err(e) => return out.error(&e),
    };
    let exit = if report.intact { Exit::Ok } else { Exit::CheckFailed };
    if out.json {
        out.json(&report);
        return exit;
    }
    let text = match &report.first_break {
        None => t_with("out.audit.intact", &params([("entries", report.entries.to_string())])),
        Some(b) => {
            let key = match b.kind {
                BreakKind::Edited => "out.audit.broken.edited",
                BreakKind::Unlinked => "out.audit.broken.unlinked",
                BreakKind::Truncated => "out.audit.broken.truncated",
            };
            t_with(key, &params([("seq", b.seq.to_string())]))
        }
    };
    out.line(&text);
    exit
}

pub fn audit_log(g: &Globals, out: &Out, limit: u32) -> Exit {
    let entries = match open(g, OpenMode::MustExist)
        .and_then(|ws| audit::recent(ws.conn(), limit).map_err(|e| kaifang_core::WorkspaceError::from(e).payload()))
    {
        Ok(e) => e,
        Err(e) => return out.error(&e),
    };
    if out.json {
        return out.json(&entries);
    }
    if entries.is_empty() {
        return out.line(&t("out.audit.empty"));
    }
    for e in entries {
        let subject = e.subject.map(|s| format!(" {s}")).unwrap_or_default();
        out.line(&format!("#{} {} {} ({}) {}{}", e.seq, e.at, e.actor, e.source, e.action, subject));
    }
    Exit::Ok
}

fn dataset_error(e: kaifang_core::dataset::DatasetError) -> ErrorPayload {
    e.payload()
}

/// Progress on stderr for people at a terminal; nothing when piped or with --json.
fn progress_printer(out: &Out) -> impl Fn(&Progress) + Sync {
    let show = !out.json && std::io::stderr().is_terminal();
    move |p: &Progress| {
        if !show {
            return;
        }
        let pct = (p.done * 100).checked_div(p.total).unwrap_or(0).min(100);
        let text = t_with("out.import.progress", &params([("percent", pct.to_string()), ("rows", p.rows.to_string())]));
        eprint!("\r{text}   ");
        if p.phase == Phase::Finishing {
            eprintln!();
        }
    }
}

pub fn import(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(file) = a.get_one::<PathBuf>("file") else { return Exit::Usage };
    let sheet = if a.get_flag("all-sheets") {
        SheetChoice::All
    } else {
        a.get_one::<String>("sheet").map_or(SheetChoice::First, |s| SheetChoice::Named(s.clone()))
    };
    let encoding = a.get_one::<String>("encoding").map(|e| match e.as_str() {
        "gbk" => TextEncoding::Gbk,
        "gb18030" => TextEncoding::Gb18030,
        "utf-16le" => TextEncoding::Utf16Le,
        "utf-16be" => TextEncoding::Utf16Be,
        _ => TextEncoding::Utf8,
    });
    let opts = ImportOptions {
        sheet,
        header_row: a.get_one::<u64>("header-row").copied(),
        ragged: a.get_one::<String>("ragged").and_then(|r| RaggedStrategy::parse(r)).unwrap_or_default(),
        into: a.get_one::<String>("into").cloned(),
        name: a.get_one::<String>("name").cloned(),
        encoding,
        delimiter: a.get_one::<String>("delimiter").cloned(),
        totals_as_data: a.get_flag("totals-as-data"),
        notes_as_data: a.get_flag("notes-as-data"),
        table_start: a.get_one::<u64>("table-start").copied(),
        verbatim: false,
    };
    let mut ws = match open(g, OpenMode::CreateIfMissing) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let printer = progress_printer(out);
    let outcome = match import_file(&mut ws, file, &opts, &actor_for(g), &printer, &CancelToken::new()) {
        Ok(o) => o,
        Err(e) => return out.error(&e.payload()),
    };
    // The import scanned every row for personal data as it wrote them; should
    // it have fallen back to its first rows, the whole table is scanned now.
    let mut scanned = Vec::new();
    for d in &outcome.datasets {
        let id = DatasetId(d.id);
        let report = kaifang_core::sensitive::ensure_full_scan(&mut ws, id, &actor_for(g))
            .and_then(|_| kaifang_core::sensitive::saved(ws.conn(), id));
        match report {
            Ok(r) => scanned.push(r.map_or(0, |r| r.rows_scanned)),
            Err(e) => return out.error(&e.payload()),
        }
    }
    // `--replay`: last month's cleaning steps on the version just imported.
    let replayed = match (a.get_flag("replay"), outcome.datasets.first()) {
        (true, Some(d)) => Some(replay_previous(&mut ws, DatasetId(d.id), &actor_for(g))),
        _ => None,
    };
    if out.json {
        let mut value = serde_json::to_value(&outcome).unwrap_or_default();
        if let (Some(r), Some(map)) = (&replayed, value.as_object_mut()) {
            let r = match r {
                Ok(Some(run)) => serde_json::json!({ "steps": run.steps.len(), "mapped": run.mapped }),
                Ok(None) => serde_json::json!({ "steps": 0 }),
                Err(e) => serde_json::json!({ "error": e }),
            };
            map.insert("replay".into(), r);
        }
        return out.json(&value);
    }
    for (d, rows) in outcome.datasets.iter().zip(scanned) {
        let vars = params([
            ("id", d.id.to_string()),
            ("name", d.name.clone()),
            ("version", d.version.to_string()),
            ("rows", d.rows.to_string()),
            ("columns", d.columns.len().to_string()),
        ]);
        out.line(&t_with("out.import.done", &vars));
        if let Some(enc) = &d.encoding {
            out.line(&format!("  {}: {enc}", t("out.import.encoding")));
        }
        if let Some(s) = &d.sheet {
            out.line(&format!("  {}: {s}", t("out.import.sheet")));
        }
        let cols: Vec<String> =
            d.columns.iter().map(|c| format!("{} ({})", c.name, t(&format!("type.{}", c.ty.as_str())))).collect();
        out.line(&format!("  {}: {}", t("out.import.columns"), cols.join(", ")));
        for r in &d.title_rows {
            out.line(&format!("  {} {}: {}", t("out.import.title_row"), r.row, r.text));
        }
        for r in &d.notes_rows {
            out.line(&format!("  {} {}: {}", t("out.import.note_row"), r.row, r.text));
        }
        if !d.skipped_columns.is_empty() {
            let cols: Vec<String> = d.skipped_columns.iter().map(|c| c.to_string()).collect();
            out.line(&format!("  {}", t_with("out.import.skipped_columns", &params([("columns", cols.join(", "))]))));
        }
        if let Some(row) = d.next_table {
            out.line(&format!("  {}", t_with("out.import.next_table", &params([("row", row.to_string())]))));
        }
        print_findings(out, &d.findings, &d.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>());
        out.line(&format!("  {}", t_with("out.import.scanned", &params([("rows", rows.to_string())]))));
        if let Some(c) = &d.changes {
            let vars = params([
                ("previous", c.previous_version.to_string()),
                ("added", c.rows_added.to_string()),
                ("removed", c.rows_removed.to_string()),
                ("changed", c.rows_changed.to_string()),
            ]);
            out.line(&format!("  {}", t_with("out.import.changes", &vars)));
            if !c.columns_added.is_empty() || !c.columns_removed.is_empty() {
                let vars = params([("added", c.columns_added.join(", ")), ("removed", c.columns_removed.join(", "))]);
                out.line(&format!("  {}", t_with("out.import.column_changes", &vars)));
            }
        }
        match &replayed {
            Some(Ok(Some(run))) => {
                out.line(&format!(
                    "  {}",
                    t_with("out.import.replayed", &params([("steps", run.steps.len().to_string())]))
                ));
            }
            Some(Ok(None)) => {
                out.line(&format!("  {}", t("out.clean.no_previous")));
            }
            Some(Err(e)) => {
                let vars = params([("id", d.id.to_string()), ("why", crate::i18n::error_text(e))]);
                out.line(&format!("  {}", t_with("out.import.replay_asks", &vars)));
            }
            None => {}
        }
    }
    Exit::Ok
}

/// Replays the last cleaned version's steps on the dataset's latest version;
/// `None` when no earlier version was cleaned. A column it cannot map leaves
/// the new version as imported (the question is for `kaifang clean … replay`).
fn replay_previous(
    ws: &mut Workspace,
    id: DatasetId,
    actor: &Actor,
) -> Result<Option<kaifang_core::clean::RecipeRun>, ErrorPayload> {
    use kaifang_core::clean;
    let Some(recipe) = clean::previous_recipe(ws.conn(), id).map_err(|e| e.payload())? else { return Ok(None) };
    ws.with_tx(|tx| clean::replay_recipe(tx, id, &recipe, &Default::default(), false, actor))
        .map(Some)
        .map_err(|e| e.payload())
}

fn print_findings(out: &Out, findings: &[Finding], names: &[String]) {
    for f in findings {
        let column = f.column.and_then(|c| names.get(c as usize)).cloned().unwrap_or_default();
        let rows: Vec<String> = f.rows.iter().map(u64::to_string).collect();
        let vars = params([("count", f.count.to_string()), ("column", column), ("rows", rows.join(", "))]);
        out.line(&format!("  ! {}", t_with(&format!("finding.{}", f.kind.as_str()), &vars)));
    }
}

pub fn list(g: &Globals, out: &Out) -> Exit {
    let datasets = match open(g, OpenMode::MustExist)
        .and_then(|ws| kaifang_core::metadata::list(ws.conn()).map_err(dataset_error))
    {
        Ok(d) => d,
        Err(e) => return out.error(&e),
    };
    if out.json {
        return out.json(&serde_json::json!({ "datasets": datasets }));
    }
    if datasets.is_empty() {
        return out.line(&t("out.list.empty"));
    }
    for d in datasets {
        let status = t(&format!("status.{}", d.status));
        let vars = params([("rows", d.rows.to_string()), ("version", d.version.to_string())]);
        out.line(&format!("#{}\t{}\t{}\t{}\t{}", d.id, d.name, status, t_with("out.list.rows", &vars), d.updated_at));
    }
    Exit::Ok
}

/// The office's datasets at a glance: counts by state, department, theme and
/// openness, metadata completeness, the update calendar and personal data.
pub fn overview(g: &Globals, out: &Out) -> Exit {
    let today = kaifang_core::clock::today();
    let o = match open(g, OpenMode::MustExist)
        .and_then(|ws| kaifang_core::overview::compute(ws.conn(), today).map_err(dataset_error))
    {
        Ok(o) => o,
        Err(e) => return out.error(&e),
    };
    if out.json {
        return out.json(&o);
    }
    if o.datasets == 0 {
        return out.line(&t("out.list.empty"));
    }
    let label = |field: &str, code: &str| -> String {
        if code.is_empty() {
            return t("out.overview.unset");
        }
        kaifang_core::metadata::field(field)
            .and_then(|f| f.codes.into_iter().find(|c| c.code == code))
            .map(|c| if crate::i18n::language() == "zh-CN" { c.zh } else { c.en })
            .unwrap_or_else(|| code.to_owned())
    };
    let joined = |m: &std::collections::BTreeMap<String, u64>, name: &dyn Fn(&str) -> String| -> String {
        m.iter().map(|(k, n)| format!("{} {n}", name(k))).collect::<Vec<_>>().join(", ")
    };
    let labelled = |key: &str, values: String| {
        out.line(&t_with("out.overview.line", &params([("label", t(key)), ("values", values)])));
    };
    out.line(&t_with("out.overview.total", &params([("count", o.datasets.to_string())])));
    labelled("out.overview.by_state", joined(&o.by_state, &|k| t(&format!("status.{k}"))));
    let department = |k: &str| if k.is_empty() { t("out.overview.unset") } else { k.to_owned() };
    labelled("out.overview.by_department", joined(&o.by_department, &department));
    labelled("out.overview.by_theme", joined(&o.by_theme, &|k| label("theme", k)));
    labelled("out.overview.by_openness", joined(&o.by_openness, &|k| label("open_type", k)));
    let bands: Vec<String> = o
        .completeness
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, n)| format!("{}–{}% {n}", i * 10, i * 10 + 9 + usize::from(i == 9)))
        .collect();
    labelled("out.overview.completeness", bands.join(", "));
    out.line(&t_with(
        "out.overview.personal",
        &params([("unhandled", o.personal_unhandled.to_string()), ("not_scanned", o.not_scanned.to_string())]),
    ));
    for d in &o.overdue {
        out.line(&t_with(
            "out.overview.overdue",
            &params([
                ("id", d.dataset.to_string()),
                ("name", d.name.clone()),
                ("due", d.due.clone()),
                ("days", (-d.days_left).to_string()),
            ]),
        ));
    }
    for d in &o.due_soon {
        out.line(&t_with(
            "out.overview.due_soon",
            &params([
                ("id", d.dataset.to_string()),
                ("name", d.name.clone()),
                ("due", d.due.clone()),
                ("days", d.days_left.to_string()),
            ]),
        ));
    }
    Exit::Ok
}

/// Readiness checks of one dataset or of the whole office, grouped as the
/// open-data index groups its scores, each with what to do.
pub fn readiness(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    use kaifang_core::readiness;
    if let Some(checks) = a.get_one::<Vec<readiness::Check>>("block") {
        return readiness_block(g, out, checks);
    }
    let today = kaifang_core::clock::today();
    let reports = match open(g, OpenMode::MustExist).and_then(|ws| match a.get_one::<String>("dataset") {
        Some(key) if !a.get_flag("office") => {
            let id = dataset_id(&ws, key)?;
            readiness::check(ws.conn(), id, today).map(|r| vec![r]).map_err(dataset_error)
        }
        _ => readiness::office(ws.conn(), today).map_err(dataset_error),
    }) {
        Ok(r) => r,
        Err(e) => return out.error(&e),
    };
    if out.json {
        return out.json(&serde_json::json!({ "datasets": reports }));
    }
    for r in &reports {
        out.line(&format!("#{} {}", r.dataset, r.name));
        if r.findings.is_empty() {
            out.line(&format!("  {}", t("out.readiness.ready")));
        }
        for f in &r.findings {
            let params: std::collections::BTreeMap<String, String> = f.params.clone();
            out.line(&format!(
                "  [{}·{}] {}",
                t(&format!("readiness.group.{}", json_name(&f.group))),
                t(&format!("readiness.severity.{}", json_name(&f.severity))),
                t_with(&format!("readiness.check.{}", f.check.as_str()), &params)
            ));
            out.line(&format!("    {}", t(&format!("readiness.fix.{}", f.check.as_str()))));
        }
    }
    Exit::Ok
}

/// `--block`: readiness check names separated by commas, or `none`.
pub(crate) fn check_list(s: &str) -> Result<Vec<kaifang_core::readiness::Check>, String> {
    use kaifang_core::readiness::Check;
    s.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != "none")
        .map(|n| {
            Check::parse(n).ok_or_else(|| {
                let known: Vec<&str> = Check::ALL.iter().map(|c| c.as_str()).collect();
                t_with("out.readiness.unknown_check", &params([("check", n.to_owned()), ("known", known.join(", "))]))
            })
        })
        .collect()
}

/// A steward sets the checks that block a submission (none: nothing blocks).
fn readiness_block(g: &Globals, out: &Out, checks: &[kaifang_core::readiness::Check]) -> Exit {
    let set = match open(g, OpenMode::MustExist).and_then(|mut ws| {
        let by = crate::secret::unlock(g, &mut ws, "settings.readiness_blocking")?;
        kaifang_core::readiness::set_blocking(&mut ws, checks, &by).map_err(|e| e.payload())
    }) {
        Ok(s) => s,
        Err(e) => return out.error(&e),
    };
    if out.json {
        return out.json(&serde_json::json!({ "blocking": set }));
    }
    if set.is_empty() {
        return out.line(&t("out.readiness.blocking_none"));
    }
    let sep = if crate::i18n::language() == "zh-CN" { "、" } else { ", " };
    let names: Vec<String> = set.iter().map(|c| t(&format!("readiness.name.{}", c.as_str()))).collect();
    out.line(&t_with("out.readiness.blocking", &params([("checks", names.join(sep))])))
}

/// The name serde gives a unit variant.
fn json_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

pub fn show(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let version = a.get_one::<i64>("version").copied();
    let detail = match open(g, OpenMode::MustExist)
        .and_then(|ws| dataset::show(ws.conn(), dataset_id(&ws, key)?, version).map_err(dataset_error))
    {
        Ok(d) => d,
        Err(e) => return out.error(&e),
    };
    if out.json {
        return out.json(&detail);
    }
    let s = &detail.summary;
    out.line(&format!("#{} {} ({})", s.id, s.name, t(&format!("status.{}", s.status))));
    let vars = params([
        ("version", detail.version.to_string()),
        ("rows", s.rows.to_string()),
        ("columns", detail.columns.len().to_string()),
        ("file", s.source_name.clone()),
    ]);
    out.line(&t_with("out.show.version", &vars));
    for c in &detail.columns {
        let group = c.group.as_ref().map(|g| format!("{g} / ")).unwrap_or_default();
        let vars = params([("filled", c.profile.non_empty.to_string()), ("distinct", c.profile.distinct.to_string())]);
        out.line(&format!(
            "  {}. {group}{} [{}] {}",
            c.position + 1,
            c.name,
            t(&format!("type.{}", c.ty.as_str())),
            t_with("out.show.column_stats", &vars)
        ));
    }
    for r in &detail.notes.notes_rows {
        out.line(&format!("  {} {}: {}", t("out.import.note_row"), r.row, r.text));
    }
    print_findings(out, &detail.findings, &detail.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>());
    Exit::Ok
}

pub fn rows(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let q = RowsQuery {
        version: a.get_one::<i64>("version").copied(),
        offset: a.get_one::<u64>("offset").copied().unwrap_or(0),
        limit: a.get_one::<u64>("limit").copied().unwrap_or(20),
        ..RowsQuery::default()
    };
    let result = open(g, OpenMode::MustExist).and_then(|ws| {
        let id = dataset_id(&ws, key)?;
        let page = dataset::rows(ws.conn(), id, &q).map_err(dataset_error)?;
        let detail = dataset::show(ws.conn(), id, q.version).map_err(dataset_error)?;
        Ok((page, detail.columns.into_iter().map(|c| c.name).collect::<Vec<_>>()))
    });
    let (page, names) = match result {
        Ok(r) => r,
        Err(e) => return out.error(&e),
    };
    if out.json {
        return out.json(&serde_json::json!({
            "columns": names,
            "total": page.total,
            "offset": page.offset,
            "rows": page.rows.iter().map(|r| &r.cells).collect::<Vec<_>>(),
        }));
    }
    out.line(&names.join("\t"));
    for r in &page.rows {
        let cells: Vec<&str> = r.cells.iter().map(|c| c.as_deref().unwrap_or("")).collect();
        out.line(&cells.join("\t"));
    }
    Exit::Ok
}

pub fn backup(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    if a.get_flag("list") {
        return match kaifang_core::backup::list(ws.path()) {
            Ok(all) if out.json => out.json(&serde_json::json!({ "backups": all })),
            Ok(all) if all.is_empty() => out.line(&t("out.backup.none")),
            Ok(all) => {
                for b in all {
                    out.line(&format!("{}\t{}\t{}\t{} KB", b.created_at, b.reason, b.file_name, b.size / 1024));
                }
                Exit::Ok
            }
            Err(e) => out.error(&e.payload()),
        };
    }
    match kaifang_core::backup::create(&ws, "manual") {
        Ok(b) if out.json => out.json(&b),
        Ok(b) => out.line(&t_with("out.backup.created", &params([("path", b.path)]))),
        Err(e) => out.error(&e.payload()),
    }
}

pub fn restore(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(file) = a.get_one::<PathBuf>("file") else { return Exit::Usage };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let preview = match kaifang_core::backup::preview(&ws, file) {
        Ok(p) => p,
        Err(e) => return out.error(&e.payload()),
    };
    if !a.get_flag("yes") {
        if out.json {
            return out.json(&preview);
        }
        out.line(&t_with(
            "out.restore.preview",
            &params([
                ("file", preview.file_name.clone()),
                ("datasets", preview.datasets.to_string()),
                ("users", preview.users.to_string()),
                ("last", preview.last_change.clone().unwrap_or_default()),
            ]),
        ));
        if !preview.same_workspace {
            out.line(&t("out.restore.other_workspace"));
        }
        if !preview.audit_intact {
            out.line(&t("out.restore.audit_broken"));
        }
        out.line(&t("out.restore.confirm"));
        return Exit::CheckFailed;
    }
    let by = match crate::secret::unlock(g, &mut ws, "restore") {
        Ok(u) => u,
        Err(e) => return out.error(&e),
    };
    match kaifang_core::auth::restore(&mut ws, file, &by) {
        Ok(saved) if out.json => out.json(&serde_json::json!({ "restored": preview, "previous": saved })),
        Ok(saved) => {
            out.line(&t_with("out.restore.done", &params([("file", preview.file_name), ("previous", saved.path)])))
        }
        Err(e) => out.error(&e.payload()),
    }
}
