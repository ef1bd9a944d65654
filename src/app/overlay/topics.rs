//! `t`: the topic map, passages per topic (rows) and document (columns). Enter lists a
//! cell's passages (Enter again opens one); `a` opens the row across the panes: each pane
//! shows a document's passage on the topic, and `]a` steps through the rest.

use super::Outcome;
use crate::app::{App, Key};

/// The cell selected in the topic map.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TopicMap {
    pub row: usize,
    pub col: usize,
    /// The cell's passages are listed, this one selected.
    pub list: Option<usize>,
}

impl TopicMap {
    pub fn key(&mut self, app: &mut App, key: Key) -> Outcome {
        let topics = app.index.get().topics.len();
        let docs = app.corpus.documents.len();
        if let Some(k) = self.list {
            let passages = app.topic_cell(self.row, self.col);
            match key {
                Key::Esc | Key::Char('q') | Key::Char('h') | Key::Left => self.list = None,
                Key::Enter => {
                    if let Some(&p) = passages.get(k) {
                        app.open_topic_passage(self.col, p);
                        return Outcome::Close;
                    }
                }
                _ => self.list = Some(super::list_move(key, k, passages.len())),
            }
            return Outcome::Stay;
        }
        match key {
            Key::Esc | Key::Char('q') | Key::Char('t') => return Outcome::Close,
            Key::Char('j') | Key::Down => self.row = (self.row + 1).min(topics.saturating_sub(1)),
            Key::Char('k') | Key::Up => self.row = self.row.saturating_sub(1),
            Key::Char('l') | Key::Right | Key::Tab => {
                self.col = (self.col + 1).min(docs.saturating_sub(1));
            }
            Key::Char('h') | Key::Left | Key::BackTab => self.col = self.col.saturating_sub(1),
            Key::Enter => {
                if app.topic_cell(self.row, self.col).is_empty() {
                    app.status = Some("this author does not treat this topic".into());
                } else {
                    self.list = Some(0);
                }
            }
            Key::Char('a') if app.open_topic_row(self.row) => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }
}

impl App {
    /// The passages of topic `row`: the engine's, and the reader's pinned parallels of them.
    pub fn topic_passages(&self, row: usize) -> Vec<usize> {
        let index = self.index.get();
        let Some(topic) = index.topics.get(row) else {
            return Vec::new();
        };
        let mut ps = topic.passages.clone();
        if !self.annotations.data.pins.is_empty() {
            let (pairs, _) = crate::annotations::synopsis::pinned_passages(
                &self.corpus,
                index,
                &self.annotations.data,
            );
            for (a, b) in pairs {
                if topic.passages.contains(&a) && !ps.contains(&b) {
                    ps.push(b);
                } else if topic.passages.contains(&b) && !ps.contains(&a) {
                    ps.push(a);
                }
            }
        }
        ps
    }

    /// For each topic, how many of its passages each document has (the reader's pinned
    /// parallels counted in).
    pub fn topic_counts(&self) -> Vec<Vec<usize>> {
        let docs = self.corpus.documents.len();
        (0..self.index.get().topics.len())
            .map(|t| {
                let mut row = vec![0; docs];
                for &p in &self.topic_passages(t) {
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

    /// The passages of topic `row` in document `col`, in reading order.
    pub fn topic_cell(&self, row: usize, col: usize) -> Vec<usize> {
        let index = self.index.get();
        let mut ps: Vec<usize> = self
            .topic_passages(row)
            .into_iter()
            .filter(|&p| index.passages.get(p).is_some_and(|x| x.doc == col))
            .collect();
        ps.sort_by_key(|&p| index.passages[p].range.start);
        ps
    }

    /// Opens passage `p` of document `col` by the one jump rule (`jump_to_doc`).
    fn open_topic_passage(&mut self, col: usize, p: usize) {
        let i = self.jump_to_doc(col);
        self.show_passage(i, p);
        self.relayout();
    }

    /// `a` in the topic map: the topic across the panes — each pane shows a document's
    /// passage on it (the documents already shown first, then the others in corpus order),
    /// the focused pane leading; `]a` then steps through the topic's other passages.
    fn open_topic_row(&mut self, row: usize) -> bool {
        let index = self.index.get().clone();
        let Some(topic) = index.topics.get(row) else {
            return false;
        };
        let mut docs: Vec<usize> = self
            .topic_passages(row)
            .iter()
            .filter_map(|&p| index.passages.get(p).map(|x| x.doc))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        // panes keep their documents where the topic has them
        let mut assigned: Vec<Option<usize>> = self
            .panes
            .iter()
            .map(|p| docs.contains(&p.doc).then_some(p.doc))
            .collect();
        let mut spare = docs
            .iter()
            .copied()
            .filter(|d| !assigned.contains(&Some(*d)))
            .collect::<Vec<_>>()
            .into_iter();
        for a in assigned.iter_mut().filter(|a| a.is_none()) {
            *a = spare.next();
        }
        let f = self.focus;
        let lead = assigned[f].or_else(|| assigned.iter().flatten().next().copied());
        let Some(lead_doc) = lead else {
            return false;
        };
        let Some(&lead_p) = self.topic_cell(row, lead_doc).first() else {
            return false;
        };
        if assigned[f].is_none() {
            assigned[f] = Some(lead_doc);
        }
        self.open_topic_passage(lead_doc, lead_p);
        let f = self.focus;
        self.alignment.topic = Some(row);
        self.alignment.align_from = Some((f, lead_p));
        let mut shown = 1;
        for (i, doc) in assigned.into_iter().enumerate() {
            let Some(doc) = doc else { continue };
            if i == f || doc == lead_doc {
                continue;
            }
            if let Some((m, pinned)) = self.candidates(lead_p, doc, 1).into_iter().next() {
                if self.panes[i].doc != doc {
                    self.push_jump(i);
                    self.set_doc(i, doc);
                }
                self.bring_candidate(i, m, 0, pinned);
                shown += 1;
            }
        }
        self.relayout();
        let label = topic.label.clone();
        self.status = Some(format!(
            "“{label}” in {shown} panes (of {} documents) — ]a steps through the rest",
            docs.len()
        ));
        true
    }
}
