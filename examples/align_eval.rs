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

#[path = "../tests/align_support/eval.rs"]
mod eval;

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

/// `--sets`: precision@1 and hit@3 of plain TF-IDF and of the engine on every gold set of
/// the seeds — the dev set's quotes, its topics labelled on every passage, the two held-out
/// sets of topics nobody tuned for, and all thirty topics together (a match is right when
/// it shares any of them).
fn gold_sets_table() {
    let corpus = embedded_seeds();
    let read = |p: &str| GoldSet::parse(&std::fs::read_to_string(p).unwrap()).unwrap();
    let full = read("tests/data/alignment_dev_completed.json");
    let held = read("tests/data/alignment_heldout.json");
    let held2 = read("tests/data/alignment_heldout2.json");
    let union = GoldSet {
        topics: [&full, &held, &held2]
            .iter()
            .flat_map(|g| g.topics.iter().cloned())
            .collect(),
    };
    let sets = [
        ("dev set (quotes)", read("tests/data/alignment_dev.json")),
        ("dev topics, every passage", full),
        ("held-out topics", held),
        ("held-out topics 2", held2),
        ("all 30 topics", union),
    ];
    let base = AlignIndex::build_with(&corpus, &Options::baseline());
    let engine = AlignIndex::build_with(&corpus, &Options::default());
    println!("| gold set | pairs | TF-IDF P@1 | TF-IDF hit@3 | engine P@1 | engine hit@3 |");
    println!("|---|---|---|---|---|---|");
    for (name, gold) in &sets {
        let b = evaluate(&base, &label_passages(&corpus, &base, gold));
        let e = evaluate(&engine, &label_passages(&corpus, &engine, gold));
        println!(
            "| {name} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
            e.pairs, b.precision_at_1, b.hit_at_3, e.precision_at_1, e.hit_at_3
        );
    }
}

/// `--readers FILE` (tests/data/reader_picks.json): a reader's own first choices for pairs
/// sampled from the gold sets, judged by each gold set as the engine is, next to the engine
/// and plain TF-IDF on the same pairs, and how often each one's first match is the reader's.
fn readers_table(path: &str) {
    use eval::{reader_agreement, reader_consensus, reader_pairs, same_passage};
    let corpus = embedded_seeds();
    let engine = AlignIndex::build_with(
        &corpus,
        &tweak(
            &Options::default(),
            &std::env::var("ALIGN_OPTS").unwrap_or_default(),
        ),
    );
    let base = AlignIndex::build_with(&corpus, &Options::baseline());
    let pairs = reader_pairs(&corpus, &engine, &std::fs::read_to_string(path).unwrap()).unwrap();
    let same = |a: usize, b: Option<usize>| b.is_some_and(|b| same_passage(&corpus, &engine, a, b));
    let n = pairs.len();
    let agree = pairs
        .iter()
        .filter(|r| same(r.choices[0].pick, Some(r.choices[1].pick)))
        .count();
    let near = pairs
        .iter()
        .filter(|r| {
            let (a, b) = (r.choices[0], r.choices[1]);
            same(a.pick, Some(b.pick)) || same(a.pick, b.second) || same(b.pick, a.second)
        })
        .count();
    let consensus = reader_consensus(&corpus, &engine, &pairs);
    println!(
        "{n} pairs; the two readers pick the same passage in {agree} ({:.3}), one's first in the other's first two {:.3}; both clear and the same: {} pairs",
        agree as f64 / n as f64,
        near as f64 / n as f64,
        consensus.len()
    );
    let by_pair: std::collections::HashMap<(usize, usize), &eval::ReaderPair> =
        pairs.iter().map(|r| ((r.query, r.doc), r)).collect();
    let read = |p: &str| GoldSet::parse(&std::fs::read_to_string(p).unwrap()).unwrap();
    println!("| gold set | pairs with readers' choices | readers' P@1 (first / second reader) | engine P@1 | TF-IDF P@1 |");
    println!("|---|---|---|---|---|");
    for (name, file) in [
        ("dev set (quotes)", "tests/data/alignment_dev.json"),
        (
            "dev topics, every passage",
            "tests/data/alignment_dev_completed.json",
        ),
        ("held-out topics", "tests/data/alignment_heldout.json"),
        ("held-out topics 2", "tests/data/alignment_heldout2.json"),
    ] {
        let labels = label_passages(&corpus, &engine, &read(file));
        let on =
            |q: usize, m: usize| eval::shares(&labels.passage_topics[q], &labels.passage_topics[m]);
        let (mut n, mut first, mut second, mut e, mut b) = (0, 0, 0, 0, 0);
        for (q, d, _) in eval::pairs(&engine, &labels) {
            let Some(r) = by_pair.get(&(q, d)) else {
                continue;
            };
            n += 1;
            first += usize::from(on(q, r.choices[0].pick));
            second += usize::from(on(q, r.choices[1].pick));
            let top = |ix: &AlignIndex| ix.best_in_doc(q, d, 1).first().map(|m| m.passage);
            e += usize::from(top(&engine).is_some_and(|m| on(q, m)));
            b += usize::from(top(&base).is_some_and(|m| on(q, m)));
        }
        let f = |k: usize| k as f64 / n.max(1) as f64;
        println!(
            "| {name} | {n} | {:.3} / {:.3} | {:.3} | {:.3} |",
            f(first),
            f(second),
            f(e),
            f(b)
        );
    }
    // the topic map: do the readers' consensus pairs fall in one topic?
    let mut topic_of = vec![None; engine.passages.len()];
    for t in &engine.topics {
        for &p in &t.passages {
            topic_of[p] = Some(t.id);
        }
    }
    let together = consensus
        .iter()
        .filter(|&&(q, _, pick)| topic_of[q].is_some() && topic_of[q] == topic_of[pick])
        .count();
    // two passages drawn at random from the topics fall in one with this chance
    let covered = topic_of.iter().flatten().count().max(1) as f64;
    let chance: f64 = engine
        .topics
        .iter()
        .map(|t| (t.passages.len() as f64 / covered).powi(2))
        .sum();
    println!(
        "topics: the consensus pair in one topic {together}/{} ({:.3}; by chance {chance:.3}), {} topics",
        consensus.len(),
        together as f64 / consensus.len().max(1) as f64,
        engine.topics.len()
    );
    for (name, ix) in [("engine", &engine), ("TF-IDF", &base)] {
        let (mut hit, mut top2) = (0, 0);
        for r in &pairs {
            let c = r.choices[0];
            let f = ix.best_in_doc(r.query, r.doc, 1).first().map(|m| m.passage);
            hit += usize::from(f.is_some_and(|f| same(f, Some(c.pick))));
            top2 += usize::from(f.is_some_and(|f| same(f, Some(c.pick)) || same(f, c.second)));
        }
        println!(
            "{name}: first match is the first reader's choice {hit}/{n} ({:.3}), the first or second choice {:.3}; the readers' consensus {:.3} of {}",
            hit as f64 / n as f64,
            top2 as f64 / n as f64,
            reader_agreement(&corpus, ix, &consensus),
            consensus.len()
        );
    }
}

/// `--export-labels FILE`: the seeds' passages, each gold set's topics per passage and its
/// (query, document) pairs, with the engine's and plain TF-IDF's first three matches of each
/// (JSON), for judging matches outside this program (e.g. a reader's own choices).
fn export_labels(out: &str) {
    let corpus = embedded_seeds();
    let read = |p: &str| GoldSet::parse(&std::fs::read_to_string(p).unwrap()).unwrap();
    let sets = [
        ("dev", read("tests/data/alignment_dev.json")),
        ("full", read("tests/data/alignment_dev_completed.json")),
        ("held", read("tests/data/alignment_heldout.json")),
        ("held2", read("tests/data/alignment_heldout2.json")),
    ];
    let engine = AlignIndex::build_with(&corpus, &Options::default());
    let base = AlignIndex::build_with(&corpus, &Options::baseline());
    assert_eq!(engine.passages.len(), base.passages.len());
    let passages: Vec<serde_json::Value> = engine
        .passages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            serde_json::json!({
                "id": i,
                "doc": p.doc,
                "doc_id": corpus.documents[p.doc].id,
                "text": &corpus.documents[p.doc].text[p.range.clone()],
            })
        })
        .collect();
    let mut by_set = serde_json::Map::new();
    for (name, gold) in &sets {
        let labels = label_passages(&corpus, &engine, gold);
        let pairs: Vec<serde_json::Value> = eval::pairs(&engine, &labels)
            .into_iter()
            .map(|(p, d, _)| {
                let top = |ix: &AlignIndex| {
                    ix.best_in_doc(p, d, 3)
                        .iter()
                        .map(|m| m.passage)
                        .collect::<Vec<_>>()
                };
                serde_json::json!({"query": p, "doc": d, "engine": top(&engine), "tfidf": top(&base)})
            })
            .collect();
        by_set.insert(
            name.to_string(),
            serde_json::json!({
                "topics": labels.topic_names,
                "passage_topics": labels.passage_topics,
                "pairs": pairs,
            }),
        );
    }
    let docs: Vec<serde_json::Value> = corpus
        .documents
        .iter()
        .map(|d| serde_json::json!({"id": d.id, "title": d.title}))
        .collect();
    let json = serde_json::json!({"documents": docs, "passages": passages, "sets": by_set});
    std::fs::write(out, serde_json::to_string(&json).unwrap()).unwrap();
    println!("wrote {out}");
}

#[allow(dead_code)]
pub fn debug_failures(corpus: &Corpus, index: &AlignIndex, labels: &Labels) {
    let snip = |p: usize| {
        let ps = &index.passages[p];
        let t = &corpus.documents[ps.doc].text[ps.range.clone()];
        t.chars().take(110).collect::<String>()
    };
    let (mut wrong, mut before, mut after, mut same_block) = (0, 0, 0, 0);
    for (p, d, gold) in pairs(index, labels) {
        let ms = index.best_in_doc(p, d, 50);
        let Some(m) = ms.first() else { continue };
        if gold.contains(&m.passage) {
            continue;
        }
        wrong += 1;
        if gold.contains(&(m.passage + 1)) {
            before += 1;
            if index.passages[m.passage].block == index.passages[m.passage + 1].block {
                same_block += 1;
            }
        } else if m.passage > 0 && gold.contains(&(m.passage - 1)) {
            after += 1;
            if index.passages[m.passage].block == index.passages[m.passage - 1].block {
                same_block += 1;
            }
        }
    }
    println!(
        "wrong first matches: {wrong}; just before a gold passage {before}, just after {after}; \
         of these, pieces of the gold passage's own paragraph: {same_block}"
    );
    for (p, d, gold) in pairs(index, labels) {
        let tp = &labels.passage_topics[p];
        let ms = index.best_in_doc(p, d, 50);
        if ms.first().is_some_and(|m| gold.contains(&m.passage)) {
            continue;
        }
        let names: Vec<&str> = tp.iter().map(|&t| labels.topic_names[t].as_str()).collect();
        println!("\nQ#{p} {:?} {}", names, snip(p));
        if let Some(m) = ms.first() {
            let mt: Vec<&str> = labels.passage_topics[m.passage]
                .iter()
                .map(|&t| labels.topic_names[t].as_str())
                .collect();
            println!(
                "  got #{} {:.3} {:?} {:?} {}",
                m.passage,
                m.score,
                m.terms,
                mt,
                snip(m.passage)
            );
        }
        for g in &gold {
            let r = ms.iter().position(|m| m.passage == *g);
            let s = index.similarity(p, *g);
            println!(
                "  gold #{g} rank {r:?} sim {s:.3} terms {:?} {}",
                index.shared_terms(p, *g, 4),
                snip(*g)
            );
        }
    }
}

/// Index and query times on a synthetic corpus of the size of the later benchmark (594
/// documents, ~37 MB), made by re-mixing the seed paragraphs.
fn scale_bench() {
    use synoptic::corpus::{BlockKind, Document};
    let seeds = embedded_seeds();
    let mut paras: Vec<String> = Vec::new();
    for d in &seeds.documents {
        for b in &d.blocks {
            if b.kind == BlockKind::Paragraph {
                paras.push(d.block_text(b).to_string());
            }
        }
    }
    let mut docs = Vec::new();
    let mut total = 0;
    let mut k = 0usize;
    for i in 0..594 {
        let mut blocks: Vec<(BlockKind, String)> = vec![(BlockKind::Title, format!("Doc {i}"))];
        let mut size = 0;
        while size < 62_000 {
            // vary the text so documents differ: rotate words by a doc-dependent amount
            let p = &paras[(k * 7919 + i) % paras.len()];
            k += 1;
            let words: Vec<&str> = p.split_whitespace().collect();
            let r = (i + k) % words.len().max(1);
            let mut t = words[r..].join(" ");
            t.push(' ');
            t.push_str(&words[..r].join(" "));
            t.push_str(&format!(" w{}x{}", i % 37, k % 101));
            size += t.len();
            blocks.push((BlockKind::Paragraph, t));
        }
        total += size;
        let refs: Vec<(BlockKind, &str)> = blocks.iter().map(|(k, t)| (*k, t.as_str())).collect();
        docs.push(Document::from_blocks(
            &format!("d{i}"),
            &format!("Doc {i}"),
            &refs,
        ));
    }
    let corpus = Corpus {
        documents: docs,
        warnings: Vec::new(),
    };
    println!(
        "synthetic corpus: {} documents, {:.1} MB",
        corpus.documents.len(),
        total as f64 / 1e6
    );
    let t = Instant::now();
    let index = AlignIndex::build(&corpus);
    println!(
        "index: {:.0} ms, {} passages, {} topics",
        t.elapsed().as_secs_f64() * 1000.0,
        index.passages.len(),
        index.topics.len()
    );
    let n = index.passages.len();
    let sample: Vec<usize> = (0..200).map(|i| (i * 7727) % n).collect();
    let t = Instant::now();
    for &p in &sample {
        let d = (index.passages[p].doc + 1) % index.by_doc.len();
        std::hint::black_box(index.best_in_doc(p, d, 3));
    }
    println!(
        "best_in_doc: {:.3} ms per query",
        t.elapsed().as_secs_f64() * 1000.0 / sample.len() as f64
    );
    let t = Instant::now();
    for &p in &sample {
        std::hint::black_box(index.best_anywhere(p, 10));
    }
    println!(
        "best_anywhere: {:.3} ms per query",
        t.elapsed().as_secs_f64() * 1000.0 / sample.len() as f64
    );
}

/// Index and query times on a corpus on disk (e.g. `target/bible-9`): index, one align query
/// (a passage's best 3 in three other documents), a corpus-wide query (best 10), and the JSON
/// report over the documents whose file name is the same as the first document's (one book in
/// every translation).
fn corpus_bench(path: &str) {
    use std::path::PathBuf;
    // process CPU seconds (user + system), to tell work from waiting on a loaded machine
    let cpu = || -> f64 {
        let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        let rest = s.rsplit_once(')').map(|x| x.1).unwrap_or("");
        let f: Vec<&str> = rest.split_whitespace().collect();
        let t = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
        (t(11) + t(12)) / 100.0
    };
    let t = Instant::now();
    let corpus = synoptic::corpus::load(&[PathBuf::from(path)]).unwrap();
    let bytes: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
    let rss = || -> f64 {
        let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        s.lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    println!("resident after load: {:.0} MB", rss());
    println!(
        "load: {:.0} ms, {} documents, {:.1} MB",
        t.elapsed().as_secs_f64() * 1000.0,
        corpus.documents.len(),
        bytes as f64 / 1e6
    );
    let opts = tweak(
        &Options::default(),
        &std::env::var("ALIGN_OPTS").unwrap_or_default(),
    );
    let t = Instant::now();
    let c0 = cpu();
    let index = AlignIndex::build_with(&corpus, &opts);
    println!(
        "index: {:.0} ms wall, {:.2} s CPU, {} passages, {} terms, {} topics",
        t.elapsed().as_secs_f64() * 1000.0,
        cpu() - c0,
        index.passages.len(),
        index.terms.len(),
        index.topics.len()
    );
    println!(
        "resident with the index: {:.0} MB (index heap ~{:.0} MB)",
        rss(),
        index.heap_bytes() as f64 / 1e6
    );
    let n = index.passages.len();
    let nd = index.by_doc.len();
    let sample: Vec<usize> = (0..200).map(|i| (i * 7727 + 13) % n).collect();
    // the reader's first `a`: nothing computed yet for these documents
    let t = Instant::now();
    let p0 = sample[0];
    for j in 1..=3 {
        let d = (index.passages[p0].doc + j) % nd;
        std::hint::black_box(index.best_in_doc(p0, d, 3));
    }
    println!(
        "first align query (best 3 in 3 documents, fresh index): {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    for &p in &sample {
        let d0 = index.passages[p].doc;
        for j in 1..=3 {
            let d = (d0 + j * 66) % nd;
            std::hint::black_box(index.best_in_doc(p, d, 3));
        }
    }
    println!(
        "align query (best 3 in 3 documents): {:.3} ms",
        t.elapsed().as_secs_f64() * 1000.0 / sample.len() as f64
    );
    let t = Instant::now();
    for &p in &sample {
        std::hint::black_box(index.best_anywhere(p, 10));
    }
    println!(
        "corpus-wide query (best 10): {:.3} ms",
        t.elapsed().as_secs_f64() * 1000.0 / sample.len() as f64
    );
    // one book in every translation
    let name = |d: &synoptic::corpus::Document| {
        std::path::Path::new(&d.source)
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default()
    };
    let book = std::env::var("ALIGN_BOOK").unwrap_or_else(|_| name(&corpus.documents[0]));
    let docs: Vec<_> = corpus
        .documents
        .iter()
        .filter(|d| name(d) == book)
        .cloned()
        .collect();
    let sub = Corpus {
        documents: docs,
        warnings: Vec::new(),
    };
    let sub_bytes: usize = sub.documents.iter().map(|d| d.text.len()).sum();
    let t = Instant::now();
    let c0 = cpu();
    let idx = AlignIndex::build_with(&sub, &opts);
    let ti = t.elapsed();
    let v = synoptic::align::report::to_json(&sub, &idx, 3);
    let js = serde_json::to_string(&v).unwrap();
    println!(
        "align --json over {} x {book} ({:.1} MB, {} passages): index {:.0} ms, total {:.0} ms wall, {:.2} s CPU, {} KB JSON",
        sub.documents.len(),
        sub_bytes as f64 / 1e6,
        idx.passages.len(),
        ti.as_secs_f64() * 1000.0,
        t.elapsed().as_secs_f64() * 1000.0,
        cpu() - c0,
        js.len() / 1024
    );
}

/// How well candidate "good match" criteria separate correct from wrong first matches (AUC:
/// the chance a random correct pair outranks a random wrong one).
fn calibrate(index: &AlignIndex, labels: &Labels) {
    // (correct, raw, z, margin, ratio)
    let mut rows: Vec<(bool, [f32; 4])> = Vec::new();
    for (p, d, _) in pairs(index, labels) {
        let tp = &labels.passage_topics[p];
        let ms = index.best_in_doc(p, d, usize::MAX);
        let Some(m) = ms.first() else { continue };
        let n = index.by_doc[d].len() as f32;
        let mean = ms.iter().map(|m| m.score).sum::<f32>() / n;
        let var = ms.iter().map(|m| (m.score - mean).powi(2)).sum::<f32>() / n
            + (n - ms.len() as f32) * mean * mean / n;
        let z = (m.score - mean) / var.sqrt().max(1e-6);
        let s2 = ms.get(1).map_or(0.0, |m| m.score);
        rows.push((
            shares(tp, &labels.passage_topics[m.passage]),
            [m.score, z, m.score - s2, m.score / s2.max(1e-3)],
        ));
    }
    for (i, name) in ["raw score", "z in doc", "margin", "ratio"]
        .iter()
        .enumerate()
    {
        let (mut wins, mut total) = (0.0, 0.0);
        for a in rows.iter().filter(|r| r.0) {
            for b in rows.iter().filter(|r| !r.0) {
                total += 1.0;
                if a.1[i] > b.1[i] {
                    wins += 1.0;
                } else if a.1[i] == b.1[i] {
                    wins += 0.5;
                }
            }
        }
        println!(
            "calibration AUC {name:<10} {:.3}",
            wins / f64::max(total, 1.0)
        );
    }
    let report = |name: String, f: &dyn Fn(&[f32; 4]) -> bool| {
        let flagged: Vec<&(bool, [f32; 4])> = rows.iter().filter(|r| f(&r.1)).collect();
        let ok = flagged.iter().filter(|r| r.0).count();
        let ok_all = rows.iter().filter(|r| r.0).count();
        println!(
            "  good if {name:<22} flags {:.2} of pairs, precision {:.3}, recall {:.3}",
            flagged.len() as f64 / rows.len().max(1) as f64,
            ok as f64 / flagged.len().max(1) as f64,
            ok as f64 / ok_all.max(1) as f64
        );
    };
    for th in [0.1f32, 0.15, 0.2, 0.25] {
        report(format!("raw >= {th}"), &|x| x[0] >= th);
    }
    for z in [1.5f32, 2.0, 2.5, 3.0, 3.5] {
        report(format!("z >= {z}, raw >= 0.05"), &|x| {
            x[1] >= z && x[0] >= 0.05
        });
    }
    for (floor, z, hi) in [
        (0.08f32, 2.5f32, 0.3f32),
        (0.08, 2.5, 0.25),
        (0.08, 3.0, 0.3),
        (0.08, 3.0, 0.25),
        (0.10, 2.5, 0.3),
        (0.12, 2.5, 0.3),
        (0.14, 2.5, 0.3),
    ] {
        report(format!("raw>={floor}&(z>={z}|raw>={hi})"), &|x| {
            x[0] >= floor && (x[1] >= z || x[0] >= hi)
        });
    }
}

/// For wrong first matches: the length (distinct terms) of the chosen passage vs the best-ranked
/// gold passage, and of queries that are right vs wrong.
fn len_stats(index: &AlignIndex, labels: &Labels) {
    let len = |p: usize| index.vectors[p].len() as f64;
    let (mut chosen, mut gold, mut qok, mut qbad) = (vec![], vec![], vec![], vec![]);
    for (p, d, g) in pairs(index, labels) {
        let ms = index.best_in_doc(p, d, 100);
        match ms.first() {
            Some(m) if !g.contains(&m.passage) => {
                chosen.push(len(m.passage));
                if let Some(x) = ms.iter().find(|m| g.contains(&m.passage)) {
                    gold.push(len(x.passage));
                }
                qbad.push(len(p));
            }
            _ => qok.push(len(p)),
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let all: Vec<f64> = (0..index.passages.len()).map(len).collect();
    println!(
        "terms: all passages {:.1}; wrong top-1 chosen {:.1} vs gold {:.1}; queries right {:.1} wrong {:.1}",
        mean(&all),
        mean(&chosen),
        mean(&gold),
        mean(&qok),
        mean(&qbad)
    );
}

/// A check on translations (e.g. `target/bible-9`): Genesis and Exodus in every translation.
/// For each Genesis passage of the first translation, its best match in Genesis of each other
/// translation is right when it sits in the same chapter (the heading text, which is mixed in
/// when headings are on, so read this with care); and its best match in Exodus of the same
/// translation, an unrelated text, should not be flagged good (false good rate).
fn bible_check(path: &str) {
    use std::path::PathBuf;
    let all = synoptic::corpus::load(&[PathBuf::from(path)]).unwrap();
    let docs: Vec<_> = all
        .documents
        .iter()
        .filter(|d| d.source.ends_with("01_genesis.txt") || d.source.ends_with("02_exodus.txt"))
        .cloned()
        .collect();
    let corpus = Corpus {
        documents: docs,
        warnings: Vec::new(),
    };
    let specs = std::env::args()
        .skip_while(|a| a != "--bible")
        .skip(2)
        .collect::<Vec<_>>();
    let specs = if specs.is_empty() {
        vec![String::new()]
    } else {
        specs
    };
    for spec in specs {
        let opts = tweak(&Options::default(), &spec);
        let index = AlignIndex::build_with(&corpus, &opts);
        let chapter = |p: usize| heading_of(&corpus, &index, p);
        let gen: Vec<usize> = (0..corpus.documents.len())
            .filter(|&d| corpus.documents[d].source.ends_with("01_genesis.txt"))
            .collect();
        let exo = |d: usize| {
            let dir = std::path::Path::new(&corpus.documents[d].source).parent();
            (0..corpus.documents.len()).find(|&e| {
                corpus.documents[e].source.ends_with("02_exodus.txt")
                    && std::path::Path::new(&corpus.documents[e].source).parent() == dir
            })
        };
        let a = gen[0];
        let (mut ok, mut n, mut good_other, mut n_other) = (0, 0, 0, 0);
        for &p in &index.by_doc[a] {
            for &b in &gen[1..] {
                if let Some(m) = index.best_in_doc(p, b, 1).first() {
                    n += 1;
                    ok += usize::from(chapter(m.passage) == chapter(p));
                }
            }
            if let Some(e) = exo(a) {
                if let Some(m) = index.best_in_doc(p, e, 1).first() {
                    n_other += 1;
                    good_other += usize::from(m.good);
                }
            }
        }
        println!(
            "{spec:<24} same chapter {:.3} ({n}); unrelated book flagged good {:.3} ({n_other})",
            ok as f64 / n.max(1) as f64,
            good_other as f64 / n_other.max(1) as f64
        );
    }
}

/// Top-10 candidates of every evaluated pair with their features, as TSV (for analysis).
fn dump_features(corpus: &Corpus, index: &AlignIndex, labels: &Labels, path: &str) {
    use std::fmt::Write as _;
    let mut out = String::from(
        "pair\tquery\tdoc\trank\tcand\tscore\tsim\tqlen\tclen\trev\tcent\tpos\tgold\tntopics\n",
    );
    let cent: Vec<f32> = (0..index.passages.len())
        .map(|p| {
            let ms = index.best_anywhere(p, 5);
            ms.iter().map(|m| m.score).sum::<f32>() / 5.0
        })
        .collect();
    for (k, (p, d, gold)) in pairs(index, labels).into_iter().enumerate() {
        let ms = index.best_in_doc(p, d, 10);
        let qd = index.passages[p].doc;
        for (r, m) in ms.iter().enumerate() {
            let c = m.passage;
            let rev = index
                .best_in_doc(c, qd, 50)
                .iter()
                .position(|x| x.passage == p)
                .map_or(99, |x| x);
            let nd = index.by_doc[d].len();
            let pos = index.by_doc[d].iter().position(|&x| x == c).unwrap() as f32 / nd as f32;
            let _ = writeln!(
                out,
                "{k}\t{p}\t{d}\t{r}\t{c}\t{:.4}\t{:.4}\t{}\t{}\t{rev}\t{:.4}\t{pos:.3}\t{}\t{}",
                m.score,
                index.similarity(p, c),
                index.passages[p].range.len(),
                index.passages[c].range.len(),
                cent[c],
                u8::from(gold.contains(&c)),
                labels.passage_topics[c].len(),
            );
        }
    }
    let _ = corpus;
    std::fs::write(path, out).unwrap();
}

/// Matthew, Mark, Luke and John from a directory of one translation (`target/bible-9/asv`).
fn gospels(dir: &str) -> Corpus {
    let files: Vec<std::path::PathBuf> = ["40_matthew", "41_mark", "42_luke", "43_john"]
        .iter()
        .map(|f| std::path::Path::new(dir).join(format!("{f}.txt")))
        .collect();
    synoptic::corpus::load(&files).unwrap()
}

/// (parallelism of the pair, first match right, aligned passage right (None: off the path),
/// a right one within one of the aligned passage)
type PathRow = (f32, bool, Option<bool>, bool);

/// How often the order-aware alignment's own pairing is right, next to the first match, for
/// the pairs of the metric (split by how parallel the document pair is).
fn path_check(index: &AlignIndex, labels: &Labels) {
    let mut rows: Vec<PathRow> = Vec::new();
    for (p, d, gold) in pairs(index, labels) {
        let qd = index.passages[p].doc;
        let par = index.parallelism(qd, d);
        let top = index.best_in_doc(p, d, 1);
        let first_ok = top.first().is_some_and(|m| gold.contains(&m.passage));
        let on_path = index.aligned_passage(p, d).map(|q| gold.contains(&q));
        let gold_near = gold.iter().any(|&g| {
            index
                .aligned_passage(p, d)
                .is_some_and(|q| q.abs_diff(g) <= 1)
        });
        rows.push((par, first_ok, on_path, gold_near));
    }
    // wrong first matches of passages left out of the alignment: is the right one between
    // the targets of the nearest aligned neighbours?
    let mut gaps: std::collections::BTreeMap<(Option<usize>, bool), usize> = Default::default();
    for (p, d, gold) in pairs(index, labels) {
        if index.aligned_passage(p, d).is_some() {
            continue;
        }
        let top = index.best_in_doc(p, d, 1);
        if top.first().is_some_and(|m| gold.contains(&m.passage)) {
            continue;
        }
        let qd = index.passages[p].doc;
        let ids = &index.by_doc[qd];
        let a = ids.iter().position(|&x| x == p).unwrap();
        let before = ids[..a]
            .iter()
            .rev()
            .find_map(|&x| index.aligned_passage(x, d));
        let after = ids[a + 1..]
            .iter()
            .find_map(|&x| index.aligned_passage(x, d));
        let (Some(b), Some(e)) = (before, after) else {
            *gaps.entry((None, false)).or_default() += 1;
            continue;
        };
        let inside = gold.iter().any(|&g| g >= b && g <= e.max(b));
        *gaps
            .entry((Some((e.max(b) - b + 1).min(9)), inside))
            .or_default() += 1;
    }
    println!("  wrong and off the path, by gap width (9 = 9 or more; None: no aligned neighbour on a side) and whether the right one is in it: {gaps:?}");
    for (lo, hi) in [(0.0, 0.3), (0.3, 0.6), (0.6, 1.01)] {
        let r: Vec<_> = rows.iter().filter(|x| x.0 >= lo && x.0 < hi).collect();
        let aligned: Vec<_> = r.iter().filter(|x| x.2.is_some()).collect();
        let c = |f: &dyn Fn(&PathRow) -> bool| aligned.iter().filter(|x| f(x)).count();
        println!(
            "  parallelism {lo:.1}-{hi:.1}: {} pairs, first right {}; on the path {}: path right {}, first right {}, path within 1 {}; off the path {}: first right {}",
            r.len(),
            r.iter().filter(|x| x.1).count(),
            aligned.len(),
            c(&|x| x.2 == Some(true)),
            c(&|x| x.1),
            c(&|x| x.3),
            r.len() - aligned.len(),
            r.iter().filter(|x| x.2.is_none() && x.1).count(),
        );
    }
}

/// P@1 of the gold set's pairs judged by its own labels and by another labelling (`wide`) of
/// the same topics: `(pairs, own, wide)`.
fn judge_with(index: &AlignIndex, labels: &Labels, wide: &Labels) -> (usize, f64, f64) {
    let (mut n, mut ok, mut ok_narrow) = (0usize, 0usize, 0usize);
    for (p, d, gold) in pairs(index, labels) {
        n += 1;
        let Some(m) = index.best_in_doc(p, d, 1).into_iter().next() else {
            continue;
        };
        ok_narrow += usize::from(gold.contains(&m.passage));
        ok += usize::from(shares(
            &labels.passage_topics[p],
            &wide.passage_topics[m.passage],
        ));
    }
    let r = |k: usize| k as f64 / n.max(1) as f64;
    (n, r(ok_narrow), r(ok))
}

/// For queries whose first two candidates are one right and one wrong: how often each feature
/// favours the right one (A: the right one is first; B: it is second).
fn near_misses(index: &AlignIndex, labels: &Labels) {
    let names = [
        "raw cosine",
        "terms (nnz)",
        "reverse rank (lower)",
        "centrality (mean best 5 anywhere)",
        "good docs",
        "final score",
        "shared terms",
    ];
    let feats = |q: usize, c: usize| -> Vec<f32> {
        let qd = index.passages[q].doc;
        let rev = index
            .best_in_doc(c, qd, 50)
            .iter()
            .position(|m| m.passage == q)
            .unwrap_or(50) as f32;
        let any = index.best_anywhere(c, 5);
        let cen = any.iter().map(|m| m.score).sum::<f32>() / 5.0;
        let good = index
            .best_per_doc(c, 1)
            .iter()
            .filter(|(_, ms)| ms.first().is_some_and(|m| m.good))
            .count() as f32;
        vec![
            index.similarity(q, c),
            index.vectors[c].len() as f32,
            -rev,
            cen,
            good,
            0.0,
            index.shared_terms(q, c, 50).len() as f32,
        ]
    };
    let mut a = vec![(0, 0); names.len()];
    let mut b = vec![(0, 0); names.len()];
    for (p, d, gold) in pairs(index, labels) {
        let ms = index.best_in_doc(p, d, 2);
        if ms.len() < 2 {
            continue;
        }
        let (g0, g1) = (gold.contains(&ms[0].passage), gold.contains(&ms[1].passage));
        if g0 == g1 {
            continue;
        }
        let mut f0 = feats(p, ms[0].passage);
        let mut f1 = feats(p, ms[1].passage);
        f0[5] = ms[0].score;
        f1[5] = ms[1].score;
        let (right, wrong, acc) = if g0 {
            (&f0, &f1, &mut a)
        } else {
            (&f1, &f0, &mut b)
        };
        for k in 0..names.len() {
            if right[k] > wrong[k] {
                acc[k].0 += 1;
            } else if right[k] < wrong[k] {
                acc[k].1 += 1;
            }
        }
    }
    let mut by_pair: std::collections::BTreeMap<(usize, usize), (usize, usize)> =
        Default::default();
    for (p, d, gold) in pairs(index, labels) {
        let ms = index.best_in_doc(p, d, 1);
        let e = by_pair.entry((index.passages[p].doc, d)).or_default();
        e.1 += 1;
        if ms.first().is_some_and(|m| gold.contains(&m.passage)) {
            e.0 += 1;
        }
    }
    for ((a, b), (r, n)) in by_pair {
        println!("  doc {a} -> {b}: {r}/{n}");
    }
    println!("feature: A right>wrong / right<wrong | B right>wrong / right<wrong");
    for k in 0..names.len() {
        println!(
            "  {:36} A {:3}/{:3}   B {:3}/{:3}",
            names[k], a[k].0, a[k].1, b[k].0, b[k].1
        );
    }
}

/// Chapters of Chronicles that retell Samuel or Kings nearly throughout, with the chapters
/// they retell (a held-out check of parallel accounts: the Chronicler rewrote his sources,
/// the engine was never tuned on them).
const CHRONICLES_PARALLELS: &[(&str, u32, &str, &[u32])] = &[
    ("13_1_chronicles", 10, "09_1_samuel", &[31]),
    ("13_1_chronicles", 11, "10_2_samuel", &[5, 23]),
    ("13_1_chronicles", 13, "10_2_samuel", &[6]),
    ("13_1_chronicles", 14, "10_2_samuel", &[5]),
    ("13_1_chronicles", 17, "10_2_samuel", &[7]),
    ("13_1_chronicles", 18, "10_2_samuel", &[8]),
    ("13_1_chronicles", 19, "10_2_samuel", &[10]),
    ("13_1_chronicles", 20, "10_2_samuel", &[11, 12, 21]),
    ("13_1_chronicles", 21, "10_2_samuel", &[24]),
    ("14_2_chronicles", 1, "11_1_kings", &[3, 10]),
    ("14_2_chronicles", 2, "11_1_kings", &[5]),
    ("14_2_chronicles", 3, "11_1_kings", &[6, 7]),
    ("14_2_chronicles", 4, "11_1_kings", &[7]),
    ("14_2_chronicles", 5, "11_1_kings", &[7, 8]),
    ("14_2_chronicles", 6, "11_1_kings", &[8]),
    ("14_2_chronicles", 7, "11_1_kings", &[8, 9]),
    ("14_2_chronicles", 8, "11_1_kings", &[9]),
    ("14_2_chronicles", 9, "11_1_kings", &[10, 11]),
    ("14_2_chronicles", 10, "11_1_kings", &[12]),
    ("14_2_chronicles", 18, "11_1_kings", &[22]),
    ("14_2_chronicles", 23, "12_2_kings", &[11]),
    ("14_2_chronicles", 32, "12_2_kings", &[18, 19, 20]),
    ("14_2_chronicles", 34, "12_2_kings", &[22, 23]),
    ("14_2_chronicles", 35, "12_2_kings", &[23]),
    ("14_2_chronicles", 36, "12_2_kings", &[23, 24, 25]),
];

/// `--kings DIR... [-- SPEC...]` (a `DIR` may be `A:B`, see below): for each translation directory, Samuel, Kings and
/// Chronicles as one corpus; for each passage of a chapter of [`CHRONICLES_PARALLELS`], is its
/// best match in the book it retells in a chapter it retells? Engine and plain TF-IDF (and
/// each `SPEC` of option changes).
fn kings_check(args: &[String]) {
    let dirs: Vec<&String> = args.iter().take_while(|a| *a != "--").collect();
    let mut specs: Vec<String> = args
        .iter()
        .skip_while(|a| *a != "--")
        .skip(1)
        .cloned()
        .collect();
    specs.insert(0, String::new());
    let books = [
        "09_1_samuel",
        "10_2_samuel",
        "11_1_kings",
        "12_2_kings",
        "13_1_chronicles",
        "14_2_chronicles",
    ];
    let mut totals: Vec<(usize, usize, usize)> = vec![(0, 0, 0); specs.len() + 1];
    for dir in &dirs {
        // `A:B`: Chronicles from translation A, Samuel and Kings from B (other words as well as
        // another author)
        let (chron_dir, source_dir) = dir.split_once(':').unwrap_or((dir.as_str(), dir.as_str()));
        let files: Vec<std::path::PathBuf> = books
            .iter()
            .map(|b| {
                let d = if b.contains("chronicles") {
                    chron_dir
                } else {
                    source_dir
                };
                std::path::Path::new(d).join(format!("{b}.txt"))
            })
            .collect();
        let corpus = synoptic::corpus::load(&files).unwrap();
        let doc_of = |b: &str| {
            (0..corpus.documents.len())
                .find(|&d| corpus.documents[d].source.ends_with(&format!("{b}.txt")))
                .unwrap()
        };
        let mut runs: Vec<(String, Options)> =
            vec![("baseline tf-idf".into(), Options::baseline())];
        for spec in &specs {
            let name = if spec.is_empty() {
                "engine".to_string()
            } else {
                spec.clone()
            };
            runs.push((name, tweak(&Options::default(), spec)));
        }
        for (k, (name, opts)) in runs.iter().enumerate() {
            let index = AlignIndex::build_with(&corpus, opts);
            let chapter = |p: usize| -> Option<u32> {
                heading_of(&corpus, &index, p)?
                    .trim()
                    .strip_prefix("Chapter ")?
                    .trim()
                    .parse()
                    .ok()
            };
            let (mut n, mut ok, mut hit3) = (0, 0, 0);
            for &(chron, ch, target, chapters) in CHRONICLES_PARALLELS {
                let (cd, td) = (doc_of(chron), doc_of(target));
                for &p in &index.by_doc[cd] {
                    if chapter(p) != Some(ch) {
                        continue;
                    }
                    let ms = index.best_in_doc(p, td, 3);
                    let right = |m: &synoptic::align::Match| {
                        chapter(m.passage).is_some_and(|c| chapters.contains(&c))
                    };
                    n += 1;
                    ok += usize::from(ms.first().is_some_and(right));
                    hit3 += usize::from(ms.iter().any(right));
                }
            }
            println!(
                "{:<10} {name:<24} P@1 {:.3}  hit@3 {:.3}  ({n} passages)",
                dir.split(':')
                    .map(|d| std::path::Path::new(d)
                        .file_name()
                        .unwrap()
                        .to_string_lossy())
                    .collect::<Vec<_>>()
                    .join(":"),
                ok as f64 / n.max(1) as f64,
                hit3 as f64 / n.max(1) as f64
            );
            let t = &mut totals[k];
            t.0 += n;
            t.1 += ok;
            t.2 += hit3;
        }
    }
    if dirs.len() > 1 {
        let mut names = vec!["baseline tf-idf".to_string()];
        names.extend(specs.iter().map(|s| {
            if s.is_empty() {
                "engine".to_string()
            } else {
                s.clone()
            }
        }));
        for (name, t) in names.iter().zip(&totals) {
            println!(
                "{:<10} {name:<24} P@1 {:.3}  hit@3 {:.3}  ({} passages)",
                "all",
                t.1 as f64 / t.0.max(1) as f64,
                t.2 as f64 / t.0.max(1) as f64,
                t.0
            );
        }
    }
}

/// The text of the heading a passage comes under (a chapter of the bible-9 books).
fn heading_of(corpus: &Corpus, index: &AlignIndex, p: usize) -> Option<String> {
    let ps = &index.passages[p];
    let d = &corpus.documents[ps.doc];
    d.blocks[..=ps.block]
        .iter()
        .rev()
        .find(|b| b.kind == synoptic::corpus::BlockKind::Heading)
        .map(|b| d.block_text(b).to_string())
}
