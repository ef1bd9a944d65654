//! Footnotes, the jump list, highlights, marks, bookmarks and the session, in the reader.
//!
//! Pure like the rest of the app: the runtime supplies the clock ([`Action::Tick`]) and the
//! process part of item ids ([`App::id_prefix`]), and saves [`App::notes`] when an update
//! returns [`Effect::SaveNotes`] (right after every confirmed highlight, note, bookmark or
//! deletion). The merged state it gets back from the store comes in as
//! [`Action::NotesSaved`] and is adopted, so another instance's additions appear.

use super::*;
use crate::annotations::anchor::Anchor;
use crate::annotations::{resolve, Bookmark, DocRef, Highlight, PaneSession, Resolved, Session};
use unicode_segmentation::UnicodeSegmentation;

/// How long a note jumped to stays flashed (a key ends it sooner).
pub const FLASH_MS: u64 = 1200;
/// Number of highlight colours (`1`–`5`).
pub const COLORS: u8 = 5;
/// Longest quote kept in the anchor of a mark or bookmark (bytes).
const MARK_QUOTE: usize = 160;
/// File `:export` writes when no name is given.
pub const EXPORT_FILE: &str = "synoptic-notes.md";

/// A highlight being selected with `v`: whole sentences from `anchor` to `head`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub pane: usize,
    pub doc: usize,
    /// The sentence the selection started on.
    pub anchor: Range<usize>,
    /// The sentence `j`/`k` move.
    pub head: Range<usize>,
    /// Colour 1–5.
    pub color: u8,
}

impl Selection {
    pub fn range(&self) -> Range<usize> {
        self.anchor.start.min(self.head.start)..self.anchor.end.max(self.head.end)
    }
}

/// What a one-line editor edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    HighlightNote {
        id: String,
        /// Go back to the highlight list after editing.
        from_list: Option<usize>,
    },
    NewBookmark {
        doc: usize,
        range: Range<usize>,
    },
    RenameBookmark {
        id: String,
        from_list: usize,
    },
    Command,
}

impl EditTarget {
    pub fn mode(&self) -> &'static str {
        match self {
            EditTarget::HighlightNote { .. } => "NOTE",
            EditTarget::NewBookmark { .. } | EditTarget::RenameBookmark { .. } => "BOOKMARK",
            EditTarget::Command => "COMMAND",
        }
    }

    pub fn prompt(&self) -> &'static str {
        match self {
            EditTarget::HighlightNote { .. } => "note: ",
            EditTarget::NewBookmark { .. } => "bookmark name: ",
            EditTarget::RenameBookmark { .. } => "new name: ",
            EditTarget::Command => ":",
        }
    }
}

/// A one-line editor: type, Backspace, C-u clears, Enter confirms, Esc cancels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineEdit {
    pub target: EditTarget,
    pub text: String,
}

/// A deletion `u` can undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undoable {
    Highlight(Highlight),
    Bookmark(Bookmark),
}

/// Where each highlight and bookmark is in the loaded corpus (anchors resolved once, cached
/// by item id).
#[derive(Debug, Clone, Default)]
pub struct NotesIndex {
    /// Parallel to `notes.highlights`.
    pub highlights: Vec<Resolved>,
    /// Parallel to `notes.bookmarks`.
    pub bookmarks: Vec<Resolved>,
    /// Per document: (range, colour, index into `notes.highlights`), sorted by start.
    pub by_doc: Vec<Vec<(Range<usize>, u8, usize)>>,
    cache: HashMap<String, Resolved>,
}

/// The sentences of block `b`: absolute ranges, surrounding whitespace trimmed.
pub fn sentences(doc: &Document, b: usize) -> Vec<Range<usize>> {
    let Some(block) = doc.blocks.get(b) else {
        return Vec::new();
    };
    let base = block.range.start;
    let text = &doc.text;
    let markers: Vec<Range<usize>> = doc
        .markers
        .iter()
        .filter(|m| block.range.contains(&m.offset))
        .map(|m| m.offset..m.offset + m.len)
        .collect();
    // Sentence boundaries; one inside or at the start of a footnote marker (`source.[1] It`,
    // where UAX #29 keeps `[` with the full stop) moves past the marker, which belongs to
    // the sentence it ends.
    let mut bounds: Vec<usize> = doc
        .block_text(block)
        .split_sentence_bound_indices()
        .map(|(i, _)| base + i)
        .skip(1)
        .map(|b| {
            markers
                .iter()
                .find(|m| m.start <= b && b < m.end)
                .map_or(b, |m| m.end)
        })
        .collect();
    bounds.insert(0, base);
    bounds.push(block.range.end);
    bounds.dedup();
    bounds
        .windows(2)
        .filter_map(|w| {
            let s = &text[w[0]..w[1]];
            let lead = s.len() - s.trim_start().len();
            let end = s.trim_end().len();
            (lead < end).then(|| w[0] + lead..w[0] + end)
        })
        .collect()
}

/// The display line that starts exactly at `offset` when there is one (a blank separator
/// line included), else the line showing it.
pub fn line_starting_at(layout: &DocLayout, offset: usize) -> usize {
    let l = layout.line_of(offset);
    match layout.lines.get(l + 1) {
        Some(next) if layout.lines[l].range.start != offset && next.range.start == offset => l + 1,
        _ => l,
    }
}

/// How many sentences of `doc` lie in `range`.
pub fn sentences_in(doc: &Document, range: &Range<usize>) -> usize {
    let Some(first) = doc.block_at(range.start) else {
        return 0;
    };
    let last = doc.block_at(range.end.saturating_sub(1)).unwrap_or(first);
    (first..=last.max(first))
        .flat_map(|b| sentences(doc, b))
        .filter(|s| s.start >= range.start && s.end <= range.end)
        .count()
}

/// The sentence after `after` (crossing into the following blocks).
fn next_sentence(doc: &Document, after: &Range<usize>) -> Option<Range<usize>> {
    let b = doc.block_at(after.start)?;
    (b..doc.blocks.len()).find_map(|b| sentences(doc, b).into_iter().find(|s| s.start >= after.end))
}

/// The sentence before `before` (crossing into the preceding blocks).
fn prev_sentence(doc: &Document, before: &Range<usize>) -> Option<Range<usize>> {
    let b = doc.block_at(before.start)?;
    (0..=b).rev().find_map(|b| {
        sentences(doc, b)
            .into_iter()
            .rev()
            .find(|s| s.end <= before.start)
    })
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A short one-line excerpt of `range` (for lists and default names).
pub fn excerpt(text: &str, range: &Range<usize>, max_chars: usize) -> String {
    let s = text.get(range.clone()).unwrap_or("");
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        flat
    } else {
        let cut: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

impl App {
    // ---- clock, ids, saving ---------------------------------------------------------------

    fn now_secs(&self) -> u64 {
        self.now_ms / 1000
    }

    /// A new item id: seconds, the instance (process id) and a counter.
    fn new_id(&mut self) -> String {
        self.id_counter += 1;
        format!(
            "{:x}-{}-{}",
            self.now_secs(),
            self.id_prefix,
            self.id_counter
        )
    }

    pub(super) fn tick(&mut self, now_ms: u64) -> bool {
        self.now_ms = now_ms;
        let mut changed = false;
        for pane in &mut self.panes {
            if pane
                .flash
                .as_ref()
                .is_some_and(|(_, at)| now_ms >= at + FLASH_MS)
            {
                pane.flash = None;
                changed = true;
            }
        }
        changed
    }

    /// Ends every flash; true if there was one.
    pub(super) fn clear_flash(&mut self) -> bool {
        let mut any = false;
        for pane in &mut self.panes {
            any |= pane.flash.take().is_some();
        }
        any
    }

    /// Whether a flash is showing (the runtime ticks sooner while one is).
    pub fn flashing(&self) -> bool {
        self.panes.iter().any(|p| p.flash.is_some())
    }

    pub(super) fn notes_saved(&mut self, result: Result<Box<Annotations>, String>) -> bool {
        match result {
            Ok(merged) => {
                let was_failing = self.notes_error.take().is_some();
                if *merged == self.notes {
                    return was_failing;
                }
                self.notes = *merged;
                self.reindex_notes();
                true
            }
            Err(message) => {
                self.status = Some(message.clone());
                self.notes_error = Some(message);
                true
            }
        }
    }

    /// Installs the notes loaded from the store; with `restore`, reopens the saved session.
    pub fn load_notes(&mut self, state: Annotations, restore: bool) {
        self.notes = state;
        self.reindex_notes();
        if restore {
            if let Some(session) = self.notes.session.clone() {
                self.restore_session(&session);
            }
        }
        self.revision += 1;
    }

    /// Resolves anchors (cached by id) and rebuilds the per-document highlight lists.
    pub fn reindex_notes(&mut self) {
        let corpus = &self.corpus;
        let mut cache = std::mem::take(&mut self.notes_index.cache);
        let mut get = |id: &str, doc: &DocRef, anchor: &Anchor| -> Resolved {
            cache
                .entry(id.to_string())
                .or_insert_with(|| resolve(corpus, doc, anchor))
                .clone()
        };
        let highlights: Vec<Resolved> = self
            .notes
            .highlights
            .iter()
            .map(|h| get(&h.id, &h.doc, &h.anchor))
            .collect();
        let bookmarks: Vec<Resolved> = self
            .notes
            .bookmarks
            .iter()
            .map(|b| get(&b.id, &b.doc, &b.anchor))
            .collect();
        let live: std::collections::HashSet<&str> = self
            .notes
            .highlights
            .iter()
            .map(|h| h.id.as_str())
            .chain(self.notes.bookmarks.iter().map(|b| b.id.as_str()))
            .collect();
        cache.retain(|id, _| live.contains(id.as_str()));
        let mut by_doc = vec![Vec::new(); corpus.documents.len()];
        for (k, r) in highlights.iter().enumerate() {
            if let (Some(d), Some(range)) = (r.doc, r.range.clone()) {
                by_doc[d].push((range, self.notes.highlights[k].color, k));
            }
        }
        for list in &mut by_doc {
            list.sort_by_key(|(r, _, k)| (r.start, *k));
        }
        self.notes_index = NotesIndex {
            highlights,
            bookmarks,
            by_doc,
            cache,
        };
    }

    // ---- session --------------------------------------------------------------------------

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
            follow: self.follow,
            stacked: self.stacked,
            updated: self.now_secs(),
        }
    }

    /// Puts the current session into [`App::notes`] (before a save).
    pub fn capture_session(&mut self) {
        if !self.panes.is_empty() {
            self.notes.session = Some(self.session_snapshot());
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
        self.follow = session.follow;
        self.stacked = session.stacked;
        self.follow_from = None;
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

    // ---- the cursor -----------------------------------------------------------------------

    /// The block under the cursor: a note block on the reading line, else the cursor
    /// passage's block, else the block on the reading line.
    pub fn cursor_block(&self, i: usize) -> Option<usize> {
        let pane = self.panes.get(i)?;
        let line = self.reading_line(i);
        let lines = &pane.layout.lines;
        let reading = lines
            .get(line..)
            .and_then(|l| l.iter().find_map(|v| v.block))
            .or_else(|| {
                lines[..line.min(lines.len())]
                    .iter()
                    .rev()
                    .find_map(|v| v.block)
            });
        let doc = &self.corpus.documents[pane.doc];
        if let Some(b) = reading {
            if doc.blocks[b].kind == BlockKind::Note {
                return Some(b);
            }
        }
        pane.cursor
            .and_then(|p| self.index.passages.get(p))
            .filter(|p| p.doc == pane.doc)
            .map(|p| p.block)
            .or(reading)
    }

    /// The text under the cursor: the cursor passage, or the cursor block when it is a note
    /// or there is no passage.
    pub fn cursor_range(&self, i: usize) -> Option<Range<usize>> {
        let b = self.cursor_block(i)?;
        let pane = &self.panes[i];
        if let Some(p) = pane.cursor.and_then(|p| self.index.passages.get(p)) {
            if p.doc == pane.doc && p.block == b {
                return Some(p.range.clone());
            }
        }
        Some(self.corpus.documents[pane.doc].blocks[b].range.clone())
    }

    /// Whether byte `offset` is on screen in pane `i`.
    pub fn offset_visible(&self, i: usize, offset: usize) -> bool {
        let line = self.panes[i].layout.line_of(offset);
        let s = self.panes[i].scroll;
        line >= s && line < s + self.pane_text_height(i)
    }

    /// Byte offsets of the first and past the last character on screen in pane `i`.
    fn view_range(&self, i: usize) -> Range<usize> {
        let pane = &self.panes[i];
        let lines = &pane.layout.lines;
        if lines.is_empty() {
            return 0..0;
        }
        let first = pane.scroll.min(lines.len() - 1);
        let last = (pane.scroll + self.pane_text_height(i)).min(lines.len()) - 1;
        lines[first].range.start..lines[last.max(first)].range.end
    }

    // ---- footnotes and jumps --------------------------------------------------------------

    /// The selected marker of pane `i`, if it is on screen.
    fn selected_marker(&self, i: usize) -> Option<usize> {
        let pane = &self.panes[i];
        let m = pane.marker?;
        let marker = self.corpus.documents[pane.doc].markers.get(m)?;
        self.offset_visible(i, marker.offset).then_some(m)
    }

    /// `]f` / `[f`: the next / previous marker after the selected one, else from the view.
    pub(super) fn step_marker(&mut self, forward: bool) {
        let f = self.focus;
        let doc = &self.corpus.documents[self.panes[f].doc];
        if doc.markers.is_empty() {
            self.status = Some("no footnote markers in this document".into());
            return;
        }
        let mut order: Vec<usize> = (0..doc.markers.len()).collect();
        order.sort_by_key(|&m| doc.markers[m].offset);
        let offset = |m: usize| doc.markers[m].offset;
        let view = self.view_range(f);
        let target = match self.selected_marker(f) {
            Some(m) => {
                let k = order.iter().position(|&x| x == m).unwrap_or(0);
                if forward {
                    order.get(k + 1).copied()
                } else {
                    k.checked_sub(1).map(|k| order[k])
                }
            }
            None if forward => order.iter().copied().find(|&m| offset(m) >= view.start),
            None => order
                .iter()
                .rev()
                .copied()
                .find(|&m| offset(m) < view.end.max(view.start + 1)),
        };
        let Some(m) = target else {
            self.status = Some(
                if forward {
                    "no footnote marker below"
                } else {
                    "no footnote marker above"
                }
                .into(),
            );
            return;
        };
        let marker = &doc.markers[m];
        let at = marker.offset;
        let label = marker.label.clone();
        let has_note = marker.note.is_some();
        if !self.offset_visible(f, at) {
            self.show_offset(f, at);
        }
        self.panes[f].marker = Some(m);
        self.status = Some(if has_note {
            format!("footnote [{label}] — Enter goes to the note, K previews it")
        } else {
            format!("footnote [{label}] has no note in this document")
        });
    }

    /// Goes to note `n` of pane `i`'s document (a jump), flashing it.
    fn goto_note(&mut self, i: usize, n: usize) {
        let doc = &self.corpus.documents[self.panes[i].doc];
        let Some(note) = doc.notes.get(n) else {
            return;
        };
        let range = doc.blocks[note.block].range.clone();
        let label = note.label.clone();
        self.push_jump(i);
        self.show_offset(i, range.start);
        self.panes[i].marker = None;
        self.panes[i].flash = Some((range, self.now_ms));
        self.status = Some(format!("note {label} — C-o goes back, K lists its markers"));
    }

    /// Goes to marker `m` of pane `i`'s document (a jump) and selects it.
    fn goto_marker(&mut self, i: usize, m: usize) {
        let doc = &self.corpus.documents[self.panes[i].doc];
        let Some(marker) = doc.markers.get(m) else {
            return;
        };
        let at = marker.offset;
        let range = at..at + marker.len;
        self.push_jump(i);
        self.show_offset(i, at);
        self.panes[i].marker = Some(m);
        self.panes[i].flash = Some((range, self.now_ms));
    }

    /// The note shown by the block under the cursor, if it is a note block.
    fn note_at_cursor(&self, i: usize) -> Option<usize> {
        let b = self.cursor_block(i)?;
        let doc = &self.corpus.documents[self.panes[i].doc];
        if doc.blocks[b].kind != BlockKind::Note {
            return None;
        }
        doc.notes.iter().position(|n| n.block == b)
    }

    /// `Enter`: from the selected marker to its note; on a note, back to its first marker.
    pub(super) fn follow_note(&mut self) {
        let f = self.focus;
        let doc = &self.corpus.documents[self.panes[f].doc];
        if let Some(m) = self.selected_marker(f) {
            match doc.markers[m].note {
                Some(n) => self.goto_note(f, n),
                None => {
                    self.status = Some(format!(
                        "footnote [{}] has no note in this document",
                        doc.markers[m].label
                    ))
                }
            }
            return;
        }
        if let Some(n) = self.note_at_cursor(f) {
            let first = doc.markers_citing(n).map(|(m, _)| m).next();
            match first {
                Some(m) => self.goto_marker(f, m),
                None => self.status = Some("no marker in the text cites this note".into()),
            }
            return;
        }
        self.status = Some("no footnote selected (]f selects the next one)".into());
    }

    /// `K`: previews the selected marker's note; on a note, lists the markers citing it.
    pub(super) fn preview_note(&mut self) {
        let f = self.focus;
        let d = self.panes[f].doc;
        let doc = &self.corpus.documents[d];
        let citing = |n: usize| doc.markers_citing(n).map(|(m, _)| m).collect::<Vec<_>>();
        if let Some(n) = self.note_at_cursor(f) {
            let citing = citing(n);
            let selected = (!citing.is_empty()).then_some(0);
            self.overlay = Some(Overlay::Note {
                doc: d,
                note: n,
                citing,
                selected,
            });
            return;
        }
        let marker = self.selected_marker(f).or_else(|| {
            // No selection: the first marker under the cursor, else on screen.
            let range = self.cursor_range(f).unwrap_or(0..0);
            let view = self.view_range(f);
            let mut ms: Vec<usize> = (0..doc.markers.len()).collect();
            ms.sort_by_key(|&m| doc.markers[m].offset);
            ms.iter()
                .copied()
                .find(|&m| range.contains(&doc.markers[m].offset))
                .or_else(|| {
                    ms.iter()
                        .copied()
                        .find(|&m| view.contains(&doc.markers[m].offset))
                })
        });
        let Some(m) = marker else {
            self.status = Some("no footnote here (]f selects one)".into());
            return;
        };
        self.panes[f].marker = Some(m);
        match doc.markers[m].note {
            Some(n) => {
                self.overlay = Some(Overlay::Note {
                    doc: d,
                    note: n,
                    citing: citing(n),
                    selected: None,
                })
            }
            None => {
                self.status = Some(format!(
                    "footnote [{}] has no note in this document",
                    doc.markers[m].label
                ))
            }
        }
    }

    /// Shows a recorded position in pane `i`: same document, same top line, same cursor.
    fn restore_jump(&mut self, i: usize, j: Jump) {
        if j.doc >= self.corpus.documents.len() {
            return;
        }
        self.set_doc(i, j.doc);
        let layout = self.panes[i].layout.clone();
        self.panes[i].scroll = if j.offset == 0 {
            0
        } else {
            line_starting_at(&layout, j.offset)
        };
        self.clamp_scroll(i);
        self.panes[i].cursor = j.cursor;
        if j.cursor.is_none() && self.index_ready {
            self.cursor_from_scroll(i);
        }
        self.panes[i].marker = j.marker;
        self.panes[i].highlight = None;
    }

    pub(super) fn jump_back(&mut self) {
        let f = self.focus;
        let here = self.here(f);
        match self.panes[f].jumps.back(here) {
            Some(j) => self.restore_jump(f, j),
            None => self.status = Some("no earlier position in this pane".into()),
        }
    }

    pub(super) fn jump_forward(&mut self) {
        let f = self.focus;
        match self.panes[f].jumps.forward() {
            Some(j) => self.restore_jump(f, j),
            None => self.status = Some("no later position in this pane".into()),
        }
    }

    /// `''`: to the position before the latest jump (and back again).
    fn jump_last(&mut self) {
        let f = self.focus;
        let Some(target) = self.panes[f].last_jump else {
            self.status = Some("no jump yet in this pane".into());
            return;
        };
        self.push_jump(f);
        self.restore_jump(f, target);
    }

    /// The byte offset under screen column `column` of display line `line` in pane `i`.
    pub(super) fn offset_at_column(&self, i: usize, line: usize, column: usize) -> Option<usize> {
        let pane = &self.panes[i];
        let l = pane.layout.lines.get(line)?;
        l.block?;
        let text = &self.corpus.documents[pane.doc].text;
        let mut x = 0;
        for (k, g) in text[l.range.clone()].grapheme_indices(true) {
            let w = crate::wrap::grapheme_width(g);
            if column < x + w {
                return Some(l.range.start + k);
            }
            x += w;
        }
        None
    }

    /// A click on a marker follows it.
    pub(super) fn click_marker(&mut self, i: usize, offset: usize) -> bool {
        let doc = &self.corpus.documents[self.panes[i].doc];
        let Some(m) = doc
            .markers
            .iter()
            .position(|m| m.offset <= offset && offset < m.offset + m.len.max(1))
        else {
            return false;
        };
        self.panes[i].marker = Some(m);
        self.follow_note();
        true
    }

    // ---- highlights -----------------------------------------------------------------------

    /// `v`: starts a selection at the sentence on the reading line (within the cursor text).
    pub(super) fn start_selection(&mut self) {
        let f = self.focus;
        let (Some(b), Some(range)) = (self.cursor_block(f), self.cursor_range(f)) else {
            self.status = Some("nothing to highlight here".into());
            return;
        };
        let d = self.panes[f].doc;
        let doc = &self.corpus.documents[d];
        let sents = sentences(doc, b);
        let reading = self.panes[f].layout.offset_of(self.reading_line(f));
        let from = reading.max(range.start);
        let in_range = |s: &&Range<usize>| s.end > range.start && s.start < range.end;
        let Some(s) = sents
            .iter()
            .filter(in_range)
            .find(|s| s.end > from)
            .or_else(|| sents.iter().find(in_range))
            .or(sents.first())
            .cloned()
        else {
            self.status = Some("nothing to highlight here".into());
            return;
        };
        self.overlay = Some(Overlay::Select(Selection {
            pane: f,
            doc: d,
            anchor: s.clone(),
            head: s,
            color: 1,
        }));
    }

    fn select_key(
        &mut self,
        mut sel: Selection,
        key: Key,
        effects: &mut Vec<Effect>,
    ) -> Option<Overlay> {
        let doc = &self.corpus.documents[sel.doc];
        match key {
            Key::Esc | Key::Char('v') => return None,
            Key::Char('j') | Key::Down | Key::Char('}') | Key::Char(')') => {
                if let Some(s) = next_sentence(doc, &sel.head) {
                    sel.head = s;
                }
            }
            Key::Char('k') | Key::Up | Key::Char('{') | Key::Char('(') => {
                if let Some(s) = prev_sentence(doc, &sel.head) {
                    sel.head = s;
                }
            }
            Key::Char(c @ '1'..='5') => sel.color = c as u8 - b'0',
            Key::Enter => {
                self.save_highlight(&sel, effects);
                return None;
            }
            _ => {}
        }
        if sel.pane < self.panes.len() && !self.offset_visible(sel.pane, sel.head.start) {
            let line = self.panes[sel.pane].layout.line_of(sel.head.start);
            self.show_line(sel.pane, line);
            self.cursor_from_scroll(sel.pane);
        }
        Some(Overlay::Select(sel))
    }

    fn save_highlight(&mut self, sel: &Selection, effects: &mut Vec<Effect>) {
        let id = self.new_id();
        let doc = &self.corpus.documents[sel.doc];
        let range = sel.range();
        let h = Highlight {
            id: id.clone(),
            doc: DocRef::of(doc),
            anchor: Anchor::capture(&doc.text, range),
            color: sel.color.clamp(1, COLORS),
            note: String::new(),
            updated: self.now_secs(),
        };
        self.notes.highlights.push(h);
        self.reindex_notes();
        if let Some(p) = self.panes.get_mut(sel.pane) {
            p.highlight = Some(id);
        }
        self.status = Some(format!(
            "highlighted in {} — c adds a note, d deletes",
            crate::annotations::export::color_name(sel.color)
        ));
        effects.push(Effect::SaveNotes);
    }

    /// Index (into `notes.highlights`) of the highlight at the cursor of pane `i`: the one
    /// selected with `]h`/`[h` if on screen, else the first touching the cursor text.
    pub fn highlight_at_cursor(&self, i: usize) -> Option<usize> {
        let pane = self.panes.get(i)?;
        let list = self.notes_index.by_doc.get(pane.doc)?;
        if let Some(id) = &pane.highlight {
            if let Some((r, _, k)) = list
                .iter()
                .find(|(_, _, k)| self.notes.highlights[*k].id == *id)
            {
                let view = self.view_range(i);
                if r.start < view.end && r.end > view.start {
                    return Some(*k);
                }
            }
        }
        let range = self.cursor_range(i)?;
        list.iter()
            .find(|(r, _, _)| r.start < range.end && r.end > range.start)
            .map(|(_, _, k)| *k)
    }

    pub(super) fn edit_highlight_note(&mut self) {
        match self.highlight_at_cursor(self.focus) {
            Some(k) => self.open_note_editor(k, None),
            None => self.status = Some("no highlight here (v highlights, ]h finds one)".into()),
        }
    }

    fn open_note_editor(&mut self, k: usize, from_list: Option<usize>) {
        let h = &self.notes.highlights[k];
        self.overlay = Some(Overlay::Edit(LineEdit {
            target: EditTarget::HighlightNote {
                id: h.id.clone(),
                from_list,
            },
            text: h.note.clone(),
        }));
    }

    pub(super) fn delete_highlight_at_cursor(&mut self, effects: &mut Vec<Effect>) {
        match self.highlight_at_cursor(self.focus) {
            Some(k) => self.delete_highlight(k, effects),
            None => self.status = Some("no highlight here".into()),
        }
    }

    fn delete_highlight(&mut self, k: usize, effects: &mut Vec<Effect>) {
        let id = self.notes.highlights[k].id.clone();
        if let Some(h) = self.notes.remove_highlight(&id) {
            self.undo.push(Undoable::Highlight(h));
            self.reindex_notes();
            self.status = Some("highlight deleted — u undoes".into());
            effects.push(Effect::SaveNotes);
        }
    }

    /// `u`: brings back the last deleted highlight or bookmark (under a new id, so the
    /// deletion already saved cannot win a merge against it).
    pub(super) fn undo_delete(&mut self, effects: &mut Vec<Effect>) {
        let Some(item) = self.undo.pop() else {
            self.status = Some("nothing to undo".into());
            return;
        };
        let id = self.new_id();
        let now = self.now_secs();
        match item {
            Undoable::Highlight(mut h) => {
                h.id = id.clone();
                h.updated = now;
                self.notes.restore_highlight(h);
                let f = self.focus;
                self.panes[f].highlight = Some(id);
                self.status = Some("highlight restored".into());
            }
            Undoable::Bookmark(mut b) => {
                b.id = id;
                b.updated = now;
                if let Some(c) = b.mark {
                    self.drop_mark(c);
                }
                self.notes.bookmarks.push(b);
                self.status = Some("bookmark restored".into());
            }
        }
        self.reindex_notes();
        effects.push(Effect::SaveNotes);
    }

    /// `]h` / `[h`: the next / previous highlight in the focused pane.
    pub(super) fn step_highlight(&mut self, forward: bool) {
        let f = self.focus;
        let d = self.panes[f].doc;
        let list = self.notes_index.by_doc.get(d).cloned().unwrap_or_default();
        if list.is_empty() {
            self.status = Some("no highlights in this document".into());
            return;
        }
        let from = self.panes[f]
            .highlight
            .as_ref()
            .and_then(|id| {
                list.iter()
                    .find(|(_, _, k)| self.notes.highlights[*k].id == *id)
                    .map(|(r, _, _)| r.start)
            })
            .filter(|&s| self.offset_visible(f, s))
            .or_else(|| self.cursor_range(f).map(|r| r.start))
            .unwrap_or(0);
        let target = if forward {
            list.iter().find(|(r, _, _)| r.start > from)
        } else {
            list.iter().rev().find(|(r, _, _)| r.start < from)
        };
        let Some((r, _, k)) = target.cloned() else {
            self.status = Some(
                if forward {
                    "no highlight below"
                } else {
                    "no highlight above"
                }
                .into(),
            );
            return;
        };
        if !self.offset_visible(f, r.start) {
            self.show_offset(f, r.start);
        }
        let h = &self.notes.highlights[k];
        self.panes[f].highlight = Some(h.id.clone());
        self.status = Some(if h.note.is_empty() {
            "highlight — c adds a note, d deletes".to_string()
        } else {
            format!("note: {}", h.note)
        });
    }

    /// Opens highlight `k` in the focused pane (a jump).
    fn goto_highlight(&mut self, k: usize) -> bool {
        let Some(r) = self.notes_index.highlights.get(k).cloned() else {
            return false;
        };
        let (Some(d), Some(range)) = (r.doc, r.range) else {
            self.status = Some("this highlight's text is no longer in its document".into());
            return false;
        };
        let f = self.focus;
        self.push_jump(f);
        self.set_doc(f, d);
        self.show_offset(f, range.start);
        self.panes[f].highlight = Some(self.notes.highlights[k].id.clone());
        true
    }

    /// Highlights in list order: by document, then position; orphans last.
    pub fn highlight_rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = (0..self.notes.highlights.len()).collect();
        rows.sort_by_key(|&k| {
            let r = &self.notes_index.highlights[k];
            (
                r.is_orphan(),
                r.doc.unwrap_or(usize::MAX),
                r.range.as_ref().map_or(0, |r| r.start),
                k,
            )
        });
        rows
    }

    /// Marks (by letter) then named bookmarks (by document and position).
    pub fn bookmark_rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = (0..self.notes.bookmarks.len()).collect();
        rows.sort_by_key(|&k| {
            let b = &self.notes.bookmarks[k];
            let r = &self.notes_index.bookmarks[k];
            (
                b.mark.is_none(),
                b.mark,
                r.doc.unwrap_or(usize::MAX),
                r.range.as_ref().map_or(0, |r| r.start),
                k,
            )
        });
        rows
    }

    // ---- marks and bookmarks --------------------------------------------------------------

    /// Anchor text for a mark or bookmark at the cursor: the start of the cursor text.
    fn cursor_anchor_range(&self, i: usize) -> Option<Range<usize>> {
        let range = self.cursor_range(i)?;
        let text = &self.corpus.documents[self.panes[i].doc].text;
        let end = floor_char(text, range.end.min(range.start + MARK_QUOTE));
        Some(range.start..end.max(range.start))
    }

    fn drop_mark(&mut self, c: char) {
        let old: Vec<String> = self
            .notes
            .bookmarks
            .iter()
            .filter(|b| b.mark == Some(c))
            .map(|b| b.id.clone())
            .collect();
        for id in old {
            self.notes.remove_bookmark(&id);
        }
    }

    fn add_bookmark(
        &mut self,
        doc: usize,
        range: Range<usize>,
        mark: Option<char>,
        name: Option<String>,
    ) {
        let id = self.new_id();
        let d = &self.corpus.documents[doc];
        let b = Bookmark {
            id,
            doc: DocRef::of(d),
            anchor: Anchor::capture(&d.text, range),
            mark,
            name,
            updated: self.now_secs(),
        };
        self.notes.bookmarks.push(b);
        self.reindex_notes();
    }

    fn set_mark(&mut self, c: char, effects: &mut Vec<Effect>) {
        let f = self.focus;
        let Some(range) = self.cursor_anchor_range(f) else {
            self.status = Some("nothing to mark here".into());
            return;
        };
        self.drop_mark(c);
        self.add_bookmark(self.panes[f].doc, range, Some(c), None);
        self.status = Some(format!("mark '{c} set — '{c} comes back here"));
        effects.push(Effect::SaveNotes);
    }

    fn goto_mark(&mut self, c: char) {
        match self.notes.bookmarks.iter().position(|b| b.mark == Some(c)) {
            Some(k) => {
                if self.goto_bookmark(k) {
                    self.status = Some(format!("mark '{c}"));
                }
            }
            None => self.status = Some(format!("mark '{c} is not set (m{c} sets it)")),
        }
    }

    /// Opens bookmark `k` in the focused pane (a jump).
    fn goto_bookmark(&mut self, k: usize) -> bool {
        let Some(r) = self.notes_index.bookmarks.get(k).cloned() else {
            return false;
        };
        let (Some(d), Some(range)) = (r.doc, r.range) else {
            self.status = Some("this bookmark's text is no longer in its document".into());
            return false;
        };
        let f = self.focus;
        self.push_jump(f);
        self.set_doc(f, d);
        self.show_offset(f, range.start);
        true
    }

    pub(super) fn start_bookmark(&mut self) {
        let f = self.focus;
        let Some(range) = self.cursor_anchor_range(f) else {
            self.status = Some("nothing to bookmark here".into());
            return;
        };
        self.overlay = Some(Overlay::Edit(LineEdit {
            target: EditTarget::NewBookmark {
                doc: self.panes[f].doc,
                range,
            },
            text: String::new(),
        }));
    }

    // ---- overlay keys ---------------------------------------------------------------------

    /// Keys of the notes overlays; `Err` hands any other overlay back.
    pub(super) fn notes_overlay_key(
        &mut self,
        overlay: Overlay,
        key: Key,
        effects: &mut Vec<Effect>,
    ) -> Result<Option<Overlay>, Overlay> {
        Ok(match overlay {
            Overlay::Select(sel) => self.select_key(sel, key, effects),
            Overlay::Edit(edit) => self.edit_key(edit, key, effects),
            Overlay::Mark { set } => {
                match key {
                    Key::Esc => {}
                    Key::Char('\'') | Key::Char('`') if !set => self.jump_last(),
                    Key::Char(c) if c.is_ascii_alphabetic() => {
                        if set {
                            self.set_mark(c, effects);
                        } else {
                            self.goto_mark(c);
                        }
                    }
                    _ => self.status = Some("marks are letters a-z, A-Z".into()),
                }
                None
            }
            Overlay::Note {
                doc,
                note,
                citing,
                selected,
            } => match key {
                Key::Esc | Key::Char('q') | Key::Char('K') => None,
                Key::Char('j') | Key::Down | Key::Tab | Key::Ctrl('n') => {
                    let selected = match selected {
                        None if !citing.is_empty() => Some(0),
                        Some(k) if k + 1 < citing.len() => Some(k + 1),
                        s => s,
                    };
                    Some(Overlay::Note {
                        doc,
                        note,
                        citing,
                        selected,
                    })
                }
                Key::Char('k') | Key::Up | Key::BackTab | Key::Ctrl('p') => {
                    let selected = selected.and_then(|k| k.checked_sub(1));
                    Some(Overlay::Note {
                        doc,
                        note,
                        citing,
                        selected,
                    })
                }
                Key::Enter => {
                    let f = self.focus;
                    if self.panes[f].doc == doc {
                        match selected.and_then(|k| citing.get(k)) {
                            Some(&m) => self.goto_marker(f, m),
                            None => self.goto_note(f, note),
                        }
                    }
                    None
                }
                _ => Some(Overlay::Note {
                    doc,
                    note,
                    citing,
                    selected,
                }),
            },
            Overlay::Highlights { selected } => {
                let rows = self.highlight_rows();
                let n = rows.len();
                let selected = selected.min(n.saturating_sub(1));
                match key {
                    Key::Esc | Key::Char('q') | Key::Char('H') => None,
                    Key::Enter => {
                        if let Some(&k) = rows.get(selected) {
                            if !self.goto_highlight(k) {
                                return Ok(Some(Overlay::Highlights { selected }));
                            }
                        }
                        None
                    }
                    Key::Char('c') => {
                        if let Some(&k) = rows.get(selected) {
                            self.open_note_editor(k, Some(selected));
                            return Ok(self.overlay.take());
                        }
                        Some(Overlay::Highlights { selected })
                    }
                    Key::Char('d') | Key::Delete => {
                        if let Some(&k) = rows.get(selected) {
                            self.delete_highlight(k, effects);
                        }
                        Some(Overlay::Highlights {
                            selected: selected.min(n.saturating_sub(2)),
                        })
                    }
                    Key::Char('u') => {
                        self.undo_delete(effects);
                        Some(Overlay::Highlights { selected })
                    }
                    _ => Some(Overlay::Highlights {
                        selected: list_move(key, selected, n),
                    }),
                }
            }
            Overlay::Bookmarks { selected } => {
                let rows = self.bookmark_rows();
                let n = rows.len();
                let selected = selected.min(n.saturating_sub(1));
                match key {
                    Key::Esc | Key::Char('q') | Key::Char('B') => None,
                    Key::Enter => {
                        if let Some(&k) = rows.get(selected) {
                            if !self.goto_bookmark(k) {
                                return Ok(Some(Overlay::Bookmarks { selected }));
                            }
                        }
                        None
                    }
                    Key::Char('r') | Key::Char('c') => match rows.get(selected) {
                        Some(&k) => {
                            let b = &self.notes.bookmarks[k];
                            Some(Overlay::Edit(LineEdit {
                                target: EditTarget::RenameBookmark {
                                    id: b.id.clone(),
                                    from_list: selected,
                                },
                                text: b.name.clone().unwrap_or_default(),
                            }))
                        }
                        None => Some(Overlay::Bookmarks { selected }),
                    },
                    Key::Char('d') | Key::Delete => {
                        if let Some(&k) = rows.get(selected) {
                            let id = self.notes.bookmarks[k].id.clone();
                            if let Some(b) = self.notes.remove_bookmark(&id) {
                                self.undo.push(Undoable::Bookmark(b));
                                self.reindex_notes();
                                self.status = Some("bookmark deleted — u undoes".into());
                                effects.push(Effect::SaveNotes);
                            }
                        }
                        Some(Overlay::Bookmarks {
                            selected: selected.min(n.saturating_sub(2)),
                        })
                    }
                    Key::Char('u') => {
                        self.undo_delete(effects);
                        Some(Overlay::Bookmarks { selected })
                    }
                    _ => Some(Overlay::Bookmarks {
                        selected: list_move(key, selected, n),
                    }),
                }
            }
            other => return Err(other),
        })
    }

    fn edit_key(
        &mut self,
        mut edit: LineEdit,
        key: Key,
        effects: &mut Vec<Effect>,
    ) -> Option<Overlay> {
        match key {
            Key::Esc => {
                return match edit.target {
                    EditTarget::HighlightNote {
                        from_list: Some(selected),
                        ..
                    } => Some(Overlay::Highlights { selected }),
                    EditTarget::RenameBookmark { from_list, .. } => Some(Overlay::Bookmarks {
                        selected: from_list,
                    }),
                    _ => None,
                };
            }
            Key::Enter => return self.confirm_edit(edit, effects),
            Key::Backspace => {
                edit.text.pop();
            }
            Key::Ctrl('u') => edit.text.clear(),
            Key::Ctrl('w') => {
                let t = edit.text.trim_end().len();
                let cut = edit.text[..t].rfind(' ').map_or(0, |i| i + 1);
                edit.text.truncate(cut);
            }
            Key::Char(c) if edit.text.len() < 4000 => edit.text.push(c),
            _ => {}
        }
        Some(Overlay::Edit(edit))
    }

    fn confirm_edit(&mut self, edit: LineEdit, effects: &mut Vec<Effect>) -> Option<Overlay> {
        let text = edit.text.trim().to_string();
        let now = self.now_secs();
        match edit.target {
            EditTarget::HighlightNote { id, from_list } => {
                if let Some(h) = self.notes.highlights.iter_mut().find(|h| h.id == id) {
                    if h.note != text {
                        h.note = text;
                        h.updated = now;
                        effects.push(Effect::SaveNotes);
                        self.status = Some("note saved".into());
                    }
                }
                from_list.map(|selected| Overlay::Highlights { selected })
            }
            EditTarget::NewBookmark { doc, range } => {
                let name = if text.is_empty() {
                    excerpt(&self.corpus.documents[doc].text, &range, 30)
                } else {
                    text
                };
                self.status = Some(format!("bookmark “{name}” added — B lists bookmarks"));
                self.add_bookmark(doc, range, None, Some(name));
                effects.push(Effect::SaveNotes);
                None
            }
            EditTarget::RenameBookmark { id, from_list } => {
                if let Some(b) = self.notes.bookmarks.iter_mut().find(|b| b.id == id) {
                    b.name = (!text.is_empty()).then_some(text);
                    b.updated = now;
                    effects.push(Effect::SaveNotes);
                }
                Some(Overlay::Bookmarks {
                    selected: from_list,
                })
            }
            EditTarget::Command => {
                self.run_command_line(&text, effects);
                None
            }
        }
    }

    /// `:` commands: `export [file]`, `w`, `q`.
    fn run_command_line(&mut self, line: &str, effects: &mut Vec<Effect>) {
        let mut words = line.split_whitespace();
        let cmd = words.next().unwrap_or("");
        let rest: Vec<&str> = words.collect();
        match cmd {
            "" => {}
            "export" | "exp" | "e" => {
                let path = if rest.is_empty() {
                    EXPORT_FILE.to_string()
                } else {
                    rest.join(" ")
                };
                let text = crate::annotations::export::to_markdown(&self.corpus, &self.notes);
                effects.push(Effect::Export {
                    path: std::path::PathBuf::from(path),
                    text,
                });
            }
            "w" | "write" => {
                effects.push(Effect::SaveNotes);
                self.status = Some("notes saved".into());
            }
            "q" | "quit" | "wq" | "x" => effects.push(Effect::Quit),
            other => {
                self.status = Some(format!(
                    "unknown command :{other} (try :export [file], :w, :q)"
                ))
            }
        }
    }
}

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
