//! `/`: incremental search in the focused document; Enter keeps the matches for `n` / `N`,
//! Esc goes back to where the search started.

use super::Outcome;
use crate::app::search::{self, SEARCH_LIMIT};
use crate::app::{App, Key, PaneSearch};

/// The search being typed, and where it started (top line, cursor passage).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    pub origin: (usize, Option<usize>),
    /// The query changed since the last search ([`App::defer_searches`]).
    pub stale: bool,
}

impl Search {
    pub fn new(origin: (usize, Option<usize>)) -> Search {
        Search {
            query: String::new(),
            origin,
            stale: false,
        }
    }

    /// Runs the search deferred since the last frame; true when there was one.
    pub fn settle(&mut self, app: &mut App) -> bool {
        if !std::mem::take(&mut self.stale) {
            return false;
        }
        app.incremental_search(&self.query, self.origin);
        true
    }

    pub fn key(&mut self, app: &mut App, key: Key) -> Outcome {
        if key == Key::Enter {
            self.settle(app);
        }
        let (query, origin) = (&mut self.query, self.origin);
        match key {
            Key::Esc => {
                let f = app.focus;
                app.panes[f].scroll = origin.0;
                app.panes[f].cursor = origin.1;
                app.panes[f].search = None;
                Outcome::Close
            }
            Key::Enter => {
                let f = app.focus;
                if query.is_empty() {
                    app.panes[f].search = None;
                } else {
                    let n = app.panes[f].search.as_ref().map_or(0, |s| s.matches.len());
                    if n > 0 {
                        let mut before = app.here(f);
                        before.offset = app.panes[f].layout.offset_of(origin.0);
                        before.cursor = origin.1;
                        app.panes[f].jumps.push(before);
                        app.status = Some(format!(
                            "{n} {} for {query:?} (n next, N backward)",
                            crate::app::plural(n, "match", "matches")
                        ));
                    } else {
                        app.status = Some(format!("no match for {query:?}"));
                    }
                }
                Outcome::Close
            }
            Key::Backspace | Key::Char(_) => {
                match key {
                    Key::Char(c) => query.push(c),
                    _ => {
                        query.pop();
                    }
                }
                if app.defer_searches {
                    self.stale = true;
                } else {
                    app.incremental_search(query, origin);
                }
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }
}

impl App {
    fn incremental_search(&mut self, query: &str, origin: (usize, Option<usize>)) {
        let f = self.focus;
        let doc = &self.corpus.documents[self.panes[f].doc];
        let matches = search::find_all(&doc.text, query, SEARCH_LIMIT);
        let from = self.panes[f].layout.offset_of(origin.0);
        let current = if matches.is_empty() {
            None
        } else {
            Some(matches.iter().position(|m| m.start >= from).unwrap_or(0))
        };
        match current {
            Some(c) => {
                let start = matches[c].start;
                self.show_offset(f, start);
            }
            None => {
                self.panes[f].scroll = origin.0;
                self.panes[f].cursor = origin.1;
            }
        }
        self.panes[f].search = if query.is_empty() {
            None
        } else {
            Some(PaneSearch {
                query: query.to_string(),
                matches,
                current,
            })
        };
    }
}
