//! Generalisation hierarchies: coarser values for a quasi-identifier, one
//! level at a time, as disclosure control fixes a record list whose groups
//! are too small (GB/T 37964's generalisation; ARX's hierarchies).
//!
//! * a place: 村/组 → 乡镇 (the value cut after 乡, 镇 or 街道) → 县 (cut after
//!   县, 区 or 市); a bare village name has no town in it and becomes `*`;
//! * a date (of birth): → month → year → 5-year band → 10-year band; a
//!   year alone (出生年) starts at the year;
//! * an age: 5-year and 10-year bands;
//! * an amount: top and bottom coding (`≥5000`, `≤100`);
//! * an identifier (a masked ID still shows region, birth date or last
//!   digits): its first 6 characters (the county), then the first 2 (the
//!   province).
//!
//! A rule works on the stored value (not the masked one), so a column kept as
//! is or generalised by its operator gets exactly the level chosen.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The marker a generalised-away or suppressed value is published as.
pub const SUPPRESSED: &str = "*";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlaceLevel {
    Town,
    County,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DateLevel {
    Month,
    Year,
    Band5,
    Band10,
}

/// One column's generalisation, part of its masking policy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Coarsen {
    Place {
        level: PlaceLevel,
    },
    Date {
        level: DateLevel,
    },
    Age {
        width: u32,
    },
    /// Values above `top` published as `≥top`, below `bottom` as `≤bottom`.
    Amount {
        bottom: Option<f64>,
        top: Option<f64>,
    },
    /// The first `keep` characters, the rest as `*`.
    Prefix {
        keep: u32,
    },
}

/// What kind of hierarchy fits a column, from its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hierarchy {
    Place,
    Date,
    Age,
    Amount,
    Identifier,
}

impl Coarsen {
    /// The public form of a stored value; an empty value stays empty.
    pub fn apply(&self, value: &str) -> String {
        let v = value.trim();
        if v.is_empty() {
            return String::new();
        }
        match *self {
            Coarsen::Place { level } => place(v, level),
            Coarsen::Date { level } => date(v, level),
            Coarsen::Age { width } => age(v, width),
            Coarsen::Amount { bottom, top } => amount(v, bottom, top, value),
            Coarsen::Prefix { keep } => {
                let n = v.chars().count();
                let keep = (keep as usize).min(n.saturating_sub(1));
                format!("{}{}", v.chars().take(keep).collect::<String>(), "*".repeat(n - keep))
            }
        }
    }

    /// The next coarser rule of the same hierarchy (`None` at the top: the
    /// next step would be dropping the column).
    pub fn next(&self) -> Option<Coarsen> {
        match *self {
            Coarsen::Place { level: PlaceLevel::Town } => Some(Coarsen::Place { level: PlaceLevel::County }),
            Coarsen::Place { level: PlaceLevel::County } => None,
            Coarsen::Date { level } => match level {
                DateLevel::Month => Some(DateLevel::Year),
                DateLevel::Year => Some(DateLevel::Band5),
                DateLevel::Band5 => Some(DateLevel::Band10),
                DateLevel::Band10 => None,
            }
            .map(|level| Coarsen::Date { level }),
            Coarsen::Age { width } if width < 10 => Some(Coarsen::Age { width: 10 }),
            Coarsen::Prefix { keep } if keep > 2 => Some(Coarsen::Prefix { keep: 2 }),
            Coarsen::Age { .. } | Coarsen::Amount { .. } | Coarsen::Prefix { .. } => None,
        }
    }

    /// A short label in English for logs and the CLI's JSON (`date:year`).
    pub fn label(&self) -> String {
        match *self {
            Coarsen::Place { level: PlaceLevel::Town } => "place:town".into(),
            Coarsen::Place { level: PlaceLevel::County } => "place:county".into(),
            Coarsen::Date { level } => {
                format!("date:{}", serde_json::to_value(level).unwrap_or_default().as_str().unwrap_or(""))
            }
            Coarsen::Age { width } => format!("age:{width}"),
            Coarsen::Amount { bottom, top } => format!(
                "amount:{}..{}",
                bottom.map(|b| b.to_string()).unwrap_or_default(),
                top.map(|t| t.to_string()).unwrap_or_default()
            ),
            Coarsen::Prefix { keep } => format!("prefix:{keep}"),
        }
    }

    /// Parses [`Coarsen::label`]'s form (what `kaifang coarsen` takes).
    pub fn parse(s: &str) -> Option<Coarsen> {
        let (kind, arg) = s.split_once(':')?;
        Some(match (kind, arg) {
            ("place", "town") => Coarsen::Place { level: PlaceLevel::Town },
            ("place", "county") => Coarsen::Place { level: PlaceLevel::County },
            ("date", level) => Coarsen::Date { level: serde_json::from_value(serde_json::Value::from(level)).ok()? },
            ("prefix", n) => Coarsen::Prefix { keep: n.parse().ok().filter(|n| *n <= 32)? },
            ("age", w) => Coarsen::Age { width: w.parse().ok().filter(|w| *w == 5 || *w == 10)? },
            ("amount", range) => {
                let (b, t) = range.split_once("..")?;
                let num = |x: &str| if x.is_empty() { Ok(None) } else { x.parse::<f64>().map(Some) };
                let (bottom, top) = (num(b).ok()?, num(t).ok()?);
                if bottom.is_none() && top.is_none() {
                    return None;
                }
                Coarsen::Amount { bottom, top }
            }
            _ => return None,
        })
    }
}

/// The hierarchy that fits a column: by its values first (most non-empty
/// sample values parse as dates, ages, amounts or contain a place unit),
/// then by its header.
pub fn hierarchy(header: &str, sample: &[&str]) -> Option<Hierarchy> {
    let values: Vec<&str> = sample.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
    let share = |f: &dyn Fn(&str) -> bool| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().filter(|v| f(v)).count() as f64 / values.len() as f64
        }
    };
    let is_year = |v: &str| v.len() == 4 && v.parse::<u32>().is_ok_and(|y| (1880..=2100).contains(&y));
    let header_has = |words: &[&str]| words.iter().any(|w| header.contains(w));
    if header_has(&["年龄", "岁数"]) && share(&|v| age_of(v).is_some()) >= 0.8 {
        return Some(Hierarchy::Age);
    }
    if share(&|v| crate::clock::date_parts(v).is_some() || is_year(v)) >= 0.8
        && (header_has(&["出生", "生日", "日期", "年份", "年度", "时间"])
            || share(&|v| crate::clock::date_parts(v).is_some()) >= 0.8)
    {
        return Some(Hierarchy::Date);
    }
    if header_has(&["村", "组", "社区", "乡镇", "街道", "住址", "地址", "户籍", "籍贯"]) {
        return Some(Hierarchy::Place);
    }
    if share(&|v| amount_of(v).is_some()) >= 0.8 && header_has(&["金额", "元", "收入", "补贴", "补助", "工资", "面积"])
    {
        return Some(Hierarchy::Amount);
    }
    None
}

impl Hierarchy {
    /// The first level of the hierarchy (`amounts` are the column's values,
    /// for top and bottom coding at the 5th and 95th percentiles).
    pub fn first(self, amounts: &[f64]) -> Option<Coarsen> {
        Some(match self {
            Hierarchy::Place => Coarsen::Place { level: PlaceLevel::Town },
            Hierarchy::Date => Coarsen::Date { level: DateLevel::Year },
            Hierarchy::Age => Coarsen::Age { width: 5 },
            Hierarchy::Identifier => Coarsen::Prefix { keep: 6 },
            Hierarchy::Amount => {
                let mut v: Vec<f64> = amounts.iter().copied().filter(|x| x.is_finite()).collect();
                if v.len() < 20 {
                    return None;
                }
                v.sort_by(f64::total_cmp);
                let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
                let (bottom, top) = (at(0.05), at(0.95));
                if bottom >= top {
                    return None;
                }
                Coarsen::Amount { bottom: Some(round_nice(bottom)), top: Some(round_nice(top)) }
            }
        })
    }
}

/// Rounds a threshold to two significant digits (4873 → 4900), so the
/// published `≥4900` reads as a limit, not a value someone had.
fn round_nice(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let mag = 10f64.powi(x.abs().log10().floor() as i32 - 1);
    (x / mag).round() * mag
}

fn cut_after(v: &str, marks: &[&str], first: bool) -> Option<usize> {
    let found = marks.iter().filter_map(|m| v.find(m).map(|i| i + m.len()));
    if first {
        found.min()
    } else {
        found.max()
    }
}

fn place(v: &str, level: PlaceLevel) -> String {
    let cut = match level {
        PlaceLevel::Town => cut_after(v, &["街道", "乡", "镇"], true),
        PlaceLevel::County => cut_after(v, &["县", "区", "市", "旗"], false)
            .filter(|&i| i < v.len() || v.ends_with(['县', '区', '市', '旗'])),
    };
    match cut {
        Some(i) => v[..i].to_owned(),
        None => SUPPRESSED.to_owned(),
    }
}

fn year_of(v: &str) -> Option<(u32, Option<u32>)> {
    if let Some((y, m, _)) = crate::clock::date_parts(v) {
        return Some((y, Some(m)));
    }
    // 19530722, as some ledgers store a date.
    if v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| v[r].parse::<u32>().unwrap_or(0);
        let (y, m, d) = (n(0..4), n(4..6), n(6..8));
        if crate::clock::real_date(y, m, d) && (1880..=2100).contains(&y) {
            return Some((y, Some(m)));
        }
    }
    let t = v.trim_end_matches('年');
    if t.len() == 4 {
        if let Ok(y) = t.parse::<u32>() {
            return (1880..=2100).contains(&y).then_some((y, None));
        }
    }
    // 1953.07, 1953-7, 1953年7月: a year and a month.
    let digits: Vec<&str> = v.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).collect();
    if let [y, m] = digits.as_slice() {
        let (y, m) = (y.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        if (1880..=2100).contains(&y) && (1..=12).contains(&m) {
            return Some((y, Some(m)));
        }
    }
    None
}

fn band(y: u32, width: u32) -> String {
    let from = y / width * width;
    format!("{from}-{}", from + width - 1)
}

fn date(v: &str, level: DateLevel) -> String {
    let Some((y, m)) = year_of(v) else { return SUPPRESSED.to_owned() };
    match (level, m) {
        (DateLevel::Month, Some(m)) => format!("{y:04}-{m:02}"),
        (DateLevel::Month | DateLevel::Year, _) => format!("{y:04}"),
        (DateLevel::Band5, _) => band(y, 5),
        (DateLevel::Band10, _) => band(y, 10),
    }
}

fn age_of(v: &str) -> Option<u32> {
    v.trim_end_matches('岁').trim().parse::<u32>().ok().filter(|a| *a < 130)
}

fn age(v: &str, width: u32) -> String {
    match age_of(v) {
        Some(a) => band(a, width.max(1)),
        None => SUPPRESSED.to_owned(),
    }
}

fn amount_of(v: &str) -> Option<f64> {
    v.trim_end_matches('元').replace(',', "").trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

fn fmt_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn amount(v: &str, bottom: Option<f64>, top: Option<f64>, original: &str) -> String {
    match amount_of(v) {
        Some(x) if top.is_some_and(|t| x >= t) => format!("≥{}", fmt_number(top.unwrap_or(x))),
        Some(x) if bottom.is_some_and(|b| x <= b) => format!("≤{}", fmt_number(bottom.unwrap_or(x))),
        Some(_) => original.to_owned(),
        None => SUPPRESSED.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_climb_from_village_to_county() {
        let town = Coarsen::Place { level: PlaceLevel::Town };
        let county = Coarsen::Place { level: PlaceLevel::County };
        assert_eq!(town.apply("某某县城关镇东村3组"), "某某县城关镇");
        assert_eq!(town.apply("城关镇东村"), "城关镇");
        assert_eq!(town.apply("东村"), "*", "a bare village has no town in it");
        assert_eq!(county.apply("某某县城关镇东村3组"), "某某县");
        assert_eq!(county.apply("城关镇东村"), "*");
        assert_eq!(town.next(), Some(county));
        assert_eq!(county.next(), None);
    }

    #[test]
    fn dates_climb_from_day_to_decade() {
        let at = |level| Coarsen::Date { level };
        assert_eq!(at(DateLevel::Month).apply("1953-07-22"), "1953-07");
        assert_eq!(at(DateLevel::Year).apply("19530722"), "1953");
        assert_eq!(at(DateLevel::Year).apply("1953年7月"), "1953");
        assert_eq!(at(DateLevel::Year).apply("1953.07"), "1953");
        assert_eq!(at(DateLevel::Band5).apply("1953"), "1950-1954");
        assert_eq!(at(DateLevel::Band10).apply("1953/7/22"), "1950-1959");
        assert_eq!(at(DateLevel::Month).apply("1953"), "1953", "a year alone stays a year");
        assert_eq!(at(DateLevel::Year).apply("不详"), "*");
        assert_eq!(at(DateLevel::Year).apply(""), "");
        assert_eq!(at(DateLevel::Year).next(), Some(at(DateLevel::Band5)));
    }

    #[test]
    fn ages_band_and_amounts_are_top_and_bottom_coded() {
        assert_eq!(Coarsen::Age { width: 5 }.apply("37"), "35-39");
        assert_eq!(Coarsen::Age { width: 10 }.apply("37岁"), "30-39");
        assert_eq!(Coarsen::Prefix { keep: 6 }.apply("130534********1234"), "130534************");
        assert_eq!(Coarsen::Prefix { keep: 6 }.next(), Some(Coarsen::Prefix { keep: 2 }));
        assert_eq!(Coarsen::Prefix { keep: 2 }.apply("13"), "1*", "never the whole value");
        let a = Coarsen::Amount { bottom: Some(100.0), top: Some(5000.0) };
        assert_eq!(a.apply("12000"), "≥5000");
        assert_eq!(a.apply("80.5"), "≤100");
        assert_eq!(a.apply("1,200"), "1,200");
        let first = Hierarchy::Amount.first(&(1..=100).map(f64::from).map(|x| x * 100.0).collect::<Vec<_>>());
        assert_eq!(first, Some(Coarsen::Amount { bottom: Some(600.0), top: Some(9500.0) }));
    }

    #[test]
    fn labels_round_trip() {
        for c in [
            Coarsen::Place { level: PlaceLevel::Town },
            Coarsen::Date { level: DateLevel::Band5 },
            Coarsen::Age { width: 10 },
            Coarsen::Prefix { keep: 6 },
            Coarsen::Amount { bottom: None, top: Some(5000.0) },
        ] {
            assert_eq!(Coarsen::parse(&c.label()), Some(c), "{}", c.label());
        }
        assert_eq!(Coarsen::parse("age:7"), None);
        assert_eq!(Coarsen::parse("amount:.."), None);
    }

    #[test]
    fn hierarchies_are_found_from_values_and_headers() {
        assert_eq!(hierarchy("出生日期", &["1950-01-02", "1962-3-4"]), Some(Hierarchy::Date));
        assert_eq!(hierarchy("出生年", &["1950", "1962"]), Some(Hierarchy::Date));
        assert_eq!(hierarchy("年龄", &["37", "81岁"]), Some(Hierarchy::Age));
        assert_eq!(hierarchy("村", &["东村", "西村"]), Some(Hierarchy::Place));
        assert_eq!(hierarchy("补贴金额", &["1200", "800.5"]), Some(Hierarchy::Amount));
        assert_eq!(hierarchy("性别", &["男", "女"]), None);
    }
}
