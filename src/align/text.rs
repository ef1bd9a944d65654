//! Tokenization: words → normalized terms (lower case, stop words removed, stemmed), and the
//! corpus-learned foldings of spelling variants and acronyms.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as HashMap;

/// A generic English stop-word list (not tuned to any corpus).
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "couldn",
    "d",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "down",
    "dr",
    "during",
    "e",
    "each",
    "eg",
    "either",
    "else",
    "etc",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "g",
    "had",
    "hadn",
    "has",
    "hasn",
    "have",
    "haven",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "ie",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "just",
    "let",
    "ll",
    "m",
    "may",
    "me",
    "might",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "mustn",
    "my",
    "myself",
    "neither",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "quite",
    "rather",
    "re",
    "s",
    "said",
    "same",
    "say",
    "says",
    "shall",
    "shan",
    "she",
    "should",
    "shouldn",
    "since",
    "so",
    "some",
    "st",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "ve",
    "very",
    "via",
    "was",
    "wasn",
    "we",
    "were",
    "weren",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won",
    "would",
    "wouldn",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

pub fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.binary_search(&w).is_ok()
}

/// One word of a text: its byte range, its lower-cased form and whether it was written in
/// capitals (an acronym candidate).
#[derive(Debug, Clone)]
pub struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub surface: &'a str,
}

/// Splits `text` into words: maximal runs of alphanumeric characters. Apostrophes and hyphens
/// separate words.
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (start, c) = iter.next()?;
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = iter.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                iter.next();
            } else if c == ',' && thousands_group(text, start, i) {
                // 5,000 is one number
                iter.next();
            } else {
                break;
            }
        }
        return Some(Word {
            start,
            end,
            surface: &text[start..end],
        });
    })
}

/// Is the comma at `i` a thousands separator of the number starting at `start`?
fn thousands_group(text: &str, start: usize, i: usize) -> bool {
    let b = text.as_bytes();
    b[start..i].iter().all(|c| c.is_ascii_digit() || *c == b',')
        && b.len() >= i + 4
        && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
        && b.get(i + 4).is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// Lower-cases and folds a few common Latin diacritics.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`] into a reused buffer (cleared first).
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                'a'
            }
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            _ => c,
        };
        if c == ',' {
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Turns words into terms: folding, stop words, stemming.
pub struct Analyzer {
    pub(crate) stemmer: Stemmer,
    pub stem: bool,
    pub stop: bool,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
            stem: true,
            stop: true,
        }
    }
}

impl Analyzer {
    /// The term of one word, or `None` for a stop word / noise.
    pub fn term(&self, surface: &str) -> Option<String> {
        let w = fold(surface);
        if self.stop && is_stop_word(&w) {
            return None;
        }
        let numeric = w.bytes().all(|b| b.is_ascii_digit());
        if numeric {
            // Single digits (list numbers, footnote markers) are noise.
            return if w.len() >= 2 { Some(w) } else { None };
        }
        if w.chars().count() < 2 {
            return None;
        }
        if self.stem {
            Some(self.stemmer.stem(&w).into_owned())
        } else {
            Some(w)
        }
    }
}

/// The decade of a year term (`1963` → `1960s`).
pub fn decade(term: &str) -> Option<String> {
    is_year(term).then(|| format!("{}0s", &term[..3]))
}

/// Is `term` a year (4 digits, 1000–2099)?
pub fn is_year(term: &str) -> bool {
    term.len() == 4
        && term.bytes().all(|b| b.is_ascii_digit())
        && (term.starts_with('1') || term.starts_with("20"))
}

pub fn is_number(term: &str) -> bool {
    term.bytes().all(|b| b.is_ascii_digit())
}

/// Which of a document's headings only number its parts ("Chapter 14", "Part II", "Book 3"):
/// those holding a number (arabic or roman) that read the same as at least two others once
/// the number is taken out. They name no topic: mixing "14" into every passage of chapter 14
/// would pair chapters of different books by their numbers.
pub fn numbering_headings(headings: &[&str]) -> Vec<bool> {
    let is_roman = |w: &str| w.len() <= 7 && w.bytes().all(|b| b"ivxlcdm".contains(&b));
    let keys: Vec<Option<String>> = headings
        .iter()
        .map(|h| {
            let mut numbered = false;
            let mut rest: Vec<String> = Vec::new();
            for w in words(h) {
                let f = fold(w.surface);
                if is_number(&f) || is_roman(&f) {
                    numbered = true;
                } else {
                    rest.push(f);
                }
            }
            numbered.then(|| rest.join(" "))
        })
        .collect();
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for k in keys.iter().flatten() {
        *count.entry(k.as_str()).or_insert(0) += 1;
    }
    keys.iter()
        .map(|k| k.as_deref().is_some_and(|k| count[k] >= 3))
        .collect()
}

/// Consonant skeleton of a word: vowels removed, doubled letters collapsed.
fn skeleton(w: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in w.chars() {
        if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
            continue;
        }
        if Some(c) != last {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// Two forms of one word that the stemmer left apart: one begins with the other (`blasphem` /
/// `blasphemi`), or they share the first four fifths of the longer (`husbandman` /
/// `husbandmen`).
fn inflections(a: &str, b: &str) -> bool {
    if a.starts_with(b) || b.starts_with(a) {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    5 * common >= 4 * a.chars().count().max(b.chars().count())
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Groups spellings of one name (Mujahedin / Mojahedin / Mujahideen) learned from the
/// vocabulary: same consonant skeleton, small edit distance, long enough to be a name rather
/// than a common short word. Returns, for each term given, the index of its canonical term
/// (the most frequent member of its group). `terms` are `(term, frequency)`, `names` marks
/// each one written as a name: two terms are grouped only when both are names, or when they
/// differ only at the end ([`inflections`]): `counter` is not a spelling of `countri`, nor
/// `persecut` of `prosecut`.
pub fn spelling_groups(terms: &[(&str, u64)], names: &[bool]) -> Vec<usize> {
    let mut canon: Vec<usize> = (0..terms.len()).collect();
    let mut by_skeleton: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, (t, _)) in terms.iter().enumerate() {
        if t.chars().count() < 7 || !t.chars().all(|c| c.is_alphabetic()) {
            continue;
        }
        let s = skeleton(t);
        if s.chars().count() < 4 {
            continue;
        }
        by_skeleton.entry(s).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = by_skeleton.into_values().filter(|g| g.len() > 1).collect();
    for g in groups.iter_mut() {
        g.sort_unstable();
    }
    groups.sort();
    // union-find inside each skeleton group
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut y = x;
        while p[y] != r {
            let n = p[y];
            p[y] = r;
            y = n;
        }
        r
    }
    let mut parent: Vec<usize> = (0..terms.len()).collect();
    for g in &groups {
        for (k, &i) in g.iter().enumerate() {
            for &j in &g[k + 1..] {
                let (a, b) = (terms[i].0, terms[j].0);
                // only two names, or two inflections of one word
                let allowed = (names[i] && names[j]) || inflections(a, b);
                if !allowed {
                    continue;
                }
                let la = a.chars().count();
                let lb = b.chars().count();
                let d = levenshtein(a, b);
                if (d as f32) <= 0.3 * la.max(lb) as f32 {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    if ri != rj {
                        parent[ri.max(rj)] = ri.min(rj);
                    }
                }
            }
        }
    }
    // canonical = most frequent member (ties: smallest index)
    let mut best: HashMap<usize, usize> = HashMap::default();
    for i in 0..terms.len() {
        let r = find(&mut parent, i);
        let e = best.entry(r).or_insert(i);
        if terms[i].1 > terms[*e].1 || (terms[i].1 == terms[*e].1 && i < *e) {
            *e = i;
        }
    }
    for (i, c) in canon.iter_mut().enumerate() {
        let r = find(&mut parent, i);
        *c = best[&r];
    }
    canon
}

/// An acronym defined in the text, e.g. `Mojahedin-e Khalq Organization (MKO)`: the acronym
/// (lower case) and the words of its expansion (lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcronymDef {
    pub acronym: String,
    pub expansion: Vec<String>,
}

/// Finds acronym definitions in `text`: `words (ABBR)` and `(words, or ABBR)` / `words or ABBR`
/// where the initials of the words spell the acronym (small words may be skipped).
pub fn acronym_definitions(text: &str) -> Vec<AcronymDef> {
    // cheap filter: two capitals in a row somewhere
    let b = text.as_bytes();
    if !b
        .windows(2)
        .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
    {
        return Vec::new();
    }
    let ws: Vec<Word> = words(text).collect();
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let s = w.surface;
        let n = s.chars().count();
        if !(2..=6).contains(&n) {
            continue;
        }
        let upper = s.chars().filter(|c| c.is_uppercase()).count();
        if upper < 2 || !s.chars().next().is_some_and(|c| c.is_uppercase()) {
            continue;
        }
        if !s.chars().all(|c| c.is_alphabetic()) {
            continue;
        }
        // Context: "(ABBR)" or "or ABBR" right after the expansion.
        let before = &text[..w.start];
        let after = &text[w.end..];
        let paren = before.trim_end().ends_with('(') && after.trim_start().starts_with(')');
        let or_form = i >= 1 && ws[i - 1].surface.eq_ignore_ascii_case("or");
        let end_word = if paren {
            i
        } else if or_form {
            i - 1
        } else {
            continue;
        };
        // expansion words: up to 10 words before end_word, same sentence-ish
        let lo = end_word.saturating_sub(10);
        let cands: Vec<&Word> = ws[lo..end_word].iter().collect();
        let letters: Vec<char> = s.to_lowercase().chars().collect();
        if let Some(start) = match_initials(&cands, &letters) {
            let expansion: Vec<String> = cands[start..].iter().map(|w| fold(w.surface)).collect();
            // The expansion must not itself be the acronym (e.g. "MEK (MEK)")
            if expansion.len() >= 2 {
                out.push(AcronymDef {
                    acronym: fold(s),
                    expansion,
                });
            }
        }
    }
    out
}

/// Matches acronym letters against word initials, ending at the last candidate word. Returns
/// the index of the first word of the expansion.
fn match_initials(cands: &[&Word], letters: &[char]) -> Option<usize> {
    // recursive: letter index li (from the end), word index wi (from the end), skips left
    fn go(cands: &[&Word], letters: &[char], li: usize, wi: usize, skips: usize) -> Option<usize> {
        if li == 0 {
            return Some(wi);
        }
        if wi == 0 {
            return None;
        }
        let w = cands[wi - 1];
        let first = fold(w.surface).chars().next()?;
        if first == letters[li - 1] {
            if let Some(r) = go(cands, letters, li - 1, wi - 1, skips) {
                return Some(r);
            }
        }
        // skip a small word (of, the, e, -i) or, a limited number of times, any word
        let small = is_stop_word(&fold(w.surface)) || w.surface.chars().count() <= 2;
        if small && skips > 0 {
            return go(cands, letters, li, wi - 1, skips - 1);
        }
        None
    }
    if cands.is_empty() {
        return None;
    }
    go(cands, letters, letters.len(), cands.len(), 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_sorted() {
        let mut v = STOP_WORDS.to_vec();
        v.sort_unstable();
        v.dedup();
        assert_eq!(v, STOP_WORDS);
    }

    #[test]
    fn words_split() {
        let w: Vec<&str> = words("5,000 and 1,2 x").map(|w| w.surface).collect();
        assert_eq!(w, ["5,000", "and", "1", "2", "x"]);
        assert_eq!(fold("5,000"), "5000");
        let w: Vec<&str> = words("Mujahideen-e-Khalq (MEK), People’s 1963!")
            .map(|w| w.surface)
            .collect();
        assert_eq!(
            w,
            ["Mujahideen", "e", "Khalq", "MEK", "People", "s", "1963"]
        );
    }

    #[test]
    fn acronyms_found() {
        let d = acronym_definitions("The Mujahideen-e-Khalq (MEK), the main exiled group");
        assert_eq!(d[0].acronym, "mek");
        assert_eq!(d[0].expansion, ["mujahideen", "e", "khalq"]);
        let d = acronym_definitions("The formerly armed Mojahedin-e Khalq Organization (MKO) has");
        assert_eq!(d[0].acronym, "mko");
        let d = acronym_definitions("The People’s Mujahedin Organization of Iran (PMOI) says");
        assert_eq!(d[0].acronym, "pmoi");
        assert_eq!(d[0].expansion[0], "people");
        let d = acronym_definitions("known as the Mujahadeen-e-Khalq or MEK, is");
        assert_eq!(d[0].acronym, "mek");
        let d = acronym_definitions("the United States (US) and");
        assert_eq!(d[0].expansion, ["united", "states"]);
        assert!(acronym_definitions("in Paris (France) and (NATO)").is_empty());
    }

    #[test]
    fn spelling_variants_grouped() {
        let terms = [
            ("mujahedin", 5),
            ("mojahedin", 3),
            ("mujahideen", 4),
            ("mujahadeen", 2),
            ("nation", 9),
            ("notion", 2),
            ("president", 3),
            ("precedent", 3),
        ];
        let c = spelling_groups(&terms, &[true; 8]);
        assert_eq!(&c[..4], &[0, 0, 0, 0]);
        assert_eq!(&c[4..], &[4, 5, 6, 7]);
        // names, or a suffix left on by the stemmer: "counter" is not a spelling of "country"
        let terms = [
            ("countri", 33),
            ("counter", 2),
            ("mujahedin", 5),
            ("mujahideen", 4),
            ("blasphemi", 8),
            ("blasphem", 2),
            ("husbandmen", 16),
            ("husbandman", 1),
        ];
        // were every word a name, "counter" would be taken for a spelling of "country"
        assert_eq!(
            spelling_groups(&terms, &[true; 8]),
            vec![0, 0, 2, 2, 4, 4, 6, 6]
        );
        let names = [false, false, true, true, false, false, false, false];
        assert_eq!(
            spelling_groups(&terms, &names),
            vec![0, 1, 2, 2, 4, 4, 6, 6]
        );
    }

    #[test]
    fn numbering_headings_are_told_from_topical_ones() {
        let hs = [
            "Chapter 1",
            "Chapter 2",
            "The 1979 revolution",
            "Chapter XIV",
            "Exile in Iraq",
        ];
        assert_eq!(
            numbering_headings(&hs),
            [true, true, false, true, false],
            "{hs:?}"
        );
        // two numbered headings alike are not yet a numbering scheme
        assert_eq!(numbering_headings(&["Part 1", "Part 2"]), [false, false]);
        // bare numbers number too
        assert_eq!(numbering_headings(&["1", "2", "3."]), [true, true, true]);
    }
}
