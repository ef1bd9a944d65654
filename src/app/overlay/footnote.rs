//! `K`: a footnote of the source, the note an ibid repeats, and the markers citing it; Enter
//! goes to the note, or to the marker picked with `j`/`k`.

use super::Outcome;
use crate::app::{App, Key};

/// The footnote shown: note `note` of document `doc`, and the markers citing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnotePreview {
    pub doc: usize,
    pub note: usize,
    /// Markers citing the note (indices into the document's markers).
    pub citing: Vec<usize>,
    /// A citing marker (index into `citing`), or `None` for the note itself.
    pub selected: Option<usize>,
}

impl FootnotePreview {
    pub fn key(&mut self, app: &mut App, key: Key) -> Outcome {
        match key {
            Key::Esc | Key::Char('q') | Key::Char('K') => return Outcome::Close,
            Key::Char('j') | Key::Down | Key::Tab | Key::Ctrl('n') => {
                self.selected = match self.selected {
                    None if !self.citing.is_empty() => Some(0),
                    Some(k) if k + 1 < self.citing.len() => Some(k + 1),
                    s => s,
                };
            }
            Key::Char('k') | Key::Up | Key::BackTab | Key::Ctrl('p') => {
                self.selected = self.selected.and_then(|k| k.checked_sub(1));
            }
            Key::Enter => {
                let f = app.focus;
                if app.panes[f].doc == self.doc {
                    match self.selected.and_then(|k| self.citing.get(k)) {
                        Some(&m) => app.goto_marker(f, m),
                        None => app.goto_note(f, self.note),
                    }
                }
                return Outcome::Close;
            }
            _ => {}
        }
        Outcome::Stay
    }
}
