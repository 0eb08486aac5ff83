//! Reading a bundle without trusting it. Everything here happens before the
//! workspace is touched: member names against the allow-list (and no name
//! twice), the overlap check, the declared sizes against the cap, the manifest
//! against the zip's own directory, and each member unpacked into a staging
//! folder through a reader that stops one byte past the declared size while the
//! SHA-256 is computed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::{
    allowed, file_label, shown, BundleError, Manifest, FORMAT, FORMAT_VERSION, MAX_CONTENT_BYTES, MAX_JSON_BYTES,
};

/// A verified bundle unpacked into a staging folder (removed on drop).
pub(super) struct Staged {
    pub manifest: Manifest,
    pub file: String,
    /// SHA-256 of the bundle file itself.
    pub sha256: String,
    dir: tempfile::TempDir,
    members: BTreeMap<String, (PathBuf, u64)>,
}

impl Staged {
    pub fn path(&self, member: &str) -> Option<&Path> {
        self.members.get(member).map(|(p, _)| p.as_path())
    }

    pub fn has(&self, member: &str) -> bool {
        self.members.contains_key(member)
    }

    /// A JSON member, parsed; a missing one is a manifest that lies.
    pub fn json<T: DeserializeOwned>(&self, member: &str) -> Result<T, BundleError> {
        let (path, size) = self.members.get(member).ok_or_else(|| self.tampered(member))?;
        if *size > MAX_JSON_BYTES {
            return Err(BundleError::TooLarge { file: self.file.clone(), size: *size, limit: MAX_JSON_BYTES });
        }
        let bytes = std::fs::read(path).map_err(|e| self.corrupt(e.to_string()))?;
        serde_json::from_slice(&bytes).map_err(|e| self.corrupt(format!("{member}: {e}")))
    }

    pub fn tampered(&self, member: &str) -> BundleError {
        BundleError::Tampered { file: self.file.clone(), member: shown(member) }
    }

    pub fn corrupt(&self, reason: String) -> BundleError {
        BundleError::Corrupt { file: self.file.clone(), reason }
    }

    pub fn staging_dir(&self) -> &Path {
        self.dir.path()
    }
}

/// What an encrypted bundle starts with (age's header line).
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1";

/// The bundle's zip: the file itself, or (for an encrypted bundle) its plaintext
/// decrypted into a temporary file beside the staging folder.
pub(super) enum Opened {
    Plain,
    Decrypted(tempfile::NamedTempFile),
}

/// Decrypts `bundle` if it is encrypted; `keys` are the unlocked steward's.
pub(super) fn open_sealed(
    bundle: &Path,
    staging_parent: &Path,
    keys: Option<&crate::auth::StewardKeys>,
) -> Result<Opened, BundleError> {
    let file_name = file_label(bundle);
    let corrupt = |reason: String| BundleError::Corrupt { file: file_name.clone(), reason };
    let mut f = File::open(bundle).map_err(|e| corrupt(e.to_string()))?;
    let mut head = [0u8; 21];
    let n = read_up_to(&mut f, &mut head).map_err(|e| corrupt(e.to_string()))?;
    if head[..n] != *AGE_MAGIC {
        return Ok(Opened::Plain);
    }
    let keys = keys.ok_or(crate::auth::AuthError::UnlockRequired)?;
    let f = File::open(bundle).map_err(|e| corrupt(e.to_string()))?;
    let Some(plain) = crate::auth::decrypt_for(&[keys], BufReader::new(f)) else {
        return Err(BundleError::NotForYou { file: file_name.clone() });
    };
    let mut out = tempfile::Builder::new()
        .prefix(&crate::paths::staging_prefix())
        .suffix(".zip")
        .tempfile_in(staging_parent)
        .map_err(|e| BundleError::Write { path: staging_parent.display().to_string(), source: e })?;
    // The plaintext may be no larger than what a bundle may unpack to, plus its zip structure.
    let limit = MAX_CONTENT_BYTES + MAX_JSON_BYTES;
    let copied = std::io::copy(&mut plain.take(limit + 1), out.as_file_mut()).map_err(|e| corrupt(e.to_string()))?;
    if copied > limit {
        return Err(BundleError::TooLarge { file: file_name.clone(), size: copied, limit });
    }
    Ok(Opened::Decrypted(out))
}

/// Whether the file at `path` is an encrypted bundle (a submissions bundle made
/// by this version); false when it cannot be read.
pub fn is_encrypted(path: &Path) -> bool {
    let mut head = [0u8; 21];
    File::open(path).and_then(|mut f| read_up_to(&mut f, &mut head)).is_ok_and(|n| head[..n] == *AGE_MAGIC)
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        let k = f.read(&mut buf[n..])?;
        if k == 0 {
            break;
        }
        n += k;
    }
    Ok(n)
}

/// Verifies the zip at `bundle` (named `file_name` in messages) and unpacks it
/// into a new folder inside `staging_parent`.
pub(super) fn unpack(bundle: &Path, file_name: String, staging_parent: &Path) -> Result<Staged, BundleError> {
    let corrupt = |reason: String| BundleError::Corrupt { file: file_name.clone(), reason };
    let unsafe_path = |member: &str| BundleError::UnsafePath { file: file_name.clone(), member: shown(member) };
    let tampered = |member: &str| BundleError::Tampered { file: file_name.clone(), member: shown(member) };

    let f = File::open(bundle).map_err(|e| corrupt(e.to_string()))?;
    let entries = directory_entries(&f).map_err(|e| corrupt(e.to_string()))?;
    let mut zip = ZipArchive::new(BufReader::new(f)).map_err(|e| corrupt(e.to_string()))?;
    // The zip crate keeps only the last of two entries with one name (a second
    // manifest.json could hide behind the first): the directory's own count tells.
    if entries != Some(zip.len() as u64) {
        return Err(unsafe_path("(duplicate entries)"));
    }
    if zip.has_overlapping_files().map_err(|e| corrupt(e.to_string()))? {
        return Err(unsafe_path("(overlapping entries)"));
    }
    let mut names = BTreeSet::new();
    let mut declared: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| corrupt(e.to_string()))?;
        let name = entry.name().map_err(|e| corrupt(e.to_string()))?.into_owned();
        if !names.insert(name.clone()) {
            return Err(unsafe_path(&name));
        }
        if name != "manifest.json" && !allowed(&name) {
            return Err(unsafe_path(&name));
        }
        if entry.encrypted() {
            return Err(corrupt(format!("{} is encrypted", shown(&name))));
        }
        declared.insert(name, (i, entry.size()));
    }
    let Some(&(manifest_index, manifest_size)) = declared.get("manifest.json") else {
        return Err(corrupt("no manifest.json".into()));
    };
    if manifest_size > MAX_JSON_BYTES {
        return Err(BundleError::TooLarge { file: file_name.clone(), size: manifest_size, limit: MAX_JSON_BYTES });
    }
    let manifest: Manifest = {
        let mut bytes = Vec::new();
        let entry = zip.by_index(manifest_index).map_err(|e| corrupt(e.to_string()))?;
        entry.take(MAX_JSON_BYTES + 1).read_to_end(&mut bytes).map_err(|e| corrupt(e.to_string()))?;
        let head: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| corrupt(format!("manifest: {e}")))?;
        if head.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(corrupt("not a Kaifang bundle".into()));
        }
        // Checked before the rest is parsed: a newer format may change its shape.
        let version = head.get("format_version").and_then(serde_json::Value::as_u64).unwrap_or(0);
        if version > u64::from(FORMAT_VERSION) {
            return Err(BundleError::NewerFormat { file: file_name.clone(), version: version as u32 });
        }
        serde_json::from_value(head).map_err(|e| corrupt(format!("manifest: {e}")))?
    };
    let total = manifest.files.iter().fold(0u64, |t, f| t.saturating_add(f.size));
    if total > MAX_CONTENT_BYTES {
        return Err(BundleError::TooLarge { file: file_name.clone(), size: total, limit: MAX_CONTENT_BYTES });
    }
    // The manifest and the zip must list the same members, with the same sizes.
    let mut listed = BTreeSet::new();
    for f in &manifest.files {
        if !allowed(&f.path) || !listed.insert(f.path.as_str()) {
            return Err(unsafe_path(&f.path));
        }
        match declared.get(&f.path) {
            Some(&(_, size)) if size == f.size => {}
            _ => return Err(tampered(&f.path)),
        }
    }
    if let Some(extra) = declared.keys().find(|n| *n != "manifest.json" && !listed.contains(n.as_str())) {
        return Err(tampered(extra));
    }

    let dir = tempfile::Builder::new()
        .prefix(&crate::paths::staging_prefix())
        .tempdir_in(staging_parent)
        .map_err(|e| BundleError::Write { path: staging_parent.display().to_string(), source: e })?;
    let mut members = BTreeMap::new();
    for (n, f) in manifest.files.iter().enumerate() {
        let (index, _) = declared[&f.path];
        // Staged under a name of our own: nothing from the zip becomes a path.
        let dest = dir.path().join(format!("m{n}"));
        let mut out =
            File::create(&dest).map_err(|e| BundleError::Write { path: dest.display().to_string(), source: e })?;
        let entry = zip.by_index(index).map_err(|e| corrupt(e.to_string()))?;
        let mut limited = entry.take(f.size + 1);
        let mut sha = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut got = 0u64;
        loop {
            let k = limited.read(&mut buf).map_err(|e| corrupt(format!("{}: {e}", shown(&f.path))))?;
            if k == 0 {
                break;
            }
            got += k as u64;
            if got > f.size {
                return Err(tampered(&f.path));
            }
            sha.update(&buf[..k]);
            out.write_all(&buf[..k]).map_err(|e| BundleError::Write { path: dest.display().to_string(), source: e })?;
        }
        if got != f.size || hex::encode(sha.finalize()) != f.sha256.to_ascii_lowercase() {
            return Err(tampered(&f.path));
        }
        members.insert(f.path.clone(), (dest, f.size));
    }
    let sha256 = {
        let mut file = File::open(bundle).map_err(|e| corrupt(e.to_string()))?;
        let mut sha = Sha256::new();
        std::io::copy(&mut file, &mut sha).map_err(|e| corrupt(e.to_string()))?;
        hex::encode(sha.finalize())
    };
    Ok(Staged { manifest, file: file_name, sha256, dir, members })
}

/// The number of entries the end-of-central-directory record declares, or
/// `None` when it says 0xFFFF (a Zip64 count; Kaifang never writes that many).
fn directory_entries(f: &File) -> std::io::Result<Option<u64>> {
    use std::io::{Seek, SeekFrom};
    let mut f = f;
    let len = f.seek(SeekFrom::End(0))?;
    let tail_len = len.min(22 + 65_535);
    f.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = vec![0u8; tail_len as usize];
    f.read_exact(&mut tail)?;
    f.seek(SeekFrom::Start(0))?;
    // The record is 22 bytes plus a comment that runs to the end of the file.
    for i in (0..tail.len().saturating_sub(21)).rev() {
        if tail[i..i + 4] == *b"PK\x05\x06" {
            let comment = u16::from_le_bytes([tail[i + 20], tail[i + 21]]) as usize;
            if i + 22 + comment == tail.len() {
                let total = u16::from_le_bytes([tail[i + 10], tail[i + 11]]);
                return Ok((total != u16::MAX).then_some(u64::from(total)));
            }
        }
    }
    Ok(None)
}
