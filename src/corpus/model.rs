//! The document model: what a corpus becomes after loading and normalization.
//!
//! Every position is a byte offset into [`Document::text`], the normalized display text of the
//! document. Blocks, inline spans, footnote markers and notes all refer to ranges of it, so the
//! reader, the alignment index and the notes store share one coordinate system.

use serde::Serialize;
use std::ops::Range;

/// Separator placed between two blocks in [`Document::text`].
pub const BLOCK_SEPARATOR: &str = "\n\n";

/// A loaded corpus: documents in reading order plus everything that went wrong on the way.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub warnings: Vec<String>,
}

/// One readable document: a file, or one article of a compilation file.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Stable identifier within the corpus (file stem, plus `#NN` for articles of a compilation).
    pub id: String,
    pub title: String,
    pub author: Option<String>,
    pub date: Option<String>,
    pub publication: Option<String>,
    /// Path of the file the document came from, as given or relative to the corpus folder.
    pub source: String,
    /// The format the file was read as.
    pub format: super::formats::Format,
    /// Hex SHA-256 of the normalized text: stable across runs, builds and platforms.
    pub content_hash: String,
    /// The normalized display text; blocks are joined by [`BLOCK_SEPARATOR`].
    #[serde(skip)]
    pub text: String,
    pub blocks: Vec<Block>,
    pub markers: Vec<Marker>,
    pub notes: Vec<Note>,
}

/// The role of a block in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Title,
    Heading,
    Paragraph,
    /// An endnote or footnote definition.
    Note,
    /// Web-page leftovers, bylines and disclaimers: shown, but skipped by alignment.
    Boilerplate,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Note => "note",
            BlockKind::Boilerplate => "boilerplate",
        }
    }
}

/// A block of text: a byte range of the document text with its inline spans.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    #[serde(skip)]
    pub range: Range<usize>,
    /// Inline spans (absolute byte ranges into the document text), sorted by start.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
}

/// Inline styling inside a block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    #[serde(skip)]
    pub range: Range<usize>,
    pub kind: SpanKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "type")]
pub enum SpanKind {
    /// A footnote marker; the index is into [`Document::markers`].
    Marker { marker: usize },
    /// Link text from markdown `[text](url)`.
    Link { url: String },
    /// A bare URL in the text.
    Url,
    /// `*emphasis*`.
    Emphasis,
}

/// A footnote marker in the body text.
#[derive(Debug, Clone, Serialize)]
pub struct Marker {
    pub label: String,
    /// Byte offset of the marker text in the document text.
    pub offset: usize,
    /// Byte length of the marker text (`1`, `[1]`, `¹`, `[^1]`).
    #[serde(skip)]
    pub len: usize,
    /// Index into [`Document::notes`], or `None` when no definition was found.
    pub note: Option<usize>,
}

/// An endnote / footnote definition.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub label: String,
    /// The note's text without its label.
    pub text: String,
    /// For an `ibid` note: the note it repeats (resolved through chains of ibids).
    pub ibid_of: Option<usize>,
    /// Index into [`Document::blocks`] of the block that shows this note.
    #[serde(skip)]
    pub block: usize,
}

impl Document {
    /// Checks what every document must satisfy, whatever its source: blocks in order inside
    /// the text on character boundaries; each marker inside the text, showing its label (or
    /// superscript digits) and linked to a note of the same label; each `ibid` pointing at a
    /// note that is not itself an `ibid`. Used by the property tests and the fuzz target.
    pub fn check_invariants(&self) -> Result<(), String> {
        let mut end = 0;
        for (i, b) in self.blocks.iter().enumerate() {
            if b.range.start < end || b.range.end < b.range.start || b.range.end > self.text.len() {
                return Err(format!("block {i} at {:?} after {end}", b.range));
            }
            if !self.text.is_char_boundary(b.range.start)
                || !self.text.is_char_boundary(b.range.end)
            {
                return Err(format!("block {i} at {:?} splits a character", b.range));
            }
            end = b.range.end;
        }
        for m in &self.markers {
            let shown = self
                .text
                .get(m.offset..m.offset + m.len)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    format!("marker {:?} at {} is outside the text", m.label, m.offset)
                })?;
            if !shown.contains(&m.label) && shown.is_ascii() {
                return Err(format!("marker {:?} shows {shown:?}", m.label));
            }
            if let Some(n) = m.note {
                match self.notes.get(n) {
                    Some(note) if note.label == m.label => {}
                    _ => return Err(format!("marker {:?} linked to note {n}", m.label)),
                }
            }
        }
        for (i, n) in self.notes.iter().enumerate() {
            if let Some(j) = n.ibid_of {
                if self.notes.get(j).is_none_or(|t| t.ibid_of.is_some()) {
                    return Err(format!("note {i} is ibid of {j}, not a note of its own"));
                }
            }
        }
        Ok(())
    }

    /// Text of a block.
    pub fn block_text(&self, block: &Block) -> &str {
        &self.text[block.range.clone()]
    }

    /// Index of the block containing `offset` (or the nearest block before it).
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        if self.blocks.is_empty() {
            return None;
        }
        let i = self.blocks.partition_point(|b| b.range.start <= offset);
        Some(i.saturating_sub(1))
    }

    /// The heading (or title) that governs the block at `index`, if any.
    pub fn section_heading(&self, index: usize) -> Option<&str> {
        self.blocks[..=index.min(self.blocks.len().saturating_sub(1))]
            .iter()
            .rev()
            .find(|b| b.kind == BlockKind::Heading)
            .map(|b| self.block_text(b))
    }

    /// Markers citing the note at `note`.
    pub fn markers_citing(&self, note: usize) -> impl Iterator<Item = (usize, &Marker)> {
        self.markers
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.note == Some(note))
    }

    /// Builds a document from plain blocks, computing ranges and the hash. Used by the structure
    /// pass and by tests that need a small document without going through a file.
    pub fn from_blocks(id: &str, title: &str, blocks: &[(BlockKind, &str)]) -> Document {
        let mut builder = DocumentBuilder::default();
        for (kind, text) in blocks {
            builder.push(*kind, text, Vec::new());
        }
        builder.finish(DocumentMeta {
            id: id.to_string(),
            title: title.to_string(),
            ..DocumentMeta::default()
        })
    }
}

/// Descriptive fields of a document, filled from a manifest or inferred from its text.
#[derive(Debug, Clone, Default)]
pub struct DocumentMeta {
    pub id: String,
    pub title: String,
    pub author: Option<String>,
    pub date: Option<String>,
    pub publication: Option<String>,
    pub source: String,
    pub format: super::formats::Format,
}

/// Accumulates blocks into one text, keeping every range absolute.
#[derive(Debug, Default)]
pub struct DocumentBuilder {
    text: String,
    blocks: Vec<Block>,
    pub markers: Vec<Marker>,
    pub notes: Vec<Note>,
}

impl DocumentBuilder {
    /// Appends a block; `spans` are relative to `text` and are made absolute here.
    /// Returns the block's index.
    pub fn push(&mut self, kind: BlockKind, text: &str, spans: Vec<Span>) -> usize {
        if !self.blocks.is_empty() {
            self.text.push_str(BLOCK_SEPARATOR);
        }
        let start = self.text.len();
        self.text.push_str(text);
        let spans = spans
            .into_iter()
            .map(|s| Span {
                range: s.range.start + start..s.range.end + start,
                kind: s.kind,
            })
            .collect();
        self.blocks.push(Block {
            kind,
            range: start..self.text.len(),
            spans,
        });
        self.blocks.len() - 1
    }

    /// Offset at which the next pushed block's text will start.
    pub fn next_block_start(&self) -> usize {
        if self.blocks.is_empty() {
            0
        } else {
            self.text.len() + BLOCK_SEPARATOR.len()
        }
    }

    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    pub fn finish(self, meta: DocumentMeta) -> Document {
        let content_hash = content_hash(self.text.as_bytes());
        Document {
            id: meta.id,
            title: meta.title,
            author: meta.author,
            date: meta.date,
            publication: meta.publication,
            source: meta.source,
            format: meta.format,
            content_hash,
            text: self.text,
            blocks: self.blocks,
            markers: self.markers,
            notes: self.notes,
        }
    }
}

/// Hex SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_blocks_keeps_ranges_absolute() {
        let doc = Document::from_blocks(
            "d",
            "T",
            &[
                (BlockKind::Title, "T"),
                (BlockKind::Paragraph, "Hello world."),
            ],
        );
        assert_eq!(doc.text, "T\n\nHello world.");
        assert_eq!(doc.block_text(&doc.blocks[1]), "Hello world.");
        assert_eq!(doc.block_at(5), Some(1));
        assert_eq!(doc.block_at(0), Some(0));
        assert_eq!(doc.content_hash.len(), 64);
    }
}
