//! `synoptic conflicts` end to end: the JSON contract on the seeds, no conflict between two
//! copies of one text, and a text report that cannot drive the terminal.

mod common;

use common::cli::synoptic;

fn json(args: &[&str]) -> serde_json::Value {
    let out = synoptic(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn seeds_list_the_founding_year_with_1963_and_1965_from_different_documents() {
    let v = json(&["conflicts", "--json"]);
    let conflicts = v["conflicts"].as_array().expect("conflicts");
    let founding = conflicts
        .iter()
        .find(|c| {
            let claims = c["claims"].as_array().unwrap();
            let has = |year: &str| {
                claims.iter().any(|cl| {
                    cl["value"].as_str().unwrap().contains(year)
                        && cl["quote"].as_str().unwrap().contains("founded")
                })
            };
            has("1963") && has("1965")
        })
        .expect("a conflict with 1963 and 1965 for the founding");
    let docs_of = |year: &str| -> Vec<String> {
        founding["claims"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|cl| cl["value"].as_str().unwrap().contains(year))
            .map(|cl| cl["doc"].as_str().unwrap().to_string())
            .collect()
    };
    let (a, b) = (docs_of("1963"), docs_of("1965"));
    assert!(a.iter().all(|d| !b.contains(d)), "{a:?} {b:?}");
    // the contract: every field, with its type
    for c in conflicts {
        assert!(c["id"].is_u64());
        assert!(c["fact"].is_string());
        for cl in c["claims"].as_array().unwrap() {
            assert!(cl["doc"].is_string());
            assert!(cl["passage"].is_u64());
            assert!(cl["value"].is_string());
            let quote = cl["quote"].as_str().unwrap();
            assert!(quote.contains(cl["value"].as_str().unwrap()), "{cl}");
        }
    }
    // passage ids are those of `align --json`
    let align = json(&["align", "--json", "--top", "1"]);
    let passages = align["passages"].as_array().unwrap();
    for cl in founding["claims"].as_array().unwrap() {
        let p = &passages[cl["passage"].as_u64().unwrap() as usize];
        assert_eq!(p["doc"], cl["doc"]);
        let text = p["text"].as_str().unwrap();
        let first = cl["quote"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap();
        assert!(text.contains(first));
    }
}

#[test]
fn two_copies_of_one_text_give_no_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/002_f4d8d8b0fbd9500b.txt"
    ))
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    std::fs::write(dir.path().join("b.txt"), &text).unwrap();
    let v = json(&["conflicts", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(v["conflicts"].as_array().unwrap().len(), 0, "{v}");
    let out = synoptic(&["conflicts", dir.path().to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("No conflicting values"));
}

#[test]
fn a_small_corpus_names_its_conflict_and_the_report_escapes_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let a = "Town history\n\nThe society was founded in 1871 by five printers of the town, \x1b[31mwho met\x1b[0m at the old mill.\n\nIt grew slowly and opened a library.\n";
    let b = "Notes on the society\n\nThe society was founded in 1874 by five printers of the town, \x1b[31mwho met\x1b[0m at the old mill.\n\nThe members later bought a press.\n";
    std::fs::write(dir.path().join("a.txt"), a).unwrap();
    std::fs::write(dir.path().join("b.txt"), b).unwrap();
    let out = synoptic(&["conflicts", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1871") && text.contains("1874"), "{text}");
    assert!(!text.contains('\x1b'), "{text}");
    // five printers on both sides: no conflict on that
    let v = json(&["conflicts", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(v["conflicts"].as_array().unwrap().len(), 1, "{v}");
}
