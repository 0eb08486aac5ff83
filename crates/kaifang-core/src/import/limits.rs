//! Hard limits that keep a hostile or broken file from exhausting memory or time.
//! Each is far above anything a county office's table needs, and each produces a
//! clear error naming it.

/// Columns in one table. SQLite allows 2,000 per table; Kaifang adds two of its own.
pub const MAX_COLUMNS: usize = 1_000;
/// One cell. Excel itself stops at 32,767 characters (≈ 96 KB of Chinese text).
pub const MAX_CELL_BYTES: usize = 1 << 20;
/// One physical line of a text file, checked before the CSV parser buffers it.
pub const MAX_LINE_BYTES: usize = 16 << 20;
/// Formats that calamine can only read whole into memory (XLS, ODS).
pub const MAX_IN_MEMORY_WORKBOOK: u64 = 64 << 20;
/// The cells calamine lays out in memory for the sheets of an XLS or ODS file,
/// all sheets together: each sheet is a dense grid from its first to its last
/// filled cell, at about 56 bytes a cell with the formula grid (ODS keeps one
/// more copy while it builds them), so two cells at opposite corners of a sheet
/// would take gigabytes. Checked before calamine reads the file.
pub const MAX_XLS_CELLS: u64 = 3_000_000;
pub const MAX_ODS_CELLS: u64 = 1_500_000;
/// The shared-strings part of an XLSB, as it expands, and its number of
/// strings. calamine holds the whole table in memory (about 90 bytes a string
/// when they are short) and parses it at every open (about a microsecond a
/// string). A roster of 200,000 people with three distinct texts each is
/// 600,000 strings.
pub const MAX_SHARED_STRINGS: u64 = 64 << 20;
pub const MAX_SHARED_STRING_COUNT: u64 = 750_000;
/// The same for an XLSX, which Kaifang reads itself (`kaifang-xlsx`): far
/// higher, as the table's memory is bounded there.
pub use kaifang_xlsx::{
    MAX_SHARED_STRINGS as MAX_XLSX_SHARED_STRINGS, MAX_SHARED_STRING_COUNT as MAX_XLSX_SHARED_STRING_COUNT,
};
/// What the parts of a zipped workbook (XLSX, ODS) may expand to, together.
pub const MAX_ZIP_EXPANDED: u64 = 4 << 30;
/// Expansion ratio above which a large zip member is treated as a bomb.
pub const MAX_ZIP_RATIO: u64 = 200;
/// Rows read for header detection and the wizard's preview.
pub const LOOKAHEAD_ROWS: usize = 60;
/// Bytes of those rows: header detection decides on fewer rows rather than hold more.
pub const LOOKAHEAD_BYTES: usize = 32 << 20;
/// The text of one row, all its cells together.
pub const MAX_ROW_BYTES: usize = 16 << 20;
/// The text a workbook of `file_size` bytes may expand to: generous for real
/// tables (a long value repeated down a column through the shared-strings
/// table), while one 900 KB string referenced by every cell of a 216 KB file
/// is refused after a few hundred rows instead of filling memory and disk.
pub fn workbook_text_allowance(file_size: u64) -> u64 {
    (64 << 20) + file_size.saturating_mul(256)
}
/// Blank rows between two filled rows of a sheet that are walked one by one; a
/// larger gap (a cell far below the table) is skipped in one step.
pub const MAX_BLANK_GAP: u32 = 1_000;
