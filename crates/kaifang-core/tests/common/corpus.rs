//! A labelled corpus of realistic county spreadsheets for the personal-data
//! classifier: subsidy lists, enterprise and licensing registries, school and
//! clinic directories, traffic violations, budgets, aggregates, exam results and
//! decoys. Each column carries the expected category and personal flag. Values
//! are synthetic (valid checksums, made-up people). Shared by the classification
//! test and `examples/sensitive_bench.rs`.

use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::DatasetId;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::pipeline::import_file;
use kaifang_core::sensitive::{self, Category};
use kaifang_core::workspace::OpenMode;
use kaifang_core::Workspace;

pub struct Table {
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub labels: Vec<(Category, bool)>,
    pub rows: Vec<Vec<String>>,
    /// The upper line of a two-row header (parent labels over blank cells where
    /// they span), written above `headers`; empty for a one-row header.
    pub groups: Vec<&'static str>,
}

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
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    pub fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len() as u64) as usize]
    }
}

const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "欧阳", "罗", "何"];
const GIVEN: &[&str] =
    &["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "明华", "志强"];
const TOWNS: &[&str] = &["城关镇", "河口乡", "新店镇", "白沙乡", "龙泉镇", "东山街道"];
const VILLAGES: &[&str] = &["东村", "西村", "南岗村", "柳树湾村", "大王庄村"];

pub fn name(r: &mut Rng) -> String {
    format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN))
}

pub fn id_number(r: &mut Rng) -> String {
    let region = ["520102", "110105", "440524", "510623", "130534"][r.below(5) as usize];
    let body =
        format!("{region}{}{:02}{:02}{:03}", 1940 + r.below(70), 1 + r.below(12), 1 + r.below(28), r.below(1000));
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(W).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{body}{}", ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize])
}

/// An 18-digit number that is not an ID: the check digit is off by one.
pub fn business_number(r: &mut Rng) -> String {
    let id = id_number(r);
    let last = id.chars().last().unwrap_or('0');
    let wrong = match last {
        'X' => '0',
        '9' => '0',
        d => char::from(d as u8 + 1),
    };
    format!("{}{}", &id[..17], wrong)
}

pub fn mobile(r: &mut Rng) -> String {
    format!("1{}{:09}", [3, 5, 7, 8, 9][r.below(5) as usize], r.below(1_000_000_000))
}

pub fn landline(r: &mut Rng) -> String {
    format!("0851-{}", 8_000_000 + r.below(1_000_000))
}

pub fn bank_card(r: &mut Rng) -> String {
    let mut digits: Vec<u32> = "622202".chars().filter_map(|c| c.to_digit(10)).collect();
    for _ in 0..12 {
        digits.push(r.below(10) as u32);
    }
    // Luhn check digit.
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
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
    digits.push((10 - sum % 10) % 10);
    digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect()
}

pub fn uscc(r: &mut Rng) -> String {
    const CH: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let mut s: Vec<u8> = b"915201".to_vec();
    for _ in 0..11 {
        s.push(CH[r.below(31) as usize]);
    }
    let sum: u32 = s.iter().zip(W).map(|(c, w)| CH.iter().position(|x| x == c).unwrap_or(0) as u32 * w).sum();
    s.push(CH[((31 - sum % 31) % 31) as usize]);
    String::from_utf8(s).unwrap_or_default()
}

pub fn home_address(r: &mut Rng) -> String {
    format!("某某县{}{}{}组{}号", r.pick(TOWNS), r.pick(VILLAGES), 1 + r.below(12), 1 + r.below(99))
}

pub fn facility_address(r: &mut Rng) -> String {
    format!("某某县{}{}路{}号", r.pick(TOWNS), ["人民", "解放", "建设", "文化"][r.below(4) as usize], 1 + r.below(300))
}

pub fn date(r: &mut Rng, from: u64, span: u64) -> String {
    format!("{}-{:02}-{:02}", from + r.below(span), 1 + r.below(12), 1 + r.below(28))
}

pub fn plate(r: &mut Rng) -> String {
    format!("贵A{}{:04}", ["B", "C", "D", "F"][r.below(4) as usize], r.below(10_000))
}

fn table(
    name: &'static str,
    cols: Vec<(&'static str, Category, bool)>,
    rows: usize,
    r: &mut Rng,
    cell: impl Fn(usize, &mut Rng) -> Vec<String>,
) -> Table {
    let (headers, labels) = cols.into_iter().map(|(h, c, p)| (h, (c, p))).unzip();
    Table { name, headers, labels, rows: (0..rows).map(|i| cell(i, r)).collect(), groups: Vec::new() }
}

use Category as C;

/// The corpus: a dozen kinds of table, each in a few header spellings.
pub fn corpus(rows: usize, seed: u64) -> Vec<Table> {
    let r = &mut Rng::new(seed);
    let mut out = Vec::new();
    for (id_h, phone_h, name_h) in [
        ("身份证号", "联系电话", "姓名"),
        ("公民身份号码", "手机号码", "户主姓名"),
        ("SFZH", "LXDH", "XM"),
        ("证件号码", "电话", "领取人"),
    ] {
        out.push(table(
            "低保发放名单",
            vec![
                ("序号", C::None, false),
                (name_h, C::PersonName, true),
                (id_h, C::IdCard, true),
                (phone_h, C::Phone, true),
                ("家庭住址", C::Address, true),
                ("银行账号", C::BankCard, true),
                ("补贴金额", C::None, false),
                ("保障类别", C::None, false),
            ],
            rows,
            r,
            |i, r| {
                vec![
                    (i + 1).to_string(),
                    name(r),
                    id_number(r),
                    mobile(r),
                    home_address(r),
                    bank_card(r),
                    format!("{}.{:02}", 200 + r.below(500), r.below(100)),
                    r.pick(&["城市低保", "农村低保", "特困供养"]).to_owned(),
                ]
            },
        ));
    }
    out.push(table(
        "企业登记信息",
        vec![
            ("企业名称", C::None, false),
            ("统一社会信用代码", C::Uscc, false),
            ("法定代表人", C::PersonName, false),
            ("注册资本（万元）", C::None, false),
            ("成立日期", C::None, false),
            ("住所", C::Address, false),
            ("联系电话", C::Landline, false),
        ],
        rows,
        r,
        |_, r| {
            vec![
                format!(
                    "某某县{}{}有限公司",
                    r.pick(&["兴旺", "宏达", "鑫源", "富民"]),
                    r.pick(&["农业", "建材", "商贸"])
                ),
                uscc(r),
                name(r),
                (10 + r.below(1000)).to_string(),
                date(r, 2000, 24),
                facility_address(r),
                landline(r),
            ]
        },
    ));
    out.push(table(
        "行政许可公示",
        vec![
            ("许可决定书文号", C::None, false),
            ("行政相对人名称", C::None, false),
            ("统一社会信用代码", C::Uscc, false),
            ("法定代表人", C::PersonName, false),
            ("许可内容", C::None, false),
            ("许可决定日期", C::None, false),
        ],
        rows,
        r,
        |i, r| {
            vec![
                format!("某市监许〔2024〕{}号", i + 1),
                format!("某某县{}商店", r.pick(&["红星", "便民", "惠民"])),
                uscc(r),
                name(r),
                r.pick(&["食品经营许可", "药品零售许可", "卫生许可"]).to_owned(),
                date(r, 2024, 1),
            ]
        },
    ));
    out.push(table(
        "学校名录",
        vec![
            ("学校名称", C::None, false),
            ("学校地址", C::Address, false),
            ("校长", C::PersonName, false),
            ("办公电话", C::Landline, false),
            ("在校学生数", C::None, false),
            ("办学类型", C::None, false),
        ],
        rows,
        r,
        |_, r| {
            vec![
                format!("某某县{}{}", r.pick(TOWNS), r.pick(&["中心小学", "初级中学", "幼儿园"])),
                facility_address(r),
                name(r),
                landline(r),
                (100 + r.below(1500)).to_string(),
                r.pick(&["公办", "民办"]).to_owned(),
            ]
        },
    ));
    out.push(table(
        "医疗机构名录",
        vec![
            ("机构名称", C::None, false),
            ("诊疗科目", C::None, false),
            ("地址", C::Address, false),
            ("联系电话", C::Landline, false),
            ("床位数", C::None, false),
        ],
        rows,
        r,
        |_, r| {
            vec![
                format!("某某县{}卫生院", r.pick(TOWNS)),
                r.pick(&["内科;外科;妇产科", "预防保健科;全科医疗科", "中医科;康复医学科"]).to_owned(),
                facility_address(r),
                landline(r),
                (10 + r.below(90)).to_string(),
            ]
        },
    ));
    out.push(table(
        "交通违法信息",
        vec![
            ("号牌号码", C::Plate, true),
            ("违法时间", C::None, false),
            ("违法地点", C::None, false),
            ("违法行为", C::None, false),
            ("罚款金额", C::None, false),
            ("驾驶人", C::PersonName, true),
        ],
        rows,
        r,
        |_, r| {
            vec![
                plate(r),
                format!("{} {:02}:{:02}", date(r, 2024, 1), r.below(24), r.below(60)),
                format!("{}与{}交叉口", r.pick(&["人民路", "解放路"]), r.pick(&["建设街", "文化街"])),
                r.pick(&["超速行驶", "违反禁令标志", "不按规定停车"]).to_owned(),
                (50 + r.below(200)).to_string(),
                name(r),
            ]
        },
    ));
    out.push(table(
        "部门预算",
        vec![
            ("科目编码", C::None, false),
            ("科目名称", C::None, false),
            ("预算数（万元）", C::None, false),
            ("上年执行数", C::None, false),
        ],
        rows,
        r,
        |_, r| {
            vec![
                format!("208{:04}", r.below(10_000)),
                r.pick(&["行政运行", "一般行政管理事务", "社会保障和就业"]).to_owned(),
                format!("{}.{}", r.below(5000), r.below(100)),
                format!("{}.{}", r.below(5000), r.below(100)),
            ]
        },
    ));
    out.push(table(
        "人口统计",
        vec![
            ("乡镇", C::None, false),
            ("户数", C::None, false),
            ("总人口", C::None, false),
            ("男", C::None, false),
            ("女", C::None, false),
        ],
        rows,
        r,
        |_, r| {
            let m = 1000 + r.below(9000);
            let f = 1000 + r.below(9000);
            vec![r.pick(TOWNS).to_owned(), (m / 3).to_string(), (m + f).to_string(), m.to_string(), f.to_string()]
        },
    ));
    out.push(table(
        "考试成绩公示",
        vec![("准考证号", C::None, false), ("姓名", C::PersonName, true), ("笔试成绩", C::None, false)],
        rows,
        r,
        |_, r| {
            vec![format!("13{:09}", r.below(1_000_000_000)), name(r), format!("{}.{}", 50 + r.below(50), r.below(10))]
        },
    ));
    out.push(table(
        "残疾人两项补贴",
        vec![
            ("姓名", C::PersonName, true),
            ("身份证号", C::IdCard, true),
            ("残疾类别", C::Health, true),
            ("残疾等级", C::Health, true),
            ("手机", C::Phone, true),
            ("出生日期", C::BirthDate, true),
            ("民族", C::Ethnicity, true),
        ],
        rows,
        r,
        |_, r| {
            vec![
                name(r),
                id_number(r),
                r.pick(&["肢体", "视力", "听力", "智力"]).to_owned(),
                r.pick(&["一级", "二级", "三级", "四级"]).to_owned(),
                mobile(r),
                date(r, 1940, 70),
                r.pick(&["汉族", "苗族", "布依族", "侗族"]).to_owned(),
            ]
        },
    ));
    out.push(table(
        "业务办理台账",
        vec![
            ("业务编号", C::None, false),
            ("办理事项", C::None, false),
            ("办理日期", C::None, false),
            ("经办科室", C::None, false),
        ],
        rows,
        r,
        |_, r| {
            vec![
                business_number(r),
                r.pick(&["不动产登记", "社保转移"]).to_owned(),
                date(r, 2024, 1),
                r.pick(&["一科", "二科"]).to_owned(),
            ]
        },
    ));
    out.push(table(
        "网上留言",
        vec![
            ("留言时间", C::None, false),
            ("留言内容", C::None, false),
            ("联系邮箱", C::Email, true),
            ("回复单位", C::None, false),
        ],
        rows,
        r,
        |_, r| {
            vec![
                date(r, 2024, 1),
                format!("反映{}路灯不亮的问题，请联系我{}。", r.pick(TOWNS), mobile(r)),
                format!("user{}@example.com", r.below(100_000)),
                r.pick(&["县住建局", "县城管局"]).to_owned(),
            ]
        },
    ));
    out
}

/// The table as CSV text.
pub fn to_csv(t: &Table) -> String {
    let mut s = String::new();
    if !t.groups.is_empty() {
        s.push_str(&t.groups.join(","));
        s.push('\n');
    }
    s.push_str(&t.headers.join(","));
    s.push('\n');
    for row in &t.rows {
        s.push_str(
            &row.iter()
                .map(|v| if v.contains(',') { format!("\"{v}\"") } else { v.clone() })
                .collect::<Vec<_>>()
                .join(","),
        );
        s.push('\n');
    }
    s
}

/// A column's expected or found category and personal flag.
pub type Label = (Category, bool);

/// Per-category counts of true positives, false positives and false negatives,
/// and the misses that must never happen (a personal ID, phone, bank-card or
/// passport column not found as such).
#[derive(Default)]
pub struct Score {
    pub tp: std::collections::BTreeMap<&'static str, u32>,
    pub fp: std::collections::BTreeMap<&'static str, u32>,
    pub fn_: std::collections::BTreeMap<&'static str, u32>,
    pub personal_wrong: u32,
    pub critical_misses: Vec<String>,
    pub columns: u32,
    /// Every column whose category or personal flag is wrong: ("table/column",
    /// expected, got).
    pub wrong: Vec<(String, Label, Label)>,
}

impl Score {
    pub fn add(&mut self, table: &str, header: &str, expected: (Category, bool), got: (Category, bool)) {
        self.columns += 1;
        let (e, g) = (expected.0, got.0);
        if e == g {
            if e != Category::None {
                *self.tp.entry(e.as_str()).or_default() += 1;
            }
        } else {
            if g != Category::None {
                *self.fp.entry(g.as_str()).or_default() += 1;
            }
            if e != Category::None {
                *self.fn_.entry(e.as_str()).or_default() += 1;
            }
        }
        if e == g && e != Category::None && expected.1 != got.1 {
            self.personal_wrong += 1;
        }
        if e != g || (e != Category::None && expected.1 != got.1) {
            self.wrong.push((format!("{table}/{header}"), expected, got));
        }
        if expected.1
            && matches!(e, Category::IdCard | Category::Phone | Category::BankCard | Category::Passport)
            && !(got.0 == e && got.1)
        {
            self.critical_misses.push(format!("{table}/{header}: expected {e:?}, got {got:?}"));
        }
    }

    /// Micro-averaged F1 over the columns that hold a category.
    pub fn f1(&self) -> f64 {
        let tp: u32 = self.tp.values().sum();
        let fp: u32 = self.fp.values().sum();
        let fn_: u32 = self.fn_.values().sum();
        let p = f64::from(tp) / f64::from((tp + fp).max(1));
        let r = f64::from(tp) / f64::from((tp + fn_).max(1));
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Imports every table into a fresh workspace, scans each fully, and scores the
/// classifier against the labels.
pub fn classify(tables: &[Table]) -> Score {
    let dir = tempfile::tempdir().expect("temp dir");
    let actor = Actor::new("corpus", Source::System);
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &actor).expect("workspace");
    let mut score = Score::default();
    for (i, t) in tables.iter().enumerate() {
        let path = dir.path().join(format!("{i}.csv"));
        std::fs::write(&path, to_csv(t)).expect("write table");
        let out = import_file(&mut ws, &path, &ImportOptions::default(), &actor, &no_progress, &CancelToken::new())
            .expect("import table");
        let report = sensitive::scan(ws.conn(), DatasetId(out.datasets[0].id), true).expect("scan");
        assert_eq!(report.columns.len(), t.labels.len(), "{}: imported columns against labels", t.name);
        for (c, expected) in report.columns.iter().zip(&t.labels) {
            score.add(t.name, &c.finding.name, *expected, (c.finding.category, c.finding.personal));
        }
    }
    score
}
