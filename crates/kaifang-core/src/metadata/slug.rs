//! The dataset's `name` on the portal: `[a-z0-9_-]`, at most 100 characters, from
//! the catalogue resource code when there is one, else from the title in pinyin.
//! It is fixed at first publish so that a retry updates the same package.

use pinyin::ToPinyin;

/// The slug for a resource code or title (`title` is used when `code` is empty).
pub fn slug(code: &str, title: &str) -> String {
    let code = code.trim();
    let raw = if code.is_empty() { pinyin_words(title) } else { code.to_ascii_lowercase() };
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut s = out.trim_matches('-').to_owned();
    if s.len() > 100 {
        // Cut between syllables (or words), never inside one: `…-te-kun-g` reads
        // as nonsense. A single word longer than that is cut where it must be.
        let cut = match s.as_bytes()[100] {
            b'-' => 100,
            _ => s[..100].rfind('-').unwrap_or(100),
        };
        s.truncate(cut);
        s = s.trim_end_matches('-').to_owned();
    }
    // CKAN wants at least two characters.
    if s.len() < 2 {
        s = format!("dataset-{s}").trim_end_matches('-').to_owned();
    }
    s
}

/// Pinyin for Chinese characters (one word each), other letters and digits kept,
/// everything else a separator: 某某县2024年 → "mou mou xian 2024 nian".
fn pinyin_words(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c.to_pinyin() {
            Some(p) => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push_str(p.plain());
                out.push(' ');
            }
            None if c.is_ascii_alphanumeric() => out.push(c),
            None => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_titles_become_pinyin() {
        assert_eq!(
            slug("", "某某县2024年城乡低保发放名单"),
            "mou-mou-xian-2024-nian-cheng-xiang-di-bao-fa-fang-ming-dan"
        );
        assert_eq!(slug("", "学校名录（2024）"), "xue-xiao-ming-lu-2024");
    }

    #[test]
    fn a_resource_code_wins_and_is_cleaned() {
        assert_eq!(slug("MZ-001/2024", "低保名单"), "mz-001-2024");
        assert_eq!(slug("  ", "Budget 2024"), "budget-2024");
    }

    #[test]
    fn slugs_are_bounded_and_never_too_short() {
        let long = "很".repeat(200);
        let s = slug("", &long);
        assert!(s.len() <= 100 && !s.ends_with('-'), "{s}");
        assert_eq!(slug("", "😀"), "dataset");
        assert!(slug("", "a").len() >= 2);
        // Cut between syllables: every part of the slug is a whole syllable of the title.
        let title =
            "某某县城乡居民最低生活保障特困人员救助供养临时救助和医疗救助资金发放情况统计汇总表（2024年第四季度）";
        let s = slug("", title);
        let whole = pinyin_words(title);
        assert!(s.len() <= 100 && whole.starts_with(&s) && whole.as_bytes()[s.len()] == b'-', "{s}");
        // One word longer than the limit is cut at the limit.
        assert_eq!(slug(&"x".repeat(150), "").len(), 100);
        assert!(slug("", "某某县2024年")
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'));
    }
}
