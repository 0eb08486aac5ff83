//! The dataset metadata profile as data: the Chinese county catalogue's fields and
//! DCAT-AP 3's, merged into one form (see the domain notes). Adding a field is one
//! entry here; validation, completeness, the form and the exports read this table.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    Required,
    Recommended,
    Optional,
    /// Required when another field has a given value (开放条件 when 有条件开放).
    Conditional,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Basic,
    Openness,
    Coverage,
    Contact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text, at most `max` characters.
    Text {
        max: u32,
    },
    /// Paragraphs, at most `max` characters.
    LongText {
        max: u32,
    },
    /// A catalogue code such as `A-001/2024`.
    Identifier,
    /// One value from a code list.
    Code,
    /// A list of short words.
    Keywords,
    Date,
    Email,
    Phone,
    /// A six-digit administrative division code (行政区划代码).
    RegionCode,
}

/// One entry of a code list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CodeValue {
    pub code: String,
    pub zh: String,
    pub en: String,
}

/// One field of the profile, as `kaifang meta fields` and the form show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldDef {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub help_zh: String,
    pub help_en: String,
    pub kind: FieldKind,
    pub requirement: Requirement,
    pub group: Group,
    /// For `Code` fields.
    pub codes: Vec<CodeValue>,
    /// For `Conditional` fields: required when field `.0` has value `.1`.
    pub required_when: Option<(String, String)>,
    /// Where the value goes on the portal: a CKAN field, or `extras.<key>`.
    pub ckan: String,
    /// Whether the office can set a default for it (filled into new datasets).
    pub defaultable: bool,
}

struct Def {
    id: &'static str,
    zh: &'static str,
    en: &'static str,
    help_zh: &'static str,
    help_en: &'static str,
    kind: FieldKind,
    req: Requirement,
    group: Group,
    codes: &'static [(&'static str, &'static str, &'static str)],
    when: Option<(&'static str, &'static str)>,
    ckan: &'static str,
}

pub const OPEN_TYPES: &[(&str, &str, &str)] = &[
    ("unconditional", "无条件开放", "Open without conditions"),
    ("conditional", "有条件开放", "Open on conditions"),
    ("closed", "不予开放", "Not open"),
];

/// Update frequencies with the period after which a dataset is overdue.
pub const FREQUENCIES: &[(&str, &str, &str)] = &[
    ("realtime", "实时", "Real time"),
    ("daily", "每日", "Daily"),
    ("weekly", "每周", "Weekly"),
    ("monthly", "每月", "Monthly"),
    ("quarterly", "每季度", "Quarterly"),
    ("half_yearly", "每半年", "Every six months"),
    ("yearly", "每年", "Yearly"),
    ("irregular", "不定期", "Irregular"),
    ("never", "不更新", "Not updated"),
];

pub(crate) const THEMES: &[(&str, &str, &str)] = &[
    ("agriculture", "农业农村", "Agriculture and rural affairs"),
    ("economy", "经济建设", "Economy"),
    ("finance", "财税金融", "Finance and taxation"),
    ("education", "教育科技", "Education and science"),
    ("culture", "文化休闲", "Culture and leisure"),
    ("health", "卫生健康", "Health"),
    ("social_security", "社会保障", "Social security"),
    ("employment", "劳动就业", "Employment"),
    ("transport", "道路交通", "Transport"),
    ("environment", "资源环境", "Environment and resources"),
    ("urban", "城建住房", "Urban development and housing"),
    ("public_safety", "公共安全", "Public safety"),
    ("credit", "信用服务", "Credit"),
    ("government", "机构团体", "Government and organisations"),
    ("life", "生活服务", "Everyday services"),
    ("weather", "气象服务", "Weather"),
];

/// GB/T 4754 sections (国民经济行业分类门类).
const INDUSTRIES: &[(&str, &str, &str)] = &[
    ("A", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"),
    ("B", "采矿业", "Mining"),
    ("C", "制造业", "Manufacturing"),
    ("D", "电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water"),
    ("E", "建筑业", "Construction"),
    ("F", "批发和零售业", "Wholesale and retail"),
    ("G", "交通运输、仓储和邮政业", "Transport, storage and post"),
    ("H", "住宿和餐饮业", "Accommodation and catering"),
    ("I", "信息传输、软件和信息技术服务业", "Information technology"),
    ("J", "金融业", "Finance"),
    ("K", "房地产业", "Real estate"),
    ("L", "租赁和商务服务业", "Leasing and business services"),
    ("M", "科学研究和技术服务业", "Research and technical services"),
    ("N", "水利、环境和公共设施管理业", "Water, environment and public facilities"),
    ("O", "居民服务、修理和其他服务业", "Resident and other services"),
    ("P", "教育", "Education"),
    ("Q", "卫生和社会工作", "Health and social work"),
    ("R", "文化、体育和娱乐业", "Culture, sports and entertainment"),
    ("S", "公共管理、社会保障和社会组织", "Public administration and social security"),
    ("T", "国际组织", "International organisations"),
];

/// Licences by their CKAN ids.
pub const LICENSES: &[(&str, &str, &str)] = &[
    ("cc-by", "知识共享 署名 4.0（CC BY 4.0）", "Creative Commons Attribution 4.0"),
    ("cc-zero", "知识共享 公共领域（CC0 1.0）", "Creative Commons CC0 1.0"),
    ("odc-by", "开放数据共享 署名许可（ODC-BY）", "Open Data Commons Attribution"),
    ("other-open", "其他开放许可", "Other open licence"),
];

use FieldKind as K;
use Group as G;
use Requirement as R;

const DEFS: &[Def] = &[
    Def {
        id: "title",
        zh: "数据集名称",
        en: "Title",
        help_zh: "简明说明数据内容、范围和时间，如“某某县2024年城乡低保发放名单”。",
        help_en: "What the data is, where and when, e.g. \"County minimum-living allowance recipients 2024\".",
        kind: K::Text { max: 100 },
        req: R::Required,
        group: G::Basic,
        codes: &[],
        when: None,
        ckan: "title",
    },
    Def {
        id: "description",
        zh: "摘要",
        en: "Description",
        help_zh: "说明数据的内容、来源、统计口径和用途。",
        help_en: "What the data holds, where it comes from, how it was counted and what it is for.",
        kind: K::LongText { max: 2000 },
        req: R::Required,
        group: G::Basic,
        codes: &[],
        when: None,
        ckan: "notes",
    },
    Def {
        id: "resource_code",
        zh: "资源代码",
        en: "Catalogue resource code",
        help_zh: "政务数据资源目录中的代码；填写后用作门户上的数据集标识。",
        help_en: "The code in the government data catalogue; when given it names the dataset on the portal.",
        kind: K::Identifier,
        req: R::Recommended,
        group: G::Basic,
        codes: &[],
        when: None,
        ckan: "extras.resource_code",
    },
    Def {
        id: "provider",
        zh: "数据提供方",
        en: "Provider",
        help_zh: "负责该数据的部门（数源单位）。",
        help_en: "The department responsible for the data.",
        kind: K::Text { max: 100 },
        req: R::Required,
        group: G::Basic,
        codes: &[],
        when: None,
        ckan: "extras.provider",
    },
    Def {
        id: "theme",
        zh: "数据领域",
        en: "Theme",
        help_zh: "数据所属的主题分类。",
        help_en: "The subject area of the data.",
        kind: K::Code,
        req: R::Required,
        group: G::Basic,
        codes: THEMES,
        when: None,
        ckan: "extras.theme",
    },
    Def {
        id: "industry",
        zh: "行业分类",
        en: "Industry",
        help_zh: "按《国民经济行业分类》门类。",
        help_en: "Section of the national industry classification (GB/T 4754).",
        kind: K::Code,
        req: R::Optional,
        group: G::Basic,
        codes: INDUSTRIES,
        when: None,
        ckan: "extras.industry",
    },
    Def {
        id: "keywords",
        zh: "标签",
        en: "Keywords",
        help_zh: "便于检索的关键词，用逗号或顿号分隔。",
        help_en: "Words people search for, separated by commas.",
        kind: K::Keywords,
        req: R::Recommended,
        group: G::Basic,
        codes: &[],
        when: None,
        ckan: "tags",
    },
    Def {
        id: "open_type",
        zh: "开放属性",
        en: "Openness",
        help_zh: "不予开放的数据集不能发布。",
        help_en: "A dataset that is not open can never be published.",
        kind: K::Code,
        req: R::Required,
        group: G::Openness,
        codes: OPEN_TYPES,
        when: None,
        ckan: "extras.open_type",
    },
    Def {
        id: "open_conditions",
        zh: "开放条件",
        en: "Conditions of use",
        help_zh: "有条件开放时，说明申请条件和使用限制。",
        help_en: "For data open on conditions: who may use it and how.",
        kind: K::LongText { max: 1000 },
        req: R::Conditional,
        group: G::Openness,
        codes: &[],
        when: Some(("open_type", "conditional")),
        ckan: "extras.open_conditions",
    },
    Def {
        id: "frequency",
        zh: "更新周期",
        en: "Update frequency",
        help_zh: "数据多久更新一次；到期未更新的数据集会被提醒。",
        help_en: "How often the data is updated; overdue datasets are flagged.",
        kind: K::Code,
        req: R::Required,
        group: G::Openness,
        codes: FREQUENCIES,
        when: None,
        ckan: "extras.frequency",
    },
    Def {
        id: "license",
        zh: "许可协议",
        en: "Licence",
        help_zh: "使用者可以如何使用数据。",
        help_en: "What users may do with the data.",
        kind: K::Code,
        req: R::Recommended,
        group: G::Openness,
        codes: LICENSES,
        when: None,
        ckan: "license_id",
    },
    Def {
        id: "use_cases",
        zh: "应用场景",
        en: "Use cases",
        help_zh: "数据可以支持哪些应用。",
        help_en: "What the data can be used for.",
        kind: K::LongText { max: 1000 },
        req: R::Optional,
        group: G::Openness,
        codes: &[],
        when: None,
        ckan: "extras.use_cases",
    },
    Def {
        id: "temporal_start",
        zh: "时间范围（起）",
        en: "Covers from",
        help_zh: "数据覆盖的起始日期（YYYY-MM-DD）。",
        help_en: "First day the data covers (YYYY-MM-DD).",
        kind: K::Date,
        req: R::Recommended,
        group: G::Coverage,
        codes: &[],
        when: None,
        ckan: "extras.temporal_start",
    },
    Def {
        id: "temporal_end",
        zh: "时间范围（止）",
        en: "Covers to",
        help_zh: "数据覆盖的截止日期（YYYY-MM-DD）。",
        help_en: "Last day the data covers (YYYY-MM-DD).",
        kind: K::Date,
        req: R::Recommended,
        group: G::Coverage,
        codes: &[],
        when: None,
        ckan: "extras.temporal_end",
    },
    Def {
        id: "spatial_code",
        zh: "行政区划代码",
        en: "Area code",
        help_zh: "数据覆盖地区的六位行政区划代码。",
        help_en: "Six-digit administrative division code of the area covered.",
        kind: K::RegionCode,
        req: R::Recommended,
        group: G::Coverage,
        codes: &[],
        when: None,
        ckan: "extras.spatial_code",
    },
    Def {
        id: "spatial_name",
        zh: "空间范围",
        en: "Area",
        help_zh: "数据覆盖的地区名称。",
        help_en: "Name of the area covered.",
        kind: K::Text { max: 100 },
        req: R::Recommended,
        group: G::Coverage,
        codes: &[],
        when: None,
        ckan: "extras.spatial",
    },
    Def {
        id: "contact_name",
        zh: "联系单位",
        en: "Contact office",
        help_zh: "解答数据问题的科室（不要填写个人姓名）。",
        help_en: "The office that answers questions (not a person's name).",
        kind: K::Text { max: 100 },
        req: R::Recommended,
        group: G::Contact,
        codes: &[],
        when: None,
        ckan: "maintainer",
    },
    Def {
        id: "contact_phone",
        zh: "联系电话",
        en: "Contact phone",
        help_zh: "办公电话，如 0851-12345678。",
        help_en: "Office phone, e.g. 0851-12345678.",
        kind: K::Phone,
        req: R::Recommended,
        group: G::Contact,
        codes: &[],
        when: None,
        ckan: "extras.contact_phone",
    },
    Def {
        id: "contact_email",
        zh: "联系邮箱",
        en: "Contact email",
        help_zh: "办公邮箱。",
        help_en: "Office email address.",
        kind: K::Email,
        req: R::Recommended,
        group: G::Contact,
        codes: &[],
        when: None,
        ckan: "maintainer_email",
    },
];

/// Every field of the profile, in form order.
pub fn fields() -> Vec<FieldDef> {
    DEFS.iter()
        .map(|d| FieldDef {
            id: d.id.to_owned(),
            zh: d.zh.to_owned(),
            en: d.en.to_owned(),
            help_zh: d.help_zh.to_owned(),
            help_en: d.help_en.to_owned(),
            kind: d.kind,
            requirement: d.req,
            group: d.group,
            codes: d
                .codes
                .iter()
                .map(|(c, zh, en)| CodeValue { code: (*c).into(), zh: (*zh).into(), en: (*en).into() })
                .collect(),
            required_when: d.when.map(|(f, v)| (f.to_owned(), v.to_owned())),
            ckan: d.ckan.to_owned(),
            defaultable: DEFAULTABLE.contains(&d.id),
        })
        .collect()
}

/// One field by id.
pub fn field(id: &str) -> Option<FieldDef> {
    fields().into_iter().find(|f| f.id == id)
}

/// The fields a workspace can give defaults for, filled into every new dataset.
pub const DEFAULTABLE: &[&str] =
    &["provider", "contact_name", "contact_phone", "contact_email", "license", "spatial_code", "spatial_name"];
