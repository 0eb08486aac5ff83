//! The shape of the crate: its top-level modules form layers (see `src/lib.rs`),
//! each using only modules in lower layers. Read from the source, so an import
//! cycle or an upward use fails here, before it makes the next change harder.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers of `src/lib.rs`, lowest first.
const LAYERS: &[&[&str]] = &[
    &["error", "clock", "paths", "jobs", "app", "fold"],
    &["audit", "divisions"],
    &["workspace"],
    &["profile", "lifecycle", "auth"],
    &["dataset"],
    &["import"],
    &["sensitive"],
    &["metadata"],
    &["export", "readiness", "overview"],
    &["clean"],
    &["review", "pipeline"],
    &["bundle", "portal"],
    &["catalog"],
    &["fuzzing"],
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Top-level module → the top-level modules its code (not its comments) names
/// as `crate::<module>`.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let module = first.trim_end_matches(".rs").to_owned();
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
            let mut rest = line;
            while let Some(i) = rest.find("crate::") {
                rest = &rest[i + "crate::".len()..];
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !name.is_empty() && name != module && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    out.entry(module.clone()).or_default().insert(name);
                }
            }
        }
    }
    out
}

fn layer(module: &str) -> usize {
    LAYERS.iter().position(|l| l.contains(&module)).unwrap_or_else(|| panic!("module {module} is in no layer"))
}

#[test]
fn every_module_uses_only_lower_layers() {
    let mut upward = Vec::new();
    for (from, to) in uses() {
        for t in to {
            if layer(&t) >= layer(&from) {
                upward.push(format!("{from} (layer {}) uses {t} (layer {})", layer(&from), layer(&t)));
            }
        }
    }
    assert!(upward.is_empty(), "uses that go up or sideways:\n{}", upward.join("\n"));
}

#[test]
fn no_import_cycles() {
    let graph = uses();
    // Depth-first search for a back edge.
    fn visit<'a>(
        n: &'a str,
        g: &'a BTreeMap<String, BTreeSet<String>>,
        on_path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = on_path.iter().position(|m| *m == n) {
            return Some(on_path[i..].iter().map(|s| s.to_string()).chain([n.to_owned()]).collect());
        }
        if !done.insert(n) {
            return None;
        }
        on_path.push(n);
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, on_path, done) {
                return Some(c);
            }
        }
        on_path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        let cycle = visit(n, &graph, &mut Vec::new(), &mut done);
        assert!(cycle.is_none(), "import cycle: {}", cycle.unwrap().join(" → "));
    }
}

#[test]
fn every_module_is_in_a_layer() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(m) = line.strip_prefix("pub mod ").and_then(|l| l.strip_suffix(';')) {
            layer(m);
        }
    }
}
