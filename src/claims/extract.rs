//! Claims from passages: each value of each sentence, with the words that say what it is
//! about (weighted by the corpus's own inverse document frequency and by nearness to the
//! value), the names near it, and the sentence's own time.

use super::sentence::sentences;
use super::value::{self, Kind, Value};
use crate::align::text::{self, Analyzer};
use crate::align::AlignIndex;
use crate::corpus::{BlockKind, Corpus};
use std::collections::{HashMap, HashSet};
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
}

impl Claim {
    /// The few content words that say what the value is about.
    pub fn about(&self, k: usize) -> Vec<&str> {
        self.display.iter().take(k).map(String::as_str).collect()
    }
}

/// Inverse document frequency over passages, by folded word, for the words asked for.
pub(crate) struct Idf {
    map: HashMap<String, f32>,
    max: f32,
}

impl Idf {
    fn build(corpus: &Corpus, index: &AlignIndex, wanted: &HashSet<String>) -> Idf {
        let n = index.passages.len().max(1);
        let mut df: HashMap<&str, (usize, usize)> = wanted
            .iter()
            .map(|w| (w.as_str(), (0, usize::MAX)))
            .collect();
        let mut buf = String::new();
        for p in &index.passages {
            let t = &corpus.documents[p.doc].text[p.range.clone()];
            for w in text::words(t) {
                buf.clear();
                text::fold_into(w.surface, &mut buf);
                if let Some(e) = df.get_mut(buf.as_str()) {
                    if e.1 != p.id {
                        e.0 += 1;
                        e.1 = p.id;
                    }
                }
            }
        }
        let max = ((n + 1) as f32).ln();
        let map = df
            .into_iter()
            .map(|(w, (d, _))| (w.to_string(), ((n + 1) as f32 / (d + 1) as f32).ln()))
            .collect();
        Idf { map, max }
    }
    fn get(&self, folded: &str) -> f32 {
        self.map.get(folded).copied().unwrap_or(self.max)
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
    ) || value::month(&capitalised(folded)).is_some()
        || folded.bytes().all(|b| b.is_ascii_digit())
        || value::words_number(&value::tokens(folded), 0).is_some()
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

struct RawClaim {
    doc: usize,
    passage: usize,
    sentence: Range<usize>,
    values: Vec<Value>,
}

/// Every claim of the corpus, in passage order.
pub fn extract(corpus: &Corpus, index: &AlignIndex) -> Vec<Claim> {
    let mut raw = Vec::new();
    let mut wanted = HashSet::new();
    for p in &index.passages {
        let doc = &corpus.documents[p.doc];
        if doc
            .blocks
            .get(p.block)
            .is_some_and(|b| b.kind != BlockKind::Paragraph)
        {
            continue;
        }
        let t = &doc.text[p.range.clone()];
        if value::parse(t).is_empty() {
            continue;
        }
        for s in sentences(t) {
            let values = value::parse(&t[s.clone()]);
            if values.is_empty() {
                continue;
            }
            for w in text::words(&t[s.clone()]) {
                wanted.insert(text::fold(w.surface));
            }
            raw.push(RawClaim {
                doc: p.doc,
                passage: p.id,
                sentence: p.range.start + s.start..p.range.start + s.end,
                values,
            });
        }
    }
    let idf = Idf::build(corpus, index, &wanted);
    let analyzer = Analyzer::default();
    let mut out = Vec::new();
    for r in raw {
        let doc = &corpus.documents[r.doc];
        let s = &doc.text[r.sentence.clone()];
        let has_count = r.values.iter().any(|v| v.kind == Kind::Count);
        for (k, v) in r.values.iter().enumerate() {
            // a date that says when a count held ("As of May 2014, 3,000 members…") times the
            // count; it is not a claim of its own
            if v.kind == Kind::Date && (has_count || is_time_stamp(s, v)) {
                continue;
            }
            let (words, display, names, sentence_words) = about_words(s, v, &idf, &analyzer);
            let others: Vec<Value> = r
                .values
                .iter()
                .enumerate()
                .filter(|&(j, o)| j != k && o.kind == v.kind)
                .map(|(_, o)| o.clone())
                .collect();
            let time = (v.kind == Kind::Count)
                .then(|| sentence_time(s, &r.values, doc.date.as_deref()))
                .flatten();
            out.push(Claim {
                id: out.len(),
                doc: r.doc,
                passage: r.passage,
                span: r.sentence.start + v.span.start..r.sentence.start + v.span.end,
                sentence: r.sentence.clone(),
                value: v.clone(),
                words,
                display,
                sentence_words,
                names,
                time,
                others,
            });
        }
    }
    out
}

/// "As of July 2012", "as at", "by the end of": a date that says when a state held.
fn is_time_stamp(s: &str, v: &Value) -> bool {
    let before = s[..v.span.start].trim_end().to_lowercase();
    ["as of", "as at", "until", "through"]
        .iter()
        .any(|p| before.ends_with(p))
}

/// The time a sentence speaks of: its dates (a date after "since" runs to the document's
/// date, or on), else the document's date when the sentence is in the present tense.
fn sentence_time(s: &str, values: &[Value], doc_date: Option<&str>) -> Option<(f64, f64)> {
    let now = doc_date.and_then(date_months);
    let mut time: Option<(f64, f64)> = None;
    for d in values.iter().filter(|v| v.kind == Kind::Date) {
        let before = s[..d.span.start].trim_end().to_lowercase();
        let hi = if before.ends_with("since") {
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
    let present = text::words(s).any(|w| PRESENT.contains(&text::fold(w.surface).as_str()));
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
fn about_words(s: &str, v: &Value, idf: &Idf, analyzer: &Analyzer) -> About {
    let ws: Vec<text::Word> = text::words(s).collect();
    let at = ws
        .iter()
        .position(|w| w.start >= v.span.start)
        .unwrap_or(ws.len());
    let end = ws
        .iter()
        .position(|w| w.start >= v.span.end)
        .unwrap_or(ws.len());
    let mut weights: HashMap<String, (f32, String)> = HashMap::new();
    let mut plain: HashMap<String, f32> = HashMap::new();
    let mut names = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if w.start >= v.span.start && w.end <= v.span.end {
            continue;
        }
        let folded = text::fold(w.surface);
        if is_noise(&folded) {
            continue;
        }
        let Some(stem) = analyzer.term(w.surface) else {
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
        let base = idf.get(&folded) * if capital { NAME_WEIGHT } else { 1.0 };
        let weight = base * near;
        let p = plain.entry(stem.clone()).or_insert(0.0);
        *p = p.max(base);
        if capital && i > 0 && dist <= 10 {
            names.push(stem.clone());
        }
        let e = weights.entry(stem).or_insert((0.0, w.surface.to_string()));
        if weight > e.0 {
            *e = (
                weight,
                if capital {
                    w.surface.to_string()
                } else {
                    folded
                },
            );
        }
    }
    let mut list: Vec<(String, f32, String)> =
        weights.into_iter().map(|(k, (w, d))| (k, w, d)).collect();
    list.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    names.sort();
    names.dedup();
    let display = list.iter().map(|x| x.2.clone()).collect();
    let words = list.into_iter().map(|x| (x.0, x.1)).collect();
    let mut sentence_words: Vec<(String, f32)> = plain.into_iter().collect();
    sentence_words.sort_by(|a, b| a.0.cmp(&b.0));
    (words, display, names, sentence_words)
}

/// Cosine similarity of two claims' word weights.
pub fn similarity(a: &Claim, b: &Claim) -> f32 {
    let norm = |w: &[(String, f32)]| w.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    let (na, nb) = (norm(&a.words), norm(&b.words));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let small: HashMap<&str, f32> = b.words.iter().map(|(k, w)| (k.as_str(), *w)).collect();
    let dot: f32 = a
        .words
        .iter()
        .filter_map(|(k, w)| small.get(k.as_str()).map(|x| x * w))
        .sum();
    dot / (na * nb)
}
