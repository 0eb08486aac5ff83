//! A small linear-programming solver (two-phase simplex with Bland's rule) for
//! the feasible range of suppressed cells: maximise `c·x` subject to `A x = b`,
//! `x ≥ 0`. Statistics tables have tens of suppressed cells, so a dense
//! tableau is plenty.

const EPS: f64 = 1e-9;
const MAX_PIVOTS: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lp {
    Optimal(f64),
    Unbounded,
    Infeasible,
}

struct Tableau {
    t: Vec<Vec<f64>>,
    basis: Vec<usize>,
    width: usize,
}

impl Tableau {
    fn rhs(&self, i: usize) -> f64 {
        self.t[i][self.width - 1]
    }

    fn pivot(&mut self, r: usize, col: usize) {
        let p = self.t[r][col];
        for v in &mut self.t[r] {
            *v /= p;
        }
        let row = self.t[r].clone();
        for (i, line) in self.t.iter_mut().enumerate() {
            if i == r {
                continue;
            }
            let f = line[col];
            if f.abs() > EPS {
                for (v, x) in line.iter_mut().zip(&row) {
                    *v -= f * x;
                }
            }
        }
        self.basis[r] = col;
    }

    fn value(&self, cost: &[f64]) -> f64 {
        self.basis.iter().enumerate().map(|(i, &b)| cost[b] * self.rhs(i)).sum()
    }

    /// Maximises `cost` over the columns `0..enter` may enter from.
    fn run(&mut self, cost: &[f64], enter: usize) -> Result<(), Lp> {
        for _ in 0..MAX_PIVOTS {
            // Bland: the first column with a positive reduced cost enters.
            let col = (0..enter).find(|&j| {
                !self.basis.contains(&j)
                    && cost[j] - self.basis.iter().enumerate().map(|(i, &b)| cost[b] * self.t[i][j]).sum::<f64>() > EPS
            });
            let Some(col) = col else { return Ok(()) };
            let mut leave: Option<(f64, usize, usize)> = None;
            for i in 0..self.t.len() {
                let a = self.t[i][col];
                if a > EPS {
                    let ratio = self.rhs(i) / a;
                    let better = match leave {
                        None => true,
                        Some((r, _, b)) => ratio < r - EPS || ((ratio - r).abs() <= EPS && self.basis[i] < b),
                    };
                    if better {
                        leave = Some((ratio, i, self.basis[i]));
                    }
                }
            }
            let Some((_, r, _)) = leave else { return Err(Lp::Unbounded) };
            self.pivot(r, col);
        }
        Ok(())
    }
}

/// Maximises `c·x` subject to `a x = b`, `x ≥ 0`.
pub fn maximize(a: &[Vec<f64>], b: &[f64], c: &[f64]) -> Lp {
    let (m, n) = (a.len(), c.len());
    let width = n + m + 1;
    let mut t = vec![vec![0.0; width]; m];
    for (i, line) in t.iter_mut().enumerate() {
        let sign = if b[i] < 0.0 { -1.0 } else { 1.0 };
        for (j, v) in line.iter_mut().take(n).enumerate() {
            *v = sign * a[i].get(j).copied().unwrap_or(0.0);
        }
        line[n + i] = 1.0;
        line[width - 1] = sign * b[i];
    }
    let mut tab = Tableau { t, basis: (n..n + m).collect(), width };
    // Phase 1: drive the artificial variables to zero.
    let mut phase1 = vec![0.0; n + m];
    for v in &mut phase1[n..] {
        *v = -1.0;
    }
    if let Err(e) = tab.run(&phase1, n + m) {
        return e;
    }
    if tab.value(&phase1) < -1e-7 {
        return Lp::Infeasible;
    }
    // Artificials still basic (at zero) leave where an original column can enter.
    for i in 0..m {
        if tab.basis[i] >= n {
            if let Some(j) = (0..n).find(|&j| tab.t[i][j].abs() > EPS && !tab.basis.contains(&j)) {
                tab.pivot(i, j);
            }
        }
    }
    // Phase 2: the objective, artificials kept out.
    let mut cost = vec![0.0; n + m];
    cost[..n].copy_from_slice(c);
    match tab.run(&cost, n) {
        Ok(()) => Lp::Optimal(tab.value(&cost)),
        Err(e) => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_small_programs() {
        // x + y = 10, x - z = 6 (z a slack ≥ 0): max x = 10 (y = 0), max y = 4 (x = 6).
        let a = vec![vec![1.0, 1.0, 0.0], vec![1.0, 0.0, -1.0]];
        let b = [10.0, 6.0];
        assert_eq!(maximize(&a, &b, &[1.0, 0.0, 0.0]), Lp::Optimal(10.0));
        assert_eq!(maximize(&a, &b, &[0.0, 1.0, 0.0]), Lp::Optimal(4.0));
        assert_eq!(maximize(&a, &b, &[0.0, 0.0, 1.0]), Lp::Optimal(4.0));
        // min x = -max(-x) = 6.
        assert_eq!(maximize(&a, &b, &[-1.0, 0.0, 0.0]), Lp::Optimal(-6.0));
        // x - y = 1 alone: x is unbounded.
        assert_eq!(maximize(&[vec![1.0, -1.0]], &[1.0], &[1.0, 0.0]), Lp::Unbounded);
        // x + y = -1 with x, y ≥ 0: infeasible.
        assert_eq!(maximize(&[vec![1.0, 1.0]], &[-1.0], &[1.0, 0.0]), Lp::Infeasible);
        // A redundant equation (the same twice) is fine.
        assert_eq!(maximize(&[vec![1.0, 1.0], vec![1.0, 1.0]], &[3.0, 3.0], &[1.0, 0.0]), Lp::Optimal(3.0));
    }
}
