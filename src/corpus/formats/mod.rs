//! Document formats → the one document model.
//!
//! Each format has its own reader: plain text (`.txt`) goes through the paragraph and structure
//! heuristics ([`super::paragraphs`], [`super::structure`]); Markdown, HTML and EPUB know their
//! structure and produce [`Extracted`] pieces (title, headings, paragraphs, notes, with the
//! markers that point at notes), which [`assemble`] turns into a [`Document`]; a PDF's text is
//! extracted and then read like a hard-wrapped text file. Whatever the format, the result obeys
//! [`Document::check_invariants`], so alignment, footnotes, highlights and export never need to
//! know where a document came from. Readers are pure: bytes (or a `Read + Seek`) in.

pub mod epub;
pub mod html;
pub mod markdown;
pub mod pdf;

use super::footnotes::is_ibid;
use super::model::{
    BlockKind, Document, DocumentBuilder, DocumentMeta, Marker, Note, Span, SpanKind,
};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// The format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Txt,
    Markdown,
    Html,
    Epub,
    Pdf,
}

impl Format {
    /// The format of a file, from its name's extension; None for files that are not read.
    pub fn from_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => Format::Txt,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "epub" => Format::Epub,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Epub => "epub",
            Format::Pdf => "pdf",
        }
    }

    /// Binary formats are not decoded as text, and their bytes are not checked for NULs.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Epub | Format::Pdf)
    }
}

/// A marker in a piece's text: where it shows, its label, and the key of the note it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub range: Range<usize>,
    pub label: String,
    pub key: String,
}

/// A block as a structured reader found it. A note piece carries the key its markers use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub kind: BlockKind,
    pub text: String,
    pub spans: Vec<Span>,
    pub refs: Vec<Ref>,
    pub note_key: Option<String>,
}

/// What a structured reader found in one file.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub publication: Option<String>,
    pub pieces: Vec<Piece>,
}

/// Inline text under construction: whitespace collapsed, spans and markers kept in step.
#[derive(Debug, Default)]
pub struct InlineBuf {
    text: String,
    spans: Vec<Span>,
    refs: Vec<Ref>,
    pending_space: bool,
}

impl InlineBuf {
    /// Appends text, collapsing runs of whitespace to one space (none at the start).
    pub fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}') {
                continue;
            }
            if c.is_whitespace() || c.is_control() {
                self.pending_space = !self.text.is_empty() && !self.text.ends_with('\n');
            } else {
                self.flush_space();
                self.text.push(c);
            }
        }
    }

    /// Appends text as it is (code), lines kept; blank lines become a line with one space so
    /// the block never holds a block separator.
    pub fn push_raw(&mut self, s: &str) {
        self.flush_space();
        for c in s.chars() {
            match c {
                '\n' if self.text.ends_with('\n') => self.text.push_str(" \n"),
                '\n' if self.text.is_empty() => {}
                '\n' => self.text.push('\n'),
                '\t' => self.text.push_str("    "),
                '\r' => {}
                c if c.is_control() => {}
                c => self.text.push(c),
            }
        }
    }

    /// A line break inside the block.
    pub fn push_break(&mut self) {
        self.pending_space = false;
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn flush_space(&mut self) {
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Where a span starting now begins.
    pub fn mark(&self) -> usize {
        self.text.len()
    }

    /// Closes a span opened at `start` (see [`InlineBuf::mark`]); empty spans are dropped.
    pub fn close(&mut self, start: usize, kind: SpanKind) {
        let mut start = start.min(self.text.len());
        while self.text[start..].starts_with([' ', '\n']) {
            start += 1;
        }
        let end = self.text.trim_end().len();
        if end > start {
            self.spans.push(Span {
                range: start..end,
                kind,
            });
        }
    }

    /// Appends a marker `[label]` pointing at the note with `key`.
    pub fn push_ref(&mut self, label: &str, key: &str) {
        let label = label.trim().trim_start_matches('[').trim_end_matches(']');
        if label.is_empty() {
            return;
        }
        self.flush_space();
        let start = self.text.len();
        self.text.push('[');
        self.text.push_str(label);
        self.text.push(']');
        self.refs.push(Ref {
            range: start..self.text.len(),
            label: label.to_string(),
            key: key.to_string(),
        });
    }

    /// Takes the text as a piece of `kind`, trimmed; None when it holds no text.
    pub fn take(&mut self, kind: BlockKind, note_key: Option<String>) -> Option<Piece> {
        let text = std::mem::take(&mut self.text);
        let mut spans = std::mem::take(&mut self.spans);
        let mut refs = std::mem::take(&mut self.refs);
        self.pending_space = false;
        let lead = text.len() - text.trim_start().len();
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return None;
        }
        let end = lead + trimmed.len();
        let fit = |r: &Range<usize>| r.start.max(lead) - lead..r.end.min(end) - lead;
        spans.retain(|s| s.range.end > lead && s.range.start < end);
        for s in &mut spans {
            s.range = fit(&s.range);
        }
        refs.retain(|r| r.range.start >= lead && r.range.end <= end);
        for r in &mut refs {
            r.range = fit(&r.range);
        }
        spans.sort_by_key(|s| (s.range.start, s.range.end));
        Some(Piece {
            kind,
            text: trimmed.to_string(),
            spans,
            refs,
            note_key,
        })
    }
}

/// Folds a title for comparison: lower case, letters and digits only.
pub fn fold_title(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// First words of a text, for a title when nothing better is known.
fn short_title(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 12 {
        words.join(" ")
    } else {
        format!("{} …", words[..12].join(" "))
    }
}

/// Turns what a structured reader found into a document: the title block, markers linked to
/// their notes by key (a note takes the label of the first marker that cites it), ibid chains.
pub fn assemble(mut ex: Extracted, mut meta: DocumentMeta) -> Document {
    ex.pieces.retain(|p| !p.text.trim().is_empty());
    let title = if meta.title.is_empty() {
        ex.title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| {
                ex.pieces
                    .iter()
                    .find(|p| p.kind == BlockKind::Heading)
                    .or_else(|| ex.pieces.iter().find(|p| p.kind == BlockKind::Paragraph))
                    .map(|p| short_title(&p.text))
            })
            .unwrap_or_else(|| meta.id.clone())
    } else {
        meta.title.clone()
    };
    meta.title = title.clone();
    meta.author = meta.author.or(ex.author);
    meta.date = meta.date.or(ex.date);
    meta.publication = meta.publication.or(ex.publication);
    // the title block: a heading (or title) near the top that says the title, else the title
    if !ex.pieces.iter().any(|p| p.kind == BlockKind::Title) {
        let want = fold_title(&title);
        let found = ex.pieces.iter().take(6).position(|p| {
            matches!(p.kind, BlockKind::Heading | BlockKind::Paragraph)
                && fold_title(&p.text) == want
        });
        match found {
            Some(i) => ex.pieces[i].kind = BlockKind::Title,
            None => ex.pieces.insert(
                0,
                Piece {
                    kind: BlockKind::Title,
                    text: title.split_whitespace().collect::<Vec<_>>().join(" "),
                    spans: Vec::new(),
                    refs: Vec::new(),
                    note_key: None,
                },
            ),
        }
    }
    link_and_build(ex.pieces, meta)
}

/// Labels of notes: the label of the first marker citing each note key, in reading order.
fn note_labels(pieces: &[Piece]) -> HashMap<String, String> {
    let keys: std::collections::HashSet<&str> = pieces
        .iter()
        .filter_map(|p| p.note_key.as_deref())
        .collect();
    let mut labels: HashMap<String, String> = HashMap::new();
    for r in pieces
        .iter()
        .filter(|p| p.note_key.is_none())
        .flat_map(|p| &p.refs)
    {
        if keys.contains(r.key.as_str()) && !labels.contains_key(&r.key) {
            labels.insert(r.key.clone(), r.label.clone());
        }
    }
    labels
}

fn link_and_build(pieces: Vec<Piece>, meta: DocumentMeta) -> Document {
    let labels = note_labels(&pieces);
    let mut builder = DocumentBuilder::default();
    let mut notes: Vec<Note> = Vec::new();
    let mut note_index: HashMap<String, usize> = HashMap::new();
    let mut markers: Vec<(Marker, String)> = Vec::new();
    let mut uncited = 0;
    for piece in pieces {
        if let Some(key) = piece.note_key {
            if note_index.contains_key(&key) {
                // a second element with the same id: plain text
                builder.push(BlockKind::Paragraph, &piece.text, piece.spans);
                continue;
            }
            let label = labels.get(&key).cloned().unwrap_or_else(|| {
                uncited += 1;
                format!("*{uncited}")
            });
            let shift = label.len() + 1;
            let shown = format!("{label} {}", piece.text);
            let spans = piece
                .spans
                .into_iter()
                .map(|s| Span {
                    range: s.range.start + shift..s.range.end + shift,
                    kind: s.kind,
                })
                .collect();
            let block = builder.push(BlockKind::Note, &shown, spans);
            note_index.insert(key, notes.len());
            notes.push(Note {
                label,
                text: piece.text,
                ibid_of: None,
                block,
            });
            continue;
        }
        let start = builder.next_block_start();
        let mut spans = piece.spans;
        for r in piece.refs {
            spans.retain(|s| !(s.range.start < r.range.end && r.range.start < s.range.end));
            spans.push(Span {
                range: r.range.clone(),
                kind: SpanKind::Marker {
                    marker: markers.len(),
                },
            });
            markers.push((
                Marker {
                    label: r.label,
                    offset: start + r.range.start,
                    len: r.range.len(),
                    note: None,
                },
                r.key,
            ));
        }
        spans.sort_by_key(|s| (s.range.start, s.range.end));
        builder.push(piece.kind, &piece.text, spans);
    }
    for i in 1..notes.len() {
        if is_ibid(&notes[i].text) {
            notes[i].ibid_of = Some(notes[i - 1].ibid_of.unwrap_or(i - 1));
        }
    }
    builder.markers = markers
        .into_iter()
        .map(|(mut m, key)| {
            m.note = note_index
                .get(&key)
                .copied()
                .filter(|&n| notes[n].label == m.label);
            m
        })
        .collect();
    builder.notes = notes;
    builder.finish(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names() {
        assert_eq!(Format::from_name("a/b.MD"), Some(Format::Markdown));
        assert_eq!(Format::from_name("x.htm"), Some(Format::Html));
        assert_eq!(Format::from_name("x.epub"), Some(Format::Epub));
        assert_eq!(Format::from_name("x.pdf"), Some(Format::Pdf));
        assert_eq!(Format::from_name("x.png"), None);
        assert_eq!(Format::from_name("README"), None);
    }

    #[test]
    fn inline_buffer_collapses_space_and_keeps_spans() {
        let mut b = InlineBuf::default();
        b.push_text("  Hello \n  ");
        let m = b.mark();
        b.push_text(" big ");
        b.close(m, SpanKind::Emphasis);
        b.push_text("world.");
        b.push_ref("1", "fn1");
        let p = b.take(BlockKind::Paragraph, None).unwrap();
        assert_eq!(p.text, "Hello big world.[1]");
        assert_eq!(&p.text[p.spans[0].range.clone()], "big");
        assert_eq!(&p.text[p.refs[0].range.clone()], "[1]");
        assert!(b.take(BlockKind::Paragraph, None).is_none());
    }

    #[test]
    fn assembled_markers_link_to_notes_by_key() {
        let mut b = InlineBuf::default();
        b.push_text("Body text.");
        b.push_ref("1", "n-a");
        b.push_text(" More.");
        b.push_ref("2", "missing");
        let body = b.take(BlockKind::Paragraph, None).unwrap();
        b.push_text("A source, 2004.");
        let note = b.take(BlockKind::Note, Some("n-a".into())).unwrap();
        b.push_text("Ibid.");
        let ibid = b.take(BlockKind::Note, Some("n-b".into())).unwrap();
        let ex = Extracted {
            title: Some("T".into()),
            pieces: vec![body, note, ibid],
            ..Extracted::default()
        };
        let d = assemble(ex, DocumentMeta::default());
        d.check_invariants().unwrap();
        assert_eq!(d.blocks[0].kind, BlockKind::Title);
        assert_eq!(d.markers.len(), 2);
        assert_eq!(d.markers[0].note, Some(0));
        assert_eq!(d.markers[1].note, None);
        assert_eq!(d.notes[0].label, "1");
        assert_eq!(d.block_text(&d.blocks[2]), "1 A source, 2004.");
        assert_eq!(d.notes[1].ibid_of, Some(0));
    }
}
