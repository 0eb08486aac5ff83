//! The central portal: its settings (kind, name, URL, organisation), its API
//! token (in the OS keyring, never in the workspace), and the outbox that
//! publishes approved datasets exactly once on a bad network.
//!
//! * `api`: the [`Portal`] trait, what publishing needs of any portal;
//! * `ckan`: the CKAN Action API, the first kind;
//! * `queue`: the outbox in the workspace, and its states;
//! * `artifacts`: the package document and files built for an item;
//! * `worker`: drains the queue through a [`Portal`].
//!
//! A new kind of portal is one `impl Portal` and one arm in [`connect`].

mod api;
mod artifacts;
mod ckan;
mod queue;
mod secret;
mod worker;

use std::sync::Arc;

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::clock::now_rfc3339;
use crate::dataset::DatasetError;
use crate::error::{params as p, Coded, ErrorCode};
use crate::review::ReviewError;
use crate::sensitive::SensitiveError;
use crate::workspace::{Workspace, WorkspaceError};

pub use api::{ArtifactFile, PackageDraft, Portal, RemoteArtifact, RemotePackage};
pub(crate) use ckan::read_answer as interpret_answer;
pub use ckan::{Ckan, ConnectionReport, Timeouts};
pub use queue::{enqueue, outbox, publications, retry, OutboxItem, OutboxState, Publication};
pub use secret::{delete_token, load_token, store_token, Token};
pub use worker::{drain, DrainOptions, DrainSummary};

/// How Kaifang talks to a portal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PortalKind {
    /// The CKAN Action API (2.9 and later).
    #[default]
    Ckan,
}

impl PortalKind {
    pub const ALL: [PortalKind; 1] = [PortalKind::Ckan];

    pub fn as_str(self) -> &'static str {
        match self {
            PortalKind::Ckan => "ckan",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A portal as the workspace knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PortalConfig {
    pub name: String,
    pub kind: PortalKind,
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
    #[error("{0} would send the token unencrypted: use https://")]
    Insecure(String),
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
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

impl From<crate::lifecycle::LifecycleError> for PortalError {
    fn from(e: crate::lifecycle::LifecycleError) -> Self {
        match e {
            crate::lifecycle::LifecycleError::NotAllowed { from, to } => {
                ReviewError::WrongState { action: to.step(), status: from }.into()
            }
            crate::lifecycle::LifecycleError::Sqlite(e) => e.into(),
        }
    }
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
            PortalError::Insecure(_) => ErrorCode::PortalInsecure,
            PortalError::Auth(e) => e.code(),
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
            PortalError::InvalidUrl(u) | PortalError::Insecure(u) => p([("url", u.clone())]),
            PortalError::Auth(e) => e.params(),
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

/// The scheme, host and port a URL sends its token to (`https`, `data.gov.cn`, 443).
pub fn url_origin(url: &str) -> Option<(String, String, u16)> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    // user:password@ in a portal address would leak a credential into logs.
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        (host.to_owned(), after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (authority.to_owned(), None),
        }
    };
    let port = match port {
        Some(p) => p.parse().ok()?,
        None => default_port,
    };
    if host.is_empty() {
        return None;
    }
    Some((scheme, host.to_ascii_lowercase(), port))
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A portal address Kaifang will send a token to: https, or http on this machine.
fn normalize_url(url: &str) -> Result<String, PortalError> {
    let u = url.trim().trim_end_matches('/');
    let invalid = || PortalError::InvalidUrl(url.trim().chars().take(200).collect());
    if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid());
    }
    let (scheme, host, _) = url_origin(u).ok_or_else(invalid)?;
    if scheme == "http" && !is_loopback(&host) {
        return Err(PortalError::Insecure(u.chars().take(200).collect()));
    }
    Ok(u.to_owned())
}

/// Adds or changes a portal (a steward action); `token`, when given, goes to the
/// keyring. Pointing a portal at another scheme, host or port drops its stored
/// token: a token is for the server it was issued by, and is asked for again.
pub fn add(
    ws: &mut Workspace,
    kind: PortalKind,
    name: &str,
    url: &str,
    org: &str,
    token: Option<&Token>,
    by: &crate::auth::Unlocked,
) -> Result<PortalConfig, PortalError> {
    crate::auth::steward(ws.conn(), by)?;
    let actor = by.actor();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(PortalError::InvalidName);
    }
    let url = normalize_url(url)?;
    let org = org.trim();
    if org.is_empty() {
        return Err(PortalError::OrgUnknown(String::new()));
    }
    let key = token_key(&workspace_id(ws.conn())?, name);
    let before: Option<String> =
        ws.conn().query_row("SELECT url FROM portals WHERE name = ?1", [name], |r| r.get(0)).optional()?;
    let moved = before.is_some_and(|b| url_origin(&b) != url_origin(&url));
    match token {
        Some(t) => store_token(&key, t)?,
        None if moved => delete_token(&key)?,
        None => {}
    }
    let token_dropped = moved && token.is_none();
    ws.with_tx(|tx| -> Result<(), PortalError> {
        tx.execute(
            "INSERT INTO portals (name, kind, url, org, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, url = excluded.url, org = excluded.org,
                 schema = NULL, required = NULL",
            params![name, kind.as_str(), url, org, now_rfc3339()],
        )?;
        // The token is never part of the detail: only that one was set.
        let detail = serde_json::json!({
            "kind": kind, "url": url, "org": org, "token_set": token.is_some(), "token_dropped": token_dropped,
        });
        audit::append(tx, actor, "portal.saved", Some(name), &detail)?;
        Ok(())
    })?;
    get(ws.conn(), name)
}

/// The settings key of the office's choice to publish a workbook beside the CSV.
const XLSX_KEY: &str = "publish.xlsx";

/// Whether the office publishes an Excel workbook (XLSX) beside each CSV.
pub fn xlsx_chosen(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [XLSX_KEY], |r| r.get::<_, String>(0))
        .optional()?
        .is_some_and(|v| v == "true"))
}

/// A steward chooses whether an XLSX goes beside each CSV (audited).
pub fn set_xlsx(ws: &mut Workspace, on: bool, by: &crate::auth::Unlocked) -> Result<bool, PortalError> {
    crate::auth::steward(ws.conn(), by)?;
    ws.with_tx(|tx| -> Result<(), PortalError> {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![XLSX_KEY, if on { "true" } else { "false" }],
        )?;
        audit::append(tx, by.actor(), "settings.publish_xlsx", None, &serde_json::json!({ "xlsx": on }))?;
        Ok(())
    })?;
    Ok(xlsx_chosen(ws.conn())?)
}

/// Removes a portal and its token (a steward action).
pub fn remove(ws: &mut Workspace, name: &str, by: &crate::auth::Unlocked) -> Result<(), PortalError> {
    crate::auth::steward(ws.conn(), by)?;
    let actor = by.actor();
    let cfg = get(ws.conn(), name)?;
    delete_token(&token_key(&workspace_id(ws.conn())?, &cfg.name))?;
    ws.with_tx(|tx| -> Result<(), PortalError> {
        tx.execute(
            "DELETE FROM outbox WHERE portal = ?1 AND state IN (?2, ?3)",
            params![cfg.name, OutboxState::Queued, OutboxState::Failed],
        )?;
        tx.execute("DELETE FROM portals WHERE name = ?1", [&cfg.name])?;
        audit::append(tx, actor, "portal.removed", Some(&cfg.name), &serde_json::json!({}))?;
        Ok(())
    })
}

const CONFIG_SQL: &str = "SELECT name, kind, url, org FROM portals";

fn config_of(conn: &Connection, r: &rusqlite::Row<'_>) -> rusqlite::Result<PortalConfig> {
    let name: String = r.get(0)?;
    let kind: String = r.get(1)?;
    let has_token = workspace_id(conn).ok().and_then(|id| load_token(&token_key(&id, &name)).ok().flatten()).is_some();
    Ok(PortalConfig {
        kind: PortalKind::parse(&kind).unwrap_or_default(),
        name,
        url: r.get(2)?,
        org: r.get(3)?,
        has_token,
    })
}

pub fn get(conn: &Connection, name: &str) -> Result<PortalConfig, PortalError> {
    let found =
        conn.query_row(&format!("{CONFIG_SQL} WHERE name = ?1"), [name.trim()], |r| config_of(conn, r)).optional()?;
    found.ok_or_else(|| PortalError::Unknown(name.trim().to_owned()))
}

pub fn list(conn: &Connection) -> Result<Vec<PortalConfig>, PortalError> {
    let mut stmt = conn.prepare(&format!("{CONFIG_SQL} ORDER BY name"))?;
    let rows = stmt.query_map([], |r| config_of(conn, r))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The portal to use when none is named: the only one there is.
pub fn default_portal(conn: &Connection) -> Result<PortalConfig, PortalError> {
    let all = list(conn)?;
    match all.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(PortalError::Unknown(String::new())),
    }
}

/// The portal, connected with its token from the keyring. The one place that
/// knows every kind.
pub fn connect(conn: &Connection, cfg: &PortalConfig, timeouts: Timeouts) -> Result<Arc<dyn Portal>, PortalError> {
    let token = load_token(&token_key(&workspace_id(conn)?, &cfg.name))?
        .ok_or_else(|| PortalError::TokenMissing(cfg.name.clone()))?;
    Ok(match cfg.kind {
        PortalKind::Ckan => Arc::new(Ckan::new(&cfg.url, token, timeouts)?),
    })
}

/// Keeps the fields the portal said it requires (from a connection check), so
/// publishing can refuse a dataset without them before uploading anything.
pub fn save_required(ws: &mut Workspace, name: &str, fields: &[String]) -> Result<(), PortalError> {
    let text = serde_json::to_string(fields).unwrap_or_else(|_| "[]".into());
    ws.conn().execute("UPDATE portals SET required = ?1 WHERE name = ?2", params![text, name])?;
    Ok(())
}

/// The fields the portal requires, as last checked (none before any check).
pub fn required_fields(conn: &Connection, name: &str) -> Result<Vec<String>, PortalError> {
    let text: Option<String> =
        conn.query_row("SELECT required FROM portals WHERE name = ?1", [name], |r| r.get(0)).optional()?.flatten();
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_goes_only_to_https_or_to_this_machine() {
        assert_eq!(url_origin("https://Data.Gov.cn/api/"), Some(("https".into(), "data.gov.cn".into(), 443)));
        assert_eq!(url_origin("http://[::1]:5000"), Some(("http".into(), "::1".into(), 5000)));
        assert_eq!(url_origin("https://user:pw@data.gov.cn"), None, "no credentials in the address");
        assert_eq!(url_origin("ftp://data.gov.cn"), None);
        assert!(normalize_url("http://127.0.0.1:5000/").is_ok());
        assert!(normalize_url("http://localhost:5000").is_ok());
        assert!(matches!(normalize_url("http://data.gov.cn"), Err(PortalError::Insecure(_))));
        assert!(matches!(normalize_url("http://127.0.0.1.evil.cn"), Err(PortalError::Insecure(_))));
        assert_ne!(url_origin("https://a.cn"), url_origin("https://a.cn:8443"), "another port is another server");
    }
}
