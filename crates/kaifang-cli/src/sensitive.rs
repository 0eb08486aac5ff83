//! `kaifang scan`, `kaifang policy set`, `kaifang preview` and the public CSV.

use std::path::PathBuf;

use clap::ArgMatches;
use kaifang_core::error::{params, Coded};
use kaifang_core::sensitive::{self, Operator, SensitiveError};
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, ErrorPayload};

use crate::cli::Globals;
use crate::commands::{actor_for, open};
use crate::i18n::{t, t_with};
use crate::output::{Exit, Out};

fn payload(e: SensitiveError) -> ErrorPayload {
    e.payload()
}

pub fn scan(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let report = match sensitive::scan_and_save(&mut ws, key, !a.get_flag("sample"), &actor_for(g)) {
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
    match sensitive::set_policy(&mut ws, key, column, operator, reason, &actor_for(g)) {
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
        .and_then(|ws| sensitive::preview(ws.conn(), key, offset, rows).map_err(payload))
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

pub fn export_csv(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let (Some(key), Some(path)) = (a.get_one::<String>("dataset"), a.get_one::<PathBuf>("out")) else {
        return Exit::Usage;
    };
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
    let result = std::fs::File::create(&tmp).map_err(io_error).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        let n = sensitive::write_public_csv(ws.conn(), key, &mut w, true).map_err(payload)?;
        std::io::Write::flush(&mut w).map_err(io_error)?;
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
