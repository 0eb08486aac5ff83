//! The egress gate: every cell of every public artifact passes the validators on
//! its way out, whatever the scan decided. Detection decides defaults; the gate
//! decides what leaves. A hit stops the artifact unless the clerk kept the column
//! with a written reason, or the scan found the column to be public contact data
//! of the same kind (an office's phone, a school's email).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::category::Category;
use super::classify::{account_header, decoy_header};
use super::freetext;
use super::mask::{mask_value, Operator};
use super::validators as v;
use super::ColumnPolicy;

/// Hits shown per column (all are counted).
const EXAMPLES: usize = 3;

/// One identifier the gate found, as the report shows it (masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GateHit {
    /// Source row number.
    #[ts(type = "number")]
    pub row: u64,
    pub category: Category,
    pub masked: String,
}

/// A column whose public values still hold identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GateColumn {
    pub position: u32,
    pub name: String,
    #[ts(type = "number")]
    pub hits: u64,
    pub categories: Vec<Category>,
    /// The first hits, masked.
    pub examples: Vec<GateHit>,
    /// Operators that clear the column, the most fitting first.
    pub fixes: Vec<Operator>,
}

/// What the gate found in a dataset's public copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GateReport {
    #[ts(type = "number")]
    pub dataset: i64,
    #[ts(type = "number")]
    pub version: i64,
    #[ts(type = "number")]
    pub rows_checked: u64,
    /// Columns that stop every public artifact until they are fixed.
    pub blocking: Vec<GateColumn>,
}

/// Which hits a column may carry out.
enum Exempt {
    /// Kept as is with a written reason: the clerk decided.
    All,
    /// Public data of these kinds (the scan found the column public).
    Only(&'static [Category]),
    None,
}

struct GateCol {
    position: u32,
    name: String,
    category: Category,
    exempt: Exempt,
    account: bool,
    hits: u64,
    categories: BTreeSet<Category>,
    examples: Vec<GateHit>,
}

/// The gate over one artifact's columns; `check` every output cell, then `report`.
pub struct Gate {
    cols: Vec<GateCol>,
}

const CONTACT: &[Category] = &[Category::Phone, Category::Landline];
const EMAIL: &[Category] = &[Category::Email];
const EXAM_NUMBER: &[Category] = &[Category::Phone];
const OFFICE_LINE: &[Category] = &[Category::Landline];

impl Gate {
    /// A gate for the public columns of a policy, in output order.
    pub fn new<'a>(columns: impl IntoIterator<Item = &'a ColumnPolicy>) -> Self {
        let cols = columns
            .into_iter()
            .map(|c| {
                let f = &c.finding;
                let reason = c.reason.as_deref().is_some_and(|r| !r.trim().is_empty());
                let exempt = if c.operator == Operator::Keep && reason {
                    Exempt::All
                } else if !f.personal && matches!(f.category, Category::Phone | Category::Landline) {
                    Exempt::Only(CONTACT)
                } else if !f.personal && f.category == Category::Email {
                    Exempt::Only(EMAIL)
                } else if f.category == Category::None && decoy_header(&f.name) {
                    Exempt::Only(EXAM_NUMBER)
                } else {
                    Exempt::None
                };
                GateCol {
                    position: f.position,
                    name: f.name.clone(),
                    category: f.category,
                    exempt,
                    account: account_header(&f.name),
                    hits: 0,
                    categories: BTreeSet::new(),
                    examples: Vec::new(),
                }
            })
            .collect();
        Gate { cols }
    }

    /// A gate for text that belongs to no column (dictionary, metadata), where a
    /// landline is the office's own line and everything else stops.
    pub fn for_text(names: &[&str]) -> Self {
        let cols = names
            .iter()
            .enumerate()
            .map(|(i, n)| GateCol {
                position: i as u32,
                name: (*n).to_owned(),
                category: Category::None,
                exempt: Exempt::Only(OFFICE_LINE),
                account: false,
                hits: 0,
                categories: BTreeSet::new(),
                examples: Vec::new(),
            })
            .collect();
        Gate { cols }
    }

    /// Checks one output cell of column `i` (in output order).
    pub fn check(&mut self, i: usize, row: u64, value: &str) {
        let Some(col) = self.cols.get_mut(i) else { return };
        if matches!(col.exempt, Exempt::All) || !worth_checking(value) {
            return;
        }
        for (category, masked) in cell_hits(value, col.account) {
            if let Exempt::Only(ok) = col.exempt {
                if ok.contains(&category) {
                    continue;
                }
            }
            col.hits += 1;
            col.categories.insert(category);
            if col.examples.len() < EXAMPLES {
                col.examples.push(GateHit { row, category, masked });
            }
        }
    }

    /// Whether any cell so far was stopped.
    pub fn blocked(&self) -> bool {
        self.cols.iter().any(|c| c.hits > 0)
    }

    /// The columns that were stopped.
    pub fn blocking(self) -> Vec<GateColumn> {
        self.cols
            .into_iter()
            .filter(|c| c.hits > 0)
            .map(|c| {
                // Redacting replaces just the identifiers; masking suits a column
                // that is one kind of identifier throughout.
                let mut fixes = vec![Operator::Redact];
                if c.category != Category::None {
                    fixes.insert(0, Operator::Mask);
                }
                fixes.push(Operator::Drop);
                GateColumn {
                    position: c.position,
                    name: c.name,
                    hits: c.hits,
                    categories: c.categories.into_iter().collect(),
                    examples: c.examples,
                    fixes,
                }
            })
            .collect()
    }
}

/// A cheap first look: an identifier needs at least seven ASCII letters or
/// digits, or an `@`.
fn worth_checking(value: &str) -> bool {
    let mut n = 0;
    for &b in value.as_bytes() {
        if b == b'@' {
            return true;
        }
        if b.is_ascii_alphanumeric() {
            n += 1;
            if n >= 7 {
                return true;
            }
        }
    }
    false
}

/// The identifiers in one cell, each with its masked form: the whole cell first
/// (an Excel-rounded ID, a landline or card number with spaces), then every
/// token inside it.
pub fn cell_hits(value: &str, account_column: bool) -> Vec<(Category, String)> {
    let t = value.trim();
    if t.len() <= 40 {
        let whole = if v::id_card_mangled(t) {
            Some(Category::IdCard)
        } else if t.starts_with('0') && t.bytes().all(|b| b.is_ascii_digit()) && v::landline(t) {
            Some(Category::Landline)
        } else if (t.contains(' ') && v::bank_card(t)) || (account_column && t.contains([' ', '-']) && v::account(t)) {
            Some(Category::BankCard)
        } else {
            None
        };
        if let Some(c) = whole {
            return vec![(c, mask_value(c, t))];
        }
    }
    freetext::find_in(value, account_column).into_iter().map(|(r, c)| (c, mask_value(c, &value[r]))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_carry_identifiers() {
        let cats = |v: &str, acct: bool| cell_hits(v, acct).into_iter().map(|(c, _)| c).collect::<Vec<_>>();
        assert_eq!(cats("11010519491231002X", false), vec![Category::IdCard]);
        assert_eq!(cats("1.30534194503122E+17", false), vec![Category::IdCard]);
        assert_eq!(cats("138 1234 5678", false), vec![Category::Phone]);
        assert_eq!(cats("08518123456", false), vec![Category::Landline]);
        assert_eq!(cats("4111 1111 1111 1111", false), vec![Category::BankCard]);
        assert_eq!(cats("520101000123456789", true), vec![Category::BankCard]);
        assert!(cats("520101000123456789", false).is_empty(), "a long number outside an account column");
        assert_eq!(cats("G12345678", false), vec![Category::Passport]);
        assert_eq!(cats("见 a.b@example.com", false), vec![Category::Email]);
        let fine =
            ["130534********1234", "138****5678", "P1A2B3C4D5E6F", "2024-03-05", "1200.50", "91512081MA62K0260E"];
        for fine in fine {
            assert!(cats(fine, false).is_empty(), "{fine} is not an identifier");
        }
        for (_, masked) in cell_hits("身份证11010519491231002X", false) {
            assert!(!masked.contains("19491231"), "hits are reported masked");
        }
    }
}
