//! Just enough RDF to write a catalogue: nodes with their properties, written as
//! Turtle or as JSON-LD. No parser, no graph algebra: the catalogue is built
//! node by node and each node is written whole (one subject block in Turtle, one
//! object in the JSON-LD `@graph`), so a page is a list of nodes.

use std::fmt::Write as _;

/// The namespaces the catalogue uses, as Turtle prefixes and JSON-LD context.
pub const PREFIXES: &[(&str, &str)] = &[
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("spdx", "http://spdx.org/rdf/terms#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("hydra", "http://www.w3.org/ns/hydra/core#"),
];

pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// The object of a property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Iri(String),
    /// A blank node, numbered within its page.
    Blank(u32),
    /// A literal, with a language tag or a datatype IRI (not both).
    Literal {
        value: String,
        lang: Option<&'static str>,
        datatype: Option<&'static str>,
    },
}

impl Term {
    pub fn iri(s: impl Into<String>) -> Term {
        Term::Iri(s.into())
    }
    pub fn zh(s: impl Into<String>) -> Term {
        Term::Literal { value: s.into(), lang: Some("zh"), datatype: None }
    }
    pub fn en(s: impl Into<String>) -> Term {
        Term::Literal { value: s.into(), lang: Some("en"), datatype: None }
    }
    pub fn plain(s: impl Into<String>) -> Term {
        Term::Literal { value: s.into(), lang: None, datatype: None }
    }
    pub fn typed(s: impl Into<String>, datatype: &'static str) -> Term {
        Term::Literal { value: s.into(), lang: None, datatype: Some(datatype) }
    }
}

/// One subject and its properties (predicate IRI, object), in writing order.
/// `types` are written as `a` / `@type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub subject: Term,
    pub types: Vec<&'static str>,
    pub props: Vec<(&'static str, Term)>,
}

impl Node {
    pub fn new(subject: Term, types: &[&'static str]) -> Node {
        Node { subject, types: types.to_vec(), props: Vec::new() }
    }
    pub fn add(&mut self, predicate: &'static str, object: Term) -> &mut Node {
        self.props.push((predicate, object));
        self
    }
}

/// `prefix:local` when the IRI is in a known namespace and the local part is a
/// plain name, for predicates and types.
fn compact(iri: &str) -> Option<String> {
    PREFIXES.iter().find_map(|(p, ns)| {
        let local = iri.strip_prefix(ns)?;
        let mut chars = local.chars();
        let plain = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        plain.then(|| format!("{p}:{local}"))
    })
}

/// Characters an IRI may not hold (RFC 3987 and Turtle's IRIREF): percent-encoded.
fn safe_iri(iri: &str) -> String {
    let mut out = String::with_capacity(iri.len());
    for c in iri.chars() {
        if c <= ' ' || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\') {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved bytes).
pub fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn turtle_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn turtle_term(t: &Term, out: &mut String) {
    match t {
        Term::Iri(i) => {
            out.push('<');
            out.push_str(&safe_iri(i));
            out.push('>');
        }
        Term::Blank(n) => {
            let _ = write!(out, "_:b{n}");
        }
        Term::Literal { value, lang, datatype } => {
            turtle_string(value, out);
            if let Some(l) = lang {
                out.push('@');
                out.push_str(l);
            } else if let Some(d) = datatype {
                out.push_str("^^");
                match compact(d) {
                    Some(c) => out.push_str(&c),
                    None => turtle_term(&Term::Iri((*d).to_owned()), out),
                }
            }
        }
    }
}

fn turtle_name(iri: &str, out: &mut String) {
    match compact(iri) {
        Some(c) => out.push_str(&c),
        None => turtle_term(&Term::Iri(iri.to_owned()), out),
    }
}

/// The prefix lines every Turtle page starts with.
pub fn turtle_header() -> String {
    let mut out = String::new();
    for (p, ns) in PREFIXES {
        let _ = writeln!(out, "@prefix {p}: <{ns}> .");
    }
    out
}

/// One node as a Turtle subject block, ending with a blank line.
pub fn turtle_node(n: &Node) -> String {
    let mut out = String::new();
    turtle_term(&n.subject, &mut out);
    let mut first = true;
    let mut sep = |out: &mut String| {
        out.push_str(if first { "\n    " } else { " ;\n    " });
        first = false;
    };
    if !n.types.is_empty() {
        sep(&mut out);
        out.push_str("a ");
        for (i, t) in n.types.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            turtle_name(t, &mut out);
        }
    }
    for (p, o) in &n.props {
        sep(&mut out);
        turtle_name(p, &mut out);
        out.push(' ');
        turtle_term(o, &mut out);
    }
    out.push_str(" .\n\n");
    out
}

fn json_id(t: &Term) -> String {
    match t {
        Term::Iri(i) => safe_iri(i),
        Term::Blank(n) => format!("_:b{n}"),
        Term::Literal { value, .. } => value.clone(),
    }
}

fn json_term(t: &Term) -> serde_json::Value {
    use serde_json::json;
    match t {
        Term::Iri(_) | Term::Blank(_) => json!({ "@id": json_id(t) }),
        Term::Literal { value, lang: Some(l), .. } => json!({ "@value": value, "@language": l }),
        Term::Literal { value, datatype: Some(d), .. } => json!({ "@value": value, "@type": d }),
        Term::Literal { value, .. } => json!({ "@value": value }),
    }
}

/// The JSON-LD `@context` of every page: the prefixes.
pub fn jsonld_context() -> serde_json::Value {
    serde_json::Value::Object(PREFIXES.iter().map(|(p, ns)| ((*p).to_owned(), serde_json::json!(ns))).collect())
}

/// One node as a JSON-LD node object (absolute IRIs for ids and types, compact
/// IRIs for keys; every value an array, in writing order).
pub fn jsonld_node(n: &Node) -> serde_json::Value {
    let mut o = serde_json::Map::new();
    o.insert("@id".into(), serde_json::Value::String(json_id(&n.subject)));
    if !n.types.is_empty() {
        o.insert("@type".into(), serde_json::json!(n.types));
    }
    for (p, v) in &n.props {
        let key = compact(p).unwrap_or_else(|| (*p).to_owned());
        let slot = o.entry(key).or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let serde_json::Value::Array(a) = slot {
            a.push(json_term(v));
        }
    }
    serde_json::Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turtle_escapes_strings_and_iris() {
        let mut n = Node::new(Term::iri("https://x.example/a b"), &["http://www.w3.org/ns/dcat#Dataset"]);
        n.add("http://purl.org/dc/terms/title", Term::zh("引号\"和\\反斜杠\n换行\u{1}"));
        n.add(
            "http://www.w3.org/ns/dcat#byteSize",
            Term::typed("12", "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"),
        );
        let t = turtle_node(&n);
        assert_eq!(
            t,
            "<https://x.example/a%20b>\n    a dcat:Dataset ;\n    dct:title \"引号\\\"和\\\\反斜杠\\n换行\\u0001\"@zh ;\n    \
             dcat:byteSize \"12\"^^xsd:nonNegativeInteger .\n\n"
        );
    }

    #[test]
    fn names_outside_the_prefixes_are_written_whole() {
        assert_eq!(compact("http://www.w3.org/ns/dcat#Dataset").as_deref(), Some("dcat:Dataset"));
        // A local part with a slash or starting with a digit is not a prefixed name.
        assert_eq!(compact("http://purl.org/dc/terms/a/b"), None);
        assert_eq!(compact("http://purl.org/dc/terms/1x"), None);
        assert_eq!(compact("http://example.org/x"), None);
        assert_eq!(segment("城关镇 a/b"), "%E5%9F%8E%E5%85%B3%E9%95%87%20a%2Fb");
    }

    #[test]
    fn jsonld_nodes_group_values_by_key() {
        let mut n = Node::new(Term::Blank(3), &[]);
        n.add("http://www.w3.org/ns/dcat#keyword", Term::zh("甲"));
        n.add("http://www.w3.org/ns/dcat#keyword", Term::zh("乙"));
        n.add("http://purl.org/dc/terms/publisher", Term::iri("https://x.example/p"));
        let j = jsonld_node(&n);
        assert_eq!(j["@id"], "_:b3");
        assert_eq!(j["dcat:keyword"][1]["@value"], "乙");
        assert_eq!(j["dct:publisher"][0]["@id"], "https://x.example/p");
    }
}
