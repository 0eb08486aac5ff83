//! What kind of personal (or public identifying) data a column holds.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    IdCard,
    Phone,
    Landline,
    BankCard,
    Uscc,
    OrgCode,
    Passport,
    Plate,
    Email,
    PersonName,
    Address,
    BirthDate,
    Ip,
    Gps,
    Health,
    Religion,
    Ethnicity,
    /// An identifier nothing recognised: mostly unique codes of eight or more
    /// digits or letters that are no known public code. Unknown is not safe.
    Identifier,
    None,
}

impl Category {
    pub const ALL: &'static [Category] = &[
        Category::IdCard,
        Category::Phone,
        Category::Landline,
        Category::BankCard,
        Category::Uscc,
        Category::OrgCode,
        Category::Passport,
        Category::Plate,
        Category::Email,
        Category::PersonName,
        Category::Address,
        Category::BirthDate,
        Category::Ip,
        Category::Gps,
        Category::Health,
        Category::Religion,
        Category::Ethnicity,
        Category::Identifier,
        Category::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::IdCard => "id_card",
            Category::Phone => "phone",
            Category::Landline => "landline",
            Category::BankCard => "bank_card",
            Category::Uscc => "uscc",
            Category::OrgCode => "org_code",
            Category::Passport => "passport",
            Category::Plate => "plate",
            Category::Email => "email",
            Category::PersonName => "person_name",
            Category::Address => "address",
            Category::BirthDate => "birth_date",
            Category::Ip => "ip",
            Category::Gps => "gps",
            Category::Health => "health",
            Category::Religion => "religion",
            Category::Ethnicity => "ethnicity",
            Category::Identifier => "identifier",
            Category::None => "none",
        }
    }

    pub fn parse(s: &str) -> Category {
        Category::ALL.iter().copied().find(|c| c.as_str() == s).unwrap_or(Category::None)
    }

    /// Whether values of this kind are about a person unless the context says
    /// otherwise (an office phone, a registry's legal representative).
    pub fn personal_by_default(self) -> bool {
        !matches!(self, Category::Uscc | Category::OrgCode | Category::None)
    }

    /// Special categories of personal information (PIPL art. 28).
    pub fn special(self) -> bool {
        matches!(self, Category::Health | Category::Religion | Category::BankCard | Category::IdCard | Category::Gps)
    }
}
