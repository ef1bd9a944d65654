//! The conflicts found on the seeds, judged against the development set labelled by reading
//! them (tests/data/disagreements_dev.json): precision and recall on the half tuned on, and on
//! the held-out half.
//!
//! `cargo test --test claims_dev -- --nocapture` prints the tuned half's figures;
//! with `CLAIMS_HELDOUT=1` the held-out half's too (looked at only at the end).

use serde::Deserialize;
use synoptic::align::AlignIndex;
use synoptic::claims::report::{to_report, ClaimOut};
use synoptic::claims::Claims;

#[derive(Deserialize)]
struct Dev {
    facts: Vec<Fact>,
}

#[derive(Deserialize)]
struct Fact {
    id: usize,
    split: String,
    verdict: String,
    claims: Vec<Labelled>,
}

#[derive(Deserialize)]
struct Labelled {
    doc: String,
    value: String,
    quote: String,
    side: String,
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
}

fn matches(l: &Labelled, c: &ClaimOut) -> bool {
    let (lv, cv) = (norm(&l.value), norm(&c.value));
    l.doc == c.doc
        && norm(&c.quote).contains(&norm(&l.quote))
        && (lv.contains(&cv) || cv.contains(&lv))
}

/// Figures of one split.
#[derive(Debug, Default, PartialEq)]
struct Figures {
    listed: usize,
    true_listed: usize,
    disagreements: usize,
    found: usize,
}

impl Figures {
    fn precision(&self) -> f64 {
        if self.listed == 0 {
            1.0
        } else {
            self.true_listed as f64 / self.listed as f64
        }
    }
    fn recall(&self) -> f64 {
        self.found as f64 / self.disagreements.max(1) as f64
    }
}

/// For each split, and for conflicts that match no labelled fact.
fn evaluate() -> (Figures, Figures, usize, Vec<(bool, String)>) {
    let corpus = synoptic::corpus::embedded_seeds();
    let index = AlignIndex::build(&corpus);
    let claims = Claims::build(&corpus, &index);
    let report = to_report(&corpus, &claims);
    let dev: Dev =
        serde_json::from_str(include_str!("data/disagreements_dev.json")).expect("dev set");
    let mut tune = Figures::default();
    let mut held = Figures::default();
    let mut unlabelled = 0;
    let mut lines = Vec::new();
    let mut found_facts = std::collections::BTreeSet::new();
    for c in &report.conflicts {
        // the labelled facts its claims belong to, and whether two of them are on opposite sides
        let mut facts: Vec<(&Fact, bool)> = Vec::new();
        for f in &dev.facts {
            let sides: Vec<&str> = c
                .claims
                .iter()
                .flat_map(|cl| f.claims.iter().filter(move |l| matches(l, cl)))
                .map(|l| l.side.as_str())
                .collect();
            if sides.is_empty() {
                continue;
            }
            let real = f.verdict == "disagreement" && sides.contains(&"A") && sides.contains(&"B");
            facts.push((f, real));
        }
        let real = facts.iter().find(|(_, r)| *r).map(|(f, _)| f);
        let values: Vec<&str> = c.claims.iter().map(|cl| cl.value.as_str()).collect();
        match (real, facts.first()) {
            (Some(f), _) => {
                found_facts.insert(f.id);
                let fig = if f.split == "tune" {
                    &mut tune
                } else {
                    &mut held
                };
                fig.listed += 1;
                fig.true_listed += 1;
                lines.push((
                    f.split != "tune",
                    format!("  TRUE  [{}] fact {} {:?}", c.id, f.id, values),
                ));
            }
            (None, Some((f, _))) => {
                let fig = if f.split == "tune" {
                    &mut tune
                } else {
                    &mut held
                };
                fig.listed += 1;
                lines.push((
                    f.split != "tune",
                    format!(
                        "  FALSE [{}] fact {} ({}) {:?}",
                        c.id, f.id, f.verdict, values
                    ),
                ));
            }
            (None, None) => {
                unlabelled += 1;
                lines.push((
                    false,
                    format!("  FALSE [{}] unlabelled {} {:?}", c.id, c.fact, values),
                ));
            }
        }
    }
    for f in dev.facts.iter().filter(|f| f.verdict == "disagreement") {
        let fig = if f.split == "tune" {
            &mut tune
        } else {
            &mut held
        };
        fig.disagreements += 1;
        if found_facts.contains(&f.id) {
            fig.found += 1;
        }
    }
    (tune, held, unlabelled, lines)
}

#[test]
fn precision_floor_on_the_development_set() {
    let (tune, held, unlabelled, lines) = evaluate();
    let show_held = std::env::var_os("CLAIMS_HELDOUT").is_some();
    println!(
        "tuned half: {} listed, {} true (precision {:.2}); {} of {} disagreements found (recall {:.2}); {} unlabelled",
        tune.listed,
        tune.true_listed,
        tune.precision(),
        tune.found,
        tune.disagreements,
        tune.recall(),
        unlabelled
    );
    if show_held {
        println!(
            "held-out half: {} listed, {} true (precision {:.2}); {} of {} disagreements found (recall {:.2})",
            held.listed,
            held.true_listed,
            held.precision(),
            held.found,
            held.disagreements,
            held.recall()
        );
    }
    for (held_out, l) in &lines {
        if show_held || !held_out {
            println!("{l}");
        }
    }
    // every conflict listed, in either half or matching no labelled fact
    let listed = tune.listed + held.listed + unlabelled;
    let true_listed = tune.true_listed + held.true_listed;
    assert!(listed > 0, "no conflict found on the seeds");
    let precision = true_listed as f64 / listed as f64;
    assert!(
        precision >= 0.6,
        "precision {precision:.2} over {listed} conflicts (tuned {tune:?}, held out {held:?}, {unlabelled} unlabelled)"
    );
    // at least the example and one other disagreement
    assert!(tune.found + held.found >= 2, "{tune:?} {held:?}");
}
