//! The words of a sentence that values are made of: its tokens, month names, numbers written
//! in words ("forty-two", "threescore"), and the cheap tests that tell a value may start.

use std::borrow::Cow;

/// A token of a sentence: a run of letters and digits (a number keeps its thousands commas and
/// decimal point), or one other visible character.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// Preceded by white space (or the start).
    pub space_before: bool,
}

impl<'a> Token<'a> {
    pub(super) fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }
    pub(super) fn is_digits(&self) -> bool {
        !self.text.is_empty()
            && self
                .text
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
            && self.text.as_bytes()[0].is_ascii_digit()
    }
    /// The token lower-cased; borrowed when it already is (lower-case ASCII, most words).
    pub(super) fn lower(&self) -> Cow<'a, str> {
        if self
            .text
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            Cow::Borrowed(self.text)
        } else {
            Cow::Owned(self.text.to_lowercase())
        }
    }
    pub(super) fn is_dash(&self) -> bool {
        matches!(self.text, "-" | "–" | "—" | "‑")
    }
}

/// Splits a sentence into tokens.
pub fn tokens(s: &str) -> Vec<Token<'_>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut iter = s.char_indices().peekable();
    let mut space = true;
    while let Some((start, c)) = iter.next() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let mut end = start + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(i, d)) = iter.peek() {
                let digit_sep = (d == ',' || d == '.')
                    && s[start..i].bytes().all(|x| x.is_ascii_digit() || x == b',')
                    && b.get(i + 1).is_some_and(u8::is_ascii_digit);
                if d.is_alphanumeric() || digit_sep {
                    end = i + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
        }
        out.push(Token {
            start,
            end,
            text: &s[start..end],
            space_before: space,
        });
        space = false;
    }
    out
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (0-11) a word names ("Sept." and "Jan" too), if written with a capital.
pub fn month(word: &str) -> Option<usize> {
    if !word.chars().next().is_some_and(char::is_uppercase) || word.len() < 3 {
        return None;
    }
    month_name(word.trim_end_matches('.'))
}

/// The month a word names, whatever its case: full names, or "Jan", "Sept", "Oct" ("Mar" is
/// left out: it is also a word and a name).
pub fn month_name(w: &str) -> Option<usize> {
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    MONTHS.iter().position(|m| {
        m.eq_ignore_ascii_case(w)
            || (w.len() <= 4
                && !w.eq_ignore_ascii_case("mar")
                && m.len() > w.len()
                && m[..w.len()].eq_ignore_ascii_case(w))
    })
}

/// Is this word part of a number written in words ("seven", "hundred", "threescore")?
pub fn is_number_word(w: &str) -> bool {
    let b = w.as_bytes();
    if (2..=9).contains(&b.len()) {
        // the starters are 2 to 9 letters long: folded into a buffer, the list is one
        // `match` (a switch on the length, then a few comparisons), not a walk
        let mut buf = [0u8; 9];
        for (d, c) in buf.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        if is_starter(&buf[..b.len()]) {
            return true;
        }
    }
    b.len() > 5 && w.is_ascii() && w[w.len() - 5..].eq_ignore_ascii_case("score")
}

/// Is this folded word one of [`STARTERS`]?
fn is_starter(w: &[u8]) -> bool {
    matches!(
        w,
        b"one"
            | b"two"
            | b"three"
            | b"four"
            | b"five"
            | b"six"
            | b"seven"
            | b"eight"
            | b"nine"
            | b"ten"
            | b"eleven"
            | b"twelve"
            | b"thirteen"
            | b"fourteen"
            | b"fifteen"
            | b"sixteen"
            | b"seventeen"
            | b"eighteen"
            | b"nineteen"
            | b"twenty"
            | b"thirty"
            | b"forty"
            | b"fifty"
            | b"sixty"
            | b"seventy"
            | b"eighty"
            | b"ninety"
            | b"hundred"
            | b"thousand"
            | b"million"
            | b"billion"
            | b"an"
            | b"several"
            | b"few"
            | b"tens"
            | b"hundreds"
            | b"thousands"
            | b"dozens"
    )
}

/// Could `s` hold a value at all? Every value has a figure or a number word that is more
/// than an article or "one" ("a hundred", "several thousand", "dozens of", "threescore"):
/// a byte scan, no tokens, so that passages without any (most of them) are not parsed.
/// Never false where [`parse`] finds a value (tested on the seeds and the gospels).
pub fn may_hold_value(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            return true;
        }
        if c.is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let w = &s[start..i];
            if is_number_word(w) && !matches!(w.len(), 1..=3 if is_weak_starter(w)) {
                return true;
            }
            continue;
        }
        if c >= 0x80 {
            // a figure in another script: let the parser decide
            let ch = s[i..].chars().next().unwrap_or(' ');
            if ch.is_numeric() {
                return true;
            }
            i += ch.len_utf8();
            continue;
        }
        i += 1;
    }
    false
}

/// Starters that begin a value only before a stronger number word ("a hundred", "an
/// estimated 3,000", "several thousand", "a few hundred", "one million").
fn is_weak_starter(w: &str) -> bool {
    ["a", "an", "one", "few"]
        .iter()
        .any(|x| x.eq_ignore_ascii_case(w))
}

fn small_number(w: &str) -> Option<f64> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    // "threescore and ten"
    if let Some(n) = w
        .strip_suffix("score")
        .filter(|p| !p.is_empty())
        .and_then(small_number)
    {
        return Some(n * 20.0);
    }
    if let Some(i) = ONES.iter().position(|x| *x == w) {
        return Some(i as f64);
    }
    TENS.iter()
        .position(|x| *x == w)
        .map(|i| (i as f64 + 2.0) * 10.0)
}

pub(super) fn multiplier(w: &str) -> Option<f64> {
    match w {
        "hundred" => Some(100.0),
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        "billion" => Some(1e9),
        _ => None,
    }
}

/// A number written in words from token `i`: "seven hundred", "forty-two", "one million one
/// hundred thousand", "a hundred and five". Returns the value and the index after it.
pub fn words_number(t: &[Token], i: usize) -> Option<(f64, usize)> {
    let mut total = 0.0;
    let mut current = 0.0;
    let mut j = i;
    let mut seen = false;
    let mut last_end = i;
    while j < t.len() {
        let w = t[j].lower();
        if let Some(n) = small_number(&w) {
            // "twenty five" / "twenty-five" add up; "five twenty" does not
            let after_and = j > i && t[j - 1].lower() == "and";
            if current > 0.0
                && (current % 100.0 == 0.0
                    || current >= 20.0 && current % 10.0 == 0.0 && n < 20.0
                    // "five and twenty"
                    || after_and && current < 10.0 && n >= 20.0 && n % 10.0 == 0.0)
            {
                current += n;
            } else if current > 0.0 {
                break;
            } else {
                current = n;
            }
            seen = true;
            last_end = j + 1;
        } else if let Some(m) = multiplier(&w) {
            if !seen {
                // "a hundred", "an hundred"
                if j > i && matches!(t[j - 1].lower().as_ref(), "a" | "an") {
                    current = 1.0;
                } else {
                    break;
                }
            }
            if m == 100.0 {
                current = current.max(1.0) * 100.0;
            } else {
                total += current.max(1.0) * m;
                current = 0.0;
            }
            seen = true;
            last_end = j + 1;
        } else if (w == "and" || t[j].is_dash()) && seen {
            // inside a number only when a number word follows
        } else if (w == "a" || w == "an") && !seen && j == i {
            // "a hundred"
        } else {
            break;
        }
        j += 1;
    }
    seen.then_some((total + current, last_end))
}

/// Words a value can start with (besides figures), lower-case.
#[cfg(test)]
pub(super) const STARTERS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "a",
    "an",
    "several",
    "few",
    "tens",
    "hundreds",
    "thousands",
    "dozens",
];
