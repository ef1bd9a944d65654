//! Text search over document text (pure): smart case, byte ranges into the text.

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
    let before = width / 3;
    let mut start = range.start;
    let mut taken = 0;
    for (i, c) in text[..range.start].char_indices().rev() {
        if c == '\n' || taken >= before {
            break;
        }
        start = i;
        taken += 1;
    }
    let mut end = range.end;
    let mut taken = crate::wrap::str_width(&text[start..range.end]);
    for (i, c) in text[range.end..].char_indices() {
        if c == '\n' || taken >= width {
            break;
        }
        end = range.end + i + c.len_utf8();
        taken += 1;
    }
    let s: String = text[start..end]
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    (s, range.start - start..range.end - start)
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
