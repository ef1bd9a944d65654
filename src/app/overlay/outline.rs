//! `O`: the outline of the focused document — the articles of its compilation, if it is one,
//! and its headings; Enter jumps there (by the one jump rule, so `C-o` comes back).

use super::{list_move, Outcome};
use crate::app::{App, Key};
use crate::corpus::BlockKind;

/// One line of the outline: a document and a byte offset in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineEntry {
    pub doc: usize,
    pub offset: usize,
    /// 0: an article (or a heading of a single document); 1: a heading inside an article.
    pub level: u8,
    pub label: String,
}

/// The outline overlay: its entries (fixed when it opens) and the selected one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub entries: Vec<OutlineEntry>,
    pub selected: usize,
}

impl Outline {
    pub fn key(&mut self, app: &mut App, key: Key) -> Outcome {
        match key {
            Key::Esc | Key::Char('q') | Key::Char('O') => Outcome::Close,
            Key::Enter => {
                if let Some(e) = self.entries.get(self.selected) {
                    let i = app.jump_to_doc(e.doc);
                    app.show_offset(i, e.offset);
                    app.status = Some(format!("{} — C-o goes back", e.label));
                }
                Outcome::Close
            }
            k => {
                self.selected = list_move(k, self.selected, self.entries.len());
                Outcome::Stay
            }
        }
    }
}

/// The articles of a compilation are the documents whose id has the same stem before `#`.
fn compilation_stem(id: &str) -> Option<&str> {
    id.split_once('#').map(|(stem, _)| stem)
}

/// The headings of document `d` (titles and headings after its first line), at `level`.
fn headings(app: &App, d: usize, level: u8) -> Vec<OutlineEntry> {
    let doc = &app.corpus.documents[d];
    doc.blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading | BlockKind::Title))
        .filter(|b| b.range.start > 0 || level == 0)
        .map(|b| OutlineEntry {
            doc: d,
            offset: b.range.start,
            level,
            label: doc.text[b.range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect()
}

impl App {
    /// The outline of the focused document: a compilation's articles, with the focused
    /// article's headings under it; else the document's headings.
    pub fn outline_entries(&self) -> Vec<OutlineEntry> {
        let Some(pane) = self.panes.get(self.focus) else {
            return Vec::new();
        };
        let d = pane.doc;
        let docs = &self.corpus.documents;
        match compilation_stem(&docs[d].id) {
            Some(stem) => {
                let mut out = Vec::new();
                for (a, doc) in docs.iter().enumerate() {
                    if compilation_stem(&doc.id) != Some(stem) {
                        continue;
                    }
                    out.push(OutlineEntry {
                        doc: a,
                        offset: 0,
                        level: 0,
                        label: doc.title.clone(),
                    });
                    if a == d {
                        out.extend(headings(self, a, 1));
                    }
                }
                out
            }
            None => headings(self, d, 0),
        }
    }

    /// `O`: opens the outline on the entry at or before the reading line.
    pub(crate) fn open_outline(&mut self) {
        let entries = self.outline_entries();
        if entries.is_empty() {
            self.status = Some("no headings in this document".into());
            return;
        }
        let f = self.focus;
        let d = self.panes[f].doc;
        let here = self.panes[f].layout.offset_of(self.reading_line(f));
        let selected = entries
            .iter()
            .rposition(|e| e.doc == d && e.offset <= here)
            .or_else(|| entries.iter().position(|e| e.doc == d))
            .unwrap_or(0);
        self.overlay = Some(super::Overlay::Outline(Outline { entries, selected }));
    }
}
