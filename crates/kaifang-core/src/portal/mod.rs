//! The central portal: its settings (name, URL, organisation), its API token
//! (in the OS keyring, never in the workspace), the CKAN client, and the outbox
//! that publishes approved datasets exactly once on a bad network.

mod ckan;
mod outbox;
mod secret;

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::dataset::DatasetError;
use crate::error::{params as p, Coded, ErrorCode};
use crate::review::ReviewError;
use crate::sensitive::SensitiveError;
use crate::workspace::{now_rfc3339, Workspace, WorkspaceError};

pub use ckan::{Ckan, ConnectionReport, Timeouts};
pub use outbox::{drain, enqueue, outbox, publications, retry, DrainOptions, DrainSummary, OutboxItem, Publication};
pub use secret::{delete_token, load_token, store_token, Token};

/// A portal as the workspace knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PortalConfig {
    pub name: String,
    pub url: String,
    /// The organisation (CKAN `owner_org`) datasets are published under.
    pub org: String,
    /// Whether a token is in the keyring for it.
    pub has_token: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    #[error("no portal named {0}")]
    Unknown(String),
    #[error("the portal URL {0} is not an http(s) address")]
    InvalidUrl(String),
    #[error("the portal name is not acceptable")]
    InvalidName,
    #[error("no API token is stored for {0}")]
    TokenMissing(String),
    #[error("the keyring is not available: {0}")]
    Keyring(String),
    #[error("{url} cannot be reached: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("{url} did not answer in time")]
    Timeout { url: String },
    #[error("the portal failed with HTTP {status}")]
    Server {
        status: u16,
        message: String,
        /// Seconds the portal asked us to wait (`Retry-After` on 429 and 503).
        retry_after: Option<u64>,
    },
    #[error("the portal refused the token (HTTP 403): {message}")]
    Forbidden { message: String },
    #[error("not found on the portal: {message}")]
    NotFound { message: String },
    #[error("the dataset name {name} is taken on the portal by someone else")]
    NameTaken { name: String },
    #[error("the portal refused the file as too large")]
    TooLarge { message: String },
    #[error("the portal rejected the request: {message}")]
    Validation { message: String },
    #[error("the organisation {0} does not exist on the portal or the token may not publish to it")]
    OrgUnknown(String),
    #[error("the portal's answer was not understood: {0}")]
    BadResponse(String),
    #[error("the dataset is not approved, or changed after approval")]
    NotApproved { dataset: String },
    #[error("the portal requires fields the dataset lacks: {fields}")]
    SchemaFields { fields: String },
    #[error(transparent)]
    Review(#[from] ReviewError),
    #[error(transparent)]
    Sensitive(#[from] SensitiveError),
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    #[error("cannot write a temporary file: {0}")]
    Io(#[from] std::io::Error),
}

impl From<rusqlite::Error> for PortalError {
    fn from(e: rusqlite::Error) -> Self {
        PortalError::Dataset(DatasetError::Workspace(WorkspaceError::Sqlite(e)))
    }
}

impl From<WorkspaceError> for PortalError {
    fn from(e: WorkspaceError) -> Self {
        PortalError::Dataset(DatasetError::Workspace(e))
    }
}

impl PortalError {
    /// Worth trying again later: the network, a timeout, or the server's own
    /// failure. Never a refusal of what was sent.
    pub fn retryable(&self) -> bool {
        matches!(self, PortalError::Unreachable { .. } | PortalError::Timeout { .. } | PortalError::Server { .. })
    }
}

impl PortalError {
    /// How long the portal asked us to wait before trying again, if it said.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            PortalError::Server { retry_after: Some(s), .. } => Some(std::time::Duration::from_secs(*s)),
            _ => None,
        }
    }
}

impl Coded for PortalError {
    fn code(&self) -> ErrorCode {
        match self {
            PortalError::Unknown(_) => ErrorCode::PortalUnknown,
            PortalError::InvalidUrl(_) => ErrorCode::PortalInvalidUrl,
            PortalError::InvalidName => ErrorCode::PortalInvalidName,
            PortalError::TokenMissing(_) => ErrorCode::PortalTokenMissing,
            PortalError::Keyring(_) => ErrorCode::KeyringUnavailable,
            PortalError::Unreachable { .. } => ErrorCode::PortalUnreachable,
            PortalError::Timeout { .. } => ErrorCode::PortalTimeout,
            PortalError::Server { .. } => ErrorCode::PortalServerError,
            PortalError::Forbidden { .. } => ErrorCode::PortalForbidden,
            PortalError::NotFound { .. } => ErrorCode::PortalNotFound,
            PortalError::NameTaken { .. } => ErrorCode::PortalNameTaken,
            PortalError::TooLarge { .. } => ErrorCode::PortalTooLarge,
            PortalError::Validation { .. } => ErrorCode::PortalValidation,
            PortalError::OrgUnknown(_) => ErrorCode::PortalOrgUnknown,
            PortalError::BadResponse(_) => ErrorCode::PortalBadResponse,
            PortalError::NotApproved { .. } => ErrorCode::PublishNotApproved,
            PortalError::SchemaFields { .. } => ErrorCode::PortalSchemaFields,
            PortalError::Review(e) => e.code(),
            PortalError::Sensitive(e) => e.code(),
            PortalError::Dataset(e) => e.code(),
            PortalError::Io(_) => ErrorCode::Io,
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        match self {
            PortalError::Unknown(n) | PortalError::TokenMissing(n) => p([("portal", n.clone())]),
            PortalError::InvalidUrl(u) => p([("url", u.clone())]),
            PortalError::Keyring(r) => p([("reason", r.clone())]),
            PortalError::Unreachable { url, .. } | PortalError::Timeout { url } => p([("url", url.clone())]),
            PortalError::Server { status, message, .. } => {
                p([("status", status.to_string()), ("message", message.clone())])
            }
            PortalError::Forbidden { message }
            | PortalError::NotFound { message }
            | PortalError::TooLarge { message }
            | PortalError::Validation { message } => p([("message", message.clone())]),
            PortalError::NameTaken { name } => p([("name", name.clone())]),
            PortalError::OrgUnknown(o) => p([("org", o.clone())]),
            PortalError::BadResponse(r) => p([("reason", r.clone())]),
            PortalError::NotApproved { dataset } => p([("dataset", dataset.clone())]),
            PortalError::SchemaFields { fields } => p([("fields", fields.clone())]),
            PortalError::Review(e) => e.params(),
            PortalError::Sensitive(e) => e.params(),
            PortalError::Dataset(e) => e.params(),
            PortalError::InvalidName | PortalError::Io(_) => BTreeMap::new(),
        }
    }
}

/// The keyring entry of a portal's token: one per workspace and portal name.
fn token_key(ws_id: &str, name: &str) -> String {
    format!("portal:{ws_id}:{name}")
}

fn workspace_id(conn: &Connection) -> Result<String, PortalError> {
    Ok(conn.query_row("SELECT value FROM meta WHERE key = 'workspace_id'", [], |r| r.get(0))?)
}

fn normalize_url(url: &str) -> Result<String, PortalError> {
    let u = url.trim().trim_end_matches('/');
    let ok = (u.starts_with("https://") || u.starts_with("http://"))
        && u.len() > "http://".len() + 1
        && !u.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(u.to_owned())
    } else {
        Err(PortalError::InvalidUrl(url.trim().chars().take(200).collect()))
    }
}

/// Adds or changes a portal; `token`, when given, goes to the keyring.
pub fn add(
    ws: &mut Workspace,
    name: &str,
    url: &str,
    org: &str,
    token: Option<&Token>,
    actor: &Actor,
) -> Result<PortalConfig, PortalError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(PortalError::InvalidName);
    }
    let url = normalize_url(url)?;
    let org = org.trim();
    if org.is_empty() {
        return Err(PortalError::OrgUnknown(String::new()));
    }
    if let Some(t) = token {
        store_token(&token_key(&workspace_id(ws.conn())?, name), t)?;
    }
    ws.with_tx(|tx| -> Result<(), PortalError> {
        tx.execute(
            "INSERT INTO portals (name, url, org, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(name) DO UPDATE SET url = excluded.url, org = excluded.org, schema = NULL",
            params![name, url, org, now_rfc3339()],
        )?;
        // The token is never part of the detail: only that one was set.
        let detail = serde_json::json!({ "url": url, "org": org, "token_set": token.is_some() });
        audit::append(tx, actor, "portal.saved", Some(name), &detail)?;
        Ok(())
    })?;
    get(ws.conn(), name)
}

/// Removes a portal and its token.
pub fn remove(ws: &mut Workspace, name: &str, actor: &Actor) -> Result<(), PortalError> {
    let cfg = get(ws.conn(), name)?;
    delete_token(&token_key(&workspace_id(ws.conn())?, &cfg.name))?;
    ws.with_tx(|tx| -> Result<(), PortalError> {
        tx.execute("DELETE FROM outbox WHERE portal = ?1 AND state IN ('queued', 'failed')", [&cfg.name])?;
        tx.execute("DELETE FROM portals WHERE name = ?1", [&cfg.name])?;
        audit::append(tx, actor, "portal.removed", Some(&cfg.name), &serde_json::json!({}))?;
        Ok(())
    })
}

fn config_of(conn: &Connection, name: String, url: String, org: String) -> PortalConfig {
    let has_token = workspace_id(conn).ok().and_then(|id| load_token(&token_key(&id, &name)).ok().flatten()).is_some();
    PortalConfig { name, url, org, has_token }
}

pub fn get(conn: &Connection, name: &str) -> Result<PortalConfig, PortalError> {
    let row: Option<(String, String, String)> = conn
        .query_row("SELECT name, url, org FROM portals WHERE name = ?1", [name.trim()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let (n, u, o) = row.ok_or_else(|| PortalError::Unknown(name.trim().to_owned()))?;
    Ok(config_of(conn, n, u, o))
}

pub fn list(conn: &Connection) -> Result<Vec<PortalConfig>, PortalError> {
    let mut stmt = conn.prepare("SELECT name, url, org FROM portals ORDER BY name")?;
    let rows: Vec<(String, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
    Ok(rows.into_iter().map(|(n, u, o)| config_of(conn, n, u, o)).collect())
}

/// The portal to use when none is named: the only one there is.
pub fn default_portal(conn: &Connection) -> Result<PortalConfig, PortalError> {
    let all = list(conn)?;
    match all.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(PortalError::Unknown(String::new())),
    }
}

/// A client for the portal with its token from the keyring.
pub fn client(conn: &Connection, cfg: &PortalConfig, timeouts: Timeouts) -> Result<Ckan, PortalError> {
    let token = load_token(&token_key(&workspace_id(conn)?, &cfg.name))?
        .ok_or_else(|| PortalError::TokenMissing(cfg.name.clone()))?;
    Ckan::new(&cfg.url, token, timeouts)
}

/// Stores the portal's ckanext-scheming dataset schema (or that it has none).
pub fn save_schema(ws: &mut Workspace, name: &str, schema: Option<&serde_json::Value>) -> Result<(), PortalError> {
    let text = schema.map(serde_json::Value::to_string);
    ws.conn().execute("UPDATE portals SET schema = ?1 WHERE name = ?2", params![text, name])?;
    Ok(())
}

/// The required fields of the cached scheming schema, as CKAN field names.
pub fn required_fields(conn: &Connection, name: &str) -> Result<Vec<String>, PortalError> {
    let text: Option<String> =
        conn.query_row("SELECT schema FROM portals WHERE name = ?1", [name], |r| r.get(0)).optional()?.flatten();
    let Some(schema) = text.and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok()) else {
        return Ok(Vec::new());
    };
    Ok(schema_required(&schema))
}

/// The fields a ckanext-scheming dataset schema marks required.
pub(crate) fn schema_required(schema: &serde_json::Value) -> Vec<String> {
    let fields = schema.get("dataset_fields").and_then(|f| f.as_array());
    fields
        .into_iter()
        .flatten()
        .filter(|f| f.get("required").and_then(serde_json::Value::as_bool) == Some(true))
        .filter_map(|f| f.get("field_name").and_then(|n| n.as_str()).map(str::to_owned))
        .collect()
}
