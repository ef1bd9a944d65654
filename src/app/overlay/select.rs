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

impl Selection {
    pub fn key(&mut self, app: &mut App, key: Key, effects: &mut Vec<Effect>) -> Outcome {
        let doc = &app.corpus.documents[self.doc];
        match key {
            Key::Esc | Key::Char('v') => return Outcome::Close,
            Key::Char('j') | Key::Down | Key::Char('}') | Key::Char(')') => {
                if let Some(s) = next_sentence(doc, &self.head) {
                    self.head = s;
                }
            }
            Key::Char('k') | Key::Up | Key::Char('{') | Key::Char('(') => {
                if let Some(s) = prev_sentence(doc, &self.head) {
                    self.head = s;
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
