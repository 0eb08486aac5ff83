//! `kaifang scan`, `kaifang policy set`, `kaifang preview`, `kaifang gate`,
//! `kaifang masking` (the office conventions) and the public CSV.

use std::path::PathBuf;

use clap::ArgMatches;
use kaifang_core::error::{params, Coded};
use kaifang_core::sensitive::{self, Operator, SensitiveError};
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, ErrorPayload};

use crate::cli::Globals;
use crate::commands::{actor_for, dataset_id, open};
use crate::i18n::{t, t_with};
use crate::output::{Exit, Out};

fn payload(e: SensitiveError) -> ErrorPayload {
    e.payload()
}

/// `kaifang risk`: who can still be singled out in the public copy; with
/// `--suggest` the fix and its cost, `--fix` takes it, `--undo` takes it back,
/// `--save` keeps the chosen quasi-identifiers, `--reason` records why a list
/// may go out below the office's k.
pub fn risk(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let id = match dataset_id(&ws, key) {
        Ok(id) => id,
        Err(e) => return out.error(&e),
    };
    let quasi: Option<Vec<String>> = a.get_many::<String>("qi").map(|v| v.cloned().collect());
    let k = match a.get_one::<u64>("k").copied() {
        Some(k) => k,
        None => match sensitive::disclosure::office_k(ws.conn()) {
            Ok(k) => k,
            Err(e) => return out.error(&payload(e.into())),
        },
    };
    let sensitive_column = a.get_one::<String>("sensitive").map(String::as_str);
    let actor = actor_for(g);
    if a.get_flag("save") {
        let names = quasi.clone().unwrap_or_default();
        match sensitive::disclosure::set_quasi(&mut ws, id, &names, sensitive_column, &actor) {
            Ok(p) if !out.json => {
                out.line(&t_with("out.risk.saved", &params([("columns", p.quasi.join(" + "))])));
            }
            Ok(_) => {}
            Err(e) => return out.error(&payload(e)),
        }
    }
    if let Some(reason) = a.get_one::<String>("reason") {
        match sensitive::disclosure::set_reason(&mut ws, id, Some(reason), &actor) {
            Ok(_) if !out.json => {
                out.line(&t("out.risk.reason_saved"));
            }
            Ok(_) => {}
            Err(e) => return out.error(&payload(e)),
        }
    }
    if a.get_flag("suggest") {
        return match sensitive::disclosure::suggest(ws.conn(), id, quasi.as_deref(), Some(k)) {
            Ok(plan) if out.json => out.json(&plan),
            Ok(plan) => {
                print_plan(out, &plan);
                Exit::Ok
            }
            Err(e) => out.error(&payload(e)),
        };
    }
    if a.get_flag("undo") {
        if let Err(e) = sensitive::disclosure::undo(&mut ws, id, &actor) {
            return out.error(&payload(e));
        }
        if !out.json {
            out.line(&t("out.risk.undone"));
        }
    }
    if a.get_flag("fix") {
        return match sensitive::disclosure::apply(&mut ws, id, quasi.as_deref(), Some(k), &actor) {
            Ok((plan, after)) if out.json => out.json(&serde_json::json!({ "plan": plan, "after": after })),
            Ok((plan, after)) => {
                print_plan(out, &plan);
                let rules = plan
                    .steps
                    .iter()
                    .filter(|s| s.rule.is_some())
                    .map(|s| &s.column)
                    .collect::<std::collections::HashSet<_>>()
                    .len();
                out.line(&t_with(
                    "out.risk.fixed",
                    &params([
                        ("rules", rules.to_string()),
                        ("cells", plan.suppressed_cells.to_string()),
                        ("k", after.k.to_string()),
                        ("at_risk", after.at_risk.to_string()),
                    ]),
                ));
                Exit::Ok
            }
            Err(e) => out.error(&payload(e)),
        };
    }
    let r = match sensitive::risk::assess(ws.conn(), id, quasi.as_deref(), sensitive_column, k) {
        Ok(r) => r,
        Err(e) => return out.error(&payload(e)),
    };
    if out.json {
        return out.json(&r);
    }
    if r.quasi.is_empty() {
        out.line(&t("out.risk.no_quasi"));
        return Exit::Ok;
    }
    let percent = |x: f64| format!("{:.1}%", x * 100.0);
    out.line(&t_with(
        "out.risk.header",
        &params([("rows", r.rows.to_string()), ("columns", r.quasi.join(" + ")), ("k", r.k.to_string())]),
    ));
    out.line(&format!(
        "  {}",
        t_with(
            "out.risk.figures",
            &params([
                ("groups", r.groups.to_string()),
                ("at_risk", r.at_risk.to_string()),
                ("office_k", r.office_k.to_string()),
                ("max", percent(r.max_risk)),
                ("avg", percent(r.avg_risk)),
                ("unique", percent(r.unique_share)),
            ]),
        )
    ));
    for c in r.combinations.iter().take(10) {
        let vars = params([("count", c.unique.to_string()), ("columns", c.columns.join(" + "))]);
        out.line(&format!("  {}", t_with("out.risk.unique", &vars)));
    }
    if let Some(d) = &r.diversity {
        let vars = params([
            ("column", d.column.clone()),
            ("l", d.l.to_string()),
            ("groups", d.homogeneous_groups.to_string()),
        ]);
        out.line(&format!("  {}", t_with("out.risk.diversity", &vars)));
    }
    Exit::Ok
}

fn print_plan(out: &Out, plan: &sensitive::disclosure::FixPlan) {
    out.line(&t_with(
        "out.risk.plan.header",
        &params([
            ("k_before", plan.k_before.to_string()),
            ("at_risk_before", plan.at_risk_before.to_string()),
            ("k_after", plan.k_after.to_string()),
            ("at_risk_after", plan.at_risk_after.to_string()),
            ("office_k", plan.office_k.to_string()),
        ]),
    ));
    if plan.steps.is_empty() {
        out.line(&format!("  {}", t_with("out.risk.plan.none", &params([("office_k", plan.office_k.to_string())]))));
    }
    for (i, s) in plan.steps.iter().enumerate() {
        let mut vars = params([
            ("n", (i + 1).to_string()),
            ("column", s.column.clone()),
            ("cells", s.changed_cells.to_string()),
            ("before", s.distinct_before.to_string()),
            ("after", s.distinct_after.to_string()),
            ("k", s.k.to_string()),
            ("at_risk", s.at_risk.to_string()),
        ]);
        let key = match s.rule {
            Some(rule) => {
                vars.insert("rule".into(), rule.label());
                "out.risk.plan.coarsen"
            }
            None => "out.risk.plan.suppress",
        };
        out.line(&format!("  {}", t_with(key, &vars)));
    }
}

/// `kaifang suppress`: a statistics table's small cells, and the cells that
/// keep them from being recomputed from the totals.
pub fn suppress(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    use sensitive::tables;
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let id = match dataset_id(&ws, key) {
        Ok(id) => id,
        Err(e) => return out.error(&e),
    };
    let threshold = match a.get_one::<u64>("rule").copied() {
        Some(n) => n,
        None => match sensitive::disclosure::office_risk(ws.conn()) {
            Ok(o) => o.threshold,
            Err(e) => return out.error(&payload(e.into())),
        },
    };
    let saved = match tables::spec(ws.conn(), id) {
        Ok(s) => s,
        Err(e) => return out.error(&payload(e)),
    };
    let mut spec = match saved {
        Some(s) => s,
        None => match tables::default_spec(ws.conn(), id, threshold) {
            Ok(s) => s,
            Err(e) => return out.error(&payload(e)),
        },
    };
    if let Some(d) = a.get_many::<String>("dims") {
        spec.dimensions = d.cloned().collect();
    }
    if let Some(v) = a.get_many::<String>("values") {
        spec.values = v.cloned().collect();
    }
    if a.get_one::<u64>("rule").is_some() {
        spec.threshold = threshold;
        spec.min_width = threshold as f64;
    }
    if let Some(w) = a.get_one::<f64>("width") {
        spec.min_width = *w;
    }
    if let Some(&(n, k)) = a.get_one::<(u32, f64)>("dominance") {
        spec.dominance = Some(tables::Dominance { n, k });
    }
    for (flag, top) in [("count", false), ("top", true)] {
        for (value, list) in a.get_many::<(String, Vec<String>)>(flag).into_iter().flatten() {
            let all = spec.contributions.get_or_insert_with(Vec::new);
            let at = match all.iter().position(|c| c.value == *value) {
                Some(i) => i,
                None => {
                    all.push(tables::Contributions { value: value.clone(), count: None, top: Vec::new() });
                    all.len() - 1
                }
            };
            if top {
                all[at].top = list.clone();
            } else {
                all[at].count = list.first().cloned();
            }
        }
    }
    if let Some(m) = a.get_one::<String>("marker") {
        spec.marker = m.clone();
    }
    let result = if a.get_flag("dry-run") {
        tables::preview(ws.conn(), id, &spec)
    } else {
        tables::apply(&mut ws, id, &spec, &actor_for(g))
    };
    let r = match result {
        Ok(r) => r,
        Err(e) => return out.error(&payload(e)),
    };
    if out.json {
        return out.json(&r);
    }
    let dominant = t("out.suppress.dominant");
    let list = |cells: &[tables::TableCell]| {
        cells
            .iter()
            .map(|c| {
                let why = if c.rule == Some(tables::CellRule::Dominance) { dominant.as_str() } else { "" };
                format!("{} / {}{why}", c.row, c.column)
            })
            .collect::<Vec<_>>()
            .join("、")
    };
    out.line(&t_with(
        "out.suppress.header",
        &params([
            ("threshold", r.spec.threshold.to_string()),
            ("primary", r.primary.len().to_string()),
            ("secondary", r.secondary.len().to_string()),
            ("carried", r.carried.len().to_string()),
            ("marker", r.spec.marker.clone()),
        ]),
    ));
    if let Some(d) = r.spec.dominance {
        out.line(&t_with("out.suppress.dominance", &params([("n", d.n.to_string()), ("k", d.k.to_string())])));
    }
    for (k, cells) in [
        ("out.suppress.primary", &r.primary),
        ("out.suppress.carried", &r.carried),
        ("out.suppress.secondary", &r.secondary),
    ] {
        if !cells.is_empty() {
            out.line(&format!("  {}", t_with(k, &params([("cells", list(cells))]))));
        }
    }
    for c in &r.ranges {
        let max = c.max.map_or_else(|| "∞".to_owned(), |m| format!("{m}"));
        let vars = params([("cell", format!("{} / {}", c.row, c.column)), ("min", format!("{}", c.min)), ("max", max)]);
        out.line(&format!("  {}", t_with("out.suppress.range", &vars)));
    }
    out.line(&t(if r.protected { "out.suppress.protected" } else { "out.suppress.not_protected" }));
    if a.get_flag("dry-run") {
        out.line(&t("out.suppress.dry_run"));
    }
    Exit::Ok
}

/// `kaifang policy coarsen DATASET COLUMN RULE`: one column's generalisation.
pub fn policy_coarsen(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let (Some(key), Some(column), Some(rule)) =
        (a.get_one::<String>("dataset"), a.get_one::<String>("column"), a.get_one::<String>("rule"))
    else {
        return Exit::Usage;
    };
    let rule = if rule == "none" { None } else { sensitive::Coarsen::parse(rule) };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let id = match dataset_id(&ws, key) {
        Ok(id) => id,
        Err(e) => return out.error(&e),
    };
    match sensitive::disclosure::set_coarsen(&mut ws, id, column, rule, &actor_for(g)) {
        Ok(c) if out.json => out.json(&c),
        Ok(c) => match c.coarsen {
            Some(r) => out.line(&t_with(
                "out.policy.coarsened",
                &params([("column", c.finding.name.clone()), ("rule", r.label())]),
            )),
            None => out.line(&t_with("out.policy.coarsen_cleared", &params([("column", c.finding.name.clone())]))),
        },
        Err(e) => out.error(&payload(e)),
    }
}

pub fn scan(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let id = match dataset_id(&ws, key) {
        Ok(id) => id,
        Err(e) => return out.error(&e),
    };
    let report = match sensitive::scan_and_save(&mut ws, id, !a.get_flag("sample"), &actor_for(g)) {
        Ok(r) => r,
        Err(e) => return out.error(&payload(e)),
    };
    if out.json {
        // The shape the issue names: one object per column, then the cell hits.
        let columns: Vec<serde_json::Value> = report
            .columns
            .iter()
            .map(|c| {
                serde_json::json!({
                    "name": c.finding.name,
                    "category": c.finding.category,
                    "personal": c.finding.personal,
                    "confidence": c.finding.confidence,
                    "matched": c.finding.matched,
                    "total": c.finding.total,
                    "operator": c.operator,
                    "free_text": c.finding.free_text,
                    "examples": c.finding.examples,
                })
            })
            .collect();
        return out.json(&serde_json::json!({
            "dataset": report.dataset,
            "version": report.version,
            "rows_scanned": report.rows_scanned,
            "columns": columns,
            "cells": report.cells,
            "cell_hits": report.cell_hits,
        }));
    }
    out.line(&t_with("out.scan.header", &params([("rows", report.rows_scanned.to_string())])));
    for c in &report.columns {
        let f = &c.finding;
        if f.category == sensitive::Category::None && !f.free_text {
            continue;
        }
        let kind = if f.personal { t("out.scan.personal") } else { t("out.scan.public") };
        let vars = params([
            ("column", f.name.clone()),
            ("category", t(&format!("category.{}", f.category.as_str()))),
            ("kind", kind),
            ("matched", f.matched.to_string()),
            ("total", f.total.to_string()),
            ("operator", t(&format!("operator.{}", c.operator.as_str()))),
            ("examples", f.examples.join("、")),
        ]);
        let key = if f.free_text { "out.scan.free_text" } else { "out.scan.column" };
        out.line(&format!("  {}", t_with(key, &vars)));
    }
    if report.cell_hits > 0 {
        out.line(&t_with("out.scan.cells", &params([("count", report.cell_hits.to_string())])));
    }
    Exit::Ok
}

pub fn policy_set(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let (Some(key), Some(column), Some(op)) =
        (a.get_one::<String>("dataset"), a.get_one::<String>("column"), a.get_one::<String>("operator"))
    else {
        return Exit::Usage;
    };
    let Some(operator) = Operator::parse(op) else { return Exit::Usage };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let reason = a.get_one::<String>("reason").map(String::as_str);
    let id = match dataset_id(&ws, key) {
        Ok(id) => id,
        Err(e) => return out.error(&e),
    };
    match sensitive::set_policy(&mut ws, id, column, operator, reason, &actor_for(g)) {
        Ok(c) if out.json => out.json(&c),
        Ok(c) => out.line(&t_with(
            "out.policy.saved",
            &params([
                ("column", c.finding.name.clone()),
                ("operator", t(&format!("operator.{}", c.operator.as_str()))),
            ]),
        )),
        Err(e) => out.error(&payload(e)),
    }
}

pub fn preview(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let rows = a.get_one::<u64>("rows").copied().unwrap_or(5);
    let offset = a.get_one::<u64>("offset").copied().unwrap_or(0);
    let p = match open(g, OpenMode::MustExist)
        .and_then(|ws| sensitive::preview(ws.conn(), dataset_id(&ws, key)?, offset, rows).map_err(payload))
    {
        Ok(p) => p,
        Err(e) => return out.error(&e),
    };
    if out.json {
        return out.json(&p);
    }
    for r in &p.rows {
        out.line(&t_with("out.preview.row", &params([("row", r.source_row.to_string())])));
        for (i, c) in p.columns.iter().enumerate() {
            let original = r.original[i].as_deref().unwrap_or("");
            let public = match &r.public[i] {
                Some(v) => v.clone(),
                None => t("out.preview.dropped"),
            };
            out.line(&format!("  {}: {original} → {public}", c.finding.name));
        }
    }
    Exit::Ok
}

/// `kaifang export DATASET --format csv|xlsx --out FILE`: the public copy,
/// through the operators and the gate.
pub fn export_public(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let (Some(key), Some(path)) = (a.get_one::<String>("dataset"), a.get_one::<PathBuf>("out")) else {
        return Exit::Usage;
    };
    let xlsx = a.get_one::<String>("format").is_some_and(|f| f == "xlsx");
    let ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let io_error = |e: std::io::Error| ErrorPayload {
        code: ErrorCode::Io,
        message: e.to_string(),
        params: params([("path", path.display().to_string())]),
    };
    // Written to a temporary name and renamed: a failure never leaves half a file.
    let tmp = path.with_extension("part");
    let result = dataset_id(&ws, key).and_then(|id| {
        let n = if xlsx {
            kaifang_core::export::public_xlsx(ws.conn(), id, &tmp).map_err(payload)?
        } else {
            let f = std::fs::File::create(&tmp).map_err(io_error)?;
            let mut w = std::io::BufWriter::new(f);
            let n = kaifang_core::export::public_csv(ws.conn(), id, &mut w, true).map_err(payload)?;
            let f = w.into_inner().map_err(|e| io_error(e.into_error()))?;
            f.sync_all().map_err(io_error)?;
            n
        };
        // Closed before the rename (Windows renames an open file only when every
        // handle on it allows it).
        std::fs::rename(&tmp, path).map_err(io_error)?;
        Ok(n)
    });
    match result {
        Ok(n) if out.json => out.json(&serde_json::json!({ "path": path.display().to_string(), "rows": n })),
        Ok(n) => out
            .line(&t_with("out.export.csv", &params([("path", path.display().to_string()), ("rows", n.to_string())]))),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            out.error(&e)
        }
    }
}

/// `kaifang gate DATASET`: what the egress gate would stop in the public copy.
/// Exits 0 when nothing would be stopped, 3 (with the coded error) otherwise.
pub fn gate(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let report = match open(g, OpenMode::MustExist)
        .and_then(|ws| kaifang_core::export::gate_check(ws.conn(), dataset_id(&ws, key)?).map_err(payload))
    {
        Ok(r) => r,
        Err(e) => return out.error(&e),
    };
    if out.json {
        out.json(&report);
    } else if report.blocking.is_empty() {
        out.line(&t_with("out.gate.clear", &params([("rows", report.rows_checked.to_string())])));
    } else {
        for c in &report.blocking {
            let cats: Vec<String> = c.categories.iter().map(|k| t(&format!("category.{}", k.as_str()))).collect();
            let rows: Vec<String> = c.examples.iter().map(|h| format!("{} {}", h.row, h.masked)).collect();
            let fixes: Vec<String> = c.fixes.iter().map(|o| t(&format!("operator.{}", o.as_str()))).collect();
            out.line(&t_with(
                "out.gate.column",
                &params([
                    ("column", c.name.clone()),
                    ("hits", c.hits.to_string()),
                    ("categories", cats.join("、")),
                    ("rows", rows.join("; ")),
                    ("fixes", fixes.join(" / ")),
                ]),
            ));
        }
    }
    if report.blocking.is_empty() {
        return Exit::Ok;
    }
    if !out.json {
        let first = &report.blocking[0];
        out.error(&ErrorPayload {
            code: ErrorCode::EgressBlocked,
            message: String::new(),
            params: params([
                ("column", first.name.clone()),
                ("hits", first.hits.to_string()),
                ("rows", first.examples.iter().map(|h| h.row.to_string()).collect::<Vec<_>>().join(", ")),
                ("columns", report.blocking.len().to_string()),
            ]),
        });
    }
    // The check ran and found something to fix.
    Exit::CheckFailed
}

/// `kaifang masking list`: the office's masking conventions.
pub fn masking_list(g: &Globals, out: &Out) -> Exit {
    let list = match open(g, OpenMode::MustExist).and_then(|ws| sensitive::conventions(ws.conn()).map_err(payload)) {
        Ok(l) => l,
        Err(e) => return out.error(&e),
    };
    print_conventions(out, &list)
}

fn print_conventions(out: &Out, list: &[sensitive::Convention]) -> Exit {
    if out.json {
        return out.json(&list);
    }
    for c in list {
        let ends = match (c.keep_head, c.keep_tail) {
            (Some(h), Some(t_)) => {
                t_with("out.masking.ends", &params([("head", h.to_string()), ("tail", t_.to_string())]))
            }
            _ => String::new(),
        };
        let custom = if c.custom { t("out.masking.custom") } else { String::new() };
        out.line(&format!(
            "  {}: {}{ends}{custom}",
            t(&format!("category.{}", c.category.as_str())),
            t(&format!("operator.{}", c.operator.as_str()))
        ));
    }
    Exit::Ok
}

/// `kaifang masking set CATEGORY OPERATOR [--keep-head N] [--keep-tail N]` or
/// `--reset`: changes one convention (audited); new scans use it.
pub fn masking_set(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(cat) = a.get_one::<String>("category") else { return Exit::Usage };
    let category = sensitive::Category::parse(cat);
    let change = if a.get_flag("reset") {
        None
    } else {
        let Some(op) = a.get_one::<String>("operator").and_then(|o| Operator::parse(o)) else { return Exit::Usage };
        Some((op, a.get_one::<u32>("keep-head").copied(), a.get_one::<u32>("keep-tail").copied()))
    };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    match sensitive::set_convention(&mut ws, category, change, &actor_for(g)) {
        Ok(list) => print_conventions(out, &list),
        Err(e) => out.error(&payload(e)),
    }
}
