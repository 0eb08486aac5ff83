//! Printing results and errors, as text for people or JSON for scripts.

use std::io::Write;

use kaifang_core::ErrorPayload;
use serde::Serialize;

use crate::i18n::{error_text, t};

/// Process exit codes; documented in README.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Failed = 1,
    Usage = 2,
    CheckFailed = 3,
}

pub struct Out {
    pub json: bool,
}

impl Out {
    pub fn new(json: bool) -> Self {
        Out { json }
    }

    /// Prints `value` as pretty JSON on stdout.
    pub fn json<T: Serialize>(&self, value: &T) -> Exit {
        match serde_json::to_string_pretty(value) {
            Ok(text) => self.line(&text),
            Err(e) => {
                eprintln!("{e}");
                Exit::Failed
            }
        }
    }

    /// Prints one line on stdout. A closed pipe (`kaifang … | head`) is not an error
    /// worth a panic.
    pub fn line(&self, text: &str) -> Exit {
        let mut stdout = std::io::stdout().lock();
        match writeln!(stdout, "{text}") {
            Ok(()) => Exit::Ok,
            Err(_) => Exit::Failed,
        }
    }

    /// Reports a failure on stderr: the translated message (with the code, small,
    /// for support), or the payload as JSON with `--json`.
    pub fn error(&self, e: &ErrorPayload) -> Exit {
        if self.json {
            eprintln!("{}", serde_json::to_string(e).unwrap_or_else(|_| e.message.clone()));
        } else {
            eprintln!("{}: {} [{} {}]", t("out.error"), error_text(e), t("out.support_code"), e.code.as_str());
        }
        Exit::Failed
    }
}
