//! The order-aware pass: two documents' passages aligned monotonically (a dynamic programme
//! over their scores, the order kept), how parallel the two documents are (how much more
//! often their best matches fall on that alignment than in shuffled orders, with a
//! permutation test), and the bonus a candidate gets for being in keeping with that order and
//! with its neighbours' matches (parallel context).

use super::sparse::{best_of, mean_sd};
use super::{AlignIndex, ORDER_SD};
use std::sync::Arc;

/// The order-aware alignment of one document pair.
#[derive(Debug)]
pub(super) struct PairOrder {
    /// For each passage of the first document, its aligned passage (index in the second).
    pub(super) path: Vec<Option<usize>>,
    /// How parallel, one way (the first document's passages against the second; see
    /// [`AlignIndex::parallelism`]).
    parallelism: f32,
    /// For each passage of the first document, its best [`CONTEXT_TOP`] scores in the second
    /// (index, score), for [`super::Options::order_context`].
    pub(super) top: Vec<Vec<(u32, f32)>>,
}

impl AlignIndex {
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

    /// Computes the order-aware alignment of every document pair, in parallel (what answering
    /// every passage needs: headless reports). Document by document, each passage's scores in
    /// every other document are read in one pass ([`AlignIndex::word_scores_by_doc`]), not
    /// once per pair; and no thread waits on a pair another is computing.
    pub fn prepare_pair_orders(&self, progress: crate::progress::Progress) {
        self.prepare_pair_orders_within(PREPARE_MAX_CELLS, progress);
    }

    /// [`AlignIndex::prepare_pair_orders`], holding at most about `max_cells` scores at a time.
    fn prepare_pair_orders_within(&self, max_cells: usize, progress: crate::progress::Progress) {
        use crate::progress::Stage;
        use rayon::prelude::*;
        let nd = self.by_doc.len();
        if self.order_cache.is_empty() {
            return;
        }
        for a in 0..nd {
            progress(Stage::Order, a, nd);
            let n = self.by_doc[a].len();
            // pairs too large for the pass are left to `pair_order` (it gives up at once)
            let targets: Vec<usize> = (0..nd)
                .filter(|&b| b != a && n * self.by_doc[b].len() <= ORDER_MAX_CELLS)
                .collect();
            // the scores of one batch of documents are held at a time
            let mut rest = targets.as_slice();
            while !rest.is_empty() {
                let mut cells = 0;
                let take = rest
                    .iter()
                    .take_while(|&&b| {
                        cells += n * self.by_doc[b].len();
                        cells <= max_cells
                    })
                    .count()
                    .max(1);
                let (batch, after) = rest.split_at(take);
                rest = after;
                // scores[i][j]: passage i of `a` in the j-th document of the batch
                let scores: Vec<Vec<Vec<f32>>> = self.by_doc[a]
                    .par_iter()
                    .map(|&p| {
                        let mut row = Vec::with_capacity(batch.len());
                        self.word_scores_by_doc(p, batch.iter().copied(), |_, s| {
                            row.push(s.to_vec());
                        });
                        row
                    })
                    .collect();
                let mut by_target: Vec<Vec<Vec<f32>>> =
                    batch.iter().map(|_| Vec::with_capacity(n)).collect();
                for row in scores {
                    for (j, s) in row.into_iter().enumerate() {
                        by_target[j].push(s);
                    }
                }
                by_target
                    .into_par_iter()
                    .zip(batch.par_iter())
                    .for_each(|(scores, &b)| {
                        if let Some(cell) = self.order_cache.get(a * nd + b) {
                            let m = self.by_doc[b].len();
                            cell.get_or_init(|| Arc::new(self.order_from_scores(scores, m)));
                        }
                    });
            }
        }
        progress(Stage::Order, nd, nd);
    }

    /// How parallel two documents are, 0 to 1: how much more often the best matches of the
    /// passages of one fall on the monotone alignment than they would if its passages came in
    /// no particular order (0: no more than chance; see [`super::Options::order`]), the larger of both
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
        let scores: Vec<Vec<f32>> = self.by_doc[a]
            .iter()
            .map(|&p| {
                let q = self.query_vector_for(p, Some(b));
                self.scores_for_vector(&q, b)
            })
            .collect();
        self.order_from_scores(scores, m)
    }

    /// The order-aware alignment of a document pair from the scores of each passage of the
    /// first in the second (`m` passages), by words alone.
    fn order_from_scores(&self, scores: Vec<Vec<f32>>, m: usize) -> PairOrder {
        let n = scores.len();
        // the gain of each candidate: how far its score stands above the document's mean plus
        // one standard deviation (most candidates gain nothing)
        let mut top: Vec<Vec<(u32, f32)>> = Vec::new();
        let rows: Vec<Vec<f32>> = scores
            .into_iter()
            .map(|mut s| {
                if self.options.order_context > 0.0 {
                    top.push(best_of(&s, CONTEXT_TOP));
                }
                let (mean, sd) = mean_sd(&s);
                for x in &mut s {
                    *x = (*x - mean - ORDER_SD * sd).max(0.0);
                }
                s
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
        let mut search = ChainSearch::new(&gains, m);
        let (mut chance, mut as_good, mut done) = (0.0, 0usize, 0usize);
        for k in 0..shuffles {
            let a = search.agreement(&shuffled_order(n, k as u64));
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

    /// [`super::Options::order`]: a bonus for the candidates in keeping with the monotone alignment
    /// of the two documents (the query's aligned target, else those between the targets of
    /// its aligned neighbours), and [`super::Options::order_context`]: for those its neighbours'
    /// matches point to, both in proportion to how parallel the documents are.
    pub(super) fn order_bonus(&self, passage: usize, doc: usize, scores: &mut [f32]) {
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
        if let Some(j) = path[a] {
            scores[j] *= 1.0 + w;
            return;
        }
        // between the targets of its aligned neighbours
        for s in &mut scores[before..=after] {
            *s *= 1.0 + w / 2.0;
        }
    }
}

/// [`super::Options::order_context`] for each of `m` candidates: the best score of the query's
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

/// Best scores kept per passage and document pair for [`super::Options::order_context`].
const CONTEXT_TOP: usize = 10;

/// Largest document pair (passages × passages) the order-aware pass aligns: its tables of
/// scores and sums then take at most ~32 MB.
const ORDER_MAX_CELLS: usize = 4_000_000;

/// Most scores [`AlignIndex::prepare_pair_orders`] holds at a time (16 MB): one document's
/// passages in a batch of the others.
const PREPARE_MAX_CELLS: usize = 4_000_000;

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
/// [`ChainSearch`] reads).
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
/// (`(target, gain)`, targets ascending), the rows taken in any order: the same best sum,
/// found in O(gains · log m) by a Fenwick tree of the best chain ending at each target,
/// without the rows × targets table. (Where two paths tie, it may take the other.) Its
/// buffers are kept from one order to the next (the permutation test asks for 19).
struct ChainSearch<'a> {
    gains: &'a [Vec<(u32, f32)>],
    /// Each row's best target (the first of equals, as in `path_agreement`), if any.
    best: Vec<Option<u32>>,
    /// `tree[k]`: the best `(sum, entry)` over a range of targets.
    tree: Vec<(f32, u32)>,
    /// `(row position, target, previous entry)` of every chain step found.
    entries: Vec<(u32, u32, u32)>,
    /// One row's chains: `(sum, entry)`.
    found: Vec<(f32, u32)>,
    /// The target of the best path at each row position ([`NONE`] when it skips the row).
    on: Vec<u32>,
}

/// No entry, no target.
const NONE: u32 = u32::MAX;

impl<'a> ChainSearch<'a> {
    fn new(gains: &'a [Vec<(u32, f32)>], m: usize) -> Self {
        let best = gains
            .iter()
            .map(|row| {
                row.iter()
                    .fold(None, |b: Option<&(u32, f32)>, x| match b {
                        Some(y) if y.1 >= x.1 => Some(y),
                        _ => Some(x),
                    })
                    .map(|x| x.0)
            })
            .collect();
        ChainSearch {
            gains,
            best,
            tree: vec![(0.0, NONE); m + 1],
            entries: Vec::new(),
            found: Vec::new(),
            on: vec![NONE; gains.len()],
        }
    }

    /// The share of rows with a gain whose best target lies on the best path (within one),
    /// the rows taken in `order` (a permutation of the row indices).
    fn agreement(&mut self, order: &[usize]) -> f32 {
        let m = self.tree.len() - 1;
        self.tree.fill((0.0, NONE));
        self.entries.clear();
        let mut best = (0.0f32, NONE);
        for (i, &r) in order.iter().enumerate() {
            self.found.clear();
            for &(j, g) in &self.gains[r] {
                // the best chain over targets 0..=j of the rows before
                let (mut sum, mut prev) = (0.0f32, NONE);
                let mut k = j as usize + 1;
                while k > 0 {
                    if self.tree[k].0 > sum {
                        (sum, prev) = self.tree[k];
                    }
                    k &= k - 1;
                }
                self.entries.push((i as u32, j, prev));
                self.found.push((sum + g, self.entries.len() as u32 - 1));
            }
            for &(sum, e) in &self.found {
                let mut k = self.entries[e as usize].1 as usize + 1;
                while k <= m {
                    if sum > self.tree[k].0 {
                        self.tree[k] = (sum, e);
                    }
                    k += k & k.wrapping_neg();
                }
                if sum > best.0 {
                    best = (sum, e);
                }
            }
        }
        self.on.fill(NONE);
        let mut e = best.1;
        while e != NONE {
            let (i, j, prev) = self.entries[e as usize];
            self.on[i as usize] = j;
            e = prev;
        }
        let (mut clear, mut kept) = (0usize, 0usize);
        for (i, &r) in order.iter().enumerate() {
            let Some(j) = self.best[r] else {
                continue;
            };
            clear += 1;
            kept += usize::from(self.on[i] != NONE && self.on[i].abs_diff(j) <= 1);
        }
        kept as f32 / clear.max(1) as f32
    }
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
    fn orders_prepared_together_are_those_computed_one_pair_at_a_time() {
        let corpus = crate::corpus::embedded_seeds();
        let lazy = AlignIndex::build_without_topics(&corpus);
        assert!(
            !lazy.order_cache.is_empty(),
            "the seeds are within the order limit"
        );
        // all other documents in one batch, and one at a time (a clone starts with no orders)
        let (together, one_by_one) = (lazy.clone(), lazy.clone());
        together.prepare_pair_orders(&crate::progress::none);
        one_by_one.prepare_pair_orders_within(1, &crate::progress::none);
        let nd = lazy.by_doc.len();
        for (a, b) in (0..nd).flat_map(|a| (0..nd).map(move |b| (a, b))) {
            if a == b {
                continue;
            }
            let want = lazy.pair_order(a, b);
            for prepared in [&together, &one_by_one] {
                let got = prepared.order_cache.get(a * nd + b).and_then(|c| c.get());
                let got = got.expect("prepared before anyone asked");
                assert_eq!(got.path, want.path, "{a} → {b}");
                assert_eq!(got.parallelism.to_bits(), want.parallelism.to_bits());
                assert_eq!(got.top, want.top);
            }
        }
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
        fn chain_search_matches_the_table_in_any_order(
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
            let order: Vec<usize> = (0..rows.len()).collect();
            let mut search = ChainSearch::new(&gains, m);
            proptest::prop_assert_eq!(search.agreement(&order), dense);
            // the same search, its buffers used again, over the rows in a shuffled order
            let shuffled = shuffled_order(rows.len(), 3);
            let rows_shuffled: Vec<Vec<f32>> = shuffled.iter().map(|&i| rows[i].clone()).collect();
            let dense = path_agreement(&rows_shuffled, &monotone_path(&rows_shuffled, m));
            proptest::prop_assert_eq!(search.agreement(&shuffled), dense);
        }
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
