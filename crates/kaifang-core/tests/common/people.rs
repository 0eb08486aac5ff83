//! Users with passphrases for tests: the first user of a workspace, users a
//! steward adds, unlocking, and trusting a steward's office key elsewhere.

#![allow(clippy::unwrap_used)] // test support fails loudly by design

use kaifang_core::audit::Source;
use kaifang_core::auth::{self, Role, Unlocked};
use kaifang_core::Workspace;
use secrecy::SecretString;

pub const PASSPHRASE: &str = "门前大桥下游过一群鸭";

pub fn pass() -> SecretString {
    SecretString::from(PASSPHRASE.to_owned())
}

/// The workspace's first user (who is made a steward), unlocked.
pub fn first(ws: &mut Workspace, name: &str, roles: &[Role]) -> Unlocked {
    auth::add_user(ws, name, roles, Some(&pass()), None, Source::System).unwrap();
    unlock(ws, name)
}

/// A user a steward adds.
pub fn add(ws: &mut Workspace, by: &Unlocked, name: &str, roles: &[Role]) {
    auth::add_user(ws, name, roles, Some(&pass()), Some(by), Source::System).unwrap();
}

pub fn unlock(ws: &mut Workspace, name: &str) -> Unlocked {
    auth::unlock(ws, name, &pass(), Source::System, "test").unwrap()
}

/// `steward`'s office key from `from`, trusted in `to` by `by`.
pub fn trust(from: &Workspace, steward: &str, to: &mut Workspace, by: &Unlocked) {
    let key = auth::export_key(from.conn(), steward).unwrap();
    auth::trust(to, &key, by).unwrap();
}
