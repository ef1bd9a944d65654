//! Which claims speak of the same fact, and which of those cannot both be true.
//!
//! Two claims of different documents speak of the same fact when their passages align (one is
//! the other's best match in its document, or among its good ones) or share a topic, their
//! sentences say much the same around the value (idf-weighted cosine of their content words),
//! the names near the values are not disjoint, and — for counts — the sentences' own times
//! meet. They conflict when, on top of that, their values cannot both be true and neither
//! sentence also gives the other's value.

use super::extract::{similarity, Claim};
use super::value::Kind;
use crate::align::{AlignIndex, Match};
use std::collections::HashMap;

/// How alike two sentences must be (cosine of their weighted content words) to speak of the
/// same fact, by how the passages are related.
pub const SAME_FACT_ALIGNED: f32 = 0.4;
/// … when the passages only share a topic.
pub const SAME_FACT_TOPIC: f32 = 0.6;
/// … for counts with no date on either side (the same statement, reworded).
pub const SAME_FACT_UNDATED: f32 = 0.6;
/// Stems shared by more claims than this name no fact (they are not used to find pairs).
const BUCKET_LIMIT: usize = 400;
/// Stems of each claim used to find candidate pairs.
const KEY_STEMS: usize = 6;

/// A set of claims about one fact that do not all agree.
#[derive(Debug, Clone)]
pub struct Conflict {
    pub id: usize,
    /// The words that say what the fact is.
    pub fact: Vec<String>,
    /// Claim ids, grouped by value (agreeing claims together), documents in corpus order.
    pub claims: Vec<usize>,
    /// For each distinct value: the claims that give it.
    pub sides: Vec<Vec<usize>>,
    /// How sure the conflict is, 0 to 1.
    pub confidence: f32,
}

/// A pair of claims judged to speak of the same fact.
#[derive(Debug, Clone, Copy)]
struct Edge {
    a: usize,
    b: usize,
    compatible: bool,
    score: f32,
}

/// Memoised best matches of a passage in a document.
struct Relations<'a> {
    index: &'a AlignIndex,
    memo: HashMap<(usize, usize), Vec<Match>>,
}

impl Relations<'_> {
    fn best(&mut self, p: usize, doc: usize) -> &[Match] {
        let index = self.index;
        self.memo
            .entry((p, doc))
            .or_insert_with(|| index.best_in_doc(p, doc, 3))
    }

    /// 1 when one passage is the other's best match, 0.8 among its good matches, 0.5 when
    /// they only share a topic, 0 otherwise.
    fn strength(&mut self, a: usize, b: usize) -> f32 {
        let (da, db) = (self.index.passages[a].doc, self.index.passages[b].doc);
        let mut s: f32 = 0.0;
        for (p, q, dq) in [(a, b, db), (b, a, da)] {
            for (rank, m) in self.best(p, dq).iter().enumerate() {
                if m.passage == q {
                    s = s.max(if rank == 0 {
                        1.0
                    } else if m.good {
                        0.8
                    } else {
                        0.0
                    });
                }
            }
        }
        if s == 0.0 {
            let t = &self.index.topic_of;
            if t.get(a).copied().flatten().is_some() && t.get(a) == t.get(b) {
                s = 0.5;
            }
        }
        s
    }
}

fn unit_class(c: &Claim) -> &str {
    match c.value.unit.as_str() {
        u @ ("$" | "percent" | "years old") => u,
        _ => "",
    }
}

/// Pairs of claims of different documents that share one of their key stems.
fn candidates(claims: &[Claim]) -> Vec<(usize, usize)> {
    let mut buckets: HashMap<&str, Vec<usize>> = HashMap::new();
    for c in claims {
        for (stem, _) in c.words.iter().take(KEY_STEMS) {
            buckets.entry(stem.as_str()).or_default().push(c.id);
        }
    }
    let mut pairs = Vec::new();
    for ids in buckets.values().filter(|v| v.len() <= BUCKET_LIMIT) {
        for (i, &a) in ids.iter().enumerate() {
            for &b in &ids[i + 1..] {
                let (ca, cb) = (&claims[a], &claims[b]);
                if ca.doc != cb.doc
                    && ca.value.kind == cb.value.kind
                    && unit_class(ca) == unit_class(cb)
                {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Do the two sentences speak of the same time? (Counts only: a date is its own time.)
fn same_time(a: &Claim, b: &Claim, sim: f32) -> bool {
    if a.value.kind == Kind::Date {
        return true;
    }
    match (a.time, b.time) {
        (Some(x), Some(y)) => x.0 < y.1 && y.0 < x.1,
        (None, None) => sim >= SAME_FACT_UNDATED,
        _ => false,
    }
}

fn names_meet(a: &Claim, b: &Claim) -> bool {
    a.names.is_empty() || b.names.is_empty() || a.names.iter().any(|n| b.names.contains(n))
}

/// Does either sentence also give the other's value? Then the two may only attach the same
/// values to different things ("in 1997 and 1999 respectively").
fn cross_mention(a: &Claim, b: &Claim) -> bool {
    a.others.iter().any(|v| v.compatible(&b.value))
        || b.others.iter().any(|v| v.compatible(&a.value))
}

fn edges(claims: &[Claim], index: &AlignIndex) -> Vec<Edge> {
    let mut rel = Relations {
        index,
        memo: HashMap::new(),
    };
    let mut out = Vec::new();
    for (a, b) in candidates(claims) {
        let (ca, cb) = (&claims[a], &claims[b]);
        let sim = similarity(ca, cb);
        if sim < SAME_FACT_ALIGNED || !names_meet(ca, cb) || !same_time(ca, cb, sim) {
            continue;
        }
        let strength = rel.strength(ca.passage, cb.passage);
        let needed = if strength >= 0.8 {
            SAME_FACT_ALIGNED
        } else {
            SAME_FACT_TOPIC
        };
        if strength == 0.0 || sim < needed {
            continue;
        }
        let compatible = ca.value.compatible(&cb.value);
        if !compatible && cross_mention(ca, cb) {
            continue;
        }
        let sharp = ca.value.sharpness().min(cb.value.sharpness());
        out.push(Edge {
            a,
            b,
            compatible,
            score: sim * strength * sharp,
        });
    }
    out
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while parent[r] != r {
        r = parent[r];
    }
    let mut y = x;
    while parent[y] != r {
        let next = parent[y];
        parent[y] = r;
        y = next;
    }
    r
}

/// The conflicts among `claims`, most certain first.
pub fn conflicts(claims: &[Claim], index: &AlignIndex) -> Vec<Conflict> {
    let edges = edges(claims, index);
    let mut parent: Vec<usize> = (0..claims.len()).collect();
    for e in &edges {
        let (ra, rb) = (find(&mut parent, e.a), find(&mut parent, e.b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: HashMap<usize, (Vec<usize>, Vec<Edge>)> = HashMap::new();
    for e in &edges {
        let r = find(&mut parent, e.a);
        let g = groups.entry(r).or_default();
        g.1.push(*e);
        g.0.extend([e.a, e.b]);
    }
    let mut out: Vec<Conflict> = groups
        .into_values()
        .filter_map(|(members, es)| conflict_of(claims, members, &es))
        .collect();
    out.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| a.claims.cmp(&b.claims))
    });
    for (i, c) in out.iter_mut().enumerate() {
        c.id = i + 1;
    }
    out
}

/// A group of claims on one fact becomes a conflict when two of them cannot both be true.
fn conflict_of(claims: &[Claim], mut members: Vec<usize>, es: &[Edge]) -> Option<Conflict> {
    let best = es
        .iter()
        .filter(|e| !e.compatible)
        .max_by(|x, y| x.score.total_cmp(&y.score))?;
    members.sort_unstable();
    members.dedup();
    if members.len() > 12 {
        // a large group: keep the claims that conflict and those agreeing with them directly
        let core: Vec<usize> = es
            .iter()
            .filter(|e| !e.compatible)
            .flat_map(|e| [e.a, e.b])
            .collect();
        members.retain(|&m| {
            core.contains(&m)
                || core.iter().any(|&c| {
                    claims[c].value.same(&claims[m].value)
                        && es.iter().any(|e| (e.a, e.b) == (c.min(m), c.max(m)))
                })
        });
    }
    let mut sides: Vec<Vec<usize>> = Vec::new();
    for &m in &members {
        match sides
            .iter_mut()
            .find(|s| claims[s[0]].value.same(&claims[m].value))
        {
            Some(s) => s.push(m),
            None => sides.push(vec![m]),
        }
    }
    for s in &mut sides {
        s.sort_by_key(|&c| (claims[c].doc, c));
    }
    sides.sort_by_key(|s| std::cmp::Reverse(distinct_docs(claims, s)));
    let fact = fact_words(&claims[best.a], &claims[best.b]);
    Some(Conflict {
        id: 0,
        fact,
        claims: sides.iter().flatten().copied().collect(),
        sides,
        confidence: best.score.clamp(0.0, 1.0),
    })
}

/// How many documents give the claims of one side.
pub fn distinct_docs(claims: &[Claim], side: &[usize]) -> usize {
    let mut d: Vec<usize> = side.iter().map(|&c| claims[c].doc).collect();
    d.sort_unstable();
    d.dedup();
    d.len()
}

/// The words both claims weigh most, in the first one's display forms.
fn fact_words(a: &Claim, b: &Claim) -> Vec<String> {
    let theirs: HashMap<&str, f32> = b.words.iter().map(|(k, w)| (k.as_str(), *w)).collect();
    let mut shared: Vec<(f32, usize)> = a
        .words
        .iter()
        .enumerate()
        .filter_map(|(i, (k, w))| theirs.get(k.as_str()).map(|x| (x * w, i)))
        .collect();
    shared.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    shared
        .into_iter()
        .take(4)
        .map(|(_, i)| a.display[i].clone())
        .collect()
}
