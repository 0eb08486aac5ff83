//! Clusters of values that probably mean the same thing, for Chinese text:
//! the same fingerprint (full-width folded, traditional characters to
//! simplified, spaces and punctuation gone, optionally without the
//! administrative suffix), the same pinyin, or the same character bigrams.
//! A cluster is merged as one step: a value map onto the chosen value.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{latest, ops, CleanError, Target};
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
}

/// Traditional characters common in place, organisation and personal names,
/// and their simplified forms.
const TRADITIONAL: &str = "縣县鎮镇鄉乡區区門门東东陽阳橋桥湯汤雲云華华龍龙鳳凤興兴業业區区後后發发會会國国學学衛卫醫医藥药園园場场廣广圖图書书歷历長长陳陈張张劉刘趙赵黃黄楊杨吳吴孫孙羅罗鄭郑謝谢馬马許许鄧邓蕭萧馮冯韓韩閆闫鍾钟嚴严錢钱葉叶蘇苏盧卢蔣蒋蔡蔡賈贾丁丁魏魏薛薛閻阎餘余戴戴夏夏鐘钟汪汪範范陸陆韋韦孔孔譚谭廖廖鄒邹熊熊金金陸陆郝郝龔龚邵邵萬万錢钱嚴严覃覃武武戴戴莫莫孔孔向向湯汤劉刘灣湾嶺岭峽峡溝沟灘滩壩坝莊庄崗岗樓楼號号組组隊队員员辦办處处廳厅鄰邻聯联營营車车電电話话銀银開开關关區区環环線线軍军兒儿飛飞義义險险濟济貴贵寧宁遼辽雙双齊齐總总頭头寶宝燈灯農农廠厂產产礦矿鐵铁豐丰億亿勞劳動动滬沪蘭兰黨党內内實实樂乐權权師师島岛嶼屿衆众眾众臺台灣湾彎弯勝胜鬥斗";

fn simplified() -> &'static HashMap<char, char> {
    static MAP: std::sync::OnceLock<HashMap<char, char>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let chars: Vec<char> = TRADITIONAL.chars().collect();
        chars.chunks_exact(2).map(|p| (p[0], p[1])).collect()
    })
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

/// The fingerprint of a value.
pub fn fingerprint(v: &str) -> String {
    let map = simplified();
    ops::half_width(v)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| *map.get(&c).unwrap_or(&c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The key of a value under `method` (empty: the value is left out).
pub fn key(v: &str, method: Method) -> String {
    let f = fingerprint(v);
    match method {
        Method::Fingerprint => f,
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

/// Groups distinct values with their counts into clusters of two or more.
pub fn group(values: &[(String, u64)], method: Method) -> Vec<Cluster> {
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
            Cluster { key, values, rows }
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
    Ok(group(&values, method))
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
        let f = group(&values, Method::Fingerprint);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].values, counts(&[("城关镇", 120), ("城關鎮", 3), ("城关 镇", 2)]), "the most frequent first");
        assert_eq!(f[0].rows, 125);
        let s = group(&values, Method::NoSuffix);
        assert_eq!(s[0].values.len(), 4, "城关 joins without its 镇: {s:?}");
        let p = group(&values, Method::Pinyin);
        assert!(p.iter().any(|c| c.values == counts(&[("石桥乡", 80), ("石乔乡", 1)])), "a homophone: {p:?}");
        let n = group(&counts(&[("石桥乡", 80), ("石桥桥乡", 1), ("桥石乡", 2), ("河口乡", 5)]), Method::Ngram);
        assert_eq!(n.len(), 1, "a repeated character and a swap: {n:?}");
        assert_eq!(n[0].values.len(), 3);
        assert!(
            group(&counts(&[("东村", 5), ("西村", 5)]), Method::Fingerprint).is_empty(),
            "different places stay apart"
        );
    }
}
