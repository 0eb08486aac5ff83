//! Deciding what a column holds from its header and its values.
//!
//! Headers are the strongest signal (身份证号, SFZH, 联系电话 …); values confirm or
//! refute them, and on their own name a category only when they validate with a
//! checksum or a tight shape. Context decides whether a category is personal: an
//! office phone or a legal representative in a registry of organisations is public.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::category::Category;
use super::mask::mask_value;
use super::validators as v;

/// A header hint: a fragment of a normalised header and what it suggests.
struct Hint {
    fragment: &'static str,
    category: Category,
}

const fn h(fragment: &'static str, category: Category) -> Hint {
    Hint { fragment, category }
}

/// Fragments are matched in order against the lower-cased header without spaces
/// or punctuation; more specific ones first.
const HINTS: &[Hint] = &[
    h("统一社会信用代码", Category::Uscc),
    h("社会信用代码", Category::Uscc),
    h("信用代码", Category::Uscc),
    h("tyshxydm", Category::Uscc),
    h("uscc", Category::Uscc),
    h("组织机构代码", Category::OrgCode),
    h("机构代码", Category::OrgCode),
    h("身份证", Category::IdCard),
    h("公民身份号码", Category::IdCard),
    h("身份号码", Category::IdCard),
    h("证件号", Category::IdCard),
    h("sfzh", Category::IdCard),
    h("sfz", Category::IdCard),
    h("idcard", Category::IdCard),
    h("护照", Category::Passport),
    h("通行证", Category::Passport),
    h("回乡证", Category::Passport),
    h("银行卡", Category::BankCard),
    h("银行账号", Category::BankCard),
    h("银行帐号", Category::BankCard),
    h("存折", Category::BankCard),
    h("卡号", Category::BankCard),
    h("账号", Category::BankCard),
    h("帐号", Category::BankCard),
    h("yhzh", Category::BankCard),
    h("车牌", Category::Plate),
    h("号牌", Category::Plate),
    h("固定电话", Category::Landline),
    h("座机", Category::Landline),
    h("办公电话", Category::Landline),
    h("单位电话", Category::Landline),
    h("手机", Category::Phone),
    h("移动电话", Category::Phone),
    h("联系电话", Category::Phone),
    h("联系方式", Category::Phone),
    h("电话", Category::Phone),
    h("sjh", Category::Phone),
    h("lxdh", Category::Phone),
    h("mobile", Category::Phone),
    h("phone", Category::Phone),
    h("tel", Category::Phone),
    h("邮箱", Category::Email),
    h("电子邮件", Category::Email),
    h("email", Category::Email),
    h("出生日期", Category::BirthDate),
    h("出生年月", Category::BirthDate),
    h("生日", Category::BirthDate),
    h("csrq", Category::BirthDate),
    h("birth", Category::BirthDate),
    h("经纬度", Category::Gps),
    h("坐标", Category::Gps),
    h("gps", Category::Gps),
    h("ip地址", Category::Ip),
    h("诊断", Category::Health),
    h("病情", Category::Health),
    h("病史", Category::Health),
    h("病种", Category::Health),
    h("疾病", Category::Health),
    h("残疾", Category::Health),
    h("体检", Category::Health),
    h("健康状况", Category::Health),
    h("宗教", Category::Religion),
    h("信仰", Category::Religion),
    h("民族", Category::Ethnicity),
    h("住址", Category::Address),
    h("地址", Category::Address),
    h("户籍", Category::Address),
    h("居住地", Category::Address),
    h("家庭住址", Category::Address),
    h("address", Category::Address),
    h("姓名", Category::PersonName),
    h("名字", Category::PersonName),
    h("户主", Category::PersonName),
    h("申请人", Category::PersonName),
    h("领取人", Category::PersonName),
    h("联系人", Category::PersonName),
    h("负责人", Category::PersonName),
    h("法定代表人", Category::PersonName),
    h("法人", Category::PersonName),
    h("监护人", Category::PersonName),
    h("驾驶人", Category::PersonName),
    h("当事人", Category::PersonName),
    h("患者", Category::PersonName),
    h("经营者", Category::PersonName),
    h("校长", Category::PersonName),
    h("院长", Category::PersonName),
    h("xm", Category::PersonName),
];

/// Headers that look like a category but are not (the decoys of real registers).
const NOT_PERSONAL: &[&str] = &[
    "考号",
    "准考证",
    "考生号",
    "学号",
    "编号",
    "业务号",
    "流水号",
    "诊疗科目",
    "科目",
    "单位名称",
    "机构名称",
    "企业名称",
    "学校名称",
    "名称",
    "电话区号",
];

/// Normalises a header for matching: lower case, no spaces or punctuation.
pub fn normalise(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The category a header suggests, if any.
pub fn header_hint(header: &str) -> Option<Category> {
    let n = normalise(header);
    if NOT_PERSONAL.iter().any(|d| n.contains(d)) && !n.contains("身份证") {
        return None;
    }
    // Short Latin hints (pinyin initials such as XM, SFZH) must start the header:
    // "xm" inside "xmbh" (项目编号) is not a name.
    HINTS
        .iter()
        .find(|h| {
            if h.fragment.is_ascii() && h.fragment.len() <= 5 {
                n.starts_with(h.fragment)
            } else {
                n.contains(h.fragment)
            }
        })
        .map(|h| h.category)
}

/// Whether a value validates as `c` (categories without a value test never do).
pub fn validates(c: Category, value: &str) -> bool {
    match c {
        Category::IdCard => v::id_card_18(value) || v::id_card_15(value) || v::id_card_mangled(value),
        Category::Phone => v::mobile(value),
        Category::Landline => v::landline(value),
        Category::BankCard => v::bank_card(value),
        Category::Uscc => v::uscc(value),
        Category::OrgCode => v::org_code(value),
        Category::Passport => v::passport(value),
        Category::Plate => v::plate(value),
        Category::Email => v::email(value),
        Category::PersonName => v::person_name(value),
        Category::Address => v::address(value),
        Category::BirthDate => v::birth_date(value),
        Category::Ip => v::ip(value),
        Category::Gps => v::gps(value),
        Category::Health | Category::Religion | Category::Ethnicity | Category::None => false,
    }
}

/// The categories a value could belong to at all, by a cheap look at its shape,
/// so each value is run through two or three validators, not fourteen.
fn candidates(value: &str, out: &mut Vec<Category>) {
    out.clear();
    let b = value.as_bytes();
    let Some(&first) = b.first() else { return };
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    if first.is_ascii_digit() || first == b'+' {
        match b.len() {
            15 | 18 => out.push(Category::IdCard),
            20 => out.push(Category::IdCard), // 1.30534194503122E+17
            _ => {}
        }
        if b.len() == 18 {
            out.push(Category::Uscc);
        }
        if (11..=17).contains(&digits) {
            out.push(Category::Phone);
            out.push(Category::Landline);
        }
        if (16..=19).contains(&digits) {
            out.push(Category::BankCard);
        }
        if value.contains('.') && value.contains(',') {
            out.push(Category::Gps);
        }
        if value.contains('.') || value.contains(':') {
            out.push(Category::Ip);
        }
        if b.len() >= 8 {
            out.push(Category::BirthDate);
        }
        if b.len() >= 9 && b.len() <= 10 {
            out.push(Category::OrgCode);
        }
        return;
    }
    if first.is_ascii_uppercase() {
        if b.len() == 18 {
            out.push(Category::Uscc);
        }
        if (9..=11).contains(&b.len()) {
            out.push(Category::Passport);
            out.push(Category::OrgCode);
        }
    }
    if value.contains('@') {
        out.push(Category::Email);
    }
    if !first.is_ascii() {
        let chars = value.chars().count();
        if (2..=4).contains(&chars) {
            out.push(Category::PersonName);
        }
        if (7..=9).contains(&chars) {
            out.push(Category::Plate);
        }
        if chars >= 6 {
            out.push(Category::Address);
        }
        if chars >= 8 {
            out.push(Category::BirthDate);
        }
    }
}

/// Match counts of one column over the values seen.
#[derive(Debug, Clone, Default)]
pub struct ColumnTally {
    pub total: u64,
    pub matched: [u64; 18],
    /// Up to three example values per category, kept only to show masked.
    pub examples: Vec<(Category, String)>,
    buf: Vec<Category>,
}

impl ColumnTally {
    pub fn add(&mut self, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        self.total += 1;
        let mut buf = std::mem::take(&mut self.buf);
        candidates(value, &mut buf);
        for &c in &buf {
            if validates(c, value) {
                self.matched[c as usize] += 1;
                if self.examples.iter().filter(|(k, _)| *k == c).count() < 3 {
                    self.examples.push((c, value.to_owned()));
                }
            }
        }
        self.buf = buf;
    }

    pub fn share(&self, c: Category) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.matched[c as usize] as f64 / self.total as f64
        }
    }
}

/// What the classifier decided for one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ColumnFinding {
    pub position: u32,
    pub name: String,
    pub category: Category,
    pub personal: bool,
    /// 0–1.
    pub confidence: f64,
    /// Values that validated as the category.
    #[ts(type = "number")]
    pub matched: u64,
    /// Non-empty values looked at.
    #[ts(type = "number")]
    pub total: u64,
    /// Whether the header pointed at the category.
    pub header_hint: bool,
    /// A few values as the public copy would show them (never the originals).
    pub examples: Vec<String>,
    /// A column of free text in which identifiers were found cell by cell.
    pub free_text: bool,
}

/// Categories a value test can establish without a header, with the share of
/// values that must pass (checksummed identifiers need fewer).
const VALUE_ONLY: &[(Category, f64)] = &[
    (Category::IdCard, 0.5),
    (Category::Uscc, 0.5),
    (Category::Phone, 0.6),
    (Category::BankCard, 0.8),
    (Category::Email, 0.8),
    (Category::Passport, 0.8),
    (Category::Plate, 0.8),
    (Category::Ip, 0.8),
    (Category::Gps, 0.8),
    (Category::Landline, 0.7),
    (Category::PersonName, 0.75),
    (Category::Address, 0.6),
];

/// The category of one column from its header and tally.
pub fn decide(header: &str, tally: &ColumnTally) -> (Category, f64, bool) {
    let n = normalise(header);
    let hint = header_hint(header);
    let decoy_header = NOT_PERSONAL.iter().any(|d| n.contains(d)) && hint.is_none();
    if let Some(c) = hint {
        let share = tally.share(c);
        // Phone headers cover landlines too ("联系电话" in an office list).
        if c == Category::Phone && tally.share(Category::Landline) > share {
            return (Category::Landline, 0.6 + 0.4 * tally.share(Category::Landline), true);
        }
        // A header is trusted unless the values clearly are something else.
        let other = VALUE_ONLY
            .iter()
            .filter(|(k, _)| *k != c)
            .map(|(k, min)| (k, tally.share(*k), min))
            .find(|(_, s, min)| s >= min && *s > share);
        if let Some((k, s, _)) = other {
            if share < 0.2 {
                return (*k, 0.5 + 0.4 * s, false);
            }
        }
        let confidence = if matches!(c, Category::Health | Category::Religion | Category::Ethnicity) {
            0.8
        } else {
            0.6 + 0.4 * share
        };
        return (c, confidence.min(1.0), true);
    }
    if decoy_header {
        return (Category::None, 0.9, false);
    }
    let best = VALUE_ONLY
        .iter()
        .map(|(c, min)| (*c, tally.share(*c), *min))
        .filter(|(_, s, min)| s >= min)
        .max_by(|a, b| a.1.total_cmp(&b.1));
    match best {
        Some((c, s, _)) => (c, 0.4 + 0.5 * s, false),
        None => (Category::None, 0.8, false),
    }
}

/// Whether a column of `category` is personal, given the header and the other
/// columns of the table (registries of organisations make some data public).
pub fn personal(category: Category, header: &str, table: &[(String, Category)]) -> bool {
    if !category.personal_by_default() {
        return false;
    }
    let n = normalise(header);
    let registry = table.iter().any(|(h, c)| {
        matches!(c, Category::Uscc | Category::OrgCode)
            || ["单位名称", "机构名称", "企业名称", "学校名称", "医院名称", "名称"]
                .iter()
                .any(|k| normalise(h).contains(k))
    });
    match category {
        Category::Landline => {
            if ["家庭", "住宅", "个人"].iter().any(|k| n.contains(k)) {
                true
            } else {
                !(registry || ["办公", "单位", "机构", "咨询", "投诉", "值班", "服务"].iter().any(|k| n.contains(k)))
            }
        }
        Category::PersonName => {
            let public_role =
                ["法定代表人", "法人", "负责人", "经营者", "校长", "院长", "董事长"].iter().any(|k| n.contains(k));
            !(public_role && registry)
        }
        Category::Address => {
            if ["家庭", "住址", "户籍", "居住", "现住", "家住"].iter().any(|k| n.contains(k)) {
                return true;
            }
            if ["单位", "机构", "注册", "经营", "办公", "学校", "医院"].iter().any(|k| n.contains(k)) || registry
            {
                return false;
            }
            // A bare 地址 in a list of people is where they live.
            table.iter().any(|(h, c)| *c == Category::PersonName && personal(Category::PersonName, h, &[]))
        }
        _ => true,
    }
}

/// Builds the finding for one column.
pub fn finding(position: u32, name: &str, tally: &ColumnTally, table: &[(String, Category)]) -> ColumnFinding {
    let (category, confidence, header_hint) = decide(name, tally);
    let examples =
        tally.examples.iter().filter(|(c, _)| *c == category).map(|(_, v)| mask_value(category, v)).collect();
    ColumnFinding {
        position,
        name: name.to_owned(),
        category,
        personal: personal(category, name, table),
        confidence: (confidence * 100.0).round() / 100.0,
        matched: tally.matched[category as usize],
        total: tally.total,
        header_hint,
        examples,
        free_text: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(values: &[&str]) -> ColumnTally {
        let mut t = ColumnTally::default();
        for v in values {
            t.add(v);
        }
        t
    }

    #[test]
    fn headers_and_values_agree() {
        let ids = tally(&["11010519491231002X", "110105491231002", "1.30534194503122E+17"]);
        assert_eq!(decide("身份证号", &ids).0, Category::IdCard);
        assert_eq!(decide("SFZH", &ids).0, Category::IdCard);
        assert_eq!(decide("证件号码", &ids).0, Category::IdCard);
        assert_eq!(decide("col7", &ids).0, Category::IdCard, "checksummed values alone suffice");
    }

    #[test]
    fn decoys_do_not_fire() {
        // 18-digit business numbers that fail the ID checksum.
        let numbers = tally(&["110105194912310021", "110105194912310022", "110105194912310023"]);
        assert_eq!(decide("业务编号", &numbers).0, Category::None);
        // Exam numbers that look like mobiles.
        let exam = tally(&["13812345678", "13812345679", "13812345680"]);
        assert_eq!(decide("准考证号", &exam).0, Category::None);
        // A clinic registry's services are not health data.
        let services = tally(&["内科;外科", "预防保健科"]);
        assert_eq!(decide("诊疗科目", &services).0, Category::None);
    }

    #[test]
    fn context_makes_registry_data_public() {
        let registry =
            vec![("统一社会信用代码".to_owned(), Category::Uscc), ("法定代表人".to_owned(), Category::PersonName)];
        assert!(!personal(Category::PersonName, "法定代表人", &registry));
        assert!(!personal(Category::Address, "住所", &registry) || !personal(Category::Address, "单位地址", &registry));
        assert!(!personal(Category::Landline, "联系电话", &registry));
        let people = vec![("姓名".to_owned(), Category::PersonName)];
        assert!(personal(Category::PersonName, "姓名", &people));
        assert!(personal(Category::Address, "地址", &people), "a bare address in a list of people is where they live");
        assert!(!personal(Category::Uscc, "统一社会信用代码", &people));
    }
}
