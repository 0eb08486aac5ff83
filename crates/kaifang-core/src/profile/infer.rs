//! Column types, inferred while streaming over every row (not a sample): a code
//! column whose 90,000th value has a leading zero must not be called an integer.
//! Types drive display, sorting and export; the stored text never changes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What one value looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Empty,
    Integer,
    Decimal,
    Date,
    DateTime,
    Boolean,
    /// Digits that must stay text: leading zeros, 16+ digits, letter-digit codes.
    Code,
    /// A number Excel already rounded (`1.30534194503122E+17`).
    Mangled,
    Text,
}

/// A column's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    Integer,
    Decimal,
    Date,
    Datetime,
    Boolean,
    Code,
    Text,
}

impl ColumnType {
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::Integer => "integer",
            ColumnType::Decimal => "decimal",
            ColumnType::Date => "date",
            ColumnType::Datetime => "datetime",
            ColumnType::Boolean => "boolean",
            ColumnType::Code => "code",
            ColumnType::Text => "text",
        }
    }

    pub fn parse(s: &str) -> ColumnType {
        match s {
            "integer" => ColumnType::Integer,
            "decimal" => ColumnType::Decimal,
            "date" => ColumnType::Date,
            "datetime" => ColumnType::Datetime,
            "boolean" => ColumnType::Boolean,
            "code" => ColumnType::Code,
            _ => ColumnType::Text,
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, ColumnType::Integer | ColumnType::Decimal)
    }
}

/// Classifies one value (already known to be non-empty or empty).
pub fn classify(v: &str) -> Kind {
    let b = v.as_bytes();
    if b.is_empty() {
        return Kind::Empty;
    }
    if b[0] == b' ' || b[b.len() - 1] == b' ' {
        // Stray spaces: judge by the content, the profile reports the spaces.
        let t = v.trim();
        return if t.is_empty() { Kind::Empty } else { classify(t) };
    }
    // Most text (names, addresses) starts with a non-ASCII byte: only booleans
    // qualify then, so skip the number, date and code checks.
    if !b[0].is_ascii_alphanumeric() && b[0] != b'-' {
        return if matches!(v, "是" | "否") { Kind::Boolean } else { Kind::Text };
    }
    let digits_from = usize::from(b[0] == b'-');
    let body = &b[digits_from..];
    if !body.is_empty() && body.iter().all(u8::is_ascii_digit) {
        let leading_zero = body.len() > 1 && body[0] == b'0';
        return if leading_zero || body.len() >= 16 {
            if digits_from == 1 {
                Kind::Text
            } else {
                Kind::Code
            }
        } else {
            Kind::Integer
        };
    }
    if is_decimal(body) {
        return Kind::Decimal;
    }
    if is_mangled(b) {
        return Kind::Mangled;
    }
    if let Some(k) = date_kind(v) {
        return k;
    }
    if matches!(v, "是" | "否" | "TRUE" | "FALSE" | "true" | "false") {
        return Kind::Boolean;
    }
    if is_code(b) {
        return Kind::Code;
    }
    Kind::Text
}

fn is_decimal(b: &[u8]) -> bool {
    let Some(dot) = b.iter().position(|&c| c == b'.') else { return false };
    let (int, frac) = (&b[..dot], &b[dot + 1..]);
    !int.is_empty()
        && !frac.is_empty()
        && int.iter().all(u8::is_ascii_digit)
        && frac.iter().all(u8::is_ascii_digit)
        && !(int.len() > 1 && int[0] == b'0')
}

/// `1.30534194503122E+17`, `1.3E+17`: Excel's display of a long number.
fn is_mangled(b: &[u8]) -> bool {
    let Some(e) = b.iter().position(|&c| c == b'E' || c == b'e') else { return false };
    let (m, x) = (&b[..e], &b[e + 1..]);
    let m_ok = !m.is_empty() && m[0].is_ascii_digit() && m.iter().all(|c| c.is_ascii_digit() || *c == b'.');
    let x = x.strip_prefix(b"+").unwrap_or(x);
    let exp: u32 = std::str::from_utf8(x).ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    m_ok && exp >= 11
}

/// Letters and digits mixed, at least 6 long, such as a USCC `91512081MA62K0260E`,
/// an ID ending in X, or a plate-free registration number.
fn is_code(b: &[u8]) -> bool {
    b.len() >= 6
        && b.len() <= 40
        && b.iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || *c == b'-')
        && b.iter().filter(|c| c.is_ascii_digit()).count() * 2 >= b.len()
}

/// `2024-03-05`, `2024/3/5`, `2024.03.05`, `2024年3月5日`, optionally with a time.
fn date_kind(v: &str) -> Option<Kind> {
    if v.len() < 8 || !v.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let (date, time) = match v.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let parts: Vec<&str> = if date.contains('年') {
        let d = date.trim_end_matches('日');
        d.split(['年', '月']).collect()
    } else {
        date.split(['-', '/', '.']).collect()
    };
    if parts.len() != 3 {
        return None;
    }
    let num = |s: &str, max_len: usize| -> Option<u32> {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|c| c.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let (y, m, d) = (num(parts[0], 4)?, num(parts[1], 2)?, num(parts[2], 2)?);
    if parts[0].len() != 4 || !(1900..=2100).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in(y, m) {
        return None;
    }
    match time {
        None => Some(Kind::Date),
        Some(t) => {
            let hms: Vec<&str> = t.split(':').collect();
            let ok = (2..=3).contains(&hms.len())
                && hms.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|c| c.is_ascii_digit()));
            ok.then_some(Kind::DateTime)
        }
    }
}

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Counts of each kind in one column, decided into a type at the end.
#[derive(Debug, Clone, Default)]
pub struct TypeTracker {
    pub integer: u64,
    pub decimal: u64,
    pub date: u64,
    pub datetime: u64,
    pub boolean: u64,
    pub code: u64,
    pub mangled: u64,
    pub text: u64,
}

impl TypeTracker {
    pub fn add(&mut self, k: Kind) {
        match k {
            Kind::Empty => {}
            Kind::Integer => self.integer += 1,
            Kind::Decimal => self.decimal += 1,
            Kind::Date => self.date += 1,
            Kind::DateTime => self.datetime += 1,
            Kind::Boolean => self.boolean += 1,
            Kind::Code => self.code += 1,
            Kind::Mangled => self.mangled += 1,
            Kind::Text => self.text += 1,
        }
    }

    fn total(&self) -> u64 {
        self.integer + self.decimal + self.date + self.datetime + self.boolean + self.code + self.mangled + self.text
    }

    /// The narrowest type every value fits.
    pub fn decide(&self) -> ColumnType {
        let n = self.total();
        if n == 0 {
            return ColumnType::Text;
        }
        let only = |c: u64| c == n;
        if only(self.integer) {
            ColumnType::Integer
        } else if only(self.integer + self.decimal) {
            ColumnType::Decimal
        } else if only(self.date) {
            ColumnType::Date
        } else if only(self.date + self.datetime) {
            ColumnType::Datetime
        } else if only(self.boolean) {
            ColumnType::Boolean
        } else if only(self.code + self.integer + self.mangled) {
            ColumnType::Code
        } else {
            ColumnType::Text
        }
    }

    /// A column mostly of one kind with a few values of another: numbers stored as
    /// text, a stray word in an amount column. Returns the minority count.
    pub fn minority(&self) -> Option<u64> {
        let n = self.total();
        let numeric = self.integer + self.decimal;
        let dates = self.date + self.datetime;
        for major in [numeric, dates] {
            let rest = n - major;
            if major * 10 >= n * 9 && rest > 0 && self.decide() == ColumnType::Text {
                return Some(rest);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_classified() {
        assert_eq!(classify("42"), Kind::Integer);
        assert_eq!(classify("-7"), Kind::Integer);
        assert_eq!(classify("007"), Kind::Code, "a leading zero means a code");
        assert_eq!(classify("110105194912310021"), Kind::Code, "18 digits are an identifier");
        assert_eq!(classify("11010519491231002X"), Kind::Code);
        assert_eq!(classify("91512081MA62K0260E"), Kind::Code);
        assert_eq!(classify("3.14"), Kind::Decimal);
        assert_eq!(classify("1.30534194503122E+17"), Kind::Mangled);
        assert_eq!(classify("2024-02-29"), Kind::Date);
        assert_ne!(classify("2023-02-29"), Kind::Date, "not a real date");
        assert_eq!(classify("2024年3月5日"), Kind::Date);
        assert_eq!(classify("2024/3/5 13:45"), Kind::DateTime);
        assert_eq!(classify("是"), Kind::Boolean);
        assert_eq!(classify("城关镇"), Kind::Text);
        assert_eq!(classify(" 12 "), Kind::Integer);
    }

    #[test]
    fn types_are_the_narrowest_that_fits_every_value() {
        let mut t = TypeTracker::default();
        for v in ["1", "2", "3"] {
            t.add(classify(v));
        }
        assert_eq!(t.decide(), ColumnType::Integer);
        t.add(classify("0012"));
        assert_eq!(t.decide(), ColumnType::Code, "one leading-zero value turns the column into codes");
        let mut m = TypeTracker::default();
        for _ in 0..95 {
            m.add(classify("12.5"));
        }
        for _ in 0..5 {
            m.add(classify("暂无"));
        }
        assert_eq!(m.decide(), ColumnType::Text);
        assert_eq!(m.minority(), Some(5), "a mostly numeric column with words is reported");
    }
}
