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
        if let Err(e) = doc.check_invariants() {
            panic!("{}: {e}", doc.id);
        }
    }
});
