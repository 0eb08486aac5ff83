//! Re-identification risk of a record list's public copy (GB/T 37964 and
//! GB/T 42460; the prosecutor model, as ARX and sdcMicro report it).
//!
//! Masking names and ID numbers is not enough: in a subsidy list of a few
//! hundred people, 村 + 性别 + 出生年 often points at one person. Rows that
//! agree on every quasi-identifier form a group (an equivalence class); a
//! group of `n` rows gives each of them a risk of `1/n`. The figures here are
//! computed on the values as they are published (after masking), so a masked
//! ID that still shows its region prefix and birth date counts for what it
//! still shows.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use xxhash_rust::xxh3::xxh3_64;

use super::{Category, ScanReport};

/// The office's default: every group at least this large.
pub const DEFAULT_K: u64 = 5;
/// Quasi-identifiers looked at together at most (their subsets are 2^n - 1).
pub const MAX_QUASI: usize = 8;

/// Which combination of quasi-identifiers singles out how many records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Combination {
    pub columns: Vec<String>,
    /// Records that no other record shares on these columns.
    #[ts(type = "number")]
    pub unique: u64,
}

/// Distinct ℓ-diversity of a sensitive column within the groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Diversity {
    pub column: String,
    /// The fewest distinct sensitive values in any group.
    #[ts(type = "number")]
    pub l: u64,
    /// Groups whose records all share one sensitive value (anyone who finds
    /// the group learns it).
    #[ts(type = "number")]
    pub homogeneous_groups: u64,
}

/// The risk figures of one table on one set of quasi-identifiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RiskReport {
    #[ts(type = "number")]
    pub rows: u64,
    pub quasi: Vec<String>,
    /// The office's k the figures are measured against.
    #[ts(type = "number")]
    pub office_k: u64,
    /// The smallest group (0 for an empty table).
    #[ts(type = "number")]
    pub k: u64,
    #[ts(type = "number")]
    pub groups: u64,
    /// Records in groups smaller than `office_k`.
    #[ts(type = "number")]
    pub at_risk: u64,
    /// The highest risk of any record (1/k) and the average over records (the
    /// mean of 1/group size; groups / rows when nothing is suppressed).
    pub max_risk: f64,
    pub avg_risk: f64,
    /// The share of records alone in their group.
    pub unique_share: f64,
    /// (group size, number of groups of that size), smallest first.
    #[ts(type = "Array<[number, number]>")]
    pub group_sizes: Vec<(u64, u64)>,
    /// For every subset of the quasi-identifiers that singles anyone out: how
    /// many records it makes unique, the smallest subsets first.
    pub combinations: Vec<Combination>,
    pub diversity: Option<Diversity>,
}

/// The maps below are keyed by hashes already: they need no hashing again.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are used; anything else is folded in, to stay correct.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type ByHash<V> = HashMap<u64, V, std::hash::BuildHasherDefault<Prehashed>>;

/// Mixes one column's value hash into a row's combination hash.
fn mix(acc: u64, h: u64) -> u64 {
    (acc ^ h).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
}

/// Each row's group size on the columns of `subset` (bits of the `q` columns
/// of the row-major `hashes`). A suppressed cell (bit set in the row's `wild`)
/// matches any value, as sdcMicro counts a suppressed value: the row of
/// (女, *) is in the group of every woman.
pub(crate) fn sizes(hashes: &[u64], q: usize, wild: &[u32], subset: u32) -> Vec<u32> {
    let n = hashes.len().checked_div(q).unwrap_or(0);
    let key = |row: usize, cols: u32| -> u64 {
        (0..q).filter(|i| cols & (1 << i) != 0).fold(0x5bd1_e995, |acc, i| mix(acc, hashes[row * q + i]))
    };
    let pattern = |row: usize| wild.get(row).copied().unwrap_or(0) & subset;
    let mut patterns: Vec<u32> = (0..n).map(pattern).collect::<HashSet<u32>>().into_iter().collect();
    patterns.sort_unstable();
    if patterns.len() <= 1 && patterns.first().is_none_or(|p| *p == 0) {
        // No suppressed value: plain equivalence classes.
        let keys: Vec<u64> = (0..n).map(|r| key(r, subset)).collect();
        let mut counts: ByHash<u32> = ByHash::with_capacity_and_hasher(n, Default::default());
        for &k in &keys {
            *counts.entry(k).or_default() += 1;
        }
        return keys.iter().map(|k| counts[k]).collect();
    }
    // Rows of pattern H match row r on the columns neither hides: count, for
    // each pair (r's pattern, H), the rows of H by their values on those columns.
    let mut maps: HashMap<(u32, u32), ByHash<u32>> = HashMap::new();
    for &mine in &patterns {
        for &theirs in &patterns {
            let cols = subset & !mine & !theirs;
            let mut counts: ByHash<u32> = ByHash::default();
            for r in (0..n).filter(|&r| pattern(r) == theirs) {
                *counts.entry(key(r, cols)).or_default() += 1;
            }
            maps.insert((mine, theirs), counts);
        }
    }
    (0..n)
        .map(|r| {
            let mine = pattern(r);
            patterns
                .iter()
                .map(|&theirs| {
                    let cols = subset & !mine & !theirs;
                    maps[&(mine, theirs)].get(&key(r, cols)).copied().unwrap_or(0)
                })
                .sum()
        })
        .collect()
}

/// Measures `rows` (each row's public values, one per column named in
/// `names`) on the quasi-identifier columns `quasi` (positions in `names`),
/// with `sensitive` (a position) for ℓ-diversity. A value published as the
/// suppression marker `*` matches any value.
pub fn measure<R, S>(names: &[String], rows: R, quasi: &[usize], sensitive: Option<usize>, office_k: u64) -> RiskReport
where
    R: IntoIterator<Item = Vec<S>>,
    S: AsRef<str>,
{
    let quasi: Vec<usize> = quasi.iter().copied().take(MAX_QUASI).collect();
    let q = quasi.len();
    // Each row's quasi-identifier hashes, its suppressed cells, and its
    // sensitive value's hash.
    let (mut hashes, mut wild, mut sens) = (Vec::new(), Vec::new(), Vec::new());
    for row in rows {
        let value = |c: usize| row.get(c).map_or("", |v| v.as_ref());
        let mut w = 0u32;
        for (i, &c) in quasi.iter().enumerate() {
            let v = value(c);
            if v == super::SUPPRESSED {
                w |= 1 << i;
            }
            hashes.push(xxh3_64(v.as_bytes()));
        }
        if q > 0 {
            wild.push(w);
        }
        if let Some(s) = sensitive {
            sens.push(xxh3_64(value(s).as_bytes()));
        }
    }
    let n = hashes.len().checked_div(q).unwrap_or(0);
    let key = |row: usize, subset: u32| -> u64 {
        (0..q).filter(|i| subset & (1 << i) != 0).fold(0x5bd1_e995, |acc, i| mix(acc, hashes[row * q + i]))
    };
    let full: u32 = if q == 0 { 0 } else { (1u32 << q) - 1 };

    // The full combination: each record's group size, and the groups (rows
    // published alike) with their sizes and sensitive values.
    let plain = wild.iter().all(|&w| w == 0);
    let row_keys: Vec<u64> = (0..n).map(|r| key(r, full)).collect();
    let mut groups_of: ByHash<u64> = ByHash::with_capacity_and_hasher(n / 2, Default::default());
    let size: Vec<u32> = if plain {
        for &g in &row_keys {
            *groups_of.entry(g).or_default() += 1;
        }
        row_keys.iter().map(|g| groups_of[g] as u32).collect()
    } else {
        let size = sizes(&hashes, q, &wild, full);
        for (r, &g) in row_keys.iter().enumerate() {
            groups_of.insert(g, u64::from(size[r]));
        }
        size
    };
    let k = size.iter().copied().min().map_or(0, u64::from);
    let mut histogram: HashMap<u64, u64> = HashMap::new();
    for &s in groups_of.values() {
        *histogram.entry(s).or_default() += 1;
    }
    let mut group_sizes: Vec<(u64, u64)> = histogram.into_iter().collect();
    group_sizes.sort_unstable();
    let at_risk = size.iter().filter(|&&s| u64::from(s) < office_k).count() as u64;
    let unique = size.iter().filter(|&&s| s == 1).count() as u64;
    let groups = groups_of.len() as u64;
    let ratio = |a: f64| if n == 0 { 0.0 } else { a / n as f64 };
    let risk_sum: f64 = size.iter().map(|&s| 1.0 / f64::from(s.max(1))).sum();

    // Every subset's unique records, the smallest subsets first.
    let mut combinations = Vec::new();
    let mut subsets: Vec<u32> = (1..=full).collect();
    subsets.sort_by_key(|s| (s.count_ones(), *s));
    // Without a suppressed value, one map counted again for each subset (no
    // allocation per subset: a million rows go through it 2^q - 1 times).
    let mut counts: ByHash<u32> = ByHash::with_capacity_and_hasher(if plain { n } else { 0 }, Default::default());
    for subset in subsets {
        let unique = if plain {
            counts.clear();
            for r in 0..n {
                *counts.entry(key(r, subset)).or_default() += 1;
            }
            counts.values().filter(|&&c| c == 1).count() as u64
        } else {
            sizes(&hashes, q, &wild, subset).iter().filter(|&&c| c == 1).count() as u64
        };
        if unique > 0 {
            let columns = (0..q).filter(|i| subset & (1 << i) != 0).map(|i| names[quasi[i]].clone()).collect();
            combinations.push(Combination { columns, unique });
        }
    }

    let diversity = sensitive.filter(|_| n > 0).map(|s| {
        let mut seen: HashSet<(u64, u64)> = HashSet::new();
        let mut distinct: ByHash<u64> = ByHash::default();
        for (r, &g) in row_keys.iter().enumerate() {
            if seen.insert((g, sens[r])) {
                *distinct.entry(g).or_default() += 1;
            }
        }
        Diversity {
            column: names[s].clone(),
            l: distinct.values().copied().min().unwrap_or(0),
            homogeneous_groups: distinct.values().filter(|&&d| d == 1).count() as u64,
        }
    });

    RiskReport {
        rows: n as u64,
        quasi: quasi.iter().map(|&c| names[c].clone()).collect(),
        office_k,
        k,
        groups,
        at_risk,
        max_risk: if k == 0 { 0.0 } else { 1.0 / k as f64 },
        avg_risk: ratio(risk_sum),
        unique_share: ratio(unique as f64),
        group_sizes,
        combinations,
        diversity,
    }
}

/// Measures the public copy of a dataset's latest version: each value as it
/// will be published (masked, generalised, pseudonymised, suppressed); columns
/// that do not go out are no quasi-identifiers. `quasi` by column name, or else
/// the clerk's saved choice, or else those [`propose_quasi`] finds; `sensitive`
/// by name (or the saved one), for ℓ-diversity.
pub fn assess(
    conn: &rusqlite::Connection,
    dataset: crate::lifecycle::DatasetId,
    quasi: Option<&[String]>,
    sensitive: Option<&str>,
    office_k: u64,
) -> Result<RiskReport, super::SensitiveError> {
    let v = super::version(conn, dataset)?;
    let report = match super::saved(conn, dataset)? {
        Some(r) => r,
        None => super::scan(conn, dataset, false)?,
    };
    let plan = super::public_plan(&report);
    let chosen = super::disclosure::chosen_quasi(conn, &v, dataset, &report, quasi)?;
    let saved_sensitive = match sensitive {
        Some(_) => None,
        None => super::disclosure::policy(conn, dataset)?.and_then(|p| p.sensitive),
    };
    let sensitive = sensitive
        .or(saved_sensitive.as_deref())
        .map(|name| super::disclosure::position_of(&v, dataset, name))
        .transpose()?;
    let mut columns = chosen.clone();
    columns.extend(sensitive);
    let names: Vec<String> = columns.iter().map(|&c| v.names[c].clone()).collect();
    let masker = super::Masker::load(conn)?;
    let suppressed = super::disclosure::Suppressed::load(conn, dataset)?;
    let list: Vec<String> = columns.iter().map(|&c| crate::dataset::col(c)).collect();
    let q: Vec<usize> = (0..chosen.len()).collect();
    let sensitive_at = sensitive.map(|_| chosen.len());
    if list.is_empty() {
        return Ok(measure(&names, Vec::<Vec<String>>::new(), &q, sensitive_at, office_k));
    }
    // Streamed: each row's public values are hashed, never all held.
    let mut stmt = conn.prepare(&format!("SELECT _row, {} FROM {} ORDER BY _row", list.join(", "), v.table))?;
    let mut read = stmt.query([])?;
    let mut failed = None;
    let rows = std::iter::from_fn(|| {
        let r = match read.next() {
            Ok(Some(r)) => r,
            Ok(None) => return None,
            Err(e) => {
                failed = Some(e);
                return None;
            }
        };
        let row_id: i64 = r.get(0).unwrap_or(0);
        let row = columns.iter().enumerate().map(|(k, &c)| {
            if suppressed.hides(row_id, c) {
                return super::SUPPRESSED.to_owned();
            }
            let raw = r.get_ref(k + 1).ok().and_then(|v| v.as_str_or_null().ok().flatten());
            match (raw, &plan[c]) {
                (Some(value), Some(how)) => masker.apply(how, value),
                (Some(value), None) => value.to_owned(),
                (None, _) => String::new(),
            }
        });
        Some(row.collect::<Vec<String>>())
    });
    let measured = measure(&names, rows, &q, sensitive_at, office_k);
    match failed {
        Some(e) => Err(e.into()),
        None => Ok(measured),
    }
}

/// Headers of columns that describe a person without naming them: where they
/// live, when they were born, who they are. With the scan's categories they
/// propose the quasi-identifiers.
const QUASI_HEADERS: &[&str] = &[
    "性别",
    "年龄",
    "出生",
    "生日",
    "民族",
    "职业",
    "工作单位",
    "学历",
    "文化程度",
    "婚姻",
    "村",
    "组",
    "社区",
    "街道",
    "乡镇",
    "镇",
    "乡",
    "住址",
    "地址",
    "户籍",
    "籍贯",
    "政治面貌",
];

/// Words that make such a header something else (a count, a code, an amount).
const NOT_QUASI: &[&str] = &["人数", "户数", "金额", "编号", "代码", "数量", "合计", "小计", "标准"];

/// The quasi-identifiers the scan and the headers suggest, by position, in a
/// table with personal data (none otherwise): dates
/// of birth, addresses and ethnicity from the scan; gender, age, occupation,
/// village and the like from the header. Identifiers that the public copy
/// drops or masks away whole are left to the masking; a masked ID that keeps
/// its region and birth date counts.
pub fn propose_quasi(report: &ScanReport) -> Vec<usize> {
    // Only a list of people has quasi-identifiers: a table of villages or
    // enterprises with a 村 column singles out no one.
    if !report.columns.iter().any(|c| c.finding.personal) {
        return Vec::new();
    }
    report
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.closed && c.operator != super::Operator::Drop)
        .filter(|(_, c)| {
            let name = c.finding.name.as_str();
            let by_category =
                matches!(c.finding.category, Category::BirthDate | Category::Address | Category::Ethnicity)
                    || (c.finding.category == Category::IdCard && c.operator == super::Operator::Mask);
            let by_header =
                QUASI_HEADERS.iter().any(|h| name.contains(h)) && !NOT_QUASI.iter().any(|w| name.contains(w));
            by_category || by_header
        })
        .map(|(i, _)| i)
        .take(MAX_QUASI)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| (*s).to_owned()).collect()
    }

    /// Ten people in three villages. On 村 + 性别 + 出生年 the groups are:
    ///   东村 男 1950: rows 1, 2, 3       → 3
    ///   东村 女 1950: rows 4, 5          → 2
    ///   西村 男 1962: rows 6, 7, 8, 9    → 4
    ///   南村 女 1971: row 10             → 1
    /// k = 1 (the smallest group); 4 groups over 10 rows: average risk 0.4;
    /// highest risk 1/1; one record alone: unique share 0.1. With the office's
    /// k = 3, the groups of 2 and 1 are at risk: 2 + 1 = 3 records.
    /// Subsets: 村 alone leaves 南村 unique (1); 性别 alone singles out no
    /// one (5 and 5); 出生年 alone: 1971 unique (1); 村+性别: 南村女 (1);
    /// 村+出生年: 南村1971 (1); 性别+出生年: 女1971 (1); all three: 1.
    /// 病种 within the groups: 东村男 {高血压, 糖尿病} = 2, 东村女 {高血压} = 1,
    /// 西村男 {肺炎, 高血压} = 2, 南村女 {糖尿病} = 1: ℓ = 1, two homogeneous groups.
    const TABLE: &[[&str; 4]] = &[
        ["东村", "男", "1950", "高血压"],
        ["东村", "男", "1950", "糖尿病"],
        ["东村", "男", "1950", "高血压"],
        ["东村", "女", "1950", "高血压"],
        ["东村", "女", "1950", "高血压"],
        ["西村", "男", "1962", "肺炎"],
        ["西村", "男", "1962", "高血压"],
        ["西村", "男", "1962", "肺炎"],
        ["西村", "男", "1962", "肺炎"],
        ["南村", "女", "1971", "糖尿病"],
    ];

    #[test]
    fn figures_on_a_small_table_equal_the_arithmetic_by_hand() {
        let n = names(&["村", "性别", "出生年", "病种"]);
        let rows = TABLE.iter().map(|r| r.to_vec());
        let r = measure(&n, rows, &[0, 1, 2], Some(3), 3);
        assert_eq!((r.rows, r.groups, r.k), (10, 4, 1));
        assert_eq!(r.at_risk, 3);
        assert!((r.avg_risk - 0.4).abs() < 1e-12);
        assert!((r.max_risk - 1.0).abs() < 1e-12);
        assert!((r.unique_share - 0.1).abs() < 1e-12);
        assert_eq!(r.group_sizes, vec![(1, 1), (2, 1), (3, 1), (4, 1)]);
        let combos: Vec<(Vec<&str>, u64)> =
            r.combinations.iter().map(|c| (c.columns.iter().map(String::as_str).collect(), c.unique)).collect();
        assert_eq!(
            combos,
            vec![
                (vec!["村"], 1),
                (vec!["出生年"], 1),
                (vec!["村", "性别"], 1),
                (vec!["村", "出生年"], 1),
                (vec!["性别", "出生年"], 1),
                (vec!["村", "性别", "出生年"], 1),
            ]
        );
        let d = r.diversity.expect("a sensitive column was given");
        assert_eq!((d.l, d.homogeneous_groups), (1, 2));
    }

    #[test]
    fn fewer_and_coarser_quasi_identifiers_make_larger_groups() {
        // 性别 + 出生年代: 男 1950s (rows 1–3: 3), 女 1950s (4–5: 2), 男 1960s
        // (6–9: 4), 女 1970s (10: 1): k = 1, and with the office's k = 5 every
        // group is too small: all 10 records are at risk.
        let n = names(&["性别", "年代"]);
        let decade = |y: &str| format!("{}0s", &y[..3]);
        let rows: Vec<Vec<String>> = TABLE.iter().map(|r| vec![r[1].to_owned(), decade(r[2])]).collect();
        let as_str = || rows.iter().map(|r| r.iter().map(String::as_str).collect::<Vec<_>>());
        let r = measure(&n, as_str(), &[0, 1], None, 5);
        assert_eq!((r.k, r.groups, r.at_risk), (1, 4, 10));
        // 性别 alone: 男 (rows 1–3, 6–9: 7) and 女 (4, 5, 10: 3): k = 3, the 3
        // women are at risk under k = 5, and no one is unique.
        let r = measure(&n, as_str(), &[0], None, 5);
        assert_eq!((r.k, r.groups, r.at_risk, r.unique_share), (3, 2, 3, 0.0));
        assert!(r.combinations.is_empty(), "no one is unique on 性别 alone");
    }

    /// A suppressed value matches any: (女, *) is in every woman's group.
    ///   男 1950 ×3 → each matches the 3 men of 1950: 3
    ///   女 1960 ×2 → the two, and (女, *): 3
    ///   女 *    ×1 → every woman: 2 + 1 = 3
    /// k = 3, none at risk under k = 3; without the wildcard the last row would
    /// be alone. Three published combinations: groups = 3; average risk
    /// (3 × 1/3 + 2 × 1/3 + 1/3) / 6 = 1/3.
    #[test]
    fn a_suppressed_value_matches_any() {
        let n = names(&["性别", "出生年"]);
        let rows = vec![
            vec!["男", "1950"],
            vec!["男", "1950"],
            vec!["男", "1950"],
            vec!["女", "1960"],
            vec!["女", "1960"],
            vec!["女", "*"],
        ];
        let r = measure(&n, rows, &[0, 1], None, 3);
        assert_eq!((r.k, r.at_risk, r.groups), (3, 0, 3));
        assert!((r.avg_risk - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.group_sizes, vec![(3, 3)]);
        // On 出生年 alone, (*) matches all six and each 1960 row has 3.
        assert!(r.combinations.is_empty(), "no one is unique on any subset");
    }

    #[test]
    fn an_empty_table_or_no_quasi_identifier_has_no_risk_figures() {
        let n = names(&["村"]);
        let r = measure(&n, Vec::<Vec<&str>>::new(), &[0], None, 5);
        assert_eq!((r.rows, r.k, r.at_risk, r.groups), (0, 0, 0, 0));
        assert_eq!((r.max_risk, r.avg_risk), (0.0, 0.0));
        let r = measure(&n, vec![vec!["东村"]], &[], None, 5);
        assert_eq!((r.rows, r.k), (0, 0));
    }
}
