//! Deciding what a column holds from its header and its values.
//!
//! Headers are the strongest signal (身份证号, SFZH, 联系电话 …); values confirm or
//! refute them, and on their own name a category only when they validate with a
//! checksum or a tight shape. Context decides whether a category is personal: an
//! office phone or a legal representative in a registry of organisations is public.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::category::Category;
pub use super::hints::{account_header, decoy_header, header_hint, normalise};
use super::hints::{public_code_header, statistic_header};
use super::mask::mask_value;
use super::validators as v;

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
        Category::Health | Category::Religion | Category::Ethnicity | Category::Criminal | Category::None => false,
        Category::Identifier => v::identifier(value),
    }
}

/// The categories a value could belong to at all, by a cheap look at its shape,
/// so each value is run through two or three validators, not fourteen.
fn candidates(value: &str, out: &mut Vec<Category>) {
    out.clear();
    let b = value.as_bytes();
    let Some(&first) = b.first() else { return };
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    if first.is_ascii_digit() || first == b'+' || first == b'(' {
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
        // Dates of birth: 19491231, 1949-12-31, 1949/12/31, 1949年12月31日.
        if b.len() == 8 || (8..=17).contains(&b.len()) && value.contains(['-', '/', '.', '年']) {
            out.push(Category::BirthDate);
        }
        if b.len() >= 9 && b.len() <= 10 {
            out.push(Category::OrgCode);
        }
        if b.len() == 9 {
            out.push(Category::Passport);
        }
        return;
    }
    if first.is_ascii_uppercase() {
        if b.len() == 18 {
            out.push(Category::Uscc);
        }
        if (8..=11).contains(&b.len()) {
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
    }
}

/// Values remembered per column to estimate how unique a column is.
const DISTINCT_CAP: usize = 4096;
/// Values looked at for uniqueness (a column of few values never fills the set).
const DISTINCT_SAMPLE: u64 = 20_000;

/// Match counts of one column over the values seen.
#[derive(Debug, Clone)]
pub struct ColumnTally {
    pub total: u64,
    pub matched: [u64; Category::ALL.len()],
    /// Up to three example values per category, kept only to show masked.
    pub examples: Vec<(Category, String)>,
    /// Shapes only a header can confirm: account numbers, coordinates, digit-
    /// only permits; and what argues against names: places, organisations.
    pub account: u64,
    pub coordinate: u64,
    pub permit: u64,
    /// 7–8 digit numbers: a landline without its area code, under a phone header.
    pub local_line: u64,
    pub place: u64,
    pub organisation: u64,
    /// Values that look like codes, and of those how many look like dates.
    pub code_like: u64,
    /// Hashes of the first distinct values (capped), and how many values were
    /// offered while the set was still filling.
    distinct: std::collections::HashSet<u64>,
    seen_while_filling: u64,
    buf: Vec<Category>,
    /// What recent short values matched: made once the first values show
    /// repeats, dropped when they turn out to repeat rarely (so a column of
    /// IDs or phones never holds one).
    memo: Option<Box<Memo>>,
    memo_decided: bool,
}

impl Default for ColumnTally {
    fn default() -> Self {
        ColumnTally {
            total: 0,
            matched: [0; Category::ALL.len()],
            examples: Vec::new(),
            account: 0,
            coordinate: 0,
            permit: 0,
            local_line: 0,
            place: 0,
            organisation: 0,
            code_like: 0,
            distinct: Default::default(),
            seen_while_filling: 0,
            buf: Vec::new(),
            memo: None,
            memo_decided: false,
        }
    }
}

/// What one value matched: the categories it validated as, and the example
/// calls in the order the tests made them.
#[derive(Debug, Clone, Copy, Default)]
struct Outcome {
    /// Bit per category that validated.
    validated: u32,
    /// Categories an example is kept for, in order (a category can appear
    /// twice: validated, then again by a header-only shape). Fourteen at most:
    /// ten candidates and four shapes.
    found: [u8; 16],
    len: u8,
    flags: u8,
}

impl Outcome {
    const ACCOUNT: u8 = 1;
    const COORDINATE: u8 = 2;
    const PERMIT: u8 = 4;
    const LOCAL_LINE: u8 = 8;
    const CODE_LIKE: u8 = 16;
    const PLACE: u8 = 32;
    const ORGANISATION: u8 = 64;

    /// A category to keep the value as an example of.
    fn push(&mut self, c: Category) {
        if (self.len as usize) < self.found.len() {
            self.found[self.len as usize] = c as u8;
            self.len += 1;
        }
    }
}

// `Outcome::validated` has a bit per category.
const _: () = assert!(Category::ALL.len() <= 32);

/// Slots of the per-column memo (direct-mapped by hash): 18 KB a column.
const MEMO_SLOTS: usize = 256;
/// Longest value remembered, in bytes (longer ones are seldom repeated).
const MEMO_VALUE: usize = 32;
/// Values looked at before a column gets a memo: one when a quarter of them
/// were repeats.
const MEMO_AFTER: u64 = 256;
/// Values looked at before the memo decides whether it pays.
const MEMO_TRIAL: u32 = 4096;

/// A remembered value: its hash, length, bytes and outcome.
type Slot = (u64, u8, [u8; MEMO_VALUE], Outcome);

/// A direct-mapped cache of values and what they matched. Values are compared
/// whole, so a hash collision never lends one value another's outcome.
#[derive(Debug, Clone)]
struct Memo {
    slots: Box<[Slot]>,
    looked: u32,
    hits: u32,
}

impl Default for Memo {
    fn default() -> Self {
        Memo {
            slots: vec![(0, 0, [0; MEMO_VALUE], Outcome::default()); MEMO_SLOTS].into_boxed_slice(),
            looked: 0,
            hits: 0,
        }
    }
}

impl Memo {
    fn get(&mut self, hash: u64, value: &str) -> Option<Outcome> {
        self.looked = self.looked.saturating_add(1);
        let b = value.as_bytes();
        if b.len() > MEMO_VALUE {
            return None;
        }
        let (h, len, bytes, o) = &self.slots[hash as usize % MEMO_SLOTS];
        if *h == hash && *len as usize == b.len() && &bytes[..b.len()] == b {
            self.hits += 1;
            Some(*o)
        } else {
            None
        }
    }

    fn put(&mut self, hash: u64, value: &str, o: Outcome) {
        let b = value.as_bytes();
        if b.len() > MEMO_VALUE {
            return;
        }
        let slot = &mut self.slots[hash as usize % MEMO_SLOTS];
        slot.0 = hash;
        slot.1 = b.len() as u8;
        slot.2[..b.len()].copy_from_slice(b);
        slot.3 = o;
    }

    /// After a trial, whether fewer than one value in eight was a repeat.
    fn useless(&self) -> bool {
        self.looked >= MEMO_TRIAL && self.hits < self.looked / 8
    }
}

impl ColumnTally {
    pub fn add(&mut self, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        self.total += 1;
        let hash = xxhash_rust::xxh3::xxh3_64(value.as_bytes());
        if self.distinct.len() < DISTINCT_CAP && self.seen_while_filling < DISTINCT_SAMPLE {
            self.seen_while_filling += 1;
            self.distinct.insert(hash);
        }
        if !self.memo_decided && self.seen_while_filling >= MEMO_AFTER {
            self.memo_decided = true;
            let repeats = self.seen_while_filling - self.distinct.len() as u64;
            if repeats * 4 >= self.seen_while_filling {
                self.memo = Some(Box::default());
            }
        }
        // A column of repeated values (a township, a category, a date) meets the
        // same value again and again: what it matched is remembered by value.
        let outcome = match self.memo.as_mut().and_then(|m| m.get(hash, value)) {
            Some(o) => o,
            None => {
                let o = self.judge(value);
                if let Some(m) = self.memo.as_mut() {
                    m.put(hash, value, o);
                    if m.useless() {
                        self.memo = None;
                    }
                }
                o
            }
        };
        self.apply(&outcome, value);
    }

    /// What one value matches; no count changes.
    fn judge(&mut self, value: &str) -> Outcome {
        let mut o = Outcome::default();
        let mut buf = std::mem::take(&mut self.buf);
        candidates(value, &mut buf);
        for &c in &buf {
            if validates(c, value) {
                o.validated |= 1 << c as u32;
                o.push(c);
            }
        }
        self.buf = buf;
        let first = value.as_bytes()[0];
        if first.is_ascii_alphanumeric() {
            if v::account(value) {
                o.flags |= Outcome::ACCOUNT;
                o.push(Category::BankCard);
            }
            if v::coordinate(value) {
                o.flags |= Outcome::COORDINATE;
                o.push(Category::Gps);
            }
            if v::permit_digits(value) {
                o.flags |= Outcome::PERMIT;
            }
            if matches!(value.len(), 7 | 8)
                && value.bytes().all(|b| b.is_ascii_digit())
                && (b'2'..=b'8').contains(&first)
            {
                o.flags |= Outcome::LOCAL_LINE;
                o.push(Category::Landline);
            }
            let date_like = (value.len() == 8 || value.contains('-')) && crate::clock::date_parts(value).is_some();
            if v::identifier(value) && !date_like {
                o.flags |= Outcome::CODE_LIKE;
                o.push(Category::Identifier);
            }
        } else {
            if v::place_name(value) {
                o.flags |= Outcome::PLACE;
            }
            if v::organisation(value) {
                o.flags |= Outcome::ORGANISATION;
            }
        }
        o
    }

    /// Counts a value's outcome: the categories it validated as (in the order
    /// they were found, each kept as an example while there are fewer than
    /// three) and the shapes only a header can confirm.
    fn apply(&mut self, o: &Outcome, value: &str) {
        let flags = o.flags;
        for (i, n) in self.matched.iter_mut().enumerate() {
            if o.validated & (1 << i) != 0 {
                *n += 1;
            }
        }
        for &c in &o.found[..o.len as usize] {
            self.keep_example(Category::ALL[c as usize], value);
        }
        for (bit, n) in [
            (Outcome::ACCOUNT, &mut self.account),
            (Outcome::COORDINATE, &mut self.coordinate),
            (Outcome::PERMIT, &mut self.permit),
            (Outcome::LOCAL_LINE, &mut self.local_line),
            (Outcome::CODE_LIKE, &mut self.code_like),
            (Outcome::PLACE, &mut self.place),
            (Outcome::ORGANISATION, &mut self.organisation),
        ] {
            if flags & bit != 0 {
                *n += 1;
            }
        }
    }

    fn keep_example(&mut self, c: Category, value: &str) {
        if self.examples.iter().filter(|(k, _)| *k == c).count() < 3 {
            self.examples.push((c, value.to_owned()));
        }
    }

    pub fn share(&self, c: Category) -> f64 {
        self.ratio(self.matched[c as usize])
    }

    fn ratio(&self, n: u64) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            n as f64 / self.total as f64
        }
    }

    /// Distinct values among those seen while the set was filling (1.0: all
    /// different).
    pub fn uniqueness(&self) -> f64 {
        if self.seen_while_filling == 0 {
            0.0
        } else {
            self.distinct.len() as f64 / self.seen_while_filling as f64
        }
    }

    /// One value repeated throughout (a township column of 城关镇).
    fn single_value(&self) -> bool {
        self.total >= 3 && self.distinct.len() == 1
    }

    /// The share of values that support a header's category, counting the
    /// shapes only a header can confirm.
    fn support(&self, c: Category) -> f64 {
        match c {
            Category::BankCard => self.ratio(self.account.max(self.matched[c as usize])),
            Category::Passport => self.ratio(self.permit + self.matched[c as usize]).min(1.0),
            Category::Gps => self.ratio(self.coordinate.max(self.matched[c as usize])),
            Category::Phone => {
                self.ratio(self.matched[c as usize] + self.matched[Category::Landline as usize] + self.local_line)
            }
            Category::Landline => self.ratio(self.matched[c as usize] + self.local_line),
            _ => self.share(c),
        }
    }
}

/// Why a column of a personal kind is public in this table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PublicReason {
    /// A legal representative, chair or person in charge in a registry of organisations.
    RegistryRole,
    /// A clinic's licensed doctor, a school's head: named in a directory of facilities.
    FacilityStaff,
    /// A plate in a register of official vehicles (公务用车).
    OfficialVehicle,
    /// An institution's phone or email, published for the public to use.
    InstitutionContact,
    /// A facility's address or coordinates.
    FacilityLocation,
}

impl PublicReason {
    pub fn as_str(self) -> &'static str {
        match self {
            PublicReason::RegistryRole => "registry_role",
            PublicReason::FacilityStaff => "facility_staff",
            PublicReason::OfficialVehicle => "official_vehicle",
            PublicReason::InstitutionContact => "institution_contact",
            PublicReason::FacilityLocation => "facility_location",
        }
    }

    pub fn parse(s: &str) -> Option<PublicReason> {
        [
            PublicReason::RegistryRole,
            PublicReason::FacilityStaff,
            PublicReason::OfficialVehicle,
            PublicReason::InstitutionContact,
            PublicReason::FacilityLocation,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
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
    /// Why a column of a personal kind is public here, shown as evidence.
    pub public_reason: Option<PublicReason>,
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

/// Categories whose header is believed only when some values bear it out.
fn needs_values(c: Category) -> bool {
    matches!(
        c,
        Category::IdCard
            | Category::Phone
            | Category::Landline
            | Category::BankCard
            | Category::Passport
            | Category::Email
            | Category::Gps
            | Category::Plate
            | Category::Uscc
            | Category::OrgCode
    )
}

/// Whether a column that holds names is really places or organisations, or one
/// value repeated.
fn not_names(tally: &ColumnTally) -> bool {
    tally.single_value() || tally.ratio(tally.place) >= 0.5 || tally.ratio(tally.organisation) >= 0.8
}

/// The category of one column from its header and tally.
pub fn decide(header: &str, tally: &ColumnTally) -> (Category, f64, bool) {
    let hint = header_hint(header);
    let decoy = decoy_header(header) && hint.is_none();
    // A generic document-number header (证件号码) holds passports and permits as
    // often as resident IDs: the values say which.
    let hint = match hint {
        Some(Category::IdCard)
            if normalise(header).contains("证件")
                && tally.support(Category::Passport) >= 0.5
                && tally.share(Category::IdCard) < 0.5 =>
        {
            Some(Category::Passport)
        }
        h => h,
    };
    if let Some(c) = hint {
        let support = tally.support(c);
        // Phone headers cover landlines too ("联系电话" in an office list, a
        // household's 7-digit local number).
        let lines = tally.support(Category::Landline);
        if c == Category::Phone && lines > tally.share(Category::Phone) {
            return (Category::Landline, 0.6 + 0.4 * lines, true);
        }
        // A header is trusted unless the values clearly are something else...
        let other = VALUE_ONLY
            .iter()
            .filter(|(k, _)| *k != c && !(c == Category::BankCard && *k == Category::IdCard && support >= 0.5))
            .map(|(k, min)| (k, tally.share(*k), min))
            .find(|(_, s, min)| s >= min && *s > support);
        if let Some((k, s, _)) = other {
            if support < 0.2 && !(*k == Category::PersonName && not_names(tally)) {
                return (*k, 0.5 + 0.4 * s, false);
            }
        }
        // ... or, for the kinds values can show, none of them bear it out.
        let unsupported = needs_values(c) && tally.total >= 10 && support < 0.1;
        let names_are_places = c == Category::PersonName && not_names(tally);
        if !unsupported && !names_are_places {
            let confidence = if c.special_attribute() { 0.8 } else { 0.6 + 0.4 * support };
            return (c, confidence.min(1.0), true);
        }
    }
    let best = VALUE_ONLY
        .iter()
        .map(|(c, min)| (*c, tally.share(*c), *min))
        // A value repeated down the whole column is a constant (the one bank all
        // accounts are at), not one person's name or address.
        .filter(|(c, s, min)| {
            s >= min
                && !(*c == Category::PersonName && not_names(tally))
                && !(*c == Category::Address && tally.single_value())
        })
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((c, s, _)) = best.filter(|_| !decoy) {
        return (c, 0.4 + 0.5 * s, false);
    }
    // Unknown is not safe: mostly unique codes that no rule recognised.
    let identifier = tally.total >= 5
        && tally.ratio(tally.code_like) >= 0.8
        && tally.uniqueness() >= 0.9
        && tally.share(Category::OrgCode) < 0.5
        && !public_code_header(header)
        && !statistic_header(&normalise(header));
    if identifier {
        return (Category::Identifier, 0.5 + 0.4 * tally.ratio(tally.code_like), false);
    }
    (Category::None, 0.8, false)
}

/// What the rest of the table says about a column's context.
#[derive(Debug, Clone, Default)]
pub struct TableContext {
    /// A registry of organisations (a USCC or organisation-name column, no
    /// resident IDs).
    pub registry: bool,
    /// A directory of facilities (clinics, schools) rather than of people.
    pub facility: bool,
    /// A register of official vehicles.
    pub official_vehicles: bool,
    /// A list of people (a personal name or ID column).
    pub people: bool,
}

impl TableContext {
    pub fn of(table: &[(String, Category)]) -> Self {
        let has = |keys: &[&str]| table.iter().any(|(h, _)| keys.iter().any(|k| normalise(h).contains(k)));
        let ids = table.iter().any(|(_, c)| *c == Category::IdCard);
        let names = table.iter().any(|(h, c)| {
            *c == Category::PersonName
                && ["姓名", "户主", "申请人", "领取人", "xm", "name"].iter().any(|k| normalise(h).contains(k))
        });
        let org = table.iter().any(|(_, c)| matches!(c, Category::Uscc | Category::OrgCode))
            || has(&["单位名称", "机构名称", "企业名称", "学校名称", "医院名称", "名称", "主体名称", "合作社"]);
        let facility = has(&["医院", "卫生院", "诊所", "卫生室", "医疗机构", "学校", "幼儿园", "机构名称", "场所名称"]);
        TableContext {
            registry: org && !ids,
            facility: facility && !ids,
            official_vehicles: has(&["公务", "使用单位", "所属单位", "配备单位", "编制"]) && !ids,
            people: ids || names,
        }
    }
}

/// Whether a column of `category` is personal, given the header and the other
/// columns of the table (registries of organisations make some data public), and
/// if not, why.
pub fn personal(category: Category, header: &str, table: &[(String, Category)]) -> (bool, Option<PublicReason>) {
    personal_in(category, header, &TableContext::of(table))
}

fn personal_in(category: Category, header: &str, ctx: &TableContext) -> (bool, Option<PublicReason>) {
    if !category.personal_by_default() {
        return (false, None);
    }
    let n = normalise(header);
    let any = |keys: &[&str]| keys.iter().any(|k| n.contains(k));
    let public = |r: PublicReason| (false, Some(r));
    let institution = ["办公", "单位", "机构", "咨询", "投诉", "值班", "服务", "学校", "医院", "官方", "公共", "举报"];
    match category {
        Category::Landline => {
            if any(&["家庭", "住宅", "个人", "户主"]) {
                (true, None)
            } else if ctx.registry || ctx.facility || any(&institution) || !ctx.people {
                public(PublicReason::InstitutionContact)
            } else {
                (true, None)
            }
        }
        Category::Phone | Category::Email => {
            if any(&["家庭", "个人", "本人", "户主", "家属"]) {
                (true, None)
            } else if any(&institution) || (ctx.registry || ctx.facility) && !ctx.people {
                public(PublicReason::InstitutionContact)
            } else {
                (true, None)
            }
        }
        Category::PersonName => {
            let registry_role = any(&["法定代表人", "法人", "负责人", "经营者", "理事长", "董事长", "主任"]);
            let staff = any(&["执业医师", "签约医生", "医生", "医师", "校长", "院长", "站长", "所长"]);
            if registry_role && ctx.registry {
                public(PublicReason::RegistryRole)
            } else if staff && (ctx.facility || ctx.registry) {
                public(PublicReason::FacilityStaff)
            } else {
                (true, None)
            }
        }
        Category::Plate if ctx.official_vehicles => public(PublicReason::OfficialVehicle),
        // A diagnosis or a religion is a person's only in a list of people (a
        // catalogue of diseases or of temples names no one).
        c if c.special_attribute() => (ctx.people, None),
        Category::Address | Category::Gps => {
            if any(&["家庭", "住址", "户籍", "居住", "现住", "家住"]) {
                return (true, None);
            }
            let facility_words = any(&["单位", "机构", "注册", "经营", "办公", "学校", "医院", "住所"]);
            if facility_words || (ctx.registry || ctx.facility) && !ctx.people {
                return public(PublicReason::FacilityLocation);
            }
            // A bare 地址 in a list of people is where they live.
            if ctx.people || category == Category::Gps {
                (true, None)
            } else {
                public(PublicReason::FacilityLocation)
            }
        }
        _ => (true, None),
    }
}

/// Builds the finding for one column.
pub fn finding(position: u32, name: &str, tally: &ColumnTally, table: &[(String, Category)]) -> ColumnFinding {
    let (category, confidence, header_hint) = decide(name, tally);
    let (personal, public_reason) = personal(category, name, table);
    let examples =
        tally.examples.iter().filter(|(c, _)| *c == category).map(|(_, v)| mask_value(category, v)).collect();
    let matched = match category {
        Category::BankCard | Category::Passport | Category::Gps => {
            (tally.support(category) * tally.total as f64).round() as u64
        }
        Category::Identifier => tally.code_like,
        c => tally.matched[c as usize],
    };
    ColumnFinding {
        position,
        name: name.to_owned(),
        category,
        personal,
        confidence: (confidence * 100.0).round() / 100.0,
        matched,
        total: tally.total,
        header_hint,
        examples,
        free_text: false,
        public_reason,
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

    /// Everything a tally counts, for comparing two tallies.
    fn counts(t: &ColumnTally) -> String {
        format!(
            "{} {:?} {:?} {} {} {} {} {} {} {} {:.6}",
            t.total,
            t.matched,
            t.examples,
            t.account,
            t.coordinate,
            t.permit,
            t.local_line,
            t.place,
            t.organisation,
            t.code_like,
            t.uniqueness()
        )
    }

    #[test]
    fn the_memo_of_repeated_values_counts_as_judging_each_value_does() {
        // Repeats of every shape the tally tells apart (a valid and an invalid
        // ID, a mobile, a local line, a date, an account, a place, a name), in
        // a column long enough for the memo to stay, and one where values
        // rarely repeat, so that it is dropped halfway.
        let shapes = [
            "440524200408037197",
            "440524200408037198",
            "13083704114",
            "5123456",
            "2024-10-16",
            "6222021234567890123",
            "城关镇",
            "王伟",
            " 王伟 ",
            "某某县城关镇西村4组189号",
            "A12345678",
            "",
        ];
        let repeated: Vec<String> = (0..20_000).map(|i| shapes[(i * 7) % shapes.len()].to_owned()).collect();
        let mixed: Vec<String> = (0..20_000)
            .map(|i| if i % 10 == 0 { shapes[i % shapes.len()].to_owned() } else { format!("1{i:010}") })
            .collect();
        for values in [&repeated, &mixed] {
            let mut with = ColumnTally::default();
            let mut without = ColumnTally { memo_decided: true, ..ColumnTally::default() };
            for v in values {
                with.add(v);
                without.add(v);
            }
            assert_eq!(counts(&with), counts(&without));
        }
        let mut t = ColumnTally::default();
        repeated.iter().for_each(|v| t.add(v));
        let memo = t.memo.as_ref().expect("the memo pays on repeated values");
        assert!(
            memo.hits * 10 > memo.looked * 8,
            "repeated values are found in the memo: {} of {}",
            memo.hits,
            memo.looked
        );
        let mut t = ColumnTally::default();
        mixed.iter().for_each(|v| t.add(v));
        assert!(t.memo.is_none(), "a column of mostly distinct values never holds a memo");
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
        assert_eq!(personal(Category::PersonName, "法定代表人", &registry), (false, Some(PublicReason::RegistryRole)));
        assert!(!personal(Category::Address, "住所", &registry).0);
        assert!(!personal(Category::Landline, "联系电话", &registry).0);
        let people = vec![("姓名".to_owned(), Category::PersonName)];
        assert!(personal(Category::PersonName, "姓名", &people).0);
        assert!(
            personal(Category::Address, "地址", &people).0,
            "a bare address in a list of people is where they live"
        );
        assert!(!personal(Category::Uscc, "统一社会信用代码", &people).0);
        let clinics = vec![("机构名称".to_owned(), Category::None), ("执业医师".to_owned(), Category::PersonName)];
        assert_eq!(personal(Category::PersonName, "执业医师", &clinics), (false, Some(PublicReason::FacilityStaff)));
        let cars = vec![("使用单位".to_owned(), Category::None), ("车牌号".to_owned(), Category::Plate)];
        assert_eq!(personal(Category::Plate, "车牌号", &cars), (false, Some(PublicReason::OfficialVehicle)));
    }

    #[test]
    fn pinyin_initials_come_from_the_chinese_hints() {
        assert_eq!(header_hint("SFZH"), Some(Category::IdCard));
        assert_eq!(header_hint("sfzhm"), Some(Category::IdCard));
        assert_eq!(header_hint("LXDH"), Some(Category::Phone));
        assert_eq!(header_hint("YHZH"), Some(Category::BankCard), "银行账号");
        assert_eq!(header_hint("HZ"), Some(Category::Passport), "护照");
        assert_eq!(header_hint("XM"), Some(Category::PersonName));
        assert_eq!(header_hint("XMBH"), None, "项目编号 is not a name");
        assert_eq!(header_hint("ZKZH"), None, "准考证号 is a decoy");
        assert_eq!(header_hint("Account No."), Some(Category::BankCard));
        assert_eq!(header_hint("Company name"), None);
        assert_eq!(header_hint("Name"), Some(Category::PersonName));
        assert_eq!(header_hint("一卡通账号"), Some(Category::BankCard));
        assert_eq!(header_hint("港澳通行证号码"), Some(Category::Passport));
    }

    #[test]
    fn places_single_values_and_unknown_identifiers() {
        assert_eq!(decide("乡镇", &tally(&["城关镇"; 20])).0, Category::None);
        assert_eq!(decide("户主", &tally(&["王家村", "李家湾村", "张庄村", "高桥镇"])).0, Category::None);
        assert_eq!(decide("姓名", &tally(&["城关镇"; 20])).0, Category::None, "one repeated value is not names");
        let accounts: Vec<String> = (0..20).map(|i| format!("5201010001234{i:05}")).collect();
        let accounts: Vec<&str> = accounts.iter().map(String::as_str).collect();
        assert_eq!(decide("存折账号", &tally(&accounts)).0, Category::BankCard);
        assert_eq!(decide("代发账户", &tally(&accounts)).0, Category::BankCard);
        let codes: Vec<String> = (0..20).map(|i| format!("GZ2019A{:07}", i * 7919)).collect();
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        assert_eq!(decide("医保号", &tally(&codes)).0, Category::Identifier);
        assert_eq!(decide("项目编号", &tally(&codes)).0, Category::None, "a public code header");
        let coords: Vec<String> = (0..20).map(|i| format!("106.71{i:04}")).collect();
        let coords: Vec<&str> = coords.iter().map(String::as_str).collect();
        assert_eq!(decide("经度", &tally(&coords)).0, Category::Gps);
    }
}
