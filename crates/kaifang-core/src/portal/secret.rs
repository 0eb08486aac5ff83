//! Portal API tokens in the OS keyring (Secret Service on Linux, Credential
//! Manager on Windows, Keychain on macOS). A token is held in a `SecretString`
//! so that it never shows in Debug output, logs or error messages.

use secrecy::{ExposeSecret, SecretString};

use super::PortalError;

const SERVICE: &str = "kaifang";

/// An API token.
#[derive(Clone)]
pub struct Token(SecretString);

impl Token {
    pub fn new(token: &str) -> Option<Self> {
        let t = token.trim();
        (!t.is_empty() && !t.chars().any(char::is_control)).then(|| Token(SecretString::from(t.to_owned())))
    }

    pub(super) fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

fn keyring_error(e: keyring::Error) -> PortalError {
    // The keyring's own messages never contain the secret.
    PortalError::Keyring(e.to_string())
}

fn entry(key: &str) -> Result<keyring::Entry, PortalError> {
    keyring::Entry::new(SERVICE, key).map_err(keyring_error)
}

pub fn store_token(key: &str, token: &Token) -> Result<(), PortalError> {
    entry(key)?.set_password(token.expose()).map_err(keyring_error)
}

pub fn load_token(key: &str) -> Result<Option<Token>, PortalError> {
    match entry(key)?.get_password() {
        Ok(t) => Ok(Token::new(&t)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keyring_error(e)),
    }
}

pub fn delete_token(key: &str) -> Result<(), PortalError> {
    match entry(key)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keyring_error(e)),
    }
}
