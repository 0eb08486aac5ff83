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

/// Words after which a long number is an account number (一卡通账号6228…).
const ACCOUNT_WORDS: &[&str] = &["账号", "帐号", "卡号", "账户", "帐户", "存折", "一卡通", "一折通"];
/// Words after which a name follows (联系人张伟, 代领人：李娜, 女儿王芳).
const NAME_WORDS: &[&str] = &[
    "联系人",
    "代领人",
    "领取人",
    "户主",
    "委托人",
    "受托人",
    "监护人",
    "申请人",
    "经办人",
    "当事人",
    "投诉人",
    "举报人",
    "患者",
    "配偶",
    "丈夫",
    "妻子",
    "女儿",
    "儿子",
    "父亲",
    "母亲",
    "孙子",
    "孙女",
    "本人",
];
/// The first characters of `NAME_WORDS`.
const NAME_FIRST: &str = "联代领户委受监申经当投举患配丈妻女儿父母孙本";
/// Characters that end a name found after a context word.
const NAME_STOP: &str = "电话手机身份证号联系住址的是在于和及等已未来去说称因为了也都就到向对从被把将由与同时后前称";

fn preceded_by(text: &str, start: usize, words: &[&str]) -> bool {
    // The six characters before the number, past a colon or spaces.
    let before = text[..start].trim_end_matches([':', '：', ' ', '是', '为']);
    let from = before.char_indices().rev().nth(5).map_or(0, |(i, _)| i);
    words.iter().any(|w| before[from..].contains(w))
}

/// What a token of ASCII letters and digits is, if it is an identifier.
fn classify_token(text: &str, r: &std::ops::Range<usize>, account_column: bool) -> Option<Category> {
    let t = &text[r.clone()];
    let b = t.as_bytes();
    if b[0].is_ascii_digit() {
        let all_digits = b.iter().all(u8::is_ascii_digit);
        let id_like = b.len() == 18 && b[..17].iter().all(u8::is_ascii_digit);
        if id_like && v::id_card_18(t) || all_digits && v::id_card_15(t) {
            return Some(Category::IdCard);
        }
        if !all_digits {
            return None;
        }
        if b.len() == 11 && v::mobile(t) {
            return Some(Category::Phone);
        }
        // A social organisation's credit code can be all digits and pass Luhn by
        // chance: a valid USCC is a public code, not a card.
        if (16..=19).contains(&b.len()) && matches!(b[0], b'6' | b'4' | b'5') && v::luhn(t) && !v::uscc(t) {
            return Some(Category::BankCard);
        }
        if (12..=21).contains(&b.len()) && (account_column || preceded_by(text, r.start, ACCOUNT_WORDS)) {
            return Some(Category::BankCard);
        }
        return None;
    }
    v::passport(t).then_some(Category::Passport)
}

/// A phone number written with separators inside text (`138-1234-5678`,
/// `0851-1234567`, `(0851)1234567`, `+86 138 1234 5678`): its range, if one
/// starts at `start` (a digit, `+` or `(`). The groups must have a phone's
/// shape, and the run must not be part of a longer hyphenated code
/// (`2024-520102-02-01-019017` is a project number).
fn separated_phone(text: &str, start: usize) -> Option<(std::ops::Range<usize>, Category)> {
    let b = text.as_bytes();
    let joined = |i: usize| i >= 2 && matches!(b[i - 1], b'-' | b'/') && b[i - 2].is_ascii_digit();
    if joined(start) {
        return None;
    }
    let mut i = start;
    let mut plus86 = false;
    if b[i] == b'+' {
        if !text[i..].starts_with("+86") {
            return None;
        }
        plus86 = true;
        i += 3;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
    }
    // At most four groups, kept on the stack: this runs on every number in every
    // free-text cell.
    let mut groups: [&str; 4] = [""; 4];
    let mut n = 0;
    let mut parens = false;
    let mut end = i;
    while i < b.len() && n < 4 {
        match b[i] {
            b'(' if n == 0 && !parens => {
                parens = true;
                i += 1;
            }
            b'0'..=b'9' => {
                let s = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                groups[n] = &text[s..i];
                n += 1;
                end = i;
                // One separator (or a closing parenthesis, maybe with a space) between groups.
                if i < b.len() && b[i] == b')' && parens && n == 1 {
                    i += 1;
                    if i < b.len() && matches!(b[i], b' ' | b'-') {
                        i += 1;
                    }
                } else if i + 1 < b.len() && matches!(b[i], b'-' | b' ') && b[i + 1].is_ascii_digit() {
                    i += 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    if end < b.len() && (b[end].is_ascii_alphanumeric() || joined(end + 1) && end + 1 < b.len()) {
        return None;
    }
    let separated = plus86 || n > 1;
    if !separated {
        return None;
    }
    let groups = &groups[..n];
    let mut lens = [0usize; 4];
    let mut buf = [0u8; 64];
    let mut len = 0;
    for (k, g) in groups.iter().enumerate() {
        lens[k] = g.len();
        let to = buf.get_mut(len..len + g.len())?;
        to.copy_from_slice(g.as_bytes());
        len += g.len();
    }
    let lens = &lens[..n];
    let digits = std::str::from_utf8(&buf[..len]).ok()?;
    let mobile_shape = matches!(lens, [11] | [3, 4, 4] | [3, 8] | [7, 4]);
    if mobile_shape && v::mobile(digits) {
        return Some((start..end, Category::Phone));
    }
    let area = groups.first().is_some_and(|g| g.starts_with('0') && (3..=4).contains(&g.len()));
    let landline_shape = matches!(lens, [3 | 4, 7 | 8] | [3 | 4, 3 | 4, 4]);
    if area && landline_shape && v::landline(digits) {
        return Some((start..end, Category::Landline));
    }
    None
}

/// Identifiers inside text, as byte ranges with their category: resident IDs,
/// mobiles, landlines written with their area code, bank cards, account numbers
/// after an account word, passports and permits, email addresses.
pub fn find(text: &str) -> Vec<(std::ops::Range<usize>, Category)> {
    find_in(text, false)
}

/// `find`, where every 12–21 digit number counts as an account number when the
/// column is an account column.
pub fn find_in(text: &str, account_column: bool) -> Vec<(std::ops::Range<usize>, Category)> {
    let b = text.as_bytes();
    let mut hits: Vec<(std::ops::Range<usize>, Category)> = Vec::new();
    let is_email_part = |c: u8| c.is_ascii_alphanumeric() || b"._-+".contains(&c);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if c == b'@' {
            let mut s = i;
            while s > 0 && is_email_part(b[s - 1]) {
                s -= 1;
            }
            let mut e = i + 1;
            while e < b.len() && is_email_part(b[e]) {
                e += 1;
            }
            if s < i && v::email(&text[s..e]) {
                hits.retain(|(r, _)| r.end <= s);
                hits.push((s..e, Category::Email));
            }
            i = e.max(i + 1);
            continue;
        }
        if boundary && (c.is_ascii_digit() || c == b'+' || c == b'(') {
            if let Some((r, cat)) = separated_phone(text, i) {
                i = r.end;
                hits.push((r, cat));
                continue;
            }
        }
        if boundary && c.is_ascii_alphanumeric() {
            let mut e = i;
            while e < b.len() && b[e].is_ascii_alphanumeric() {
                e += 1;
            }
            let r = i..e;
            if let Some(cat) = classify_token(text, &r, account_column) {
                hits.push((r, cat));
            }
            i = e;
            continue;
        }
        i += 1;
    }
    hits
}

/// Names written after a context word (联系人张伟, 代领人：李娜): the range of
/// the name, surname first, two to four characters.
pub fn find_names(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    // One pass: only where a context word's first character stands is a word tried.
    for (at, c) in text.char_indices() {
        if !NAME_FIRST.contains(c) {
            continue;
        }
        let Some(w) = NAME_WORDS.iter().find(|w| text[at..].starts_with(**w)) else { continue };
        let mut s = at + w.len();
        let rest = &text[s..];
        let trimmed = rest.trim_start_matches([':', '：', ' ', '是', '为']);
        s += rest.len() - trimmed.len();
        let Some(surname) = v::surname(trimmed) else { continue };
        let mut e = s + surname.len();
        let mut given = 0;
        for ch in text[e..].chars() {
            let han = ('\u{4E00}'..='\u{9FFF}').contains(&ch);
            if !han || NAME_STOP.contains(ch) || given == 2 {
                break;
            }
            given += 1;
            e += ch.len_utf8();
        }
        if given > 0 && !out.iter().any(|r| r.start < e && s < r.end) {
            out.push(s..e);
        }
    }
    out
}

/// The text with every identifier in it, and every name after a context word,
/// replaced by its mask.
pub fn redact(text: &str) -> String {
    redact_in(text, false)
}

/// `redact` for a cell of an account column (see `find_in`).
pub fn redact_in(text: &str, account_column: bool) -> String {
    let mut hits = find_in(text, account_column);
    for r in find_names(text) {
        if !hits.iter().any(|(h, _)| h.start < r.end && r.start < h.end) {
            hits.push((r, Category::PersonName));
        }
    }
    if hits.is_empty() {
        return text.to_owned();
    }
    hits.sort_by_key(|(r, _)| r.start);
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

/// Words of headers of columns that hold sentences rather than values.
pub const FREE_TEXT_HEADERS: &[&str] =
    &["备注", "留言", "说明", "内容", "情况", "描述", "意见", "事由", "摘要", "详情", "remark", "note", "comment"];

/// Headers of columns that hold sentences rather than values.
pub fn is_free_text_header(header: &str) -> bool {
    let lower = header.to_lowercase();
    FREE_TEXT_HEADERS.iter().any(|k| lower.contains(k))
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
    fn phones_with_separators_passports_accounts_and_names() {
        let text = "户主王芳，电话138-1234-5678，座机0851-1234567，护照E12345678，一卡通账号520101000123456789。";
        let cats: Vec<Category> = find(text).into_iter().map(|(_, c)| c).collect();
        assert_eq!(cats, vec![Category::Phone, Category::Landline, Category::Passport, Category::BankCard]);
        let red = redact(text);
        for raw in ["王芳", "1234-5678", "1234567", "E12345678", "520101000123456789"] {
            assert!(!red.contains(raw), "{raw} left in {red}");
        }
        assert!(red.starts_with("户主王*"), "{red}");
        assert_eq!(find_in("520101000123456789", true).len(), 1, "an account column's bare number");
        assert!(find("2024-520102-02-01-019017").is_empty(), "a project number is no landline");
        assert_eq!(find("电话(0851) 8612-3456").len(), 1);
        assert!(find("520101000123456789").is_empty(), "a bare long number elsewhere is not an account");
        let names = redact("代领人：李娜，女儿张小红已签字");
        assert_eq!(names, "代领人：李*，女儿张**已签字");
    }

    #[test]
    fn every_context_word_is_looked_for() {
        for w in NAME_WORDS {
            assert!(NAME_FIRST.contains(w.chars().next().unwrap()), "{w} starts with a character NAME_FIRST lacks");
        }
    }

    #[test]
    fn hostile_text_is_scanned_without_panicking() {
        let long = "1".repeat(10 << 20);
        assert!(find(&long).is_empty());
        let junk: String = (0u32..5000).filter_map(char::from_u32).collect();
        let _ = redact(&junk);
        let mixed = "😀13812345678😀 Ωmega 户主😀 联系人 +86 ( 0851)-";
        assert_eq!(find(mixed).len(), 1);
        assert!(!redact(mixed).contains("13812345678"));
    }

    #[test]
    fn numbers_that_are_not_identifiers_stay() {
        let text = "2024年发放金额1200元，编号20240315001，电话区号0851";
        assert!(find(text).is_empty(), "{:?}", find(text));
        assert_eq!(redact(text), text);
    }
}
