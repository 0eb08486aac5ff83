//! The cleaning operations as data, and what each does to one value or one row.
//!
//! A [`Step`] is what a history stores and a recipe carries: an operation with
//! its parameters, the columns it works on (by name, so that a recipe can meet
//! a file whose headers moved) and an optional filter. The functions here know
//! nothing of tables; [`super::run`] applies them to a version's rows.

pub use crate::fold::half_width;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::profile::infer::Kind;

/// One cleaning step: `{op, params, columns, filter}` on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Step {
    #[serde(flatten)]
    pub op: Op,
    /// The columns the step reads (and changes, for a step that changes cells).
    pub columns: Vec<String>,
    /// Only rows that pass the filter are changed; recorded with the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "op", content = "params", rename_all = "snake_case")]
pub enum Op {
    /// Trims the ends and collapses inner runs of white space to one space,
    /// counting the ideographic space (U+3000), no-break and zero-width spaces.
    Trim,
    /// Full-width digits, letters and ASCII punctuation (１２３ＡＢＣ，) to half-width.
    HalfWidth,
    /// Dates in any of the forms offices write (2023.1.5, 2023年1月5日,
    /// 20230105, an Excel serial number, 2023/1/5 8:00) to YYYY-MM-DD.
    Dates,
    /// Numbers written with thousands separators (1,234.5, 1，234) or a unit
    /// (12.5万元, 300元) to plain numbers; `from_wan` multiplies 万 amounts by
    /// 10,000 and records 元 as the column's unit.
    Numbers {
        #[serde(default)]
        from_wan: bool,
    },
    /// Replaces every occurrence of `find` with `replace`.
    Replace { find: String, replace: String },
    /// Replaces whole values by a table of `from` → `to`.
    Map { pairs: Vec<(String, String)> },
    /// Values that stand for nothing (无, —, /, N/A …) to empty.
    BlankLike {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        values: Vec<String>,
    },
    /// An empty cell takes the value above it (what a merged cell meant).
    FillDown,
    /// Removes rows equal to an earlier row on `columns` (every column when
    /// none is given), keeping the first.
    Dedupe,
    /// Splits a column into new columns: at a separator, or by the parts of a
    /// Chinese address (省/市/县/乡镇/村/组) named in `into`.
    Split {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        separator: Option<String>,
        into: Vec<String>,
    },
    /// Joins the columns into a new one named `into`.
    Merge { separator: String, into: String },
    /// Derives the year of birth and the sex from a resident ID column into
    /// new columns (before the ID is masked).
    FromId {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        birth_year: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sex: Option<String>,
    },
}

impl Op {
    /// The operation's name on the wire (`half_width`).
    pub fn name(&self) -> &'static str {
        match self {
            Op::Trim => "trim",
            Op::HalfWidth => "half_width",
            Op::Dates => "dates",
            Op::Numbers { .. } => "numbers",
            Op::Replace { .. } => "replace",
            Op::Map { .. } => "map",
            Op::BlankLike { .. } => "blank_like",
            Op::FillDown => "fill_down",
            Op::Dedupe => "dedupe",
            Op::Split { .. } => "split",
            Op::Merge { .. } => "merge",
            Op::FromId { .. } => "from_id",
        }
    }

    /// The names of the columns the step adds.
    pub fn adds(&self) -> Vec<String> {
        match self {
            Op::Split { into, .. } => into.clone(),
            Op::Merge { into, .. } => vec![into.clone()],
            Op::FromId { birth_year, sex } => birth_year.iter().chain(sex).cloned().collect(),
            _ => Vec::new(),
        }
    }
}

/// Which rows a step changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Filter {
    pub column: String,
    #[serde(flatten)]
    pub test: Test,
}

/// A filter's test of one value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "is", rename_all = "snake_case")]
pub enum Test {
    Blank,
    NotBlank,
    /// One of these values (a value count's bar, clicked).
    OneOf {
        values: Vec<String>,
    },
    /// A value that does not read as the kind most of the column's values
    /// have (a text among numbers, a date that is none).
    Invalid,
    /// A number in the range, ends included (either may be open).
    Range {
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
    },
}

impl Test {
    /// Whether a value passes; `most` is the kind most of the column's values
    /// have (for `Invalid`).
    pub fn passes(&self, value: &str, most: Kind) -> bool {
        let v = value.trim();
        match self {
            Test::Invalid => !v.is_empty() && !fits(v, most),
            Test::Blank => v.is_empty(),
            Test::NotBlank => !v.is_empty(),
            Test::OneOf { values } => values.iter().any(|x| x == value || x.trim() == v),
            Test::Range { min, max } => match plain_number(v).and_then(|n| n.parse::<f64>().ok()) {
                Some(x) => min.is_none_or(|m| x >= m) && max.is_none_or(|m| x <= m),
                None => false,
            },
        }
    }
}

/// Whether a value reads as the kind most of its column's values have
/// (an integer fits a column of decimals, a date one of date-times).
fn fits(v: &str, most: Kind) -> bool {
    let k = crate::profile::infer::classify(v);
    k == most || matches!((k, most), (Kind::Integer, Kind::Decimal) | (Kind::Date, Kind::DateTime))
}

/// The kind most non-empty values have (text when there are none).
pub fn most_common_kind<'a>(values: impl Iterator<Item = &'a str>) -> Kind {
    let mut counts: std::collections::HashMap<Kind, u64> = std::collections::HashMap::new();
    for v in values.map(str::trim).filter(|v| !v.is_empty()) {
        let k = match crate::profile::infer::classify(v) {
            Kind::Integer => Kind::Decimal,
            Kind::DateTime => Kind::Date,
            k => k,
        };
        *counts.entry(k).or_default() += 1;
    }
    let most = counts.into_iter().max_by_key(|(k, n)| (*n, *k as u8)).map_or(Kind::Text, |(k, _)| k);
    // Back to the wider kind, which the narrower one fits.
    match most {
        Kind::Date => Kind::DateTime,
        k => k,
    }
}

/// Spaces that are not ASCII but mean the same to a reader.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00A0}' | '\u{3000}')
}

/// [`Op::Trim`] on one value.
pub fn trim(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for word in v.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`Op::Dates`] on one value: the date as YYYY-MM-DD and the form it was in.
pub fn normalise_date(v: &str) -> Option<(String, &'static str)> {
    let v = half_width(v.trim());
    let v = v.as_str();
    let b = v.as_bytes();
    if b.is_empty() {
        return None;
    }
    // 20230105
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        let num = |r: std::ops::Range<usize>| v[r].parse::<u32>().unwrap_or(0);
        let (y, m, d) = (num(0..4), num(4..6), num(6..8));
        return crate::clock::real_date(y, m, d).then(|| (format!("{y:04}-{m:02}-{d:02}"), "yyyymmdd"));
    }
    // An Excel serial day number (1927–2119), maybe with a time fraction.
    let serial = b.iter().all(|c| c.is_ascii_digit() || *c == b'.') && b[0] != b'.';
    if let (true, Ok(day)) = (serial, v.parse::<f64>()) {
        if !(10_000.0..80_000.0).contains(&day) {
            return None;
        }
        let date = time::Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
        let date = date.checked_add(time::Duration::days(day.floor() as i64))?;
        return Some((format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day()), "excel_serial"));
    }
    let (y, m, d) = crate::clock::date_parts(v)?;
    // The year must come first and be written whole (5/1/2023 is ambiguous).
    let first = v.split(|c: char| !c.is_ascii_digit()).next()?;
    if first.len() != 4 {
        return None;
    }
    let form = if v.contains('年') {
        "chinese"
    } else if v.contains('/') {
        "slashes"
    } else if v.contains('.') {
        "dots"
    } else {
        "dashes"
    };
    let rest = v.trim_start_matches(|c: char| c.is_ascii_digit() || "-/.年月日".contains(c));
    let form = if rest.trim().is_empty() { form } else { "with_time" };
    Some((format!("{y:04}-{m:02}-{d:02}"), form))
}

/// A number without separators, currency signs or a trailing unit, as text;
/// `None` when the value is not one.
pub fn plain_number(v: &str) -> Option<String> {
    let v = half_width(v.trim());
    let v = v.trim_start_matches(['¥', '￥']).trim_end_matches(['元']).trim_end_matches(['万']);
    let cleaned: String = v.chars().filter(|c| !matches!(c, ',' | '，' | ' ' | '\'')).collect();
    let body = cleaned.strip_prefix('-').unwrap_or(&cleaned);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (!int.is_empty() && digits(int) && digits(frac) && !(body.ends_with('.'))).then_some(cleaned)
}

/// [`Op::Numbers`] on one value: the plain number (×10,000 for a 万 amount
/// when `from_wan`), computed on the digits so no rounding creeps in.
pub fn normalise_number(v: &str, from_wan: bool) -> Option<String> {
    let plain = plain_number(v)?;
    let wan = from_wan || half_width(v.trim()).trim_end_matches('元').ends_with('万');
    if !wan {
        return Some(plain);
    }
    let (neg, body) = match plain.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, plain.as_str()),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut frac = frac.to_owned();
    while frac.len() < 4 {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(4);
    let int = format!("{int}{moved}").trim_start_matches('0').to_owned();
    let int = if int.is_empty() { "0".to_owned() } else { int };
    let rest = rest.trim_end_matches('0');
    let sign = if neg && (int != "0" || !rest.is_empty()) { "-" } else { "" };
    Some(if rest.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}.{rest}") })
}

/// What [`Op::BlankLike`] treats as empty when the step names no values.
pub const BLANK_LIKE: &[&str] = &[
    "无", "——", "—", "–", "-", "－", "/", "／", "\\", "N/A", "n/a", "NA", "#N/A", "null", "NULL", "空", "暂无", "不详",
];

/// [`Op::BlankLike`] on one value.
pub fn is_blank_like(v: &str, values: &[String]) -> bool {
    let v = v.trim();
    if values.is_empty() {
        BLANK_LIKE.contains(&v)
    } else {
        values.iter().any(|x| x.trim() == v)
    }
}

/// The address levels [`Op::Split`] knows, with the characters that end each.
pub const ADDRESS_LEVELS: &[(&str, &[&str])] = &[
    ("省", &["省", "自治区"]),
    ("市", &["市", "自治州", "地区", "盟"]),
    ("县", &["县", "区", "旗", "市"]),
    ("乡镇", &["乡", "镇", "街道", "苏木"]),
    ("村", &["村委会", "居委会", "社区", "村"]),
    ("组", &["组", "队"]),
];

/// The parts of a Chinese address, level by level (`None` where the address
/// skips a level); what follows the last part found is left out.
pub fn address_parts(v: &str) -> Vec<Option<String>> {
    let mut out = vec![None; ADDRESS_LEVELS.len()];
    let mut rest = v.trim();
    for (i, (_, ends)) in ADDRESS_LEVELS.iter().enumerate() {
        // The earliest end marker of this level that leaves a name before it.
        let found = ends
            .iter()
            .filter_map(|m| rest.find(m).filter(|at| *at > 0).map(|at| (at, at + m.len())))
            .min_by_key(|(at, _)| *at);
        let Some((at, end)) = found else { continue };
        // A level's name is short and holds no deeper level's marker: 城关街道
        // before 幸福社区 means the 区 of 社区 is no district.
        let name = &rest[..at];
        let deeper = ADDRESS_LEVELS[i + 1..].iter().flat_map(|(_, m)| m.iter()).any(|m| name.contains(m));
        if name.chars().count() > 8 || deeper {
            continue;
        }
        // 县 level: a 市 right after the city is a county-level city only when
        // the city level is already filled.
        if i == 2 && rest[at..end] == *"市" && out[1].is_none() {
            continue;
        }
        out[i] = Some(rest[..end].to_owned());
        rest = &rest[end..];
    }
    out
}

/// The year of birth and the sex (男/女) from a resident ID, 18 or 15 digits.
pub fn from_id(v: &str) -> Option<(String, &'static str)> {
    let v = v.trim();
    let b = v.as_bytes();
    let (year, sex_digit) = match b.len() {
        18 if b[..17].iter().all(u8::is_ascii_digit) => (v[6..10].to_owned(), b[16]),
        15 if b.iter().all(u8::is_ascii_digit) => (format!("19{}", &v[6..8]), b[14]),
        _ => return None,
    };
    let y: u32 = year.parse().ok()?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    Some((year, if (sex_digit - b'0') % 2 == 1 { "男" } else { "女" }))
}

/// A header as a recipe compares it: NFKC (full-width forms, ① and ㈠ and
/// the like folded), white space and brackets removed, lower-cased.
pub fn header_key(h: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    h.nfkc()
        .collect::<String>()
        .chars()
        .filter(|c| !is_space(*c) && !matches!(c, '(' | ')' | '（' | '）' | '[' | ']' | '【' | '】' | ':' | '：'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_collapses_every_kind_of_space() {
        assert_eq!(trim("\u{3000} 张\u{00A0}\u{00A0}三 \u{200B}"), "张 三");
        assert_eq!(trim("城关镇"), "城关镇");
        assert_eq!(trim(" \u{3000} "), "");
    }

    #[test]
    fn half_width_folds_digits_letters_and_punctuation() {
        assert_eq!(half_width("１２３ＡＢＣａｂｃ，（）\u{3000}号"), "123ABCabc,() 号");
    }

    #[test]
    fn dates_in_office_forms() {
        let d = |v: &str| normalise_date(v);
        assert_eq!(d("2023.1.5"), Some(("2023-01-05".into(), "dots")));
        assert_eq!(d("2023年1月5日"), Some(("2023-01-05".into(), "chinese")));
        assert_eq!(d("20230105"), Some(("2023-01-05".into(), "yyyymmdd")));
        assert_eq!(d("2023/1/5"), Some(("2023-01-05".into(), "slashes")));
        assert_eq!(d("２０２３－０１－０５"), Some(("2023-01-05".into(), "dashes")));
        assert_eq!(d("2023/1/5 8:30"), Some(("2023-01-05".into(), "with_time")));
        // 44931 is 2023-01-05 in Excel's 1900 system.
        assert_eq!(d("44931"), Some(("2023-01-05".into(), "excel_serial")));
        assert_eq!(d("44931.5"), Some(("2023-01-05".into(), "excel_serial")));
        assert_eq!(d("2023-02-30"), None, "no such day");
        assert_eq!(d("5/1/2023"), None, "the year must come first");
        assert_eq!(d("20231305"), None);
        assert_eq!(d("123"), None);
    }

    #[test]
    fn numbers_lose_separators_and_units_without_rounding() {
        assert_eq!(normalise_number("1,234.50", false).as_deref(), Some("1234.50"));
        assert_eq!(normalise_number("１，２３４", false).as_deref(), Some("1234"));
        assert_eq!(normalise_number("¥300元", false).as_deref(), Some("300"));
        assert_eq!(normalise_number("12.5万元", false).as_deref(), Some("125000"));
        assert_eq!(normalise_number("0.00015", true).as_deref(), Some("1.5"));
        assert_eq!(normalise_number("3.14159", true).as_deref(), Some("31415.9"));
        assert_eq!(normalise_number("-2", true).as_deref(), Some("-20000"));
        assert_eq!(normalise_number("约300", false), None);
        assert_eq!(normalise_number("1.2.3", false), None);
    }

    #[test]
    fn blank_like_values() {
        assert!(is_blank_like(" 无 ", &[]));
        assert!(is_blank_like("N/A", &[]));
        assert!(!is_blank_like("无锡", &[]));
        assert!(is_blank_like("待定", &["待定".into()]));
        assert!(!is_blank_like("无", &["待定".into()]), "the step's own list replaces the default");
    }

    #[test]
    fn address_parts_by_level() {
        let p = address_parts("某某省某某市某某县龙泉镇西村4组189号");
        assert_eq!(p[0].as_deref(), Some("某某省"));
        assert_eq!(p[2].as_deref(), Some("某某县"));
        assert_eq!(p[3].as_deref(), Some("龙泉镇"));
        assert_eq!(p[4].as_deref(), Some("西村"));
        assert_eq!(p[5].as_deref(), Some("4组"));
        let p = address_parts("石桥乡南岗村11组");
        assert_eq!((p[0].as_deref(), p[3].as_deref(), p[4].as_deref()), (None, Some("石桥乡"), Some("南岗村")));
        let p = address_parts("城关街道幸福社区");
        assert_eq!((p[3].as_deref(), p[4].as_deref()), (Some("城关街道"), Some("幸福社区")));
    }

    #[test]
    fn birth_year_and_sex_from_ids() {
        assert_eq!(from_id("440524200408037197"), Some(("2004".into(), "男")));
        assert_eq!(from_id("11010519851010582X"), Some(("1985".into(), "女")));
        assert_eq!(from_id("110105851010582"), Some(("1985".into(), "女")));
        assert_eq!(from_id("1234"), None);
    }

    #[test]
    fn headers_compare_folded() {
        assert_eq!(header_key(" 联系 电话（手机）"), header_key("联系电话(手机)"));
        assert_eq!(header_key("ＩＤ"), "id");
        assert_eq!(header_key("补贴①"), header_key("补贴1"), "NFKC folds circled digits");
        assert_eq!(header_key("㈠类"), header_key("(一)类"));
    }

    #[test]
    fn steps_read_and_write_as_the_issue_shows_them() {
        let json = r#"{"op":"replace","params":{"find":"—","replace":""},"columns":["备注"],"filter":{"column":"类别","is":"one_of","values":["城市低保"]}}"#;
        let step: Step = serde_json::from_str(json).expect("parsed");
        assert_eq!(step.op, Op::Replace { find: "—".into(), replace: String::new() });
        assert_eq!(serde_json::to_string(&step).expect("written"), json);
        let trim: Step = serde_json::from_str(r#"{"op":"trim","columns":["姓名"]}"#).expect("no params");
        assert_eq!(trim.op, Op::Trim);
    }
}
