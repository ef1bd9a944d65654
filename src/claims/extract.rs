//! Claims from passages: each value of each sentence, with the words that say what it is
//! about (weighted by the corpus's own inverse document frequency and by nearness to the
//! value), the names near it, and the sentence's own time.

use super::sentence::sentences_through;
use super::value::{self, Kind, Value};
use crate::align::text::{self, Analyzer};
use crate::align::AlignIndex;
use crate::corpus::{BlockKind, Corpus};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::ops::Range;

/// A statement that carries a checkable value.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: usize,
    /// Index of the document in the corpus.
    pub doc: usize,
    /// Passage id in the alignment index.
    pub passage: usize,
    /// Byte range of the sentence in the document text.
    pub sentence: Range<usize>,
    /// Byte range of the value as written (qualifier included) in the document text.
    pub span: Range<usize>,
    pub value: Value,
    /// The content words of the sentence, stem → weight (idf × nearness to the value),
    /// heaviest first.
    pub words: Vec<(String, f32)>,
    /// The content words of the sentence, stem → idf (nearness not counted).
    pub sentence_words: Vec<(String, f32)>,
    /// Display form of each stem of `words`.
    pub display: Vec<String>,
    /// Names (capitalised words inside the sentence) near the value, as stems.
    pub names: Vec<String>,
    /// The sentence's own time, in months (`[lo, hi)`): the other dates it gives, or the
    /// document's date for a sentence in the present tense. `None` when it gives none.
    pub time: Option<(f64, f64)>,
    /// Values of the same kind elsewhere in the sentence.
    pub others: Vec<Value>,
    /// What is counted, as a stem ("" for a date or when nothing is named).
    pub unit_stem: String,
    /// `words` by interned stem id, sorted by id (for fast comparison).
    pub(crate) terms: Vec<(u32, f32)>,
    /// `sentence_words` by interned stem id, sorted by id.
    pub(crate) sentence_terms: Vec<(u32, f32)>,
}

impl Claim {
    /// The few content words that say what the value is about.
    pub fn about(&self, k: usize) -> Vec<&str> {
        self.display.iter().take(k).map(String::as_str).collect()
    }
}

/// Inverse document frequency over passages, by stem, read from the alignment index's own
/// vocabulary and passage vectors (a term the index drops as too common weighs nothing; a
/// stem it does not know — a spelling merged into another — weighs as the rarest).
pub(crate) struct Idf<'a> {
    ids: FxHashMap<&'a str, usize>,
    idf: Vec<f32>,
    max: f32,
}

impl<'a> Idf<'a> {
    fn build(index: &'a AlignIndex) -> Idf<'a> {
        let n = index.passages.len().max(1);
        let mut df = vec![0usize; index.terms.len()];
        for v in &index.vectors {
            for &(t, _) in v {
                if let Some(d) = df.get_mut(t as usize) {
                    *d += 1;
                }
            }
        }
        let max = ((n + 1) as f32).ln();
        let idf = df
            .into_iter()
            .map(|d| {
                if d == 0 {
                    0.0
                } else {
                    ((n + 1) as f32 / (d as f32 + 0.5)).ln().max(0.0)
                }
            })
            .collect();
        let ids = index
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), i))
            .collect();
        Idf { ids, idf, max }
    }
    fn get(&self, stem: &str) -> f32 {
        self.ids.get(stem).map_or(self.max, |&i| self.idf[i])
    }
}

/// Months since year 0 of a document date ("2014-07-28", "2014").
fn date_months(date: &str) -> Option<f64> {
    let mut parts = date.split('-');
    let y: f64 = parts.next()?.trim().parse().ok()?;
    let m: f64 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(1.0);
    Some(y * 12.0 + m - 1.0)
}

/// The weight of a capitalised word among the words that say what a value is about.
pub const NAME_WEIGHT: f32 = 0.3;

const PRESENT: &[&str] = &[
    "is",
    "are",
    "has",
    "have",
    "remain",
    "remains",
    "reside",
    "resides",
    "live",
    "lives",
    "now",
    "currently",
    "today",
    "presently",
];

/// Words that never say what a value is about: qualifiers and number words.
fn is_noise(folded: &str) -> bool {
    matches!(
        folded,
        "more"
            | "than"
            | "around"
            | "about"
            | "approximately"
            | "roughly"
            | "some"
            | "nearly"
            | "almost"
            | "least"
            | "estimated"
            | "number"
            | "several"
            | "hundred"
            | "hundreds"
            | "thousand"
            | "thousands"
            | "million"
            | "millions"
            | "billion"
            | "dozens"
            | "early"
            | "mid"
            | "late"
            | "since"
            | "until"
            | "per"
            | "cent"
    ) || value::month_name(folded).is_some()
        || folded.bytes().all(|b| b.is_ascii_digit())
        || value::is_number_word(folded)
}

/// The sentences of `text` that hold one of `values`. Unicode segmentation runs only on a
/// window around each value (the rough sentence holding it and its neighbours, by
/// [`crate::align::passages::sentence_bounds`]): it is the costly part.
fn sentences_with_values(text: &str, values: &[Value]) -> Vec<Range<usize>> {
    let mut starts = vec![0];
    starts.extend(crate::align::passages::sentence_bounds(text));
    starts.push(text.len());
    let mut windows: Vec<Range<usize>> = Vec::new();
    for v in values {
        let k = starts.partition_point(|&b| b <= v.span.start).max(1) - 1;
        let w = starts[k.saturating_sub(1)]..starts[(k + 2).min(starts.len() - 1)];
        match windows.last_mut() {
            Some(last) if last.end >= w.start => last.end = last.end.max(w.end),
            _ => windows.push(w),
        }
    }
    let mut out: Vec<Range<usize>> = Vec::new();
    for w in windows {
        // the sentences after the last value of the window hold none of them
        let last = values
            .iter()
            .map(|v| v.span.end)
            .filter(|&e| e <= w.end)
            .max()
            .unwrap_or(w.end);
        for s in sentences_through(&text[w.clone()], last.saturating_sub(w.start)) {
            let s = w.start + s.start..w.start + s.end;
            let holds = values
                .iter()
                .any(|v| v.span.start >= s.start && v.span.end <= s.end);
            if holds && out.last().is_none_or(|l| l.end <= s.start) {
                out.push(s);
            }
        }
    }
    out
}

struct RawClaim {
    doc: usize,
    passage: usize,
    sentence: Range<usize>,
    values: Vec<Value>,
}

/// The sentences of passage `p` that hold a value, with their values (none for a passage
/// that is not a paragraph).
fn raw_claims(corpus: &Corpus, p: &crate::align::Passage) -> Vec<RawClaim> {
    let doc = &corpus.documents[p.doc];
    if doc
        .blocks
        .get(p.block)
        .is_some_and(|b| b.kind != BlockKind::Paragraph)
    {
        return Vec::new();
    }
    let t = &doc.text[p.range.clone()];
    if !value::may_hold_value(t) {
        return Vec::new();
    }
    let tokens = value::tokens(t);
    let found = value::parse_tokens(&tokens);
    if found.is_empty() {
        return Vec::new();
    }
    let mut raw = Vec::new();
    for s in sentences_with_values(t, &found) {
        let values = parse_sentence(t, &tokens, s.clone());
        if values.is_empty() {
            continue;
        }
        raw.push(RawClaim {
            doc: p.doc,
            passage: p.id,
            sentence: p.range.start + s.start..p.range.start + s.end,
            values,
        });
    }
    raw
}

/// [`value::parse`] of the sentence `s` of `t`, from the tokens of `t` when none straddles
/// an end of the sentence (then they are the sentence's own tokens).
fn parse_sentence(t: &str, tokens: &[value::Token], s: Range<usize>) -> Vec<Value> {
    let a = tokens.partition_point(|x| x.start < s.start);
    let b = tokens.partition_point(|x| x.start < s.end);
    let clean = (a == 0 || tokens[a - 1].end <= s.start) && (a == b || tokens[b - 1].end <= s.end);
    if !clean {
        return value::parse(&t[s]);
    }
    let own: Vec<value::Token> = tokens[a..b]
        .iter()
        .enumerate()
        .map(|(k, x)| value::Token {
            start: x.start - s.start,
            end: x.end - s.start,
            space_before: x.space_before || k == 0,
            ..*x
        })
        .collect();
    value::parse_tokens(&own)
}

/// A claim before its words are interned.
struct Draft {
    claim: Claim,
    words: Vec<(String, f32)>,
    sentence_words: Vec<(String, f32)>,
}

/// What a word of a claimed sentence is, worked out once per distinct surface of all the
/// claimed sentences (stemming each occurrence was most of the cost of the claims).
struct WordInfo {
    folded: String,
    /// The analyzer's term ([`Analyzer::term`]).
    term: Option<String>,
    /// The word's stem id in [`Lexicon::stems`] and its idf; `None` for a stop word or a word
    /// that never says what a value is about ([`is_noise`]).
    stem: Option<(u32, f32)>,
}

/// The words of the claimed sentences, by surface.
struct Lexicon<'t> {
    ids: FxHashMap<&'t str, u32>,
    words: Vec<WordInfo>,
    /// Distinct stems, by stem id.
    stems: Vec<String>,
}

impl<'t> Lexicon<'t> {
    /// The distinct surfaces of the sentences (in order), then their analysis in parallel.
    fn build(corpus: &'t Corpus, raw: &[RawClaim], idf: &Idf, analyzer: &Analyzer) -> Self {
        use rayon::prelude::*;
        let mut ids: FxHashMap<&'t str, u32> = FxHashMap::default();
        let mut surfaces: Vec<&'t str> = Vec::new();
        for r in raw {
            for w in text::words(&corpus.documents[r.doc].text[r.sentence.clone()]) {
                ids.entry(w.surface).or_insert_with(|| {
                    surfaces.push(w.surface);
                    (surfaces.len() - 1) as u32
                });
            }
        }
        let analysed: Vec<(String, Option<String>, bool)> = surfaces
            .par_iter()
            .map(|w| {
                let folded = text::fold(w);
                let noise = is_noise(&folded);
                (folded, analyzer.term(w), noise)
            })
            .collect();
        let mut stem_ids: FxHashMap<String, (u32, f32)> = FxHashMap::default();
        let mut stems = Vec::new();
        let words = analysed
            .into_iter()
            .map(|(folded, term, noise)| {
                let stem = match &term {
                    Some(t) if !noise => Some(*stem_ids.entry(t.clone()).or_insert_with(|| {
                        stems.push(t.clone());
                        ((stems.len() - 1) as u32, idf.get(t))
                    })),
                    _ => None,
                };
                WordInfo { folded, term, stem }
            })
            .collect();
        Lexicon { ids, words, stems }
    }

    fn get(&self, surface: &str) -> Option<&WordInfo> {
        self.ids.get(surface).map(|&i| &self.words[i as usize])
    }
}

/// The claims of one sentence.
fn drafts(corpus: &Corpus, r: &RawClaim, lex: &Lexicon, analyzer: &Analyzer) -> Vec<Draft> {
    let doc = &corpus.documents[r.doc];
    let s = &doc.text[r.sentence.clone()];
    let has_count = r.values.iter().any(|v| v.kind == Kind::Count);
    let ws = sentence_words(s, lex);
    let mut out = Vec::new();
    for (k, v) in r.values.iter().enumerate() {
        // a date that says when a count held ("In mid-2014, some 3,000 members…", "As of
        // May 2014") times the count; it is not a claim of its own
        if v.kind == Kind::Date && ((has_count && opens(s, v)) || is_time_stamp(s, v)) {
            continue;
        }
        let (words, display, names, sentence_words) = about_words(&ws, v, lex);
        let others: Vec<Value> = r
            .values
            .iter()
            .enumerate()
            .filter(|&(j, o)| j != k && o.kind == v.kind)
            .map(|(_, o)| o.clone())
            .collect();
        let time = (v.kind == Kind::Count)
            .then(|| sentence_time(s, &ws, &r.values, doc.date.as_deref()))
            .flatten();
        let unit_stem = match lex.get(&v.unit) {
            Some(w) => w.term.clone(),
            None => analyzer.term(&v.unit),
        }
        .unwrap_or_default();
        out.push(Draft {
            claim: Claim {
                unit_stem,
                terms: Vec::new(),
                sentence_terms: Vec::new(),
                id: 0,
                doc: r.doc,
                passage: r.passage,
                span: r.sentence.start + v.span.start..r.sentence.start + v.span.end,
                sentence: r.sentence.clone(),
                value: v.clone(),
                words: Vec::new(),
                display,
                sentence_words: Vec::new(),
                names,
                time,
                others,
            },
            words,
            sentence_words,
        });
    }
    out
}

/// Every claim of the corpus, in passage order. Passages and sentences are read in
/// parallel (the index is built in parallel too); the words are interned in order after.
pub fn extract(corpus: &Corpus, index: &AlignIndex) -> Vec<Claim> {
    use rayon::prelude::*;
    let raw: Vec<RawClaim> = index
        .passages
        .par_iter()
        .flat_map_iter(|p| raw_claims(corpus, p))
        .collect();
    let idf = Idf::build(index);
    let analyzer = Analyzer::default();
    let lex = Lexicon::build(corpus, &raw, &idf, &analyzer);
    let drafts: Vec<Draft> = raw
        .par_iter()
        .flat_map_iter(|r| drafts(corpus, r, &lex, &analyzer))
        .collect();
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut intern = |list: &[(String, f32)]| -> Vec<(u32, f32)> {
        let mut v: Vec<(u32, f32)> = list
            .iter()
            .map(|(k, w)| {
                let n = ids.len() as u32;
                (*ids.entry(k.clone()).or_insert(n), *w)
            })
            .collect();
        v.sort_by_key(|x| x.0);
        v
    };
    let mut out = Vec::with_capacity(drafts.len());
    for d in drafts {
        let mut claim = d.claim;
        claim.id = out.len();
        claim.terms = intern(&d.words);
        claim.sentence_terms = intern(&d.sentence_words);
        claim.words = d.words;
        claim.sentence_words = d.sentence_words;
        out.push(claim);
    }
    out
}

/// Does the date open the sentence as its frame ("In mid-2014, …", "Since 2003, …")?
fn opens(s: &str, v: &Value) -> bool {
    let before = text::words(&s[..v.span.start]).take(3).count();
    before <= 2 && s[v.span.end..].trim_start().starts_with(',')
}

/// "As of July 2012", "as at", "by the end of": a date that says when a state held.
fn is_time_stamp(s: &str, v: &Value) -> bool {
    let before = s[..v.span.start].trim_end();
    ["as of", "as at", "until", "through"]
        .iter()
        .any(|p| ends_with_lower(before, p))
}

/// Does `s`, lower-cased, end with the lower-case ASCII `suffix`? (`s.to_lowercase()
/// .ends_with(suffix)` without lower-casing all of `s`: only ASCII letters lower-case to
/// these, but for the Kelvin sign, which lower-cases to `k`, looked at one by one.)
fn ends_with_lower(s: &str, suffix: &str) -> bool {
    let mut chars = s.chars().rev();
    for want in suffix.chars().rev() {
        match chars.next() {
            Some(c) if c.is_ascii() && c.to_ascii_lowercase() == want => {}
            Some('\u{212A}') if want == 'k' => {}
            _ => return false,
        }
    }
    true
}

/// The time a sentence speaks of: its dates (a date after "since" runs to the document's
/// date, or on), else the document's date when the sentence is in the present tense.
fn sentence_time(
    s: &str,
    ws: &[SentenceWord],
    values: &[Value],
    doc_date: Option<&str>,
) -> Option<(f64, f64)> {
    let now = doc_date.and_then(date_months);
    let mut time: Option<(f64, f64)> = None;
    for d in values.iter().filter(|v| v.kind == Kind::Date) {
        let hi = if ends_with_lower(s[..d.span.start].trim_end(), "since") {
            now.map_or(f64::INFINITY, |n| n + 1.0)
        } else {
            d.hi
        };
        time = Some(match time {
            Some((lo, h)) => (lo.min(d.lo), h.max(hi)),
            None => (d.lo, hi),
        });
    }
    if time.is_some() {
        return time;
    }
    let present = ws.iter().any(|w| PRESENT.contains(&w.info.folded.as_str()));
    if present {
        now.map(|n| (n, n + 1.0))
    } else {
        None
    }
}

/// Words weighted by nearness, their display forms, names near the value, words by idf.
type About = (
    Vec<(String, f32)>,
    Vec<String>,
    Vec<String>,
    Vec<(String, f32)>,
);

/// The content words of sentence `s` weighted by idf and nearness to value `v`, with their
/// display forms, and the names near the value.
/// A word of a sentence, analysed once for all its values.
struct SentenceWord<'s> {
    start: usize,
    end: usize,
    surface: &'s str,
    info: &'s WordInfo,
}

fn sentence_words<'s>(s: &'s str, lex: &'s Lexicon) -> Vec<SentenceWord<'s>> {
    text::words(s)
        .filter_map(|w| {
            Some(SentenceWord {
                start: w.start,
                end: w.end,
                surface: w.surface,
                // every word of a claimed sentence is in the lexicon
                info: lex.get(w.surface)?,
            })
        })
        .collect()
}

fn about_words(ws: &[SentenceWord], v: &Value, lex: &Lexicon) -> About {
    let at = ws
        .iter()
        .position(|w| w.start >= v.span.start)
        .unwrap_or(ws.len());
    let end = ws
        .iter()
        .position(|w| w.start >= v.span.end)
        .unwrap_or(ws.len());
    // (stem id, word index, weight with nearness, weight without, capitalised)
    let mut seen: Vec<(u32, usize, f32, f32, bool)> = Vec::with_capacity(ws.len());
    let mut names: Vec<&str> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if w.start >= v.span.start && w.end <= v.span.end {
            continue;
        }
        let Some((stem, idf)) = w.info.stem else {
            continue;
        };
        let dist = if i < at {
            at - i
        } else {
            i + 1 - end.min(i + 1)
        };
        let near = 1.0 / (1.0 + dist as f32 / 4.0);
        let capital = w.surface.chars().next().is_some_and(char::is_uppercase);
        // names say who or where (the names test does that); the other words say what
        let base = idf * if capital { NAME_WEIGHT } else { 1.0 };
        if capital && i > 0 && dist <= 10 {
            names.push(&lex.stems[stem as usize]);
        }
        seen.push((stem, i, base * near, base, capital));
    }
    // each stem once: its heaviest occurrence (the first of equals) gives its display form
    seen.sort_unstable_by_key(|x| (x.0, x.1));
    let mut list: Vec<(&str, f32, &str)> = Vec::new();
    let mut plain: Vec<(&str, f32)> = Vec::new();
    for group in seen.chunk_by(|a, b| a.0 == b.0) {
        let stem = lex.stems[group[0].0 as usize].as_str();
        let mut weight = 0.0f32;
        let mut display = ws[group[0].1].surface;
        let mut p = 0.0f32;
        for &(_, i, w, base, capital) in group {
            p = p.max(base);
            if w > weight {
                weight = w;
                display = if capital {
                    ws[i].surface
                } else {
                    &ws[i].info.folded
                };
            }
        }
        list.push((stem, weight, display));
        plain.push((stem, p));
    }
    list.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    names.sort_unstable();
    names.dedup();
    plain.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let display = list.iter().map(|x| x.2.to_string()).collect();
    let words = list.into_iter().map(|x| (x.0.to_string(), x.1)).collect();
    let names = names.into_iter().map(str::to_string).collect();
    let sentence_words = plain.into_iter().map(|(k, w)| (k.to_string(), w)).collect();
    (words, display, names, sentence_words)
}

/// Cosine similarity of two weight lists sorted by id, and how many ids they share.
pub(crate) fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> (f32, usize) {
    let (mut i, mut j, mut dot, mut shared) = (0, 0, 0.0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let norm = |w: &[(u32, f32)]| w.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    let n = norm(a) * norm(b);
    (if n == 0.0 { 0.0 } else { dot / n }, shared)
}

/// Cosine similarity of two claims' word weights (nearness to the value counted).
pub fn similarity(a: &Claim, b: &Claim) -> f32 {
    cosine(&a.terms, &b.terms).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_parsed_from_the_passage_tokens_is_parsed_as_alone() {
        let t = "In 1963 some 3,000 members left.\u{201d}The 1960s saw 12,000 Iranians. \
                 Then 2,000. 500 men came; about 3.5 million\u{2014}more than 40 per cent.";
        let tokens = value::tokens(t);
        // every range, those that straddle a token too
        let bounds: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
        for (k, &a) in bounds.iter().enumerate() {
            for &b in &bounds[k..] {
                let s = a..b;
                assert_eq!(
                    parse_sentence(t, &tokens, s.clone()),
                    value::parse(&t[s.clone()]),
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn ends_with_lower_is_lower_casing_then_ends_with() {
        for (s, p) in [
            ("Founded as Of", "as of"),
            ("ever SINCE", "since"),
            ("Since", "since"),
            ("since\u{212A}", "k"),
            ("tİl", "til"),
            ("until", "as of"),
            ("", "since"),
        ] {
            assert_eq!(ends_with_lower(s, p), s.to_lowercase().ends_with(p), "{s}");
        }
    }
}
