//! Footnotes: recognising note definitions and markers, and linking them.
//!
//! Definitions: `1 Text`, `1. Text`, `[1] Text`, `[1]Text`, `[^1]: Text`, `¹ Text`.
//! Markers in body text: `[1]`, `[^1]`, unicode superscripts (`¹²`), and a number glued after a
//! word or punctuation (`that year.1 However`). A glued number only counts when a note with that
//! label exists, it is followed by a space or the end of the paragraph, and it does not run far
//! ahead of the markers seen so far — so years, counts and `1960’s` never become markers.

/// A note definition found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteDef {
    pub label: String,
    /// Byte offset where the note's text begins (after the label).
    pub body_start: usize,
}

fn digits_prefix(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

fn valid_label(d: &str) -> bool {
    !d.is_empty() && d.len() <= 3 && !d.starts_with('0')
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript_digit(c: char) -> Option<char> {
    SUPERSCRIPTS
        .iter()
        .position(|&s| s == c)
        .map(|i| (b'0' + i as u8) as char)
}

/// Byte length of the run of superscript digits at the start of `s`.
fn superscript_len(s: &str) -> usize {
    s.chars()
        .take_while(|&c| superscript_digit(c).is_some())
        .map(char::len_utf8)
        .sum()
}

/// Reads a run of superscript digits at the start of `s`: (label, byte length). Runs longer
/// than a label can be are not read to their end.
fn superscript_run(s: &str) -> Option<(String, usize)> {
    let mut label = String::new();
    let mut len = 0;
    for c in s.chars().take(4) {
        match superscript_digit(c) {
            Some(d) => {
                label.push(d);
                len += c.len_utf8();
            }
            None => break,
        }
    }
    let ended = s[len..]
        .chars()
        .next()
        .and_then(superscript_digit)
        .is_none();
    (valid_label(&label) && ended).then_some((label, len))
}

/// Recognises a note definition at the start of a paragraph.
pub fn parse_note_def(text: &str) -> Option<NoteDef> {
    let skip_space = |from: usize| from + text[from..].len() - text[from..].trim_start().len();
    if let Some(rest) = text.strip_prefix("[^") {
        let n = digits_prefix(rest);
        let label = &rest[..n];
        if valid_label(label) && rest[n..].starts_with("]:") {
            return Some(NoteDef {
                label: label.to_string(),
                body_start: skip_space(2 + n + 2),
            });
        }
        return None;
    }
    if let Some(rest) = text.strip_prefix('[') {
        let n = digits_prefix(rest);
        let label = &rest[..n];
        if valid_label(label) && rest[n..].starts_with(']') {
            let after = 1 + n + 1;
            if text.len() > after {
                return Some(NoteDef {
                    label: label.to_string(),
                    body_start: skip_space(after),
                });
            }
        }
        return None;
    }
    if let Some((label, len)) = superscript_run(text) {
        return Some(NoteDef {
            label,
            body_start: skip_space(len),
        });
    }
    let n = digits_prefix(text);
    let label = &text[..n];
    if !valid_label(label) {
        return None;
    }
    let rest = &text[n..];
    let after = if rest.starts_with(". ") || rest.starts_with(") ") {
        n + 2
    } else if rest.starts_with(' ') {
        n + 1
    } else {
        return None;
    };
    // A note's text starts like a citation: a capital, a quote or a digit — not "1963 was".
    let body = &text[after..];
    let first = body.chars().next()?;
    let plausible = first.is_uppercase() || "“\"'‘(".contains(first);
    plausible.then(|| NoteDef {
        label: label.to_string(),
        body_start: skip_space(after),
    })
}

/// Where page boilerplate glued to the end of a note begins: a rule of dashes after the
/// note's last sentence (`…nbc-news.——–Right Web`, a page trailer that the line joining ran
/// into the note), as a byte offset into `body`. A rule at the start of a note (`———, Title`:
/// the same author again, in a bibliography) is the note's own.
pub fn trailer_start(body: &str) -> Option<usize> {
    let is_dash = |c: char| matches!(c, '—' | '–' | '―');
    let is_rule = |c: char| matches!(c, '-' | '_' | '=' | '*');
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        if !(is_dash(c) || is_rule(c)) {
            k += 1;
            continue;
        }
        let dashes = is_dash(c);
        let run = chars[k..]
            .iter()
            .take_while(|(_, c)| if dashes { is_dash(*c) } else { is_rule(*c) })
            .count();
        let long_enough = if dashes { run >= 2 } else { run >= 3 };
        let before = body[..at].trim_end();
        let after_sentence = before.ends_with(['.', ')', '”', '"', '’']);
        let next = chars.get(k + run).map(|(_, c)| *c);
        let then_page = next.is_none_or(|c| c.is_whitespace() || c.is_uppercase());
        if long_enough && !before.is_empty() && after_sentence && then_page {
            return Some(before.len());
        }
        k += run;
    }
    None
}

/// Whether a note's text says only that it repeats the previous one.
pub fn is_ibid(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t == "ibid" || t.starts_with("ibid.") || t.starts_with("ibid,") || t.starts_with("ibid ")
}

/// A marker found in a paragraph: byte offset and length in the paragraph text, and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundMarker {
    pub offset: usize,
    pub len: usize,
    pub label: String,
}

/// Characters after which a glued number can be a marker.
fn glue_before(c: char) -> bool {
    c.is_lowercase() || ".,;:!?)”’\"'".contains(c)
}

/// Finds footnote markers in a paragraph. `has_label` says whether a note with a label exists;
/// `last_label` is the highest label cited so far in the document (updated here).
pub fn find_markers(
    text: &str,
    has_label: &dyn Fn(&str) -> bool,
    last_label: &mut u32,
) -> Vec<FoundMarker> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        // Skip quickly to the next byte that can start a marker: `[`, a digit, or the lead
        // byte of a superscript digit (U+00B9/B2/B3 and U+2070–2079).
        match bytes[i..]
            .iter()
            .position(|&b| b == b'[' || b.is_ascii_digit() || b == 0xC2 || b == 0xE2)
        {
            Some(skip) => i += skip,
            None => break,
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if c == '[' {
            let caret = text[i + 1..].starts_with('^');
            let start = i + 1 + caret as usize;
            let n = digits_prefix(&text[start..]);
            let label = &text[start..start + n];
            if valid_label(label) && text[start + n..].starts_with(']') {
                // `[^1]:` at a paragraph start is a definition, not a marker.
                let len = start + n + 1 - i;
                found.push(FoundMarker {
                    offset: i,
                    len,
                    label: label.to_string(),
                });
                *last_label = (*last_label).max(label.parse().unwrap_or(0));
                i += len;
                continue;
            }
        } else if superscript_digit(c).is_some() {
            // the whole run is read once: a run too long to be a label is skipped whole, so
            // glued superscripts cost linear time
            let len = superscript_len(&text[i..]);
            if let Some((label, _)) = superscript_run(&text[i..i + len]) {
                *last_label = (*last_label).max(label.parse().unwrap_or(0));
                found.push(FoundMarker {
                    offset: i,
                    len,
                    label,
                });
            }
            i += len;
            continue;
        } else if c.is_ascii_digit() && i > 0 {
            let n = digits_prefix(&text[i..]);
            let label = &text[i..i + n];
            let prev = text[..i].chars().next_back().unwrap_or(' ');
            let prev2 = text[..i - prev.len_utf8()]
                .chars()
                .next_back()
                .unwrap_or(' ');
            let next = text[i + n..].chars().next();
            let value: u32 = label.parse().unwrap_or(u32::MAX);
            let glued = glue_before(prev)
                && !prev2.is_ascii_digit()
                && (prev.is_alphabetic() || prev2.is_alphanumeric() || "”’\"')".contains(prev2))
                && next.is_none_or(char::is_whitespace)
                && valid_label(label)
                && value <= *last_label + 3
                && has_label(label);
            if glued {
                found.push(FoundMarker {
                    offset: i,
                    len: n,
                    label: label.to_string(),
                });
                *last_label = (*last_label).max(value);
            }
            i += n;
            continue;
        }
        i += c.len_utf8().max(1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, notes: &[&str]) -> Vec<String> {
        let mut last = 0;
        find_markers(text, &|l| notes.contains(&l), &mut last)
            .into_iter()
            .map(|m| m.label)
            .collect()
    }

    #[test]
    fn note_definitions() {
        let def = parse_note_def("1 Mojahed Journal, Issue No. 10").unwrap();
        assert_eq!((def.label.as_str(), def.body_start), ("1", 2));
        assert_eq!(parse_note_def("2. Mehr News Agency").unwrap().label, "2");
        assert_eq!(
            parse_note_def("[3] US State Department")
                .unwrap()
                .body_start,
            4
        );
        assert_eq!(parse_note_def("[2]ibid").unwrap().body_start, 3);
        assert_eq!(parse_note_def("[^4]: Note").unwrap().label, "4");
        assert_eq!(parse_note_def("¹² Twelve").unwrap().label, "12");
        assert!(parse_note_def("1963").is_none());
        assert!(parse_note_def("1963 was a year").is_none());
        assert!(parse_note_def("3,000 members").is_none());
        assert!(parse_note_def("[TTL] x").is_none());
    }

    #[test]
    fn glued_markers() {
        assert_eq!(
            labels("the US embassy later that year.1 However, in", &["1"]),
            vec!["1"]
        );
        assert_eq!(labels("support for it.2 The MEK", &["1", "2"]), vec!["2"]);
        assert_eq!(labels("its 'terrorist' ally.3", &["3"]), vec!["3"]);
    }

    #[test]
    fn no_false_markers() {
        let notes = ["1", "2", "3", "18", "60"];
        assert!(labels("since its emergence in the 1960’s. Therefore", &notes).is_empty());
        assert!(labels("a statement on June18, urging", &notes).is_empty());
        assert!(labels("some 3,000 MEK members in 2003 and 1960", &notes).is_empty());
        assert!(labels("it need not be.[..] That [TTL] [some] [of] [them]", &notes).is_empty());
        assert!(labels("the F16 jets and MP3 files", &notes).is_empty());
        // Too far ahead of what has been cited so far.
        assert!(labels("in the year.60 Then", &notes).is_empty());
    }

    #[test]
    fn bracket_superscript_and_caret_markers() {
        assert_eq!(labels("in 1979.[21] However", &[]), vec!["21"]);
        assert_eq!(labels("over.” [13]", &[]), vec!["13"]);
        assert_eq!(labels("text¹² more", &[]), vec!["12"]);
        assert_eq!(labels("text[^3] more", &[]), vec!["3"]);
    }

    #[test]
    fn ibid() {
        assert!(is_ibid("ibid"));
        assert!(is_ibid("Ibid., p. 4"));
        assert!(!is_ibid("Ibidem Publishing House report"));
    }

    #[test]
    fn a_page_trailer_after_a_note_is_not_the_note() {
        let body =
            "Richard Engel, NBCNews.com, February 9, 2012, http://x.example/nbc-news.——–Right Web";
        let cut = trailer_start(body).unwrap();
        assert!(body[..cut].ends_with("nbc-news."), "{}", &body[..cut]);
        assert_eq!(trailer_start("———, Another title, 2004."), None);
        assert_eq!(trailer_start("A. Writer, pp. 3–4, 2010."), None);
        assert_eq!(trailer_start("A long-winded note -- with a dash."), None);
        assert_eq!(trailer_start("Ibid. ---- Page 4"), Some(5));
    }
}
