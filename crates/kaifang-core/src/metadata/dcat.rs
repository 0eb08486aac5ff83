//! The DCAT-AP 3 description of datasets as RDF nodes: each dataset with its
//! distributions, the classes of the vocabulary IRIs they name, the concept
//! schemes of the catalogue's own codes, the publishers, the catalogue node.
//! The harvestable catalogue ([`crate::catalog`]) and the one-dataset JSON-LD
//! export ([`dcat_dataset`]) are both written from these nodes.
//!
//! Linked resources carry their class (`a dct:Frequency` …) because the
//! DCAT-AP range shapes read them from the document itself; membership of the
//! EU vocabularies (`skos:inScheme`) is not stated: it belongs to the
//! vocabularies, which the validation loads beside the document.

use std::collections::BTreeSet;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::rdf::{self, Node, Term};
use super::DatasetMetadata;

pub(crate) const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const IANA: &str = "http://www.iana.org/assignments/media-types/";
const ZHO: &str = "http://publications.europa.eu/resource/authority/language/ZHO";
const EU_THEMES: &str = "http://publications.europa.eu/resource/authority/data-theme";
const SHA256: &str = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256";
const CHN: &str = "http://publications.europa.eu/resource/authority/country/CHN";
const STABLE: &str = "http://publications.europa.eu/resource/authority/planned-availability/STABLE";

/// The distribution kinds: file suffix, EU file type, IANA media type.
fn kind_format(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "data_xlsx" => ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        _ => ("CSV", "text/csv"),
    }
}

/// The EU data theme nearest each of the catalogue's themes.
fn eu_theme(code: &str) -> Option<&'static str> {
    Some(match code {
        "agriculture" => "AGRI",
        "economy" | "finance" | "credit" => "ECON",
        "education" | "culture" => "EDUC",
        "health" => "HEAL",
        "social_security" | "employment" | "life" => "SOCI",
        "transport" => "TRAN",
        "environment" | "weather" => "ENVI",
        "urban" => "REGI",
        "public_safety" => "JUST",
        "government" => "GOVE",
        _ => return None,
    })
}

/// One distribution of a dataset: its kind (`data`, `data_xlsx`,
/// `dictionary`) and, when it is a file beside the catalogue, where and what.
#[derive(Debug, Clone, Copy)]
pub struct Distribution<'a> {
    pub kind: &'a str,
    /// Relative to the base URL, with forward slashes.
    pub path: Option<&'a str>,
    pub bytes: Option<u64>,
    pub sha256: Option<&'a str>,
}

/// A dataset to describe: its stable id, its metadata, its distributions.
pub struct Described<'a> {
    pub uid: &'a str,
    pub meta: &'a DatasetMetadata,
    pub files: Vec<Distribution<'a>>,
}

/// Node and IRI building for one document (blank nodes numbered through it).
pub struct Builder<'a> {
    base: &'a str,
    blank: u32,
}

macro_rules! iri {
    (dcat: $l:literal) => {
        concat!("http://www.w3.org/ns/dcat#", $l)
    };
    (dct: $l:literal) => {
        concat!("http://purl.org/dc/terms/", $l)
    };
    (foaf: $l:literal) => {
        concat!("http://xmlns.com/foaf/0.1/", $l)
    };
    (vcard: $l:literal) => {
        concat!("http://www.w3.org/2006/vcard/ns#", $l)
    };
    (skos: $l:literal) => {
        concat!("http://www.w3.org/2004/02/skos/core#", $l)
    };
    (spdx: $l:literal) => {
        concat!("http://spdx.org/rdf/terms#", $l)
    };
    (xsd: $l:literal) => {
        concat!("http://www.w3.org/2001/XMLSchema#", $l)
    };
    (rdfs: $l:literal) => {
        concat!("http://www.w3.org/2000/01/rdf-schema#", $l)
    };
    (dcatap: $l:literal) => {
        concat!("http://data.europa.eu/r5r/", $l)
    };
    (hydra: $l:literal) => {
        concat!("http://www.w3.org/ns/hydra/core#", $l)
    };
}

/// A `YYYY-MM-DD` value as an `xsd:date` literal.
pub fn date(s: &str) -> Option<Term> {
    crate::clock::parse_date(s).map(|d| Term::typed(d.to_string(), iri!(xsd: "date")))
}

impl<'a> Builder<'a> {
    /// IRIs under `base` (no trailing slash).
    pub fn new(base: &'a str) -> Self {
        Builder { base, blank: 0 }
    }

    fn blank(&mut self) -> Term {
        self.blank += 1;
        Term::Blank(self.blank)
    }

    pub fn dataset_iri(&self, uid: &str) -> String {
        format!("{}/dataset/{}", self.base, rdf::segment(uid))
    }

    pub fn agent_iri(&self, name: &str) -> String {
        let digest = Sha256::digest(name.as_bytes());
        format!("{}/agent/{}", self.base, &hex::encode(digest)[..16])
    }

    pub fn agent(&self, name: &str) -> Node {
        let mut a = Node::new(Term::iri(self.agent_iri(name)), &[iri!(foaf: "Agent"), iri!(foaf: "Organization")]);
        a.add(iri!(foaf: "name"), Term::zh(name));
        a
    }

    /// The nodes of one dataset: itself, its distributions and their parts.
    pub fn dataset(&mut self, m: &Described<'_>) -> Vec<Node> {
        let v = |id: &str| super::text(&m.meta.values, id);
        let uri = self.dataset_iri(m.uid);
        let mut d = Node::new(Term::iri(&uri), &[iri!(dcat: "Dataset")]);
        let mut out = Vec::new();
        let code = v("resource_code");
        d.add(iri!(dct: "identifier"), Term::plain(if code.is_empty() { m.meta.slug.clone() } else { code }));
        d.add(iri!(dct: "title"), Term::zh(v("title")));
        let description = if v("description").is_empty() { v("title") } else { v("description") };
        d.add(iri!(dct: "description"), Term::zh(description));
        d.add(iri!(dcat: "version"), Term::plain(m.meta.version.to_string()));
        let issued = date(&m.meta.auto.issued);
        let modified = date(&m.meta.auto.modified);
        if let Some(t) = &issued {
            d.add(iri!(dct: "issued"), t.clone());
        }
        if let Some(t) = &modified {
            d.add(iri!(dct: "modified"), t.clone());
        }
        d.add(iri!(dct: "language"), Term::iri(ZHO));
        if !v("provider").is_empty() {
            d.add(iri!(dct: "publisher"), Term::iri(self.agent_iri(&v("provider"))));
        }
        for k in super::keywords(m.meta) {
            d.add(iri!(dcat: "keyword"), Term::zh(k));
        }
        if let Some(eu) = eu_theme(&v("theme")) {
            d.add(iri!(dcat: "theme"), Term::iri(format!("{EU_THEMES}/{eu}")));
        }
        if !v("theme").is_empty() {
            d.add(iri!(dcat: "theme"), Term::iri(format!("{}/theme/{}", self.base, rdf::segment(&v("theme")))));
        }
        if !v("industry").is_empty() {
            d.add(iri!(dcat: "theme"), Term::iri(format!("{}/industry/{}", self.base, rdf::segment(&v("industry")))));
        }
        if let Some(a) = super::access_rights_iri(&v("open_type")) {
            d.add(iri!(dct: "accessRights"), Term::iri(a));
        }
        if let Some(f) = super::frequency_iri(&v("frequency")) {
            d.add(iri!(dct: "accrualPeriodicity"), Term::iri(f));
        }
        let (start, end) = (date(&v("temporal_start")), date(&v("temporal_end")));
        if start.is_some() || end.is_some() {
            let b = self.blank();
            let mut t = Node::new(b.clone(), &[iri!(dct: "PeriodOfTime")]);
            if let Some(s) = start {
                t.add(iri!(dcat: "startDate"), s);
            }
            if let Some(e) = end {
                t.add(iri!(dcat: "endDate"), e);
            }
            d.add(iri!(dct: "temporal"), b);
            out.push(t);
        }
        if !v("spatial_code").is_empty() || !v("spatial_name").is_empty() {
            let place = if v("spatial_code").is_empty() {
                self.blank()
            } else {
                Term::iri(format!("{}/division/{}", self.base, rdf::segment(&v("spatial_code"))))
            };
            let mut l = Node::new(place.clone(), &[iri!(dct: "Location")]);
            if !v("spatial_code").is_empty() {
                l.add(iri!(dct: "identifier"), Term::plain(v("spatial_code")));
            }
            if !v("spatial_name").is_empty() {
                l.add(iri!(skos: "prefLabel"), Term::zh(v("spatial_name")));
            }
            d.add(iri!(dct: "spatial"), place);
            out.push(l);
        }
        if !v("contact_name").is_empty() || !v("contact_email").is_empty() || !v("contact_phone").is_empty() {
            let contact = Term::iri(format!("{uri}/contact"));
            let mut c = Node::new(contact.clone(), &[iri!(vcard: "Kind"), iri!(vcard: "Organization")]);
            if !v("contact_name").is_empty() {
                c.add(iri!(vcard: "fn"), Term::zh(v("contact_name")));
            }
            if !v("contact_email").is_empty() {
                c.add(iri!(vcard: "hasEmail"), Term::iri(format!("mailto:{}", v("contact_email"))));
            }
            if !v("contact_phone").is_empty() {
                let tel: String = v("contact_phone").chars().filter(|c| !c.is_whitespace()).collect();
                c.add(iri!(vcard: "hasTelephone"), Term::iri(format!("tel:{tel}")));
            }
            d.add(iri!(dcat: "contactPoint"), contact);
            out.push(c);
        }
        let title = v("title");
        let conditions = (v("open_type") == "conditional").then(|| v("open_conditions")).filter(|c| !c.is_empty());
        for f in &m.files {
            let kind = f.kind;
            let dist = Term::iri(format!("{uri}/distribution/{}", kind.replace('_', "-")));
            let mut n = Node::new(dist.clone(), &[iri!(dcat: "Distribution")]);
            let name = match kind {
                "data_xlsx" => format!("{title}（Excel）"),
                "dictionary" => format!("{title}（数据字典）"),
                _ => title.clone(),
            };
            n.add(iri!(dct: "title"), Term::zh(name));
            n.add(
                iri!(dct: "description"),
                Term::zh(match kind {
                    "dictionary" => "数据字典：各字段的名称、类型、说明和单位（UTF-8 编码的 CSV）。",
                    "data_xlsx" => "公开数据的 Excel 工作簿，个人信息已按审核通过的方式处理。",
                    _ => "公开数据（UTF-8 编码的 CSV），个人信息已按审核通过的方式处理。",
                }),
            );
            n.add(iri!(dcatap: "availability"), Term::iri(STABLE));
            // A file beside the catalogue is where it is fetched; a
            // distribution described without one is reached from the dataset.
            match f.path {
                Some(path) => {
                    let url =
                        format!("{}/{}", self.base, path.split('/').map(rdf::segment).collect::<Vec<_>>().join("/"));
                    n.add(iri!(dcat: "accessURL"), Term::iri(&url));
                    n.add(iri!(dcat: "downloadURL"), Term::iri(&url));
                }
                None => {
                    n.add(iri!(dcat: "accessURL"), Term::iri(&uri));
                }
            }
            let (ftype, media) = kind_format(kind);
            n.add(iri!(dct: "format"), Term::iri(format!("{FILE_TYPE}{ftype}")));
            n.add(iri!(dcat: "mediaType"), Term::iri(format!("{IANA}{media}")));
            if let Some((l, _, _)) = license(&v("license"), self.base) {
                n.add(iri!(dct: "license"), Term::iri(l));
            }
            if let Some(c) = &conditions {
                let b = self.blank();
                let mut r = Node::new(b.clone(), &[iri!(dct: "RightsStatement")]);
                r.add(iri!(rdfs: "label"), Term::zh(c.clone()));
                n.add(iri!(dct: "rights"), b);
                out.push(r);
            }
            if let Some(bytes) = f.bytes {
                n.add(iri!(dcat: "byteSize"), Term::typed(bytes.to_string(), iri!(xsd: "nonNegativeInteger")));
            }
            if let Some(sha) = f.sha256 {
                let sum = self.blank();
                let mut s = Node::new(sum.clone(), &[iri!(spdx: "Checksum")]);
                s.add(iri!(spdx: "algorithm"), Term::iri(SHA256));
                s.add(iri!(spdx: "checksumValue"), Term::typed(sha, iri!(xsd: "hexBinary")));
                n.add(iri!(spdx: "checksum"), sum);
                out.push(s);
            }
            if let Some(t) = &issued {
                n.add(iri!(dct: "issued"), t.clone());
            }
            if let Some(t) = &modified {
                n.add(iri!(dct: "modified"), t.clone());
            }
            d.add(iri!(dcat: "distribution"), dist);
            out.push(n);
        }
        out.insert(0, d);
        out
    }
}

/// A licence's IRI, its title as CKAN's licence list names it (which is how
/// ckanext-dcat finds the CKAN licence id again) and its ADMS licence type.
fn license(code: &str, base: &str) -> Option<(String, &'static str, Option<&'static str>)> {
    const ATTRIBUTION: &str = "http://purl.org/adms/licencetype/Attribution";
    const PUBLIC_DOMAIN: &str = "http://purl.org/adms/licencetype/PublicDomain";
    let (title, kind) = match code {
        "cc-by" => ("Creative Commons Attribution", Some(ATTRIBUTION)),
        "cc-zero" => ("Creative Commons CCZero", Some(PUBLIC_DOMAIN)),
        "odc-by" => ("Open Data Commons Attribution License", Some(ATTRIBUTION)),
        "other-open" => ("Other (Open)", None),
        _ => return None,
    };
    let iri = super::license_iri(code).map(str::to_owned).unwrap_or_else(|| format!("{base}/license/{code}"));
    Some((iri, title, kind))
}

/// The nodes every page carries: the classes of the IRIs the datasets name
/// (DCAT-AP's range checks read them from the catalogue itself), the
/// catalogue's own concept schemes, and the publishers.
pub fn shared_nodes(base: &str, members: &[Described<'_>], agents: &BTreeSet<String>, b: &Builder<'_>) -> Vec<Node> {
    let mut out = Vec::new();
    let typed = |iri: String, class: &'static str| Node::new(Term::iri(iri), &[class]);
    let mut seen = BTreeSet::new();
    let mut once = |key: String| seen.insert(key);
    out.push(typed(ZHO.to_owned(), iri!(dct: "LinguisticSystem")));
    out.push(typed(format!("{base}/"), iri!(foaf: "Document")));
    out.push(typed(SHA256.to_owned(), iri!(spdx: "ChecksumAlgorithm")));
    out.push(typed(EU_THEMES.to_owned(), iri!(skos: "ConceptScheme")));
    out.push(typed(CHN.to_owned(), iri!(dct: "Location")));
    if !members.is_empty() {
        out.push(typed(STABLE.to_owned(), iri!(skos: "Concept")));
    }
    let fields = super::fields();
    let label = |field: &str, code: &str| {
        fields
            .iter()
            .find(|f| f.id == field)
            .and_then(|f| f.codes.iter().find(|c| c.code == code))
            .map(|c| (c.zh.clone(), c.en.clone()))
            .unwrap_or_else(|| (code.to_owned(), code.to_owned()))
    };
    let mut schemes = BTreeSet::new();
    for m in members {
        let v = |id: &str| super::text(&m.meta.values, id);
        if let Some(f) = super::frequency_iri(&v("frequency")) {
            if once(f.to_owned()) {
                out.push(typed(f.to_owned(), iri!(dct: "Frequency")));
            }
        }
        if let Some(a) = super::access_rights_iri(&v("open_type")) {
            if once(a.to_owned()) {
                out.push(typed(a.to_owned(), iri!(dct: "RightsStatement")));
            }
        }
        if let Some((l, title, kind)) = license(&v("license"), base) {
            if once(l.clone()) {
                let mut n = typed(l, iri!(dct: "LicenseDocument"));
                n.add(iri!(dct: "title"), Term::en(title));
                if let Some(k) = kind {
                    n.add(iri!(dct: "type"), Term::iri(k));
                    if once(k.to_owned()) {
                        out.push(typed(k.to_owned(), iri!(skos: "Concept")));
                    }
                }
                out.push(n);
            }
        }
        if let Some(eu) = eu_theme(&v("theme")) {
            let iri = format!("{EU_THEMES}/{eu}");
            if once(iri.clone()) {
                out.push(typed(iri, iri!(skos: "Concept")));
            }
        }
        for (field, path) in [("theme", "theme"), ("industry", "industry")] {
            let code = v(field);
            if code.is_empty() {
                continue;
            }
            let iri = format!("{base}/{path}/{}", rdf::segment(&code));
            if once(iri.clone()) {
                let (zh, en) = label(field, &code);
                let mut n = typed(iri, iri!(skos: "Concept"));
                n.add(iri!(skos: "inScheme"), Term::iri(format!("{base}/{path}")));
                n.add(iri!(skos: "prefLabel"), Term::zh(zh));
                n.add(iri!(skos: "prefLabel"), Term::en(en));
                out.push(n);
                schemes.insert(path);
            }
        }
        for f in &m.files {
            let (ftype, media) = kind_format(f.kind);
            if once(ftype.to_owned()) {
                out.push(typed(format!("{FILE_TYPE}{ftype}"), iri!(dct: "MediaTypeOrExtent")));
                out.push(typed(format!("{IANA}{media}"), iri!(dct: "MediaType")));
            }
        }
    }
    for path in schemes {
        let mut n = typed(format!("{base}/{path}"), iri!(skos: "ConceptScheme"));
        let (zh, en) = if path == "theme" {
            ("主题分类", "Themes")
        } else {
            ("国民经济行业分类", "Industries (GB/T 4754)")
        };
        n.add(iri!(dct: "title"), Term::zh(zh));
        n.add(iri!(dct: "title"), Term::en(en));
        out.push(n);
    }
    out.extend(agents.iter().map(|a| b.agent(a)));
    out
}

/// Everything about the catalogue that is not its datasets.
pub struct Head {
    pub base: String,
    pub publisher: String,
    pub issued: Option<Term>,
    pub modified: Option<Term>,
}

impl Head {
    pub fn catalog(&self, b: &Builder<'_>, datasets: &[String]) -> Node {
        let mut c = Node::new(Term::iri(format!("{}/catalog", self.base)), &[iri!(dcat: "Catalog")]);
        c.add(iri!(dct: "title"), Term::zh(format!("{}公共数据开放目录", self.publisher)));
        c.add(iri!(dct: "title"), Term::en(format!("Open data catalogue of {}", self.publisher)));
        c.add(iri!(dct: "description"), Term::zh(format!("{}经审核后开放的公共数据集及其数据文件。", self.publisher)));
        c.add(
            iri!(dct: "description"),
            Term::en(format!("Public datasets {} has reviewed and opened, with their data files.", self.publisher)),
        );
        c.add(iri!(dct: "publisher"), Term::iri(b.agent_iri(&self.publisher)));
        c.add(iri!(foaf: "homepage"), Term::iri(format!("{}/", self.base)));
        c.add(iri!(dct: "language"), Term::iri(ZHO));
        c.add(iri!(dct: "spatial"), Term::iri(CHN));
        if let Some(i) = &self.issued {
            c.add(iri!(dct: "issued"), i.clone());
        }
        if let Some(m) = &self.modified {
            c.add(iri!(dct: "modified"), m.clone());
        }
        c.add(iri!(dcat: "themeTaxonomy"), Term::iri(EU_THEMES));
        for d in datasets {
            c.add(iri!(dcat: "dataset"), Term::iri(d));
        }
        c
    }
}

/// One dataset as a DCAT-AP 3 JSON-LD document (`@context` and `@graph`): the
/// dataset, a distribution for each public file (reached from the dataset, as
/// no file URL is known outside a catalogue folder), and the nodes it links to.
pub fn dcat_dataset(meta: &DatasetMetadata, uid: &str, base: &str, kinds: &[&str]) -> Value {
    let mut b = Builder::new(base);
    let d = Described {
        uid,
        meta,
        files: kinds.iter().map(|kind| Distribution { kind, path: None, bytes: None, sha256: None }).collect(),
    };
    let mut nodes = b.dataset(&d);
    let provider = super::text(&meta.values, "provider");
    let agents: BTreeSet<String> = [provider].into_iter().filter(|p| !p.trim().is_empty()).collect();
    nodes.extend(shared_nodes(base, std::slice::from_ref(&d), &agents, &b));
    let graph: Vec<Value> = nodes.iter().map(rdf::jsonld_node).collect();
    serde_json::json!({ "@context": rdf::jsonld_context(), "@graph": graph })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_has_an_eu_theme() {
        let themes = super::super::fields().into_iter().find(|f| f.id == "theme").unwrap().codes;
        for t in themes {
            assert!(eu_theme(&t.code).is_some(), "{}", t.code);
        }
    }
}
