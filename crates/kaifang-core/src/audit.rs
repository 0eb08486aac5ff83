//! The append-only audit log.
//!
//! Every transition and edit writes an entry: who, when, what, from which host.
//! Entries are hash-chained: each stores the hash of the one before and its own hash
//! over its fields, so an edited, deleted or reordered entry breaks the chain at that
//! point. The head (last sequence number and hash) is also kept in `meta`, so that
//! cutting entries off the end is visible too. The chain detects tampering; it
//! cannot prevent someone who recomputes every hash, which needs an external anchor
//! (a published head) and is out of scope here.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const HEAD_KEY: &str = "audit_head";

/// Which host made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Desktop,
    Cli,
    Bundle,
    System,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Desktop => "desktop",
            Source::Cli => "cli",
            Source::Bundle => "bundle",
            Source::System => "system",
        }
    }
}

/// Who is acting and through which host; passed to every operation that writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub source: Source,
}

impl Actor {
    pub fn new(name: impl Into<String>, source: Source) -> Self {
        Actor { name: name.into(), source }
    }

    /// The OS account, used until the workspace has users of its own; the
    /// program itself where the OS names nobody (never "unknown").
    pub fn os_user(source: Source) -> Self {
        let name = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .ok()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "kaifang".to_owned());
        Actor { name, source }
    }
}

/// One stored entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub source: String,
    pub action: String,
    pub subject: Option<String>,
    #[ts(type = "Record<string, unknown>")]
    pub detail: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

/// Appends an entry inside the caller's transaction, so the entry commits or rolls
/// back with the change it records. `detail` must not hold personal data.
pub fn append(
    tx: &Transaction<'_>,
    actor: &Actor,
    action: &str,
    subject: Option<&str>,
    detail: &serde_json::Value,
) -> rusqlite::Result<i64> {
    let prev_hash: String = tx
        .query_row("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS_HASH.to_owned());
    let seq: i64 = tx.query_row(
        // AUTOINCREMENT never reuses a number, even after a (forbidden) delete.
        "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0) + 1",
        [],
        |r| r.get(0),
    )?;
    let at = crate::clock::now_rfc3339();
    let detail_text = detail.to_string();
    let hash = entry_hash(seq, &at, &actor.name, actor.source.as_str(), action, subject, &detail_text, &prev_hash);
    tx.execute(
        "INSERT INTO audit_log (seq, at, actor, source, action, subject, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![seq, at, actor.name, actor.source.as_str(), action, subject, detail_text, prev_hash, hash],
    )?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![HEAD_KEY, format!("{seq}:{hash}")],
    )?;
    Ok(seq)
}

/// The hash of one entry's fields; public so external tools can verify an exported log.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    seq: i64,
    at: &str,
    actor: &str,
    source: &str,
    action: &str,
    subject: Option<&str>,
    detail: &str,
    prev_hash: &str,
) -> String {
    // A JSON array is an unambiguous encoding: no field can bleed into the next.
    let canonical = serde_json::json!([seq, at, actor, source, action, subject, detail, prev_hash]).to_string();
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// Why the chain is broken at an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The entry's fields no longer match its hash: it was edited.
    Edited,
    /// The entry does not follow the one before: an entry was deleted or reordered.
    Unlinked,
    /// The last entries were cut off: the recorded head is missing.
    Truncated,
}

/// The first point where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChainBreak {
    /// The sequence number of the first broken entry (for `Truncated`, the head's).
    #[ts(type = "number")]
    pub seq: i64,
    pub kind: BreakKind,
}

/// The result of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChainReport {
    #[ts(type = "number")]
    pub entries: u64,
    pub intact: bool,
    pub first_break: Option<ChainBreak>,
}

/// Walks every entry in order and reports the first break.
pub fn verify(conn: &Connection) -> rusqlite::Result<ChainReport> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, source, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS_HASH.to_owned();
    let mut entries = 0u64;
    let mut last: Option<(i64, String)> = None;
    while let Some(r) = rows.next()? {
        entries += 1;
        let seq: i64 = r.get(0)?;
        let (at, actor, source, action): (String, String, String, String) =
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let subject: Option<String> = r.get(5)?;
        let detail: String = r.get(6)?;
        let prev_hash: String = r.get(7)?;
        let hash: String = r.get(8)?;
        let recomputed = entry_hash(seq, &at, &actor, &source, &action, subject.as_deref(), &detail, &prev_hash);
        let kind = if recomputed != hash {
            Some(BreakKind::Edited)
        } else if prev_hash != expected_prev {
            Some(BreakKind::Unlinked)
        } else {
            None
        };
        if let Some(kind) = kind {
            return Ok(ChainReport { entries, intact: false, first_break: Some(ChainBreak { seq, kind }) });
        }
        expected_prev = hash.clone();
        last = Some((seq, hash));
    }
    let head: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [HEAD_KEY], |r| r.get(0)).optional()?;
    if let Some(head) = head {
        let matches = last.as_ref().is_some_and(|(seq, hash)| head == format!("{seq}:{hash}"));
        if !matches {
            let seq = head.split(':').next().and_then(|s| s.parse().ok()).unwrap_or(0);
            return Ok(ChainReport {
                entries,
                intact: false,
                first_break: Some(ChainBreak { seq, kind: BreakKind::Truncated }),
            });
        }
    }
    Ok(ChainReport { entries, intact: true, first_break: None })
}

/// The most recent entries, newest first.
pub fn recent(conn: &Connection, limit: u32) -> rusqlite::Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, source, action, subject, detail, prev_hash, hash
         FROM audit_log ORDER BY seq DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        let detail: String = r.get(6)?;
        Ok(AuditEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            source: r.get(3)?,
            action: r.get(4)?,
            subject: r.get(5)?,
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        })
    })?;
    rows.collect()
}

/// What part of the workspace an audited change touched, for views that refresh
/// when it changes (whichever process made it: the window, the CLI, a bundle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// The list: a dataset added, renamed, re-imported.
    Datasets,
    Metadata,
    Sensitive,
    /// Submissions, approvals, returns, users.
    Review,
    /// The outbox and publications, and the portals.
    Publish,
    Users,
    /// Workspace settings and masking conventions.
    Settings,
    Backups,
}

impl Topic {
    /// The topics of one audit action. An action on a dataset also changes the
    /// list (its status, its time), so `Datasets` comes with every dataset action.
    pub fn of(action: &str) -> &'static [Topic] {
        use Topic::*;
        match action.split('.').next().unwrap_or_default() {
            "dataset" | "approval" | "submission" | "publication" | "decision" => &[Datasets, Review],
            "metadata" | "dictionary" => &[Datasets, Metadata],
            "policy" | "sensitive" => &[Datasets, Sensitive],
            "publish" => &[Datasets, Publish],
            "portal" => &[Publish],
            "bundle" => &[Datasets, Review],
            "user" => &[Users, Review],
            "settings" | "masking" => &[Settings],
            "key" => &[Settings, Users],
            "workspace" => &[Datasets, Metadata, Sensitive, Review, Publish, Users, Settings, Backups],
            _ => &[Datasets],
        }
    }
}

/// What changed since the last look: the `changed` event's payload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Changed {
    pub topics: Vec<Topic>,
    /// Datasets named by the changes (empty when none was).
    #[ts(type = "Array<number>")]
    pub datasets: Vec<i64>,
}

impl Changed {
    /// Every topic (a workspace restored from a backup).
    pub fn everything() -> Self {
        Changed { topics: Topic::of("workspace.restored").to_vec(), datasets: Vec::new() }
    }
}

/// The entries after `after` (a `seq`), summed up as topics and datasets, with
/// the last `seq` seen. Cheap when nothing changed: one indexed read.
pub fn changed_since(conn: &Connection, after: i64) -> rusqlite::Result<(i64, Changed)> {
    let mut stmt = conn.prepare_cached("SELECT seq, action, subject FROM audit_log WHERE seq > ?1 ORDER BY seq")?;
    let rows =
        stmt.query_map([after], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?;
    let (mut last, mut topics, mut datasets) =
        (after, std::collections::BTreeSet::new(), std::collections::BTreeSet::new());
    for row in rows {
        let (seq, action, subject) = row?;
        last = seq;
        let these = Topic::of(&action);
        topics.extend(these.iter().copied());
        // Only actions on a dataset name one by its id.
        if these.contains(&Topic::Datasets) && action != "workspace.restored" {
            datasets.extend(subject.and_then(|s| s.parse::<i64>().ok()));
        }
    }
    Ok((last, Changed { topics: topics.into_iter().collect(), datasets: datasets.into_iter().collect() }))
}

/// The last entry's `seq` (0 for an empty log).
pub fn last_seq(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COALESCE(max(seq), 0) FROM audit_log", [], |r| r.get(0))
}
