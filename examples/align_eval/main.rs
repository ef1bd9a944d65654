//! Measures the alignment engine on the dev set: precision@1 and hit@3 next to a plain TF-IDF
//! cosine baseline on the same passages, plus index and query times.
//!
//! `cargo run --release --example align_eval [-- --ablate [spec ...]]`; `--gospels DIR` measures
//! on the four gospels of `DIR` (`tests/data/gospels_asv`) and their parallel pericopes instead
//! of the seeds and the dev set; `--gold FILE` takes another gold set for the corpus
//! (`tests/data/alignment_dev_completed.json`: the dev topics labelled on every passage);
//! `--judge-with FILE` judges the gold set's queries by another labelling of its topics. Also
//! `--debug` (wrong first matches), `--agreement` (how parallel each document pair is),
//! `--path` (how often the order-aware alignment's own pairing is right), `--dump FILE`
//! (candidate features as TSV), `--calibrate`, `--lenstats`, `--headings`, `--scale`,
//! `--corpus DIR`, `--bible DIR [spec ...]`, `--sets` (every gold set of the seeds, held-out
//! topics included, in one table); `ALIGN_OPTS=spec` adds a run, `ALIGN_PER_TOPIC=1`
//! prints per-topic counts under each run, `ALIGN_TOPICS=1` how each run's topics agree with
//! the gold topics (the engine's are printed after its topic list). A spec is
//! `name=value,...` over the fields of `synoptic::align::Options`, read through serde (`name`
//! alone turns a switch on).

mod diagnose;
#[path = "../../tests/align_support/eval.rs"]
mod eval;
mod scale;
mod sets;

use diagnose::*;
use scale::*;
use sets::*;

use eval::{evaluate, label_passages, pairs, shares, GoldSet, Labels};
use std::time::Instant;
use synoptic::align::{AlignIndex, Options};
use synoptic::corpus::{embedded_seeds, Corpus};

fn run(name: &str, corpus: &Corpus, gold: &GoldSet, opts: &Options) -> (AlignIndex, Labels) {
    let t = Instant::now();
    let index = AlignIndex::build_with(corpus, opts);
    let build = t.elapsed();
    let labels = label_passages(corpus, &index, gold);
    let t = Instant::now();
    let s = evaluate(&index, &labels);
    let per_query = t.elapsed().as_secs_f64() * 1000.0 / s.pairs.max(1) as f64;
    // again, with each document pair's order-aware alignment already made
    let t = Instant::now();
    std::hint::black_box(evaluate(&index, &labels));
    let warm = t.elapsed().as_secs_f64() * 1000.0 / s.pairs.max(1) as f64;
    let (h1, h2) = halves(&s);
    let (pa, pb) = match eval::seed_parallel_docs(corpus) {
        Some((a, b)) => (
            eval::parallel_precision(corpus, &index, a, b).0,
            eval::parallel_precision(corpus, &index, b, a).0,
        ),
        None => (0.0, 0.0),
    };
    println!(
        "{name:<28} P@1 {:.3}  hit@3 {:.3}  ({} pairs)  halves {h1:.3}/{h2:.3}  parallel {pa:.2}/{pb:.2}  index {:.1} ms  query {:.3} ms (warm {warm:.3})",
        s.precision_at_1,
        s.hit_at_3,
        s.pairs,
        build.as_secs_f64() * 1000.0,
        per_query
    );
    if std::env::var_os("ALIGN_PER_TOPIC").is_some() {
        let t: Vec<String> = s
            .per_topic
            .iter()
            .map(|(n, ok)| format!("{ok}/{n}"))
            .collect();
        println!("    per topic: {}", t.join(" "));
    }
    if std::env::var_os("ALIGN_TOPICS").is_some() {
        print_topic_agreement(&index, &labels);
    }
    (index, labels)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--scale") {
        scale_bench();
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--bible") {
        bible_check(&args[i + 1]);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--kings") {
        kings_check(&args[i + 1..]);
        return;
    }
    if args.iter().any(|a| a == "--sets") {
        gold_sets_table();
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--readers") {
        readers_table(&args[i + 1]);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--export-labels") {
        export_labels(&args[i + 1]);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--corpus") {
        corpus_bench(&args[i + 1]);
        return;
    }
    // the seeds and the dev set, or (`--gospels DIR`) the four gospels of one translation
    // and their parallel accounts
    let (corpus, gold_path) = match args.iter().position(|a| a == "--gospels") {
        Some(i) => (gospels(&args[i + 1]), "tests/data/gospels_asv.json"),
        None => (embedded_seeds(), "tests/data/alignment_dev.json"),
    };
    // `--gold FILE`: another gold set for the same corpus (e.g. the dev topics labelled on
    // every passage, tests/data/alignment_dev_completed.json)
    let gold_path = match args.iter().position(|a| a == "--gold") {
        Some(i) => args[i + 1].as_str(),
        None => gold_path,
    };
    if let Some(i) = args.iter().position(|a| a == "--dump") {
        let gold =
            GoldSet::parse(&std::fs::read_to_string("tests/data/alignment_dev.json").unwrap())
                .unwrap();
        let index = AlignIndex::build_with(&corpus, &Options::default());
        let labels = label_passages(&corpus, &index, &gold);
        dump_features(&corpus, &index, &labels, &args[i + 1]);
        return;
    }
    let gold = GoldSet::parse(&std::fs::read_to_string(gold_path).unwrap()).unwrap();
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
    summary(&corpus, &base, &index, &labels);
    extras(&args, &corpus, &gold, (&base, &index), &labels);
    ablations(&args, &corpus, &gold);
}

/// The engine's figures on the dev set next to the baseline's, per topic, its scores, query
/// time and topics.
fn summary(corpus: &Corpus, base: &AlignIndex, index: &AlignIndex, labels: &Labels) {
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
    if let Some((a, b)) = eval::seed_parallel_docs(corpus) {
        let (pa, na) = eval::parallel_precision(corpus, index, a, b);
        let (pb, nb) = eval::parallel_precision(corpus, index, b, a);
        let (ba, _) = eval::parallel_precision(corpus, base, a, b);
        let (bb, _) = eval::parallel_precision(corpus, base, b, a);
        println!(
            "parallel accounts {} <-> {}: P@1 {pa:.3} ({na}) / {pb:.3} ({nb}); baseline {ba:.3} / {bb:.3}",
            corpus.documents[a].id, corpus.documents[b].id
        );
    }
    let s = evaluate(index, labels);
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
    print_topic_agreement(index, labels);
}

/// The reports asked for by flags (`--gospels`, `--explain P D`, `--agreement`,
/// `--judge-with FILE`, `--path`, `--calibrate`, `--headings`, `--lenstats`, `--nearmiss`,
/// `--debug`), and what the reader calls a good match.
fn extras(
    args: &[String],
    corpus: &Corpus,
    gold: &GoldSet,
    (base, index): (&AlignIndex, &AlignIndex),
    labels: &Labels,
) {
    if args.iter().any(|a| a == "--gospels") {
        // what the reader waits for on the keystroke that first asks for a document pair (the
        // pair is aligned both ways then), and on the next one
        let fresh = AlignIndex::build_with(
            corpus,
            &tweak(
                &Options::default(),
                &std::env::var("ALIGN_OPTS").unwrap_or_default(),
            ),
        );
        let (luke, matthew) = (2, 0);
        let p = fresh.by_doc[luke][fresh.by_doc[luke].len() / 2];
        let t = Instant::now();
        fresh.best_in_doc(p, matthew, 3);
        let first = t.elapsed();
        let t = Instant::now();
        fresh.best_in_doc(p + 1, matthew, 3);
        println!(
            "first query of a document pair (Luke → Matthew, {} × {} passages): {:.1} ms, the next {:.3} ms",
            fresh.by_doc[luke].len(),
            fresh.by_doc[matthew].len(),
            first.as_secs_f64() * 1e3,
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    if let Some(i) = args.iter().position(|a| a == "--explain") {
        // `--explain P D`: passage P's neighbourhood in the alignment with document D and its
        // best candidates there
        let p: usize = args[i + 1].parse().unwrap();
        let d: usize = args[i + 2].parse().unwrap();
        let qd = index.passages[p].doc;
        println!("parallelism {:.2}", index.parallelism(qd, d));
        for x in p.saturating_sub(4)..p + 5 {
            if index.passages.get(x).is_none_or(|q| q.doc != qd) {
                continue;
            }
            let best = index.best_in_doc(x, d, 3);
            println!(
                "  {}#{x} aligned {:?} best {:?} topics {:?}",
                if x == p { ">" } else { " " },
                index.aligned_passage(x, d),
                best.iter()
                    .map(|m| (m.passage, (m.score * 1000.0).round() / 1000.0))
                    .collect::<Vec<_>>(),
                labels.passage_topics[x]
            );
        }
    }
    if args.iter().any(|a| a == "--agreement") {
        // with ALIGN_OPTS, the pairs' parallelism under those options
        let index = AlignIndex::build_with(
            corpus,
            &tweak(
                &Options::default(),
                &std::env::var("ALIGN_OPTS").unwrap_or_default(),
            ),
        );
        for a in 0..index.by_doc.len() {
            let row: Vec<String> = (0..index.by_doc.len())
                .map(|b| {
                    if a == b {
                        "  -  ".into()
                    } else {
                        format!("{:.2}", index.parallelism(a, b))
                    }
                })
                .collect();
            println!("  {:<28} {}", corpus.documents[a].id, row.join(" "));
        }
    }
    if let Some(i) = args.iter().position(|a| a == "--judge-with") {
        // the gold set's queries, judged with another labelling of the same topics (is a
        // first match outside the gold set's quotes really off the topic?)
        let other = GoldSet::parse(&std::fs::read_to_string(&args[i + 1]).unwrap()).unwrap();
        for (name, ix) in [("baseline", &base), ("engine", &index)] {
            let labels = label_passages(corpus, ix, gold);
            let wide = label_passages(corpus, ix, &other);
            let (n, narrow, judged) = judge_with(ix, &labels, &wide);
            println!(
                "  {name:<8} judged with {}: P@1 {:.3} (with the gold set's own labels {:.3}, {n} pairs)",
                args[i + 1],
                judged,
                narrow
            );
        }
    }
    if args.iter().any(|a| a == "--path") {
        path_check(index, labels);
    }
    {
        // what the reader calls a good match: how many first matches, how often right, and
        // how many of the right ones it keeps
        let (mut n, mut flagged, mut flagged_ok, mut ok) = (0, 0, 0, 0);
        for (p, d, gold) in pairs(index, labels) {
            n += 1;
            let Some(m) = index.best_in_doc(p, d, 1).into_iter().next() else {
                continue;
            };
            let right = gold.contains(&m.passage);
            ok += usize::from(right);
            flagged += usize::from(m.good);
            flagged_ok += usize::from(m.good && right);
        }
        println!(
            "good first matches: {:.2} of pairs, right {:.3}; right first matches flagged good {:.3}",
            flagged as f64 / n.max(1) as f64,
            flagged_ok as f64 / flagged.max(1) as f64,
            flagged_ok as f64 / ok.max(1) as f64
        );
    }
    if args.iter().any(|a| a == "--calibrate") {
        calibrate(index, labels);
    }
    if args.iter().any(|a| a == "--headings") {
        for d in &corpus.documents {
            let hs: Vec<&str> = d
                .blocks
                .iter()
                .filter(|b| b.kind == synoptic::corpus::BlockKind::Heading)
                .map(|b| d.block_text(b))
                .collect();
            println!("{} {} blocks, headings {:?}", d.id, d.blocks.len(), hs);
        }
    }
    if args.iter().any(|a| a == "--lenstats") {
        len_stats(index, labels);
    }
    if args.iter().any(|a| a == "--nearmiss") {
        near_misses(index, labels);
    }
    if args.iter().any(|a| a == "--debug") {
        match std::env::var("DEBUG_OPTS") {
            Ok(spec) => {
                let o = if spec == "baseline" {
                    Options::baseline()
                } else {
                    tweak(&Options::default(), &spec)
                };
                let other = AlignIndex::build_with(corpus, &o);
                debug_failures(corpus, &other, labels);
            }
            Err(_) => debug_failures(corpus, index, labels),
        }
    }
}

/// `ALIGN_OPTS=spec`: a run with those options; `--ablate [spec ...]`: a run per spec.
fn ablations(args: &[String], corpus: &Corpus, gold: &GoldSet) {
    let base_opts = tweak(
        &Options::default(),
        &std::env::var("ALIGN_OPTS").unwrap_or_default(),
    );
    if base_opts != Options::default() {
        run("engine + ALIGN_OPTS", corpus, gold, &base_opts);
    }
    if args.iter().any(|a| a == "--ablate") {
        let specs = [
            "stem=0",
            "stop_words=0",
            "variants=0",
            "acronyms=0",
            "decades=0",
            "max_df=1",
            "max_df=0.3",
            "year_boost=1",
            "year_boost=2",
            "spread=0",
            "heading=0",
            "heading=0.25",
            "heading=0.5",
            "prf=0",
            "prf=0.3",
            "prf=1",
            "prf=1,prf_depth=10",
            "prf_gate_z=0",
            "order=0",
            "order=0.2",
            "order_context=0",
            "transitive=0",
        ];
        let extra: Vec<String> = args
            .iter()
            .skip_while(|a| *a != "--ablate")
            .skip(1)
            .cloned()
            .collect();
        let list: Vec<String> = if extra.is_empty() {
            specs.iter().map(|s| s.to_string()).collect()
        } else {
            extra
        };
        for spec in list {
            run(&spec, corpus, gold, &tweak(&base_opts, &spec));
        }
    }
}

/// One line: how the topics agree with the gold topics over cross-document pairs.
fn print_topic_agreement(index: &AlignIndex, labels: &Labels) {
    let s = eval::topic_agreement(index, labels);
    println!(
        "    topics vs gold (cross-document pairs): F1 {:.3} (precision {:.3}, recall {:.3}), labelled passages in a topic {:.2}, largest document's share per topic {:.2}",
        s.f1, s.precision, s.recall, s.coverage, s.dominance
    );
}

/// P@1 over the first and the second half of the topics (per-topic counts summed; a pair
/// carrying topics of both halves counts in both): a check against fitting a few topics.
fn halves(s: &eval::Scores) -> (f64, f64) {
    let h = s.per_topic.len() / 2;
    let p = |v: &[(usize, usize)]| {
        let (n, ok) = v.iter().fold((0, 0), |a, x| (a.0 + x.0, a.1 + x.1));
        ok as f64 / n.max(1) as f64
    };
    (p(&s.per_topic[..h]), p(&s.per_topic[h..]))
}

/// Applies `name=value,...` to options: the names and types are those of [`Options`]' own
/// fields (through serde), `name` alone sets a switch.
fn tweak(base: &Options, spec: &str) -> Options {
    let mut v = serde_json::to_value(base).expect("options as JSON");
    for kv in spec.split(',').filter(|s| !s.is_empty()) {
        let (k, x) = kv.split_once('=').unwrap_or((kv, "1"));
        let field = v.get_mut(k).unwrap_or_else(|| panic!("unknown option {k}"));
        *field = match field {
            serde_json::Value::Bool(_) => serde_json::Value::Bool(x != "0"),
            _ => serde_json::from_str(x).unwrap_or_else(|_| panic!("{k}={x}: not a number")),
        };
    }
    serde_json::from_value(v).unwrap_or_else(|e| panic!("{spec}: {e}"))
}
