//! `o`: the document picker, for the focused pane; typing filters by folder, author, title
//! and publication.

use super::Outcome;
use crate::app::{App, Key};

/// The document picker: the filter typed so far and the document selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picker {
    pub query: String,
    /// A document index (it stays selected while the filter keeps it).
    pub selected: usize,
}

impl Picker {
    pub fn new(selected: usize) -> Picker {
        Picker {
            query: String::new(),
            selected,
        }
    }

    pub fn key(&mut self, app: &mut App, key: Key) -> Outcome {
        let items = app.picker_items(&self.query);
        let pos = items.iter().position(|&d| d == self.selected).unwrap_or(0);
        match key {
            Key::Esc => return Outcome::Close,
            Key::Enter => {
                if let Some(&doc) = items.get(pos) {
                    let f = app.focus;
                    if app.panes[f].doc != doc {
                        app.push_jump(f);
                        app.set_doc(f, doc);
                    }
                }
                return Outcome::Close;
            }
            Key::Up | Key::Ctrl('p') | Key::BackTab => {
                if let Some(&d) = items.get(pos.saturating_sub(1)) {
                    self.selected = d;
                }
            }
            Key::Down | Key::Ctrl('n') | Key::Tab => {
                if let Some(&d) = items.get((pos + 1).min(items.len().saturating_sub(1))) {
                    self.selected = d;
                }
            }
            Key::Backspace | Key::Char(_) => {
                match key {
                    Key::Char(c) => self.query.push(c),
                    _ => {
                        self.query.pop();
                    }
                }
                let items = app.picker_items(&self.query);
                if !items.contains(&self.selected) {
                    self.selected = items.first().copied().unwrap_or(self.selected);
                }
            }
            _ => {}
        }
        Outcome::Stay
    }
}

impl App {
    /// Documents matching the picker query (every word in the folder, file, author,
    /// publication, date or title).
    pub fn picker_items(&self, query: &str) -> Vec<usize> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        (0..self.corpus.documents.len())
            .filter(|&d| {
                let label = crate::corpus::label::search_text(&self.corpus, d);
                words.iter().all(|w| label.contains(w.as_str()))
            })
            .collect()
    }
}
