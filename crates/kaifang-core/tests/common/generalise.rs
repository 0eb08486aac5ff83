//! A labelled corpus for measuring whether the personal-data column classifier
//! generalises rather than remembers: about seventy spreadsheets of the kind a
//! county office publishes or keeps (subsidy and benefit lists, health and school
//! records, travel-document registers, traffic fines, hotline logs, registries of
//! enterprises, cooperatives, schools and clinics, procurement and budget tables),
//! each column labelled with its category and whether it is about a person.
//!
//! Header spellings of the same field (Chinese, pinyin initials, English,
//! abbreviations, typos, bracketed notes, merged two-row headers), value formats,
//! column order and column count all vary from table to table, and `split` puts
//! alternate tables into a development and a held-out half, fixed by index
//! parity before any result is seen. Values are synthetic: valid check digits,
//! made-up people, a made-up county (黔安县) with real Guizhou area codes.

use std::collections::HashMap;

use kaifang_core::sensitive::Category as C;

use super::corpus::{Rng, Table};

/// The corpus: at least 60 tables and 600 labelled columns.
pub fn corpus(seed: u64) -> Vec<Table> {
    let r = &mut Rng::new(seed);
    let s = &mut Rot::default();
    // The variants of a kind are consecutive, so `split` sends them to different
    // halves; kinds with an odd number of tables flip which half gets variant 0.
    type Kind = fn(&mut Rot, &mut Rng, usize) -> Table;
    let kinds: &[(Kind, &[usize])] = &[
        (dibao, &[0, 1, 2]),
        (disability, &[0, 1]),
        (dilapidated_housing, &[0, 1]),
        (farmland_subsidy, &[0, 1]),
        (medical_insurance, &[0, 1]),
        (|s, r, _| late_vouchers(s, r), &[0]),
        (|s, r, _| late_farm_households(s, r), &[0]),
        (student_aid, &[0, 1]),
        (enterprises, &[0, 1]),
        (travel_documents, &[0, 1, 2]),
        (kept_passports, &[0, 1]),
        (traffic, &[0, 1]),
        (hotline, &[0, 1, 2]),
        (public_jobs, &[1, 0]),
        (cooperatives, &[0, 1]),
        (elderly_allowance, &[0, 1]),
        (health_records, &[0, 1]),
        (|s, r, _| late_vaccination(s, r), &[0]),
        (|s, r, _| late_pensions(s, r), &[0]),
        (migrants, &[0, 1]),
        (social_organisations, &[0, 1]),
        (applicants, &[0, 1, 2]),
        (veterans, &[0, 1]),
        (schools, &[0, 1]),
        (clinics, &[0, 1, 2]),
        (staff, &[0, 1]),
        (official_cars, &[0, 1]),
        (villages, &[0, 1]),
        (projects, &[0, 1]),
        (procurement, &[0, 1]),
        (penalties, &[0, 1]),
        (exams, &[0, 1]),
        (aggregates, &[0, 1]),
        (|s, r, _| business_ledger(s, r), &[0]),
        (|s, r, _| parking_permits(s, r), &[0]),
        (|s, r, _| volunteers(s, r), &[0]),
        (|s, r, _| late_relief(s, r), &[0]),
    ];
    kinds
        .iter()
        .flat_map(|(kind, variants)| variants.iter().map(move |&v| (kind, v)))
        .map(|(kind, v)| kind(s, r, v))
        .collect()
}

/// (development, held-out): even-indexed tables develop, odd-indexed are held out.
pub fn split(tables: Vec<Table>) -> (Vec<Table>, Vec<Table>) {
    let (dev, held): (Vec<_>, Vec<_>) = tables.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    (dev.into_iter().map(|(_, t)| t).collect(), held.into_iter().map(|(_, t)| t).collect())
}

// ---------------------------------------------------------------------------
// Header spellings, handed out in turn.

static ID_H: &[&str] = &[
    "身份证号",
    "公民身份号码",
    "SFZH",
    "身份证件号码",
    "证件号码",
    "sfzh",
    "ID No.",
    "身份证",
    "身分证号",
    "身份证号码",
    "ZJHM",
    "居民身份证号码",
    "身份证号（18位）",
    "公民身份证号",
];
static NAME_H: &[&str] =
    &["姓名", "XM", "Name", "姓名(户主)", "xm", "户主姓名", "姓  名", "人员姓名", "户主", "申请人姓名", "名字"];
static MOBILE_H: &[&str] = &[
    "联系电话",
    "手机号码",
    "LXDH",
    "手机",
    "Mobile",
    "SJHM",
    "联系电话（手机）",
    "电话",
    "手机号吗",
    "sjhm",
    "联糸电话",
    "联系方式",
    "移动电话",
    "lxdh",
    "手机号",
    "Tel",
];
static CARD_H: &[&str] = &[
    "银行卡号",
    "银行账号",
    "YHZH",
    "卡号",
    "Account No.",
    "账号",
    "收款账号",
    "帐号",
    "开户账号",
    "yhzh",
    "代发账户",
];
static PASSBOOK_H: &[&str] = &[
    "存折号",
    "一折通账号",
    "一卡通账号",
    "账号",
    "一折通",
    "YHZH",
    "帐号",
    "Account No.",
    "代发账户",
    "社保卡号",
    "卡号",
    "存折账号",
    "惠民惠农一卡通",
];
static ADDR_H: &[&str] =
    &["家庭住址", "JTZZ", "住址", "Address", "现住址", "户籍地址", "家庭地址", "jtzz", "居住地址", "联系地址"];
static BIRTH_H: &[&str] = &["出生日期", "CSRQ", "出生年月", "Date of birth", "csrq", "生日", "出生年月日"];
static ETH_H: &[&str] = &["民族", "MZ", "族别"];
static PASSPORT_H: &[&str] = &["护照号码", "HZHM", "Passport No.", "护照号", "hzhm", "普通护照号码"];
static EMAIL_H: &[&str] = &["电子邮箱", "Email", "邮箱", "E-mail", "电子邮件", "DZYX", "联系邮箱"];
static PLATE_H: &[&str] = &["车牌号", "号牌号码", "车牌号码", "CPH", "车牌", "Plate No."];
static LON_H: &[&str] = &["经度", "Longitude", "JD", "东经", "经度（°）", "X坐标（经度）"];
static LAT_H: &[&str] = &["纬度", "Latitude", "WD", "北纬", "纬度（°）", "Y坐标（纬度）"];
static HOME_TEL_H: &[&str] = &["固定电话", "家庭电话", "座机", "宅电", "GDDH", "住宅电话"];
static OFFICE_TEL_H: &[&str] = &["办公电话", "联系电话", "电话", "值班电话", "咨询电话", "LXDH"];
static REMARK_H: &[&str] = &["备注", "情况说明", "BZ", "备 注", "说明"];
static TOWN_H: &[&str] = &["乡镇", "乡镇（街道）", "所属乡镇", "XZ", "乡（镇）"];
static VILLAGE_H: &[&str] = &["村（社区）", "村", "所在村", "村居", "行政村", "CJ"];

/// Hands out the spellings of a field in turn, so consecutive tables (and so the
/// two halves) use different ones.
#[derive(Default)]
struct Rot(HashMap<usize, usize>);

impl Rot {
    fn next(&mut self, list: &'static [&'static str]) -> &'static str {
        let n = self.0.entry(list.as_ptr() as usize).or_default();
        let s = list[*n % list.len()];
        *n += 1;
        s
    }
}

// ---------------------------------------------------------------------------
// Columns and tables.

type Label = (C, bool);
type Gen = Box<dyn Fn(&mut Rng, usize, &Person) -> String>;

struct Col {
    header: &'static str,
    label: Label,
    gen: Gen,
}

fn col(
    header: &'static str,
    category: C,
    personal: bool,
    gen: impl Fn(&mut Rng, usize, &Person) -> String + 'static,
) -> Col {
    Col { header, label: (category, personal), gen: Box::new(gen) }
}

/// A column that holds nothing the classifier should report.
fn plain(header: &'static str, gen: impl Fn(&mut Rng, usize, &Person) -> String + 'static) -> Col {
    col(header, C::None, false, gen)
}

/// One person per row; tables take what they need.
struct Person {
    name: String,
    id: String,
    y: u32,
    m: u32,
    d: u32,
    male: bool,
    mobile: String,
    town: &'static str,
    village: &'static str,
    group: u64,
    door: u64,
}

fn rows(r: &mut Rng) -> usize {
    120 + r.below(181) as usize
}

/// Builds a table of `n` rows of people born in `years`. `groups` is the upper
/// line of a two-row header (empty for a one-row header).
fn build(
    name: &'static str,
    groups: Vec<&'static str>,
    years: (u32, u32),
    n: usize,
    cols: Vec<Col>,
    r: &mut Rng,
) -> Table {
    assert!(groups.is_empty() || groups.len() == cols.len(), "{name}: group line width");
    let data = (0..n)
        .map(|i| {
            let p = person(r, years);
            cols.iter().map(|c| (c.gen)(r, i, &p)).collect()
        })
        .collect();
    Table {
        name,
        headers: cols.iter().map(|c| c.header).collect(),
        labels: cols.iter().map(|c| c.label).collect(),
        rows: data,
        groups,
    }
}

/// A few swaps of neighbouring columns after the first `keep`: the same form
/// filled in by another office.
fn shuffle(mut cols: Vec<Col>, r: &mut Rng, keep: usize) -> Vec<Col> {
    if cols.len() > keep + 1 {
        for _ in 0..3 {
            let i = keep + r.below((cols.len() - keep - 1) as u64) as usize;
            cols.swap(i, i + 1);
        }
    }
    cols
}

// ---------------------------------------------------------------------------
// Values.

const COUNTY: &str = "黔安县";
static GZ_REGIONS: &[&str] = &[
    "520102", "520103", "520111", "520112", "520113", "520115", "520121", "520122", "520123", "520181", "520203",
    "520221", "520222", "520302", "520321", "520322", "520324", "520402", "520422", "522601", "522622", "522623",
    "522627", "522701", "522722", "522301", "522323",
];
static OTHER_REGIONS: &[&str] = &["510623", "500233", "430524", "450102", "530381", "110105", "440524", "130534"];
static SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高", "龙", "石", "潘", "韦", "雷", "田", "安", "蒙", "杨", "吴", "王", "李", "张", "刘", "陈", "欧阳", "司马",
    "诸葛", "上官",
];
static GIVEN1: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平",
    "刚", "桂", "英", "华", "玲", "飞", "鹏", "兰", "梅", "琴", "红", "燕", "斌", "波", "婷",
];
static GIVEN2: &[&str] = &[
    "秀英", "明华", "志强", "建国", "国华", "春梅", "海燕", "晓东", "子涵", "梓涵", "浩然", "一诺", "雨桐", "欣怡",
    "宇轩", "家豪", "思远", "金花", "永福", "德明", "光荣", "玉兰", "学文", "正权", "小平", "文军", "兴华", "世英",
];
static TOWNS: &[&str] = &[
    "城关镇",
    "河口乡",
    "新店镇",
    "白沙乡",
    "龙泉镇",
    "东山街道",
    "羊场镇",
    "大坝乡",
    "茶园镇",
    "马场镇",
    "青山苗族乡",
];
static VILLAGES: &[&str] = &[
    "东村",
    "西村",
    "南岗村",
    "柳树湾村",
    "大王庄村",
    "新寨村",
    "坪上村",
    "龙井村",
    "红岩村",
    "沙坝村",
    "高枧村",
    "老街社区",
    "新城社区",
    "鱼塘村",
    "水井湾村",
];
static ROADS: &[&str] = &["人民路", "解放路", "建设路", "文化路", "中山路", "新华街", "环城北路", "滨河路"];
static ETHNIC: &[&str] = &[
    "汉族",
    "汉族",
    "汉族",
    "汉族",
    "汉族",
    "苗族",
    "苗族",
    "苗族",
    "布依族",
    "布依族",
    "侗族",
    "土家族",
    "彝族",
    "仡佬族",
    "水族",
    "回族",
];
static CN_NUM: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
static HEALTH_DIAG: &[&str] = &[
    "高血压",
    "2型糖尿病",
    "冠心病",
    "慢性阻塞性肺疾病",
    "脑梗死后遗症",
    "类风湿性关节炎",
    "慢性肾脏病",
    "精神分裂症",
    "肺结核",
    "慢性乙型病毒性肝炎",
    "高血压;2型糖尿病",
];
static ORG_WORDS: &[&str] = &["兴旺", "宏达", "鑫源", "富民", "绿源", "金穗", "山水", "惠农", "黔香", "联丰"];
static ORG_KIND: &[&str] = &["种养殖", "蔬菜", "茶叶", "生猪养殖", "中药材", "食用菌", "精品水果"];

fn person(r: &mut Rng, years: (u32, u32)) -> Person {
    let male = r.below(2) == 0;
    let y = years.0 + r.below(u64::from(years.1 - years.0 + 1)) as u32;
    let m = 1 + r.below(12) as u32;
    let d = 1 + r.below(u64::from(days_in(y, m))) as u32;
    let region = if r.below(10) < 8 { r.pick(GZ_REGIONS) } else { r.pick(OTHER_REGIONS) };
    Person {
        name: name(r),
        id: id18(r, region, (y, m, d), male),
        y,
        m,
        d,
        male,
        mobile: mobile(r),
        town: r.pick(TOWNS),
        village: r.pick(VILLAGES),
        group: 1 + r.below(12),
        door: 1 + r.below(120),
    }
}

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn name(r: &mut Rng) -> String {
    let given = if r.below(10) < 5 { r.pick(GIVEN2).to_owned() } else { r.pick(GIVEN1).to_owned() };
    format!("{}{given}", r.pick(SURNAMES))
}

fn org_name(r: &mut Rng) -> String {
    match r.below(4) {
        0 => format!("{COUNTY}{}{}农民专业合作社", r.pick(ORG_WORDS), r.pick(ORG_KIND)),
        1 => format!("贵州{}{}农业发展有限公司", r.pick(ORG_WORDS), r.pick(&["生态", "现代", "山地"])),
        2 => format!("{COUNTY}{}{}股份经济合作社", r.pick(TOWNS), r.pick(VILLAGES)),
        _ => format!("{COUNTY}{}{}有限公司", r.pick(ORG_WORDS), r.pick(&["商贸", "建材", "农业开发", "旅游"])),
    }
}

fn id_check(body: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(W).map(|(b, w)| u32::from(b - b'0') * w).sum();
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize]
}

fn id18(r: &mut Rng, region: &str, (y, m, d): (u32, u32, u32), male: bool) -> String {
    let seq = r.below(500) * 2 + u64::from(male);
    let body = format!("{region}{y}{m:02}{d:02}{seq:03}");
    format!("{body}{}", id_check(&body))
}

/// The same person's legacy 15-digit number (region, YYMMDD, sequence; no check).
fn id15(p: &Person) -> String {
    format!("{}{:02}{:02}{:02}{}", &p.id[..6], p.y % 100, p.m, p.d, &p.id[14..17])
}

/// How Excel shows an 18-digit number typed into a General cell: 5.20102E+17.
fn excel_mangled(id: &str) -> String {
    let mantissa = id[1..6].trim_end_matches('0');
    if mantissa.is_empty() {
        format!("{}E+17", &id[..1])
    } else {
        format!("{}.{mantissa}E+17", &id[..1])
    }
}

static MOBILE_PREFIX: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
    "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187",
    "188", "189", "191", "198", "199",
];

fn mobile(r: &mut Rng) -> String {
    format!("{}{:08}", r.pick(MOBILE_PREFIX), r.below(100_000_000))
}

/// 0 plain, 1 `138-1234-5678`, 2 `+86 138…`, 3 `+8613…`, 4 `138 1234 5678`.
fn mobile_as(m: &str, style: u64) -> String {
    match style {
        1 => format!("{}-{}-{}", &m[..3], &m[3..7], &m[7..]),
        2 => format!("+86 {m}"),
        3 => format!("+86{m}"),
        4 => format!("{} {} {}", &m[..3], &m[3..7], &m[7..]),
        _ => m.to_owned(),
    }
}

/// A landline: 0 `0851-86123456`, 1 `(0854)8223456`, 2 `0854 8223456`, 3 no area code.
fn landline(r: &mut Rng, style: u64) -> String {
    let area = r.pick(&["0851", "0851", "0852", "0853", "0854", "0855", "0856", "0857", "0858", "0859"]);
    let local = if area == "0851" {
        format!("{}{:06}", r.pick(&["85", "86", "87", "88", "83"]), r.below(1_000_000))
    } else {
        format!("{}{:06}", r.pick(&["2", "3", "5", "6", "8"]), r.below(1_000_000))
    };
    match style {
        1 => format!("({area}){local}"),
        2 => format!("{area} {local}"),
        3 => local,
        _ => format!("{area}-{local}"),
    }
}

fn luhn_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A Luhn-valid card number from a Chinese bank's range (16 or 19 digits).
fn bank_card(r: &mut Rng) -> String {
    const BINS: [(&str, usize); 11] = [
        ("621799", 19),
        ("622848", 19),
        ("622202", 19),
        ("621700", 19),
        ("623059", 19),
        ("621098", 19),
        ("622908", 19),
        ("625965", 16),
        ("622588", 16),
        ("622155", 16),
        ("621785", 19),
    ];
    let (bin, len) = BINS[r.below(BINS.len() as u64) as usize];
    let mut s = bin.to_owned();
    while s.len() < len - 1 {
        s.push(char::from(b'0' + r.below(10) as u8));
    }
    let check = (0..10u8).map(|d| format!("{s}{d}")).find(|c| luhn_ok(c)).unwrap_or_default();
    if check.is_empty() {
        s.push('0');
        s
    } else {
        check
    }
}

fn spaced(card: &str) -> String {
    card.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// A rural savings or passbook account number: a fixed prefix and length for the
/// whole table (one credit union), failing Luhn.
fn passbook(r: &mut Rng, prefix: &str, len: usize) -> String {
    loop {
        let mut s = prefix.to_owned();
        while s.len() < len {
            s.push(char::from(b'0' + r.below(10) as u8));
        }
        if luhn_ok(&s) {
            let last = s.pop().map_or(0, |c| c as u8 - b'0');
            s.push(char::from(b'0' + (last + 1) % 10));
        }
        // Never by accident a valid ID number.
        if !(len == 18 && id_check(&s[..17]) == char::from(s.as_bytes()[17])) {
            return s;
        }
    }
}

const PASS_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

fn passport(r: &mut Rng) -> String {
    match r.below(6) {
        0 => format!("G{:08}", r.below(100_000_000)),
        1 | 2 => format!("E{}{:07}", char::from(PASS_LETTERS[r.below(24) as usize]), r.below(10_000_000)),
        _ => format!("E{:08}", r.below(100_000_000)),
    }
}

/// 往来港澳通行证: C + 8 characters.
fn hk_macau_permit(r: &mut Rng) -> String {
    if r.below(2) == 0 {
        format!("C{:08}", r.below(100_000_000))
    } else {
        format!("C{}{:07}", char::from(PASS_LETTERS[r.below(24) as usize]), r.below(10_000_000))
    }
}

/// 往来台湾通行证: L + 8 digits.
fn taiwan_permit(r: &mut Rng) -> String {
    format!("L{:08}", r.below(100_000_000))
}

/// 回乡证: H (Hong Kong) or M (Macao) + 8 digits, older cards 10 digits.
fn home_return_permit(r: &mut Rng) -> String {
    let letter = if r.below(4) == 0 { 'M' } else { 'H' };
    if r.below(3) == 0 {
        format!("{letter}{:010}", r.below(10_000_000_000))
    } else {
        format!("{letter}{:08}", r.below(100_000_000))
    }
}

/// 台胞证: 8 digits.
fn taiwan_compatriot_permit(r: &mut Rng) -> String {
    format!("{:08}", r.below(100_000_000))
}

fn foreign_passport(r: &mut Rng) -> String {
    match r.below(5) {
        0 => format!("5{:08}", r.below(100_000_000)),
        1 => format!("T{}{:07}", r.pick(&["K", "R", "Z"]), r.below(10_000_000)),
        2 => format!("M{:08}", r.below(100_000_000)),
        3 => format!("C{}{:07}", r.pick(&["F", "J", "K"]), r.below(10_000_000)),
        _ => format!("{}{:07}", r.pick(&["N", "P", "B"]), r.below(10_000_000)),
    }
}

fn latin_name(r: &mut Rng) -> String {
    let family = r.pick(&["SMITH", "KIM", "TANAKA", "NGUYEN", "MULLER", "GARCIA", "LEE", "PARK", "SATO", "BROWN"]);
    let given = r.pick(&["JOHN", "MINJUN", "HIROSHI", "VAN AN", "ANNA", "MARIA", "DAVID", "SEOYEON", "YUKI", "THOMAS"]);
    format!("{family} {given}")
}

fn plate(r: &mut Rng, dot: bool) -> String {
    let province = if r.below(10) < 9 { "贵" } else { r.pick(&["川", "渝", "湘", "云", "桂"]) };
    let city = char::from(b"ABCDEFGHJ"[r.below(9) as usize]);
    let sep = if dot { "·" } else { "" };
    let body = match r.below(6) {
        0 => format!("{}{:05}", r.pick(&["D", "F"]), r.below(100_000)),
        1 | 2 => format!("{:05}", r.below(100_000)),
        3 => format!("{}{:03}", r.pick(&["AB", "CD", "EF", "HK", "QX"]), r.below(1000)),
        _ => format!("{}{:04}", char::from(PASS_LETTERS[r.below(24) as usize]), r.below(10_000)),
    };
    format!("{province}{city}{sep}{body}")
}

static PINYIN_SUR: &[&str] = &["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "long"];
static PINYIN_GIVEN: &[&str] = &["wei", "fang", "na", "min", "jing", "qiang", "lei", "jun", "yan", "jie", "xiaodong"];

fn user_email(r: &mut Rng) -> String {
    match r.below(3) {
        0 => format!("{}@qq.com", 10_000 + r.below(3_000_000_000)),
        1 => format!(
            "{}{}{}@{}",
            r.pick(PINYIN_SUR),
            r.pick(PINYIN_GIVEN),
            r.below(10_000),
            r.pick(&["163.com", "126.com", "sina.com", "139.com", "foxmail.com"])
        ),
        _ => format!("{}_{}@{}", r.pick(PINYIN_GIVEN), 1960 + r.below(50), r.pick(&["163.com", "hotmail.com"])),
    }
}

fn office_email(r: &mut Rng) -> String {
    let who = r.pick(&["qaxzx", "hkxx", "xdzx", "bsxx", "lqzx", "qaxyey", "dszx", "ycxx", "mczx", "qaxjyj"]);
    match r.below(3) {
        0 => format!("{who}{}@163.com", 2000 + r.below(25)),
        1 => format!("{who}@126.com"),
        _ => format!("{who}{}@qq.com", r.below(100)),
    }
}

/// Longitude and latitude in Guizhou, in millionths of a degree.
fn lon_lat(r: &mut Rng) -> (u64, u64) {
    (103_600_000 + r.below(6_000_000), 24_600_000 + r.below(4_600_000))
}

fn degrees(micro: u64, places: u32) -> String {
    let scale = 10u64.pow(6 - places);
    format!("{}.{:0w$}", micro / 1_000_000, (micro % 1_000_000) / scale, w = places as usize)
}

/// A date: 0 `2024-03-05`, 1 `2024年3月5日`, 2 `20240305`, 3 `2024/3/5`, 4 `2024.03`.
fn date_as((y, m, d): (u32, u32, u32), style: u64) -> String {
    match style {
        1 => format!("{y}年{m}月{d}日"),
        2 => format!("{y}{m:02}{d:02}"),
        3 => format!("{y}/{m}/{d}"),
        4 => format!("{y}.{m:02}"),
        _ => format!("{y}-{m:02}-{d:02}"),
    }
}

fn some_date(r: &mut Rng, from: u32, span: u32) -> (u32, u32, u32) {
    (from + r.below(u64::from(span)) as u32, 1 + r.below(12) as u32, 1 + r.below(28) as u32)
}

/// A household address: 0 full with province, 1 county down to the group, 2
/// township, village and group in words, 3 a flat in town.
fn home_as(p: &Person, style: u64) -> String {
    let grp = CN_NUM[(p.group as usize - 1) % CN_NUM.len()];
    match style {
        1 => format!("{COUNTY}{}{}{}组", p.town, p.village, p.group),
        2 => format!("{}{}{grp}组{}号", p.town, p.village, p.door),
        3 => format!(
            "{COUNTY}{}{}{}号{}栋{}单元{}0{}",
            p.town,
            ROADS[p.door as usize % ROADS.len()],
            p.door,
            1 + p.group % 6,
            1 + p.door % 3,
            1 + p.group % 9,
            1 + p.door % 4
        ),
        _ => format!("贵州省{COUNTY}{}{}{}组{}号", p.town, p.village, p.group, p.door),
    }
}

fn facility_address(r: &mut Rng) -> String {
    match r.below(3) {
        0 => format!("{COUNTY}{}{}{}号", r.pick(TOWNS), r.pick(ROADS), 1 + r.below(300)),
        1 => format!("{COUNTY}{}{}{}组{}号", r.pick(TOWNS), r.pick(VILLAGES), 1 + r.below(12), 1 + r.below(99)),
        _ => format!("贵州省{COUNTY}{}{}{}号", r.pick(TOWNS), r.pick(ROADS), 1 + r.below(300)),
    }
}

const CODE_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// 组织机构代码 (GB 11714): 8 characters and a check character.
fn org_code_body(r: &mut Rng) -> String {
    let mut s: Vec<u8> = if r.below(2) == 0 {
        let mut v = b"MA6".to_vec();
        v.extend((0..5).map(|_| CODE_CHARS[r.below(31) as usize]));
        v
    } else {
        (0..8).map(|_| b'0' + r.below(10) as u8).collect()
    };
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let value = |c: u8| if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') + 10 };
    let sum: u32 = s.iter().zip(W).map(|(c, w)| value(*c) * w).sum();
    s.push(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        c => b'0' + c as u8,
    });
    String::from_utf8(s).unwrap_or_default()
}

fn org_code(r: &mut Rng, dash: bool) -> String {
    let body = org_code_body(r);
    if dash {
        format!("{}-{}", &body[..8], &body[8..])
    } else {
        body
    }
}

/// 统一社会信用代码 (GB 32100) with a registration-department prefix: 91
/// enterprise, 93 cooperative, 52 social organisation, 12 public institution.
fn uscc(r: &mut Rng, prefix: &str) -> String {
    const W: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let body = format!("{prefix}{}{}", r.pick(&GZ_REGIONS[..20]), &org_code_body(r));
    let s: Vec<u8> = body.bytes().take(17).collect();
    let sum: u32 = s.iter().zip(W).map(|(c, w)| CODE_CHARS.iter().position(|x| x == c).unwrap_or(0) as u32 * w).sum();
    let check = CODE_CHARS[((31 - sum % 31) % 31) as usize];
    format!("{}{}", String::from_utf8_lossy(&s), char::from(check))
}

/// 12-digit 行政区划代码 of a village or community.
fn division_code(r: &mut Rng) -> String {
    let town = [1, 2, 3, 101, 102, 103, 104, 201, 202, 203][r.below(10) as usize];
    let village = if r.below(4) == 0 { 1 + r.below(9) } else { 200 + r.below(40) };
    format!("{}{town:03}{village:03}", r.pick(&GZ_REGIONS[..10]))
}

fn free_text(r: &mut Rng, p: &Person) -> String {
    let other = name(r);
    let m = mobile(r);
    match r.below(12) {
        0 => format!("联系人{other}，电话{m}"),
        1 => format!("代领人{other}（身份证号{}）", id18(r, &p.id[..6], (1975, 5, 12), true)),
        2 => format!("户主{}已于2023年迁出，由{other}代管", p.name),
        3 => format!("委托人{other}代为办理，联系电话{m}"),
        4 => format!("由女儿{other}代领"),
        5 => format!("儿子{other}在外务工，电话{m}"),
        6 => format!("本人身份证号{}，已核实", p.id),
        7 => "已核实".to_owned(),
        8 => "2024年新增".to_owned(),
        9 => "家庭人口变化，待复核".to_owned(),
        _ => String::new(),
    }
}

fn money(r: &mut Rng, lo: u64, hi: u64) -> String {
    format!("{}.{:02}", lo + r.below(hi - lo + 1), r.below(100))
}

fn int(r: &mut Rng, lo: u64, hi: u64) -> String {
    (lo + r.below(hi - lo + 1)).to_string()
}

fn sex(p: &Person) -> String {
    (if p.male { "男" } else { "女" }).to_owned()
}

fn when(r: &mut Rng, from: u32, span: u32, style: u64) -> String {
    let d = some_date(r, from, span);
    date_as(d, style)
}

fn blank_or(value: String, pct: u64, r: &mut Rng) -> String {
    if r.below(100) < pct {
        String::new()
    } else {
        value
    }
}

// ---------------------------------------------------------------------------
// Tables about people.

fn dibao(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (prefix, len) = [("101", 19), ("5201", 17), ("2260", 20)][v];
    let luhn = v == 0;
    let mobile_style = [0, 1, 0][v];
    let bank_h = if luhn { s.next(CARD_H) } else { s.next(PASSBOOK_H) };
    let bank = move |r: &mut Rng, _: usize, _: &Person| {
        if luhn {
            bank_card(r)
        } else {
            passbook(r, prefix, len)
        }
    };
    let (name_h, id_h, tel_h, addr_h) = (s.next(NAME_H), s.next(ID_H), s.next(MOBILE_H), s.next(ADDR_H));
    match v {
        0 => {
            let cols = vec![
                plain("序号", |_, i, _| (i + 1).to_string()),
                plain(s.next(TOWN_H), |_, _, _| "城关镇".to_owned()),
                plain(s.next(VILLAGE_H), |r, _, _| r.pick(VILLAGES).to_owned()),
                col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
                col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
                plain("家庭人口", |r, _, _| int(r, 1, 7)),
                plain("保障类别", |r, _, _| r.pick(&["城市低保", "农村低保", "特困供养"]).to_owned()),
                plain("月补助金额（元）", |r, _, _| money(r, 200, 900)),
                col(tel_h, C::Phone, true, move |r, _, p| blank_or(mobile_as(&p.mobile, mobile_style), 4, r)),
                col(bank_h, C::BankCard, true, bank),
                col(addr_h, C::Address, true, |_, _, p| home_as(p, 0)),
                plain(s.next(REMARK_H), |r, _, p| if r.below(3) == 0 { free_text(r, p) } else { String::new() }),
            ];
            build("2024年城关镇城乡低保发放名单", vec![], (1940, 2000), rows(r), cols, r)
        }
        1 => {
            let groups = vec!["序号", "户主信息", "", "", "", "联系方式", "", "发放信息", "", "", "备注"];
            let cols = vec![
                plain("", |_, i, _| (i + 1).to_string()),
                col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
                col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
                plain("性别", |_, _, p| sex(p)),
                col(s.next(ETH_H), C::Ethnicity, true, |r, _, _| r.pick(ETHNIC).to_owned()),
                col(tel_h, C::Phone, true, move |_, _, p| mobile_as(&p.mobile, mobile_style)),
                col(addr_h, C::Address, true, |_, _, p| home_as(p, 1)),
                plain("保障人数", |r, _, _| int(r, 1, 6)),
                plain("发放金额", |r, _, _| money(r, 300, 2400)),
                col(bank_h, C::BankCard, true, bank),
                plain("", |r, _, _| r.pick(&["", "", "新增", "续保", "提标"]).to_owned()),
            ];
            build("河口乡2024年第二季度农村低保资金发放花名册", groups, (1945, 2005), rows(r), cols, r)
        }
        _ => {
            let cols = vec![
                plain("XH", |_, i, _| (i + 1).to_string()),
                col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
                plain("XB", |_, _, p| sex(p)),
                col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
                col(tel_h, C::Phone, true, move |r, _, p| blank_or(mobile_as(&p.mobile, mobile_style), 10, r)),
                col(addr_h, C::Address, true, |_, _, p| home_as(p, 2)),
                plain("BZLX", |r, _, _| r.pick(&["A类", "B类", "C类"]).to_owned()),
                plain("BZJE", |r, _, _| money(r, 200, 900)),
                col(bank_h, C::BankCard, true, bank),
                plain("KHH", |_, _, _| "黔安县农村信用合作联社".to_owned()),
            ];
            let cols = shuffle(cols, r, 1);
            build("dbmd_2024_export", vec![], (1950, 2002), rows(r), cols, r)
        }
    }
}

fn disability(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (name_h, id_h, tel_h) = (s.next(NAME_H), s.next(ID_H), s.next(MOBILE_H));
    let bank_h = s.next(PASSBOOK_H);
    let cert_h = ["残疾证号", "残疾人证号"][v];
    let kinds: &'static [&'static str] = if v == 0 {
        &["肢体", "视力", "听力", "言语", "智力", "精神", "多重"]
    } else {
        &["肢体残疾", "视力残疾", "听力残疾", "言语残疾", "智力残疾", "精神残疾", "多重残疾"]
    };
    let levels: &'static [&'static str] =
        if v == 0 { &["一级", "二级", "三级", "四级"] } else { &["1级", "2级", "3级", "4级"] };
    let cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
        plain("性别", |_, _, p| sex(p)),
        col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
        col(cert_h, C::Identifier, true, |r, _, p| format!("{}{}{}", p.id, 1 + r.below(7), 1 + r.below(4))),
        col(["残疾类别", "残疾类型"][v], C::Health, true, move |r, _, _| r.pick(kinds).to_owned()),
        col(["残疾等级", "等级"][v], C::Health, true, move |r, _, _| r.pick(levels).to_owned()),
        plain("补贴类型", |r, _, _| r.pick(&["生活补贴", "护理补贴", "生活补贴+护理补贴"]).to_owned()),
        plain("补贴金额", |r, _, _| money(r, 50, 200)),
        plain(s.next(TOWN_H), |r, _, _| r.pick(TOWNS).to_owned()),
        col(tel_h, C::Phone, true, move |r, _, p| blank_or(mobile_as(&p.mobile, v as u64 * 2), 8, r)),
        col(bank_h, C::BankCard, true, move |r, _, _| passbook(r, ["6230", "1052"][v], [19, 15][v])),
    ];
    let cols = if v == 1 { shuffle(cols, r, 2) } else { cols };
    build(
        ["困难残疾人生活补贴和重度残疾人护理补贴发放表", "2024年残疾人两项补贴花名册"][v],
        vec![],
        (1938, 2015),
        rows(r),
        cols,
        r,
    )
}

fn dilapidated_housing(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (name_h, id_h, tel_h) = (s.next(NAME_H), s.next(ID_H), s.next(MOBILE_H));
    let bank_h = s.next(PASSBOOK_H);
    let mut cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        plain(s.next(TOWN_H), |_, _, p| p.town.to_owned()),
        plain(s.next(VILLAGE_H), |_, _, p| p.village.to_owned()),
        col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
        col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
        plain("家庭人口", |r, _, _| int(r, 1, 8)),
        plain("房屋结构", |r, _, _| r.pick(&["土木", "砖木", "木结构", "砖混"]).to_owned()),
        plain("危险等级", |r, _, _| r.pick(&["C级", "D级"]).to_owned()),
        plain("改造方式", |r, _, _| r.pick(&["修缮加固", "拆除重建", "置换"]).to_owned()),
    ];
    if v == 0 {
        let (lon_h, lat_h) = (s.next(LON_H), s.next(LAT_H));
        cols.push(col(lon_h, C::Gps, true, |r, _, _| degrees(lon_lat(r).0, 6)));
        cols.push(col(lat_h, C::Gps, true, |r, _, _| degrees(lon_lat(r).1, 6)));
        cols.push(plain("补助资金（元）", |r, _, _| int(r, 10_000, 35_000)));
        cols.push(plain("是否脱贫户", |r, _, _| r.pick(&["是", "否", "否"]).to_owned()));
        cols.push(col(tel_h, C::Phone, true, |_, _, p| p.mobile.clone()));
        cols.push(col(bank_h, C::BankCard, true, |r, _, _| passbook(r, "52010", 20)));
        cols.push(plain("情况说明", |r, _, p| match r.below(4) {
            0 => format!("户主{}，身份证号{}，房屋墙体开裂，屋面漏雨", p.name, p.id),
            1 => format!("该户为脱贫户，联系人{}，电话{}", name(r), mobile(r)),
            2 => "房屋主体结构严重受损".to_owned(),
            _ => "经鉴定为危房".to_owned(),
        }));
        build("2023年农村危房改造对象花名册", vec![], (1940, 1995), rows(r), cols, r)
    } else {
        cols.push(col(s.next(ADDR_H), C::Address, true, |_, _, p| home_as(p, 2)));
        cols.push(col("GPS坐标", C::Gps, true, |r, _, _| {
            let (lon, lat) = lon_lat(r);
            format!("{},{}", degrees(lon, 6), degrees(lat, 6))
        }));
        cols.push(plain("验收日期", |r, _, _| when(r, 2024, 1, 1)));
        cols.push(col(tel_h, C::Phone, true, |r, _, p| mobile_as(&p.mobile, r.below(2))));
        cols.push(plain("补助金额", |r, _, _| money(r, 8_000, 30_000)));
        cols.push(col(bank_h, C::BankCard, true, |r, _, _| passbook(r, "62304", 21)));
        let cols = shuffle(cols, r, 1);
        build("农村低收入群体住房安全保障验收台账", vec![], (1938, 1990), rows(r), cols, r)
    }
}

fn farmland_subsidy(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (name_h, id_h, tel_h) = (s.next(NAME_H), s.next(ID_H), s.next(MOBILE_H));
    let bank_h = s.next(PASSBOOK_H);
    if v == 0 {
        let cols = vec![
            plain("序号", |_, i, _| (i + 1).to_string()),
            plain(s.next(VILLAGE_H), |_, _, p| p.village.to_owned()),
            plain("组", |_, _, p| format!("{}组", p.group)),
            col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
            col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
            plain("计税面积（亩）", |r, _, _| format!("{}.{}", r.below(12), r.below(100))),
            plain("补贴标准（元/亩）", |_, _, _| "93.24".to_owned()),
            plain("补贴金额（元）", |r, _, _| money(r, 10, 1200)),
            col(bank_h, C::BankCard, true, |r, _, _| passbook(r, "2270", 14)),
            plain("开户行", |_, _, _| "黔安县农村信用合作联社".to_owned()),
            col(tel_h, C::Phone, true, |r, _, p| blank_or(p.mobile.clone(), 15, r)),
        ];
        build("2024年耕地地力保护补贴发放清册", vec![], (1940, 1990), rows(r), cols, r)
    } else {
        // Parents span the columns under them; the leaf row refines them.
        let groups = vec!["序号", "补贴对象", "", "", "补贴面积及金额", "", "", "发放信息", "", "乡镇"];
        let cols = vec![
            plain("", |_, i, _| (i + 1).to_string()),
            col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
            col(id_h, C::IdCard, true, |_, _, p| p.id.to_lowercase()),
            col(tel_h, C::Phone, true, |_, _, p| p.mobile.clone()),
            plain("面积（亩）", |r, _, _| format!("{}.{:02}", r.below(15), r.below(100))),
            plain("标准", |_, _, _| "95.10".to_owned()),
            plain("金额", |r, _, _| money(r, 10, 1400)),
            col(bank_h, C::BankCard, true, |r, _, _| passbook(r, "8220", 16)),
            plain("开户银行", |r, _, _| r.pick(&["农信社", "邮储银行", "农商银行"]).to_owned()),
            plain("", |_, _, p| p.town.to_owned()),
        ];
        build("龙泉镇耕地地力保护补贴公示", groups, (1938, 1988), rows(r), cols, r)
    }
}

fn medical_insurance(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (name_h, id_h, tel_h, addr_h) = (s.next(NAME_H), s.next(ID_H), s.next(MOBILE_H), s.next(ADDR_H));
    let cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
        plain("性别", |_, _, p| sex(p)),
        col(
            id_h,
            C::IdCard,
            true,
            move |r, _, p| {
                if v == 0 && p.y < 1970 && r.below(3) == 0 {
                    id15(p)
                } else {
                    p.id.clone()
                }
            },
        ),
        col(["农合证号", "医保个人编号"][v], C::Identifier, true, move |r, _, p| {
            if v == 0 {
                format!("{}{:07}", &p.id[..6], r.below(10_000_000))
            } else {
                format!("52{}{:08}", &p.id[2..6], r.below(100_000_000))
            }
        }),
        plain("参保类别", |r, _, _| r.pick(&["普通居民", "低保对象", "特困人员", "脱贫人口"]).to_owned()),
        plain("缴费档次", |r, _, _| r.pick(&["一档", "二档"]).to_owned()),
        plain("个人缴费（元）", |r, _, _| r.pick(&["380", "0", "190", "380"]).to_owned()),
        plain("缴费日期", move |r, _, _| when(r, 2023, 1, [0, 2][v])),
        col(addr_h, C::Address, true, move |_, _, p| home_as(p, [0, 3][v])),
        col(tel_h, C::Phone, true, |r, _, p| blank_or(p.mobile.clone(), 12, r)),
        plain("行政区划代码", |r, _, _| division_code(r)),
    ];
    let cols = if v == 1 { shuffle(cols, r, 2) } else { cols };
    build(["2024年度城乡居民医疗保险参保登记表", "居民医保参保缴费明细"][v], vec![], (1935, 2015), rows(r), cols, r)
}

fn student_aid(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (id_h, addr_h, card_h) = (s.next(ID_H), s.next(ADDR_H), s.next(CARD_H));
    let birth_h = s.next(BIRTH_H);
    let cols = vec![
        plain("学校", |r, _, _| format!("{COUNTY}{}{}", r.pick(TOWNS), r.pick(&["中心小学", "中学", "民族中学"]))),
        plain("年级", |r, _, _| r.pick(&["一年级", "三年级", "五年级", "七年级", "八年级", "九年级"]).to_owned()),
        col(["学生姓名", "XSXM"][v], C::PersonName, true, |_, _, p| p.name.clone()),
        col(["学籍号", "全国学籍号"][v], C::Identifier, true, |_, _, p| format!("G{}", p.id)),
        col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
        col(birth_h, C::BirthDate, true, move |_, _, p| date_as((p.y, p.m, p.d), [0, 2][v])),
        col(s.next(ETH_H), C::Ethnicity, true, move |r, _, _| {
            let e = r.pick(ETHNIC);
            if v == 1 {
                e.trim_end_matches('族').to_owned()
            } else {
                e.to_owned()
            }
        }),
        col(["监护人", "监护人姓名"][v], C::PersonName, true, |r, _, _| name(r)),
        col(["监护人电话", "监护人联系电话"][v], C::Phone, true, |r, _, _| mobile(r)),
        col(addr_h, C::Address, true, move |_, _, p| home_as(p, [1, 0][v])),
        plain("资助类别", |r, _, _| r.pick(&["一等", "二等", "营养改善计划"]).to_owned()),
        plain("资助金额", |r, _, _| r.pick(&["1000", "1250", "625", "500"]).to_owned()),
        col(
            card_h,
            C::BankCard,
            true,
            move |r, _, _| if v == 1 && r.below(3) == 0 { spaced(&bank_card(r)) } else { bank_card(r) },
        ),
    ];
    let cols = if v == 1 { shuffle(cols, r, 0) } else { cols };
    build(
        ["2024年春季学期家庭经济困难学生资助名单", "义务教育阶段学生资助发放明细"][v],
        vec![],
        (2006, 2017),
        rows(r),
        cols,
        r,
    )
}

fn travel_documents(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let tel_h = s.next(MOBILE_H);
    match v {
        0 => {
            let id_h = s.next(ID_H);
            let cols = vec![
                plain("序号", |_, i, _| (i + 1).to_string()),
                col("姓名", C::PersonName, true, |_, _, p| p.name.clone()),
                col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
                plain("证件类型", |_, i, _| ["普通护照", "往来港澳通行证", "往来台湾通行证"][i % 3].to_owned()),
                col("证件号码", C::Passport, true, |r, i, _| match i % 3 {
                    0 => passport(r),
                    1 => hk_macau_permit(r),
                    _ => taiwan_permit(r),
                }),
                plain("签发日期", |r, _, _| when(r, 2020, 5, 0)),
                plain("有效期至", |r, _, _| when(r, 2030, 5, 0)),
                col(tel_h, C::Phone, true, |_, _, p| p.mobile.clone()),
                col(s.next(ADDR_H), C::Address, true, |_, _, p| home_as(p, 0)),
            ];
            build("出入境证件办理登记", vec![], (1950, 2010), rows(r), cols, r)
        }
        1 => {
            let cols = vec![
                col("姓名", C::PersonName, true, |_, _, p| p.name.clone()),
                plain("性别", |_, _, p| sex(p)),
                plain("证件类别", |_, i, _| ["港澳居民来往内地通行证", "台湾居民来往大陆通行证"][i % 2].to_owned()),
                col("证件号码", C::Passport, true, |r, i, _| {
                    if i % 2 == 0 {
                        home_return_permit(r)
                    } else {
                        taiwan_compatriot_permit(r)
                    }
                }),
                col(s.next(BIRTH_H), C::BirthDate, true, |_, _, p| date_as((p.y, p.m, p.d), 1)),
                plain("来访事由", |r, _, _| r.pick(&["探亲", "商务", "旅游", "投资考察"]).to_owned()),
                plain("入境日期", |r, _, _| when(r, 2024, 1, 0)),
                col(tel_h, C::Phone, true, |r, _, p| mobile_as(&p.mobile, 2 + r.below(2))),
                plain("接待单位", |r, _, _| r.pick(&["县台办", "县侨联", "县投资促进局"]).to_owned()),
            ];
            build("港澳台同胞来黔登记表", vec![], (1950, 2000), rows(r), cols, r)
        }
        _ => {
            let cols = vec![
                plain("No.", |_, i, _| (i + 1).to_string()),
                col("Name", C::PersonName, true, |r, _, _| latin_name(r)),
                plain("Nationality", |r, _, _| r.pick(&["USA", "KOR", "JPN", "VNM", "DEU", "GBR"]).to_owned()),
                plain("Sex", |_, _, p| (if p.male { "M" } else { "F" }).to_owned()),
                col("Date of birth", C::BirthDate, true, |_, _, p| date_as((p.y, p.m, p.d), 0)),
                col(s.next(PASSPORT_H), C::Passport, true, |r, _, _| foreign_passport(r)),
                plain("Arrival", |r, _, _| when(r, 2024, 1, 0)),
                plain("Purpose", |r, _, _| r.pick(&["Business", "Tourism", "Teaching"]).to_owned()),
                col(tel_h, C::Phone, true, |_, _, p| mobile_as(&p.mobile, 2)),
                col(s.next(EMAIL_H), C::Email, true, |r, _, _| user_email(r)),
            ];
            build("境外人员临时住宿登记汇总", vec![], (1955, 2002), rows(r), cols, r)
        }
    }
}

fn kept_passports(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let id_h = s.next(ID_H);
    let cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        col(s.next(NAME_H), C::PersonName, true, |_, _, p| p.name.clone()),
        plain("工作单位", |r, _, _| {
            r.pick(&["县财政局", "县教育局", "县卫健局", "城关镇人民政府", "县自然资源局"]).to_owned()
        }),
        plain("职务", |r, _, _| r.pick(&["局长", "副局长", "科长", "镇长", "副镇长"]).to_owned()),
        col(s.next(PASSPORT_H), C::Passport, true, |r, _, _| blank_or(passport(r), 10, r)),
        col(["往来港澳通行证号", "港澳通行证"][v], C::Passport, true, |r, _, _| {
            blank_or(hk_macau_permit(r), 30, r)
        }),
        col(["往来台湾通行证号", "赴台通行证号码"][v], C::Passport, true, |r, _, _| {
            blank_or(taiwan_permit(r), 60, r)
        }),
        plain("交存日期", |r, _, _| when(r, 2021, 3, 0)),
        col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
    ];
    let cols = if v == 1 { shuffle(cols, r, 1) } else { cols };
    build(["因私出入境证件集中保管登记表", "登记备案人员因私证件管理台账"][v], vec![], (1965, 1995), rows(r), cols, r)
}

fn traffic(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let plate_h = s.next(PLATE_H);
    if v == 0 {
        let cols = vec![
            col(plate_h, C::Plate, true, |r, _, _| plate(r, false)),
            plain("号牌种类", |r, _, _| {
                r.pick(&["小型汽车", "小型汽车", "小型新能源汽车", "普通摩托车"]).to_owned()
            }),
            col("驾驶人", C::PersonName, true, |_, _, p| p.name.clone()),
            col("驾驶证号", C::IdCard, true, |_, _, p| p.id.clone()),
            plain("违法时间", |r, _, _| format!("{} {:02}:{:02}", when(r, 2024, 1, 0), r.below(24), r.below(60))),
            plain("违法地点", |r, _, _| format!("{}与{}交叉口", r.pick(ROADS), r.pick(ROADS))),
            plain("违法行为", |r, _, _| r.pick(&["超速行驶", "违反禁令标志", "不按规定停车", "闯红灯"]).to_owned()),
            plain("罚款金额", |r, _, _| r.pick(&["50", "100", "150", "200"]).to_owned()),
            plain("记分", |r, _, _| r.pick(&["0", "1", "3", "6"]).to_owned()),
        ];
        build("交通违法处理信息", vec![], (1960, 2003), rows(r), cols, r)
    } else {
        let cols = vec![
            plain("序号", |_, i, _| (i + 1).to_string()),
            col("机动车所有人", C::PersonName, true, |_, _, p| p.name.clone()),
            col(plate_h, C::Plate, true, |r, _, _| {
                let dot = r.below(3) == 0;
                plate(r, dot)
            }),
            plain("车辆类型", |r, _, _| r.pick(&["小型普通客车", "轻型货车", "两轮摩托车"]).to_owned()),
            col(s.next(MOBILE_H), C::Phone, true, |_, _, p| p.mobile.clone()),
            plain("违法代码", |r, _, _| r.pick(&["1352", "1039", "1625", "1301"]).to_owned()),
            plain("处理状态", |r, _, _| r.pick(&["已处理", "未处理"]).to_owned()),
            plain("采集机关", |_, _, _| format!("{COUNTY}公安局交警大队")),
        ];
        build("非现场违法未处理车辆通知名单", vec![], (1960, 2003), rows(r), cols, r)
    }
}

fn hotline(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let tel_h = s.next(MOBILE_H);
    match v {
        0 => {
            let cols = vec![
                plain("来电时间", |r, _, _| {
                    format!("{} {:02}:{:02}", when(r, 2024, 1, 0), r.below(24), r.below(60))
                }),
                col("来电人", C::PersonName, true, |_, _, p| p.name.clone()),
                col(tel_h, C::Phone, true, |_, _, p| p.mobile.clone()),
                plain("诉求类型", |r, _, _| r.pick(&["咨询", "投诉", "求助", "建议"]).to_owned()),
                plain("诉求内容", |r, _, p| match r.below(4) {
                    0 => format!("反映{}{}路灯损坏，请尽快维修。联系人{}，电话{}", p.town, p.village, p.name, p.mobile),
                    1 => format!(
                        "来电人称其父{}（身份证号{}）的养老金未到账",
                        name(r),
                        id18(r, "520102", (1950, 3, 8), true)
                    ),
                    2 => format!("咨询{}的低保申请流程", p.town),
                    _ => format!("投诉{}施工噪音扰民", r.pick(ROADS)),
                }),
                plain("承办单位", |r, _, _| r.pick(&["县住建局", "县城管局", "县人社局", "县民政局"]).to_owned()),
                plain("办理结果", |r, _, _| r.pick(&["已办结", "办理中", "已回访"]).to_owned()),
            ];
            build("12345热线工单汇总", vec![], (1950, 2004), rows(r), cols, r)
        }
        1 => {
            let cols = vec![
                plain("留言时间", |r, _, _| when(r, 2024, 1, 0)),
                plain("留言标题", |r, _, _| {
                    r.pick(&["关于路灯维修", "咨询社保缴费", "反映噪音扰民", "建议增设公交站"]).to_owned()
                }),
                plain("留言内容", |r, _, p| match r.below(3) {
                    0 => format!(
                        "我是{}{}村民{}，家里老人{}的高龄补贴没有发放，请联系我{}",
                        p.town,
                        p.village,
                        p.name,
                        name(r),
                        p.mobile
                    ),
                    1 => format!("代领人{}反映，身份证号{}的医保卡无法使用", name(r), p.id),
                    _ => "建议在县医院门口增设公交站台。".to_owned(),
                }),
                col(s.next(EMAIL_H), C::Email, true, |r, _, _| user_email(r)),
                col("IP地址", C::Ip, true, |r, _, _| {
                    format!(
                        "{}.{}.{}.{}",
                        r.pick(&["111", "117", "183", "223", "59"]),
                        r.below(256),
                        r.below(256),
                        1 + r.below(254)
                    )
                }),
                col(tel_h, C::Phone, true, |r, _, p| blank_or(p.mobile.clone(), 30, r)),
                plain("回复单位", |r, _, _| r.pick(&["县住建局", "县城管局", "县医保局"]).to_owned()),
                plain("回复内容", |_, _, _| "您好，您反映的问题已转相关部门办理。".to_owned()),
            ];
            build("县长信箱网上留言", vec![], (1950, 2004), rows(r), cols, r)
        }
        _ => {
            let cols = vec![
                plain("序号", |_, i, _| (i + 1).to_string()),
                plain("提交时间", |r, _, _| {
                    format!("{} {:02}:{:02}:{:02}", when(r, 2024, 1, 0), r.below(24), r.below(60), r.below(60))
                }),
                col("反馈人", C::PersonName, true, |_, _, p| p.name.clone()),
                col(s.next(EMAIL_H), C::Email, true, |r, _, _| user_email(r)),
                col("来源IP", C::Ip, true, |r, _, _| {
                    format!(
                        "{}.{}.{}.{}",
                        r.pick(&["221", "58", "106", "39"]),
                        r.below(256),
                        r.below(256),
                        1 + r.below(254)
                    )
                }),
                plain("意见建议", |r, _, p| match r.below(3) {
                    0 => format!("建议公示名单不要公布身份证号，如{}这样的号码应打码", p.id),
                    1 => format!("联系人{}，手机{}，希望规划增加停车位", p.name, p.mobile),
                    _ => "同意规划方案。".to_owned(),
                }),
                plain("处理情况", |r, _, _| r.pick(&["已采纳", "部分采纳", "未采纳"]).to_owned()),
            ];
            build("国土空间规划公开征求意见反馈表", vec![], (1950, 2004), rows(r), cols, r)
        }
    }
}

fn public_jobs(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (id_h, tel_h, card_h) = (s.next(ID_H), s.next(MOBILE_H), s.next(CARD_H));
    if v == 0 {
        // A group line of four labels over thirteen columns: too sparse to be the
        // header, so it reads as a title and the leaf line names the columns.
        let groups = vec!["序号", "人员基本信息", "", "", "", "", "", "联系方式", "", "岗位信息", "", "", "备注"];
        let cols = vec![
            plain("", |_, i, _| (i + 1).to_string()),
            col("姓名", C::PersonName, true, |_, _, p| p.name.clone()),
            plain("性别", |_, _, p| sex(p)),
            col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
            col("出生年月", C::BirthDate, true, |_, _, p| date_as((p.y, p.m, p.d), 4)),
            col("民族", C::Ethnicity, true, |r, _, _| r.pick(ETHNIC).to_owned()),
            plain("文化程度", |r, _, _| r.pick(&["小学", "初中", "高中", "中专", "大专"]).to_owned()),
            col(tel_h, C::Phone, true, |_, _, p| p.mobile.clone()),
            col(card_h, C::BankCard, true, |r, _, _| bank_card(r)),
            plain("岗位名称", |r, _, _| r.pick(&["保洁", "护林员", "治安巡逻", "公共设施维护"]).to_owned()),
            plain("上岗时间", |r, _, _| when(r, 2022, 2, 0)),
            plain("月补贴（元）", |r, _, _| r.pick(&["1570", "1200", "1800"]).to_owned()),
            plain("", |r, _, _| r.pick(&["脱贫劳动力", "就业困难人员", "零就业家庭"]).to_owned()),
        ];
        build("公益性岗位人员花名册", groups, (1965, 2000), rows(r), cols, r)
    } else {
        // Cells merged down over both header rows repeat their label on the upper line.
        let groups = vec!["序号", "姓名", "性别", "身份证号码", "联系方式", "", "岗位", "", "备注"];
        let cols = vec![
            plain("", |_, i, _| (i + 1).to_string()),
            col("", C::PersonName, true, |_, _, p| p.name.clone()),
            plain("", |_, _, p| sex(p)),
            col("", C::IdCard, true, |_, _, p| p.id.clone()),
            col("手机", C::Phone, true, |_, _, p| mobile_as(&p.mobile, 1)),
            col("固定电话", C::Landline, true, |r, _, _| landline(r, 0)),
            plain("名称", |r, _, _| r.pick(&["村级保洁员", "护路员", "水管员"]).to_owned()),
            plain("月补贴", |r, _, _| r.pick(&["800", "1000", "1200"]).to_owned()),
            plain("", |r, _, p| if r.below(4) == 0 { free_text(r, p) } else { "无".to_owned() }),
        ];
        build("乡村公益性岗位开发人员名单", groups, (1960, 2000), rows(r), cols, r)
    }
}

fn elderly_allowance(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (name_h, id_h) = (s.next(NAME_H), s.next(ID_H));
    let (home_tel_h, bank_h, birth_h) = (s.next(HOME_TEL_H), s.next(PASSBOOK_H), s.next(BIRTH_H));
    let cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
        plain("性别", |_, _, p| sex(p)),
        col(id_h, C::IdCard, true, move |r, _, p| match v {
            0 if r.below(10) < 4 => id15(p),
            1 if r.below(100) < 8 => excel_mangled(&p.id),
            _ => p.id.clone(),
        }),
        col(birth_h, C::BirthDate, true, move |_, _, p| date_as((p.y, p.m, p.d), [1, 3][v])),
        plain("年龄", |_, _, p| (2024 - p.y).to_string()),
        plain("补贴标准", |_, _, p| (if p.y < 1935 { "200" } else { "100" }).to_owned()),
        plain(s.next(VILLAGE_H), |_, _, p| p.village.to_owned()),
        col(home_tel_h, C::Landline, true, move |r, _, _| {
            let style = if r.below(6) == 0 { 3 } else { v as u64 };
            blank_or(landline(r, style), 20, r)
        }),
        col(bank_h, C::BankCard, true, move |r, _, _| passbook(r, ["1030", "6013"][v], [12, 18][v])),
        col(["代领人", "代领人姓名"][v], C::PersonName, true, |r, _, _| blank_or(name(r), 50, r)),
        plain(s.next(REMARK_H), |r, _, p| if r.below(4) == 0 { free_text(r, p) } else { String::new() }),
    ];
    let cols = if v == 1 { shuffle(cols, r, 2) } else { cols };
    build(["80周岁以上高龄老人补贴发放花名册", "高龄津贴发放明细（2024年）"][v], vec![], (1924, 1944), rows(r), cols, r)
}

fn health_records(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (id_h, tel_h, addr_h) = (s.next(ID_H), s.next(MOBILE_H), s.next(ADDR_H));
    if v == 0 {
        let cols = vec![
            col("档案编号", C::Identifier, true, |r, _, _| format!("{}{:05}", division_code(r), r.below(100_000))),
            col("姓名", C::PersonName, true, |_, _, p| p.name.clone()),
            col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
            col("医保号", C::Identifier, true, |r, _, _| {
                format!("GZ{}{}{:07}", 2015 + r.below(9), char::from(b"ABCD"[r.below(4) as usize]), r.below(10_000_000))
            }),
            col("主要诊断", C::Health, true, |r, _, _| r.pick(HEALTH_DIAG).to_owned()),
            col("血压（mmHg）", C::Health, true, |r, _, _| format!("{}/{}", 110 + r.below(70), 65 + r.below(40))),
            plain("随访日期", |r, _, _| when(r, 2024, 1, 0)),
            plain("随访方式", |r, _, _| r.pick(&["门诊", "家庭", "电话"]).to_owned()),
            col(tel_h, C::Phone, true, |r, _, p| blank_or(p.mobile.clone(), 10, r)),
            col(addr_h, C::Address, true, |_, _, p| home_as(p, 1)),
        ];
        build("慢性病患者健康管理随访记录", vec![], (1935, 1985), rows(r), cols, r)
    } else {
        let cols = vec![
            plain("序号", |_, i, _| (i + 1).to_string()),
            col("体检编号", C::Identifier, true, |_, i, _| format!("TJ2024{:06}", 100 + i * 3)),
            col("姓名", C::PersonName, true, |_, _, p| p.name.clone()),
            plain("性别", |_, _, p| sex(p)),
            plain("年龄", |_, _, p| (2024 - p.y).to_string()),
            col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
            col("体检结论", C::Health, true, |r, _, _| {
                r.pick(&[
                    "未见明显异常",
                    "血压偏高，建议复查",
                    "空腹血糖偏高",
                    "心电图ST段改变",
                    "脂肪肝",
                    "肺部结节，建议随访",
                ])
                .to_owned()
            }),
            col("病历号", C::Identifier, true, |r, _, _| format!("MZ{:010}", r.below(10_000_000_000))),
            plain("体检机构", |r, _, _| format!("{COUNTY}{}卫生院", r.pick(TOWNS))),
            col(tel_h, C::Phone, true, |_, _, p| mobile_as(&p.mobile, 4)),
        ];
        build("65岁及以上老年人健康体检结果汇总", vec![], (1930, 1959), rows(r), cols, r)
    }
}

fn migrants(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (name_h, id_h, tel_h) = (s.next(NAME_H), s.next(ID_H), s.next(MOBILE_H));
    let (a1, a2) = (s.next(ADDR_H), s.next(ADDR_H));
    let cols = vec![
        col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
        plain("性别", |_, _, p| sex(p)),
        col(s.next(ETH_H), C::Ethnicity, true, |r, _, _| r.pick(ETHNIC).to_owned()),
        col(["宗教信仰", "宗教"][v], C::Religion, true, |r, _, _| {
            r.pick(&["无", "无", "无", "无", "无", "无", "佛教", "基督教", "伊斯兰教", "天主教", "道教"]).to_owned()
        }),
        col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
        col(a1, C::Address, true, |r, _, _| {
            format!(
                "{}省{}县{}镇{}村",
                r.pick(&["四川", "湖南", "云南", "重庆"]),
                r.pick(&["安岳", "邵东", "宣威"]),
                r.pick(&["石桥", "团结", "来宾"]),
                r.pick(&["胜利", "双河", "新民"])
            )
        }),
        col(a2, C::Address, true, |_, _, p| home_as(p, 3)),
        plain("工作单位", |r, _, _| org_name(r)),
        col(tel_h, C::Phone, true, |_, _, p| p.mobile.clone()),
        plain("登记日期", |r, _, _| when(r, 2023, 2, 0)),
        plain("居住事由", |r, _, _| r.pick(&["务工", "经商", "投靠亲属", "就学"]).to_owned()),
    ];
    let cols = if v == 1 { shuffle(cols, r, 0) } else { cols };
    build(["流动人口居住登记信息", "来黔务工人员登记台账"][v], vec![], (1960, 2005), rows(r), cols, r)
}

fn applicants(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let tel_h = s.next(MOBILE_H);
    match v {
        0 => {
            let cols = vec![
                plain("序号", |_, i, _| (i + 1).to_string()),
                col("申请人/申请单位", C::PersonName, true, |r, _, p| {
                    if r.below(10) < 3 {
                        org_name(r)
                    } else {
                        p.name.clone()
                    }
                }),
                plain("项目名称", |r, _, _| {
                    format!(
                        "{}{}项目",
                        r.pick(&["林下养鸡", "茶园提质", "蔬菜大棚", "生猪代养"]),
                        r.pick(&["扩建", "新建", "提升"])
                    )
                }),
                plain("XMBH", |r, _, _| format!("CY2024-{:04}", r.below(10_000))),
                plain("申请金额（万元）", |r, _, _| format!("{}.{}", 1 + r.below(50), r.below(10))),
                col("联系人", C::PersonName, true, |r, _, _| name(r)),
                col(tel_h, C::Phone, true, |r, _, _| mobile(r)),
                plain(s.next(VILLAGE_H), |_, _, p| p.village.to_owned()),
                plain("审核意见", |r, _, _| r.pick(&["同意", "同意", "不同意", "补充材料"]).to_owned()),
            ];
            build("2024年产业发展扶持资金申请汇总", vec![], (1955, 2000), rows(r), cols, r)
        }
        1 => {
            let cols = vec![
                plain("序号", |_, i, _| (i + 1).to_string()),
                col("申请人", C::PersonName, true, |_, _, p| p.name.clone()),
                plain("家庭人口", |r, _, _| int(r, 1, 8)),
                plain("申请面积（㎡）", |r, _, _| int(r, 60, 150)),
                col("坐落", C::Address, true, |_, _, p| format!("{}{}{}组", p.town, p.village, p.group)),
                plain("四至", |_, _, _| "东至道路，南至耕地，西至林地，北至宅基地".to_owned()),
                plain("用地性质", |r, _, _| r.pick(&["原址翻建", "新申请"]).to_owned()),
                plain("公示日期", |r, _, _| when(r, 2024, 1, 1)),
            ];
            build("农村宅基地和建房（规划许可）申请公示", vec![], (1960, 2000), rows(r), cols, r)
        }
        _ => {
            let cols = vec![
                plain("编号", |_, i, _| format!("JZ{:04}", i + 1)),
                col("捐赠人（单位）", C::PersonName, true, |r, _, p| {
                    if r.below(10) < 4 {
                        org_name(r)
                    } else {
                        p.name.clone()
                    }
                }),
                plain("捐赠金额（元）", |r, _, _| {
                    r.pick(&["100", "200", "500", "1000", "50000", "2000"]).to_owned()
                }),
                plain("捐赠方式", |r, _, _| r.pick(&["银行转账", "现金", "微信"]).to_owned()),
                plain("捐赠日期", |r, _, _| when(r, 2024, 1, 0)),
                plain("定向用途", |r, _, _| r.pick(&["防汛救灾", "助学", "不限"]).to_owned()),
            ];
            build("防汛救灾社会捐赠公示", vec![], (1955, 2000), rows(r), cols, r)
        }
    }
}

fn veterans(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (name_h, id_h, tel_h, addr_h) = (s.next(NAME_H), s.next(ID_H), s.next(MOBILE_H), s.next(ADDR_H));
    let mut cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
        col(id_h, C::IdCard, true, |_, _, p| p.id.clone()),
        col(s.next(ETH_H), C::Ethnicity, true, |r, _, _| r.pick(ETHNIC).to_owned()),
        plain("入伍时间", |r, _, _| when(r, 1975, 40, 4)),
        plain("退役时间", |r, _, _| when(r, 1985, 38, 4)),
        col(["优待证号", "YDZH"][v], C::Identifier, true, |r, _, p| {
            format!("YD{}{:07}", &p.id[..6], r.below(10_000_000))
        }),
        plain("政治面貌", |r, _, _| r.pick(&["中共党员", "群众", "共青团员"]).to_owned()),
        col(tel_h, C::Phone, true, |_, _, p| p.mobile.clone()),
        col(addr_h, C::Address, true, |_, _, p| home_as(p, 0)),
        plain("安置方式", |r, _, _| r.pick(&["自主就业", "安排工作", "退休", "供养"]).to_owned()),
    ];
    if v == 1 {
        cols.push(col(s.next(CARD_H), C::BankCard, true, |r, _, _| bank_card(r)));
        cols = shuffle(cols, r, 1);
    }
    build(["退役军人信息采集表", "退役军人优待证申领名单"][v], vec![], (1950, 2002), rows(r), cols, r)
}

fn staff(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    if v == 0 {
        let cols = vec![
            col("Name", C::PersonName, true, |_, _, p| p.name.clone()),
            plain("Gender", |_, _, p| sex(p)),
            col("ID No.", C::IdCard, true, |_, _, p| p.id.clone()),
            col("Date of birth", C::BirthDate, true, |_, _, p| date_as((p.y, p.m, p.d), 3)),
            col("Mobile", C::Phone, true, |r, _, p| mobile_as(&p.mobile, r.below(2) * 2)),
            col("Email", C::Email, true, |r, _, _| user_email(r)),
            plain("Education", |r, _, _| r.pick(&["本科", "硕士研究生", "博士研究生"]).to_owned()),
            plain("Major", |r, _, _| r.pick(&["临床医学", "计算机科学与技术", "农学", "土木工程"]).to_owned()),
            plain("Position applied", |r, _, _| format!("GW{:03}", 1 + r.below(40))),
            col("Address", C::Address, true, |_, _, p| home_as(p, 3)),
        ];
        build("2024年引进高层次人才报名汇总", vec![], (1985, 2000), rows(r), cols, r)
    } else {
        let cols = vec![
            plain("序号", |_, i, _| (i + 1).to_string()),
            col(s.next(NAME_H), C::PersonName, true, |_, _, p| p.name.clone()),
            col(s.next(ID_H), C::IdCard, true, |_, _, p| p.id.clone()),
            col(s.next(BIRTH_H), C::BirthDate, true, |_, _, p| date_as((p.y, p.m, p.d), 0)),
            plain("入职日期", |r, _, _| when(r, 2005, 19, 0)),
            plain("岗位", |r, _, _| r.pick(&["办公室", "财务", "窗口服务", "综合执法"]).to_owned()),
            col(s.next(MOBILE_H), C::Phone, true, |_, _, p| p.mobile.clone()),
            col(s.next(EMAIL_H), C::Email, true, |r, _, _| user_email(r)),
            col(s.next(CARD_H), C::BankCard, true, |r, _, _| bank_card(r)),
            col(s.next(ADDR_H), C::Address, true, |_, _, p| home_as(p, 3)),
            col("紧急联系人", C::PersonName, true, |r, _, _| name(r)),
            col("紧急联系人电话", C::Phone, true, |r, _, _| mobile(r)),
        ];
        build("县政务服务中心工作人员花名册", vec![], (1965, 2001), rows(r), cols, r)
    }
}

fn parking_permits(s: &mut Rot, r: &mut Rng) -> Table {
    let cols = vec![
        col("停车证编号", C::Identifier, true, |_, i, _| format!("TC2024{:05}", 7 + i * 13)),
        col("车主姓名", C::PersonName, true, |_, _, p| p.name.clone()),
        col(s.next(PLATE_H), C::Plate, true, |r, _, _| plate(r, false)),
        col(s.next(MOBILE_H), C::Phone, true, |_, _, p| p.mobile.clone()),
        col("住址", C::Address, true, |_, _, p| home_as(p, 3)),
        plain("有效期", |_, _, _| "2024-12-31".to_owned()),
        plain("收费（元）", |r, _, _| r.pick(&["600", "1200"]).to_owned()),
    ];
    build("城区居民小区停车证发放登记", vec![], (1960, 2003), rows(r), cols, r)
}

fn volunteers(s: &mut Rot, r: &mut Rng) -> Table {
    let cols = vec![
        col("志愿者编号", C::Identifier, true, |r, _, _| {
            format!("{}{:08}", r.pick(&GZ_REGIONS[..10]), r.below(100_000_000))
        }),
        col(s.next(NAME_H), C::PersonName, true, |_, _, p| p.name.clone()),
        plain("性别", |_, _, p| sex(p)),
        col(s.next(BIRTH_H), C::BirthDate, true, |_, _, p| date_as((p.y, p.m, p.d), 0)),
        plain("政治面貌", |r, _, _| r.pick(&["中共党员", "群众", "共青团员"]).to_owned()),
        col(s.next(MOBILE_H), C::Phone, true, |_, _, p| p.mobile.clone()),
        col(s.next(EMAIL_H), C::Email, true, |r, _, _| blank_or(user_email(r), 25, r)),
        plain("服务时长（小时）", |r, _, _| int(r, 0, 400)),
        plain("服务队", |r, _, _| format!("{}志愿服务队", r.pick(TOWNS))),
    ];
    build("新时代文明实践志愿者登记", vec![], (1960, 2006), rows(r), cols, r)
}

// ---------------------------------------------------------------------------
// Large tables whose identifying columns fill in only far down.

fn late_vouchers(s: &mut Rot, r: &mut Rng) -> Table {
    let from = 1_200;
    let cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        col(s.next(NAME_H), C::PersonName, true, |_, _, p| p.name.clone()),
        col(s.next(MOBILE_H), C::Phone, true, |_, _, p| p.mobile.clone()),
        plain("领取金额", |r, _, _| r.pick(&["50", "100", "200"]).to_owned()),
        plain("领取日期", |r, _, _| when(r, 2023, 1, 0)),
        plain(s.next(TOWN_H), |_, _, p| p.town.to_owned()),
        col("联系人身份证号", C::IdCard, true, move |_, i, p| if i < from { String::new() } else { p.id.clone() }),
        plain("备注", |r, i, p| {
            if i < 1_500 {
                r.pick(&["无", "已核实", "", ""]).to_owned()
            } else {
                format!("代领，代领人身份证号{}", id18(r, &p.id[..6], (1980, 2, 2), false))
            }
        }),
    ];
    build("2023年惠民消费券发放台账", vec![], (1950, 2004), 1_800, cols, r)
}

fn late_farm_households(s: &mut Rot, r: &mut Rng) -> Table {
    let cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        col(s.next(NAME_H), C::PersonName, true, |_, _, p| p.name.clone()),
        col(s.next(ID_H), C::IdCard, true, |_, _, p| p.id.clone()),
        plain("家庭人口", |r, _, _| int(r, 1, 8)),
        plain("耕地面积（亩）", |r, _, _| format!("{}.{}", r.below(20), r.below(10))),
        plain(s.next(VILLAGE_H), |_, _, p| p.village.to_owned()),
        col("备用电话", C::Phone, true, |r, i, _| if i < 1_400 { "无".to_owned() } else { mobile(r) }),
        col(s.next(ADDR_H), C::Address, true, |_, _, p| home_as(p, 1)),
        plain("核实情况", |r, _, _| r.pick(&["已核实", "已核实", "待核实"]).to_owned()),
    ];
    build("农户基本信息采集表", vec![], (1940, 2000), 1_700, cols, r)
}

fn late_vaccination(s: &mut Rot, r: &mut Rng) -> Table {
    let cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        col("儿童姓名", C::PersonName, true, |_, _, p| p.name.clone()),
        col(s.next(BIRTH_H), C::BirthDate, true, |_, _, p| date_as((p.y, p.m, p.d), 0)),
        plain("性别", |_, _, p| sex(p)),
        plain("疫苗名称", |r, _, _| r.pick(&["乙肝疫苗", "百白破疫苗", "麻腮风疫苗", "脊灰疫苗"]).to_owned()),
        plain("剂次", |r, _, _| int(r, 1, 4)),
        plain("接种日期", |r, _, _| when(r, 2023, 2, 0)),
        col("监护人身份证号", C::IdCard, true, |r, i, p| {
            if i < 1_100 {
                String::new()
            } else {
                let born = some_date(r, 1985, 15);
                let male = r.below(2) == 0;
                id18(r, &p.id[..6], born, male)
            }
        }),
        col("监护人手机", C::Phone, true, |r, _, _| mobile(r)),
        plain("接种单位", |r, _, _| format!("{}卫生院预防接种门诊", r.pick(TOWNS))),
    ];
    build("儿童预防接种登记", vec![], (2019, 2023), 1_650, cols, r)
}

fn late_pensions(s: &mut Rot, r: &mut Rng) -> Table {
    let cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        col(s.next(NAME_H), C::PersonName, true, |_, _, p| p.name.clone()),
        col(s.next(ID_H), C::IdCard, true, |_, _, p| p.id.clone()),
        plain("待遇金额（元）", |r, _, _| money(r, 120, 400)),
        plain("发放月份", |_, _, _| "2024-06".to_owned()),
        col("社保卡号", C::BankCard, true, |r, _, _| bank_card(r)),
        col("代领人电话", C::Phone, true, |r, i, _| {
            if i < 1_500 {
                r.pick(&["本人领取", "", "本人"]).to_owned()
            } else {
                mobile(r)
            }
        }),
        plain(s.next(VILLAGE_H), |_, _, p| p.village.to_owned()),
    ];
    build("城乡居民基本养老保险待遇发放明细", vec![], (1930, 1964), 2_000, cols, r)
}

fn late_relief(s: &mut Rot, r: &mut Rng) -> Table {
    let cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        plain(s.next(TOWN_H), |_, _, p| p.town.to_owned()),
        col(s.next(NAME_H), C::PersonName, true, |_, _, p| p.name.clone()),
        plain("救助类别", |r, _, _| r.pick(&["临时救助", "受灾救助", "医疗救助"]).to_owned()),
        plain("救助金额", |r, _, _| money(r, 300, 5000)),
        col("领款人身份证号码", C::IdCard, true, |r, i, p| {
            if i < 1_000 {
                r.pick(&["", "同上", "本人"]).to_owned()
            } else {
                p.id.clone()
            }
        }),
        col(
            s.next(MOBILE_H),
            C::Phone,
            true,
            |r, i, p| if i < 1_300 { String::new() } else { mobile_as(&p.mobile, r.below(3)) },
        ),
        plain("情况说明", |r, i, p| {
            if i < 1_500 {
                r.pick(&["无", "已核实", "已公示"]).to_owned()
            } else {
                format!("户主{}，身份证{}，房屋受灾", p.name, p.id)
            }
        }),
        plain("发放日期", |r, _, _| when(r, 2024, 1, 0)),
    ];
    build("2024年临时救助和受灾群众救助发放台账", vec![], (1945, 2000), 1_600, cols, r)
}

// ---------------------------------------------------------------------------
// Public registries, directories and aggregates.

fn enterprises(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let tel = s.next(OFFICE_TEL_H);
    let cols = vec![
        plain("企业名称", |r, _, _| {
            format!("{COUNTY}{}{}有限公司", r.pick(ORG_WORDS), r.pick(&["农业", "建材", "商贸", "矿业", "物流"]))
        }),
        col("统一社会信用代码", C::Uscc, false, |r, _, _| uscc(r, "91")),
        col(["法定代表人", "法人代表"][v], C::PersonName, false, |_, _, p| p.name.clone()),
        plain("注册资本（万元）", |r, _, _| int(r, 10, 5000)),
        plain("成立日期", move |r, _, _| when(r, 2000, 24, [0, 1][v])),
        plain("企业类型", |r, _, _| {
            r.pick(&["有限责任公司(自然人投资或控股)", "有限责任公司(国有独资)", "股份有限公司"]).to_owned()
        }),
        col(["住所", "注册地址"][v], C::Address, false, |r, _, _| facility_address(r)),
        col(tel, C::Landline, false, move |r, _, _| landline(r, v as u64)),
        plain("经营范围", |_, _, _| {
            "法律、法规、国务院决定规定禁止的不得经营；许可经营项目凭许可证经营".to_owned()
        }),
        plain("登记机关", |_, _, _| format!("{COUNTY}市场监督管理局")),
    ];
    let cols = if v == 1 { shuffle(cols, r, 2) } else { cols };
    build(["企业登记信息公示", "2024年新设立企业名录"][v], vec![], (1960, 1990), rows(r), cols, r)
}

fn cooperatives(_s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let cols = vec![
        plain("合作社名称", |r, _, _| format!("{COUNTY}{}{}农民专业合作社", r.pick(ORG_WORDS), r.pick(ORG_KIND))),
        col(["统一社会信用代码", "信用代码"][v], C::Uscc, false, |r, _, _| uscc(r, "93")),
        col(["理事长", "法定代表人（理事长）"][v], C::PersonName, false, |_, _, p| p.name.clone()),
        plain("成员数", |r, _, _| int(r, 5, 300)),
        plain("出资总额（万元）", |r, _, _| int(r, 3, 800)),
        col("住所", C::Address, false, |_, _, p| format!("{COUNTY}{}{}{}组", p.town, p.village, p.group)),
        plain("主营业务", |r, _, _| r.pick(ORG_KIND).to_owned()),
        plain("成立日期", |r, _, _| when(r, 2008, 16, 0)),
        plain("所在乡镇", |_, _, p| p.town.to_owned()),
        plain("示范社级别", |r, _, _| r.pick(&["", "县级", "市级", "省级"]).to_owned()),
    ];
    build(["农民专业合作社名录", "县级以上农民合作社示范社名单"][v], vec![], (1960, 1990), rows(r), cols, r)
}

fn social_organisations(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let tel = s.next(OFFICE_TEL_H);
    if v == 0 {
        let cols = vec![
            plain("社会组织名称", |r, _, _| {
                format!(
                    "{COUNTY}{}{}",
                    r.pick(&["老年", "青年创业", "书法", "养殖", "慈善"]),
                    r.pick(&["协会", "促进会", "服务中心"])
                )
            }),
            col("统一社会信用代码", C::Uscc, false, |r, _, _| uscc(r, "52")),
            col("负责人", C::PersonName, false, |_, _, p| p.name.clone()),
            plain("业务主管单位", |r, _, _| r.pick(&["县民政局", "县文联", "县科协", "县农业农村局"]).to_owned()),
            plain("登记日期", |r, _, _| when(r, 2005, 19, 0)),
            col("住所", C::Address, false, |r, _, _| facility_address(r)),
            plain("类型", |r, _, _| r.pick(&["社会团体", "民办非企业单位"]).to_owned()),
            col("组织机构代码", C::OrgCode, false, |r, _, _| org_code(r, true)),
        ];
        build("社会组织登记名录", vec![], (1950, 1985), rows(r), cols, r)
    } else {
        let cols = vec![
            plain("单位名称", |r, _, _| {
                format!("{COUNTY}{}{}培训学校", r.pick(ORG_WORDS), r.pick(&["艺术", "职业技能", "文化"]))
            }),
            col("负责人", C::PersonName, false, |_, _, p| p.name.clone()),
            plain("办学许可证号", |r, _, _| {
                format!("教民{}{:07}号", r.pick(&GZ_REGIONS[..10]), r.below(10_000_000))
            }),
            col("办学地址", C::Address, false, |r, _, _| facility_address(r)),
            col(tel, C::Landline, false, |r, _, _| landline(r, 0)),
            plain("培训类别", |r, _, _| r.pick(&["文化艺术", "体育", "科技", "职业技能"]).to_owned()),
            plain("年检结论", |r, _, _| r.pick(&["合格", "基本合格"]).to_owned()),
        ];
        build("民办培训机构白名单", vec![], (1950, 1985), rows(r), cols, r)
    }
}

fn schools(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let (tel_h, mail_h) = (s.next(OFFICE_TEL_H), s.next(EMAIL_H));
    let (lon_h, lat_h) = (s.next(LON_H), s.next(LAT_H));
    let mut cols = vec![
        plain("学校名称", |r, _, p| {
            format!("{COUNTY}{}{}", p.town, r.pick(&["中心小学", "中学", "幼儿园", "完全小学"]))
        }),
        plain("办学类型", |r, _, _| r.pick(&["小学", "初级中学", "幼儿园", "九年一贯制学校"]).to_owned()),
        col(["学校地址", "地址"][v], C::Address, false, |r, _, _| facility_address(r)),
        col(["校长", "校（园）长"][v], C::PersonName, false, |_, _, p| p.name.clone()),
        col(tel_h, C::Landline, false, move |r, _, _| landline(r, v as u64)),
        col(["学校邮箱", mail_h][v], C::Email, false, |r, _, _| office_email(r)),
        plain("邮政编码", |r, _, _| format!("55{:04}", r.below(10_000))),
        plain("在校学生数", |r, _, _| int(r, 40, 2500)),
        plain("教职工数", |r, _, _| int(r, 5, 180)),
    ];
    if v == 0 {
        cols.push(col(lon_h, C::Gps, false, |r, _, _| degrees(lon_lat(r).0, 5)));
        cols.push(col(lat_h, C::Gps, false, |r, _, _| degrees(lon_lat(r).1, 5)));
    } else {
        cols.push(plain(s.next(TOWN_H), |_, _, p| p.town.to_owned()));
        cols = shuffle(cols, r, 1);
    }
    build(["中小学校及幼儿园名录", "2024年学校基本信息一览表"][v], vec![], (1960, 1985), rows(r), cols, r)
}

fn clinics(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let tel_h = s.next(OFFICE_TEL_H);
    match v {
        0 => {
            let (lon_h, lat_h) = (s.next(LON_H), s.next(LAT_H));
            let cols = vec![
                plain("机构名称", |r, _, p| {
                    format!("{COUNTY}{}{}", p.town, r.pick(&["卫生院", "中医诊所", "社区卫生服务站", "口腔诊所"]))
                }),
                plain("机构类别", |r, _, _| r.pick(&["乡镇卫生院", "诊所", "社区卫生服务站"]).to_owned()),
                col("组织机构代码", C::OrgCode, false, |r, _, _| {
                    let dash = r.below(2) == 0;
                    org_code(r, dash)
                }),
                plain("诊疗科目", |r, _, _| {
                    r.pick(&[
                        "内科;外科;妇产科",
                        "预防保健科;全科医疗科",
                        "中医科;康复医学科",
                        "口腔科",
                        "内科;儿科;医学检验科",
                    ])
                    .to_owned()
                }),
                col("执业医师", C::PersonName, false, |_, _, p| p.name.clone()),
                col("地址", C::Address, false, |r, _, _| facility_address(r)),
                col(tel_h, C::Landline, false, |r, _, _| landline(r, 0)),
                plain("床位数", |r, _, _| int(r, 0, 99)),
                col(lon_h, C::Gps, false, |r, _, _| degrees(lon_lat(r).0, 6)),
                col(lat_h, C::Gps, false, |r, _, _| degrees(lon_lat(r).1, 6)),
            ];
            build("医疗机构执业登记名录", vec![], (1960, 1990), rows(r), cols, r)
        }
        1 => {
            let cols = vec![
                plain("序号", |_, i, _| (i + 1).to_string()),
                plain("医疗机构名称", |r, _, p| {
                    format!("{COUNTY}{}{}", p.town, r.pick(&["卫生院", "村卫生室", "诊所"]))
                }),
                col("统一社会信用代码", C::Uscc, false, |r, _, _| uscc(r, "12")),
                col("主要负责人", C::PersonName, false, |_, _, p| p.name.clone()),
                plain("诊疗科目", |r, _, _| r.pick(&["全科医疗科", "中医科", "预防保健科;内科"]).to_owned()),
                col("执业地址", C::Address, false, |r, _, _| facility_address(r)),
                col("经纬度", C::Gps, false, |r, _, _| {
                    let (lon, lat) = lon_lat(r);
                    format!("{},{}", degrees(lon, 6), degrees(lat, 6))
                }),
                col(tel_h, C::Landline, false, |r, _, _| landline(r, 1)),
                plain("有效期限", |r, _, _| format!("{}至{}", when(r, 2020, 4, 0), when(r, 2025, 5, 0))),
            ];
            build("基层医疗卫生机构分布一览表", vec![], (1960, 1990), rows(r), cols, r)
        }
        _ => {
            let cols = vec![
                plain("团队名称", |r, _, p| format!("{}{}家庭医生团队", p.town, r.pick(&["一", "二", "三", "四"]))),
                col("签约医生", C::PersonName, false, |_, _, p| p.name.clone()),
                plain("所属机构", |_, _, p| format!("{}卫生院", p.town)),
                plain("服务村（社区）", |_, _, p| p.village.to_owned()),
                col(tel_h, C::Landline, false, |r, _, _| landline(r, 0)),
                plain("签约人数", |r, _, _| int(r, 200, 3000)),
                plain("团队成员数", |r, _, _| int(r, 3, 8)),
            ];
            build("家庭医生签约服务团队公示", vec![], (1960, 1995), rows(r), cols, r)
        }
    }
}

fn official_cars(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let plate_h = s.next(PLATE_H);
    let cols = vec![
        plain("序号", |_, i, _| (i + 1).to_string()),
        plain("使用单位", |r, _, _| {
            r.pick(&["县政府办公室", "县公安局", "县应急管理局", "城关镇人民政府", "县卫健局"]).to_owned()
        }),
        col(plate_h, C::Plate, false, move |r, _, _| plate(r, v == 1)),
        plain("车辆类型", |r, _, _| r.pick(&["轿车", "越野车", "商务车", "执法执勤用车"]).to_owned()),
        plain("品牌型号", |r, _, _| r.pick(&["大众帕萨特", "丰田普拉多", "别克GL8", "比亚迪秦"]).to_owned()),
        plain("排气量（L）", |r, _, _| r.pick(&["1.6", "1.8", "2.0", "2.7", "0"]).to_owned()),
        plain("购置日期", |r, _, _| when(r, 2012, 12, 0)),
        plain("购置价格（万元）", |r, _, _| format!("{}.{:02}", 10 + r.below(30), r.below(100))),
        plain("编制类别", |r, _, _| r.pick(&["一般公务用车", "执法执勤用车", "特种专业技术用车"]).to_owned()),
    ];
    let cols = if v == 1 { shuffle(cols, r, 1) } else { cols };
    build(["公务用车登记台账", "党政机关公务用车配备使用情况"][v], vec![], (1960, 1990), rows(r), cols, r)
}

fn villages(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let tel_h = s.next(OFFICE_TEL_H);
    let cols = vec![
        plain("行政区划代码", |r, _, _| division_code(r)),
        plain(s.next(TOWN_H), |_, _, p| p.town.to_owned()),
        plain(s.next(VILLAGE_H), |_, _, p| p.village.to_owned()),
        plain("城乡分类代码", |r, _, _| r.pick(&["111", "121", "210", "220"]).to_owned()),
        plain("邮政编码", |r, _, _| format!("5{}{:04}", r.pick(&["5", "6"]), r.below(5000))),
        plain("户籍户数", |r, _, _| int(r, 200, 3000)),
        plain("户籍人口", |r, _, _| int(r, 800, 12_000)),
        col(["村委会地址", "办公地址"][v], C::Address, false, |_, _, p| {
            format!("{COUNTY}{}{}{}组{}号", p.town, p.village, p.group, p.door)
        }),
        col(tel_h, C::Landline, false, |r, _, _| landline(r, 0)),
    ];
    let cols = if v == 1 { shuffle(cols, r, 1) } else { cols };
    build(["村（社区）基本情况统计表", "行政村名录及区划代码"][v], vec![], (1960, 1990), rows(r), cols, r)
}

fn projects(_s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let cols = vec![
        plain(["XMBH", "项目编号"][v], move |r, _, _| {
            if v == 0 {
                format!("XM{}{:04}", 2022 + r.below(3), r.below(10_000))
            } else {
                format!(
                    "{}-{}-{:02}-{:02}-{:06}",
                    2200 + r.below(300),
                    r.pick(&GZ_REGIONS[..10]),
                    r.below(99),
                    1 + r.below(3),
                    r.below(1_000_000)
                )
            }
        }),
        plain("项目名称", |r, _, p| {
            format!(
                "{}{}{}",
                p.town,
                r.pick(&["农村公路硬化", "人饮工程", "标准化厂房", "学校运动场"]),
                r.pick(&["工程", "建设项目"])
            )
        }),
        plain("建设单位", |r, _, _| r.pick(&["县交通运输局", "县水务局", "县教育局", "县城投公司"]).to_owned()),
        plain("总投资（元）", |r, _, _| format!("{}.{:02}", 100_000 + r.below(900_000_000), r.below(100))),
        plain("开工日期", |r, _, _| when(r, 2022, 3, 0)),
        plain("计划竣工日期", |r, _, _| when(r, 2024, 2, 0)),
        plain("施工单位", |r, _, _| format!("贵州{}建设工程有限公司", r.pick(ORG_WORDS))),
        col("施工单位统一社会信用代码", C::Uscc, false, |r, _, _| uscc(r, "91")),
        plain("所在乡镇", |_, _, p| p.town.to_owned()),
        plain("形象进度", |r, _, _| format!("{}%", r.below(101))),
    ];
    build(["2024年重点项目建设进度表", "政府投资项目审批备案信息"][v], vec![], (1960, 1990), rows(r), cols, r)
}

fn procurement(_s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let cols = vec![
        plain("合同编号", |r, _, _| format!("QAXCG-2024-{:04}", r.below(10_000))),
        plain(["订单号", "电子卖场订单编号"][v], |r, _, _| {
            format!("DD2024{:02}{:02}{:06}", 1 + r.below(12), 1 + r.below(28), r.below(1_000_000))
        }),
        plain("项目编号", |r, _, _| format!("QAZC2024-{:03}", r.below(1000))),
        plain("采购人", |r, _, _| r.pick(&["县教育局", "县人民医院", "县公安局", "城关镇人民政府"]).to_owned()),
        plain("供应商", |r, _, _| {
            format!("贵州{}{}有限公司", r.pick(ORG_WORDS), r.pick(&["办公设备", "医疗器械", "信息技术"]))
        }),
        col("供应商地址", C::Address, false, |r, _, _| facility_address(r)),
        plain("合同金额（元）", |r, _, _| format!("{}.{:02}", 1_000 + r.below(99_999_000), r.below(100))),
        plain("签订日期", |r, _, _| when(r, 2024, 1, 0)),
    ];
    let cols = if v == 1 { shuffle(cols, r, 0) } else { cols };
    build(["政府采购合同公告汇总", "网上商城采购订单明细"][v], vec![], (1960, 1990), rows(r), cols, r)
}

fn penalties(_s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let cols = vec![
        plain("处罚决定书文号", move |_, i, _| {
            if v == 0 {
                format!("黔安市监罚〔2024〕{}号", i + 1)
            } else {
                format!("黔安环罚字〔2023〕第{}号", 3 + i)
            }
        }),
        plain("当事人名称", |r, _, _| {
            format!("{COUNTY}{}{}", r.pick(ORG_WORDS), r.pick(&["食品有限公司", "加油站", "砂石场", "超市"]))
        }),
        col("统一社会信用代码", C::Uscc, false, |r, _, _| uscc(r, "91")),
        col("法定代表人", C::PersonName, false, |_, _, p| p.name.clone()),
        plain("违法行为", |r, _, _| r.pick(&["销售过期食品", "未按规定公示", "超标排放", "无证经营"]).to_owned()),
        plain("处罚内容", |r, _, _| format!("罚款{}元", 1000 * (1 + r.below(50)))),
        plain("处罚日期", move |r, _, _| when(r, 2023 + v as u32, 1, 1)),
        plain("处罚机关", |_, _, _| format!("{COUNTY}市场监督管理局")),
    ];
    build(["行政处罚决定信息公示", "生态环境行政处罚案件信息"][v], vec![], (1960, 1990), rows(r), cols, r)
}

fn exams(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let name_h = s.next(NAME_H);
    let base: u64 = [13_520_100_001, 18_852_010_001][v];
    let cols = vec![
        plain("准考证号", move |r, i, _| (base + i as u64 * 2 + r.below(2)).to_string()),
        col(name_h, C::PersonName, true, |_, _, p| p.name.clone()),
        plain("报考单位", |r, _, _| r.pick(&["县教育局", "县人民医院", "城关镇人民政府"]).to_owned()),
        plain("岗位代码", |r, _, _| format!("{:02}", 1 + r.below(30))),
        plain("笔试成绩", |r, _, _| format!("{}.{}", 50 + r.below(50), r.below(10))),
        plain("面试成绩", |r, _, _| format!("{}.{:02}", 60 + r.below(40), r.below(100))),
        plain("总成绩", |r, _, _| format!("{}.{:02}", 55 + r.below(40), r.below(100))),
        plain("是否进入体检", |r, _, _| r.pick(&["是", "否"]).to_owned()),
    ];
    build(
        ["2024年事业单位公开招聘总成绩公示", "教师招聘面试成绩及进入体检人员名单"][v],
        vec![],
        (1990, 2002),
        rows(r),
        cols,
        r,
    )
}

fn aggregates(s: &mut Rot, r: &mut Rng, v: usize) -> Table {
    let town_h = s.next(TOWN_H);
    if v == 0 {
        let cols = vec![
            plain("科目编码", |r, _, _| format!("208{:04}", r.below(10_000))),
            plain("科目名称", |r, _, _| {
                r.pick(&["行政运行", "一般行政管理事务", "社会保障和就业", "农林水支出"]).to_owned()
            }),
            plain("预算数（元）", |r, _, _| format!("{}.{:02}", r.below(500_000_000), r.below(100))),
            plain("上年执行数（元）", |r, _, _| format!("{}.{:02}", r.below(500_000_000), r.below(100))),
            plain("增减率（%）", |r, _, _| format!("{}.{}", r.below(40), r.below(10))),
        ];
        build("2024年部门预算支出明细", vec![], (1960, 1990), rows(r), cols, r)
    } else {
        let cols = vec![
            plain(town_h, |_, _, p| p.town.to_owned()),
            plain("村（社区）", |_, _, p| p.village.to_owned()),
            plain("低保户数", |r, _, _| int(r, 5, 300)),
            plain("低保人数", |r, _, _| int(r, 10, 800)),
            plain("特困人数", |r, _, _| int(r, 0, 60)),
            plain("发放金额（元）", |r, _, _| format!("{}.{:02}", r.below(3_000_000), r.below(100))),
            plain("统计月份", |_, _, _| "2024年6月".to_owned()),
        ];
        build("城乡低保分村统计", vec![], (1960, 1990), rows(r), cols, r)
    }
}

fn business_ledger(_s: &mut Rot, r: &mut Rng) -> Table {
    let cols = vec![
        plain("业务流水号", |_, _, p| {
            // 18 digits shaped like an ID number with the check digit off by one.
            let last = p.id.as_bytes()[17];
            let wrong = match last {
                b'X' | b'9' => '0',
                d => char::from(d + 1),
            };
            format!("{}{wrong}", &p.id[..17])
        }),
        plain("办理事项", |r, _, _| {
            r.pick(&["不动产转移登记", "抵押权登记", "社保关系转移", "营业执照变更"]).to_owned()
        }),
        plain("受理日期", |r, _, _| when(r, 2024, 1, 0)),
        plain("受理窗口", |r, _, _| format!("{}号窗口", 1 + r.below(30))),
        plain("办理状态", |r, _, _| r.pick(&["已办结", "办理中", "已退件"]).to_owned()),
        plain("办结时限（工作日）", |r, _, _| r.pick(&["1", "3", "5", "10"]).to_owned()),
    ];
    build("政务服务中心业务办理台账", vec![], (1960, 1990), rows(r), cols, r)
}
