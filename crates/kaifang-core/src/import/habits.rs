//! How files of one kind were imported last time. County offices import the same
//! form every month ("2024年11月低保名单.xlsx", then "2024年12月…"): when the
//! clerk had to correct the wizard once (another header row, totals kept as data,
//! the second table of the sheet), next month's file of the same name pattern
//! opens with the same choices, and the wizard says so.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ImportError, ImportOptions, RaggedStrategy, SheetChoice};

/// The choices remembered for a file name pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportHabit {
    /// The file name with its dates and numbers as `#` ("#年#月低保名单.xlsx").
    pub pattern: String,
    /// The file these choices were made for.
    pub example: String,
    /// When (RFC 3339).
    pub saved_at: String,
    #[ts(type = "number | null")]
    pub header_row: Option<u64>,
    pub totals_as_data: bool,
    pub notes_as_data: bool,
    pub ragged: RaggedStrategy,
    /// The sheet, when the clerk named one.
    pub sheet: Option<String>,
    /// Which table of the sheet (0 = the first), when it holds several.
    pub table: u32,
}

impl ImportHabit {
    /// Whether these are the wizard's own defaults (nothing worth remembering).
    fn is_default(&self) -> bool {
        self.header_row.is_none()
            && !self.totals_as_data
            && !self.notes_as_data
            && self.ragged == RaggedStrategy::default()
            && self.sheet.is_none()
            && self.table == 0
    }
}

/// The pattern of a file name: runs of digits (ASCII or full-width) become `#`,
/// and so do Chinese numerals before 年, 月, 日, 季度 or 期 (十一月 → #月); case is
/// ignored.
pub fn pattern_of(file_name: &str) -> String {
    const NUMERALS: &str = "〇零一二三四五六七八九十";
    let chars: Vec<char> = file_name.trim().to_lowercase().chars().collect();
    let mut out = String::with_capacity(file_name.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            while i < chars.len() && (chars[i].is_ascii_digit() || ('０'..='９').contains(&chars[i])) {
                i += 1;
            }
            out.push('#');
            continue;
        }
        if NUMERALS.contains(c) {
            let mut j = i;
            while j < chars.len() && NUMERALS.contains(chars[j]) {
                j += 1;
            }
            if j < chars.len() && matches!(chars[j], '年' | '月' | '日' | '季' | '期') {
                out.push('#');
                i = j;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn key(pattern: &str) -> String {
    format!("import.habit.{pattern}")
}

/// The choices remembered for files named like this one.
pub fn find(conn: &Connection, file_name: &str) -> Result<Option<ImportHabit>, ImportError> {
    let json: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key(&pattern_of(file_name))], |r| r.get(0))
        .optional()?;
    // A value this version cannot read is as good as none: the wizard detects.
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// Remembers the choices an import of `file_name` was made with (`table`: which
/// of the sheet's tables); choices that are all defaults forget the pattern, so
/// going back to detection sticks too.
pub fn remember(
    conn: &Connection,
    file_name: &str,
    opts: &ImportOptions,
    table: u32,
    at: &str,
) -> Result<Option<ImportHabit>, ImportError> {
    let pattern = pattern_of(file_name);
    let habit = ImportHabit {
        pattern: pattern.clone(),
        example: file_name.to_owned(),
        saved_at: at.to_owned(),
        header_row: opts.header_row,
        totals_as_data: opts.totals_as_data,
        notes_as_data: opts.notes_as_data,
        ragged: opts.ragged,
        sheet: match &opts.sheet {
            SheetChoice::Named(s) => Some(s.clone()),
            _ => None,
        },
        table,
    };
    if habit.is_default() {
        conn.execute("DELETE FROM settings WHERE key = ?1", [key(&pattern)])?;
        return Ok(None);
    }
    let json = serde_json::to_string(&habit).unwrap_or_default();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key(&pattern), json],
    )?;
    Ok(Some(habit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_later_the_file_has_the_same_pattern() {
        assert_eq!(pattern_of("2024年11月城关镇低保名单.xlsx"), "#年#月城关镇低保名单.xlsx");
        assert_eq!(pattern_of("2024年12月城关镇低保名单.xlsx"), pattern_of("2024年11月城关镇低保名单.xlsx"));
        assert_eq!(pattern_of("二〇二四年十一月名单.XLSX"), "#年#月名单.xlsx");
        assert_eq!(pattern_of("２０２４年名单(1).csv"), "#年名单(#).csv");
        assert_ne!(pattern_of("低保名单.xlsx"), pattern_of("特困名单.xlsx"));
        assert_ne!(pattern_of("名单.xlsx"), pattern_of("名单.csv"), "another format is another kind of file");
        assert_eq!(pattern_of("一户一档.xlsx"), "一户一档.xlsx", "numerals in a word stay");
    }
}
