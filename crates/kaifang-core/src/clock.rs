//! Time and calendar dates: the one timestamp format stored everywhere and the
//! date forms spreadsheets use. A leaf module: it depends on nothing in the crate.

/// The current time as RFC 3339 UTC with seconds, the one format stored everywhere.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.format(&time::format_description::well_known::Rfc3339).unwrap_or_else(|_| now.unix_timestamp().to_string())
}

/// China Standard Time (UTC+8, no daylight saving): the calendar the offices
/// keep. Due dates and "today" are days of this calendar, whatever the PC's
/// clock zone, so the CLI, the desktop and a steward's PC agree.
pub const CHINA: time::UtcOffset = time::macros::offset!(+8);

/// The calendar day of a moment, in China Standard Time.
pub fn day_of(at: time::OffsetDateTime) -> time::Date {
    at.to_offset(CHINA).date()
}

/// Today, in China Standard Time.
pub fn today() -> time::Date {
    day_of(time::OffsetDateTime::now_utc())
}

/// Reads a timestamp written by [`now_rfc3339`].
pub fn parse_rfc3339(s: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

/// A date written YYYY-MM-DD.
pub fn parse_date(s: &str) -> Option<time::Date> {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

/// A real calendar date written YYYY-MM-DD (1900–2100).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => real_date(y, m, d),
        _ => false,
    }
}

/// Whether year `y`, month `m` and day `d` name a real day of 1900–2100.
pub fn real_date(y: u32, m: u32, d: u32) -> bool {
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) {
        return false;
    }
    let days = match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&d)
}

/// The year, month and day of the date forms the import accepts (2024/3/5,
/// 2024年3月5日, 2024.03.05 with or without a time), when they name a real day.
/// Checked on every cell of a scan: nothing is allocated.
pub fn date_parts(v: &str) -> Option<(u32, u32, u32)> {
    let mut parts = v.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
    let (y, m, d): (u32, u32, u32) =
        (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    real_date(y, m, d).then_some((y, m, d))
}

/// Converts the date forms the import accepts to YYYY-MM-DD.
pub fn normalize_date(v: &str) -> Option<String> {
    date_parts(v).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    #[test]
    fn days_are_counted_in_china_standard_time() {
        // 07:30 in Beijing is still the day before in UTC.
        assert_eq!(super::day_of(datetime!(2026-12-06 23:30 UTC)), date!(2026 - 12 - 07));
        assert_eq!(super::day_of(datetime!(2026-12-07 15:59 UTC)), date!(2026 - 12 - 07));
        assert_eq!(super::day_of(datetime!(2026-12-07 16:00 UTC)), date!(2026 - 12 - 08));
    }
}
