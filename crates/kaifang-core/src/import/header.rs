//! Finding the table inside a sheet: title rows above the header, a header of one
//! or two rows (a merged parent label over leaf labels), and notes, signatures and
//! totals under the data. County spreadsheets are printed forms first and tables
//! second, so a plain "first row is the header" is wrong more often than not.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::row::RawRow;
use crate::profile::infer::{classify, Kind};

/// What header detection decided, in 1-based source row numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HeaderLayout {
    /// Rows above the header (titles, "填报单位：…" lines); left out of the data.
    #[ts(type = "number[]")]
    pub title_rows: Vec<u64>,
    /// The header rows: one, or two for a merged parent over leaf labels.
    #[ts(type = "number[]")]
    pub header_rows: Vec<u64>,
    /// One entry per column.
    pub columns: Vec<ColumnName>,
    /// 0-based source columns inside the table with no header and no value in the
    /// rows looked at (a spacer column of a printed form): not imported. A value
    /// that turns up in one later goes to 多余单元格, so nothing is lost.
    #[serde(default)]
    #[ts(type = "number[]")]
    pub skipped_columns: Vec<u32>,
}

impl HeaderLayout {
    /// The 0-based source column of each column, spacer columns left out.
    pub fn source_columns(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.columns.len());
        let mut i = 0usize;
        while out.len() < self.columns.len() {
            if !self.skipped_columns.contains(&(i as u32)) {
                out.push(i);
            }
            i += 1;
        }
        out
    }

    /// How many source columns the table spans, spacer columns included.
    pub fn span(&self) -> usize {
        self.columns.len() + self.skipped_columns.len()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnName {
    /// The label as it appears in the file, trimmed (line breaks inside a header
    /// cell, which Excel users add for layout, are removed).
    pub name: String,
    /// The parent label of a two-row header, if any.
    pub group: Option<String>,
}

/// Whether a value reads like a label rather than data.
fn is_label(cell: &str) -> bool {
    let t = cell.trim();
    !t.is_empty()
        && t.chars().count() <= 40
        && matches!(classify(t), Kind::Text | Kind::Boolean)
        && !t.contains(['：', ':'])
}

/// Starts of totals rows: left out by default, data when the user says so.
const TOTAL_MARKERS: &[&str] = &["合计", "总计", "小计", "共计", "累计"];

/// Whether a row is a totals row: its label starts or ends with 合计, 小计 …
/// (合 计, 城关镇小计), first in the row or right after an area code (a county
/// total carrying its own code in a table of townships).
pub fn is_totals(row: &RawRow) -> bool {
    let mut cells = row.iter().map(str::trim).filter(|c| !c.is_empty());
    let marked = |c: &str| {
        // Every marker ends in 计: most cells are ruled out without a copy.
        if !c.contains('计') {
            return false;
        }
        let compact: String = c.chars().filter(|ch| !ch.is_whitespace()).collect();
        compact.chars().count() <= 20 && TOTAL_MARKERS.iter().any(|m| compact.starts_with(m) || compact.ends_with(m))
    };
    match (cells.next(), cells.next()) {
        (Some(first), _) if marked(first) => true,
        (Some(code), Some(second)) => code.len() >= 6 && code.bytes().all(|b| b.is_ascii_digit()) && marked(second),
        _ => false,
    }
}

/// Starts of rows that end a table: totals, signatures and notes.
const FOOTER_MARKERS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "共计",
    "累计",
    "制表",
    "填表",
    "审核",
    "负责人",
    "备注",
    "说明",
    "注：",
    "注:",
    "附注",
    "填报",
    "统计人",
    "经办人",
    "联系人",
    "联系电话：",
    "单位负责人",
    "领导签字",
    "签字",
    "盖章",
    "数据来源",
];

/// Whether a row reads as a note, signature or totals line rather than data.
pub fn is_footer(row: &RawRow, table_width: usize) -> bool {
    let Some(first) = row.iter().map(str::trim).find(|c| !c.is_empty()) else { return false };
    if is_totals(row) {
        return true;
    }
    // Called for every row: data rows mostly start with a digit, and only cells
    // with inner spaces ("合 计") need a compacted copy.
    if first.as_bytes()[0].is_ascii_digit() {
        return false;
    }
    let marked = |text: &str| FOOTER_MARKERS.iter().any(|m| text.starts_with(m));
    if marked(first) {
        return true;
    }
    if first.contains(char::is_whitespace) && marked(&first.chars().filter(|c| !c.is_whitespace()).collect::<String>())
    {
        return true;
    }
    // "填报单位：某某局    日期：2024年3月" spread over one or two cells.
    row.filled() <= 2 && table_width >= 4 && first.contains(['：', ':'])
}

/// Whether a row after a blank row reads as a line of notes rather than data:
/// text in one cell (two in a wide table) of a table of three or more columns,
/// such as "本表数据由各乡镇上报" under a gap. Such rows are held back like
/// footers: data rows after them put them back into the table.
pub fn is_note_line(row: &RawRow, table_width: usize, after_gap: bool) -> bool {
    let filled = row.filled();
    let most = if table_width >= 6 { 2 } else { 1 };
    if table_width < 3 || filled == 0 || filled > most {
        return false;
    }
    // Right under the data, only a sentence reads as a note ("数据截至2022年8月底"),
    // not a short value a record might hold alone.
    let least = if after_gap { 4 } else { 8 };
    row.iter()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .all(|c| c.chars().count() >= least && matches!(classify(c), Kind::Text))
}

/// Decides the layout from the first rows of a sheet (with their 1-based source
/// row numbers). A merged cell reads as its value followed by empty cells. Only
/// the first table counts: rows from a second table's start on are not looked at
/// (see [`table_starts`]).
pub fn detect(rows: &[(u64, RawRow)]) -> Option<HeaderLayout> {
    let rows = first_table(rows);
    let filled: Vec<&(u64, RawRow)> = rows.iter().filter(|(_, r)| !r.is_blank()).collect();
    if filled.is_empty() {
        return None;
    }
    let width = table_width(&filled);
    let min = if width >= 3 { width.div_ceil(2).max(2) } else { 1 };
    // The header is the first row that spans most of the table with labels, or
    // the top of a stacked header whose rows together do (labels merged down over
    // the rows below leave the top row sparse).
    let header_at = (0..filled.len()).find(|&i| {
        let r = &filled[i].1;
        let labels = r.iter().filter(|c| is_label(c)).count();
        (r.filled() >= min && labels * 10 >= r.filled() * 6 && distinct_ratio_ok(r))
            || stacked_top(&filled[i..], width, min)
    })?;
    let (header_no, header) = filled[header_at];
    let title_rows: Vec<u64> = rows.iter().filter(|(n, r)| *n < *header_no && !r.is_blank()).map(|(n, _)| *n).collect();

    let levels = header_levels(&filled[header_at..], width);
    let below: Vec<&RawRow> = filled[header_at + levels.len()..].iter().map(|(_, r)| r).collect();
    if levels.len() > 1 {
        // The header is as wide as its widest row: a last column merged down over
        // the header rows names a column even when most data rows leave it empty.
        let width = levels.iter().map(|(_, r)| extent(r, width)).max().unwrap_or(0).max(width);
        let rows: Vec<&RawRow> = levels.iter().map(|(_, r)| r).collect();
        let (columns, skipped_columns) = without_spacers(stacked_names(&rows, width), &below);
        return Some(HeaderLayout {
            title_rows,
            header_rows: levels.iter().map(|(n, _)| *n).collect(),
            columns: dedupe(columns, &skipped_columns),
            skipped_columns,
        });
    }
    let columns =
        (0..extent(header, width)).map(|i| ColumnName { name: clean_label(header.cell(i)), group: None }).collect();
    let (columns, skipped_columns) = without_spacers(columns, &below);
    Some(HeaderLayout {
        title_rows,
        header_rows: vec![*header_no],
        columns: dedupe(columns, &skipped_columns),
        skipped_columns,
    })
}

/// The header rows from the first one down (up to three): labels only, each
/// refining a label of the row above that spans columns.
fn header_levels<'r>(from: &[&'r (u64, RawRow)], width: usize) -> Vec<&'r (u64, RawRow)> {
    let mut levels: Vec<&(u64, RawRow)> = vec![from[0]];
    while levels.len() < MAX_HEADER_ROWS {
        let (above_no, above) = levels[levels.len() - 1];
        let Some(next) = from.get(levels.len()).filter(|(n, _)| *n == above_no + 1) else { break };
        // Measured against the header rows seen so far too: a column merged down
        // over every header row leaves the rows under it empty at its place.
        let span =
            width.max(levels.iter().map(|(_, r)| extent(r, width)).max().unwrap_or(0)).max(extent(&next.1, width));
        if !is_sub_header(above, &next.1, span) {
            break;
        }
        levels.push(next);
    }
    levels
}

/// Whether `rows[0]` is the top of a stacked header: labels only, at least half
/// of them merged down (the row under them empty there), and the header rows
/// together name most of the table's columns.
fn stacked_top(rows: &[&(u64, RawRow)], width: usize, min: usize) -> bool {
    let top = &rows[0].1;
    let cells: Vec<usize> = (0..top.len()).filter(|&i| !top.cell(i).trim().is_empty()).collect();
    if cells.len() < 2 || !cells.iter().all(|&i| is_label(top.cell(i))) || !distinct_ratio_ok(top) {
        return false;
    }
    let levels = header_levels(rows, width);
    if levels.len() < 2 {
        return false;
    }
    let next = &levels[1].1;
    let merged_down = cells.iter().filter(|&&i| next.cell(i).trim().is_empty()).count();
    let named =
        (0..width.max(top.width())).filter(|&i| levels.iter().any(|(_, r)| !r.cell(i).trim().is_empty())).count();
    merged_down * 2 >= cells.len() && named >= min
}

/// How far a header row reaches: at least the table's width, and beyond it only
/// while labels follow one another. A note written to the right of the table,
/// after an empty column, names no column.
fn extent(row: &RawRow, width: usize) -> usize {
    if row.width() <= width {
        return width;
    }
    let mut end = width;
    while !row.cell(end).trim().is_empty() {
        end += 1;
    }
    end
}

/// Drops spacer columns: no header label and no value in any row looked at.
fn without_spacers(columns: Vec<ColumnName>, below: &[&RawRow]) -> (Vec<ColumnName>, Vec<u32>) {
    if below.is_empty() {
        return (columns, Vec::new());
    }
    let last = columns.len().saturating_sub(1);
    let mut kept = Vec::with_capacity(columns.len());
    let mut skipped = Vec::new();
    for (i, c) in columns.into_iter().enumerate() {
        // Not the last column: the table reaches it, so some row fills it.
        let spacer =
            i < last && c.name.is_empty() && c.group.is_none() && below.iter().all(|r| r.cell(i).trim().is_empty());
        if spacer {
            skipped.push(i as u32);
        } else {
            kept.push(c);
        }
    }
    (kept, skipped)
}

/// Whether a row reads as a table's header row on its own: three or more cells,
/// all labels, mostly different.
fn header_like(r: &RawRow) -> bool {
    r.filled() >= 3 && r.iter().filter(|c| !c.trim().is_empty()).all(is_label) && distinct_ratio_ok(r)
}

/// Header rows that start a later table, with the first row under them: together
/// they leave no column without a label, but for a spacer column, empty under
/// them too (a data row of words leaves the cells of missing values empty where
/// the next row has values; a stacked header's rows fill each other's gaps).
pub(crate) fn starts_later_table(levels: &[&RawRow], under: &RawRow) -> bool {
    let width = levels.iter().map(|r| r.width()).max().unwrap_or(0);
    let unnamed: Vec<usize> = (0..width).filter(|&i| levels.iter().all(|r| r.cell(i).trim().is_empty())).collect();
    levels.first().is_some_and(|r| header_like(r))
        && unnamed.len() * 4 <= width
        && unnamed.iter().all(|&i| under.cell(i).trim().is_empty())
}

/// Whether a row may be the first header row of a later table.
pub(crate) fn may_start_later_table(r: &RawRow) -> bool {
    header_like(r)
}

/// Whether the cells of a row beyond the table (from `span` on) are a note
/// written beside it: after an empty column, text only, each a sentence (six
/// Chinese characters or more) or marked as a note (注：, 备注, 说明).
pub fn is_side_note(row: &RawRow, span: usize) -> bool {
    if row.width() <= span + 1 || !row.cell(span).trim().is_empty() {
        return false;
    }
    let mut cells = (span..row.width()).map(|i| row.cell(i).trim()).filter(|c| !c.is_empty()).peekable();
    cells.peek().is_some()
        && cells.all(|c| {
            let han = c.chars().filter(|ch| ('\u{4e00}'..='\u{9fff}').contains(ch)).count();
            let marked = ["注", "备注", "说明"].iter().any(|m| c.starts_with(m));
            matches!(classify(c), Kind::Text) && (han >= 6 || (marked && han >= 2))
        })
}

/// Whether a row holds a value no header would (a number, a date, a code or a
/// sentence).
pub(crate) fn data_like(r: &RawRow) -> bool {
    r.iter().any(|c| !c.trim().is_empty() && !is_label(c))
}

/// Whether header rows (with the row under them) belong to another table than
/// the one read so far (`span` source columns wide, with values rather than
/// words in the `numeric` columns): wider; narrower, data included; or labels
/// over at least two of its number columns. A record of words after a gap (a
/// name, a village, a category) is none of these.
pub(crate) fn unlike_table(levels: &[&RawRow], under: &RawRow, span: usize, numeric: &[usize]) -> bool {
    let width = levels.iter().map(|r| r.width()).max().unwrap_or(0);
    width > span
        || (width < span && under.width() <= width)
        || (numeric.len() >= 2 && numeric.iter().all(|&i| levels.iter().any(|r| is_label(r.cell(i)))))
}

/// The first rows of later tables on the sheet (1-based): a header row after
/// the previous table's data and a gap (a blank row, a note or a totals line),
/// with data right under it or under its sub-header rows, unlike the table
/// read so far (see [`unlike_table`]), and not its header repeated (as a printed
/// form repeats it on every page).
pub fn table_starts(rows: &[(u64, RawRow)]) -> Vec<u64> {
    let filled: Vec<&(u64, RawRow)> = rows.iter().filter(|(_, r)| !r.is_blank()).collect();
    let mut starts = Vec::new();
    let mut first_header: Option<&RawRow> = None;
    let (mut data_rows, mut gap) = (0usize, false);
    // The current table's width and, per column, (values that are no label, values).
    let mut span = 0usize;
    let mut kinds: Vec<(u32, u32)> = Vec::new();
    for (i, (n, r)) in filled.iter().enumerate() {
        let prev_blank = i == 0 || filled[i - 1].0 + 1 < *n;
        if header_like(r) && (first_header.is_none() || (data_rows >= 2 && (gap || prev_blank))) {
            let repeated = first_header.is_some_and(|h| same_cells(h, r));
            // As wide as the rows under it: a stacked header's top row is narrower.
            let width = filled[i..filled.len().min(i + 4)].iter().map(|(_, l)| l.width()).max().unwrap_or(0);
            let levels = header_levels(&filled[i..], width);
            let level_rows: Vec<&RawRow> = levels.iter().map(|(_, l)| l).collect();
            let under = filled.get(i + levels.len()).filter(|(m, _)| *m == levels[levels.len() - 1].0 + 1);
            let numeric: Vec<usize> =
                kinds.iter().enumerate().filter(|(_, (v, f))| *f > 0 && v * 2 > *f).map(|(i, _)| i).collect();
            let full = first_header.is_none()
                || under.is_some_and(|(_, d)| {
                    starts_later_table(&level_rows, d) && unlike_table(&level_rows, d, span, &numeric)
                });
            if !repeated && full && under.is_some_and(|(_, d)| data_like(d)) {
                if first_header.is_some() {
                    starts.push(table_region_start(rows, *n));
                }
                first_header = Some(r);
                (data_rows, gap) = (0, false);
                span = level_rows.iter().map(|l| l.width()).max().unwrap_or(0);
                kinds.clear();
                continue;
            }
        }
        if first_header.is_none() {
            continue;
        }
        if prev_blank && data_rows > 0 || is_footer(r, r.width()) || r.filled() == 1 {
            gap = true;
        } else if data_like(r) {
            data_rows += 1;
            gap = false;
            span = span.max(r.width());
            kinds.resize(kinds.len().max(r.width()), (0, 0));
            for (i, k) in kinds.iter_mut().enumerate().take(r.width()) {
                let c = r.cell(i).trim();
                if !c.is_empty() {
                    k.1 += 1;
                    k.0 += u32::from(!is_label(c));
                }
            }
        }
    }
    starts
}

/// A later table starts at its header row, or at the title lines right above it
/// (single cells, no totals, signatures or notes).
pub(crate) fn table_region_start(rows: &[(u64, RawRow)], header: u64) -> u64 {
    let mut start = header;
    for (n, r) in rows.iter().rev().skip_while(|(n, _)| *n >= header) {
        if *n + 1 != start || r.is_blank() || r.filled() > 1 || is_totals(r) || is_footer(r, 4) {
            break;
        }
        start = *n;
    }
    start
}

fn same_cells(a: &RawRow, b: &RawRow) -> bool {
    a.width() == b.width() && (0..a.width()).all(|i| a.cell(i).trim() == b.cell(i).trim())
}

/// The rows of the first table: up to the start of a second one.
fn first_table(rows: &[(u64, RawRow)]) -> &[(u64, RawRow)] {
    match table_starts(rows).first() {
        Some(&start) => &rows[..rows.iter().position(|(n, _)| *n >= start).unwrap_or(rows.len())],
        None => rows,
    }
}

/// Whether a row repeats the header (a printed form repeats it on every page).
pub fn is_repeated_header(layout_rows: &[RawRow], row: &RawRow) -> bool {
    // Called for every row: the first cell rejects a data row before any count.
    layout_rows.iter().any(|h| h.cell(0).trim() == row.cell(0).trim() && same_cells(h, row) && h.filled() >= 2)
}

/// The layout when the user names the header row (1-based source row number).
pub fn with_header_row(rows: &[(u64, RawRow)], header_row: u64) -> Option<HeaderLayout> {
    let (_, header) = rows.iter().find(|(n, _)| *n == header_row)?;
    let filled: Vec<&(u64, RawRow)> = rows.iter().filter(|(n, r)| *n > header_row && !r.is_blank()).collect();
    let width = table_width(&filled).max(header.width());
    let title_rows = rows.iter().filter(|(n, r)| *n < header_row && !r.is_blank()).map(|(n, _)| *n).collect();
    let columns = (0..width).map(|i| ColumnName { name: clean_label(header.cell(i)), group: None }).collect();
    let below: Vec<&RawRow> = filled.iter().map(|(_, r)| r).collect();
    let (columns, skipped_columns) = without_spacers(columns, &below);
    Some(HeaderLayout {
        title_rows,
        header_rows: vec![header_row],
        columns: dedupe(columns, &skipped_columns),
        skipped_columns,
    })
}

/// The most common width among rows that look like table rows (two or more
/// filled cells), so that a one-cell title does not count.
fn table_width(rows: &[&(u64, RawRow)]) -> usize {
    let mut counts = std::collections::HashMap::new();
    for (_, r) in rows {
        if r.filled() >= 2 {
            *counts.entry(r.width()).or_insert(0usize) += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(w, c)| (c, w))
        .map(|(w, _)| w)
        .unwrap_or_else(|| rows.iter().map(|(_, r)| r.width()).max().unwrap_or(0))
}

/// A title merged across the table repeats one value once filled: not a header.
fn distinct_ratio_ok(r: &RawRow) -> bool {
    let mut seen = std::collections::HashSet::new();
    let filled: Vec<&str> = r.iter().map(str::trim).filter(|c| !c.is_empty()).collect();
    filled.iter().for_each(|c| {
        seen.insert(*c);
    });
    filled.len() <= 1 || seen.len() * 2 > filled.len()
}

fn is_sub_header(parent: &RawRow, sub: &RawRow, width: usize) -> bool {
    let sub_cells: Vec<(usize, &str)> =
        (0..width).map(|i| (i, sub.cell(i).trim())).filter(|(_, c)| !c.is_empty()).collect();
    if sub_cells.is_empty() || !sub_cells.iter().all(|(_, c)| is_label(c)) {
        return false;
    }
    // Some sub-label must sit under a parent that spans more than one column: the
    // parent cell is empty (the rest of a merged area) while a sub-label is there.
    let spans = sub_cells.iter().any(|&(i, _)| parent.cell(i).trim().is_empty());
    // A full row of labels under a full header is data (a column of words), unless
    // it refines spanning parents.
    spans && sub_cells.len() < width.max(2) + 1
}

/// Header rows a table may have: a group, a sub-group and the leaf labels.
const MAX_HEADER_ROWS: usize = 3;

/// Column names from stacked header rows (top first). A column's name is its
/// lowest label; the labels above it are its group, an empty cell above a label
/// standing for the label spanning from the left (a merged area). A column whose
/// only label is higher up (merged down over the rows below, in any position)
/// is named by that label and has no group.
fn stacked_names(levels: &[&RawRow], width: usize) -> Vec<ColumnName> {
    let mut carried: Vec<String> = vec![String::new(); levels.len()];
    let mut names = Vec::with_capacity(width);
    for i in 0..width {
        let labels: Vec<String> = levels.iter().map(|r| clean_label(r.cell(i))).collect();
        for (level, label) in labels.iter().enumerate() {
            if !label.is_empty() {
                carried[level].clone_from(label);
                // A new label starts a new span for the levels below it too.
                for below in carried.iter_mut().skip(level + 1) {
                    below.clear();
                }
            }
        }
        let Some(leaf) = labels.iter().rposition(|l| !l.is_empty()) else {
            names.push(ColumnName { name: String::new(), group: None });
            continue;
        };
        let mut groups: Vec<String> = Vec::new();
        for level in 0..leaf {
            let g = if labels[level].is_empty() { carried[level].clone() } else { labels[level].clone() };
            if !g.is_empty() && g != labels[leaf] && !groups.contains(&g) {
                groups.push(g);
            }
        }
        let group = (!groups.is_empty()).then(|| groups.join("/"));
        names.push(ColumnName { name: labels[leaf].clone(), group });
    }
    names
}

/// A header cell as a column name: trimmed, with layout line breaks removed.
pub fn clean_label(cell: &str) -> String {
    cell.split(['\n', '\r']).map(str::trim).collect::<Vec<_>>().join("").trim().to_owned()
}

/// Empty names become `列N` (N the column's place in the file, spacer columns
/// counted); repeated names get `_2`, `_3` so every column can be addressed by
/// name.
fn dedupe(mut cols: Vec<ColumnName>, skipped: &[u32]) -> Vec<ColumnName> {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let mut source = 0u32;
    for c in cols.iter_mut() {
        while skipped.contains(&source) {
            source += 1;
        }
        if c.name.is_empty() {
            c.name = format!("列{}", source + 1);
        }
        source += 1;
        let n = seen.entry(c.name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            c.name = format!("{}_{}", c.name, n);
        }
    }
    cols
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<(u64, RawRow)> {
        lines.iter().enumerate().map(|(i, l)| (i as u64 + 1, l.iter().collect())).collect()
    }

    fn names(l: &HeaderLayout) -> Vec<&str> {
        l.columns.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn a_plain_header_is_the_first_row() {
        let r = rows(&[&["序号", "姓名", "金额"], &["1", "张三", "100"], &["2", "李四", "200"]]);
        let l = detect(&r).unwrap();
        assert_eq!(l.header_rows, vec![1]);
        assert!(l.title_rows.is_empty());
        assert_eq!(names(&l), vec!["序号", "姓名", "金额"]);
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let r = rows(&[
            &["某某县2024年城乡低保发放名单", "", "", ""],
            &["填报单位：民政局", "", "", "日期：2024年3月"],
            &[],
            &["序号", "姓名", "身份证号", "金额"],
            &["1", "张三", "11010519491231002X", "300"],
        ]);
        let l = detect(&r).unwrap();
        assert_eq!(l.title_rows, vec![1, 2]);
        assert_eq!(l.header_rows, vec![4]);
        assert_eq!(names(&l), vec!["序号", "姓名", "身份证号", "金额"]);
    }

    #[test]
    fn a_two_row_header_under_a_merged_parent() {
        let r = rows(&[
            &["序号", "姓名", "补贴金额", "", "联系电话"],
            &["", "", "上半年", "下半年", ""],
            &["1", "张三", "300", "300", "13800000000"],
        ]);
        let l = detect(&r).unwrap();
        assert_eq!(l.header_rows, vec![1, 2]);
        assert_eq!(names(&l), vec!["序号", "姓名", "上半年", "下半年", "联系电话"]);
        assert_eq!(l.columns[2].group.as_deref(), Some("补贴金额"));
        assert_eq!(l.columns[3].group.as_deref(), Some("补贴金额"));
        assert_eq!(l.columns[1].group, None);
    }

    #[test]
    fn a_column_merged_down_over_the_header_rows_keeps_its_name_in_any_position() {
        // First, middle and last column merged down; the last one mostly empty in
        // the data, so the data rows are narrower than the header.
        let r = rows(&[
            &["序号", "补贴金额", "", "姓名", "备注"],
            &["", "上半年", "下半年", "", ""],
            &["1", "300", "300", "张三"],
            &["2", "200", "200", "李四"],
            &["3", "100", "100", "王五", "补发"],
        ]);
        let l = detect(&r).unwrap();
        assert_eq!(l.header_rows, vec![1, 2]);
        assert_eq!(names(&l), vec!["序号", "上半年", "下半年", "姓名", "备注"]);
        let groups: Vec<Option<&str>> = l.columns.iter().map(|c| c.group.as_deref()).collect();
        assert_eq!(groups, vec![None, Some("补贴金额"), Some("补贴金额"), None, None]);
    }

    #[test]
    fn three_header_rows_name_the_leaf_and_group_it_under_both_levels() {
        let r = rows(&[
            &["乡镇", "救助人数", "", "", "", "备注"],
            &["", "低保", "", "特困", "", ""],
            &["", "城市", "农村", "城市", "农村", ""],
            &["城关镇", "12", "30", "1", "4"],
            &["河西乡", "3", "25", "0", "2", "新增"],
        ]);
        let l = detect(&r).unwrap();
        assert_eq!(l.header_rows, vec![1, 2, 3]);
        assert_eq!(names(&l), vec!["乡镇", "城市", "农村", "城市_2", "农村_2", "备注"]);
        let groups: Vec<Option<&str>> = l.columns.iter().map(|c| c.group.as_deref()).collect();
        assert_eq!(
            groups,
            vec![
                None,
                Some("救助人数/低保"),
                Some("救助人数/低保"),
                Some("救助人数/特困"),
                Some("救助人数/特困"),
                None
            ]
        );
    }

    #[test]
    fn a_sparse_top_row_merged_down_over_three_header_rows_starts_the_header() {
        // 序号 乡镇 姓名 merged down over all three rows; 救助情况 over the rest.
        let r = rows(&[
            &["东安县2024年高龄津贴发放名单"],
            &["序号", "乡镇", "姓名", "救助情况", "", "", "", "", ""],
            &["", "", "", "补贴金额", "", "家庭人口", "", "", "身份证号"],
            &["", "", "", "上半年", "下半年", "男", "女", "合计人数", ""],
            &["1", "城关镇", "张三", "300", "300", "1", "2", "3", "11010519491231002X"],
            &["2", "河口乡", "李四", "200", "200", "2", "1", "3", "110105194912310021"],
        ]);
        let l = detect(&r).unwrap();
        assert_eq!(l.title_rows, vec![1]);
        assert_eq!(l.header_rows, vec![2, 3, 4]);
        assert_eq!(names(&l), vec!["序号", "乡镇", "姓名", "上半年", "下半年", "男", "女", "合计人数", "身份证号"]);
        assert_eq!(l.columns[3].group.as_deref(), Some("救助情况/补贴金额"));
        // A title merged over the table is no header top, however wide.
        let r =
            rows(&[&["某某县低保名单", "", "", ""], &["序号", "姓名", "村", "金额"], &["1", "张三", "东村", "300"]]);
        assert_eq!(detect(&r).unwrap().header_rows, vec![2]);
    }

    #[test]
    fn a_note_right_of_the_header_after_an_empty_column_names_no_column() {
        let r = rows(&[
            &["序号", "姓名", "金额", "", "此表按月更新"],
            &["1", "张三", "300"],
            &["2", "李四", "200"],
            &["3", "王五", "100"],
        ]);
        let l = detect(&r).unwrap();
        assert_eq!(names(&l), vec!["序号", "姓名", "金额"]);
        assert!(l.skipped_columns.is_empty());
        // Right next to the table (no empty column), a label is a column.
        let r = rows(&[&["序号", "姓名", "金额", "备注"], &["1", "张三", "300"], &["2", "李四", "200"]]);
        assert_eq!(names(&detect(&r).unwrap()), vec!["序号", "姓名", "金额", "备注"]);
    }

    #[test]
    fn a_column_with_neither_name_nor_value_is_a_spacer_and_unnamed_columns_count_it() {
        let r =
            rows(&[&["序号", "", "姓名", "", "金额"], &["1", "", "张三", "x", "300"], &["2", "", "李四", "", "200"]]);
        let l = detect(&r).unwrap();
        assert_eq!(l.skipped_columns, vec![1]);
        assert_eq!(names(&l), vec!["序号", "姓名", "列4", "金额"], "列4 is the fourth column of the file");
        assert_eq!(l.source_columns(), vec![0, 2, 3, 4]);
        assert_eq!(l.span(), 5);
    }

    #[test]
    fn later_tables_start_at_their_title_and_a_repeated_header_is_none() {
        let r = rows(&[
            &["乡镇", "户数", "人数"],
            &["城关镇", "120", "260"],
            &["河口乡", "80", "170"],
            &[],
            &["二、明细"],
            &["序号", "乡镇", "姓名", "金额"],
            &["1", "城关镇", "张三", "300"],
            &["2", "城关镇", "李四", "200"],
            &[],
            &["序号", "乡镇", "姓名", "金额"],
            &["3", "河口乡", "王五", "100"],
        ]);
        assert_eq!(table_starts(&r), vec![5]);
        assert_eq!(names(&detect(&r).unwrap()), vec!["乡镇", "户数", "人数"], "the first table's columns only");
    }

    #[test]
    fn a_note_line_is_text_alone_in_a_wide_enough_row() {
        assert!(is_note_line(&["本表数据由各乡镇上报汇总"].iter().collect(), 5, true));
        assert!(is_note_line(&["数据截至2022年8月底"].iter().collect(), 5, false), "a sentence right under the data");
        assert!(!is_note_line(&["欧阳娜娜"].iter().collect(), 5, false), "a short value right under the data");
        assert!(is_note_line(&["本表由乡镇上报"].iter().collect(), 5, true), "the same after a gap");
        assert!(!is_note_line(&["本表数据由各乡镇上报汇总"].iter().collect(), 2, true), "a narrow table");
        assert!(!is_note_line(&["3", "王五"].iter().collect(), 5, true), "data");
        assert!(!is_note_line(&["1200"].iter().collect(), 5, true), "a number alone");
        assert!(!is_note_line(&["城关镇", "东村", "低保"].iter().collect(), 5, true), "a row of words");
    }

    #[test]
    fn a_row_of_words_under_the_header_is_data() {
        let r = rows(&[&["乡镇", "村", "类别"], &["城关镇", "东村", "低保"], &["城关镇", "西村", "特困"]]);
        let l = detect(&r).unwrap();
        assert_eq!(l.header_rows, vec![1], "a full row of words is data, not a second header");
    }

    #[test]
    fn footers_are_recognised() {
        let w = 5;
        assert!(is_footer(&["合 计", "", "", "900"].iter().collect(), w));
        assert!(is_totals(&["", "城关镇小计", "", "900"].iter().collect()), "a subtotal per township");
        assert!(is_totals(&["130534000", "合计", "900"].iter().collect()), "a county total with its code");
        assert!(!is_totals(&["3", "合计人数不详的户", "900"].iter().collect()), "a sequence number is no area code");
        assert!(is_footer(&["制表人：王五", "", "审核人：赵六"].iter().collect(), w));
        assert!(is_footer(&["备注：金额单位为元"].iter().collect(), w));
        assert!(!is_footer(&["3", "王五", "110105194912310021", "300"].iter().collect(), w));
    }

    #[test]
    fn names_are_cleaned_and_deduplicated() {
        let r = rows(&[&["身份证\n号码", "", "金额", "金额"], &["1", "2", "3", "4"]]);
        let l = detect(&r).unwrap();
        assert_eq!(names(&l), vec!["身份证号码", "列2", "金额", "金额_2"]);
    }
}
