//! `F`: search in every document; the hits grouped by document, Enter opens one.

use super::Outcome;
use crate::app::search::{self, CORPUS_SEARCH_LIMIT, SEARCH_LIMIT};
use crate::app::{App, Key, PaneSearch};
use std::ops::Range;

/// A corpus search hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    pub range: Range<usize>,
}

/// The corpus search: the query, its hits, the hit selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusSearch {
    pub query: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// The query changed since the hits were found ([`App::defer_searches`]).
    pub stale: bool,
}

impl CorpusSearch {
    /// Finds the hits of a query typed since the last frame; true when there was one.
    pub fn settle(&mut self, app: &App) -> bool {
        if !std::mem::take(&mut self.stale) {
            return false;
        }
        self.hits = app.corpus_hits(&self.query);
        self.selected = 0;
        true
    }

    pub fn key(&mut self, app: &mut App, key: Key) -> Outcome {
        if key == Key::Enter {
            self.settle(app);
        }
        let last = self.hits.len().saturating_sub(1);
        match key {
            Key::Esc => return Outcome::Close,
            Key::Enter => {
                if let Some(hit) = self.hits.get(self.selected).cloned() {
                    app.open_hit(&self.query, &hit);
                }
                return Outcome::Close;
            }
            Key::Up | Key::Ctrl('p') | Key::BackTab => {
                self.selected = self.selected.saturating_sub(1);
            }
            Key::Down | Key::Ctrl('n') | Key::Tab => self.selected = (self.selected + 1).min(last),
            Key::PageDown => self.selected = (self.selected + 10).min(last),
            Key::PageUp => self.selected = self.selected.saturating_sub(10),
            Key::Backspace | Key::Char(_) => {
                match key {
                    Key::Char(c) => self.query.push(c),
                    _ => {
                        self.query.pop();
                    }
                }
                if app.defer_searches {
                    self.stale = true;
                } else {
                    self.hits = app.corpus_hits(&self.query);
                    self.selected = 0;
                }
            }
            _ => {}
        }
        Outcome::Stay
    }
}

impl App {
    pub(crate) fn corpus_hits(&self, query: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (d, doc) in self.corpus.documents.iter().enumerate() {
            let left = CORPUS_SEARCH_LIMIT.saturating_sub(hits.len());
            if left == 0 {
                break;
            }
            for range in search::find_all(&doc.text, query, left) {
                hits.push(Hit { doc: d, range });
            }
        }
        hits
    }

    fn open_hit(&mut self, query: &str, hit: &Hit) {
        let f = self.jump_to_doc(hit.doc);
        let matches = search::find_all(&self.corpus.documents[hit.doc].text, query, SEARCH_LIMIT);
        let current = matches.iter().position(|m| *m == hit.range);
        self.panes[f].search = Some(PaneSearch {
            query: query.to_string(),
            matches,
            current,
        });
        self.show_offset(f, hit.range.start);
    }
}
