//! Steward keys, office key files and the keys a workspace trusts.
//!
//! A steward's Ed25519 key signs their decisions; their X25519 key (an age
//! identity) opens the submissions bundles clerks encrypt to them. Both are
//! sealed with the steward's passphrase. The public halves travel as an office
//! key file (`.kaifang-key`) with a short fingerprint to read out over the phone;
//! a workspace trusts a key only when someone imports that file, never because
//! a bundle names it.

use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

use age::secrecy::ExposeSecret as _;
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use rand_core::OsRng;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{seal, steward, AuthError, Unlocked};
use crate::audit;
use crate::clock::now_rfc3339;
use crate::workspace::Workspace;

pub const KEY_FILE_EXTENSION: &str = "kaifang-key";
const KEY_FORMAT: &str = "kaifang-key";
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// The short form of a public key: SHA-256, first 80 bits, base32 in four groups
/// (`K7QD-M2XA-9F4R-TZ3B`), easy to read out and compare.
pub fn fingerprint_of(public: &[u8; 32]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let digest = Sha256::digest(public);
    let mut bits: u128 = 0;
    for b in &digest[..10] {
        bits = (bits << 8) | u128::from(*b);
    }
    let chars: Vec<char> = (0..16).rev().map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A steward's unsealed keys.
pub struct StewardKeys {
    signing: SigningKey,
    age: age::x25519::Identity,
}

/// Keys sealed with a passphrase, ready to store.
pub(super) struct Sealed {
    public: String,
    recipient: String,
    fingerprint: String,
    sealed: String,
}

impl Sealed {
    pub fn store(&self, tx: &Transaction<'_>, name: &str) -> Result<(), AuthError> {
        tx.execute(
            "UPDATE users SET key_public = ?1, key_recipient = ?2, key_fingerprint = ?3, key_sealed = ?4 WHERE name = ?5",
            params![self.public, self.recipient, self.fingerprint, self.sealed, name],
        )?;
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
struct SecretHalves {
    ed25519: String,
    age: String,
}

impl StewardKeys {
    pub(super) fn generate() -> Self {
        StewardKeys { signing: SigningKey::generate(&mut OsRng), age: age::x25519::Identity::generate() }
    }

    pub fn fingerprint(&self) -> String {
        fingerprint_of(self.signing.verifying_key().as_bytes())
    }

    pub fn recipient(&self) -> age::x25519::Recipient {
        self.age.to_public()
    }

    pub(super) fn seal(&self, passphrase: &SecretString) -> Result<Sealed, AuthError> {
        let halves = zeroize::Zeroizing::new(
            serde_json::to_vec(&SecretHalves {
                ed25519: hex::encode(self.signing.to_bytes()),
                age: self.age.to_string().expose_secret().to_owned(),
            })
            .map_err(|e| AuthError::Crypto { what: "seal the keys", reason: e.to_string() })?,
        );
        Ok(Sealed {
            public: hex::encode(self.signing.verifying_key().as_bytes()),
            recipient: self.age.to_public().to_string(),
            fingerprint: self.fingerprint(),
            sealed: seal::seal(&halves, passphrase)?,
        })
    }

    /// The user's keys, opened with their (already verified) passphrase; `None`
    /// when they have none yet.
    pub(super) fn load(conn: &Connection, name: &str, passphrase: &SecretString) -> Result<Option<Self>, AuthError> {
        let sealed: Option<String> =
            conn.query_row("SELECT key_sealed FROM users WHERE name = ?1", [name], |r| r.get(0)).optional()?.flatten();
        let Some(sealed) = sealed else { return Ok(None) };
        let bytes = seal::open(&sealed, passphrase)?.ok_or_else(|| AuthError::Sealed(name.to_owned()))?;
        let halves: SecretHalves = serde_json::from_slice(&bytes).map_err(|_| AuthError::Sealed(name.to_owned()))?;
        let seed: [u8; 32] = hex::decode(&halves.ed25519)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| AuthError::Sealed(name.to_owned()))?;
        let age = age::x25519::Identity::from_str(&halves.age).map_err(|_| AuthError::Sealed(name.to_owned()))?;
        Ok(Some(StewardKeys { signing: SigningKey::from_bytes(&seed), age }))
    }

    pub fn sign(&self, message: &[u8]) -> Signed {
        Signed { signer: self.fingerprint(), signature: hex::encode(self.signing.sign(message).to_bytes()) }
    }
}

/// A signature and the fingerprint of the key that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signed {
    pub signer: String,
    pub signature: String,
}

/// The public half of a steward's keys, as the office key file carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficeKey {
    pub format: String,
    pub format_version: u32,
    /// The steward's name.
    pub name: String,
    /// The workspace the steward works in.
    pub workspace: String,
    /// Ed25519, hex.
    pub public_key: String,
    /// X25519, as an age recipient (`age1…`).
    pub recipient: String,
    pub fingerprint: String,
}

/// A key this workspace trusts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TrustedKey {
    pub fingerprint: String,
    pub name: String,
    pub workspace: String,
    pub added_by: String,
    pub added_at: String,
}

fn workspace_id(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("SELECT value FROM meta WHERE key = 'workspace_id'", [], |r| r.get(0))
}

/// A steward's office key, to write to a `.kaifang-key` file.
pub fn export_key(conn: &Connection, name: &str) -> Result<OfficeKey, AuthError> {
    type Row = (bool, Option<String>, Option<String>, Option<String>);
    let row: Option<Row> = conn
        .query_row(
            "SELECT steward, key_public, key_recipient, key_fingerprint FROM users WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((is_steward, public, recipient, fingerprint)) = row else {
        return Err(AuthError::UserUnknown(name.to_owned()));
    };
    let (true, Some(public_key), Some(recipient), Some(fingerprint)) = (is_steward, public, recipient, fingerprint)
    else {
        return Err(AuthError::RoleMissing { user: name.to_owned(), role: "steward" });
    };
    Ok(OfficeKey {
        format: KEY_FORMAT.to_owned(),
        format_version: 1,
        name: name.to_owned(),
        workspace: workspace_id(conn)?,
        public_key,
        recipient,
        fingerprint,
    })
}

/// Reads and checks an office key file: the right format, a valid Ed25519 key
/// and age recipient, and a fingerprint that matches the key.
pub fn key_file(path: &Path) -> Result<OfficeKey, AuthError> {
    let bad = |reason: &str| AuthError::KeyFile(reason.to_owned());
    let f = std::fs::File::open(path).map_err(|e| AuthError::KeyFile(e.to_string()))?;
    let mut bytes = Vec::new();
    f.take(MAX_KEY_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| AuthError::KeyFile(e.to_string()))?;
    if bytes.len() as u64 > MAX_KEY_FILE_BYTES {
        return Err(bad("too large"));
    }
    let key: OfficeKey = serde_json::from_slice(&bytes).map_err(|e| AuthError::KeyFile(e.to_string()))?;
    if key.format != KEY_FORMAT || key.format_version != 1 {
        return Err(bad("not a Kaifang office key"));
    }
    let public = public_key(&key.public_key).ok_or_else(|| bad("the key is not an Ed25519 public key"))?;
    age::x25519::Recipient::from_str(&key.recipient).map_err(|_| bad("the recipient is not an age X25519 key"))?;
    if fingerprint_of(public.as_bytes()) != key.fingerprint {
        return Err(bad("the fingerprint does not match the key"));
    }
    if key.name.trim().is_empty() || key.name.chars().count() > 40 || key.name.chars().any(char::is_control) {
        return Err(bad("the steward's name is not acceptable"));
    }
    Ok(key)
}

fn public_key(hex_key: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(hex_key).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// Trusts `key` in this workspace (a steward action). Trusting it again changes nothing.
pub fn trust(ws: &mut Workspace, key: &OfficeKey, by: &Unlocked) -> Result<TrustedKey, AuthError> {
    steward(ws.conn(), by)?;
    ws.with_tx(|tx| -> Result<(), AuthError> {
        let added = tx.execute(
            "INSERT INTO trusted_keys (fingerprint, name, workspace, public_key, recipient, added_by, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(fingerprint) DO NOTHING",
            params![key.fingerprint, key.name, key.workspace, key.public_key, key.recipient, by.name(), now_rfc3339()],
        )?;
        if added > 0 {
            let detail = serde_json::json!({ "fingerprint": key.fingerprint, "name": key.name });
            audit::append(tx, by.actor(), "key.trusted", Some(&key.fingerprint), &detail)?;
        }
        Ok(())
    })?;
    trusted(ws.conn())?
        .into_iter()
        .find(|k| k.fingerprint == key.fingerprint)
        .ok_or_else(|| AuthError::KeyUnknown(key.fingerprint.clone()))
}

pub fn untrust(ws: &mut Workspace, fingerprint: &str, by: &Unlocked) -> Result<(), AuthError> {
    steward(ws.conn(), by)?;
    ws.with_tx(|tx| -> Result<(), AuthError> {
        if tx.execute("DELETE FROM trusted_keys WHERE fingerprint = ?1", [fingerprint])? == 0 {
            return Err(AuthError::KeyUnknown(fingerprint.to_owned()));
        }
        audit::append(tx, by.actor(), "key.untrusted", Some(fingerprint), &serde_json::json!({}))?;
        Ok(())
    })
}

pub fn trusted(conn: &Connection) -> Result<Vec<TrustedKey>, AuthError> {
    let mut stmt = conn.prepare(
        "SELECT fingerprint, name, workspace, added_by, added_at FROM trusted_keys ORDER BY name, fingerprint",
    )?;
    let rows = stmt.query_map([], |r| trusted_row(r, 0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A trusted key from its columns (fingerprint, name, workspace, added_by,
/// added_at) starting at `at`.
fn trusted_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<TrustedKey> {
    Ok(TrustedKey {
        fingerprint: r.get(at)?,
        name: r.get(at + 1)?,
        workspace: r.get(at + 2)?,
        added_by: r.get(at + 3)?,
        added_at: r.get(at + 4)?,
    })
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Unsigned,
    Untrusted(String),
    Invalid,
}

/// The trusted key that signed `message`, or why the signature is refused.
pub fn verify(
    conn: &Connection,
    signed: Option<&Signed>,
    message: &[u8],
) -> Result<Result<TrustedKey, Refusal>, AuthError> {
    let Some(signed) = signed.filter(|s| !s.signer.is_empty() && !s.signature.is_empty()) else {
        return Ok(Err(Refusal::Unsigned));
    };
    let row: Option<(String, TrustedKey)> = conn
        .query_row(
            "SELECT public_key, fingerprint, name, workspace, added_by, added_at FROM trusted_keys WHERE fingerprint = ?1",
            [&signed.signer],
            |r| Ok((r.get(0)?, trusted_row(r, 1)?)),
        )
        .optional()?;
    let Some((public, trusted)) = row else { return Ok(Err(Refusal::Untrusted(signed.signer.clone()))) };
    let Some(key) = public_key(&public) else { return Ok(Err(Refusal::Invalid)) };
    let signature = hex::decode(&signed.signature)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| ed25519_dalek::Signature::from_bytes(&b));
    match signature {
        Some(sig) if key.verify(message, &sig).is_ok() => Ok(Ok(trusted)),
        _ => Ok(Err(Refusal::Invalid)),
    }
}

/// The age recipients of every trusted steward key.
pub fn recipients(conn: &Connection) -> Result<Vec<age::x25519::Recipient>, AuthError> {
    let mut stmt = conn.prepare("SELECT recipient FROM trusted_keys ORDER BY fingerprint")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for r in rows {
        if let Ok(rec) = age::x25519::Recipient::from_str(&r?) {
            out.push(rec);
        }
    }
    Ok(out)
}

/// Encrypts everything `input` yields to `recipients` into `output`.
pub fn encrypt_to(
    recipients: &[age::x25519::Recipient],
    input: &mut dyn Read,
    output: &mut dyn Write,
) -> std::io::Result<()> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(std::io::Error::other)?;
    let mut w = encryptor.wrap_output(output)?;
    std::io::copy(input, &mut w)?;
    w.finish()?;
    Ok(())
}

/// A reader of the plaintext of an age file, if one of `keys` opens it.
pub fn decrypt_for<'a, R: Read + 'a>(keys: &[&StewardKeys], input: R) -> Option<Box<dyn Read + 'a>> {
    let decryptor = age::Decryptor::new(input).ok()?;
    let identities: Vec<&dyn age::Identity> = keys.iter().map(|k| &k.age as &dyn age::Identity).collect();
    decryptor.decrypt(identities.into_iter()).ok().map(|r| Box::new(r) as Box<dyn Read + 'a>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_four_groups_of_four() {
        let fp = fingerprint_of(&[7u8; 32]);
        assert_eq!(fp.len(), 19);
        assert_eq!(fp.matches('-').count(), 3);
        assert_ne!(fp, fingerprint_of(&[8u8; 32]));
    }

    #[test]
    fn a_signature_verifies_only_over_its_message() {
        let k = StewardKeys::generate();
        let s = k.sign(b"approve abc");
        let sig = ed25519_dalek::Signature::from_bytes(&hex::decode(&s.signature).unwrap().try_into().unwrap());
        let public = k.signing.verifying_key();
        assert!(public.verify(b"approve abc", &sig).is_ok());
        assert!(public.verify(b"approve abd", &sig).is_err());
    }
}
