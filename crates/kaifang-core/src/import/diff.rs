//! What changed between two versions of a dataset: rows added, removed and
//! changed, columns added and removed. Rows are matched on a key column when one
//! is found (unique and filled in both versions, and not a mere row counter such as
//! 序号), otherwise compared as whole rows.

use std::collections::HashMap;

use rusqlite::Connection;
use xxhash_rust::xxh3::xxh3_64;

use crate::dataset::{col, VersionChanges};
use crate::profile::infer::ColumnType;
use crate::profile::{row_hash, ColumnProfile};

/// One version's table as the diff needs it.
pub struct Side<'a> {
    pub version: i64,
    pub table: &'a str,
    pub rows: u64,
    pub columns: &'a [(String, ColumnType, ColumnProfile)],
}

const KEY_HINTS: &[&str] = &["身份证", "证件", "代码", "编码", "编号", "号码", "ID", "Id", "id"];

pub fn diff(conn: &Connection, old: &Side<'_>, new: &Side<'_>) -> rusqlite::Result<VersionChanges> {
    let names = |s: &Side<'_>| s.columns.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
    let (old_names, new_names) = (names(old), names(new));
    // Pairs of positions of the columns both versions have, in the new order.
    let common: Vec<(usize, usize)> = new_names
        .iter()
        .enumerate()
        .filter_map(|(ni, n)| old_names.iter().position(|o| o == n).map(|oi| (oi, ni)))
        .collect();
    let mut changes = VersionChanges {
        previous_version: old.version,
        rows_before: old.rows,
        rows_after: new.rows,
        rows_added: 0,
        rows_removed: 0,
        rows_changed: 0,
        key_column: None,
        columns_added: new_names.iter().filter(|n| !old_names.contains(n)).cloned().collect(),
        columns_removed: old_names.iter().filter(|n| !new_names.contains(n)).cloned().collect(),
    };
    let old_cols: Vec<usize> = common.iter().map(|p| p.0).collect();
    let new_cols: Vec<usize> = common.iter().map(|p| p.1).collect();
    if let Some(k) = key_candidate(old, new, &common) {
        let old_map = keyed(conn, old.table, &old_cols, k)?;
        let new_map = keyed(conn, new.table, &new_cols, k)?;
        if let (Some(o), Some(n)) = (old_map, new_map) {
            changes.rows_added = n.keys().filter(|key| !o.contains_key(key)).count() as u64;
            changes.rows_removed = o.keys().filter(|key| !n.contains_key(key)).count() as u64;
            changes.rows_changed = n.iter().filter(|(key, h)| o.get(key).is_some_and(|oh| oh != *h)).count() as u64;
            changes.key_column = Some(new.columns[common[k].1].0.clone());
            return Ok(changes);
        }
    }
    let mut balance: HashMap<u64, i64> = HashMap::new();
    for_each_row(conn, old.table, &old_cols, |_, h| *balance.entry(h).or_default() += 1)?;
    for_each_row(conn, new.table, &new_cols, |_, h| *balance.entry(h).or_default() -= 1)?;
    changes.rows_removed = balance.values().filter(|&&b| b > 0).map(|&b| b as u64).sum();
    changes.rows_added = balance.values().filter(|&&b| b < 0).map(|&b| (-b) as u64).sum();
    Ok(changes)
}

/// Index (into `common`) of the best key column, if any.
fn key_candidate(old: &Side<'_>, new: &Side<'_>, common: &[(usize, usize)]) -> Option<usize> {
    let unique = |s: &Side<'_>, i: usize| {
        let (_, ty, p) = &s.columns[i];
        let counter = *ty == ColumnType::Integer
            && p.min.as_deref() == Some("1")
            && p.max.as_deref() == Some(s.rows.to_string().as_str());
        p.non_empty == s.rows && p.distinct as f64 >= s.rows as f64 * 0.97 && !counter
    };
    let candidates: Vec<usize> =
        (0..common.len()).filter(|&k| unique(old, common[k].0) && unique(new, common[k].1)).collect();
    candidates
        .iter()
        .copied()
        .find(|&k| KEY_HINTS.iter().any(|h| new.columns[common[k].1].0.contains(h)))
        .or_else(|| candidates.first().copied())
}

/// key hash → row hash, or `None` if the key repeats (then it is no key).
fn keyed(conn: &Connection, table: &str, cols: &[usize], key: usize) -> rusqlite::Result<Option<HashMap<u64, u64>>> {
    let mut map = HashMap::new();
    let mut unique = true;
    for_each_row(conn, table, cols, |cells, h| {
        if map.insert(xxh3_64(cells[key].as_bytes()), h).is_some() {
            unique = false;
        }
    })?;
    Ok(unique.then_some(map))
}

fn for_each_row(
    conn: &Connection,
    table: &str,
    cols: &[usize],
    mut f: impl FnMut(&[String], u64),
) -> rusqlite::Result<()> {
    if cols.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = cols.iter().map(|&c| format!("COALESCE({}, '')", col(c))).collect();
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {table}", list.join(", ")))?;
    let mut rows = stmt.query([])?;
    let mut cells = vec![String::new(); cols.len()];
    while let Some(r) = rows.next()? {
        for (i, c) in cells.iter_mut().enumerate() {
            c.clear();
            c.push_str(r.get_ref(i)?.as_str().unwrap_or(""));
        }
        f(&cells, row_hash(cells.iter().map(String::as_str)));
    }
    Ok(())
}
