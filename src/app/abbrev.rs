//! The abbreviation guard of sentence selection: which words ending in "." do not end a
//! sentence ("U.S. Senator", "Dr. Rajavi", "St. Louis", "e.g. This", "J. Smith").
//!
//! Unicode sentence bounds (UAX #29) break after any full stop followed by a capital. The
//! guard takes a bound back when the word before it is an abbreviation: dotted letters
//! ("U.S.", "e.g.", "a.m."), a single capital (an initial), a few titles everyone writes, or
//! a word learned from the corpus — one that is written with its full stop nearly every time
//! it appears and is then usually followed by a capitalised name (a capitalised word that
//! never starts a paragraph of the corpus) ("Gen.", "Sen.", "Mt.").

use crate::corpus::Corpus;
use std::collections::{HashMap, HashSet};

/// Titles and short forms that precede a name or a number, whatever the corpus says.
const KNOWN: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Prof", "Gen", "Col", "Lt", "Sgt", "Capt", "Rev",
    "Gov", "Sen", "Rep", "Pres", "Mt", "vs", "etc", "cf", "Inc", "Ltd", "Co", "Corp", "No", "Vol",
    "pp", "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// How many times a word must be seen with its full stop before it can be learned.
const MIN_SEEN: usize = 2;

/// The words (without their full stop) that do not end a sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Abbreviations {
    learned: HashSet<String>,
}

impl Abbreviations {
    /// Learns from every document of `corpus`: a word of at most four letters, starting
    /// with a capital, written with a full stop at least [`MIN_SEEN`] times and at least
    /// four times in five, followed by a name (a capitalised word that starts no paragraph)
    /// at least four times in five.
    pub fn learn(corpus: &Corpus) -> Abbreviations {
        // Words that start sentences for sure (the first word of a paragraph): a capital
        // after a full stop that is one of these is a new sentence, not a name.
        let starters: HashSet<&str> = corpus
            .documents
            .iter()
            .flat_map(|d| {
                d.blocks
                    .iter()
                    .filter(|b| b.kind == crate::corpus::BlockKind::Paragraph)
                    .filter_map(|b| d.text[b.range.clone()].split_whitespace().next())
            })
            .collect();
        // word -> (with a full stop, with a stop and then a name, without a full stop)
        let mut seen: HashMap<&str, (usize, usize, usize)> = HashMap::new();
        for doc in &corpus.documents {
            let words: Vec<&str> = doc.text.split_whitespace().collect();
            for (k, w) in words.iter().enumerate() {
                let bare = w.trim_end_matches('.');
                if bare.is_empty()
                    || bare.chars().count() > 4
                    || !bare.chars().all(char::is_alphabetic)
                    || !bare.chars().next().is_some_and(char::is_uppercase)
                {
                    continue;
                }
                let e = seen.entry(bare).or_default();
                if w.len() == bare.len() + 1 {
                    e.0 += 1;
                    let next_cap = words.get(k + 1).is_some_and(|n| {
                        n.chars().next().is_some_and(char::is_uppercase) && !starters.contains(n)
                    });
                    e.1 += usize::from(next_cap);
                } else if w.len() == bare.len() {
                    e.2 += 1;
                }
            }
        }
        let learned = seen
            .into_iter()
            .filter(|(_, (dot, cap, bare))| {
                *dot >= MIN_SEEN && 5 * cap >= 4 * dot && 5 * dot >= 4 * (dot + bare)
            })
            .map(|(w, _)| w.to_string())
            .collect();
        Abbreviations { learned }
    }

    /// Whether the words learned from the corpus include `word` (without its full stop).
    pub fn learned(&self, word: &str) -> bool {
        self.learned.contains(word)
    }

    /// Whether `before`, the text up to a sentence bound, ends with an abbreviation.
    pub fn ends_with_abbreviation(&self, before: &str) -> bool {
        let t = before.trim_end();
        let Some(word) = t.split_whitespace().next_back() else {
            return false;
        };
        // Opening quotes and brackets belong to the word's sentence, not to the word.
        let word = word.trim_start_matches(['(', '[', '“', '"', '‘', '\'']);
        let Some(bare) = word.strip_suffix('.') else {
            return false;
        };
        if bare.is_empty() {
            return false;
        }
        let parts: Vec<&str> = bare.split('.').collect();
        // Dotted letters: "U.S", "e.g", "a.m", "i.e"; one capital: an initial ("J").
        let dotted = parts.len() > 1
            && parts.iter().all(|p| p.chars().count() == 1)
            && parts.iter().all(|p| p.chars().all(char::is_alphabetic));
        let initial =
            parts.len() == 1 && bare.chars().count() == 1 && bare.chars().all(char::is_uppercase);
        dotted || initial || KNOWN.contains(&bare) || self.learned(bare)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_letters_initials_and_titles_are_abbreviations() {
        let a = Abbreviations::default();
        for t in [
            "According to the U.S.",
            "as e.g.",
            "written by J.",
            "met Dr.",
            "in (U.S.",
            "on Nov.",
        ] {
            assert!(a.ends_with_abbreviation(t), "{t}");
        }
        for t in ["the end.", "the MEK.", "in Iraq.", "It was 3.", "said so"] {
            assert!(!a.ends_with_abbreviation(t), "{t}");
        }
    }
}
