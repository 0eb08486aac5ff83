//! People, passphrases and steward keys.
//!
//! Every user has a passphrase, stored as an Argon2id hash. [`unlock`] is the
//! only way to obtain an [`Unlocked`], the proof that a named person typed their
//! passphrase; every steward action takes one, so an approval can never be made
//! under a name that did not prove itself. Wrong passphrases are audited and
//! slowed down (see [`wait_after`]).
//!
//! Only a steward adds users or grants roles. The one exception is the first
//! user of a workspace where nobody has a passphrase yet (a new workspace, or one
//! from before passphrases): that user is made a steward.
//!
//! Each steward has an Ed25519 signing key and an X25519 (age) decryption key,
//! sealed with their passphrase (see `keys.rs`).

mod keys;
mod seal;

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::clock::now_rfc3339;
use crate::error::{params as p, Coded, ErrorCode};
use crate::workspace::{Workspace, WorkspaceError};

pub use keys::{
    decrypt_for, encrypt_to, export_key, fingerprint_of, key_file, recipients, trust, trusted, untrust, verify,
    OfficeKey, Refusal, Signed, StewardKeys, TrustedKey, KEY_FILE_EXTENSION,
};

/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// How long a desktop steward session stays unlocked without use.
pub const STEWARD_IDLE_SECONDS: u64 = 10 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Clerk,
    Steward,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Steward => "steward",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct User {
    pub name: String,
    pub clerk: bool,
    pub steward: bool,
    /// Whether the user has set a passphrase (switching to them needs it).
    pub has_passphrase: bool,
    /// A steward's key fingerprint, once their keys exist.
    pub fingerprint: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("no user {0} in this workspace")]
    UserUnknown(String),
    /// A change on the command line without a named user, in a workspace
    /// with `users` users (not exactly one to take).
    #[error("who is acting? name a user with --as or KAIFANG_USER")]
    IdentityRequired { users: usize },
    #[error("{user} is not a {role}")]
    RoleMissing { user: String, role: &'static str },
    #[error("the user name is not acceptable")]
    InvalidUserName,
    #[error("{0} has no passphrase yet")]
    PassphraseMissing(String),
    #[error("wrong passphrase for {0}")]
    PassphraseWrong(String),
    #[error("too many wrong passphrases for {user}: wait {seconds} s")]
    Throttled { user: String, seconds: u64 },
    #[error("a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters")]
    PassphraseWeak,
    #[error("this needs a steward's passphrase")]
    UnlockRequired,
    #[error("not an office key file: {0}")]
    KeyFile(String),
    #[error("no key with fingerprint {0}")]
    KeyUnknown(String),
    #[error("the sealed keys of {0} cannot be opened")]
    Sealed(String),
    #[error("cannot {what}: {reason}")]
    Crypto { what: &'static str, reason: String },
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

impl From<rusqlite::Error> for AuthError {
    fn from(e: rusqlite::Error) -> Self {
        AuthError::Workspace(WorkspaceError::Sqlite(e))
    }
}

impl Coded for AuthError {
    fn code(&self) -> ErrorCode {
        match self {
            AuthError::UserUnknown(_) => ErrorCode::UserUnknown,
            AuthError::IdentityRequired { .. } => ErrorCode::UserRequired,
            AuthError::RoleMissing { .. } => ErrorCode::RoleMissing,
            AuthError::InvalidUserName => ErrorCode::UserInvalidName,
            AuthError::PassphraseMissing(_) => ErrorCode::AuthPassphraseMissing,
            AuthError::PassphraseWrong(_) => ErrorCode::AuthPassphraseWrong,
            AuthError::Throttled { .. } => ErrorCode::AuthThrottled,
            AuthError::PassphraseWeak => ErrorCode::AuthPassphraseWeak,
            AuthError::UnlockRequired => ErrorCode::AuthUnlockRequired,
            AuthError::KeyFile(_) => ErrorCode::KeyFileInvalid,
            AuthError::KeyUnknown(_) => ErrorCode::KeyUnknown,
            AuthError::Sealed(_) | AuthError::Crypto { .. } => ErrorCode::Internal,
            AuthError::Workspace(e) => e.code(),
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        match self {
            AuthError::IdentityRequired { users } => p([("users", users.to_string())]),
            AuthError::UserUnknown(u)
            | AuthError::PassphraseMissing(u)
            | AuthError::PassphraseWrong(u)
            | AuthError::Sealed(u) => p([("user", u.clone())]),
            AuthError::RoleMissing { user, role } => p([("user", user.clone()), ("role", (*role).to_owned())]),
            AuthError::Throttled { user, seconds } => p([("user", user.clone()), ("seconds", seconds.to_string())]),
            AuthError::PassphraseWeak => p([("min", MIN_PASSPHRASE_CHARS.to_string())]),
            AuthError::KeyUnknown(f) => p([("fingerprint", f.clone())]),
            AuthError::Workspace(e) => e.params(),
            _ => BTreeMap::new(),
        }
    }
}

/// Proof that a user typed their passphrase: only [`unlock`] (and adding or
/// claiming a user with a new passphrase) makes one. A steward's carries their
/// unsealed keys, to sign decisions and open bundles sent to them.
pub struct Unlocked {
    actor: Actor,
    steward: bool,
    keys: Option<StewardKeys>,
}

impl std::fmt::Debug for Unlocked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unlocked").field("actor", &self.actor).field("steward", &self.steward).finish_non_exhaustive()
    }
}

impl Unlocked {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn name(&self) -> &str {
        &self.actor.name
    }

    pub fn is_steward(&self) -> bool {
        self.steward
    }

    pub fn keys(&self) -> Option<&StewardKeys> {
        self.keys.as_ref()
    }
}

/// Checks, against the workspace as it is now, that `who` is a steward (a role
/// may have been taken away since the unlock) and returns their keys.
pub fn steward<'a>(conn: &Connection, who: &'a Unlocked) -> Result<&'a StewardKeys, AuthError> {
    let u = user(conn, who.name())?.ok_or_else(|| AuthError::UserUnknown(who.name().to_owned()))?;
    match (&who.keys, u.steward && who.steward) {
        (Some(k), true) => Ok(k),
        _ => Err(AuthError::RoleMissing { user: u.name, role: "steward" }),
    }
}

const USER_COLUMNS: &str = "name, clerk, steward, pass_hash IS NOT NULL, key_fingerprint";

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        name: r.get(0)?,
        clerk: r.get(1)?,
        steward: r.get(2)?,
        has_passphrase: r.get(3)?,
        fingerprint: r.get(4)?,
    })
}

pub fn user(conn: &Connection, name: &str) -> Result<Option<User>, AuthError> {
    Ok(conn.query_row(&format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"), [name], user_row).optional()?)
}

pub fn users(conn: &Connection) -> Result<Vec<User>, AuthError> {
    let mut stmt = conn.prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))?;
    let rows = stmt.query_map([], user_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// True while nobody in the workspace has a passphrase: the first user (or the
/// first to claim a name) sets things up without a steward.
pub fn first_run(conn: &Connection) -> Result<bool, AuthError> {
    Ok(!conn.query_row("SELECT EXISTS (SELECT 1 FROM users WHERE pass_hash IS NOT NULL)", [], |r| r.get(0))?)
}

/// Whether the user holds `role` (no proof needed: the clerk's actions are
/// recorded under the name chosen at the switch, which asked for the passphrase).
pub fn require_role(conn: &Connection, name: &str, role: Role) -> Result<User, AuthError> {
    let u = user(conn, name)?.ok_or_else(|| AuthError::UserUnknown(name.to_owned()))?;
    let ok = match role {
        Role::Clerk => u.clerk,
        Role::Steward => u.steward,
    };
    if ok {
        Ok(u)
    } else {
        Err(AuthError::RoleMissing { user: u.name, role: role.as_str() })
    }
}

fn valid_name(name: &str) -> Result<&str, AuthError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 || name.chars().any(char::is_control) {
        return Err(AuthError::InvalidUserName);
    }
    Ok(name)
}

fn strong(passphrase: &SecretString) -> Result<(), AuthError> {
    if passphrase.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(AuthError::PassphraseWeak);
    }
    Ok(())
}

/// Adds a user with their passphrase (typed by them), or gives an existing user
/// more roles. Needs an unlocked steward, except for the first user of a
/// workspace where nobody has a passphrase yet, who becomes a steward.
pub fn add_user(
    ws: &mut Workspace,
    name: &str,
    roles: &[Role],
    passphrase: Option<&SecretString>,
    by: Option<&Unlocked>,
    source: audit::Source,
) -> Result<User, AuthError> {
    let name = valid_name(name)?.to_owned();
    let existing = user(ws.conn(), &name)?;
    let bootstrap = first_run(ws.conn())?;
    let actor = match by {
        Some(by) => {
            steward(ws.conn(), by)?;
            by.actor().clone()
        }
        None if bootstrap => Actor::new(name.clone(), source),
        None => return Err(AuthError::UnlockRequired),
    };
    let mut clerk = roles.contains(&Role::Clerk);
    // The first person in charge of a workspace is its steward.
    let mut steward_role = roles.contains(&Role::Steward) || (bootstrap && by.is_none());
    if let Some(u) = &existing {
        clerk |= u.clerk;
        steward_role |= u.steward;
    }
    let new_hash = match (&existing, passphrase) {
        (Some(u), _) if u.has_passphrase => None,
        (_, Some(pass)) => {
            strong(pass)?;
            Some(seal::hash_passphrase(pass)?)
        }
        (_, None) => return Err(AuthError::PassphraseMissing(name)),
    };
    let sealed = match (steward_role, &new_hash, passphrase) {
        (true, Some(_), Some(pass)) => Some(StewardKeys::generate().seal(pass)?),
        _ => None,
    };
    ws.with_tx(|tx| -> Result<(), AuthError> {
        tx.execute(
            "INSERT INTO users (name, clerk, steward, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(name) DO UPDATE SET clerk = excluded.clerk, steward = excluded.steward",
            params![name, clerk, steward_role, now_rfc3339()],
        )?;
        if let Some(hash) = &new_hash {
            tx.execute(
                "UPDATE users SET pass_hash = ?1, failures = 0, failed_at = NULL WHERE name = ?2",
                params![hash, name],
            )?;
        }
        if let Some(s) = &sealed {
            s.store(tx, &name)?;
        }
        let action = if existing.is_some() { "user.roles_granted" } else { "user.added" };
        let detail = serde_json::json!({ "clerk": clerk, "steward": steward_role, "first_user": by.is_none() });
        audit::append(tx, &actor, action, Some(&name), &detail)?;
        Ok(())
    })?;
    user(ws.conn(), &name)?.ok_or(AuthError::UserUnknown(name))
}

/// Sets a user's passphrase. `current` proves the old one (changing your own);
/// a steward may set anyone's (a forgotten passphrase: a steward's keys are then
/// replaced, and offices that trusted the old key must import the new one); a
/// user with no passphrase may set their own only while nobody has one.
pub fn set_passphrase(
    ws: &mut Workspace,
    name: &str,
    new: &SecretString,
    by: Option<&Unlocked>,
    source: audit::Source,
) -> Result<User, AuthError> {
    strong(new)?;
    let u = user(ws.conn(), name)?.ok_or_else(|| AuthError::UserUnknown(name.to_owned()))?;
    let own = by.is_some_and(|b| b.name() == u.name);
    let actor = match by {
        Some(b) if own => b.actor().clone(),
        Some(b) => {
            steward(ws.conn(), b)?;
            b.actor().clone()
        }
        None if !u.has_passphrase && first_run(ws.conn())? => Actor::new(u.name.clone(), source),
        None => return Err(AuthError::UnlockRequired),
    };
    let hash = seal::hash_passphrase(new)?;
    // Your own keys stay the same, sealed anew; anyone else's are replaced.
    let keys = match by.and_then(|b| if own { b.keys.as_ref() } else { None }) {
        Some(k) => Some(k.seal(new)?),
        None if u.steward => Some(StewardKeys::generate().seal(new)?),
        None => None,
    };
    let replaced = keys.is_some() && !own && u.fingerprint.is_some();
    ws.with_tx(|tx| -> Result<(), AuthError> {
        tx.execute(
            "UPDATE users SET pass_hash = ?1, failures = 0, failed_at = NULL WHERE name = ?2",
            params![hash, u.name],
        )?;
        if let Some(k) = &keys {
            k.store(tx, &u.name)?;
        }
        let detail = serde_json::json!({ "own": own, "keys_replaced": replaced });
        audit::append(tx, &actor, "user.passphrase_set", Some(&u.name), &detail)?;
        Ok(())
    })?;
    user(ws.conn(), &u.name)?.ok_or(AuthError::UserUnknown(u.name))
}

/// Seconds to wait after `failures` wrong passphrases in a row: two typos are
/// free, then 1, 2, 4 … up to 5 minutes.
pub fn wait_after(failures: u32) -> u64 {
    if failures < 3 { 0 } else { 1u64 << (failures - 3).min(8) }.min(300)
}

/// Checks `name`'s passphrase and returns the proof; `purpose` goes into the
/// audit log (`switch`, `approve`, `restore` …). A wrong passphrase is audited
/// and counted, and the next try must wait [`wait_after`] the count.
pub fn unlock(
    ws: &mut Workspace,
    name: &str,
    passphrase: &SecretString,
    source: audit::Source,
    purpose: &str,
) -> Result<Unlocked, AuthError> {
    /// Name, steward, passphrase hash, wrong tries in a row, the last one's time.
    type Row = (String, bool, Option<String>, u32, Option<String>);
    let row: Option<Row> = ws
        .conn()
        .query_row("SELECT name, steward, pass_hash, failures, failed_at FROM users WHERE name = ?1", [name], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((name, is_steward, hash, failures, failed_at)) = row else {
        return Err(AuthError::UserUnknown(name.to_owned()));
    };
    let Some(hash) = hash else { return Err(AuthError::PassphraseMissing(name)) };
    let actor = Actor::new(name.clone(), source);
    if let Some(at) = failed_at.as_deref().and_then(crate::clock::parse_rfc3339) {
        let elapsed = (time::OffsetDateTime::now_utc() - at).whole_seconds().max(0) as u64;
        let wait = wait_after(failures);
        if elapsed < wait {
            return Err(AuthError::Throttled { user: name, seconds: wait - elapsed });
        }
    }
    if !seal::verify_passphrase(passphrase, &hash) {
        ws.with_tx(|tx| -> Result<(), AuthError> {
            tx.execute(
                "UPDATE users SET failures = failures + 1, failed_at = ?1 WHERE name = ?2",
                params![now_rfc3339(), name],
            )?;
            let detail = serde_json::json!({ "for": purpose, "failures": failures + 1 });
            audit::append(tx, &actor, "user.unlock_failed", Some(&name), &detail)?;
            Ok(())
        })?;
        return Err(AuthError::PassphraseWrong(name));
    }
    let keys = if is_steward {
        match StewardKeys::load(ws.conn(), &name, passphrase)? {
            Some(k) => Some(k),
            // A steward made before keys existed, or given the role since: their
            // keys are made now, sealed with the passphrase just proven.
            None => {
                let k = StewardKeys::generate();
                let sealed = k.seal(passphrase)?;
                ws.with_tx(|tx| sealed.store(tx, &name))?;
                Some(k)
            }
        }
    } else {
        None
    };
    ws.with_tx(|tx| -> Result<(), AuthError> {
        tx.execute("UPDATE users SET failures = 0, failed_at = NULL WHERE name = ?1", [&name])?;
        audit::append(tx, &actor, "user.unlocked", Some(&name), &serde_json::json!({ "for": purpose }))?;
        Ok(())
    })?;
    Ok(Unlocked { actor, steward: is_steward, keys })
}

/// A backup restore is a steward action.
pub fn restore(
    ws: &mut Workspace,
    backup: &std::path::Path,
    by: &Unlocked,
) -> Result<crate::workspace::backup::BackupInfo, crate::workspace::backup::BackupError> {
    steward(ws.conn(), by).map_err(|e| crate::workspace::backup::BackupError::NotAllowed(Box::new(e)))?;
    crate::workspace::backup::restore(ws, backup, by.actor())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_grows_and_stops_at_five_minutes() {
        assert_eq!(wait_after(0), 0);
        assert_eq!(wait_after(2), 0);
        assert_eq!(wait_after(3), 1);
        assert_eq!(wait_after(5), 4);
        assert_eq!(wait_after(40), 256);
        assert!((0..100).all(|n| wait_after(n) <= 300));
    }
}
