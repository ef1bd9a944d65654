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
        let at = self.offset.saturating_add(len);
        if text.get(self.offset..at) == Some(self.quote.as_str()) {
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
        let (_, _, rough) = best.filter(|(score, _, _)| *score >= FUZZY_THRESHOLD - 0.15)?;
        let range = self.refine(text, rough);
        (similarity(&self.quote, &text[range.clone()]) >= FUZZY_THRESHOLD).then_some(range)
    }

    /// Puts the ends of a rough match where the quote's context says they are: the prefix and
    /// the quote's first characters are aligned around the rough start, the quote's last
    /// characters and the suffix around the rough end (an edit inside the quote leaves its
    /// context in place). Then an end that falls inside a word, where the quote's did not, is
    /// moved to the word's edge, and a match never spans a paragraph break the quote did not.
    fn refine(&self, text: &str, rough: Range<usize>) -> Range<usize> {
        const EDGE: usize = 40;
        let quote: Vec<char> = self.quote.chars().collect();
        let edge = EDGE.min(quote.len());
        let slack = 32 + self.quote.len() / 8;
        let prefix: Vec<char> = self.prefix.chars().collect();
        let suffix: Vec<char> = self.suffix.chars().collect();

        let head: Vec<char> = prefix.iter().chain(&quote[..edge]).copied().collect();
        let from = rough.start.saturating_sub(self.prefix.len() + slack);
        let to = rough.start + edge * 4 + slack;
        let start = align_boundary(text, from..to, &head, prefix.len(), true);

        let tail: Vec<char> = quote[quote.len() - edge..]
            .iter()
            .chain(&suffix)
            .copied()
            .collect();
        let from = rough.end.saturating_sub(edge * 4 + slack).max(start);
        let to = rough.end + self.suffix.len() + slack;
        let end = align_boundary(text, from..to, &tail, edge, false).max(start);

        let starts_word = quote.first().is_some_and(|c| c.is_alphanumeric())
            && !prefix.last().is_some_and(|c| c.is_alphanumeric());
        let ends_word = quote.last().is_some_and(|c| c.is_alphanumeric())
            && !suffix.first().is_some_and(|c| c.is_alphanumeric());
        let mut start = start;
        let mut end = end;
        if starts_word {
            while let Some(c) = text[..start].chars().next_back() {
                if !(c.is_alphanumeric() && text[start..].starts_with(char::is_alphanumeric)) {
                    break;
                }
                start -= c.len_utf8();
            }
        }
        if ends_word {
            while let Some(c) = text[end..].chars().next() {
                if !(c.is_alphanumeric() && text[..end].ends_with(char::is_alphanumeric)) {
                    break;
                }
                end += c.len_utf8();
            }
        }
        let mut range = trim_range(text, start..end.max(start));
        if !self.quote.contains('\n') {
            range = longest_line(text, range);
        }
        range
    }
}

/// Aligns `pattern` somewhere inside `text[window]` (semi-global edit distance: text before
/// and after is free) and returns the byte offset in `text` that the alignment puts between
/// `pattern[..split]` and `pattern[split..]`. Text the alignment inserts right at the split
/// goes to the side that is not the quote: after the split when `quote_after` (a start
/// boundary), before it otherwise (an end boundary).
fn align_boundary(
    text: &str,
    window: Range<usize>,
    pattern: &[char],
    split: usize,
    quote_after: bool,
) -> usize {
    let from = floor_boundary(text, window.start);
    let to = floor_boundary(text, window.end.max(from));
    let chars: Vec<(usize, char)> = text[from..to]
        .char_indices()
        .map(|(i, c)| (from + i, c))
        .collect();
    let byte_at = |j: usize| chars.get(j).map_or(to, |&(b, _)| b);
    let (m, n) = (pattern.len(), chars.len());
    let w = n + 1;
    let mut d = vec![0u32; (m + 1) * w];
    for i in 1..=m {
        d[i * w] = i as u32;
        for j in 1..=n {
            let cost = u32::from(pattern[i - 1] != chars[j - 1].1);
            d[i * w + j] = (d[(i - 1) * w + j - 1] + cost)
                .min(d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1);
        }
    }
    let mut j = (0..=n).min_by_key(|&j| d[m * w + j]).unwrap_or(0);
    let mut i = m;
    let (mut entered, mut left) = (None, None);
    loop {
        if i == split {
            entered.get_or_insert(j);
            left = Some(j);
        }
        if i == 0 {
            break;
        }
        let here = d[i * w + j];
        if j > 0 && here == d[(i - 1) * w + j - 1] + u32::from(pattern[i - 1] != chars[j - 1].1) {
            i -= 1;
            j -= 1;
        } else if here == d[(i - 1) * w + j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    let j = if quote_after { entered } else { left }.unwrap_or(0);
    byte_at(j)
}

/// The longest run of `range` without a line break (a match must not reach into another
/// paragraph when its quote did not).
fn longest_line(text: &str, range: Range<usize>) -> Range<usize> {
    let mut best = range.start..range.start;
    let mut at = range.start;
    for line in text[range.clone()].split('\n') {
        if line.len() > best.len() {
            best = at..at + line.len();
        }
        at += line.len() + 1;
    }
    trim_range(text, best)
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

    const CAMPS: &str = "The first paragraph is about something else entirely and ends here.\n\n\
        Local council governments ran the camps, and their policies differed from one province \
        to the next. Observers noted the gap between them. A final sentence closes it.";

    /// Re-anchors `quote` of CAMPS in `CAMPS` edited by `edit`; the text it lands on.
    fn reanchor(quote: &str, edit: impl Fn(&str) -> String) -> String {
        let a = anchor_of(CAMPS, quote);
        let edited = edit(CAMPS);
        let (r, _) = a.locate(&edited).expect("anchored");
        edited[r].to_string()
    }

    /// Issue 20, item 5: edits inside a highlighted sentence keep the quote on its real
    /// boundaries: no start in the middle of a word, no reach into the previous paragraph.
    #[test]
    fn an_edit_inside_the_quote_keeps_its_boundaries() {
        let q = "council governments ran the camps, and their policies differed";
        assert_eq!(
            reanchor(q, |t| t.replace("ran the", "administered the")),
            "council governments administered the camps, and their policies differed"
        );
        assert_eq!(
            reanchor(q, |t| t.replace("their ", "")),
            "council governments ran the camps, and policies differed"
        );
        assert_eq!(
            reanchor(q, |t| t.replace("council", "councils")),
            "councils governments ran the camps, and their policies differed"
        );
        // The quote opens the paragraph, and its second word is deleted.
        let q = "Local council governments ran the camps";
        assert_eq!(
            reanchor(q, |t| t.replace("council ", "")),
            "Local governments ran the camps"
        );
        assert_eq!(
            reanchor(q, |t| t.replace("Local", "Regional")),
            "Regional council governments ran the camps"
        );
    }

    #[test]
    fn edits_before_and_after_the_quote_with_one_inside_keep_its_boundaries() {
        let q = "council governments ran the camps, and their policies differed";
        assert_eq!(
            reanchor(q, |t| t
                .replace("Local", "In those years the local")
                .replace("ran", "managed")),
            "council governments managed the camps, and their policies differed"
        );
        assert_eq!(
            reanchor(q, |t| t
                .replace("from one province", "across the provinces")
                .replace("ran", "managed")),
            "council governments managed the camps, and their policies differed"
        );
    }

    #[test]
    fn a_sentence_moved_elsewhere_and_edited_is_found() {
        let q = "Observers noted the gap between them.";
        let moved = reanchor(q, |t| {
            let t = t.replace(" Observers noted the gap between them.", "");
            format!("Observers noted the wide gap between them. {t}")
        });
        assert_eq!(moved, "Observers noted the wide gap between them.");
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
