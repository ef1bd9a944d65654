//! Which claims speak of the same fact, and which of those cannot both be true.
//!
//! Two claims of different documents speak of the same fact when their passages align (one is
//! the other's best match in its document, or among its good ones) or share a topic, their
//! sentences say much the same around the value (idf-weighted cosine of their content words),
//! the names near the values are not disjoint, and — for counts — the sentences' own times
//! meet. They conflict when, on top of that, their values cannot both be true and neither
//! sentence also gives the other's value.

use super::extract::{cosine, similarity, Claim};
use super::value::{Bound, Kind};
use crate::align::AlignIndex;
use std::collections::HashMap;

/// How alike two sentences must be (cosine of their weighted content words) to speak of the
/// same fact, by how the passages are related.
pub const SAME_FACT_ALIGNED: f32 = 0.4;
/// … for counts with no date on either side (the same statement, reworded).
pub const SAME_FACT_UNDATED: f32 = 0.6;
/// How alike two sentences must be as wholes (cosine of their idf-weighted words, nearness to
/// the value not counted) for their values to conflict: the same statement reworded, not two
/// stories sharing the words next to a number.
pub const PARAPHRASE: f32 = 0.5;
/// A document confirms a claim when one of its claims gives a value that fits it in a
/// sentence this alike (lower than for the same fact: it only keeps conflicts out).
pub const CONFIRM: f32 = 0.25;
/// Cosine of two passages' vectors from which they speak of the same thing (when no topic
/// holds both).
pub const RELATED: f32 = 0.2;
/// Content words two sentences must share to state one fact: one word ("What if ten are
/// found there?") is too little.
pub const MIN_SHARED: usize = 2;
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
    /// The two claims that conflict most surely (the values to highlight side by side).
    pub pair: (usize, usize),
}

/// A pair of claims judged to speak of the same fact.
#[derive(Debug, Clone, Copy)]
struct Edge {
    a: usize,
    b: usize,
    compatible: bool,
    score: f32,
}

/// How passages relate, from the index's passage vectors and topics (no query is run: a
/// query with feedback costs more than all the claims together).
struct Relations<'a> {
    index: &'a AlignIndex,
    /// The topic of each passage (the index's, or formed apart from it).
    topic_of: &'a [Option<usize>],
    /// The passage of a document most like a passage (cosine), memoised.
    memo: HashMap<(usize, usize), Option<usize>>,
}

impl Relations<'_> {
    fn best(&mut self, p: usize, doc: usize) -> Option<usize> {
        let index = self.index;
        *self.memo.entry((p, doc)).or_insert_with(|| {
            index.by_doc.get(doc)?.iter().copied().max_by(|&x, &y| {
                index
                    .similarity(p, x)
                    .total_cmp(&index.similarity(p, y))
                    .then(y.cmp(&x))
            })
        })
    }

    /// Are the two passages each other's closest in their documents?
    fn mutual(&mut self, a: usize, b: usize) -> bool {
        let (da, db) = (self.index.passages[a].doc, self.index.passages[b].doc);
        self.best(a, db) == Some(b) && self.best(b, da) == Some(a)
    }

    /// Do the passages speak of the same thing: one topic, or alike enough by their words?
    fn related(&self, a: usize, b: usize) -> bool {
        let t = self.topic_of;
        (t.get(a).copied().flatten().is_some() && t.get(a) == t.get(b))
            || self.index.similarity(a, b) >= RELATED
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

fn shared_words(a: &Claim, b: &Claim) -> usize {
    cosine(&a.terms, &b.terms).1
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

/// Does the other claim's passage state this value too (a point value that fits it) (a list of the same numbers,
/// attached differently: "the seven loaves of the four thousand" against "the five loaves
/// among the five thousand … the seven among the four thousand")?
fn passage_states(
    claims: &[Claim],
    by_passage: &HashMap<usize, Vec<usize>>,
    a: &Claim,
    passage: usize,
) -> bool {
    by_passage.get(&passage).is_some_and(|ids| {
        ids.iter().any(|&c| {
            let v = &claims[c].value;
            v.kind == a.value.kind
                && !matches!(v.bound, Bound::Range | Bound::Vague)
                && v.compatible(&a.value)
        })
    })
}

/// Does document `doc` count the same thing with a value that fits claim `a`, in a passage on
/// the subject of `a`'s (aligned or sharing its topic)? Then it does not contradict `a`: the
/// sentence that does is about something else ("twelve baskets" of the five thousand in
/// Matthew 14, against the "seven baskets" of Matthew 15).
fn counted_nearby(
    claims: &[Claim],
    by_doc: &HashMap<usize, Vec<usize>>,
    rel: &Relations,
    a: &Claim,
    doc: usize,
) -> bool {
    if a.value.kind != Kind::Count || a.value.unit.is_empty() {
        return false;
    }
    let unit = unit_stem(a);
    by_doc.get(&doc).is_some_and(|ids| {
        ids.iter().any(|&c| {
            let o = &claims[c];
            o.value.kind == Kind::Count
                && o.value.compatible(&a.value)
                && unit_stem(o) == unit
                && rel.related(a.passage, o.passage)
        })
    })
}

fn unit_stem(c: &Claim) -> &str {
    &c.unit_stem
}

/// Pairs that pass the cheap tests (sentences alike around the value, names), with their
/// similarity: from [`CONFIRM`] up, and whether they pass the time test.
fn similar_pairs(claims: &[Claim]) -> Vec<(usize, usize, f32, bool)> {
    candidates(claims)
        .into_iter()
        .filter_map(|(a, b)| {
            let (ca, cb) = (&claims[a], &claims[b]);
            let sim = similarity(ca, cb);
            (sim >= CONFIRM && shared_words(ca, cb) >= MIN_SHARED && names_meet(ca, cb))
                .then(|| (a, b, sim, same_time(ca, cb, sim)))
        })
        .collect()
}

/// Keeps the pairs where each claim is the other's closest in its document: a sentence that
/// runs through several values ("for the forty's sake … for the twenty's sake") is matched
/// value by value, not every value against every other. Ties go to an agreeing value.
fn mutual_best(claims: &[Claim], pairs: Vec<(usize, usize, f32)>) -> Vec<(usize, usize, f32)> {
    let key = |a: usize, b: usize, sim: f32| {
        sim + if claims[a].value.compatible(&claims[b].value) {
            1e-3
        } else {
            0.0
        }
    };
    let mut best: HashMap<(usize, usize), (f32, usize)> = HashMap::new();
    for &(a, b, sim) in &pairs {
        let k = key(a, b, sim);
        for (x, y) in [(a, b), (b, a)] {
            let e = best.entry((x, claims[y].doc)).or_insert((f32::MIN, y));
            if k > e.0 || (k == e.0 && y < e.1) {
                *e = (k, y);
            }
        }
    }
    pairs
        .into_iter()
        .filter(|&(a, b, _)| {
            best.get(&(a, claims[b].doc)).map(|e| e.1) == Some(b)
                && best.get(&(b, claims[a].doc)).map(|e| e.1) == Some(a)
        })
        .collect()
}

/// Whole-sentence cosine of two claims.
fn paraphrase(a: &Claim, b: &Claim) -> f32 {
    cosine(&a.sentence_terms, &b.sentence_terms).0
}

/// Same-fact pairs (compatible or not), and looser pairs of equal values (sentences alike
/// from [`CONFIRM`] up, related passages, same time) that only add agreeing sources.
fn edges(
    claims: &[Claim],
    index: &AlignIndex,
    topic_of: &[Option<usize>],
) -> (Vec<Edge>, Vec<(usize, usize)>) {
    let mut rel = Relations {
        index,
        topic_of,
        memo: HashMap::new(),
    };
    let all = similar_pairs(claims);
    let loose: Vec<(usize, usize)> = all
        .iter()
        .filter(|&&(a, b, _, time)| {
            time && claims[a].value.same(&claims[b].value)
                && rel.related(claims[a].passage, claims[b].passage)
        })
        .map(|&(a, b, _, _)| (a, b))
        .collect();
    // a claim that a document confirms somewhere is not contradicted by that document
    let confirmed: std::collections::HashSet<(usize, usize)> = all
        .iter()
        .filter(|&&(a, b, _, _)| claims[a].value.compatible(&claims[b].value))
        .flat_map(|&(a, b, _, _)| [(a, claims[b].doc), (b, claims[a].doc)])
        .collect();
    let pairs: Vec<(usize, usize, f32)> = all
        .into_iter()
        .filter(|&(_, _, sim, time)| time && sim >= SAME_FACT_ALIGNED)
        .map(|(a, b, sim, _)| (a, b, sim))
        .collect();
    let mut by_passage: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut by_doc: HashMap<usize, Vec<usize>> = HashMap::new();
    for c in claims {
        by_passage.entry(c.passage).or_default().push(c.id);
        by_doc.entry(c.doc).or_default().push(c.id);
    }
    let mut out = Vec::new();
    for (a, b, sim) in mutual_best(claims, pairs) {
        let (ca, cb) = (&claims[a], &claims[b]);
        if !rel.related(ca.passage, cb.passage) {
            continue;
        }
        let compatible = ca.value.compatible(&cb.value);
        if !compatible
            && ((ca.value.kind == Kind::Count && unit_stem(ca) != unit_stem(cb))
                || paraphrase(ca, cb) < PARAPHRASE
                || cross_mention(ca, cb)
                || passage_states(claims, &by_passage, ca, cb.passage)
                || passage_states(claims, &by_passage, cb, ca.passage)
                || confirmed.contains(&(a, cb.doc))
                || confirmed.contains(&(b, ca.doc))
                || counted_nearby(claims, &by_doc, &rel, ca, cb.doc)
                || counted_nearby(claims, &by_doc, &rel, cb, ca.doc)
                || !rel.mutual(ca.passage, cb.passage))
        {
            continue;
        }
        let strength = if compatible { 0.8 } else { 1.0 };
        let sharp = ca.value.sharpness().min(cb.value.sharpness());
        out.push(Edge {
            a,
            b,
            compatible,
            score: sim * strength * sharp,
        });
    }
    (out, loose)
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
pub fn conflicts(
    claims: &[Claim],
    index: &AlignIndex,
    topic_of: &[Option<usize>],
) -> Vec<Conflict> {
    let (edges, loose) = edges(claims, index, topic_of);
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
    attach_agreeing(claims, &mut out, &loose);
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

/// Adds to each side of a conflict the claims of other documents that give the same value in
/// a sentence like one of the side's (the sources that agree).
fn attach_agreeing(claims: &[Claim], conflicts: &mut [Conflict], loose: &[(usize, usize)]) {
    let mut taken: std::collections::HashSet<usize> = conflicts
        .iter()
        .flat_map(|c| c.claims.iter().copied())
        .collect();
    for c in conflicts.iter_mut() {
        for side in c.sides.iter_mut() {
            let mut added = Vec::new();
            for &(a, b) in loose {
                for (m, o) in [(a, b), (b, a)] {
                    if side.contains(&m) && !taken.contains(&o) {
                        added.push(o);
                        taken.insert(o);
                    }
                }
            }
            side.extend(added);
            side.sort_by_key(|&x| (claims[x].doc, x));
        }
        c.sides
            .sort_by_key(|s| std::cmp::Reverse(distinct_docs(claims, s)));
        c.claims = c.sides.iter().flatten().copied().collect();
    }
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
        pair: (best.a, best.b),
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
