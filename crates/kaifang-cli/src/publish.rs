//! `kaifang portal …`, `publish`, `outbox`.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use clap::ArgMatches;
use kaifang_core::dataset::DatasetId;
use kaifang_core::error::{params, Coded};
use kaifang_core::jobs::CancelToken;
use kaifang_core::portal::{self, DrainOptions, OutboxItem, OutboxState, PortalError, PortalKind, Timeouts, Token};
use kaifang_core::workspace::OpenMode;
use kaifang_core::ErrorPayload;

use crate::cli::Globals;
use crate::commands::{actor_for, dataset_id, open};
use crate::i18n::{t, t_with};
use crate::output::{Exit, Out};

fn runtime() -> Result<tokio::runtime::Runtime, ErrorPayload> {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(|e| ErrorPayload {
        code: kaifang_core::ErrorCode::Internal,
        message: e.to_string(),
        params: Default::default(),
    })
}

/// The token from standard input: a prompt without echo at a terminal, else the
/// first line (so that scripts can pipe it in).
fn read_token() -> Option<Token> {
    let text = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(t("out.portal.token_prompt")).ok()?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).ok()?;
        line
    };
    Token::new(&text)
}

pub fn add(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let (Some(name), Some(url), Some(org)) =
        (a.get_one::<String>("name"), a.get_one::<String>("url"), a.get_one::<String>("org"))
    else {
        return Exit::Usage;
    };
    let mut ws = match open(g, OpenMode::CreateIfMissing) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    // The steward's passphrase first, then the token (one line each on stdin).
    let by = match crate::secret::unlock(g, &mut ws, "portal.add") {
        Ok(u) => u,
        Err(e) => return out.error(&e),
    };
    let Some(token) = read_token() else {
        return out.error(&PortalError::TokenMissing(name.clone()).payload());
    };
    match portal::add(&mut ws, PortalKind::Ckan, name, url, org, Some(&token), &by) {
        Ok(p) if out.json => out.json(&p),
        Ok(p) => out.line(&t_with("out.portal.saved", &params([("portal", p.name), ("url", p.url)]))),
        Err(e) => out.error(&e.payload()),
    }
}

pub fn list(g: &Globals, out: &Out) -> Exit {
    let ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    match portal::list(ws.conn()) {
        Ok(all) if out.json => out.json(&serde_json::json!({ "portals": all })),
        Ok(all) if all.is_empty() => out.line(&t("out.portal.none")),
        Ok(all) => {
            for p in all {
                let token = if p.has_token { t("out.portal.token_stored") } else { t("out.portal.token_missing") };
                out.line(&format!("{}\t{}\t{}\t{token}", p.name, p.url, p.org));
            }
            Exit::Ok
        }
        Err(e) => out.error(&e.payload()),
    }
}

pub fn remove(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(name) = a.get_one::<String>("name") else { return Exit::Usage };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let by = match crate::secret::unlock(g, &mut ws, "portal.remove") {
        Ok(u) => u,
        Err(e) => return out.error(&e),
    };
    match portal::remove(&mut ws, name, &by) {
        Ok(()) => out.line(&t_with("out.portal.removed", &params([("portal", name.clone())]))),
        Err(e) => out.error(&e.payload()),
    }
}

/// Whether an XLSX goes to the portal beside each CSV: shown, or set by a steward.
pub fn xlsx(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let on = match a.get_one::<String>("state") {
        None => match portal::xlsx_chosen(ws.conn()) {
            Ok(on) => on,
            Err(e) => return out.error(&kaifang_core::dataset::DatasetError::from(e).payload()),
        },
        Some(state) => {
            let by = match crate::secret::unlock(g, &mut ws, "settings.publish_xlsx") {
                Ok(u) => u,
                Err(e) => return out.error(&e),
            };
            match portal::set_xlsx(&mut ws, state == "on", &by) {
                Ok(on) => on,
                Err(e) => return out.error(&e.payload()),
            }
        }
    };
    if out.json {
        return out.json(&serde_json::json!({ "xlsx": on }));
    }
    out.line(&t(if on { "out.portal.xlsx_on" } else { "out.portal.xlsx_off" }))
}

pub fn test(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let cfg = match a.get_one::<String>("name") {
        Some(n) => portal::get(ws.conn(), n),
        None => portal::default_portal(ws.conn()),
    };
    let client = cfg.and_then(|cfg| portal::connect(ws.conn(), &cfg, Timeouts::default()).map(|c| (cfg, c)));
    let (cfg, client) = match client {
        Ok(x) => x,
        Err(e) => return out.error(&e.payload()),
    };
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => return out.error(&e),
    };
    let report = rt.block_on(client.check(&cfg.org));
    // The fields the portal requires are kept so that publishing can refuse a
    // dataset without them before sending anything.
    if report.token_ok {
        let mut ws = ws;
        let _ = portal::save_required(&mut ws, &cfg.name, &report.required_fields);
    }
    if out.json {
        out.json(&report);
    } else {
        let yes_no = |ok: bool| if ok { t("out.portal.ok") } else { t("out.portal.not_ok") };
        let version = report.ckan_version.clone().unwrap_or_default();
        out.line(&t_with(
            "out.portal.url",
            &params([("url", cfg.url.clone()), ("ok", yes_no(report.reachable)), ("version", version)]),
        ));
        out.line(&t_with("out.portal.token", &params([("ok", yes_no(report.token_ok))])));
        out.line(&t_with("out.portal.org", &params([("org", cfg.org.clone()), ("ok", yes_no(report.org_ok))])));
        if !report.required_fields.is_empty() {
            out.line(&t_with("out.portal.required", &params([("fields", report.required_fields.join(", "))])));
        }
    }
    match &report.problem {
        None => Exit::Ok,
        Some(_) if out.json => Exit::CheckFailed,
        Some(p) => {
            out.error(p);
            Exit::CheckFailed
        }
    }
}

fn state_line(i: &OutboxItem) -> String {
    let base = params([("id", i.dataset.to_string()), ("dataset", i.name.clone())]);
    match (i.state, &i.error) {
        (OutboxState::Published, _) => {
            let mut p = base;
            p.insert("url".into(), i.url.clone().unwrap_or_default());
            t_with("out.outbox.published", &p)
        }
        (OutboxState::Queued, Some(e)) => {
            let mut p = base;
            p.insert("reason".into(), crate::i18n::error_text(e));
            p.insert("at".into(), i.next_attempt_at.clone());
            t_with("out.outbox.retry", &p)
        }
        (OutboxState::Failed, Some(e)) => {
            let mut p = base;
            p.insert("reason".into(), crate::i18n::error_text(e));
            t_with("out.outbox.failed", &p)
        }
        (state, _) => t_with(&format!("out.outbox.{}", state.as_str()), &base),
    }
}

pub fn publish(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let keys: Option<Vec<String>> = a.get_many::<String>("datasets").map(|v| v.cloned().collect());
    if keys.is_none() && !a.get_flag("all-approved") {
        return Exit::Usage;
    }
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let cfg = match a.get_one::<String>("portal") {
        Some(n) => portal::get(ws.conn(), n),
        None => portal::default_portal(ws.conn()),
    };
    let cfg = match cfg {
        Ok(c) => c,
        Err(e) => return out.error(&e.payload()),
    };
    let ids: Option<Vec<DatasetId>> = match keys.map(|k| k.iter().map(|k| dataset_id(&ws, k)).collect()).transpose() {
        Ok(ids) => ids,
        Err(e) => return out.error(&e),
    };
    let actor = actor_for(g);
    let queued = match portal::enqueue(&mut ws, ids.as_deref(), &cfg.name, &actor) {
        Ok(q) => q,
        Err(e) => return out.error(&e.payload()),
    };
    let (done, queued): (Vec<OutboxItem>, Vec<OutboxItem>) =
        queued.into_iter().partition(|i| i.state == OutboxState::Published);
    if !out.json {
        for i in &done {
            let vars = params([
                ("dataset", i.name.clone()),
                ("portal", cfg.name.clone()),
                ("url", i.url.clone().unwrap_or_default()),
            ]);
            out.line(&t_with("out.publish.unchanged", &vars));
        }
        if done.is_empty() || !queued.is_empty() {
            out.line(&t_with(
                "out.publish.queued",
                &params([("count", queued.len().to_string()), ("portal", cfg.name.clone())]),
            ));
        }
    }
    if queued.is_empty() && !done.is_empty() {
        // Nothing to send: every named dataset is on the portal as it is now.
        if out.json {
            out.json(&serde_json::json!({ "summary": { "published": 0, "failed": 0, "waiting": 0 }, "items": done }));
        }
        return Exit::Ok;
    }
    let path: PathBuf = ws.path().to_owned();
    drop(ws);
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => return out.error(&e),
    };
    let mut opts = DrainOptions { wait_for_retries: true, ..Default::default() };
    // Knobs for scripts and tests; the defaults suit a county office's link.
    let secs = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f64>().ok());
    if let Some(s) = secs("KAIFANG_PORTAL_TIMEOUT") {
        let d = std::time::Duration::from_secs_f64(s);
        opts.timeouts = Timeouts { connect: d, request: d, read: d };
    }
    if let Some(s) = secs("KAIFANG_RETRY_BASE") {
        opts.backoff_base = std::time::Duration::from_secs_f64(s);
    }
    if let Some(n) = secs("KAIFANG_MAX_ATTEMPTS") {
        opts.max_attempts = n as i64;
    }
    if let Some(n) = a.get_one::<usize>("concurrency") {
        opts.concurrency = *n;
    }
    let json = out.json;
    let report = move |i: &OutboxItem| {
        if !json && i.state != OutboxState::Uploading {
            println!("{}", state_line(i));
        }
    };
    let cancel = CancelToken::new();
    let summary = rt.block_on(portal::drain(&path, &actor, opts, &report, &cancel));
    match summary {
        Ok(s) if out.json => {
            let ws = match open(g, OpenMode::MustExist) {
                Ok(ws) => ws,
                Err(e) => return out.error(&e),
            };
            let items: Vec<OutboxItem> = portal::outbox(ws.conn())
                .unwrap_or_default()
                .into_iter()
                .filter(|i| queued.iter().any(|q| q.id == i.id))
                .collect();
            out.json(&serde_json::json!({ "summary": s, "items": items }));
            if s.failed > 0 || s.waiting > 0 {
                Exit::Failed
            } else {
                Exit::Ok
            }
        }
        Ok(s) => {
            out.line(&t_with(
                "out.publish.summary",
                &params([
                    ("published", s.published.to_string()),
                    ("failed", s.failed.to_string()),
                    ("waiting", s.waiting.to_string()),
                ]),
            ));
            if s.failed > 0 || s.waiting > 0 {
                Exit::Failed
            } else {
                Exit::Ok
            }
        }
        Err(e) => out.error(&e.payload()),
    }
}

pub fn outbox(g: &Globals, out: &Out) -> Exit {
    let ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    match portal::outbox(ws.conn()) {
        Ok(items) if out.json => out.json(&serde_json::json!({ "outbox": items })),
        Ok(items) if items.is_empty() => out.line(&t("out.outbox.empty")),
        Ok(items) => {
            for i in &items {
                out.line(&state_line(i));
            }
            Exit::Ok
        }
        Err(e) => out.error(&e.payload()),
    }
}
