//! Masking operators and the county conventions for each kind of data. One rule
//! per type everywhere: inconsistent masks across sites let fragments be stitched
//! back together. All operate on characters, never bytes, so Chinese text is safe.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use ts_rs::TS;

use super::category::Category;
use super::validators as v;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    /// Publish as is (a personal column needs a written justification).
    Keep,
    /// The county's masking convention for the type (`138****5678`).
    Mask,
    /// A keyed hash (HMAC-SHA256 with the workspace's secret): the same person
    /// gets the same pseudonym, and no one without the secret can reverse it.
    Pseudonymize,
    /// Coarser values: birth date → year, address → township, GPS → 0.01°.
    Generalize,
    /// In free text, replace each identifier found with its mask.
    Redact,
    /// Leave the column out of the public copy.
    Drop,
}

impl Operator {
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Keep => "keep",
            Operator::Mask => "mask",
            Operator::Pseudonymize => "pseudonymize",
            Operator::Generalize => "generalize",
            Operator::Redact => "redact",
            Operator::Drop => "drop",
        }
    }

    pub fn parse(s: &str) -> Option<Operator> {
        [Operator::Keep, Operator::Mask, Operator::Pseudonymize, Operator::Generalize, Operator::Redact, Operator::Drop]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// The operator a column gets until the clerk chooses another.
pub fn default_operator(category: Category, personal: bool, free_text: bool) -> Operator {
    if free_text {
        return Operator::Redact;
    }
    if !personal {
        return Operator::Keep;
    }
    match category {
        Category::Address | Category::BirthDate | Category::Gps => Operator::Generalize,
        Category::Health | Category::Religion | Category::Ethnicity | Category::Criminal => Operator::Drop,
        Category::None | Category::Uscc | Category::OrgCode => Operator::Keep,
        _ => Operator::Mask,
    }
}

fn stars(n: usize) -> String {
    "*".repeat(n)
}

/// Keeps the first `head` and last `tail` characters, masking the rest.
fn keep_ends(value: &str, head: usize, tail: usize) -> String {
    // Most identifiers are ASCII: slice bytes, one allocation.
    if value.is_ascii() {
        let n = value.len();
        if n <= head + tail {
            return stars(n.max(1));
        }
        let mut out = String::with_capacity(n);
        out.push_str(&value[..head]);
        out.extend(std::iter::repeat_n('*', n - head - tail));
        out.push_str(&value[n - tail..]);
        return out;
    }
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= head + tail {
        return stars(chars.len().max(1));
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&stars(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// `keep_ends`, but always hiding at least a third of the value (and three
/// characters), whatever an office convention asks.
fn keep_visible(value: &str, head: usize, tail: usize) -> String {
    let n = value.chars().count();
    let visible = n.saturating_sub((n / 3).max(3));
    let (mut head, mut tail) = (head, tail);
    while head + tail > visible {
        if head >= tail {
            head -= 1;
        } else {
            tail -= 1;
        }
    }
    keep_ends(value, head, tail)
}

fn digits(value: &str) -> String {
    let v = value.trim();
    let v = v.strip_prefix("+86").or_else(|| v.strip_prefix("0086")).unwrap_or(v);
    v.chars().filter(char::is_ascii_digit).collect()
}

/// Characters a mask keeps at each end by default, for the categories whose mask
/// keeps ends (an office may change them: see conventions.rs).
pub fn default_ends(category: Category) -> Option<(u32, u32)> {
    match category {
        Category::IdCard | Category::BankCard => Some((6, 4)),
        Category::Phone => Some((3, 4)),
        Category::Passport => Some((1, 2)),
        Category::Plate => Some((2, 2)),
        Category::Identifier => Some((0, 4)),
        _ => None,
    }
}

/// The county convention for a value of `category`.
pub fn mask_value(category: Category, value: &str) -> String {
    mask_with(category, value, default_ends(category))
}

/// A mask keeping `ends` (head, tail) characters where the category's mask
/// keeps ends; at least a third of the value is always hidden.
pub fn mask_with(category: Category, value: &str, ends: Option<(u32, u32)>) -> String {
    let value = value.trim();
    if value.is_empty() {
        return String::new();
    }
    if let Some((head, tail)) = ends.filter(|_| default_ends(category).is_some()) {
        if category != Category::Phone && !(category == Category::IdCard && v::id_card_mangled(value)) {
            let compact = if category == Category::BankCard { value.replace([' ', '-'], "") } else { value.to_owned() };
            return keep_visible(&compact, head as usize, tail as usize);
        }
        if category == Category::Phone {
            let d = digits(value);
            return if d.len() == 11 { keep_visible(&d, head as usize, tail as usize) } else { keep_ends(value, 3, 2) };
        }
    }
    match category {
        // 130534********1234; a number Excel already rounded keeps its region only.
        Category::IdCard if v::id_card_mangled(value) => {
            let d: String = value.chars().filter(char::is_ascii_digit).take(6).collect();
            format!("{d}{}", stars(12))
        }
        Category::IdCard => keep_ends(value, 6, 4),
        Category::Phone => {
            let d = digits(value);
            if d.len() == 11 {
                keep_ends(&d, 3, 4)
            } else {
                keep_ends(value, 3, 2)
            }
        }
        Category::Landline => {
            let d = digits(value);
            let area = if d.starts_with("010") || d.starts_with("02") { 3 } else { 4 };
            if d.len() > area + 4 {
                format!("{}-{}", &d[..area], keep_ends(&d[area..], 0, 4))
            } else {
                keep_ends(value, 1, 1)
            }
        }
        Category::BankCard => keep_ends(&value.replace([' ', '-'], ""), 6, 4),
        Category::PersonName => {
            let surname =
                v::surname(value).unwrap_or_else(|| value.chars().next().map_or("", |c| &value[..c.len_utf8()]));
            let rest = value.chars().count() - surname.chars().count();
            format!("{surname}{}", stars(rest.max(1)))
        }
        Category::Passport => keep_ends(value, 1, 2),
        Category::Plate => keep_ends(value, 2, 2),
        Category::Email => match value.split_once('@') {
            Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
            None => keep_ends(value, 1, 1),
        },
        Category::Address => generalize(Category::Address, value),
        Category::BirthDate => generalize(Category::BirthDate, value),
        Category::Ip => match value.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V4(a)) => {
                let o = a.octets();
                format!("{}.{}.*.*", o[0], o[1])
            }
            Ok(std::net::IpAddr::V6(a)) => {
                let s = a.segments();
                format!("{:x}:{:x}::*", s[0], s[1])
            }
            Err(_) => keep_ends(value, 1, 1),
        },
        Category::Gps => generalize(Category::Gps, value),
        Category::Health | Category::Religion | Category::Ethnicity | Category::Criminal => "***".to_owned(),
        // Unknown identifiers keep their last four, enough to tell rows apart.
        Category::Identifier => keep_ends(value, 0, 4),
        Category::Uscc | Category::OrgCode | Category::None => keep_ends(value, 1, 1),
    }
}

/// One cell of a masked column: the county convention with `ends`, except that
/// in a column mixing people and organisations the organisations stay.
pub fn mask_cell(category: Category, value: &str, ends: Option<(u32, u32)>) -> String {
    if category == Category::PersonName && v::organisation(value.trim()) {
        return value.to_owned();
    }
    mask_with(category, value, ends)
}

/// Coarser values that keep what statistics need.
pub fn generalize(category: Category, value: &str) -> String {
    let value = value.trim();
    match category {
        // Keep down to the township (乡/镇/街道); drop village, group and number.
        Category::Address => {
            let cut = ["街道", "乡", "镇"]
                .iter()
                .filter_map(|m| value.find(m).map(|i| i + m.len()))
                .min()
                .or_else(|| ["县", "区", "市"].iter().filter_map(|m| value.find(m).map(|i| i + m.len())).max());
            match cut {
                Some(i) if i < value.len() => value[..i].to_owned(),
                // No unit to cut at: keep a third, so the value is never published whole.
                _ => {
                    let n = value.chars().count();
                    format!("{}***", value.chars().take(n / 3).collect::<String>())
                }
            }
        }
        // To the year, whatever the form (1953-07-22, 19530722, 1953.07,
        // 1953年7月); an age to its ten-year band.
        Category::BirthDate | Category::None => match crate::clock::normalize_date(value) {
            Some(d) => d[..4].to_owned(),
            None => {
                let year = super::coarsen::Coarsen::Date { level: super::coarsen::DateLevel::Year }.apply(value);
                if year != super::coarsen::SUPPRESSED {
                    year
                } else {
                    age_band(value).unwrap_or_else(|| "***".to_owned())
                }
            }
        },
        Category::Gps => {
            let parts: Vec<String> = value
                .split([',', '，', ' '])
                .filter(|s| !s.is_empty())
                .map(|p| p.parse::<f64>().map(|x| format!("{x:.2}")).unwrap_or_else(|_| "*".into()))
                .collect();
            parts.join(",")
        }
        _ => mask_value(category, value),
    }
}

/// An age as a ten-year band: 37 → "30-39".
fn age_band(value: &str) -> Option<String> {
    let n: u32 = value.trim_end_matches('岁').parse().ok()?;
    (n < 130).then(|| format!("{}-{}", n / 10 * 10, n / 10 * 10 + 9))
}

/// A keyed pseudonym: `P` and 12 hex digits of HMAC-SHA256(secret, category:value).
pub fn pseudonymize(secret: &[u8], category: Category, value: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return "P************".to_owned() };
    mac.update(category.as_str().as_bytes());
    mac.update(b":");
    mac.update(value.trim().as_bytes());
    let out = mac.finalize().into_bytes();
    format!("P{}", hex::encode_upper(&out[..6]))
}

/// Applies an operator to one value (`None` for a dropped column).
pub fn apply(op: Operator, category: Category, value: &str, secret: &[u8]) -> Option<String> {
    match op {
        Operator::Keep => Some(value.to_owned()),
        Operator::Drop => None,
        _ if value.trim().is_empty() => Some(value.to_owned()),
        Operator::Mask => Some(mask_cell(category, value, default_ends(category))),
        Operator::Pseudonymize => Some(pseudonymize(secret, category, value)),
        Operator::Generalize => Some(generalize(category, value)),
        Operator::Redact => Some(super::freetext::redact(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions_per_type() {
        assert_eq!(mask_value(Category::IdCard, "130534194503121234"), "130534********1234");
        assert_eq!(mask_value(Category::IdCard, "1.30534194503122E+17"), "130534************");
        assert_eq!(mask_value(Category::Phone, "13812345678"), "138****5678");
        assert_eq!(mask_value(Category::Phone, "+86 138-1234-5678"), "138****5678");
        assert_eq!(mask_value(Category::PersonName, "张三"), "张*");
        assert_eq!(mask_value(Category::PersonName, "张小明"), "张**");
        assert_eq!(mask_value(Category::PersonName, "欧阳娜娜"), "欧阳**");
        assert_eq!(mask_value(Category::BankCard, "6222021234567890128"), "622202*********0128");
        assert_eq!(mask_value(Category::Landline, "0851-12345678"), "0851-****5678");
        assert_eq!(mask_value(Category::Email, "zhangsan@example.com"), "z***@example.com");
        assert_eq!(mask_value(Category::Ip, "192.168.1.20"), "192.168.*.*");
        assert_eq!(generalize(Category::Address, "某某省某某市某某县城关镇东村3组12号"), "某某省某某市某某县城关镇");
        assert_eq!(generalize(Category::BirthDate, "1949/12/31"), "1949");
        assert_eq!(generalize(Category::BirthDate, "37岁"), "30-39");
        assert_eq!(generalize(Category::BirthDate, "19530722"), "1953", "compact dates generalise like ISO ones");
        assert_eq!(generalize(Category::BirthDate, "1953.07"), "1953");
        assert_eq!(generalize(Category::BirthDate, "1953年7月"), "1953");
        assert_eq!(generalize(Category::BirthDate, "不详"), "***");
        assert_eq!(generalize(Category::Gps, "26.58312,106.71234"), "26.58,106.71");
    }

    #[test]
    fn pseudonyms_are_keyed_and_stable() {
        let a = pseudonymize(b"secret-one", Category::IdCard, "11010519491231002X");
        assert_eq!(a, pseudonymize(b"secret-one", Category::IdCard, "11010519491231002X"), "stable");
        assert_ne!(a, pseudonymize(b"secret-two", Category::IdCard, "11010519491231002X"), "keyed");
        assert!(a.starts_with('P') && a.len() == 13);
        assert!(!a.contains("1101"));
    }

    #[test]
    fn masking_is_unicode_safe_and_never_returns_the_original() {
        for c in Category::ALL.iter().copied().filter(|c| c.personal_by_default()) {
            for v in ["张", "欧阳", "城关镇东村3组12号", "𠀀村𠀀", "x", "13812345678"] {
                let m = mask_value(c, v);
                assert!(m.is_char_boundary(m.len()));
                assert_ne!(m, v, "{c:?} must change {v}");
            }
        }
    }
}
