//! `gen ROWS OUT_DIR`: writes bench.csv (UTF-8), bench_gbk.csv and bench.xlsx
//! (ROWS / 5 rows) for `make bench`.

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

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    let mut rng = Rng::new(42);
    for i in 0..rows / 5 {
        let r = row(&mut rng, i);
        for (c, v) in r.iter().enumerate() {
            // Numbers as numbers, as Excel users type them; IDs and codes as text.
            match c {
                0 | 8 => sheet.write_number((i + 1) as u32, c as u16, v.parse::<f64>()?)?,
                _ => sheet.write_string((i + 1) as u32, c as u16, v)?,
            };
        }
    }
    book.save(out.join("bench.xlsx"))?;
    println!("wrote {rows} rows to {}", out.display());
    Ok(())
}
