//! The reader's state and the actions that change it (pure: no terminal, no clock).
//!
//! [`App`] holds the panes, overlays and settings; [`update`] applies one [`Action`] and
//! returns the [`Effect`]s the runtime must carry out. Keys are dispatched through the
//! [`Keymap`] table, which also generates the help overlay and the status hints.
//!
//! Positions: every pane shows one document laid out for its text width ([`DocLayout`]);
//! `scroll` is the top display line. The *cursor passage* is the passage under the pane's
//! reading line, which slides from the top row down to a third of the pane as you leave
//! the start of the document, so the first passage is the cursor at the start and the last
//! one can be reached at the end.

pub mod keymap;
pub mod layout;
pub mod notes;
pub mod search;

pub use keymap::{format_keys, parse_keys, Command, Key, Keymap, Lookup};
pub use layout::{DocLayout, VLine};
pub use notes::{EditTarget, LineEdit, NotesIndex, Selection, Undoable};

use crate::align::AlignIndex;
use crate::annotations::Annotations;
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
/// Follow mode keeps the pane's current match while it scores at least this share of the
/// best match (hysteresis: panes don't jump between near-equal matches).
pub const FOLLOW_KEEP: f32 = 0.85;
const SEARCH_LIMIT: usize = 10_000;
const CORPUS_SEARCH_LIMIT: usize = 2_000;

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
    /// Show a one-line message in the status bar.
    Message(String),
    /// The runtime's clock, in milliseconds since the epoch (the app never reads the clock):
    /// stamps new items and ends the flash of a note jumped to.
    Tick(u64),
    /// The notes were saved: the merged state from disk (other instances' additions), or why
    /// saving failed.
    NotesSaved(Result<Box<Annotations>, String>),
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
    /// Save [`App::notes`] now (a highlight, note or bookmark was confirmed).
    SaveNotes,
    /// Write `text` to `path` and report it in the status line.
    Export {
        path: std::path::PathBuf,
        text: String,
    },
}

/// Candidates of a passage `]a` steps through in each other pane.
const CANDIDATES: usize = 5;

/// Why a pane shows what it shows after `a` / follow mode (shown in its title line).
#[derive(Debug, Clone, PartialEq)]
pub enum AlignNote {
    /// The candidate of rank `rank` (0: the best) with its score and shared terms; `good`
    /// is false for a weak one, shown only when asked for with `]a`.
    Match {
        score: f32,
        terms: Vec<String>,
        rank: usize,
        good: bool,
        /// Placed by context more than by shared words ([`crate::align::Match::by_context`]).
        by_context: bool,
    },
    NoMatch,
}

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

/// A corpus search hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    pub range: Range<usize>,
}

/// A window over the panes that takes the keys while it is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Picker {
        query: String,
        selected: usize,
    },
    /// Incremental search in the focused document; `origin` is where it started.
    Search {
        query: String,
        origin: (usize, Option<usize>),
    },
    CorpusSearch {
        query: String,
        hits: Vec<Hit>,
        selected: usize,
    },
    Topics {
        row: usize,
        col: usize,
    },
    /// `v`: a highlight being selected by sentence.
    Select(Selection),
    /// A one-line editor (a highlight's note, a bookmark's name, the `:` command line).
    Edit(LineEdit),
    /// `m` / `'`: waiting for the mark letter.
    Mark {
        set: bool,
    },
    /// `K`: a note, the note an ibid repeats, and the markers citing it. `selected` is a
    /// citing marker (index into `citing`) or `None` for the note itself.
    Note {
        doc: usize,
        note: usize,
        citing: Vec<usize>,
        selected: Option<usize>,
    },
    /// `H`: every highlight of the corpus; `selected` indexes [`App::highlight_rows`].
    Highlights {
        selected: usize,
    },
    /// `B`: marks and bookmarks; `selected` indexes [`App::bookmark_rows`].
    Bookmarks {
        selected: usize,
    },
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

/// The reader's whole state.
#[derive(Debug, Clone)]
pub struct App {
    /// Shared with the thread that builds the index (never copied: on a large corpus a copy
    /// would double the reader's memory).
    pub corpus: Arc<Corpus>,
    pub index: AlignIndex,
    /// False while the index is building in the background.
    pub index_ready: bool,
    pub keymap: Keymap,
    pub width: u16,
    pub height: u16,
    pub panes: Vec<Pane>,
    pub focus: usize,
    pub zoom: bool,
    /// Panes one above the other (full width) instead of side by side.
    pub stacked: bool,
    pub follow: bool,
    pub overlay: Option<Overlay>,
    /// Keys of an unfinished sequence (`]` waiting for `]`).
    pub pending: Vec<Key>,
    /// One-line message for the status bar (errors, confirmations).
    pub status: Option<String>,
    pub no_color: bool,
    /// Bumped by every update that may change what is drawn.
    pub revision: u64,
    /// Highlights, bookmarks and the session kept for this corpus (saved by the runtime).
    pub notes: Annotations,
    /// Where each highlight and bookmark is in the corpus now.
    pub notes_index: NotesIndex,
    /// The runtime's clock (ms since the epoch), from [`Action::Tick`].
    pub now_ms: u64,
    /// Makes item ids unique across instances (the runtime sets the process id).
    pub id_prefix: String,
    id_counter: u64,
    /// Deletions `u` can undo, newest last.
    pub undo: Vec<Undoable>,
    /// Why the last save failed (cleared by the next good one); the status line keeps
    /// saying so.
    pub notes_error: Option<String>,
    /// The focused cursor follow mode last synced from.
    follow_from: Option<(usize, usize)>,
    /// The (pane, cursor passage) the other panes were last aligned from (by `a` or follow
    /// mode); `]a` / `[a` step from there, each pane from the rank it shows.
    align_from: Option<(usize, usize)>,
    layouts: HashMap<(usize, usize), Arc<DocLayout>>,
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
            app.width = w;
            app.height = h;
            app.relayout();
            true
        }
        Action::Mouse(m) => app.on_mouse(m),
        Action::IndexReady(index) => {
            app.index = *index;
            app.index_ready = true;
            for i in 0..app.panes.len() {
                app.cursor_from_scroll(i);
            }
            true
        }
        Action::Message(m) => {
            app.status = Some(m);
            true
        }
        Action::Tick(now) => app.tick(now),
        Action::NotesSaved(result) => app.notes_saved(result),
    };
    if app.follow {
        app.sync_follow(false);
    }
    if changed {
        app.revision += 1;
    }
    effects
}

fn author_key(doc: &Document, index: usize) -> String {
    match &doc.author {
        Some(a) => format!("a:{}", a.trim().to_lowercase()),
        None => format!("d:{index}"),
    }
}

impl App {
    /// A reader on `corpus` with a ready alignment index, for a `width`×`height` terminal.
    pub fn new(corpus: impl Into<Arc<Corpus>>, index: AlignIndex, width: u16, height: u16) -> App {
        App::build(corpus.into(), index, true, width, height)
    }

    /// A reader whose alignment index is still building ([`Action::IndexReady`] brings it).
    pub fn indexing(corpus: impl Into<Arc<Corpus>>, width: u16, height: u16) -> App {
        App::build(corpus.into(), AlignIndex::default(), false, width, height)
    }

    fn build(corpus: Arc<Corpus>, index: AlignIndex, ready: bool, width: u16, height: u16) -> App {
        let mut app = App {
            corpus,
            index,
            index_ready: ready,
            keymap: Keymap::default(),
            width,
            height,
            panes: Vec::new(),
            focus: 0,
            zoom: false,
            stacked: false,
            follow: false,
            overlay: None,
            pending: Vec::new(),
            status: None,
            no_color: false,
            revision: 0,
            notes: Annotations::default(),
            notes_index: NotesIndex::default(),
            now_ms: 0,
            id_prefix: "0".into(),
            id_counter: 0,
            undo: Vec::new(),
            notes_error: None,
            follow_from: None,
            align_from: None,
            layouts: HashMap::new(),
        };
        let want = ((width / START_PANE_WIDTH) as usize).clamp(1, MAX_PANES);
        let mut seen = Vec::new();
        for (d, doc) in app.corpus.documents.iter().enumerate() {
            if app.panes.len() >= want {
                break;
            }
            let key = author_key(doc, d);
            if !seen.contains(&key) {
                seen.push(key);
                app.panes.push(app.new_pane(d));
            }
        }
        app.relayout();
        for i in 0..app.panes.len() {
            app.cursor_from_scroll(i);
        }
        app
    }

    fn new_pane(&self, doc: usize) -> Pane {
        Pane {
            doc,
            scroll: 0,
            cursor: None,
            mark: None,
            note: None,
            search: None,
            jumps: JumpList::default(),
            last_jump: None,
            marker: None,
            highlight: None,
            flash: None,
            layout: Arc::new(DocLayout {
                width: 0,
                lines: Vec::new(),
            }),
            resize_view: None,
        }
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

    /// Whether the terminal is too small to draw panes.
    pub fn too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// Rows of text of a pane as tall as the screen (the title row and the status line
    /// excluded).
    pub fn text_height(&self) -> usize {
        self.height.saturating_sub(2).max(1) as usize
    }

    /// Rows of text of pane `i` (stacked panes share the height; a pane off screen counts as
    /// one of the panes on screen).
    pub fn pane_text_height(&self, i: usize) -> usize {
        if !self.stacked || self.zoom {
            return self.text_height();
        }
        let geoms = self.geometry();
        geoms
            .iter()
            .find(|g| g.pane == i)
            .or(geoms.first())
            .map_or(self.text_height(), |g| g.text.height.max(1) as usize)
    }

    /// How many panes of the least size fit: side by side across the width, stacked down the
    /// rows above the status line.
    fn panes_that_fit(&self) -> usize {
        if self.stacked {
            (self.height.saturating_sub(1) / MIN_PANE_HEIGHT) as usize
        } else {
            (self.width / MIN_PANE_WIDTH) as usize
        }
    }

    /// The panes on screen (a window around the focus when not all fit).
    pub fn visible_panes(&self) -> Range<usize> {
        let n = self.panes.len();
        if n == 0 {
            return 0..0;
        }
        if self.zoom {
            return self.focus..self.focus + 1;
        }
        let fit = self.panes_that_fit().clamp(1, MAX_PANES);
        if n <= fit {
            return 0..n;
        }
        let start = (self.focus + 1).saturating_sub(fit).min(n - fit);
        start..start + fit
    }

    /// Where each visible pane sits.
    pub fn geometry(&self) -> Vec<PaneGeom> {
        let vis = self.visible_panes();
        let k = vis.len() as u16;
        if k == 0 {
            return Vec::new();
        }
        let rows = self.height.saturating_sub(1);
        if self.stacked && k > 1 {
            let base = rows / k;
            let extra = rows % k;
            let mut y = 0;
            return vis
                .enumerate()
                .map(|(j, pane)| {
                    let h = base + u16::from((j as u16) < extra);
                    let g = PaneGeom {
                        pane,
                        area: Rect::new(0, y, self.width, h),
                        border: false,
                        gutter: 0,
                        text: Rect::new(
                            GUTTER,
                            y + 1,
                            self.width.saturating_sub(GUTTER),
                            h.saturating_sub(1),
                        ),
                    };
                    y += h;
                    g
                })
                .collect();
        }
        let base = self.width / k;
        let extra = self.width % k;
        let mut x = 0;
        vis.enumerate()
            .map(|(j, pane)| {
                let j = j as u16;
                let w = base + u16::from(j < extra);
                let border = j > 0;
                let gutter = x + u16::from(border);
                let text_x = gutter + GUTTER;
                let g = PaneGeom {
                    pane,
                    area: Rect::new(x, 0, w, rows),
                    border,
                    gutter,
                    text: Rect::new(
                        text_x,
                        1,
                        (x + w).saturating_sub(text_x),
                        rows.saturating_sub(1),
                    ),
                };
                x += w;
                g
            })
            .collect()
    }

    fn text_width(&self, pane: usize, geoms: &[PaneGeom]) -> usize {
        geoms
            .iter()
            .find(|g| g.pane == pane)
            .or(geoms.first())
            .map_or(1, |g| g.text.width.max(1) as usize)
    }

    fn layout_for(&mut self, doc: usize, width: usize) -> Arc<DocLayout> {
        if self.layouts.len() > 64 {
            self.layouts.clear();
        }
        let corpus = &self.corpus;
        self.layouts
            .entry((doc, width))
            .or_insert_with(|| Arc::new(DocLayout::new(&corpus.documents[doc], width)))
            .clone()
    }

    /// Lays every pane out for its current width, keeping its top line and its cursor passage
    /// in view.
    fn relayout(&mut self) {
        let geoms = self.geometry();
        for i in 0..self.panes.len() {
            let width = self.text_width(i, &geoms);
            let pane = &self.panes[i];
            let unusable = pane.layout.is_empty();
            let top = match pane.resize_view {
                Some((top, scroll)) if scroll == pane.scroll || unusable => top,
                _ if unusable => (0, false),
                _ => pane.layout.anchor_of(pane.scroll),
            };
            if pane.layout.width != width || unusable {
                let doc = pane.doc;
                self.panes[i].layout = self.layout_for(doc, width);
            }
            let layout = &self.panes[i].layout;
            let wanted = if top.0 == 0 {
                0
            } else {
                layout.line_of_anchor(top)
            };
            self.panes[i].scroll = wanted;
            self.clamp_scroll(i);
            self.keep_cursor_in_view(i);
            // Kept even when the view did not have to move: the new top line may start before
            // the old top, and starting from it again would drift a line per resize.
            let pane = &mut self.panes[i];
            pane.resize_view = Some((top, pane.scroll));
        }
    }

    /// Brings the cursor passage back on screen when none of its lines is (a view that
    /// shows the end of a long cursor passage is left as it is).
    fn keep_cursor_in_view(&mut self, i: usize) {
        let Some(p) = self.panes[i].cursor else {
            return;
        };
        let Some(passage) = self.index.passages.get(p) else {
            return;
        };
        let lines = self.panes[i].layout.lines_of(&passage.range);
        let s = self.panes[i].scroll;
        let on_screen = lines.start < s + self.pane_text_height(i) && lines.end > s;
        if !on_screen {
            self.show_passage(i, p);
        }
    }

    // ---- positions ------------------------------------------------------------------------

    pub fn max_scroll(&self, i: usize) -> usize {
        self.panes[i]
            .layout
            .len()
            .saturating_sub(self.pane_text_height(i) / 3 + 1)
    }

    /// The display line whose passage is the cursor passage for a pane scrolled to `scroll`.
    pub fn reading_line(&self, i: usize) -> usize {
        let scroll = self.panes[i].scroll;
        let line = scroll + (self.pane_text_height(i) / 3).min(scroll);
        line.min(self.panes[i].layout.len().saturating_sub(1))
    }

    fn clamp_scroll(&mut self, i: usize) {
        let max = self.max_scroll(i);
        if self.panes[i].scroll > max {
            self.panes[i].scroll = max;
        }
    }

    fn cursor_from_scroll(&mut self, i: usize) {
        let line = self.reading_line(i);
        let offset = self.panes[i].layout.offset_of(line);
        self.panes[i].cursor = self.index.passage_at(self.panes[i].doc, offset);
    }

    fn scroll_by(&mut self, i: usize, delta: isize) {
        let max = self.max_scroll(i) as isize;
        let s = (self.panes[i].scroll as isize + delta).clamp(0, max.max(0));
        self.panes[i].scroll = s as usize;
        self.cursor_from_scroll(i);
    }

    /// Scrolls so that display line `line` is on the reading line.
    fn show_line(&mut self, i: usize, line: usize) {
        let third = self.pane_text_height(i) / 3;
        let scroll = if line < 2 * third {
            line / 2
        } else {
            line - third
        };
        self.panes[i].scroll = scroll;
        self.clamp_scroll(i);
    }

    /// Brings passage `p` onto the reading line of pane `i` and makes it the cursor.
    fn show_passage(&mut self, i: usize, p: usize) {
        let Some(passage) = self.index.passages.get(p) else {
            return;
        };
        let line = self.panes[i].layout.line_of(passage.range.start);
        self.show_line(i, line);
        self.panes[i].cursor = Some(p);
    }

    /// Whether the first line of passage `p` is on screen in pane `i`.
    pub fn passage_visible(&self, i: usize, p: usize) -> bool {
        let Some(passage) = self.index.passages.get(p) else {
            return false;
        };
        let line = self.panes[i].layout.line_of(passage.range.start);
        let s = self.panes[i].scroll;
        line >= s && line < s + self.pane_text_height(i)
    }

    fn here(&self, i: usize) -> Jump {
        let pane = &self.panes[i];
        Jump {
            doc: pane.doc,
            offset: pane.layout.offset_of(pane.scroll),
            cursor: pane.cursor,
            marker: pane.marker,
        }
    }

    fn push_jump(&mut self, i: usize) {
        let here = self.here(i);
        self.panes[i].jumps.push(here);
        self.panes[i].last_jump = Some(here);
    }

    /// Puts document `doc` in pane `i`, at the start.
    fn set_doc(&mut self, i: usize, doc: usize) {
        if self.panes[i].doc == doc {
            return;
        }
        let geoms = self.geometry();
        let width = self.text_width(i, &geoms);
        let layout = self.layout_for(doc, width);
        let pane = &mut self.panes[i];
        pane.doc = doc;
        pane.layout = layout;
        pane.scroll = 0;
        pane.mark = None;
        pane.note = None;
        pane.search = None;
        pane.marker = None;
        pane.highlight = None;
        pane.flash = None;
        self.cursor_from_scroll(i);
    }

    /// Position in the focused document, in percent of its lines read.
    pub fn percent(&self) -> Option<usize> {
        let pane = self.panes.get(self.focus)?;
        let len = pane.layout.len().max(1);
        Some(((pane.scroll + self.pane_text_height(self.focus)).min(len) * 100 / len).min(100))
    }

    pub fn focused(&self) -> Option<&Pane> {
        self.panes.get(self.focus)
    }

    /// `Title — Author, date` of a document.
    pub fn doc_label(&self, doc: usize) -> String {
        let d = &self.corpus.documents[doc];
        let mut s = d.title.clone();
        if let Some(a) = &d.author {
            s.push_str(" — ");
            s.push_str(a);
        }
        if let Some(date) = &d.date {
            s.push_str(if d.author.is_some() { ", " } else { " — " });
            s.push_str(date);
        }
        s
    }

    /// Mode name for the status line.
    pub fn mode(&self) -> &'static str {
        match &self.overlay {
            Some(Overlay::Help { .. }) => "HELP",
            Some(Overlay::Picker { .. }) => "OPEN",
            Some(Overlay::Search { .. }) => "SEARCH",
            Some(Overlay::CorpusSearch { .. }) => "FIND",
            Some(Overlay::Topics { .. }) => "TOPICS",
            Some(Overlay::Select(_)) => "SELECT",
            Some(Overlay::Edit(e)) => e.target.mode(),
            Some(Overlay::Mark { .. }) => "MARK",
            Some(Overlay::Note { .. }) => "NOTE",
            Some(Overlay::Highlights { .. }) => "HIGHLIGHTS",
            Some(Overlay::Bookmarks { .. }) => "BOOKMARKS",
            None if self.follow => "FOLLOW",
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
        self.pending.push(key);
        match self.keymap.lookup(&self.pending) {
            Lookup::Command(c) => {
                self.pending.clear();
                self.run(c, effects);
                true
            }
            Lookup::Prefix => true,
            Lookup::None => {
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
                        Lookup::None => self.pending.clear(),
                    }
                    return true;
                }
                had_status || had_flash
            }
        }
    }

    /// Runs a command in normal mode.
    pub fn run(&mut self, command: Command, effects: &mut Vec<Effect>) {
        if self.panes.is_empty() {
            if command == Command::Quit {
                effects.push(Effect::Quit);
            } else if command == Command::Help {
                self.overlay = Some(Overlay::Help { scroll: 0 });
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
            GotoEnd => {
                self.panes[f].scroll = self.max_scroll(f);
                self.cursor_from_scroll(f);
            }
            NextPassage => self.step_passage(true),
            PrevPassage => self.step_passage(false),
            NextHeading => self.step_heading(true),
            PrevHeading => self.step_heading(false),
            FocusNext => {
                self.focus = (f + 1) % self.panes.len();
                self.relayout();
            }
            FocusPrev => {
                self.focus = (f + self.panes.len() - 1) % self.panes.len();
                self.relayout();
            }
            OpenDocument => {
                let selected = self.panes[f].doc;
                self.overlay = Some(Overlay::Picker {
                    query: String::new(),
                    selected,
                });
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
            NextCandidate => self.step_candidate(true),
            PrevCandidate => self.step_candidate(false),
            ToggleFollow => {
                self.follow = !self.follow;
                if self.follow {
                    self.sync_follow(true);
                    if !self.index_ready {
                        self.status = Some("follow: on (waiting for the alignment index…)".into());
                    }
                } else {
                    self.follow_from = None;
                    self.status = Some("follow: off".into());
                }
            }
            TopicMap => {
                self.overlay = Some(Overlay::Topics { row: 0, col: 0 });
            }
            Search => {
                let origin = (self.panes[f].scroll, self.panes[f].cursor);
                self.overlay = Some(Overlay::Search {
                    query: String::new(),
                    origin,
                });
            }
            SearchNext => self.step_match(true),
            SearchPrev => self.step_match(false),
            SearchCorpus => {
                self.overlay = Some(Overlay::CorpusSearch {
                    query: String::new(),
                    hits: Vec::new(),
                    selected: 0,
                });
            }
            Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Quit => effects.push(Effect::Quit),
            NextFootnote => self.step_marker(true),
            PrevFootnote => self.step_marker(false),
            FollowNote => self.follow_note(),
            PreviewNote => self.preview_note(),
            JumpBack => self.jump_back(),
            JumpForward => self.jump_forward(),
            Select => self.start_selection(),
            EditNote => self.edit_highlight_note(),
            DeleteHighlight => self.delete_highlight_at_cursor(effects),
            Undo => self.undo_delete(effects),
            NextHighlight => self.step_highlight(true),
            PrevHighlight => self.step_highlight(false),
            ListHighlights => self.overlay = Some(Overlay::Highlights { selected: 0 }),
            SetMark => self.overlay = Some(Overlay::Mark { set: true }),
            GotoMark => self.overlay = Some(Overlay::Mark { set: false }),
            AddBookmark => self.start_bookmark(),
            ListBookmarks => self.overlay = Some(Overlay::Bookmarks { selected: 0 }),
            CommandLine => {
                self.overlay = Some(Overlay::Edit(LineEdit {
                    target: EditTarget::Command,
                    text: String::new(),
                }))
            }
        }
    }

    fn step_passage(&mut self, forward: bool) {
        let f = self.focus;
        let doc = self.panes[f].doc;
        let Some(ids) = self.index.by_doc.get(doc) else {
            self.status = Some(if self.index_ready {
                "no passages in this document".into()
            } else {
                "passages are still being indexed…".into()
            });
            return;
        };
        if ids.is_empty() {
            self.status = Some("no passages in this document".into());
            return;
        }
        let target = match self.panes[f]
            .cursor
            .and_then(|c| ids.iter().position(|&p| p == c))
        {
            Some(k) if forward => ids.get(k + 1).copied(),
            Some(k) => k.checked_sub(1).map(|k| ids[k]),
            None => Some(ids[0]),
        };
        match target {
            Some(p) => self.show_passage(f, p),
            None => {
                self.status = Some(
                    if forward {
                        "last passage"
                    } else {
                        "first passage"
                    }
                    .into(),
                )
            }
        }
    }

    fn step_heading(&mut self, forward: bool) {
        let f = self.focus;
        let doc = &self.corpus.documents[self.panes[f].doc];
        let layout = self.panes[f].layout.clone();
        let scroll = self.panes[f].scroll;
        let heading_lines = doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Heading | BlockKind::Title))
            .map(|b| (layout.line_of(b.range.start), b.range.start));
        let target = if forward {
            heading_lines.clone().find(|(l, _)| *l > scroll)
        } else {
            heading_lines.rev().find(|(l, _)| *l < scroll)
        };
        match target {
            Some((line, offset)) => {
                self.panes[f].scroll = line;
                self.clamp_scroll(f);
                self.panes[f].cursor = self.index.passage_at(self.panes[f].doc, offset);
            }
            None => {
                self.status = Some(
                    if forward {
                        "no heading below"
                    } else {
                        "no heading above"
                    }
                    .into(),
                )
            }
        }
    }

    fn add_pane(&mut self) {
        let n = self.panes.len();
        if n >= MAX_PANES {
            self.status = Some(format!("at most {MAX_PANES} panes"));
            return;
        }
        if n + 1 > self.panes_that_fit() {
            self.status = Some(if self.stacked {
                format!("no room for another pane at {} rows", self.height)
            } else {
                format!("no room for another pane at {} columns", self.width)
            });
            return;
        }
        let shown: Vec<usize> = self.panes.iter().map(|p| p.doc).collect();
        let authors: Vec<String> = shown
            .iter()
            .map(|&d| author_key(&self.corpus.documents[d], d))
            .collect();
        let docs = &self.corpus.documents;
        let doc = (0..docs.len())
            .find(|&d| !authors.contains(&author_key(&docs[d], d)))
            .or_else(|| (0..docs.len()).find(|d| !shown.contains(d)))
            .unwrap_or(self.panes[self.focus].doc);
        let pane = self.new_pane(doc);
        self.panes.insert(self.focus + 1, pane);
        self.focus += 1;
        self.zoom = false;
        self.relayout();
        self.cursor_from_scroll(self.focus);
    }

    /// The focused pane and its cursor passage, to align from; None (saying why in the status
    /// line) while the index builds or without a cursor passage.
    fn align_source(&mut self) -> Option<(usize, usize)> {
        if !self.index_ready {
            self.status = Some("the alignment index is still building…".into());
            return None;
        }
        let f = self.focus;
        let Some(cursor) = self.panes[f].cursor else {
            self.status = Some("no passage under the cursor".into());
            return None;
        };
        Some((f, cursor))
    }

    /// `a`: brings the best match of the focused cursor passage into every other pane.
    fn align(&mut self) {
        let Some((f, cursor)) = self.align_source() else {
            return;
        };
        self.panes[f].note = None;
        self.panes[f].mark = None;
        let (mut moved, mut others) = (0, 0);
        for i in 0..self.panes.len() {
            if i == f || self.panes[i].doc == self.panes[f].doc {
                continue;
            }
            others += 1;
            let best = self
                .index
                .best_in_doc(cursor, self.panes[i].doc, 1)
                .into_iter()
                .next();
            match best {
                Some(m) if m.good => {
                    self.bring_candidate(i, m, 0);
                    moved += 1;
                }
                _ => {
                    self.panes[i].mark = None;
                    self.panes[i].note = Some(AlignNote::NoMatch);
                }
            }
        }
        self.align_from = Some((f, cursor));
        self.status = Some(if others == 0 {
            "no other pane to align (+ adds one)".into()
        } else {
            format!("aligned {moved} of {others} panes")
        });
    }

    /// Shows candidate `m` (of rank `rank`) in pane `i`, marked, its score and terms in the
    /// pane's title; the jump list keeps where the pane was.
    fn bring_candidate(&mut self, i: usize, m: crate::align::Match, rank: usize) {
        self.push_jump(i);
        self.show_passage(i, m.passage);
        self.panes[i].mark = Some(m.passage);
        self.panes[i].note = Some(AlignNote::Match {
            score: m.score,
            terms: m.terms,
            rank,
            good: m.good,
            by_context: m.by_context,
        });
    }

    /// `]a` / `[a`: the next (or the previous, better) candidate of the focused cursor passage
    /// in every other pane — the best match is not always the passage on the same point, and
    /// the second or third often is. A pane that said `no good match` shows the best
    /// candidate first, marked weak. Starts from the best when the cursor moved since.
    fn step_candidate(&mut self, forward: bool) {
        let Some((f, cursor)) = self.align_source() else {
            return;
        };
        if self.align_from != Some((f, cursor)) {
            self.align();
            return;
        }
        let (mut shown, mut others) = (0, 0);
        let mut ranks: Vec<usize> = Vec::new();
        for i in 0..self.panes.len() {
            if i == f || self.panes[i].doc == self.panes[f].doc {
                continue;
            }
            others += 1;
            let current = match &self.panes[i].note {
                Some(AlignNote::Match { rank, .. }) => Some(*rank),
                _ => None,
            };
            let want = match (forward, current) {
                (true, None) => 0,
                (true, Some(r)) if r + 1 < CANDIDATES => r + 1,
                (false, Some(r)) if r > 0 => r - 1,
                _ => continue,
            };
            let ranked = self.index.best_in_doc(cursor, self.panes[i].doc, want + 1);
            let Some(m) = ranked.into_iter().nth(want) else {
                continue;
            };
            self.bring_candidate(i, m, want);
            shown += 1;
            if !ranks.contains(&want) {
                ranks.push(want);
            }
        }
        self.status = Some(match (others, shown, ranks.as_slice()) {
            (0, _, _) => "no other pane to align (+ adds one)".into(),
            (_, 0, _) if forward => {
                format!("no further candidate (]a goes down to the {CANDIDATES}th)")
            }
            (_, 0, _) => "the best match is shown (]a shows the next)".into(),
            (_, _, [r]) => format!(
                "candidate {} of {CANDIDATES} in {shown} of {others} panes",
                r + 1
            ),
            _ if forward => format!("next candidate in {shown} of {others} panes"),
            _ => format!("better candidate in {shown} of {others} panes"),
        });
    }

    /// Follow mode: other panes keep the best match of the focused cursor passage in view.
    fn sync_follow(&mut self, force: bool) {
        if !self.index_ready || self.panes.is_empty() {
            return;
        }
        let f = self.focus;
        let Some(cursor) = self.panes[f].cursor else {
            return;
        };
        if !force && self.follow_from == Some((f, cursor)) {
            return;
        }
        if self.follow_from.map(|(pane, _)| pane) != Some(f) {
            // A newly focused pane leads: what it showed as a follower no longer applies.
            self.panes[f].note = None;
            self.panes[f].mark = None;
        }
        self.follow_from = Some((f, cursor));
        self.align_from = Some((f, cursor));
        for i in 0..self.panes.len() {
            if i == f || self.panes[i].doc == self.panes[f].doc {
                continue;
            }
            let matches = self.index.best_in_doc(cursor, self.panes[i].doc, 5);
            let Some(best) = matches.first().filter(|m| m.good) else {
                self.panes[i].mark = None;
                self.panes[i].note = Some(AlignNote::NoMatch);
                continue;
            };
            // Hysteresis: keep the current match while it is nearly as good as the best.
            let keep = self.panes[i].mark.and_then(|mark| {
                matches
                    .iter()
                    .find(|m| m.passage == mark && m.good && m.score >= best.score * FOLLOW_KEEP)
            });
            let chosen = keep.unwrap_or(best).clone();
            if !self.passage_visible(i, chosen.passage) {
                self.show_passage(i, chosen.passage);
            }
            self.panes[i].mark = Some(chosen.passage);
            self.panes[i].note = Some(AlignNote::Match {
                score: chosen.score,
                terms: chosen.terms,
                rank: matches
                    .iter()
                    .position(|m| m.passage == chosen.passage)
                    .unwrap_or(0),
                good: chosen.good,
                by_context: chosen.by_context,
            });
        }
    }

    fn step_match(&mut self, forward: bool) {
        let f = self.focus;
        let Some(search) = &self.panes[f].search else {
            self.status = Some("no search (/ searches this document)".into());
            return;
        };
        let n = search.matches.len();
        if n == 0 {
            self.status = Some(format!("no match for {:?}", search.query));
            return;
        }
        let next = match search.current {
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
            None => 0,
        };
        let start = search.matches[next].start;
        self.panes[f].search.as_mut().unwrap().current = Some(next);
        self.show_offset(f, start);
        self.status = Some(format!("match {} of {n}", next + 1));
    }

    fn show_offset(&mut self, i: usize, offset: usize) {
        let line = self.panes[i].layout.line_of(offset);
        self.show_line(i, line);
        self.panes[i].cursor = self.index.passage_at(self.panes[i].doc, offset);
    }

    // ---- overlays -------------------------------------------------------------------------

    /// The box overlays are drawn in: most of the screen above the status line.
    pub fn overlay_area(&self) -> Rect {
        let (width, height) = (self.width, self.height);
        let rows = height.saturating_sub(1);
        let w = if width >= 60 {
            (width - 4).min(110)
        } else {
            width
        };
        let h = if rows >= 16 { rows - 2 } else { rows };
        Rect::new((width - w) / 2, (rows - h) / 2, w, h)
    }

    /// Lines of the help overlay after the key table.
    pub const HELP_FOOTER: &'static [&'static str] = &[
        "",
        " In lists and overlays",
        " type to filter · Up/Down, C-n/C-p move · Enter opens · Esc closes",
        " topic map: h/j/k/l or arrows move · Enter opens the passage",
        " search: type, Enter keeps, Esc cancels; n/N next/previous",
        " highlight (v): j/k or }/{ extend by sentence · 1-5 colour · Enter saves · Esc",
        " colours: 1 yellow 2 green 3 blue 4 pink 5 orange (NO_COLOR: the digit in the gutter)",
        " note popup (K): j/k pick a citing marker · Enter goes there, or to the note",
        " H list: Enter jumps · c edits the note · d deletes · u undoes",
        " B list: Enter jumps · r renames · d deletes · u undoes",
        " marks: m + letter sets, ' + letter jumps, '' goes back (the gutter shows the letter)",
        " :export [file] writes notes as Markdown (default synoptic-notes.md), :w saves, :q quits",
        " one-line editors: type · BS · C-u clears · C-w deletes a word · Enter · Esc",
        " notes are saved at once; the session (panes, positions) on quit; --fresh ignores it",
        "",
        " Keys are remapped in <config dir>/synoptic/keymap.toml",
    ];

    /// Largest useful scroll of the help overlay (its last screenful).
    pub fn help_max_scroll(&self) -> usize {
        let lines = self.keymap.help_rows().len() + Self::HELP_FOOTER.len();
        let inner = self.overlay_area().height.saturating_sub(2) as usize;
        lines.saturating_sub(inner)
    }

    /// Documents matching the picker query (every word in the title or author).
    pub fn picker_items(&self, query: &str) -> Vec<usize> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        (0..self.corpus.documents.len())
            .filter(|&d| {
                let label = self.doc_label(d).to_lowercase();
                words.iter().all(|w| label.contains(w.as_str()))
            })
            .collect()
    }

    /// For each topic, how many of its passages each document has.
    pub fn topic_counts(&self) -> Vec<Vec<usize>> {
        let docs = self.corpus.documents.len();
        self.index
            .topics
            .iter()
            .map(|t| {
                let mut row = vec![0; docs];
                for &p in &t.passages {
                    if let Some(passage) = self.index.passages.get(p) {
                        if passage.doc < docs {
                            row[passage.doc] += 1;
                        }
                    }
                }
                row
            })
            .collect()
    }

    fn corpus_hits(&self, query: &str) -> Vec<Hit> {
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

    fn overlay_key(&mut self, key: Key, effects: &mut Vec<Effect>) {
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        let overlay = match self.notes_overlay_key(overlay, key, effects) {
            Ok(next) => {
                self.overlay = next;
                return;
            }
            Err(other) => other,
        };
        self.overlay = match overlay {
            Overlay::Help { scroll } => match key {
                Key::Esc | Key::Char('q') | Key::Char('?') => None,
                Key::Char('j') | Key::Down => Some(Overlay::Help {
                    scroll: (scroll + 1).min(self.help_max_scroll()),
                }),
                Key::Char('k') | Key::Up => Some(Overlay::Help {
                    scroll: scroll.saturating_sub(1),
                }),
                Key::Char(' ') | Key::PageDown | Key::Ctrl('d') => Some(Overlay::Help {
                    scroll: (scroll + self.text_height() / 2).min(self.help_max_scroll()),
                }),
                Key::Char('b') | Key::PageUp | Key::Ctrl('u') => Some(Overlay::Help {
                    scroll: scroll.saturating_sub(self.text_height() / 2),
                }),
                Key::Char('g') | Key::Home => Some(Overlay::Help { scroll: 0 }),
                Key::Char('G') | Key::End => Some(Overlay::Help {
                    scroll: self.help_max_scroll(),
                }),
                _ => Some(Overlay::Help { scroll }),
            },
            Overlay::Picker {
                mut query,
                mut selected,
            } => {
                let items = self.picker_items(&query);
                let pos = items.iter().position(|&d| d == selected).unwrap_or(0);
                match key {
                    Key::Esc => None,
                    Key::Enter => {
                        if let Some(&doc) = items.get(pos) {
                            let f = self.focus;
                            if self.panes[f].doc != doc {
                                self.push_jump(f);
                                self.set_doc(f, doc);
                            }
                        }
                        None
                    }
                    Key::Up | Key::Ctrl('p') | Key::BackTab => {
                        if let Some(&d) = items.get(pos.saturating_sub(1)) {
                            selected = d;
                        }
                        Some(Overlay::Picker { query, selected })
                    }
                    Key::Down | Key::Ctrl('n') | Key::Tab => {
                        if let Some(&d) = items.get((pos + 1).min(items.len().saturating_sub(1))) {
                            selected = d;
                        }
                        Some(Overlay::Picker { query, selected })
                    }
                    Key::Backspace | Key::Char(_) => {
                        match key {
                            Key::Char(c) => query.push(c),
                            _ => {
                                query.pop();
                            }
                        }
                        let items = self.picker_items(&query);
                        if !items.contains(&selected) {
                            selected = items.first().copied().unwrap_or(selected);
                        }
                        Some(Overlay::Picker { query, selected })
                    }
                    _ => Some(Overlay::Picker { query, selected }),
                }
            }
            Overlay::Search { mut query, origin } => match key {
                Key::Esc => {
                    let f = self.focus;
                    self.panes[f].scroll = origin.0;
                    self.panes[f].cursor = origin.1;
                    self.panes[f].search = None;
                    None
                }
                Key::Enter => {
                    let f = self.focus;
                    if query.is_empty() {
                        self.panes[f].search = None;
                    } else {
                        let n = self.panes[f].search.as_ref().map_or(0, |s| s.matches.len());
                        if n > 0 {
                            let mut before = self.here(f);
                            before.offset = self.panes[f].layout.offset_of(origin.0);
                            before.cursor = origin.1;
                            self.panes[f].jumps.push(before);
                            self.status = Some(format!("{n} matches for {query:?} (n/N)"));
                        } else {
                            self.status = Some(format!("no match for {query:?}"));
                        }
                    }
                    None
                }
                Key::Backspace | Key::Char(_) => {
                    match key {
                        Key::Char(c) => query.push(c),
                        _ => {
                            query.pop();
                        }
                    }
                    self.incremental_search(&query, origin);
                    Some(Overlay::Search { query, origin })
                }
                _ => Some(Overlay::Search { query, origin }),
            },
            Overlay::CorpusSearch {
                mut query,
                mut hits,
                mut selected,
            } => match key {
                Key::Esc => None,
                Key::Enter => {
                    if let Some(hit) = hits.get(selected).cloned() {
                        self.open_hit(&query, &hit);
                    }
                    None
                }
                Key::Up | Key::Ctrl('p') | Key::BackTab => {
                    selected = selected.saturating_sub(1);
                    Some(Overlay::CorpusSearch {
                        query,
                        hits,
                        selected,
                    })
                }
                Key::Down | Key::Ctrl('n') | Key::Tab => {
                    selected = (selected + 1).min(hits.len().saturating_sub(1));
                    Some(Overlay::CorpusSearch {
                        query,
                        hits,
                        selected,
                    })
                }
                Key::PageDown => {
                    selected = (selected + 10).min(hits.len().saturating_sub(1));
                    Some(Overlay::CorpusSearch {
                        query,
                        hits,
                        selected,
                    })
                }
                Key::PageUp => {
                    selected = selected.saturating_sub(10);
                    Some(Overlay::CorpusSearch {
                        query,
                        hits,
                        selected,
                    })
                }
                Key::Backspace | Key::Char(_) => {
                    match key {
                        Key::Char(c) => query.push(c),
                        _ => {
                            query.pop();
                        }
                    }
                    hits = self.corpus_hits(&query);
                    selected = 0;
                    Some(Overlay::CorpusSearch {
                        query,
                        hits,
                        selected,
                    })
                }
                _ => Some(Overlay::CorpusSearch {
                    query,
                    hits,
                    selected,
                }),
            },
            Overlay::Topics { mut row, mut col } => {
                let topics = self.index.topics.len();
                let docs = self.corpus.documents.len();
                match key {
                    Key::Esc | Key::Char('q') | Key::Char('t') => None,
                    Key::Char('j') | Key::Down => {
                        row = (row + 1).min(topics.saturating_sub(1));
                        Some(Overlay::Topics { row, col })
                    }
                    Key::Char('k') | Key::Up => {
                        row = row.saturating_sub(1);
                        Some(Overlay::Topics { row, col })
                    }
                    Key::Char('l') | Key::Right | Key::Tab => {
                        col = (col + 1).min(docs.saturating_sub(1));
                        Some(Overlay::Topics { row, col })
                    }
                    Key::Char('h') | Key::Left | Key::BackTab => {
                        col = col.saturating_sub(1);
                        Some(Overlay::Topics { row, col })
                    }
                    Key::Enter => {
                        if self.open_topic_cell(row, col) {
                            None
                        } else {
                            self.status = Some("this author does not treat this topic".into());
                            Some(Overlay::Topics { row, col })
                        }
                    }
                    _ => Some(Overlay::Topics { row, col }),
                }
            }
            other => Some(other),
        };
    }

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

    fn open_hit(&mut self, query: &str, hit: &Hit) {
        let f = self.focus;
        self.push_jump(f);
        self.set_doc(f, hit.doc);
        let matches = search::find_all(&self.corpus.documents[hit.doc].text, query, SEARCH_LIMIT);
        let current = matches.iter().position(|m| *m == hit.range);
        self.panes[f].search = Some(PaneSearch {
            query: query.to_string(),
            matches,
            current,
        });
        self.show_offset(f, hit.range.start);
    }

    /// Opens the first passage of topic `row` in document `col`; false if there is none.
    fn open_topic_cell(&mut self, row: usize, col: usize) -> bool {
        let Some(topic) = self.index.topics.get(row) else {
            return false;
        };
        let Some(p) = topic
            .passages
            .iter()
            .copied()
            .filter(|&p| self.index.passages.get(p).is_some_and(|x| x.doc == col))
            .min_by_key(|&p| self.index.passages[p].range.start)
        else {
            return false;
        };
        // A visible pane already showing the document, else the focused pane.
        let vis = self.visible_panes();
        let i = vis
            .clone()
            .find(|&i| self.panes[i].doc == col)
            .unwrap_or(self.focus);
        self.focus = i;
        self.push_jump(i);
        self.set_doc(i, col);
        self.show_passage(i, p);
        self.relayout();
        true
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
                        self.panes[i].cursor = self.index.passage_at(self.panes[i].doc, offset);
                    }
                }
            }
        }
        true
    }
}

#[cfg(test)]
mod notes_tests;
#[cfg(test)]
mod tests;
