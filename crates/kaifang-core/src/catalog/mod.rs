//! The harvestable catalogue: the office's approved datasets as a DCAT-AP 3
//! catalogue (Turtle or JSON-LD) in a folder, with their public files beside it,
//! for a provincial platform that pulls catalogues (DCAT harvesting) instead of
//! taking pushes.
//!
//! * **What is in it.** Datasets approved for exactly their current content
//!   (approved or published, not edited since), open without conditions or on
//!   conditions. A conditional dataset is its catalogue entry and its data
//!   dictionary; its data stays in the office, as on a portal. Every file and
//!   every metadata document comes out of the egress gate.
//! * **Stable URIs.** Everything is named under the office's base URL (where the
//!   folder is served), by the dataset's uid, which neither a retitle nor a new
//!   version changes. The base URL is remembered, so the next export names the
//!   same things the same way.
//! * **Withdrawn datasets leave.** A dataset no longer approved (edited, closed)
//!   drops out of the catalogue, so a harvester deletes it, and its files are
//!   removed from the folder. Only files an earlier export wrote (listed in the
//!   folder's manifest) are ever removed.
//! * **Pages under 50 MB.** A catalogue larger than that is split into pages
//!   linked with Hydra (`hydra:next`), which harvesters such as ckanext-dcat
//!   follow; each page is a complete catalogue description of its datasets.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audit::Actor;
use crate::dataset::DatasetError;
use crate::error::{params as p, Coded, ErrorCode};
use crate::export::{self, MetadataFormat};
use crate::lifecycle::DatasetId;
use crate::metadata::dcat::{self, Builder, Described, Distribution, Head};
use crate::metadata::rdf::{self, Node, Term};
use crate::metadata::{self, DatasetMetadata};
use crate::review::{self, ReviewError};
use crate::sensitive::SensitiveError;
use crate::workspace::Workspace;

/// Harvesters refuse larger files (ckanext-dcat's default limit is 50 MiB):
/// each page stays under 50,000,000 bytes.
pub const PAGE_MAX_BYTES: u64 = 50_000_000;

/// The folder's record of what the last export wrote.
pub const MANIFEST: &str = ".kaifang-catalog.json";

const BASE_URL_KEY: &str = "catalog.base_url";

/// How the catalogue is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Serialization {
    Turtle,
    Jsonld,
}

impl Serialization {
    pub fn extension(self) -> &'static str {
        match self {
            Serialization::Turtle => "ttl",
            Serialization::Jsonld => "jsonld",
        }
    }
}

/// What `write` did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CatalogWritten {
    #[ts(type = "string")]
    pub dir: PathBuf,
    pub base_url: String,
    /// The page files, first page first (`catalog.ttl`, `catalog-2.ttl` …).
    pub pages: Vec<String>,
    #[ts(type = "number")]
    pub datasets: u64,
    /// Distribution files in the folder (data, workbook, dictionary).
    #[ts(type = "number")]
    pub files: u64,
    /// Of those, written by this export (the rest were unchanged).
    #[ts(type = "number")]
    pub files_written: u64,
    /// Datasets the previous export held that are no longer in the catalogue.
    #[ts(type = "number")]
    pub withdrawn: u64,
    /// Files of earlier exports removed from the folder.
    pub removed: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("the catalogue needs the address it will be served from (--base-url)")]
    BaseUrlMissing,
    #[error("not a web address the catalogue can be served from: {0}")]
    BaseUrlInvalid(String),
    #[error("the catalogue needs a publisher: set the office's default provider (提供单位)")]
    PublisherMissing,
    #[error("dataset {dataset}: {source}")]
    Egress {
        dataset: String,
        #[source]
        source: SensitiveError,
    },
    #[error("could not write {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Review(#[from] ReviewError),
    #[error(transparent)]
    Dataset(#[from] DatasetError),
}

impl From<rusqlite::Error> for CatalogError {
    fn from(e: rusqlite::Error) -> Self {
        CatalogError::Dataset(e.into())
    }
}

impl Coded for CatalogError {
    fn code(&self) -> ErrorCode {
        match self {
            CatalogError::BaseUrlMissing => ErrorCode::CatalogBaseUrlMissing,
            CatalogError::BaseUrlInvalid(_) => ErrorCode::CatalogBaseUrlInvalid,
            CatalogError::PublisherMissing => ErrorCode::CatalogPublisherMissing,
            CatalogError::Egress { source, .. } => source.code(),
            CatalogError::Io { source, .. } if crate::error::is_disk_full(source) => ErrorCode::WorkspaceDiskFull,
            CatalogError::Io { .. } => ErrorCode::Io,
            CatalogError::Review(e) => e.code(),
            CatalogError::Dataset(e) => e.code(),
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        match self {
            CatalogError::BaseUrlInvalid(u) => p([("url", u.clone())]),
            CatalogError::Egress { dataset, source } => {
                let mut m = source.params();
                m.insert("in_dataset".into(), dataset.clone());
                m
            }
            CatalogError::Io { path, .. } => p([("path", path.clone())]),
            CatalogError::Review(e) => e.params(),
            CatalogError::Dataset(e) => e.params(),
            _ => BTreeMap::new(),
        }
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> CatalogError + '_ {
    move |source| CatalogError::Io { path: path.display().to_string(), source }
}

/// An address the folder can be served from: http(s), a host, no query or
/// fragment, no spaces. Returned without its trailing slash.
pub fn check_base_url(url: &str) -> Result<String, CatalogError> {
    let u = url.trim().trim_end_matches('/');
    let invalid = || CatalogError::BaseUrlInvalid(url.trim().chars().take(200).collect());
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")).ok_or_else(invalid)?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty()
        || host.contains('@')
        || u.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '<' | '>' | '"' | '\\'))
    {
        return Err(invalid());
    }
    Ok(u.to_owned())
}

/// The base URL the last export used (the office's setting), if any.
pub fn base_url(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [BASE_URL_KEY], |r| r.get(0)).optional()
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Manifest {
    base_url: String,
    pages: Vec<String>,
    datasets: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    content: String,
    xlsx: bool,
    files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct FileEntry {
    kind: String,
    /// Relative to the folder, with forward slashes.
    path: String,
    bytes: u64,
    sha256: String,
}

fn read_manifest(dir: &Path) -> Manifest {
    std::fs::read(dir.join(MANIFEST)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

/// A path of the manifest inside the folder, refused when it could leave it
/// (a hand-edited manifest must not make an export delete elsewhere).
fn inside(dir: &Path, rel: &str) -> Option<PathBuf> {
    let ok = !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && !rel.contains(':')
        && rel.split('/').all(|s| !s.is_empty() && s != "." && s != "..");
    ok.then(|| dir.join(rel))
}

fn sha256_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = std::fs::File::open(path)?;
    let mut sha = Sha256::new();
    let n = std::io::copy(&mut f, &mut sha)?;
    Ok((n, hex::encode(sha.finalize())))
}

/// Writes `path` whole or not at all: a part file renamed into place.
fn write_atomically(path: &Path, fill: impl FnOnce(&Path) -> Result<(), CatalogError>) -> Result<(), CatalogError> {
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let done = fill(&part).and_then(|()| std::fs::rename(&part, path).map_err(io(path)));
    if done.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    done
}

/// A dataset approved for its current content.
#[derive(Clone, Copy)]
struct Approved<'a> {
    id: DatasetId,
    uid: &'a str,
    meta: &'a DatasetMetadata,
    content: &'a str,
}

/// One dataset in the catalogue.
struct Member {
    uid: String,
    meta: DatasetMetadata,
    entry: Entry,
}

/// The public files of one dataset, written (or kept when the approved
/// content, the workbook choice and the files themselves are unchanged).
fn files_of(
    conn: &Connection,
    dir: &Path,
    d: &Approved<'_>,
    xlsx: bool,
    old: Option<&Entry>,
    written: &mut Vec<String>,
) -> Result<Entry, CatalogError> {
    let Approved { id, uid, meta, content } = *d;
    let conditional = metadata::text(&meta.values, "open_type") == "conditional";
    if let Some(old) = old.filter(|o| o.content == content && o.xlsx == xlsx) {
        let intact = old.files.iter().all(|f| {
            inside(dir, &f.path)
                .and_then(|path| sha256_file(&path).ok())
                .is_some_and(|(n, sha)| n == f.bytes && sha == f.sha256)
        });
        if intact {
            return Ok(old.clone());
        }
    }
    let folder_rel = format!("files/{uid}");
    let folder = dir.join(&folder_rel);
    std::fs::create_dir_all(&folder).map_err(io(&folder))?;
    let title = metadata::text(&meta.values, "title");
    let egress = |source: SensitiveError| CatalogError::Egress { dataset: title.clone(), source };
    let mut kinds: Vec<(&str, String)> = Vec::new();
    if !conditional {
        kinds.push(("data", format!("{}.csv", meta.slug)));
        if xlsx {
            kinds.push(("data_xlsx", format!("{}.xlsx", meta.slug)));
        }
    }
    kinds.push(("dictionary", format!("{}-dictionary.csv", meta.slug)));
    let mut files = Vec::with_capacity(kinds.len());
    for (kind, name) in kinds {
        let path = folder.join(&name);
        write_atomically(&path, |part| {
            match kind {
                "data_xlsx" => {
                    export::public_xlsx(conn, id, part).map_err(egress)?;
                }
                _ => {
                    let file = std::fs::File::create(part).map_err(io(part))?;
                    let mut w = std::io::BufWriter::new(file);
                    if kind == "data" {
                        export::public_csv(conn, id, &mut w, true).map_err(egress)?;
                    } else {
                        export::dictionary_csv(conn, id, &mut w).map_err(egress)?;
                    }
                    w.flush().map_err(io(part))?;
                    w.into_inner().map_err(|e| io(part)(e.into_error()))?.sync_all().map_err(io(part))?;
                }
            }
            Ok(())
        })?;
        let rel = format!("{folder_rel}/{name}");
        written.push(rel.clone());
        let (bytes, sha256) = sha256_file(&path).map_err(io(&path))?;
        files.push(FileEntry { kind: kind.to_owned(), path: rel, bytes, sha256 });
    }
    Ok(Entry { content: content.to_owned(), xlsx, files })
}

fn page_name(i: usize, s: Serialization) -> String {
    if i == 0 {
        format!("catalog.{}", s.extension())
    } else {
        format!("catalog-{}.{}", i + 1, s.extension())
    }
}

/// One node as it stands in a page.
fn node_text(n: &Node, s: Serialization) -> String {
    match s {
        Serialization::Turtle => rdf::turtle_node(n),
        Serialization::Jsonld => serde_json::to_string_pretty(&rdf::jsonld_node(n)).unwrap_or_default(),
    }
}

const JSONLD_SEPARATOR: &str = ",\n";

/// A page: the nodes' texts ([`node_text`]) one after the other (Turtle: after
/// the prefixes; JSON-LD: in the `@graph` array, one separator between two),
/// so that its size is the sum of its parts ([`size_of`]).
fn render(texts: &[&str], s: Serialization) -> String {
    match s {
        Serialization::Turtle => rdf::turtle_header() + "\n" + &texts.concat(),
        Serialization::Jsonld => {
            let context = serde_json::to_string(&rdf::jsonld_context()).unwrap_or_default();
            format!("{{\"@context\": {context},\n\"@graph\": [\n{}\n]}}\n", texts.join(JSONLD_SEPARATOR))
        }
    }
}

/// The bytes these texts add to a page (with a separator each in JSON-LD: one
/// more than needed, so an upper bound).
fn size_of(texts: &[String], s: Serialization) -> u64 {
    let sep = if s == Serialization::Jsonld { JSONLD_SEPARATOR.len() as u64 } else { 0 };
    texts.iter().map(|t| t.len() as u64 + sep).sum()
}

fn texts(nodes: &[Node], s: Serialization) -> Vec<String> {
    nodes.iter().map(|n| node_text(n, s)).collect()
}

/// The Hydra view of page `i` of `names`: first, last, previous and next page.
fn paging(base: &str, names: &[String], i: usize, total: usize, here: usize) -> Node {
    macro_rules! hydra {
        ($l:literal) => {
            concat!("http://www.w3.org/ns/hydra/core#", $l)
        };
    }
    const COUNT: &str = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger";
    let url = |k: usize| Term::iri(format!("{base}/{}", names[k]));
    let mut view = Node::new(url(i), &[hydra!("PartialCollectionView")]);
    view.add(hydra!("first"), url(0));
    view.add(hydra!("last"), url(names.len() - 1));
    if i > 0 {
        view.add(hydra!("previous"), url(i - 1));
    }
    if i + 1 < names.len() {
        view.add(hydra!("next"), url(i + 1));
    }
    view.add(hydra!("totalItems"), Term::typed(total.to_string(), COUNT));
    view.add(hydra!("itemsPerPage"), Term::typed(here.to_string(), COUNT));
    view
}

/// At most the bytes a paging node takes: every link, the longest page names.
fn paging_reserve(base: &str, s: Serialization) -> u64 {
    let long = format!("catalog-{}.{}", u32::MAX, s.extension());
    let names = vec![long; 3];
    size_of(&texts(&[paging(base, &names, 1, usize::MAX, usize::MAX)], s), s)
}

/// Options of one export.
#[derive(Debug, Clone)]
pub struct Options {
    pub serialization: Serialization,
    /// Where the folder is served; remembered for the next export. `None`: the
    /// remembered one.
    pub base_url: Option<String>,
    /// The page size limit ([`PAGE_MAX_BYTES`]; smaller in tests).
    pub max_bytes: u64,
}

/// Writes the catalogue into `dir` (made when missing), its public files
/// beside it, and removes what an earlier export wrote there that the
/// catalogue no longer holds. Blocking: it reads every row of every dataset
/// whose files changed.
pub fn write(ws: &mut Workspace, dir: &Path, opts: &Options, actor: &Actor) -> Result<CatalogWritten, CatalogError> {
    let base = match &opts.base_url {
        Some(u) => check_base_url(u)?,
        None => base_url(ws.conn())?.ok_or(CatalogError::BaseUrlMissing)?,
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let old = read_manifest(dir);
    let mut fresh = Vec::new();
    let written = write_in(ws, dir, opts, actor, base, &old, &mut fresh);
    if written.is_err() {
        // A stopped export (a dataset the gate refused, a full disk) leaves
        // the folder as the last one did: the files it added go again, unless
        // the manifest on disk (this export's, when it got that far) lists them.
        let now = read_manifest(dir);
        let listed: BTreeSet<&str> = [&old, &now]
            .into_iter()
            .flat_map(|m| m.datasets.values().flat_map(|e| e.files.iter().map(|f| f.path.as_str())))
            .collect();
        for rel in fresh.iter().filter(|r| !listed.contains(r.as_str())) {
            if let Some(path) = inside(dir, rel) {
                let _ = std::fs::remove_file(&path);
                if let Some(parent) = path.parent() {
                    let _ = std::fs::remove_dir(parent);
                }
            }
        }
    }
    written
}

fn write_in(
    ws: &mut Workspace,
    dir: &Path,
    opts: &Options,
    actor: &Actor,
    base: String,
    old: &Manifest,
    fresh: &mut Vec<String>,
) -> Result<CatalogWritten, CatalogError> {
    let xlsx = crate::portal::xlsx_chosen(ws.conn())?;
    let conn = ws.conn();
    let ids: Vec<(i64, String)> = {
        let mut st = conn.prepare("SELECT id, uid FROM datasets ORDER BY id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut members = Vec::new();
    for (id, uid) in ids {
        let id = DatasetId(id);
        let Some(content) = review::public_hash(conn, id)? else { continue };
        let meta = metadata::get(conn, id)?;
        if !matches!(metadata::text(&meta.values, "open_type").as_str(), "unconditional" | "conditional") {
            continue;
        }
        // The metadata goes out: through the gate as the portal's package does.
        let title = metadata::text(&meta.values, "title");
        export::metadata_document(conn, id, MetadataFormat::Ckan, "", None)
            .map_err(|source| CatalogError::Egress { dataset: title.clone(), source })?;
        let approved = Approved { id, uid: &uid, meta: &meta, content: &content };
        let entry = files_of(conn, dir, &approved, xlsx, old.datasets.get(&uid), fresh)?;
        members.push(Member { uid, meta, entry });
    }
    let defaults = metadata::defaults(conn)?;
    let mut publisher = metadata::text(&defaults, "provider");
    if publisher.trim().is_empty() {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for m in &members {
            let p = metadata::text(&m.meta.values, "provider");
            if !p.trim().is_empty() {
                *counts.entry(p).or_default() += 1;
            }
        }
        publisher = counts.into_iter().max_by_key(|(_, n)| *n).map(|(p, _)| p).unwrap_or_default();
    }
    if publisher.trim().is_empty() {
        return Err(CatalogError::PublisherMissing);
    }
    let mut agents: BTreeSet<String> =
        members.iter().map(|m| metadata::text(&m.meta.values, "provider")).filter(|p| !p.trim().is_empty()).collect();
    agents.insert(publisher.clone());
    let modified = members.iter().map(|m| m.meta.auto.modified.clone()).max().and_then(|m| dcat::date(&m));
    let issued = members.iter().map(|m| m.meta.auto.issued.clone()).min().and_then(|m| dcat::date(&m));
    let head = Head { base: base.clone(), publisher, issued, modified };
    let s = opts.serialization;
    let mut b = Builder::new(&base);
    let described: Vec<Described<'_>> = members
        .iter()
        .map(|m| Described {
            uid: &m.uid,
            meta: &m.meta,
            files: m
                .entry
                .files
                .iter()
                .map(|f| Distribution {
                    kind: &f.kind,
                    path: Some(&f.path),
                    bytes: Some(f.bytes),
                    sha256: Some(&f.sha256),
                })
                .collect(),
        })
        .collect();
    // Every node is written to text once; pages are put together from the texts.
    let chunks: Vec<(String, Vec<String>)> =
        described.iter().map(|m| (b.dataset_iri(m.uid), texts(&b.dataset(m), s))).collect();
    let shared = texts(&dcat::shared_nodes(&base, &described, &agents, &b), s);
    let catalog = |iris: &[String]| node_text(&head.catalog(&b, iris), s);

    // Pack datasets into pages under the limit. Exact sizes, but for the
    // catalogue node (each dataset's link counted with the key it goes under)
    // and the paging node (counted with the longest names): the limit is never
    // passed.
    let empty_catalog = size_of(&[catalog(&[])], s);
    let fixed = size_of(&shared, s) + empty_catalog + render(&[], s).len() as u64 + paging_reserve(&base, s);
    let mut pages: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = fixed;
    for (i, (iri, nodes)) in chunks.iter().enumerate() {
        let link = size_of(&[catalog(std::slice::from_ref(iri))], s) - empty_catalog;
        let cost = size_of(nodes, s) + link;
        let last = pages.len() - 1;
        if !pages[last].is_empty() && used + cost > opts.max_bytes {
            pages.push(Vec::new());
            used = fixed;
        }
        let last = pages.len() - 1;
        pages[last].push(i);
        used += cost;
    }
    let names: Vec<String> = (0..pages.len()).map(|i| page_name(i, s)).collect();
    for (i, page) in pages.iter().enumerate() {
        let iris: Vec<String> = page.iter().map(|&k| chunks[k].0.clone()).collect();
        let mut head_texts = vec![catalog(&iris)];
        if pages.len() > 1 {
            head_texts.push(node_text(&paging(&base, &names, i, members.len(), page.len()), s));
        }
        let parts: Vec<&str> = head_texts
            .iter()
            .chain(&shared)
            .chain(page.iter().flat_map(|&k| &chunks[k].1))
            .map(String::as_str)
            .collect();
        let text = render(&parts, s);
        let path = dir.join(&names[i]);
        write_atomically(&path, |part| std::fs::write(part, text.as_bytes()).map_err(io(part)))?;
    }

    let manifest = Manifest {
        base_url: base.clone(),
        pages: names.clone(),
        datasets: members.iter().map(|m| (m.uid.clone(), m.entry.clone())).collect(),
    };
    let mpath = dir.join(MANIFEST);
    let mtext = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    write_atomically(&mpath, |part| std::fs::write(part, &mtext).map_err(io(part)))?;

    // What the last export wrote and this one did not: withdrawn datasets'
    // files, pages past the new last one, the other serialization's pages.
    let keep: BTreeSet<&str> = manifest
        .pages
        .iter()
        .map(String::as_str)
        .chain(manifest.datasets.values().flat_map(|e| e.files.iter().map(|f| f.path.as_str())))
        .collect();
    let mut removed = Vec::new();
    for rel in old.pages.iter().chain(old.datasets.values().flat_map(|e| e.files.iter().map(|f| &f.path))) {
        if keep.contains(rel.as_str()) {
            continue;
        }
        if let Some(path) = inside(dir, rel) {
            if path.is_file() && std::fs::remove_file(&path).is_ok() {
                removed.push(rel.clone());
                if let Some(parent) = path.parent().filter(|p| p.starts_with(dir.join("files"))) {
                    let _ = std::fs::remove_dir(parent);
                }
            }
        }
    }
    let withdrawn = old.datasets.keys().filter(|uid| !manifest.datasets.contains_key(*uid)).count() as u64;
    let files = manifest.datasets.values().map(|e| e.files.len() as u64).sum();
    let written = CatalogWritten {
        dir: dir.to_owned(),
        base_url: base.clone(),
        pages: names,
        datasets: members.len() as u64,
        files,
        files_written: fresh.len() as u64,
        withdrawn,
        removed,
    };
    let detail = serde_json::json!({
        "base_url": base,
        "serialization": s,
        "datasets": written.datasets,
        "pages": written.pages.len(),
        "withdrawn": withdrawn,
    });
    ws.with_tx(|tx| -> Result<(), CatalogError> {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            rusqlite::params![BASE_URL_KEY, base],
        )?;
        crate::audit::append(tx, actor, "catalog.exported", None, &detail)?;
        Ok(())
    })?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(check_base_url(" https://data.example.gov.cn/open/ ").unwrap(), "https://data.example.gov.cn/open");
        assert_eq!(check_base_url("http://10.0.0.5:8080").unwrap(), "http://10.0.0.5:8080");
        for bad in ["ftp://x", "https://", "data.example.gov.cn", "https://a b", "https://x/?q=1", "https://u@x"] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn manifest_paths_stay_inside() {
        let d = Path::new("/srv/catalog");
        assert_eq!(inside(d, "files/u/a.csv"), Some(d.join("files/u/a.csv")));
        for bad in ["../x", "/etc/passwd", "files/../../x", "C:/x", "a\\b", "", "files//a"] {
            assert_eq!(inside(d, bad), None, "{bad}");
        }
    }
}
