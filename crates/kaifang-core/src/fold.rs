//! Folding text for comparison: full-width forms to half-width, traditional
//! characters to simplified, and a fingerprint without spaces and punctuation.
//! A leaf: cleaning's clusters and the division list both compare with it.

use std::collections::HashMap;

/// Full-width to half-width (cleaning's `half_width` step): U+FF01–U+FF5E to
/// ASCII, U+3000 to a space.
pub fn half_width(v: &str) -> String {
    v.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Traditional characters and their simplified forms, one character each
/// (OpenCC's TSCharacters, first candidate; see `data/README.md`).
const TRADITIONAL: &str = include_str!("../data/t2s.tsv");

fn simplified() -> &'static HashMap<char, char> {
    static MAP: std::sync::OnceLock<HashMap<char, char>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        TRADITIONAL
            .lines()
            .filter_map(|l| {
                let (t, s) = l.split_once('\t')?;
                let (mut t, mut s) = (t.chars(), s.chars());
                Some((t.next()?, s.next()?))
            })
            .collect()
    })
}

/// The fingerprint of a value.
pub fn fingerprint(v: &str) -> String {
    let map = simplified();
    half_width(v)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| *map.get(&c).unwrap_or(&c))
        .flat_map(char::to_lowercase)
        .collect()
}
