//! Cutting documents into passages: paragraph blocks, long paragraphs split at sentence
//! boundaries into pieces of similar size.

use crate::corpus::{BlockKind, Document};
use std::ops::Range;

/// Paragraphs longer than this (bytes) are cut into several passages.
pub const MAX_PASSAGE: usize = 1200;

/// The passages of one document: `(block index, byte range)` in reading order.
pub fn split_document(doc: &Document) -> Vec<(usize, Range<usize>)> {
    let mut out = Vec::new();
    for (b, block) in doc.blocks.iter().enumerate() {
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        let text = &doc.text[block.range.clone()];
        // trim surrounding white space; skip blocks with no word character
        let lead = text.len() - text.trim_start().len();
        let trimmed = text.trim();
        if !trimmed.chars().any(|c| c.is_alphanumeric()) {
            continue;
        }
        let base = block.range.start + lead;
        for r in split_paragraph(trimmed, MAX_PASSAGE) {
            out.push((b, base + r.start..base + r.end));
        }
    }
    out
}

/// Cuts `text` into ranges of at most about `max` bytes at sentence boundaries, pieces of
/// similar size. A text shorter than `max` is one piece. The pieces tile the text exactly.
pub fn split_paragraph(text: &str, max: usize) -> Vec<Range<usize>> {
    if text.len() <= max {
        return std::iter::once(0..text.len()).collect();
    }
    let pieces = text.len().div_ceil(max);
    let target = text.len() / pieces;
    let bounds = sentence_bounds(text);
    let mut out = Vec::new();
    let mut start = 0;
    for &b in &bounds {
        // cut when this piece reached the target, unless what remains would be tiny
        if b - start >= target && text.len() - b >= target / 3 && out.len() + 1 < pieces * 2 {
            out.push(start..b);
            start = b;
        }
    }
    out.push(start..text.len());
    out
}

/// Starts of the sentences of `text` after the first: after `.`, `!` or `?` (and any closing
/// quotes or brackets) followed by white space, unless a `.` is followed by a lower-case word
/// (`U.S. officials`, `e.g. this`). A byte scan: full Unicode sentence segmentation is what
/// indexing long texts otherwise spends most of its time on.
pub fn sentence_bounds(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        if !matches!(c, b'.' | b'!' | b'?') {
            continue;
        }
        // closing punctuation
        let mut j = i;
        while let Some(ch) = text[j..].chars().next() {
            if matches!(
                ch,
                '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}' | '\u{bb}'
            ) {
                j += ch.len_utf8();
            } else {
                break;
            }
        }
        // white space
        let start_ws = j;
        while let Some(ch) = text[j..].chars().next() {
            if ch.is_whitespace() {
                j += ch.len_utf8();
            } else {
                break;
            }
        }
        if j == start_ws || j >= b.len() {
            continue;
        }
        if c == b'.' && text[j..].chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        out.push(j);
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_bounds_skip_abbreviations() {
        let s = "He left. U.S. officials said \"no.\" Then? Yes! e.g. this. ";
        let b = sentence_bounds(s);
        let starts: Vec<&str> = b.iter().map(|&i| &s[i..]).collect();
        assert_eq!(b.len(), 4, "{starts:?}");
        assert!(starts[0].starts_with("U.S."));
        assert!(starts[1].starts_with("Then"));
        assert!(starts[2].starts_with("Yes"));
        // `!` ends a sentence whatever follows
        assert!(starts[3].starts_with("e.g. this"));
    }

    #[test]
    fn long_paragraph_is_cut_at_sentences() {
        let s = "This is a sentence of some length that goes on. ".repeat(60);
        let s = s.trim_end();
        let r = split_paragraph(s, 1200);
        assert!(r.len() >= 3);
        assert_eq!(r[0].start, 0);
        assert_eq!(r.last().unwrap().end, s.len());
        for w in r.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for x in &r {
            assert!(x.len() < 1600, "{}", x.len());
            assert!(s[..x.end].ends_with(". ") || x.end == s.len());
        }
    }
}
