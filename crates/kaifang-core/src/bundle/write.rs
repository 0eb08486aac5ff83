//! Writing bundles: every member is hashed while it is written, the manifest goes
//! last, and the file appears under its name only once complete.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use super::{
    file_label, BundleError, Decision, DecisionsFile, DictItem, FileEntry, Kind, Manifest, PolicyFile, PolicyItem,
    SubmissionRecord, Written, FORMAT, FORMAT_VERSION,
};
use crate::audit::{self, Actor};
use crate::clock::now_rfc3339;
use crate::dataset::col;
use crate::lifecycle::{self, DatasetId, DatasetStatus};
use crate::metadata::{self, DatasetMetadata};
use crate::review::{self, ReviewError};
use crate::sensitive;
use crate::workspace::Workspace;

/// Counts and hashes what passes through to the zip entry.
struct Hashing<'a, W: Write> {
    inner: &'a mut W,
    sha: Sha256,
    size: u64,
}

impl<W: Write> Write for Hashing<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sha.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A zip being written to `<out>.part` (`<out>.zip.part` when it is then
/// encrypted into `<out>.part`), with the manifest's list of members.
struct Writer {
    zip: ZipWriter<BufWriter<File>>,
    files: Vec<FileEntry>,
    part: PathBuf,
    out: PathBuf,
    _cleanup: RemoveOnDrop,
}

/// Where the finished file goes, and how.
enum Seal<'a> {
    Plain,
    /// Encrypted to these recipients (never empty).
    To(&'a [age::x25519::Recipient]),
}

/// Removes the `.part` file when the export fails; after the rename it finds nothing.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        match std::fs::remove_file(&self.0) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => eprintln!("kaifang: could not remove the partial bundle {}: {e}", self.0.display()),
        }
    }
}

impl Writer {
    fn create(out: &Path) -> Result<Self, BundleError> {
        let part = out.with_file_name(format!("{}.zip.part", file_label(out)));
        let file = File::create(&part).map_err(|e| write_error(&part, e))?;
        Ok(Writer {
            zip: ZipWriter::new(BufWriter::new(file)),
            files: Vec::new(),
            _cleanup: RemoveOnDrop(part.clone()),
            part,
            out: out.to_owned(),
        })
    }

    fn member(
        &mut self,
        path: &str,
        body: impl FnOnce(&mut dyn Write) -> Result<(), BundleError>,
    ) -> Result<(), BundleError> {
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
        self.zip.start_file(path, opts).map_err(|e| self.zip_error(e))?;
        let mut h = Hashing { inner: &mut self.zip, sha: Sha256::new(), size: 0 };
        body(&mut h)?;
        let (sha, size) = (hex::encode(h.sha.finalize()), h.size);
        self.files.push(FileEntry { path: path.to_owned(), size, sha256: sha });
        Ok(())
    }

    fn json(&mut self, path: &str, value: &impl serde::Serialize) -> Result<(), BundleError> {
        let bytes = serde_json::to_vec_pretty(value).map_err(|e| self.io_error(std::io::Error::other(e)))?;
        let part = self.part.clone();
        self.member(path, |w| w.write_all(&bytes).map_err(|e| write_error(&part, e)))
    }

    fn finish(mut self, kind: Kind, actor: &Actor, workspace: String, seal: Seal<'_>) -> Result<u64, BundleError> {
        let manifest = Manifest {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            kind,
            created_at: now_rfc3339(),
            created_by: actor.name.clone(),
            workspace,
            files: std::mem::take(&mut self.files),
        };
        let bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| self.io_error(std::io::Error::other(e)))?;
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        self.zip.start_file("manifest.json", opts).map_err(|e| self.zip_error(e))?;
        self.zip.write_all(&bytes).map_err(|e| self.io_error(e))?;
        let buf = self.zip.finish().map_err(|e| write_error(&self.part, std::io::Error::other(e)))?;
        let file = buf.into_inner().map_err(|e| write_error(&self.part, e.into_error()))?;
        file.sync_all().map_err(|e| write_error(&self.part, e))?;
        let size = file.metadata().map_err(|e| write_error(&self.part, e))?.len();
        drop(file);
        let Seal::To(recipients) = seal else {
            std::fs::rename(&self.part, &self.out).map_err(|e| write_error(&self.out, e))?;
            return Ok(size);
        };
        let sealed = self.out.with_file_name(format!("{}.part", file_label(&self.out)));
        let _cleanup = RemoveOnDrop(sealed.clone());
        let mut input = File::open(&self.part).map_err(|e| write_error(&self.part, e))?;
        let mut output = BufWriter::new(File::create(&sealed).map_err(|e| write_error(&sealed, e))?);
        crate::auth::encrypt_to(recipients, &mut input, &mut output).map_err(|e| write_error(&sealed, e))?;
        let file = output.into_inner().map_err(|e| write_error(&sealed, e.into_error()))?;
        file.sync_all().map_err(|e| write_error(&sealed, e))?;
        let size = file.metadata().map_err(|e| write_error(&sealed, e))?.len();
        drop(file);
        std::fs::rename(&sealed, &self.out).map_err(|e| write_error(&self.out, e))?;
        Ok(size)
    }

    fn zip_error(&self, e: zip::result::ZipError) -> BundleError {
        write_error(&self.part, std::io::Error::other(e))
    }

    fn io_error(&self, e: std::io::Error) -> BundleError {
        write_error(&self.part, e)
    }
}

fn write_error(path: &Path, source: std::io::Error) -> BundleError {
    BundleError::Write { path: path.display().to_string(), source }
}

fn uid(conn: &Connection, id: DatasetId) -> rusqlite::Result<String> {
    conn.query_row("SELECT uid FROM datasets WHERE id = ?1", [id], |r| r.get(0))
}

pub(super) fn workspace_id(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("SELECT value FROM meta WHERE key = 'workspace_id'", [], |r| r.get(0))
}

/// Writes every row of the dataset's current version as UTF-8 CSV with a header.
fn write_csv(conn: &Connection, id: DatasetId, out: &mut dyn Write) -> Result<(), BundleError> {
    let (table, width): (String, usize) = conn.query_row(
        "SELECT data_table, column_count FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
        [id],
        |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)),
    )?;
    let names: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT c.name FROM columns c JOIN dataset_versions v ON v.id = c.version_id
             WHERE v.data_table = ?1 ORDER BY c.position",
        )?;
        let rows = stmt.query_map([&table], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut w = csv::Writer::from_writer(out);
    let csv_err = |e: csv::Error| BundleError::Write { path: table.clone(), source: std::io::Error::other(e) };
    w.write_record(&names).map_err(csv_err)?;
    let list: Vec<String> = (0..width).map(col).collect();
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {table} ORDER BY _row", list.join(", ")))?;
    let mut rows = stmt.query([])?;
    let mut record = csv::ByteRecord::new();
    while let Some(r) = rows.next()? {
        record.clear();
        for i in 0..width {
            record.push_field(r.get_ref(i)?.as_bytes().unwrap_or(b""));
        }
        w.write_byte_record(&record).map_err(csv_err)?;
    }
    w.flush().map_err(|e| BundleError::Write { path: table.clone(), source: e })?;
    Ok(())
}

struct Outgoing {
    id: DatasetId,
    uid: String,
    meta: DatasetMetadata,
    record: SubmissionRecord,
    policy: PolicyFile,
}

fn outgoing(conn: &Connection, id: DatasetId) -> Result<Outgoing, BundleError> {
    let st = lifecycle::status(conn, id)?;
    if st != DatasetStatus::Submitted {
        return Err(ReviewError::WrongState { action: "bundle", status: st }.into());
    }
    let uid = uid(conn, id)?;
    let meta = metadata::get(conn, id)?;
    let (submitted_by, submitted_at, content_hash): (String, String, String) = conn.query_row(
        "SELECT actor, at, content_hash FROM reviews WHERE dataset_id = ?1 AND action = 'submit' ORDER BY id DESC LIMIT 1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let known_approved_hash: Option<String> = conn
        .query_row(
            "SELECT content_hash FROM reviews WHERE dataset_id = ?1 AND action = 'approve' ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let (version, rows): (i64, i64) = conn.query_row(
        "SELECT version, row_count FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let report = sensitive::saved(conn, id)?;
    let disclosure = sensitive::disclosure::portable(conn, id)?;
    let cleaning = crate::clean::portable(conn, id).map_err(|e| BundleError::Cleaning(Box::new(e)))?;
    let policy = PolicyFile {
        disclosure,
        cleaning,
        columns: report
            .map(|r| {
                r.columns
                    .iter()
                    .map(|c| PolicyItem {
                        name: c.finding.name.clone(),
                        operator: c.operator.as_str().to_owned(),
                        reason: c.reason.clone(),
                        keep_head: c.keep_head,
                        keep_tail: c.keep_tail,
                        coarsen: c.coarsen,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    let (name, origin): (String, Option<String>) =
        conn.query_row("SELECT name, origin FROM datasets WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let record = SubmissionRecord {
        dataset_uid: uid.clone(),
        origin: match origin {
            Some(o) => o,
            None => workspace_id(conn)?,
        },
        name,
        version,
        content_hash,
        known_approved_hash,
        submitted_by,
        submitted_at,
        columns: meta.dictionary.iter().map(|d| d.name.clone()).collect(),
        rows: rows as u64,
        metadata: meta.values.clone(),
        dictionary: meta
            .dictionary
            .iter()
            .map(|d| DictItem {
                name: d.name.clone(),
                group: d.group.clone(),
                description: d.description.clone(),
                unit: d.unit.clone(),
                open: d.open,
            })
            .collect(),
    };
    Ok(Outgoing { id, uid, meta, record, policy })
}

/// Writes the submitted datasets `keys` to `out` for a steward elsewhere.
pub fn export_submissions(
    ws: &mut Workspace,
    keys: &[DatasetId],
    out: &Path,
    actor: &Actor,
) -> Result<Written, BundleError> {
    if keys.is_empty() {
        return Err(BundleError::Empty);
    }
    let items: Vec<Outgoing> = keys.iter().map(|k| outgoing(ws.conn(), *k)).collect::<Result<_, _>>()?;
    // Raw data leaves only encrypted to the stewards this office trusts.
    let recipients = crate::auth::recipients(ws.conn())?;
    if recipients.is_empty() {
        return Err(BundleError::NoRecipient);
    }
    let mut w = Writer::create(out)?;
    let entries: Vec<(&DatasetMetadata, &str, String)> =
        items.iter().map(|o| (&o.meta, o.uid.as_str(), format!("data/{}.csv", o.uid))).collect();
    let refs: Vec<(&DatasetMetadata, &str, &str)> = entries.iter().map(|(m, u, p)| (*m, *u, p.as_str())).collect();
    w.json("datapackage.json", &metadata::review_datapackage("kaifang-submissions", &refs))?;
    for o in &items {
        w.member(&format!("data/{}.csv", o.uid), |out| write_csv(ws.conn(), o.id, out))?;
        w.json(&format!("policy/{}.json", o.uid), &o.policy)?;
        w.json(&format!("submissions/{}.json", o.uid), &o.record)?;
    }
    let bytes = w.finish(Kind::Submissions, actor, workspace_id(ws.conn())?, Seal::To(&recipients))?;
    let file_name = file_label(out);
    ws.with_tx(|tx| -> Result<(), BundleError> {
        for o in &items {
            let detail = serde_json::json!({ "kind": "submissions", "file": file_name, "version": o.record.version });
            audit::append(tx, actor, "bundle.exported", Some(&o.id.to_string()), &detail)?;
        }
        Ok(())
    })?;
    Ok(Written { file_name, datasets: items.len(), bytes })
}

/// The decision to send back for a dataset that arrived in a bundle: the latest
/// approval or return made after its latest bundled submission.
fn decision(conn: &Connection, id: DatasetId) -> Result<(DatasetId, Decision), BundleError> {
    let st = lifecycle::status(conn, id)?;
    let origin: Option<(i64, String)> = conn
        .query_row(
            "SELECT origin_version, origin_hash FROM bundle_submissions WHERE dataset_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let decided: Option<(i64, String, String, String, Option<String>, String)> = conn
        .query_row(
            "SELECT id, action, actor, at, comment, content_hash FROM reviews
             WHERE dataset_id = ?1 AND action IN ('approve', 'return')
               AND id > (SELECT coalesce(max(id), 0) FROM reviews WHERE dataset_id = ?1 AND action = 'submit')
             ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    let (Some((origin_version, _)), Some((review_id, action, actor, at, comment, hash))) = (origin, decided) else {
        return Err(ReviewError::WrongState { action: "send_back", status: st }.into());
    };
    let comments = review::comments(conn, review_id)?;
    let (uid, name): (String, String) =
        conn.query_row("SELECT uid, name FROM datasets WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    // Decided before decisions were signed: the steward decides again.
    let Some(signed) = review::signature(conn, review_id)? else {
        return Err(BundleError::Unsigned { dataset: name });
    };
    Ok((
        id,
        Decision {
            dataset_uid: uid,
            name,
            origin_version,
            origin_hash: hash,
            action,
            actor,
            at,
            comment,
            comments,
            signer: signed.signer,
            signature: signed.signature,
        },
    ))
}

/// Writes the steward's decisions on `keys` to `out`, for the clerk's workspace.
pub fn export_decisions(
    ws: &mut Workspace,
    keys: &[DatasetId],
    out: &Path,
    actor: &Actor,
) -> Result<Written, BundleError> {
    if keys.is_empty() {
        return Err(BundleError::Empty);
    }
    let items: Vec<(DatasetId, Decision)> = keys.iter().map(|k| decision(ws.conn(), *k)).collect::<Result<_, _>>()?;
    let mut w = Writer::create(out)?;
    let file = DecisionsFile { decisions: items.iter().map(|(_, d)| d.clone()).collect() };
    w.json("decisions.json", &file)?;
    let bytes = w.finish(Kind::Decisions, actor, workspace_id(ws.conn())?, Seal::Plain)?;
    let file_name = file_label(out);
    ws.with_tx(|tx| -> Result<(), BundleError> {
        for (id, d) in &items {
            let detail = serde_json::json!({ "kind": "decisions", "file": file_name, "action": d.action });
            audit::append(tx, actor, "bundle.exported", Some(&id.to_string()), &detail)?;
        }
        Ok(())
    })?;
    Ok(Written { file_name, datasets: items.len(), bytes })
}
