//! Values in a sentence: years, months, decades, ranges, counts and amounts (in figures or in
//! words), each normalised to an interval, and whether two values can both be true.
//!
//! A date is an interval of months (`year * 12 + month`, end exclusive); a count an interval
//! of numbers (inclusive). "1963" is the twelve months of 1963, "the early 1960s" 1960–1963,
//! "more than 3,000" is `[3000, ∞)`, "around 3,800" is 3,800 ± 5%. Two values are compatible
//! when their intervals meet.

use std::ops::Range;

mod words;
use words::multiplier;
#[cfg(test)]
use words::STARTERS;
pub use words::{is_number_word, may_hold_value, month, month_name, tokens, words_number, Token};

/// What a value measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A point or stretch of time, in months.
    Date,
    /// A number of things (people, dollars, per cent…).
    Count,
}

/// How the value is bounded by its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// As stated: "1963", "3,400", "May 2003".
    Exact,
    /// "around", "about", "roughly", "some", "approximately", "an estimated".
    About,
    /// "more than", "over", "at least".
    AtLeast,
    /// "up to", "fewer than", "nearly", "almost".
    AtMost,
    /// "between 5,000 and 10,000", "1980-88", "the 1960s".
    Range,
    /// "several hundred", "thousands of", "dozens".
    Vague,
}

/// A normalised value with where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: Kind,
    pub bound: Bound,
    /// Lowest value the statement allows (months for dates).
    pub lo: f64,
    /// Highest value the statement allows (dates: exclusive end, in months).
    pub hi: f64,
    /// For counts, the word that says what is counted (folded): "members", "$", "percent".
    pub unit: String,
    /// Byte range in the sentence, qualifier included ("around 3,800", "the early 1960s").
    pub span: Range<usize>,
}

impl Value {
    /// Can both statements be true?
    pub fn compatible(&self, other: &Value) -> bool {
        if self.kind != other.kind {
            return true;
        }
        match self.kind {
            Kind::Date => self.lo < other.hi && other.lo < self.hi,
            Kind::Count => self.lo <= other.hi + 1e-9 && other.lo <= self.hi + 1e-9,
        }
    }

    /// The same value, as precisely stated on both sides.
    pub fn same(&self, other: &Value) -> bool {
        self.kind == other.kind && self.lo == other.lo && self.hi == other.hi
    }

    /// How sharp the statement is, 0 to 1: an exact year or number is 1, a decade or a vague
    /// count much less.
    pub fn sharpness(&self) -> f32 {
        match (self.kind, self.bound) {
            (_, Bound::Vague) => 0.3,
            (Kind::Date, _) => {
                let months = (self.hi - self.lo).max(1.0);
                if months <= 12.0 {
                    1.0
                } else if months <= 60.0 {
                    0.7
                } else {
                    0.5
                }
            }
            (Kind::Count, Bound::Exact) => 1.0,
            (Kind::Count, Bound::About) => 0.9,
            (Kind::Count, _) => 0.6,
        }
    }

    /// How far apart two incompatible values are, relative to their size (0 when they meet).
    pub fn gap(&self, other: &Value) -> f64 {
        let (a, b) = if self.hi <= other.lo {
            (self, other)
        } else {
            (other, self)
        };
        let g = (b.lo - a.hi).max(0.0);
        match self.kind {
            Kind::Date => g / 12.0,
            Kind::Count => g / b.lo.abs().max(1.0),
        }
    }
}

/// A number written in figures: "3,800", "12", "2.5" (commas as thousands separators).
fn figure(t: &Token) -> Option<f64> {
    if !t.is_digits() {
        return None;
    }
    let s: String = t.text.chars().filter(|&c| c != ',').collect();
    s.parse::<f64>().ok()
}

/// Is this figure a year (four digits, 1000–2099, no comma)?
fn year_of(t: &Token) -> Option<i64> {
    let s = t.text;
    (s.len() == 4
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s.starts_with('1') || s.starts_with("20")))
    .then(|| s.parse().ok())
    .flatten()
}

/// A decade token: "1960s", or "1960" followed by "'s" / "’s".
fn decade_at(t: &[Token], i: usize) -> Option<(i64, usize)> {
    let s = t[i].text;
    if s.len() == 5 && s.ends_with('s') && s.as_bytes()[3] == b'0' {
        if let Ok(y) = s[..4].parse::<i64>() {
            if (1000..2100).contains(&y) {
                return Some((y, i + 1));
            }
        }
    }
    if s.len() == 4 && s.ends_with('0') {
        let y: i64 = s.parse().ok()?;
        if (1000..2100).contains(&y)
            && t.get(i + 1)
                .is_some_and(|a| matches!(a.text, "'" | "’") && !a.space_before)
            && t.get(i + 2)
                .is_some_and(|x| x.text == "s" && !x.space_before)
        {
            return Some((y, i + 3));
        }
    }
    None
}

/// Words that bound the number after them, matched backwards from the number.
const QUALIFIERS: &[(&[&str], Bound)] = &[
    (&["no", "more", "than"], Bound::AtMost),
    (&["more", "than"], Bound::AtLeast),
    (&["in", "excess", "of"], Bound::AtLeast),
    (&["upwards", "of"], Bound::AtLeast),
    (&["at", "least"], Bound::AtLeast),
    (&["over"], Bound::AtLeast),
    (&["fewer", "than"], Bound::AtMost),
    (&["less", "than"], Bound::AtMost),
    (&["at", "most"], Bound::AtMost),
    (&["up", "to"], Bound::AtMost),
    (&["under"], Bound::AtMost),
    (&["nearly"], Bound::AtMost),
    (&["almost"], Bound::AtMost),
    (&["close", "to"], Bound::About),
    (&["estimated", "to", "number"], Bound::About),
    (&["an", "estimated"], Bound::About),
    (&["approximately"], Bound::About),
    (&["roughly"], Bound::About),
    (&["around"], Bound::About),
    (&["about"], Bound::About),
    (&["some"], Bound::About),
    (&["circa"], Bound::About),
];

/// The qualifier just before token `i`: its bound and the index of its first token.
fn qualifier(t: &[Token], i: usize) -> Option<(Bound, usize)> {
    for (words, bound) in QUALIFIERS {
        let n = words.len();
        if i < n {
            continue;
        }
        if words
            .iter()
            .enumerate()
            .all(|(k, w)| t[i - n + k].lower() == *w)
        {
            return Some((*bound, i - n));
        }
    }
    None
}

/// Units of time: a count of them is a duration ("for twenty years"), which depends on when
/// it is written, and is left out — except an age ("forty-two years old").
fn is_time_unit(w: &str) -> bool {
    matches!(
        w,
        "year"
            | "years"
            | "month"
            | "months"
            | "day"
            | "days"
            | "week"
            | "weeks"
            | "hour"
            | "hours"
            | "minute"
            | "minutes"
            | "decade"
            | "decades"
            | "century"
            | "centuries"
            | "times"
            | "th"
            | "st"
            | "nd"
            | "rd"
            | "thirds"
            | "third"
            | "fourths"
            | "quarters"
            | "half"
    )
}

fn months_of_part(part: &str) -> Option<(i64, i64)> {
    match part {
        "early" => Some((0, 5)),
        "mid" | "middle" => Some((3, 9)),
        "late" => Some((6, 12)),
        _ => None,
    }
}

/// Can a value start at this token? (A cheap test that spares the parser most words.)
fn could_start(t: &Token) -> bool {
    let s = t.text;
    let Some(&b) = s.as_bytes().first() else {
        return false;
    };
    if b.is_ascii_digit() {
        return true;
    }
    if !b.is_ascii_alphabetic() || s.len() > 10 {
        return false;
    }
    if b.is_ascii_uppercase() && month(s).is_some() {
        return true;
    }
    s.len() == 1 && (b == b'a' || b == b'A') || is_number_word(s)
}

/// Parses every value of a sentence, left to right, none overlapping.
pub fn parse(s: &str) -> Vec<Value> {
    parse_tokens(&tokens(s))
}

/// [`parse`] on the tokens of a text (spans are those of the tokens).
pub fn parse_tokens(t: &[Token]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !could_start(&t[i]) {
            i += 1;
            continue;
        }
        if let Some((v, next)) = date_at(t, i).or_else(|| count_at(t, i)) {
            out.push(v);
            i = next.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

fn date_value(lo: i64, hi: i64, bound: Bound, span: Range<usize>) -> Value {
    Value {
        kind: Kind::Date,
        bound,
        lo: lo as f64,
        hi: hi as f64,
        unit: String::new(),
        span,
    }
}

/// "early", "mid", "late" (and "mid to late", "mid-") just before token `i`: the months of
/// the part and the first token.
fn part_before(t: &[Token], i: usize) -> Option<((i64, i64), usize)> {
    let mut k = i;
    if k > 0 && t[k - 1].is_dash() {
        k -= 1;
    }
    let part = months_of_part(&t.get(k.checked_sub(1)?)?.lower())?;
    let first = k - 1;
    // "mid to late 1981"
    if first >= 2 && t[first - 1].lower() == "to" {
        if let Some(p0) = months_of_part(&t[first - 2].lower()) {
            return Some(((p0.0, part.1), first - 2));
        }
    }
    Some((part, first))
}

fn date_at(t: &[Token], i: usize) -> Option<(Value, usize)> {
    // decades: "the 1960s", "the early 1960s", "mid-1980s", "the 1960's"
    if let Some((y, next)) = decade_at(t, i) {
        let (lo, hi, first) = match part_before(t, i) {
            // a part of a decade: early 0-3, mid 3-7, late 6-9 (years)
            Some(((0, _), f)) => (y, y + 4, f),
            Some(((3, _), f)) => (y + 3, y + 7, f),
            Some((_, f)) => (y + 6, y + 10, f),
            None => (y, y + 10, i),
        };
        return Some((
            date_value(
                lo * 12,
                hi * 12,
                Bound::Range,
                t[first].start..t[next - 1].end,
            ),
            next,
        ));
    }
    // month (day) (,) year: "May 2003", "June 28, 1981", "early February 2012"
    if let Some(m) = month(t[i].text) {
        let mut j = i + 1;
        if t.get(j).is_some_and(|x| {
            x.text.len() <= 4 && x.text.as_bytes()[0].is_ascii_digit() && year_of(x).is_none()
        }) {
            j += 1;
            if t.get(j).is_some_and(|x| x.text == ",") {
                j += 1;
            }
        }
        let y = year_of(t.get(j)?)?;
        let (first, lo, hi) = match part_before(t, i) {
            Some((_, f)) => (f, y * 12 + m as i64, y * 12 + m as i64 + 1),
            None => (i, y * 12 + m as i64, y * 12 + m as i64 + 1),
        };
        return Some((
            date_value(lo, hi, Bound::Exact, t[first].start..t[j].end),
            j + 1,
        ));
    }
    let y = year_of(&t[i])?;
    if t.get(i + 1)
        .is_some_and(|x| x.text.starts_with(['s', '\'', '’']) && !x.space_before)
    {
        return None;
    }
    if i > 0
        && (t[i - 1].text == "$"
            || !t[i].space_before && !t[i - 1].is_dash() && t[i - 1].text != "(")
    {
        return None;
    }
    if qualifier(t, i).is_some() || counted_figure(t, i) {
        return None;
    }
    // a range: "1981-83", "1980-1988", "1980 to 1988", "(1980-88)"
    if let Some((end, next)) = year_range_end(t, i, y) {
        let first = if i >= 1 && t[i - 1].lower() == "from" {
            i - 1
        } else {
            i
        };
        return Some((
            date_value(
                y * 12,
                (end + 1) * 12,
                Bound::Range,
                t[first].start..t[next - 1].end,
            ),
            next,
        ));
    }
    if let Some(((a, b), first)) = part_before(t, i) {
        return Some((
            date_value(
                y * 12 + a,
                y * 12 + b,
                Bound::Exact,
                t[first].start..t[i].end,
            ),
            i + 1,
        ));
    }
    Some((
        date_value(y * 12, y * 12 + 12, Bound::Exact, t[i].start..t[i].end),
        i + 1,
    ))
}

fn year_range_end(t: &[Token], i: usize, y: i64) -> Option<(i64, usize)> {
    let sep = t.get(i + 1)?;
    if !(sep.is_dash() || sep.lower() == "to" || sep.text == "/") {
        return None;
    }
    let e = t.get(i + 2)?;
    if !e.text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let end = match e.text.len() {
        2 => (y / 100) * 100 + e.text.parse::<i64>().ok()?,
        4 => year_of(e)?,
        _ => return None,
    };
    (end > y && end - y < 100).then_some((end, i + 3))
}

/// A year-like figure is a count when a plural noun follows and no determiner comes before
/// ("about 2000 people", but "the 1991 uprisings").
fn counted_figure(t: &[Token], i: usize) -> bool {
    let determiner = i > 0
        && matches!(
            t[i - 1].lower().as_ref(),
            "the"
                | "a"
                | "an"
                | "its"
                | "their"
                | "his"
                | "her"
                | "this"
                | "that"
                | "these"
                | "those"
        );
    !determiner && is_count_noun(t.get(i + 1))
}

/// A lower-case plural word after a figure makes it a count ("2000 people"), not a year.
fn is_count_noun(t: Option<&Token>) -> bool {
    t.is_some_and(|x| {
        let w = x.text;
        w.chars().next().is_some_and(char::is_lowercase)
            && w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !crate::align::text::is_stop_word(w)
    })
}

fn vague_at(t: &[Token], i: usize) -> Option<(f64, f64, usize, usize)> {
    let w = t[i].lower();
    let next = t.get(i + 1).map(Token::lower);
    let of = |k: usize| t.get(k).is_some_and(|x| x.lower() == "of");
    match (w.as_ref(), next.as_deref()) {
        ("several" | "a" | "few", Some("hundred")) if w != "a" => Some((200.0, 999.0, i, i + 2)),
        ("several" | "few", Some("thousand")) => Some((2000.0, 9999.0, i, i + 2)),
        ("tens", Some("of")) if t.get(i + 2).is_some_and(|x| x.lower() == "thousands") => {
            Some((20_000.0, 99_999.0, i, i + 3))
        }
        ("hundreds", _) if of(i + 1) => Some((200.0, 999.0, i, i + 1)),
        ("thousands", _) if of(i + 1) => Some((2000.0, 99_999.0, i, i + 1)),
        ("dozens", _) if of(i + 1) => Some((24.0, 199.0, i, i + 1)),
        _ => None,
    }
}

fn count_at(t: &[Token], i: usize) -> Option<(Value, usize)> {
    if let Some((lo, hi, first, next)) = vague_at(t, i) {
        let unit = unit_after(t, next);
        if unit.as_deref().is_some_and(is_time_unit) {
            return None;
        }
        return Some((
            Value {
                kind: Kind::Count,
                bound: Bound::Vague,
                lo,
                hi,
                unit: unit.unwrap_or_default(),
                span: t[first].start..t[next - 1].end,
            },
            next,
        ));
    }
    let money = i > 0 && t[i - 1].text == "$";
    let (n, mut next) = number_at(t, i)?;
    // footnote markers ("year.1", "[1]") and glued figures are not values
    if t[i].is_digits() && i > 0 && !t[i].space_before && !money && t[i - 1].text != "(" {
        return None;
    }
    if t[i].is_digits() && i > 0 && t[i - 1].text == "[" {
        return None;
    }
    if !t[i].is_digits() && n < 2.0 {
        return None; // "one of", "a hundred"-less "a"
    }
    let mut lo = n;
    let mut hi = n;
    let mut bound = Bound::Exact;
    let mut first = if money { i - 1 } else { i };
    // between A and B / A to B / A-B
    if let Some((m, after)) = range_end(t, next) {
        let between = first >= 1 && t[first - 1].lower() == "between";
        if m > n && (between || t[next].lower() != "and") {
            hi = m;
            bound = Bound::Range;
            next = after;
            if first >= 1 && t[first - 1].lower() == "between" {
                first -= 1;
            }
        }
    }
    if bound == Bound::Exact {
        if let Some((b, f)) = qualifier(t, first) {
            bound = b;
            first = f;
            match b {
                Bound::AtLeast => hi = f64::INFINITY,
                Bound::AtMost => {
                    lo = if f < t.len() && matches!(t[f].lower().as_ref(), "nearly" | "almost") {
                        n * 0.9
                    } else {
                        0.0
                    }
                }
                Bound::About => {
                    lo = n * 0.95;
                    hi = n * 1.05;
                }
                _ => {}
            }
        }
    }
    // a figure with nothing counted after it ("saying, 24.") is a stray number
    if t[i].is_digits()
        && !money
        && bound == Bound::Exact
        && unit_after(t, next).is_none()
        && t.get(next).is_none_or(|x| x.text != "%")
    {
        return None;
    }
    let unit = if money {
        "$".to_string()
    } else {
        let u = unit_after(t, next).unwrap_or_default();
        if is_time_unit(&u) {
            // an age is a value; a duration is left out
            let old = t.get(next + 1).is_some_and(|x| x.lower() == "old");
            if !old {
                return None;
            }
            // "ninety years old and nine"
            if t.get(next + 2).is_some_and(|x| x.lower() == "and") {
                if let Some((m, after)) = words_number(t, next + 3) {
                    if m < 10.0 && lo == hi {
                        lo += m;
                        hi += m;
                        next = after;
                    }
                }
            }
            "years old".to_string()
        } else if u == "per" || u == "percent" || t.get(next).is_some_and(|x| x.text == "%") {
            "percent".to_string()
        } else {
            u
        }
    };
    Some((
        Value {
            kind: Kind::Count,
            bound,
            lo,
            hi,
            unit,
            span: t[first].start..t[next - 1].end,
        },
        next,
    ))
}

/// A number in figures or words at token `i`, with "million"/"thousand" after figures.
fn number_at(t: &[Token], i: usize) -> Option<(f64, usize)> {
    if let Some(n) = figure(&t[i]) {
        if t[i].text.len() == 4 && year_of(&t[i]).is_some() && !t[i].text.contains(',') {
            // a year-like figure that the date parser left: a count only with a count noun or
            // a qualifier
            let counted = counted_figure(t, i) || qualifier(t, i).is_some();
            if !counted {
                return None;
            }
        }
        if let Some(m) = t.get(i + 1).and_then(|x| multiplier(&x.lower())) {
            if m >= 1e3 {
                return Some((n * m, i + 2));
            }
        }
        return Some((n, i + 1));
    }
    words_number(t, i)
}

fn range_end(t: &[Token], next: usize) -> Option<(f64, usize)> {
    let sep = t.get(next)?;
    // "and" joins a range only after "between" (checked by the caller)
    if !(sep.is_dash() || matches!(sep.lower().as_ref(), "to" | "and")) {
        return None;
    }
    let k = if t.get(next + 1).is_some_and(|x| x.text == "$") {
        next + 2
    } else {
        next + 1
    };
    t.get(k)?;
    number_at(t, k)
}

/// The word after a number (skipping a hyphen): what is counted.
fn unit_after(t: &[Token], next: usize) -> Option<String> {
    let mut k = next;
    if t.get(k).is_some_and(Token::is_dash) {
        k += 1;
    }
    let x = t.get(k)?;
    x.is_word().then(|| x.lower().into_owned())
}

#[cfg(test)]
#[path = "value_tests.rs"]
mod tests;
