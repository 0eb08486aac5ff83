//! Value validators for Chinese identifiers and other personal data, with the
//! checksums the standards define. Each takes one trimmed cell value.

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [u8; 11] = *b"10X98765432";

/// Province codes that open a resident ID (GB 11643 region, first two digits).
fn id_province(p: &[u8]) -> bool {
    let n = u32::from(p[0] - b'0') * 10 + u32::from(p[1] - b'0');
    matches!(n, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

/// Today as `YYYY-MM-DD`, read once: validators run on every cell of a table, and
/// formatting the clock each time cost more than the checksum.
fn today() -> &'static str {
    static TODAY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TODAY.get_or_init(|| crate::clock::now_rfc3339().get(..10).unwrap_or("9999-12-31").to_owned())
}

fn real_past_date(y: u32, m: u32, d: u32) -> bool {
    // Compared as numbers: YYYYMMDD against today's.
    let t = today().as_bytes();
    let num = |r: std::ops::Range<usize>| t[r].iter().fold(0u32, |n, c| n * 10 + u32::from(c.wrapping_sub(b'0')));
    let now = if t.len() >= 10 { num(0..4) * 10_000 + num(5..7) * 100 + num(8..10) } else { u32::MAX };
    crate::clock::real_date(y, m, d) && y * 10_000 + m * 100 + d <= now
}

/// An 18-character resident ID (GB 11643): region, a real past birth date, a
/// sequence, and the check character (x accepted for X).
pub fn id_card_18(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) || !id_province(b) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| v[r].parse::<u32>().unwrap_or(0);
    if !real_past_date(num(6..10), num(10..12), num(12..14)) {
        return false;
    }
    let sum: u32 = b[..17].iter().zip(ID_WEIGHTS).map(|(c, w)| u32::from(c - b'0') * w).sum();
    b[17].to_ascii_uppercase() == ID_CHECK[(sum % 11) as usize]
}

/// A legacy 15-digit ID: region + YYMMDD + 3 digits, no check character.
pub fn id_card_15(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 15 || !b.iter().all(u8::is_ascii_digit) || !id_province(b) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| v[r].parse::<u32>().unwrap_or(0);
    real_past_date(1900 + num(6..8), num(8..10), num(10..12))
}

/// An 18-digit ID that Excel turned into a number: `1.30534194503122E+17`.
/// The digits are lost; the shape (magnitude 10^17, region prefix) still tells.
pub fn id_card_mangled(v: &str) -> bool {
    let Some((m, e)) = v.split_once(['E', 'e']) else { return false };
    let e = e.trim_start_matches('+');
    let digits: String = m.chars().filter(char::is_ascii_digit).collect();
    e == "17" && digits.len() >= 6 && id_province(digits.as_bytes())
}

const USCC_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A unified social credit code (GB 32100): identifies an organisation.
pub fn uscc(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 18 {
        return false;
    }
    let mut sum = 0u32;
    for (i, c) in b[..17].iter().enumerate() {
        let Some(pos) = USCC_CHARS.iter().position(|x| x == c) else { return false };
        sum += pos as u32 * USCC_WEIGHTS[i];
    }
    let check = (31 - sum % 31) % 31;
    USCC_CHARS.get(check as usize) == Some(&b[17])
}

/// An organisation code (GB 11714): 8 characters, a hyphen optional, a check.
pub fn org_code(v: &str) -> bool {
    // The nine characters without hyphens, on the stack.
    let mut code = [0u8; 9];
    let mut n = 0;
    for &c in v.as_bytes().iter().filter(|c| **c != b'-') {
        let Some(slot) = code.get_mut(n) else { return false };
        *slot = c;
        n += 1;
    }
    let b = &code[..n];
    if b.len() != 9 || !b[..8].iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()) {
        return false;
    }
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let val = |c: u8| if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') + 10 };
    let sum: u32 = b[..8].iter().zip(W).map(|(c, w)| val(*c) * w).sum();
    let check = 11 - sum % 11;
    let expected = match check {
        10 => b'X',
        11 => b'0',
        n => b'0' + n as u8,
    };
    b[8] == expected && b[..8].iter().any(u8::is_ascii_digit)
}

/// Up to 24 digits of a value, skipping the separators given, without
/// allocating (validators run on every cell of a table): `None` when anything
/// else is in it or it is longer.
struct Digits {
    buf: [u8; 24],
    len: usize,
}

impl Digits {
    fn of(v: &str, separators: &[u8]) -> Option<Digits> {
        let mut d = Digits { buf: [0; 24], len: 0 };
        for &c in v.as_bytes() {
            if c.is_ascii_digit() {
                *d.buf.get_mut(d.len)? = c;
                d.len += 1;
            } else if !separators.contains(&c) {
                return None;
            }
        }
        Some(d)
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Digits of a phone-like value with separators and a +86 prefix removed.
fn phone_digits(v: &str) -> Option<Digits> {
    let v = v.trim();
    let v = v.strip_prefix("+86").or_else(|| v.strip_prefix("0086")).unwrap_or(v);
    Digits::of(v, b"- ()")
}

/// A mainland mobile number: 1[3-9] and nine digits, in any common spelling.
pub fn mobile(v: &str) -> bool {
    phone_digits(v).is_some_and(|d| {
        let b = d.as_bytes();
        b.len() == 11 && b[0] == b'1' && matches!(b[1], b'3'..=b'9')
    })
}

/// A landline: area code (010, 02X or a four-digit code from 0) and 7–8 digits.
pub fn landline(v: &str) -> bool {
    let Some(d) = phone_digits(v) else { return false };
    let b = d.as_bytes();
    if b.first() != Some(&b'0') {
        return false;
    }
    let area = if b.starts_with(b"010") || (b.starts_with(b"02") && b.len() > 2) { 3 } else { 4 };
    (7..=8).contains(&(b.len().saturating_sub(area)))
}

/// A bank card number: 16–19 digits passing Luhn.
pub fn bank_card(v: &str) -> bool {
    Digits::of(v, b" -").is_some_and(|d| (16..=19).contains(&d.len) && luhn_bytes(d.as_bytes()))
}

pub fn luhn(d: &str) -> bool {
    d.bytes().all(|c| c.is_ascii_digit()) && luhn_bytes(d.as_bytes())
}

fn luhn_bytes(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let n = u32::from(c - b'0');
            if i % 2 == 1 {
                let x = n * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                n
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Passports and travel permits by their shape alone: ordinary passports (E and
/// 8 digits, E and a letter and 7 digits, G and 8 digits), service passports
/// (P, S or D and 7 digits), 港澳通行证 (C and 8 digits, or C and a letter and 7
/// digits; the older W and 8 digits), 往来台湾通行证 (L or T and 8 digits) and
/// 回乡证 (H or M and 8 or 10 digits). Bare numbers (台胞证, the oldest
/// passports) only a header tells: see `permit_digits`.
pub fn passport(v: &str) -> bool {
    let b = v.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    match (b.len(), b.first()) {
        (9, Some(b'E')) => digits(&b[1..]) || (b[1].is_ascii_uppercase() && digits(&b[2..])),
        (9, Some(b'G' | b'W' | b'L' | b'T')) => digits(&b[1..]),
        (9, Some(b'C')) => digits(&b[1..]) || (b[1].is_ascii_uppercase() && digits(&b[2..])),
        (8, Some(b'P' | b'S' | b'D')) => digits(&b[1..]),
        (9 | 11, Some(b'H' | b'M')) => digits(&b[1..]),
        _ => false,
    }
}

/// A travel document number that is digits only (台胞证: 8 or 10 digits; older
/// passports 14/15 + 7), which only a header can tell from any other number.
pub fn permit_digits(v: &str) -> bool {
    let b = v.as_bytes();
    matches!(b.len(), 8..=10) && b.iter().all(u8::is_ascii_digit)
}

/// An account number beyond Luhn card numbers: 12–21 digits (rural passbooks and
/// 一卡通 accounts usually fail Luhn), spaces and hyphens allowed, or a social
/// security card number (a letter and eight digits). Only a header tells these
/// from other long numbers.
pub fn account(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() == 9 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit) {
        return true;
    }
    let mut n = 0;
    for &c in b {
        match c {
            b'0'..=b'9' => n += 1,
            b' ' | b'-' => {}
            _ => return false,
        }
    }
    (12..=21).contains(&n)
}

/// One coordinate inside China's bounding box with at least four decimals, as
/// longitude and latitude columns hold them (`106.712345`, `26.583123`).
pub fn coordinate(v: &str) -> bool {
    let Some((int, frac)) = v.split_once('.') else { return false };
    if frac.len() < 4 || !frac.bytes().all(|c| c.is_ascii_digit()) || int.is_empty() || int.len() > 3 {
        return false;
    }
    v.parse::<f64>().is_ok_and(|x| (3.0..=54.0).contains(&x) || (73.0..=136.0).contains(&x))
}

/// A code that looks like an identifier: 8–32 ASCII letters and digits (a hyphen
/// allowed), at least six of them digits, and not a number with a fraction.
pub fn identifier(v: &str) -> bool {
    let b = v.as_bytes();
    if !(8..=32).contains(&b.len()) {
        return false;
    }
    let mut digits = 0;
    for &c in b {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !(c.is_ascii_alphabetic() || c == b'-') {
            return false;
        }
    }
    digits >= 6
}

const PLATE_PROVINCES: &str = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新";

/// A vehicle plate: province character, a letter, then 5 (6 for new-energy)
/// letters and digits.
pub fn plate(v: &str) -> bool {
    let mut chars = v.chars();
    let (Some(p), Some(l)) = (chars.next(), chars.next()) else { return false };
    if !(l.is_ascii_uppercase() && PLATE_PROVINCES.contains(p)) {
        return false;
    }
    let rest: Vec<char> = chars.filter(|c| *c != '·' && *c != ' ').collect();
    (rest.len() == 5 || rest.len() == 6)
        && rest.iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || "挂学警港澳".contains(*c))
}

pub fn email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else { return false };
    !local.is_empty() && domain.contains('.') && !v.contains(char::is_whitespace) && !domain.ends_with('.')
}

pub fn ip(v: &str) -> bool {
    v.parse::<std::net::IpAddr>().is_ok()
}

/// A coordinate pair inside China's bounding box, in either order
/// (`26.58,106.71` or `106.71, 26.58`), with at least three decimals.
pub fn gps(v: &str) -> bool {
    let parts: Vec<&str> = v.split([',', '，', ' ']).filter(|s| !s.is_empty()).collect();
    if parts.len() != 2 {
        return false;
    }
    let nums: Vec<f64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let precise = parts.iter().all(|p| p.split('.').nth(1).is_some_and(|f| f.len() >= 3));
    nums.len() == 2 && precise && {
        let (a, b) = (nums[0], nums[1]);
        let china = |lat: f64, lng: f64| (3.0..=54.0).contains(&lat) && (73.0..=136.0).contains(&lng);
        china(a, b) || china(b, a)
    }
}

/// A date of birth: a real date in the past (any of the spellings import accepts).
pub fn birth_date(v: &str) -> bool {
    crate::clock::date_parts(v).is_some_and(|(y, m, d)| real_past_date(y, m, d))
}

/// Common surnames (the top hundred cover about 85% of people), compound ones first.
pub const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "上官", "皇甫", "司马", "诸葛", "东方", "司徒", "夏侯", "慕容", "尉迟", "长孙", "宇文", "公孙", "令狐",
    "端木",
];
pub const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

/// The surname part of a name, if it starts with a common one.
pub fn surname(v: &str) -> Option<&str> {
    if let Some(c) = COMPOUND_SURNAMES.iter().find(|s| v.starts_with(**s)) {
        return Some(&v[..c.len()]);
    }
    let first = v.chars().next()?;
    SURNAMES.contains(first).then(|| &v[..first.len_utf8()])
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// A Chinese personal name: 2–4 Han characters starting with a common surname.
pub fn person_name(v: &str) -> bool {
    let n = v.chars().count();
    (2..=4).contains(&n) && v.chars().all(|c| is_han(c) || c == '·') && surname(v).is_some()
}

/// Endings of place names: a column of these is places, not people, even when
/// they start with a surname character (王家村, 高桥镇).
pub const PLACE_SUFFIXES: &[&str] = &["省", "市", "县", "区", "乡", "镇", "街道", "村", "社区", "组", "屯", "寨"];

/// Endings of organisation names, for columns that mix people and organisations.
pub const ORG_SUFFIXES: &[&str] = &[
    "公司",
    "合作社",
    "厂",
    "店",
    "中心",
    "医院",
    "学校",
    "小学",
    "中学",
    "幼儿园",
    "卫生院",
    "诊所",
    "局",
    "委员会",
    "村委会",
    "居委会",
    "协会",
    "商行",
    "超市",
    "农场",
    "养殖场",
    "站",
    "所",
    "馆",
    "部",
    "社",
    "行",
    "院",
    "园",
    "集团",
    "工作室",
    "经营部",
    "门市",
];

/// Whether a value names a place (ends with a place suffix).
pub fn place_name(v: &str) -> bool {
    PLACE_SUFFIXES.iter().any(|s| v.ends_with(s))
}

/// Whether a value names an organisation (longer than a name, or ends with an
/// organisation suffix).
pub fn organisation(v: &str) -> bool {
    v.chars().count() > 5 || ORG_SUFFIXES.iter().any(|s| v.ends_with(s))
}

/// Address markers, from the largest unit to the smallest.
pub const ADDRESS_MARKERS: &[&str] =
    &["省", "市", "县", "区", "乡", "镇", "街道", "村", "组", "路", "街", "号", "室", "栋", "单元", "小区"];

/// A street or village address: at least two markers and a number or a village.
pub fn address(v: &str) -> bool {
    // A bank branch or an office (某某县村镇银行城关支行) names a place it is in.
    if ["银行", "支行", "分行", "信用社", "联社", "分社", "营业所", "公司", "合作社"].iter().any(|s| v.ends_with(s))
    {
        return false;
    }
    // One pass over the characters (this runs on every long Chinese cell of a
    // whole-table scan): which markers occur, as a bit set.
    let mut seen = 0u32;
    let mut prev = '\0';
    let mut chars = 0;
    for c in v.chars() {
        chars += 1;
        let bit = match c {
            '省' => 0,
            '市' => 1,
            '县' => 2,
            '区' if prev == '小' => 15,
            '区' => 3,
            '乡' => 4,
            '镇' => 5,
            '道' if prev == '街' => 6,
            '村' => 7,
            '组' => 8,
            '路' => 9,
            '街' => 10,
            '号' => 11,
            '室' => 12,
            '栋' => 13,
            '元' if prev == '单' => 14,
            _ => 31,
        };
        seen |= 1 << bit;
        prev = c;
    }
    let hits = (seen & !(1 << 31)).count_ones();
    let numbered = seen & (1 << 11 | 1 << 7 | 1 << 8 | 1 << 12) != 0;
    chars >= 6 && hits >= 2 && numbered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_ids() {
        assert!(id_card_18("11010519491231002X"), "the standard's worked example");
        assert!(id_card_18("11010519491231002x"), "lowercase x");
        assert!(!id_card_18("110105194912310021"), "wrong check character");
        assert!(!id_card_18("990105194912310028"), "no such province");
        assert!(!id_card_18("110105194902300025"), "February 30th");
        assert!(!id_card_18("110105209912310025"), "born in the future");
        assert!(id_card_15("110105491231002"));
        assert!(!id_card_15("110105491331002"), "month 13");
        assert!(id_card_mangled("1.30534194503122E+17"));
        assert!(!id_card_mangled("1.2E+05"));
    }

    #[test]
    fn organisation_codes() {
        assert!(uscc("91512081MA62K0260E"), "the standard's worked example");
        assert!(!uscc("91512081MA62K0260F"));
        assert!(!uscc("91512081MA62K0I60E"), "I is not in the alphabet");
        assert!(org_code("D2143569-X") || org_code("MA62K026-0") || !org_code("12345678-9"));
        assert!(!org_code("ABCDEFGH-1"));
    }

    #[test]
    fn phones() {
        assert!(mobile("13812345678"));
        assert!(mobile("138-1234-5678"));
        assert!(mobile("+86 138 1234 5678"));
        assert!(!mobile("12812345678"), "12x is not a mobile prefix");
        assert!(!mobile("1381234567"), "ten digits");
        assert!(landline("010-12345678"));
        assert!(landline("0851-1234567"));
        assert!(landline("02112345678"));
        assert!(!landline("13812345678"));
    }

    #[test]
    fn cards_passports_plates() {
        assert!(bank_card("6222021234567890128") == luhn("6222021234567890128"));
        assert!(bank_card("4111111111111111"), "a Luhn-valid test number");
        assert!(!bank_card("4111111111111112"));
        assert!(passport("E12345678"));
        assert!(passport("EA1234567"));
        assert!(passport("G12345678"));
        assert!(passport("H12345678"));
        assert!(passport("C12345678"), "港澳通行证");
        assert!(passport("CA1234567"), "港澳通行证, new form");
        assert!(passport("L12345678"), "往来台湾通行证");
        assert!(passport("M1234567890"), "回乡证, ten digits");
        assert!(!passport("141234567"), "a bare number is no passport without a header");
        assert!(!passport("X12345678"));
        assert!(!passport("123456789"));
        assert!(permit_digits("12345678"));
        assert!(account("6228480402564890018"), "a card number is an account too");
        assert!(account("520101000123456789"), "a passbook that fails Luhn");
        assert!(account("6228 4804 0256 4890"));
        assert!(account("A12345678"), "a social security card number");
        assert!(!account("12345678901"), "eleven digits");
        assert!(coordinate("106.712345") && coordinate("26.5831"));
        assert!(!coordinate("26.58") && !coordinate("200.12345") && !coordinate("1200.5"));
        assert!(identifier("GZ2019A0012345") && identifier("5201020300123"));
        assert!(!identifier("1234567") && !identifier("ABCDEFGHIJ") && !identifier("12345.678"));
        assert!(plate("贵A12345"));
        assert!(plate("京AD12345"), "new-energy plates have eight characters");
        assert!(!plate("A12345"));
    }

    #[test]
    fn names_addresses_and_the_rest() {
        assert!(person_name("张三"));
        assert!(person_name("欧阳娜娜"));
        assert_eq!(surname("欧阳娜娜"), Some("欧阳"));
        assert!(!person_name("城关镇"), "城 is not a common surname");
        assert!(!person_name("张"), "one character");
        assert!(address("城关镇东村3组12号"));
        assert!(address("某某省某某市某某县城关镇东街1号"));
        assert!(!address("城关镇"));
        assert!(email("a.b@example.gov.cn"));
        assert!(ip("192.168.1.20"));
        assert!(gps("26.583,106.712"));
        assert!(!gps("1.5,2.5"));
        assert!(birth_date("1949-12-31"));
        assert!(birth_date("1949/12/31"));
        assert!(!birth_date("2999-01-01"));
    }
}
