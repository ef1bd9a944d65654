//! Alignment engine: determinism, copies, spelling variants, report shape, order and context,
//! topics (the quality floors on the gold sets are in `align_quality.rs`).

use synoptic::align::report::{to_json, to_text};
use synoptic::align::{AlignIndex, Options};
use synoptic::corpus::{embedded_seeds, BlockKind, Corpus, Document};

fn corpus(docs: Vec<Document>) -> Corpus {
    Corpus {
        documents: docs,
        warnings: Vec::new(),
    }
}

fn doc(id: &str, paras: &[&str]) -> Document {
    let mut blocks = vec![(BlockKind::Title, id)];
    blocks.extend(paras.iter().map(|p| (BlockKind::Paragraph, *p)));
    Document::from_blocks(id, id, &blocks)
}

#[test]
fn build_is_deterministic() {
    let c = embedded_seeds();
    let a = to_json(&c, &AlignIndex::build(&c), 3);
    let b = to_json(&c, &AlignIndex::build(&c), 3);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    assert_eq!(
        to_text(&c, &AlignIndex::build(&c), 1),
        to_text(&c, &AlignIndex::build(&c), 1)
    );
}

#[test]
fn json_has_the_agreed_shape() {
    let c = embedded_seeds();
    let index = AlignIndex::build(&c);
    let v = to_json(&c, &index, 3);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), c.documents.len());
    for d in docs {
        assert!(d["id"].is_string() && d["title"].is_string() && d["source"].is_string());
        assert!(d["author"].is_string() || d["author"].is_null());
    }
    let passages = v["passages"].as_array().unwrap();
    assert_eq!(passages.len(), index.passages.len());
    for (i, p) in passages.iter().enumerate() {
        assert_eq!(p["id"].as_u64(), Some(i as u64));
        assert!(p["doc"].is_string() && p["text"].is_string());
    }
    let matches = v["matches"].as_array().unwrap();
    assert!(!matches.is_empty());
    for m in matches {
        assert!(m["from"].is_u64() && m["to"].is_u64() && m["score"].is_number());
        assert!(m["terms"].is_array());
    }
    // at most 3 per (passage, other document), best first
    let mut last: Option<(u64, String, f64)> = None;
    let mut run = 0;
    for m in matches {
        let from = m["from"].as_u64().unwrap();
        let to_doc = index.passages[m["to"].as_u64().unwrap() as usize].doc;
        let key = (from, c.documents[to_doc].id.clone());
        let score = m["score"].as_f64().unwrap();
        match &last {
            Some((f, d, s)) if *f == key.0 && *d == key.1 => {
                run += 1;
                assert!(score <= *s + 1e-9);
            }
            _ => run = 1,
        }
        assert!(run <= 3);
        last = Some((key.0, key.1, score));
    }
    for t in v["topics"].as_array().unwrap() {
        assert!(t["id"].is_u64() && t["label"].is_string() && t["passages"].is_array());
    }
}

#[test]
fn a_copied_passage_aligns_to_its_copy() {
    let shared = "The harbour authority voted in March 1998 to dredge the northern channel, \
                  a decision the fishermen's cooperative fought for two years in court.";
    let a = doc(
        "a",
        &[
            "The town was founded by merchants from the coast who traded salt and timber.",
            shared,
            "Tourism replaced fishing as the main income of the town in the new century.",
        ],
    );
    let b = doc(
        "b",
        &[
            "Salt and timber were the first goods traded by the founders of the port.",
            "Visitors from the capital now outnumber the fishermen every summer season.",
            "The mayor opened a new school near the church in the old quarter of town.",
            shared,
            "The cooperative's archive burned in a fire that destroyed the old market.",
        ],
    );
    let c = corpus(vec![a, b]);
    let index = AlignIndex::build(&c);
    let q = index.by_doc[0][1];
    let m = index.best_in_doc(q, 1, 3);
    assert_eq!(m[0].passage, index.by_doc[1][3]);
    assert!(m[0].good);
    assert!(!m[0].terms.is_empty());
    let any = index.best_anywhere(q, 1);
    assert_eq!(any[0].passage, index.by_doc[1][3]);
}

#[test]
fn spelling_variants_of_a_name_align() {
    let a = doc(
        "a",
        &[
            "The Mojahedin-e Khalq Organization (MKO) has been based in Iraq for twenty years.",
            "The MKO leadership moved its fighters to a camp near the border with Iran.",
            "Wheat harvests in the northern provinces were poor because of the drought.",
        ],
    );
    let b = doc(
        "b",
        &[
            "Rainfall in the provinces of the north failed and farmers lost the harvest.",
            "Members of the Mujahideen-e-Khalq (MEK) said the camp would not be abandoned.",
            "The city council discussed the budget of the public library for next year.",
        ],
    );
    let c = corpus(vec![a, b]);
    let index = AlignIndex::build(&c);
    let q = index.by_doc[0][0];
    let m = index.best_in_doc(q, 1, 1);
    assert_eq!(m[0].passage, index.by_doc[1][1], "{m:?}");
    // the acronym alone also finds the other spelling's passage
    let q = index.by_doc[0][1];
    let m = index.best_in_doc(q, 1, 1);
    assert_eq!(m[0].passage, index.by_doc[1][1], "{m:?}");
}

/// Words that look alike are not names: on the seeds, the consonant skeleton once took
/// "counter" for a spelling of "country", "central" of "control" and "persecuted" of
/// "prosecuted". Only words written as names merge so (or forms a stemmer left apart).
#[test]
fn words_that_look_alike_are_not_taken_for_spellings_of_one_name() {
    let a = doc(
        "a",
        &[
            "Officials said the prosecuted leaders would counter the charges in court.",
            "The Mojahedin leadership left the camp before the winter.",
        ],
    );
    let b = doc(
        "b",
        &[
            "Villagers across the country were persecuted for years, the report said.",
            "Mujahedin fighters stayed in the camp through the winter.",
        ],
    );
    let c = corpus(vec![a, b]);
    let index = AlignIndex::build(&c);
    let (a0, b0) = (index.by_doc[0][0], index.by_doc[1][0]);
    assert!(
        index.shared_terms(a0, b0, 10).is_empty(),
        "{:?}",
        index.shared_terms(a0, b0, 10)
    );
    // while the names still merge
    let (a1, b1) = (index.by_doc[0][1], index.by_doc[1][1]);
    let shared = index.shared_terms(a1, b1, 10);
    assert!(
        shared
            .iter()
            .any(|t| t.starts_with("mojahedin") || t.starts_with("mujahedin")),
        "{shared:?}"
    );
    // (that only names merge so is what keeps "counter" from "country": see the unit test
    // `text::tests::spelling_variants_grouped`)
}

#[test]
fn unrelated_texts_have_no_good_match() {
    let a = doc(
        "a",
        &["Photosynthesis converts light energy into chemical energy stored in glucose molecules."],
    );
    let b = doc(
        "b",
        &[
            "The striker scored twice in the second half and the club won the league title.",
            "Parliament passed the budget after a long night of debate over pension reform.",
        ],
    );
    let c = corpus(vec![a, b]);
    let index = AlignIndex::build(&c);
    let m = index.best_in_doc(index.by_doc[0][0], 1, 3);
    assert!(m.iter().all(|m| !m.good), "{m:?}");
}

#[test]
fn the_text_report_names_each_documents_best_match_and_marks_weak_ones() {
    let shared = "The harbour authority voted in March 1998 to dredge the northern channel, \
                  a decision the fishermen's cooperative fought for two years in court.";
    let a = doc("a", &[shared]);
    let b = doc(
        "b",
        &[
            "The mayor opened a new school near the church in the old quarter of town.",
            shared,
        ],
    );
    let c = doc(
        "c",
        &[
            "The striker scored twice in the second half and the club won the league title.",
            "Two years later the club moved to a new stadium by the northern channel.",
        ],
    );
    let d = doc(
        "d",
        &["Photosynthesis converts light energy into chemical energy stored in glucose."],
    );
    let c = corpus(vec![a, b, c, d]);
    let index = AlignIndex::build(&c);
    let text = to_text(&c, &index, 1);
    let q = index.by_doc[0][0];
    let block: Vec<&str> = text
        .split(&format!("\n#{q} "))
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("    → "))
        .collect();
    assert_eq!(block.len(), 3, "one line per other document:\n{text}");
    let copy = index.by_doc[1][1];
    assert!(
        block[0].starts_with(&format!("    → b #{copy} ")),
        "{}",
        block[0]
    );
    assert!(!block[0].contains(" weak "), "{}", block[0]);
    assert!(
        block[0].contains("[") && block[0].contains("harbour"),
        "{}",
        block[0]
    );
    let other = index.by_doc[2][1];
    assert!(
        block[1].starts_with(&format!("    → c #{other} ")),
        "{}",
        block[1]
    );
    assert!(block[1].contains(" weak "), "{}", block[1]);
    assert_eq!(block[2], "    → d no match (no term in common)");
}

/// Words for synthetic documents, four per paragraph, each paragraph its own subject.
const PARALLEL_WORDS: [&str; 48] = [
    "harbour", "granite", "orchard", "lantern", "violin", "glacier", "saddle", "meadow", "copper",
    "falcon", "pottery", "tunnel", "vineyard", "compass", "anchor", "basalt", "chimney", "thistle",
    "walnut", "bakery", "ferry", "quarry", "beacon", "cellar", "marble", "orchid", "ledger",
    "spindle", "canyon", "furnace", "kettle", "mosaic", "pepper", "trumpet", "lagoon", "pistol",
    "tapestry", "barley", "cobalt", "dungeon", "emerald", "gazelle", "hammock", "igloo", "juniper",
    "kayak", "lobster", "mango",
];

/// Twelve paragraphs, each on its own four words of [`PARALLEL_WORDS`].
fn parallel_paragraphs() -> Vec<String> {
    PARALLEL_WORDS
        .chunks(4)
        .map(|w| {
            format!(
                "The {} near the {} was sold with the {} and a {} last spring.",
                w[0], w[1], w[2], w[3]
            )
        })
        .collect()
}

#[test]
fn documents_telling_things_in_the_same_order_are_parallel() {
    let paras = parallel_paragraphs();
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    let shuffled: Vec<&str> = [7, 2, 10, 0, 5, 11, 3, 8, 1, 6, 9, 4]
        .iter()
        .map(|&i| refs[i])
        .collect();
    let c = corpus(vec![doc("a", &refs), doc("b", &refs), doc("c", &shuffled)]);
    let index = AlignIndex::build_without_topics(&c);
    let same = index.parallelism(0, 1);
    let mixed = index.parallelism(0, 2);
    println!("same order {same:.2}, shuffled {mixed:.2}");
    assert!(same > 0.8, "same order: {same}");
    assert!(mixed < 0.3, "shuffled: {mixed}");
}

/// A match the passages around it place, more than the words it shares, says so: one word in
/// common, in a paragraph two parallel accounts tell in the same place, is `by context`; a
/// paragraph told in the same words is not.
#[test]
fn a_match_placed_by_its_neighbours_more_than_by_its_words_says_so() {
    let paras = parallel_paragraphs();
    let a: Vec<&str> = paras.iter().map(String::as_str).collect();
    let mut b = a.clone();
    b[6] = "Nobody bought the marble at that auction; buyers stayed home, wary of prices.";
    let c = corpus(vec![doc("a", &a), doc("b", &b)]);
    let index = AlignIndex::build(&c);
    let lifted = &index.best_in_doc(index.by_doc[0][6], 1, 1)[0];
    assert_eq!(lifted.passage, index.by_doc[1][6]);
    assert_eq!(lifted.terms, vec!["marble".to_string()]);
    assert!(lifted.by_context, "{lifted:?}");
    let same = &index.best_in_doc(index.by_doc[0][2], 1, 1)[0];
    assert_eq!(same.passage, index.by_doc[1][2]);
    assert!(!same.by_context, "{same:?}");
    let report = to_text(&c, &index, 1);
    let line = report
        .lines()
        .find(|l| l.contains(&format!("→ b #{} ", index.by_doc[1][6])))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(line.contains("(by context) [marble]"), "{line}");
}

/// Three paragraphs in the same order as another document's happen once in six shuffles: that
/// is not evidence of parallel accounts, and the order-aware pass must not double their scores
/// (a five-passage news item read as "parallel" to a backgrounder got 0.86 for a passage
/// sharing four common words with it). Twelve in order are.
#[test]
fn a_few_passages_in_the_same_order_are_not_parallel_by_chance() {
    let paras = parallel_paragraphs();
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    let few = [refs[1], refs[5], refs[9]];
    let c = corpus(vec![doc("a", &refs), doc("b", &few)]);
    let index = AlignIndex::build_without_topics(&c);
    let p = index.parallelism(0, 1);
    assert_eq!(p, 0.0, "three passages in order: {p}");
    let unordered = AlignIndex::build_with(
        &c,
        &Options {
            order: 0.0,
            topic_graph_limit: 0,
            ..Options::default()
        },
    );
    for &p in &index.by_doc[1] {
        let with = index.best_in_doc(p, 0, 1);
        let without = unordered.best_in_doc(p, 0, 1);
        assert_eq!(with[0].passage, without[0].passage);
        assert!(
            (with[0].score - without[0].score).abs() < 1e-6,
            "no order bonus: {} vs {}",
            with[0].score,
            without[0].score
        );
    }
}

/// Where two documents run in parallel, a passage that shares no word with its counterpart is
/// still brought to it by its neighbours' matches.
#[test]
fn a_reworded_passage_of_a_parallel_account_is_found_between_its_neighbours_matches() {
    let paras = parallel_paragraphs();
    let a: Vec<&str> = paras.iter().map(String::as_str).collect();
    let mut b = a.clone();
    b[6] = "Nobody bought anything at that auction; buyers stayed home, wary of prices.";
    let c = corpus(vec![doc("a", &a), doc("b", &b)]);
    let query = |options: &Options| {
        let index = AlignIndex::build_with(&c, options);
        let p = index.by_doc[0][6];
        let best = index.best_in_doc(p, 1, 1);
        (index.by_doc[1][6], best.first().map(|m| m.passage))
    };
    let (counterpart, found) = query(&Options::default());
    assert_eq!(found, Some(counterpart));
    // the report says why: no word in common, placed by context
    let report = to_text(&c, &AlignIndex::build(&c), 1);
    let line = report
        .lines()
        .find(|l| l.contains(&format!("→ b #{counterpart} ")))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(line.contains("(by context)"), "{line}");
    let without = Options {
        order_context: 0.0,
        ..Options::default()
    };
    let (counterpart, found) = query(&without);
    assert_ne!(
        found,
        Some(counterpart),
        "no shared word, no context: no reason to pick it"
    );
}

/// A year counts as its decade too (1987 also reads 1980s), but a year shared is one piece
/// of evidence: named once, and alone it is not a subject in common (the seeds' front-company
/// item matched a paragraph on Camp Ashraf at 0.59, "good", by "2011, 2010s"). A decade shared
/// by different years is still named.
#[test]
fn a_year_and_its_decade_are_one_piece_of_evidence() {
    let a = doc(
        "a",
        &["The harbour authority was founded in 1987 by the city council of the port."],
    );
    let b = doc(
        "b",
        &[
            "Parliament passed the budget after a long night of amendments and votes.",
            "The orchestra first toured abroad in 1987, to great acclaim.",
            "Farmers brought their barley to the market on the first Tuesday of spring.",
            "The museum reopened its mosaic gallery after years of careful restoration.",
            "Engineers inspected the tunnel for cracks before the trains could run again.",
            "The bakery on the corner sells walnut bread only on weekends.",
            "A ferry crosses the lagoon every hour in summer, less often in winter.",
            "Collectors paid a fortune for the tapestry at the auction in the capital.",
        ],
    );
    let c = doc(
        "c",
        &[
            "The quarry closed in 1983 when the granite ran out and the workers left.",
            "Children learned to paddle a kayak on the calm water of the reservoir.",
            "A falcon nests on the cliffs above the village every spring.",
        ],
    );
    let corpus = corpus(vec![a, b, c]);
    let index = AlignIndex::build(&corpus);
    let q = index.by_doc[0][0];
    let best = index.best_in_doc(q, 1, 1);
    let m = best.first().expect("a best match");
    assert_eq!(m.passage, index.by_doc[1][1]);
    assert_eq!(m.terms, vec!["1987".to_string()]);
    assert!(!m.good, "{m:?}");
    let best = index.best_in_doc(q, 2, 1);
    let m = best.first().expect("a best match");
    assert_eq!(m.passage, index.by_doc[2][0]);
    assert!(m.terms.contains(&"1980s".to_string()), "{m:?}");
}

/// A best match that shares a single word with the query is shown, but not as the same topic.
#[test]
fn a_match_on_one_shared_word_is_not_good() {
    let a = doc(
        "a",
        &["The falcon circled high above the quiet harbour at dawn, watching the boats."],
    );
    let b = doc(
        "b",
        &[
            "Parliament passed the budget after a long night of amendments and votes.",
            "The orchestra rehearsed the symphony twice before the evening concert.",
            "A falcon nests on cliffs.",
            "Farmers brought their barley to the market on the first Tuesday of spring.",
            "The museum reopened its mosaic gallery after years of careful restoration.",
            "Engineers inspected the tunnel for cracks before the trains could run again.",
            "The bakery on the corner sells walnut bread only on weekends.",
            "A ferry crosses the lagoon every hour in summer, less often in winter.",
            "Collectors paid a fortune for the tapestry at the auction in the capital.",
            "The quarry closed when the granite ran out and the workers moved away.",
            "Children learned to paddle a kayak on the calm water of the reservoir.",
        ],
    );
    let c = corpus(vec![a, b]);
    let index = AlignIndex::build(&c);
    let best = index.best_in_doc(index.by_doc[0][0], 1, 1);
    let m = best.first().expect("a best match");
    assert_eq!(m.passage, index.by_doc[1][2]);
    assert_eq!(m.terms, vec!["falcon".to_string()]);
    assert!(!m.good, "{m:?}");
}

/// What one author says in other words is found through a third author who says both: the
/// query's best match in a third document vouches for its own best match in the target.
#[test]
fn a_third_document_vouches_for_a_match_sharing_no_word() {
    let a = doc(
        "a",
        &[
            "The falcon circled over the granite harbour while the lantern burned.",
            "Parliament passed the budget after a long night of amendments.",
            "Farmers brought their barley to the market on the first Tuesday.",
        ],
    );
    let e = doc(
        "e",
        &[
            "The orchestra rehearsed the symphony twice before the concert.",
            "A falcon over the granite harbour, a lantern burning: then the violin, the \
             glacier and the saddle of the old story.",
            "The museum reopened its mosaic gallery after a careful restoration.",
        ],
    );
    let d = doc(
        "d",
        &[
            "Engineers inspected the tunnel for cracks before the trains ran again.",
            "The violin lay on the glacier beside a saddle.",
            "A ferry crosses the lagoon every hour in summer.",
        ],
    );
    let c = corpus(vec![a, e, d]);
    // without feedback (which would carry the third document's words into the query)
    let query = |transitive: f32| {
        let options = Options {
            prf: 0.0,
            transitive,
            ..Options::default()
        };
        let index = AlignIndex::build_with(&c, &options);
        let best = index.best_in_doc(index.by_doc[0][0], 2, 1);
        (index.by_doc[2][1], best.first().map(|m| m.passage))
    };
    let (target, found) = query(Options::default().transitive);
    assert_eq!(found, Some(target));
    let (target, found) = query(0.0);
    assert_ne!(found, Some(target));
}

#[test]
fn topics_can_come_later() {
    let c = embedded_seeds();
    let full = AlignIndex::build(&c);
    let mut late = AlignIndex::build_without_topics(&c);
    assert!(late.topics.is_empty());
    assert_eq!(late.topic_of.len(), late.passages.len());
    let p = late.by_doc[0][0];
    assert_eq!(late.best_anywhere(p, 3), full.best_anywhere(p, 3));
    late.compute_topics();
    assert_eq!(
        serde_json::to_string(&late.topics).unwrap(),
        serde_json::to_string(&full.topics).unwrap()
    );
    assert_eq!(late.topic_of, full.topic_of);
}

/// A topic map whose rows all read "iran" tells a reader nothing: a label names what sets its
/// topic apart, so no word (in any of its forms: "iran", "Iranian") labels two topics.
#[test]
fn topic_labels_tell_topics_apart() {
    let c = embedded_seeds();
    let index = AlignIndex::build(&c);
    assert!(index.topics.len() >= 5, "{}", index.topics.len());
    let mut seen: Vec<(String, usize)> = Vec::new();
    for t in &index.topics {
        let words: Vec<&str> = t.label.split(" · ").collect();
        assert!((2..=4).contains(&words.len()), "{}", t.label);
        for w in words {
            let w = w.to_lowercase();
            let clash = seen.iter().find(|(x, _)| {
                let (s, l) = if x.len() <= w.len() { (x, &w) } else { (&w, x) };
                s == l || (s.chars().count() >= 4 && l.starts_with(s.as_str()))
            });
            assert!(
                clash.is_none(),
                "{w:?} labels topics {} and {}",
                clash.unwrap().1,
                t.id
            );
            seen.push((w, t.id));
        }
    }
}

/// Beyond `topic_graph_limit` passages, topics come from k-means: still topics of two
/// documents or more, labelled apart.
#[test]
fn large_corpora_fall_back_to_k_means_topics() {
    let c = embedded_seeds();
    let options = Options {
        topic_graph_limit: 0,
        ..Options::default()
    };
    let index = AlignIndex::build_with(&c, &options);
    assert!(index.topics.len() >= 5, "{}", index.topics.len());
    let graph = AlignIndex::build(&c);
    assert_ne!(
        serde_json::to_string(&index.topics).unwrap(),
        serde_json::to_string(&graph.topics).unwrap()
    );
    for t in &index.topics {
        let mut docs: Vec<usize> = t.passages.iter().map(|&p| index.passages[p].doc).collect();
        docs.sort_unstable();
        docs.dedup();
        assert!(docs.len() >= 2, "{}", t.label);
    }
}

#[test]
fn good_means_standing_out_in_the_document() {
    // one passage of b shares the query's subject, the others nothing: good; a weak match
    // among equally weak ones: not good
    let a = doc(
        "a",
        &["The glacier retreated four kilometres between 1950 and 2010, exposing bare rock."],
    );
    let b = doc(
        "b",
        &[
            "Since 1950 the glacier has retreated by about four kilometres up the valley.",
            "The village bakery sells bread, cakes and pastries every morning of the week.",
            "The railway reached the town in the spring, bringing visitors from the city.",
            "A new bridge over the river opened after three years of construction work.",
            "The school choir sang at the festival in the cathedral square last summer.",
        ],
    );
    let c = corpus(vec![a, b]);
    let index = AlignIndex::build(&c);
    let m = index.best_in_doc(index.by_doc[0][0], 1, 3);
    assert_eq!(m[0].passage, index.by_doc[1][0]);
    assert!(m[0].good, "{m:?}");
    assert!(m.iter().skip(1).all(|m| !m.good), "{m:?}");
}

/// A passage carries a little of its section heading (the nearest heading before it), and
/// only of that one.
#[test]
fn passages_carry_their_section_heading() {
    let d = Document::from_blocks(
        "h",
        "h",
        &[
            (BlockKind::Title, "Title words"),
            (
                BlockKind::Paragraph,
                "An opening paragraph about rivers and boats.",
            ),
            (BlockKind::Heading, "Volcanoes"),
            (
                BlockKind::Paragraph,
                "Lava flows down the slopes of the mountain.",
            ),
            (BlockKind::Heading, "Glaciers"),
            (BlockKind::Paragraph, "Ice moves slowly through the valley."),
        ],
    );
    let other = doc(
        "o",
        &["Volcanoes and glaciers shape valleys and mountains."],
    );
    let c = corpus(vec![d, other]);
    let index = AlignIndex::build(&c);
    let has = |p: usize, word: &str| {
        index.vectors[p]
            .iter()
            .any(|&(t, _)| index.display[t as usize].eq_ignore_ascii_case(word))
    };
    let ps = &index.by_doc[0];
    assert_eq!(ps.len(), 3);
    assert!(!has(ps[0], "volcanoes") && !has(ps[0], "glaciers"));
    assert!(has(ps[1], "volcanoes") && !has(ps[1], "glaciers"));
    assert!(has(ps[2], "glaciers") && !has(ps[2], "volcanoes"));
}

/// A document with more distinct words than 16-bit token ids can number (the build then keeps
/// its tokens as 32-bit ids) aligns like any other.
#[test]
fn a_document_with_over_65536_distinct_words_aligns() {
    // Pseudo-words from a 21-letter alphabet: 70,000 distinct ones, 100 to a paragraph.
    let word = |mut n: usize| {
        let letters = b"bcdfghjklmnpqrstvwxyz";
        let mut w = String::from("q");
        for _ in 0..4 {
            w.push(letters[n % letters.len()] as char);
            n /= letters.len();
        }
        w
    };
    let paragraphs: Vec<String> = (0..700)
        .map(|p| {
            (0..100)
                .map(|i| word(p * 100 + i))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let big: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let a = doc("big", &big);
    let b = doc("small", &[paragraphs[417].as_str(), paragraphs[3].as_str()]);
    let c = corpus(vec![a, b]);
    let index = AlignIndex::build(&c);
    for (q, original) in [(index.by_doc[1][0], 417), (index.by_doc[1][1], 3)] {
        let m = index.best_in_doc(q, 0, 1);
        assert_eq!(m[0].passage, index.by_doc[0][original]);
        // The terms that carry the match are words of that paragraph (ids did not wrap).
        let words: Vec<&str> = paragraphs[original].split(' ').collect();
        assert!(!m[0].terms.is_empty());
        for t in &m[0].terms {
            assert!(
                words.iter().any(|w| w.starts_with(t.as_str())),
                "{t} not in the paragraph"
            );
        }
    }
}

/// Documents on another subject (Esther and Ruth, American King James Version, public
/// domain) next to the seeds: a pane must say "no good match" rather than offer a passage
/// that shares only common words ("people", "king", "years"). Measured: 93 of 1,044 of these
/// best matches were flagged good with the old floor (0.08), 48 with 0.12.
#[test]
fn documents_on_another_subject_rarely_get_a_good_match() {
    let mut c = embedded_seeds();
    let seeds = c.documents.len();
    for f in ["esther_akjv.txt", "ruth_akjv.txt"] {
        let path =
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data")).join(f);
        c.documents
            .extend(synoptic::corpus::load(&[path]).unwrap().documents);
    }
    let index = AlignIndex::build(&c);
    let (mut pairs, mut good) = (0, 0);
    for p in 0..index.passages.len() {
        let pd = index.passages[p].doc;
        for d in 0..c.documents.len() {
            if (pd < seeds) == (d < seeds) {
                continue;
            }
            if let Some(m) = index.best_in_doc(p, d, 1).first() {
                pairs += 1;
                good += usize::from(m.good);
            }
        }
    }
    let rate = good as f64 / pairs as f64;
    assert!(pairs > 500, "{pairs}");
    assert!(
        rate <= 0.06,
        "{good} of {pairs} best matches across subjects flagged good"
    );
}

/// The answers the index keeps (feedback lists, best scores per passage and document) hold
/// only what they keep: cut from a list of every touched passage, such a list once kept the
/// room of all of them (36 gospel-length documents: 402 MB for `synoptic align`, 43 MB since).
#[test]
fn cached_answers_keep_no_room_for_what_they_dropped() {
    let c = embedded_seeds();
    let index = AlignIndex::build(&c);
    for p in 0..index.passages.len() {
        index.best_per_doc(p, 3);
    }
    let per_passage = index.cache_bytes() / index.passages.len();
    println!("cache: {per_passage} bytes per passage");
    assert!(per_passage > 0);
    // measured 3,952 (9,504 when the lists kept their room)
    assert!(per_passage < 5_000, "{per_passage} bytes per passage");
}
