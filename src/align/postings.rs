//! Step 7 of the index build, the inverted index, and the corpus-wide first pass that reads
//! it: the passages of other documents ranked for a query vector. (Scores within one
//! document are computed from the document's vectors, see [`super::query`].)

use super::sparse::{by_weight, keep_top, top_k, SparseVec};
use super::AlignIndex;
use rayon::prelude::*;

/// Query terms used by a corpus-wide pass.
const MAX_QUERY_TERMS: usize = 64;

/// Longest posting list kept: terms found in more passages weigh little and cost most in a
/// corpus-wide query, which skips them.
fn posting_cap(n: usize) -> usize {
    (n / 20).max(2000)
}

/// The inverted index: for each term, `(passage, weight)` sorted by passage id; lists longer
/// than [`posting_cap`] are left empty.
pub(super) fn build_postings(vectors: &[SparseVec], n_terms: usize) -> Vec<Vec<(u32, f32)>> {
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
}
