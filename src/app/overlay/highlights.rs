//! `H`: every highlight of the corpus, by document then position, orphans last; Enter jumps,
//! `c` edits the note, `d` deletes, `u` undoes.

use super::{list_move, Outcome, Overlay};
use crate::app::{App, Effect, Key};

/// The highlight list; `selected` indexes [`App::highlight_rows`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HighlightList {
    pub selected: usize,
}

impl HighlightList {
    pub fn key(&mut self, app: &mut App, key: Key, effects: &mut Vec<Effect>) -> Outcome {
        let rows = app.highlight_rows();
        let n = rows.len();
        self.selected = self.selected.min(n.saturating_sub(1));
        let row = rows.get(self.selected).copied();
        match key {
            Key::Esc | Key::Char('q') | Key::Char('H') => return Outcome::Close,
            Key::Enter => {
                if let Some(k) = row {
                    if !app.goto_highlight(k) {
                        return Outcome::Stay;
                    }
                }
                return Outcome::Close;
            }
            Key::Char('c') => {
                if let Some(k) = row {
                    return Outcome::Open(Overlay::Edit(app.note_editor(k, Some(self.selected))));
                }
            }
            Key::Char('d') | Key::Delete => {
                if let Some(k) = row {
                    app.delete_highlight(k, effects);
                }
                self.selected = self.selected.min(n.saturating_sub(2));
            }
            Key::Char('u') => app.undo_delete(effects),
            _ => self.selected = list_move(key, self.selected, n),
        }
        Outcome::Stay
    }
}
