//! `synoptic dump`: the document model as JSON for scripts, or a summary for people.

use super::model::{BlockKind, Corpus, Document, SpanKind};
use crate::progress::{Progress, Stage};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Value};
use std::fmt::Write;

/// The model as JSON (see the README for the shape scripts rely on).
pub fn to_json(corpus: &Corpus) -> Value {
    let documents: Vec<Value> = corpus.documents.iter().map(document_json).collect();
    json!({ "documents": documents, "warnings": corpus.warnings })
}

/// Writes [`to_json`] to `out` pretty-printed (as `serde_json::to_writer_pretty` writes it),
/// one document at a time: only one document's JSON is ever held in memory. `progress` is told
/// how many documents are written ([`Stage::Write`]).
pub fn write_json(
    corpus: &Corpus,
    out: &mut impl std::io::Write,
    progress: Progress,
) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(out, &Streamed { corpus, progress })
}

/// The top of the dump, its documents made into JSON one by one as they are written.
struct Streamed<'a> {
    corpus: &'a Corpus,
    progress: Progress<'a>,
}

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // the keys in the order of `to_json`'s sorted map
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("documents", &Documents(self))?;
        map.serialize_entry("warnings", &self.corpus.warnings)?;
        map.end()
    }
}

struct Documents<'a, 'b>(&'b Streamed<'a>);

impl Serialize for Documents<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let docs = &self.0.corpus.documents;
        let progress = self.0.progress;
        let mut seq = serializer.serialize_seq(Some(docs.len()))?;
        progress(Stage::Write, 0, docs.len());
        for (i, doc) in docs.iter().enumerate() {
            seq.serialize_element(&document_json(doc))?;
            progress(Stage::Write, i + 1, docs.len());
        }
        seq.end()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_json_is_the_json_of_the_whole_model() {
        let mut corpus = crate::corpus::embedded_seeds();
        corpus.documents.truncate(3);
        let whole = serde_json::to_string_pretty(&to_json(&corpus)).unwrap();
        let counts = std::cell::RefCell::new(Vec::new());
        let mut streamed = Vec::new();
        write_json(&corpus, &mut streamed, &|stage, done, total| {
            counts.borrow_mut().push((stage, done, total))
        })
        .unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), whole);
        let counts = counts.into_inner();
        assert_eq!(counts.first(), Some(&(Stage::Write, 0, 3)));
        assert_eq!(counts.last(), Some(&(Stage::Write, 3, 3)));
    }
}
