//! A pane: the document it shows, where it is read, and the positions to come back to.

use super::{AlignNote, DocLayout};
use ratatui::layout::Rect;
use std::ops::Range;
use std::sync::Arc;

/// A search in one pane's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneSearch {
    pub query: String,
    pub matches: Vec<Range<usize>>,
    pub current: Option<usize>,
}

/// A position to come back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jump {
    pub doc: usize,
    /// Byte offset of the top line.
    pub offset: usize,
    pub cursor: Option<usize>,
    /// The selected footnote marker.
    pub marker: Option<usize>,
    /// The pane that had the focus before a jump from a list moved it to this pane (`C-o`
    /// gives it back).
    pub focus: Option<usize>,
}

/// Positions before jumps (footnotes, align, search, marks, bookmarks, lists, topic map),
/// like vim's jump list: `C-o` goes back, `C-i` forward.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JumpList {
    entries: Vec<Jump>,
    /// Index of the entry `back` returns next; `entries.len()` when at the newest position.
    pos: usize,
}

impl JumpList {
    pub const CAPACITY: usize = 100;

    /// Records the position left by a jump; forward history is dropped.
    pub fn push(&mut self, jump: Jump) {
        self.entries.truncate(self.pos);
        if self.entries.last() != Some(&jump) {
            self.entries.push(jump);
        }
        if self.entries.len() > Self::CAPACITY {
            self.entries.remove(0);
        }
        self.pos = self.entries.len();
    }

    /// Goes back one jump from `here`, which is remembered for `forward`.
    pub fn back(&mut self, here: Jump) -> Option<Jump> {
        if self.pos == 0 {
            return None;
        }
        if self.pos == self.entries.len() {
            self.entries.push(here);
        }
        self.pos -= 1;
        Some(self.entries[self.pos])
    }

    pub fn forward(&mut self) -> Option<Jump> {
        if self.pos + 1 >= self.entries.len() {
            return None;
        }
        self.pos += 1;
        Some(self.entries[self.pos])
    }

    /// The newest entry (to amend right after a push).
    pub(super) fn last_mut(&mut self) -> Option<&mut Jump> {
        self.entries.last_mut()
    }

    /// Moves the documents of the entries (the whole corpus arrived: [`super::Action::CorpusLoaded`]).
    pub(super) fn remap(&mut self, doc: &dyn Fn(usize) -> usize) {
        for j in &mut self.entries {
            j.doc = doc(j.doc);
        }
    }

    pub fn entries(&self) -> &[Jump] {
        &self.entries
    }
}

/// One pane: a document and where it is read.
#[derive(Debug, Clone)]
pub struct Pane {
    pub doc: usize,
    /// Top display line.
    pub scroll: usize,
    /// The passage being read.
    pub cursor: Option<usize>,
    /// The passage brought here by `a` or follow mode.
    pub mark: Option<usize>,
    pub note: Option<AlignNote>,
    pub search: Option<PaneSearch>,
    pub jumps: JumpList,
    /// The position before the latest jump (`''` goes there).
    pub last_jump: Option<Jump>,
    /// The selected footnote marker (index into the document's markers).
    pub marker: Option<usize>,
    /// The selected highlight (`]h`), by id.
    pub highlight: Option<String>,
    /// A range flashed after a jump (the note jumped to) and when the flash started (ms).
    pub flash: Option<(Range<usize>, u64)>,
    pub layout: Arc<DocLayout>,
    /// After a resize: the top offset the reader had chosen and the scroll line the resize
    /// left (the view may have moved to keep the cursor passage in a smaller window, and the
    /// new top line may start before the old top). While the reader has not scrolled since,
    /// the next resize starts again from that top, so going back to the old size gives back
    /// the old screen.
    pub resize_view: Option<((usize, bool), usize)>,
}

/// Where a pane sits on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneGeom {
    pub pane: usize,
    /// The whole pane, title row included.
    pub area: Rect,
    /// Whether a vertical border is drawn in the pane's first column.
    pub border: bool,
    /// Column of the cursor/mark bar.
    pub gutter: u16,
    /// The text rows.
    pub text: Rect,
}
