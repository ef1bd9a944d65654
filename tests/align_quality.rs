//! Alignment quality floors: the dev set, its completed labelling, the readers' consensus,
//! good matches against the readers' judgements, the held-out topics, and the topics against
//! the dev set's. Each floor is the measured figure less 0.02 (docs/alignment.md).

#[path = "align_support/eval.rs"]
mod eval;

use eval::{evaluate, label_passages, GoldSet, Labels};
use synoptic::align::{AlignIndex, Options};
use synoptic::corpus::{embedded_seeds, Corpus};

/// The seeds' index, and its passages labelled by the dev set's quotes.
fn seeds_with_dev_labels() -> (AlignIndex, Labels) {
    let c = embedded_seeds();
    let index = AlignIndex::build(&c);
    let gold = GoldSet::parse(include_str!("data/alignment_dev.json")).unwrap();
    let labels = label_passages(&c, &index, &gold);
    (index, labels)
}

/// Quality floor on the dev set (measured 0.645, hit@3 0.854: section headings mixed in,
/// feedback that leaves out the target document, transitive evidence, spelling variants of
/// names only; 0.664 before short documents stopped counting as parallel by chance; floor =
/// measured − 0.02).
#[test]
fn dev_set_precision_floor() {
    let (index, labels) = seeds_with_dev_labels();
    assert!(labels.unmapped.len() <= 2, "{:?}", labels.unmapped);
    let s = evaluate(&index, &labels);
    assert!(s.pairs > 250, "{}", s.pairs);
    assert!(s.precision_at_1 >= 0.625, "P@1 {}", s.precision_at_1);
    assert!(s.hit_at_3 >= 0.83, "hit@3 {}", s.hit_at_3);
}

/// The dev set quotes a few passages per topic; a second reader labelled every passage on the
/// same topics (tests/data/alignment_dev_completed.json). Measured: 967 pairs at P@1 0.642; the
/// dev set's own 301 queries have a first match on their topic by that reading 0.821 of the
/// time (0.645 by the dev set's quotes; plain TF-IDF 0.628 and 0.462). Floors = measured − 0.02.
#[test]
fn completed_dev_labels_precision_floor() {
    use eval::{pairs, shares};
    let c = embedded_seeds();
    let index = AlignIndex::build(&c);
    let dev = GoldSet::parse(include_str!("data/alignment_dev.json")).unwrap();
    let full = GoldSet::parse(include_str!("data/alignment_dev_completed.json")).unwrap();
    let wide = label_passages(&c, &index, &full);
    assert!(wide.unmapped.is_empty(), "{:?}", wide.unmapped);
    let s = evaluate(&index, &wide);
    assert!(s.pairs > 900, "{}", s.pairs);
    assert!(s.precision_at_1 >= 0.622, "P@1 {}", s.precision_at_1);
    let narrow = label_passages(&c, &index, &dev);
    let (mut n, mut on_topic) = (0, 0);
    for (p, d, _) in pairs(&index, &narrow) {
        n += 1;
        if let Some(m) = index.best_in_doc(p, d, 1).first() {
            on_topic += usize::from(shares(
                &narrow.passage_topics[p],
                &wide.passage_topics[m.passage],
            ));
        }
    }
    let judged = on_topic as f64 / n as f64;
    assert!(
        judged >= 0.80,
        "dev queries judged by the full labelling: {judged}"
    );
}

/// What readers would bring into view: two readers, blind to the gold topics and to the
/// engine, each chose the passage of the other document that speaks of the same thing, for 343
/// pairs sampled from the gold sets (tests/data/reader_picks.json). They chose the same passage
/// 86% of the time; both clear and the same in 201 pairs. Measured: the engine's first match is
/// theirs in 0.607 of those (plain TF-IDF 0.547). Floor = measured − 0.02. Judged by the
/// held-out gold sets, the readers' own choices score 0.617 / 0.611 and 0.589 / 0.570.
/// The seeds, their index and the readers' choices (tests/data/reader_picks.json).
fn seeds_with_reader_pairs() -> (Corpus, AlignIndex, Vec<eval::ReaderPair>) {
    let c = embedded_seeds();
    let index = AlignIndex::build(&c);
    let pairs = eval::reader_pairs(&c, &index, include_str!("data/reader_picks.json")).unwrap();
    assert_eq!(pairs.len(), 343);
    (c, index, pairs)
}

#[test]
fn readers_consensus_agreement_floor() {
    use eval::{reader_agreement, reader_consensus};
    let (c, index, pairs) = seeds_with_reader_pairs();
    let consensus = reader_consensus(&c, &index, &pairs);
    assert_eq!(consensus.len(), 201);
    let agreement = reader_agreement(&c, &index, &consensus);
    assert!(agreement >= 0.587, "agreement with readers {agreement:.3}");
    let base = AlignIndex::build_with(&c, &Options::baseline());
    assert_eq!(base.passages.len(), index.passages.len(), "same passages");
    let baseline = reader_agreement(&c, &base, &consensus);
    assert!(
        agreement > baseline,
        "{agreement:.3} vs TF-IDF {baseline:.3}"
    );
}

/// `no good match` where a reader finds nothing: where both readers called their choice weak
/// (nothing in the document fits), the engine's first match passes as good 33 times in 109
/// (57 with matches standing out at 2.5 deviations instead of 3); where its first match is a
/// reader's clear choice, 111 times in 129. Bounds: measured ± a few pairs.
#[test]
fn good_matches_follow_the_readers() {
    use eval::same_passage;
    let (corpus, index, pairs) = seeds_with_reader_pairs();
    let (mut weak, mut weak_good, mut right, mut right_good) = (0, 0, 0, 0);
    for r in &pairs {
        let Some(m) = index.best_in_doc(r.query, r.doc, 1).into_iter().next() else {
            continue;
        };
        if r.choices.iter().all(|c| !c.clear) {
            weak += 1;
            weak_good += usize::from(m.good);
        }
        if r.choices.iter().all(|c| c.clear)
            && r.choices
                .iter()
                .any(|ch| same_passage(&corpus, &index, m.passage, ch.pick))
        {
            right += 1;
            right_good += usize::from(m.good);
        }
    }
    let false_jumps = weak_good as f64 / weak as f64;
    let kept = right_good as f64 / right as f64;
    assert!(weak > 100 && right > 120, "{weak} {right}");
    assert!(
        false_jumps <= 0.36,
        "good where readers found nothing: {false_jumps:.3}"
    );
    assert!(
        kept >= 0.82,
        "readers' clear choices passing as good: {kept:.3}"
    );
}

/// Topics nobody tuned for: two sets of ten further topics, each labelled on every passage
/// where it is a main point by a reader who saw no engine output
/// (tests/data/alignment_heldout.json, alignment_heldout2.json). Measured: the engine 0.462
/// and 0.329, plain TF-IDF 0.448 and 0.340 — what the dev set's tuning gained (0.664 against
/// 0.462) does not carry over to them. The floors (measured − 0.02) guard against tuning that
/// buys dev-set points with topics no one measured.
#[test]
fn held_out_topics_precision_floor() {
    let c = embedded_seeds();
    let index = AlignIndex::build(&c);
    for (json, floor, min_pairs) in [
        (include_str!("data/alignment_heldout.json"), 0.441, 600),
        (include_str!("data/alignment_heldout2.json"), 0.314, 300),
    ] {
        let gold = GoldSet::parse(json).unwrap();
        let labels = label_passages(&c, &index, &gold);
        assert!(labels.unmapped.is_empty(), "{:?}", labels.unmapped);
        let s = evaluate(&index, &labels);
        assert!(s.pairs > min_pairs, "{}", s.pairs);
        assert!(s.precision_at_1 >= floor, "P@1 {}", s.precision_at_1);
    }
}

/// Topics are made of links between authors: on the seeds they agree with the dev set's
/// topics (pairwise F1 over passages of different documents: 0.770 with greedy modularity
/// merging; Louvain's communities of the same graph made 0.659, k-means over the passage
/// vectors 0.551) and no topic is mostly one author's (the largest document's share per
/// topic 0.20 on average; k-means 0.42, with topics such as one article's "MeK" idiom).
#[test]
fn topics_join_authors_and_agree_with_the_dev_set() {
    let (index, labels) = seeds_with_dev_labels();
    let s = eval::topic_agreement(&index, &labels);
    assert!(s.f1 >= 0.74, "topic F1 {:.3}", s.f1);
    assert!(
        s.dominance <= 0.3,
        "largest document's share {:.2}",
        s.dominance
    );
    assert!(
        s.coverage >= 0.9,
        "labelled passages in a topic {:.2}",
        s.coverage
    );
}
