//! Measures the alignment engine on the dev set: precision@1 and hit@3 next to a plain TF-IDF
//! cosine baseline on the same passages, plus index and query times.
//!
//! `cargo run --release --example align_eval [-- --ablate]`

use std::time::Instant;
use synoptic::align::eval::{evaluate, label_passages, GoldSet, Labels};
use synoptic::align::{AlignIndex, Options};
use synoptic::corpus::{BlockKind, Corpus, Document, DocumentBuilder, DocumentMeta};

/// Temporary loader until the corpus loader lands: one paragraph per line (or per
/// whitespace-separated group of wrapped lines).
fn load_seeds() -> Corpus {
    let mut docs = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir("seeds")
        .expect("seeds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for path in files {
        let raw = std::fs::read_to_string(&path).unwrap();
        let chunks: Vec<String> = if raw.lines().any(|l| !l.is_empty() && l.trim().is_empty()) {
            raw.split("\n \n")
                .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect()
        } else {
            raw.lines().map(|l| l.trim().to_string()).collect()
        };
        let mut b = DocumentBuilder::default();
        let mut first = true;
        for c in chunks.iter().filter(|c| !c.is_empty()) {
            let kind = if first {
                BlockKind::Title
            } else if c.starts_with('[') || c.starts_with("http") {
                BlockKind::Note
            } else if c.len() < 80 && !c.ends_with('.') {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            };
            first = false;
            b.push(kind, c, Vec::new());
        }
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        docs.push(b.finish(DocumentMeta {
            id: stem.clone(),
            title: stem,
            source: path.to_string_lossy().to_string(),
            ..DocumentMeta::default()
        }));
    }
    let _ = Document::from_blocks;
    Corpus {
        documents: docs,
        warnings: Vec::new(),
    }
}

fn run(name: &str, corpus: &Corpus, gold: &GoldSet, opts: &Options) -> (AlignIndex, Labels) {
    let t = Instant::now();
    let index = AlignIndex::build_with(corpus, opts);
    let build = t.elapsed();
    let labels = label_passages(corpus, &index, gold);
    let t = Instant::now();
    let s = evaluate(&index, &labels);
    let per_query = t.elapsed().as_secs_f64() * 1000.0 / s.pairs.max(1) as f64;
    println!(
        "{name:<28} P@1 {:.3}  hit@3 {:.3}  ({} pairs)  index {:.1} ms  query {:.3} ms",
        s.precision_at_1,
        s.hit_at_3,
        s.pairs,
        build.as_secs_f64() * 1000.0,
        per_query
    );
    (index, labels)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let corpus = load_seeds();
    let gold =
        GoldSet::parse(&std::fs::read_to_string("tests/data/alignment_dev.json").unwrap()).unwrap();
    println!(
        "{} documents, gold topics: {}",
        corpus.documents.len(),
        gold.topics.len()
    );
    let (base, _) = run(
        "baseline tf-idf cosine",
        &corpus,
        &gold,
        &Options::baseline(),
    );
    let (index, labels) = run("engine", &corpus, &gold, &Options::default());
    println!(
        "passages: {} (baseline {}), labelled: {}, unmapped quotes: {}",
        index.passages.len(),
        base.passages.len(),
        labels
            .passage_topics
            .iter()
            .filter(|t| !t.is_empty())
            .count(),
        labels.unmapped.len()
    );
    for u in &labels.unmapped {
        println!("  unmapped: {u:?}");
    }
    let s = evaluate(&index, &labels);
    for (t, (pairs, ok)) in labels.topic_names.iter().zip(&s.per_topic) {
        println!("  {t:<26} {ok}/{pairs}");
    }
    let mut c = s.correct_scores.clone();
    let mut w = s.wrong_scores.clone();
    c.sort_by(f32::total_cmp);
    w.sort_by(f32::total_cmp);
    let q = |v: &[f32], f: f64| v.get(((v.len() as f64 - 1.0) * f) as usize).copied();
    println!(
        "score of correct top-1: p10 {:?} p50 {:?}; wrong: p50 {:?} p90 {:?}",
        q(&c, 0.1),
        q(&c, 0.5),
        q(&w, 0.5),
        q(&w, 0.9)
    );
    // corpus-wide query time
    let t = Instant::now();
    for p in 0..index.passages.len() {
        std::hint::black_box(index.best_anywhere(p, 5));
    }
    println!(
        "best_anywhere: {:.3} ms per query; topics: {}",
        t.elapsed().as_secs_f64() * 1000.0 / index.passages.len().max(1) as f64,
        index.topics.len()
    );
    for t in &index.topics {
        println!(
            "  topic {} [{}] {} passages",
            t.id,
            t.label,
            t.passages.len()
        );
    }

    if args.iter().any(|a| a == "--ablate") {
        let d = Options::default();
        let variants: Vec<(&str, Options)> = vec![
            (
                "no stemming",
                Options {
                    stem: false,
                    ..d.clone()
                },
            ),
            (
                "no stop words",
                Options {
                    stop_words: false,
                    ..d.clone()
                },
            ),
            (
                "no spelling variants",
                Options {
                    variants: false,
                    ..d.clone()
                },
            ),
            (
                "no acronyms",
                Options {
                    acronyms: false,
                    ..d.clone()
                },
            ),
            (
                "max_df 1.0",
                Options {
                    max_df: 1.0,
                    ..d.clone()
                },
            ),
            (
                "max_df 0.3",
                Options {
                    max_df: 0.3,
                    ..d.clone()
                },
            ),
            (
                "max_df 0.2",
                Options {
                    max_df: 0.2,
                    ..d.clone()
                },
            ),
            (
                "year boost 1.0",
                Options {
                    year_boost: 1.0,
                    ..d.clone()
                },
            ),
            (
                "year boost 2.0",
                Options {
                    year_boost: 2.0,
                    ..d.clone()
                },
            ),
            (
                "neighbours 0.2",
                Options {
                    neighbours: 0.2,
                    ..d.clone()
                },
            ),
            (
                "neighbours 0.4",
                Options {
                    neighbours: 0.4,
                    ..d.clone()
                },
            ),
            (
                "heading 0.2",
                Options {
                    heading: 0.2,
                    ..d.clone()
                },
            ),
            (
                "heading 0.4",
                Options {
                    heading: 0.4,
                    ..d.clone()
                },
            ),
            (
                "cross-doc terms only",
                Options {
                    cross_doc_only: true,
                    ..d.clone()
                },
            ),
            (
                "raw tf",
                Options {
                    log_tf: false,
                    ..d.clone()
                },
            ),
            (
                "rerank 0.3",
                Options {
                    rerank: 0.3,
                    ..d.clone()
                },
            ),
            (
                "rerank 0.6",
                Options {
                    rerank: 0.6,
                    ..d.clone()
                },
            ),
        ];
        for (name, o) in variants {
            run(name, &corpus, &gold, &o);
        }
    }
}
