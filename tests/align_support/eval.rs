//! Evaluation against a topic gold set (`alignment_dev.json`): quotes are mapped to passages,
//! then precision@1 and hit@3 of cross-document matches are measured. Dev-only: shared by
//! `tests/align_*.rs` and `examples/align_eval/` (by `#[path]`), not part of the library.
//!
//! Precision@1: for each passage p carrying at least one gold topic, for each other document D
//! holding a passage that carries a topic of p, take p's best match in D; it is correct when it
//! shares a topic with p. hit@3: any of the best three does.

// Shared by the tests and the examples, each of which uses part of it.
#![allow(dead_code)]

use serde_json::Value;
use std::path::Path;
use synoptic::align::AlignIndex;
use synoptic::corpus::Corpus;

/// Quotes per seed-file prefix.
pub type QuotesByFile = Vec<(String, Vec<String>)>;

/// A gold set: topics, each with quotes per seed-file prefix.
#[derive(Debug, Clone, Default)]
pub struct GoldSet {
    /// `(topic name, [(file prefix, [quote])])`, in file order.
    pub topics: Vec<(String, QuotesByFile)>,
}

impl GoldSet {
    pub fn parse(json: &str) -> Result<GoldSet, serde_json::Error> {
        let v: Value = serde_json::from_str(json)?;
        let mut topics = Vec::new();
        if let Some(obj) = v.get("topics").and_then(|t| t.as_object()) {
            for (name, per) in obj {
                let mut files = Vec::new();
                if let Some(per) = per.as_object() {
                    for (prefix, quotes) in per {
                        let qs = quotes
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .filter_map(|q| q.as_str().map(str::to_string))
                                    .collect()
                            })
                            .unwrap_or_default();
                        files.push((prefix.clone(), qs));
                    }
                }
                topics.push((name.clone(), files));
            }
        }
        Ok(GoldSet { topics })
    }
}

/// Normalizes text for quote matching: curly quotes and dashes folded, markdown links
/// `[text](url)` reduced to `text`, white space collapsed, lower case.
pub fn normalize_for_match(s: &str) -> String {
    // remove markdown link syntax
    let mut t = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        t.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(j) = after.find("](") {
            if let Some(k) = after[j + 2..].find(')') {
                if !after[..j].contains('[') {
                    t.push_str(&after[..j]);
                    rest = &after[j + 2 + k + 1..];
                    continue;
                }
            }
        }
        t.push('[');
        rest = after;
    }
    t.push_str(rest);
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        let c = match c {
            '‘' | '’' | '‚' | '‛' | '`' | '´' => '\'',
            '“' | '”' | '„' | '‟' => '"',
            '–' | '—' | '‒' | '―' | '‐' | '‑' | '−' => '-',
            '\u{a0}' => ' ',
            _ => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// The gold topics carried by each passage, and the quotes that could not be placed.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub topic_names: Vec<String>,
    /// For each passage id, the indexes of its gold topics (sorted).
    pub passage_topics: Vec<Vec<usize>>,
    /// `(topic, file prefix, quote)` of quotes found in no passage.
    pub unmapped: Vec<(String, String, String)>,
}

/// Does the document come from the seed file with this prefix?
pub fn doc_has_prefix(source: &str, prefix: &str) -> bool {
    Path::new(source)
        .file_name()
        .and_then(|f| f.to_str())
        .is_some_and(|f| f.starts_with(prefix))
}

/// Maps gold quotes onto passages of `index`.
pub fn label_passages(corpus: &Corpus, index: &AlignIndex, gold: &GoldSet) -> Labels {
    let norm: Vec<String> = index
        .passages
        .iter()
        .map(|p| normalize_for_match(&corpus.documents[p.doc].text[p.range.clone()]))
        .collect();
    let mut labels = Labels {
        topic_names: gold.topics.iter().map(|t| t.0.clone()).collect(),
        passage_topics: vec![Vec::new(); index.passages.len()],
        unmapped: Vec::new(),
    };
    for (ti, (name, files)) in gold.topics.iter().enumerate() {
        for (prefix, quotes) in files {
            let docs: Vec<usize> = corpus
                .documents
                .iter()
                .enumerate()
                .filter(|(_, d)| doc_has_prefix(&d.source, prefix))
                .map(|(i, _)| i)
                .collect();
            for q in quotes {
                let nq = normalize_for_match(q);
                let mut found = false;
                for &d in &docs {
                    for &p in &index.by_doc[d] {
                        if norm[p].contains(&nq) {
                            found = true;
                            if !labels.passage_topics[p].contains(&ti) {
                                labels.passage_topics[p].push(ti);
                            }
                        }
                    }
                }
                if !found {
                    labels
                        .unmapped
                        .push((name.clone(), prefix.clone(), q.clone()));
                }
            }
        }
    }
    for t in labels.passage_topics.iter_mut() {
        t.sort_unstable();
    }
    labels
}

/// Scores of one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub precision_at_1: f64,
    pub hit_at_3: f64,
    /// Number of (passage, document) pairs evaluated.
    pub pairs: usize,
    /// Scores of correct and wrong first matches (for calibrating `Match::good`).
    pub correct_scores: Vec<f32>,
    pub wrong_scores: Vec<f32>,
    /// Per topic: (pairs, correct at 1).
    pub per_topic: Vec<(usize, usize)>,
}

/// Whether two sorted topic lists have a topic in common.
pub fn shares(a: &[usize], b: &[usize]) -> bool {
    a.iter().any(|t| b.binary_search(t).is_ok())
}

/// The pairs the metric is taken over: `(passage, document, gold)` for each labelled passage
/// and each other document holding passages on one of its topics (`gold`, in passage order).
pub fn pairs(index: &AlignIndex, labels: &Labels) -> Vec<(usize, usize, Vec<usize>)> {
    let mut out = Vec::new();
    for (p, tp) in labels.passage_topics.iter().enumerate() {
        if tp.is_empty() {
            continue;
        }
        for (d, in_doc) in index.by_doc.iter().enumerate() {
            if d == index.passages[p].doc {
                continue;
            }
            let gold: Vec<usize> = in_doc
                .iter()
                .copied()
                .filter(|&q| shares(tp, &labels.passage_topics[q]))
                .collect();
            if !gold.is_empty() {
                out.push((p, d, gold));
            }
        }
    }
    out
}

/// Precision@1 and hit@3 of `index` on the labelled passages.
pub fn evaluate(index: &AlignIndex, labels: &Labels) -> Scores {
    let mut s = Scores {
        per_topic: vec![(0, 0); labels.topic_names.len()],
        ..Scores::default()
    };
    let (mut c1, mut c3) = (0usize, 0usize);
    for (p, d, _) in pairs(index, labels) {
        let tp = &labels.passage_topics[p];
        let ms = index.best_in_doc(p, d, 3);
        s.pairs += 1;
        let ok1 = ms
            .first()
            .is_some_and(|m| shares(tp, &labels.passage_topics[m.passage]));
        let ok3 = ms
            .iter()
            .any(|m| shares(tp, &labels.passage_topics[m.passage]));
        if let Some(m) = ms.first() {
            if ok1 {
                s.correct_scores.push(m.score);
            } else {
                s.wrong_scores.push(m.score);
            }
        }
        for &t in tp {
            if index.by_doc[d]
                .iter()
                .any(|&q| labels.passage_topics[q].contains(&t))
            {
                s.per_topic[t].0 += 1;
                if ok1 {
                    s.per_topic[t].1 += 1;
                }
            }
        }
        c1 += usize::from(ok1);
        c3 += usize::from(ok3);
    }
    if s.pairs > 0 {
        s.precision_at_1 = c1 as f64 / s.pairs as f64;
        s.hit_at_3 = c3 as f64 / s.pairs as f64;
    }
    s
}

/// Gold pairs of two parallel accounts (one text re-edited): for each passage of document
/// `a` that shares a run of at least `shingle` consecutive words with passages of `b`, those
/// passages of `b`.
pub fn parallel_gold(
    corpus: &Corpus,
    index: &AlignIndex,
    a: usize,
    b: usize,
    shingle: usize,
) -> Vec<(usize, Vec<usize>)> {
    use std::collections::{HashMap, HashSet};
    let words = |p: usize| -> Vec<String> {
        let ps = &index.passages[p];
        normalize_for_match(&corpus.documents[ps.doc].text[ps.range.clone()])
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut owner: HashMap<Vec<String>, HashSet<usize>> = HashMap::new();
    for &q in &index.by_doc[b] {
        for g in words(q).windows(shingle) {
            owner.entry(g.to_vec()).or_default().insert(q);
        }
    }
    let mut out = Vec::new();
    for &p in &index.by_doc[a] {
        let mut gold: Vec<usize> = words(p)
            .windows(shingle)
            .filter_map(|g| owner.get(g))
            .flatten()
            .copied()
            .collect();
        gold.sort_unstable();
        gold.dedup();
        if !gold.is_empty() {
            out.push((p, gold));
        }
    }
    out
}

/// Precision@1 of alignment between two parallel accounts: the share of gold passages of `a`
/// whose best match in `b` is one of their counterparts. Returns (precision, pairs).
pub fn parallel_precision(corpus: &Corpus, index: &AlignIndex, a: usize, b: usize) -> (f64, usize) {
    let gold = parallel_gold(corpus, index, a, b, 8);
    let ok = gold
        .iter()
        .filter(|(p, g)| {
            index
                .best_in_doc(*p, b, 1)
                .first()
                .is_some_and(|m| g.contains(&m.passage))
        })
        .count();
    (ok as f64 / gold.len().max(1) as f64, gold.len())
}

/// The two parallel accounts of the seeds: the CFR backgrounder (002) and its re-edited copy
/// in the compilation (004, article 05).
pub fn seed_parallel_docs(corpus: &Corpus) -> Option<(usize, usize)> {
    let a = corpus
        .documents
        .iter()
        .position(|d| doc_has_prefix(&d.source, "002"))?;
    let b = corpus
        .documents
        .iter()
        .position(|d| doc_has_prefix(&d.source, "004") && d.id.ends_with("#05"))?;
    Some((a, b))
}

/// The dev set shipped with the tests.
pub const DEV_SET_PATH: &str = "tests/data/alignment_dev.json";

/// How well the topics of an index agree with the gold topics, over pairs of labelled
/// passages in different documents (the topics × authors map only joins documents).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TopicScores {
    /// Of the pairs put in one topic, the share that share a gold topic.
    pub precision: f64,
    /// Of the pairs that share a gold topic, the share put in one topic.
    pub recall: f64,
    pub f1: f64,
    /// Share of the labelled passages that are in a topic.
    pub coverage: f64,
    /// Mean over topics of the share of its passages that come from its largest document
    /// (1.0: every topic is one author's).
    pub dominance: f64,
}

/// Pairwise agreement of `index.topic_of` with the gold labels (see [`TopicScores`]).
pub fn topic_agreement(index: &AlignIndex, labels: &Labels) -> TopicScores {
    let labelled: Vec<usize> = (0..index.passages.len())
        .filter(|&p| !labels.passage_topics[p].is_empty())
        .collect();
    let (mut together, mut gold_together, mut both) = (0usize, 0usize, 0usize);
    for (i, &p) in labelled.iter().enumerate() {
        for &q in &labelled[i + 1..] {
            if index.passages[p].doc == index.passages[q].doc {
                continue;
            }
            let gold = shares(&labels.passage_topics[p], &labels.passage_topics[q]);
            let put = index.topic_of[p].is_some() && index.topic_of[p] == index.topic_of[q];
            together += usize::from(put);
            gold_together += usize::from(gold);
            both += usize::from(put && gold);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (precision, recall) = (ratio(both, together), ratio(both, gold_together));
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let in_topic = labelled
        .iter()
        .filter(|&&p| index.topic_of[p].is_some())
        .count();
    let dominance = index
        .topics
        .iter()
        .map(|t| {
            let mut docs: Vec<usize> = t.passages.iter().map(|&p| index.passages[p].doc).collect();
            docs.sort_unstable();
            let largest = docs
                .chunk_by(|a, b| a == b)
                .map(|run| run.len())
                .max()
                .unwrap_or(0);
            ratio(largest, t.passages.len())
        })
        .sum::<f64>()
        / index.topics.len().max(1) as f64;
    TopicScores {
        precision,
        recall,
        f1,
        coverage: ratio(in_topic, labelled.len()),
        dominance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_folds_quotes_links_space() {
        assert_eq!(
            normalize_for_match("The  “MEK’s”\n[delisted the MEK](#) — now"),
            "the \"mek's\" delisted the mek - now"
        );
    }

    #[test]
    fn topic_agreement_counts_cross_document_pairs() {
        use synoptic::align::{Passage, Topic};
        // documents 0 and 1, two passages each; gold: {0, 2} on topic 0, {1, 3} on topic 1
        let mut index = AlignIndex::default();
        for (id, doc) in [0, 0, 1, 1].into_iter().enumerate() {
            index.passages.push(Passage {
                id,
                doc,
                range: 0..0,
                block: id,
            });
        }
        let labels = Labels {
            topic_names: vec!["a".into(), "b".into()],
            passage_topics: vec![vec![0], vec![1], vec![0], vec![1]],
            unmapped: Vec::new(),
        };
        // one topic holding 0 and 2 (right), one holding 1 alone
        index.topics = vec![
            Topic {
                id: 0,
                label: String::new(),
                passages: vec![0, 2],
            },
            Topic {
                id: 1,
                label: String::new(),
                passages: vec![1],
            },
        ];
        index.topic_of = vec![Some(0), Some(1), Some(0), None];
        let s = topic_agreement(&index, &labels);
        assert_eq!((s.precision, s.recall), (1.0, 0.5));
        assert_eq!(s.coverage, 0.75);
        assert_eq!(s.dominance, 0.75);
        // everything in one topic: all four cross-document pairs joined, two of them right
        index.topic_of = vec![Some(0); 4];
        let s = topic_agreement(&index, &labels);
        assert_eq!((s.precision, s.recall), (0.5, 1.0));
    }
}

/// One reader's choice for a (query, document) pair: the passage that speaks of the same thing
/// as the query, a second choice, and whether the reader found the match clear.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReaderChoice {
    pub pick: usize,
    pub second: Option<usize>,
    pub clear: bool,
}

/// Readers' choices for one query passage in one other document (passage ids of the index).
#[derive(Debug, Clone, PartialEq)]
pub struct ReaderPair {
    pub query: usize,
    pub doc: usize,
    pub choices: Vec<ReaderChoice>,
}

/// Reads readers' choices (`tests/data/reader_picks.json`): each passage is named by its
/// document id, its place in the document and the opening of its text (white space
/// collapsed); the place is tried first, then any passage of the document that opens so.
pub fn reader_pairs(
    corpus: &Corpus,
    index: &AlignIndex,
    json: &str,
) -> Result<Vec<ReaderPair>, String> {
    let v: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let resolve = |r: &Value| -> Result<usize, String> {
        let doc = r["doc"].as_str().ok_or("a passage without doc")?;
        let text = r["text"].as_str().ok_or("a passage without text")?;
        let d = corpus
            .documents
            .iter()
            .position(|x| x.id == doc)
            .ok_or_else(|| format!("no document {doc}"))?;
        let opens = |p: usize| {
            let ps = &index.passages[p];
            let t = &corpus.documents[ps.doc].text[ps.range.clone()];
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .starts_with(text)
        };
        let n = r["n"].as_u64().unwrap_or(u64::MAX) as usize;
        match index.by_doc[d].get(n) {
            Some(&p) if opens(p) => Ok(p),
            _ => index.by_doc[d]
                .iter()
                .copied()
                .find(|&p| opens(p))
                .ok_or_else(|| format!("no passage of {doc} opens with {text:?}")),
        }
    };
    let mut out = Vec::new();
    for x in v["pairs"].as_array().ok_or("no pairs")? {
        let query = resolve(&x["query"])?;
        let mut choices = Vec::new();
        for r in x["readers"].as_array().ok_or("no readers")? {
            choices.push(ReaderChoice {
                pick: resolve(&r["pick"])?,
                second: match &r["second"] {
                    Value::Null => None,
                    s => Some(resolve(s)?),
                },
                clear: r["clear"].as_bool().unwrap_or(false),
            });
        }
        let doc = choices
            .first()
            .map(|c| index.passages[c.pick].doc)
            .ok_or("a pair without choices")?;
        out.push(ReaderPair {
            query,
            doc,
            choices,
        });
    }
    Ok(out)
}

/// The same passage, or one of the same text (a compilation may repeat a paragraph).
pub fn same_passage(corpus: &Corpus, index: &AlignIndex, a: usize, b: usize) -> bool {
    let text = |p: usize| {
        let ps = &index.passages[p];
        &corpus.documents[ps.doc].text[ps.range.clone()]
    };
    a == b || text(a) == text(b)
}

/// The readers' consensus: pairs where every reader found a clear match and all chose the
/// same passage, with that passage.
pub fn reader_consensus(
    corpus: &Corpus,
    index: &AlignIndex,
    pairs: &[ReaderPair],
) -> Vec<(usize, usize, usize)> {
    pairs
        .iter()
        .filter(|r| {
            !r.choices.is_empty()
                && r.choices
                    .iter()
                    .all(|c| c.clear && same_passage(corpus, index, c.pick, r.choices[0].pick))
        })
        .map(|r| (r.query, r.doc, r.choices[0].pick))
        .collect()
}

/// How often the index's first match is the readers' consensus passage.
pub fn reader_agreement(
    corpus: &Corpus,
    index: &AlignIndex,
    consensus: &[(usize, usize, usize)],
) -> f64 {
    let hits = consensus
        .iter()
        .filter(|&&(q, d, pick)| {
            index
                .best_in_doc(q, d, 1)
                .first()
                .is_some_and(|m| same_passage(corpus, index, m.passage, pick))
        })
        .count();
    hits as f64 / consensus.len().max(1) as f64
}
