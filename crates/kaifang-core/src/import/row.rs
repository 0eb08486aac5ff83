//! One row of cells as read from a file: a single text buffer plus the end offset
//! of each cell, so a million rows cost no per-cell allocation.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    text: String,
    ends: Vec<usize>,
}

impl RawRow {
    pub fn new() -> Self {
        Self::default()
    }

    /// The bytes of text the row holds.
    pub fn bytes(&self) -> usize {
        self.text.len()
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    pub fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    /// Sets cell `col`, padding with empty cells. Spreadsheets write cells left to
    /// right, so the out-of-order branch is rare and may be slow.
    pub fn set(&mut self, col: usize, cell: &str) {
        if col >= self.len() {
            while self.len() < col {
                self.push("");
            }
            self.push(cell);
        } else {
            let mut cells: Vec<String> = self.iter().map(str::to_owned).collect();
            cells[col] = cell.to_owned();
            self.clear();
            for c in &cells {
                self.push(c);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn cell(&self, i: usize) -> &str {
        match self.ends.get(i) {
            Some(&end) => {
                let start = if i == 0 { 0 } else { self.ends[i - 1] };
                &self.text[start..end]
            }
            None => "",
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(move |i| self.cell(i))
    }

    /// Number of cells up to and including the last non-blank one.
    pub fn width(&self) -> usize {
        (0..self.len()).rev().find(|&i| !self.cell(i).trim().is_empty()).map_or(0, |i| i + 1)
    }

    /// Whether every cell is blank (spaces count as blank here).
    pub fn is_blank(&self) -> bool {
        self.width() == 0
    }

    /// Non-blank cells.
    pub fn filled(&self) -> usize {
        self.iter().filter(|c| !c.trim().is_empty()).count()
    }

    /// Replaces the contents with cells parsed by the csv crate, without copying
    /// each field separately. Each field must be valid UTF-8 (checked by the
    /// caller), not only their concatenation `text`.
    pub fn fill_from_record(&mut self, text: &str, record: &csv::ByteRecord) {
        self.clear();
        self.text.push_str(text);
        self.ends.extend(record.iter().scan(0usize, |end, field| {
            *end += field.len();
            Some(*end)
        }));
    }

    /// Drops the carriage return a CRLF line leaves at the end of its last cell.
    /// Only the last cell's own: when it is empty, a `\r` ending the text is the
    /// end of an earlier cell (`a\r,,` on a line ending in LF), and stays.
    pub fn trim_trailing_cr(&mut self) {
        let start = self.len().checked_sub(2).map_or(0, |i| self.ends[i]);
        let Some(last) = self.ends.last_mut() else { return };
        if *last > start && self.text.ends_with('\r') {
            self.text.pop();
            *last -= 1;
        }
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

impl<S: AsRef<str>> FromIterator<S> for RawRow {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut row = RawRow::new();
        for c in iter {
            row.push(c.as_ref());
        }
        row
    }
}

/// Rows handed from a producing thread to the taking one, at most this many at
/// a time or this much text (rows can be megabytes).
const HANDOFF_ROWS: usize = 256;
const HANDOFF_BYTES: usize = 1 << 20;

/// A row sink: takes a row (with its 1-based number) and says whether to go on.
pub(crate) type Sink<'a> = dyn FnMut(u64, &RawRow) -> Result<bool, super::ImportError> + 'a;

/// Runs `produce` (a file's parser, feeding its rows to the sink it is given)
/// on a thread of its own and hands its rows to `sink` on this one, in order:
/// parsing and what the caller does with the rows (detection, profile) run side
/// by side. As with one thread, `sink` sees every row read before an error, and
/// when it stops or fails, what the parser found later does not count. `Err`
/// is the parser thread's panic.
pub(crate) fn beside<P>(
    produce: P,
    sink: &mut Sink<'_>,
) -> Result<Result<(), super::ImportError>, Box<dyn std::any::Any + Send>>
where
    P: FnOnce(&mut Sink<'_>) -> Result<(), super::ImportError> + Send,
{
    let (send, recv) = std::sync::mpsc::sync_channel::<Vec<(u64, RawRow)>>(4);
    std::thread::scope(|scope| {
        let parser = scope.spawn(move || {
            let (mut chunk, mut bytes) = (Vec::with_capacity(HANDOFF_ROWS), 0usize);
            let mut hand_over = |n: u64, row: &RawRow| -> Result<bool, super::ImportError> {
                chunk.push((n, row.clone()));
                bytes += row.bytes();
                if chunk.len() < HANDOFF_ROWS && bytes < HANDOFF_BYTES {
                    return Ok(true);
                }
                bytes = 0;
                // The taker is gone (it stopped or failed): stop reading.
                Ok(send.send(std::mem::replace(&mut chunk, Vec::with_capacity(HANDOFF_ROWS))).is_ok())
            };
            let result = produce(&mut hand_over);
            // The rows read before an error go first: the taker may stop before
            // the error's row. A taker that is gone no longer wants them.
            if !chunk.is_empty() {
                let _ = send.send(chunk);
            }
            result
        });
        let mut taken = Ok(true);
        'chunks: for chunk in &recv {
            for (n, row) in &chunk {
                taken = sink(*n, row);
                if !matches!(taken, Ok(true)) {
                    break 'chunks;
                }
            }
        }
        drop(recv);
        let parsed = parser.join()?;
        Ok(match taken {
            // The sink stopped or failed: nothing past that point counts.
            Ok(false) => Ok(()),
            Err(e) => Err(e),
            Ok(true) => parsed,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_set_and_read_back() {
        let mut r = RawRow::new();
        r.set(2, "c");
        r.set(0, "a");
        assert_eq!(r.to_vec(), vec!["a", "", "c"]);
        assert_eq!(r.width(), 3);
        let blank: RawRow = ["", " ", ""].into_iter().collect();
        assert!(blank.is_blank());
        assert_eq!(r.cell(9), "", "missing cells read as empty");
    }

    #[test]
    fn only_the_last_cells_carriage_return_is_dropped() {
        let mut r: RawRow = ["a", "b\r"].into_iter().collect();
        r.trim_trailing_cr();
        assert_eq!(r.to_vec(), vec!["a", "b"]);
        // Found by the fuzzer: a CR inside the line, then empty cells.
        let mut r: RawRow = ["上", "750.5\r", "", ""].into_iter().collect();
        r.trim_trailing_cr();
        assert_eq!(r.to_vec(), vec!["上", "750.5\r", "", ""]);
        let mut r = RawRow::new();
        r.trim_trailing_cr();
        assert!(r.is_empty());
    }

    fn numbered(n: u64) -> RawRow {
        let mut r = RawRow::new();
        r.push(&n.to_string());
        r
    }

    /// A parser of 2,000 rows that fails after them.
    fn two_thousand_then_fail(hand: &mut Sink<'_>) -> Result<(), super::super::ImportError> {
        for n in 1..=2_000 {
            if !hand(n, &numbered(n))? {
                return Ok(());
            }
        }
        Err(super::super::ImportError::NoRows { sheet: String::new() })
    }

    #[test]
    fn rows_cross_threads_in_order_and_an_error_after_them_still_counts() {
        let mut seen = Vec::new();
        let out = beside(two_thousand_then_fail, &mut |n, r| {
            assert_eq!(r.cell(0), n.to_string());
            seen.push(n);
            Ok(true)
        })
        .expect("no panic");
        assert!(matches!(out, Err(super::super::ImportError::NoRows { .. })), "{out:?}");
        assert_eq!(seen, (1..=2_000).collect::<Vec<_>>(), "every row before the error, in order");
    }

    #[test]
    fn a_taker_that_stops_first_never_sees_the_later_error() {
        let mut seen = 0;
        let out = beside(two_thousand_then_fail, &mut |n, _| {
            seen += 1;
            Ok(n < 1_999)
        })
        .expect("no panic");
        assert!(out.is_ok(), "{out:?}");
        assert_eq!(seen, 1_999);
    }

    #[test]
    fn the_takers_own_error_wins_and_a_parser_panic_is_reported() {
        let out = beside(two_thousand_then_fail, &mut |n, _| {
            if n == 10 {
                Err(super::super::ImportError::Cancelled)
            } else {
                Ok(true)
            }
        })
        .expect("no panic");
        assert!(matches!(out, Err(super::super::ImportError::Cancelled)), "{out:?}");
        let panicked = beside(|_: &mut Sink<'_>| panic!("parser broke"), &mut |_, _| Ok(true));
        assert!(panicked.is_err());
    }
}
