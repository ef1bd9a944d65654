//! Step 7 of the index build, the inverted index, and what reads it: the corpus-wide first
//! pass (the passages of other documents ranked for a query vector) and the scores of one
//! document's passages for a query (its slice of each of the query's lists; passage ids are
//! contiguous per document).

use super::sparse::{best_k, by_weight, keep_top, SparseVec};
use super::AlignIndex;
use rayon::prelude::*;

thread_local! {
    /// Each thread's score buffer for corpus-wide passes (all zeros between queries).
    static SCRATCH: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Query terms used by a corpus-wide pass.
const MAX_QUERY_TERMS: usize = 64;

/// Longest posting list kept: terms found in more passages weigh little and cost most in a
/// corpus-wide query, which skips them.
fn posting_cap(n: usize) -> usize {
    (n / 20).max(2000)
}

/// The inverted index: for each term, `(passage, weight)` sorted by passage id (all of them:
/// the corpus-wide pass skips lists longer than [`posting_cap`], scores within a document use
/// every list).
pub(super) fn build_postings(vectors: &[SparseVec], n_terms: usize) -> Vec<Vec<(u32, f32)>> {
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
        .map(|&d| Vec::with_capacity(d as usize))
        .collect();
    for (p, v) in vectors.iter().enumerate() {
        for &(t, w) in v {
            postings[t as usize].push((p as u32, w));
        }
    }
    postings
}

impl AlignIndex {
    /// Corpus-wide first-pass ranking of passages of other documents for a query vector, the
    /// best `k` as `(score, passage)`. On large corpora the query's 64 heaviest terms are used
    /// and terms found in more than one passage in twenty are skipped (they weigh little and
    /// cost most).
    pub(super) fn ranked_anywhere(
        &self,
        q: &SparseVec,
        passage: usize,
        k: usize,
    ) -> Vec<(f32, usize)> {
        let n = self.passages.len();
        let own = &self.by_doc[self.passages[passage].doc];
        let (lo, hi) = (
            own.first().copied().unwrap_or(0),
            own.last().copied().unwrap_or(0),
        );
        let cap = posting_cap(n);
        let mut terms: Vec<(u32, f32)> = q.to_vec();
        if terms.len() > MAX_QUERY_TERMS {
            keep_top(&mut terms, MAX_QUERY_TERMS, by_weight);
        }
        terms.retain(|&(t, _)| self.postings[t as usize].len() <= cap);
        let visits: usize = terms
            .iter()
            .map(|&(t, _)| self.postings[t as usize].len())
            .sum();
        self.rank_by_terms(&terms, lo..=hi, k, visits >= n / 4)
    }

    /// The best `k` passages outside `own` for the query `terms`, as [`best_k`] keeps them (in
    /// any order of candidates: ties go by passage id). With `scan` (the lists cover much of
    /// the corpus), every score is read back in passage order; else the passages touched are
    /// listed as they come. The same answer either way.
    fn rank_by_terms(
        &self,
        terms: &[(u32, f32)],
        own: std::ops::RangeInclusive<usize>,
        k: usize,
        scan: bool,
    ) -> Vec<(f32, usize)> {
        let n = self.passages.len();
        // the scores, in a buffer of the thread's that is left all zeros after each query
        let mut acc = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
        acc.resize(n, 0.0);
        let ranked = if scan {
            for &(t, wq) in terms {
                for &(p, w) in &self.postings[t as usize] {
                    acc[p as usize] += wq * w;
                }
            }
            let candidates = (0..n)
                .filter(|p| !own.contains(p))
                .map(|p| (acc[p], p))
                .filter(|x| x.0 > 0.0);
            let ranked = best_k(candidates, k);
            acc.fill(0.0);
            ranked
        } else {
            let mut touched: Vec<u32> = Vec::new();
            for &(t, wq) in terms {
                for &(p, w) in &self.postings[t as usize] {
                    let a = &mut acc[p as usize];
                    if *a == 0.0 {
                        touched.push(p);
                    }
                    *a += wq * w;
                }
            }
            let candidates = touched
                .iter()
                .map(|&p| p as usize)
                .filter(|p| !own.contains(p))
                .map(|p| (acc[p], p))
                .filter(|x| x.0 > 0.0);
            let ranked = best_k(candidates, k);
            for &p in &touched {
                acc[p as usize] = 0.0;
            }
            ranked
        };
        SCRATCH.with(|s| *s.borrow_mut() = acc);
        ranked
    }
}

/// Where the scoring of documents in corpus order has got to in each of a set of terms'
/// posting lists: each list is read once over all the documents, not searched for each.
pub(super) struct Cursors {
    /// The terms, sorted.
    terms: Vec<u32>,
    /// For each term, the position in its list of the first passage not yet scored.
    at: Vec<usize>,
}

impl Cursors {
    /// Cursors at the start of the lists of the terms of `vectors`.
    pub(super) fn over<'a>(vectors: impl IntoIterator<Item = &'a SparseVec>) -> Cursors {
        let mut terms: Vec<u32> = vectors
            .into_iter()
            .flat_map(|v| v.iter().map(|&(t, _)| t))
            .collect();
        terms.sort_unstable();
        terms.dedup();
        let at = vec![0; terms.len()];
        Cursors { terms, at }
    }
}

impl AlignIndex {
    /// The cosines of the passages of `doc` with a query vector, into `out` (dense, by position
    /// in `by_doc[doc]`), from the slice of `doc` in each of the query's posting lists. Each
    /// score adds its terms' products in term order, as a dot product of the two vectors
    /// does, so the scores are the same to the bit. With `cursors`, documents must come in
    /// corpus order; a term the cursors do not know is searched for.
    pub(super) fn doc_scores_into(
        &self,
        q: &SparseVec,
        doc: usize,
        mut cursors: Option<&mut Cursors>,
        out: &mut Vec<f32>,
    ) {
        let ids = &self.by_doc[doc];
        out.clear();
        out.resize(ids.len(), 0.0);
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
            return;
        };
        let (lo, hi) = (first as u32, last as u32);
        let mut j = 0;
        for &(t, wq) in q {
            let list = &self.postings[t as usize];
            let cursor = cursors.as_deref_mut().and_then(|c| {
                while j < c.terms.len() && c.terms[j] < t {
                    j += 1;
                }
                (c.terms.get(j) == Some(&t)).then_some(&mut c.at[j])
            });
            let mut k = match &cursor {
                Some(at) => {
                    let mut k = **at;
                    while k < list.len() && list[k].0 < lo {
                        k += 1;
                    }
                    k
                }
                None => list.partition_point(|x| x.0 < lo),
            };
            while k < list.len() && list[k].0 <= hi {
                out[(list[k].0 - lo) as usize] += wq * list[k].1;
                k += 1;
            }
            if let Some(at) = cursor {
                *at = k;
            }
        }
    }

    /// The cosines of every passage of the corpus with a query vector (by passage id), the
    /// same to the bit as [`AlignIndex::doc_scores_into`] gives document by document.
    pub(super) fn all_scores(&self, q: &SparseVec) -> Vec<f32> {
        let mut out = vec![0f32; self.passages.len()];
        for &(t, wq) in q {
            for &(p, w) in &self.postings[t as usize] {
                out[p as usize] += wq * w;
            }
        }
        out
    }

    /// The passage ids of document `doc` as a range (they are contiguous).
    pub(super) fn doc_range(&self, doc: usize) -> std::ops::Range<usize> {
        let ids = &self.by_doc[doc];
        match (ids.first(), ids.last()) {
            (Some(&a), Some(&b)) => a..b + 1,
            _ => 0..0,
        }
    }
}

#[cfg(test)]
mod tests {
    /// Reading every score back and listing the passages touched rank the same, ties and all
    /// (a query of one passage's terms, and the same at k beyond what is kept sorted).
    #[test]
    fn scanning_and_listing_the_touched_passages_rank_the_same() {
        let corpus = crate::corpus::embedded_seeds();
        let index = super::AlignIndex::build_without_topics(&corpus);
        let mut scans = 0;
        for (p, v) in index.vectors.iter().enumerate() {
            let own = &index.by_doc[index.passages[p].doc];
            let own = own[0]..=own[own.len() - 1];
            for k in [10, 100] {
                let scanned = index.rank_by_terms(v, own.clone(), k, true);
                let listed = index.rank_by_terms(v, own.clone(), k, false);
                assert_eq!(scanned, listed, "passage {p}, k {k}");
                scans += usize::from(!scanned.is_empty());
            }
        }
        assert!(scans > 100, "{scans} rankings compared");
    }
}
