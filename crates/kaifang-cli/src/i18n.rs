//! The CLI's messages in zh-CN and en, chosen by `KAIFANG_LANG` or the OS locale.
//! Catalogs are JSON files embedded at build time; a key missing from the chosen
//! catalog falls back to English, then to the key itself (tests keep both complete).

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use kaifang_core::ErrorPayload;

const ZH: &str = include_str!("../locales/zh-CN.json");
const EN: &str = include_str!("../locales/en.json");

/// Environment variable that overrides the language (`zh-CN` or `en`).
pub const LANG_ENV: &str = "KAIFANG_LANG";

struct Catalogs {
    chosen: HashMap<String, String>,
    english: HashMap<String, String>,
}

fn parse(text: &str) -> HashMap<String, String> {
    // The catalogs are compiled in and checked by tests, so a parse failure is a
    // build defect; an empty map still leaves the CLI usable (keys are shown).
    serde_json::from_str(text).unwrap_or_default()
}

/// `zh-CN` or `en`.
pub fn language() -> &'static str {
    static LANG: OnceLock<&'static str> = OnceLock::new();
    LANG.get_or_init(|| {
        let requested = std::env::var(LANG_ENV).ok().filter(|v| !v.is_empty()).or_else(sys_locale::get_locale);
        kaifang_core::app::ui_language(requested.as_deref())
    })
}

fn catalogs() -> &'static Catalogs {
    static CATALOGS: OnceLock<Catalogs> = OnceLock::new();
    CATALOGS.get_or_init(|| {
        let english = parse(EN);
        let chosen = if language() == "zh-CN" { parse(ZH) } else { english.clone() };
        Catalogs { chosen, english }
    })
}

/// The message for `key`.
pub fn t(key: &str) -> String {
    let c = catalogs();
    c.chosen.get(key).or_else(|| c.english.get(key)).cloned().unwrap_or_else(|| key.to_owned())
}

/// The message for `key` with `{name}` placeholders filled from `params`.
pub fn t_with(key: &str, params: &BTreeMap<String, String>) -> String {
    let mut text = t(key);
    for (name, value) in params {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// The translated text of an error for a person to read.
pub fn error_text(e: &ErrorPayload) -> String {
    let mut params = e.params.clone();
    // A list of readiness checks comes as ids: each named in the user's language.
    if let Some(ids) = params.get_mut("checks") {
        let sep = if language() == "zh-CN" { "、" } else { ", " };
        *ids = ids.split(',').map(|id| t(&format!("readiness.name.{id}"))).collect::<Vec<_>>().join(sep);
    }
    let text = t_with(&format!("error.{}", e.code.as_str()), &params);
    // An error about one dataset of many (the catalogue export) names it.
    match params.get("in_dataset").filter(|d| !d.is_empty()) {
        Some(d) => t_with("out.in_dataset", &[("dataset".to_owned(), d.clone()), ("text".to_owned(), text)].into()),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaifang_core::ErrorCode;

    #[test]
    fn catalogs_have_the_same_keys_and_no_empty_message() {
        let zh = parse(ZH);
        let en = parse(EN);
        assert!(!zh.is_empty() && !en.is_empty(), "both catalogs must parse as flat JSON objects");
        let mut missing: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).map(|k| format!("en lacks {k}")).collect();
        missing.extend(en.keys().filter(|k| !zh.contains_key(*k)).map(|k| format!("zh-CN lacks {k}")));
        missing.extend(
            zh.iter().chain(en.iter()).filter(|(_, v)| v.trim().is_empty()).map(|(k, _)| format!("{k} is empty")),
        );
        assert!(missing.is_empty(), "catalog problems: {missing:?}");
    }

    #[test]
    fn every_error_code_has_a_message() {
        let zh = parse(ZH);
        let en = parse(EN);
        for code in ErrorCode::ALL {
            let key = format!("error.{}", code.as_str());
            assert!(zh.contains_key(&key), "zh-CN has no message for {key}");
            assert!(en.contains_key(&key), "en has no message for {key}");
        }
    }
}
