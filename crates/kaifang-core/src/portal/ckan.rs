//! A client for the CKAN Action API (2.11): `POST {base}/api/3/action/{name}`
//! with the token in `Authorization`, JSON bodies, and multipart uploads
//! streamed from disk so a large file is never held in memory.

use std::path::Path;
use std::time::Duration;

use reqwest::multipart::{Form, Part};
use reqwest::{Body, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio_util::io::ReaderStream;
use ts_rs::TS;

use futures_util::future::{BoxFuture, FutureExt};

use super::api::{ArtifactFile, PackageDraft, Portal, RemoteArtifact, RemotePackage};
use super::{PortalError, Token};
use crate::export::MetadataFormat;

/// How long to wait. A request's whole time is capped except for uploads, which
/// are capped per read instead (a large file takes as long as it takes, a
/// stalled one does not).
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    pub request: Duration,
    pub read: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { connect: Duration::from_secs(10), request: Duration::from_secs(60), read: Duration::from_secs(60) }
    }
}

/// The CKAN client of one portal.
#[derive(Clone)]
pub struct Ckan {
    base: String,
    token: Token,
    http: reqwest::Client,
    timeouts: Timeouts,
}

/// What "Test connection" found, step by step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConnectionReport {
    /// The URL answers as a CKAN portal.
    pub reachable: bool,
    pub ckan_version: Option<String>,
    /// The token is accepted.
    pub token_ok: bool,
    /// The organisation exists and the token may publish to it.
    pub org_ok: bool,
    /// Fields the portal's ckanext-scheming schema requires (empty without one).
    pub required_fields: Vec<String>,
    /// The first failure, as an error code the UI and CLI translate.
    pub problem: Option<crate::ErrorPayload>,
}

fn first_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(first_text),
        Value::Object(o) => o.values().find_map(first_text),
        _ => None,
    }
}

/// CKAN's error object as one line: `name: That URL is already in use.`
fn error_text(err: &Value) -> String {
    match err {
        Value::Object(o) => {
            let mut parts: Vec<String> = o
                .iter()
                .filter(|(k, _)| *k != "__type")
                .filter_map(|(k, v)| first_text(v).map(|t| if k == "message" { t } else { format!("{k}: {t}") }))
                .collect();
            if parts.is_empty() {
                parts.extend(o.get("__type").and_then(first_text));
            }
            parts.join("; ")
        }
        other => first_text(other).unwrap_or_default(),
    }
    .chars()
    .take(500)
    .collect()
}

impl Ckan {
    pub fn new(url: &str, token: Token, timeouts: Timeouts) -> Result<Self, PortalError> {
        let http = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .read_timeout(timeouts.read)
            .user_agent(concat!("Kaifang/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| PortalError::Unreachable { url: url.to_owned(), reason: e.to_string() })?;
        Ok(Ckan { base: url.trim_end_matches('/').to_owned(), token, http, timeouts })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, action: &str) -> String {
        format!("{}/api/3/action/{action}", self.base)
    }

    fn transport(&self, e: &reqwest::Error) -> PortalError {
        if e.is_timeout() {
            PortalError::Timeout { url: self.base.clone() }
        } else {
            // The error's own text names the URL, never the token (it is a header).
            let mut reason = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                reason = format!("{reason}: {s}");
                src = s.source();
            }
            PortalError::Unreachable { url: self.base.clone(), reason }
        }
    }

    /// Turns an HTTP answer into the action's `result`, or the error it means.
    async fn answer(&self, resp: reqwest::Response) -> Result<Value, PortalError> {
        let status = resp.status();
        // Only the seconds form; an HTTP date is rare from CKAN's proxies and the
        // back-off covers it.
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let bytes = resp.bytes().await.map_err(|e| self.transport(&e))?;
        interpret(status, retry_after, &bytes)
    }

    /// Calls an action with a JSON body.
    pub async fn action(&self, name: &str, body: &Value) -> Result<Value, PortalError> {
        let resp = self
            .http
            .post(self.url(name))
            .header("Authorization", self.token.expose())
            .timeout(self.timeouts.request)
            .json(body)
            .send()
            .await
            .map_err(|e| self.transport(&e))?;
        self.answer(resp).await
    }

    /// `status_show`: whether this is a CKAN portal, and its version.
    pub async fn status(&self) -> Result<Value, PortalError> {
        let resp = self
            .http
            .get(self.url("status_show"))
            .timeout(self.timeouts.request)
            .send()
            .await
            .map_err(|e| self.transport(&e))?;
        self.answer(resp).await
    }

    pub async fn package_show(&self, id: &str) -> Result<Option<Value>, PortalError> {
        match self.action("package_show", &json!({ "id": id })).await {
            Ok(p) => Ok(Some(p)),
            Err(PortalError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `resource_create` as multipart: `fields` plus the file in `upload`,
    /// streamed from disk.
    pub async fn resource_upload(
        &self,
        fields: &[(&str, String)],
        file: &Path,
        file_name: &str,
        mime: &str,
    ) -> Result<Value, PortalError> {
        let f = tokio::fs::File::open(file).await?;
        let len = f.metadata().await?.len();
        let part = Part::stream_with_length(Body::wrap_stream(ReaderStream::with_capacity(f, 256 * 1024)), len)
            .file_name(file_name.to_owned())
            .mime_str(mime)
            .map_err(|e| PortalError::BadResponse(e.to_string()))?;
        let mut form = Form::new();
        for (k, v) in fields {
            form = form.text((*k).to_owned(), v.clone());
        }
        form = form.part("upload", part);
        let resp = self
            .http
            .post(self.url("resource_create"))
            .header("Authorization", self.token.expose())
            .multipart(form)
            .send()
            .await
            .map_err(|e| self.transport(&e))?;
        self.answer(resp).await
    }

    /// The organisations the token may create datasets in (names and ids).
    async fn publishable_orgs(&self) -> Result<Vec<(String, String)>, PortalError> {
        let orgs = self.action("organization_list_for_user", &json!({ "permission": "create_dataset" })).await?;
        Ok(orgs
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|o| {
                        let s = |k: &str| o.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
                        (s("name"), s("id"))
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The user the token belongs to. CKAN answers reads with a bad or revoked
    /// token as if no token were sent; `user_show` without an id then finds no
    /// one, which is how a refused token shows.
    pub async fn whoami(&self) -> Result<String, PortalError> {
        match self.action("user_show", &json!({})).await {
            Ok(u) => Ok(u.get("name").and_then(Value::as_str).unwrap_or_default().to_owned()),
            Err(PortalError::NotFound { .. }) => {
                Err(PortalError::Forbidden { message: "the token belongs to no user".into() })
            }
            Err(e) => Err(e),
        }
    }

    /// The id of `org` if the token may publish to it.
    pub async fn org_id(&self, org: &str) -> Result<String, PortalError> {
        let found = self.publishable_orgs().await?.into_iter().find(|(name, id)| name == org || id == org);
        match found {
            Some((_, id)) => Ok(id),
            None => {
                // Tell a refused token from an organisation it may not publish to.
                self.whoami().await?;
                Err(PortalError::OrgUnknown(org.to_owned()))
            }
        }
    }

    /// ckanext-scheming's dataset schema, or `None` where it is not installed.
    pub async fn scheming_schema(&self) -> Result<Option<Value>, PortalError> {
        match self.action("scheming_dataset_schema_show", &json!({ "type": "dataset" })).await {
            Ok(s) => Ok(Some(s)),
            // An unknown action: 400 with a bare string, or 404 on some versions.
            Err(PortalError::Validation { .. } | PortalError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// "Test connection": the URL, then the token, then the organisation.
    pub async fn test(&self, org: &str) -> ConnectionReport {
        use crate::error::Coded;
        let mut r = ConnectionReport {
            reachable: false,
            ckan_version: None,
            token_ok: false,
            org_ok: false,
            required_fields: Vec::new(),
            problem: None,
        };
        match self.status().await {
            Ok(s) => {
                r.reachable = true;
                r.ckan_version = s.get("ckan_version").and_then(|v| v.as_str()).map(str::to_owned);
            }
            Err(e) => {
                r.problem = Some(e.payload());
                return r;
            }
        }
        if let Err(e) = self.whoami().await {
            r.problem = Some(e.payload());
            return r;
        }
        match self.publishable_orgs().await {
            Ok(orgs) => {
                r.token_ok = true;
                r.org_ok = orgs.iter().any(|(name, id)| name == org || id == org);
                if !r.org_ok {
                    r.problem = Some(PortalError::OrgUnknown(org.to_owned()).payload());
                }
            }
            Err(e) => {
                r.problem = Some(e.payload());
                return r;
            }
        }
        if let Ok(fields) = self.required().await {
            r.required_fields = fields;
        }
        r
    }

    /// The required fields of the ckanext-scheming dataset schema (none without one).
    async fn required(&self) -> Result<Vec<String>, PortalError> {
        Ok(self.scheming_schema().await?.as_ref().map(schema_required).unwrap_or_default())
    }

    /// The package holding our name, if it is this dataset's (a create that went
    /// through although its answer was lost); `NameTaken` if it belongs to another.
    async fn adopt(&self, d: &PackageDraft<'_>) -> Result<Value, PortalError> {
        let taken = || PortalError::NameTaken { name: d.name.to_owned() };
        // A package the token may not see (private, another organisation) is not ours.
        let found = match self.package_show(d.name).await {
            Ok(Some(found)) => found,
            Ok(None) | Err(PortalError::Forbidden { .. }) => return Err(taken()),
            Err(e) => return Err(e),
        };
        let ours = extra(&found, "kaifang_uid") == Some(d.uid);
        if !ours || found["owner_org"].as_str() != Some(d.org_id) {
            return Err(taken());
        }
        let mut patch = d.document.clone();
        patch["id"] = found["id"].clone();
        self.action("package_patch", &patch).await
    }

    async fn upsert(&self, d: &PackageDraft<'_>) -> Result<RemotePackage, PortalError> {
        let mut document = d.document.clone();
        if let Some(extras) = document.get_mut("extras").and_then(Value::as_array_mut) {
            extras.push(json!({ "key": "kaifang_uid", "value": d.uid }));
            extras.sort_by(|a, b| a["key"].as_str().cmp(&b["key"].as_str()));
        }
        let d = PackageDraft { document: &document, ..*d };
        // The common paths take one call: a package published before is patched by
        // its id; a new one is created. Only when that fails is the portal asked
        // what holds the name (a create whose answer was lost; someone else's).
        let patched = match d.known_id {
            Some(id) => {
                let mut patch = document.clone();
                patch["id"] = json!(id);
                match self.action("package_patch", &patch).await {
                    Ok(pkg) if pkg["state"] != "deleted" => Some(pkg),
                    Ok(_) | Err(PortalError::NotFound { .. }) => None,
                    Err(e) => return Err(e),
                }
            }
            None => None,
        };
        let pkg = match patched {
            Some(pkg) => pkg,
            None => match self.action("package_create", &document).await {
                Ok(created) => created,
                Err(PortalError::NameTaken { .. }) => self.adopt(&d).await?,
                Err(e) => return Err(e),
            },
        };
        let id = pkg["id"].as_str().ok_or_else(|| PortalError::BadResponse("package without id".into()))?;
        let name = pkg["name"].as_str().unwrap_or_default().to_owned();
        let artifacts = pkg["resources"].as_array().map(|r| r.iter().map(artifact_of).collect()).unwrap_or_default();
        Ok(RemotePackage { id: id.to_owned(), url: format!("{}/dataset/{name}", self.base), name, artifacts })
    }

    async fn put(&self, package: &RemotePackage, a: &ArtifactFile) -> Result<RemoteArtifact, PortalError> {
        let there = package.artifacts.iter().find(|r| r.id == a.id && r.sha256.as_deref() == Some(a.sha256.as_str()));
        if let Some(r) = there {
            return Ok(r.clone());
        }
        let fields = [
            ("package_id", package.id.clone()),
            ("id", a.id.clone()),
            ("name", a.name.clone()),
            ("format", a.format.to_owned()),
            ("hash", a.sha256.clone()),
            ("kaifang_kind", a.kind.to_owned()),
        ];
        let placed = self.resource_upload(&fields, &a.path, &a.file_name, a.media_type).await?;
        Ok(artifact_of(&placed))
    }

    async fn remove_others(&self, package: &RemotePackage, keep: &[String]) -> Result<(), PortalError> {
        for old in package.artifacts.iter().filter(|r| r.kind.is_some() && !keep.contains(&r.id)) {
            match self.action("resource_delete", &json!({ "id": old.id })).await {
                Ok(_) | Err(PortalError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

fn extra<'a>(pkg: &'a Value, key: &str) -> Option<&'a str> {
    pkg.get("extras")?.as_array()?.iter().find(|e| e["key"] == key)?.get("value")?.as_str()
}

/// A CKAN resource as an artifact; `kaifang_kind` marks the ones Kaifang put there.
fn artifact_of(r: &Value) -> RemoteArtifact {
    let text = |k: &str| r[k].as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    RemoteArtifact {
        id: text("id").unwrap_or_default(),
        kind: text("kaifang_kind"),
        sha256: text("hash"),
        size: r["size"].as_u64(),
        url: text("url"),
    }
}

/// The fields a ckanext-scheming dataset schema marks required.
pub(crate) fn schema_required(schema: &Value) -> Vec<String> {
    let fields = schema.get("dataset_fields").and_then(|f| f.as_array());
    fields
        .into_iter()
        .flatten()
        .filter(|f| f.get("required").and_then(Value::as_bool) == Some(true))
        .filter_map(|f| f.get("field_name").and_then(|n| n.as_str()).map(str::to_owned))
        .collect()
}

impl Portal for Ckan {
    fn document_format(&self) -> MetadataFormat {
        MetadataFormat::Ckan
    }

    fn check<'a>(&'a self, org: &'a str) -> BoxFuture<'a, ConnectionReport> {
        self.test(org).boxed()
    }

    fn required_fields(&self) -> BoxFuture<'_, Result<Vec<String>, PortalError>> {
        self.required().boxed()
    }

    fn organisation<'a>(&'a self, org: &'a str) -> BoxFuture<'a, Result<String, PortalError>> {
        self.org_id(org).boxed()
    }

    fn upsert_package<'a>(&'a self, draft: &'a PackageDraft<'a>) -> BoxFuture<'a, Result<RemotePackage, PortalError>> {
        self.upsert(draft).boxed()
    }

    fn put_artifact<'a>(
        &'a self,
        package: &'a RemotePackage,
        artifact: &'a ArtifactFile,
    ) -> BoxFuture<'a, Result<RemoteArtifact, PortalError>> {
        self.put(package, artifact).boxed()
    }

    fn prune<'a>(&'a self, package: &'a RemotePackage, keep: &'a [String]) -> BoxFuture<'a, Result<(), PortalError>> {
        self.remove_others(package, keep).boxed()
    }
}

/// What an action's answer means: its `result`, or the error. Pure, so that it
/// can be fuzzed (`crate::fuzzing::ckan_answer`) on bytes no portal would send.
pub(crate) fn interpret(status: StatusCode, retry_after: Option<u64>, bytes: &[u8]) -> Result<Value, PortalError> {
    let body: Option<Value> = serde_json::from_slice(bytes).ok();
    let error = body.as_ref().and_then(|b| b.get("error")).cloned().unwrap_or(Value::Null);
    let message = match (&body, &error) {
        (_, Value::Null) => body
            .as_ref()
            .and_then(first_text)
            .unwrap_or_else(|| String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).trim().to_owned()),
        _ => error_text(&error),
    };
    match status {
        s if s.is_success() => match body {
            Some(b) if b.get("success") == Some(&Value::Bool(true)) => {
                Ok(b.get("result").cloned().unwrap_or(Value::Null))
            }
            Some(_) => Err(PortalError::Validation { message }),
            None => Err(PortalError::BadResponse(format!("HTTP {status}: not JSON"))),
        },
        StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => Err(PortalError::Forbidden { message }),
        StatusCode::NOT_FOUND => Err(PortalError::NotFound { message }),
        StatusCode::CONFLICT => {
            let upload_too_large =
                error.get("upload").and_then(first_text).is_some_and(|t| t.to_lowercase().contains("too large"));
            let name_in_use = error.get("name").and_then(first_text).is_some_and(|t| t.contains("already in use"));
            if upload_too_large {
                Err(PortalError::TooLarge { message })
            } else if name_in_use {
                Err(PortalError::NameTaken { name: String::new() })
            } else {
                Err(PortalError::Validation { message })
            }
        }
        StatusCode::TOO_MANY_REQUESTS => Err(PortalError::Server { status: status.as_u16(), message, retry_after }),
        s if s.is_server_error() => Err(PortalError::Server { status: s.as_u16(), message, retry_after }),
        s => Err(PortalError::Validation { message: format!("HTTP {}: {message}", s.as_u16()) }),
    }
}

/// An answer as the publisher reads it: interpreted, then its resources, schema
/// fields and extras picked out. For the fuzzer (`crate::fuzzing::ckan_answer`).
pub(crate) fn read_answer(status: StatusCode, bytes: &[u8]) -> Result<usize, PortalError> {
    let v = interpret(status, None, bytes)?;
    let artifacts = v["resources"].as_array().map(|r| r.iter().map(artifact_of).count()).unwrap_or(0);
    Ok(artifacts + schema_required(&v).len() + usize::from(extra(&v, "kaifang_uid").is_some()))
}
