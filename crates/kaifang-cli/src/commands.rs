//! One function per command: open the workspace, call core, print.

use kaifang_core::audit::{self, Actor, BreakKind, Source};
use kaifang_core::error::{params, Coded};
use kaifang_core::paths::{is_explicit, resolve_workspace_path};
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, ErrorPayload, Workspace};

use crate::cli::Globals;
use crate::i18n::{t, t_with};
use crate::output::{Exit, Out};

fn actor() -> Actor {
    Actor::os_user(Source::Cli)
}

/// Opens the workspace for a command. Commands that only read never create a
/// workspace at a path the user typed: a typo must not yield an empty workspace.
fn open(g: &Globals, mode: OpenMode) -> Result<Workspace, ErrorPayload> {
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
