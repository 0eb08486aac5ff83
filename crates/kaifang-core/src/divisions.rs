//! China's administrative divisions down to townships, shipped with the
//! program: the National Bureau of Statistics' 统计用区划代码 (2023), 31
//! provinces, 342 prefectures, 2,975 counties and 41,352 townships (see
//! `data/README.md` for the source and how to rebuild the table).
//!
//! Used to match place names a clerk typed (城关, 城關鎮, 成关镇) to the official
//! name with a score, and to tell a real division code from a made-up one.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::fold::fingerprint;

/// `code<TAB>name<TAB>level<TAB>parent`, sorted by code.
const TABLE: &str = include_str!("../data/divisions.tsv");

/// One division. Codes are six digits down to counties (provinces and
/// prefectures padded with zeros) and nine for townships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Division {
    pub code: &'static str,
    pub name: &'static str,
    /// 1 province, 2 prefecture, 3 county, 4 township.
    pub level: u8,
    /// Empty for a province.
    pub parent: &'static str,
}

/// Administrative suffixes, longest first: a name's core is what is left
/// without one.
const SUFFIXES: &[&str] = &[
    "街道办事处",
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "民族乡",
    "民族镇",
    "街道办",
    "街道",
    "地区",
    "苏木",
    "林场",
    "农场",
    "盟",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "乡",
    "镇",
];

struct Index {
    all: Vec<Division>,
    by_code: HashMap<&'static str, u32>,
    /// Folded names, and their cores (suffix removed), as characters.
    folded: Vec<String>,
    cores: Vec<Vec<char>>,
    /// The cores' pinyin without tones.
    pinyin: Vec<String>,
    /// Core character → divisions whose core holds it.
    by_char: HashMap<char, Vec<u32>>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut all = Vec::with_capacity(45_000);
        for line in TABLE.lines() {
            let mut f = line.split('\t');
            let (Some(code), Some(name), Some(level), Some(parent)) = (f.next(), f.next(), f.next(), f.next()) else {
                continue;
            };
            all.push(Division { code, name, level: level.parse().unwrap_or(0), parent });
        }
        let by_code = all.iter().enumerate().map(|(i, d)| (d.code, i as u32)).collect();
        let folded: Vec<String> = all.iter().map(|d| fingerprint(d.name)).collect();
        let cores: Vec<Vec<char>> = folded.iter().map(|f| core(f).chars().collect()).collect();
        let pinyin = cores.iter().map(|c| pinyin_of(c)).collect();
        let mut by_char: HashMap<char, Vec<u32>> = HashMap::new();
        for (i, c) in cores.iter().enumerate() {
            let mut seen: Vec<char> = c.clone();
            seen.sort_unstable();
            seen.dedup();
            for ch in seen {
                by_char.entry(ch).or_default().push(i as u32);
            }
        }
        Index { all, by_code, folded, cores, pinyin, by_char }
    })
}

/// A folded name without its administrative suffix (the whole name when
/// less than two characters would be left).
fn core(folded: &str) -> &str {
    for s in SUFFIXES {
        if let Some(rest) = folded.strip_suffix(s) {
            if rest.chars().count() >= 2 {
                return rest;
            }
        }
    }
    folded
}

/// Every division, sorted by code.
pub fn all() -> &'static [Division] {
    &index().all
}

/// The division with this code (six digits, or nine for a township; a
/// twelve-digit code ending in 000 names its township).
pub fn by_code(code: &str) -> Option<&'static Division> {
    let code = match code.len() {
        12 if code.ends_with("000") => &code[..9],
        _ => code,
    };
    let ix = index();
    ix.by_code.get(code).map(|i| &ix.all[*i as usize])
}

/// Whether `code` is a division code the table knows: six digits (province,
/// prefecture or county), nine (township) or twelve (a village code, whose
/// township must exist: villages are not shipped).
pub fn is_known_code(code: &str) -> bool {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    match code.len() {
        6 | 9 => by_code(code).is_some(),
        12 => index().by_code.contains_key(&code[..9]),
        _ => false,
    }
}

/// Whether `code` is `scope` or lies inside it.
pub fn within(code: &str, scope: &str) -> bool {
    let mut at = by_code(code);
    while let Some(d) = at {
        if d.code == scope {
            return true;
        }
        at = if d.parent.is_empty() { None } else { by_code(d.parent) };
    }
    false
}

/// The official division a typed place name most probably means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NameMatch {
    pub division: &'static Division,
    /// 1 the same name; 0.9 the same without the suffix (城关 → 城关镇); 0.8 the
    /// same core with another suffix; 0.75 the same sound (成关镇 → 城关镇);
    /// below, by the share of characters in place (at most 0.7).
    pub score: f64,
    /// False when other divisions of the same name score the same (88 towns
    /// are called 城关镇): the name is sure, the code is not.
    pub unique: bool,
}

/// Matches weaker than this are not offered.
pub const MIN_SCORE: f64 = 0.6;

fn pinyin_of(chars: &[char]) -> String {
    use pinyin::ToPinyin;
    chars
        .iter()
        .map(|c| match c.to_pinyin() {
            Some(p) => p.plain().to_owned(),
            None => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Edit distance between two short character strings.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Matches place names to the divisions they most probably mean, among the
/// divisions inside a scope (a division code: the dataset's area) or among all.
pub struct Matcher {
    /// Per division: inside the scope.
    inside: Vec<bool>,
    /// Per division: how many of the value's characters its core holds (reset
    /// after each value).
    hits: Vec<u8>,
}

impl Matcher {
    pub fn new(scope: Option<&str>) -> Self {
        let ix = index();
        let inside = ix.all.iter().map(|d| scope.is_none_or(|s| within(d.code, s))).collect();
        Matcher { inside, hits: vec![0; ix.all.len()] }
    }

    /// The best match of `value`. `None` when nothing scores [`MIN_SCORE`], or
    /// when two divisions with different names score the same best (城关 where
    /// both 城关镇 and 城关乡 exist).
    pub fn find(&mut self, value: &str) -> Option<NameMatch> {
        let ix = index();
        let folded = fingerprint(value);
        let value_core: Vec<char> = core(&folded).chars().collect();
        if value_core.len() < 2 {
            return None;
        }
        let has_suffix = value_core.len() < folded.chars().count();
        let value_pinyin = pinyin_of(&value_core);
        let mut distinct = value_core.clone();
        distinct.sort_unstable();
        distinct.dedup();
        // Candidates hold at least half of the value's characters (a
        // homophone of two characters keeps one of them).
        let mut touched: Vec<u32> = Vec::new();
        for ch in &distinct {
            for &i in ix.by_char.get(ch).map(Vec::as_slice).unwrap_or_default() {
                if self.inside[i as usize] {
                    if self.hits[i as usize] == 0 {
                        touched.push(i);
                    }
                    self.hits[i as usize] = self.hits[i as usize].saturating_add(1);
                }
            }
        }
        let need = distinct.len().div_ceil(2);
        let mut best: Option<(f64, u32)> = None;
        let mut tied_other_name = false;
        let mut tied = false;
        for &i in &touched {
            let enough = usize::from(self.hits[i as usize]) >= need;
            self.hits[i as usize] = 0;
            if !enough {
                continue;
            }
            let c = &ix.cores[i as usize];
            let score = if ix.folded[i as usize] == folded {
                1.0
            } else if *c == value_core {
                if has_suffix {
                    0.8
                } else {
                    0.9
                }
            } else if c.len() == value_core.len() && ix.pinyin[i as usize] == value_pinyin {
                0.75
            } else {
                // One character wrong in three scores 0.65, in two 0.525 (not
                // offered: 城关 is not 城南); at most 0.7, below a homophone.
                let longest = c.len().max(value_core.len());
                (0.15 + 0.75 * (1.0 - distance(c, &value_core) as f64 / longest as f64)).min(0.7)
            };
            if score < MIN_SCORE {
                continue;
            }
            match best {
                Some((b, j)) if score == b => {
                    tied = true;
                    if ix.all[j as usize].name != ix.all[i as usize].name {
                        tied_other_name = true;
                    }
                }
                Some((b, _)) if score < b => {}
                _ => {
                    best = Some((score, i));
                    tied_other_name = false;
                    tied = false;
                }
            }
        }
        match best {
            Some((score, i)) if !tied_other_name => {
                Some(NameMatch { division: &ix.all[i as usize], score, unique: !tied })
            }
            _ => None,
        }
    }
}

/// [`Matcher::find`] for one value.
pub fn match_name(value: &str, scope: Option<&str>) -> Option<NameMatch> {
    Matcher::new(scope).find(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_whole_and_every_parent_exists() {
        let all = all();
        let count = |l: u8| all.iter().filter(|d| d.level == l).count();
        assert_eq!((count(1), count(2), count(3)), (31, 342, 2975));
        assert!(count(4) > 40_000, "townships: {}", count(4));
        for d in all {
            assert!(d.parent.is_empty() == (d.level == 1), "{d:?}");
            if !d.parent.is_empty() {
                assert!(by_code(d.parent).is_some_and(|p| p.level < d.level), "{d:?}");
            }
        }
    }

    #[test]
    fn codes_are_known_or_not() {
        assert_eq!(by_code("110101").map(|d| d.name), Some("东城区"));
        assert!(is_known_code("110101"));
        assert!(is_known_code("110101001"), "a township");
        assert!(is_known_code("110101001000"), "a township's twelve-digit code");
        assert!(is_known_code("110101001001"), "a village under a known township");
        assert!(!is_known_code("119901"), "no such county");
        assert!(!is_known_code("11010"), "five digits");
        assert!(!is_known_code("11010a"), "not digits");
        assert!(within("110101001", "110000"));
        assert!(!within("110101001", "120000"));
    }

    #[test]
    fn place_names_match_with_a_score() {
        // 东城区 (Beijing) has 东华门街道 and 景山街道.
        let scope = Some("110101");
        let m = |v: &str| match_name(v, scope).map(|m| (m.division.name, m.score));
        assert_eq!(m("东华门街道"), Some(("东华门街道", 1.0)));
        assert_eq!(m("東華門街道"), Some(("东华门街道", 1.0)), "traditional characters fold");
        assert_eq!(m("东华门"), Some(("东华门街道", 0.9)), "the suffix left out");
        assert_eq!(m("东华门镇"), Some(("东华门街道", 0.8)), "another suffix");
        assert_eq!(m("东花门街道"), Some(("东华门街道", 0.75)), "the same sound");
        let (name, score) = m("东华街道").expect("one character missing");
        assert_eq!(name, "东华门街道");
        assert!((MIN_SCORE..0.75).contains(&score), "{score}");
        assert_eq!(m("西长安街道"), None, "another district's street is outside the scope");
        assert_eq!(m("火星"), None);
        assert_eq!(m("东"), None, "one character says nothing");
        // Without a scope, 88 towns are called 城关镇: the name still matches.
        let town = match_name("城关镇", None).expect("城关镇");
        assert_eq!((town.division.name, town.unique), ("城关镇", false));
        assert!(match_name("东华门街道", None).is_some_and(|m| m.unique && m.division.code == "110101001"));
    }
}
