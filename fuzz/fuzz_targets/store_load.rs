//! Arbitrary bytes through the annotations store loader (`store::parse`, what `Store::load`
//! reads a file with): never panics; a file it reads places and exports its items against a
//! small document without panicking, and writes back to a file that reads the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use synoptic::annotations::export;
use synoptic::annotations::store::{parse, Parsed};
use synoptic::corpus::{BlockKind, Corpus, Document};

fuzz_target!(|data: &[u8]| {
    let Parsed::Good { state, .. } = parse(data) else {
        return;
    };
    let corpus = Corpus {
        documents: vec![Document::from_blocks(
            "d",
            "T",
            &[(BlockKind::Paragraph, "Alpha beta gamma delta epsilon zeta eta theta.")],
        )],
        warnings: vec![],
    };
    let _ = export::to_markdown(&corpus, &state);
    let _ = serde_json::to_string(&export::to_json(&corpus, &state));
    let written = serde_json::to_vec(&state).expect("a loaded state serializes");
    match parse(&written) {
        Parsed::Good { state: again, .. } => assert_eq!(again, state),
        other => panic!("a written state does not read back: {other:?}"),
    }
});
