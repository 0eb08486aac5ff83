//! The seam between the outbox and a portal: what publishing needs of any
//! portal, whatever its API. CKAN ([`super::ckan`]) is the first kind; a second
//! (a provincial platform's API, a DCAT catalogue the province harvests) is one
//! more implementation of [`Portal`] and one more arm in [`super::connect`].

use std::path::PathBuf;

use futures_util::future::BoxFuture;
use serde_json::Value;

use super::{ConnectionReport, PortalError};
use crate::export::MetadataFormat;

/// The package to create or update, built from the approved content.
#[derive(Clone, Copy)]
pub struct PackageDraft<'a> {
    /// The dataset's workspace-independent id (marks the package as ours).
    pub uid: &'a str,
    /// The package's name on the portal (the slug, fixed at first publish).
    pub name: &'a str,
    /// The metadata document in the portal's [`Portal::document_format`], out of
    /// the egress gate.
    pub document: &'a Value,
    /// The package's id from an earlier publication here, if any.
    pub known_id: Option<&'a str>,
    /// The organisation's id on the portal ([`Portal::organisation`]).
    pub org_id: &'a str,
}

/// A package as the portal holds it.
#[derive(Debug, Clone)]
pub struct RemotePackage {
    pub id: String,
    pub name: String,
    /// The package's page, for the clerk.
    pub url: String,
    pub artifacts: Vec<RemoteArtifact>,
}

/// A file on the portal. `kind` is set on the files Kaifang put there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteArtifact {
    pub id: String,
    pub kind: Option<String>,
    pub sha256: Option<String>,
    pub size: Option<u64>,
    pub url: Option<String>,
}

/// A public file to publish (the masked data, the data dictionary).
#[derive(Debug, Clone)]
pub struct ArtifactFile {
    /// `data` or `dictionary`.
    pub kind: &'static str,
    /// The same for the same content of the same dataset (see
    /// [`super::artifacts::stable_id`]): putting it twice leaves one copy.
    pub id: String,
    pub path: PathBuf,
    pub file_name: String,
    /// The title shown on the portal.
    pub name: String,
    pub format: &'static str,
    pub media_type: &'static str,
    pub sha256: String,
}

/// What publishing needs of a portal. Every call may fail with a [`PortalError`]
/// that says whether a retry can help ([`PortalError::retryable`]).
pub trait Portal: Send + Sync {
    /// The metadata document the portal takes for a package.
    fn document_format(&self) -> MetadataFormat;

    /// "Test connection": address, then token, then organisation, then the
    /// fields the portal requires; the first failure is the report's problem.
    fn check<'a>(&'a self, org: &'a str) -> BoxFuture<'a, ConnectionReport>;

    /// The fields the portal requires of every package (its names), empty when
    /// it states none.
    fn required_fields(&self) -> BoxFuture<'_, Result<Vec<String>, PortalError>>;

    /// The id of the organisation `org` (a name or an id), if the token may
    /// publish to it.
    fn organisation<'a>(&'a self, org: &'a str) -> BoxFuture<'a, Result<String, PortalError>>;

    /// Creates the package or updates ours. A package of that name that is not
    /// this dataset's is [`PortalError::NameTaken`]; a create whose answer was
    /// lost is found and updated, never duplicated.
    fn upsert_package<'a>(&'a self, draft: &'a PackageDraft<'a>) -> BoxFuture<'a, Result<RemotePackage, PortalError>>;

    /// Puts a file into the package under its stable id. One already there with
    /// the same id and hash is not sent again.
    fn put_artifact<'a>(
        &'a self,
        package: &'a RemotePackage,
        artifact: &'a ArtifactFile,
    ) -> BoxFuture<'a, Result<RemoteArtifact, PortalError>>;

    /// Removes the files Kaifang put into the package earlier that are not in
    /// `keep` (the previous version's), once the new ones are in.
    fn prune<'a>(&'a self, package: &'a RemotePackage, keep: &'a [String]) -> BoxFuture<'a, Result<(), PortalError>>;
}
