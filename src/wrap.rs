//! Wrapping text by display width (pure).
//!
//! Text is cut into lines at word boundaries so that no line is wider than the requested
//! number of terminal columns. Widths are measured per grapheme cluster with `unicode-width`
//! (CJK and emoji take two columns), graphemes are never split, and a word (or URL) longer
//! than a whole line is broken between graphemes. Output lines are byte ranges into the
//! document text — the one coordinate system shared with blocks, passages and notes.
//!
//! Whitespace is collapsed only at line breaks: the spaces where a line is broken belong to
//! no line. A `\n` inside the text is a hard break.

use std::borrow::Cow;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width of one grapheme cluster, as the reader draws it.
///
/// Whitespace and control characters are drawn as one space (see [`display_grapheme`]);
/// everything else is measured by `unicode-width` (zero-width graphemes take no column).
pub fn grapheme_width(g: &str) -> usize {
    if is_blank(g) {
        1
    } else {
        g.width()
    }
}

/// What the reader draws for a grapheme: whitespace and control characters become a space.
pub fn display_grapheme(g: &str) -> Cow<'_, str> {
    if is_blank(g) {
        Cow::Borrowed(" ")
    } else {
        Cow::Borrowed(g)
    }
}

/// Display width of a string as the reader draws it.
pub fn str_width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

fn is_blank(g: &str) -> bool {
    g.chars().any(|c| c.is_control() || c.is_whitespace())
}

fn is_space(g: &str) -> bool {
    g != "\n" && g != "\r\n" && g.chars().all(char::is_whitespace)
}

fn is_newline(g: &str) -> bool {
    g == "\n" || g == "\r\n"
}

/// Truncates `s` to at most `width` columns, adding `…` when something was cut.
pub fn truncate(s: &str, width: usize) -> Cow<'_, str> {
    if str_width(s) <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w > width - 1 {
            break;
        }
        out.push_str(&display_grapheme(g));
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// Wraps `text` (which starts at byte `base` of the document) into lines of at most `width`
/// columns. Returns absolute byte ranges (`base + …`) into the document text.
///
/// Empty text yields one empty line. A single grapheme wider than `width` (a CJK character at
/// width 1) gets a line of its own: graphemes are never split.
pub fn wrap(text: &str, base: usize, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    // The current line: start offset, end offset, width.
    let mut line: Option<(usize, usize, usize)> = None;
    // Whitespace seen after the current line's last word: (end offset, width).
    let mut pending_space: Option<(usize, usize)> = None;
    let mut word: Vec<(usize, &str)> = Vec::new();

    let flush_word = |word: &mut Vec<(usize, &str)>,
                      line: &mut Option<(usize, usize, usize)>,
                      pending_space: &mut Option<(usize, usize)>,
                      lines: &mut Vec<Range<usize>>| {
        if word.is_empty() {
            return;
        }
        let w: usize = word.iter().map(|(_, g)| grapheme_width(g)).sum();
        let start = word[0].0;
        let (last_i, last_g) = word[word.len() - 1];
        let end = last_i + last_g.len();
        let space = pending_space.take();
        if let Some((_, lend, lw)) = line.as_mut() {
            let sw = space.map_or(0, |s| s.1);
            if *lw + sw + w <= width {
                *lend = end;
                *lw += sw + w;
                word.clear();
                return;
            }
            let (ls, le, _) = line.take().unwrap();
            lines.push(ls..le);
        }
        if w <= width {
            *line = Some((start, end, w));
        } else {
            // Break an over-long word between graphemes.
            let mut cs = start;
            let mut cw = 0;
            let mut ce = start;
            for &(i, g) in word.iter() {
                let gw = grapheme_width(g);
                if cw + gw > width && cw > 0 {
                    lines.push(cs..ce);
                    cs = i;
                    cw = 0;
                }
                cw += gw;
                ce = i + g.len();
            }
            *line = Some((cs, ce, cw));
        }
        word.clear();
    };

    for (i, g) in text.grapheme_indices(true) {
        let abs = base + i;
        if is_newline(g) {
            flush_word(&mut word, &mut line, &mut pending_space, &mut lines);
            pending_space = None;
            match line.take() {
                Some((s, e, _)) => lines.push(s..e),
                None => lines.push(abs..abs),
            }
        } else if is_space(g) {
            flush_word(&mut word, &mut line, &mut pending_space, &mut lines);
            if line.is_some() {
                let w = pending_space.map_or(0, |s| s.1) + grapheme_width(g);
                pending_space = Some((abs + g.len(), w));
            }
        } else {
            word.push((abs, g));
        }
    }
    flush_word(&mut word, &mut line, &mut pending_space, &mut lines);
    if let Some((s, e, _)) = line {
        lines.push(s..e);
    }
    if lines.is_empty() {
        lines.push(base..base);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts<'a>(text: &'a str, lines: &[Range<usize>]) -> Vec<&'a str> {
        lines.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let t = "the quick brown fox jumps";
        assert_eq!(
            texts(t, &wrap(t, 0, 10)),
            ["the quick", "brown fox", "jumps"]
        );
    }

    #[test]
    fn ranges_are_absolute() {
        let t = "ab cd";
        assert_eq!(wrap(t, 100, 2), vec![100..102, 103..105]);
    }

    #[test]
    fn wide_characters_are_measured() {
        let t = "漢字漢字 漢字";
        // 8 columns + space + 4 columns
        assert_eq!(texts(t, &wrap(t, 0, 8)), ["漢字漢字", "漢字"]);
        assert_eq!(texts(t, &wrap(t, 0, 13)), ["漢字漢字 漢字"]);
        // Over-long CJK word broken between characters, never inside one.
        assert_eq!(texts(t, &wrap(t, 0, 5)), ["漢字", "漢字", "漢字"]);
    }

    #[test]
    fn emoji_graphemes_are_not_split() {
        let t = "👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦";
        for w in 1..8 {
            for r in wrap(t, 0, w) {
                assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end));
                assert!(!t[r].is_empty());
            }
        }
    }

    #[test]
    fn long_urls_are_broken() {
        let t = "see https://example.com/a/very/long/path/indeed here";
        let lines = texts(t, &wrap(t, 0, 12));
        assert_eq!(lines[0], "see");
        assert!(lines.iter().all(|l| str_width(l) <= 12));
        assert_eq!(lines.concat().replace(' ', ""), t.replace(' ', ""));
    }

    /// Found by `cargo fuzz` (wrap target): marks with no base before a wide character at
    /// width 1. The wide character cannot fit anyway; the marks stay with it rather than take
    /// a line of their own, and nothing else shares the line.
    #[test]
    fn baseless_marks_stay_with_the_next_grapheme() {
        let t = "\u{670}\u{670}㷧 a";
        let lines = texts(t, &wrap(t, 0, 1));
        assert_eq!(lines, ["\u{670}\u{670}㷧", "a"]);
        for l in lines {
            let visible = l.graphemes(true).filter(|g| grapheme_width(g) > 0).count();
            assert!(str_width(l) <= 1 || visible == 1, "{l:?}");
        }
    }

    /// Found by `cargo fuzz` (wrap target): a space ending a grapheme of prepended marks
    /// (U+0602) is one grapheme, drawn as one blank column.
    #[test]
    fn prepended_marks_with_a_space_are_one_blank_column() {
        let t = "\0\u{602}\u{602} x";
        let lines = wrap(t, 0, 2);
        assert_eq!(texts(t, &lines), ["\0\u{602}\u{602} ", "x"]);
        assert!(lines.iter().all(|r| str_width(&t[r.clone()]) <= 2));
    }

    #[test]
    fn hard_breaks_and_empty_text() {
        assert_eq!(wrap("", 5, 10), vec![5..5]);
        let t = "a\n\nb";
        assert_eq!(texts(t, &wrap(t, 0, 10)), ["a", "", "b"]);
    }

    #[test]
    fn truncate_adds_ellipsis() {
        assert_eq!(truncate("hello world", 20), "hello world");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("漢字漢字", 5), "漢字…");
    }

    proptest! {
        #[test]
        fn lines_tile_the_text_and_fit(
            text in "([a-z]{1,12}|[ ]{1,3}|漢|👍🏽|e\u{301}|\u{670}|https://x\\.org/[a-z/]{5,40}|\n){0,60}",
            width in 1usize..300,
        ) {
            let lines = wrap(&text, 7, width);
            let mut pos = 7;
            for r in &lines {
                prop_assert!(r.start >= pos, "lines overlap or go backwards");
                // What lies between lines is only whitespace (collapsed at the break).
                prop_assert!(text[pos - 7..r.start - 7].chars().all(char::is_whitespace));
                let s = &text[r.start - 7..r.end - 7];
                let w = str_width(s);
                let visible = s.graphemes(true).filter(|g| grapheme_width(g) > 0).count();
                prop_assert!(w <= width || visible == 1,
                    "line {:?} is {} wide at width {}", s, w, width);
                pos = r.end;
            }
            prop_assert!(text[pos - 7..].chars().all(char::is_whitespace));
        }
    }
}
