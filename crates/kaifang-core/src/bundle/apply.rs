//! Applying a verified bundle to the workspace. Every check that can refuse the
//! bundle (conflicts, stale decisions, records that do not match their data)
//! runs before the first write; each dataset is then one transaction, so a
//! failure leaves no half-imported dataset, and importing again picks up where
//! it stopped. A submission already here (same sender version and content hash)
//! or a decision already applied is reported as unchanged.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::read::{open_sealed, unpack, Opened, Staged};
use super::{BundleError, Decision, DecisionsFile, Item, Kind, Outcome, PolicyFile, Report, SubmissionRecord};
use crate::audit::{self, Actor, Source};
use crate::auth::{Refusal, Unlocked};
use crate::clock::now_rfc3339;
use crate::import::{ImportOptions, RaggedStrategy, TextEncoding};
use crate::jobs::{CancelToken, Progress};
use crate::lifecycle::{self, DatasetId, DatasetStatus, Edit, Step};
use crate::review;
use crate::sensitive::Operator;
use crate::workspace::Workspace;

/// Verifies and applies the bundle at `path`: submissions go to the review
/// queue, decisions to the datasets they are about. A submissions bundle is
/// encrypted: opening it needs `steward`, unlocked, to be one of its recipients.
pub fn import(
    ws: &mut Workspace,
    path: &Path,
    actor: &Actor,
    steward: Option<&Unlocked>,
    progress: &(dyn Fn(&Progress) + Sync),
    cancel: &CancelToken,
) -> Result<Report, BundleError> {
    let parent = ws.path().parent().map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir);
    let keys = match steward {
        Some(s) => Some(crate::auth::steward(ws.conn(), s)?),
        None => None,
    };
    let opened = open_sealed(path, &parent, keys)?;
    let zip = match &opened {
        Opened::Plain => path,
        Opened::Decrypted(f) => f.path(),
    };
    let staged = unpack(zip, super::file_label(path), &parent)?;
    if staged.manifest.kind == Kind::Submissions && matches!(opened, Opened::Plain) {
        return Err(BundleError::Unencrypted { file: staged.file.clone() });
    }
    drop(opened);
    // A verified bundle is about to change the workspace: keep a copy from before.
    crate::workspace::backup::create(ws, "before-bundle").map_err(|e| BundleError::Write {
        path: crate::workspace::backup::folder(ws.path()).display().to_string(),
        source: std::io::Error::other(e.to_string()),
    })?;
    match staged.manifest.kind {
        Kind::Submissions => submissions(ws, &staged, actor, progress, cancel),
        Kind::Decisions => decisions(ws, &staged, actor),
    }
}

/// The dataset here with `uid`: its id, status, and the workspace that created
/// it (`None`: this one).
fn local(conn: &Connection, uid: &str) -> rusqlite::Result<Option<(DatasetId, DatasetStatus, Option<String>)>> {
    conn.query_row("SELECT id, status, origin FROM datasets WHERE uid = ?1", [uid], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .optional()
}

struct Incoming {
    record: SubmissionRecord,
    policy: PolicyFile,
    data: String,
}

fn submissions(
    ws: &mut Workspace,
    staged: &Staged,
    actor: &Actor,
    progress: &(dyn Fn(&Progress) + Sync),
    cancel: &CancelToken,
) -> Result<Report, BundleError> {
    if !staged.has("datapackage.json") {
        return Err(staged.tampered("datapackage.json"));
    }
    let _: serde_json::Value = staged.json("datapackage.json")?;
    // Every record with its data and policy, checked before anything is written.
    let mut incoming = Vec::new();
    for f in staged.manifest.files.iter().filter(|f| f.path.starts_with("submissions/")) {
        let uid = f.path.trim_start_matches("submissions/").trim_end_matches(".json").to_owned();
        let record: SubmissionRecord = staged.json(&f.path)?;
        if record.dataset_uid != uid || record.columns.is_empty() {
            return Err(staged.tampered(&f.path));
        }
        let data = format!("data/{uid}.csv");
        let policy: PolicyFile = staged.json(&format!("policy/{uid}.json"))?;
        if !staged.has(&data) {
            return Err(staged.tampered(&data));
        }
        incoming.push(Incoming { record, policy, data });
    }
    if incoming.is_empty() {
        return Err(BundleError::Empty);
    }
    let own = super::write::workspace_id(ws.conn())?;
    let mut plan = Vec::new();
    for inc in &incoming {
        let r = &inc.record;
        let found = local(ws.conn(), &r.dataset_uid)?;
        // A dataset belongs to the workspace that created it: a bundle may bring
        // that workspace's datasets and replace only its own earlier copies.
        let collision = || BundleError::UidCollision { dataset: r.name.clone() };
        if r.origin.is_empty() || r.origin != staged.manifest.workspace || r.origin == own {
            return Err(collision());
        }
        if let Some((_, _, origin)) = &found {
            if origin.as_deref() != Some(r.origin.as_str()) {
                return Err(collision());
            }
        }
        let here = found.map(|(id, status, _)| (id, status));
        if let Some((id, status)) = &here {
            // The same content again is news only if the steward has sent it back
            // since and this is a new bundle (the clerk resubmitting unchanged).
            let same: Option<String> = ws
                .conn()
                .query_row(
                    "SELECT bundle_sha256 FROM bundle_submissions
                     WHERE dataset_id = ?1 AND origin_version = ?2 AND origin_hash = ?3 ORDER BY id DESC LIMIT 1",
                    params![id, r.version, r.content_hash],
                    |row| row.get(0),
                )
                .optional()?;
            let seen = same.is_some_and(|sha| {
                sha == staged.sha256 || !matches!(status, DatasetStatus::Returned | DatasetStatus::Draft)
            });
            if seen {
                plan.push((inc, here, true));
                continue;
            }
            if matches!(status, DatasetStatus::Approved | DatasetStatus::Published) {
                let approved: Option<String> = ws
                    .conn()
                    .query_row(
                        "SELECT origin_hash FROM bundle_submissions WHERE dataset_id = ?1 ORDER BY id DESC LIMIT 1",
                        [id],
                        |row| row.get(0),
                    )
                    .optional()?;
                if approved.is_some() && approved != r.known_approved_hash {
                    return Err(BundleError::Conflict { dataset: r.name.clone() });
                }
            }
        }
        plan.push((inc, here, false));
    }

    let mut items = Vec::new();
    for (inc, here, seen) in plan {
        let r = &inc.record;
        if seen {
            let id = here.map_or(0, |h| h.0 .0);
            items.push(Item { dataset: id, name: r.name.clone(), outcome: Outcome::Unchanged });
            continue;
        }
        let id = apply_submission(ws, staged, inc, here.map(|h| h.0), actor, progress, cancel)?;
        items.push(Item { dataset: id.0, name: r.name.clone(), outcome: Outcome::Added });
    }
    Ok(Report { kind: Kind::Submissions, items })
}

fn apply_submission(
    ws: &mut Workspace,
    staged: &Staged,
    inc: &Incoming,
    here: Option<DatasetId>,
    actor: &Actor,
    progress: &(dyn Fn(&Progress) + Sync),
    cancel: &CancelToken,
) -> Result<DatasetId, BundleError> {
    let r = &inc.record;
    let data_sha = staged
        .manifest
        .files
        .iter()
        .find(|f| f.path == inc.data)
        .map(|f| f.sha256.to_ascii_lowercase())
        .unwrap_or_default();
    // Only metadata or policy changed: the data version here is the one sent.
    let same_data: Option<i64> = match here {
        Some(id) => ws
            .conn()
            .query_row(
                "SELECT id FROM dataset_versions WHERE dataset_id = ?1 AND source_sha256 = ?2
                 AND version = (SELECT max(version) FROM dataset_versions WHERE dataset_id = ?1)",
                params![id, data_sha],
                |row| row.get(0),
            )
            .optional()?,
        None => None,
    };
    if let (Some(id), Some(version_id)) = (here, same_data) {
        ws.with_tx(|tx| place(tx, staged, inc, id, version_id, false, actor))?;
        return Ok(id);
    }
    let csv = staged.path(&inc.data).ok_or_else(|| staged.tampered(&inc.data))?;
    // The staged member has a name of our own; give the import the dataset's.
    let named = staged.staging_dir().join(format!("{}.csv", r.dataset_uid));
    std::fs::rename(csv, &named).map_err(|e| BundleError::Write { path: named.display().to_string(), source: e })?;
    let opts = ImportOptions {
        header_row: Some(1),
        ragged: RaggedStrategy::Fail,
        into: here.map(|id| id.to_string()),
        name: Some(r.name.clone()),
        encoding: Some(TextEncoding::Utf8),
        delimiter: Some(",".into()),
        verbatim: true,
        ..Default::default()
    };
    let outcome = crate::pipeline::import_file_then(ws, &named, &opts, actor, progress, cancel, |tx, outcome| {
        let table = outcome.datasets.first().ok_or_else(|| staged.tampered(&inc.data))?;
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        if table.rows != r.rows || names != r.columns.iter().map(String::as_str).collect::<Vec<_>>() {
            return Err(staged.tampered(&inc.data));
        }
        let version_id: i64 = tx.query_row(
            "SELECT id FROM dataset_versions WHERE dataset_id = ?1 AND version = ?2",
            [table.id, table.version],
            |row| row.get(0),
        )?;
        place(tx, staged, inc, DatasetId(table.id), version_id, here.is_none(), actor)
    })?;
    Ok(DatasetId(outcome.datasets.first().map(|t| t.id).unwrap_or_default()))
}

/// Gives the version the sender's metadata, dictionary and policy, records the
/// submission as the sender made it, and queues it.
fn place(
    tx: &Transaction<'_>,
    staged: &Staged,
    inc: &Incoming,
    id: DatasetId,
    version_id: i64,
    new: bool,
    actor: &Actor,
) -> Result<(), BundleError> {
    let r = &inc.record;
    if new {
        tx.execute("UPDATE datasets SET uid = ?1, origin = ?2 WHERE id = ?3", params![r.dataset_uid, r.origin, id])?;
    }
    tx.execute("UPDATE datasets SET name = ?1 WHERE id = ?2", params![r.name, id])?;
    tx.execute("DELETE FROM metadata WHERE version_id = ?1", [version_id])?;
    for (field, value) in &r.metadata {
        tx.execute(
            "INSERT INTO metadata (version_id, field, value) VALUES (?1, ?2, ?3)",
            params![version_id, field, value.to_string()],
        )?;
    }
    for d in &r.dictionary {
        tx.execute(
            "UPDATE columns SET description = ?1, unit = ?2, open = ?3, group_name = ?4 WHERE version_id = ?5 AND name = ?6",
            params![d.description, d.unit, d.open as i64, d.group, version_id, d.name],
        )?;
    }
    tx.execute("DELETE FROM masking_policy WHERE version_id = ?1", [version_id])?;
    tx.execute("DELETE FROM coarsening WHERE version_id = ?1", [version_id])?;
    let policy_member = format!("policy/{}.json", r.dataset_uid);
    for p in &inc.policy.columns {
        let op = Operator::parse(&p.operator).ok_or_else(|| staged.tampered(&policy_member))?;
        let position: Option<i64> = tx
            .query_row(
                "SELECT position FROM columns WHERE version_id = ?1 AND name = ?2",
                params![version_id, p.name],
                |row| row.get(0),
            )
            .optional()?;
        let position = position.ok_or_else(|| staged.tampered(&policy_member))?;
        tx.execute(
            "INSERT INTO masking_policy (version_id, position, operator, reason, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![version_id, position, op.as_str(), p.reason, r.submitted_by, r.submitted_at],
        )?;
        if let Some(rule) = p.coarsen {
            crate::sensitive::disclosure::restore_coarsen(tx, version_id, position, rule, &r.submitted_by)?;
        }
    }
    let restored = match &inc.policy.disclosure {
        Some(d) => crate::sensitive::disclosure::restore(tx, version_id, d, &r.submitted_by, &r.submitted_at)?,
        None => crate::sensitive::disclosure::restore(
            tx,
            version_id,
            &Default::default(),
            &r.submitted_by,
            &r.submitted_at,
        )?,
    };
    if !restored {
        return Err(staged.tampered(&policy_member));
    }
    crate::clean::restore_portable(tx, version_id, inc.policy.cleaning.as_deref().unwrap_or_default())?;
    // Every row scanned here, with the ends the sender's masks keep.
    let scan = crate::sensitive::scan(tx, id, true)?;
    crate::sensitive::save_scan(tx, version_id, &scan)?;
    for p in &inc.policy.columns {
        tx.execute(
            "UPDATE sensitive_findings SET keep_head = ?1, keep_tail = ?2
             WHERE version_id = ?3 AND position = (SELECT position FROM columns WHERE version_id = ?3 AND name = ?4)",
            params![p.keep_head, p.keep_tail, version_id, p.name],
        )?;
    }
    let version: i64 =
        tx.query_row("SELECT version FROM dataset_versions WHERE id = ?1", [version_id], |row| row.get(0))?;
    tx.execute(
        "INSERT INTO bundle_submissions (dataset_id, version, origin_version, origin_hash, submitted_by, submitted_at,
                                         bundle_sha256, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, version, r.version, r.content_hash, r.submitted_by, r.submitted_at, staged.sha256, now_rfc3339()],
    )?;
    // The sender's content replaced what was here: an edit like any other, which
    // withdraws a submission or voids an approval of the content it replaced.
    let detail = serde_json::json!({
        "file": staged.file,
        "submitted_by": r.submitted_by,
        "origin_version": r.version,
    });
    lifecycle::edited(tx, id, actor, Edit { action: "bundle.imported", detail })?;
    // What submitting needed must hold here too, and what arrived must be what
    // the sender submitted: the hash recomputed from the imported rows,
    // metadata and policy equals the one the record claims.
    review::submission_checks(tx, id)?;
    let hash = review::content_hash(tx, id)?;
    if hash != r.content_hash {
        return Err(BundleError::ContentMismatch { dataset: r.name.clone() });
    }
    let snap = review::snapshot(tx, id)?;
    let submitter = Actor::new(r.submitted_by.clone(), Source::Bundle);
    let step = Step {
        action: "submit",
        hash: &hash,
        comment: None,
        snapshot: serde_json::to_string(&snap).ok(),
        at: Some(&r.submitted_at),
    };
    lifecycle::record(tx, id, &submitter, &step)?;
    lifecycle::set_status(tx, id, DatasetStatus::Submitted)?;
    audit::append(
        tx,
        &submitter,
        "dataset.submitted",
        Some(&id.to_string()),
        &serde_json::json!({ "content_hash": hash }),
    )?;
    Ok(())
}

fn decisions(ws: &mut Workspace, staged: &Staged, actor: &Actor) -> Result<Report, BundleError> {
    let file: DecisionsFile = staged.json("decisions.json")?;
    if file.decisions.is_empty() {
        return Err(BundleError::Empty);
    }
    // All or nothing: a decision about content that changed since it was sent
    // refuses the whole file, before anything is applied.
    let mut plan: Vec<(&Decision, DatasetId, bool, String)> = Vec::new();
    for d in &file.decisions {
        if !matches!(d.action.as_str(), "approve" | "return") {
            return Err(staged.tampered("decisions.json"));
        }
        // Signed by a steward this workspace trusts, over exactly this claim.
        let claim = review::DecisionClaim {
            dataset_uid: &d.dataset_uid,
            action: &d.action,
            at: &d.at,
            steward: &d.actor,
            content_hash: &d.origin_hash,
            comment: d.comment.as_deref(),
            comments: &d.comments,
        };
        let signed = crate::auth::Signed { signer: d.signer.clone(), signature: d.signature.clone() };
        let dataset = d.name.clone();
        let steward = match crate::auth::verify(ws.conn(), Some(&signed), &claim.message())? {
            Ok(key) if key.name == d.actor => key.name,
            Ok(_) | Err(Refusal::Invalid) => return Err(BundleError::BadSignature { dataset }),
            Err(Refusal::Unsigned) => return Err(BundleError::Unsigned { dataset }),
            Err(Refusal::Untrusted(fingerprint)) => return Err(BundleError::UntrustedKey { dataset, fingerprint }),
        };
        let stale = || BundleError::StaleDecision { dataset: d.name.clone() };
        let (id, status, origin) = local(ws.conn(), &d.dataset_uid)?.ok_or_else(stale)?;
        // Decisions come back for the datasets this workspace created.
        if origin.is_some() {
            return Err(BundleError::UidCollision { dataset: d.name.clone() });
        }
        let applied: bool = ws.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM bundle_decisions WHERE dataset_id = ?1 AND origin_hash = ?2 AND action = ?3 AND decided_at = ?4)",
            params![id, d.origin_hash, d.action, d.at],
            |row| row.get(0),
        )?;
        if !applied && (status != DatasetStatus::Submitted || review::content_hash(ws.conn(), id)? != d.origin_hash) {
            return Err(stale());
        }
        plan.push((d, id, applied, steward));
    }
    let items = ws.with_tx(|tx| -> Result<Vec<Item>, BundleError> {
        let mut items = Vec::new();
        for (d, id, applied, steward) in plan {
            if applied {
                items.push(Item { dataset: id.0, name: d.name.clone(), outcome: Outcome::Unchanged });
                continue;
            }
            let decider = Actor::new(steward, Source::Bundle);
            let approve = d.action == "approve";
            let snap = if approve { serde_json::to_string(&review::snapshot(tx, id)?).ok() } else { None };
            let step = Step {
                action: &d.action,
                hash: &d.origin_hash,
                comment: d.comment.as_deref(),
                snapshot: snap,
                at: Some(&d.at),
            };
            let review_id = lifecycle::record(tx, id, &decider, &step)?;
            review::insert_comments(tx, review_id, &d.comments)?;
            tx.execute(
                "UPDATE reviews SET signer = ?1, signature = ?2 WHERE id = ?3",
                params![d.signer, d.signature, review_id],
            )?;
            let to = if approve { DatasetStatus::Approved } else { DatasetStatus::Returned };
            lifecycle::set_status(tx, id, to)?;
            tx.execute(
                "INSERT INTO bundle_decisions (dataset_id, origin_hash, action, decided_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, d.origin_hash, d.action, d.at],
            )?;
            let detail = serde_json::json!({ "content_hash": d.origin_hash });
            audit::append(tx, &decider, &format!("dataset.{to}"), Some(&id.to_string()), &detail)?;
            let detail = serde_json::json!({ "file": staged.file, "action": d.action, "by": d.actor });
            audit::append(tx, actor, "decision.applied", Some(&id.to_string()), &detail)?;
            let outcome = if approve { Outcome::Approved } else { Outcome::Returned };
            items.push(Item { dataset: id.0, name: d.name.clone(), outcome });
        }
        Ok(items)
    })?;
    Ok(Report { kind: Kind::Decisions, items })
}
