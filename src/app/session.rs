//! The reading session: the panes, their documents and positions, follow mode and the layout,
//! saved with the annotations and reopened at the next start.

use super::*;
use crate::annotations::{PaneSession, Session};

/// The display line that starts exactly at `offset` when there is one (a blank separator
/// line included), else the line showing it.
pub fn line_starting_at(layout: &DocLayout, offset: usize) -> usize {
    let l = layout.line_of(offset);
    match layout.lines.get(l + 1) {
        Some(next) if layout.lines[l].range.start != offset && next.range.start == offset => l + 1,
        _ => l,
    }
}

impl App {
    /// The panes, documents, positions and follow mode, to save.
    pub fn session_snapshot(&self) -> Session {
        Session {
            panes: self
                .panes
                .iter()
                .map(|p| PaneSession {
                    doc: self.corpus.documents[p.doc].id.clone(),
                    offset: p.layout.offset_of(p.scroll),
                })
                .collect(),
            focus: self.focus,
            follow: self.alignment.follow,
            stacked: self.stacked,
            updated: self.now_secs(),
        }
    }

    /// Puts the current session into [`AnnotationsState::data`] (before a save).
    pub fn capture_session(&mut self) {
        if !self.panes.is_empty() {
            self.annotations.data.session = Some(self.session_snapshot());
        }
    }

    /// Reopens a saved session; documents no longer in the corpus are skipped. False if
    /// nothing could be restored.
    pub fn restore_session(&mut self, session: &Session) -> bool {
        let mut panes = Vec::new();
        for ps in session.panes.iter().take(MAX_PANES) {
            if let Some(d) = self.corpus.documents.iter().position(|d| d.id == ps.doc) {
                panes.push((self.new_pane(d), ps.offset));
            }
        }
        if panes.is_empty() {
            return false;
        }
        let offsets: Vec<usize> = panes.iter().map(|(_, o)| *o).collect();
        self.panes = panes.into_iter().map(|(p, _)| p).collect();
        self.focus = session.focus.min(self.panes.len() - 1);
        self.alignment.follow = session.follow;
        self.stacked = session.stacked;
        self.alignment.follow_from = None;
        self.zoom = false;
        self.relayout();
        for (i, offset) in offsets.into_iter().enumerate() {
            let layout = self.panes[i].layout.clone();
            self.panes[i].scroll = if offset == 0 {
                0
            } else {
                line_starting_at(&layout, offset)
            };
            self.clamp_scroll(i);
            self.cursor_from_scroll(i);
        }
        true
    }
}
