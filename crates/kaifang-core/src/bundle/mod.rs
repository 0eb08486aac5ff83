//! Offline bundles: submissions travel from a clerk's PC to a steward's as a
//! `.kaifang` file, and the steward's decisions travel back the same way.
//!
//! A submissions bundle is a zip that is also a valid Frictionless data package:
//! `datapackage.json` (metadata and Table Schema), `data/<uid>.csv` (UTF-8),
//! plus `policy/<uid>.json` (the masking policy), `submissions/<uid>.json` (the
//! submission record) and `manifest.json` (the size and SHA-256 of every other
//! member). A decisions bundle holds `decisions.json` and its manifest.
//!
//! A submissions bundle carries raw data, so the zip travels encrypted (age,
//! X25519) to every steward key the sending workspace trusts: a lost USB stick
//! exposes nothing. Each record names the workspace that created the dataset,
//! and a bundle never replaces a dataset created here or elsewhere. On arrival
//! the steward's workspace recomputes the content hash from what it imported and
//! refuses a bundle whose claim differs, and runs the submit checks again.
//! A decisions bundle carries no data: each decision is signed by the steward's
//! Ed25519 key over the dataset uid, action, time and content hash, and a
//! workspace applies only decisions signed by a key it trusts (imported from an
//! office key file, never from a bundle).
//!
//! Reading trusts nothing in the file: an allow-list of exact member names, a
//! byte cap on what is declared and on what is read, the overlap check, every hash
//! verified while unpacking into a staging folder, and all of it before anything
//! touches the workspace (see `read.rs`). Importing the same bundle twice changes
//! nothing (see `apply.rs`).

mod apply;
mod read;
mod write;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dataset::DatasetError;
use crate::error::{params as p, Coded, ErrorCode};
use crate::import::ImportError;
use crate::metadata::Values;
use crate::review::ReviewError;
use crate::sensitive::SensitiveError;
use crate::workspace::WorkspaceError;

pub use apply::import;
pub use read::is_encrypted;
pub use write::{export_decisions, export_submissions};

/// What the manifest says the file is.
pub const FORMAT: &str = "kaifang-bundle";
/// The newest bundle format this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 2;
/// The most a bundle may declare (and so unpack), in bytes.
pub const MAX_CONTENT_BYTES: u64 = 4 << 30;
/// The most a JSON member may be.
const MAX_JSON_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "BundleKind")]
pub enum Kind {
    /// Clerk → steward: datasets waiting for review.
    Submissions,
    /// Steward → clerk: approvals and returns.
    Decisions,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    format: String,
    format_version: u32,
    kind: Kind,
    created_at: String,
    created_by: String,
    /// The sending workspace.
    #[serde(default)]
    workspace: String,
    files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct FileEntry {
    path: String,
    size: u64,
    sha256: String,
}

/// `submissions/<uid>.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SubmissionRecord {
    dataset_uid: String,
    /// The workspace that created the dataset.
    #[serde(default)]
    origin: String,
    name: String,
    /// The version in the sender's workspace.
    version: i64,
    /// The sender's content hash of what was submitted.
    content_hash: String,
    /// The last approval the sender knows of: a new form of an approved dataset
    /// is accepted only from someone who has seen that approval.
    known_approved_hash: Option<String>,
    submitted_by: String,
    submitted_at: String,
    columns: Vec<String>,
    rows: u64,
    metadata: Values,
    dictionary: Vec<DictItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DictItem {
    name: String,
    /// The merged header above the column, if any.
    #[serde(default)]
    group: Option<String>,
    description: Option<String>,
    unit: Option<String>,
    open: bool,
}

/// `policy/<uid>.json`: the operator in force for each column.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PolicyFile {
    columns: Vec<PolicyItem>,
    /// Suppressed values and the risk policy (disclosure control), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    disclosure: Option<crate::sensitive::disclosure::Portable>,
    /// The cleaning steps of the version, if it was cleaned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cleaning: Option<Vec<crate::clean::PortableStep>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PolicyItem {
    name: String,
    operator: String,
    reason: Option<String>,
    /// Characters a mask keeps at each end (an office convention).
    #[serde(default)]
    keep_head: Option<u32>,
    #[serde(default)]
    keep_tail: Option<u32>,
    /// A generalisation level (disclosure control).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    coarsen: Option<crate::sensitive::Coarsen>,
}

/// One entry of `decisions.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Decision {
    dataset_uid: String,
    name: String,
    origin_version: i64,
    /// The clerk's content hash the decision is about.
    origin_hash: String,
    /// `approve` or `return`.
    action: String,
    actor: String,
    at: String,
    comment: Option<String>,
    /// (target, text): `field:<id>` or `column:<position>`.
    comments: Vec<(String, String)>,
    /// The steward's key fingerprint and Ed25519 signature over the claim.
    #[serde(default)]
    signer: String,
    #[serde(default)]
    signature: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DecisionsFile {
    decisions: Vec<Decision>,
}

/// What importing a bundle did, dataset by dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "BundleReport")]
pub struct Report {
    pub kind: Kind,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "BundleItem")]
pub struct Item {
    #[ts(type = "number")]
    pub dataset: i64,
    pub name: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "BundleOutcome")]
pub enum Outcome {
    /// Placed in the review queue.
    Added,
    /// Already here: nothing changed.
    Unchanged,
    Approved,
    Returned,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "BundleWritten")]
pub struct Written {
    pub file_name: String,
    #[ts(type = "number")]
    pub datasets: usize,
    #[ts(type = "number")]
    pub bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{file} is not a readable bundle: {reason}")]
    Corrupt { file: String, reason: String },
    #[error("{file}: {member} does not match the manifest")]
    Tampered { file: String, member: String },
    #[error("{file} holds an unexpected member {member}")]
    UnsafePath { file: String, member: String },
    #[error("{file} declares {size} bytes, more than {limit}")]
    TooLarge { file: String, size: u64, limit: u64 },
    #[error("{file} is bundle format {version}, newer than this Kaifang reads")]
    NewerFormat { file: String, version: u32 },
    #[error("{dataset} is already approved here in a different form")]
    Conflict { dataset: String },
    #[error("the decision on {dataset} is about content that has changed")]
    StaleDecision { dataset: String },
    #[error("nothing to bundle")]
    Empty,
    #[error("{dataset}: what the bundle holds is not what it claims")]
    ContentMismatch { dataset: String },
    #[error("{dataset} would replace a dataset created in another workspace")]
    UidCollision { dataset: String },
    #[error("no trusted steward key to encrypt the bundle to")]
    NoRecipient,
    #[error("{file} is not encrypted to a steward unlocked here")]
    NotForYou { file: String },
    #[error("{file} carries data but is not encrypted")]
    Unencrypted { file: String },
    #[error("the decision on {dataset} is not signed")]
    Unsigned { dataset: String },
    #[error("the signature on the decision on {dataset} does not verify")]
    BadSignature { dataset: String },
    #[error("the decision on {dataset} is signed by a key this workspace does not trust ({fingerprint})")]
    UntrustedKey { dataset: String, fingerprint: String },
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    #[error("cannot write {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Review(#[from] ReviewError),
    #[error(transparent)]
    Sensitive(#[from] SensitiveError),
    #[error(transparent)]
    Cleaning(Box<crate::clean::CleanError>),
    #[error(transparent)]
    Dataset(#[from] DatasetError),
}

impl From<crate::lifecycle::LifecycleError> for BundleError {
    fn from(e: crate::lifecycle::LifecycleError) -> Self {
        match e {
            crate::lifecycle::LifecycleError::NotAllowed { from, to } => {
                ReviewError::WrongState { action: to.step(), status: from }.into()
            }
            crate::lifecycle::LifecycleError::Sqlite(e) => e.into(),
        }
    }
}

impl From<rusqlite::Error> for BundleError {
    fn from(e: rusqlite::Error) -> Self {
        BundleError::Dataset(DatasetError::Workspace(WorkspaceError::Sqlite(e)))
    }
}

impl Coded for BundleError {
    fn code(&self) -> ErrorCode {
        match self {
            BundleError::Corrupt { .. } => ErrorCode::BundleCorrupt,
            BundleError::Tampered { .. } => ErrorCode::BundleTampered,
            BundleError::UnsafePath { .. } => ErrorCode::BundleUnsafePath,
            BundleError::TooLarge { .. } => ErrorCode::BundleTooLarge,
            BundleError::NewerFormat { .. } => ErrorCode::BundleNewerFormat,
            BundleError::Conflict { .. } => ErrorCode::BundleConflict,
            BundleError::StaleDecision { .. } => ErrorCode::BundleStaleDecision,
            BundleError::Empty => ErrorCode::BundleEmpty,
            BundleError::ContentMismatch { .. } => ErrorCode::BundleContentMismatch,
            BundleError::UidCollision { .. } => ErrorCode::BundleUidCollision,
            BundleError::NoRecipient => ErrorCode::BundleNoRecipient,
            BundleError::NotForYou { .. } => ErrorCode::BundleNotForYou,
            BundleError::Unencrypted { .. } => ErrorCode::BundleUnencrypted,
            BundleError::Unsigned { .. } => ErrorCode::DecisionUnsigned,
            BundleError::BadSignature { .. } => ErrorCode::DecisionSignatureInvalid,
            BundleError::UntrustedKey { .. } => ErrorCode::DecisionKeyUntrusted,
            BundleError::Auth(e) => e.code(),
            BundleError::Write { source, .. } if crate::error::is_disk_full(source) => ErrorCode::WorkspaceDiskFull,
            BundleError::Write { .. } => ErrorCode::Io,
            BundleError::Import(e) => e.code(),
            BundleError::Review(e) => e.code(),
            BundleError::Sensitive(e) => e.code(),
            BundleError::Cleaning(e) => e.code(),
            BundleError::Dataset(e) => e.code(),
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        let mb = |b: u64| (b / (1 << 20)).to_string();
        match self {
            BundleError::Corrupt { file, .. } => p([("file", file.clone())]),
            BundleError::Tampered { file, member } | BundleError::UnsafePath { file, member } => {
                p([("file", file.clone()), ("member", member.clone())])
            }
            BundleError::TooLarge { file, size, limit } => {
                p([("file", file.clone()), ("size_mb", mb(*size)), ("limit_mb", mb(*limit))])
            }
            BundleError::NewerFormat { file, version } => p([("file", file.clone()), ("version", version.to_string())]),
            BundleError::Conflict { dataset }
            | BundleError::StaleDecision { dataset }
            | BundleError::ContentMismatch { dataset }
            | BundleError::UidCollision { dataset }
            | BundleError::Unsigned { dataset }
            | BundleError::BadSignature { dataset } => p([("dataset", dataset.clone())]),
            BundleError::UntrustedKey { dataset, fingerprint } => {
                p([("dataset", dataset.clone()), ("fingerprint", fingerprint.clone())])
            }
            BundleError::NotForYou { file } | BundleError::Unencrypted { file } => p([("file", file.clone())]),
            BundleError::Auth(e) => e.params(),
            BundleError::Write { path, .. } => p([("path", path.clone())]),
            BundleError::Import(e) => e.params(),
            BundleError::Review(e) => e.params(),
            BundleError::Sensitive(e) => e.params(),
            BundleError::Cleaning(e) => e.params(),
            BundleError::Dataset(e) => e.params(),
            BundleError::Empty | BundleError::NoRecipient => BTreeMap::new(),
        }
    }
}

fn file_label(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A member name as it may be shown: printable, and short.
fn shown(name: &str) -> String {
    let clean: String = name.chars().map(|c| if c.is_control() { '?' } else { c }).take(120).collect();
    if clean.len() < name.len() {
        format!("{clean}…")
    } else {
        clean
    }
}

/// A dataset's cross-workspace id: 32 lowercase hex digits.
fn is_uid(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The member names a bundle may hold; anything else is refused.
fn allowed(name: &str) -> bool {
    if matches!(name, "datapackage.json" | "decisions.json") {
        return true;
    }
    let uid_member =
        |prefix: &str, ext: &str| name.strip_prefix(prefix).and_then(|rest| rest.strip_suffix(ext)).is_some_and(is_uid);
    uid_member("data/", ".csv") || uid_member("policy/", ".json") || uid_member("submissions/", ".json")
}

/// Verifies and unpacks a plain (unencrypted) bundle and parses each of its
/// JSON parts, without applying anything: what [`import`] does to a file before
/// it touches the workspace. For the fuzzer (`crate::fuzzing::bundle`).
pub(crate) fn read_unapplied(path: &Path, staging_parent: &Path) -> Result<(), BundleError> {
    let staged = read::unpack(path, file_label(path), staging_parent)?;
    for entry in staged.manifest.files.iter().filter(|f| f.path.ends_with(".json")) {
        staged.json::<serde_json::Value>(&entry.path)?;
    }
    Ok(())
}
