//! Where the sources disagree: claims (values in sentences) and the conflicts between
//! documents (pure: no filesystem, terminal or clock).
//!
//! - [`value`] parses years, months, decades ("the early 1960s"), ranges, counts and amounts
//!   (in figures or words, with "around", "more than", "up to"…) into intervals, and says
//!   whether two values can both be true;
//! - [`sentence`] splits passages into sentences (unicode-segmentation, abbreviations kept);
//! - [`extract`] turns every value of every passage of the alignment index into a [`Claim`]:
//!   the value, its sentence, the content words that say what it is about (weighted by the
//!   corpus's own idf and nearness to the value), the names near it and the sentence's time;
//! - [`conflict`] pairs claims of one fact across documents and keeps the groups where two
//!   values cannot both be true, most certain first;
//! - [`report`] writes them as JSON or text (`synoptic conflicts`).
//!
//! The API for the reader (a `≠` gutter mark, a `D` list):
//! ```no_run
//! # let corpus = synoptic::corpus::embedded_seeds();
//! let index = synoptic::align::AlignIndex::build(&corpus);
//! let claims = synoptic::claims::Claims::build(&corpus, &index);
//! for c in claims.conflicts() {            // all conflicts, most certain first
//!     for &id in &c.claims {
//!         let claim = claims.claim(id);    // doc, passage, value span, sentence
//!         let _ = (claim.doc, claim.passage, &claim.span, &claim.sentence);
//!     }
//! }
//! let passage = 36;
//! if claims.has_conflict(passage) {        // the gutter mark
//!     let _others = claims.conflicting_claims(passage); // what the other sources say
//! }
//! ```

pub mod conflict;
pub mod extract;
pub mod report;
pub mod sentence;
pub mod value;

pub use conflict::Conflict;
pub use extract::Claim;

use crate::align::AlignIndex;
use crate::corpus::Corpus;
use std::collections::HashMap;
use std::ops::Range;

/// The claims of a corpus and the conflicts among them.
#[derive(Debug, Clone, Default)]
pub struct Claims {
    claims: Vec<Claim>,
    conflicts: Vec<Conflict>,
    /// Conflict ids (indices into `conflicts`) by passage id.
    by_passage: HashMap<usize, Vec<usize>>,
    /// The value spans of the claims in a conflict, by document, sorted (what the reader
    /// highlights and marks with `≠`).
    spans: HashMap<usize, Vec<Range<usize>>>,
}

impl Claims {
    /// Extracts the claims of every passage of `index` and finds the conflicts.
    pub fn build(corpus: &Corpus, index: &AlignIndex) -> Claims {
        Self::build_with_topics(corpus, index, &index.topic_of)
    }

    /// [`Claims::build`] with the topic of each passage given apart from the index (the
    /// reader forms the topics after the matches and hands them over, keeping no copy).
    pub fn build_with_topics(
        corpus: &Corpus,
        index: &AlignIndex,
        topic_of: &[Option<usize>],
    ) -> Claims {
        let claims = extract::extract(corpus, index);
        let conflicts = conflict::conflicts(&claims, index, topic_of);
        let mut by_passage: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut spans: HashMap<usize, Vec<Range<usize>>> = HashMap::new();
        for (i, c) in conflicts.iter().enumerate() {
            for &id in &c.claims {
                let v = by_passage.entry(claims[id].passage).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
                spans
                    .entry(claims[id].doc)
                    .or_default()
                    .push(claims[id].span.clone());
            }
        }
        for v in spans.values_mut() {
            v.sort_by_key(|r| (r.start, r.end));
            v.dedup();
        }
        Claims {
            claims,
            conflicts,
            by_passage,
            spans,
        }
    }

    /// Every claim, by id.
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    /// One claim.
    pub fn claim(&self, id: usize) -> &Claim {
        &self.claims[id]
    }

    /// The values (byte ranges in the document text, sorted) of the claims of `doc` that
    /// take part in a conflict.
    pub fn conflict_spans(&self, doc: usize) -> &[Range<usize>] {
        self.spans.get(&doc).map_or(&[], Vec::as_slice)
    }

    /// All conflicts, most certain first.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// Does a claim of this passage conflict with another document?
    pub fn has_conflict(&self, passage: usize) -> bool {
        self.by_passage.contains_key(&passage)
    }

    /// The conflicts a passage takes part in, most certain first.
    pub fn conflicts_of(&self, passage: usize) -> Vec<&Conflict> {
        self.by_passage
            .get(&passage)
            .map(|ids| ids.iter().map(|&i| &self.conflicts[i]).collect())
            .unwrap_or_default()
    }

    /// What the other sources say: for each conflict of the passage, the claims of other
    /// passages (with the passage's own claims left out).
    pub fn conflicting_claims(&self, passage: usize) -> Vec<(&Conflict, Vec<&Claim>)> {
        self.conflicts_of(passage)
            .into_iter()
            .map(|c| {
                let others = c
                    .claims
                    .iter()
                    .map(|&id| &self.claims[id])
                    .filter(|cl| cl.passage != passage)
                    .collect();
                (c, others)
            })
            .collect()
    }
}
