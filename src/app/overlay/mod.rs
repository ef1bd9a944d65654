//! Overlays: windows over the panes that take the keys while they are open.
//!
//! Each overlay is a room of its own, in the manner of gitui's popups: its file here holds
//! its state and its keys, and `ui/overlay/` has a file of the same name with its drawing.
//! [`Overlay`] only says which room is open. A room's `key` returns an [`Outcome`]: stay
//! open, close, or hand over to another overlay (the highlight list opens the note editor,
//! which comes back to the list).

mod bookmarks;
mod corpus_search;
mod disagreements;
mod edit;
mod footnote;
mod help;
mod highlights;
mod mark;
mod outline;
mod picker;
mod search;
mod select;
mod topics;
mod why;

pub use bookmarks::BookmarkList;
pub use corpus_search::{CorpusSearch, Hit};
pub use disagreements::Disagreements;
pub use edit::{EditTarget, LineEdit, EXPORT_FILE};
pub use footnote::FootnotePreview;
pub use help::{Help, HELP_FOOTER};
pub use highlights::HighlightList;
pub use mark::MarkPrompt;
pub use outline::{Outline, OutlineEntry};
pub use picker::Picker;
pub use search::Search;
pub use select::Selection;
pub use topics::TopicMap;
pub use why::{explain, WhyView};

use super::{App, Effect, Key};
use ratatui::layout::Rect;

/// The overlay open over the panes.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// `?`: the keys.
    Help(Help),
    /// `o`: a document for the focused pane.
    Picker(Picker),
    /// `/`: incremental search in the focused document.
    Search(Search),
    /// `F`: search in every document.
    CorpusSearch(CorpusSearch),
    /// `t`: which authors treat which topic.
    Topics(TopicMap),
    /// `v`: a highlight being selected by sentence.
    Select(Selection),
    /// A one-line editor (a highlight's note, a bookmark's name, the `:` command line).
    Edit(LineEdit),
    /// `m` / `'`: waiting for the mark letter.
    Mark(MarkPrompt),
    /// `K`: a footnote of the source and the markers citing it.
    Footnote(FootnotePreview),
    /// `H`: every highlight of the corpus.
    Highlights(HighlightList),
    /// `B`: marks and bookmarks.
    Bookmarks(BookmarkList),
    /// `O`: the headings and articles of the focused document.
    Outline(Outline),
    /// `w`: why this match.
    Why(WhyView),
    /// `D` / `=`: where the sources disagree.
    Disagreements(Disagreements),
}

/// What a key did to the overlay that took it.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The overlay stays open (its state may have changed).
    Stay,
    /// The overlay closes.
    Close,
    /// Another overlay takes its place.
    Open(Overlay),
}

impl Overlay {
    /// Mode name for the status line.
    pub fn mode(&self) -> &'static str {
        match self {
            Overlay::Help(_) => "HELP",
            Overlay::Picker(_) => "OPEN",
            Overlay::Search(_) => "SEARCH",
            Overlay::CorpusSearch(_) => "FIND",
            Overlay::Topics(_) => "TOPICS",
            Overlay::Select(_) => "SELECT",
            Overlay::Edit(e) => e.target.mode(),
            Overlay::Mark(_) => "MARK",
            Overlay::Footnote(_) => "NOTE",
            Overlay::Highlights(_) => "HIGHLIGHTS",
            Overlay::Bookmarks(_) => "BOOKMARKS",
            Overlay::Outline(_) => "OUTLINE",
            Overlay::Why(_) => "WHY",
            Overlay::Disagreements(_) => "DISAGREE",
        }
    }
}

impl App {
    /// Hands a key to the open overlay.
    pub(super) fn overlay_key(&mut self, key: Key, effects: &mut Vec<Effect>) {
        let Some(mut overlay) = self.overlay.take() else {
            return;
        };
        let outcome = match &mut overlay {
            Overlay::Help(o) => o.key(self, key),
            Overlay::Picker(o) => o.key(self, key),
            Overlay::Search(o) => o.key(self, key),
            Overlay::CorpusSearch(o) => o.key(self, key),
            Overlay::Topics(o) => o.key(self, key),
            Overlay::Select(o) => o.key(self, key, effects),
            Overlay::Edit(o) => o.key(self, key, effects),
            Overlay::Mark(o) => o.key(self, key, effects),
            Overlay::Footnote(o) => o.key(self, key),
            Overlay::Highlights(o) => o.key(self, key, effects),
            Overlay::Bookmarks(o) => o.key(self, key, effects),
            Overlay::Outline(o) => o.key(self, key),
            Overlay::Why(o) => o.key(self, key),
            Overlay::Disagreements(o) => o.key(self, key),
        };
        self.overlay = match outcome {
            Outcome::Stay => Some(overlay),
            Outcome::Close => None,
            Outcome::Open(next) => Some(next),
        };
    }

    /// Pasted text goes into the open prompt as typed text (line breaks and other control
    /// characters as spaces), with one search at the end; outside a prompt it is dropped.
    pub(super) fn paste(&mut self, text: &str, effects: &mut Vec<Effect>) -> bool {
        let prompt = matches!(
            self.overlay,
            Some(Overlay::Search(_) | Overlay::CorpusSearch(_) | Overlay::Edit(_))
        );
        if !prompt {
            self.status = Some("paste ignored: not in a prompt".into());
            return true;
        }
        let defer = std::mem::replace(&mut self.defer_searches, true);
        for c in text.chars() {
            let c = if c.is_control() { ' ' } else { c };
            self.overlay_key(Key::Char(c), effects);
            if self.overlay.is_none() {
                break;
            }
        }
        self.defer_searches = defer;
        if !defer {
            self.settle();
        }
        true
    }

    /// Runs the incremental search typed since the last frame, if any (see
    /// [`App::defer_searches`]); true when something changed.
    pub fn settle(&mut self) -> bool {
        let Some(mut overlay) = self.overlay.take() else {
            return false;
        };
        let changed = match &mut overlay {
            Overlay::Search(o) => o.settle(self),
            Overlay::CorpusSearch(o) => o.settle(self),
            _ => false,
        };
        self.overlay = Some(overlay);
        if changed {
            self.revision += 1;
        }
        changed
    }

    /// The box overlays are drawn in: most of the screen above the status line.
    pub fn overlay_area(&self) -> Rect {
        self.overlay_area_within(OVERLAY_MAX_W)
    }

    /// [`App::overlay_area`] for an overlay that wants up to `wanted` columns (a table), never
    /// narrower than the others.
    pub fn overlay_area_within(&self, wanted: u16) -> Rect {
        let (width, height) = (self.width, self.height);
        let rows = height.saturating_sub(1);
        let w = if width >= 60 {
            (width - 4).min(wanted.max(OVERLAY_MAX_W))
        } else {
            width
        };
        let h = if rows >= 16 { rows - 2 } else { rows };
        Rect::new((width - w) / 2, (rows - h) / 2, w, h)
    }
}

/// Widest box of an overlay of text (lines of text read better short).
const OVERLAY_MAX_W: u16 = 110;

/// Moves a list selection with the usual keys.
fn list_move(key: Key, selected: usize, n: usize) -> usize {
    let last = n.saturating_sub(1);
    match key {
        Key::Char('j') | Key::Down | Key::Tab | Key::Ctrl('n') => (selected + 1).min(last),
        Key::Char('k') | Key::Up | Key::BackTab | Key::Ctrl('p') => selected.saturating_sub(1),
        Key::PageDown | Key::Ctrl('d') => (selected + 10).min(last),
        Key::PageUp | Key::Ctrl('u') => selected.saturating_sub(10),
        Key::Char('g') | Key::Home => 0,
        Key::Char('G') | Key::End => last,
        _ => selected,
    }
}
