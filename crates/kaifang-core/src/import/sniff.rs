//! What a file is: workbook or text table, and for text, its encoding and
//! delimiter. Decided from the bytes, never from the extension alone: clerks
//! rename files, and a `.xls` that is really HTML or CSV is common.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ImportError;

/// How many bytes the text sniffers look at.
const SAMPLE: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    pub fn is_workbook(self) -> bool {
        self != Format::Csv
    }
}

/// Text encodings Kaifang reads. GBK files are decoded as GB18030, its superset,
/// so a GB18030-only character in a "GBK" file still survives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gbk,
    Gb18030,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gbk => "GBK",
            TextEncoding::Gb18030 => "GB18030",
        }
    }

    /// The decoder for a non-UTF-8 encoding; `None` for UTF-8, which is parsed
    /// as bytes and validated per row (faster than transcoding).
    pub fn decoder(self) -> Option<&'static encoding_rs::Encoding> {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => None,
            TextEncoding::Utf16Le => Some(encoding_rs::UTF_16LE),
            TextEncoding::Utf16Be => Some(encoding_rs::UTF_16BE),
            TextEncoding::Gbk | TextEncoding::Gb18030 => Some(encoding_rs::GB18030),
        }
    }
}

/// Reads up to `n` bytes from the start of the file.
pub(crate) fn head(path: &Path, n: usize) -> Result<Vec<u8>, ImportError> {
    let read_err = |source| ImportError::Read { path: path.to_owned(), source };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut buf = Vec::with_capacity(n.min(1 << 20));
    file.take(n as u64).read_to_end(&mut buf).map_err(read_err)?;
    Ok(buf)
}

/// The format of the file at `path`.
pub fn detect_format(path: &Path) -> Result<Format, ImportError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = head(path, SAMPLE)?;
    if bytes.is_empty() {
        return Err(ImportError::EmptyFile { path: path.to_owned() });
    }
    // Excel keeps `~$name.xlsx` beside an open workbook: 165 bytes holding the
    // user's name. Importing it is a common slip; say so instead of "corrupt".
    if name.starts_with("~$") {
        return Err(ImportError::LockFile { path: path.to_owned() });
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(zip_format(&bytes, &ext));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE container: a legacy .xls, or an encrypted .xlsx/.xlsm, whose
        // package is a stream named EncryptedPackage inside the container.
        let marker: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let full = if bytes.len() < SAMPLE { bytes.clone() } else { head(path, 8 << 20)? };
        if full.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return Err(ImportError::Password { path: path.to_owned() });
        }
        return Ok(Format::Xls);
    }
    if looks_binary(&bytes) {
        return Err(ImportError::NotATable { path: path.to_owned() });
    }
    Ok(Format::Csv)
}

fn zip_format(bytes: &[u8], ext: &str) -> Format {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if has(b"application/vnd.oasis.opendocument.spreadsheet") || ext == "ods" {
        Format::Ods
    } else if has(b"xl/workbook.bin") || ext == "xlsb" {
        Format::Xlsb
    } else {
        Format::Xlsx
    }
}

/// NUL bytes outside UTF-16, or many control characters, mean a binary file.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || utf16_without_bom(bytes).is_some() {
        return false;
    }
    let controls = bytes.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    bytes.contains(&0) || controls * 100 > bytes.len()
}

/// UTF-16 without a BOM shows as a NUL in every other byte of ASCII text.
fn utf16_without_bom(bytes: &[u8]) -> Option<TextEncoding> {
    let n = bytes.len().min(4096) & !1;
    if n < 8 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes[..n].chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let half = n / 2;
    if odd * 10 > half * 3 && even * 10 < half {
        Some(TextEncoding::Utf16Le)
    } else if even * 10 > half * 3 && odd * 10 < half {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// The encoding of a text table, from its first bytes.
pub fn detect_encoding(sample: &[u8]) -> TextEncoding {
    if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return TextEncoding::Utf8Bom;
    }
    if sample.starts_with(&[0xFF, 0xFE]) {
        return TextEncoding::Utf16Le;
    }
    if sample.starts_with(&[0xFE, 0xFF]) {
        return TextEncoding::Utf16Be;
    }
    if let Some(e) = utf16_without_bom(sample) {
        return e;
    }
    // The sample may end inside a multi-byte character: only an error before the
    // last 3 bytes counts.
    match std::str::from_utf8(sample) {
        Ok(_) => return TextEncoding::Utf8,
        Err(e) if e.error_len().is_none() && sample.len() - e.valid_up_to() < 4 => return TextEncoding::Utf8,
        // GBK text fails as UTF-8 at its first Chinese character. Valid multi-byte
        // UTF-8 before the failure means a UTF-8 file with foreign bytes pasted in:
        // reading it as UTF-8 stops at that row with a clear message, where reading
        // it as GBK would garble every row silently.
        // (A few GBK byte pairs happen to be valid UTF-8 too, hence several Chinese
        // characters are asked for, not one.)
        Err(e) if utf8_cjk_chars(&sample[..e.valid_up_to()]) >= 8 => return TextEncoding::Utf8,
        Err(_) => {}
    }
    // Not UTF-8: Chinese offices' other encoding is GBK (Excel's "CSV" on a
    // Chinese Windows). Name it GB18030 when four-byte sequences appear, which
    // GBK lacks.
    if has_gb18030_four_byte(sample) {
        TextEncoding::Gb18030
    } else {
        TextEncoding::Gbk
    }
}

fn utf8_cjk_chars(valid: &[u8]) -> usize {
    std::str::from_utf8(valid).map_or(0, |s| s.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).count())
}

fn has_gb18030_four_byte(b: &[u8]) -> bool {
    let mut i = 0;
    while i + 1 < b.len() {
        let c = b[i];
        if c < 0x80 {
            i += 1;
        } else if (0x81..=0xFE).contains(&c) && (0x30..=0x39).contains(&b[i + 1]) {
            return true;
        } else {
            i += 2;
        }
    }
    false
}

/// The delimiter that splits the sample's lines most consistently. Quoted fields
/// are skipped so a comma inside quotes does not count.
pub fn detect_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b'\t', b';', b'|'];
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(50).collect();
    let mut best = (b',', 0usize);
    for &d in &CANDIDATES {
        let counts: Vec<usize> = lines.iter().map(|l| count_unquoted(l, d)).collect();
        let Some(&mode) = mode_of(&counts) else { continue };
        if mode == 0 {
            continue;
        }
        // Score: how many lines agree on the most common count, times that count
        // (so a delimiter that splits into more columns wins ties).
        let agree = counts.iter().filter(|&&c| c == mode).count();
        let score = agree * 1000 + mode;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn count_unquoted(line: &str, d: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == d && !quoted
        })
        .count()
}

fn mode_of(v: &[usize]) -> Option<&usize> {
    let mut counts = std::collections::HashMap::new();
    for x in v {
        *counts.entry(x).or_insert(0usize) += 1;
    }
    counts.into_iter().max_by_key(|&(k, c)| (c, *k)).map(|(k, _)| k)
}

/// Decodes a sample for sniffing and preview, replacing what does not decode.
pub fn decode_sample(sample: &[u8], enc: TextEncoding) -> String {
    match enc.decoder() {
        None => {
            let body = sample.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(sample);
            String::from_utf8_lossy(body).into_owned()
        }
        Some(e) => e.decode_with_bom_removal(sample).0.into_owned(),
    }
}

pub(crate) const SNIFF_BYTES: usize = SAMPLE;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_told_apart() {
        let text = "姓名,身份证号,地址\n张三,11010519491231002X,北京市东城区\n";
        assert_eq!(detect_encoding(text.as_bytes()), TextEncoding::Utf8);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(detect_encoding(&bom), TextEncoding::Utf8Bom);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(detect_encoding(&gbk), TextEncoding::Gbk);
        // 𠀀 (U+20000) exists only in GB18030, as a four-byte sequence.
        let (gb, _, _) = encoding_rs::GB18030.encode("名称\n𠀀村,1\n");
        assert_eq!(detect_encoding(&gb), TextEncoding::Gb18030);
        let le: Vec<u8> = "a,b\n1,2\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(detect_encoding(&le), TextEncoding::Utf16Le, "UTF-16 without BOM");
        let mut mixed = "名称,数量\n甲,1\n".repeat(5).into_bytes();
        mixed.extend_from_slice(&encoding_rs::GBK.encode("乙,2\n").0);
        assert_eq!(detect_encoding(&mixed), TextEncoding::Utf8, "UTF-8 with a GBK line pasted in stays UTF-8");
    }

    #[test]
    fn a_sample_cut_inside_a_character_is_still_utf8() {
        let text = "名称,数量\n".repeat(10);
        let cut = &text.as_bytes()[..text.len() - 2];
        assert_eq!(detect_encoding(cut), TextEncoding::Utf8);
    }

    #[test]
    fn delimiters_are_sniffed_past_quoted_commas() {
        assert_eq!(detect_delimiter("a;b;c\n1;\"2,5\";3\n4;5;6\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(detect_delimiter("a|b|c\n1|2|3\n"), b'|');
        assert_eq!(detect_delimiter("名称,数量\n\"乡,镇\",3\n"), b',');
        assert_eq!(detect_delimiter("single column\nvalue\n"), b',', "comma when nothing splits");
    }
}
