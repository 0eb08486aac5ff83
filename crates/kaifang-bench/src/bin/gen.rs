//! `gen ROWS OUT_DIR`: writes bench.csv (UTF-8), bench_gbk.csv and, with ROWS / 5
//! rows, bench.xlsx (strings inline, as rust_xlsxwriter's constant-memory mode
//! writes them), bench_sst.xlsx (a shared-strings table, as Excel, WPS and
//! LibreOffice write them), bench_wide.xlsx (100 columns) and bench_sparse.xlsx
//! (90% of the cells empty), the last three with shared strings, for `make bench`.

use std::io::{BufWriter, Write};

use kaifang_bench::{row, Rng, HEADER};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let rows: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let out = std::path::PathBuf::from(args.get(2).cloned().unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&out)?;

    let mut utf8 = BufWriter::new(std::fs::File::create(out.join("bench.csv"))?);
    let mut gbk = BufWriter::new(std::fs::File::create(out.join("bench_gbk.csv"))?);
    let mut line = String::new();
    let mut rng = Rng::new(42);
    for i in 0..=rows {
        line.clear();
        if i == 0 {
            line.push_str(&HEADER.join(","));
        } else {
            line.push_str(&row(&mut rng, i - 1).join(","));
        }
        line.push('\n');
        utf8.write_all(line.as_bytes())?;
        gbk.write_all(&encoding_rs::GBK.encode(&line).0)?;
    }
    utf8.flush()?;
    gbk.flush()?;

    let xlsx_rows = rows / 5;
    write_xlsx(&out.join("bench.xlsx"), xlsx_rows, Shape::Plain, false)?;
    write_xlsx(&out.join("bench_sst.xlsx"), xlsx_rows, Shape::Plain, true)?;
    write_xlsx(&out.join("bench_wide.xlsx"), xlsx_rows, Shape::Wide, true)?;
    write_xlsx(&out.join("bench_sparse.xlsx"), xlsx_rows, Shape::Sparse, true)?;
    println!("wrote {rows} rows to {}", out.display());
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// The twelve columns.
    Plain,
    /// 100 columns: the twelve again and again, each copy its own column.
    Wide,
    /// The twelve columns with nine cells in ten left empty.
    Sparse,
}

fn write_xlsx(path: &std::path::Path, rows: u64, shape: Shape, shared: bool) -> Result<(), Box<dyn std::error::Error>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    // Low-memory mode keeps the shared-strings table Excel writes; constant
    // memory writes each string inline in its cell.
    let sheet = if shared { book.add_worksheet_with_low_memory()? } else { book.add_worksheet_with_constant_memory()? };
    let width = if shape == Shape::Wide { 100 } else { HEADER.len() };
    for c in 0..width {
        let name = HEADER[c % HEADER.len()];
        let name = if c < HEADER.len() { name.to_owned() } else { format!("{name}{}", c / HEADER.len() + 1) };
        sheet.write_string(0, c as u16, name)?;
    }
    let mut rng = Rng::new(42);
    let mut keep = Rng::new(7);
    for i in 0..rows {
        let mut values = Vec::with_capacity(width);
        while values.len() < width {
            let seq = if values.is_empty() { i } else { i * 9 + values.len() as u64 };
            values.extend(row(&mut rng, seq));
        }
        for (c, v) in values.iter().take(width).enumerate() {
            if shape == Shape::Sparse && !keep.next_u64().is_multiple_of(10) {
                continue;
            }
            // Numbers as numbers, as Excel users type them; IDs and codes as text.
            match c % HEADER.len() {
                0 | 8 => sheet.write_number((i + 1) as u32, c as u16, v.parse::<f64>()?)?,
                _ => sheet.write_string((i + 1) as u32, c as u16, v)?,
            };
        }
    }
    book.save(path)?;
    Ok(())
}
