//! Alignment reports: JSON for scripts and a readable text form.

use super::AlignIndex;
use crate::corpus::Corpus;
use serde_json::{json, Value};
use std::fmt::Write;

/// The alignment of a corpus as JSON:
/// `{"documents": [...], "passages": [...], "matches": [...], "topics": [...]}`.
/// `matches` holds, for every passage, its best `top` passages in each other document.
pub fn to_json(corpus: &Corpus, index: &AlignIndex, top: usize) -> Value {
    let documents: Vec<Value> = corpus
        .documents
        .iter()
        .map(|d| {
            json!({
                "id": d.id,
                "title": d.title,
                "author": d.author,
                "source": d.source,
            })
        })
        .collect();
    let passages: Vec<Value> = index
        .passages
        .iter()
        .map(|p| {
            let doc = &corpus.documents[p.doc];
            json!({
                "id": p.id,
                "doc": doc.id,
                "text": passage_text(corpus, index, p.id),
            })
        })
        .collect();
    let per_passage: Vec<Vec<Value>> = {
        use rayon::prelude::*;
        (0..index.passages.len())
            .into_par_iter()
            .map(|p| {
                let mut out = Vec::new();
                for (_, ms) in index.best_per_doc(p, top) {
                    for m in ms {
                        out.push(json!({
                            "from": p,
                            "to": m.passage,
                            "score": round(m.score),
                            "terms": m.terms,
                        }));
                    }
                }
                out
            })
            .collect()
    };
    let matches: Vec<Value> = per_passage.into_iter().flatten().collect();
    let topics: Vec<Value> = index
        .topics
        .iter()
        .map(|t| json!({"id": t.id, "label": t.label, "passages": t.passages}))
        .collect();
    json!({
        "documents": documents,
        "passages": passages,
        "matches": matches,
        "topics": topics,
    })
}

fn round(x: f32) -> f64 {
    (x as f64 * 10000.0).round() / 10000.0
}

/// The text of a passage as displayed.
pub fn passage_text<'a>(corpus: &'a Corpus, index: &AlignIndex, passage: usize) -> &'a str {
    let p = &index.passages[passage];
    &corpus.documents[p.doc].text[p.range.clone()]
}

fn snippet(s: &str, max: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// A readable report: topics, then for each passage the best match per other document with
/// its score and terms.
pub fn to_text(corpus: &Corpus, index: &AlignIndex, top: usize) -> String {
    let mut out = String::new();
    let top = top.max(1);
    if !index.topics.is_empty() {
        let _ = writeln!(out, "Topics");
        for t in &index.topics {
            let mut docs: Vec<usize> = t.passages.iter().map(|&p| index.passages[p].doc).collect();
            docs.sort_unstable();
            docs.dedup();
            let _ = writeln!(
                out,
                "  [{}] {} — {} passages in {} documents",
                t.id,
                t.label,
                t.passages.len(),
                docs.len()
            );
        }
        let _ = writeln!(out);
    }
    for (d, doc) in corpus.documents.iter().enumerate() {
        let _ = writeln!(out, "== {} — {}", doc.id, doc.title);
        for &p in &index.by_doc[d] {
            let _ = writeln!(
                out,
                "\n#{p} {}",
                snippet(passage_text(corpus, index, p), 100)
            );
            for (od, ms) in index.best_per_doc(p, top) {
                let other = &corpus.documents[od];
                match ms.first() {
                    Some(m) if m.good => {
                        for m in ms.iter().filter(|m| m.good) {
                            let _ = writeln!(
                                out,
                                "    → {} #{} {:.3} [{}] {}",
                                other.id,
                                m.passage,
                                m.score,
                                m.terms.join(", "),
                                snippet(passage_text(corpus, index, m.passage), 70)
                            );
                        }
                    }
                    _ => {
                        let _ = writeln!(out, "    → {} no good match", other.id);
                    }
                }
            }
        }
        let _ = writeln!(out);
    }
    out
}
