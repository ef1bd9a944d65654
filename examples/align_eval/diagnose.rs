//! Diagnostics: wrong first matches (`--debug`), calibration (`--calibrate`), passage lengths
//! (`--lenstats`), candidate features (`--dump`), the order-aware pairing (`--path`) and near
//! misses.

use super::*;

/// (parallelism of the pair, first match right, aligned passage right (None: off the path),
/// a right one within one of the aligned passage)
type PathRow = (f32, bool, Option<bool>, bool);

#[allow(dead_code)]
pub(super) fn debug_failures(corpus: &Corpus, index: &AlignIndex, labels: &Labels) {
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

/// How well candidate "good match" criteria separate correct from wrong first matches (AUC:
/// the chance a random correct pair outranks a random wrong one).
pub(super) fn calibrate(index: &AlignIndex, labels: &Labels) {
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
pub(super) fn len_stats(index: &AlignIndex, labels: &Labels) {
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

/// Top-10 candidates of every evaluated pair with their features, as TSV (for analysis).
pub(super) fn dump_features(corpus: &Corpus, index: &AlignIndex, labels: &Labels, path: &str) {
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

/// How often the order-aware alignment's own pairing is right, next to the first match, for
/// the pairs of the metric (split by how parallel the document pair is).
pub(super) fn path_check(index: &AlignIndex, labels: &Labels) {
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

/// For queries whose first two candidates are one right and one wrong: how often each feature
/// favours the right one (A: the right one is first; B: it is second).
pub(super) fn near_misses(index: &AlignIndex, labels: &Labels) {
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

/// The text of the heading a passage comes under (a chapter of the bible-9 books).
pub(super) fn heading_of(corpus: &Corpus, index: &AlignIndex, p: usize) -> Option<String> {
    let ps = &index.passages[p];
    let d = &corpus.documents[ps.doc];
    d.blocks[..=ps.block]
        .iter()
        .rev()
        .find(|b| b.kind == synoptic::corpus::BlockKind::Heading)
        .map(|b| d.block_text(b).to_string())
}
