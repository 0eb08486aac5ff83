//! `kaifang user …`, `submit`, `approve`, `reject`, `queue`, `history`, `bundle …`.

use std::path::PathBuf;

use clap::ArgMatches;
use kaifang_core::audit::Source;
use kaifang_core::auth::{self, Unlocked};
use kaifang_core::bundle::{self, Outcome};
use kaifang_core::error::{params, Coded};
use kaifang_core::review::{self, ReviewError, Role};
use kaifang_core::workspace::OpenMode;
use kaifang_core::ErrorPayload;

use crate::cli::Globals;
use crate::commands::{actor_for, dataset_id, open};
use crate::i18n::{t, t_with};
use crate::output::{Exit, Out};
use crate::secret;
use kaifang_core::dataset::DatasetId;

fn payload(e: ReviewError) -> ErrorPayload {
    e.payload()
}

fn with_ws<T>(
    g: &Globals,
    out: &Out,
    f: impl FnOnce(&mut kaifang_core::Workspace) -> Result<T, ReviewError>,
) -> Result<T, Exit> {
    let mut ws = open(g, OpenMode::MustExist).map_err(|e| out.error(&e))?;
    f(&mut ws).map_err(|e| out.error(&payload(e)))
}

/// [`with_ws`] for a command on one dataset, named by id or name.
fn with_dataset<T>(
    g: &Globals,
    out: &Out,
    key: &str,
    f: impl FnOnce(&mut kaifang_core::Workspace, DatasetId) -> Result<T, ReviewError>,
) -> Result<T, Exit> {
    let mut ws = open(g, OpenMode::MustExist).map_err(|e| out.error(&e))?;
    let id = dataset_id(&ws, key).map_err(|e| out.error(&e))?;
    f(&mut ws, id).map_err(|e| out.error(&payload(e)))
}

/// `user add NAME --role …`: a steward's action (asks the acting steward's
/// passphrase, then the new user's), except for a workspace's first user.
/// [`with_dataset`] for a steward's action: the acting user's passphrase first.
fn with_steward<T>(
    g: &Globals,
    out: &Out,
    key: &str,
    purpose: &str,
    f: impl FnOnce(&mut kaifang_core::Workspace, DatasetId, &Unlocked) -> Result<T, ReviewError>,
) -> Result<T, Exit> {
    let mut ws = open(g, OpenMode::MustExist).map_err(|e| out.error(&e))?;
    let id = dataset_id(&ws, key).map_err(|e| out.error(&e))?;
    let by = secret::unlock(g, &mut ws, purpose).map_err(|e| out.error(&e))?;
    f(&mut ws, id, &by).map_err(|e| out.error(&payload(e)))
}

pub fn user_add(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(name) = a.get_one::<String>("name") else { return Exit::Usage };
    let roles: Vec<Role> = a
        .get_many::<String>("role")
        .map(|r| r.map(|r| if r == "steward" { Role::Steward } else { Role::Clerk }).collect())
        .unwrap_or_default();
    let mut ws = match open(g, OpenMode::CreateIfMissing) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let added = (|| -> Result<_, ErrorPayload> {
        let by = if auth::first_run(ws.conn())? { None } else { Some(secret::unlock(g, &mut ws, "user.add")?) };
        let needs_passphrase = !auth::user(ws.conn(), name.trim())?.is_some_and(|u| u.has_passphrase);
        let pass = if needs_passphrase { Some(secret::ask_new(g, name.trim())?) } else { None };
        Ok(auth::add_user(&mut ws, name, &roles, pass.as_ref(), by.as_ref(), Source::Cli)?)
    })();
    match added {
        Ok(u) if out.json => out.json(&u),
        Ok(u) => {
            let exit = out.line(&t_with("out.user.added", &params([("user", u.name.clone())])));
            if let Some(fp) = u.fingerprint {
                out.line(&t_with("out.key.fingerprint", &params([("user", u.name), ("fingerprint", fp)])));
            }
            exit
        }
        Err(e) => out.error(&e),
    }
}

/// `user passphrase [NAME]`: change your own (asks the current one first), or a
/// steward sets someone's; on a workspace where nobody has one, set your own.
pub fn user_passphrase(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let me = actor_for(g).name;
    let name = a.get_one::<String>("name").cloned().unwrap_or_else(|| me.clone());
    let done = (|| -> Result<_, ErrorPayload> {
        let mine = auth::user(ws.conn(), &me)?;
        let by = if mine.is_some_and(|u| u.has_passphrase) {
            Some(secret::unlock(g, &mut ws, "user.passphrase")?)
        } else {
            None
        };
        let new = secret::ask_new(g, &name)?;
        Ok(auth::set_passphrase(&mut ws, &name, &new, by.as_ref(), Source::Cli)?)
    })();
    match done {
        Ok(u) if out.json => out.json(&u),
        Ok(u) => out.line(&t_with("out.user.passphrase_set", &params([("user", u.name)]))),
        Err(e) => out.error(&e),
    }
}

pub fn user_list(g: &Globals, out: &Out) -> Exit {
    match with_ws(g, out, |ws| review::users(ws.conn())) {
        Ok(users) if out.json => out.json(&serde_json::json!({ "users": users })),
        Ok(users) => {
            for u in users {
                let mut roles = Vec::new();
                if u.clerk {
                    roles.push(t("role.clerk"));
                }
                if u.steward {
                    roles.push(t("role.steward"));
                }
                let pass = if u.has_passphrase { String::new() } else { t("out.user.no_passphrase") };
                let fp = u.fingerprint.unwrap_or_default();
                out.line(format!("{}\t{}\t{fp}\t{pass}", u.name, roles.join("、")).trim_end());
            }
            Exit::Ok
        }
        Err(exit) => exit,
    }
}

pub fn submit(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let reason = a.get_one::<String>("risk-reason").map(String::as_str);
    let submitted = with_dataset(g, out, key, |ws, id| {
        // Groups below the office's k go only with a written reason: given here,
        // it is recorded (and audited) first.
        if let Some(reason) = reason {
            kaifang_core::sensitive::disclosure::set_reason(ws, id, Some(reason), &actor_for(g))
                .map_err(|e| ReviewError::Sensitive(Box::new(e)))?;
        }
        review::submit(ws, id, &actor_for(g))
    });
    match submitted {
        Ok(hash) if out.json => {
            out.json(&serde_json::json!({ "dataset": key, "status": "submitted", "content_hash": hash }))
        }
        Ok(_) => out.line(&t_with("out.review.submitted", &params([("dataset", key.clone())]))),
        Err(exit) => exit,
    }
}

pub fn approve(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let comment = a.get_one::<String>("comment").map(String::as_str);
    let confirm = a.get_flag("confirm-special");
    match with_steward(g, out, key, "approve", |ws, id, by| review::approve_confirmed(ws, id, by, comment, confirm)) {
        Ok(hash) if out.json => {
            out.json(&serde_json::json!({ "dataset": key, "status": "approved", "content_hash": hash }))
        }
        Ok(_) => out.line(&t_with("out.review.approved", &params([("dataset", key.clone())]))),
        Err(exit) => exit,
    }
}

pub fn reject(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let (Some(key), Some(comment)) = (a.get_one::<String>("dataset"), a.get_one::<String>("comment")) else {
        return Exit::Usage;
    };
    let targeted: Vec<(String, String)> = a
        .get_many::<String>("on")
        .map(|v| v.filter_map(|s| s.split_once('=').map(|(k, t)| (k.trim().to_owned(), t.trim().to_owned()))).collect())
        .unwrap_or_default();
    match with_steward(g, out, key, "return", |ws, id, by| review::return_submission(ws, id, by, comment, &targeted)) {
        Ok(()) if out.json => out.json(&serde_json::json!({ "dataset": key, "status": "returned" })),
        Ok(()) => out.line(&t_with("out.review.returned", &params([("dataset", key.clone())]))),
        Err(exit) => exit,
    }
}

pub fn queue(g: &Globals, out: &Out) -> Exit {
    match with_ws(g, out, |ws| review::queue(ws.conn())) {
        Ok(q) if out.json => out.json(&serde_json::json!({ "queue": q })),
        Ok(q) if q.is_empty() => out.line(&t("out.review.queue_empty")),
        Ok(q) => {
            for i in q {
                out.line(&format!(
                    "#{}\t{}\tv{}\t{}\t{}",
                    i.dataset, i.name, i.version, i.submitted_by, i.submitted_at
                ));
            }
            Exit::Ok
        }
        Err(exit) => exit,
    }
}

pub fn history(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    match with_dataset(g, out, key, |ws, id| review::history(ws.conn(), id)) {
        Ok(h) if out.json => out.json(&serde_json::json!({ "history": h })),
        Ok(h) => {
            for e in h {
                let action = t(&format!("review.{}", e.action));
                out.line(&format!(
                    "{} {} {} (v{}) {}",
                    e.at,
                    e.actor,
                    action,
                    e.version,
                    e.comment.unwrap_or_default()
                ));
                for (target, text) in e.comments {
                    out.line(&format!("    {target}: {text}"));
                }
            }
            Exit::Ok
        }
        Err(exit) => exit,
    }
}

/// Every column's decision and what is unusual, as the review shows them.
pub fn decisions(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    match with_dataset(g, out, key, |ws, id| review::decisions(ws.conn(), id)) {
        Ok(d) if out.json => out.json(&d),
        Ok(d) => {
            for c in &d.columns {
                let outcome = t(&format!("outcome.{}", serde_plain(&c.outcome)));
                let by = match &c.chosen_by {
                    Some(user) => t_with("out.decisions.chosen_by", &params([("user", user.clone())])),
                    None => t("out.decisions.default"),
                };
                let reason = c.reason.as_deref().map(|r| format!(" — {r}")).unwrap_or_default();
                out.line(&format!("{}\t{outcome}\t{by}{reason}", c.name));
            }
            out.line(&t_with(
                "out.decisions.summary",
                &params([
                    ("rows", d.rows.to_string()),
                    ("published", d.published.to_string()),
                    ("unchanged", d.unchanged.to_string()),
                    ("changed", d.changed.to_string()),
                    ("left_out", d.left_out.to_string()),
                    ("described", d.described.to_string()),
                ]),
            ));
            for n in &d.notices {
                let columns = n.columns.join("、");
                out.line(&format!(
                    "! {}",
                    t_with(&format!("notice.{}", serde_plain(&n.kind)), &params([("columns", columns)]))
                ));
            }
            Exit::Ok
        }
        Err(exit) => exit,
    }
}

/// A unit enum's serde name (`Outcome::Unchanged` → `unchanged`).
fn serde_plain<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

pub fn bundle_export(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(file) = a.get_one::<PathBuf>("out") else { return Exit::Usage };
    let keys: Vec<String> = a.get_many::<String>("datasets").map(|v| v.cloned().collect()).unwrap_or_default();
    let decisions = a.get_flag("decisions");
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let ids: Vec<DatasetId> = match keys.iter().map(|k| dataset_id(&ws, k)).collect() {
        Ok(ids) => ids,
        Err(e) => return out.error(&e),
    };
    let keys = ids;
    let actor = actor_for(g);
    let written = if decisions {
        bundle::export_decisions(&mut ws, &keys, file, &actor)
    } else {
        bundle::export_submissions(&mut ws, &keys, file, &actor)
    };
    match written {
        Ok(w) if out.json => out.json(&w),
        Ok(w) => out.line(&t_with(
            "out.bundle.written",
            &params([("file", file.display().to_string()), ("count", w.datasets.to_string())]),
        )),
        Err(e) => out.error(&e.payload()),
    }
}

pub fn bundle_import(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(file) = a.get_one::<PathBuf>("file") else { return Exit::Usage };
    let mut ws = match open(g, OpenMode::CreateIfMissing) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let cancel = kaifang_core::jobs::CancelToken::default();
    // Submissions arrive encrypted to the stewards: opening them needs one unlocked.
    let steward = if bundle::is_encrypted(file) {
        match secret::unlock(g, &mut ws, "bundle.import") {
            Ok(u) => Some(u),
            Err(e) => return out.error(&e),
        }
    } else {
        None
    };
    match bundle::import(&mut ws, file, &actor_for(g), steward.as_ref(), &|_| {}, &cancel) {
        Ok(r) if out.json => out.json(&r),
        Ok(r) => {
            for i in r.items {
                let key = match i.outcome {
                    Outcome::Added => "out.bundle.added",
                    Outcome::Unchanged => "out.bundle.unchanged",
                    Outcome::Approved => "out.bundle.approved",
                    Outcome::Returned => "out.bundle.returned",
                };
                out.line(&t_with(key, &params([("dataset", i.name), ("id", i.dataset.to_string())])));
            }
            Exit::Ok
        }
        Err(e) => out.error(&e.payload()),
    }
}
