//! Entry points for the fuzzer (crates/kaifang-fuzz) and for the test that
//! replays what it found (tests/fuzz_regressions.rs). Each takes arbitrary
//! bytes and runs one reader on them the way the app does, and says whether
//! the reader accepted them. Refusing is a fine outcome; a panic, a hang or a
//! runaway allocation is a bug.

use std::path::Path;

use crate::import::{self, ImportOptions};

/// Writes `data` to a file named `name` in a fresh temporary folder and runs `f` on it.
fn with_file<T>(name: &str, data: &[u8], f: impl FnOnce(&Path) -> T) -> T {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, data).expect("a temporary file");
    f(&path)
}

/// The text path: format sniffing, encoding and delimiter detection, the CSV
/// reader and header detection, as the import wizard's first step runs them.
pub fn csv(data: &[u8]) -> bool {
    with_file("表.csv", data, |p| import::inspect(p, &ImportOptions::default()).is_ok())
}

/// The workbook path: the same, on bytes named as a workbook (the format is
/// sniffed from the content, so zips, OLE files and text all get through).
pub fn workbook(data: &[u8]) -> bool {
    with_file("表.xlsx", data, |p| {
        let read = import::inspect(p, &ImportOptions::default()).is_ok();
        import::workbook::release();
        read
    })
}

/// The bundle reader: the zip checks, unpacking and every JSON part, on a plain bundle.
pub fn bundle(data: &[u8]) -> bool {
    with_file("来件.kaifang", data, |p| crate::bundle::read_unapplied(p, p.parent().unwrap_or(p)).is_ok())
}

/// Metadata JSON as `kaifang meta import` reads it: parsed, then every known
/// field checked against its definition.
pub fn metadata(data: &[u8]) -> bool {
    let Ok(values) = serde_json::from_slice::<crate::metadata::Values>(data) else {
        return false;
    };
    let mut valid = true;
    for (key, value) in &values {
        if let Some(def) = crate::metadata::field(key) {
            valid &= crate::metadata::check_field(&def, value).is_empty();
        }
    }
    valid
}

/// A CKAN Action API answer: the first byte picks the HTTP status, the rest is
/// the body.
pub fn ckan_answer(data: &[u8]) -> bool {
    const STATUSES: [u16; 9] = [200, 400, 401, 403, 404, 409, 413, 429, 500];
    let Some((&pick, body)) = data.split_first() else {
        return false;
    };
    let status =
        reqwest::StatusCode::from_u16(STATUSES[usize::from(pick) % STATUSES.len()]).unwrap_or(reqwest::StatusCode::OK);
    crate::portal::interpret_answer(status, body).is_ok()
}
