//! Checking metadata values: every problem with the field it concerns and a code
//! the UI and CLI translate; nothing is saved while any value is invalid.

use crate::clock::is_date;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::fields::{FieldDef, FieldKind, Requirement};

/// Why a value is not acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    Missing,
    TooLong,
    ControlCharacters,
    Emoji,
    NotInCodeList,
    InvalidDate,
    EndBeforeStart,
    InvalidEmail,
    InvalidPhone,
    InvalidRegionCode,
    InvalidIdentifier,
    TooManyKeywords,
    UnknownField,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    pub field: String,
    pub kind: ProblemKind,
    /// A limit or the offending value, for the message (`{detail}`).
    pub detail: Option<String>,
}

impl Problem {
    fn new(field: &str, kind: ProblemKind, detail: Option<String>) -> Self {
        Problem { field: field.to_owned(), kind, detail }
    }
}

/// Values by field id. Keywords are a list, everything else a string.
pub type Values = BTreeMap<String, serde_json::Value>;

/// The string value of a field ("" when absent); keywords joined by "、".
pub fn text(values: &Values, id: &str) -> String {
    match values.get(id) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Array(a)) => a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join("、"),
        Some(other) if !other.is_null() => other.to_string(),
        _ => String::new(),
    }
}

/// Splits keyword input on the separators clerks use: , ， 、 ; ； and spaces
/// around them; drops empties and repeats.
pub fn split_keywords(input: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in input.split([',', '，', '、', ';', '；', '\n']).map(str::trim).filter(|k| !k.is_empty()) {
        if !out.iter().any(|o| o == k) {
            out.push(k.to_owned());
        }
    }
    out
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F | 0x200D)
}

fn has_controls(s: &str, allow_newlines: bool) -> bool {
    s.chars().any(|c| c.is_control() && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t')))
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && local.len() <= 64
        && !s.contains(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// An office phone: landline with area code (and optional extension), a mobile,
/// or a 400/800 service number.
pub fn is_phone(s: &str) -> bool {
    let digits: String = s.chars().filter(|c| !matches!(c, '-' | ' ' | '(' | ')' | '（' | '）')).collect();
    let (main, ext) = match digits.split_once(['转', '#']) {
        Some((m, e)) => (m.to_owned(), Some(e.to_owned())),
        None => (digits, None),
    };
    if !main.chars().all(|c| c.is_ascii_digit())
        || ext.as_deref().is_some_and(|e| e.is_empty() || !e.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let b = main.as_bytes();
    let mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    let landline = b.first() == Some(&b'0') && (10..=12).contains(&b.len());
    let service = (main.starts_with("400") || main.starts_with("800")) && b.len() == 10;
    mobile || landline || service
}

/// Province codes of GB/T 2260 (the first two digits of a division code).
pub const PROVINCES: &[u32] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82,
];

pub fn is_region_code(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) && s[..2].parse().is_ok_and(|p: u32| PROVINCES.contains(&p))
}

/// Checks one field's value (already trimmed; empty means absent).
pub fn check_field(def: &FieldDef, value: &serde_json::Value) -> Vec<Problem> {
    let id = def.id.as_str();
    let mut problems = Vec::new();
    let mut p = |kind, detail: Option<String>| problems.push(Problem::new(id, kind, detail));
    if let FieldKind::Keywords = def.kind {
        let words: Vec<String> = match value {
            serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
            serde_json::Value::String(s) => split_keywords(s),
            _ => Vec::new(),
        };
        if words.len() > 20 {
            p(ProblemKind::TooManyKeywords, Some("20".into()));
        }
        for w in &words {
            if w.chars().count() > 20 {
                p(ProblemKind::TooLong, Some("20".into()));
            }
            if has_controls(w, false) {
                p(ProblemKind::ControlCharacters, None);
            }
            if w.chars().any(is_emoji) {
                p(ProblemKind::Emoji, None);
            }
        }
        return problems;
    }
    let v = value.as_str().unwrap_or("").trim();
    if v.is_empty() {
        return problems;
    }
    let long = matches!(def.kind, FieldKind::LongText { .. });
    if has_controls(v, long) {
        p(ProblemKind::ControlCharacters, None);
    }
    if !long && v.chars().any(is_emoji) {
        p(ProblemKind::Emoji, None);
    }
    match def.kind {
        FieldKind::Text { max } | FieldKind::LongText { max } => {
            if v.chars().count() > max as usize {
                p(ProblemKind::TooLong, Some(max.to_string()));
            }
        }
        FieldKind::Identifier => {
            let ok = v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:".contains(c));
            if !ok {
                p(ProblemKind::InvalidIdentifier, None);
            }
        }
        FieldKind::Code => {
            if !def.codes.iter().any(|c| c.code == v) {
                p(ProblemKind::NotInCodeList, Some(v.to_owned()));
            }
        }
        FieldKind::Date => {
            if !is_date(v) {
                p(ProblemKind::InvalidDate, Some(v.to_owned()));
            }
        }
        FieldKind::Email => {
            if !is_email(v) {
                p(ProblemKind::InvalidEmail, None);
            }
        }
        FieldKind::Phone => {
            if !is_phone(v) {
                p(ProblemKind::InvalidPhone, None);
            }
        }
        FieldKind::RegionCode => {
            if !is_region_code(v) {
                p(ProblemKind::InvalidRegionCode, None);
            }
        }
        FieldKind::Keywords => {}
    }
    problems
}

fn present(values: &Values, id: &str) -> bool {
    match values.get(id) {
        Some(serde_json::Value::String(s)) => !s.trim().is_empty(),
        Some(serde_json::Value::Array(a)) => !a.is_empty(),
        _ => false,
    }
}

/// Every problem of a whole set of values: invalid values, missing required ones,
/// a conditional field whose condition holds, an end before its start.
pub fn check_all(defs: &[FieldDef], values: &Values) -> Vec<Problem> {
    let mut problems = Vec::new();
    for key in values.keys() {
        if !defs.iter().any(|d| &d.id == key) {
            problems.push(Problem::new(key, ProblemKind::UnknownField, None));
        }
    }
    for def in defs {
        let needed = match def.requirement {
            Requirement::Required => true,
            Requirement::Conditional => def.required_when.as_ref().is_some_and(|(f, v)| text(values, f) == *v),
            _ => false,
        };
        match values.get(&def.id) {
            Some(v) if present(values, &def.id) => problems.extend(check_field(def, v)),
            _ if needed => problems.push(Problem::new(&def.id, ProblemKind::Missing, None)),
            _ => {}
        }
    }
    let (start, end) = (text(values, "temporal_start"), text(values, "temporal_end"));
    if is_date(&start) && is_date(&end) && end < start {
        problems.push(Problem::new("temporal_end", ProblemKind::EndBeforeStart, Some(start)));
    }
    problems
}
