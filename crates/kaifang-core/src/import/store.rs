//! The writing half of an import: creates the version's data table and inserts
//! the reader's batches, all inside the caller's transaction.

use rusqlite::types::Null;
use rusqlite::{params, OptionalExtension, Transaction};

use super::reader::Batch;
use super::ImportError;
use crate::dataset::col;

/// Inserts rows into one version's data table.
pub struct TableWriter<'t> {
    tx: &'t Transaction<'t>,
    table: String,
    width: usize,
    insert: rusqlite::Statement<'t>,
    rows: i64,
    has_extras: bool,
}

impl<'t> TableWriter<'t> {
    /// Creates `data_<version id>` with `width` text columns.
    pub fn create(tx: &'t Transaction<'t>, table: &str, width: usize) -> Result<Self, ImportError> {
        let cols: Vec<String> = (0..width).map(|i| format!("{} TEXT", col(i))).collect();
        let sep = if cols.is_empty() { "" } else { ", " };
        tx.execute_batch(&format!(
            "CREATE TABLE {table} (_row INTEGER PRIMARY KEY, _src INTEGER NOT NULL{sep}{})",
            cols.join(", ")
        ))?;
        let names: Vec<String> = (0..width).map(col).collect();
        let marks: Vec<String> = (0..=width).map(|i| format!("?{}", i + 1)).collect();
        let insert =
            tx.prepare(&format!("INSERT INTO {table} (_src{sep}{}) VALUES ({})", names.join(", "), marks.join(", ")))?;
        Ok(TableWriter { tx, table: table.to_owned(), width, insert, rows: 0, has_extras: false })
    }

    pub fn write(&mut self, batch: &Batch) -> Result<(), ImportError> {
        let first = self.rows + 1;
        for r in 0..batch.rows() {
            self.insert.raw_bind_parameter(1, batch.src_rows[r] as i64)?;
            for c in 0..self.width {
                let v = batch.cell(r * self.width + c);
                if v.is_empty() {
                    self.insert.raw_bind_parameter(c + 2, Null)?;
                } else {
                    self.insert.raw_bind_parameter(c + 2, v)?;
                }
            }
            self.insert.raw_execute()?;
        }
        self.rows += batch.rows() as i64;
        if !batch.extras.is_empty() {
            let extra = col(self.width);
            if !self.has_extras {
                self.tx.execute_batch(&format!("ALTER TABLE {} ADD COLUMN {extra} TEXT", self.table))?;
                self.has_extras = true;
            }
            let mut up = self.tx.prepare_cached(&format!("UPDATE {} SET {extra} = ?1 WHERE _row = ?2", self.table))?;
            for (i, json) in &batch.extras {
                up.execute(params![json, first + *i as i64])?;
            }
        }
        Ok(())
    }
}

/// An earlier version imported from the same bytes (and the same sheet).
pub fn find_duplicate(
    tx: &rusqlite::Connection,
    size: u64,
    sha256: &str,
    sheet: Option<&str>,
    table_start: Option<u64>,
) -> Result<Option<(i64, String, i64)>, ImportError> {
    Ok(tx
        .query_row(
            "SELECT d.id, d.name, v.version FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
             WHERE v.source_size = ?1 AND v.source_sha256 = ?2 AND v.sheet IS ?3
               AND json_extract(v.report, '$.table_start') IS ?4 LIMIT 1",
            params![size as i64, sha256, sheet, table_start.map(|t| t as i64)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Whether any version came from a file of exactly this size; only then is the
/// file hashed before reading (hashing otherwise happens while reading).
pub fn size_seen(tx: &rusqlite::Connection, size: u64) -> Result<bool, ImportError> {
    Ok(tx.query_row("SELECT EXISTS (SELECT 1 FROM dataset_versions WHERE source_size = ?1)", [size as i64], |r| {
        r.get(0)
    })?)
}
