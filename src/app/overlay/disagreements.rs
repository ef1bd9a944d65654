//! `D`: the corpus's disagreements (facts on which documents give values that cannot both be
//! true), and `=`: what the other sources say about the claims of the cursor passage. Enter
//! puts the two passages that conflict most surely side by side, each scrolled to its value.
//!
//! The conflicts come from [`crate::claims::Claims`], built after the alignment index in the
//! runtime's index thread and handed over with [`crate::app::Action::ClaimsReady`].

use super::{list_move, Outcome, Overlay};
use crate::app::{App, Key};

/// The list of disagreements: every conflict of the corpus (`D`), or those of one passage
/// (`=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreements {
    /// Indices into [`crate::claims::Claims::conflicts`], most certain first.
    pub list: Vec<usize>,
    pub selected: usize,
    /// `=`: the passage whose claims the other sources are asked about.
    pub passage: Option<usize>,
}

impl Disagreements {
    pub fn key(&mut self, app: &mut App, key: Key) -> Outcome {
        match key {
            Key::Esc | Key::Char('q') | Key::Char('D') | Key::Char('=') => Outcome::Close,
            Key::Enter => {
                if let Some(&c) = self.list.get(self.selected) {
                    app.show_conflict(c);
                }
                Outcome::Close
            }
            _ => {
                self.selected = list_move(key, self.selected, self.list.len());
                Outcome::Stay
            }
        }
    }
}

impl App {
    /// `D`: opens the list of every disagreement of the corpus.
    pub(crate) fn open_disagreements(&mut self) {
        let Some(claims) = &self.claims else {
            self.status = Some(self.claims_unavailable().into());
            return;
        };
        let list = (0..claims.conflicts().len()).collect();
        self.overlay = Some(Overlay::Disagreements(Disagreements {
            list,
            selected: 0,
            passage: None,
        }));
    }

    /// `=`: what the other sources say about the claims of the cursor passage.
    pub(crate) fn open_other_sources(&mut self) {
        let Some(claims) = &self.claims else {
            self.status = Some(self.claims_unavailable().into());
            return;
        };
        let Some(p) = self.panes.get(self.focus).and_then(|p| p.cursor) else {
            self.status = Some("no passage under the cursor".into());
            return;
        };
        let list: Vec<usize> = claims
            .conflicts()
            .iter()
            .enumerate()
            .filter(|(_, c)| c.claims.iter().any(|&id| claims.claim(id).passage == p))
            .map(|(i, _)| i)
            .collect();
        if list.is_empty() {
            self.status = Some("the other sources do not contradict this passage".into());
            return;
        }
        self.overlay = Some(Overlay::Disagreements(Disagreements {
            list,
            selected: 0,
            passage: Some(p),
        }));
    }

    fn claims_unavailable(&self) -> &'static str {
        match self.index.unavailable() {
            Some(why) => why,
            None if self.index.topics_building() => "the disagreements are still being found…",
            None => "the disagreements are not computed",
        }
    }

    /// Puts the two passages of conflict `c` that disagree most surely side by side: the
    /// first in the focused pane (or a visible pane already showing its document), the
    /// second in another visible pane (one is added when there is room), each scrolled to
    /// its passage; the values are highlighted wherever they are drawn.
    pub(crate) fn show_conflict(&mut self, c: usize) {
        let Some(claims) = self.claims.clone() else {
            return;
        };
        let Some(conflict) = claims.conflicts().get(c) else {
            return;
        };
        let (a, b) = (claims.claim(conflict.pair.0), claims.claim(conflict.pair.1));
        if self.panes.is_empty() {
            return;
        }
        if self.alignment.follow {
            // Follow mode would move the second pane away from its passage.
            self.alignment.follow = false;
            self.alignment.follow_from = None;
        }
        self.zoom = false;
        self.relayout();
        if self.visible_panes().len() < 2 {
            self.add_pane();
        }
        let vis = self.visible_panes();
        let first = vis
            .clone()
            .find(|&i| self.panes[i].doc == a.doc)
            .unwrap_or(self.focus);
        let second = vis
            .clone()
            .find(|&i| i != first && self.panes[i].doc == b.doc)
            .or_else(|| vis.clone().find(|&i| i != first));
        self.focus = first;
        let mut shown = vec![(first, a.doc, a.passage)];
        if let Some(s) = second {
            shown.push((s, b.doc, b.passage));
        }
        for &(i, doc, p) in &shown {
            self.push_jump(i);
            self.set_doc(i, doc);
            self.show_passage(i, p);
            self.panes[i].note = None;
            self.panes[i].mark = None;
        }
        if let Some(&(i, _, p)) = shown.get(1) {
            self.panes[i].mark = Some(p);
            // the pair is what the other panes show for the cursor passage now: `p` pins it,
            // and no other pane keeps a mark brought for another passage
            for o in 0..self.panes.len() {
                if o != first && o != i {
                    self.panes[o].mark = None;
                    self.panes[o].note = None;
                }
            }
            self.alignment.align_from = Some((first, a.passage));
        }
        self.status = Some(match second {
            Some(_) => format!("disagreement {}: side by side", conflict.id),
            None => format!(
                "disagreement {}: no room for a second pane at {} columns",
                conflict.id, self.width
            ),
        });
    }
}
