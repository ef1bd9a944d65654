//! Passage alignment across documents: passages, the index, queries and topics (pure,
//! deterministic).
//!
//! A passage is a paragraph (or a sentence-aligned piece of a long one). [`AlignIndex::build`]
//! indexes every passage of a corpus once; queries answer from the index.

use crate::corpus::{BlockKind, Corpus};
use serde::Serialize;
use std::ops::Range;

/// A unit of alignment: a byte range of one document's text.
#[derive(Debug, Clone, Serialize)]
pub struct Passage {
    pub id: usize,
    /// Index of the document in [`Corpus::documents`].
    pub doc: usize,
    /// Byte range in the document text.
    pub range: Range<usize>,
    /// Index of the block the passage comes from.
    pub block: usize,
}

/// One candidate match for a query passage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    pub passage: usize,
    pub score: f32,
    /// The few terms that weigh most in this match ("why these match").
    pub terms: Vec<String>,
    /// Whether the match is strong enough to show as "the same topic".
    pub good: bool,
}

/// A group of passages (from any documents) on one topic.
#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    pub id: usize,
    pub label: String,
    pub passages: Vec<usize>,
}

/// The alignment index of one corpus.
#[derive(Debug, Clone, Default)]
pub struct AlignIndex {
    pub passages: Vec<Passage>,
    /// For each document, the ids of its passages in reading order.
    pub by_doc: Vec<Vec<usize>>,
    pub topics: Vec<Topic>,
}

impl AlignIndex {
    /// Builds the index for every document of `corpus`.
    pub fn build(corpus: &Corpus) -> AlignIndex {
        let mut passages = Vec::new();
        let mut by_doc = Vec::new();
        for (d, doc) in corpus.documents.iter().enumerate() {
            let mut ids = Vec::new();
            for (b, block) in doc.blocks.iter().enumerate() {
                if block.kind == BlockKind::Paragraph {
                    ids.push(passages.len());
                    passages.push(Passage {
                        id: passages.len(),
                        doc: d,
                        range: block.range.clone(),
                        block: b,
                    });
                }
            }
            by_doc.push(ids);
        }
        AlignIndex {
            passages,
            by_doc,
            topics: Vec::new(),
        }
    }

    /// The passage of document `doc` that contains `offset`, or the nearest one after it
    /// (or the last one when `offset` is past every passage).
    pub fn passage_at(&self, doc: usize, offset: usize) -> Option<usize> {
        let ids = self.by_doc.get(doc)?;
        if ids.is_empty() {
            return None;
        }
        let i = ids.partition_point(|&p| self.passages[p].range.end <= offset);
        Some(ids[i.min(ids.len() - 1)])
    }

    /// The best `k` passages of document `doc` for the query passage, best first.
    pub fn best_in_doc(&self, _passage: usize, _doc: usize, _k: usize) -> Vec<Match> {
        Vec::new()
    }

    /// The best `k` passages anywhere in the corpus (other documents), best first.
    pub fn best_anywhere(&self, _passage: usize, _k: usize) -> Vec<Match> {
        Vec::new()
    }
}
