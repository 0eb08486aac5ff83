//! The office's open-data desk at a glance: how many datasets, in which
//! state, department, theme and openness; how complete their metadata is;
//! which are due for an update; what personal data is still unhandled; and
//! when things were published. `kaifang overview` and the desktop's first
//! screen read the same numbers.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dataset::DatasetError;
use crate::metadata;

/// One dataset's place in the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Due {
    #[ts(type = "number")]
    pub dataset: i64,
    pub name: String,
    /// The day the next version is due.
    pub due: String,
    /// Days until it is due (negative: overdue by that many).
    #[ts(type = "number")]
    pub days_left: i64,
}

/// Counts of the office's datasets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Overview {
    #[ts(type = "number")]
    pub datasets: u64,
    /// By life-cycle state: draft, submitted, returned, approved, published.
    #[ts(type = "Record<string, number>")]
    pub by_state: BTreeMap<String, u64>,
    /// By provider (数据提供方); "" when not filled.
    #[ts(type = "Record<string, number>")]
    pub by_department: BTreeMap<String, u64>,
    /// By theme code; "" when not chosen.
    #[ts(type = "Record<string, number>")]
    pub by_theme: BTreeMap<String, u64>,
    /// By openness: unconditional, conditional, closed, or "" when not chosen.
    #[ts(type = "Record<string, number>")]
    pub by_openness: BTreeMap<String, u64>,
    /// Metadata completeness in ten bands: [0, 10), [10, 20) … [90, 100].
    #[ts(type = "Array<number>")]
    pub completeness: [u64; 10],
    /// Datasets with personal columns still to handle, and those not scanned
    /// over the whole table yet.
    #[ts(type = "number")]
    pub personal_unhandled: u64,
    #[ts(type = "number")]
    pub not_scanned: u64,
    /// Datasets whose update is past due, most overdue first.
    pub overdue: Vec<Due>,
    /// Datasets due within the next 30 days, soonest first.
    pub due_soon: Vec<Due>,
    /// Publications by month (YYYY-MM): the latest publication of each
    /// dataset on each portal.
    #[ts(type = "Record<string, number>")]
    pub published_by_month: BTreeMap<String, u64>,
}

/// Days ahead within which an update counts as due soon.
pub const DUE_SOON_DAYS: i64 = 30;

/// The overview of the workspace as of `today`.
pub fn compute(conn: &Connection, today: time::Date) -> Result<Overview, DatasetError> {
    let list = metadata::list(conn)?;
    let mut o = Overview { datasets: list.len() as u64, ..Overview::default() };
    let mut calendar = Vec::new();
    for d in &list {
        *o.by_state.entry(d.status.as_str().to_owned()).or_default() += 1;
        *o.by_department.entry(d.department.clone().unwrap_or_default()).or_default() += 1;
        *o.by_theme.entry(d.theme.clone().unwrap_or_default()).or_default() += 1;
        *o.by_openness.entry(d.open_type.clone().unwrap_or_default()).or_default() += 1;
        o.completeness[band(d.completeness.unwrap_or(0))] += 1;
        match d.personal_unhandled {
            Some(n) if n > 0 => o.personal_unhandled += 1,
            Some(_) => {}
            None => o.not_scanned += 1,
        }
        let Some(due) = d.due.as_deref().and_then(crate::clock::parse_date) else { continue };
        calendar.push(Due {
            dataset: d.id,
            name: d.name.clone(),
            due: due.to_string(),
            days_left: (due - today).whole_days(),
        });
    }
    calendar.sort_by(|a, b| a.days_left.cmp(&b.days_left).then(a.dataset.cmp(&b.dataset)));
    for c in calendar {
        if c.days_left < 0 {
            o.overdue.push(c);
        } else if c.days_left <= DUE_SOON_DAYS {
            o.due_soon.push(c);
        }
    }
    let mut stmt = conn.prepare("SELECT substr(published_at, 1, 7), count(*) FROM publications GROUP BY 1")?;
    let months = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?;
    o.published_by_month = months.collect::<Result<_, _>>()?;
    Ok(o)
}

/// The completeness band of a score: 0 for 0–9 … 9 for 90–100.
pub fn band(completeness: u32) -> usize {
    (completeness.min(99) / 10) as usize
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use crate::metadata::next_due;

    #[test]
    fn each_frequency_has_its_due_date_by_the_calendar() {
        let jan31 = date!(2024 - 01 - 31);
        assert_eq!(next_due("realtime", jan31), Some(date!(2024 - 02 - 01)));
        assert_eq!(next_due("daily", jan31), Some(date!(2024 - 02 - 01)));
        assert_eq!(next_due("weekly", jan31), Some(date!(2024 - 02 - 07)));
        assert_eq!(next_due("monthly", jan31), Some(date!(2024 - 02 - 29)), "a leap February's last day");
        assert_eq!(next_due("monthly", date!(2023 - 01 - 31)), Some(date!(2023 - 02 - 28)));
        assert_eq!(next_due("monthly", date!(2024 - 12 - 15)), Some(date!(2025 - 01 - 15)), "into the next year");
        assert_eq!(next_due("quarterly", date!(2024 - 11 - 30)), Some(date!(2025 - 02 - 28)));
        assert_eq!(next_due("half_yearly", date!(2024 - 08 - 31)), Some(date!(2025 - 02 - 28)));
        assert_eq!(next_due("yearly", date!(2024 - 02 - 29)), Some(date!(2025 - 02 - 28)));
        for never in ["irregular", "never", "", "unknown"] {
            assert_eq!(next_due(never, jan31), None, "{never}");
        }
    }
}
