//! Statistics tables: a cell that counts 1 or 2 people names them. The clerk
//! marks a dataset as a table (dimension columns label the rows, value columns
//! hold the counts; a 合计 row and a 合计 column are the totals). Then:
//!
//! * primary suppression: the frequency rule, every count above 0 and below the
//!   threshold (3 by default, as statistics offices use). A value table (营业收入
//!   by 乡镇 × 行业) names, per value column, the column counting each cell's
//!   contributors (the frequency rule reads it instead of the value) and the
//!   columns holding each cell's largest contributions, as τ-ARGUS reads tabular
//!   input; then the dominance rule (n, k), (2, 85) by default, suppresses a cell
//!   whose n largest contributions exceed k % of it. Such a cell's range must
//!   reach at least (100 / k) × (its n largest) above it (the rule's protection
//!   level), so that the second largest contributor cannot estimate the largest.
//!   The contribution columns are withheld from the public copy. A total's
//!   contributors are its cells' (each contributor counted in one cell);
//! * secondary suppression (Eurostat's practice): a row or column whose total
//!   is published must not have a single suppressed cell, or the total gives
//!   it away. Complements are taken where they close a rectangle (a column or
//!   row that already has a suppressed cell), then the smallest;
//! * the proof: each suppressed cell's feasible range, the smallest and
//!   largest value it can take given every published cell and total (a linear
//!   program, lp.rs), must be at least `min_width` wide; a cell found narrower
//!   gets one more complement, and the check runs again;
//! * a new version of a table whose earlier version was published keeps the
//!   same cells suppressed (by row label and column), so that comparing two
//!   periods gives nothing away.
//!
//! A totals row the import left out of the table (its default) is not
//! published, so it constrains nothing; kept as data, it does.
//!
//! Totals: the 合计 column sums each row; a row labelled 合计/总计 sums every
//! row, and a subtotal (小计, 城关镇合计) sums the rows of its group: with two
//! dimension columns the rows sharing its other label, else the rows it adds
//! up to, under it or above it. Every published or suppressed total is part
//! of the equations a reader can write, so a suppressed total is a variable
//! in them, not a dropped line. Limit: one totals column.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use super::cells::{At, Contributors, Grid, Hidden, RowSum, Sensitivity};
use super::SensitiveError;
use crate::audit::Actor;
use crate::clock::now_rfc3339;
use crate::lifecycle::{self, DatasetId, Edit};
use crate::workspace::Workspace;

/// The frequency rule's default: counts below 3 are suppressed.
pub const DEFAULT_THRESHOLD: u64 = 3;

/// The dominance rule's default: a cell whose 2 largest contributions make
/// more than 85 % of it is suppressed.
pub const DEFAULT_DOMINANCE: Dominance = Dominance { n: 2, k: 85.0 };

/// How a dataset is read and protected as a statistics table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TableSpec {
    pub dimensions: Vec<String>,
    pub values: Vec<String>,
    /// Counts above 0 and below this are suppressed.
    #[ts(type = "number")]
    pub threshold: u64,
    /// A suppressed cell's feasible range must be at least this wide.
    pub min_width: f64,
    /// What a suppressed cell is published as (`*`, `—`, `<3`).
    pub marker: String,
    /// Value columns whose contributors are known (a value table). Absent in a
    /// table of counts, so that specs saved before it keep their content hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub contributions: Option<Vec<Contributions>>,
    /// The dominance rule, for the value columns with contributions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub dominance: Option<Dominance>,
}

/// Where a value column's contributors are: the column counting them per cell
/// (for the frequency rule) and the columns holding each cell's largest
/// contributions (for the dominance rule; withheld from the public copy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Contributions {
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub count: Option<String>,
    #[serde(default)]
    pub top: Vec<String>,
}

/// The (n, k) dominance rule: a cell is sensitive when its n largest
/// contributions exceed k % of its value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Dominance {
    pub n: u32,
    pub k: f64,
}

/// Why a cell is suppressed first.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CellRule {
    /// Too few contributors (or a count below the threshold).
    Frequency,
    /// A few contributors make almost all of it.
    Dominance,
}

/// One cell of the table, by its row label and column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TableCell {
    pub row: String,
    pub column: String,
    pub value: f64,
    /// The rule that suppressed it (primary cells only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rule: Option<CellRule>,
}

/// A suppressed cell's feasible range given what is published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CellRange {
    pub row: String,
    pub column: String,
    pub min: f64,
    /// `None`: no published total bounds it.
    pub max: Option<f64>,
    /// A dominant cell: how far above its value the range must reach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub needs_above: Option<f64>,
    pub wide_enough: bool,
}

/// What suppression does to a table, before or after it is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SuppressionReport {
    #[ts(type = "number")]
    pub dataset: i64,
    pub spec: TableSpec,
    pub primary: Vec<TableCell>,
    /// Kept from the published earlier version.
    pub carried: Vec<TableCell>,
    pub secondary: Vec<TableCell>,
    pub ranges: Vec<CellRange>,
    /// Every range wide enough.
    pub protected: bool,
    pub total_row: Option<String>,
    pub total_column: Option<String>,
}

fn is_total_label(v: &str) -> bool {
    let v = v.trim();
    ["合计", "总计", "小计", "总数", "全县合计", "全县"].iter().any(|w| v == *w || v.starts_with(w))
        || ["小计", "合计"].iter().any(|w| v.ends_with(w))
}

/// A grand total (合计 of everything), as opposed to a subtotal.
fn is_grand_label(v: &str) -> bool {
    let v = v.trim();
    ["合计", "总计", "总数", "全县合计", "全县"].iter().any(|w| v == *w || v.starts_with(w))
}

fn number(v: &str) -> f64 {
    v.trim().replace(',', "").parse::<f64>().ok().filter(|x| x.is_finite()).unwrap_or(0.0)
}

/// The table of a dataset's latest version, read with `spec`: the grid, the
/// row labels, the interior and total column names, each grid row's data row
/// id, the sum rows' ids and labels, the positions of the columns, and the
/// contributors of the cells whose column names them.
struct Read {
    grid: Grid,
    labels: Vec<String>,
    columns: Vec<String>,
    row_ids: Vec<i64>,
    sum_rows: Vec<(i64, String)>,
    total_column: Option<String>,
    positions: Vec<usize>,
    total_position: Option<usize>,
    who: Vec<Vec<Option<Contributors>>>,
}

impl Read {
    /// A cell's row label and column name.
    fn name(&self, at: At) -> (String, String) {
        let total = || self.total_column.clone().unwrap_or_default();
        match at {
            At::In(r, c) => (self.labels[r].clone(), self.columns[c].clone()),
            At::RowTotal(r) => (self.labels[r].clone(), total()),
            At::Sum(s, c) => (self.sum_rows[s].1.clone(), self.columns[c].clone()),
            At::SumTotal(s) => (self.sum_rows[s].1.clone(), total()),
        }
    }

    /// Where a cell is stored: its data row and column position.
    fn stored(&self, at: At) -> Option<(i64, usize)> {
        match at {
            At::In(r, c) => Some((self.row_ids[r], self.positions[c])),
            At::RowTotal(r) => self.total_position.map(|p| (self.row_ids[r], p)),
            At::Sum(s, c) => Some((self.sum_rows[s].0, self.positions[c])),
            At::SumTotal(s) => self.total_position.map(|p| (self.sum_rows[s].0, p)),
        }
    }

    fn cell(&self, at: At, rule: Option<CellRule>) -> TableCell {
        let (row, column) = self.name(at);
        TableCell { row, column, value: self.grid.value(at), rule }
    }

    /// Every cell of the table.
    fn all(&self) -> Vec<At> {
        let (rows, cols, sums) = (self.grid.rows(), self.grid.cols(), self.grid.sums.len());
        let totals = self.total_position.is_some();
        (0..rows)
            .flat_map(|r| (0..cols).map(move |c| At::In(r, c)).chain(totals.then_some(At::RowTotal(r))))
            .chain(
                (0..sums).flat_map(|s| (0..cols).map(move |c| At::Sum(s, c)).chain(totals.then_some(At::SumTotal(s)))),
            )
            .collect()
    }
}

/// The spec with its contribution columns out of the table's columns (they
/// describe cells, they are not cells), after checking that the dominance
/// rule has the contributions it needs.
fn checked(spec: &TableSpec) -> Result<TableSpec, SensitiveError> {
    let mut spec = spec.clone();
    let list = spec.contributions.clone().unwrap_or_default();
    let aside: HashSet<&String> = list.iter().flat_map(|c| c.count.iter().chain(&c.top)).collect();
    spec.dimensions.retain(|d| !aside.contains(d));
    spec.values.retain(|v| !aside.contains(v));
    for c in &list {
        // A column whose contributions are named is a value column.
        if !spec.values.contains(&c.value) {
            spec.dimensions.retain(|d| *d != c.value);
            spec.values.push(c.value.clone());
        }
        if let Some(d) = spec.dominance {
            if c.top.len() < d.n as usize {
                return Err(SensitiveError::ContributionsInvalid { column: c.value.clone(), n: d.n });
            }
        }
    }
    if let Some(d) = spec.dominance {
        if !((1..=10).contains(&d.n) && d.k > 0.0 && d.k <= 100.0) {
            return Err(SensitiveError::DominanceOutOfRange { n: d.n, k: d.k });
        }
        if list.is_empty() {
            let column = spec.values.first().cloned().unwrap_or_default();
            return Err(SensitiveError::ContributionsInvalid { column, n: d.n });
        }
    }
    Ok(spec)
}

/// A row whose label says it sums others, as read.
struct SumRow {
    id: i64,
    label: String,
    dims: Vec<String>,
    cells: Vec<f64>,
    total: f64,
    /// How many interior rows came before it.
    at: usize,
}

/// The interior rows a sum row adds up. With several dimensions, the rows
/// that share its other labels (城关镇 / 小计: the rows of 城关镇). Else the
/// rows whose sum it is, tried in turn: all rows (for 合计/总计), the rows
/// since the previous sum row (a subtotal under its group), the rows up to
/// the next one (a subtotal above its group); when none adds up, the first.
fn group_of(i: usize, sums: &[SumRow], dims: &[Vec<String>], cells: &[Vec<f64>]) -> Vec<usize> {
    let s = &sums[i];
    let keys: Vec<(usize, &String)> =
        s.dims.iter().enumerate().filter(|(_, d)| !d.trim().is_empty() && !is_total_label(d)).collect();
    if !keys.is_empty() {
        return (0..dims.len()).filter(|&r| keys.iter().all(|(k, v)| dims[r][*k] == **v)).collect();
    }
    let n = cells.len();
    let grand = s.dims.iter().any(|d| is_grand_label(d));
    let previous = if i == 0 { 0 } else { sums[i - 1].at };
    let next = sums.get(i + 1).map_or(n, |x| x.at);
    let mut candidates = Vec::new();
    if grand {
        candidates.push((0..n).collect::<Vec<_>>());
    }
    candidates.push((previous..s.at).collect());
    candidates.push((s.at..next).collect());
    if !grand {
        candidates.push((0..n).collect());
    }
    let adds_up = |rows: &Vec<usize>| {
        !rows.is_empty()
            && s.cells.iter().enumerate().all(|(c, v)| {
                let sum: f64 = rows.iter().map(|&r| cells[r][c]).sum();
                (sum - v).abs() <= 1e-6 * v.abs().max(1.0) + 0.005
            })
    };
    candidates.iter().find(|rows| adds_up(rows)).unwrap_or(&candidates[0]).clone()
}

fn read(conn: &Connection, dataset: DatasetId, spec: &TableSpec) -> Result<Read, SensitiveError> {
    let v = super::version(conn, dataset)?;
    let pos = |n: &String| super::disclosure::position_of(&v, dataset, n);
    let dims: Vec<usize> = spec.dimensions.iter().map(pos).collect::<Result<_, _>>()?;
    let values: Vec<usize> = spec.values.iter().map(pos).collect::<Result<_, _>>()?;
    let total_position = values.iter().copied().find(|&p| is_total_label(&v.names[p]));
    let positions: Vec<usize> = values.iter().copied().filter(|p| Some(*p) != total_position).collect();
    // Each grid column's contributions, as positions in the row read below.
    let mut extra: Vec<usize> = Vec::new();
    let mut at_extra = |p: usize| {
        extra.push(p);
        dims.len() + values.len() + extra.len() - 1
    };
    let mut sources: Vec<Option<(Option<usize>, Vec<usize>)>> = Vec::new();
    for &p in &positions {
        let c = spec.contributions.iter().flatten().find(|c| v.names[p] == c.value);
        sources.push(match c {
            Some(c) => {
                let count = c.count.as_ref().map(pos).transpose()?.map(&mut at_extra);
                let top = c.top.iter().map(|t| pos(t).map(&mut at_extra)).collect::<Result<Vec<_>, _>>()?;
                Some((count, top))
            }
            None => None,
        });
    }
    let all: Vec<usize> = dims.iter().chain(&values).chain(&extra).copied().collect();
    let list: Vec<String> = all.iter().map(|&c| crate::dataset::col(c)).collect();
    let mut stmt = conn.prepare(&format!("SELECT _row, {} FROM {} ORDER BY _row", list.join(", "), v.table))?;
    let mut rows = stmt.query([])?;
    let (mut cells, mut totals, mut labels, mut row_ids, mut who) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut row_dims: Vec<Vec<String>> = Vec::new();
    let mut sums: Vec<SumRow> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let text = |i: usize| -> String {
            r.get_ref(i + 1).ok().and_then(|v| v.as_str_or_null().ok().flatten()).unwrap_or("").to_owned()
        };
        let dim_values: Vec<String> = (0..dims.len()).map(text).collect();
        let label = dim_values.join(" / ");
        let at = |p: usize| dims.len() + values.iter().position(|&x| x == p).unwrap_or(0);
        let row: Vec<f64> = positions.iter().map(|&p| number(&text(at(p)))).collect();
        let total = total_position.map(|p| number(&text(at(p)))).unwrap_or(0.0);
        if dim_values.iter().any(|d| is_total_label(d)) {
            sums.push(SumRow { id, label, dims: dim_values, cells: row, total, at: cells.len() });
            continue;
        }
        totals.push(total);
        who.push(
            sources
                .iter()
                .map(|s| {
                    s.as_ref().map(|(count, top)| {
                        Contributors::new(
                            count.map(|i| number(&text(i))),
                            top.iter().map(|&i| number(&text(i))).collect(),
                        )
                    })
                })
                .collect(),
        );
        cells.push(row);
        labels.push(label);
        row_ids.push(id);
        row_dims.push(dim_values);
    }
    let groups: Vec<Vec<usize>> = (0..sums.len()).map(|i| group_of(i, &sums, &row_dims, &cells)).collect();
    let grid = Grid {
        sums: sums
            .iter()
            .zip(groups)
            .map(|(s, rows)| RowSum { rows, cells: s.cells.clone(), total: total_position.map(|_| s.total) })
            .collect(),
        cells,
        row_totals: total_position.map(|_| totals),
    };
    Ok(Read {
        grid,
        labels,
        columns: positions.iter().map(|&p| v.names[p].clone()).collect(),
        row_ids,
        sum_rows: sums.into_iter().map(|s| (s.id, s.label)).collect(),
        total_column: total_position.map(|p| v.names[p].clone()),
        positions,
        total_position,
        who,
    })
}

/// The suppressed cells of the previous version, by row label and column,
/// when that version was published.
fn carried_cells(
    conn: &Connection,
    dataset: DatasetId,
    spec: &TableSpec,
) -> Result<HashSet<(String, String)>, SensitiveError> {
    let previous: Option<(i64, String)> = conn
        .query_row(
            "SELECT v.id, v.data_table FROM dataset_versions v WHERE v.dataset_id = ?1
             AND v.version < (SELECT max(version) FROM dataset_versions WHERE dataset_id = ?1)
             AND EXISTS (SELECT 1 FROM publications p WHERE p.dataset_id = ?1 AND p.version = v.version)
             ORDER BY v.version DESC LIMIT 1",
            [dataset],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((version_id, table)) = previous else { return Ok(HashSet::new()) };
    let mut names = conn.prepare("SELECT name FROM columns WHERE version_id = ?1 ORDER BY position")?;
    let names: Vec<String> = names.query_map([version_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let dims: Vec<usize> = spec.dimensions.iter().filter_map(|d| names.iter().position(|n| n == d)).collect();
    if dims.len() != spec.dimensions.len() {
        return Ok(HashSet::new());
    }
    let mut out = HashSet::new();
    let mut cells = conn.prepare("SELECT row, position FROM suppressed_cells WHERE version_id = ?1")?;
    let cells: Vec<(i64, usize)> =
        cells.query_map([version_id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?.collect::<Result<_, _>>()?;
    let list: Vec<String> = dims.iter().map(|&c| crate::dataset::col(c)).collect();
    let mut label = conn.prepare(&format!("SELECT {} FROM {table} WHERE _row = ?1", list.join(", ")))?;
    for (row, position) in cells {
        let l: Option<String> = label
            .query_row([row], |r| {
                Ok((0..dims.len())
                    .map(|i| r.get::<_, Option<String>>(i).ok().flatten().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(" / "))
            })
            .optional()?;
        if let (Some(l), Some(name)) = (l, names.get(position)) {
            out.insert((l, name.clone()));
        }
    }
    Ok(out)
}

/// Computes the suppression of a table (nothing is written): the cells, and
/// the data rows and positions to store.
fn compute(
    conn: &Connection,
    dataset: DatasetId,
    spec: &TableSpec,
) -> Result<(SuppressionReport, Vec<(i64, usize)>), SensitiveError> {
    let spec = &checked(spec)?;
    let t = read(conn, dataset, spec)?;
    let carried_keys = carried_cells(conn, dataset, spec)?;
    let first = t.grid.sensitive(spec.threshold, spec.dominance, &t.who);
    let mut h = first.hidden.clone();
    let mut carried = Vec::new();
    for at in t.all() {
        if !h.get(at) && carried_keys.contains(&t.name(at)) {
            h.set(at);
            carried.push(t.cell(at, None));
        }
    }
    let forced = h.clone();
    // A dominant cell's range must reach its protection level above it; every
    // other suppressed cell's must be `min_width` wide.
    let enough = |at: At, min: f64, max: Option<f64>| match (first.needs_above(at), max) {
        (_, None) => true,
        (Some(above), Some(m)) => m - t.grid.value(at) >= above - 1e-9,
        (None, Some(m)) => m - min >= spec.min_width - 1e-9,
    };
    t.grid.protect_with(&mut h, enough);
    let mut primary = Vec::new();
    let mut secondary = Vec::new();
    let mut store = Vec::new();
    for at in t.all() {
        if let Some(rule) = first.rule(at) {
            primary.push(t.cell(at, Some(rule)));
        } else if h.get(at) && !forced.get(at) {
            secondary.push(t.cell(at, None));
        }
        if h.get(at) {
            store.extend(t.stored(at));
        }
    }
    let ranges: Vec<CellRange> = t
        .grid
        .ranges(&h)
        .into_iter()
        .map(|(at, min, max)| {
            let (row, column) = t.name(at);
            CellRange { row, column, min, max, needs_above: first.needs_above(at), wide_enough: enough(at, min, max) }
        })
        .collect();
    let report = SuppressionReport {
        dataset: dataset.0,
        spec: spec.clone(),
        primary,
        carried,
        secondary,
        protected: ranges.iter().all(|r| r.wide_enough),
        ranges,
        total_row: t
            .sum_rows
            .iter()
            .zip(&t.grid.sums)
            .find(|(_, s)| s.rows.len() == t.grid.rows())
            .map(|((_, l), _)| l.clone()),
        total_column: t.total_column.clone(),
    };
    Ok((report, store))
}

/// What suppression would do (nothing is changed).
pub fn preview(conn: &Connection, dataset: DatasetId, spec: &TableSpec) -> Result<SuppressionReport, SensitiveError> {
    Ok(compute(conn, dataset, spec)?.0)
}

/// Marks the dataset as a statistics table and keeps its suppression: the
/// cells are published as the marker. One edit, audited.
pub fn apply(
    ws: &mut Workspace,
    dataset: DatasetId,
    spec: &TableSpec,
    actor: &Actor,
) -> Result<SuppressionReport, SensitiveError> {
    let v = super::version(ws.conn(), dataset)?;
    let (report, store) = compute(ws.conn(), dataset, spec)?;
    ws.with_tx(|tx| -> Result<(), SensitiveError> {
        tx.execute("DELETE FROM suppressed_cells WHERE version_id = ?1", [v.id])?;
        let mut insert = tx.prepare("INSERT OR IGNORE INTO suppressed_cells (version_id, row, position) VALUES (?1, ?2, ?3)")?;
        for (row, position) in &store {
            insert.execute(params![v.id, row, *position as i64])?;
        }
        drop(insert);
        withhold_contributions(tx, v.id, spec)?;
        tx.execute(
            "INSERT INTO stat_tables (version_id, spec, set_by, set_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(version_id) DO UPDATE SET spec = excluded.spec, set_by = excluded.set_by, set_at = excluded.set_at",
            params![v.id, serde_json::to_string(spec).unwrap_or_default(), actor.name, now_rfc3339()],
        )?;
        let detail = serde_json::json!({
            "threshold": spec.threshold,
            "dominance": spec.dominance.map(|d| [d.n as f64, d.k]),
            "primary": report.primary.len(),
            "carried": report.carried.len(),
            "secondary": report.secondary.len(),
            "protected": report.protected,
        });
        lifecycle::edited(tx, dataset, actor, Edit { action: "table.suppressed", detail })?;
        Ok(())
    })?;
    Ok(report)
}

/// A new version of a statistics table is one too, suppressed at once (with
/// the cells of the published earlier version kept), so that its small cells
/// never reach a public copy unprotected.
pub(crate) fn carry_over(
    tx: &rusqlite::Transaction<'_>,
    dataset: DatasetId,
    version_id: i64,
    previous: i64,
) -> Result<(), SensitiveError> {
    let Some(spec) = spec_of(tx, previous)? else { return Ok(()) };
    let mut stmt = tx.prepare("SELECT name FROM columns WHERE version_id = ?1")?;
    let names: HashSet<String> = stmt.query_map([version_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    if spec.dimensions.iter().chain(&spec.values).any(|c| !names.contains(c)) {
        // The layout changed: the clerk marks the table again.
        return Ok(());
    }
    let (_, store) = compute(tx, dataset, &spec)?;
    for (row, position) in &store {
        tx.execute(
            "INSERT OR IGNORE INTO suppressed_cells (version_id, row, position) VALUES (?1, ?2, ?3)",
            params![version_id, row, *position as i64],
        )?;
    }
    withhold_contributions(tx, version_id, &spec)?;
    tx.execute(
        "INSERT INTO stat_tables (version_id, spec, set_by, set_at) SELECT ?1, spec, set_by, set_at FROM stat_tables WHERE version_id = ?2",
        params![version_id, previous],
    )?;
    Ok(())
}

/// The columns holding single contributions are never published: they are
/// withheld in the dictionary, where the review shows it.
fn withhold_contributions(tx: &Connection, version_id: i64, spec: &TableSpec) -> Result<(), SensitiveError> {
    for c in spec.contributions.iter().flatten() {
        for name in &c.top {
            tx.execute("UPDATE columns SET open = 0 WHERE version_id = ?1 AND name = ?2", params![version_id, name])?;
        }
    }
    Ok(())
}

/// The table spec of a version, if it is marked as a statistics table.
pub fn spec_of(conn: &Connection, version_id: i64) -> rusqlite::Result<Option<TableSpec>> {
    let spec: Option<String> =
        conn.query_row("SELECT spec FROM stat_tables WHERE version_id = ?1", [version_id], |r| r.get(0)).optional()?;
    Ok(spec.and_then(|s| serde_json::from_str(&s).ok()))
}

pub fn spec(conn: &Connection, dataset: DatasetId) -> Result<Option<TableSpec>, SensitiveError> {
    let v = super::version(conn, dataset)?;
    Ok(spec_of(conn, v.id)?)
}

/// A spec for a dataset: the given columns, or else text columns as
/// dimensions and numeric ones as values.
pub fn default_spec(conn: &Connection, dataset: DatasetId, threshold: u64) -> Result<TableSpec, SensitiveError> {
    let v = super::version(conn, dataset)?;
    let list: Vec<String> = (0..v.names.len()).map(crate::dataset::col).collect();
    let mut numeric = vec![0u64; v.names.len()];
    let mut filled = vec![0u64; v.names.len()];
    if !list.is_empty() {
        let mut stmt =
            conn.prepare(&format!("SELECT {} FROM {} ORDER BY _row LIMIT 1000", list.join(", "), v.table))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            for c in 0..v.names.len() {
                let t: Option<String> =
                    r.get_ref(c).ok().and_then(|x| x.as_str_or_null().ok().flatten()).map(str::to_owned);
                if let Some(t) = t.filter(|t| !t.trim().is_empty()) {
                    filled[c] += 1;
                    if t.trim().replace(',', "").parse::<f64>().is_ok() {
                        numeric[c] += 1;
                    }
                }
            }
        }
    }
    let mut dims = Vec::new();
    let mut values = Vec::new();
    for (c, name) in v.names.iter().enumerate() {
        // A numeric column with a total-like name, or mostly numbers, holds values;
        // 序号 and codes label rows.
        let code = ["序号", "代码", "编号"].iter().any(|w| name.contains(w));
        if filled[c] > 0 && numeric[c] * 10 >= filled[c] * 9 && !code {
            values.push(name.clone());
        } else if !code {
            dims.push(name.clone());
        }
    }
    Ok(TableSpec {
        dimensions: dims,
        values,
        threshold,
        min_width: threshold as f64,
        marker: super::SUPPRESSED.to_owned(),
        contributions: None,
        dominance: None,
    })
}

/// The spec in force: the saved one, or one read from the columns with the
/// office's frequency threshold.
pub fn current_spec(conn: &Connection, dataset: DatasetId) -> Result<TableSpec, SensitiveError> {
    match spec(conn, dataset)? {
        Some(s) => Ok(s),
        None => default_spec(conn, dataset, super::disclosure::office_risk(conn)?.threshold),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_subtotal_row_is_matched_to_the_rows_it_adds_up() {
        let sum = |label: &str, cells: Vec<f64>, at: usize| SumRow {
            id: 0,
            label: label.to_owned(),
            dims: vec![label.to_owned()],
            cells,
            total: 0.0,
            at,
        };
        let cells = vec![vec![2.0], vec![9.0], vec![6.0], vec![7.0]];
        let dims: Vec<Vec<String>> = ["东村", "西村", "南村", "北村"].iter().map(|d| vec![(*d).to_owned()]).collect();
        // Under its group.
        let below = [sum("城关镇小计", vec![11.0], 2), sum("河口乡小计", vec![13.0], 4), sum("合计", vec![24.0], 4)];
        assert_eq!(group_of(0, &below, &dims, &cells), [0, 1]);
        assert_eq!(group_of(1, &below, &dims, &cells), [2, 3]);
        assert_eq!(group_of(2, &below, &dims, &cells), [0, 1, 2, 3]);
        // Above its group (the town's line first, then its villages).
        let above = [sum("城关镇合计", vec![11.0], 0), sum("河口乡合计", vec![13.0], 2)];
        assert_eq!(group_of(0, &above, &dims, &cells), [0, 1]);
        assert_eq!(group_of(1, &above, &dims, &cells), [2, 3]);
        // Two dimensions: 城关镇 / 小计 is the rows of 城关镇.
        let dims2: Vec<Vec<String>> = [("城关镇", "东村"), ("城关镇", "西村"), ("河口乡", "南村"), ("河口乡", "北村")]
            .iter()
            .map(|(t, v)| vec![(*t).to_owned(), (*v).to_owned()])
            .collect();
        let two = [SumRow { dims: vec!["河口乡".into(), "小计".into()], ..sum("x", vec![13.0], 4) }];
        assert_eq!(group_of(0, &two, &dims2, &cells), [2, 3]);
    }
}
