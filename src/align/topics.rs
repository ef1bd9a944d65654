//! Topics: passages of all documents grouped, each labelled by its most telling terms; a
//! group drawn from a single document is not a topic (the map is topics × authors).
//!
//! Up to [`Options::topic_graph_limit`](super::Options::topic_graph_limit) passages, a topic
//! is a community (greedy modularity agglomeration) of the graph whose edges are each passage's
//! good first matches in other documents: only links between authors make a topic, and the
//! topics agree with what the reader aligns. A passage with no good match belongs to none.
//! Beyond, spherical k-means over the passage vectors; a passage far from every centroid
//! belongs to none.

use super::query::shown_score;
use super::sparse::{by_weight, dot, keep_top, SparseVec};
use super::{AlignIndex, Topic};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

/// Terms kept per centroid (keeps assignment cheap on large corpora).
const CENTROID_TERMS: usize = 60;
/// Minimum similarity to a centroid for a passage to belong to its topic.
const MIN_SIMILARITY: f32 = 0.12;
const ITERATIONS: usize = 8;
/// Corpus-wide candidates per passage searched for its first match in each other document.
const GRAPH_CANDIDATES: usize = 10;
/// Candidate terms per topic for its label.
const LABEL_CANDIDATES: usize = 30;
/// Passages the clustering is fitted on (a strided sample beyond this).
const MAX_TRAIN: usize = 4_000;
/// Passages the seeds are chosen from (a strided sample beyond this).
const MAX_SEED_SAMPLE: usize = 2_000;

pub fn build_topics(index: &AlignIndex, wanted: usize) -> Vec<Topic> {
    let n = index.vectors.len();
    let docs = index.by_doc.iter().filter(|d| !d.is_empty()).count();
    if n < 4 || docs < 2 {
        return Vec::new();
    }
    let (assign, centroids) = if wanted == 0 && n <= index.options.topic_graph_limit {
        let assign = communities_of_matches(index);
        let k = assign.iter().flatten().max().map_or(0, |&c| c + 1);
        let all: Vec<usize> = (0..n).collect();
        let centroids = compute_centroids(index, &all, &assign, k);
        (assign, centroids)
    } else {
        k_means(index, wanted)
    };

    // topics: groups spanning 2+ documents
    let mut df = vec![0u32; index.terms.len()];
    for v in &index.vectors {
        for &(t, _) in v {
            df[t as usize] += 1;
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); centroids.len()];
    for (p, a) in assign.iter().enumerate() {
        if let Some(c) = a {
            groups[*c].push(p);
        }
    }
    let kept: Vec<(usize, Vec<usize>)> = groups
        .into_iter()
        .enumerate()
        .filter(|(_, g)| {
            let mut ds: Vec<usize> = g.iter().map(|&p| index.passages[p].doc).collect();
            ds.sort_unstable();
            ds.dedup();
            ds.len() >= 2 && g.len() >= 2
        })
        .collect();
    // in how many topics each term is used: a word most topics use tells none apart
    let mut topic_df = vec![0u32; index.terms.len()];
    for (_, g) in &kept {
        let mut seen: Vec<u32> = g
            .iter()
            .flat_map(|&p| index.vectors[p].iter().map(|&(t, _)| t))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            topic_df[t as usize] += 1;
        }
    }
    let spread = TopicSpread {
        df: &topic_df,
        topics: kept.len(),
    };
    let mut topics = Vec::new();
    for (c, g) in kept {
        topics.push((label_candidates(index, &centroids[c], &g, &df, &spread), g));
    }
    let labels = choose_labels(index, topics.iter().map(|t| t.0.as_slice()));
    let mut topics: Vec<(String, Vec<usize>)> = labels
        .into_iter()
        .zip(topics)
        .map(|(label, (_, g))| (label, g))
        .collect();
    // order: largest first, ties by first passage
    topics.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.1[0].cmp(&b.1[0])));
    topics
        .into_iter()
        .enumerate()
        .map(|(id, (label, passages))| Topic {
            id,
            label,
            passages,
        })
        .collect()
}

/// Spherical k-means over the passage vectors (`wanted` clusters, 0 = automatic): the
/// cluster of each passage (None when far from every centroid) and the centroids.
fn k_means(index: &AlignIndex, wanted: usize) -> (Vec<Option<usize>>, Vec<SparseVec>) {
    let n = index.vectors.len();
    let k = if wanted > 0 {
        wanted
    } else {
        ((n as f32 / 8.0).sqrt() * 2.0).round().clamp(2.0, 200.0) as usize
    }
    .min(n / 2);

    // deterministic farthest-first seeding over a bounded sample (strided, by id)
    let sample: Vec<usize> = if n > MAX_SEED_SAMPLE {
        let step = n / MAX_SEED_SAMPLE;
        (0..n).step_by(step.max(1)).collect()
    } else {
        (0..n).collect()
    };
    let sample: Vec<usize> = sample
        .into_iter()
        .filter(|&p| index.vectors[p].len() >= 3)
        .collect();
    if sample.len() < k {
        return (vec![None; n], Vec::new());
    }
    let mut seeds = vec![sample[0]];
    let mut best: Vec<f32> = sample
        .iter()
        .map(|&p| dot(&index.vectors[p], &index.vectors[sample[0]]))
        .collect();
    while seeds.len() < k {
        // the sample passage least similar to every seed (ties: lowest id)
        let (i, _) = best
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(&b.0)))
            .unwrap();
        let s = sample[i];
        seeds.push(s);
        for (j, &p) in sample.iter().enumerate() {
            best[j] = best[j].max(dot(&index.vectors[p], &index.vectors[s]));
        }
    }
    let mut centroids: Vec<SparseVec> = seeds.iter().map(|&s| index.vectors[s].clone()).collect();
    // fit on a bounded strided sample of passages, then assign every passage once
    let train: Vec<usize> = if n > MAX_TRAIN {
        (0..MAX_TRAIN).map(|i| i * n / MAX_TRAIN).collect()
    } else {
        (0..n).collect()
    };
    let mut assign: Vec<Option<usize>> = vec![None; train.len()];
    for _ in 0..ITERATIONS {
        let new = assign_all(index, &centroids, &train);
        let changed = new != assign;
        assign = new;
        centroids = compute_centroids(index, &train, &assign, centroids.len());
        if !changed {
            break;
        }
    }
    let all: Vec<usize> = (0..n).collect();
    let assign = if train.len() == n {
        assign
    } else {
        assign_all(index, &centroids, &all)
    };
    (assign, centroids)
}

/// The community of each passage in the graph of good first matches across documents (from
/// a corpus-wide query per passage: the best match in each other document among its best
/// [`GRAPH_CANDIDATES`]), by [`greedy_modularity`]; None for a passage without such a match.
fn communities_of_matches(index: &AlignIndex) -> Vec<Option<usize>> {
    let n = index.passages.len();
    let firsts: Vec<Vec<(usize, f64)>> = (0..n)
        .into_par_iter()
        .map(|p| {
            let own = index.passages[p].doc;
            let mut docs_seen: Vec<usize> = vec![own];
            index
                .ranked_anywhere_scores(p, GRAPH_CANDIDATES)
                .into_iter()
                .filter(|&(score, q)| {
                    let d = index.passages[q].doc;
                    let first_in_doc = !docs_seen.contains(&d);
                    docs_seen.push(d);
                    first_in_doc && index.is_good_anywhere(score)
                })
                .map(|(score, q)| (q, f64::from(shown_score(score))))
                .collect()
        })
        .collect();
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    for (p, ms) in firsts.iter().enumerate() {
        for &(q, w) in ms {
            edges.push((p.min(q), p.max(q), w));
        }
    }
    let community = greedy_modularity(n, &edges);
    let mut linked = vec![false; n];
    for &(p, q, _) in &edges {
        linked[p] = true;
        linked[q] = true;
    }
    (0..n).map(|p| linked[p].then_some(community[p])).collect()
}

/// Communities of an undirected weighted graph (`edges` may repeat a pair: weights add) by
/// greedy agglomeration (Clauset, Newman and Moore 2004): every node starts alone, and the
/// two linked communities whose merge raises the modularity most are merged, until no merge
/// raises it. The candidate merges wait in one max-heap; a merge outdates the entries of the
/// merged community, which are skipped when they come up (each community carries a version).
/// Deterministic: ties go to the pair of lower numbers. Returns a community number per node,
/// numbered from 0 in order of first node.
pub fn greedy_modularity(n: usize, edges: &[(usize, usize, f64)]) -> Vec<usize> {
    greedy_modularity_with(n, edges, 1024)
}

/// [`greedy_modularity`], the heap made anew when it holds more than twice the linked pairs
/// plus `slack` entries.
fn greedy_modularity_with(n: usize, edges: &[(usize, usize, f64)], slack: usize) -> Vec<usize> {
    use std::cmp::Ordering;
    use std::collections::BinaryHeap;
    // e[i][j]: share of the edge weight between communities i and j (each way); a[i]: share
    // of the edge ends in community i
    let mut e: Vec<HashMap<usize, f64>> = vec![HashMap::default(); n];
    let mut a = vec![0f64; n];
    let total: f64 = edges.iter().map(|x| x.2).sum();
    if total <= 0.0 {
        return (0..n).collect();
    }
    for &(i, j, w) in edges {
        let w = w / (2.0 * total);
        a[i] += w;
        a[j] += w;
        if i != j {
            *e[i].entry(j).or_insert(0.0) += w;
            *e[j].entry(i).or_insert(0.0) += w;
        }
    }
    #[derive(PartialEq)]
    struct Merge {
        gain: f64,
        i: usize,
        j: usize,
        versions: (u32, u32),
    }
    impl Eq for Merge {}
    impl Ord for Merge {
        fn cmp(&self, o: &Self) -> Ordering {
            self.gain
                .total_cmp(&o.gain)
                .then(o.i.cmp(&self.i))
                .then(o.j.cmp(&self.j))
        }
    }
    impl PartialOrd for Merge {
        fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
            Some(self.cmp(o))
        }
    }
    let mut version = vec![0u32; n];
    let mut heap = BinaryHeap::new();
    let push =
        |heap: &mut BinaryHeap<Merge>, i: usize, j: usize, eij: f64, a: &[f64], v: &[u32]| {
            let gain = 2.0 * (eij - a[i] * a[j]);
            if gain > 0.0 {
                let (i, j) = (i.min(j), i.max(j));
                heap.push(Merge {
                    gain,
                    i,
                    j,
                    versions: (v[i], v[j]),
                });
            }
        };
    // every linked pair once, with the versions of now
    let fill = |heap: &mut BinaryHeap<Merge>, e: &[HashMap<usize, f64>], a: &[f64], v: &[u32]| {
        heap.clear();
        for (i, row) in e.iter().enumerate() {
            for (&j, &w) in row {
                if i < j {
                    push(heap, i, j, w, a, v);
                }
            }
        }
    };
    fill(&mut heap, &e, &a, &version);
    // outdated entries pile up (a merge outdates every entry of the kept community); the heap
    // is made anew from the linked pairs when they are most of it
    let mut next_check = heap.len() * 2 + slack;
    // the community each node is in: a union of merged communities
    let mut parent: Vec<usize> = (0..n).collect();
    while let Some(m) = heap.pop() {
        if (version[m.i], version[m.j]) != m.versions {
            continue;
        }
        // the one with fewer neighbours joins the other
        let (keep, gone) = if e[m.i].len() >= e[m.j].len() {
            (m.i, m.j)
        } else {
            (m.j, m.i)
        };
        let row = std::mem::take(&mut e[gone]);
        e[keep].remove(&gone);
        for (k, w) in row {
            if k == keep {
                continue;
            }
            *e[keep].entry(k).or_insert(0.0) += w;
            let rk = &mut e[k];
            rk.remove(&gone);
            *rk.entry(keep).or_insert(0.0) += w;
        }
        a[keep] += a[gone];
        a[gone] = 0.0;
        parent[gone] = keep;
        version[keep] += 1;
        version[gone] += 1;
        // the heap's order is total, so the order of pushing does not matter
        for (&k, &w) in &e[keep] {
            push(&mut heap, keep, k, w, &a, &version);
        }
        if heap.len() > next_check {
            let linked = e.iter().map(|r| r.len()).sum::<usize>() / 2;
            if heap.len() > 2 * linked + slack {
                fill(&mut heap, &e, &a, &version);
            }
            next_check = heap.len() * 2 + slack;
        }
    }
    numbered_by_first_node(&parent)
}

/// The community of each node, from the tree of merges (`parent[x]` is what `x` joined, or
/// `x` itself), numbered from 0 in order of first node.
fn numbered_by_first_node(parent: &[usize]) -> Vec<usize> {
    let mut number = vec![usize::MAX; parent.len()];
    let mut next = 0;
    (0..parent.len())
        .map(|mut x| {
            while parent[x] != x {
                x = parent[x];
            }
            if number[x] == usize::MAX {
                number[x] = next;
                next += 1;
            }
            number[x]
        })
        .collect()
}

/// The nearest centroid of each passage of `ps` (None when too far from all).
fn assign_all(index: &AlignIndex, centroids: &[SparseVec], ps: &[usize]) -> Vec<Option<usize>> {
    let mut inv: Vec<Vec<(usize, f32)>> = vec![Vec::new(); index.terms.len()];
    for (c, v) in centroids.iter().enumerate() {
        for &(t, w) in v {
            inv[t as usize].push((c, w));
        }
    }
    ps.par_iter()
        .map(|&p| {
            let mut s = vec![0f32; centroids.len()];
            for &(t, w) in &index.vectors[p] {
                for &(c, x) in &inv[t as usize] {
                    s[c] += w * x;
                }
            }
            let (c, &v) = s
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
            (v >= MIN_SIMILARITY).then_some(c)
        })
        .collect()
}

fn compute_centroids(
    index: &AlignIndex,
    ps: &[usize],
    assign: &[Option<usize>],
    k: usize,
) -> Vec<SparseVec> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, a) in assign.iter().enumerate() {
        if let Some(c) = a {
            members[*c].push(ps[i]);
        }
    }
    members
        .par_iter()
        .map(|ps| {
            let mut all: Vec<(u32, f32)> = ps
                .iter()
                .flat_map(|&p| index.vectors[p].iter().copied())
                .collect();
            all.sort_unstable_by_key(|x| x.0);
            let mut v: SparseVec = Vec::new();
            for (t, w) in all {
                match v.last_mut() {
                    Some((lt, x)) if *lt == t => *x += w,
                    _ => v.push((t, w)),
                }
            }
            keep_top(&mut v, CENTROID_TERMS, by_weight);
            v.sort_by_key(|x| x.0);
            let norm: f32 = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                for x in v.iter_mut() {
                    x.1 /= norm;
                }
            }
            v
        })
        .collect()
}

/// In how many of the topics each term is used.
struct TopicSpread<'a> {
    df: &'a [u32],
    topics: usize,
}

impl TopicSpread<'_> {
    /// How well a term tells a topic apart: the log of topics over topics using it (an idf
    /// over topics), zero for a word used by most topics (more than half), so that no label
    /// says "role · strategy · fact".
    fn rarity(&self, t: u32) -> f32 {
        let n = self.df.get(t as usize).copied().unwrap_or(0).max(1) as f32;
        let topics = self.topics.max(1) as f32;
        if self.topics >= 4 && n * 2.0 > topics {
            return 0.0;
        }
        (topics / n).ln().max(0.1).powi(2)
    }
}

/// Candidate label terms of a topic, most telling first, with their scores: weight in the
/// centroid, favouring terms used by several of the topic's documents and terms whose
/// passages fall mostly in this topic (a word used all over the corpus — "iran" on the seeds,
/// "ye" in the gospels — names no topic).
fn label_candidates(
    index: &AlignIndex,
    centroid: &SparseVec,
    members: &[usize],
    df: &[u32],
    spread_over: &TopicSpread,
) -> Vec<(f32, u32)> {
    let mut spread: HashMap<u32, Vec<usize>> = HashMap::default();
    for &p in members {
        for &(t, _) in &index.vectors[p] {
            spread.entry(t).or_default().push(index.passages[p].doc);
        }
    }
    let mut scored: Vec<(f32, u32)> = centroid
        .iter()
        .map(|&(t, w)| {
            let mut ds = spread.get(&t).cloned().unwrap_or_default();
            let uses = ds.len() as f32;
            ds.sort_unstable();
            ds.dedup();
            let share = uses / (df[t as usize].max(1) as f32);
            (
                w * (ds.len() as f32).sqrt() * uses.ln_1p() * share.sqrt() * spread_over.rarity(t),
                t,
            )
        })
        .filter(|&(score, _)| score > 0.0)
        .collect();
    keep_top(&mut scored, LABEL_CANDIDATES, |a, b| {
        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
    });
    scored
}

/// Labels of two to four terms (three where there are enough), each word going to the
/// topic it tells best: the (topic, term) pairs are taken best first, and a word (in any of
/// its forms: "iran" / "iranian") labels one topic only, so every row of the map names what
/// sets it apart.
fn choose_labels<'a>(
    index: &AlignIndex,
    candidates: impl Iterator<Item = &'a [(f32, u32)]>,
) -> Vec<String> {
    let mut pairs: Vec<(f32, usize, u32)> = Vec::new();
    let mut topics = 0;
    for (topic, list) in candidates.enumerate() {
        pairs.extend(list.iter().map(|&(score, t)| (score, topic, t)));
        topics += 1;
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut words: Vec<Vec<String>> = vec![Vec::new(); topics];
    let mut used: Vec<String> = Vec::new();
    for (_, topic, t) in pairs {
        let w = &index.display[t as usize];
        if words[topic].len() < 3 && !used.iter().any(|x| same_word(x, w)) {
            used.push(w.clone());
            words[topic].push(w.clone());
        }
    }
    words.into_iter().map(|w| w.join(" · ")).collect()
}

/// Whether two label words are forms of one word: equal ignoring case, or one begins with the
/// other and the shorter has four letters or more ("iran" / "iranian").
fn same_word(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    short == long || (short.chars().count() >= 4 && long.starts_with(short.as_str()))
}

#[cfg(test)]
mod tests {
    use super::{greedy_modularity, greedy_modularity_with, numbered_by_first_node};

    #[test]
    fn greedy_modularity_splits_two_cliques_joined_by_a_weak_edge() {
        let mut edges = Vec::new();
        for group in [[0, 1, 2, 3], [4, 5, 6, 7]] {
            for (i, &a) in group.iter().enumerate() {
                for &b in &group[i + 1..] {
                    edges.push((a, b, 1.0));
                }
            }
        }
        edges.push((3, 4, 0.1));
        let c = greedy_modularity(9, &edges);
        assert_eq!(
            c,
            vec![0, 0, 0, 0, 1, 1, 1, 1, 2],
            "node 8 has no edge: its own"
        );
        assert_eq!(greedy_modularity(9, &edges), c, "deterministic");
    }

    #[test]
    fn greedy_modularity_joins_a_chain_of_cliques_into_few_communities() {
        // ten triangles in a ring, each tied to the next by one edge: a triangle or a few
        // neighbouring triangles form a community, never a node alone
        let mut edges = Vec::new();
        for t in 0..10 {
            let b = 3 * t;
            edges.extend([(b, b + 1, 1.0), (b + 1, b + 2, 1.0), (b, b + 2, 1.0)]);
            edges.push((b + 2, (b + 3) % 30, 1.0));
        }
        let c = greedy_modularity(30, &edges);
        let k = c.iter().max().unwrap() + 1;
        assert!((2..=10).contains(&k), "{k} communities");
        for t in 0..10 {
            assert!(c[3 * t] == c[3 * t + 1] && c[3 * t + 1] == c[3 * t + 2]);
        }
    }

    #[test]
    fn greedy_modularity_adds_repeated_edges() {
        // 0–1 twice as strong as 1–2 when given twice
        let c = greedy_modularity(4, &[(0, 1, 1.0), (0, 1, 1.0), (1, 2, 1.0), (2, 3, 2.0)]);
        assert_eq!(c, vec![0, 0, 1, 1]);
    }

    /// The same agglomeration written plainly: every linked pair of communities scanned for the
    /// best merge at each step (quadratic; for checking only).
    #[allow(clippy::needless_range_loop)] // a square matrix, indexed both ways on purpose
    fn plain_greedy_modularity(n: usize, edges: &[(usize, usize, f64)]) -> Vec<usize> {
        let total: f64 = edges.iter().map(|x| x.2).sum();
        let mut e = vec![vec![0f64; n]; n];
        let mut a = vec![0f64; n];
        for &(i, j, w) in edges {
            let w = w / (2.0 * total);
            a[i] += w;
            a[j] += w;
            if i != j {
                e[i][j] += w;
                e[j][i] += w;
            }
        }
        let mut alive = vec![true; n];
        let mut parent: Vec<usize> = (0..n).collect();
        loop {
            let mut best: Option<(f64, usize, usize)> = None;
            for i in 0..n {
                for j in i + 1..n {
                    if !alive[i] || !alive[j] || e[i][j] <= 0.0 {
                        continue;
                    }
                    let gain = 2.0 * (e[i][j] - a[i] * a[j]);
                    if gain > 0.0 && best.is_none_or(|b| gain > b.0) {
                        best = Some((gain, i, j));
                    }
                }
            }
            let Some((_, i, j)) = best else { break };
            let degree =
                |x: usize, e: &[Vec<f64>]| (0..n).filter(|&k| k != x && e[x][k] > 0.0).count();
            let (keep, gone) = if degree(i, &e) >= degree(j, &e) {
                (i, j)
            } else {
                (j, i)
            };
            for k in 0..n {
                if k != keep && k != gone {
                    let w = e[gone][k];
                    e[keep][k] += w;
                    e[k][keep] += w;
                }
                e[gone][k] = 0.0;
                e[k][gone] = 0.0;
            }
            e[keep][keep] = 0.0;
            a[keep] += a[gone];
            alive[gone] = false;
            parent[gone] = keep;
        }
        numbered_by_first_node(&parent)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(40))]
        /// The heap (outdated entries skipped, the heap made anew when they pile up) merges
        /// what the plain scan merges, on graphs large enough for the heap to be made anew.
        #[test]
        fn greedy_modularity_merges_as_the_plain_scan_does(
            n in 40usize..160,
            raw in proptest::collection::vec((0usize..1000, 0usize..1000, 1u32..1000), 60..900),
        ) {
            let edges: Vec<(usize, usize, f64)> = raw
                .iter()
                .map(|&(i, j, w)| (i % n, j % n, f64::from(w) / 997.0 + f64::from(w % 13) * 1e-7))
                .collect();
            let plain = plain_greedy_modularity(n, &edges);
            proptest::prop_assert_eq!(&greedy_modularity(n, &edges), &plain);
            // the heap made anew as often as it can be
            proptest::prop_assert_eq!(&greedy_modularity_with(n, &edges, 0), &plain);
        }
    }
}
