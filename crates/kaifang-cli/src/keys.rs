//! `kaifang key …`: a steward's office key file, and the keys this workspace trusts.

use std::path::PathBuf;

use clap::ArgMatches;
use kaifang_core::auth::{self, AuthError};
use kaifang_core::error::{params, Coded};
use kaifang_core::workspace::OpenMode;
use kaifang_core::ErrorPayload;

use crate::cli::Globals;
use crate::commands::{actor_for, open};
use crate::i18n::{t, t_with};
use crate::output::{Exit, Out};
use crate::secret;

/// `key export --out FILE`: the acting steward's public keys, to hand to clerks.
pub fn export(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(file) = a.get_one::<PathBuf>("out") else { return Exit::Usage };
    let ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let key = match auth::export_key(ws.conn(), &actor_for(g).name) {
        Ok(k) => k,
        Err(e) => return out.error(&e.payload()),
    };
    let written =
        serde_json::to_vec_pretty(&key).map_err(std::io::Error::other).and_then(|bytes| std::fs::write(file, bytes));
    if let Err(e) = written {
        return out.error(&ErrorPayload {
            code: kaifang_core::ErrorCode::Io,
            message: e.to_string(),
            params: params([("path", file.display().to_string())]),
        });
    }
    if out.json {
        return out.json(&key);
    }
    out.line(&t_with(
        "out.key.exported",
        &params([("file", file.display().to_string()), ("user", key.name), ("fingerprint", key.fingerprint)]),
    ))
}

/// `key import FILE [--fingerprint F]`: trust a steward's key (a steward action).
/// With `--fingerprint`, the file must carry exactly that one (read out by phone).
pub fn import(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(file) = a.get_one::<PathBuf>("file") else { return Exit::Usage };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let trusted = (|| -> Result<_, ErrorPayload> {
        let key = auth::key_file(file)?;
        if let Some(expected) = a.get_one::<String>("fingerprint") {
            let norm = |s: &str| s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_uppercase();
            if norm(expected) != norm(&key.fingerprint) {
                return Err(AuthError::KeyFile(format!("fingerprint {} is not {expected}", key.fingerprint)).payload());
            }
        }
        let by = secret::unlock(g, &mut ws, "key.trust")?;
        Ok(auth::trust(&mut ws, &key, &by)?)
    })();
    match trusted {
        Ok(k) if out.json => out.json(&k),
        Ok(k) => out.line(&t_with("out.key.trusted", &params([("user", k.name), ("fingerprint", k.fingerprint)]))),
        Err(e) => out.error(&e),
    }
}

pub fn list(g: &Globals, out: &Out) -> Exit {
    let ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    match auth::trusted(ws.conn()) {
        Ok(keys) if out.json => out.json(&serde_json::json!({ "keys": keys })),
        Ok(keys) if keys.is_empty() => out.line(&t("out.key.none")),
        Ok(keys) => {
            for k in keys {
                out.line(&format!("{}\t{}\t{}\t{}", k.fingerprint, k.name, k.added_by, k.added_at));
            }
            Exit::Ok
        }
        Err(e) => out.error(&e.payload()),
    }
}

pub fn remove(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(fingerprint) = a.get_one::<String>("fingerprint") else { return Exit::Usage };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let done = secret::unlock(g, &mut ws, "key.untrust")
        .and_then(|by| auth::untrust(&mut ws, fingerprint, &by).map_err(|e| e.payload()));
    match done {
        Ok(()) if out.json => out.json(&serde_json::json!({ "removed": fingerprint })),
        Ok(()) => out.line(&t_with("out.key.removed", &params([("fingerprint", fingerprint.clone())]))),
        Err(e) => out.error(&e),
    }
}
