//! `synoptic dump`: the document model as JSON for scripts, or a summary for people.

use super::model::{BlockKind, Corpus, Document, SpanKind};
use serde_json::{json, Value};
use std::fmt::Write;

/// The model as JSON (see the README for the shape scripts rely on).
pub fn to_json(corpus: &Corpus) -> Value {
    let documents: Vec<Value> = corpus.documents.iter().map(document_json).collect();
    json!({ "documents": documents, "warnings": corpus.warnings })
}

fn document_json(doc: &Document) -> Value {
    let blocks: Vec<Value> = doc
        .blocks
        .iter()
        .map(|b| {
            let mut v = json!({ "kind": b.kind.as_str(), "text": doc.block_text(b) });
            let links: Vec<Value> = b
                .spans
                .iter()
                .filter_map(|s| match &s.kind {
                    SpanKind::Link { url } => {
                        Some(json!({"text": &doc.text[s.range.clone()], "url": url}))
                    }
                    _ => None,
                })
                .collect();
            if !links.is_empty() {
                v["links"] = Value::Array(links);
            }
            v
        })
        .collect();
    let markers: Vec<Value> = doc
        .markers
        .iter()
        .map(|m| json!({ "label": m.label, "offset": m.offset, "text": &doc.text[m.offset..m.offset + m.len], "note": m.note }))
        .collect();
    let notes: Vec<Value> = doc
        .notes
        .iter()
        .map(|n| json!({ "label": n.label, "text": n.text, "ibid_of": n.ibid_of }))
        .collect();
    json!({
        "id": doc.id,
        "title": doc.title,
        "author": doc.author,
        "date": doc.date,
        "publication": doc.publication,
        "source": doc.source,
        "format": doc.format.as_str(),
        "content_hash": doc.content_hash,
        "blocks": blocks,
        "markers": markers,
        "notes": notes,
    })
}

/// A human summary: one paragraph per document, then the warnings.
pub fn to_text(corpus: &Corpus) -> String {
    let mut out = String::new();
    let (mut markers, mut linked) = (0, 0);
    for doc in &corpus.documents {
        let count = |k: BlockKind| doc.blocks.iter().filter(|b| b.kind == k).count();
        let doc_linked = doc.markers.iter().filter(|m| m.note.is_some()).count();
        markers += doc.markers.len();
        linked += doc_linked;
        let esc = crate::escape::for_terminal;
        let _ = writeln!(out, "{}  {}", esc(&doc.id), esc(&doc.title));
        let _ = writeln!(
            out,
            "    author: {}   date: {}   source: {}   format: {}",
            esc(doc.author.as_deref().unwrap_or("unknown")),
            esc(doc.date.as_deref().unwrap_or("unknown")),
            esc(&doc.source),
            doc.format.as_str()
        );
        let _ = writeln!(
            out,
            "    {} paragraphs, {} headings, {} notes ({} ibid), {} markers ({} linked), {} boilerplate blocks",
            count(BlockKind::Paragraph),
            count(BlockKind::Heading),
            doc.notes.len(),
            doc.notes.iter().filter(|n| n.ibid_of.is_some()).count(),
            doc.markers.len(),
            doc_linked,
            count(BlockKind::Boilerplate),
        );
    }
    let _ = writeln!(
        out,
        "\n{} documents; {} markers, {} linked, {} unlinked",
        corpus.documents.len(),
        markers,
        linked,
        markers - linked
    );
    if !corpus.warnings.is_empty() {
        let _ = writeln!(out, "\nwarnings:");
        for w in &corpus.warnings {
            let _ = writeln!(out, "  {}", crate::escape::for_terminal(&w.to_string()));
        }
    }
    out
}
