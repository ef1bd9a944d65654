//! Steps 4 to 6 of the index build, the weighting: the passages and their term counts,
//! document frequencies and each term's weight (IDF over passages, terms used by nearly every
//! passage dropped, the spread of a term over the corpus's documents, years weighted up), and
//! the unit-length passage vectors with a little of their section heading mixed in.

use super::sparse::{count_terms, mix_unit, normalize, SparseVec};
use super::vocab::{PerDoc, Vocabulary};
use super::{text, Options, Passage};
use rayon::prelude::*;

/// The passages of a corpus and their vectors.
pub(super) struct Weighted {
    pub passages: Vec<Passage>,
    /// For each document, the ids of its passages in reading order.
    pub by_doc: Vec<Vec<usize>>,
    /// Unit-length passage vectors (heading mixed in), by passage id.
    pub vectors: Vec<SparseVec>,
}

/// Steps 4 to 6: passages, their term counts, the terms' weights, the passage vectors. Frees
/// the documents' tokens as they are counted.
pub(super) fn weigh(mut per_doc: Vec<PerDoc>, vocab: &Vocabulary, options: &Options) -> Weighted {
    // 4. passages and their term counts
    let (passages, by_doc) = passages_of(&per_doc);
    let counts: Vec<Vec<(u32, f32)>> = per_doc
        .par_iter_mut()
        .zip(&vocab.local_maps)
        .flat_map_iter(|((_, dt), map)| dt.take_counts(map))
        .collect();
    let heads: Vec<Vec<(u32, f32)>> = if options.heading > 0.0 {
        per_doc
            .par_iter()
            .zip(&vocab.local_maps)
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
    drop(per_doc);
    // 5. document frequencies and term weights
    let idf = term_weights(&counts, &passages, &by_doc, &vocab.terms, options);
    // 6. weighted vectors (the counts are weighed in place), with the heading mixed in
    let own: Vec<SparseVec> = counts
        .into_par_iter()
        .map(|c| weigh_in_place(c, &idf))
        .collect();
    let vectors = if options.heading > 0.0 {
        let head_vecs: Vec<SparseVec> = heads
            .into_par_iter()
            .map(|c| weigh_in_place(c, &idf))
            .collect();
        // each passage's own vector is freed once mixed
        own.into_par_iter()
            .zip(head_vecs)
            .map(|(me, head)| {
                let mut parts: Vec<(&SparseVec, f32)> = vec![(&me, 1.0)];
                if !head.is_empty() {
                    parts.push((&head, options.heading));
                }
                mix_unit(&parts)
            })
            .collect()
    } else {
        own
    };
    Weighted {
        passages,
        by_doc,
        vectors,
    }
}

/// The passages of the tokenized documents, and each document's passage ids.
fn passages_of(per_doc: &[PerDoc]) -> (Vec<Passage>, Vec<Vec<usize>>) {
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
    (passages, by_doc)
}

/// Step 5: the weight of each term: its IDF over passages (0 for terms in more than
/// [`Options::max_df`] of them), times its spread over the documents, years and other numbers
/// weighted up.
fn term_weights(
    counts: &[Vec<(u32, f32)>],
    passages: &[Passage],
    by_doc: &[Vec<usize>],
    terms: &[String],
    options: &Options,
) -> Vec<f32> {
    let n = passages.len();
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
    (0..terms.len())
        .map(|t| {
            let d = df[t] as f32;
            if d == 0.0 || d > max_df {
                return 0.0;
            }
            let mut w = ((n as f32 + 1.0) / (d + 0.5)).ln().max(0.0);
            if options.spread > 0.0 {
                w *= (ddf[t] as f32 / n_docs as f32).powf(options.spread);
            }
            if text::is_year(&terms[t]) {
                w *= options.year_boost;
            } else if text::is_number(&terms[t]) {
                w *= 1.0 + (options.year_boost - 1.0) / 2.0;
            }
            w
        })
        .collect()
}

/// The weighted, unit-length vector of term counts `c`, in the place of the counts (terms of
/// no weight dropped).
fn weigh_in_place(mut c: Vec<(u32, f32)>, idf: &[f32]) -> SparseVec {
    let mut kept = 0;
    for i in 0..c.len() {
        let (t, tf) = c[i];
        let w = idf[t as usize];
        if w <= 0.0 {
            continue;
        }
        c[kept] = (t, tf * w);
        kept += 1;
    }
    c.truncate(kept);
    normalize(&mut c);
    c
}
