//! Lines → raw paragraphs.
//!
//! Three layouts occur in real sources and are told apart from the text itself:
//! - blank-line separated paragraphs, possibly hard-wrapped (lines of a chunk are joined);
//! - one paragraph per line (web copies: a chunk whose lines are long);
//! - PDF extractions: every line followed by a blank line, paragraphs marked by whitespace-only
//!   lines (or, failing that, by a short line that ends a sentence). Words hyphenated at a line
//!   end are joined (the hyphen is kept when the joined word never appears without it).
//!
//! Afterwards a paragraph cut in two by a stray blank line (it ends mid-sentence and the next
//! starts in lower case) is mended.

use super::normalize::collapse_spaces;
use unicode_width::UnicodeWidthStr;

/// A paragraph of source text on one line, with the number of the source line it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawParagraph {
    pub text: String,
    /// 0-based index of the first source line.
    pub line: usize,
}

/// A chunk: a run of non-blank lines, with what separated it from the previous chunk.
struct Chunk<'a> {
    lines: Vec<(usize, &'a str)>,
    /// The gap before this chunk held a whitespace-only line (PDF paragraph mark).
    after_marked_gap: bool,
    /// Number of blank lines in the gap before this chunk.
    gap: usize,
}

fn chunks(text: &str) -> Vec<Chunk<'_>> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut current: Vec<(usize, &str)> = Vec::new();
    let mut marked = false;
    let mut gap = 0;
    let (mut next_marked, mut next_gap) = (false, 0);
    for (i, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(Chunk {
                    lines: std::mem::take(&mut current),
                    after_marked_gap: marked,
                    gap,
                });
                next_marked = false;
                next_gap = 0;
            }
            next_gap += 1;
            if !line.is_empty() {
                next_marked = true;
            }
        } else {
            if current.is_empty() {
                marked = next_marked;
                gap = next_gap;
            }
            current.push((i, line));
        }
    }
    if !current.is_empty() {
        out.push(Chunk {
            lines: current,
            after_marked_gap: marked,
            gap,
        });
    }
    out
}

/// A chunk that is only a page number (`3`, `- 3 -`, `Page 3`), as PDF extractions leave them.
fn is_page_number(chunk: &Chunk) -> bool {
    if chunk.lines.len() != 1 {
        return false;
    }
    let t = chunk.lines[0]
        .1
        .trim()
        .trim_matches(|c: char| c == '-' || c == ' ');
    let t = t
        .strip_prefix("Page ")
        .or_else(|| t.strip_prefix("page "))
        .unwrap_or(t);
    !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit())
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with(['.', '!', '?', ':', '"', '”', '’', '\'', ')', ']'])
}

fn starts_lowercase(s: &str) -> bool {
    s.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase())
}

/// Whether the text is a PDF-style extraction: mostly single-line chunks, many of which stop in
/// the middle of a sentence that the next chunk continues.
fn is_pdf_layout(chunks: &[Chunk]) -> bool {
    if chunks.len() < 8 {
        return false;
    }
    let single = chunks.iter().filter(|c| c.lines.len() <= 2).count();
    let continued = chunks
        .windows(2)
        .filter(|w| {
            let last = w[0].lines.last().map(|l| l.1).unwrap_or("");
            !ends_sentence(last) && starts_lowercase(w[1].lines[0].1)
        })
        .count();
    single * 10 >= chunks.len() * 7 && continued * 10 >= chunks.len() * 3
}

/// Joins two wrapped lines, mending a word hyphenated at the line end.
fn join_wrapped(acc: &mut String, next: &str, vocabulary: &Vocabulary) {
    let next = next.trim();
    if acc.is_empty() {
        acc.push_str(next);
        return;
    }
    let hyphenated = acc.ends_with('-')
        && acc[..acc.len() - 1]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphabetic())
        && next.chars().next().is_some_and(|c| c.is_alphabetic());
    if hyphenated {
        let head_start = acc
            .rfind(|c: char| !c.is_alphabetic() && c != '-')
            .map(|i| i + acc[i..].chars().next().map_or(1, char::len_utf8))
            .unwrap_or(0);
        let head = &acc[head_start..acc.len() - 1];
        let tail: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
        let joined = format!("{head}{tail}");
        let known_unhyphenated = next.chars().next().is_some_and(|c| c.is_lowercase())
            && !head.contains('-')
            && vocabulary.contains(&joined);
        if known_unhyphenated {
            acc.pop();
        }
        acc.push_str(next);
    } else {
        acc.push(' ');
        acc.push_str(next);
    }
}

/// The words of a text, built on first use (only texts with hyphenated line ends need it).
struct Vocabulary<'a> {
    text: &'a str,
    words: std::cell::OnceCell<std::collections::HashSet<&'a str>>,
}

impl<'a> Vocabulary<'a> {
    fn new(text: &'a str) -> Self {
        Vocabulary {
            text,
            words: std::cell::OnceCell::new(),
        }
    }

    fn contains(&self, word: &str) -> bool {
        self.words
            .get_or_init(|| {
                self.text
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .contains(word)
    }
}

/// Display width above which a line is taken to be a whole paragraph rather than a wrapped line.
const LONG_LINE: usize = 120;

/// Splits cleaned text (see [`super::normalize::clean`]) into raw paragraphs.
pub fn paragraphs(text: &str) -> Vec<RawParagraph> {
    let chunks = chunks(text);
    let vocabulary = Vocabulary::new(text);
    let mut out: Vec<RawParagraph> = Vec::new();
    if is_pdf_layout(&chunks) {
        let marked = chunks.iter().any(|c| c.after_marked_gap || c.gap >= 2);
        let widths: Vec<usize> = chunks
            .iter()
            .flat_map(|c| c.lines.iter().map(|l| l.1.trim().width()))
            .collect();
        let typical = percentile(&widths, 75);
        let mut current = String::new();
        let mut start = 0;
        let mut prev_short_end = false;
        let mut after_page_number = false;
        for chunk in &chunks {
            if is_page_number(chunk) {
                after_page_number = true;
                continue;
            }
            let boundary = if after_page_number {
                // A page break says nothing about paragraphs: only a finished sentence followed
                // by a capital does.
                ends_sentence(&current) && !starts_lowercase(chunk.lines[0].1)
            } else if marked {
                chunk.after_marked_gap || chunk.gap >= 2
            } else {
                prev_short_end
            };
            after_page_number = false;
            if boundary && !current.is_empty() {
                out.push(RawParagraph {
                    text: collapse_spaces(&current),
                    line: start,
                });
                current.clear();
            }
            for &(i, line) in &chunk.lines {
                if current.is_empty() {
                    start = i;
                }
                join_wrapped(&mut current, line, &vocabulary);
                prev_short_end = ends_sentence(line) && line.trim().width() * 4 < typical * 3;
            }
        }
        if !current.trim().is_empty() {
            out.push(RawParagraph {
                text: collapse_spaces(&current),
                line: start,
            });
        }
    } else {
        for chunk in &chunks {
            let long = chunk
                .lines
                .iter()
                .any(|(_, l)| l.trim().width() > LONG_LINE);
            if long || chunk.lines.len() == 1 {
                for &(i, line) in &chunk.lines {
                    out.push(RawParagraph {
                        text: collapse_spaces(line),
                        line: i,
                    });
                }
            } else {
                let mut joined = String::new();
                for &(_, line) in &chunk.lines {
                    join_wrapped(&mut joined, line, &vocabulary);
                }
                out.push(RawParagraph {
                    text: collapse_spaces(&joined),
                    line: chunk.lines[0].0,
                });
            }
        }
    }
    let mut out = mend_broken(out);
    for p in out.iter_mut() {
        if let Some(rest) = after_empty_dashes(&p.text) {
            p.text = rest.to_string();
        }
    }
    out
}

/// The text after a leading run of two or more lone dashes ("— — The MEK…", left where a web
/// page had empty pull-quote or byline slots), when text follows; None otherwise. One dash
/// stays: it may open dialogue or a list item.
fn after_empty_dashes(text: &str) -> Option<&str> {
    let is_dash =
        |w: &str| !w.is_empty() && w.chars().all(|c| matches!(c, '—' | '–' | '-' | '―' | '‒'));
    let mut rest = text;
    let mut dashes = 0;
    loop {
        let trimmed = rest.trim_start();
        let word_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let word = &trimmed[..word_end];
        if !is_dash(word) {
            rest = trimmed;
            break;
        }
        dashes += 1;
        rest = &trimmed[word_end..];
    }
    (dashes >= 2 && !rest.is_empty()).then_some(rest)
}

/// Joins a paragraph that ends mid-sentence with a following one that starts in lower case.
fn mend_broken(paragraphs: Vec<RawParagraph>) -> Vec<RawParagraph> {
    let mut out: Vec<RawParagraph> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        if let Some(prev) = out.last_mut() {
            let prev_ends_word = prev
                .text
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == ',');
            if prev_ends_word && starts_lowercase(&p.text) && !looks_like_url(&prev.text) {
                prev.text.push(' ');
                prev.text.push_str(&p.text);
                continue;
            }
        }
        out.push(p);
    }
    out
}

fn looks_like_url(text: &str) -> bool {
    text.split_whitespace()
        .last()
        .is_some_and(|w| w.starts_with("http") || w.starts_with("www."))
}

fn percentile(values: &[usize], pct: usize) -> usize {
    if values.is_empty() {
        return 0;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    v[(v.len() - 1) * pct / 100]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<String> {
        paragraphs(input).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn blank_line_paragraphs_and_wrapped_lines() {
        assert_eq!(
            texts("Title\n\nOne two\nthree four.\n\nNext one."),
            vec!["Title", "One two three four.", "Next one."]
        );
    }

    #[test]
    fn long_lines_are_paragraphs_each() {
        let long = "word ".repeat(40);
        let input = format!("{long}\nShort heading\nWord {long}");
        assert_eq!(texts(&input).len(), 3);
    }

    #[test]
    fn broken_paragraph_is_mended() {
        assert_eq!(
            texts("advocates assert that Madeleine Albright\n\nlisted the MEK in 1997.\n\nNext."),
            vec![
                "advocates assert that Madeleine Albright listed the MEK in 1997.",
                "Next."
            ]
        );
    }

    #[test]
    fn pdf_layout_becomes_paragraphs() {
        let mut input = String::from(" Title line.\n\n \n\n");
        for p in 0..3 {
            for l in 0..4 {
                input.push_str(&format!("paragraph {p} line {l} goes on and on and \n\n"));
            }
            input.push_str(&format!("and ends here {p}.  \n\n \n\n"));
        }
        // A page number inside a paragraph neither splits it nor shows.
        input = input.replacen(
            "line 2 goes on and on and \n\n",
            "line 2 goes on and on and \n\n\n\n 7\n\nnext page\n\n",
            1,
        );
        let got = texts(&input);
        assert_eq!(got.len(), 4, "{got:#?}");
        assert!(got[1].starts_with("paragraph 0 line 0"));
        assert!(got[1].ends_with("ends here 0."));
        assert!(!got[1].contains('\n'));
        assert!(
            got[1].contains("and on and next page paragraph 0 line 3"),
            "{got:#?}"
        );
    }

    #[test]
    fn empty_dash_slots_before_a_paragraph_are_dropped() {
        assert_eq!(
            texts(
                "— — The MEK helped Islamists overthrow the Shah.\n\n— A reply in dialogue.\n\n— —"
            ),
            vec![
                "The MEK helped Islamists overthrow the Shah.",
                "— A reply in dialogue.",
                "— —"
            ]
        );
    }

    #[test]
    fn hyphen_at_line_end() {
        // Known word without the hyphen elsewhere → hyphen dropped; otherwise kept.
        assert_eq!(
            texts("an indis-\npensable tool, indispensable.\n\nPan-\nAmerican air."),
            vec!["an indispensable tool, indispensable.", "Pan-American air."]
        );
    }
}
