//! Text search over document text (pure): smart case, byte ranges into the text.

use super::{App, Direction};
use std::ops::Range;

/// Every non-overlapping occurrence of `query` in `text`, as byte ranges.
///
/// Smart case: a query with an upper-case letter matches case-sensitively, otherwise case is
/// ignored (Unicode simple lower-casing, char by char). Matches never end inside a character.
pub fn find_all(text: &str, query: &str, limit: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if query.is_empty() {
        return out;
    }
    let sensitive = query.chars().any(char::is_uppercase);
    if sensitive {
        for (i, m) in text.match_indices(query) {
            out.push(i..i + m.len());
            if out.len() >= limit {
                break;
            }
        }
        return out;
    }
    let q: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    let mut start = 0;
    let indices: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < indices.len() {
        let (i, _) = indices[k];
        if i < start {
            k += 1;
            continue;
        }
        if let Some(end) = match_at(&indices, k, &q, text.len()) {
            out.push(i..end);
            if out.len() >= limit {
                break;
            }
            start = end;
        }
        k += 1;
    }
    out
}

fn match_at(indices: &[(usize, char)], mut k: usize, q: &[char], text_len: usize) -> Option<usize> {
    let mut qi = 0;
    while qi < q.len() {
        let (_, c) = *indices.get(k)?;
        for lc in c.to_lowercase() {
            if q.get(qi) != Some(&lc) {
                return None;
            }
            qi += 1;
        }
        k += 1;
    }
    Some(indices.get(k).map_or(text_len, |(i, _)| *i))
}

/// A one-line excerpt of `text` around `range`, at most about `width` columns, with the
/// match's position inside the excerpt (byte range relative to the returned string).
pub fn snippet(text: &str, range: &Range<usize>, width: usize) -> (String, Range<usize>) {
    use crate::wrap::str_width;
    // Context before the match: about a third of the width, starting at a word.
    let budget = width / 3;
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let mut start = range.start;
    for (i, _) in text[line_start..range.start].char_indices().rev() {
        if str_width(&text[line_start + i..range.start]) > budget {
            break;
        }
        start = line_start + i;
    }
    let mut cut_before = start > line_start;
    if cut_before {
        if let Some(sp) = text[start..range.start].find(' ') {
            start += sp + 1;
        }
        cut_before = start > line_start;
    }
    let line_end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    let mut end = range.end;
    let mut used = str_width(&text[start..range.end]) + usize::from(cut_before);
    for (i, c) in text[range.end..line_end].char_indices() {
        let w = str_width(c.encode_utf8(&mut [0; 4]));
        if used + w > width.saturating_sub(1) {
            break;
        }
        used += w;
        end = range.end + i + c.len_utf8();
    }
    let flat = |t: &str| -> String {
        t.chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect()
    };
    let a = format!(
        "{}{}",
        if cut_before { "…" } else { "" },
        flat(&text[start..range.start])
    );
    let m = flat(&text[range.clone()]);
    let b = format!(
        "{}{}",
        flat(&text[range.end..end]),
        if end < line_end { "…" } else { "" }
    );
    let r = a.len()..a.len() + m.len();
    (format!("{a}{m}{b}"), r)
}

pub(crate) const SEARCH_LIMIT: usize = 10_000;

pub(crate) const CORPUS_SEARCH_LIMIT: usize = 2_000;

impl App {
    pub(super) fn step_match(&mut self, dir: Direction) {
        let f = self.focus;
        let Some(search) = &self.panes[f].search else {
            self.status = Some("no search (/ searches this document)".into());
            return;
        };
        let n = search.matches.len();
        if n == 0 {
            self.status = Some(format!("no match for {:?}", search.query));
            return;
        }
        let next = match search.current {
            Some(c) if dir == Direction::Forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
            None => 0,
        };
        let wrapped = match (search.current, dir) {
            (Some(c), Direction::Forward) => next <= c,
            (Some(c), Direction::Backward) => next >= c,
            (None, _) => false,
        };
        let start = search.matches[next].start;
        self.panes[f].search.as_mut().unwrap().current = Some(next);
        self.show_offset(f, start);
        self.status = Some(if wrapped {
            dir.pick(
                format!(
                    "search hit BOTTOM, continuing at TOP — match {} of {n}",
                    next + 1
                ),
                format!(
                    "search hit TOP, continuing at BOTTOM — match {} of {n}",
                    next + 1
                ),
            )
        } else {
            format!("match {} of {n}", next + 1)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case() {
        let t = "MEK and mek and Mek";
        assert_eq!(find_all(t, "mek", 10), vec![0..3, 8..11, 16..19]);
        assert_eq!(find_all(t, "Mek", 10), vec![16..19]);
        assert_eq!(find_all(t, "", 10), vec![]);
        assert_eq!(find_all(t, "mek", 2).len(), 2);
    }

    #[test]
    fn unicode_case_folding_keeps_byte_ranges() {
        let t = "Ärger über ÄRGER";
        let m = find_all(t, "ärger", 10);
        assert_eq!(m.len(), 2);
        for r in m {
            assert_eq!(t[r].to_lowercase(), "ärger");
        }
    }

    #[test]
    fn snippet_contains_match() {
        let t = "one two three four five six seven";
        let (s, r) = snippet(t, &(14..18), 12);
        assert_eq!(&s[r], "four");
    }
}
