//! Readiness: what stands between a dataset and a good score in the annual
//! open-data index (开放数林指数), grouped as the index groups its scores:
//! quantity, quality, standards, openness scope and timeliness. Each check
//! has a severity and says what to fix; `kaifang readiness` and the desktop
//! read the same list.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dataset::{col, DatasetError};
use crate::lifecycle::DatasetId;
use crate::metadata;
use crate::sensitive::validators;

/// The index's groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ReadinessGroup")]
pub enum Group {
    Quantity,
    Quality,
    Standards,
    Scope,
    Timeliness,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ReadinessSeverity")]
pub enum Severity {
    /// Must be fixed before the data is worth publishing.
    Error,
    /// Lowers the score; worth fixing.
    Warning,
    /// Worth knowing.
    Info,
}

/// The checks, by their wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ReadinessCheck")]
pub enum Check {
    /// Fewer than [`NEAR_EMPTY_ROWS`] rows.
    NearEmpty,
    /// The same row more than once.
    DuplicateRows,
    /// 合计 / 小计 rows left among the data.
    TotalsRows,
    /// Columns mostly empty.
    HighMissing,
    /// Division codes the shipped list does not know.
    InvalidDivisionCodes,
    /// Unified social credit codes whose check character is wrong.
    InvalidUscc,
    /// Numbers written with units or words (约120, 12万元): not machine-readable.
    NumbersAsText,
    /// No licence in the metadata.
    MissingLicense,
    /// Columns without a description in the data dictionary.
    MissingDictionary,
    /// Openness not chosen.
    OpennessUnset,
    /// Open on conditions, without the conditions or a contact to apply to.
    ConditionsMissing,
    /// Past its update date.
    Stale,
    /// One of several datasets that look like monthly pieces of one table.
    MonthlyFragments,
}

impl Check {
    pub const ALL: [Check; 13] = [
        Check::NearEmpty,
        Check::DuplicateRows,
        Check::TotalsRows,
        Check::HighMissing,
        Check::InvalidDivisionCodes,
        Check::InvalidUscc,
        Check::NumbersAsText,
        Check::MissingLicense,
        Check::MissingDictionary,
        Check::OpennessUnset,
        Check::ConditionsMissing,
        Check::Stale,
        Check::MonthlyFragments,
    ];

    pub fn group(self) -> Group {
        match self {
            Check::NearEmpty | Check::MonthlyFragments => Group::Quantity,
            Check::DuplicateRows | Check::TotalsRows | Check::HighMissing => Group::Quality,
            Check::InvalidDivisionCodes | Check::InvalidUscc | Check::NumbersAsText => Group::Standards,
            Check::MissingLicense | Check::MissingDictionary => Group::Standards,
            Check::OpennessUnset | Check::ConditionsMissing => Group::Scope,
            Check::Stale => Group::Timeliness,
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Check::TotalsRows
            | Check::InvalidDivisionCodes
            | Check::InvalidUscc
            | Check::MissingLicense
            | Check::OpennessUnset
            | Check::ConditionsMissing => Severity::Error,
            Check::MonthlyFragments => Severity::Info,
            _ => Severity::Warning,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Check::NearEmpty => "near_empty",
            Check::DuplicateRows => "duplicate_rows",
            Check::TotalsRows => "totals_rows",
            Check::HighMissing => "high_missing",
            Check::InvalidDivisionCodes => "invalid_division_codes",
            Check::InvalidUscc => "invalid_uscc",
            Check::NumbersAsText => "numbers_as_text",
            Check::MissingLicense => "missing_license",
            Check::MissingDictionary => "missing_dictionary",
            Check::OpennessUnset => "openness_unset",
            Check::ConditionsMissing => "conditions_missing",
            Check::Stale => "stale",
            Check::MonthlyFragments => "monthly_fragments",
        }
    }

    pub fn parse(s: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A check that did not pass, with what the message needs (counts, columns,
/// dates, other datasets' names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "ReadinessFinding")]
pub struct Finding {
    pub check: Check,
    pub group: Group,
    pub severity: Severity,
    pub params: BTreeMap<String, String>,
}

/// One dataset's findings, worst first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "ReadinessReport")]
pub struct Report {
    #[ts(type = "number")]
    pub dataset: i64,
    pub name: String,
    pub findings: Vec<Finding>,
}

/// The settings key of the checks that block a submission.
const BLOCKING_KEY: &str = "readiness.blocking";

/// The checks the office's steward made blocking: a dataset failing one
/// cannot be submitted (nor approved, nor arrive in a bundle).
pub fn blocking(conn: &Connection) -> rusqlite::Result<Vec<Check>> {
    let text: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [BLOCKING_KEY], |r| r.get(0)).optional()?;
    let names: Vec<String> = text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    Ok(Check::ALL.into_iter().filter(|c| names.iter().any(|n| n == c.as_str())).collect())
}

/// Why the blocking checks could not be set.
#[derive(Debug, thiserror::Error)]
pub enum ReadinessError {
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    #[error(transparent)]
    Dataset(#[from] DatasetError),
}

impl From<rusqlite::Error> for ReadinessError {
    fn from(e: rusqlite::Error) -> Self {
        ReadinessError::Dataset(e.into())
    }
}

impl crate::error::Coded for ReadinessError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            ReadinessError::Auth(e) => e.code(),
            ReadinessError::Dataset(e) => e.code(),
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        match self {
            ReadinessError::Auth(e) => e.params(),
            ReadinessError::Dataset(e) => e.params(),
        }
    }
}

/// A steward (unlocked with their passphrase) makes `checks` the blocking
/// ones (none: nothing blocks); audited.
pub fn set_blocking(
    ws: &mut crate::Workspace,
    checks: &[Check],
    by: &crate::auth::Unlocked,
) -> Result<Vec<Check>, ReadinessError> {
    crate::auth::steward(ws.conn(), by)?;
    let names: Vec<&str> = Check::ALL.into_iter().filter(|c| checks.contains(c)).map(Check::as_str).collect();
    ws.with_tx(|tx| -> Result<(), ReadinessError> {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            rusqlite::params![BLOCKING_KEY, serde_json::to_string(&names).unwrap_or_default()],
        )?;
        crate::audit::append(
            tx,
            by.actor(),
            "settings.readiness_blocking",
            None,
            &serde_json::json!({ "checks": names }),
        )?;
        Ok(())
    })?;
    Ok(blocking(ws.conn())?)
}

/// Fewer rows than this is near-empty.
pub const NEAR_EMPTY_ROWS: i64 = 5;
/// A column emptier than this share is mostly missing.
pub const HIGH_MISSING: f64 = 0.5;
/// Rows read for the number check (the whole column for codes).
pub const SAMPLE_ROWS: i64 = 10_000;

fn finding(check: Check, params: &[(&str, String)]) -> Finding {
    Finding {
        check,
        group: check.group(),
        severity: check.severity(),
        params: params.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(),
    }
}

/// The readiness of one dataset's latest version, as of `today`.
pub fn check(conn: &Connection, id: DatasetId, today: time::Date) -> Result<Report, DatasetError> {
    let summaries = metadata::list(conn)?;
    let summary = summaries.iter().find(|s| s.id == id.0).ok_or(DatasetError::NotFound(id.0.to_string()))?;
    let mut report = dataset_report(conn, summary, today)?;
    report.findings.extend(fragments(conn, &summaries)?.remove(&id.0));
    sort(&mut report.findings);
    Ok(report)
}

/// Every dataset's readiness, those with the most errors first.
pub fn office(conn: &Connection, today: time::Date) -> Result<Vec<Report>, DatasetError> {
    let summaries = metadata::list(conn)?;
    let mut pieces = fragments(conn, &summaries)?;
    let mut out = Vec::with_capacity(summaries.len());
    for s in &summaries {
        let mut r = dataset_report(conn, s, today)?;
        r.findings.extend(pieces.remove(&s.id));
        sort(&mut r.findings);
        out.push(r);
    }
    let errors = |r: &Report| r.findings.iter().filter(|f| f.severity == Severity::Error).count();
    out.sort_by(|a, b| {
        errors(b).cmp(&errors(a)).then(b.findings.len().cmp(&a.findings.len())).then(a.dataset.cmp(&b.dataset))
    });
    Ok(out)
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.group.cmp(&b.group)).then(a.check.cmp(&b.check)));
}

fn dataset_report(
    conn: &Connection,
    s: &crate::dataset::DatasetSummary,
    today: time::Date,
) -> Result<Report, DatasetError> {
    let (version_id, table, rows): (i64, String, i64) = conn.query_row(
        "SELECT id, data_table, row_count FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
        [s.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut stmt =
        conn.prepare("SELECT name, coalesce(description, '') FROM columns WHERE version_id = ?1 ORDER BY position")?;
    let columns: Vec<(String, String)> =
        stmt.query_map([version_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    let mut findings = Vec::new();
    let n = |v: i64| v.to_string();
    let names = |cols: &[&str]| cols.join("、");

    // Quantity.
    if rows < NEAR_EMPTY_ROWS {
        findings.push(finding(Check::NearEmpty, &[("rows", n(rows))]));
    }

    // Quality: duplicates, totals rows and empty columns, in two passes.
    if !columns.is_empty() && rows > 0 {
        let all: Vec<String> = (0..columns.len()).map(col).collect();
        let distinct: i64 = conn.query_row(
            &format!("SELECT count(*) FROM (SELECT DISTINCT {} FROM {table})", all.join(", ")),
            [],
            |r| r.get(0),
        )?;
        if distinct < rows {
            findings.push(finding(Check::DuplicateRows, &[("rows", n(rows - distinct))]));
        }
        let empties = all
            .iter()
            .map(|c| format!("sum(CASE WHEN {c} IS NULL OR trim({c}) = '' THEN 1 ELSE 0 END)"))
            .collect::<Vec<_>>()
            .join(", ");
        // A totals row names itself in one of its first three cells.
        let totals = all
            .iter()
            .take(3)
            .map(|c| {
                format!("(replace(replace({c}, ' ', ''), '　', '') GLOB '*[合小总]计' OR replace(replace({c}, ' ', ''), '　', '') IN ('合计', '小计', '总计'))")
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        let (empty, totals): (Vec<i64>, i64) = conn.query_row(
            &format!("SELECT {empties}, sum(CASE WHEN {totals} THEN 1 ELSE 0 END) FROM {table}"),
            [],
            |r| {
                let e = (0..columns.len())
                    .map(|i| r.get::<_, Option<i64>>(i).map(Option::unwrap_or_default))
                    .collect::<Result<_, _>>()?;
                Ok((e, r.get::<_, Option<i64>>(columns.len())?.unwrap_or_default()))
            },
        )?;
        if totals > 0 {
            findings.push(finding(Check::TotalsRows, &[("rows", n(totals))]));
        }
        let missing: Vec<&str> = columns
            .iter()
            .zip(&empty)
            .filter(|(_, e)| **e as f64 > HIGH_MISSING * rows as f64)
            .map(|((name, _), _)| name.as_str())
            .collect();
        if !missing.is_empty() {
            findings
                .push(finding(Check::HighMissing, &[("columns", names(&missing)), ("count", n(missing.len() as i64))]));
        }
    }

    // Standards: codes that do not check out, numbers written as words.
    let mut bad_codes: Vec<(String, i64)> = Vec::new();
    let mut bad_uscc: Vec<(String, i64)> = Vec::new();
    let mut as_text: Vec<&str> = Vec::new();
    for (i, (name, _)) in columns.iter().enumerate() {
        let c = col(i);
        let sample: Vec<String> = {
            let mut q = conn.prepare(&format!(
                "SELECT trim({c}) FROM {table} WHERE {c} IS NOT NULL AND trim({c}) != '' LIMIT {SAMPLE_ROWS}"
            ))?;
            let rows = q.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<Result<_, _>>()?
        };
        if sample.is_empty() {
            continue;
        }
        let share = |f: &dyn Fn(&str) -> bool| sample.iter().filter(|v| f(v)).count() as f64 / sample.len() as f64;
        let division_header = ["区划代码", "行政区划", "区划编码", "行政区代码"].iter().any(|h| name.contains(h));
        let looks_division = |v: &str| matches!(v.len(), 6 | 9 | 12) && v.bytes().all(|b| b.is_ascii_digit());
        if division_header && share(&looks_division) >= 0.5 {
            let bad = count_all(conn, &table, &c, &|v| !crate::divisions::is_known_code(v))?;
            if bad > 0 {
                bad_codes.push((name.clone(), bad));
            }
        }
        let uscc_header = name.contains("信用代码");
        let looks_uscc = |v: &str| {
            v.len() == 18 && v.bytes().all(|b| b.is_ascii_alphanumeric()) && !v.bytes().all(|b| b.is_ascii_digit())
        };
        if uscc_header || share(&looks_uscc) >= 0.8 {
            let bad = count_all(conn, &table, &c, &|v| !validators::uscc(v))?;
            if bad > 0 {
                bad_uscc.push((name.clone(), bad));
            }
        }
        // Mostly numbers, and a tenth of them with a unit or word around them.
        let plain = share(&|v| plain_number(v));
        let worded = share(&|v| !plain_number(v) && worded_number(v));
        if plain + worded >= 0.8 && worded >= 0.1 {
            as_text.push(name);
        }
    }
    let listed = |v: &[(String, i64)]| v.iter().map(|(c, k)| format!("{c}（{k}）")).collect::<Vec<_>>().join("、");
    if !bad_codes.is_empty() {
        let total: i64 = bad_codes.iter().map(|(_, k)| k).sum();
        findings.push(finding(Check::InvalidDivisionCodes, &[("columns", listed(&bad_codes)), ("count", n(total))]));
    }
    if !bad_uscc.is_empty() {
        let total: i64 = bad_uscc.iter().map(|(_, k)| k).sum();
        findings.push(finding(Check::InvalidUscc, &[("columns", listed(&bad_uscc)), ("count", n(total))]));
    }
    if !as_text.is_empty() {
        findings.push(finding(Check::NumbersAsText, &[("columns", names(&as_text))]));
    }

    // Standards: the metadata.
    let value = |field: &str| metadata::value(conn, version_id, field).map(Option::unwrap_or_default);
    if value("license")?.is_empty() {
        findings.push(finding(Check::MissingLicense, &[]));
    }
    let undescribed: Vec<&str> = columns.iter().filter(|(_, d)| d.trim().is_empty()).map(|(c, _)| c.as_str()).collect();
    if !undescribed.is_empty() {
        findings.push(finding(
            Check::MissingDictionary,
            &[
                ("count", n(undescribed.len() as i64)),
                ("total", n(columns.len() as i64)),
                ("columns", names(&undescribed)),
            ],
        ));
    }

    // Scope.
    match value("open_type")?.as_str() {
        "" => findings.push(finding(Check::OpennessUnset, &[])),
        "conditional" => {
            let conditions = value("open_conditions")?;
            let contact = !value("contact_phone")?.is_empty() || !value("contact_email")?.is_empty();
            if conditions.is_empty() || !contact {
                let what = match (conditions.is_empty(), contact) {
                    (true, false) => "both",
                    (true, true) => "conditions",
                    _ => "contact",
                };
                findings.push(finding(Check::ConditionsMissing, &[("missing", what.to_owned())]));
            }
        }
        _ => {}
    }

    // Timeliness.
    if let Some(due) = s.due.as_deref().and_then(crate::clock::parse_date) {
        if due < today {
            findings.push(finding(Check::Stale, &[("due", due.to_string()), ("days", n((today - due).whole_days()))]));
        }
    }
    Ok(Report { dataset: s.id, name: s.name.clone(), findings })
}

/// Values of a column (all rows) for which `bad` holds.
fn count_all(conn: &Connection, table: &str, c: &str, bad: &dyn Fn(&str) -> bool) -> rusqlite::Result<i64> {
    let mut q = conn.prepare(&format!("SELECT trim({c}) FROM {table} WHERE {c} IS NOT NULL AND trim({c}) != ''"))?;
    let mut rows = q.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let v: String = r.get(0)?;
        if bad(&v) {
            n += 1;
        }
    }
    Ok(n)
}

/// A number as a machine reads it: digits, one point, a sign.
fn plain_number(v: &str) -> bool {
    let v = v.strip_prefix('-').unwrap_or(v);
    !v.is_empty() && v.split('.').count() <= 2 && v.bytes().all(|b| b.is_ascii_digit() || b == b'.') && v != "."
}

/// A number with a unit, a thousands separator or a word around it (约120,
/// 12万元, 1,200, 3.5%).
fn worded_number(v: &str) -> bool {
    const AROUND: &[&str] = &[
        "约", "近", "余", "多", "万元", "亿元", "万", "亿", "元", "人", "户", "个", "亩", "吨", "%", "％", "左右",
        "以上",
    ];
    let mut core = v.trim();
    loop {
        let before = core;
        for w in AROUND {
            core = core.strip_prefix(w).unwrap_or(core).trim();
            core = core.strip_suffix(w).unwrap_or(core).trim();
        }
        if core == before {
            break;
        }
    }
    let digits: String = core.chars().filter(|c| *c != ',' && *c != '，').collect();
    let decorated = core != v.trim() || digits.len() != core.len();
    decorated && plain_number(&digits)
}

/// Datasets whose names differ only by a period (2024年1月, 2024-02, 一季度)
/// and whose headers are the same: monthly pieces of one table. Three or more
/// make a group; each member is told the others' names.
fn fragments(
    conn: &Connection,
    summaries: &[crate::dataset::DatasetSummary],
) -> Result<BTreeMap<i64, Finding>, DatasetError> {
    let mut groups: BTreeMap<(String, String), Vec<&crate::dataset::DatasetSummary>> = BTreeMap::new();
    for s in summaries {
        let key = without_period(&s.name);
        if key == s.name || key.chars().count() < 2 {
            continue;
        }
        let headers: String = conn.query_row(
            "SELECT group_concat(name, '|') FROM (SELECT c.name FROM columns c JOIN dataset_versions v ON v.id = c.version_id
              WHERE v.dataset_id = ?1 AND v.version = (SELECT max(version) FROM dataset_versions WHERE dataset_id = ?1) ORDER BY c.position)",
            [s.id],
            |r| Ok(r.get::<_, Option<String>>(0)?.unwrap_or_default()),
        )?;
        groups.entry((key, headers)).or_default().push(s);
    }
    let mut out = BTreeMap::new();
    for ((key, _), mut members) in groups {
        if members.len() < 3 {
            continue;
        }
        members.sort_by_key(|m| m.id);
        for m in &members {
            let others: Vec<&str> = members.iter().filter(|o| o.id != m.id).map(|o| o.name.as_str()).collect();
            out.insert(
                m.id,
                finding(
                    Check::MonthlyFragments,
                    &[("name", key.clone()), ("count", members.len().to_string()), ("others", others.join("、"))],
                ),
            );
        }
    }
    Ok(out)
}

/// A name without the period in it: years, months, quarters, dates.
fn without_period(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let numeral = |c: char| c.is_ascii_digit() || "０１２３４５６７８９一二三四五六七八九十".contains(c);
    while i < chars.len() {
        if numeral(chars[i]) {
            let start = i;
            while i < chars.len() && (numeral(chars[i]) || "-./_年月日季度第份".contains(chars[i])) {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            // A bare number (a count, a code) stays; a period goes.
            if run.chars().any(|c| "-./_年月日季度第份".contains(c))
                || run.chars().filter(char::is_ascii_digit).count() >= 4
            {
                continue;
            }
            out.push_str(&run);
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out.trim_matches(|c: char| c.is_whitespace() || "（）()-_·".contains(c)).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_come_out_of_names() {
        assert_eq!(without_period("2024年1月低保名单"), "低保名单");
        assert_eq!(without_period("低保名单（2024-02）"), "低保名单");
        assert_eq!(without_period("低保名单2024年第一季度"), "低保名单");
        assert_eq!(without_period("低保名单202403"), "低保名单");
        assert_eq!(without_period("12个乡镇名录"), "12个乡镇名录", "a count stays");
    }

    #[test]
    fn numbers_with_words_are_told_from_plain_ones() {
        for v in ["120", "-3.5", "0.085"] {
            assert!(plain_number(v), "{v}");
            assert!(!worded_number(v), "{v}");
        }
        for v in ["约120", "12万元", "1,200", "3.5%", "120人", "20余"] {
            assert!(worded_number(v), "{v}");
        }
        for v in ["城关镇", "N/A", ""] {
            assert!(!worded_number(v), "{v}");
        }
    }
}
