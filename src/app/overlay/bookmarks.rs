//! `B`: marks (by letter) then named bookmarks; Enter jumps, `r` renames, `d` deletes, `u`
//! undoes.

use super::{list_move, EditTarget, LineEdit, Outcome, Overlay};
use crate::app::{App, Effect, Key, Undoable};

/// The bookmark list; `selected` indexes [`App::bookmark_rows`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BookmarkList {
    pub selected: usize,
}

impl BookmarkList {
    pub fn key(&mut self, app: &mut App, key: Key, effects: &mut Vec<Effect>) -> Outcome {
        let rows = app.bookmark_rows();
        let n = rows.len();
        self.selected = self.selected.min(n.saturating_sub(1));
        let row = rows.get(self.selected).copied();
        match key {
            Key::Esc | Key::Char('q') | Key::Char('B') => return Outcome::Close,
            Key::Enter => {
                if let Some(k) = row {
                    if !app.goto_bookmark(k) {
                        return Outcome::Stay;
                    }
                }
                return Outcome::Close;
            }
            Key::Char('r') | Key::Char('c') => {
                if let Some(k) = row {
                    let b = &app.annotations.data.bookmarks[k];
                    return Outcome::Open(Overlay::Edit(LineEdit {
                        target: EditTarget::RenameBookmark {
                            id: b.id.clone(),
                            from_list: self.selected,
                        },
                        text: b.name.clone().unwrap_or_default(),
                    }));
                }
            }
            Key::Char('d') | Key::Delete => {
                if let Some(k) = row {
                    let id = app.annotations.data.bookmarks[k].id.clone();
                    if let Some(b) = app.annotations.data.remove_bookmark(&id) {
                        app.annotations.undo.push(Undoable::Bookmark(b));
                        app.reindex_annotations();
                        app.status = Some("bookmark deleted — u undoes".into());
                        effects.push(Effect::SaveAnnotations);
                    }
                }
                self.selected = self.selected.min(n.saturating_sub(2));
            }
            Key::Char('u') => app.undo_delete(effects),
            _ => self.selected = list_move(key, self.selected, n),
        }
        Outcome::Stay
    }
}
