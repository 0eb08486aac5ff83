//! A statistics table as numbers, and the arithmetic a reader can do on it:
//! the primary rules on every cell (frequency; for value tables, dominance),
//! the equations the published totals give, each suppressed cell's feasible
//! range by linear programming (lp.rs), and secondary suppression until every
//! range is wide enough. No database here: `tables` reads a dataset into a
//! [`Grid`] and stores what this decides.

use super::lp::{maximize, Lp};
use super::tables::{CellRule, Dominance};

/// The table as numbers: interior cells; each row's total (the 合计 column),
/// when the table has one; and the rows that sum other rows (the 合计 row and
/// subtotals such as 城关镇小计), each with the interior rows it sums.
#[derive(Debug, Clone)]
pub struct Grid {
    pub cells: Vec<Vec<f64>>,
    pub row_totals: Option<Vec<f64>>,
    pub sums: Vec<RowSum>,
}

/// A published row that is the sum of interior rows: its cells, and its own
/// total in the 合计 column when the table has one.
#[derive(Debug, Clone)]
pub struct RowSum {
    pub rows: Vec<usize>,
    pub cells: Vec<f64>,
    pub total: Option<f64>,
}

impl RowSum {
    /// The grand total of `n` interior rows.
    pub fn all(n: usize, cells: Vec<f64>, total: Option<f64>) -> Self {
        RowSum { rows: (0..n).collect(), cells, total }
    }
}

/// A cell of the table: interior, a row's total, a sum row's cell, a sum row's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum At {
    In(usize, usize),
    RowTotal(usize),
    Sum(usize, usize),
    SumTotal(usize),
}

/// Which cells are suppressed, by kind as in [`At`].
#[derive(Debug, Clone, PartialEq)]
pub struct Hidden {
    pub cells: Vec<Vec<bool>>,
    pub row_totals: Vec<bool>,
    pub sums: Vec<Vec<bool>>,
    pub sum_totals: Vec<bool>,
}

impl Hidden {
    pub fn get(&self, at: At) -> bool {
        match at {
            At::In(r, c) => self.cells[r][c],
            At::RowTotal(r) => self.row_totals[r],
            At::Sum(s, c) => self.sums[s][c],
            At::SumTotal(s) => self.sum_totals[s],
        }
    }

    pub(super) fn set(&mut self, at: At) {
        *match at {
            At::In(r, c) => &mut self.cells[r][c],
            At::RowTotal(r) => &mut self.row_totals[r],
            At::Sum(s, c) => &mut self.sums[s][c],
            At::SumTotal(s) => &mut self.sum_totals[s],
        } = true;
    }
}

/// One thing a reader knows: the cells with coefficient +1 add up to the one
/// with coefficient −1 (a row to its total, rows to their subtotal).
type Equation = Vec<(At, f64)>;

impl Grid {
    pub(super) fn rows(&self) -> usize {
        self.cells.len()
    }

    pub(super) fn cols(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }

    fn none_hidden(&self) -> Hidden {
        Hidden {
            cells: vec![vec![false; self.cols()]; self.rows()],
            row_totals: vec![false; self.rows()],
            sums: vec![vec![false; self.cols()]; self.sums.len()],
            sum_totals: vec![false; self.sums.len()],
        }
    }

    pub fn value(&self, at: At) -> f64 {
        match at {
            At::In(r, c) => self.cells[r][c],
            At::RowTotal(r) => self.row_totals.as_ref().map_or(0.0, |t| t[r]),
            At::Sum(s, c) => self.sums[s].cells[c],
            At::SumTotal(s) => self.sums[s].total.unwrap_or(0.0),
        }
    }

    /// The frequency rule on every cell, totals too (a table of counts).
    pub fn primary(&self, threshold: u64) -> Hidden {
        let none = vec![vec![None; self.cols()]; self.rows()];
        self.sensitive(threshold, None, &none).hidden
    }

    /// The primary rules on every cell, totals too. `who[r][c]` names a cell's
    /// contributors where its column is a value column that has them: the
    /// frequency rule then counts them instead of reading the value, and the
    /// dominance rule applies. A total's contributors are its cells'.
    pub fn sensitive(
        &self,
        threshold: u64,
        dominance: Option<Dominance>,
        who: &[Vec<Option<Contributors>>],
    ) -> Sensitivity {
        let n = dominance.map_or(1, |d| d.n as usize);
        let mut s = Sensitivity { hidden: self.none_hidden(), rules: Vec::new(), above: Vec::new() };
        let together = |cells: Vec<Option<&Contributors>>| -> Option<Contributors> {
            let all: Option<Vec<&Contributors>> = cells.into_iter().collect();
            all.filter(|a| !a.is_empty()).map(|a| Contributors::together(&a, n))
        };
        let mut judged = Vec::new();
        for (r, row) in who.iter().enumerate().take(self.rows()) {
            judged.extend(row.iter().take(self.cols()).enumerate().map(|(c, x)| (At::In(r, c), x.clone())));
            if self.row_totals.is_some() {
                judged.push((At::RowTotal(r), together(row.iter().map(Option::as_ref).collect())));
            }
        }
        for (i, sum) in self.sums.iter().enumerate() {
            judged.extend(
                (0..self.cols())
                    .map(|c| (At::Sum(i, c), together(sum.rows.iter().map(|&r| who[r][c].as_ref()).collect()))),
            );
            if sum.total.is_some() {
                let all = sum.rows.iter().flat_map(|&r| who[r].iter().map(Option::as_ref)).collect();
                judged.push((At::SumTotal(i), together(all)));
            }
        }
        for (at, contributors) in judged {
            let (rule, above) = judge(self.value(at), contributors.as_ref(), threshold, dominance);
            if let Some(rule) = rule {
                s.hidden.set(at);
                s.rules.push((at, rule));
                s.above.push((at, above));
            }
        }
        s
    }

    /// Everything a reader can write down from the published table.
    fn equations(&self) -> Vec<Equation> {
        let mut eqs = Vec::new();
        if self.row_totals.is_some() {
            for r in 0..self.rows() {
                let mut e: Equation = (0..self.cols()).map(|c| (At::In(r, c), 1.0)).collect();
                e.push((At::RowTotal(r), -1.0));
                eqs.push(e);
            }
        }
        for (i, sum) in self.sums.iter().enumerate() {
            for c in 0..self.cols() {
                let mut e: Equation = sum.rows.iter().map(|&r| (At::In(r, c), 1.0)).collect();
                e.push((At::Sum(i, c), -1.0));
                eqs.push(e);
            }
            if sum.total.is_some() {
                let mut e: Equation = (0..self.cols()).map(|c| (At::Sum(i, c), 1.0)).collect();
                e.push((At::SumTotal(i), -1.0));
                eqs.push(e);
                // Implied by the others, and the line a suppressed row total is in.
                if self.row_totals.is_some() {
                    let mut e: Equation = sum.rows.iter().map(|&r| (At::RowTotal(r), 1.0)).collect();
                    e.push((At::SumTotal(i), -1.0));
                    eqs.push(e);
                }
            }
        }
        eqs
    }

    /// Every suppressed cell, interior ones first (row-major), then the totals.
    fn hidden_cells(&self, h: &Hidden) -> Vec<At> {
        let mut v: Vec<At> = (0..self.rows())
            .flat_map(|r| (0..self.cols()).map(move |c| At::In(r, c)))
            .chain((0..self.rows()).map(At::RowTotal))
            .chain((0..self.sums.len()).flat_map(|s| (0..self.cols()).map(move |c| At::Sum(s, c))))
            .chain((0..self.sums.len()).map(At::SumTotal))
            .filter(|&at| h.get(at))
            .collect();
        v.dedup();
        v
    }

    /// Each suppressed cell's feasible range (min, max; `None` when
    /// unbounded), interior cells first in row-major order, then the totals.
    pub fn ranges(&self, h: &Hidden) -> Vec<(At, f64, Option<f64>)> {
        let vars = self.hidden_cells(h);
        let index = |at: At| vars.iter().position(|&v| v == at);
        let mut a = Vec::new();
        let mut b = Vec::new();
        for e in self.equations() {
            let mut line = vec![0.0; vars.len()];
            let mut rhs = 0.0;
            for &(at, coeff) in &e {
                match index(at) {
                    Some(i) => line[i] += coeff,
                    None => rhs -= coeff * self.value(at),
                }
            }
            if line.iter().any(|x| *x != 0.0) {
                a.push(line);
                b.push(rhs);
            }
        }
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
        self.protect_with(h, |_, min, max| max.is_none_or(|m| m - min >= min_width - 1e-9));
    }

    /// Secondary suppression until `enough(cell, min, max)` holds for every
    /// suppressed cell's range.
    pub fn protect_with(&self, h: &mut Hidden, enough: impl Fn(At, f64, Option<f64>) -> bool) {
        let eqs = self.equations();
        for _ in 0..(self.rows() + self.sums.len() + 1) * (self.cols() + 1) {
            self.close_lines(&eqs, h);
            let narrow: Vec<At> = self
                .ranges(h)
                .into_iter()
                .filter(|&(cell, min, max)| !enough(cell, min, max))
                .map(|(c, _, _)| c)
                .collect();
            let Some(&cell) = narrow.first() else { return };
            // One more complement beside the narrowest, in the first of its lines
            // that has an interior cell left, else a total.
            let lines: Vec<&Equation> = eqs.iter().filter(|e| e.iter().any(|(at, _)| *at == cell)).collect();
            if !lines.iter().any(|e| self.complement(&eqs, h, e, true))
                && !lines.iter().any(|e| self.complement(&eqs, h, e, false))
            {
                return;
            }
        }
    }

    /// No published total over a single suppressed cell.
    fn close_lines(&self, eqs: &[Equation], h: &mut Hidden) {
        loop {
            let mut changed = false;
            for e in eqs {
                if e.iter().filter(|(at, _)| h.get(*at)).count() == 1 {
                    changed |= self.complement(eqs, h, e, false);
                }
            }
            if !changed {
                return;
            }
        }
    }

    /// Suppresses one more cell of the line `e` (only an interior one with
    /// `interior`): an interior cell before a total; where another of its
    /// lines has suppressed cells already (closing a rectangle); then the
    /// smallest non-zero value.
    fn complement(&self, eqs: &[Equation], h: &mut Hidden, e: &Equation, interior: bool) -> bool {
        let crosses = |h: &Hidden, at: At| {
            eqs.iter().any(|other| {
                !std::ptr::eq(other, e)
                    && other.iter().any(|(x, _)| *x == at)
                    && other.iter().any(|(x, _)| *x != at && h.get(*x))
            })
        };
        let best = e
            .iter()
            .map(|(at, _)| *at)
            .filter(|&at| !h.get(at) && self.value(at) > 0.0 && (!interior || matches!(at, At::In(..))))
            .min_by(|&a, &b| {
                let key = |at: At| (!matches!(at, At::In(..)), !crosses(h, at), self.value(at));
                key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal)
            });
        match best {
            Some(at) => {
                h.set(at);
                true
            }
            None => false,
        }
    }
}

/// A cell's contributors, where a value table names them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contributors {
    /// How many there are, when a count column is named.
    pub count: Option<f64>,
    /// The largest contributions, largest first.
    pub top: Vec<f64>,
}

impl Contributors {
    pub fn new(count: Option<f64>, mut top: Vec<f64>) -> Self {
        top.sort_by(|a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
        Contributors { count, top }
    }

    /// A total's contributors: its cells' together, each contributor being in
    /// one cell; the `n` largest are kept.
    fn together(cells: &[&Contributors], n: usize) -> Contributors {
        let count = cells.iter().map(|c| c.count).sum::<Option<f64>>();
        let mut top: Vec<f64> = cells.iter().flat_map(|c| c.top.iter().copied()).collect();
        top.sort_by(|a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
        top.truncate(n);
        Contributors { count, top }
    }
}

/// The primary rules' outcome: which cells, why, and how far above its value
/// each dominant cell's range must reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub hidden: Hidden,
    pub rules: Vec<(At, CellRule)>,
    pub above: Vec<(At, f64)>,
}

impl Sensitivity {
    pub fn rule(&self, at: At) -> Option<CellRule> {
        self.rules.iter().find(|(x, _)| *x == at).map(|(_, r)| *r)
    }

    /// A dominant cell's protection level.
    pub fn needs_above(&self, at: At) -> Option<f64> {
        (self.rule(at) == Some(CellRule::Dominance))
            .then(|| self.above.iter().find(|(x, _)| *x == at).map_or(0.0, |(_, a)| *a))
    }
}

/// One cell against the rules: the rule that makes it sensitive, and for the
/// dominance rule its protection level, (100 / k) × (n largest) − value.
fn judge(
    value: f64,
    who: Option<&Contributors>,
    threshold: u64,
    dominance: Option<Dominance>,
) -> (Option<CellRule>, f64) {
    let small = |v: f64| v > 0.0 && v < threshold as f64;
    let Some(who) = who else { return (small(value).then_some(CellRule::Frequency), 0.0) };
    if who.count.is_some_and(small) {
        return (Some(CellRule::Frequency), 0.0);
    }
    if let Some(d) = dominance {
        let largest: f64 = who.top.iter().take(d.n as usize).sum();
        if value > 0.0 && largest * 100.0 > d.k * value + 1e-9 {
            return (Some(CellRule::Dominance), largest * 100.0 / d.k - value);
        }
    }
    (None, 0.0)
}

#[cfg(test)]
mod tests {
    use super::super::tables::DEFAULT_DOMINANCE;
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
            sums: vec![RowSum::all(3, vec![22.0, 15.0, 25.0], Some(62.0))],
        }
    }

    fn rounded(g: &Grid, h: &Hidden) -> Vec<(At, f64, Option<f64>)> {
        g.ranges(h).into_iter().map(|(c, lo, hi)| (c, lo.round(), hi.map(f64::round))).collect()
    }

    #[test]
    fn naive_primary_suppression_is_undone_by_the_totals() {
        // Only 东村 B (2 < 3) suppressed: 20 - 10 - 8 = 2 exactly, and 15 - 9 - 4 = 2.
        let g = table();
        let h = g.primary(3);
        assert_eq!(h.cells, vec![vec![false, true, false], vec![false; 3], vec![false; 3]]);
        assert_eq!(g.ranges(&h), vec![(At::In(0, 1), 2.0, Some(2.0))], "the feasible range is one value: disclosed");
    }

    #[test]
    fn secondary_suppression_closes_a_rectangle_and_the_ranges_prove_it() {
        // Row 东村 needs a partner: C (8; no column has one yet, smallest after
        // 2). Column B needs one: 南村 (4 < 9). Column C then needs one: 南村
        // (11), preferred to 西村 (6) because row 南村 already has one. Every
        // line now has two: 东B + 东C = 10, 南B + 南C = 15, 东B + 南B = 6, 东C + 南C = 19.
        // With 东B = t: 东C = 10 - t, 南B = 6 - t, 南C = 9 + t, and all ≥ 0 for
        // t in [0, 6]: 东B ∈ [0, 6], 东C ∈ [4, 10], 南B ∈ [0, 6], 南C ∈ [9, 15].
        let g = table();
        let mut h = g.primary(3);
        g.protect(&mut h, 3.0);
        assert_eq!(h.cells, vec![vec![false, true, true], vec![false; 3], vec![false, true, true]]);
        assert_eq!(
            rounded(&g, &h),
            vec![
                (At::In(0, 1), 0.0, Some(6.0)),
                (At::In(0, 2), 4.0, Some(10.0)),
                (At::In(2, 1), 0.0, Some(6.0)),
                (At::In(2, 2), 9.0, Some(15.0))
            ]
        );
        // Asking for a wider protection than 6 adds cells until it holds.
        let mut wide = g.primary(3);
        g.protect(&mut wide, 8.0);
        assert!(
            g.ranges(&wide).iter().all(|(_, lo, hi)| hi.is_none_or(|h| h - lo >= 8.0 - 1e-9)),
            "{:?} {:?}",
            wide,
            g.ranges(&wide)
        );
        assert!(wide.cells.iter().flatten().filter(|x| **x).count() > 4);
    }

    #[test]
    fn without_totals_nothing_can_be_recomputed() {
        let g = Grid { row_totals: None, sums: Vec::new(), ..table() };
        let mut h = g.primary(3);
        g.protect(&mut h, 3.0);
        assert_eq!(h.cells.iter().flatten().filter(|x| **x).count(), 1, "the small cell alone");
        assert_eq!(g.ranges(&h), vec![(At::In(0, 1), 0.0, None)]);
    }

    /// Two towns with their villages, a 小计 under each town and a 合计 row,
    /// one count column:
    ///
    /// | 村        | 人数 |
    /// |-----------|------|
    /// | 东村      |  2   |
    /// | 西村      |  9   |
    /// | 城关镇小计 | 11   |
    /// | 南村      |  6   |
    /// | 北村      |  7   |
    /// | 河口乡小计 | 13   |
    /// | 合计      | 24   |
    fn towns() -> Grid {
        Grid {
            cells: vec![vec![2.0], vec![9.0], vec![6.0], vec![7.0]],
            row_totals: None,
            sums: vec![
                RowSum { rows: vec![0, 1], cells: vec![11.0], total: None },
                RowSum { rows: vec![2, 3], cells: vec![13.0], total: None },
                RowSum::all(4, vec![24.0], None),
            ],
        }
    }

    #[test]
    fn a_subtotal_is_a_total_too() {
        // 东村 (2) alone: 城关镇小计 − 西村 = 2 gives it away, and so does the
        // 合计 − everything else. Its complement is 西村, in the subtotal's
        // line (the only other cell there): then 东村 + 西村 = 11, and the
        // 合计 line says the same, so 东村 ∈ [2, 11] — wide enough.
        let g = towns();
        let h = g.primary(3);
        assert_eq!(rounded(&g, &h), vec![(At::In(0, 0), 2.0, Some(2.0))], "disclosed by the subtotal");
        let mut h = g.primary(3);
        g.protect(&mut h, 3.0);
        assert_eq!(h.cells, vec![vec![true], vec![true], vec![false], vec![false]]);
        assert_eq!(rounded(&g, &h), vec![(At::In(0, 0), 0.0, Some(11.0)), (At::In(1, 0), 0.0, Some(11.0))]);
        // A subtotal that is itself small is suppressed, and the grand total
        // still protects its parts: 城关镇 = 2 + 0 = 2 < 3.
        let g = Grid { cells: vec![vec![2.0], vec![0.0], vec![6.0], vec![7.0]], ..towns() };
        let g = Grid {
            sums: vec![
                RowSum { rows: vec![0, 1], cells: vec![2.0], total: None },
                RowSum { rows: vec![2, 3], cells: vec![13.0], total: None },
                RowSum::all(4, vec![15.0], None),
            ],
            ..g
        };
        let mut h = g.primary(3);
        assert!(h.get(At::In(0, 0)) && h.get(At::Sum(0, 0)));
        g.protect(&mut h, 3.0);
        // The 合计 line has 东村 alone: its complement is 南村 (the smallest
        // above 0; 西村 is 0), and the 河口乡 line then needs 北村. Yet
        // 合计 − 河口乡小计 = 东村 + 西村 = 2 still gives 东村 away, so the
        // 合计 itself is suppressed.
        assert!(g.ranges(&h).iter().all(|(_, lo, hi)| hi.is_none_or(|m| m - lo >= 3.0 - 1e-9)), "{:?}", g.ranges(&h));
        assert!(h.get(At::In(2, 0)) && h.get(At::In(3, 0)) && h.get(At::Sum(2, 0)));
    }

    /// 营业收入 (万元) by 镇 × 行业, with each cell's contributors: how many
    /// firms, and the two largest contributions.
    ///
    /// |      | 工业                  | 服务业                | 合计 |
    /// |------|-----------------------|-----------------------|------|
    /// | 东镇 | 100 (4 firms; 90, 5)  | 40 (6 firms; 10, 8)   | 140  |
    /// | 西镇 | 60 (5 firms; 20, 15)  | 50 (`n` firms; 30, 12)| 110  |
    /// | 合计 | 160                   | 90                    | 250  |
    fn value_table(n: f64) -> (Grid, Vec<Vec<Option<Contributors>>>) {
        let g = Grid {
            cells: vec![vec![100.0, 40.0], vec![60.0, 50.0]],
            row_totals: Some(vec![140.0, 110.0]),
            sums: vec![RowSum::all(2, vec![160.0, 90.0], Some(250.0))],
        };
        let c = |count: f64, a: f64, b: f64| Some(Contributors::new(Some(count), vec![b, a]));
        (g, vec![vec![c(4.0, 90.0, 5.0), c(6.0, 10.0, 8.0)], vec![c(5.0, 20.0, 15.0), c(n, 30.0, 12.0)]])
    }

    #[test]
    fn the_dominance_rule_finds_a_cell_one_firm_makes_and_asks_its_protection_level() {
        // (2, 85): 东镇 工业: 90 + 5 = 95 > 85 % of 100 → dominant; its
        // protection level is 95 × 100 / 85 − 100 = 11.76. 东镇 服务业: 18 of 40
        // (45 %); 西镇 工业: 35 of 60 (58 %); 西镇 服务业: 42 of 50 (84 %, just
        // under). The totals' two largest: 工业 90 + 20 = 110 of 160 (69 %),
        // 服务业 30 + 12 of 90, 东镇 90 + 10 of 140, 西镇 30 + 20 of 110, all
        // 90 + 30 of 250: none. Every cell has 3 firms or more: no frequency rule.
        let (g, who) = value_table(3.0);
        let s = g.sensitive(3, Some(DEFAULT_DOMINANCE), &who);
        assert_eq!(s.rules, vec![(At::In(0, 0), CellRule::Dominance)]);
        assert!((s.needs_above(At::In(0, 0)).unwrap() - (95.0 * 100.0 / 85.0 - 100.0)).abs() < 1e-9);
        // Read as counts, the same numbers would suppress nothing (all ≥ 3).
        assert_eq!(g.primary(3).cells, vec![vec![false; 2]; 2]);

        // Secondary: 东镇's total would give 东镇 工业 away, so 东镇 服务业
        // goes; then 工业's total needs 西镇 工业, and 西镇's total 西镇 服务业.
        // With 东镇 工业 = t: 东镇 服务业 = 140 − t, 西镇 工业 = 160 − t,
        // 西镇 服务业 = t − 50, all ≥ 0 for t in [50, 140]: the range reaches
        // 40 above 100, more than the 11.76 the rule asks.
        let mut h = s.hidden.clone();
        g.protect_with(&mut h, |at, min, max| {
            max.is_none_or(|m| match s.needs_above(at) {
                Some(above) => m - g.value(at) >= above,
                None => m - min >= 3.0,
            })
        });
        assert_eq!(h.cells, vec![vec![true, true], vec![true, true]]);
        assert_eq!(
            rounded(&g, &h),
            vec![
                (At::In(0, 0), 50.0, Some(140.0)),
                (At::In(0, 1), 0.0, Some(90.0)),
                (At::In(1, 0), 20.0, Some(110.0)),
                (At::In(1, 1), 0.0, Some(90.0))
            ]
        );
    }

    #[test]
    fn in_a_value_table_the_frequency_rule_counts_the_firms_not_the_money() {
        // 西镇 服务业 has 2 firms: suppressed although its value is 50.
        let (g, who) = value_table(2.0);
        let s = g.sensitive(3, Some(DEFAULT_DOMINANCE), &who);
        assert_eq!(s.rules, vec![(At::In(0, 0), CellRule::Dominance), (At::In(1, 1), CellRule::Frequency)]);
        // Without the dominance rule only the count speaks; a total's firms are
        // its cells' (服务业 6 + 2 = 8, 西镇 5 + 2 = 7): none below 3.
        let s = g.sensitive(3, None, &who);
        assert_eq!(s.rules, vec![(At::In(1, 1), CellRule::Frequency)]);
        // Firms making a whole column: its total is dominant too.
        let mut lone = who.clone();
        lone[0][1] = Some(Contributors::new(Some(3.0), vec![38.0, 1.0]));
        lone[1][1] = Some(Contributors::new(Some(3.0), vec![45.0, 3.0]));
        let s = g.sensitive(3, Some(DEFAULT_DOMINANCE), &lone);
        // 服务业: 45 + 38 = 83 of 90 (92 %).
        assert_eq!(s.rule(At::Sum(0, 1)), Some(CellRule::Dominance));
        assert_eq!(s.rule(At::Sum(0, 0)), None);
    }
}
