//! What kind of personal (or public identifying) data a column holds.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Declares [`Category`] from one list: the variant, its stored name and its
/// place in [`Category::ALL`] (the order the UI lists them in).
macro_rules! categories {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum Category {
            $( $(#[$doc])* $variant, )*
        }

        impl Category {
            pub const ALL: &'static [Category] = &[$(Category::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Category::$variant => $name,)*
                }
            }
        }
    };
}

categories! {
    IdCard => "id_card",
    Phone => "phone",
    Landline => "landline",
    BankCard => "bank_card",
    Uscc => "uscc",
    OrgCode => "org_code",
    Passport => "passport",
    Plate => "plate",
    Email => "email",
    PersonName => "person_name",
    Address => "address",
    BirthDate => "birth_date",
    Ip => "ip",
    Gps => "gps",
    Health => "health",
    Religion => "religion",
    Ethnicity => "ethnicity",
    /// Criminal records: convictions, sentences, 前科.
    Criminal => "criminal",
    /// An identifier nothing recognised: mostly unique codes of eight or more
    /// digits or letters that are no known public code. Unknown is not safe.
    Identifier => "identifier",
    None => "none",
}

impl Category {
    pub fn parse(s: &str) -> Category {
        Category::ALL.iter().copied().find(|c| c.as_str() == s).unwrap_or(Category::None)
    }

    /// Whether values of this kind are about a person unless the context says
    /// otherwise (an office phone, a registry's legal representative).
    pub fn personal_by_default(self) -> bool {
        !matches!(self, Category::Uscc | Category::OrgCode | Category::None)
    }

    /// The special categories whose value is the sensitive fact itself (health,
    /// religion, ethnicity, criminal record): published as they are only with a
    /// written reason, and in an unconditionally open dataset only when a
    /// steward confirms it.
    pub fn special_attribute(self) -> bool {
        matches!(self, Category::Health | Category::Religion | Category::Ethnicity | Category::Criminal)
    }

    /// Special categories of personal information (PIPL art. 28).
    pub fn special(self) -> bool {
        matches!(
            self,
            Category::Health
                | Category::Religion
                | Category::Criminal
                | Category::BankCard
                | Category::IdCard
                | Category::Gps
        )
    }
}
