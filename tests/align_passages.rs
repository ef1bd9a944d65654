//! Passages tile their paragraphs and `passage_at` round-trips.

use proptest::prelude::*;
use synoptic::align::AlignIndex;
use synoptic::corpus::{BlockKind, Corpus, Document};

fn paragraph() -> impl Strategy<Value = (BlockKind, String)> {
    let sentence = "[A-Za-z]{1,9}( [a-z]{1,9}){2,30}[.!?]";
    (
        prop_oneof![
            6 => Just(BlockKind::Paragraph),
            1 => Just(BlockKind::Heading),
            1 => Just(BlockKind::Note),
        ],
        prop::collection::vec(sentence, 1..25),
    )
        .prop_map(|(k, s)| (k, s.join(" ")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn passages_tile_paragraphs_and_round_trip(
        docs in prop::collection::vec(prop::collection::vec(paragraph(), 1..8), 1..4)
    ) {
        let documents: Vec<Document> = docs
            .iter()
            .enumerate()
            .map(|(i, blocks)| {
                let b: Vec<(BlockKind, &str)> = blocks.iter().map(|(k, t)| (*k, t.as_str())).collect();
                Document::from_blocks(&format!("d{i}"), "t", &b)
            })
            .collect();
        let corpus = Corpus { documents, warnings: Vec::new() };
        let index = AlignIndex::build(&corpus);
        for (d, doc) in corpus.documents.iter().enumerate() {
            // every paragraph block is tiled by its passages, in order
            for (b, block) in doc.blocks.iter().enumerate() {
                let ps: Vec<usize> = index.by_doc[d].iter().copied().filter(|&p| index.passages[p].block == b).collect();
                if block.kind != BlockKind::Paragraph {
                    prop_assert!(ps.is_empty());
                    continue;
                }
                prop_assert!(!ps.is_empty());
                prop_assert_eq!(index.passages[ps[0]].range.start, block.range.start);
                prop_assert_eq!(index.passages[*ps.last().unwrap()].range.end, block.range.end);
                for w in ps.windows(2) {
                    prop_assert_eq!(index.passages[w[0]].range.end, index.passages[w[1]].range.start);
                }
                for &p in &ps {
                    let r = &index.passages[p].range;
                    prop_assert!(doc.text.is_char_boundary(r.start) && doc.text.is_char_boundary(r.end));
                    prop_assert!(r.len() <= 1800 || !doc.text[r.clone()].trim_end().contains(". "), "passage of {} bytes", r.len());
                }
            }
            // passage_at round-trips for every offset inside a passage
            for &p in &index.by_doc[d] {
                let r = index.passages[p].range.clone();
                prop_assert_eq!(index.passages[p].doc, d);
                prop_assert_eq!(index.passage_at(d, r.start), Some(p));
                prop_assert_eq!(index.passage_at(d, r.end - 1), Some(p));
            }
            // ids are positions
            for (i, p) in index.passages.iter().enumerate() {
                prop_assert_eq!(p.id, i);
            }
        }
    }
}
