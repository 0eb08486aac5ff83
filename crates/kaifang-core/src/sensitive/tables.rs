//! Statistics tables: a cell that counts 1 or 2 people names them. The clerk
//! marks a dataset as a table (dimension columns label the rows, value columns
//! hold the counts; a 合计 row and a 合计 column are the totals). Then:
//!
//! * primary suppression: the frequency rule, every count above 0 and below the
//!   threshold (3 by default, as statistics offices use);
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
//! Limits: one totals row and one totals column; subtotal rows are read as
//! ordinary rows; a total that is itself suppressed drops its equation.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::lp::{maximize, Lp};
use super::SensitiveError;
use crate::audit::Actor;
use crate::clock::now_rfc3339;
use crate::lifecycle::{self, DatasetId, Edit};
use crate::workspace::Workspace;

/// The frequency rule's default: counts below 3 are suppressed.
pub const DEFAULT_THRESHOLD: u64 = 3;

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
}

/// One cell of the table, by its row label and column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TableCell {
    pub row: String,
    pub column: String,
    pub value: f64,
}

/// A suppressed cell's feasible range given what is published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CellRange {
    pub row: String,
    pub column: String,
    pub min: f64,
    /// `None`: no published total bounds it.
    pub max: Option<f64>,
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

/// The table as numbers: interior cells, the row totals (the 合计 column) and
/// the column totals (the 合计 row).
#[derive(Debug, Clone)]
pub struct Grid {
    pub cells: Vec<Vec<f64>>,
    pub row_totals: Option<Vec<f64>>,
    pub col_totals: Option<Vec<f64>>,
}

/// Which cells are suppressed: interior, and the totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Hidden {
    pub cells: Vec<Vec<bool>>,
    pub row_totals: Vec<bool>,
    pub col_totals: Vec<bool>,
}

impl Grid {
    fn rows(&self) -> usize {
        self.cells.len()
    }

    fn cols(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }

    /// The frequency rule on every cell, totals too.
    pub fn primary(&self, threshold: u64) -> Hidden {
        let small = |v: f64| v > 0.0 && v < threshold as f64;
        Hidden {
            cells: self.cells.iter().map(|r| r.iter().map(|&v| small(v)).collect()).collect(),
            row_totals: self
                .row_totals
                .as_ref()
                .map_or_else(|| vec![false; self.rows()], |t| t.iter().map(|&v| small(v)).collect()),
            col_totals: self
                .col_totals
                .as_ref()
                .map_or_else(|| vec![false; self.cols()], |t| t.iter().map(|&v| small(v)).collect()),
        }
    }

    /// The equations a reader can write: (cells, published right-hand side).
    fn equations(&self, h: &Hidden) -> Vec<(Vec<(usize, usize)>, f64)> {
        let mut eqs = Vec::new();
        if let Some(t) = &self.row_totals {
            for (r, total) in t.iter().enumerate() {
                if h.row_totals[r] {
                    continue;
                }
                let hidden: Vec<(usize, usize)> = (0..self.cols()).filter(|&c| h.cells[r][c]).map(|c| (r, c)).collect();
                let shown: f64 = (0..self.cols()).filter(|&c| !h.cells[r][c]).map(|c| self.cells[r][c]).sum();
                if !hidden.is_empty() {
                    eqs.push((hidden, total - shown));
                }
            }
        }
        if let Some(t) = &self.col_totals {
            for (c, total) in t.iter().enumerate() {
                if h.col_totals[c] {
                    continue;
                }
                let hidden: Vec<(usize, usize)> = (0..self.rows()).filter(|&r| h.cells[r][c]).map(|r| (r, c)).collect();
                let shown: f64 = (0..self.rows()).filter(|&r| !h.cells[r][c]).map(|r| self.cells[r][c]).sum();
                if !hidden.is_empty() {
                    eqs.push((hidden, total - shown));
                }
            }
        }
        eqs
    }

    /// Each suppressed interior cell's feasible range (min, max; `None` when
    /// unbounded), in row-major order.
    pub fn ranges(&self, h: &Hidden) -> Vec<((usize, usize), f64, Option<f64>)> {
        let vars: Vec<(usize, usize)> = (0..self.rows())
            .flat_map(|r| (0..self.cols()).map(move |c| (r, c)))
            .filter(|&(r, c)| h.cells[r][c])
            .collect();
        let eqs = self.equations(h);
        let a: Vec<Vec<f64>> = eqs
            .iter()
            .map(|(cells, _)| vars.iter().map(|v| if cells.contains(v) { 1.0 } else { 0.0 }).collect())
            .collect();
        let b: Vec<f64> = eqs.iter().map(|(_, rhs)| *rhs).collect();
        vars.iter()
            .enumerate()
            .map(|(i, &cell)| {
                let mut c = vec![0.0; vars.len()];
                c[i] = 1.0;
                let max = match maximize(&a, &b, &c) {
                    Lp::Optimal(v) => Some(v),
                    _ => None,
                };
                c[i] = -1.0;
                let min = match maximize(&a, &b, &c) {
                    Lp::Optimal(v) => -v,
                    _ => 0.0,
                };
                // Simplex arithmetic leaves tiny errors (and -0): figures as a reader reads them.
                let tidy = |x: f64| (x * 1e6).round() / 1e6 + 0.0;
                (cell, tidy(min.max(0.0)), max.map(tidy))
            })
            .collect()
    }

    /// Secondary suppression until every range is at least `min_width` wide.
    pub fn protect(&self, h: &mut Hidden, min_width: f64) {
        for _ in 0..(self.rows() * self.cols() + 1) {
            self.close_lines(h);
            let narrow: Vec<(usize, usize)> = self
                .ranges(h)
                .into_iter()
                .filter(|(_, min, max)| max.is_some_and(|m| m - min < min_width - 1e-9))
                .map(|(cell, _, _)| cell)
                .collect();
            let Some(&(r, c)) = narrow.first() else { return };
            // One more complement beside the narrowest: in its row, else its column.
            if !self.complement_in_row(h, r) && !self.complement_in_col(h, c) {
                return;
            }
        }
    }

    /// No published total over a single suppressed cell.
    fn close_lines(&self, h: &mut Hidden) {
        loop {
            let mut changed = false;
            if self.row_totals.is_some() {
                for r in 0..self.rows() {
                    let n = h.cells[r].iter().filter(|&&x| x).count();
                    if n == 1 && !h.row_totals[r] {
                        changed |= self.complement_in_row(h, r);
                    }
                }
            }
            if self.col_totals.is_some() {
                for c in 0..self.cols() {
                    let n = (0..self.rows()).filter(|&r| h.cells[r][c]).count();
                    if n == 1 && !h.col_totals[c] {
                        changed |= self.complement_in_col(h, c);
                    }
                }
            }
            if !changed {
                return;
            }
        }
    }

    /// Suppresses one more cell of row `r`: where its column has suppressed
    /// cells already (closing a rectangle), then the smallest non-zero value.
    fn complement_in_row(&self, h: &mut Hidden, r: usize) -> bool {
        let col_has = |h: &Hidden, c: usize| (0..self.rows()).any(|i| h.cells[i][c]);
        let best = (0..self.cols()).filter(|&c| !h.cells[r][c] && self.cells[r][c] > 0.0).min_by(|&a, &b| {
            (!col_has(h, a), self.cells[r][a])
                .partial_cmp(&(!col_has(h, b), self.cells[r][b]))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        match best {
            Some(c) => {
                h.cells[r][c] = true;
                true
            }
            None => false,
        }
    }

    fn complement_in_col(&self, h: &mut Hidden, c: usize) -> bool {
        let row_has = |h: &Hidden, r: usize| h.cells[r].iter().any(|&x| x);
        let best = (0..self.rows()).filter(|&r| !h.cells[r][c] && self.cells[r][c] > 0.0).min_by(|&a, &b| {
            (!row_has(h, a), self.cells[a][c])
                .partial_cmp(&(!row_has(h, b), self.cells[b][c]))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        match best {
            Some(r) => {
                h.cells[r][c] = true;
                true
            }
            None => false,
        }
    }
}

fn is_total_label(v: &str) -> bool {
    let v = v.trim();
    ["合计", "总计", "小计", "总数", "全县合计", "全县"].iter().any(|w| v == *w || v.starts_with(w))
}

fn number(v: &str) -> f64 {
    v.trim().replace(',', "").parse::<f64>().ok().filter(|x| x.is_finite()).unwrap_or(0.0)
}

/// The table of a dataset's latest version, read with `spec`: the grid, the
/// row labels, the interior and total column names, each grid row's data row
/// id, the totals row's id and label, and the positions of the columns.
struct Read {
    grid: Grid,
    labels: Vec<String>,
    columns: Vec<String>,
    row_ids: Vec<i64>,
    total_row: Option<(i64, String)>,
    total_column: Option<String>,
    positions: Vec<usize>,
    total_position: Option<usize>,
}

fn read(conn: &Connection, dataset: DatasetId, spec: &TableSpec) -> Result<Read, SensitiveError> {
    let v = super::version(conn, dataset)?;
    let pos = |n: &String| super::disclosure::position_of(&v, dataset, n);
    let dims: Vec<usize> = spec.dimensions.iter().map(pos).collect::<Result<_, _>>()?;
    let values: Vec<usize> = spec.values.iter().map(pos).collect::<Result<_, _>>()?;
    let total_position = values.iter().copied().find(|&p| is_total_label(&v.names[p]));
    let positions: Vec<usize> = values.iter().copied().filter(|p| Some(*p) != total_position).collect();
    let all: Vec<usize> = dims.iter().chain(&values).copied().collect();
    let list: Vec<String> = all.iter().map(|&c| crate::dataset::col(c)).collect();
    let mut stmt = conn.prepare(&format!("SELECT _row, {} FROM {} ORDER BY _row", list.join(", "), v.table))?;
    let mut rows = stmt.query([])?;
    let (mut cells, mut totals, mut labels, mut row_ids) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut total_row: Option<(i64, String, Vec<f64>)> = None;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let text = |i: usize| -> String {
            r.get_ref(i + 1).ok().and_then(|v| v.as_str_or_null().ok().flatten()).unwrap_or("").to_owned()
        };
        let dim_values: Vec<String> = (0..dims.len()).map(text).collect();
        let label = dim_values.join(" / ");
        let at = |p: usize| dims.len() + values.iter().position(|&x| x == p).unwrap_or(0);
        let row: Vec<f64> = positions.iter().map(|&p| number(&text(at(p)))).collect();
        if dim_values.iter().any(|d| is_total_label(d)) {
            if total_row.is_none() {
                total_row = Some((id, label, row));
            }
            continue;
        }
        totals.push(total_position.map(|p| number(&text(at(p)))).unwrap_or(0.0));
        cells.push(row);
        labels.push(label);
        row_ids.push(id);
    }
    let grid = Grid {
        cells,
        row_totals: total_position.map(|_| totals),
        col_totals: total_row.as_ref().map(|(_, _, t)| t.clone()),
    };
    Ok(Read {
        grid,
        labels,
        columns: positions.iter().map(|&p| v.names[p].clone()).collect(),
        row_ids,
        total_row: total_row.map(|(id, label, _)| (id, label)),
        total_column: total_position.map(|p| v.names[p].clone()),
        positions,
        total_position,
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
/// the hidden map with the data rows and positions to store.
fn compute(
    conn: &Connection,
    dataset: DatasetId,
    spec: &TableSpec,
) -> Result<(SuppressionReport, Vec<(i64, usize)>), SensitiveError> {
    let t = read(conn, dataset, spec)?;
    let carried_keys = carried_cells(conn, dataset, spec)?;
    let primary = t.grid.primary(spec.threshold);
    let mut h = primary.clone();
    let mut carried = Vec::new();
    for (r, label) in t.labels.iter().enumerate() {
        for (c, name) in t.columns.iter().enumerate() {
            if carried_keys.contains(&(label.clone(), name.clone())) && !h.cells[r][c] {
                h.cells[r][c] = true;
                carried.push(TableCell { row: label.clone(), column: name.clone(), value: t.grid.cells[r][c] });
            }
        }
    }
    let forced = h.clone();
    t.grid.protect(&mut h, spec.min_width);
    let cell = |r: usize, c: usize| TableCell {
        row: t.labels[r].clone(),
        column: t.columns[c].clone(),
        value: t.grid.cells[r][c],
    };
    let mut first = Vec::new();
    let mut secondary = Vec::new();
    let mut store = Vec::new();
    for r in 0..t.grid.rows() {
        for c in 0..t.grid.cols() {
            if primary.cells[r][c] {
                first.push(cell(r, c));
            } else if h.cells[r][c] && !forced.cells[r][c] {
                secondary.push(cell(r, c));
            }
            if h.cells[r][c] {
                store.push((t.row_ids[r], t.positions[c]));
            }
        }
        if h.row_totals[r] {
            if let (Some(p), Some(name)) = (t.total_position, &t.total_column) {
                store.push((t.row_ids[r], p));
                let value = t.grid.row_totals.as_ref().map_or(0.0, |v| v[r]);
                first.push(TableCell { row: t.labels[r].clone(), column: name.clone(), value });
            }
        }
    }
    if let Some((id, label)) = &t.total_row {
        for c in 0..t.grid.cols() {
            if h.col_totals[c] {
                store.push((*id, t.positions[c]));
                let value = t.grid.col_totals.as_ref().map_or(0.0, |v| v[c]);
                first.push(TableCell { row: label.clone(), column: t.columns[c].clone(), value });
            }
        }
    }
    let ranges: Vec<CellRange> = t
        .grid
        .ranges(&h)
        .into_iter()
        .map(|((r, c), min, max)| CellRange {
            row: t.labels[r].clone(),
            column: t.columns[c].clone(),
            min,
            max,
            wide_enough: max.is_none_or(|m| m - min >= spec.min_width - 1e-9),
        })
        .collect();
    let report = SuppressionReport {
        dataset: dataset.0,
        spec: spec.clone(),
        primary: first,
        carried,
        secondary,
        protected: ranges.iter().all(|r| r.wide_enough),
        ranges,
        total_row: t.total_row.map(|(_, l)| l),
        total_column: t.total_column,
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
        tx.execute(
            "INSERT INTO stat_tables (version_id, spec, set_by, set_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(version_id) DO UPDATE SET spec = excluded.spec, set_by = excluded.set_by, set_at = excluded.set_at",
            params![v.id, serde_json::to_string(spec).unwrap_or_default(), actor.name, now_rfc3339()],
        )?;
        let detail = serde_json::json!({
            "threshold": spec.threshold,
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
    tx.execute(
        "INSERT INTO stat_tables (version_id, spec, set_by, set_at) SELECT ?1, spec, set_by, set_at FROM stat_tables WHERE version_id = ?2",
        params![version_id, previous],
    )?;
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

    /// 村 × 类别, with a 合计 column and a 合计 row:
    ///
    /// |      | A  | B  | C  | 合计 |
    /// |------|----|----|----|------|
    /// | 东村 | 10 |  2 |  8 |  20  |
    /// | 西村 |  7 |  9 |  6 |  22  |
    /// | 南村 |  5 |  4 | 11 |  20  |
    /// | 合计 | 22 | 15 | 25 |  62  |
    fn table() -> Grid {
        Grid {
            cells: vec![vec![10.0, 2.0, 8.0], vec![7.0, 9.0, 6.0], vec![5.0, 4.0, 11.0]],
            row_totals: Some(vec![20.0, 22.0, 20.0]),
            col_totals: Some(vec![22.0, 15.0, 25.0]),
        }
    }

    #[test]
    fn naive_primary_suppression_is_undone_by_the_totals() {
        // Only 东村 B (2 < 3) suppressed: 20 - 10 - 8 = 2 exactly, and 15 - 9 - 4 = 2.
        let g = table();
        let h = g.primary(3);
        assert_eq!(h.cells, vec![vec![false, true, false], vec![false; 3], vec![false; 3]]);
        assert_eq!(g.ranges(&h), vec![((0, 1), 2.0, Some(2.0))], "the feasible range is one value: disclosed");
    }

    #[test]
    fn secondary_suppression_closes_a_rectangle_and_the_ranges_prove_it() {
        // Row 东村 needs a partner: C (8; no column has one yet, smallest after
        // 2). Column B needs one: 南村 (4 < 9). Row 南村 then needs one: C (11),
        // preferred to A (5) because column C already has one. Every line now
        // has two: 东B + 东C = 10, 南B + 南C = 15, 东B + 南B = 6, 东C + 南C = 19.
        // With 东B = t: 东C = 10 - t, 南B = 6 - t, 南C = 9 + t, and all ≥ 0 for
        // t in [0, 6]: 东B ∈ [0, 6], 东C ∈ [4, 10], 南B ∈ [0, 6], 南C ∈ [9, 15].
        let g = table();
        let mut h = g.primary(3);
        g.protect(&mut h, 3.0);
        assert_eq!(h.cells, vec![vec![false, true, true], vec![false; 3], vec![false, true, true]]);
        let ranges: Vec<((usize, usize), f64, Option<f64>)> =
            g.ranges(&h).into_iter().map(|(c, lo, hi)| (c, lo.round(), hi.map(f64::round))).collect();
        assert_eq!(
            ranges,
            vec![
                ((0, 1), 0.0, Some(6.0)),
                ((0, 2), 4.0, Some(10.0)),
                ((2, 1), 0.0, Some(6.0)),
                ((2, 2), 9.0, Some(15.0))
            ]
        );
        // Asking for a wider protection than 6 adds cells until it holds.
        let mut wide = g.primary(3);
        g.protect(&mut wide, 8.0);
        assert!(g.ranges(&wide).iter().all(|(_, lo, hi)| hi.is_none_or(|h| h - lo >= 8.0 - 1e-9)));
        assert!(wide.cells.iter().flatten().filter(|x| **x).count() > 4);
    }

    #[test]
    fn without_totals_nothing_can_be_recomputed() {
        let g = Grid { row_totals: None, col_totals: None, ..table() };
        let mut h = g.primary(3);
        g.protect(&mut h, 3.0);
        assert_eq!(h.cells.iter().flatten().filter(|x| **x).count(), 1, "the small cell alone");
        assert_eq!(g.ranges(&h), vec![((0, 1), 0.0, None)]);
    }
}
