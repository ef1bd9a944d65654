//! Other corpora: scale (`--scale`), any folder (`--corpus`), the Bible (`--bible`), the four
//! gospels (`--gospels`) and Kings against Chronicles (`--kings`).

use super::*;

/// Index and query times on a synthetic corpus of the size of the later benchmark (594
/// documents, ~37 MB), made by re-mixing the seed paragraphs.
pub(super) fn scale_bench() {
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
pub(super) fn corpus_bench(path: &str) {
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

/// A check on translations (e.g. `target/bible-9`): Genesis and Exodus in every translation.
/// For each Genesis passage of the first translation, its best match in Genesis of each other
/// translation is right when it sits in the same chapter (the heading text, which is mixed in
/// when headings are on, so read this with care); and its best match in Exodus of the same
/// translation, an unrelated text, should not be flagged good (false good rate).
pub(super) fn bible_check(path: &str) {
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

/// Matthew, Mark, Luke and John from a directory of one translation (`target/bible-9/asv`).
pub(super) fn gospels(dir: &str) -> Corpus {
    let files: Vec<std::path::PathBuf> = ["40_matthew", "41_mark", "42_luke", "43_john"]
        .iter()
        .map(|f| std::path::Path::new(dir).join(format!("{f}.txt")))
        .collect();
    synoptic::corpus::load(&files).unwrap()
}

/// Chapters of Chronicles that retell Samuel or Kings nearly throughout, with the chapters
/// they retell (a held-out check of parallel accounts: the Chronicler rewrote his sources,
/// the engine was never tuned on them).
pub(super) const CHRONICLES_PARALLELS: &[(&str, u32, &str, &[u32])] = &[
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
pub(super) fn kings_check(args: &[String]) {
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
