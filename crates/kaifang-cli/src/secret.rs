//! Passphrases: read at a terminal without echo, or one per line from standard
//! input with `--passphrase-stdin` (scripts, tests). Never from an argument or
//! an environment variable, which other users of the PC can read.

use std::io::{BufRead, IsTerminal};

use kaifang_core::audit::Source;
use kaifang_core::auth::{self, AuthError, Unlocked};
use kaifang_core::error::{params, Coded};
use kaifang_core::{ErrorPayload, Workspace};
use secrecy::SecretString;

use crate::cli::Globals;
use crate::commands::actor_for;
use crate::i18n::{t, t_with};

fn read_line() -> Option<String> {
    let mut line = String::new();
    let n = std::io::stdin().lock().read_line(&mut line).ok()?;
    (n > 0).then(|| line.trim_end_matches(['\r', '\n']).to_owned())
}

/// One passphrase, asked with `prompt`.
pub fn ask(g: &Globals, prompt: &str) -> Result<SecretString, ErrorPayload> {
    let text = if g.passphrase_stdin {
        read_line()
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).ok()
    } else {
        None
    };
    text.filter(|t| !t.is_empty()).map(SecretString::from).ok_or_else(|| AuthError::UnlockRequired.payload())
}

/// A new passphrase for `user`: typed twice at a terminal, once on standard input.
pub fn ask_new(g: &Globals, user: &str) -> Result<SecretString, ErrorPayload> {
    let p = params([("user", user.to_owned())]);
    let first = ask(g, &t_with("prompt.new_passphrase", &p))?;
    if !g.passphrase_stdin {
        let again = ask(g, &t("prompt.repeat_passphrase"))?;
        use secrecy::ExposeSecret;
        if again.expose_secret() != first.expose_secret() {
            return Err(ErrorPayload {
                code: kaifang_core::ErrorCode::AuthPassphraseWrong,
                message: "the two passphrases differ".into(),
                params: p,
            });
        }
    }
    Ok(first)
}

/// The acting user (`--as`), proven by their passphrase; `purpose` goes to the audit log.
pub fn unlock(g: &Globals, ws: &mut Workspace, purpose: &str) -> Result<Unlocked, ErrorPayload> {
    let name = actor_for(g).name;
    // An unknown user or one without a passphrase is told so before being asked.
    match auth::user(ws.conn(), &name)? {
        None => return Err(AuthError::UserUnknown(name).payload()),
        Some(u) if !u.has_passphrase => return Err(AuthError::PassphraseMissing(name).payload()),
        Some(_) => {}
    }
    let pass = ask(g, &t_with("prompt.passphrase", &params([("user", name.clone())])))?;
    Ok(auth::unlock(ws, &name, &pass, Source::Cli, purpose)?)
}
