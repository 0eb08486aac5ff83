//! The office's masking conventions: for each kind of personal data, the operator
//! new scans default to and, where the mask keeps the ends of a value, how many
//! characters stay visible (an office that shows `1305**********1234` rather than
//! the national `130534********1234`). Stored in the workspace and audited; each
//! scan records the convention it used, so changing one affects new scans only.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::category::Category;
use super::mask::{default_ends, default_operator, Operator};
use super::SensitiveError;
use crate::audit::{self, Actor};
use crate::clock::now_rfc3339;
use crate::workspace::Workspace;

/// How the office masks one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Convention {
    pub category: Category,
    /// What a personal column of this category gets until the clerk chooses.
    pub operator: Operator,
    /// Characters kept at the start and the end by `mask`, for the categories
    /// whose mask keeps ends (`None` for the others).
    pub keep_head: Option<u32>,
    pub keep_tail: Option<u32>,
    /// Whether the office changed it from the built-in default.
    pub custom: bool,
}

/// Operators an office may make the default for a category: never `keep` (a
/// personal column published as is needs a reason per dataset) nor `redact`
/// (for free text only).
fn allowed(category: Category, op: Operator) -> bool {
    match op {
        Operator::Keep | Operator::Redact => false,
        Operator::Generalize => matches!(category, Category::Address | Category::BirthDate | Category::Gps),
        Operator::Mask | Operator::Pseudonymize | Operator::Drop => true,
    }
}

fn builtin(category: Category) -> Convention {
    let ends = default_ends(category);
    Convention {
        category,
        operator: default_operator(category, true, false),
        keep_head: ends.map(|e| e.0),
        keep_tail: ends.map(|e| e.1),
        custom: false,
    }
}

/// The conventions in force, one per personal category.
#[derive(Debug, Clone)]
pub struct Conventions(Vec<Convention>);

impl Conventions {
    pub fn load(conn: &Connection) -> rusqlite::Result<Self> {
        let mut all: Vec<Convention> = Category::ALL.iter().map(|c| builtin(*c)).collect();
        let mut stmt = conn.prepare("SELECT category, operator, keep_head, keep_tail FROM masking_conventions")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<u32>>(2)?,
                r.get::<_, Option<u32>>(3)?,
            ))
        })?;
        for row in rows {
            let (cat, op, head, tail) = row?;
            let category = Category::parse(&cat);
            let (Some(op), true) = (Operator::parse(&op), category.personal_by_default()) else { continue };
            let c = &mut all[category as usize];
            c.operator = op;
            if c.keep_head.is_some() {
                c.keep_head = head.or(c.keep_head);
                c.keep_tail = tail.or(c.keep_tail);
            }
            c.custom = true;
        }
        Ok(Conventions(all))
    }

    /// The operator a column gets until the clerk chooses one.
    pub fn operator(&self, category: Category, personal: bool, free_text: bool) -> Operator {
        let builtin = default_operator(category, personal, free_text);
        if free_text || !personal || !category.personal_by_default() {
            return builtin;
        }
        self.0[category as usize].operator
    }

    /// Characters `mask` keeps at each end for a category.
    pub fn ends(&self, category: Category) -> Option<(u32, u32)> {
        let c = &self.0[category as usize];
        c.keep_head.zip(c.keep_tail)
    }

    /// The conventions an office can edit, in the categories' order.
    pub fn list(&self) -> Vec<Convention> {
        self.0.iter().filter(|c| c.category.personal_by_default()).cloned().collect()
    }
}

/// The conventions in force (what the settings card shows).
pub fn conventions(conn: &Connection) -> Result<Vec<Convention>, SensitiveError> {
    Ok(Conventions::load(conn)?.list())
}

/// Changes one category's convention (audited); `None` puts back the built-in
/// default. Returns the conventions in force.
pub fn set_convention(
    ws: &mut Workspace,
    category: Category,
    change: Option<(Operator, Option<u32>, Option<u32>)>,
    actor: &Actor,
) -> Result<Vec<Convention>, SensitiveError> {
    if !category.personal_by_default() {
        return Err(SensitiveError::ConventionNotApplicable { category: category.as_str().into(), operator: None });
    }
    if let Some((op, head, tail)) = change {
        if !allowed(category, op) {
            return Err(SensitiveError::ConventionNotApplicable {
                category: category.as_str().into(),
                operator: Some(op.as_str().into()),
            });
        }
        let ends = default_ends(category).is_some();
        if ends && [head, tail].iter().any(|n| n.is_some_and(|n| n > 12)) {
            return Err(SensitiveError::ConventionNotApplicable { category: category.as_str().into(), operator: None });
        }
    }
    ws.with_tx(|tx| -> Result<(), SensitiveError> {
        match change {
            Some((op, head, tail)) => {
                let ends = default_ends(category).is_some();
                tx.execute(
                    "INSERT INTO masking_conventions (category, operator, keep_head, keep_tail, set_by, set_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT(category) DO UPDATE SET operator = excluded.operator, keep_head = excluded.keep_head,
                         keep_tail = excluded.keep_tail, set_by = excluded.set_by, set_at = excluded.set_at",
                    params![
                        category.as_str(),
                        op.as_str(),
                        head.filter(|_| ends),
                        tail.filter(|_| ends),
                        actor.name,
                        now_rfc3339()
                    ],
                )?;
            }
            None => {
                tx.execute("DELETE FROM masking_conventions WHERE category = ?1", [category.as_str()])?;
            }
        }
        let detail = match change {
            Some((op, head, tail)) => serde_json::json!({
                "category": category.as_str(), "operator": op.as_str(), "keep_head": head, "keep_tail": tail
            }),
            None => serde_json::json!({ "category": category.as_str(), "reset": true }),
        };
        audit::append(tx, actor, "masking.convention_changed", None, &detail)?;
        Ok(())
    })?;
    conventions(ws.conn())
}
