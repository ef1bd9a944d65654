//! The store loader on arbitrary bytes (issue 20): it never panics, a file it can read is
//! never lost (what it held is still there after a save, its unknown fields too), and a file it
//! cannot read stays byte for byte as it was, with one backup of exactly those bytes. The
//! inputs mix raw bytes, valid store files with bytes changed, cut or inserted, and valid
//! files with fields this version does not know. `fuzz/fuzz_targets/store_load.rs` runs the
//! same loader under libFuzzer.

use proptest::prelude::*;
use std::fs;
use synoptic::annotations::anchor::Anchor;
use synoptic::annotations::store::{parse, Parsed, Store};
use synoptic::annotations::{export, Annotations, DocRef, Highlight};
use synoptic::corpus::{BlockKind, Corpus, Document};

fn corpus() -> Corpus {
    Corpus {
        documents: vec![Document::from_blocks(
            "d",
            "T",
            &[(
                BlockKind::Paragraph,
                "Alpha beta gamma delta epsilon zeta eta theta.",
            )],
        )],
        warnings: vec![],
    }
}

fn valid_store() -> Vec<u8> {
    let corpus = corpus();
    let doc = &corpus.documents[0];
    let mut s = Annotations::default();
    for (i, word) in ["gamma delta", "zeta eta"].iter().enumerate() {
        let at = doc.text.find(word).unwrap();
        s.highlights.push(Highlight {
            id: format!("h{i}"),
            doc: DocRef::of(doc),
            anchor: Anchor::capture(&doc.text, at..at + word.len()),
            color: 2,
            note: "ünïcode note".into(),
            updated: 5,
        });
    }
    serde_json::to_vec_pretty(&s).unwrap()
}

fn inputs() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6)
            .prop_map(|edits| {
                let mut b = valid_store();
                for (at, byte, how) in edits {
                    let i = at.index(b.len());
                    match how {
                        0 => b[i] = byte,
                        1 => b.truncate(i),
                        _ => b.insert(i, byte),
                    }
                    if b.is_empty() {
                        break;
                    }
                }
                b
            }),
        ("[a-z]{1,8}", any::<i64>(), any::<bool>()).prop_map(|(key, n, bom)| {
            let mut v: serde_json::Value = serde_json::from_slice(&valid_store()).unwrap();
            v[format!("x_{key}")] = serde_json::json!(n);
            v["highlights"][0][format!("x_{key}")] = serde_json::json!([n]);
            let mut b = if bom {
                b"\xEF\xBB\xBF".to_vec()
            } else {
                vec![]
            };
            b.extend(serde_json::to_vec(&v).unwrap());
            b
        }),
    ]
}

fn new_highlight() -> Highlight {
    let corpus = corpus();
    let doc = &corpus.documents[0];
    Highlight {
        id: "added".into(),
        doc: DocRef::of(doc),
        anchor: Anchor::capture(&doc.text, 0..5),
        color: 1,
        note: String::new(),
        updated: 9,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_loader_never_panics_and_never_loses_a_readable_file(bytes in inputs()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        fs::write(&path, &bytes).unwrap();
        let corpus = corpus();
        let mut store = Store::new(dir.path(), "k");
        let loaded = store.load_for(&corpus);
        // Whatever was read can be placed and exported.
        let _ = export::to_markdown(&corpus, &loaded.state);
        let _ = serde_json::to_string(&export::to_json(&corpus, &loaded.state));
        let mut changed = loaded.state.clone();
        changed.highlights.push(new_highlight());
        match parse(&bytes) {
            Parsed::Good { state, raw } => {
                prop_assert_eq!(&loaded.state.highlights, &state.highlights);
                store.save(&changed).unwrap();
                let after = fs::read(&path).unwrap();
                let Parsed::Good { state: again, raw: again_raw } = parse(&after) else {
                    panic!("the saved file does not parse");
                };
                for h in &state.highlights {
                    prop_assert!(again.highlights.contains(h), "lost {}", h.id);
                }
                for (k, v) in raw.as_object().unwrap() {
                    if k.starts_with("x_") {
                        prop_assert_eq!(&again_raw[k], v);
                    }
                }
            }
            Parsed::Newer(_) => {
                prop_assert!(store.save(&changed).is_err());
                prop_assert_eq!(fs::read(&path).unwrap(), bytes);
            }
            Parsed::Bad(_) => {
                // Nothing changed: the file is left as it is.
                store.save(&loaded.state).unwrap();
                prop_assert_eq!(&fs::read(&path).unwrap(), &bytes);
                // A change is written, and the bytes found are in exactly one backup.
                store.save(&changed).unwrap();
                let backups: Vec<Vec<u8>> = fs::read_dir(dir.path())
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.to_string_lossy().contains(".bak-"))
                    .map(|p| fs::read(p).unwrap())
                    .collect();
                prop_assert_eq!(backups, vec![bytes.clone()]);
            }
        }
    }
}
