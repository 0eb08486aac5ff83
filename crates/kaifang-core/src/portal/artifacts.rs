//! What goes to a portal, built from the approved content at the moment of
//! sending: the package document and the public files (masked data, data
//! dictionary), every one out of the egress gate ([`crate::export`]). Blocking:
//! it reads every row.

use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::api::ArtifactFile;
use super::queue::OutboxItem;
use super::{required_fields, PortalError};
use crate::export::{self, MetadataFormat};
use crate::lifecycle::DatasetId;
use crate::metadata;
use crate::review;
use crate::workspace::Workspace;

/// Everything one item sends.
pub(super) struct Prepared {
    pub uid: String,
    pub name: String,
    pub document: Value,
    pub known_package: Option<String>,
    pub artifacts: Vec<ArtifactFile>,
    /// Holds the files until the item is done.
    pub _dir: tempfile::TempDir,
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut sha = Sha256::new();
    std::io::copy(&mut f, &mut sha)?;
    Ok(hex::encode(sha.finalize()))
}

/// An artifact id that is the same for the same content of the same dataset, so
/// an upload retried after a lost answer replaces itself instead of adding one.
pub(super) fn stable_id(uid: &str, kind: &str, sha: &str) -> String {
    let digest = Sha256::digest(format!("kaifang:{uid}:{kind}:{sha}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
}

/// Checks the approval and builds the document and files in `format`.
pub(super) fn prepare(
    ws: &mut Workspace,
    it: &OutboxItem,
    approved: &str,
    org_id: &str,
    format: MetadataFormat,
) -> Result<Prepared, PortalError> {
    let dataset = DatasetId(it.dataset);
    if review::approved_hash(ws.conn(), dataset)?.as_deref() != Some(approved) {
        return Err(PortalError::NotApproved { dataset: it.name.clone() });
    }
    // The slug is fixed before the first upload, so a retry uses the same name.
    let meta = metadata::get(ws.conn(), dataset)?;
    ws.conn().execute("UPDATE datasets SET slug = ?1 WHERE id = ?2 AND slug IS NULL", params![meta.slug, dataset])?;
    let uid: String = ws.conn().query_row("SELECT uid FROM datasets WHERE id = ?1", [dataset], |r| r.get(0))?;
    // Every artifact, the package included, comes out of the egress gate: a
    // dataset with identifiers left in its public copy fails here, before any
    // byte reaches the portal.
    let document = export::metadata_document(ws.conn(), dataset, format, "", Some(org_id))?;
    let missing: Vec<String> = required_fields(ws.conn(), &it.portal)?
        .into_iter()
        .filter(|f| {
            let top = document.get(f).and_then(Value::as_str).is_some_and(|v| !v.trim().is_empty());
            let extra = document["extras"]
                .as_array()
                .is_some_and(|x| x.iter().any(|e| e["key"] == f.as_str() && e["value"] != ""));
            !(top || extra || f == "name" || f == "owner_org")
        })
        .collect();
    if !missing.is_empty() {
        return Err(PortalError::SchemaFields { fields: missing.join(", ") });
    }
    let parent = ws.path().parent().map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::Builder::new().prefix(".kaifang-publish-").tempdir_in(parent)?;
    // Open on conditions (有条件开放): the catalogue entry goes, with its
    // conditions and the contact to apply to; the data stays in the office
    // (a data file an earlier version put there is removed with the others).
    let metadata_only = metadata::text(&meta.values, "open_type") == "conditional";
    let data = dir.path().join("data.csv");
    if !metadata_only {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&data)?);
        export::public_csv(ws.conn(), dataset, &mut f, true)?;
        std::io::Write::flush(&mut f)?;
    }
    let dict = dir.path().join("dictionary.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&dict)?);
        export::dictionary_csv(ws.conn(), dataset, &mut f)?;
        std::io::Write::flush(&mut f)?;
    }
    let title = metadata::text(&meta.values, "title");
    let csv = |kind: &'static str, path: std::path::PathBuf, file_name: String, name: String| {
        let sha256 = sha256_file(&path)?;
        Ok::<_, std::io::Error>(ArtifactFile {
            kind,
            id: stable_id(&uid, kind, &sha256),
            path,
            file_name,
            name,
            format: "CSV",
            media_type: "text/csv",
            sha256,
        })
    };
    let mut artifacts = Vec::with_capacity(3);
    if !metadata_only {
        artifacts.push(csv("data", data, format!("{}.csv", meta.slug), title.clone())?);
        // The same public copy as a workbook, when the office chooses it: out of
        // the same operators and the same gate.
        if super::xlsx_chosen(ws.conn())? {
            let book = dir.path().join("data.xlsx");
            export::public_xlsx(ws.conn(), dataset, &book)?;
            let sha256 = sha256_file(&book)?;
            artifacts.push(ArtifactFile {
                kind: "data_xlsx",
                id: stable_id(&uid, "data_xlsx", &sha256),
                path: book,
                file_name: format!("{}.xlsx", meta.slug),
                name: format!("{title}（Excel）"),
                format: "XLSX",
                media_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                sha256,
            });
        }
    }
    artifacts.push(csv("dictionary", dict, format!("{}-dictionary.csv", meta.slug), format!("{title}（数据字典）"))?);
    let known_package: Option<String> = ws
        .conn()
        .query_row(
            "SELECT package_id FROM publications WHERE dataset_id = ?1 AND portal = ?2",
            params![dataset, it.portal],
            |r| r.get(0),
        )
        .optional()?;
    Ok(Prepared { uid, name: meta.slug, document, known_package, artifacts, _dir: dir })
}
