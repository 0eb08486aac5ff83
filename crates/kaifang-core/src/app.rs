//! Host-neutral facts a front end needs at start-up.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ErrorPayload;

/// What the desktop UI asks for first: which build, which language the OS
/// prefers, and which workspace is open (or why none could be).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppContext {
    pub version: String,
    /// The OS locale as BCP 47 (`zh-CN`, `en-US`), if the OS tells one.
    pub os_locale: Option<String>,
    pub workspace_path: Option<String>,
    /// Why the workspace could not be opened; the UI shows it in place of the data.
    pub workspace_error: Option<ErrorPayload>,
}

/// The UI language for an OS locale: Chinese for any `zh*`, English otherwise.
pub fn ui_language(os_locale: Option<&str>) -> &'static str {
    match os_locale {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => "zh-CN",
        _ => "en",
    }
}

/// A file the user chose (in the open dialog, by dropping it on the window, or by
/// opening it with Kaifang). The web view refers to it by `token` only: it never
/// names a path itself, so a script in it cannot read arbitrary files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChosenFile {
    pub token: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub size: u64,
}
