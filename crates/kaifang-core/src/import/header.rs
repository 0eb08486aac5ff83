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
/// row numbers). A merged cell reads as its value followed by empty cells.
pub fn detect(rows: &[(u64, RawRow)]) -> Option<HeaderLayout> {
    let filled: Vec<&(u64, RawRow)> = rows.iter().filter(|(_, r)| !r.is_blank()).collect();
    if filled.is_empty() {
        return None;
    }
    let width = table_width(&filled);
    // The header is the first row that spans most of the table with labels.
    let header_at = filled.iter().position(|(_, r)| {
        let labels = r.iter().filter(|c| is_label(c)).count();
        let min = if width >= 3 { width.div_ceil(2).max(2) } else { 1 };
        r.filled() >= min && labels * 10 >= r.filled() * 6 && distinct_ratio_ok(r)
    })?;
    let (header_no, header) = filled[header_at];
    let title_rows: Vec<u64> = rows.iter().filter(|(n, r)| *n < *header_no && !r.is_blank()).map(|(n, _)| *n).collect();

    // Further header rows (up to three in all): labels only, each refining a
    // label of the row above that spans columns.
    let mut levels: Vec<&(u64, RawRow)> = vec![filled[header_at]];
    while levels.len() < MAX_HEADER_ROWS {
        let (above_no, above) = levels[levels.len() - 1];
        let Some(next) = filled.get(header_at + levels.len()).filter(|(n, _)| *n == above_no + 1) else { break };
        // Measured against the header rows seen so far too: a column merged down
        // over every header row leaves the rows under it empty at its place.
        let span = width.max(levels.iter().map(|(_, r)| r.width()).max().unwrap_or(0)).max(next.1.width());
        if !is_sub_header(above, &next.1, span) {
            break;
        }
        levels.push(next);
    }
    if levels.len() > 1 {
        // The header is as wide as its widest row: a last column merged down over
        // the header rows names a column even when most data rows leave it empty.
        let width = levels.iter().map(|(_, r)| r.width()).max().unwrap_or(0).max(width);
        let rows: Vec<&RawRow> = levels.iter().map(|(_, r)| r).collect();
        return Some(HeaderLayout {
            title_rows,
            header_rows: levels.iter().map(|(n, _)| *n).collect(),
            columns: stacked_names(&rows, width),
        });
    }
    let columns =
        (0..width.max(header.width())).map(|i| ColumnName { name: clean_label(header.cell(i)), group: None }).collect();
    Some(HeaderLayout { title_rows, header_rows: vec![*header_no], columns: dedupe(columns) })
}

/// The layout when the user names the header row (1-based source row number).
pub fn with_header_row(rows: &[(u64, RawRow)], header_row: u64) -> Option<HeaderLayout> {
    let (_, header) = rows.iter().find(|(n, _)| *n == header_row)?;
    let filled: Vec<&(u64, RawRow)> = rows.iter().filter(|(n, r)| *n > header_row && !r.is_blank()).collect();
    let width = table_width(&filled).max(header.width());
    let title_rows = rows.iter().filter(|(n, r)| *n < header_row && !r.is_blank()).map(|(n, _)| *n).collect();
    let columns = (0..width).map(|i| ColumnName { name: clean_label(header.cell(i)), group: None }).collect();
    Some(HeaderLayout { title_rows, header_rows: vec![header_row], columns: dedupe(columns) })
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
    dedupe(names)
}

/// A header cell as a column name: trimmed, with layout line breaks removed.
pub fn clean_label(cell: &str) -> String {
    cell.split(['\n', '\r']).map(str::trim).collect::<Vec<_>>().join("").trim().to_owned()
}

/// Empty names become `列N`; repeated names get `_2`, `_3` so every column can
/// be addressed by name.
fn dedupe(mut cols: Vec<ColumnName>) -> Vec<ColumnName> {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for (i, c) in cols.iter_mut().enumerate() {
        if c.name.is_empty() {
            c.name = format!("列{}", i + 1);
        }
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
