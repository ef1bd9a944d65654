//! Text anchors that survive edits of the source (the Hypothesis way): the quoted text, about
//! 32 characters of context on each side, and the byte offset where it was.
//!
//! Re-anchoring tries, in order: the quote still at its offset; the exact quote elsewhere (the
//! occurrence whose context matches best, nearest the old offset on ties); a fuzzy match of the
//! quote above [`FUZZY_THRESHOLD`]. Anything else is an orphan — kept, never dropped.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Characters of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;
/// Minimum similarity (1 − edit distance / length) for a fuzzy re-anchor.
pub const FUZZY_THRESHOLD: f32 = 0.75;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    pub offset: usize,
}

/// How an anchor was placed in the current text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// The quote is still at its offset.
    Exact,
    /// The exact quote, found elsewhere.
    Moved,
    /// A close enough variant of the quote.
    Fuzzy,
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn last_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    if n == 0 {
        ""
    } else {
        &s[start..]
    }
}

fn first_chars(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

impl Anchor {
    /// Captures the anchor of `range` in `text`.
    pub fn capture(text: &str, range: Range<usize>) -> Anchor {
        let start = floor_boundary(text, range.start);
        let end = floor_boundary(text, range.end.max(start));
        Anchor {
            quote: text[start..end].to_string(),
            prefix: last_chars(&text[..start], CONTEXT_CHARS).to_string(),
            suffix: first_chars(&text[end..], CONTEXT_CHARS).to_string(),
            offset: start,
        }
    }

    /// Finds the anchor in (a possibly edited) `text`.
    pub fn locate(&self, text: &str) -> Option<(Range<usize>, Placement)> {
        if self.quote.is_empty() {
            return None;
        }
        let len = self.quote.len();
        if text.get(self.offset..self.offset + len) == Some(self.quote.as_str()) {
            return Some((self.offset..self.offset + len, Placement::Exact));
        }
        let best = text
            .match_indices(self.quote.as_str())
            .map(|(i, _)| i)
            .max_by_key(|&i| {
                let context = self.context_score(text, i, i + len);
                let distance = i.abs_diff(self.offset);
                (context, std::cmp::Reverse(distance))
            });
        if let Some(i) = best {
            return Some((i..i + len, Placement::Moved));
        }
        self.fuzzy(text).map(|r| (r, Placement::Fuzzy))
    }

    /// Characters of prefix and suffix that agree around `start..end`.
    fn context_score(&self, text: &str, start: usize, end: usize) -> usize {
        let before = text[..start].chars().rev();
        let prefix = self
            .prefix
            .chars()
            .rev()
            .zip(before)
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = self
            .suffix
            .chars()
            .zip(text[end..].chars())
            .take_while(|(a, b)| a == b)
            .count();
        prefix + suffix
    }

    /// Best approximate occurrence of the quote: seeds from pieces of the quote, then an edit
    /// distance check of the window around each seed.
    fn fuzzy(&self, text: &str) -> Option<Range<usize>> {
        let quote: Vec<char> = self.quote.chars().collect();
        let n = quote.len();
        if n < 8 {
            return None;
        }
        let piece = (n / 4).clamp(4, 24);
        let mut seeds: Vec<(usize, usize)> = Vec::new(); // (position in text, offset in quote)
        for k in 0..4 {
            let from = (n - piece) * k / 3;
            let pattern: String = quote[from..from + piece].iter().collect();
            let quote_byte_offset: usize = quote[..from].iter().map(|c| c.len_utf8()).sum();
            seeds.extend(
                text.match_indices(pattern.as_str())
                    .take(50)
                    .map(|(i, _)| (i, quote_byte_offset)),
            );
        }
        let mut best: Option<(f32, usize, Range<usize>)> = None;
        for (pos, quote_offset) in seeds {
            let start = floor_boundary(text, pos.saturating_sub(quote_offset));
            // Try window lengths around the quote's length.
            for slack in [0usize, 4, 8, 16] {
                for grow in [false, true] {
                    let target = if grow {
                        self.quote.len() + slack
                    } else {
                        self.quote.len().saturating_sub(slack)
                    };
                    let end = floor_boundary(text, start + target);
                    if end <= start {
                        continue;
                    }
                    let window = &text[start..end];
                    let score = similarity(&self.quote, window);
                    let distance = start.abs_diff(self.offset);
                    let better = best.as_ref().is_none_or(|(s, d, _)| {
                        score > *s + 1e-6 || ((score - *s).abs() <= 1e-6 && distance < *d)
                    });
                    if better {
                        best = Some((score, distance, start..end));
                    }
                }
            }
        }
        best.filter(|(score, _, _)| *score >= FUZZY_THRESHOLD)
            .map(|(_, _, range)| trim_range(text, range))
    }
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// 1 − Levenshtein distance / the longer length, over characters.
pub fn similarity(a: &str, b: &str) -> f32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[b.len()] as f32 / longest as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TEXT: &str =
        "The MEK emerged in the mid-1960s as a splinter faction. It was founded by students. \
                        Later the MEK moved to Iraq. The MEK emerged again in Paris.";

    fn anchor_of(text: &str, quote: &str) -> Anchor {
        let i = text.find(quote).unwrap();
        Anchor::capture(text, i..i + quote.len())
    }

    #[test]
    fn exact_when_unchanged() {
        let a = anchor_of(TEXT, "founded by students");
        let (r, p) = a.locate(TEXT).unwrap();
        assert_eq!(&TEXT[r], "founded by students");
        assert_eq!(p, Placement::Exact);
    }

    #[test]
    fn moved_after_an_insertion_before_it() {
        let a = anchor_of(TEXT, "founded by students");
        let edited = format!("A new opening sentence. {TEXT}");
        let (r, p) = a.locate(&edited).unwrap();
        assert_eq!(&edited[r], "founded by students");
        assert_eq!(p, Placement::Moved);
    }

    #[test]
    fn context_picks_the_right_occurrence() {
        // "The MEK emerged" occurs twice; the anchor is the second one.
        let i = TEXT.rfind("The MEK emerged").unwrap();
        let a = Anchor::capture(TEXT, i..i + "The MEK emerged".len());
        let edited = TEXT.replace("Later", "Much later, in the eighties,");
        let (r, _) = a.locate(&edited).unwrap();
        assert_eq!(r.start, edited.rfind("The MEK emerged").unwrap());
    }

    #[test]
    fn fuzzy_after_a_small_edit_of_the_quote() {
        let a = anchor_of(TEXT, "as a splinter faction. It was founded by students");
        let edited = TEXT.replace("It was founded", "It was created");
        let (r, p) = a.locate(&edited).unwrap();
        assert_eq!(p, Placement::Fuzzy);
        assert!(edited[r].contains("splinter faction. It was created by students"));
    }

    #[test]
    fn deleted_quote_is_not_found() {
        let a = anchor_of(TEXT, "It was founded by students.");
        let edited = TEXT.replace("It was founded by students. ", "");
        assert!(a.locate(&edited).is_none());
    }

    #[test]
    fn capture_respects_char_boundaries() {
        let text = "“Quoted” — text ünïcode";
        let a = Anchor::capture(text, 1..5);
        assert!(text.contains(&a.quote));
    }

    proptest! {
        /// Random insertions and deletions away from the quote keep it anchored on the same text.
        #[test]
        fn edits_away_from_the_quote_keep_it(
            edits in proptest::collection::vec((any::<bool>(), 0usize..1000, "[a-z .]{1,20}"), 1..6),
            qstart in 0usize..120, qlen in 10usize..40,
        ) {
            let base: String = (0..12).map(|i| format!("Sentence number {i} says something distinct about topic {}. ", i * 7)).collect();
            let qstart = qstart.min(base.len() - qlen - 1);
            let quote = base[qstart..qstart + qlen].to_string();
            let anchor = Anchor::capture(&base, qstart..qstart + qlen);
            let mut text = base.clone();
            let mut qpos = qstart;
            for (insert, at, s) in edits {
                // Pick a place outside the quote and its context.
                let guard = CONTEXT_CHARS + 2;
                let candidates: Vec<usize> = (0..=text.len())
                    .filter(|&i| i + guard < qpos || i > qpos + qlen + guard)
                    .collect();
                if candidates.is_empty() { continue; }
                let at = candidates[at % candidates.len()];
                if insert {
                    text.insert_str(at, &s);
                    if at < qpos { qpos += s.len(); }
                } else {
                    let end = (at + s.len()).min(text.len());
                    let end = if at < qpos { end.min(qpos.saturating_sub(guard)) } else { end };
                    if end <= at { continue; }
                    text.replace_range(at..end, "");
                    if at < qpos { qpos -= end - at; }
                }
            }
            let (r, _) = anchor.locate(&text).expect("still anchored");
            prop_assert_eq!(&text[r.clone()], quote.as_str());
            prop_assert_eq!(r.start, qpos);
        }
    }
}
