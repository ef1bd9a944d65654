//! What readers keep: highlights (with notes), marks and bookmarks, and the reading session —
//! anchored so they survive edits of the source, merged so two instances lose nothing, and
//! exported to Markdown or JSON. Pure, but for [`store`], which reads and writes the files.

pub mod anchor;
pub mod export;
pub mod files;
pub mod pins;
pub mod store;
pub mod synopsis;

use crate::corpus::{Corpus, Document};
use anchor::{Anchor, Placement};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::ops::Range;

/// Version of the state file format. A file with a newer version is never overwritten.
/// 2 added [`DocRef::key`]; files of version 1 load as they are ([`fill_keys`] completes them).
pub const SCHEMA_VERSION: u32 = 2;

/// Which document an item belongs to. Its content is the key ([`DocRef::key`], a partial hash
/// as KOReader keys a book, and the full [`DocRef::hash`]); the id and the file it came from
/// are hints, which find an edited document again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRef {
    pub id: String,
    pub source: String,
    /// SHA-256 of the whole text when the item was made (to notice edits).
    pub hash: String,
    /// [`partial_key`] of the text when the item was made; empty in files of schema 1.
    #[serde(default)]
    pub key: String,
}

impl DocRef {
    pub fn of(doc: &Document) -> DocRef {
        DocRef {
            id: doc.id.clone(),
            source: doc.source.clone(),
            hash: doc.content_hash.clone(),
            key: partial_key(&doc.text),
        }
    }
}

/// Bytes sampled at each offset by [`partial_key`].
const PARTIAL_SAMPLE: usize = 1024;

/// A content key of a document that does not read all of a long one (KOReader's partial
/// MD5, with SHA-256): 1 KiB at offsets 0 and 1024·4^i for i = −1…10 (256 B, 1 KiB, 4 KiB,
/// … 1 GiB). Stays the same when a long text is edited between the samples; any other edit,
/// and any edit of a text under 1.25 KiB, changes it. 32 hex digits.
pub fn partial_key(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let bytes = text.as_bytes();
    let mut hasher = Sha256::new();
    let offsets = std::iter::once(0).chain((0..12).map(|i| (PARTIAL_SAMPLE << (2 * i)) >> 2));
    for at in offsets {
        if at >= bytes.len() {
            break;
        }
        hasher.update(&bytes[at..bytes.len().min(at + PARTIAL_SAMPLE)]);
    }
    hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Completes items of a schema-1 file with the content key of their document, where the
/// document is the one they were made on (same full hash).
pub fn fill_keys(state: &mut Annotations, corpus: &Corpus) {
    let docs: Vec<&mut DocRef> = state
        .highlights
        .iter_mut()
        .map(|h| &mut h.doc)
        .chain(state.bookmarks.iter_mut().map(|b| &mut b.doc))
        .collect();
    for doc in docs {
        if doc.key.is_empty() {
            if let Some(d) = corpus.documents.iter().find(|d| d.content_hash == doc.hash) {
                doc.key = partial_key(&d.text);
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// Unique across instances (made by the shell from time, process and a counter).
    pub id: String,
    pub doc: DocRef,
    pub anchor: Anchor,
    /// Colour 1–5.
    pub color: u8,
    #[serde(default)]
    pub note: String,
    /// Seconds since the epoch of the last change (for merging edits).
    pub updated: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub id: String,
    pub doc: DocRef,
    pub anchor: Anchor,
    /// A single-letter mark (`m` + letter) …
    #[serde(default)]
    pub mark: Option<char>,
    /// … or a named bookmark.
    #[serde(default)]
    pub name: Option<String>,
    pub updated: u64,
}

/// One pane of a saved session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaneSession {
    pub doc: String,
    /// Byte offset of the first line shown.
    pub offset: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub panes: Vec<PaneSession>,
    pub focus: usize,
    pub follow: bool,
    /// Panes one above the other (absent in files written before the stacked layout).
    #[serde(default)]
    pub stacked: bool,
    pub updated: u64,
}

/// Everything kept for one corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotations {
    pub schema: u32,
    #[serde(default)]
    pub highlights: Vec<Highlight>,
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
    #[serde(default)]
    pub session: Option<Session>,
    /// Ids of deleted items, so a merge with an older copy does not bring them back.
    #[serde(default)]
    pub deleted: BTreeSet<String>,
    /// The reader's pins: parallels and "nothing here" marks (absent in older files).
    #[serde(default)]
    pub pins: Vec<pins::Pin>,
}

impl Default for Annotations {
    fn default() -> Self {
        Annotations {
            schema: SCHEMA_VERSION,
            highlights: Vec::new(),
            bookmarks: Vec::new(),
            session: None,
            deleted: BTreeSet::new(),
            pins: Vec::new(),
        }
    }
}

fn merge_items<T: Clone>(
    mine: &[T],
    theirs: &[T],
    deleted: &BTreeSet<String>,
    id: impl Fn(&T) -> &str,
    updated: impl Fn(&T) -> u64,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in mine.iter().chain(theirs) {
        if deleted.contains(id(item)) {
            continue;
        }
        match out.iter_mut().find(|o| id(o) == id(item)) {
            Some(existing) => {
                if updated(item) > updated(existing) {
                    *existing = item.clone();
                }
            }
            None => out.push(item.clone()),
        }
    }
    out
}

impl Annotations {
    /// Merges what another instance saved into this state: the union of items, the newer
    /// version of an item edited in both, deletions from both; the newer session wins.
    pub fn merge(&self, theirs: &Annotations) -> Annotations {
        let deleted: BTreeSet<String> = self.deleted.union(&theirs.deleted).cloned().collect();
        let session = match (&self.session, &theirs.session) {
            (Some(a), Some(b)) => Some(if b.updated > a.updated { b } else { a }.clone()),
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        Annotations {
            schema: SCHEMA_VERSION,
            highlights: merge_items(
                &self.highlights,
                &theirs.highlights,
                &deleted,
                |h| &h.id,
                |h| h.updated,
            ),
            bookmarks: merge_items(
                &self.bookmarks,
                &theirs.bookmarks,
                &deleted,
                |b| &b.id,
                |b| b.updated,
            ),
            session,
            pins: merge_items(&self.pins, &theirs.pins, &deleted, |p| &p.id, |p| p.updated),
            deleted,
        }
    }

    pub fn remove_highlight(&mut self, id: &str) -> Option<Highlight> {
        let i = self.highlights.iter().position(|h| h.id == id)?;
        self.deleted.insert(id.to_string());
        Some(self.highlights.remove(i))
    }

    /// Puts back a highlight removed by [`Self::remove_highlight`] (undo).
    pub fn restore_highlight(&mut self, highlight: Highlight) {
        self.deleted.remove(&highlight.id);
        self.highlights.push(highlight);
    }

    pub fn remove_pin(&mut self, id: &str) -> Option<pins::Pin> {
        let i = self.pins.iter().position(|p| p.id == id)?;
        self.deleted.insert(id.to_string());
        Some(self.pins.remove(i))
    }

    pub fn remove_bookmark(&mut self, id: &str) -> Option<Bookmark> {
        let i = self.bookmarks.iter().position(|b| b.id == id)?;
        self.deleted.insert(id.to_string());
        Some(self.bookmarks.remove(i))
    }
}

/// Where an item is in the loaded corpus now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Index into [`Corpus::documents`], `None` when the document is gone.
    pub doc: Option<usize>,
    /// Byte range in that document's text, `None` for an orphan.
    pub range: Option<Range<usize>>,
    pub placement: Option<Placement>,
}

impl Resolved {
    pub fn is_orphan(&self) -> bool {
        self.range.is_none()
    }
}

/// Finds the document an item refers to, by content first: the same text with the same id
/// and source, the same text, then the hints (same id and source, same id: an edited
/// document, where the anchor re-anchors). The partial key is matched once per document when
/// the store looks for a moved corpus's items ([`store::Store::load_for`]), not here, per item.
pub fn find_document(corpus: &Corpus, doc: &DocRef) -> Option<usize> {
    let docs = &corpus.documents;
    let same_text = |d: &Document| d.content_hash == doc.hash;
    docs.iter()
        .position(|d| same_text(d) && d.id == doc.id && d.source == doc.source)
        .or_else(|| docs.iter().position(same_text))
        .or_else(|| {
            docs.iter()
                .position(|d| d.id == doc.id && d.source == doc.source)
        })
        .or_else(|| docs.iter().position(|d| d.id == doc.id))
}

/// Places an anchored item in the current corpus.
pub fn resolve(corpus: &Corpus, doc: &DocRef, anchor: &Anchor) -> Resolved {
    let Some(d) = find_document(corpus, doc) else {
        return Resolved {
            doc: None,
            range: None,
            placement: None,
        };
    };
    let located = anchor.locate(&corpus.documents[d].text);
    Resolved {
        doc: Some(d),
        range: located.as_ref().map(|(r, _)| r.clone()),
        placement: located.map(|(_, p)| p),
    }
}

/// A highlight with placeholder document and anchor, for tests.
#[cfg(test)]
pub(crate) fn sample_highlight(id: &str, updated: u64, note: &str) -> Highlight {
    Highlight {
        id: id.into(),
        doc: DocRef {
            id: "d".into(),
            source: "d.txt".into(),
            hash: "h".into(),
            key: String::new(),
        },
        anchor: Anchor {
            quote: "q".into(),
            prefix: String::new(),
            suffix: String::new(),
            offset: 0,
        },
        color: 1,
        note: note.into(),
        updated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlight(id: &str, updated: u64, note: &str) -> Highlight {
        sample_highlight(id, updated, note)
    }

    #[test]
    fn merge_keeps_both_sides_additions() {
        let mut a = Annotations::default();
        a.highlights.push(highlight("a1", 1, ""));
        let mut b = Annotations::default();
        b.highlights.push(highlight("b1", 1, ""));
        let m = a.merge(&b);
        let ids: Vec<&str> = m.highlights.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a1", "b1"]);
    }

    #[test]
    fn merge_prefers_the_newer_edit_and_honours_deletions() {
        let mut a = Annotations::default();
        a.highlights.push(highlight("x", 5, "new note"));
        a.highlights.push(highlight("gone", 1, ""));
        let mut b = Annotations::default();
        b.highlights.push(highlight("x", 2, "old note"));
        b.highlights.push(highlight("gone", 1, ""));
        a.remove_highlight("gone");
        let m = b.merge(&a);
        assert_eq!(m.highlights.len(), 1);
        assert_eq!(m.highlights[0].note, "new note");
        assert!(m.deleted.contains("gone"));
    }

    #[test]
    fn undo_restores_a_deleted_highlight() {
        let mut s = Annotations::default();
        s.highlights.push(highlight("x", 1, ""));
        let h = s.remove_highlight("x").unwrap();
        s.restore_highlight(h);
        assert_eq!(s.highlights.len(), 1);
        assert!(s.deleted.is_empty());
    }

    #[test]
    fn resolve_finds_moved_text_and_reports_orphans() {
        use crate::corpus::{BlockKind, Corpus, Document};
        let before = Document::from_blocks(
            "d",
            "T",
            &[(BlockKind::Paragraph, "Alpha beta gamma delta epsilon.")],
        );
        let r = before.text.find("gamma").unwrap();
        let anchor = Anchor::capture(&before.text, r..r + 5);
        let doc = DocRef::of(&before);
        let after = Document::from_blocks(
            "d",
            "T",
            &[
                (BlockKind::Paragraph, "New first paragraph."),
                (BlockKind::Paragraph, "Alpha beta gamma delta epsilon."),
            ],
        );
        let corpus = Corpus {
            documents: vec![after],
            warnings: vec![],
        };
        let res = resolve(&corpus, &doc, &anchor);
        let range = res.range.clone().unwrap();
        assert_eq!(&corpus.documents[0].text[range], "gamma");
        let mut gone = anchor.clone();
        gone.quote = "omega".into();
        assert!(resolve(&corpus, &doc, &gone).is_orphan());
    }
}
