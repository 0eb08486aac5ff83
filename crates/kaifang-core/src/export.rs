//! The one way out of the office. Every public artifact — the public CSV, the
//! data dictionary, the metadata documents (data package, DCAT, CKAN package) and
//! so every upload the outbox makes — is produced here, and every cell and every
//! string of it passes the egress gate (`sensitive::Gate`) on its way out. A hit
//! in a column the clerk did not keep with a written reason stops the artifact
//! with `egress_blocked`; callers write to a temporary place and keep nothing
//! of a stopped artifact.

use std::io::Write;

use rusqlite::Connection;
use serde_json::Value;

use crate::dataset::col;
use crate::lifecycle::DatasetId;
use crate::metadata::{self, DatasetMetadata};
use crate::sensitive::{self, Gate, GateColumn, GateReport, Masker, Operator, ScanReport, SensitiveError};

/// The policy in force: the saved scan, or a quick one when there is none.
fn report(conn: &Connection, dataset: DatasetId) -> Result<ScanReport, SensitiveError> {
    match sensitive::saved(conn, dataset)? {
        Some(r) => Ok(r),
        None => sensitive::scan(conn, dataset, false),
    }
}

fn blocked(blocking: &[GateColumn]) -> SensitiveError {
    let first = &blocking[0];
    let rows: Vec<String> = first.examples.iter().map(|h| h.row.to_string()).collect();
    SensitiveError::EgressBlocked {
        column: first.name.clone(),
        hits: first.hits,
        rows: rows.join(", "),
        columns: blocking.len(),
    }
}

/// Streams the public copy of a dataset's latest version through the gate:
/// `row` gets each public record (header first). Returns rows, the gate and the
/// scan the copy followed.
fn stream_public(
    conn: &Connection,
    dataset: DatasetId,
    mut row: impl FnMut(&[String]) -> std::io::Result<()>,
) -> Result<(u64, Gate, ScanReport), SensitiveError> {
    let report = report(conn, dataset)?;
    let plan = sensitive::public_plan(&report);
    let masker = Masker::load(conn)?;
    let suppressed = sensitive::disclosure::Suppressed::load(conn, dataset)?;
    let (table, names) = sensitive::latest_table(conn, dataset)?;
    let mut gate = Gate::new(report.columns.iter().zip(&plan).filter(|(_, p)| p.is_some()).map(|(c, _)| c));
    let header: Vec<String> = names.iter().zip(&plan).filter(|(_, p)| p.is_some()).map(|(n, _)| n.clone()).collect();
    row(&header).map_err(SensitiveError::Write)?;
    let list: Vec<String> = (0..names.len()).map(col).collect();
    let sep = if list.is_empty() { "" } else { ", " };
    let mut stmt = conn.prepare(&format!("SELECT _src, _row{sep}{} FROM {table} ORDER BY _row", list.join(", ")))?;
    let mut rows = stmt.query([])?;
    let mut n = 0u64;
    let mut record: Vec<String> = Vec::with_capacity(plan.len());
    while let Some(r) = rows.next()? {
        let src = r.get::<_, i64>(0)? as u64;
        let row_id: i64 = r.get(1)?;
        record.clear();
        for (i, how) in plan.iter().enumerate() {
            let Some(how) = how else { continue };
            let public = if suppressed.hides(row_id, i) {
                suppressed.marker().to_owned()
            } else {
                let value = r.get_ref(i + 2)?.as_str_or_null().ok().flatten().unwrap_or("");
                masker.apply(how, value)
            };
            gate.check(record.len(), src, &public);
            record.push(public);
        }
        // Once something is stopped nothing more is written; the rest is still
        // checked so that the report names every column to fix.
        if !gate.blocked() {
            row(&record).map_err(SensitiveError::Write)?;
        }
        n += 1;
    }
    Ok((n, gate, report))
}

/// Writes the public copy as UTF-8 CSV (with a BOM when Excel will open it):
/// closed and dropped columns left out, every other column through its operator,
/// every cell through the gate. Returns the number of rows. On
/// `egress_blocked` part of the copy may have reached `out`: write to a
/// temporary file and delete it on error.
pub fn public_csv(
    conn: &Connection,
    dataset: DatasetId,
    out: &mut dyn Write,
    bom: bool,
) -> Result<u64, SensitiveError> {
    if bom {
        out.write_all(b"\xEF\xBB\xBF").map_err(SensitiveError::Write)?;
    }
    let mut w = csv::Writer::from_writer(out);
    let (n, gate, _) = stream_public(conn, dataset, |rec| w.write_record(rec).map_err(std::io::Error::other))?;
    let blocking = gate.blocking();
    if !blocking.is_empty() {
        return Err(blocked(&blocking));
    }
    w.flush().map_err(SensitiveError::Write)?;
    Ok(n)
}

/// Rows a worksheet holds, its header included: more go on to the next sheet.
pub const XLSX_SHEET_ROWS: u32 = 1_048_576;

/// Writes the public copy as an Excel workbook at `path`: the same rows, each
/// through the same operators and the same gate as [`public_csv`]; numbers in
/// integer and decimal columns as numbers (codes with leading zeros stay text);
/// past 1,048,576 rows, on further sheets. Returns the number of rows. On
/// `egress_blocked` nothing is saved.
pub fn public_xlsx(conn: &Connection, dataset: DatasetId, path: &std::path::Path) -> Result<u64, SensitiveError> {
    use rust_xlsxwriter::{Format, Workbook, XlsxError};
    let dictionary = metadata_of(conn, dataset)?.dictionary;
    let numeric_type = |name: &str| {
        dictionary
            .iter()
            .find(|d| d.name == name)
            .is_some_and(|d| matches!(d.ty, crate::profile::ColumnType::Integer | crate::profile::ColumnType::Decimal))
    };
    let mut wb = Workbook::new();
    let mut header: Vec<String> = Vec::new();
    let mut numeric: Vec<bool> = Vec::new();
    let mut sheets = 0usize;
    let mut row = 0u32;
    // A number written with decimals (105.50) keeps them on screen: one format
    // per count of decimals.
    let decimals: Vec<Format> =
        (0..=15).map(|d: usize| Format::new().set_num_format(format!("0.{}", "0".repeat(d)))).collect();
    let xlsx = |e: XlsxError| std::io::Error::other(e.to_string());
    let new_sheet = |wb: &mut Workbook, header: &[String], n: usize| -> Result<(), XlsxError> {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(if n == 0 { "数据".to_owned() } else { format!("数据 ({})", n + 1) })?;
        ws.set_freeze_panes(1, 0)?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, h)?;
        }
        Ok(())
    };
    let (n, gate, _) = stream_public(conn, dataset, |rec| {
        if sheets == 0 {
            header = rec.to_vec();
            numeric = header.iter().map(|h| numeric_type(h)).collect();
            new_sheet(&mut wb, &header, 0).map_err(xlsx)?;
            sheets = 1;
            row = 1;
            return Ok(());
        }
        if row == XLSX_SHEET_ROWS {
            new_sheet(&mut wb, &header, sheets).map_err(xlsx)?;
            sheets += 1;
            row = 1;
        }
        let ws = wb.worksheet_from_index(sheets - 1).map_err(xlsx)?;
        for (c, v) in rec.iter().enumerate() {
            let number = if numeric.get(c) == Some(&true) { as_number(v) } else { None };
            match number {
                Some(x) => match v.split_once('.') {
                    Some((_, frac)) => ws.write_number_with_format(row, c as u16, x, &decimals[frac.len()]),
                    None => ws.write_number(row, c as u16, x),
                }
                .map_err(xlsx)?,
                None if v.is_empty() => ws,
                None => ws.write_string(row, c as u16, v).map_err(xlsx)?,
            };
        }
        row += 1;
        Ok(())
    })?;
    let blocking = gate.blocking();
    if !blocking.is_empty() {
        return Err(blocked(&blocking));
    }
    wb.save(path).map_err(|e| SensitiveError::Write(std::io::Error::other(e.to_string())))?;
    Ok(n)
}

/// A cell Excel may hold as a number without changing what it says: no
/// leading zero (a code), no sign but a minus, at most 15 significant digits.
fn as_number(v: &str) -> Option<f64> {
    let digits = v.strip_prefix('-').unwrap_or(v);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(int.len() > 1 && int.starts_with('0'))
        && !(digits.contains('.') && frac.is_empty())
        && int.len() + frac.len() <= 15;
    if plain {
        v.parse().ok()
    } else {
        None
    }
}

/// Runs the gate over the public copy without writing it: what the 敏感字段 tab
/// shows, and what submitting checks.
pub fn gate_check(conn: &Connection, dataset: DatasetId) -> Result<GateReport, SensitiveError> {
    let (n, gate, report) = stream_public(conn, dataset, |_| Ok(()))?;
    Ok(GateReport { dataset: report.dataset, version: report.version, rows_checked: n, blocking: gate.blocking() })
}

/// `gate_check`, failing with `egress_blocked` when anything would be stopped.
pub fn require_clear(conn: &Connection, dataset: DatasetId) -> Result<GateReport, SensitiveError> {
    let report = gate_check(conn, dataset)?;
    if report.blocking.is_empty() {
        Ok(report)
    } else {
        Err(blocked(&report.blocking))
    }
}

/// The data dictionary of the public copy as CSV (UTF-8 with BOM): one row per
/// public column, its descriptions through the gate.
pub fn dictionary_csv(conn: &Connection, dataset: DatasetId, out: &mut dyn Write) -> Result<u64, SensitiveError> {
    let meta = metadata_of(conn, dataset)?;
    let dropped = dropped(conn, dataset)?;
    let columns = ["字段名称", "数据类型", "字段说明", "计量单位"];
    let mut gate = Gate::for_text(&columns);
    let mut rows: Vec<[String; 4]> = Vec::new();
    for d in meta.dictionary.iter().filter(|d| d.open && !dropped.contains(&d.position)) {
        let rec = [
            d.name.clone(),
            d.ty.as_str().to_owned(),
            d.description.clone().unwrap_or_default(),
            d.unit.clone().unwrap_or_default(),
        ];
        for (i, v) in rec.iter().enumerate() {
            gate.check(i, u64::from(d.position) + 1, v);
        }
        rows.push(rec);
    }
    let blocking = gate.blocking();
    if !blocking.is_empty() {
        return Err(blocked(&blocking));
    }
    out.write_all(b"\xEF\xBB\xBF").map_err(SensitiveError::Write)?;
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| SensitiveError::Write(std::io::Error::other(e));
    w.write_record(columns).map_err(io)?;
    for r in &rows {
        w.write_record(r).map_err(io)?;
    }
    w.flush().map_err(SensitiveError::Write)?;
    Ok(rows.len() as u64)
}

/// The metadata documents a dataset is published with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum MetadataFormat {
    /// A Frictionless data package describing the public CSV.
    DataPackage,
    /// A DCAT-AP dataset (JSON-LD); `base` is the IRI prefix.
    Dcat,
    /// The CKAN package as the portal receives it.
    Ckan,
}

/// Keys whose values are the office's own contact point (public by definition)
/// or codes that name the dataset or its area, not a person.
const CONTACT_KEYS: &[&str] =
    &["maintainer", "contact", "resource_code", "kaifang_uid", "spatial", "identifier", "name", "id", "url", "@id"];

/// A metadata document of the public copy, every string in it through the gate
/// (the office's contact point excepted). Columns dropped by the masking policy
/// are left out of the schema.
pub fn metadata_document(
    conn: &Connection,
    dataset: DatasetId,
    format: MetadataFormat,
    base: &str,
    org: Option<&str>,
) -> Result<Value, SensitiveError> {
    let mut meta = metadata_of(conn, dataset)?;
    let dropped = dropped(conn, dataset)?;
    meta.dictionary.retain(|d| !dropped.contains(&d.position));
    let doc = match format {
        MetadataFormat::DataPackage => metadata::datapackage(&meta, &format!("{}.csv", meta.slug)),
        MetadataFormat::Dcat => {
            let uid: String = conn.query_row("SELECT uid FROM datasets WHERE id = ?1", [dataset], |r| r.get(0))?;
            let kinds: &[&str] = if metadata::text(&meta.values, "open_type") == "conditional" {
                &["dictionary"]
            } else {
                &["data", "dictionary"]
            };
            metadata::dcat_dataset(&meta, &uid, base, kinds)
        }
        MetadataFormat::Ckan => metadata::ckan_package(&meta, org),
    };
    gate_json(&doc)?;
    Ok(doc)
}

/// Where a data package went: the folder or zip, the data file's name in
/// it, and its rows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PackageWritten {
    pub path: std::path::PathBuf,
    pub data: String,
    pub rows: u64,
}

/// A Frictionless data package with its data: `datapackage.json` and the
/// public CSV it names. `target` is a folder (made when missing; a path ending
/// in `datapackage.json` names the descriptor inside its folder) or a zip file
/// (a path ending in `.zip`). The schema follows the public copy: a masked or
/// generalised column is text, a suppressed cell's marker is a missing value.
/// Everything passes the egress gate; files are written under temporary names
/// and renamed, so a stopped package leaves nothing behind.
pub fn write_datapackage(
    conn: &Connection,
    dataset: DatasetId,
    target: &std::path::Path,
    base: &str,
) -> Result<PackageWritten, SensitiveError> {
    use std::path::Path;
    let mut doc = metadata_document(conn, dataset, MetadataFormat::DataPackage, base, None)?;
    public_schema(conn, dataset, &mut doc)?;
    let data = doc["resources"][0]["path"].as_str().unwrap_or("data.csv").to_owned();
    let descriptor = serde_json::to_vec_pretty(&doc).map_err(|e| SensitiveError::Write(std::io::Error::other(e)))?;
    let io = SensitiveError::Write;
    let is_zip = target.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if is_zip {
        let part = target.with_extension("zip.part");
        let written = (|| -> Result<u64, SensitiveError> {
            let file = std::fs::File::create(&part).map_err(io)?;
            let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(true);
            let zerr = |e: zip::result::ZipError| SensitiveError::Write(std::io::Error::other(e));
            zip.start_file("datapackage.json", opts).map_err(zerr)?;
            zip.write_all(&descriptor).map_err(io)?;
            zip.start_file(data.as_str(), opts).map_err(zerr)?;
            let rows = public_csv(conn, dataset, &mut zip, false)?;
            let file = zip.finish().map_err(zerr)?.into_inner().map_err(|e| io(e.into_error()))?;
            file.sync_all().map_err(io)?;
            drop(file);
            std::fs::rename(&part, target).map_err(io)?;
            Ok(rows)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&part);
        }
        return Ok(PackageWritten { path: target.to_owned(), data, rows: written? });
    }
    let dir: &Path = if target.file_name().is_some_and(|n| n == "datapackage.json") {
        target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
    } else {
        target
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let (csv_part, json_part) = (dir.join(format!("{data}.part")), dir.join("datapackage.json.part"));
    let written = (|| -> Result<u64, SensitiveError> {
        let file = std::fs::File::create(&csv_part).map_err(io)?;
        let mut w = std::io::BufWriter::new(file);
        let rows = public_csv(conn, dataset, &mut w, false)?;
        let file = w.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::write(&json_part, &descriptor).map_err(io)?;
        std::fs::rename(&csv_part, dir.join(&data)).map_err(io)?;
        std::fs::rename(&json_part, dir.join("datapackage.json")).map_err(io)?;
        Ok(rows)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&csv_part);
        let _ = std::fs::remove_file(&json_part);
    }
    Ok(PackageWritten { path: dir.to_owned(), data, rows: written? })
}

/// The data package's schema as the public copy is: fields in the CSV's order,
/// a column that goes out masked or generalised typed as text, and the marker
/// of suppressed cells read as a missing value.
fn public_schema(conn: &Connection, dataset: DatasetId, doc: &mut Value) -> Result<(), SensitiveError> {
    let report = report(conn, dataset)?;
    let plan = sensitive::public_plan(&report);
    let (_, names) = sensitive::latest_table(conn, dataset)?;
    let suppressed = sensitive::disclosure::Suppressed::load(conn, dataset)?;
    let Some(schema) = doc.pointer_mut("/resources/0/schema") else { return Ok(()) };
    let old: Vec<Value> = schema["fields"].as_array().cloned().unwrap_or_default();
    let mut fields = Vec::new();
    for (name, how) in names.iter().zip(&plan) {
        let Some(how) = how else { continue };
        let mut f = old
            .iter()
            .find(|f| f["name"].as_str() == Some(name.as_str()))
            .cloned()
            .unwrap_or_else(|| serde_json::json!({ "name": name, "type": "string" }));
        if how.operator != Operator::Keep || how.coarsen.is_some() {
            if let Some(o) = f.as_object_mut() {
                o.insert("type".into(), Value::from("string"));
                for k in ["format", "trueValues", "falseValues"] {
                    o.remove(k);
                }
            }
        }
        fields.push(f);
    }
    schema["fields"] = Value::Array(fields);
    schema["missingValues"] = serde_json::json!(["", suppressed.marker()]);
    Ok(())
}

/// Keys of a JSON document told apart in the gate's report.
const SLOTS: usize = 256;

/// Passes every string of a JSON document through the gate.
pub fn gate_json(doc: &Value) -> Result<(), SensitiveError> {
    fn walk(v: &Value, key: &str, gate: &mut Gate, names: &mut Vec<String>) {
        // An exempt key exempts everything under it (DCAT nests the contact
        // point's telephone inside dcat:contactPoint).
        let lower = key.to_ascii_lowercase();
        if CONTACT_KEYS.iter().any(|k| lower == *k || (k.len() > 4 && lower.contains(k))) {
            return;
        }
        match v {
            Value::String(s) => {
                let i = names.iter().position(|n| n == key).unwrap_or_else(|| {
                    names.push(key.to_owned());
                    names.len() - 1
                });
                gate.check(i.min(SLOTS - 1), 0, s);
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, key, gate, names)),
            Value::Object(o) => {
                // CKAN extras are {key, value} pairs: the pair's key names the value.
                let extra_key = o.get("key").and_then(Value::as_str);
                for (k, x) in o {
                    let name = match (k.as_str(), extra_key) {
                        ("value", Some(ek)) => ek.to_owned(),
                        _ => k.clone(),
                    };
                    walk(x, &name, gate, names);
                }
            }
            _ => {}
        }
    }
    // Up to 256 distinct keys are told apart; the rest share the last slot.
    let slots: Vec<String> = (0..SLOTS).map(|i| format!("field{i}")).collect();
    let slot_refs: Vec<&str> = slots.iter().map(String::as_str).collect();
    let mut gate = Gate::for_text(&slot_refs);
    let mut names = Vec::new();
    walk(doc, "", &mut gate, &mut names);
    let mut blocking = gate.blocking();
    if blocking.is_empty() {
        return Ok(());
    }
    for b in &mut blocking {
        if let Some(n) = names.get(b.position as usize) {
            b.name = n.clone();
        }
    }
    Err(blocked(&blocking))
}

fn metadata_of(conn: &Connection, dataset: DatasetId) -> Result<DatasetMetadata, SensitiveError> {
    Ok(metadata::get(conn, dataset)?)
}

/// Positions of columns the masking policy drops.
fn dropped(conn: &Connection, dataset: DatasetId) -> Result<Vec<u32>, SensitiveError> {
    Ok(sensitive::saved(conn, dataset)?
        .map(|r| r.columns.iter().filter(|c| c.operator == Operator::Drop).map(|c| c.finding.position).collect())
        .unwrap_or_default())
}
