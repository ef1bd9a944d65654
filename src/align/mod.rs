//! Passage alignment across documents: passages, the index, queries and topics (pure,
//! deterministic).
//!
//! A passage is a paragraph (or a sentence-aligned piece of a long one). [`AlignIndex::build`]
//! indexes every passage of a corpus once; queries answer from the index.
//!
//! How a match is scored (everything is learned from the corpus given, nothing is tuned to a
//! particular corpus):
//! - words are folded, stop words dropped, stemmed ([`text`]);
//! - spellings of one name (Mujahedin / Mojahedin / Mujahideen) are merged when they share a
//!   consonant skeleton and a small edit distance, and acronyms defined in the text
//!   (`… Khalq (MEK)`, `… Organization (MKO)`) are merged when their expansions agree;
//! - each passage becomes a sparse TF-IDF vector (sub-linear tf, idf over passages, terms
//!   used by nearly every passage dropped, years weighted up), mixed with a little of its
//!   section heading (the nearest heading before it: headings written by the author name the
//!   topic of what follows; dev P@1 0.561 → 0.605);
//! - the query is expanded with its best matches across the corpus (pseudo-relevance
//!   feedback);
//! - a query scores the passages of other documents by cosine through an inverted index.

pub mod eval;
mod fx;
mod lsa;
pub mod passages;
pub mod report;
pub mod text;
pub mod topics;

use crate::align::fx::HashMap;
use crate::corpus::{BlockKind, Corpus};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, Mutex};

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

/// Switches of the scoring pipeline (for evaluation of each idea; the default is the engine).
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub stem: bool,
    pub stop_words: bool,
    /// Merge spelling variants of names.
    pub variants: bool,
    /// ... only of words written as names (capitalized in at least half of their uses in
    /// passages), and of other words only a suffix the stemmer left on (`blasphem` /
    /// `blasphemi`): "counter" is not taken for a spelling of "country", nor "persecuted" for
    /// "prosecuted".
    pub variants_names_only: bool,
    /// Merge acronyms whose definitions in the text agree.
    pub acronyms: bool,
    /// Drop terms found in more than this fraction of passages.
    pub max_df: f32,
    /// Weight multiplier for years (and, halved, other numbers of 2+ digits).
    pub year_boost: f32,
    /// Weight of the neighbouring passages (previous and next) mixed into a passage vector.
    pub neighbours: f32,
    /// Weight of the section heading's terms mixed into a passage vector.
    pub heading: f32,
    /// Drop terms that occur in a single document (they cannot match across documents).
    pub cross_doc_only: bool,
    /// Sub-linear term frequency (1 + ln tf) instead of raw counts.
    pub log_tf: bool,
    /// Weight of the second pass (re-ranking the top candidates on their neighbourhoods).
    pub rerank: f32,
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
    /// A year also counts as its decade (`1963` → `1960s`).
    pub decades: bool,
    /// Pseudo-relevance feedback: weight of the centroid of the query's best matches across
    /// the corpus mixed into the query (0 = off).
    pub prf: f32,
    /// Number of best matches used by pseudo-relevance feedback.
    pub prf_depth: usize,
    /// Bonus for a candidate in the same topic as the query passage (0 = off).
    pub topic_bonus: f32,
    /// Exponent of the document-spread factor of term weights: a term used by more of the
    /// corpus's documents says more about what two authors share (0 = off).
    pub spread: f32,
    /// Document-side smoothing: each passage vector is mixed with the centroid of its best
    /// matches in other documents (0 = off). Costs one corpus-wide query per passage, so it is
    /// skipped above `smooth_limit` passages.
    pub smooth: f32,
    pub smooth_limit: usize,
    /// Weight of the relative-position prior (passages at similar relative positions of their
    /// documents; 0 = off).
    pub position: f32,
    /// Exponent of the within-document IDF factor of term weights: a term found in most
    /// passages of a document does not tell them apart (0 = off).
    pub local_idf: f32,
    /// Which side the within-document IDF applies to: 0 both, 1 candidates only, 2 queries only.
    pub local_side: u8,
    /// Weight of the latent-semantic (LSA) cosine mixed into scores (0 = off).
    pub lsa: f32,
    /// Dimensions of the latent space.
    pub lsa_k: usize,
    /// Bonus for a candidate whose own best match in the query's document is the query
    /// (mutual best match; 0 = off).
    pub mutual: f32,
    /// Hubness correction (as CSLS): a candidate's score is lowered by this times its mean
    /// similarity to its 3 nearest passages of the query's document (a passage that resembles
    /// everything says little by resembling the query; 0 = off).
    pub hub: f32,
    /// Local feedback: the centroid of the 2 best candidates of the target document, with this
    /// weight, is mixed into the query and the document scored again (0 = off).
    pub local_prf: f32,
    /// Pivoted length normalisation of candidates within a document: a candidate's cosine is
    /// scaled by `len / (pivot * mean + (1 - pivot) * len)` (len = norm of its weighted
    /// vector; 0 = plain cosine, which favours short passages).
    pub pivot: f32,
    /// Query-side context: weight of the neighbouring passages (previous and next, same
    /// document) mixed into the query only (0 = off) ...
    pub query_neighbours: f32,
    /// ... scaled by how short the query passage is (`min(1, mean terms / its terms)`) when set.
    pub query_short: bool,
    /// Second stage: the best this many candidates of a document are re-ordered by reciprocal
    /// rank fusion of the first-pass score with other evidence (0 = off).
    pub fusion: usize,
    /// Which evidence the fusion uses (bit 1: the passage's own cosine without feedback;
    /// bit 2: cosine of the neighbourhoods, passage and its neighbours; bit 4: first-pass
    /// score counted twice).
    pub fusion_mask: u8,
    /// Pseudo-relevance feedback takes at most one passage per document (the best matches of
    /// `prf_depth` different documents: many authors' view of the topic, not one text's copy).
    pub prf_per_doc: bool,
    /// Weight of the section centroid (the mean of the passages under the same heading)
    /// mixed into a passage vector (0 = off; passages under no heading get none).
    pub section: f32,
    /// Passages under no heading take the document's title as their heading.
    pub heading_title: bool,
    /// Which side the heading is mixed into: 0 both, 1 candidates only, 2 queries only.
    pub heading_side: u8,
    /// Feedback for scoring a document leaves out that document's passages.
    pub prf_exclude_target: bool,
    /// Feedback passages weigh in proportion to their scores (else equally).
    pub prf_weighted: bool,
    /// Selective feedback: when the query's own words already pick one passage of the target
    /// clearly — its best score is this many standard deviations above the document's mean —
    /// feedback starts to weigh less (0 = off) ...
    pub prf_gate_z: f32,
    /// ... and none at all this many standard deviations further.
    pub prf_gate_span: f32,
    /// Weight factor of word pairs (adjacent content words) as terms of their own (0 = off).
    pub bigrams: f32,
    /// A heading is not used when it governs more than this share of its document's
    /// passages (1 = always used).
    pub heading_max_share: f32,
    /// Heading terms are also weighted by their rarity among the corpus's headings.
    pub heading_idf: bool,
    /// Headings that only number parts ("Chapter 14") lend no words (see
    /// [`text::numbering_headings`]).
    pub skip_numbering_headings: bool,
    /// Second pass on character n-grams: the best ten candidates of a document are re-scored
    /// by the cosine of the passages' character 4-grams (of their terms, weighted as the
    /// terms), which also sees words that share a stem only in part (0 = off).
    pub char_ngrams: f32,
    /// Order-aware alignment: the passages of the query's document and of the target are
    /// aligned monotonically (a dynamic programme over their scores, each passage aligned to
    /// at most one, the order kept), and candidates in keeping with that order get this bonus,
    /// scaled by how parallel the two documents are ([`AlignIndex::parallelism`]: parallel
    /// accounts tell their events in the same order, essays on a subject do not) (0 = off) ...
    pub order: f32,
    /// ... when aligning every document pair costs at most this many passage queries
    /// (passages × (documents − 1)); above that the pass is off.
    pub order_limit: usize,
    /// A passage left out of the order-aware alignment lies between the targets of its
    /// aligned neighbours: the candidates in that gap get this score (times the order weight,
    /// divided by the width of the gap) added, so that a passage which shares no words with
    /// its counterpart can still be brought to it by its neighbours.
    pub order_gap: f32,
    /// A candidate takes part in the order-aware alignment when its score stands more than
    /// this many standard deviations above the mean of its document's scores.
    pub order_sd: f32,
    /// Candidates outside the span between the targets of the passage's aligned neighbours
    /// lose this share of their score (times the order weight; 0 = none).
    pub order_penalty: f32,
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
    /// set turned on (every other idea stays off).
    fn default() -> Self {
        Options {
            stem: true,
            variants: true,
            variants_names_only: true,
            acronyms: true,
            max_df: 0.5,
            year_boost: 1.5,
            decades: true,
            spread: 0.25,
            heading: 0.35,
            skip_numbering_headings: true,
            order: 1.0,
            order_context: 0.5,
            transitive: 0.3,
            prf: 0.6,
            prf_exclude_target: true,
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
            variants_names_only: false,
            acronyms: false,
            max_df: 1.0,
            year_boost: 1.0,
            neighbours: 0.0,
            heading: 0.0,
            cross_doc_only: false,
            log_tf: false,
            rerank: 0.0,
            good_threshold: 0.12,
            good_z: 0.0,
            good_floor: 0.12,
            topics: 0,
            topic_graph_limit: 0,
            decades: false,
            prf: 0.0,
            prf_depth: 5,
            position: 0.0,
            smooth: 0.0,
            smooth_limit: 50_000,
            spread: 0.0,
            topic_bonus: 0.0,
            local_idf: 0.0,
            local_side: 0,
            lsa: 0.0,
            lsa_k: 100,
            mutual: 0.0,
            hub: 0.0,
            local_prf: 0.0,
            pivot: 0.0,
            query_neighbours: 0.0,
            query_short: false,
            fusion: 0,
            fusion_mask: 3,
            prf_per_doc: false,
            section: 0.0,
            heading_title: false,
            heading_side: 0,
            prf_exclude_target: false,
            prf_weighted: false,
            prf_gate_z: 0.0,
            prf_gate_span: 4.0,
            bigrams: 0.0,
            heading_max_share: 1.0,
            heading_idf: false,
            skip_numbering_headings: false,
            char_ngrams: 0.0,
            order: 0.0,
            order_limit: 200_000,
            order_gap: 0.0,
            order_sd: 1.0,
            order_penalty: 0.0,
            order_alpha: 0.05,
            order_shuffles: 19,
            order_context: 0.0,
            transitive: 0.0,
            transitive_limit: 200_000,
        }
    }
}

/// Query terms used by a corpus-wide pass.
const MAX_QUERY_TERMS: usize = 64;

/// A sparse vector: `(term, weight)` sorted by term.
pub type SparseVec = Vec<(u32, f32)>;

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
    /// Unit-length passage vectors (with context mixed in), by passage id.
    pub vectors: Vec<SparseVec>,
    /// Query-side vectors when they are weighted differently from `vectors` (else empty).
    qvectors: Vec<SparseVec>,
    /// Latent-semantic embedding of the passages (when enabled).
    lsa: Option<lsa::Lsa>,
    cache: QueryCache,
    /// Per ordered document pair (`a * documents + b`), its alignment (empty when the
    /// order-aware pass is off).
    order_cache: Cells<Arc<PairOrder>>,
    /// Per passage and document (`passage * documents + doc`), the passage's best
    /// [`TRANSITIVE_TOP`] scores there with the order-aware pass (empty when
    /// [`Options::transitive`] is off).
    ordered_top: Cells<Vec<(u32, f32)>>,
    /// Per passage, its feedback candidates ([`AlignIndex::feedback`]), the same for every
    /// target document (empty unless the order-aware pass, which asks for them once per
    /// document, is on).
    feedback_cache: Cells<Vec<(f32, usize)>>,
    /// Inverted index: for each term, `(passage, weight)` sorted by passage id (empty for
    /// terms in more than [`posting_cap`] passages).
    postings: Vec<Vec<(u32, f32)>>,
    /// Per passage, the factor of pivoted length normalisation (empty when off).
    len_factor: Vec<f32>,
    /// Mean number of distinct terms of a passage vector.
    mean_terms: f32,
    options: Options,
}

/// The order-aware alignment of one document pair.
#[derive(Debug)]
struct PairOrder {
    /// For each passage of the first document, its aligned passage (index in the second).
    path: Vec<Option<usize>>,
    /// How parallel, one way (the first document's passages against the second; see
    /// [`AlignIndex::parallelism`]).
    parallelism: f32,
    /// For each passage of the first document, its best [`CONTEXT_TOP`] scores in the second
    /// (index, score), for [`Options::order_context`].
    top: Vec<Vec<(u32, f32)>>,
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

/// Per-document tokenization result.
struct DocTokens {
    /// Distinct folded surfaces of the document, by local id.
    surfaces: PackedStrs,
    /// Occurrences of each surface in the document's passages.
    counts: Vec<u32>,
    /// Of those, how many were capitalized.
    caps: Vec<u32>,
    /// The tokens of the document's passages as local surface ids, one list for the whole
    /// document (a list per passage, of `u32`, was most of the index build's peak memory).
    tokens: Tokens,
    /// End of each passage's tokens in `tokens`.
    ends: Vec<usize>,
    /// For each passage, its section heading as an index into `heading_list` (`u32::MAX`
    /// when none; empty unless headings are used).
    headings: Vec<u32>,
    /// For each passage, the block of its section heading (`usize::MAX` when none).
    sections: Vec<usize>,
    /// The tokens of each distinct heading used (in block order).
    heading_list: Vec<Vec<u32>>,
    acronyms: Vec<text::AcronymDef>,
}

/// Local surface ids: 16 bits when the document has at most 65,536 distinct surfaces (all of
/// bible-9's documents), which halves them.
enum Tokens {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl DocTokens {
    /// Sets `out` to the canonical term ids of passage `i`'s tokens, in text order, without
    /// the tokens that are not terms.
    fn passage_terms(&self, i: usize, map: &[u32], out: &mut Vec<u32>) {
        let r = if i == 0 { 0 } else { self.ends[i - 1] }..self.ends[i];
        out.clear();
        match &self.tokens {
            Tokens::Narrow(v) => out.extend(v[r].iter().map(|&s| map[s as usize])),
            Tokens::Wide(v) => out.extend(v[r].iter().map(|&s| map[s as usize])),
        }
        out.retain(|&t| t != u32::MAX);
    }

    /// Frees the tokens (once the term counts are made).
    fn drop_tokens(&mut self) {
        self.tokens = Tokens::Narrow(Vec::new());
        self.ends = Vec::new();
    }

    /// Frees the surfaces and their counts (once the vocabulary and display forms are made).
    fn drop_surfaces(&mut self) {
        self.surfaces = PackedStrs {
            text: String::new(),
            ends: Vec::new(),
        };
        self.counts = Vec::new();
        self.caps = Vec::new();
    }
}

/// The vocabulary of one document while it is tokenized.
struct LocalVocab {
    map: HashMap<String, u32>,
    counts: Vec<u32>,
    caps: Vec<u32>,
    decades: bool,
}

impl LocalVocab {
    fn intern(&mut self, f: &str) -> u32 {
        if let Some(&id) = self.map.get(f) {
            return id;
        }
        // terms are computed once per distinct surface of the corpus, after tokenization
        let id = self.counts.len() as u32;
        self.counts.push(0);
        self.caps.push(0);
        self.map.insert(f.to_string(), id);
        id
    }

    /// Token ids of the terms of `s`; `count` adds them to the frequencies.
    fn tokenize(&mut self, s: &str, count: bool) -> Vec<u32> {
        let mut v = Vec::new();
        self.tokenize_into(s, count, &mut v);
        v.shrink_to_fit();
        v
    }

    /// Appends the token ids of the terms of `s` to `v`; `count` adds them to the frequencies.
    fn tokenize_into(&mut self, s: &str, count: bool, v: &mut Vec<u32>) {
        let start = v.len();
        let mut f = String::new();
        for w in text::words(s) {
            text::fold_into(w.surface, &mut f);
            let id = self.intern(&f);
            v.push(id);
            if count && w.surface.starts_with(char::is_uppercase) {
                self.caps[id as usize] += 1;
            }
            if self.decades {
                if let Some(d) = text::decade(&f) {
                    let id = self.intern(&d);
                    v.push(id);
                }
            }
        }
        if count {
            for &id in &v[start..] {
                self.counts[id as usize] += 1;
            }
        }
    }

    /// The surfaces by id.
    fn into_surfaces(self) -> (PackedStrs, Vec<u32>, Vec<u32>) {
        let mut s: Vec<(u32, String)> = self.map.into_iter().map(|(k, v)| (v, k)).collect();
        s.sort_unstable_by_key(|x| x.0);
        let mut packed = PackedStrs {
            text: String::with_capacity(s.iter().map(|x| x.1.len()).sum()),
            ends: Vec::with_capacity(s.len()),
        };
        for (_, surface) in s {
            packed.text.push_str(&surface);
            packed.ends.push(packed.text.len() as u32);
        }
        (packed, self.counts, self.caps)
    }
}

/// Short strings packed into one buffer: a document's vocabulary (thousands of words, kept
/// for every document until the corpus vocabulary is built) costs two allocations instead of
/// one per word — on bible-9 that is most of the index build's peak memory.
struct PackedStrs {
    text: String,
    /// End offset of each string in `text`.
    ends: Vec<u32>,
}

impl PackedStrs {
    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let s = &self.text[start..end as usize];
            start = end as usize;
            s
        })
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
        Self::build_inner(corpus, &Options::default(), false)
    }

    /// Builds the index with explicit options.
    pub fn build_with(corpus: &Corpus, options: &Options) -> AlignIndex {
        Self::build_inner(corpus, options, true)
    }

    /// Forms the topics (and `topic_of`) of an index built without them.
    pub fn compute_topics(&mut self) {
        self.topics = topics::build_topics(self, self.options.topics);
        self.topic_of = vec![None; self.passages.len()];
        for t in &self.topics {
            for &p in &t.passages {
                self.topic_of[p] = Some(t.id);
            }
        }
    }

    fn build_inner(corpus: &Corpus, options: &Options, with_topics: bool) -> AlignIndex {
        let clock = std::time::Instant::now();
        let timing = std::env::var_os("SYNOPTIC_ALIGN_TIMING").is_some();
        let lap = |what: &str| {
            if timing {
                eprintln!(
                    "align: {what} at {:.0} ms",
                    clock.elapsed().as_secs_f64() * 1000.0
                );
            }
        };
        // 1. passages and tokens, one document per task
        type PerDoc = (Vec<(usize, Range<usize>)>, DocTokens);
        let mut per_doc: Vec<PerDoc> = corpus
            .documents
            .par_iter()
            .map(|doc| {
                let ps = passages::split_document(doc);
                let mut vocab = LocalVocab {
                    map: HashMap::default(),
                    counts: Vec::new(),
                    caps: Vec::new(),
                    decades: options.decades,
                };
                let mut flat: Vec<u32> = Vec::new();
                let mut ends = Vec::with_capacity(ps.len());
                let mut hblocks: Vec<usize> = Vec::new();
                let mut heading_cache: HashMap<usize, Vec<u32>> = HashMap::default();
                let mut sections = Vec::new();
                let numbering: Vec<usize> =
                    if options.heading > 0.0 && options.skip_numbering_headings {
                        let hs: Vec<usize> = (0..doc.blocks.len())
                            .filter(|&b| doc.blocks[b].kind == BlockKind::Heading)
                            .collect();
                        let texts: Vec<&str> =
                            hs.iter().map(|&b| doc.block_text(&doc.blocks[b])).collect();
                        hs.iter()
                            .zip(text::numbering_headings(&texts))
                            .filter_map(|(&b, n)| n.then_some(b))
                            .collect()
                    } else {
                        Vec::new()
                    };
                let (mut scan, mut last_heading, mut last_title) = (0usize, usize::MAX, usize::MAX);
                for (b, r) in &ps {
                    if options.section > 0.0 || options.heading > 0.0 {
                        // passages come in block order: the governing heading is found by
                        // one scan of the document's blocks
                        if scan > *b {
                            (scan, last_heading, last_title) = (0, usize::MAX, usize::MAX);
                        }
                        while scan <= *b && scan < doc.blocks.len() {
                            match doc.blocks[scan].kind {
                                BlockKind::Heading => last_heading = scan,
                                BlockKind::Title => last_title = scan,
                                _ => {}
                            }
                            scan += 1;
                        }
                    }
                    if options.section > 0.0 {
                        sections.push(last_heading);
                    }
                    vocab.tokenize_into(&doc.text[r.clone()], true, &mut flat);
                    ends.push(flat.len());
                    if options.heading > 0.0 {
                        let governing = if numbering.binary_search(&last_heading).is_ok() {
                            usize::MAX
                        } else {
                            last_heading
                        };
                        let hb = if governing == usize::MAX && options.heading_title {
                            last_title
                        } else {
                            governing
                        };
                        if hb != usize::MAX {
                            heading_cache.entry(hb).or_insert_with(|| {
                                vocab.tokenize(&doc.text[doc.blocks[hb].range.clone()], false)
                            });
                        }
                        hblocks.push(hb);
                    }
                }
                if options.heading_max_share < 1.0 && !hblocks.is_empty() {
                    // a heading over most of the document does not tell its passages apart
                    let mut per: HashMap<usize, usize> = HashMap::default();
                    for &hb in &hblocks {
                        *per.entry(hb).or_insert(0) += 1;
                    }
                    let limit = options.heading_max_share * hblocks.len() as f32;
                    for hb in hblocks.iter_mut() {
                        if *hb != usize::MAX && per[&*hb] as f32 > limit {
                            *hb = usize::MAX;
                        }
                    }
                }
                let acronyms = if options.acronyms {
                    ps.iter()
                        .flat_map(|(_, r)| text::acronym_definitions(&doc.text[r.clone()]))
                        .collect()
                } else {
                    Vec::new()
                };
                let mut heading_list: Vec<(usize, Vec<u32>)> = heading_cache.into_iter().collect();
                heading_list.sort_unstable_by_key(|x| x.0);
                let headings = hblocks
                    .iter()
                    .map(
                        |&hb| match heading_list.binary_search_by_key(&hb, |x| x.0) {
                            Ok(i) => i as u32,
                            Err(_) => u32::MAX,
                        },
                    )
                    .collect();
                let heading_list = heading_list.into_iter().map(|x| x.1).collect();
                let tokens = if vocab.counts.len() <= 1 << 16 {
                    Tokens::Narrow(flat.iter().map(|&t| t as u16).collect())
                } else {
                    flat.shrink_to_fit();
                    Tokens::Wide(flat)
                };
                let (surfaces, counts, caps) = vocab.into_surfaces();
                (
                    ps,
                    DocTokens {
                        surfaces,
                        counts,
                        caps,
                        tokens,
                        ends,
                        headings,
                        sections,
                        heading_list,
                        acronyms,
                    },
                )
            })
            .collect();

        lap("step 1");
        // 2. distinct surfaces of the corpus, their terms (stemming once per surface), the
        // global vocabulary
        let mut uniq: HashMap<&str, u32> = HashMap::default();
        let mut uniq_list: Vec<&str> = Vec::new();
        let doc_uniq: Vec<Vec<u32>> = per_doc
            .iter()
            .map(|(_, dt)| {
                dt.surfaces
                    .iter()
                    .map(|s| {
                        *uniq.entry(s).or_insert_with(|| {
                            uniq_list.push(s);
                            (uniq_list.len() - 1) as u32
                        })
                    })
                    .collect()
            })
            .collect();
        drop(uniq);
        let uniq_terms: Vec<Option<String>> = uniq_list
            .par_iter()
            .map_init(
                || text::Analyzer {
                    stem: options.stem,
                    stop: options.stop_words,
                    ..Default::default()
                },
                |a, s| a.term(s),
            )
            .collect();
        let mut terms: Vec<String> = Vec::new();
        let uniq_term: Vec<u32> = {
            let mut ids: HashMap<&str, u32> = HashMap::default();
            uniq_terms
                .iter()
                .map(|t| match t {
                    None => u32::MAX,
                    Some(t) => *ids.entry(t.as_str()).or_insert_with(|| {
                        terms.push(t.clone());
                        (terms.len() - 1) as u32
                    }),
                })
                .collect()
        };
        drop(uniq_terms);
        let term_ids: HashMap<String, u32> = if options.acronyms {
            terms
                .iter()
                .enumerate()
                .map(|(i, t)| (t.clone(), i as u32))
                .collect()
        } else {
            HashMap::default()
        };
        let mut freq: Vec<u64> = vec![0; terms.len()];
        let mut caps: Vec<u64> = vec![0; terms.len()];
        let mut surface_count: Vec<u64> = vec![0; uniq_list.len()];
        for ((_, dt), du) in per_doc.iter().zip(&doc_uniq) {
            for ((&u, &c), &k) in du.iter().zip(&dt.counts).zip(&dt.caps) {
                surface_count[u as usize] += c as u64;
                let t = uniq_term[u as usize];
                if t != u32::MAX {
                    freq[t as usize] += c as u64;
                    caps[t as usize] += k as u64;
                }
            }
        }

        lap("step 2");
        // 3. canonical terms: spelling variants, then acronyms
        let mut canon: Vec<u32> = (0..terms.len() as u32).collect();
        if options.variants {
            let list: Vec<(&str, u64)> = terms
                .iter()
                .zip(&freq)
                .map(|(t, &f)| (t.as_str(), f))
                .collect();
            let names: Vec<bool> = if options.variants_names_only {
                caps.iter().zip(&freq).map(|(&k, &f)| 2 * k >= f).collect()
            } else {
                Vec::new()
            };
            canon = text::spelling_groups(&list, &names)
                .into_iter()
                .map(|c| c as u32)
                .collect();
        }
        if options.acronyms {
            let defs: Vec<&text::AcronymDef> =
                per_doc.iter().flat_map(|(_, dt)| &dt.acronyms).collect();
            merge_acronyms(&defs, &term_ids, &freq, &mut canon, options);
        }
        drop(term_ids);
        // local surface id → canonical term id, per document
        let mut local_maps: Vec<Vec<u32>> = doc_uniq;
        for u in local_maps.iter_mut().flatten() {
            *u = match uniq_term[*u as usize] {
                u32::MAX => u32::MAX,
                t => canon[t as usize],
            };
        }
        // display form of each canonical term: its most frequent surface (ties: the first in
        // byte order)
        let mut display: Vec<String> = {
            let mut best: Vec<(u64, &str)> = vec![(0, ""); terms.len()];
            for (u, &s) in uniq_list.iter().enumerate() {
                let t = uniq_term[u];
                let c = surface_count[u];
                if t == u32::MAX || c == 0 {
                    continue;
                }
                let b = &mut best[canon[t as usize] as usize];
                if c > b.0 || (c == b.0 && s < b.1) {
                    *b = (c, s);
                }
            }
            best.iter()
                .zip(&terms)
                .map(|(&(c, s), t)| if c == 0 { t.clone() } else { s.to_string() })
                .collect()
        };
        // the scratch data of the vocabulary is freed before the larger data below is made
        drop(uniq_list);
        drop(uniq_term);
        drop(surface_count);
        drop(canon);
        drop(freq);
        drop(caps);

        lap("step 3");
        // 4. passages and their term counts
        let mut passages = Vec::with_capacity(per_doc.iter().map(|(ps, _)| ps.len()).sum());
        let mut by_doc = Vec::with_capacity(per_doc.len());
        for (d, (ps, _)) in per_doc.iter().enumerate() {
            let mut ids = Vec::with_capacity(ps.len());
            for (b, r) in ps {
                ids.push(passages.len());
                passages.push(Passage {
                    id: passages.len(),
                    doc: d,
                    range: r.clone(),
                    block: *b,
                });
            }
            by_doc.push(ids);
        }
        // the word pairs below need the tokens; else each document's are freed once counted
        let keep_tokens = options.bigrams > 0.0;
        let mut counts: Vec<Vec<(u32, f32)>> = per_doc
            .par_iter_mut()
            .zip(&local_maps)
            .flat_map_iter(|((_, dt), map)| {
                let mut ids = Vec::new();
                let c: Vec<Vec<(u32, f32)>> = (0..dt.ends.len())
                    .map(|i| {
                        dt.passage_terms(i, map, &mut ids);
                        count_sorted(&mut ids)
                    })
                    .collect();
                if !keep_tokens {
                    dt.drop_tokens();
                }
                dt.drop_surfaces();
                c
            })
            .collect();
        let heads: Vec<Vec<(u32, f32)>> = if options.heading > 0.0 {
            per_doc
                .par_iter()
                .zip(&local_maps)
                .flat_map_iter(|((_, dt), map)| {
                    dt.headings.iter().map(|&h| match h {
                        u32::MAX => Vec::new(),
                        h => count_terms(&dt.heading_list[h as usize], map),
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        // how many of the corpus's distinct headings use each term ("Chapter", "Introduction"
        // head many sections and tell none apart)
        let (heading_df, n_headings): (HashMap<u32, u32>, usize) =
            if options.heading > 0.0 && options.heading_idf {
                let mut hdf: HashMap<u32, u32> = HashMap::default();
                let mut nh = 0;
                for ((_, dt), map) in per_doc.iter().zip(&local_maps) {
                    for h in &dt.heading_list {
                        nh += 1;
                        for (t, _) in count_terms(h, map) {
                            *hdf.entry(t).or_insert(0) += 1;
                        }
                    }
                }
                (hdf, nh)
            } else {
                (HashMap::default(), 0)
            };
        // word pairs: adjacent content words (stop words skipped, decades left out) become
        // terms of their own, after the single words
        let n_words = terms.len();
        if options.bigrams > 0.0 {
            let is_decade = |t: u32| {
                let s = terms[t as usize].as_bytes();
                s.len() == 5 && s[4] == b's' && s[..4].iter().all(u8::is_ascii_digit)
            };
            let pairs: Vec<Vec<(u32, u32)>> = per_doc
                .par_iter()
                .zip(&local_maps)
                .flat_map_iter(|((_, dt), map)| {
                    (0..dt.ends.len()).map(|i| {
                        let mut ids = Vec::new();
                        dt.passage_terms(i, map, &mut ids);
                        ids.retain(|&t| !is_decade(t));
                        let mut v: Vec<(u32, u32)> = ids
                            .windows(2)
                            .filter(|w| w[0] != w[1])
                            .map(|w| (w[0], w[1]))
                            .collect();
                        v.sort_unstable();
                        v
                    })
                })
                .collect();
            let mut pair_id: HashMap<(u32, u32), u32> = HashMap::default();
            let mut pair_list: Vec<(u32, u32)> = Vec::new();
            for (c, ps) in counts.iter_mut().zip(&pairs) {
                let mut extra: Vec<(u32, f32)> = Vec::new();
                for &pr in ps {
                    let id = *pair_id.entry(pr).or_insert_with(|| {
                        pair_list.push(pr);
                        (n_words + pair_list.len() - 1) as u32
                    });
                    match extra.last_mut() {
                        Some((t, k)) if *t == id => *k += 1.0,
                        _ => extra.push((id, 1.0)),
                    }
                }
                extra.sort_unstable_by_key(|x| x.0);
                // merge duplicates after sorting
                let mut merged: Vec<(u32, f32)> = Vec::with_capacity(extra.len());
                for (t, k) in extra {
                    match merged.last_mut() {
                        Some((lt, lk)) if *lt == t => *lk += k,
                        _ => merged.push((t, k)),
                    }
                }
                c.extend(merged);
            }
            for &(a, b) in &pair_list {
                terms.push(format!("{} {}", terms[a as usize], terms[b as usize]));
                display.push(format!("{} {}", display[a as usize], display[b as usize]));
            }
        }
        let sections: Vec<usize> = if options.section > 0.0 {
            per_doc
                .iter()
                .flat_map(|(_, dt)| dt.sections.iter().copied())
                .collect()
        } else {
            Vec::new()
        };
        drop(local_maps);
        drop(per_doc);
        let n = passages.len();

        lap("step 4");
        // 5. document frequencies
        let mut df = vec![0u32; terms.len()];
        let mut ddf = vec![0u32; terms.len()];
        let mut last_doc = vec![u32::MAX; terms.len()];
        for (p, c) in counts.iter().enumerate() {
            for &(t, _) in c {
                df[t as usize] += 1;
                let d = passages[p].doc as u32;
                if last_doc[t as usize] != d {
                    last_doc[t as usize] = d;
                    ddf[t as usize] += 1;
                }
            }
        }
        let max_df = (options.max_df * n as f32).max(2.0);
        let n_docs = by_doc.iter().filter(|d| !d.is_empty()).count().max(1);
        let idf: Vec<f32> = (0..terms.len())
            .map(|t| {
                let d = df[t] as f32;
                if d == 0.0 || d > max_df || (options.cross_doc_only && ddf[t] < 2) {
                    return 0.0;
                }
                let mut w = ((n as f32 + 1.0) / (d + 0.5)).ln().max(0.0);
                if options.spread > 0.0 {
                    w *= (ddf[t] as f32 / n_docs as f32).powf(options.spread);
                }
                if t >= n_words {
                    w *= options.bigrams;
                } else if text::is_year(&terms[t]) {
                    w *= options.year_boost;
                } else if text::is_number(&terms[t]) {
                    w *= 1.0 + (options.year_boost - 1.0) / 2.0;
                }
                w
            })
            .collect();

        lap("step 5");
        // 6. weighted vectors; optionally each term also weighted by how distinctive it is
        // among the passages of its own document (within-document IDF)
        let local: Vec<Vec<f32>> = if options.local_idf > 0.0 {
            let alpha = options.local_idf;
            by_doc
                .par_iter()
                .flat_map_iter(|ids| {
                    let mut ldf: HashMap<u32, u32> = HashMap::default();
                    for &p in ids {
                        for &(t, _) in &counts[p] {
                            *ldf.entry(t).or_insert(0) += 1;
                        }
                    }
                    let nd = ids.len() as f32;
                    ids.iter()
                        .map(|&p| {
                            counts[p]
                                .iter()
                                .map(|(t, _)| (1.0 + nd / ldf[t] as f32).ln().powf(alpha))
                                .collect::<Vec<f32>>()
                        })
                        .collect::<Vec<_>>()
                })
                .collect()
        } else {
            Vec::new()
        };
        // the weighted vector of term counts `c`, in the place of the counts
        let weigh_in_place = |mut c: Vec<(u32, f32)>, lf: Option<&[f32]>| -> SparseVec {
            let mut kept = 0;
            for i in 0..c.len() {
                let (t, tf) = c[i];
                let w = idf[t as usize];
                if w <= 0.0 {
                    continue;
                }
                let tfw = if options.log_tf { 1.0 + tf.ln() } else { tf };
                let l = lf.map_or(1.0, |lf| lf[i]);
                c[kept] = (t, tfw * w * l);
                kept += 1;
            }
            c.truncate(kept);
            normalize(&mut c);
            c
        };
        let weigh = |c: &[(u32, f32)], lf: Option<&[f32]>| weigh_in_place(c.to_vec(), lf);
        let len_factor: Vec<f32> = if options.pivot > 0.0 {
            let norms: Vec<f32> = counts
                .iter()
                .map(|c| {
                    c.iter()
                        .map(|&(t, tf)| {
                            let tfw = if options.log_tf { 1.0 + tf.ln() } else { tf };
                            (tfw * idf[t as usize]).powi(2)
                        })
                        .sum::<f32>()
                        .sqrt()
                })
                .collect();
            let mean = norms.iter().sum::<f32>() / norms.len().max(1) as f32;
            let a = options.pivot;
            norms
                .iter()
                .map(|&l| {
                    let d = a * mean + (1.0 - a) * l;
                    if d > 0.0 {
                        l / d
                    } else {
                        1.0
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let use_local = !local.is_empty();
        let target_local = use_local && options.local_side != 2;
        let query_local = use_local && options.local_side != 1;
        let qvectors: Vec<SparseVec> = if target_local != query_local {
            counts
                .par_iter()
                .enumerate()
                .map(|(p, c)| weigh(c, query_local.then(|| local[p].as_slice())))
                .collect()
        } else {
            Vec::new()
        };
        // the counts are not needed after this: each is weighed in place
        let own: Vec<SparseVec> = counts
            .into_par_iter()
            .enumerate()
            .map(|(p, c)| weigh_in_place(c, target_local.then(|| local[p].as_slice())))
            .collect();
        drop(local);
        let own_copy: Vec<SparseVec> = if options.heading_side != 0 {
            own.clone()
        } else {
            Vec::new()
        };
        // section centroids: (first passage, end) runs of passages under one heading
        let section_of: Vec<Option<usize>> = if options.section > 0.0 {
            let mut runs: Vec<(usize, usize)> = Vec::new();
            let mut of = vec![None; n];
            for p in 0..n {
                if sections[p] == usize::MAX {
                    continue;
                }
                let same = p > 0
                    && passages[p - 1].doc == passages[p].doc
                    && sections[p - 1] == sections[p];
                if !same {
                    runs.push((p, p + 1));
                } else if let Some(r) = runs.last_mut() {
                    r.1 = p + 1;
                }
                of[p] = Some(runs.len() - 1);
            }
            of
        } else {
            Vec::new()
        };
        let section_vecs: Vec<SparseVec> = if options.section > 0.0 {
            let mut starts: Vec<(usize, usize)> = Vec::new();
            for (p, s) in section_of.iter().enumerate() {
                if let Some(r) = *s {
                    if r == starts.len() {
                        starts.push((p, p + 1));
                    } else {
                        starts[r].1 = p + 1;
                    }
                }
            }
            starts
                .par_iter()
                .map(|&(a, b)| {
                    let parts: Vec<(&SparseVec, f32)> = (a..b).map(|p| (&own[p], 1.0)).collect();
                    let mut v = mix(&parts);
                    normalize(&mut v);
                    v
                })
                .collect()
        } else {
            Vec::new()
        };
        let vectors: Vec<SparseVec> =
            if options.neighbours > 0.0 || options.heading > 0.0 || options.section > 0.0 {
                let head_vecs: Vec<SparseVec> = heads
                    .into_par_iter()
                    .map(|c| {
                        let mut v = weigh_in_place(c, None);
                        if options.heading_idf {
                            for (t, w) in v.iter_mut() {
                                let hd = heading_df.get(t).copied().unwrap_or(0) as f32;
                                *w *= ((n_headings as f32 + 1.0) / (hd + 0.5)).ln().max(0.0);
                            }
                            v.retain(|x| x.1 > 0.0);
                            normalize(&mut v);
                        }
                        v
                    })
                    .collect();
                // passage `p`'s vector `me` mixed with its context (`own`: all the passages'
                // vectors, needed for the neighbours only)
                let combine = |p: usize, me: &SparseVec, own: &[SparseVec]| -> SparseVec {
                    let mut parts: Vec<(&SparseVec, f32)> = vec![(me, 1.0)];
                    if options.neighbours > 0.0 {
                        let d = passages[p].doc;
                        if p > 0 && passages[p - 1].doc == d {
                            parts.push((&own[p - 1], options.neighbours));
                        }
                        if p + 1 < n && passages[p + 1].doc == d {
                            parts.push((&own[p + 1], options.neighbours));
                        }
                    }
                    if options.heading > 0.0 && !head_vecs[p].is_empty() {
                        parts.push((&head_vecs[p], options.heading));
                    }
                    if let Some(Some(r)) = section_of.get(p) {
                        parts.push((&section_vecs[*r], options.section));
                    }
                    let mut v = mix(&parts);
                    normalize(&mut v);
                    v
                };
                if options.neighbours > 0.0 {
                    (0..n)
                        .into_par_iter()
                        .map(|p| combine(p, &own[p], &own))
                        .collect()
                } else {
                    // no passage needs another's vector: each is freed once mixed
                    own.into_par_iter()
                        .enumerate()
                        .map(|(p, me)| combine(p, &me, &[]))
                        .collect()
                }
            } else {
                own
            };
        let (vectors, qvectors) = match options.heading_side {
            1 if options.heading > 0.0 => (vectors, own_copy),
            2 if options.heading > 0.0 => (own_copy, vectors),
            _ => (vectors, qvectors),
        };

        lap("step 6");
        // 7. inverted index of the terms a corpus-wide query uses (scores within one document
        // are computed from the document's vectors)
        let postings = build_postings(&vectors, terms.len());

        lap("step 7");
        let mut index = AlignIndex {
            passages,
            by_doc,
            topics: Vec::new(),
            topic_of: Vec::new(),
            terms,
            display,
            vectors,
            qvectors,
            lsa: None,
            cache: QueryCache::default(),
            order_cache: Cells::default(),
            ordered_top: Cells::default(),
            feedback_cache: Cells::default(),
            postings,
            len_factor,
            mean_terms: 0.0,
            options: options.clone(),
        };
        let n_docs = index.by_doc.len();
        if options.order > 0.0
            && index.passages.len() * n_docs.saturating_sub(1) <= options.order_limit
        {
            index.order_cache = Cells::new(n_docs * n_docs);
            if options.prf > 0.0 {
                index.feedback_cache = Cells::new(index.passages.len());
            }
            let routes = index.passages.len() * n_docs.saturating_sub(1) * n_docs.saturating_sub(2);
            if options.transitive > 0.0 && routes <= options.transitive_limit {
                index.ordered_top = Cells::new(index.passages.len() * n_docs);
            }
        }
        index.mean_terms = index.vectors.iter().map(|v| v.len()).sum::<usize>() as f32
            / index.vectors.len().max(1) as f32;
        if options.lsa > 0.0 {
            index.lsa = Some(lsa::Lsa::fit(
                &index.vectors,
                index.terms.len(),
                options.lsa_k,
            ));
            lap("lsa");
        }
        if options.smooth > 0.0 && n <= options.smooth_limit {
            index.smooth();
        }
        lap("index");
        index.topic_of = vec![None; index.passages.len()];
        if with_topics {
            index.compute_topics();
            lap("topics");
        }
        index
    }

    /// Mixes into each passage vector the centroid of its best matches in other documents,
    /// then rebuilds the inverted index.
    fn smooth(&mut self) {
        let depth = self.options.prf_depth;
        let beta = self.options.smooth;
        let smoothed: Vec<SparseVec> = (0..self.passages.len())
            .into_par_iter()
            .map(|p| {
                let top = self.ranked_anywhere(&self.vectors[p], p, depth);
                let w = beta / top.len().max(1) as f32;
                let mut parts: Vec<(&SparseVec, f32)> = vec![(&self.vectors[p], 1.0)];
                for &(_, q) in &top {
                    parts.push((&self.vectors[q], w));
                }
                let mut v = mix(&parts);
                normalize(&mut v);
                v
            })
            .collect();
        self.vectors = smoothed;
        self.postings = build_postings(&self.vectors, self.terms.len());
    }

    /// Approximate heap size of the index in bytes (vectors, postings, passages, terms).
    pub fn heap_bytes(&self) -> usize {
        let sv = |v: &[SparseVec]| v.iter().map(|x| x.capacity() * 8 + 24).sum::<usize>();
        sv(&self.vectors)
            + sv(&self.qvectors)
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
        let pair = |o: &Arc<PairOrder>| {
            size_of::<PairOrder>()
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

    /// The query vector of a passage: its own vector, plus (pseudo-relevance feedback) the
    /// centroid of its best matches in other documents. The last one is cached (the reader
    /// asks for one passage's matches in several documents in a row).
    fn query_vector(&self, passage: usize) -> Arc<SparseVec> {
        self.query_vector_for(passage, None)
    }

    /// The query vector of a passage for scoring document `target`: with
    /// [`Options::prf_exclude_target`], the feedback leaves out the passages of `target` (they
    /// would echo its best candidate back into the query).
    fn query_vector_for(&self, passage: usize, target: Option<usize>) -> Arc<SparseVec> {
        let target = target.filter(|_| self.options.prf_exclude_target && self.options.prf > 0.0);
        let key = (passage, target.unwrap_or(usize::MAX));
        if let Ok(g) = self.cache.0.try_lock() {
            if let Some((k, v)) = &*g {
                if *k == key {
                    return v.clone();
                }
            }
        }
        let own = self.query_base(passage);
        let v = if self.options.prf <= 0.0 {
            own
        } else {
            let top = self.feedback_cached(&own, passage);
            self.with_feedback(&own, &top, target)
        };
        let v = Arc::new(v);
        if let Ok(mut g) = self.cache.0.try_lock() {
            *g = Some((key, v.clone()));
        }
        v
    }

    /// The passage's own query vector (with its neighbours when query context is on).
    fn query_base(&self, passage: usize) -> SparseVec {
        let own = self.qvectors.get(passage).unwrap_or(&self.vectors[passage]);
        if self.options.query_neighbours <= 0.0 {
            return own.clone();
        }
        let d = self.passages[passage].doc;
        let mut w = self.options.query_neighbours;
        if self.options.query_short {
            w *= (self.mean_terms / own.len().max(1) as f32).min(1.0);
        }
        let mut parts: Vec<(&SparseVec, f32)> = vec![(own, 1.0)];
        if passage > 0 && self.passages[passage - 1].doc == d {
            parts.push((&self.vectors[passage - 1], w));
        }
        if passage + 1 < self.passages.len() && self.passages[passage + 1].doc == d {
            parts.push((&self.vectors[passage + 1], w));
        }
        let mut v = mix(&parts);
        normalize(&mut v);
        v
    }

    /// Pseudo-relevance feedback candidates: the query's best matches in other documents
    /// (more than `prf_depth` when some may be left out per target document).
    fn feedback(&self, own: &SparseVec, passage: usize) -> Vec<(f32, usize)> {
        let depth = self.options.prf_depth;
        if self.options.prf_per_doc {
            let mut all = self.ranked_anywhere(own, passage, depth * 20);
            let mut seen: Vec<usize> = Vec::new();
            all.retain(|&(_, p)| {
                let d = self.passages[p].doc;
                if seen.contains(&d) {
                    false
                } else {
                    seen.push(d);
                    true
                }
            });
            all.truncate(depth);
            all
        } else if self.options.prf_exclude_target {
            self.ranked_anywhere(own, passage, depth * 3)
        } else {
            self.ranked_anywhere(own, passage, depth)
        }
    }

    /// [`AlignIndex::feedback`], kept once computed when the order-aware pass is on.
    fn feedback_cached(&self, own: &SparseVec, passage: usize) -> Cow<'_, [(f32, usize)]> {
        match self.feedback_cache.get(passage) {
            Some(cell) => Cow::Borrowed(cell.get_or_init(|| self.feedback(own, passage))),
            None => Cow::Owned(self.feedback(own, passage)),
        }
    }

    /// The query mixed with the centroid of its feedback passages (the best `prf_depth` not in
    /// document `target`).
    fn with_feedback(
        &self,
        own: &SparseVec,
        top: &[(f32, usize)],
        target: Option<usize>,
    ) -> SparseVec {
        let scale = match target {
            Some(t) if self.options.prf_gate_z > 0.0 => 1.0 - self.confidence(own, t),
            _ => 1.0,
        };
        let used: Vec<(f32, usize)> = top
            .iter()
            .copied()
            .filter(|&(_, p)| Some(self.passages[p].doc) != target)
            .take(self.options.prf_depth)
            .collect();
        let total: f32 = used.iter().map(|x| x.0).sum();
        let mut parts: Vec<(&SparseVec, f32)> = vec![(own, 1.0)];
        for &(s, p) in &used {
            let w = scale
                * if self.options.prf_weighted && total > 0.0 {
                    self.options.prf * s / total
                } else {
                    self.options.prf / used.len() as f32
                };
            parts.push((&self.vectors[p], w));
        }
        let mut v = mix(&parts);
        normalize(&mut v);
        v
    }

    /// How clearly the query's own words pick one passage of `doc`, 0 to 1: how far the best
    /// passage's score stands above the rest of the document (its z-score), from
    /// [`Options::prf_gate_z`] (0) over [`Options::prf_gate_span`] more (1).
    fn confidence(&self, own: &SparseVec, doc: usize) -> f32 {
        let s = self.scores_for_vector(own, doc);
        let n = s.len() as f32;
        let top = s.iter().copied().fold(0f32, f32::max);
        if top <= 0.0 {
            return 0.0;
        }
        let mean = s.iter().sum::<f32>() / n;
        let sd = (s.iter().map(|x| (x - mean) * (x - mean)).sum::<f32>() / n).sqrt();
        if sd <= 0.0 {
            return 0.0;
        }
        let o = &self.options;
        (((top - mean) / sd - o.prf_gate_z) / o.prf_gate_span.max(1e-6)).clamp(0.0, 1.0)
    }

    /// Corpus-wide first-pass ranking of passages of other documents for a query vector.
    /// On large corpora the query's 64 heaviest terms are used and terms found in more than
    /// one passage in twenty are skipped (they weigh little and cost most).
    fn ranked_anywhere(&self, q: &SparseVec, passage: usize, k: usize) -> Vec<(f32, usize)> {
        let n = self.passages.len();
        let own = &self.by_doc[self.passages[passage].doc];
        let (lo, hi) = (
            own.first().copied().unwrap_or(0),
            own.last().copied().unwrap_or(0),
        );
        let cap = posting_cap(n);
        let mut terms: Vec<(u32, f32)> = q.to_vec();
        if terms.len() > MAX_QUERY_TERMS {
            terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            terms.truncate(MAX_QUERY_TERMS);
        }
        let mut acc = vec![0f32; n];
        let mut touched: Vec<u32> = Vec::new();
        for (t, wq) in terms {
            let list = &self.postings[t as usize];
            if list.len() > cap {
                continue;
            }
            for &(p, w) in list {
                let a = &mut acc[p as usize];
                if *a == 0.0 {
                    touched.push(p);
                }
                *a += wq * w;
            }
        }
        let mut ranked: Vec<(f32, usize)> = touched
            .into_iter()
            .map(|p| p as usize)
            .filter(|&p| p < lo || p > hi)
            .map(|p| (acc[p], p))
            .filter(|x| x.0 > 0.0)
            .collect();
        top_k(&mut ranked, k);
        ranked
    }

    /// Raw first-pass scores of the passages of `doc` (dense, by position in `by_doc[doc]`).
    fn scores_in_doc(&self, passage: usize, doc: usize) -> Vec<f32> {
        let q = self.query_vector(passage);
        self.scores_in_doc_q(&q, passage, doc)
    }

    fn scores_in_doc_q(&self, q: &SparseVec, passage: usize, doc: usize) -> Vec<f32> {
        let mut scores = self.scores_for_vector(q, doc);
        if let Some(lsa) = &self.lsa {
            let e = lsa.embed(q);
            let l = self.options.lsa;
            for (s, &p) in scores.iter_mut().zip(&self.by_doc[doc]) {
                *s = (1.0 - l) * *s + l * lsa.cosine(&e, p);
            }
        }
        if self.options.topic_bonus > 0.0 {
            if let Some(tq) = self.topic_of[passage] {
                for (i, s) in scores.iter_mut().enumerate() {
                    if *s > 0.0 && self.topic_of[self.by_doc[doc][i]] == Some(tq) {
                        *s += self.options.topic_bonus;
                    }
                }
            }
        }
        if self.options.position > 0.0 {
            let qd = self.passages[passage].doc;
            let qi = self.by_doc[qd]
                .iter()
                .position(|&x| x == passage)
                .unwrap_or(0);
            let qr = (qi as f32 + 0.5) / self.by_doc[qd].len() as f32;
            let len = scores.len() as f32;
            for (i, s) in scores.iter_mut().enumerate() {
                if *s > 0.0 {
                    let r = (i as f32 + 0.5) / len;
                    *s += self.options.position * (1.0 - (r - qr).abs());
                }
            }
        }
        scores
    }

    fn scores_for_vector(&self, q: &SparseVec, doc: usize) -> Vec<f32> {
        let ids = &self.by_doc[doc];
        if ids.is_empty() || q.is_empty() {
            return vec![0.0; ids.len()];
        }
        // the query as a dense array over its term range, then one pass over each passage
        let lo = q[0].0;
        let hi = q[q.len() - 1].0;
        let mut dense = vec![0f32; (hi - lo + 1) as usize];
        for &(t, w) in q.iter() {
            dense[(t - lo) as usize] = w;
        }
        ids.iter()
            .map(|&p| {
                let s: f32 = self.vectors[p]
                    .iter()
                    .filter(|&&(t, _)| t >= lo && t <= hi)
                    .map(|&(t, w)| dense[(t - lo) as usize] * w)
                    .sum();
                s * self.len_factor.get(p).copied().unwrap_or(1.0)
            })
            .collect()
    }

    /// Cosine similarity of two passages.
    pub fn similarity(&self, a: usize, b: usize) -> f32 {
        dot(&self.vectors[a], &self.vectors[b])
    }

    /// The terms weighing most in the similarity of two passages (display forms).
    pub fn shared_terms(&self, a: usize, b: usize, k: usize) -> Vec<String> {
        let mut contrib = Vec::new();
        let (va, vb) = (&self.vectors[a], &self.vectors[b]);
        let (mut i, mut j) = (0, 0);
        while i < va.len() && j < vb.len() {
            match va[i].0.cmp(&vb[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    contrib.push((va[i].1 * vb[j].1, va[i].0));
                    i += 1;
                    j += 1;
                }
            }
        }
        contrib.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        // a year shared also shares its decade: one piece of evidence, named once (by the
        // year); a decade shared by different years stays
        let decades_of_shared_years: Vec<String> = contrib
            .iter()
            .filter_map(|&(_, t)| text::decade(&self.terms[t as usize]))
            .collect();
        contrib
            .into_iter()
            .filter(|&(_, t)| !decades_of_shared_years.contains(&self.terms[t as usize]))
            .take(k)
            .map(|(_, t)| self.display[t as usize].clone())
            .collect()
    }

    fn make_match(&self, query: usize, passage: usize, score: f32) -> Match {
        let terms = self.shared_terms(query, passage, 4);
        Match {
            passage,
            score: shown_score(score),
            by_context: terms.is_empty(),
            terms,
            good: score >= self.options.good_threshold,
        }
    }

    /// The best `k` passages of document `doc` for the query passage, best first.
    pub fn best_in_doc(&self, passage: usize, doc: usize, k: usize) -> Vec<Match> {
        if passage >= self.passages.len() || doc >= self.by_doc.len() || k == 0 {
            return Vec::new();
        }
        let q = self.query_vector_for(passage, Some(doc));
        self.best_in_doc_q(&q, passage, doc, k)
    }

    fn best_in_doc_q(&self, q: &SparseVec, passage: usize, doc: usize, k: usize) -> Vec<Match> {
        let ids = &self.by_doc[doc];
        let mut scores = self.scores_in_doc_q(q, passage, doc);
        if self.options.local_prf > 0.0 {
            let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] > 0.0).collect();
            order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
            order.truncate(2);
            if !order.is_empty() {
                let w = self.options.local_prf / order.len() as f32;
                let mut parts: Vec<(&SparseVec, f32)> = vec![(q, 1.0)];
                for &i in &order {
                    parts.push((&self.vectors[ids[i]], w));
                }
                let mut q2 = mix(&parts);
                normalize(&mut q2);
                scores = self.scores_in_doc_q(&q2, passage, doc);
            }
        }
        if self.options.hub > 0.0 {
            let qd = self.passages[passage].doc;
            let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] > 0.0).collect();
            order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
            order.truncate(30);
            for i in order {
                let mut sims = self.scores_for_vector(&self.vectors[ids[i]], qd);
                sims.sort_by(|a, b| b.total_cmp(a));
                let r = sims.iter().take(3).sum::<f32>() / sims.len().clamp(1, 3) as f32;
                scores[i] -= self.options.hub * r;
                scores[i] = scores[i].max(1e-6);
            }
        }
        if self.options.rerank > 0.0 {
            self.rerank(passage, doc, &mut scores);
        }
        if self.options.char_ngrams > 0.0 {
            self.ngram_rerank(passage, doc, &mut scores);
        }
        // the scores from words alone, before the evidence of order and of third documents
        let words = scores.clone();
        if self.options.order > 0.0 {
            self.order_bonus(passage, doc, &mut scores);
        }
        if !self.ordered_top.is_empty() {
            self.transitive_bonus(passage, doc, &mut scores);
        }
        if self.options.fusion > 1 {
            self.fuse(passage, doc, &mut scores);
        }
        if self.options.mutual > 0.0 {
            self.mutual_bonus(passage, doc, &mut scores);
        }
        let mut ranked: Vec<(f32, usize)> = scores
            .iter()
            .enumerate()
            .filter(|(i, &s)| s > 0.0 && ids[*i] != passage)
            .map(|(i, &s)| (s, i))
            .collect();
        top_k(&mut ranked, k);
        // "good": strong, or standing out from the rest of the document
        let o = &self.options;
        let (mean, sd) = if o.good_z > 0.0 && !scores.is_empty() {
            let n = scores.len() as f32;
            let mean = scores.iter().sum::<f32>() / n;
            let var = scores.iter().map(|s| (s - mean) * (s - mean)).sum::<f32>() / n;
            (mean, var.sqrt())
        } else {
            (0.0, 0.0)
        };
        ranked
            .into_iter()
            .map(|(s, i)| {
                let mut m = self.make_match(passage, ids[i], s);
                m.by_context |= words[i] < s / 3.0;
                if o.good_z > 0.0 {
                    let stands_out = sd > 0.0 && (s - mean) / sd >= o.good_z;
                    m.good = s >= o.good_floor && (stands_out || s >= 2.0 * o.good_threshold);
                }
                // one word in common is not a subject in common ("every temptation" / "every
                // evening"), however much it stands out among passages sharing nothing
                if m.terms.len() == 1 {
                    m.good = false;
                }
                m
            })
            .collect()
    }

    /// A passage with its neighbours (same document) mixed in at half weight, unit length.
    fn window(&self, p: usize) -> SparseVec {
        let d = self.passages[p].doc;
        let mut parts: Vec<(&SparseVec, f32)> = vec![(&self.vectors[p], 1.0)];
        if p > 0 && self.passages[p - 1].doc == d {
            parts.push((&self.vectors[p - 1], 0.5));
        }
        if p + 1 < self.passages.len() && self.passages[p + 1].doc == d {
            parts.push((&self.vectors[p + 1], 0.5));
        }
        let mut v = mix(&parts);
        normalize(&mut v);
        v
    }

    /// Second stage: re-orders the best candidates by reciprocal rank fusion of the first-pass
    /// ranking with rankings by other evidence; the first-pass scores are handed out again in
    /// the new order (the list stays sorted by score).
    fn fuse(&self, passage: usize, doc: usize, scores: &mut [f32]) {
        let ids = &self.by_doc[doc];
        let mut order: Vec<usize> = (0..scores.len())
            .filter(|&i| scores[i] > 0.0 && ids[i] != passage)
            .collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        order.truncate(self.options.fusion);
        if order.len() < 2 {
            return;
        }
        let mask = self.options.fusion_mask;
        let mut evidence: Vec<Vec<f32>> = vec![order.iter().map(|&i| scores[i]).collect()];
        if mask & 4 != 0 {
            evidence.push(evidence[0].clone());
        }
        if mask & 1 != 0 {
            let q = &self.vectors[passage];
            evidence.push(
                order
                    .iter()
                    .map(|&i| dot(q, &self.vectors[ids[i]]))
                    .collect(),
            );
        }
        if mask & 2 != 0 {
            let q = self.window(passage);
            evidence.push(
                order
                    .iter()
                    .map(|&i| dot(&q, &self.window(ids[i])))
                    .collect(),
            );
        }
        const K: f32 = 10.0;
        let mut fused = vec![0f32; order.len()];
        for e in &evidence {
            for (j, f) in fused.iter_mut().enumerate() {
                // rank of candidate j under this evidence (ties share the better rank)
                let r = e.iter().filter(|&&x| x > e[j]).count();
                *f += 1.0 / (K + r as f32);
            }
        }
        let mut by_fused: Vec<usize> = (0..order.len()).collect();
        by_fused.sort_by(|&a, &b| fused[b].total_cmp(&fused[a]).then(a.cmp(&b)));
        let old: Vec<f32> = order.iter().map(|&i| scores[i]).collect();
        for (rank, &j) in by_fused.iter().enumerate() {
            scores[order[j]] = old[rank];
        }
    }

    /// Second pass: a candidate gains when the query is among its own best matches in the
    /// query's document (mutual best matches).
    fn mutual_bonus(&self, passage: usize, doc: usize, scores: &mut [f32]) {
        let ids = &self.by_doc[doc];
        let qd = self.passages[passage].doc;
        let qi = self.by_doc[qd]
            .iter()
            .position(|&x| x == passage)
            .unwrap_or(0);
        let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] > 0.0).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        order.truncate(5);
        for i in order {
            let back = self.scores_in_doc(ids[i], qd);
            let mine = back[qi];
            let rank = back.iter().filter(|&&x| x > mine).count();
            if rank < 3 {
                scores[i] += self.options.mutual / (1 + rank) as f32;
            }
        }
    }

    /// Second pass: a candidate gains when its neighbours also resemble the query's
    /// neighbours (the two texts run in parallel there).
    fn rerank(&self, passage: usize, doc: usize, scores: &mut [f32]) {
        let ids = &self.by_doc[doc];
        let qd = self.passages[passage].doc;
        let prev = (passage > 0 && self.passages[passage - 1].doc == qd).then(|| passage - 1);
        let next = (passage + 1 < self.passages.len() && self.passages[passage + 1].doc == qd)
            .then(|| passage + 1);
        let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] > 0.0).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        order.truncate(10);
        let base: Vec<f32> = scores.to_vec();
        for i in order {
            let mut ctx = 0.0;
            if let (Some(p), true) = (prev, i > 0) {
                ctx += self.similarity(p, ids[i - 1]);
            }
            if let (Some(nx), true) = (next, i + 1 < ids.len()) {
                ctx += self.similarity(nx, ids[i + 1]);
            }
            scores[i] = base[i] + self.options.rerank * ctx / 2.0;
        }
    }

    /// The monotone alignment of documents `a` → `b` and how parallel they are (computed once
    /// per pair, then cached).
    fn pair_order(&self, a: usize, b: usize) -> Arc<PairOrder> {
        let nd = self.by_doc.len();
        match self.order_cache.get(a * nd + b) {
            Some(cell) => cell
                .get_or_init(|| Arc::new(self.compute_pair_order(a, b)))
                .clone(),
            None => Arc::new(self.compute_pair_order(a, b)),
        }
    }

    /// How parallel two documents are, 0 to 1: how much more often the best matches of the
    /// passages of one fall on the monotone alignment than they would if its passages came in
    /// no particular order (0: no more than chance; see [`Options::order`]), the larger of both
    /// ways: the account with material of its own (Luke's journey to Jerusalem) finds less of
    /// itself in the shorter one (Mark) than the shorter finds of itself in it.
    pub fn parallelism(&self, a: usize, b: usize) -> f32 {
        if a == b || a >= self.by_doc.len() || b >= self.by_doc.len() {
            return 0.0;
        }
        self.pair_order(a, b)
            .parallelism
            .max(self.pair_order(b, a).parallelism)
    }

    /// The passage of `doc` that the order-aware alignment pairs with `passage` (None when the
    /// pass is off, the documents are the same, or the passage is left out of the alignment).
    pub fn aligned_passage(&self, passage: usize, doc: usize) -> Option<usize> {
        let qd = self.passages.get(passage)?.doc;
        if qd == doc || doc >= self.by_doc.len() || self.order_cache.is_empty() {
            return None;
        }
        let a = self.by_doc[qd].iter().position(|&p| p == passage)?;
        let j = self.pair_order(qd, doc).path[a]?;
        Some(self.by_doc[doc][j])
    }

    fn compute_pair_order(&self, a: usize, b: usize) -> PairOrder {
        let (n, m) = (self.by_doc[a].len(), self.by_doc[b].len());
        if n * m > ORDER_MAX_CELLS {
            return PairOrder {
                path: vec![None; n],
                parallelism: 0.0,
                top: Vec::new(),
            };
        }
        // the gain of each candidate: how far its score stands above the document's mean plus
        // one standard deviation (most candidates gain nothing)
        let mut top: Vec<Vec<(u32, f32)>> = Vec::new();
        let rows: Vec<Vec<f32>> = self.by_doc[a]
            .iter()
            .map(|&p| {
                let q = self.query_vector_for(p, Some(b));
                let s = self.scores_in_doc_q(&q, p, b);
                if self.options.order_context > 0.0 {
                    top.push(best_of(&s, CONTEXT_TOP));
                }
                let n = s.len().max(1) as f32;
                let mean = s.iter().sum::<f32>() / n;
                let sd = (s.iter().map(|x| (x - mean) * (x - mean)).sum::<f32>() / n).sqrt();
                let k = self.options.order_sd;
                s.iter().map(|x| (x - mean - k * sd).max(0.0)).collect()
            })
            .collect();
        let path = monotone_path(&rows, m);
        let agreement = path_agreement(&rows, &path);
        // chance: the same rows in shuffled orders (fixed shuffles: deterministic), and how
        // many of them agree with their own alignment as well as the real order does (a
        // permutation test: five passages in increasing order turn up once in 120 shuffles,
        // three once in six)
        let (shuffles, alpha) = (self.options.order_shuffles.max(1), self.options.order_alpha);
        // more shuffles as good as the real order than this, and it is not significant
        let allowed = if alpha > 0.0 {
            ((f64::from(alpha) * (shuffles + 1) as f64 + 1e-6).floor() as usize).saturating_sub(1)
        } else {
            usize::MAX
        };
        let gains = positive_gains(&rows);
        let (mut chance, mut as_good, mut done) = (0.0, 0usize, 0usize);
        for k in 0..shuffles {
            let shuffled: Vec<&[(u32, f32)]> = shuffled_order(n, k as u64)
                .into_iter()
                .map(|i| gains[i].as_slice())
                .collect();
            let a = sparse_path_agreement(&shuffled, m);
            chance += a;
            done += 1;
            as_good += usize::from(a >= agreement);
            if as_good > allowed {
                break;
            }
        }
        let chance = chance / done as f32;
        let parallelism = if chance < 1.0 && as_good <= allowed {
            ((agreement - chance) / (1.0 - chance)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        PairOrder {
            path,
            parallelism,
            top,
        }
    }

    /// [`Options::order`]: a bonus for the candidates in keeping with the monotone alignment
    /// of the two documents (the query's aligned target, else those between the targets of
    /// its aligned neighbours), and [`Options::order_context`]: for those its neighbours'
    /// matches point to, both in proportion to how parallel the documents are.
    fn order_bonus(&self, passage: usize, doc: usize, scores: &mut [f32]) {
        let qd = self.passages[passage].doc;
        if qd == doc || self.order_cache.is_empty() {
            return;
        }
        let Some(a) = self.by_doc[qd].iter().position(|&p| p == passage) else {
            return;
        };
        let order = self.pair_order(qd, doc);
        let w = self.options.order * self.parallelism(qd, doc);
        if w <= 0.0 {
            return;
        }
        if self.options.order_context > 0.0 && !order.top.is_empty() {
            let c = w * self.options.order_context / 2.0;
            let prev = a.checked_sub(1).map(|i| order.top[i].as_slice());
            let next = order.top.get(a + 1).map(Vec::as_slice);
            let ctx = parallel_context(prev, next, scores.len());
            for (s, x) in scores.iter_mut().zip(ctx) {
                *s += c * x;
            }
        }
        let path = &order.path;
        // the neighbours' targets bound where the passage's counterpart should be
        let before = path[..a].iter().rev().find_map(|x| *x).unwrap_or(0);
        let after = path[a + 1..]
            .iter()
            .find_map(|x| *x)
            .unwrap_or(scores.len() - 1)
            .max(before);
        if self.options.order_penalty > 0.0 {
            let outside = 1.0 - (w * self.options.order_penalty).min(1.0);
            let (head, rest) = scores.split_at_mut(before);
            for s in head.iter_mut().chain(&mut rest[after + 1 - before..]) {
                *s *= outside;
            }
        }
        if let Some(j) = path[a] {
            scores[j] *= 1.0 + w;
            return;
        }
        // between the targets of its aligned neighbours: the narrower the gap, the surer
        let gap = &mut scores[before..=after];
        let add = w * self.options.order_gap / gap.len() as f32;
        for s in gap {
            *s = *s * (1.0 + w / 2.0) + add;
        }
    }

    /// A passage's best [`TRANSITIVE_TOP`] candidates in `doc` (index in the document, score)
    /// after the order-aware pass, without the other passes (kept once computed).
    fn ordered_top(&self, passage: usize, doc: usize) -> &[(u32, f32)] {
        let nd = self.by_doc.len();
        let Some(cell) = self.ordered_top.get(passage * nd + doc) else {
            return &[];
        };
        cell.get_or_init(|| {
            let q = self.query_vector_for(passage, Some(doc));
            let mut s = self.scores_in_doc_q(&q, passage, doc);
            if self.options.order > 0.0 {
                self.order_bonus(passage, doc, &mut s);
            }
            best_of(&s, TRANSITIVE_TOP)
        })
    }

    /// [`Options::transitive`]: the query's best match in each third document vouches for
    /// its own best matches in `doc`, in proportion to both scores (what another author
    /// tells where this one does, the target's author tells there too: Matthew carries
    /// Luke's temptation, word for word where Mark has none, to Mark's two verses).
    fn transitive_bonus(&self, passage: usize, doc: usize, scores: &mut [f32]) {
        let qd = self.passages[passage].doc;
        let t = self.options.transitive;
        for e in 0..self.by_doc.len() {
            if e == qd || e == doc {
                continue;
            }
            let Some(&(j, via)) = self.ordered_top(passage, e).first() else {
                continue;
            };
            for &(c, onward) in self.ordered_top(self.by_doc[e][j as usize], doc) {
                scores[c as usize] += t * via * onward;
            }
        }
    }

    /// Character 4-grams of a passage vector's terms (each term padded with a space on both
    /// sides), weighted by the term's weight, unit length.
    fn ngram_vector(&self, v: &SparseVec) -> Vec<(u64, f32)> {
        let mut grams: Vec<(u64, f32)> = Vec::new();
        for &(t, w) in v {
            let padded: Vec<char> = std::iter::once(' ')
                .chain(self.terms[t as usize].chars())
                .chain(std::iter::once(' '))
                .collect();
            for win in padded.windows(4.min(padded.len())) {
                // FNV-1a over the characters: deterministic across runs.
                let mut h: u64 = 0xcbf2_9ce4_8422_2325;
                for c in win {
                    h ^= *c as u64;
                    h = h.wrapping_mul(0x0100_0000_01b3);
                }
                grams.push((h, w));
            }
        }
        grams.sort_by_key(|g| g.0);
        let mut merged: Vec<(u64, f32)> = Vec::with_capacity(grams.len());
        for (g, w) in grams {
            match merged.last_mut() {
                Some(last) if last.0 == g => last.1 += w,
                _ => merged.push((g, w)),
            }
        }
        let norm = merged.iter().map(|g| g.1 * g.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            for g in &mut merged {
                g.1 /= norm;
            }
        }
        merged
    }

    /// [`Options::char_ngrams`]: the best ten candidates re-scored by character n-grams.
    fn ngram_rerank(&self, passage: usize, doc: usize, scores: &mut [f32]) {
        let ids = &self.by_doc[doc];
        let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] > 0.0).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        order.truncate(10);
        let q = self.ngram_vector(&self.vectors[passage]);
        let cos: Vec<f32> = order
            .iter()
            .map(|&i| dot(&q, &self.ngram_vector(&self.vectors[ids[i]])))
            .collect();
        let top = cos.iter().cloned().fold(0.0f32, f32::max);
        if top <= 0.0 {
            return;
        }
        let w = self.options.char_ngrams;
        for (&i, c) in order.iter().zip(cos) {
            scores[i] *= (1.0 - w) + w * c / top;
        }
    }

    /// The best `k` passages anywhere in the corpus (other documents), best first.
    pub fn best_anywhere(&self, passage: usize, k: usize) -> Vec<Match> {
        if passage >= self.passages.len() || k == 0 {
            return Vec::new();
        }
        let q = self.query_vector(passage);
        let Some(lsa) = &self.lsa else {
            return self
                .ranked_anywhere(&q, passage, k)
                .into_iter()
                .map(|(s, p)| self.make_match(passage, p, s))
                .collect();
        };
        // latent semantics re-rank the sparse pass's best candidates
        let mut ranked = self.ranked_anywhere(&q, passage, (k * 5).max(50));
        let e = lsa.embed(&q);
        let l = self.options.lsa;
        for (s, p) in ranked.iter_mut() {
            *s = (1.0 - l) * *s + l * lsa.cosine(&e, *p);
        }
        top_k(&mut ranked, k);
        ranked
            .into_iter()
            .map(|(s, p)| self.make_match(passage, p, s))
            .collect()
    }

    /// The best `k` passages per other document, best first within each document: `(doc,
    /// matches)` for every document other than the query's, in corpus order.
    pub fn best_per_doc(&self, passage: usize, k: usize) -> Vec<(usize, Vec<Match>)> {
        let qd = self.passages[passage].doc;
        if k == 0 {
            return Vec::new();
        }
        if self.options.prf_exclude_target && self.options.prf > 0.0 {
            // one feedback ranking; each document gets a query without its own passages
            let own = self.query_base(passage);
            let top = self.feedback_cached(&own, passage);
            return (0..self.by_doc.len())
                .filter(|&d| d != qd)
                .map(|d| {
                    let q = self.with_feedback(&own, &top, Some(d));
                    (d, self.best_in_doc_q(&q, passage, d, k))
                })
                .collect();
        }
        let q = self.query_vector(passage);
        (0..self.by_doc.len())
            .filter(|&d| d != qd)
            .map(|d| (d, self.best_in_doc_q(&q, passage, d, k)))
            .collect()
    }
}

/// [`Options::order_context`] for each of `m` candidates: the best score of the query's
/// previous passage against the candidate or the one before it, plus the best score of its next
/// passage against the candidate or the one after it (`prev`, `next`: their best
/// `(candidate, score)` pairs). Where the documents run in parallel, the counterpart of a
/// passage lies just after the previous passage's and just before the next one's (or is the
/// same passage, when one account tells in one paragraph what the other tells in several).
fn parallel_context(
    prev: Option<&[(u32, f32)]>,
    next: Option<&[(u32, f32)]>,
    m: usize,
) -> Vec<f32> {
    let mut ctx = vec![0f32; m];
    for (row, step) in [(prev, 1isize), (next, -1)] {
        let mut best = vec![0f32; m];
        for &(j, s) in row.unwrap_or(&[]) {
            for k in [j as isize, j as isize + step] {
                if let Some(b) = usize::try_from(k).ok().and_then(|k| best.get_mut(k)) {
                    *b = b.max(s);
                }
            }
        }
        ctx.iter_mut().zip(best).for_each(|(x, y)| *x += y);
    }
    ctx
}

/// A ranking score as shown to people and scripts: the cosine as it is up to 0.8; above, the
/// evidence of order (which multiplies and adds to scores) is folded in below 1, keeping the
/// order of scores (a similarity of "1.14" reads as nonsense).
fn shown_score(score: f32) -> f32 {
    const KNEE: f32 = 0.8;
    if score <= KNEE {
        score
    } else {
        KNEE + (1.0 - KNEE) * (1.0 - (-(score - KNEE) / (1.0 - KNEE)).exp())
    }
}

/// The best `k` positive scores, best first (index, score).
fn best_of(scores: &[f32], k: usize) -> Vec<(u32, f32)> {
    let mut best: Vec<(u32, f32)> = scores
        .iter()
        .enumerate()
        .filter(|x| *x.1 > 0.0)
        .map(|(j, &x)| (j as u32, x))
        .collect();
    best.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    best.truncate(k);
    best.shrink_to_fit();
    best
}

/// Best scores kept per passage and document pair for [`Options::order_context`].
const CONTEXT_TOP: usize = 10;

/// Best scores kept per passage and document for [`Options::transitive`] (10 measured 0.651
/// on the dev set, 30 and all of them 0.661).
const TRANSITIVE_TOP: usize = 30;

/// Largest document pair (passages × passages) the order-aware pass aligns: its tables of
/// scores and sums then take at most ~32 MB.
const ORDER_MAX_CELLS: usize = 4_000_000;

/// The monotone alignment of two documents, one to one or many to one with the order kept:
/// for each row (passage of the first document), the target it is aligned to, chosen to
/// maximise the sum of `rows[i][j]` gains (a dynamic programme over rows × targets).
fn monotone_path<R: AsRef<[f32]>>(rows: &[R], m: usize) -> Vec<Option<usize>> {
    let n = rows.len();
    if n == 0 || m == 0 {
        return vec![None; n];
    }
    // best[i][j]: the best sum over rows ..i with targets ..j
    let mut best = vec![vec![0.0f32; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let take = best[i - 1][j] + rows[i - 1].as_ref()[j - 1];
            best[i][j] = best[i][j - 1].max(best[i - 1][j]).max(take);
        }
    }
    let mut path = vec![None; n];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let g = rows[i - 1].as_ref()[j - 1];
        if g > 0.0 && best[i][j] == best[i - 1][j] + g {
            path[i - 1] = Some(j - 1);
            i -= 1;
        } else if best[i][j] == best[i][j - 1] {
            j -= 1;
        } else {
            i -= 1;
        }
    }
    path
}

/// Each row's positive gains, `(target, gain)` in target order (what
/// [`sparse_path_agreement`] reads).
fn positive_gains(rows: &[Vec<f32>]) -> Vec<Vec<(u32, f32)>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .filter(|x| *x.1 > 0.0)
                .map(|(j, &g)| (j as u32, g))
                .collect()
        })
        .collect()
}

/// [`path_agreement`] of the [`monotone_path`] of rows given by their positive gains only
/// (`(target, gain)`, targets ascending): the same best sum, found in O(gains · log m) by a
/// Fenwick tree of the best chain ending at each target, without the rows × targets table.
/// (Where two paths tie, it may take the other.)
fn sparse_path_agreement(rows: &[&[(u32, f32)]], m: usize) -> f32 {
    // tree[k]: the best (sum, entry) over a range of targets; entries: (row, target, previous)
    const NONE: u32 = u32::MAX;
    let mut tree = vec![(0.0f32, NONE); m + 1];
    let mut entries: Vec<(u32, u32, u32)> = Vec::new();
    let mut best = (0.0f32, NONE);
    let mut found: Vec<(f32, u32)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        found.clear();
        for &(j, g) in row.iter() {
            // the best chain over targets 0..=j of the rows before
            let (mut sum, mut prev) = (0.0f32, NONE);
            let mut k = j as usize + 1;
            while k > 0 {
                if tree[k].0 > sum {
                    (sum, prev) = tree[k];
                }
                k &= k - 1;
            }
            entries.push((i as u32, j, prev));
            found.push((sum + g, entries.len() as u32 - 1));
        }
        for &(sum, e) in &found {
            let mut k = entries[e as usize].1 as usize + 1;
            while k <= m {
                if sum > tree[k].0 {
                    tree[k] = (sum, e);
                }
                k += k & k.wrapping_neg();
            }
            if sum > best.0 {
                best = (sum, e);
            }
        }
    }
    let mut path = vec![None; rows.len()];
    let mut e = best.1;
    while e != NONE {
        let (i, j, prev) = entries[e as usize];
        path[i as usize] = Some(j as usize);
        e = prev;
    }
    let (mut clear, mut kept) = (0usize, 0usize);
    for (row, on) in rows.iter().zip(&path) {
        // the row's best target (the first of equals, as in `path_agreement`)
        let Some(&(j, _)) = row.iter().fold(None, |b: Option<&(u32, f32)>, x| match b {
            Some(y) if y.1 >= x.1 => Some(y),
            _ => Some(x),
        }) else {
            continue;
        };
        clear += 1;
        kept += usize::from(on.is_some_and(|k| k.abs_diff(j as usize) <= 1));
    }
    kept as f32 / clear.max(1) as f32
}

/// `0..n` in the `k`th shuffled order: a Fisher–Yates shuffle driven by SplitMix64 seeded
/// with `k` (the same order every run).
fn shuffled_order(n: usize, k: u64) -> Vec<usize> {
    let mut state = k.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut perm: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        perm.swap(i, j);
    }
    perm
}

/// The share of rows with a positive gain whose best target lies on `path` (within one).
fn path_agreement<R: AsRef<[f32]>>(rows: &[R], path: &[Option<usize>]) -> f32 {
    let (mut clear, mut kept) = (0usize, 0usize);
    for (row, on) in rows.iter().zip(path) {
        let Some((j, _)) = row
            .as_ref()
            .iter()
            .enumerate()
            .filter(|x| *x.1 > 0.0)
            .max_by(|x, y| x.1.total_cmp(y.1).then(y.0.cmp(&x.0)))
        else {
            continue;
        };
        clear += 1;
        kept += usize::from(on.is_some_and(|k| k.abs_diff(j) <= 1));
    }
    kept as f32 / clear.max(1) as f32
}

/// Longest posting list kept: terms found in more passages weigh little and cost most in a
/// corpus-wide query, which skips them.
fn posting_cap(n: usize) -> usize {
    (n / 20).max(2000)
}

/// The inverted index: for each term, `(passage, weight)` sorted by passage id; lists longer
/// than [`posting_cap`] are left empty.
fn build_postings(vectors: &[SparseVec], n_terms: usize) -> Vec<Vec<(u32, f32)>> {
    let cap = posting_cap(vectors.len());
    let mut df = vec![0u32; n_terms];
    for v in vectors {
        for &(t, _) in v {
            df[t as usize] += 1;
        }
    }
    // allocated by the worker threads, whose arenas hold the memory the build's scratch data
    // freed (one thread's allocator arena does not reuse another's free memory)
    let mut postings: Vec<Vec<(u32, f32)>> = df
        .par_iter()
        .map(|&d| {
            if (d as usize) <= cap {
                Vec::with_capacity(d as usize)
            } else {
                Vec::new()
            }
        })
        .collect();
    for (p, v) in vectors.iter().enumerate() {
        for &(t, w) in v {
            if (df[t as usize] as usize) <= cap {
                postings[t as usize].push((p as u32, w));
            }
        }
    }
    postings
}

/// Keeps the best `k` of `(score, passage)`, best first, ties by passage id, and gives back
/// the room of the rest (these lists are cached per passage: a list of every touched passage
/// cut to five kept 61 KB each, 233 MB over 36 gospels).
fn top_k(v: &mut Vec<(f32, usize)>, k: usize) {
    let cmp = |a: &(f32, usize), b: &(f32, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if v.len() > k {
        if k > 0 {
            v.select_nth_unstable_by(k - 1, cmp);
        }
        v.truncate(k);
        v.shrink_to_fit();
    }
    v.sort_by(cmp);
}

fn count_terms(tokens: &[u32], map: &[u32]) -> Vec<(u32, f32)> {
    let mut ids: Vec<u32> = tokens
        .iter()
        .map(|&s| map[s as usize])
        .filter(|&t| t != u32::MAX)
        .collect();
    count_sorted(&mut ids)
}

/// The distinct ids of `ids` with their occurrences, by id (sorts `ids`); allocated to size.
fn count_sorted(ids: &mut [u32]) -> Vec<(u32, f32)> {
    ids.sort_unstable();
    let distinct = ids
        .iter()
        .zip(ids.iter().skip(1))
        .filter(|(a, b)| a != b)
        .count()
        + usize::from(!ids.is_empty());
    let mut out: Vec<(u32, f32)> = Vec::with_capacity(distinct);
    for &t in ids.iter() {
        match out.last_mut() {
            Some((lt, c)) if *lt == t => *c += 1.0,
            _ => out.push((t, 1.0)),
        }
    }
    out
}

/// Merges acronyms whose expansions agree (e.g. MEK = Mujahideen-e-Khalq, MKO = Mojahedin-e
/// Khalq Organization): they become one term.
fn merge_acronyms(
    defs: &[&text::AcronymDef],
    term_ids: &HashMap<String, u32>,
    freq: &[u64],
    canon: &mut [u32],
    options: &Options,
) {
    let analyzer = text::Analyzer {
        stem: options.stem,
        stop: options.stop_words,
        ..Default::default()
    };
    // acronym term → set of canonical expansion terms (content words only)
    let mut exp: HashMap<u32, Vec<u32>> = HashMap::default();
    for d in defs {
        let Some(a) = analyzer
            .term(&d.acronym)
            .and_then(|t| term_ids.get(&t).copied())
        else {
            continue;
        };
        let e = exp.entry(a).or_default();
        for w in &d.expansion {
            if let Some(t) = analyzer.term(w).and_then(|t| term_ids.get(&t).copied()) {
                e.push(canon[t as usize]);
            }
        }
    }
    let mut acr: Vec<(u32, Vec<u32>)> = exp
        .into_iter()
        .map(|(a, mut e)| {
            e.sort_unstable();
            e.dedup();
            (a, e)
        })
        .collect();
    acr.sort();
    let total: u64 = freq.iter().sum::<u64>().max(1);
    let weight = |t: u32| {
        ((total as f32) / (freq[t as usize] as f32 + 1.0))
            .ln()
            .max(0.0)
    };
    let mut parent: Vec<usize> = (0..acr.len()).collect();
    for i in 0..acr.len() {
        for j in i + 1..acr.len() {
            let (a, b) = (&acr[i].1, &acr[j].1);
            let wa: f32 = a.iter().map(|&t| weight(t)).sum();
            let wb: f32 = b.iter().map(|&t| weight(t)).sum();
            let shared: f32 = a
                .iter()
                .filter(|t| b.binary_search(t).is_ok())
                .map(|&t| weight(t))
                .sum();
            if wa.min(wb) > 0.0 && shared / wa.min(wb) >= 0.5 {
                let (mut ri, mut rj) = (i, j);
                while parent[ri] != ri {
                    ri = parent[ri];
                }
                while parent[rj] != rj {
                    rj = parent[rj];
                }
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    // canonical member of each group: the most frequent acronym
    let root = |mut x: usize| {
        while parent[x] != x {
            x = parent[x];
        }
        x
    };
    let mut best: HashMap<usize, u32> = HashMap::default();
    for (i, (a, _)) in acr.iter().enumerate() {
        let r = root(i);
        let e = best.entry(r).or_insert(*a);
        let (fa, fe) = (freq[*a as usize], freq[*e as usize]);
        if fa > fe || (fa == fe && *a < *e) {
            *e = *a;
        }
    }
    for (i, (a, _)) in acr.iter().enumerate() {
        let c = best[&root(i)];
        // every term currently mapped to this acronym follows it
        let from = canon[*a as usize];
        let to = canon[c as usize];
        for x in canon.iter_mut() {
            if *x == from {
                *x = to;
            }
        }
    }
}

/// Weighted sum of sparse vectors.
fn mix(parts: &[(&SparseVec, f32)]) -> SparseVec {
    let mut all: Vec<(u32, f32)> = parts
        .iter()
        .flat_map(|(v, w)| v.iter().map(move |&(t, x)| (t, x * w)))
        .collect();
    all.sort_by_key(|x| x.0);
    let mut out: SparseVec = Vec::with_capacity(all.len());
    for (t, x) in all {
        match out.last_mut() {
            Some((lt, y)) if *lt == t => *y += x,
            _ => out.push((t, x)),
        }
    }
    out
}

fn normalize(v: &mut SparseVec) {
    let norm: f32 = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in v.iter_mut() {
            x.1 /= norm;
        }
    }
}

/// Dot product of two sparse vectors (sorted by key).
pub fn dot<K: Ord>(a: &[(K, f32)], b: &[(K, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_monotone_path_keeps_the_order_and_may_map_many_to_one() {
        // rows 0 and 1 both fit target 0 best; row 2 fits target 2; row 3 fits target 1 but
        // that would cross row 2's target, and its gain is smaller
        let rows = [
            vec![0.9, 0.0, 0.0],
            vec![0.5, 0.1, 0.0],
            vec![0.0, 0.0, 0.8],
            vec![0.0, 0.3, 0.0],
        ];
        assert_eq!(
            monotone_path(&rows, 3),
            vec![Some(0), Some(0), Some(2), None]
        );
    }

    #[test]
    fn shuffles_are_permutations_and_differ() {
        // the permutation test needs many different orders even of a few passages (keys
        // hashed from the index gave the same reversal of five passages in three shuffles of
        // three, and 7 orders in 19)
        let orders: std::collections::HashSet<Vec<usize>> =
            (0..19).map(|k| shuffled_order(5, k)).collect();
        assert!(orders.len() >= 15, "{} different orders", orders.len());
        for k in 0..19 {
            let mut p = shuffled_order(40, k);
            p.sort_unstable();
            assert_eq!(p, (0..40).collect::<Vec<_>>());
        }
        assert_eq!(shuffled_order(7, 3), shuffled_order(7, 3));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// The sparse chain search agrees with the table of rows × targets.
        #[test]
        fn sparse_path_agreement_matches_the_table(
            cells in proptest::collection::vec(
                proptest::collection::vec((0u8..4, 1u32..1_000_000), 1..12), 1..30),
        ) {
            let m = 12;
            // a gain where the first value is 0 (about one cell in four), distinct gains
            let rows: Vec<Vec<f32>> = cells
                .iter()
                .map(|r| {
                    (0..m)
                        .map(|j| match r.get(j) {
                            Some(&(0, g)) => g as f32 / 1000.0 + j as f32 * 1e-4,
                            _ => 0.0,
                        })
                        .collect()
                })
                .collect();
            let dense = path_agreement(&rows, &monotone_path(&rows, m));
            let gains = positive_gains(&rows);
            let views: Vec<&[(u32, f32)]> = gains.iter().map(Vec::as_slice).collect();
            proptest::prop_assert_eq!(sparse_path_agreement(&views, m), dense);
        }
    }

    #[test]
    fn shown_scores_stay_below_one_and_keep_their_order() {
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
        let own = index.query_base(0);
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
        let own = ungated.query_base(0);
        assert!(dot(&ungated.query_vector_for(0, Some(1)), &own) < 0.999);
    }

    #[test]
    fn parallel_context_points_between_the_neighbours_matches() {
        // the previous passage matches candidate 1, the next one candidate 3: candidate 2 lies
        // after the one and before the other, and gains from both
        let prev = [(1u32, 0.6f32), (4, 0.2)];
        let next = [(3u32, 0.5f32)];
        let ctx = parallel_context(Some(&prev), Some(&next), 5);
        let best = (0..5).max_by(|&a, &b| ctx[a].total_cmp(&ctx[b])).unwrap();
        assert_eq!(best, 2, "{ctx:?}");
        assert!((ctx[2] - 1.1).abs() < 1e-6, "{ctx:?}");
        // the first passage of a document has no previous one
        let ctx = parallel_context(None, Some(&next), 5);
        assert_eq!(ctx, vec![0.0, 0.0, 0.5, 0.5, 0.0]);
    }
}
