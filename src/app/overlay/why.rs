//! `w`: why this match — the cursor passage beside one document's best candidates (the
//! reader's pins first), with their scores and the words they share; Enter brings the chosen
//! candidate into the pane, Tab moves to the next document.

use super::Outcome;
use crate::align::Match;
use crate::app::{AlignNote, App, Key, CANDIDATES};

/// The why view: the passage asked about, the documents it can be compared with, the one
/// shown and the candidate selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhyView {
    /// The pane and its cursor passage.
    pub pane: usize,
    pub passage: usize,
    /// Other documents: those in the other panes first, then the rest of the corpus.
    pub docs: Vec<usize>,
    /// Index into `docs`.
    pub doc: usize,
    /// Index into the candidates of the document shown.
    pub selected: usize,
}

/// What a candidate's note says in words.
pub fn explain(m: &Match, pinned: bool) -> &'static str {
    match (pinned, m.good, m.by_context) {
        (true, _, _) => "pinned by you as its parallel (p unpins)",
        (false, true, false) => "shares the words below",
        (false, true, true) => {
            "few shared words: its neighbours match, or a third document links them"
        }
        (false, false, true) => {
            "weak, by context: few shared words; placed by the passages around it"
        }
        (false, false, false) => "weak: few shared words — judge it yourself",
    }
}

impl WhyView {
    /// The candidates of the document shown (pins first, then the engine's best 5).
    pub fn candidates(&self, app: &App) -> Vec<(Match, bool)> {
        match self.docs.get(self.doc) {
            Some(&d) => app.candidates(self.passage, d, CANDIDATES),
            None => Vec::new(),
        }
    }

    /// For a candidate placed by context: a document shown in another pane through which it
    /// was found (the passage's best match there has the candidate among its own best
    /// three in this document) — "found through what Masters says".
    pub fn found_through(&self, app: &App, m: &Match) -> Option<usize> {
        let &doc = self.docs.get(self.doc)?;
        let index = app.index.get();
        let own = index.passages.get(self.passage)?.doc;
        let mut via: Vec<usize> = app.panes.iter().map(|p| p.doc).collect();
        via.dedup();
        via.into_iter()
            .filter(|&e| e != own && e != doc)
            .find(|&e| {
                index
                    .best_in_doc(self.passage, e, 1)
                    .first()
                    .filter(|b| b.good)
                    .is_some_and(|b| {
                        index
                            .best_in_doc(b.passage, doc, 3)
                            .iter()
                            .any(|x| x.passage == m.passage)
                    })
            })
    }

    pub fn key(&mut self, app: &mut App, key: Key) -> Outcome {
        let n = self.candidates(app).len();
        match key {
            Key::Esc | Key::Char('q') | Key::Char('w') => return Outcome::Close,
            Key::Tab | Key::Char('l') | Key::Right => {
                self.doc = (self.doc + 1) % self.docs.len().max(1);
                self.selected = 0;
            }
            Key::BackTab | Key::Char('h') | Key::Left => {
                let len = self.docs.len().max(1);
                self.doc = (self.doc + len - 1) % len;
                self.selected = 0;
            }
            Key::Char('j') | Key::Down | Key::Ctrl('n') => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1));
            }
            Key::Char('k') | Key::Up | Key::Ctrl('p') => {
                self.selected = self.selected.saturating_sub(1);
            }
            Key::Enter if self.bring(app) => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    /// Brings the selected candidate into the pane showing its document (else the next
    /// pane, which opens the document).
    fn bring(&self, app: &mut App) -> bool {
        let Some(&doc) = self.docs.get(self.doc) else {
            return false;
        };
        let Some((m, pinned)) = self.candidates(app).into_iter().nth(self.selected) else {
            app.status = Some("no candidate in this document".into());
            return false;
        };
        let target = (0..app.panes.len())
            .find(|&i| i != self.pane && app.panes[i].doc == doc)
            .or_else(|| (app.panes.len() > 1).then(|| (self.pane + 1) % app.panes.len()));
        let Some(i) = target else {
            app.status = Some("no other pane to bring it into (+ adds one)".into());
            return false;
        };
        if app.panes[i].doc != doc {
            app.push_jump(i);
            app.set_doc(i, doc);
        }
        app.bring_candidate(i, m, self.selected, pinned);
        app.alignment.align_from = Some((self.pane, self.passage));
        if let Some(AlignNote::Match { .. }) = app.panes[i].note {
            app.status = Some(format!(
                "candidate {} brought into pane {}",
                self.selected + 1,
                i + 1
            ));
        }
        true
    }
}

impl App {
    /// `w`: opens the why view on the focused cursor passage.
    pub(crate) fn open_why(&mut self) {
        let Some((f, passage)) = self.align_source() else {
            return;
        };
        let own = self.panes[f].doc;
        let mut docs: Vec<usize> = Vec::new();
        for i in (f + 1..self.panes.len()).chain(0..f) {
            let d = self.panes[i].doc;
            if d != own && !docs.contains(&d) {
                docs.push(d);
            }
        }
        for d in 0..self.corpus.documents.len() {
            if d != own && !docs.contains(&d) {
                docs.push(d);
            }
        }
        if docs.is_empty() {
            self.status = Some("no other document to compare with".into());
            return;
        }
        self.overlay = Some(super::Overlay::Why(WhyView {
            pane: f,
            passage,
            docs,
            doc: 0,
            selected: 0,
        }));
    }
}
