//! The reader's state and the actions that change it (pure: no terminal, no clock).
//!
//! [`App`] holds the panes, overlays and settings; [`update`] applies one [`Action`] and
//! returns the [`Effect`]s the runtime must carry out. Keys are dispatched through the
//! [`Keymap`] table, which also generates the help overlay and the status hints.
//!
//! The app is a composition of parts, each in its own file: the panes and positions in them
//! (`view`, `pane`), alignment and follow mode (`alignment`), search (`search`), the source's
//! footnotes and the jump list (`footnotes`), and the reader's annotations (`annotations`,
//! `highlights`, `marks`, `session`). Each overlay is a room in [`overlay`]: its state and
//! its keys, with its drawing in `ui/overlay/` under the same name.
//!
//! Positions: every pane shows one document laid out for its text width ([`DocLayout`]);
//! `scroll` is the top display line. The *cursor passage* is the passage under the pane's
//! reading line, which slides from the top row down to a third of the pane as you leave
//! the start of the document, so the first passage is the cursor at the start and the last
//! one can be reached at the end.

pub mod abbrev;
mod alignment;
pub mod annotations;
mod footnotes;
pub mod highlights;
pub mod keymap;
pub mod layout;
mod loading;
mod marks;
pub mod overlay;
mod pane;
mod pins;
pub mod search;
mod session;
mod view;

pub use alignment::{AlignNote, Alignment, CANDIDATES, FOLLOW_KEEP};
pub use annotations::{AnnotationsState, Locations, Undoable};
pub use footnotes::FLASH_MS;
pub use highlights::COLORS;
pub use keymap::{format_keys, parse_keys, Command, Key, Keymap, Lookup};
pub use layout::{DocLayout, VLine};
pub use loading::{start_documents, start_panes, Loading};
pub use overlay::{
    BookmarkList, CorpusSearch, Disagreements, EditTarget, FootnotePreview, Help, HighlightList,
    Hit, LineEdit, MarkPrompt, Outline, OutlineEntry, Overlay, Picker, Search, Selection, TopicMap,
    WhyView, EXPORT_FILE,
};
pub use pane::{Jump, JumpList, Pane, PaneGeom, PaneSearch};
pub use pins::PinAnswer;
pub use session::line_starting_at;
pub use view::plural;

use crate::align::AlignIndex;
use crate::annotations::Annotations;
use crate::claims::Claims;
use crate::corpus::{BlockKind, Corpus, Document};
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Narrowest pane the reader will draw.
pub const MIN_PANE_WIDTH: u16 = 20;
/// Lowest pane in the stacked layout (its title row and three rows of text).
pub const MIN_PANE_HEIGHT: u16 = 4;
/// Width per pane used to decide how many panes to open at start.
pub const START_PANE_WIDTH: u16 = 40;
pub const MAX_PANES: usize = 4;
/// Columns left of the text in each pane: the cursor/mark bar, a column for mark letters and
/// highlight marks, and a space.
pub const GUTTER: u16 = 3;
/// Below this size the reader shows a one-line message instead of panes.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 4;
/// Lines scrolled by one mouse wheel step.
pub const WHEEL_LINES: isize = 3;

/// Something that happens to the app.
#[derive(Debug, Clone)]
pub enum Action {
    Key(Key),
    /// Run a command directly (as if its key had been typed).
    Command(Command),
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    Mouse(Mouse),
    /// The alignment index finished building.
    IndexReady(Box<AlignIndex>),
    /// The alignment index can answer for matches; its topics follow
    /// ([`Action::TopicsReady`]).
    MatchesReady(Arc<AlignIndex>),
    /// The topics of the index brought by [`Action::MatchesReady`].
    TopicsReady(Vec<crate::align::Topic>),
    /// The thread building the alignment index died.
    IndexFailed,
    /// Text pasted in the terminal (bracketed paste): typed into the open prompt; dropped,
    /// never run as commands, outside one.
    Paste(String),
    /// The claims and conflicts among them, built after the index (the `D` list, `≠`).
    ClaimsReady(Box<Claims>),
    /// Show a one-line message in the status bar.
    Message(String),
    /// Files of the corpus read and parsed so far in the background, of all.
    Loading {
        done: usize,
        total: usize,
    },
    /// The whole corpus, loaded in the background after the first screen (the documents
    /// shown so far among them), and what its files loaded in the background said.
    CorpusLoaded(Arc<Corpus>, Vec<String>),
    /// The runtime's clock, in milliseconds since the epoch (the app never reads the clock):
    /// stamps new items and ends the flash of a note jumped to.
    Tick(u64),
    /// The notes were saved: the merged state from disk (other instances' additions), or why
    /// saving failed.
    AnnotationsSaved(Result<Box<Annotations>, String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mouse {
    pub kind: MouseKind,
    pub column: u16,
    pub row: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    ScrollUp,
    ScrollDown,
    Click,
}

/// What the runtime must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Save [`AnnotationsState::data`] now (a highlight, note or bookmark was confirmed).
    SaveAnnotations,
    /// Write `text` to `path` and report it in the status line as `what` ("annotations",
    /// "synopsis").
    Export {
        path: std::path::PathBuf,
        text: String,
        what: &'static str,
    },
}

/// The reader's whole state: the corpus and its index, the panes, the overlay open over them,
/// the reader's annotations, and what the status line says.
#[derive(Debug, Clone)]
pub struct App {
    /// Shared with the thread that builds the index (never copied: on a large corpus a copy
    /// would double the reader's memory).
    pub corpus: Arc<Corpus>,
    pub index: IndexState,
    pub keymap: Keymap,
    pub width: u16,
    pub height: u16,
    pub no_color: bool,
    /// How many colours the terminal shows (set by the runtime from its environment).
    pub palette: crate::ui::theme::Palette,
    pub panes: Vec<Pane>,
    pub focus: usize,
    pub zoom: bool,
    /// Panes one above the other (full width) instead of side by side.
    pub stacked: bool,
    /// Follow mode and where the other panes were last aligned from.
    pub alignment: Alignment,
    /// The window that takes the keys while it is open.
    pub overlay: Option<Overlay>,
    /// Keys of an unfinished sequence (`]` waiting for `]`).
    pub pending: Vec<Key>,
    /// A count typed before a command (`2p`), for the commands that take one.
    pub count: Option<usize>,
    /// One-line message for the status bar (errors, confirmations).
    pub status: Option<String>,
    /// Bumped by every update that may change what is drawn.
    pub revision: u64,
    /// The reader's own work: highlights, marks, bookmarks, the session (saved by the
    /// runtime), where each is in the corpus now, and what `u` can undo.
    pub annotations: AnnotationsState,
    /// The runtime's clock (ms since the epoch), from [`Action::Tick`].
    pub now_ms: u64,
    /// Incremental searches wait for [`App::settle`] (the runtime calls it once per frame)
    /// instead of running on every typed key.
    pub defer_searches: bool,
    /// The claims of the corpus and their conflicts, once built after the index.
    pub claims: Option<Arc<Claims>>,
    /// Layouts by (document, width), shared by the panes showing them.
    layouts: HashMap<(usize, usize), Arc<DocLayout>>,
    /// The sentence selection's abbreviation guard, learned from the corpus when first used.
    abbreviations: std::sync::OnceLock<Arc<abbrev::Abbreviations>>,
    /// Panes put away because the terminal got too narrow for them (with where they were),
    /// brought back when it grows.
    pub hidden: Vec<(usize, Pane)>,
    /// The rest of the corpus is still being loaded ([`Action::CorpusLoaded`] brings it).
    pub loading: Option<Loading>,
}

/// The alignment index, built in the background while the reader already shows the text.
#[derive(Debug, Clone)]
pub enum IndexState {
    Building,
    /// The matches are ready; the topics are still being formed (in the background).
    TopicsBuilding(Arc<AlignIndex>),
    Ready(Arc<AlignIndex>),
    /// The thread building it died (a bug): the reader goes on without matches or topics.
    Failed,
}

impl IndexState {
    /// The index; an empty one while it builds (no passages, no topics, no matches).
    pub fn get(&self) -> &AlignIndex {
        static EMPTY: std::sync::OnceLock<AlignIndex> = std::sync::OnceLock::new();
        match self {
            IndexState::Ready(index) | IndexState::TopicsBuilding(index) => index,
            IndexState::Building | IndexState::Failed => EMPTY.get_or_init(AlignIndex::default),
        }
    }

    /// The index to change (tests that pin topics), copied first if it is shared.
    pub fn get_mut(&mut self) -> Option<&mut AlignIndex> {
        match self {
            IndexState::Ready(index) | IndexState::TopicsBuilding(index) => {
                Some(Arc::make_mut(index))
            }
            IndexState::Building | IndexState::Failed => None,
        }
    }

    /// Whether the matches can be asked for (the topics may still be building).
    pub fn is_ready(&self) -> bool {
        matches!(self, IndexState::Ready(_) | IndexState::TopicsBuilding(_))
    }

    /// Whether the matches are ready and the topics not yet.
    pub fn topics_building(&self) -> bool {
        matches!(self, IndexState::TopicsBuilding(_))
    }

    pub fn is_building(&self) -> bool {
        matches!(self, IndexState::Building)
    }

    /// Why there is no index yet, for the status line; `None` when it is ready.
    pub fn unavailable(&self) -> Option<&'static str> {
        match self {
            IndexState::Ready(_) | IndexState::TopicsBuilding(_) => None,
            IndexState::Building => Some("the alignment index is still building…"),
            IndexState::Failed => Some("the alignment index could not be built"),
        }
    }
}

/// Which way a step goes (`]x` / `[x`, `}` / `{`, `n` / `N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

impl Direction {
    /// `forward` or `backward`, whichever way this goes (a message, a bound).
    pub fn pick<T>(self, forward: T, backward: T) -> T {
        match self {
            Direction::Forward => forward,
            Direction::Backward => backward,
        }
    }
}

/// Applies one action; returns what the runtime must do.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut effects = Vec::new();
    let changed = match action {
        Action::Key(key) => app.on_key(key, &mut effects),
        Action::Command(c) => {
            app.run(c, &mut effects);
            true
        }
        Action::Resize(w, h) => {
            let changed = (app.width, app.height) != (w, h);
            app.width = w;
            app.height = h;
            if changed {
                app.refit();
            }
            app.relayout();
            true
        }
        Action::Mouse(m) => app.on_mouse(m),
        Action::IndexReady(index) => {
            app.index = IndexState::Ready(Arc::from(index));
            for i in 0..app.panes.len() {
                app.cursor_from_scroll(i);
            }
            true
        }
        Action::MatchesReady(index) => {
            app.index = IndexState::TopicsBuilding(index);
            for i in 0..app.panes.len() {
                app.cursor_from_scroll(i);
            }
            true
        }
        Action::TopicsReady(topics) => {
            app.index = match std::mem::replace(&mut app.index, IndexState::Building) {
                IndexState::TopicsBuilding(mut index) => {
                    Arc::make_mut(&mut index).set_topics(topics);
                    IndexState::Ready(index)
                }
                other => other,
            };
            true
        }
        Action::IndexFailed if app.index.topics_building() => {
            // the topics could not be formed: the matches stay, with no topics
            app.index = match std::mem::replace(&mut app.index, IndexState::Building) {
                IndexState::TopicsBuilding(index) => IndexState::Ready(index),
                other => other,
            };
            true
        }
        Action::IndexFailed => {
            app.index = IndexState::Failed;
            app.status = Some(match app.loading.take() {
                // the background thread died loading the rest of the corpus
                Some(l) => format!(
                    "only {} of {} files could be loaded: no matches or topics",
                    l.done, l.total
                ),
                None => "the alignment index could not be built: no matches or topics".into(),
            });
            true
        }
        Action::Paste(text) => app.paste(&text, &mut effects),
        Action::ClaimsReady(claims) => {
            app.claims = Some(Arc::from(claims));
            true
        }
        Action::Message(m) => {
            app.status = Some(m);
            true
        }
        Action::Tick(now) => app.tick(now),
        Action::Loading { done, total } => app.loading_progress(done, total),
        Action::CorpusLoaded(corpus, warnings) => app.take_corpus(corpus, warnings),
        Action::AnnotationsSaved(result) => app.annotations_saved(result),
    };
    if app.alignment.follow {
        app.sync_follow(false);
    }
    if changed {
        app.revision += 1;
    }
    effects
}

impl App {
    /// A reader on `corpus` with a ready alignment index, for a `width`×`height` terminal.
    pub fn new(corpus: impl Into<Arc<Corpus>>, index: AlignIndex, width: u16, height: u16) -> App {
        App::build(
            corpus.into(),
            IndexState::Ready(Arc::new(index)),
            width,
            height,
        )
    }

    /// A reader whose alignment index is still building ([`Action::IndexReady`] brings it).
    pub fn indexing(corpus: impl Into<Arc<Corpus>>, width: u16, height: u16) -> App {
        App::build(corpus.into(), IndexState::Building, width, height)
    }

    fn build(corpus: Arc<Corpus>, index: IndexState, width: u16, height: u16) -> App {
        let mut app = App {
            corpus,
            index,
            keymap: Keymap::default(),
            width,
            height,
            no_color: false,
            palette: Default::default(),
            panes: Vec::new(),
            focus: 0,
            zoom: false,
            stacked: false,
            alignment: Alignment::default(),
            overlay: None,
            pending: Vec::new(),
            count: None,
            status: None,
            revision: 0,
            annotations: AnnotationsState::default(),
            now_ms: 0,
            defer_searches: false,
            claims: None,
            layouts: HashMap::new(),
            abbreviations: std::sync::OnceLock::new(),
            hidden: Vec::new(),
            loading: None,
        };
        for d in start_documents(&app.corpus.documents, start_panes(width)) {
            app.panes.push(app.new_pane(d));
        }
        app.relayout();
        for i in 0..app.panes.len() {
            app.cursor_from_scroll(i);
        }
        app
    }

    /// The words that do not end a sentence in this corpus (learned once).
    pub fn abbreviations(&self) -> &abbrev::Abbreviations {
        self.abbreviations
            .get_or_init(|| Arc::new(abbrev::Abbreviations::learn(&self.corpus)))
    }

    /// Feeds keys written in keymap notation (`"ja}f"`, `"<C-d>"`, `"/mek<Enter>"`).
    pub fn feed(&mut self, keys: &str) -> Vec<Effect> {
        let keys = parse_keys(keys).expect("valid key notation");
        let mut effects = Vec::new();
        for key in keys {
            effects.extend(update(self, Action::Key(key)));
        }
        effects
    }

    /// Installs a keymap: the defaults merged with the user's file, if any. A bad file is
    /// reported in the status bar and the defaults are used.
    pub fn load_keymap(&mut self, user: Option<(&str, &str)>) {
        let mut map = Keymap::default();
        if let Some((path, source)) = user {
            if let Err(e) = map.merge(source) {
                self.status = Some(format!("{path}: {e} — using default keys"));
            }
        }
        self.keymap = map;
    }

    // ---- geometry -------------------------------------------------------------------------

    // ---- positions ------------------------------------------------------------------------

    /// Mode name for the status line.
    pub fn mode(&self) -> &'static str {
        match &self.overlay {
            Some(overlay) => overlay.mode(),
            None if self.alignment.follow => "FOLLOW",
            None => "READ",
        }
    }

    // ---- keys -----------------------------------------------------------------------------

    fn on_key(&mut self, key: Key, effects: &mut Vec<Effect>) -> bool {
        let had_status = self.status.take().is_some();
        // A flash lasts until the next key.
        let had_flash = self.clear_flash();
        if self.overlay.is_some() {
            self.overlay_key(key, effects);
            return true;
        }
        if self.count_key(key) {
            return true;
        }
        self.pending.push(key);
        match self.keymap.lookup(&self.pending) {
            Lookup::Command(c) => {
                self.pending.clear();
                self.run(c, effects);
                self.count = None;
                true
            }
            Lookup::Prefix => true,
            Lookup::None => {
                self.count = None;
                let was_pending = self.pending.len() > 1;
                self.pending.clear();
                if was_pending {
                    // `]x`: drop the prefix and read the last key on its own.
                    self.pending.push(key);
                    match self.keymap.lookup(&self.pending) {
                        Lookup::Command(c) => {
                            self.pending.clear();
                            self.run(c, effects);
                        }
                        Lookup::Prefix => {}
                        Lookup::None => {
                            self.pending.clear();
                            self.unbound(key);
                        }
                    }
                    return true;
                }
                self.unbound(key) || had_status || had_flash
            }
        }
    }

    /// Runs a command in normal mode.
    pub fn run(&mut self, command: Command, effects: &mut Vec<Effect>) {
        if self.panes.is_empty() {
            if command == Command::Quit {
                effects.push(Effect::Quit);
            } else if command == Command::Help {
                self.overlay = Some(Overlay::Help(overlay::Help::default()));
            }
            return;
        }
        let f = self.focus;
        let h = self.pane_text_height(f) as isize;
        use Command::*;
        match command {
            ScrollDown => self.scroll_by(f, 1),
            ScrollUp => self.scroll_by(f, -1),
            HalfPageDown => self.scroll_by(f, (h / 2).max(1)),
            HalfPageUp => self.scroll_by(f, -(h / 2).max(1)),
            PageDown => self.scroll_by(f, (h - 2).max(1)),
            PageUp => self.scroll_by(f, -(h - 2).max(1)),
            GotoStart => {
                self.panes[f].scroll = 0;
                self.cursor_from_scroll(f);
            }
            GotoEnd => self.goto_end(f),
            NextPassage => self.step_passage(Direction::Forward),
            PrevPassage => self.step_passage(Direction::Backward),
            NextHeading => self.step_heading(Direction::Forward),
            PrevHeading => self.step_heading(Direction::Backward),
            FocusNext => {
                self.focus = (f + 1) % self.panes.len();
                self.relayout();
            }
            FocusPrev => {
                self.focus = (f + self.panes.len() - 1) % self.panes.len();
                self.relayout();
            }
            FocusLeft | FocusRight => self.focus_side(command == FocusRight),
            Outline => self.open_outline(),
            OpenDocument => {
                let selected = self.panes[f].doc;
                self.overlay = Some(Overlay::Picker(Picker::new(selected)));
            }
            AddPane => self.add_pane(),
            RemovePane => {
                if self.panes.len() <= 1 {
                    self.status = Some("this is the last pane".into());
                } else {
                    self.panes.remove(f);
                    self.focus = f.min(self.panes.len() - 1);
                    self.relayout();
                }
            }
            ToggleLayout => {
                self.stacked = !self.stacked;
                self.relayout();
            }
            ToggleZoom => {
                self.zoom = !self.zoom;
                self.relayout();
            }
            Align => self.align(),
            NextCandidate => self.step_candidate(Direction::Forward),
            PrevCandidate => self.step_candidate(Direction::Backward),
            ToggleFollow => {
                self.alignment.follow = !self.alignment.follow;
                if self.alignment.follow {
                    self.sync_follow(true);
                    if self.index.is_building() {
                        self.status = Some("follow: on (waiting for the alignment index…)".into());
                    }
                } else {
                    self.alignment.follow_from = None;
                    self.status = Some("follow: off".into());
                }
            }
            TopicMap => self.overlay = Some(Overlay::Topics(overlay::TopicMap::default())),
            Pin => self.pin_shown(self.count, effects),
            MarkNothing => self.mark_nothing(self.count, effects),
            WhyMatch => self.open_why(),
            ListDisagreements => self.open_disagreements(),
            OtherSources => self.open_other_sources(),
            Search => {
                let origin = (self.panes[f].scroll, self.panes[f].cursor);
                self.overlay = Some(Overlay::Search(overlay::Search::new(origin)));
            }
            SearchNext => self.step_match(Direction::Forward),
            SearchPrev => self.step_match(Direction::Backward),
            SearchCorpus => {
                self.overlay = Some(Overlay::CorpusSearch(CorpusSearch::default()));
            }
            Help => self.overlay = Some(Overlay::Help(overlay::Help::default())),
            Quit => self.request_quit(effects),
            NextFootnote => self.step_marker(Direction::Forward),
            PrevFootnote => self.step_marker(Direction::Backward),
            FollowNote => self.follow_note(),
            PreviewNote => self.preview_note(),
            JumpBack => self.jump_back(),
            JumpForward => self.jump_forward(),
            Select => self.start_selection(),
            EditNote => self.edit_highlight_note(),
            DeleteHighlight => self.delete_highlight_at_cursor(effects),
            Undo => self.undo_delete(effects),
            NextHighlight => self.step_highlight(Direction::Forward),
            PrevHighlight => self.step_highlight(Direction::Backward),
            ListHighlights => {
                self.overlay = Some(Overlay::Highlights(HighlightList::default()));
            }
            SetMark => self.overlay = Some(Overlay::Mark(MarkPrompt { set: true })),
            GotoMark => self.overlay = Some(Overlay::Mark(MarkPrompt { set: false })),
            AddBookmark => self.start_bookmark(),
            ListBookmarks => self.overlay = Some(Overlay::Bookmarks(BookmarkList::default())),
            CommandLine => self.overlay = Some(Overlay::Edit(LineEdit::new(EditTarget::Command))),
        }
    }

    // ---- mouse ----------------------------------------------------------------------------

    fn on_mouse(&mut self, m: Mouse) -> bool {
        if self.overlay.is_some() || self.too_small() {
            return false;
        }
        let Some(g) = self.geometry().into_iter().find(|g| {
            m.column >= g.area.x
                && m.column < g.area.x + g.area.width
                && m.row >= g.area.y
                && m.row < g.area.y + g.area.height
        }) else {
            return false;
        };
        let i = g.pane;
        match m.kind {
            MouseKind::ScrollDown => self.scroll_by(i, WHEEL_LINES),
            MouseKind::ScrollUp => self.scroll_by(i, -WHEEL_LINES),
            MouseKind::Click => {
                self.focus = i;
                if m.row >= g.text.y {
                    let line = self.panes[i].scroll + (m.row - g.text.y) as usize;
                    if line < self.panes[i].layout.len() {
                        if m.column >= g.text.x {
                            let col = (m.column - g.text.x) as usize;
                            if let Some(o) = self.offset_at_column(i, line, col) {
                                if self.click_marker(i, o) {
                                    return true;
                                }
                            }
                        }
                        let offset = self.panes[i].layout.offset_of(line);
                        self.panes[i].cursor =
                            self.index.get().passage_at(self.panes[i].doc, offset);
                    }
                }
            }
        }
        true
    }
}

#[cfg(test)]
mod annotations_tests;
#[cfg(test)]
mod polish_tests;
#[cfg(test)]
mod tests;
