//! Disclosure control of a record list: the fixes that make every group of
//! the public copy at least the office's k large, previewed before they are
//! kept, and kept as part of the masking policy.
//!
//! A fix is a plan of steps. First the generalisation hierarchies
//! (coarsen.rs), one level of one column at a time, choosing each time the
//! step that puts the most records out of risk (and merges the most groups,
//! so that a plateau where no single step saves anyone is crossed) per
//! published value it changes;
//! then, once no more than a small share of records is at risk, local
//! suppression (as sdcMicro's `localSuppression`): in the records still at
//! risk, the value of the least important quasi-identifier is published as
//! `*`, then the next, until every group is large enough. The importance order
//! is the order of the quasi-identifiers: the first is kept longest.
//!
//! A suppressed value is counted as a value of its own (`*`), not as a
//! wildcard that matches anything: the figures are on the safe side.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use xxhash_rust::xxh3::xxh3_64;

use super::coarsen::{hierarchy, Coarsen, Hierarchy, SUPPRESSED};
use super::public::ColumnPlan;
use super::risk::{self, RiskReport, DEFAULT_K};
use super::{ColumnPolicy, Masker, SensitiveError};
use crate::audit::{self, Actor};
use crate::auth::{self, Unlocked};
use crate::clock::now_rfc3339;
use crate::dataset::DatasetError;
use crate::lifecycle::{self, DatasetId, Edit};
use crate::workspace::Workspace;

/// Generalise while more than this share of the records is at risk; suppress
/// single values for the rest.
pub const SUPPRESSION_SHARE: f64 = 0.05;
/// Generalisation steps a plan takes at most.
const MAX_STEPS: usize = 16;
/// The office's k may be set between these.
pub const K_RANGE: std::ops::RangeInclusive<u64> = 2..=100;

/// Cells of a version published as the marker (`*`, or a statistics table's
/// own), by (data row, column position).
#[derive(Debug, Default)]
pub struct Suppressed(HashSet<(i64, u32)>, Option<String>);

impl Suppressed {
    /// The latest version's suppressed cells.
    pub fn load(conn: &Connection, dataset: DatasetId) -> Result<Suppressed, SensitiveError> {
        let v = super::version(conn, dataset)?;
        Ok(Suppressed::of_version(conn, v.id)?)
    }

    pub fn of_version(conn: &Connection, version_id: i64) -> rusqlite::Result<Suppressed> {
        let mut stmt = conn.prepare("SELECT row, position FROM suppressed_cells WHERE version_id = ?1")?;
        let cells = stmt.query_map([version_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        let marker = super::tables::spec_of(conn, version_id)?.map(|s| s.marker);
        Ok(Suppressed(cells, marker))
    }

    /// What a suppressed cell is published as.
    pub fn marker(&self) -> &str {
        self.1.as_deref().unwrap_or(SUPPRESSED)
    }

    pub fn hides(&self, row: i64, position: usize) -> bool {
        !self.0.is_empty() && self.0.contains(&(row, position as u32))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every cell, sorted (for the content hash and bundles).
    pub fn sorted(&self) -> Vec<(i64, u32)> {
        let mut v: Vec<(i64, u32)> = self.0.iter().copied().collect();
        v.sort_unstable();
        v
    }
}

/// The quasi-identifiers a version is measured on, as the clerk chose them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RiskPolicy {
    pub quasi: Vec<String>,
    pub sensitive: Option<String>,
    /// Why the list may go out with groups smaller than the office's k.
    pub reason: Option<String>,
    pub set_by: String,
    pub set_at: String,
}

pub fn policy(conn: &Connection, dataset: DatasetId) -> Result<Option<RiskPolicy>, SensitiveError> {
    let v = super::version(conn, dataset)?;
    Ok(policy_of(conn, v.id)?)
}

fn policy_of(conn: &Connection, version_id: i64) -> rusqlite::Result<Option<RiskPolicy>> {
    conn.query_row(
        "SELECT quasi, sensitive, reason, set_by, set_at FROM risk_policy WHERE version_id = ?1",
        [version_id],
        |r| {
            Ok(RiskPolicy {
                quasi: serde_json::from_str(&r.get::<_, String>(0)?).unwrap_or_default(),
                sensitive: r.get(1)?,
                reason: r.get(2)?,
                set_by: r.get(3)?,
                set_at: r.get(4)?,
            })
        },
    )
    .optional()
}

/// A new version keeps the previous one's generalisations and chosen
/// quasi-identifiers, by column name. Suppressed cells are of the old rows
/// and are not carried: the next plan computes them for the new rows.
pub(crate) fn carry_over(tx: &Transaction<'_>, version_id: i64, previous: i64) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO coarsening (version_id, position, rule, set_by, set_at)
         SELECT ?1, c.position, p.rule, p.set_by, p.set_at
         FROM coarsening p
         JOIN columns pc ON pc.version_id = p.version_id AND pc.position = p.position
         JOIN columns c ON c.version_id = ?1 AND c.name = pc.name
         WHERE p.version_id = ?2",
        params![version_id, previous],
    )?;
    if let Some(p) = policy_of(tx, previous)? {
        let mut stmt = tx.prepare("SELECT name FROM columns WHERE version_id = ?1")?;
        let names: HashSet<String> = stmt.query_map([version_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let quasi: Vec<&String> = p.quasi.iter().filter(|q| names.contains(*q)).collect();
        let sensitive = p.sensitive.filter(|s| names.contains(s));
        // The reason was given for the old rows' k: the new rows need their own.
        tx.execute(
            "INSERT INTO risk_policy (version_id, quasi, sensitive, reason, set_by, set_at) VALUES (?1, ?2, ?3, NULL, ?4, ?5)",
            params![version_id, serde_json::to_string(&quasi).unwrap_or_default(), sensitive, p.set_by, p.set_at],
        )?;
    }
    Ok(())
}

fn setting(conn: &Connection, key: &str, default: u64) -> rusqlite::Result<u64> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get::<_, String>(0))
        .optional()?
        .and_then(|v| v.parse().ok())
        .filter(|k| K_RANGE.contains(k))
        .unwrap_or(default))
}

/// The office's k (a steward's setting; [`DEFAULT_K`] until set).
pub fn office_k(conn: &Connection) -> rusqlite::Result<u64> {
    setting(conn, "risk.k", DEFAULT_K)
}

/// The office's disclosure policy: the smallest group a published list may
/// have, and the frequency rule's threshold for statistics tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficeRisk {
    #[ts(type = "number")]
    pub k: u64,
    #[ts(type = "number")]
    pub threshold: u64,
}

pub fn office_risk(conn: &Connection) -> rusqlite::Result<OfficeRisk> {
    Ok(OfficeRisk { k: office_k(conn)?, threshold: setting(conn, "risk.freq", super::tables::DEFAULT_THRESHOLD)? })
}

/// Sets the office's policy: a steward action, audited.
pub fn set_office_risk(ws: &mut Workspace, to: OfficeRisk, by: &Unlocked) -> Result<OfficeRisk, SensitiveError> {
    for v in [to.k, to.threshold] {
        if !K_RANGE.contains(&v) {
            return Err(SensitiveError::KOutOfRange { k: v, min: *K_RANGE.start(), max: *K_RANGE.end() });
        }
    }
    auth::steward(ws.conn(), by)?;
    let actor = by.actor();
    let before = office_risk(ws.conn())?;
    ws.with_tx(|tx| -> Result<(), SensitiveError> {
        for (key, value) in [("risk.k", to.k), ("risk.freq", to.threshold)] {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value.to_string()],
            )?;
        }
        let detail = serde_json::json!({ "k": to.k, "threshold": to.threshold, "before": before });
        audit::append(tx, actor, "settings.risk", None, &detail)?;
        Ok(())
    })?;
    Ok(to)
}

pub(super) fn position_of(v: &super::Version, dataset: DatasetId, name: &str) -> Result<usize, SensitiveError> {
    v.names.iter().position(|n| n == name).ok_or_else(|| {
        SensitiveError::Dataset(DatasetError::ColumnNotFound { dataset: dataset.to_string(), column: name.to_owned() })
    })
}

/// Chooses the quasi-identifiers (and the sensitive column) a list is measured
/// on. An edit of the policy: audited, and it withdraws a submission.
pub fn set_quasi(
    ws: &mut Workspace,
    dataset: DatasetId,
    quasi: &[String],
    sensitive: Option<&str>,
    actor: &Actor,
) -> Result<RiskPolicy, SensitiveError> {
    let v = super::version(ws.conn(), dataset)?;
    for q in quasi.iter().map(String::as_str).chain(sensitive) {
        position_of(&v, dataset, q)?;
    }
    let quasi: Vec<&String> = quasi.iter().take(risk::MAX_QUASI).collect();
    ws.with_tx(|tx| -> Result<(), SensitiveError> {
        tx.execute(
            "INSERT INTO risk_policy (version_id, quasi, sensitive, reason, set_by, set_at) VALUES (?1, ?2, ?3, NULL, ?4, ?5)
             ON CONFLICT(version_id) DO UPDATE SET quasi = excluded.quasi, sensitive = excluded.sensitive,
                 set_by = excluded.set_by, set_at = excluded.set_at",
            params![v.id, serde_json::to_string(&quasi).unwrap_or_default(), sensitive, actor.name, now_rfc3339()],
        )?;
        let detail = serde_json::json!({ "quasi": quasi, "sensitive": sensitive });
        lifecycle::edited(tx, dataset, actor, Edit { action: "risk.quasi", detail })?;
        Ok(())
    })?;
    Ok(policy_of(ws.conn(), v.id)?.expect("just written"))
}

/// The written reason a list goes out with groups smaller than the office's k
/// (`None` takes it back). Audited.
pub fn set_reason(
    ws: &mut Workspace,
    dataset: DatasetId,
    reason: Option<&str>,
    actor: &Actor,
) -> Result<RiskPolicy, SensitiveError> {
    let v = super::version(ws.conn(), dataset)?;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let report = super::saved(ws.conn(), dataset)?;
    let proposed: Vec<String> = report
        .as_ref()
        .map(|r| risk::propose_quasi(r).into_iter().map(|c| v.names[c].clone()).collect())
        .unwrap_or_default();
    ws.with_tx(|tx| -> Result<(), SensitiveError> {
        tx.execute(
            "INSERT INTO risk_policy (version_id, quasi, sensitive, reason, set_by, set_at) VALUES (?1, ?2, NULL, ?3, ?4, ?5)
             ON CONFLICT(version_id) DO UPDATE SET reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at",
            params![v.id, serde_json::to_string(&proposed).unwrap_or_default(), reason, actor.name, now_rfc3339()],
        )?;
        let detail = serde_json::json!({ "reason": reason });
        lifecycle::edited(tx, dataset, actor, Edit { action: "risk.reason", detail })?;
        Ok(())
    })?;
    Ok(policy_of(ws.conn(), v.id)?.expect("just written"))
}

/// Sets or clears one column's generalisation (by 1-based number or name).
pub fn set_coarsen(
    ws: &mut Workspace,
    dataset: DatasetId,
    column: &str,
    rule: Option<Coarsen>,
    actor: &Actor,
) -> Result<ColumnPolicy, SensitiveError> {
    let v = super::version(ws.conn(), dataset)?;
    let position = column
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .filter(|p| *p < v.names.len())
        .map_or_else(|| position_of(&v, dataset, column), Ok)?;
    if super::saved(ws.conn(), dataset)?.is_none() {
        super::scan_and_save(ws, dataset, false, actor)?;
    }
    ws.with_tx(|tx| -> Result<(), SensitiveError> {
        write_coarsen(tx, v.id, position, rule, &actor.name)?;
        let detail = serde_json::json!({ "column": position, "rule": rule.map(|r| r.label()) });
        lifecycle::edited(tx, dataset, actor, Edit { action: "policy.coarsened", detail })?;
        Ok(())
    })?;
    let mut after = super::saved(ws.conn(), dataset)?.map(|r| r.columns).unwrap_or_default();
    Ok(after.swap_remove(position))
}

fn write_coarsen(
    tx: &Transaction<'_>,
    version_id: i64,
    position: usize,
    rule: Option<Coarsen>,
    by: &str,
) -> rusqlite::Result<()> {
    match rule {
        Some(rule) => tx.execute(
            "INSERT INTO coarsening (version_id, position, rule, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(version_id, position) DO UPDATE SET rule = excluded.rule, set_by = excluded.set_by, set_at = excluded.set_at",
            params![version_id, position as i64, serde_json::to_string(&rule).unwrap_or_default(), by, now_rfc3339()],
        )?,
        None => tx.execute("DELETE FROM coarsening WHERE version_id = ?1 AND position = ?2", params![version_id, position as i64])?,
    };
    Ok(())
}

/// One step of a fix, with what it costs and what it reaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FixStep {
    pub column: String,
    /// The generalisation level the step sets, or `None` for suppression.
    pub rule: Option<Coarsen>,
    /// Published cells the step changes (for suppression: the values hidden).
    #[ts(type = "number")]
    pub changed_cells: u64,
    /// Distinct published values of the column before and after the step.
    #[ts(type = "number")]
    pub distinct_before: u64,
    #[ts(type = "number")]
    pub distinct_after: u64,
    /// The smallest group and the records at risk once the step is taken.
    #[ts(type = "number")]
    pub k: u64,
    #[ts(type = "number")]
    pub at_risk: u64,
}

/// A proposed fix: the steps and the figures before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FixPlan {
    #[ts(type = "number")]
    pub dataset: i64,
    #[ts(type = "number")]
    pub rows: u64,
    pub quasi: Vec<String>,
    #[ts(type = "number")]
    pub office_k: u64,
    #[ts(type = "number")]
    pub k_before: u64,
    #[ts(type = "number")]
    pub at_risk_before: u64,
    #[ts(type = "number")]
    pub k_after: u64,
    #[ts(type = "number")]
    pub at_risk_after: u64,
    pub steps: Vec<FixStep>,
    /// Values suppressed in all (the sum of the suppression steps).
    #[ts(type = "number")]
    pub suppressed_cells: u64,
}

/// One quasi-identifier's stored values, interned.
struct Column {
    position: usize,
    name: String,
    /// Distinct stored values, and how often each occurs.
    raw: Vec<String>,
    counts: Vec<u64>,
    /// Each row's index into `raw`.
    codes: Vec<u32>,
    base: Option<ColumnPlan>,
    hierarchy: Option<Hierarchy>,
}

impl Column {
    /// The hash of each distinct value's public form under `rule`.
    fn published(&self, rule: Option<Coarsen>, masker: &Masker) -> Vec<u64> {
        self.raw
            .iter()
            .map(|v| {
                let public = match (rule, &self.base) {
                    (Some(r), _) => r.apply(v),
                    (None, Some(plan)) => masker.apply(plan, v),
                    (None, None) => v.clone(),
                };
                xxh3_64(public.as_bytes())
            })
            .collect()
    }

    fn distinct(published: &[u64]) -> u64 {
        published.iter().collect::<HashSet<_>>().len() as u64
    }

    /// Rows whose published value differs between two rules.
    fn changed(&self, a: &[u64], b: &[u64]) -> u64 {
        a.iter().zip(b).zip(&self.counts).filter(|((x, y), _)| x != y).map(|(_, n)| n).sum()
    }

    /// The rule one level coarser than `rule`.
    fn next(&self, rule: Option<Coarsen>) -> Option<Coarsen> {
        match rule {
            Some(r) => r.next(),
            None => {
                let amounts: Vec<f64> = if self.hierarchy == Some(Hierarchy::Amount) {
                    self.raw
                        .iter()
                        .zip(&self.counts)
                        .filter_map(|(v, n)| {
                            v.replace(',', "").trim_end_matches('元').trim().parse::<f64>().ok().map(|x| (x, *n))
                        })
                        .flat_map(|(x, n)| std::iter::repeat_n(x, n.min(10_000) as usize))
                        .collect()
                } else {
                    Vec::new()
                };
                self.hierarchy?.first(&amounts)
            }
        }
    }
}

/// Groups rows by their published quasi-identifiers, a suppressed value (or
/// one published as `*`) matching any: (k, records at risk, each row's group
/// size).
fn groups(
    columns: &[Column],
    published: &[Vec<u64>],
    hidden: &[Vec<bool>],
    rows: usize,
    office_k: u64,
) -> (u64, u64, Vec<u32>) {
    let q = columns.len();
    let star = xxh3_64(SUPPRESSED.as_bytes());
    let mut hashes = Vec::with_capacity(rows * q);
    let mut wild = vec![0u32; rows];
    for (row, w) in wild.iter_mut().enumerate() {
        for (c, col) in columns.iter().enumerate() {
            let h = published[c][col.codes[row] as usize];
            if h == star || hidden[c].get(row).copied().unwrap_or(false) {
                *w |= 1 << c;
            }
            hashes.push(h);
        }
    }
    let full = if q == 0 { 0 } else { (1u32 << q) - 1 };
    let size = risk::sizes(&hashes, q, &wild, full);
    let k = size.iter().copied().min().map_or(0, u64::from);
    let at_risk = size.iter().filter(|s| u64::from(**s) < office_k).count() as u64;
    (k, at_risk, size)
}

/// What `suggest` and `apply` share: the columns, their current rules and the
/// data rows' ids.
struct Problem {
    columns: Vec<Column>,
    rules: Vec<Option<Coarsen>>,
    row_ids: Vec<i64>,
    masker: Masker,
    office_k: u64,
    quasi: Vec<String>,
    /// The values suppressed already, by column (row index order).
    hidden: Vec<Vec<bool>>,
}

fn load_problem(
    conn: &Connection,
    dataset: DatasetId,
    quasi: Option<&[String]>,
    k: Option<u64>,
) -> Result<Problem, SensitiveError> {
    let v = super::version(conn, dataset)?;
    let report = match super::saved(conn, dataset)? {
        Some(r) => r,
        None => super::scan(conn, dataset, false)?,
    };
    let plan = super::public_plan(&report);
    let chosen = chosen_quasi(conn, &v, dataset, &report, quasi)?;
    let office_k = match k {
        Some(k) => k,
        None => office_k(conn)?,
    };
    let masker = Masker::load(conn)?;
    let mut columns: Vec<Column> = chosen
        .iter()
        .map(|&c| Column {
            position: c,
            name: v.names[c].clone(),
            raw: Vec::new(),
            counts: Vec::new(),
            codes: Vec::new(),
            base: plan[c].clone().map(|p| ColumnPlan { coarsen: None, ..p }),
            hierarchy: None,
        })
        .collect();
    let rules: Vec<Option<Coarsen>> = chosen.iter().map(|&c| report.columns[c].coarsen).collect();
    let mut row_ids = Vec::new();
    if !columns.is_empty() {
        let list: Vec<String> = chosen.iter().map(|&c| crate::dataset::col(c)).collect();
        let mut stmt = conn.prepare(&format!("SELECT _row, {} FROM {} ORDER BY _row", list.join(", "), v.table))?;
        let mut rows = stmt.query([])?;
        let mut index: Vec<HashMap<String, u32>> = vec![HashMap::new(); columns.len()];
        while let Some(r) = rows.next()? {
            row_ids.push(r.get::<_, i64>(0)?);
            for (i, col) in columns.iter_mut().enumerate() {
                let value = r.get_ref(i + 1)?.as_str_or_null().ok().flatten().unwrap_or("");
                let code = match index[i].get(value) {
                    Some(c) => *c,
                    None => {
                        let c = col.raw.len() as u32;
                        index[i].insert(value.to_owned(), c);
                        col.raw.push(value.to_owned());
                        col.counts.push(0);
                        c
                    }
                };
                col.counts[code as usize] += 1;
                col.codes.push(code);
            }
        }
        for col in &mut columns {
            let sample: Vec<&str> = col.raw.iter().take(500).map(String::as_str).collect();
            let category = report.columns[col.position].finding.category;
            col.hierarchy = if matches!(
                category,
                super::Category::IdCard | super::Category::Identifier | super::Category::Passport
            ) {
                Some(Hierarchy::Identifier)
            } else {
                hierarchy(&col.name, &sample)
            };
        }
    }
    let quasi = columns.iter().map(|c| c.name.clone()).collect();
    // What an earlier fix suppressed stays suppressed: the plan goes on from it.
    let already = Suppressed::of_version(conn, v.id)?;
    let hidden = columns.iter().map(|c| row_ids.iter().map(|&r| already.hides(r, c.position)).collect()).collect();
    Ok(Problem { columns, rules, row_ids, masker, office_k, quasi, hidden })
}

/// The quasi-identifiers: given, else the clerk's saved choice, else proposed;
/// only columns that go out.
pub(super) fn chosen_quasi(
    conn: &Connection,
    v: &super::Version,
    dataset: DatasetId,
    report: &super::ScanReport,
    quasi: Option<&[String]>,
) -> Result<Vec<usize>, SensitiveError> {
    let saved = match quasi {
        Some(_) => None,
        None => policy_of(conn, v.id)?,
    };
    let chosen: Vec<usize> = match quasi.or(saved.as_ref().map(|p| p.quasi.as_slice())) {
        Some(names) => names.iter().map(|n| position_of(v, dataset, n)).collect::<Result<_, _>>()?,
        None => risk::propose_quasi(report),
    };
    let plan = super::public_plan(report);
    Ok(chosen.into_iter().filter(|&c| plan.get(c).is_some_and(Option::is_some)).take(risk::MAX_QUASI).collect())
}

/// One generalisation step tried: records out of risk per changed cell.
struct Candidate {
    score: f64,
    spread: f64,
    column: usize,
    rule: Coarsen,
    published: Vec<u64>,
    changed: u64,
    k: u64,
    at_risk: u64,
}

/// The plan for a problem, and the cells it suppresses (row index, column index).
fn solve(p: &Problem, dataset: DatasetId) -> (FixPlan, Vec<Option<Coarsen>>, Vec<Vec<bool>>) {
    let rows = p.row_ids.len();
    let mut rules = p.rules.clone();
    let mut published: Vec<Vec<u64>> = p.columns.iter().zip(&rules).map(|(c, r)| c.published(*r, &p.masker)).collect();
    let mut hidden: Vec<Vec<bool>> = p.hidden.clone();
    let (k_before, at_risk_before, size) = groups(&p.columns, &published, &hidden, rows, p.office_k);
    let (mut k, mut at_risk) = (k_before, at_risk_before);
    // The effective number of groups (Σ 1/size): it falls with every step that
    // merges groups, also while the records at risk stay as many.
    let spread = |size: &[u32]| size.iter().map(|&s| 1.0 / f64::from(s.max(1))).sum::<f64>();
    let mut spread_now = spread(&size);
    // The column's published values before the last step, for merging steps.
    let mut merged_from: Option<Vec<u64>> = None;
    let mut steps: Vec<FixStep> = Vec::new();
    let budget = (rows as f64 * SUPPRESSION_SHARE).floor() as u64;
    // Generalisation, one level at a time.
    let mut tried = 0;
    while at_risk > budget && tried < MAX_STEPS {
        tried += 1;
        let mut best: Option<Candidate> = None;
        for (c, col) in p.columns.iter().enumerate() {
            // The next level that changes anything (a year column is already
            // at the level of years).
            let mut next = col.next(rules[c]);
            let mut found = None;
            while let Some(rule) = next {
                let candidate = col.published(Some(rule), &p.masker);
                let changed = col.changed(&published[c], &candidate);
                if changed > 0 {
                    found = Some((rule, candidate, changed));
                    break;
                }
                next = rule.next();
            }
            let Some((next, candidate, changed)) = found else { continue };
            let saved = std::mem::replace(&mut published[c], candidate);
            let (k2, risk2, size2) = groups(&p.columns, &published, &hidden, rows, p.office_k);
            let candidate = std::mem::replace(&mut published[c], saved);
            // Records out of risk, and groups merged, per published value changed.
            let spread2 = spread(&size2);
            let gain = at_risk as f64 - risk2 as f64 + (spread_now - spread2);
            if risk2 > at_risk || gain <= 1e-9 {
                continue;
            }
            let score = gain / changed as f64;
            if best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(Candidate {
                    score,
                    spread: spread2,
                    column: c,
                    rule: next,
                    published: candidate,
                    changed,
                    k: k2,
                    at_risk: risk2,
                });
            }
        }
        let Some(Candidate {
            column: c,
            rule: next,
            published: candidate,
            changed,
            k: k2,
            at_risk: risk2,
            spread: s2,
            ..
        }) = best
        else {
            break;
        };
        spread_now = s2;
        let after = Column::distinct(&candidate);
        (k, at_risk) = (k2, risk2);
        rules[c] = Some(next);
        // Two levels of one column in a row are one step (birth date to decades,
        // not to 5-year bands and then decades), its cost counted from the start.
        match steps.last_mut() {
            Some(last) if last.rule.is_some() && last.column == p.columns[c].name => {
                let origin = merged_from.take().unwrap_or_else(|| published[c].clone());
                last.changed_cells = p.columns[c].changed(&origin, &candidate);
                (last.rule, last.distinct_after, last.k, last.at_risk) = (Some(next), after, k, at_risk);
                merged_from = Some(origin);
            }
            _ => {
                merged_from = Some(published[c].clone());
                steps.push(FixStep {
                    column: p.columns[c].name.clone(),
                    rule: Some(next),
                    changed_cells: changed,
                    distinct_before: Column::distinct(&published[c]),
                    distinct_after: after,
                    k,
                    at_risk,
                });
            }
        }
        published[c] = candidate;
    }
    // Local suppression: in the records still at risk, the value of the least
    // important column whose suppression saves anyone (or, when none does
    // alone, of the least important one left, to combine with the next).
    let mut suppressed_cells = 0;
    let star = xxh3_64(SUPPRESSED.as_bytes());
    let mut tried_alone = vec![false; p.columns.len()];
    while at_risk > 0 {
        let (_, _, size) = groups(&p.columns, &published, &hidden, rows, p.office_k);
        // The cells suppressing column `c` would hide now.
        let cells = |c: usize, hidden: &[Vec<bool>]| -> Vec<usize> {
            let col = &p.columns[c];
            (0..rows)
                .filter(|&row| {
                    let code = col.codes[row] as usize;
                    u64::from(size[row]) < p.office_k
                        && !hidden[c].get(row).copied().unwrap_or(false)
                        && !col.raw[code].trim().is_empty()
                        && published[c][code] != star
                })
                .collect()
        };
        let mut chosen = None;
        let mut fallback = None;
        for c in (0..p.columns.len()).rev() {
            let rows_of = cells(c, &hidden);
            if rows_of.is_empty() {
                continue;
            }
            let mut trial = hidden.clone();
            trial[c].resize(rows, false);
            for &row in &rows_of {
                trial[c][row] = true;
            }
            let (k2, risk2, _) = groups(&p.columns, &published, &trial, rows, p.office_k);
            if risk2 < at_risk {
                chosen = Some((c, rows_of.len() as u64, trial, k2, risk2));
                break;
            }
            if fallback.is_none() && !tried_alone[c] {
                fallback = Some((c, rows_of.len() as u64, trial, k2, risk2));
            }
        }
        let Some((c, changed, trial, k2, risk2)) = chosen.or(fallback) else { break };
        tried_alone[c] = true;
        let before = Column::distinct(&published[c]);
        hidden = trial;
        (k, at_risk) = (k2, risk2);
        suppressed_cells += changed;
        steps.push(FixStep {
            column: p.columns[c].name.clone(),
            rule: None,
            changed_cells: changed,
            distinct_before: before,
            distinct_after: before + 1,
            k,
            at_risk,
        });
    }
    let plan = FixPlan {
        dataset: dataset.0,
        rows: rows as u64,
        quasi: p.quasi.clone(),
        office_k: p.office_k,
        k_before,
        at_risk_before,
        k_after: k,
        at_risk_after: at_risk,
        steps,
        suppressed_cells,
    };
    (plan, rules, hidden)
}

/// Proposes the fix for a list's public copy: nothing is changed.
pub fn suggest(
    conn: &Connection,
    dataset: DatasetId,
    quasi: Option<&[String]>,
    k: Option<u64>,
) -> Result<FixPlan, SensitiveError> {
    let p = load_problem(conn, dataset, quasi, k)?;
    Ok(solve(&p, dataset).0)
}

/// Takes the fix [`suggest`] proposes: the generalisations become part of the
/// masking policy, the suppressed values are kept with the version (replacing
/// earlier ones), and the quasi-identifiers are remembered. One edit, audited.
/// Returns the plan taken and the risk measured again on the public copy.
pub fn apply(
    ws: &mut Workspace,
    dataset: DatasetId,
    quasi: Option<&[String]>,
    k: Option<u64>,
    actor: &Actor,
) -> Result<(FixPlan, RiskReport), SensitiveError> {
    let v = super::version(ws.conn(), dataset)?;
    let p = load_problem(ws.conn(), dataset, quasi, k)?;
    let (plan, rules, hidden) = solve(&p, dataset);
    ws.with_tx(|tx| -> Result<(), SensitiveError> {
        for (col, (rule, was)) in p.columns.iter().zip(rules.iter().zip(&p.rules)) {
            if rule != was {
                write_coarsen(tx, v.id, col.position, *rule, &actor.name)?;
            }
        }
        tx.execute("DELETE FROM suppressed_cells WHERE version_id = ?1", [v.id])?;
        let mut insert = tx.prepare("INSERT INTO suppressed_cells (version_id, row, position) VALUES (?1, ?2, ?3)")?;
        for (c, mask) in hidden.iter().enumerate() {
            for (row, _) in mask.iter().enumerate().filter(|(_, h)| **h) {
                insert.execute(params![v.id, p.row_ids[row], p.columns[c].position as i64])?;
            }
        }
        drop(insert);
        tx.execute(
            "INSERT INTO risk_policy (version_id, quasi, sensitive, reason, set_by, set_at) VALUES (?1, ?2, NULL, NULL, ?3, ?4)
             ON CONFLICT(version_id) DO UPDATE SET quasi = excluded.quasi, set_by = excluded.set_by, set_at = excluded.set_at",
            params![v.id, serde_json::to_string(&p.quasi).unwrap_or_default(), actor.name, now_rfc3339()],
        )?;
        let detail = serde_json::json!({
            "quasi": p.quasi,
            "k_before": plan.k_before,
            "k_after": plan.k_after,
            "steps": plan.steps.iter().map(|s| serde_json::json!([s.column, s.rule.map(|r| r.label()), s.changed_cells])).collect::<Vec<_>>(),
            "suppressed_cells": plan.suppressed_cells,
        });
        lifecycle::edited(tx, dataset, actor, Edit { action: "risk.fixed", detail })?;
        Ok(())
    })?;
    let after = risk::assess(ws.conn(), dataset, None, None, p.office_k)?;
    Ok((plan, after))
}

/// Takes the fixes back: no generalisation on the quasi-identifiers and no
/// suppressed value. Audited.
pub fn undo(ws: &mut Workspace, dataset: DatasetId, actor: &Actor) -> Result<(), SensitiveError> {
    let v = super::version(ws.conn(), dataset)?;
    ws.with_tx(|tx| -> Result<(), SensitiveError> {
        let rules = tx.execute("DELETE FROM coarsening WHERE version_id = ?1", [v.id])?;
        let cells = tx.execute("DELETE FROM suppressed_cells WHERE version_id = ?1", [v.id])?;
        let detail = serde_json::json!({ "rules": rules, "suppressed_cells": cells });
        lifecycle::edited(tx, dataset, actor, Edit { action: "risk.undone", detail })?;
        Ok(())
    })
}

/// The risk report with the office's k and the saved quasi-identifiers, as
/// the review and submission see it.
pub fn current(conn: &Connection, dataset: DatasetId) -> Result<RiskReport, SensitiveError> {
    let k = office_k(conn)?;
    risk::assess(conn, dataset, None, None, k)
}

/// A version's disclosure control in a form another workspace can apply: the
/// suppressed values by data row number (1-based, in row order) and column
/// name, and the risk policy. `None` when there is none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Portable {
    #[serde(default)]
    pub suppressed: Vec<(u64, String)>,
    #[serde(default)]
    pub quasi: Vec<String>,
    #[serde(default)]
    pub sensitive: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    /// The statistics table the version is marked as, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<super::tables::TableSpec>,
}

pub fn portable(conn: &Connection, dataset: DatasetId) -> Result<Option<Portable>, SensitiveError> {
    let v = super::version(conn, dataset)?;
    let cells = Suppressed::of_version(conn, v.id)?;
    let policy = policy_of(conn, v.id)?;
    let table = super::tables::spec_of(conn, v.id)?;
    if cells.is_empty() && policy.is_none() && table.is_none() {
        return Ok(None);
    }
    let mut suppressed = Vec::with_capacity(cells.len());
    if !cells.is_empty() {
        let mut stmt = conn.prepare(&format!("SELECT _row FROM {} ORDER BY _row", v.table))?;
        let ids: Vec<i64> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        for (row, position) in cells.sorted() {
            if let (Ok(at), Some(name)) = (ids.binary_search(&row), v.names.get(position as usize)) {
                suppressed.push((at as u64 + 1, name.clone()));
            }
        }
    }
    let policy = policy.unwrap_or(RiskPolicy {
        quasi: Vec::new(),
        sensitive: None,
        reason: None,
        set_by: String::new(),
        set_at: String::new(),
    });
    Ok(Some(Portable { suppressed, quasi: policy.quasi, sensitive: policy.sensitive, reason: policy.reason, table }))
}

/// Gives a version what [`portable`] took from the sender's (a bundle's
/// import). Returns `false` when a row or column does not exist here.
pub(crate) fn restore(
    tx: &Transaction<'_>,
    version_id: i64,
    p: &Portable,
    by: &str,
    at: &str,
) -> rusqlite::Result<bool> {
    let (table,): (String,) =
        tx.query_row("SELECT data_table FROM dataset_versions WHERE id = ?1", [version_id], |r| Ok((r.get(0)?,)))?;
    let mut stmt = tx.prepare("SELECT name, position FROM columns WHERE version_id = ?1")?;
    let names: HashMap<String, i64> =
        stmt.query_map([version_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    let mut stmt = tx.prepare(&format!("SELECT _row FROM {table} ORDER BY _row"))?;
    let ids: Vec<i64> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    tx.execute("DELETE FROM suppressed_cells WHERE version_id = ?1", [version_id])?;
    tx.execute("DELETE FROM risk_policy WHERE version_id = ?1", [version_id])?;
    tx.execute("DELETE FROM stat_tables WHERE version_id = ?1", [version_id])?;
    if let Some(spec) = &p.table {
        if spec.dimensions.iter().chain(&spec.values).any(|c| !names.contains_key(c)) {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO stat_tables (version_id, spec, set_by, set_at) VALUES (?1, ?2, ?3, ?4)",
            params![version_id, serde_json::to_string(spec).unwrap_or_default(), by, at],
        )?;
    }
    let mut insert =
        tx.prepare("INSERT OR IGNORE INTO suppressed_cells (version_id, row, position) VALUES (?1, ?2, ?3)")?;
    for (ordinal, name) in &p.suppressed {
        let (Some(row), Some(position)) = (ordinal.checked_sub(1).and_then(|i| ids.get(i as usize)), names.get(name))
        else {
            return Ok(false);
        };
        insert.execute(params![version_id, row, position])?;
    }
    if p.quasi.iter().chain(&p.sensitive).any(|q| !names.contains_key(q)) {
        return Ok(false);
    }
    if !p.quasi.is_empty() || p.sensitive.is_some() || p.reason.is_some() {
        tx.execute(
            "INSERT INTO risk_policy (version_id, quasi, sensitive, reason, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![version_id, serde_json::to_string(&p.quasi).unwrap_or_default(), p.sensitive, p.reason, by, at],
        )?;
    }
    Ok(true)
}

/// Sets a version's generalisation of a column by name (a bundle's import).
pub(crate) fn restore_coarsen(
    tx: &Transaction<'_>,
    version_id: i64,
    position: i64,
    rule: Coarsen,
    by: &str,
) -> rusqlite::Result<()> {
    write_coarsen(tx, version_id, position as usize, Some(rule), by)
}

/// What the 重识别风险 tab shows: the figures on the public copy, the fix
/// that would reach the office's k, the clerk's choices, and the columns that
/// can be chosen as quasi-identifiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RiskView {
    pub report: RiskReport,
    pub plan: FixPlan,
    pub policy: Option<RiskPolicy>,
    /// Public columns, in order (the choices for quasi-identifiers and the
    /// sensitive column).
    pub columns: Vec<String>,
    /// Generalisations in force, by column.
    pub rules: Vec<(String, Coarsen)>,
    #[ts(type = "number")]
    pub suppressed_cells: u64,
}

pub fn view(conn: &Connection, dataset: DatasetId) -> Result<RiskView, SensitiveError> {
    let k = office_k(conn)?;
    let report = risk::assess(conn, dataset, None, None, k)?;
    let plan = suggest(conn, dataset, None, Some(k))?;
    let saved = super::saved(conn, dataset)?;
    let (columns, rules) = match &saved {
        Some(r) => {
            let plan = super::public_plan(r);
            let columns =
                r.columns.iter().zip(&plan).filter(|(_, p)| p.is_some()).map(|(c, _)| c.finding.name.clone()).collect();
            let rules = r.columns.iter().filter_map(|c| c.coarsen.map(|rule| (c.finding.name.clone(), rule))).collect();
            (columns, rules)
        }
        None => (Vec::new(), Vec::new()),
    };
    let suppressed_cells = Suppressed::load(conn, dataset)?.len() as u64;
    Ok(RiskView { report, plan, policy: policy(conn, dataset)?, columns, rules, suppressed_cells })
}
