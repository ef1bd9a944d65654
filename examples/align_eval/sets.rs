//! The gold sets table (`--sets`), the readers' choices (`--readers`), labels exported for
//! readers (`--export-labels`) and judging by another labelling (`--judge-with`).

use super::*;

/// `--sets`: precision@1 and hit@3 of plain TF-IDF and of the engine on every gold set of
/// the seeds — the dev set's quotes, its topics labelled on every passage, the two held-out
/// sets of topics nobody tuned for, and all thirty topics together (a match is right when
/// it shares any of them).
pub(super) fn gold_sets_table() {
    let corpus = embedded_seeds();
    let read = |p: &str| GoldSet::parse(&std::fs::read_to_string(p).unwrap()).unwrap();
    let full = read("tests/data/alignment_dev_completed.json");
    let held = read("tests/data/alignment_heldout.json");
    let held2 = read("tests/data/alignment_heldout2.json");
    let union = GoldSet {
        topics: [&full, &held, &held2]
            .iter()
            .flat_map(|g| g.topics.iter().cloned())
            .collect(),
    };
    let sets = [
        ("dev set (quotes)", read("tests/data/alignment_dev.json")),
        ("dev topics, every passage", full),
        ("held-out topics", held),
        ("held-out topics 2", held2),
        ("all 30 topics", union),
    ];
    let base = AlignIndex::build_with(&corpus, &Options::baseline());
    let engine = AlignIndex::build_with(&corpus, &Options::default());
    println!("| gold set | pairs | TF-IDF P@1 | TF-IDF hit@3 | engine P@1 | engine hit@3 |");
    println!("|---|---|---|---|---|---|");
    for (name, gold) in &sets {
        let b = evaluate(&base, &label_passages(&corpus, &base, gold));
        let e = evaluate(&engine, &label_passages(&corpus, &engine, gold));
        println!(
            "| {name} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
            e.pairs, b.precision_at_1, b.hit_at_3, e.precision_at_1, e.hit_at_3
        );
    }
}

/// `--readers FILE` (tests/data/reader_picks.json): a reader's own first choices for pairs
/// sampled from the gold sets, judged by each gold set as the engine is, next to the engine
/// and plain TF-IDF on the same pairs, and how often each one's first match is the reader's.
pub(super) fn readers_table(path: &str) {
    use eval::{reader_agreement, reader_consensus, reader_pairs, same_passage};
    let corpus = embedded_seeds();
    let engine = AlignIndex::build_with(
        &corpus,
        &tweak(
            &Options::default(),
            &std::env::var("ALIGN_OPTS").unwrap_or_default(),
        ),
    );
    let base = AlignIndex::build_with(&corpus, &Options::baseline());
    let pairs = reader_pairs(&corpus, &engine, &std::fs::read_to_string(path).unwrap()).unwrap();
    let same = |a: usize, b: Option<usize>| b.is_some_and(|b| same_passage(&corpus, &engine, a, b));
    let n = pairs.len();
    let agree = pairs
        .iter()
        .filter(|r| same(r.choices[0].pick, Some(r.choices[1].pick)))
        .count();
    let near = pairs
        .iter()
        .filter(|r| {
            let (a, b) = (r.choices[0], r.choices[1]);
            same(a.pick, Some(b.pick)) || same(a.pick, b.second) || same(b.pick, a.second)
        })
        .count();
    let consensus = reader_consensus(&corpus, &engine, &pairs);
    println!(
        "{n} pairs; the two readers pick the same passage in {agree} ({:.3}), one's first in the other's first two {:.3}; both clear and the same: {} pairs",
        agree as f64 / n as f64,
        near as f64 / n as f64,
        consensus.len()
    );
    let by_pair: std::collections::HashMap<(usize, usize), &eval::ReaderPair> =
        pairs.iter().map(|r| ((r.query, r.doc), r)).collect();
    let read = |p: &str| GoldSet::parse(&std::fs::read_to_string(p).unwrap()).unwrap();
    println!("| gold set | pairs with readers' choices | readers' P@1 (first / second reader) | engine P@1 | TF-IDF P@1 |");
    println!("|---|---|---|---|---|");
    for (name, file) in [
        ("dev set (quotes)", "tests/data/alignment_dev.json"),
        (
            "dev topics, every passage",
            "tests/data/alignment_dev_completed.json",
        ),
        ("held-out topics", "tests/data/alignment_heldout.json"),
        ("held-out topics 2", "tests/data/alignment_heldout2.json"),
    ] {
        let labels = label_passages(&corpus, &engine, &read(file));
        let on =
            |q: usize, m: usize| eval::shares(&labels.passage_topics[q], &labels.passage_topics[m]);
        let (mut n, mut first, mut second, mut e, mut b) = (0, 0, 0, 0, 0);
        for (q, d, _) in eval::pairs(&engine, &labels) {
            let Some(r) = by_pair.get(&(q, d)) else {
                continue;
            };
            n += 1;
            first += usize::from(on(q, r.choices[0].pick));
            second += usize::from(on(q, r.choices[1].pick));
            let top = |ix: &AlignIndex| ix.best_in_doc(q, d, 1).first().map(|m| m.passage);
            e += usize::from(top(&engine).is_some_and(|m| on(q, m)));
            b += usize::from(top(&base).is_some_and(|m| on(q, m)));
        }
        let f = |k: usize| k as f64 / n.max(1) as f64;
        println!(
            "| {name} | {n} | {:.3} / {:.3} | {:.3} | {:.3} |",
            f(first),
            f(second),
            f(e),
            f(b)
        );
    }
    // the topic map: do the readers' consensus pairs fall in one topic?
    let mut topic_of = vec![None; engine.passages.len()];
    for t in &engine.topics {
        for &p in &t.passages {
            topic_of[p] = Some(t.id);
        }
    }
    let together = consensus
        .iter()
        .filter(|&&(q, _, pick)| topic_of[q].is_some() && topic_of[q] == topic_of[pick])
        .count();
    // two passages drawn at random from the topics fall in one with this chance
    let covered = topic_of.iter().flatten().count().max(1) as f64;
    let chance: f64 = engine
        .topics
        .iter()
        .map(|t| (t.passages.len() as f64 / covered).powi(2))
        .sum();
    println!(
        "topics: the consensus pair in one topic {together}/{} ({:.3}; by chance {chance:.3}), {} topics",
        consensus.len(),
        together as f64 / consensus.len().max(1) as f64,
        engine.topics.len()
    );
    for (name, ix) in [("engine", &engine), ("TF-IDF", &base)] {
        let (mut hit, mut top2) = (0, 0);
        for r in &pairs {
            let c = r.choices[0];
            let f = ix.best_in_doc(r.query, r.doc, 1).first().map(|m| m.passage);
            hit += usize::from(f.is_some_and(|f| same(f, Some(c.pick))));
            top2 += usize::from(f.is_some_and(|f| same(f, Some(c.pick)) || same(f, c.second)));
        }
        println!(
            "{name}: first match is the first reader's choice {hit}/{n} ({:.3}), the first or second choice {:.3}; the readers' consensus {:.3} of {}",
            hit as f64 / n as f64,
            top2 as f64 / n as f64,
            reader_agreement(&corpus, ix, &consensus),
            consensus.len()
        );
    }
}

/// `--export-labels FILE`: the seeds' passages, each gold set's topics per passage and its
/// (query, document) pairs, with the engine's and plain TF-IDF's first three matches of each
/// (JSON), for judging matches outside this program (e.g. a reader's own choices).
pub(super) fn export_labels(out: &str) {
    let corpus = embedded_seeds();
    let read = |p: &str| GoldSet::parse(&std::fs::read_to_string(p).unwrap()).unwrap();
    let sets = [
        ("dev", read("tests/data/alignment_dev.json")),
        ("full", read("tests/data/alignment_dev_completed.json")),
        ("held", read("tests/data/alignment_heldout.json")),
        ("held2", read("tests/data/alignment_heldout2.json")),
    ];
    let engine = AlignIndex::build_with(&corpus, &Options::default());
    let base = AlignIndex::build_with(&corpus, &Options::baseline());
    assert_eq!(engine.passages.len(), base.passages.len());
    let passages: Vec<serde_json::Value> = engine
        .passages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            serde_json::json!({
                "id": i,
                "doc": p.doc,
                "doc_id": corpus.documents[p.doc].id,
                "text": &corpus.documents[p.doc].text[p.range.clone()],
            })
        })
        .collect();
    let mut by_set = serde_json::Map::new();
    for (name, gold) in &sets {
        let labels = label_passages(&corpus, &engine, gold);
        let pairs: Vec<serde_json::Value> = eval::pairs(&engine, &labels)
            .into_iter()
            .map(|(p, d, _)| {
                let top = |ix: &AlignIndex| {
                    ix.best_in_doc(p, d, 3)
                        .iter()
                        .map(|m| m.passage)
                        .collect::<Vec<_>>()
                };
                serde_json::json!({"query": p, "doc": d, "engine": top(&engine), "tfidf": top(&base)})
            })
            .collect();
        by_set.insert(
            name.to_string(),
            serde_json::json!({
                "topics": labels.topic_names,
                "passage_topics": labels.passage_topics,
                "pairs": pairs,
            }),
        );
    }
    let docs: Vec<serde_json::Value> = corpus
        .documents
        .iter()
        .map(|d| serde_json::json!({"id": d.id, "title": d.title}))
        .collect();
    let json = serde_json::json!({"documents": docs, "passages": passages, "sets": by_set});
    std::fs::write(out, serde_json::to_string(&json).unwrap()).unwrap();
    println!("wrote {out}");
}

/// P@1 of the gold set's pairs judged by its own labels and by another labelling (`wide`) of
/// the same topics: `(pairs, own, wide)`.
pub(super) fn judge_with(index: &AlignIndex, labels: &Labels, wide: &Labels) -> (usize, f64, f64) {
    let (mut n, mut ok, mut ok_narrow) = (0usize, 0usize, 0usize);
    for (p, d, gold) in pairs(index, labels) {
        n += 1;
        let Some(m) = index.best_in_doc(p, d, 1).into_iter().next() else {
            continue;
        };
        ok_narrow += usize::from(gold.contains(&m.passage));
        ok += usize::from(shares(
            &labels.passage_topics[p],
            &wide.passage_topics[m.passage],
        ));
    }
    let r = |k: usize| k as f64 / n.max(1) as f64;
    (n, r(ok_narrow), r(ok))
}
