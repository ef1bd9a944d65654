//! `t`: the topic map, passages per topic (rows) and document (columns); Enter opens the
//! first passage of a cell.

use super::Outcome;
use crate::app::{App, Key};

/// The cell selected in the topic map.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TopicMap {
    pub row: usize,
    pub col: usize,
}

impl TopicMap {
    pub fn key(&mut self, app: &mut App, key: Key) -> Outcome {
        let topics = app.index.get().topics.len();
        let docs = app.corpus.documents.len();
        match key {
            Key::Esc | Key::Char('q') | Key::Char('t') => return Outcome::Close,
            Key::Char('j') | Key::Down => self.row = (self.row + 1).min(topics.saturating_sub(1)),
            Key::Char('k') | Key::Up => self.row = self.row.saturating_sub(1),
            Key::Char('l') | Key::Right | Key::Tab => {
                self.col = (self.col + 1).min(docs.saturating_sub(1));
            }
            Key::Char('h') | Key::Left | Key::BackTab => self.col = self.col.saturating_sub(1),
            Key::Enter => {
                if app.open_topic_cell(self.row, self.col) {
                    return Outcome::Close;
                }
                app.status = Some("this author does not treat this topic".into());
            }
            _ => {}
        }
        Outcome::Stay
    }
}

impl App {
    /// For each topic, how many of its passages each document has.
    pub fn topic_counts(&self) -> Vec<Vec<usize>> {
        let docs = self.corpus.documents.len();
        self.index
            .get()
            .topics
            .iter()
            .map(|t| {
                let mut row = vec![0; docs];
                for &p in &t.passages {
                    if let Some(passage) = self.index.get().passages.get(p) {
                        if passage.doc < docs {
                            row[passage.doc] += 1;
                        }
                    }
                }
                row
            })
            .collect()
    }

    /// Opens the first passage of topic `row` in document `col`; false if there is none.
    fn open_topic_cell(&mut self, row: usize, col: usize) -> bool {
        let Some(topic) = self.index.get().topics.get(row) else {
            return false;
        };
        let Some(p) = topic
            .passages
            .iter()
            .copied()
            .filter(|&p| {
                self.index
                    .get()
                    .passages
                    .get(p)
                    .is_some_and(|x| x.doc == col)
            })
            .min_by_key(|&p| self.index.get().passages[p].range.start)
        else {
            return false;
        };
        let i = self.jump_to_doc(col);
        self.show_passage(i, p);
        self.relayout();
        true
    }
}
