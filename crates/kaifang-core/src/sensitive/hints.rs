//! Reading headers: the hints that point a column at a category (Chinese, their
//! pinyin initials derived from them, English), and the decoys, public codes and
//! statistics that point it away.

use super::category::Category;

/// A header hint: a fragment of a normalised header and what it suggests.
struct Hint {
    fragment: &'static str,
    category: Category,
}

const fn h(fragment: &'static str, category: Category) -> Hint {
    Hint { fragment, category }
}

/// Fragments are matched in order against the lower-cased header without spaces
/// or punctuation; more specific ones first. Chinese fragments match anywhere in
/// the header; their pinyin initials (SFZH, LXDH …) are derived from them (see
/// `initials`), so no second list is kept by hand.
const HINTS: &[Hint] = &[
    h("统一社会信用代码", Category::Uscc),
    h("社会信用代码", Category::Uscc),
    h("信用代码", Category::Uscc),
    h("uscc", Category::Uscc),
    h("组织机构代码", Category::OrgCode),
    h("机构代码", Category::OrgCode),
    h("社保卡", Category::BankCard),
    h("医保卡", Category::BankCard),
    h("身份证", Category::IdCard),
    h("身分证", Category::IdCard),
    h("公民身份号码", Category::IdCard),
    h("身份号码", Category::IdCard),
    h("社会保障号", Category::IdCard),
    h("护照", Category::Passport),
    h("通行证", Category::Passport),
    h("回乡证", Category::Passport),
    h("台胞证", Category::Passport),
    h("旅行证", Category::Passport),
    h("往来台湾", Category::Passport),
    h("证件号", Category::IdCard),
    h("银行卡", Category::BankCard),
    h("银行账号", Category::BankCard),
    h("银行帐号", Category::BankCard),
    h("存折", Category::BankCard),
    h("一卡通", Category::BankCard),
    h("一折通", Category::BankCard),
    h("代发账户", Category::BankCard),
    h("卡号", Category::BankCard),
    h("账号", Category::BankCard),
    h("帐号", Category::BankCard),
    h("账户", Category::BankCard),
    h("帐户", Category::BankCard),
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
    h("联系号码", Category::Phone),
    h("电话", Category::Phone),
    h("电子邮箱", Category::Email),
    h("邮箱", Category::Email),
    h("电子邮件", Category::Email),
    h("出生日期", Category::BirthDate),
    h("出生年月", Category::BirthDate),
    h("生日", Category::BirthDate),
    h("经纬度", Category::Gps),
    h("坐标", Category::Gps),
    h("经度", Category::Gps),
    h("纬度", Category::Gps),
    h("东经", Category::Gps),
    h("北纬", Category::Gps),
    h("ip地址", Category::Ip),
    h("诊断", Category::Health),
    h("病情", Category::Health),
    h("病史", Category::Health),
    h("病种", Category::Health),
    h("疾病", Category::Health),
    h("残疾", Category::Health),
    h("体检结果", Category::Health),
    h("体检结论", Category::Health),
    h("体检情况", Category::Health),
    h("健康状况", Category::Health),
    h("宗教", Category::Religion),
    h("信仰", Category::Religion),
    h("民族", Category::Ethnicity),
    h("犯罪", Category::Criminal),
    h("前科", Category::Criminal),
    h("刑事处罚", Category::Criminal),
    h("刑罚", Category::Criminal),
    h("服刑", Category::Criminal),
    h("判处", Category::Criminal),
    h("罪名", Category::Criminal),
    h("族别", Category::Ethnicity),
    h("家庭住址", Category::Address),
    h("住址", Category::Address),
    h("地址", Category::Address),
    h("户籍", Category::Address),
    h("居住地", Category::Address),
    h("姓名", Category::PersonName),
    h("名字", Category::PersonName),
    h("户名", Category::PersonName),
    h("户主", Category::PersonName),
    h("申请人", Category::PersonName),
    h("领取人", Category::PersonName),
    h("代领人", Category::PersonName),
    h("联系人", Category::PersonName),
    h("委托人", Category::PersonName),
    h("负责人", Category::PersonName),
    h("法定代表人", Category::PersonName),
    h("法人", Category::PersonName),
    h("理事长", Category::PersonName),
    h("监护人", Category::PersonName),
    h("驾驶人", Category::PersonName),
    h("当事人", Category::PersonName),
    h("患者", Category::PersonName),
    h("经营者", Category::PersonName),
    h("校长", Category::PersonName),
    h("院长", Category::PersonName),
    h("执业医师", Category::PersonName),
    h("签约医生", Category::PersonName),
    h("医生", Category::PersonName),
];

/// English headers, matched anywhere in an ASCII header when longer than four
/// letters, else as the whole header (or with `no`/`number`).
const ENGLISH: &[Hint] = &[
    h("idcard", Category::IdCard),
    h("idno", Category::IdCard),
    h("idnumber", Category::IdCard),
    h("passport", Category::Passport),
    h("account", Category::BankCard),
    h("acct", Category::BankCard),
    h("bankcard", Category::BankCard),
    h("cardno", Category::BankCard),
    h("plate", Category::Plate),
    h("mobile", Category::Phone),
    h("phone", Category::Phone),
    h("tel", Category::Phone),
    h("email", Category::Email),
    h("mail", Category::Email),
    h("birth", Category::BirthDate),
    h("dob", Category::BirthDate),
    h("latitude", Category::Gps),
    h("longitude", Category::Gps),
    h("lat", Category::Gps),
    h("lng", Category::Gps),
    h("lon", Category::Gps),
    h("gps", Category::Gps),
    h("ipaddress", Category::Ip),
    h("address", Category::Address),
    h("addr", Category::Address),
    h("fullname", Category::PersonName),
    h("name", Category::PersonName),
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
    "行政区划",
    "区划代码",
    "邮政编码",
    "邮编",
];

/// Headers of codes that identify records or places, not people: an identifier-
/// shaped column under one of these stays as it is.
const PUBLIC_CODES: &[&str] = &[
    "行政区划",
    "区划代码",
    "区划",
    "邮政编码",
    "邮编",
    "文号",
    "项目编号",
    "项目代码",
    "合同",
    "订单",
    "发票",
    "批次",
    "许可证",
    "证书编号",
    "科目编码",
    "编码",
    "业务编号",
    "业务号",
    "流水号",
    "登记号",
    "备案号",
    "案号",
    // Exam numbers are published with the results they belong to.
    "准考证",
    "考号",
    "考生号",
];

/// Words that make a header a statistic (户籍人口, 残疾人数): a count or an
/// amount about many people, not one person's data.
const STATISTICS: &[&str] = &["数", "人口", "数量", "金额", "率", "比例", "占比", "合计", "总计", "万元", "元"];

/// Decoy words too generic to outweigh a special category (诊断名称 is a
/// diagnosis; 单位名称 is not a person's).
const GENERIC_DECOYS: &[&str] = &["名称", "编号"];

/// Words after a special-category word that make the column about something
/// else: the examining clinic, the date, the certificate's number (体检机构,
/// 残疾人证号, 判处日期).
const SPECIAL_QUALIFIERS: &[&str] =
    &["机构", "单位", "医院", "场所", "日期", "时间", "地点", "编号", "证号", "号码", "费用", "人数", "是否"];

pub(super) fn statistic_header(n: &str) -> bool {
    STATISTICS.iter().any(|k| n.ends_with(k))
}

/// Pinyin initials of a Chinese fragment: 身份证号 → sfzh. Characters with
/// several readings give each (银行账号 → yhzh and yxzh), at most eight spellings.
fn initials_of(fragment: &str) -> Vec<String> {
    use pinyin::ToPinyinMulti;
    let mut out = vec![String::new()];
    for c in fragment.chars() {
        let Some(multi) = c.to_pinyin_multi() else { return Vec::new() };
        let mut letters: Vec<char> = multi.into_iter().filter_map(|p| p.first_letter().chars().next()).collect();
        letters.dedup();
        let mut next = Vec::new();
        for prefix in &out {
            for l in &letters {
                if next.len() < 8 {
                    next.push(format!("{prefix}{l}"));
                }
            }
        }
        out = next;
    }
    out
}

/// The pinyin initials of every Chinese hint (and of the longer decoys, as
/// `None`), derived once.
fn initials() -> &'static [(String, Option<Category>)] {
    static INITIALS: std::sync::OnceLock<Vec<(String, Option<Category>)>> = std::sync::OnceLock::new();
    INITIALS.get_or_init(|| {
        let mut out: Vec<(String, Option<Category>)> = Vec::new();
        for d in NOT_PERSONAL.iter().filter(|d| d.chars().count() >= 3) {
            out.extend(initials_of(d).into_iter().map(|i| (i, None)));
        }
        // A free-text header's initials are free text (BZ is 备注 before 病种).
        for d in super::freetext::FREE_TEXT_HEADERS.iter().filter(|d| !d.is_ascii()) {
            out.extend(initials_of(d).into_iter().map(|i| (i, None)));
        }
        for hint in HINTS.iter().filter(|h| !h.fragment.is_ascii()) {
            for i in initials_of(hint.fragment).into_iter().filter(|i| i.len() >= 2) {
                if !out.iter().any(|(x, _)| *x == i) {
                    out.push((i, Some(hint.category)));
                }
            }
        }
        out
    })
}

/// Tails that may follow initials: 号码 (hm), 号 (h), 代码 (dm), a number.
fn initials_match(header: &str, initials: &str) -> bool {
    let Some(rest) = header.strip_prefix(initials) else { return false };
    rest.is_empty() || ["hm", "h", "dm", "m"].contains(&rest) || rest.bytes().all(|b| b.is_ascii_digit())
}

fn english_match(header: &str, word: &str) -> bool {
    if word.len() > 4 {
        header.contains(word)
    } else {
        header == word || [word, "no"].concat() == header || [word, "number"].concat() == header
    }
}

/// Normalises a header for matching: lower case, no spaces or punctuation.
pub fn normalise(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Whether a header names a decoy (an exam number, a business number, an
/// organisation's name) rather than a person's data.
pub fn decoy_header(header: &str) -> bool {
    let n = normalise(header);
    if NOT_PERSONAL.iter().any(|d| n.contains(d)) {
        return true;
    }
    n.is_ascii() && initials().iter().any(|(i, c)| c.is_none() && initials_match(&n, i))
}

/// Whether a header names an account (账号, 一卡通, YHZH …), where any long
/// number is an account number.
pub fn account_header(header: &str) -> bool {
    header_hint(header) == Some(Category::BankCard)
}

pub(super) fn public_code_header(header: &str) -> bool {
    let n = normalise(header);
    PUBLIC_CODES.iter().any(|d| n.contains(d))
}

/// The category a header suggests, if any.
pub fn header_hint(header: &str) -> Option<Category> {
    let n = normalise(header);
    let strong = ["身份证", "身分证", "护照", "通行证", "手机", "银行卡"].iter().any(|k| n.contains(k));
    // A special category names the fact itself (诊断名称, 罪名): a generic decoy
    // word beside it (名称, 编号 of a register) does not make it harmless; only
    // the words that turn it into something else (体检机构, 残疾人数) do.
    let special = HINTS.iter().find(|h| h.category.special_attribute() && n.contains(h.fragment));
    if let Some(h) = special {
        let qualified = SPECIAL_QUALIFIERS.iter().any(|q| n.contains(q));
        let other_decoy = NOT_PERSONAL.iter().any(|d| n.contains(d) && !GENERIC_DECOYS.contains(d));
        if !qualified && !other_decoy && !statistic_header(&n) {
            return Some(h.category);
        }
    }
    if !strong && (decoy_header(header) || statistic_header(&n)) {
        return None;
    }
    if let Some(h) = HINTS.iter().find(|h| n.contains(h.fragment)) {
        if h.category.special_attribute() && SPECIAL_QUALIFIERS.iter().any(|q| n.contains(q)) {
            return None;
        }
        return Some(h.category);
    }
    if !n.is_ascii() {
        return None;
    }
    if let Some((_, c)) = initials().iter().find(|(i, _)| initials_match(&n, i)) {
        return *c;
    }
    ENGLISH.iter().find(|h| english_match(&n, h.fragment)).map(|h| h.category)
}
