//! Identifiers hidden inside free text (备注, 留言内容: "已电话联系13812345678，
//! 身份证11010519491231002X"): found cell by cell and redacted in place.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::category::Category;
use super::mask::mask_value;
use super::validators as v;

/// One identifier found inside a cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CellHit {
    /// Source row number.
    #[ts(type = "number")]
    pub row: u64,
    pub column: u32,
    pub category: Category,
    /// The hit as the public copy shows it.
    pub masked: String,
}

/// Byte ranges of runs of ASCII digits (and X/x closing an 18-digit ID) or of
/// email-like tokens, each with the category it validates as.
pub fn find(text: &str) -> Vec<(std::ops::Range<usize>, Category)> {
    let b = text.as_bytes();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            // An ID may end in X.
            if i - start == 17 && i < b.len() && (b[i] == b'X' || b[i] == b'x') {
                i += 1;
            }
            let run = &text[start..i];
            let category = if v::id_card_18(run) || v::id_card_15(run) {
                Some(Category::IdCard)
            } else if v::mobile(run) {
                Some(Category::Phone)
            } else if run.starts_with("62") && v::bank_card(run) {
                Some(Category::BankCard)
            } else {
                None
            };
            if let Some(c) = category {
                hits.push((start..i, c));
            }
        } else if b[i] == b'@' {
            // Widen to the email's ends.
            let is_part = |c: u8| c.is_ascii_alphanumeric() || b"._-+".contains(&c);
            let mut s = i;
            while s > 0 && is_part(b[s - 1]) {
                s -= 1;
            }
            let mut e = i + 1;
            while e < b.len() && is_part(b[e]) {
                e += 1;
            }
            if s < i && v::email(&text[s..e]) {
                hits.retain(|(r, _)| r.end <= s);
                hits.push((s..e, Category::Email));
            }
            i = e;
        } else {
            i += 1;
        }
    }
    hits
}

/// The text with every identifier in it replaced by its mask.
pub fn redact(text: &str) -> String {
    let hits = find(text);
    if hits.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (r, c) in hits {
        out.push_str(&text[last..r.start]);
        out.push_str(&mask_value(c, &text[r.clone()]));
        last = r.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Headers of columns that hold sentences rather than values.
pub fn is_free_text_header(header: &str) -> bool {
    ["备注", "留言", "说明", "内容", "情况", "描述", "意见", "事由", "摘要", "详情", "remark", "note", "comment"]
        .iter()
        .any(|k| header.to_lowercase().contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_inside_sentences() {
        let text = "已电话联系13812345678，身份证11010519491231002X，邮箱 zs@example.com。";
        let cats: Vec<Category> = find(text).into_iter().map(|(_, c)| c).collect();
        assert_eq!(cats, vec![Category::Phone, Category::IdCard, Category::Email]);
        let red = redact(text);
        assert_eq!(red, "已电话联系138****5678，身份证110105********002X，邮箱 z***@example.com。");
        assert!(!red.contains("13812345678") && !red.contains("19491231"));
    }

    #[test]
    fn numbers_that_are_not_identifiers_stay() {
        let text = "2024年发放金额1200元，编号20240315001，电话区号0851";
        assert!(find(text).is_empty(), "{:?}", find(text));
        assert_eq!(redact(text), text);
    }
}
