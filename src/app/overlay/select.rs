//! `v`: a highlight being selected by whole sentences; `j`/`k` extend, `1`-`5` pick the
//! colour, Enter saves it.

use super::Outcome;
use crate::app::highlights::{next_sentence, prev_sentence};
use crate::app::{App, Effect, Key};
use std::ops::Range;

/// A highlight being selected with `v`: whole sentences from `anchor` to `head`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub pane: usize,
    pub doc: usize,
    /// The sentence the selection started on.
    pub anchor: Range<usize>,
    /// The sentence `j`/`k` move.
    pub head: Range<usize>,
    /// Colour 1–5.
    pub color: u8,
}

/// Why the selection cannot grow further: the end of the document, or of its part (the
/// text before the notes, the notes, a heading).
fn stop_message(doc: &crate::corpus::Document, head: &Range<usize>, down: bool) -> String {
    let at_edge = if down {
        head.end >= doc.text.trim_end().len()
    } else {
        doc.text[..head.start].trim().is_empty()
    };
    if at_edge {
        "the selection reaches the end of the document".into()
    } else {
        let kind = doc
            .block_at(head.start)
            .map_or("text", |b| match doc.blocks[b].kind {
                crate::corpus::BlockKind::Note => "note",
                crate::corpus::BlockKind::Heading | crate::corpus::BlockKind::Title => "heading",
                crate::corpus::BlockKind::Boilerplate => "page text",
                crate::corpus::BlockKind::Paragraph => "text",
            });
        format!("the selection stops at the end of its {kind}")
    }
}

impl Selection {
    pub fn key(&mut self, app: &mut App, key: Key, effects: &mut Vec<Effect>) -> Outcome {
        let doc = &app.corpus.documents[self.doc];
        let abbr = app.abbreviations();
        match key {
            Key::Esc | Key::Char('v') => return Outcome::Close,
            Key::Char('j') | Key::Down | Key::Char('}') | Key::Char(')') => {
                match next_sentence(doc, &self.head, abbr) {
                    Some(s) => self.head = s,
                    None => app.status = Some(stop_message(doc, &self.head, true)),
                }
            }
            Key::Char('k') | Key::Up | Key::Char('{') | Key::Char('(') => {
                match prev_sentence(doc, &self.head, abbr) {
                    Some(s) => self.head = s,
                    None => app.status = Some(stop_message(doc, &self.head, false)),
                }
            }
            Key::Char(c @ '1'..='5') => self.color = c as u8 - b'0',
            Key::Enter => {
                app.save_highlight(self, effects);
                return Outcome::Close;
            }
            _ => {}
        }
        if self.pane < app.panes.len() && !app.offset_visible(self.pane, self.head.start) {
            let line = app.panes[self.pane].layout.line_of(self.head.start);
            app.show_line(self.pane, line);
            app.cursor_from_scroll(self.pane);
        }
        Outcome::Stay
    }

    pub fn range(&self) -> Range<usize> {
        self.anchor.start.min(self.head.start)..self.anchor.end.max(self.head.end)
    }
}
