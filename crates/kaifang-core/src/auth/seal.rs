//! Passphrase hashes (Argon2id, PHC strings) and secrets sealed with a
//! passphrase: an Argon2id-derived key (its own salt) and XChaCha20-Poly1305.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::AuthError;

const SEALED_PREFIX: &str = "xc20p1";

pub fn hash_passphrase(passphrase: &SecretString) -> Result<String, AuthError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(passphrase.expose_secret().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Crypto { what: "hash the passphrase", reason: e.to_string() })
}

/// False for a wrong passphrase and for a stored hash that does not parse.
pub fn verify_passphrase(passphrase: &SecretString, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|h| Argon2::default().verify_password(passphrase.expose_secret().as_bytes(), &h).is_ok())
}

fn derive(passphrase: &SecretString, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>, AuthError> {
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::default()
        .hash_password_into(passphrase.expose_secret().as_bytes(), salt, key.as_mut())
        .map_err(|e| AuthError::Crypto { what: "derive the sealing key", reason: e.to_string() })?;
    Ok(key)
}

pub fn seal(secret: &[u8], passphrase: &SecretString) -> Result<String, AuthError> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut nonce);
    let key = derive(passphrase, &salt)?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), secret)
        .map_err(|e| AuthError::Crypto { what: "seal the keys", reason: e.to_string() })?;
    Ok(format!("{SEALED_PREFIX}${}${}${}", hex::encode(salt), hex::encode(nonce), hex::encode(sealed)))
}

/// `None` when the passphrase does not open it (or it is damaged).
pub fn open(sealed: &str, passphrase: &SecretString) -> Result<Option<Zeroizing<Vec<u8>>>, AuthError> {
    let parts: Vec<&str> = sealed.split('$').collect();
    let [SEALED_PREFIX, salt, nonce, body] = parts.as_slice() else { return Ok(None) };
    let (Ok(salt), Ok(nonce), Ok(body)) = (hex::decode(salt), hex::decode(nonce), hex::decode(body)) else {
        return Ok(None);
    };
    if nonce.len() != 24 {
        return Ok(None);
    }
    let key = derive(passphrase, &salt)?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    Ok(cipher.decrypt(XNonce::from_slice(&nonce), body.as_slice()).ok().map(Zeroizing::new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_passphrase() {
        let right = SecretString::from("门前大桥下".to_owned());
        let wrong = SecretString::from("门前大桥上".to_owned());
        let sealed = seal(b"secret bytes", &right).unwrap();
        assert_eq!(open(&sealed, &right).unwrap().as_deref().map(Vec::as_slice), Some(&b"secret bytes"[..]));
        assert!(open(&sealed, &wrong).unwrap().is_none());
        let hash = hash_passphrase(&right).unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_passphrase(&right, &hash));
        assert!(!verify_passphrase(&wrong, &hash));
    }
}
