//! Arbitrary bytes through the whole corpus pipeline: decoding, cleaning, paragraphs, structure,
//! footnotes. Checks the model's invariants, not just the absence of panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use synoptic::corpus::{parse_files, SourceFile};

fuzz_target!(|data: &[u8]| {
    let corpus = parse_files(
        vec![SourceFile {
            path: "fuzz.txt".into(),
            relative: "fuzz.txt".into(),
            bytes: data.to_vec(),
        }],
        None,
    );
    for doc in &corpus.documents {
        let mut end = 0;
        for block in &doc.blocks {
            assert!(block.range.start >= end && block.range.end <= doc.text.len());
            assert!(doc.text.is_char_boundary(block.range.start));
            assert!(doc.text.is_char_boundary(block.range.end));
            end = block.range.end;
        }
        for m in &doc.markers {
            let shown = &doc.text[m.offset..m.offset + m.len];
            assert!(!shown.is_empty());
            if let Some(n) = m.note {
                assert_eq!(doc.notes[n].label, m.label);
            }
        }
    }
});
