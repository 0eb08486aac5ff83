//! The reference loops the import is measured against: `bare csv FILE DB` (csv
//! crate + rusqlite: one transaction, WAL, one prepared statement, no detection,
//! no types, no profile) and `bare xlsx FILE DB` (calamine's streaming cell reader
//! + the same insert loop).

use calamine::{open_workbook, DataRef, Reader, Xlsx};
use rusqlite::Connection;

fn open(db: &str, width: usize) -> rusqlite::Result<Connection> {
    let _ = std::fs::remove_file(db);
    let conn = Connection::open(db)?;
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")?;
    let cols: Vec<String> = (0..width).map(|i| format!("c{i} TEXT")).collect();
    conn.execute_batch(&format!("CREATE TABLE t ({})", cols.join(", ")))?;
    Ok(conn)
}

fn insert_sql(width: usize) -> String {
    let marks: Vec<String> = (1..=width).map(|i| format!("?{i}")).collect();
    format!("INSERT INTO t VALUES ({})", marks.join(", "))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (kind, file, db) = (args[1].as_str(), args[2].as_str(), args[3].as_str());
    // The table's width: 12, or as given (100 for the wide workbook).
    let width = args.get(4).and_then(|w| w.parse().ok()).unwrap_or(12);
    let mut conn = open(db, width)?;
    let tx = conn.transaction()?;
    let mut rows = 0u64;
    {
        let mut stmt = tx.prepare(&insert_sql(width))?;
        match kind {
            "csv" => {
                let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_path(file)?;
                let mut rec = csv::StringRecord::new();
                while rdr.read_record(&mut rec)? {
                    for (i, v) in rec.iter().enumerate().take(width) {
                        stmt.raw_bind_parameter(i + 1, v)?;
                    }
                    stmt.raw_execute()?;
                    rows += 1;
                }
            }
            _ => {
                let mut book: Xlsx<_> = open_workbook(file)?;
                let name = book.sheet_names()[0].clone();
                let mut cells = book.worksheet_cells_reader(&name)?;
                let mut current = 0u32;
                let mut row: Vec<String> = vec![String::new(); width];
                let flush = |row: &mut Vec<String>, stmt: &mut rusqlite::Statement<'_>| -> rusqlite::Result<()> {
                    for (i, v) in row.iter_mut().enumerate() {
                        stmt.raw_bind_parameter(i + 1, v.as_str())?;
                        v.clear();
                    }
                    stmt.raw_execute().map(|_| ())
                };
                while let Some(c) = cells.next_cell()? {
                    let (r, col) = c.get_position();
                    if r != current {
                        if current > 0 {
                            flush(&mut row, &mut stmt)?;
                            rows += 1;
                        }
                        current = r;
                    }
                    if r == 0 || col as usize >= width {
                        continue;
                    }
                    row[col as usize] = match c.get_value() {
                        DataRef::Float(f) => f.to_string(),
                        DataRef::Int(i) => i.to_string(),
                        DataRef::SharedString(s) => (*s).to_owned(),
                        DataRef::String(s) => s.clone(),
                        other => format!("{other:?}"),
                    };
                }
                flush(&mut row, &mut stmt)?;
                rows += 1;
            }
        }
    }
    tx.commit()?;
    println!("{rows} rows");
    Ok(())
}
