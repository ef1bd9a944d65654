//! Queries: the query vector of a passage (its own vector with pseudo-relevance feedback from
//! its best matches across the corpus, left out where its own words already pick one passage),
//! its best matches in one document, in each document and anywhere, and what counts as a good
//! match.

use super::postings::Cursors;
use super::sparse::{best_k, dot, mean_sd, mix_unit, normalize, MergedParts, SparseVec};
use super::{text, AlignIndex, Match, PRF_GATE_SPAN};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

/// Terms named per match ("why these match").
const TERMS_NAMED: usize = 4;

thread_local! {
    /// The shared terms' contributions of the match being made, a buffer per thread.
    static CONTRIB: RefCell<Vec<(f32, u32)>> = const { RefCell::new(Vec::new()) };
}

/// A match before its terms are spelled out: their ids in the vocabulary (headless align
/// writes them from the index's display forms, with no string made per match).
pub(crate) struct MatchIds {
    pub(crate) passage: usize,
    pub(crate) score: f32,
    terms: [u32; TERMS_NAMED],
    n_terms: usize,
    good: bool,
    by_context: bool,
}

impl MatchIds {
    /// The ids of the terms weighing most in the match, most first.
    pub(crate) fn term_ids(&self) -> &[u32] {
        &self.terms[..self.n_terms]
    }
}

impl AlignIndex {
    /// The query vector of a passage: its own vector, plus (pseudo-relevance feedback) the
    /// centroid of its best matches in other documents. The last one is cached (the reader
    /// asks for one passage's matches in several documents in a row).
    fn query_vector(&self, passage: usize) -> Arc<SparseVec> {
        self.query_vector_for(passage, None)
    }

    /// The query vector of a passage for scoring document `target`: the feedback leaves out
    /// the passages of `target` (they would echo its best candidate back into the query).
    pub(super) fn query_vector_for(&self, passage: usize, target: Option<usize>) -> Arc<SparseVec> {
        let target = target.filter(|_| self.options.prf > 0.0);
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
            own.clone()
        } else {
            let top = self.feedback_cached(own, passage);
            self.with_feedback(own, &top, target)
        };
        let v = Arc::new(v);
        if let Ok(mut g) = self.cache.0.try_lock() {
            *g = Some((key, v.clone()));
        }
        v
    }

    /// The passage's own query vector (before feedback).
    pub(super) fn query_base(&self, passage: usize) -> &SparseVec {
        &self.vectors[passage]
    }

    /// Pseudo-relevance feedback candidates: the query's best matches in other documents
    /// (three times `prf_depth`, as those of the target document are left out).
    fn feedback(&self, own: &SparseVec, passage: usize) -> Vec<(f32, usize)> {
        self.ranked_anywhere(own, passage, self.options.prf_depth * 3)
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
        self.mixed_feedback(own, &self.feedback_used(top, target), scale)
    }

    /// The feedback passages used for scoring `target`: the best `prf_depth` of `top` not in it.
    fn feedback_used(&self, top: &[(f32, usize)], target: Option<usize>) -> Vec<usize> {
        top.iter()
            .map(|&(_, p)| p)
            .filter(|&p| Some(self.passages[p].doc) != target)
            .take(self.options.prf_depth)
            .collect()
    }

    /// The query mixed with the centroid of `used`, weighed by `scale` (selective feedback).
    fn mixed_feedback(&self, own: &SparseVec, used: &[usize], scale: f32) -> SparseVec {
        let w = scale * (self.options.prf / used.len() as f32);
        let mut parts: Vec<(&SparseVec, f32)> = vec![(own, 1.0)];
        parts.extend(used.iter().map(|&p| (&self.vectors[p], w)));
        mix_unit(&parts)
    }

    /// How clearly the query's own words pick one passage of `doc`, 0 to 1: how far the best
    /// passage's score stands above the rest of the document (its z-score), from
    /// [`super::Options::prf_gate_z`] (0) over [`PRF_GATE_SPAN`] more (1).
    pub(super) fn confidence(&self, own: &SparseVec, doc: usize) -> f32 {
        self.confidence_of(&self.scores_for_vector(own, doc))
    }

    /// [`AlignIndex::confidence`] from the query's own scores in the document.
    fn confidence_of(&self, s: &[f32]) -> f32 {
        let top = s.iter().copied().fold(0f32, f32::max);
        if top <= 0.0 {
            return 0.0;
        }
        let (mean, sd) = mean_sd(s);
        if sd <= 0.0 {
            return 0.0;
        }
        (((top - mean) / sd - self.options.prf_gate_z) / PRF_GATE_SPAN).clamp(0.0, 1.0)
    }

    /// The cosines of the passages of `doc` with a query vector (dense, by position in
    /// `by_doc[doc]`).
    pub(super) fn scores_for_vector(&self, q: &SparseVec, doc: usize) -> Vec<f32> {
        let mut out = Vec::new();
        self.doc_scores_into(q, doc, None, &mut out);
        out
    }

    /// Cosine similarity of two passages.
    pub fn similarity(&self, a: usize, b: usize) -> f32 {
        dot(&self.vectors[a], &self.vectors[b])
    }

    /// The terms weighing most in the similarity of two passages (display forms).
    pub fn shared_terms(&self, a: usize, b: usize, k: usize) -> Vec<String> {
        let mut terms = Vec::new();
        self.for_shared_terms(a, b, k, |t| terms.push(self.display[t as usize].clone()));
        terms
    }

    /// [`AlignIndex::shared_terms`] as term ids, each handed to `keep`, most telling first.
    fn for_shared_terms(&self, a: usize, b: usize, k: usize, mut keep: impl FnMut(u32)) {
        CONTRIB.with(|buffer| {
            let mut contrib = buffer.borrow_mut();
            contrib.clear();
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
            contrib.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            // a year shared also shares its decade: one piece of evidence, named once (by the
            // year); a decade shared by different years stays
            let decades_of_shared_years: Vec<String> = contrib
                .iter()
                .filter_map(|&(_, t)| text::decade(&self.terms[t as usize]))
                .collect();
            contrib
                .iter()
                .filter(|&&(_, t)| !decades_of_shared_years.contains(&self.terms[t as usize]))
                .take(k)
                .for_each(|&(_, t)| keep(t));
        });
    }

    /// A match of `passage` for `query`, its terms as ids.
    fn match_ids(&self, query: usize, passage: usize, score: f32) -> MatchIds {
        let (mut terms, mut n_terms) = ([0u32; TERMS_NAMED], 0);
        self.for_shared_terms(query, passage, TERMS_NAMED, |t| {
            terms[n_terms] = t;
            n_terms += 1;
        });
        MatchIds {
            passage,
            score: shown_score(score),
            terms,
            n_terms,
            good: self.is_good_anywhere(score),
            by_context: n_terms == 0,
        }
    }

    /// A match with its terms spelled out (display forms).
    fn spelled(&self, m: MatchIds) -> Match {
        Match {
            passage: m.passage,
            score: m.score,
            terms: m
                .term_ids()
                .iter()
                .map(|&t| self.display[t as usize].clone())
                .collect(),
            good: m.good,
            by_context: m.by_context,
        }
    }

    fn make_match(&self, query: usize, passage: usize, score: f32) -> Match {
        self.spelled(self.match_ids(query, passage, score))
    }

    /// The best `k` passages of document `doc` for the query passage, best first.
    pub fn best_in_doc(&self, passage: usize, doc: usize, k: usize) -> Vec<Match> {
        if passage >= self.passages.len() || doc >= self.by_doc.len() || k == 0 {
            return Vec::new();
        }
        let q = self.query_vector_for(passage, Some(doc));
        self.best_in_doc_q(&q, passage, doc, k)
    }

    /// Adds the evidence of context to the scores of the passages of `doc` for the query
    /// passage: of order ([`AlignIndex::order_bonus`]) and of third documents
    /// ([`AlignIndex::transitive_bonus`]).
    fn add_context(&self, passage: usize, doc: usize, scores: &mut [f32]) {
        if self.options.order > 0.0 {
            self.order_bonus(passage, doc, scores);
        }
        if !self.ordered_top.is_empty() {
            self.transitive_bonus(passage, doc, scores);
        }
    }

    fn best_in_doc_q(&self, q: &SparseVec, passage: usize, doc: usize, k: usize) -> Vec<Match> {
        // the scores from words alone, before the evidence of order and of third documents
        let words = self.scores_for_vector(q, doc);
        let found = self.best_from_words(passage, doc, k, &words);
        found.into_iter().map(|m| self.spelled(m)).collect()
    }

    /// The best `k` passages of `doc` for the query passage, from its scores by words alone.
    fn best_from_words(
        &self,
        passage: usize,
        doc: usize,
        k: usize,
        words: &[f32],
    ) -> Vec<MatchIds> {
        let ids = &self.by_doc[doc];
        let scores: Cow<[f32]> = if self.options.order > 0.0 || !self.ordered_top.is_empty() {
            let mut scores = words.to_vec();
            self.add_context(passage, doc, &mut scores);
            Cow::Owned(scores)
        } else {
            Cow::Borrowed(words)
        };
        let ranked = best_k(
            scores
                .iter()
                .enumerate()
                .filter(|(i, &s)| s > 0.0 && ids[*i] != passage)
                .map(|(i, &s)| (s, i)),
            k,
        );
        let standout = if self.options.good_z > 0.0 {
            mean_sd(&scores)
        } else {
            (0.0, 0.0)
        };
        ranked
            .into_iter()
            .map(|(s, i)| {
                let mut m = self.match_ids(passage, ids[i], s);
                m.by_context |= words[i] < s / 3.0;
                m.good = self.is_good((m.good, m.n_terms), s, standout);
                m
            })
            .collect()
    }

    /// What counts as good within a document: a strong score, or one standing out from the
    /// rest of the document (`standout`: the mean and standard deviation of its scores) above
    /// a floor; never a match on one shared word.
    fn is_good(&self, (good, n_terms): (bool, usize), score: f32, (mean, sd): (f32, f32)) -> bool {
        let o = &self.options;
        let mut good = good;
        if o.good_z > 0.0 {
            let stands_out = sd > 0.0 && (score - mean) / sd >= o.good_z;
            good = score >= o.good_floor && (stands_out || score >= 2.0 * o.good_threshold);
        }
        // one word in common is not a subject in common ("every temptation" / "every
        // evening"), however much it stands out among passages sharing nothing
        good && n_terms != 1
    }

    /// The best `k` passages anywhere in the corpus (other documents), best first.
    pub fn best_anywhere(&self, passage: usize, k: usize) -> Vec<Match> {
        self.ranked_anywhere_scores(passage, k)
            .into_iter()
            .map(|(s, p)| self.make_match(passage, p, s))
            .collect()
    }

    /// [`AlignIndex::best_anywhere`] as `(score, passage)` before the match is made: the score
    /// as ranked (see [`shown_score`] and [`AlignIndex::is_good_anywhere`]), no terms named.
    pub(super) fn ranked_anywhere_scores(&self, passage: usize, k: usize) -> Vec<(f32, usize)> {
        if passage >= self.passages.len() || k == 0 {
            return Vec::new();
        }
        let q = self.query_vector(passage);
        self.ranked_anywhere(&q, passage, k)
    }

    /// Whether a match ranked anywhere with this score is good ([`Match::good`]).
    pub(super) fn is_good_anywhere(&self, score: f32) -> bool {
        score >= self.options.good_threshold
    }

    /// The best `k` passages per other document, best first within each document: `(doc,
    /// matches)` for every document other than the query's, in corpus order.
    pub fn best_per_doc(&self, passage: usize, k: usize) -> Vec<(usize, Vec<Match>)> {
        self.best_per_doc_ids(passage, k)
            .into_iter()
            .map(|(d, ms)| (d, ms.into_iter().map(|m| self.spelled(m)).collect()))
            .collect()
    }

    /// [`AlignIndex::best_per_doc`], the terms as ids (headless align spells them as it
    /// writes them).
    pub(crate) fn best_per_doc_ids(&self, passage: usize, k: usize) -> Vec<(usize, Vec<MatchIds>)> {
        let qd = self.passages[passage].doc;
        if k == 0 {
            return Vec::new();
        }
        let mut found = Vec::new();
        let others = (0..self.by_doc.len()).filter(|&d| d != qd);
        self.word_scores_by_doc(passage, others, |d, words| {
            found.push((d, self.best_from_words(passage, d, k, words)));
        });
        found
    }

    /// The scores by words alone of the passages of each of `docs` (in corpus order, not the
    /// query's own) for the query passage, each document's given to `each` in turn: what
    /// [`AlignIndex::query_vector_for`] and [`AlignIndex::scores_for_vector`] give, the same to
    /// the bit, with the feedback merged once and each posting list read once.
    pub(super) fn word_scores_by_doc(
        &self,
        passage: usize,
        docs: impl Iterator<Item = usize>,
        mut each: impl FnMut(usize, &[f32]),
    ) {
        let mut words = Vec::new();
        if self.options.prf <= 0.0 {
            let q = self.query_vector(passage);
            let mut cursors = Cursors::over([&*q]);
            for d in docs {
                self.doc_scores_into(&q, d, Some(&mut cursors), &mut words);
                each(d, &words);
            }
            return;
        }
        // one feedback ranking; each document gets a query without its own passages
        let own = self.query_base(passage);
        let top = self.feedback_cached(own, passage);
        let gate = self.options.prf_gate_z > 0.0;
        // the query's own scores over the corpus, once, for selective feedback
        let own_scores = if gate {
            self.all_scores(own)
        } else {
            Vec::new()
        };
        let mut cursors =
            Cursors::over(std::iter::once(own).chain(top.iter().map(|&(_, p)| &self.vectors[p])));
        // the query is the same for most documents: mixed again only when it changes
        let mut last: Option<(Vec<usize>, f32, SparseVec)> = None;
        // each set of feedback passages merged once (a document holding one of them leaves
        // it out; the next goes back to the usual set)
        let mut merged: Vec<(Vec<usize>, MergedParts)> = Vec::new();
        for d in docs {
            let scale = if gate {
                1.0 - self.confidence_of(&own_scores[self.doc_range(d)])
            } else {
                1.0
            };
            let used = self.feedback_used(&top, Some(d));
            let same =
                matches!(&last, Some((u, s, _)) if *u == used && s.to_bits() == scale.to_bits());
            if !same {
                let at = match merged.iter().position(|(u, _)| *u == used) {
                    Some(at) => at,
                    None => {
                        let parts: Vec<&SparseVec> = std::iter::once(own)
                            .chain(used.iter().map(|&p| &self.vectors[p]))
                            .collect();
                        merged.push((used.clone(), MergedParts::of(&parts)));
                        merged.len() - 1
                    }
                };
                let w = scale * (self.options.prf / used.len() as f32);
                let parts = &merged[at].1;
                let mut q = parts.sum(|i| if i == 0 { 1.0 } else { w });
                normalize(&mut q);
                last = Some((used, scale, q));
            }
            let q = &last.as_ref().expect("just set").2;
            self.doc_scores_into(q, d, Some(&mut cursors), &mut words);
            each(d, &words);
        }
    }
}

/// A ranking score as shown to people and scripts: the cosine as it is up to 0.8; above, the
/// evidence of order (which multiplies and adds to scores) is folded in below 1, keeping the
/// order of scores (a similarity of "1.14" reads as nonsense).
pub(super) fn shown_score(score: f32) -> f32 {
    const KNEE: f32 = 0.8;
    if score <= KNEE {
        score
    } else {
        KNEE + (1.0 - KNEE) * (1.0 - (-(score - KNEE) / (1.0 - KNEE)).exp())
    }
}
