//! Markdown-lite inline parsing: source paragraph → display text + spans.
//!
//! `[text](url)` shows `text` as a link; backslash escapes (`\(`, `\[`, `\*` …) lose their
//! backslash; `*x*` / `_x_`-free emphasis with single asterisks becomes emphasis; bare URLs are
//! marked. Span ranges are byte ranges of the returned display text.

use super::model::{Span, SpanKind};

/// Display text of a paragraph and its inline spans (relative to the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub spans: Vec<Span>,
}

const ESCAPABLE: &[char] = &[
    '\\', '(', ')', '[', ']', '*', '_', '#', '`', '{', '}', '.', '!', '-', '+',
];

/// Finds the `]` closing a link text that starts after `open`, honouring escapes and nesting.
fn closing_bracket(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in s[open + 1..].char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' if depth == 0 => return Some(open + 1 + i),
            ']' => depth -= 1,
            '\n' => return None,
            _ => {}
        }
    }
    None
}

/// Finds the `)` closing a link destination starting at `open` (which is `(`).
fn closing_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s[open + 1..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(open + 1 + i),
            ')' => depth -= 1,
            ' ' | '\n' => return None,
            _ => {}
        }
    }
    None
}

/// Appends `s` to `out` with backslash escapes removed.
fn push_unescaped(out: &mut String, s: &str) {
    if !s.contains('\\') {
        out.push_str(s);
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if ESCAPABLE.contains(&n) {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
}

/// Parses one paragraph of source text.
pub fn parse(source: &str) -> Inline {
    let mut text = String::with_capacity(source.len());
    let mut spans = Vec::new();
    let mut i = 0;
    let mut plain_start = 0;
    let bytes = source.as_bytes();
    while i < source.len() {
        let c = bytes[i];
        if c == b'\\' && i + 1 < source.len() {
            // Skip the escaped character so `\[` never opens a link.
            let next_len = source[i + 1..].chars().next().map_or(1, char::len_utf8);
            i += 1 + next_len;
            continue;
        }
        if c == b'[' {
            if let Some(close) = closing_bracket(source, i) {
                if source[close + 1..].starts_with('(') {
                    if let Some(paren) = closing_paren(source, close + 1) {
                        push_unescaped(&mut text, &source[plain_start..i]);
                        let start = text.len();
                        push_unescaped(&mut text, &source[i + 1..close]);
                        let url = source[close + 2..paren].to_string();
                        if text.len() > start {
                            spans.push(Span {
                                range: start..text.len(),
                                kind: SpanKind::Link { url },
                            });
                        }
                        i = paren + 1;
                        plain_start = i;
                        continue;
                    }
                }
            }
        }
        i += source[i..].chars().next().map_or(1, char::len_utf8);
    }
    push_unescaped(&mut text, &source[plain_start..]);
    let (text, spans) = apply_emphasis(text, spans);
    let mut spans = spans;
    mark_urls(&text, &mut spans);
    spans.sort_by_key(|s| (s.range.start, s.range.end));
    Inline { text, spans }
}

/// Turns `*word …*` pairs into emphasis spans, removing the asterisks and shifting other spans.
fn apply_emphasis(text: String, spans: Vec<Span>) -> (String, Vec<Span>) {
    let stars: Vec<usize> = text.match_indices('*').map(|(i, _)| i).collect();
    if stars.len() < 2 {
        return (text, spans);
    }
    let mut pairs = Vec::new();
    let mut open: Option<usize> = None;
    for &i in &stars {
        let before = text[..i].chars().last();
        let after = text[i + 1..].chars().next();
        match open {
            None => {
                let can_open = after.is_some_and(|c| !c.is_whitespace() && c != '*')
                    && !before.is_some_and(|c| c.is_alphanumeric());
                if can_open {
                    open = Some(i);
                }
            }
            Some(o) => {
                let can_close = before.is_some_and(|c| !c.is_whitespace() && c != '*')
                    && !after.is_some_and(|c| c.is_alphanumeric());
                if can_close {
                    pairs.push((o, i));
                    open = None;
                }
            }
        }
    }
    if pairs.is_empty() {
        return (text, spans);
    }
    let removed: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    let shift = |pos: usize| pos - removed.iter().filter(|&&r| r < pos).count();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for &r in &removed {
        out.push_str(&text[last..r]);
        last = r + 1;
    }
    out.push_str(&text[last..]);
    let mut spans: Vec<Span> = spans
        .into_iter()
        .map(|s| Span {
            range: shift(s.range.start)..shift(s.range.end),
            kind: s.kind,
        })
        .collect();
    for (a, b) in pairs {
        spans.push(Span {
            range: shift(a)..shift(b),
            kind: SpanKind::Emphasis,
        });
    }
    (out, spans)
}

/// Marks bare `http(s)://` and `www.` URLs that are not already inside a link.
fn mark_urls(text: &str, spans: &mut Vec<Span>) {
    let mut found = Vec::new();
    let mut search = 0;
    while let Some(rel) = text[search..]
        .find("http")
        .into_iter()
        .chain(text[search..].find("www."))
        .min()
    {
        let start = search + rel;
        let at_word_start = !text[..start]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric());
        let rest = &text[start..];
        let is_url =
            rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.");
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if at_word_start && is_url {
            let mut end = start + len;
            while text[..end].ends_with(['.', ',', ')', ';', ':', '”', '"']) && end > start + 4 {
                end -= text[..end].chars().last().map_or(1, char::len_utf8);
            }
            let inside_link = spans
                .iter()
                .any(|s| s.range.start <= start && start < s.range.end);
            if !inside_link {
                found.push(Span {
                    range: start..end,
                    kind: SpanKind::Url,
                });
            }
        }
        search = start + len.max(1);
        while !text.is_char_boundary(search) {
            search += 1;
        }
    }
    spans.extend(found);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_show_their_text() {
        let p = parse("See [Camp Hurriya \\(Liberty\\)](#) near Baghdad.");
        assert_eq!(p.text, "See Camp Hurriya (Liberty) near Baghdad.");
        assert_eq!(&p.text[p.spans[0].range.clone()], "Camp Hurriya (Liberty)");
        assert_eq!(p.spans[0].kind, SpanKind::Link { url: "#".into() });
    }

    #[test]
    fn escaped_brackets_inside_link_text() {
        let p = parse("[Al Qaeda \\[Rush Transcript\\]](#)");
        assert_eq!(p.text, "Al Qaeda [Rush Transcript]");
        assert_eq!(p.spans.len(), 1);
    }

    #[test]
    fn plain_brackets_stay() {
        assert_eq!(
            parse("release [of] the [TTL] [..]").text,
            "release [of] the [TTL] [..]"
        );
    }

    #[test]
    fn emphasis() {
        let p = parse("wrote Kempster in the *LA Times*.");
        assert_eq!(p.text, "wrote Kempster in the LA Times.");
        assert_eq!(&p.text[p.spans[0].range.clone()], "LA Times");
        assert_eq!(p.spans[0].kind, SpanKind::Emphasis);
        assert_eq!(parse("2 * 3 * 4").text, "2 * 3 * 4");
    }

    #[test]
    fn emphasis_shifts_links() {
        let p = parse("*The Hill* [x](#)");
        assert_eq!(p.text, "The Hill x");
        let link = p
            .spans
            .iter()
            .find(|s| matches!(s.kind, SpanKind::Link { .. }))
            .unwrap();
        assert_eq!(&p.text[link.range.clone()], "x");
    }

    #[test]
    fn bare_urls() {
        let p = parse("at http://www.state.gov/j/ct/index.htm.");
        assert_eq!(
            &p.text[p.spans[0].range.clone()],
            "http://www.state.gov/j/ct/index.htm"
        );
        assert_eq!(p.spans.len(), 1);
    }
}
