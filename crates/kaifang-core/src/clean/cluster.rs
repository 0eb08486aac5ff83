//! Clusters of values that probably mean the same thing, for Chinese text:
//! the same fingerprint (full-width folded, traditional characters to
//! simplified, spaces and punctuation gone, optionally without the
//! administrative suffix), the same pinyin, or the same character bigrams.
//! A cluster is merged as one step: a value map onto the chosen value.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::fold::fingerprint;

use super::{latest, CleanError, Target};
use crate::dataset::col;
use crate::lifecycle::DatasetId;

/// How values are keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ClusterMethod")]
pub enum Method {
    /// Folded text: full-width, traditional characters, spaces and punctuation.
    Fingerprint,
    /// The same text with the administrative suffix (县, 镇, 村委会 …) taken off.
    NoSuffix,
    /// The same pinyin, without tones (homophones written with another character).
    Pinyin,
    /// The same set of characters (characters swapped or repeated): the
    /// one-character n-gram fingerprint, which suits Chinese.
    Ngram,
    /// The same official place name: each value matched to the shipped list
    /// of divisions (inside the dataset's area when its 行政区划代码 is filled),
    /// with a score.
    Division,
}

/// Values sharing a key, most frequent first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Cluster {
    pub key: String,
    /// (value, rows), most frequent first: the first is the suggested value.
    #[ts(type = "Array<[string, number]>")]
    pub values: Vec<(String, u64)>,
    #[ts(type = "number")]
    pub rows: u64,
    /// [`Method::Division`]: the official name the values mean, its code
    /// (when one division has it in the area), and each value's score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub official: Option<Official>,
}

/// The division a cluster's values are matched to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Official {
    pub name: String,
    pub code: Option<String>,
    /// The score of each value, in the order of [`Cluster::values`].
    pub scores: Vec<f64>,
}

/// Administrative suffixes taken off by [`Method::NoSuffix`], longest first.
const SUFFIXES: &[&str] = &[
    "村民委员会",
    "居民委员会",
    "村委会",
    "居委会",
    "自治县",
    "自治州",
    "街道办事处",
    "街道办",
    "街道",
    "社区",
    "省",
    "市",
    "县",
    "区",
    "乡",
    "镇",
    "村",
];

/// The key of a value under `method` (empty: the value is left out).
pub fn key(v: &str, method: Method) -> String {
    let f = fingerprint(v);
    match method {
        // Division clusters are grouped by their match (`by_division`), not a key.
        Method::Fingerprint | Method::Division => f,
        Method::NoSuffix => {
            let mut f = f;
            // Only one suffix, and a name of two characters at least is kept.
            if let Some(s) = SUFFIXES.iter().find(|s| f.ends_with(**s) && f.chars().count() >= s.chars().count() + 2) {
                f.truncate(f.len() - s.len());
            }
            f
        }
        Method::Pinyin => {
            use pinyin::ToPinyin;
            f.chars()
                .map(|c| match c.to_pinyin() {
                    Some(p) => p.plain().to_owned(),
                    None => c.to_string(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
        Method::Ngram => f.chars().collect::<BTreeSet<char>>().into_iter().collect(),
    }
}

/// Groups distinct values with their counts into clusters of two or more;
/// for [`Method::Division`], by the official name each value matches inside
/// `scope`, a cluster also of one value when it is not written officially.
pub fn group(values: &[(String, u64)], method: Method, scope: Option<&str>) -> Vec<Cluster> {
    if method == Method::Division {
        return by_division(values, scope);
    }
    let mut by: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
    for (v, n) in values {
        let k = key(v, method);
        if !k.is_empty() {
            by.entry(k).or_default().push((v.clone(), *n));
        }
    }
    let mut out: Vec<Cluster> = by
        .into_iter()
        .filter(|(_, vs)| vs.len() >= 2)
        .map(|(key, mut values)| {
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let rows = values.iter().map(|(_, n)| n).sum();
            Cluster { key, values, rows, official: None }
        })
        .collect();
    out.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.key.cmp(&b.key)));
    out
}

/// Distinct values looked up in the division list, the most frequent: a
/// column with more is no column of place names.
const DIVISION_VALUES: usize = 5_000;

fn by_division(values: &[(String, u64)], scope: Option<&str>) -> Vec<Cluster> {
    let mut ranked: Vec<&(String, u64)> = values.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    // Official name → the codes seen ("" for a name several divisions share)
    // and the values with their counts and scores.
    type Matched = (BTreeSet<&'static str>, Vec<(String, u64, f64)>);
    let mut by: BTreeMap<&'static str, Matched> = BTreeMap::new();
    let mut matcher = crate::divisions::Matcher::new(scope);
    for (v, n) in ranked.into_iter().take(DIVISION_VALUES) {
        if let Some(m) = matcher.find(v) {
            let e = by.entry(m.division.name).or_default();
            // A name several divisions have leaves the code unknown.
            e.0.insert(if m.unique { m.division.code } else { "" });
            e.1.push((v.clone(), *n, m.score));
        }
    }
    let mut out: Vec<Cluster> = by
        .into_iter()
        .filter(|(name, (_, vs))| vs.iter().any(|(v, _, _)| v != name))
        .map(|(name, (codes, mut vs))| {
            // The official spelling first when some rows have it, then by rows.
            vs.sort_by(|a, b| (b.0 == name).cmp(&(a.0 == name)).then(b.1.cmp(&a.1)).then_with(|| a.0.cmp(&b.0)));
            let code = match codes.len() {
                1 => codes.into_iter().find(|c| !c.is_empty()).map(str::to_owned),
                _ => None,
            };
            Cluster {
                key: name.to_owned(),
                rows: vs.iter().map(|(_, n, _)| n).sum(),
                official: Some(Official {
                    name: name.to_owned(),
                    code,
                    scores: vs.iter().map(|(_, _, s)| *s).collect(),
                }),
                values: vs.into_iter().map(|(v, n, _)| (v, n)).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.key.cmp(&b.key)));
    out
}

/// The clusters of a column of the dataset's latest version.
pub fn clusters(
    conn: &Connection,
    dataset: DatasetId,
    column: &str,
    method: Method,
) -> Result<Vec<Cluster>, CleanError> {
    let (id, _, _) = latest(conn, dataset)?;
    let t = Target::load(conn, dataset, id)?;
    let c = t.position(column)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {c}, count(*) FROM {} WHERE {c} IS NOT NULL AND {c} != '' GROUP BY {c}",
        t.table,
        c = col(c)
    ))?;
    let values: Vec<(String, u64)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?.collect::<Result<_, _>>()?;
    // Place names are matched inside the dataset's area when it is known.
    let scope = crate::metadata::value(conn, id, "spatial_code")?.filter(|c| crate::divisions::is_known_code(c));
    Ok(group(&values, method, scope.as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(v: &[(&str, u64)]) -> Vec<(String, u64)> {
        v.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect()
    }

    #[test]
    fn fingerprints_fold_width_traditional_characters_spaces_and_punctuation() {
        assert_eq!(fingerprint("城關鎮"), fingerprint("城关镇"));
        assert_eq!(fingerprint(" 城关镇（东） "), fingerprint("城关镇东"));
        assert_eq!(fingerprint("ＡＢＣ１"), "abc1");
    }

    #[test]
    fn clusters_by_each_method() {
        let values = counts(&[
            ("城关镇", 120),
            ("城關鎮", 3),
            ("城关 镇", 2),
            ("城关", 4),
            ("石桥乡", 80),
            ("石乔乡", 1),
            ("桥石乡", 1),
            ("河口乡", 50),
        ]);
        let f = group(&values, Method::Fingerprint, None);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].values, counts(&[("城关镇", 120), ("城關鎮", 3), ("城关 镇", 2)]), "the most frequent first");
        assert_eq!(f[0].rows, 125);
        let s = group(&values, Method::NoSuffix, None);
        assert_eq!(s[0].values.len(), 4, "城关 joins without its 镇: {s:?}");
        let p = group(&values, Method::Pinyin, None);
        assert!(p.iter().any(|c| c.values == counts(&[("石桥乡", 80), ("石乔乡", 1)])), "a homophone: {p:?}");
        let n = group(&counts(&[("石桥乡", 80), ("石桥桥乡", 1), ("桥石乡", 2), ("河口乡", 5)]), Method::Ngram, None);
        assert_eq!(n.len(), 1, "a repeated character and a swap: {n:?}");
        assert_eq!(n[0].values.len(), 3);
        assert!(
            group(&counts(&[("东村", 5), ("西村", 5)]), Method::Fingerprint, None).is_empty(),
            "different places stay apart"
        );
    }

    #[test]
    fn place_names_cluster_on_the_official_name_with_scores() {
        // 和林格尔县 (150123): 城关镇, 盛乐镇, 巧什营镇 …
        let values = counts(&[
            ("城关镇", 120),
            ("城关", 4),
            ("城關鎮", 3),
            ("盛乐", 7),
            ("巧什营镇", 30),
            ("桥什营镇", 2),
            ("不知道", 9),
        ]);
        let c = group(&values, Method::Division, Some("150123"));
        let find = |name: &str| c.iter().find(|c| c.key == name).unwrap_or_else(|| panic!("{name} in {c:?}"));
        let town = find("城关镇");
        assert_eq!(town.values, counts(&[("城关镇", 120), ("城关", 4), ("城關鎮", 3)]), "the official spelling first");
        let official = town.official.as_ref().expect("matched");
        assert_eq!(official.code.as_deref(), Some("150123100"));
        assert_eq!(official.scores, vec![1.0, 0.9, 1.0]);
        assert_eq!(find("盛乐镇").values, counts(&[("盛乐", 7)]), "one value not written officially is offered too");
        assert_eq!(find("巧什营镇").official.as_ref().map(|o| o.scores.clone()), Some(vec![1.0, 0.75]), "a homophone");
        assert_eq!(c.len(), 3, "不知道 matches nothing: {c:?}");
        // Without the area the town names still match; which 城关镇 is not known.
        let all = group(&values, Method::Division, None);
        let town = all.iter().find(|c| c.key == "城关镇").expect("城关镇");
        assert_eq!(town.official.as_ref().and_then(|o| o.code.clone()), None);
    }
}
