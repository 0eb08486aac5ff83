//! Realistic county data for benchmarks: a subsidy register with the columns and
//! the mess such registers really have. Deterministic for a given row count.

/// The twelve columns of the generated table.
pub const HEADER: [&str; 12] = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "联系电话",
    "出生日期",
    "家庭住址",
    "村代码",
    "补贴金额",
    "发放日期",
    "类别",
    "备注",
];

const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "欧阳", "司马"];
const GIVEN: &[&str] =
    &["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超"];
const TOWNS: &[&str] = &["城关镇", "河口乡", "新店镇", "白沙乡", "龙泉镇", "石桥乡", "东山街道"];
const VILLAGES: &[&str] = &["东村", "西村", "南岗村", "北坡村", "柳树湾村", "大王庄村"];
const KINDS: &[&str] = &["城市低保", "农村低保", "特困供养", "临时救助"];
const REMARKS: &[&str] = &["", "", "", "已核实", "家中有残疾人，已入户核查", "联系电话已变更，待复核", "2024年新增"];

/// A tiny deterministic generator (xorshift), so runs are comparable.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next_u64() % v.len() as u64) as usize]
    }
}

/// A resident ID with a valid GB 11643 check character.
pub fn id_number(rng: &mut Rng, birth: (u32, u32, u32)) -> String {
    let region = ["130534", "110105", "440524", "510623", "320481"][(rng.next_u64() % 5) as usize];
    let body = format!("{region}{:04}{:02}{:02}{:03}", birth.0, birth.1, birth.2, rng.next_u64() % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(W).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let check = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize];
    format!("{body}{check}")
}

/// One row of the table.
pub fn row(rng: &mut Rng, i: u64) -> [String; 12] {
    let birth =
        (1930 + (rng.next_u64() % 80) as u32, 1 + (rng.next_u64() % 12) as u32, 1 + (rng.next_u64() % 28) as u32);
    let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
    let gender = if rng.next_u64().is_multiple_of(2) { "男" } else { "女" };
    let phone = format!("1{}{:09}", [3, 5, 7, 8, 9][(rng.next_u64() % 5) as usize], rng.next_u64() % 1_000_000_000);
    let town = rng.pick(TOWNS);
    let address = format!(
        "某某省某某市某某县{town}{}{}组{}号{}栋{}单元{}室",
        rng.pick(VILLAGES),
        rng.next_u64() % 12 + 1,
        rng.next_u64() % 200 + 1,
        rng.next_u64() % 30 + 1,
        rng.next_u64() % 6 + 1,
        rng.next_u64() % 900 + 101
    );
    let amount = format!("{}.{:02}", 100 + rng.next_u64() % 900, rng.next_u64() % 100);
    let paid = format!("2024-{:02}-{:02}", 1 + rng.next_u64() % 12, 1 + rng.next_u64() % 28);
    [
        (i + 1).to_string(),
        name,
        gender.to_owned(),
        id_number(rng, birth),
        phone,
        format!("{:04}-{:02}-{:02}", birth.0, birth.1, birth.2),
        address,
        format!("{:04}", rng.next_u64() % 400),
        amount,
        paid,
        rng.pick(KINDS).to_owned(),
        rng.pick(REMARKS).to_owned(),
    ]
}
