//! The sparse maths of the engine: sparse vectors (`(term, weight)` sorted by term), their
//! weighted sums, norms and dot products, term counting, and the one helper that keeps the
//! best N of a list.

use std::cmp::Ordering;

/// A sparse vector: `(term, weight)` sorted by term.
pub type SparseVec = Vec<(u32, f32)>;

/// Weighted sum of sparse vectors.
pub(crate) fn mix(parts: &[(&SparseVec, f32)]) -> SparseVec {
    let vectors: Vec<&SparseVec> = parts.iter().map(|p| p.0).collect();
    MergedParts::of(&vectors).sum(|i| parts[i].1)
}

/// Sparse vectors merged by term once, to be summed with any weights ([`mix`]): headless
/// align sums one query with its feedback passages for every document, mostly the same
/// passages with a different weight, and sorts them only when they change.
pub(crate) struct MergedParts {
    /// `(term, part, weight in that part)`, by term, parts in order within a term.
    entries: Vec<(u32, u32, f32)>,
}

impl MergedParts {
    pub(crate) fn of(parts: &[&SparseVec]) -> Self {
        let mut entries: Vec<(u32, u32, f32)> = parts
            .iter()
            .enumerate()
            .flat_map(|(i, v)| v.iter().map(move |&(t, x)| (t, i as u32, x)))
            .collect();
        // stable: a term's products are added in the order of the parts
        entries.sort_by_key(|x| x.0);
        MergedParts { entries }
    }

    /// The parts summed, part `i` weighed `weight(i)`.
    pub(crate) fn sum(&self, weight: impl Fn(usize) -> f32) -> SparseVec {
        let mut out: SparseVec = Vec::with_capacity(self.entries.len());
        for &(t, part, x) in &self.entries {
            let x = x * weight(part as usize);
            match out.last_mut() {
                Some((lt, y)) if *lt == t => *y += x,
                _ => out.push((t, x)),
            }
        }
        out
    }
}

/// Scales `v` to unit length (a zero vector stays as it is).
pub(crate) fn normalize(v: &mut SparseVec) {
    let norm: f32 = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in v.iter_mut() {
            x.1 /= norm;
        }
    }
}

/// `parts` mixed ([`mix`]) and scaled to unit length.
pub(crate) fn mix_unit(parts: &[(&SparseVec, f32)]) -> SparseVec {
    let mut v = mix(parts);
    normalize(&mut v);
    v
}

/// Dot product of two sparse vectors (sorted by key).
pub fn dot<K: Ord>(a: &[(K, f32)], b: &[(K, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// Keeps the first `n` of `v` in the order `cmp` (a total order: best first), sorted, and
/// gives back the room of the rest (lists of candidates are cached per passage: a list of
/// every touched passage cut to five kept 61 KB each, 233 MB over 36 gospels).
pub(crate) fn keep_top<T>(v: &mut Vec<T>, n: usize, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() > n {
        if n > 0 {
            v.select_nth_unstable_by(n - 1, &cmp);
        }
        v.truncate(n);
        v.shrink_to_fit();
    }
    v.sort_by(cmp);
}

/// Keeps the best `k` of `(score, passage)`, best first, ties by passage id.
pub(crate) fn top_k(v: &mut Vec<(f32, usize)>, k: usize) {
    keep_top(v, k, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
}

/// Up to this many, [`best_k`] keeps its best in a sorted list as they go by.
const BEST_K_KEPT_SORTED: usize = 64;

/// The best `k` of `(score, index)`, best first, ties by index: what [`top_k`] keeps, without
/// collecting the rest (a short list kept sorted as the candidates go by).
pub(crate) fn best_k(
    candidates: impl Iterator<Item = (f32, usize)>,
    k: usize,
) -> Vec<(f32, usize)> {
    let better = |a: &(f32, usize), b: &(f32, usize)| {
        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)) == std::cmp::Ordering::Less
    };
    if k > BEST_K_KEPT_SORTED {
        // a long list kept sorted costs more than sorting once
        let mut all: Vec<(f32, usize)> = candidates.collect();
        top_k(&mut all, k);
        return all;
    }
    let mut best: Vec<(f32, usize)> = Vec::with_capacity(k + 1);
    for c in candidates {
        if best.len() == k && !best.last().is_some_and(|w| better(&c, w)) {
            continue;
        }
        let at = best.partition_point(|b| better(b, &c));
        best.insert(at, c);
        best.truncate(k);
    }
    best
}

/// The best `k` positive scores, best first, ties by index: `(index, score)`.
pub(crate) fn best_of(scores: &[f32], k: usize) -> Vec<(u32, f32)> {
    let mut best: Vec<(u32, f32)> = scores
        .iter()
        .enumerate()
        .filter(|x| *x.1 > 0.0)
        .map(|(j, &x)| (j as u32, x))
        .collect();
    keep_top(&mut best, k, by_weight);
    best.shrink_to_fit();
    best
}

/// `(term, weight)` by weight, heaviest first, ties by term.
pub(crate) fn by_weight(a: &(u32, f32), b: &(u32, f32)) -> Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// The mean and standard deviation of `xs` (0, 0 when empty).
pub(crate) fn mean_sd(xs: &[f32]) -> (f32, f32) {
    if xs.is_empty() {
        return (0.0, 0.0);
    }
    let n = xs.len() as f32;
    let mean = xs.iter().sum::<f32>() / n;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f32>() / n;
    (mean, var.sqrt())
}

/// The distinct ids of `ids` with their occurrences, by id (sorts `ids`); allocated to size.
pub(crate) fn count_sorted(ids: &mut [u32]) -> Vec<(u32, f32)> {
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

/// The counts of the terms of `tokens` (local surface ids mapped by `map`; `u32::MAX`: not a
/// term).
pub(crate) fn count_terms(tokens: &[u32], map: &[u32]) -> Vec<(u32, f32)> {
    let mut ids: Vec<u32> = tokens
        .iter()
        .map(|&s| map[s as usize])
        .filter(|&t| t != u32::MAX)
        .collect();
    count_sorted(&mut ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_top_keeps_the_best_in_order() {
        let mut v = vec![(0.2, 3), (0.9, 1), (0.2, 0), (0.5, 7)];
        top_k(&mut v, 3);
        assert_eq!(v, vec![(0.9, 1), (0.5, 7), (0.2, 0)]);
        assert_eq!(best_of(&[0.0, 0.3, 0.7, 0.3], 2), vec![(2, 0.7), (1, 0.3)]);
    }

    fn sparse_vec() -> impl proptest::strategy::Strategy<Value = SparseVec> {
        use proptest::prelude::*;
        proptest::collection::btree_map(0u32..40, 0.01f32..3.0, 0..12)
            .prop_map(|m| m.into_iter().collect())
    }

    proptest::proptest! {
        /// Headless align relies on these being the same to the bit as what they replace
        /// (its output is checked byte for byte against the old code's).
        #[test]
        fn merged_parts_add_each_terms_products_in_the_order_of_the_parts(
            parts in proptest::collection::vec(sparse_vec(), 1..6),
            w in 0.0f32..2.0,
        ) {
            let weight = |i: usize| if i == 0 { 1.0 } else { w };
            let mut expected = std::collections::BTreeMap::<u32, f32>::new();
            for (i, v) in parts.iter().enumerate() {
                for &(t, x) in v {
                    let x = x * weight(i);
                    expected.entry(t).and_modify(|y| *y += x).or_insert(x);
                }
            }
            let refs: Vec<&SparseVec> = parts.iter().collect();
            let bits = |v: Vec<(u32, f32)>| v.into_iter().map(|(t, x)| (t, x.to_bits())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(
                bits(MergedParts::of(&refs).sum(weight)),
                bits(expected.into_iter().collect())
            );
        }

        #[test]
        fn best_k_keeps_what_top_k_keeps(
            scores in proptest::collection::vec(0u8..20, 0..200),
            k in 1usize..80,
        ) {
            // few distinct scores: many ties, broken by index
            let all: Vec<(f32, usize)> = scores.iter().enumerate().map(|(i, &s)| (f32::from(s), i)).collect();
            let mut expected = all.clone();
            top_k(&mut expected, k);
            proptest::prop_assert_eq!(best_k(all.into_iter(), k), expected);
        }
    }
}
