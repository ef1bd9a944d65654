//! Passage alignment across documents (pure, deterministic): passages, the index, queries
//! and topics.
//!
//! A passage is a paragraph (or a sentence-aligned piece of a long one). [`AlignIndex::build`]
//! indexes every passage of a corpus once; queries answer from the index. Everything is
//! learned from the corpus given; nothing is tuned to a particular corpus. The steps, each in
//! its own module (`docs/alignment.md` tells them with their figures):
//!
//! 1. passages and tokens ([`passages`], [`text`], `vocab`): words folded, stop words dropped,
//!    stemmed; a year also counts as its decade;
//! 2. and 3. the vocabulary (`vocab`): spellings of one name (Mujahedin / Mojahedin /
//!    Mujahideen) merged when they share a consonant skeleton and a small edit distance, and
//!    acronyms defined in the text (`… Khalq (MEK)`, `… Organization (MKO)`) merged when their
//!    expansions agree;
//! 4. to 6. the weighting (`weights`): each passage a unit-length TF-IDF vector (raw term
//!    counts, IDF over passages, terms used by more than half of the passages dropped, terms
//!    spread over more documents and years weighted up), mixed with a little of its section
//!    heading;
//! 7. the inverted index (`postings`) for corpus-wide queries.
//!
//! A query (`query`) is the passage's vector expanded with its best matches across the corpus
//! (pseudo-relevance feedback, left out where its own words already pick one passage of the
//! target). A candidate's score is its cosine, raised where the two documents run in parallel
//! (`order`: the order-aware alignment and the matches of the query's neighbours) and by what
//! third documents say (`transitive`). [`topics`] groups the passages; [`report`] writes the
//! alignment out; `sparse` holds the sparse maths.

mod order;
pub mod passages;
mod postings;
mod query;
pub mod report;
mod sparse;
pub mod text;
pub mod topics;
mod transitive;
mod vocab;
mod weights;

use crate::corpus::Corpus;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::{Arc, Mutex};

pub use sparse::{dot, SparseVec};

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
    /// Similarity, 0 to 1 (the passages' cosine, raised by the evidence of order where two
    /// documents run in parallel).
    pub score: f32,
    /// The few terms that weigh most in this match ("why these match").
    pub terms: Vec<String>,
    /// Whether the match is strong enough to show as "the same topic".
    pub good: bool,
    /// Placed by context more than by words: the order of the two documents (the passages
    /// around it match there) or a third document's matches give it at least twice what the
    /// words the two passages share give it (always so when they share none). On the seeds,
    /// 6% of the first matches (163 of 2,782), 7% of the good ones (62 of 903).
    pub by_context: bool,
}

/// A group of passages (from any documents) on one topic.
#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    pub id: usize,
    pub label: String,
    pub passages: Vec<usize>,
}

/// The engine's settings. [`Options::default`] is the engine; [`Options::baseline`] is plain
/// TF-IDF, what it is measured against. Every field names a step that runs by default (ideas
/// measured and left off are deleted; their figures are in `docs/alignment.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Stem words (Snowball English).
    pub stem: bool,
    /// Drop stop words.
    pub stop_words: bool,
    /// Merge spelling variants of names (words capitalized in at least half of their uses in
    /// passages), and of other words only a suffix the stemmer left on (`blasphem` /
    /// `blasphemi`): "counter" is not taken for a spelling of "country", nor "persecuted" for
    /// "prosecuted".
    pub variants: bool,
    /// Merge acronyms whose definitions in the text agree.
    pub acronyms: bool,
    /// A year also counts as its decade (`1963` → `1960s`).
    pub decades: bool,
    /// Drop terms found in more than this fraction of passages.
    pub max_df: f32,
    /// Weight multiplier for years (and, halved, other numbers of 2+ digits).
    pub year_boost: f32,
    /// Exponent of the document-spread factor of term weights: a term used by more of the
    /// corpus's documents says more about what two authors share (0 = off).
    pub spread: f32,
    /// Weight of the section heading's terms mixed into a passage vector (0 = off). Headings
    /// that only number parts ("Chapter 14") lend no words (see [`text::numbering_headings`]).
    pub heading: f32,
    /// Pseudo-relevance feedback: weight of the centroid of the query's best matches across
    /// the corpus mixed into the query (0 = off). Feedback for scoring a document leaves out
    /// that document's passages (they would echo its best candidate back into the query).
    pub prf: f32,
    /// Number of best matches used by pseudo-relevance feedback.
    pub prf_depth: usize,
    /// Selective feedback: when the query's own words already pick one passage of the target
    /// clearly — its best score is this many standard deviations above the document's mean —
    /// feedback starts to weigh less, and none at all [`PRF_GATE_SPAN`] further (0 = off).
    pub prf_gate_z: f32,
    /// Score at or above which a match is "good" (corpus-wide queries; within a document, twice
    /// this is good whatever the rest of the document scores).
    pub good_threshold: f32,
    /// Within a document, a match is also good when it stands out from the document's other
    /// passages: its score is at least this many standard deviations above their mean
    /// (0 = off; 3: where two readers found nothing in the document that fits, 30% of the
    /// engine's first matches pass as good, 52% at 2.5; of its first matches that are the
    /// readers' clear choice, 86% pass, 92% at 2.5) ...
    pub good_z: f32,
    /// ... and at least this score. (0.12: next to documents on another subject — the seeds
    /// with three books of the Bible — 0.08 let 16.5% of the cross-subject best matches pass
    /// as good on common words, 0.12 lets 3.3%; on the dev set the recall of good first
    /// matches goes from 0.797 to 0.791.)
    pub good_floor: f32,
    /// Number of topics to form by k-means (0 = automatic: communities of the match graph
    /// up to [`Options::topic_graph_limit`] passages, k-means beyond).
    pub topics: usize,
    /// Largest corpus (in passages) whose topics are the communities of its graph of good
    /// cross-document matches; beyond, k-means over the passage vectors (a corpus-wide query
    /// per passage costs ~0.3 ms on bible-9's 37,246 passages: 11 s of CPU).
    pub topic_graph_limit: usize,
    /// Order-aware alignment: the passages of the query's document and of the target are
    /// aligned monotonically (a dynamic programme over their scores, each passage aligned to
    /// at most one, the order kept), and candidates in keeping with that order get this bonus,
    /// scaled by how parallel the two documents are ([`AlignIndex::parallelism`]: parallel
    /// accounts tell their events in the same order, essays on a subject do not) (0 = off) ...
    pub order: f32,
    /// ... when aligning every document pair costs at most this many passage queries
    /// (passages × (documents − 1)); above that the pass is off.
    pub order_limit: usize,
    /// Parallelism must be significant: the documents count as parallel only when at most
    /// this share of shuffled orders of the passages agree with their own alignment as well
    /// as the real order does (a permutation test; 0 = no test) ...
    pub order_alpha: f32,
    /// ... over this many shuffles (the chance level is their mean).
    pub order_shuffles: usize,
    /// Parallel context: a candidate gains the scores of the query's neighbours against the
    /// candidate's neighbours (the previous passage matching the one before it or the same
    /// one, the next matching the one after or the same), times this weight and how parallel
    /// the two documents are (0 = off).
    pub order_context: f32,
    /// Transitive evidence: the query's best match in each third document passes on its own
    /// best matches in the target, with this weight times both scores (0 = off; on only with
    /// the order-aware pass) ...
    pub transitive: f32,
    /// ... when the routes through third documents, passages × (documents − 1) × (documents −
    /// 2), are at most this many (over 36 documents of 3,823 passages, 4.5 million, the
    /// reader's first align took 1.8 s and each next one 42 ms; without it 40 ms and 6.5 ms).
    pub transitive_limit: usize,
}

impl Default for Options {
    /// The engine: the plain TF-IDF [`Options::baseline`] with the ideas that paid on the dev
    /// set turned on.
    fn default() -> Self {
        Options {
            stem: true,
            variants: true,
            acronyms: true,
            max_df: 0.5,
            year_boost: 1.5,
            decades: true,
            spread: 0.25,
            heading: 0.35,
            order: 1.0,
            order_context: 0.5,
            transitive: 0.3,
            prf: 0.6,
            prf_gate_z: 2.5,
            good_threshold: 0.15,
            good_z: 3.0,
            topic_graph_limit: 10_000,
            ..Options::baseline()
        }
    }
}

impl Options {
    /// A plain TF-IDF cosine over paragraphs, every idea off: the baseline the engine is
    /// measured against, and what [`Options::default`] starts from.
    pub fn baseline() -> Options {
        Options {
            stem: false,
            stop_words: true,
            variants: false,
            acronyms: false,
            max_df: 1.0,
            year_boost: 1.0,
            heading: 0.0,
            good_threshold: 0.12,
            good_z: 0.0,
            good_floor: 0.12,
            topics: 0,
            topic_graph_limit: 0,
            decades: false,
            prf: 0.0,
            prf_depth: 5,
            spread: 0.0,
            prf_gate_z: 0.0,
            order: 0.0,
            order_limit: 200_000,
            order_alpha: 0.05,
            order_shuffles: 19,
            order_context: 0.0,
            transitive: 0.0,
            transitive_limit: 200_000,
        }
    }
}

/// Feedback weighs nothing when the query's best score in the target stands this many
/// standard deviations beyond [`Options::prf_gate_z`].
const PRF_GATE_SPAN: f32 = 4.0;

/// A candidate takes part in the order-aware alignment when its score stands more than this
/// many standard deviations above the mean of its document's scores.
const ORDER_SD: f32 = 1.0;

/// The alignment index of one corpus.
#[derive(Debug, Clone, Default)]
pub struct AlignIndex {
    pub passages: Vec<Passage>,
    /// For each document, the ids of its passages in reading order.
    pub by_doc: Vec<Vec<usize>>,
    pub topics: Vec<Topic>,
    /// The topic of each passage (index into `topics`), if any.
    pub topic_of: Vec<Option<usize>>,
    /// Term strings (stemmed, canonical) by term id.
    pub terms: Vec<String>,
    /// Display form of each term (its most frequent surface form).
    pub display: Vec<String>,
    /// Unit-length passage vectors (heading mixed in), by passage id.
    pub vectors: Vec<SparseVec>,
    cache: QueryCache,
    /// Per ordered document pair (`a * documents + b`), its alignment (empty when the
    /// order-aware pass is off).
    order_cache: Cells<Arc<order::PairOrder>>,
    /// Per passage and document (`passage * documents + doc`), the passage's best scores there
    /// with the order-aware pass (empty when [`Options::transitive`] is off).
    ordered_top: Cells<Vec<(u32, f32)>>,
    /// Per passage, its feedback candidates, the same for every target document (empty when
    /// there is no feedback): the order-aware pass asks for them once per document, the topics'
    /// match graph and then the matches once each.
    feedback_cache: Cells<Vec<(f32, usize)>>,
    /// Inverted index: for each term, `(passage, weight)` sorted by passage id.
    postings: Vec<Vec<(u32, f32)>>,
    options: Options,
}

/// Values computed once, when first asked for, in cells by index (empty when not kept); a
/// clone starts empty.
#[derive(Debug)]
struct Cells<T>(Vec<std::sync::OnceLock<T>>);

impl<T> Cells<T> {
    fn new(n: usize) -> Self {
        Cells((0..n).map(|_| std::sync::OnceLock::new()).collect())
    }
    fn get(&self, i: usize) -> Option<&std::sync::OnceLock<T>> {
        self.0.get(i)
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T> Default for Cells<T> {
    fn default() -> Self {
        Cells(Vec::new())
    }
}

impl<T> Clone for Cells<T> {
    fn clone(&self) -> Self {
        Cells::new(self.0.len())
    }
}

/// Key of a cached query vector: (passage, document left out of its feedback or `usize::MAX`).
type QueryKey = (usize, usize);

/// The last query vector computed.
#[derive(Default)]
struct QueryCache(Mutex<Option<(QueryKey, Arc<SparseVec>)>>);

impl Clone for QueryCache {
    fn clone(&self) -> Self {
        QueryCache::default()
    }
}

impl std::fmt::Debug for QueryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("QueryCache")
    }
}

impl AlignIndex {
    /// Builds the index for every document of `corpus`.
    pub fn build(corpus: &Corpus) -> AlignIndex {
        Self::build_with(corpus, &Options::default())
    }

    /// Builds the index without topics (`topics` empty, `topic_of` all `None`): the matches
    /// are ready sooner; [`AlignIndex::compute_topics`] adds the topics later (about a third of
    /// the build time on large corpora).
    pub fn build_without_topics(corpus: &Corpus) -> AlignIndex {
        Self::build_inner(corpus, &Options::default(), false, &crate::progress::none)
    }

    /// Builds the index with explicit options.
    pub fn build_with(corpus: &Corpus, options: &Options) -> AlignIndex {
        Self::build_inner(corpus, options, true, &crate::progress::none)
    }

    /// Builds the index (with topics), telling `progress` of its steps
    /// ([`Stage::Index`](crate::progress::Stage::Index), then
    /// [`Stage::Topics`](crate::progress::Stage::Topics)).
    pub fn build_with_progress(corpus: &Corpus, progress: crate::progress::Progress) -> AlignIndex {
        Self::build_inner(corpus, &Options::default(), true, progress)
    }

    /// Forms the topics (and `topic_of`) of an index built without them.
    pub fn compute_topics(&mut self) {
        let topics = self.form_topics();
        self.set_topics(topics);
    }

    /// The topics of the corpus (what [`AlignIndex::compute_topics`] adds), formed from a shared
    /// index (the reader's index thread, while the reader already asks it for matches).
    pub fn form_topics(&self) -> Vec<Topic> {
        topics::build_topics(self, self.options.topics)
    }

    /// Sets the topics (and `topic_of`) formed by [`AlignIndex::form_topics`].
    pub fn set_topics(&mut self, topics: Vec<Topic>) {
        self.topics = topics;
        self.topic_of = vec![None; self.passages.len()];
        for t in &self.topics {
            for &p in &t.passages {
                self.topic_of[p] = Some(t.id);
            }
        }
    }

    fn build_inner(
        corpus: &Corpus,
        options: &Options,
        with_topics: bool,
        progress: crate::progress::Progress,
    ) -> AlignIndex {
        use crate::progress::Stage;
        const STEPS: usize = 4;
        progress(Stage::Index, 0, STEPS);
        // 1. passages and tokens
        let per_doc = vocab::tokenize_documents(corpus, options);
        progress(Stage::Index, 1, STEPS);
        // 2. and 3. terms, canonical terms, display forms
        let vocab = vocab::vocabulary(&per_doc, options);
        progress(Stage::Index, 2, STEPS);
        // 4. to 6. term counts, weights, passage vectors
        let w = weights::weigh(per_doc, &vocab, options);
        progress(Stage::Index, 3, STEPS);
        // 7. the inverted index
        let postings = postings::build_postings(&w.vectors, vocab.terms.len());
        progress(Stage::Index, STEPS, STEPS);
        let mut index = AlignIndex {
            passages: w.passages,
            by_doc: w.by_doc,
            topics: Vec::new(),
            topic_of: Vec::new(),
            terms: vocab.terms,
            display: vocab.display,
            vectors: w.vectors,
            cache: QueryCache::default(),
            order_cache: Cells::default(),
            ordered_top: Cells::default(),
            feedback_cache: Cells::default(),
            postings,
            options: options.clone(),
        };
        index.make_caches();
        index.topic_of = vec![None; index.passages.len()];
        if with_topics {
            progress(Stage::Topics, 0, 1);
            index.compute_topics();
            progress(Stage::Topics, 1, 1);
        }
        index
    }

    /// Makes room for the answers kept once computed: each passage's feedback candidates, and
    /// what the order-aware pass and transitive evidence keep when they are on and the corpus
    /// is within their limits.
    fn make_caches(&mut self) {
        let o = &self.options;
        let (n, n_docs) = (self.passages.len(), self.by_doc.len());
        if o.prf > 0.0 {
            self.feedback_cache = Cells::new(n);
        }
        if o.order <= 0.0 || n * n_docs.saturating_sub(1) > o.order_limit {
            return;
        }
        self.order_cache = Cells::new(n_docs * n_docs);
        let routes = n * n_docs.saturating_sub(1) * n_docs.saturating_sub(2);
        if o.transitive > 0.0 && routes <= o.transitive_limit {
            self.ordered_top = Cells::new(n * n_docs);
        }
    }

    /// Approximate heap size of the index in bytes (vectors, postings, passages, terms).
    pub fn heap_bytes(&self) -> usize {
        let sv = |v: &[SparseVec]| v.iter().map(|x| x.capacity() * 8 + 24).sum::<usize>();
        sv(&self.vectors)
            + sv(&self.postings)
            + self.passages.len() * std::mem::size_of::<Passage>()
            + self
                .by_doc
                .iter()
                .map(|d| d.capacity() * 8 + 24)
                .sum::<usize>()
            + self
                .terms
                .iter()
                .chain(&self.display)
                .map(|t| t.capacity() + 24)
                .sum::<usize>()
            + self
                .topics
                .iter()
                .map(|t| t.passages.capacity() * 8 + t.label.capacity() + 48)
                .sum::<usize>()
            + self.topic_of.len() * 16
    }

    /// Heap held by the answers cached so far (feedback lists, document-pair alignments, best
    /// scores per passage and document), in bytes: it grows with the queries asked, up to
    /// every passage's.
    pub fn cache_bytes(&self) -> usize {
        fn cells<T>(c: &Cells<T>, size: impl Fn(&T) -> usize) -> usize {
            c.0.iter()
                .map(|cell| std::mem::size_of_val(cell) + cell.get().map_or(0, &size))
                .sum()
        }
        use std::mem::size_of;
        fn heap<T>(v: &Vec<T>) -> usize {
            v.capacity() * size_of::<T>()
        }
        let pair = |o: &Arc<order::PairOrder>| {
            size_of::<order::PairOrder>()
                + heap(&o.path)
                + heap(&o.top)
                + o.top.iter().map(heap).sum::<usize>()
        };
        cells(&self.feedback_cache, heap)
            + cells(&self.ordered_top, heap)
            + cells(&self.order_cache, pair)
    }

    /// The options the index was built with.
    pub fn options(&self) -> &Options {
        &self.options
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_scores_stay_below_one_and_keep_their_order() {
        use query::shown_score;
        assert_eq!(shown_score(0.35), 0.35);
        let xs = [0.8, 0.9, 1.14, 2.0, 3.5];
        let ys: Vec<f32> = xs.iter().map(|&x| shown_score(x)).collect();
        assert!(ys.windows(2).all(|w| w[0] < w[1]), "{ys:?}");
        assert!(ys.iter().all(|&y| y < 1.0), "{ys:?}");
    }

    /// A made-up word per number, of letters only (the tokenizer treats digits as numbers).
    fn made_up_word(i: usize) -> String {
        let l = |k: usize| (b'a' + (k % 26) as u8) as char;
        format!("zo{}{}{}", l(i / 676), l(i / 26), l(i))
    }

    #[test]
    fn feedback_is_left_out_where_the_query_s_own_words_pick_one_passage() {
        use crate::corpus::{BlockKind, Document};
        let query = "The harbour pilots struck over wages and tides in the winter.";
        // B: the query, told at more length, among sixty passages that share nothing with it
        let mut b: Vec<String> = vec![format!("{query} Their union met on the quay.")];
        b.extend((0..60).map(|i| {
            let w: Vec<String> = (0..6).map(|k| made_up_word(i * 6 + k)).collect();
            w.join(" ")
        }));
        // C: five passages, each as close to the query as the others
        let c: Vec<String> = (0..5)
            .map(|i| {
                format!(
                    "The pilots {} {}.",
                    made_up_word(900 + i),
                    made_up_word(950 + i)
                )
            })
            .collect();
        let document = |id: &str, paras: &[String]| {
            let mut blocks = vec![(BlockKind::Title, id)];
            blocks.extend(paras.iter().map(|p| (BlockKind::Paragraph, p.as_str())));
            Document::from_blocks(id, id, &blocks)
        };
        let corpus = Corpus {
            documents: vec![
                document("a", &[query.to_string()]),
                document("b", &b),
                document("c", &c),
            ],
            warnings: Vec::new(),
        };
        let index = AlignIndex::build_without_topics(&corpus);
        let own = index.query_base(0).clone();
        let (clear, flat) = (index.confidence(&own, 1), index.confidence(&own, 2));
        assert_eq!(clear, 1.0);
        assert_eq!(flat, 0.0);
        // scoring B, the query stays its own words; scoring C, it takes in B's words
        let for_b = index.query_vector_for(0, Some(1));
        let for_c = index.query_vector_for(0, Some(2));
        assert!(
            (dot(&for_b, &own) - 1.0).abs() < 1e-5,
            "{}",
            dot(&for_b, &own)
        );
        assert!(dot(&for_c, &own) < 0.999, "{}", dot(&for_c, &own));
        // without the gate, B's query takes in C's passages
        let ungated = AlignIndex::build_with(
            &corpus,
            &Options {
                prf_gate_z: 0.0,
                ..Options::default()
            },
        );
        let own = ungated.query_base(0).clone();
        assert!(dot(&ungated.query_vector_for(0, Some(1)), &own) < 0.999);
    }
}
