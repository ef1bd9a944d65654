//! Topics: passages of all documents grouped by spherical k-means over their vectors, each
//! labelled by its most telling terms. Passages far from every centroid belong to no topic;
//! a group drawn from a single document is not a topic (the map is topics × authors).

use super::{dot, AlignIndex, SparseVec, Topic};
use crate::align::fx::HashMap;
use rayon::prelude::*;

/// Terms kept per centroid (keeps assignment cheap on large corpora).
const CENTROID_TERMS: usize = 60;
/// Minimum similarity to a centroid for a passage to belong to its topic.
const MIN_SIMILARITY: f32 = 0.12;
const ITERATIONS: usize = 8;
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
        return Vec::new();
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
    let mut topics = Vec::new();
    for (c, g) in groups.into_iter().enumerate() {
        let mut ds: Vec<usize> = g.iter().map(|&p| index.passages[p].doc).collect();
        ds.sort_unstable();
        ds.dedup();
        if ds.len() < 2 || g.len() < 2 {
            continue;
        }
        let label = label(index, &centroids[c], &g, &df);
        topics.push((label, g));
    }
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
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(CENTROID_TERMS);
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

/// Two to four most telling terms of a topic: weight in the centroid, favouring terms used
/// by several of the topic's documents and terms whose passages fall mostly in this topic (a
/// word used all over the corpus — "iran" on the seeds, "ye" in the gospels — names no topic).
/// One word is not shown twice in two forms ("iran · iranian").
fn label(index: &AlignIndex, centroid: &SparseVec, members: &[usize], df: &[u32]) -> String {
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
                w * (ds.len() as f32).sqrt() * uses.ln_1p() * share.sqrt(),
                t,
            )
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut words: Vec<String> = Vec::new();
    for (_, t) in scored {
        let w = index.display[t as usize].clone();
        if !words.iter().any(|x| same_word(x, &w)) {
            words.push(w);
        }
        if words.len() == 3 {
            break;
        }
    }
    words.join(" · ")
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
