//! Panes on screen and positions in them: geometry, layout for a width, scrolling, the
//! reading line and the cursor passage, headings and passages, jumps between documents.

use super::*;
use crate::corpus::BlockKind;
use unicode_segmentation::UnicodeSegmentation;

/// `one` or `many`, whichever agrees with `n` ("1 match", "2 matches").
pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

pub(super) fn author_key(doc: &Document, index: usize) -> String {
    match &doc.author {
        Some(a) => format!("a:{}", a.trim().to_lowercase()),
        None => format!("d:{index}"),
    }
}

impl App {
    pub(super) fn new_pane(&self, doc: usize) -> Pane {
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
    pub(super) fn panes_that_fit(&self) -> usize {
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

    pub(super) fn text_width(&self, pane: usize, geoms: &[PaneGeom]) -> usize {
        geoms
            .iter()
            .find(|g| g.pane == pane)
            .or(geoms.first())
            .map_or(1, |g| g.text.width.max(1) as usize)
    }

    pub(super) fn layout_for(&mut self, doc: usize, width: usize) -> Arc<DocLayout> {
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
    pub(super) fn relayout(&mut self) {
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
    pub(super) fn keep_cursor_in_view(&mut self, i: usize) {
        let Some(p) = self.panes[i].cursor else {
            return;
        };
        let Some(passage) = self.index.get().passages.get(p) else {
            return;
        };
        let lines = self.panes[i].layout.lines_of(&passage.range);
        let s = self.panes[i].scroll;
        let on_screen = lines.start < s + self.pane_text_height(i) && lines.end > s;
        if !on_screen {
            self.show_passage(i, p);
        }
    }

    pub fn max_scroll(&self, i: usize) -> usize {
        self.panes[i]
            .layout
            .len()
            .saturating_sub(self.pane_text_height(i) / 3 + 1)
    }

    /// `G`: the last screenful (the last line on the bottom row, as in less and vim), the
    /// cursor on the last passage on screen.
    pub(super) fn goto_end(&mut self, i: usize) {
        let len = self.panes[i].layout.len();
        self.panes[i].scroll = len.saturating_sub(self.pane_text_height(i));
        self.clamp_scroll(i);
        let last = len.saturating_sub(1);
        let offset = self.panes[i].layout.offset_of(last);
        let doc = self.panes[i].doc;
        let index = self.index.get();
        // The last passage that starts on screen (a passage is a paragraph: the last line
        // may be a note or boilerplate with no passage of its own).
        let view = self.view_range(i);
        self.panes[i].cursor = index
            .by_doc
            .get(doc)
            .and_then(|ids| {
                ids.iter()
                    .rev()
                    .find(|&&p| index.passages[p].range.start < view.end)
                    .copied()
            })
            .or_else(|| index.passage_at(doc, offset));
    }

    /// The display line whose passage is the cursor passage for a pane scrolled to `scroll`.
    pub fn reading_line(&self, i: usize) -> usize {
        let scroll = self.panes[i].scroll;
        let line = scroll + (self.pane_text_height(i) / 3).min(scroll);
        line.min(self.panes[i].layout.len().saturating_sub(1))
    }

    pub(super) fn clamp_scroll(&mut self, i: usize) {
        let max = self.max_scroll(i);
        if self.panes[i].scroll > max {
            self.panes[i].scroll = max;
        }
    }

    pub(super) fn cursor_from_scroll(&mut self, i: usize) {
        let line = self.reading_line(i);
        let offset = self.panes[i].layout.offset_of(line);
        self.panes[i].cursor = self.index.get().passage_at(self.panes[i].doc, offset);
    }

    pub(super) fn scroll_by(&mut self, i: usize, delta: isize) {
        let max = self.max_scroll(i) as isize;
        let s = (self.panes[i].scroll as isize + delta).clamp(0, max.max(0));
        self.panes[i].scroll = s as usize;
        self.cursor_from_scroll(i);
    }

    /// Scrolls so that display line `line` is on the reading line.
    pub(super) fn show_line(&mut self, i: usize, line: usize) {
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
    pub(super) fn show_passage(&mut self, i: usize, p: usize) {
        let Some(passage) = self.index.get().passages.get(p) else {
            return;
        };
        let line = self.panes[i].layout.line_of(passage.range.start);
        self.show_line(i, line);
        self.panes[i].cursor = Some(p);
    }

    /// Whether the first line of passage `p` is on screen in pane `i`.
    pub fn passage_visible(&self, i: usize, p: usize) -> bool {
        let Some(passage) = self.index.get().passages.get(p) else {
            return false;
        };
        let line = self.panes[i].layout.line_of(passage.range.start);
        let s = self.panes[i].scroll;
        line >= s && line < s + self.pane_text_height(i)
    }

    pub(super) fn here(&self, i: usize) -> Jump {
        let pane = &self.panes[i];
        Jump {
            doc: pane.doc,
            offset: pane.layout.offset_of(pane.scroll),
            cursor: pane.cursor,
            marker: pane.marker,
            focus: None,
        }
    }

    pub(super) fn push_jump(&mut self, i: usize) {
        let here = self.here(i);
        self.panes[i].jumps.push(here);
        self.panes[i].last_jump = Some(here);
    }

    /// The one rule for every jump from a list (`H`, marks, `B`, `F`, the topic map, the
    /// outline): to a pane that already shows `doc` (the focused one first, then one on
    /// screen, then any), else into the focused pane. The position left is recorded in the
    /// pane jumped in, so `C-o` there comes back (and gives the focus back). Returns the pane.
    pub(super) fn jump_to_doc(&mut self, doc: usize) -> usize {
        let f = self.focus;
        let vis = self.visible_panes();
        let i = if self.panes[f].doc == doc {
            f
        } else {
            vis.clone()
                .find(|&i| self.panes[i].doc == doc)
                .or_else(|| (0..self.panes.len()).find(|&i| self.panes[i].doc == doc))
                .unwrap_or(f)
        };
        self.push_jump(i);
        if i != f {
            self.focus = i;
            if let Some(j) = self.panes[i].jumps.last_mut() {
                j.focus = Some(f);
            }
            if let Some(j) = self.panes[i].last_jump.as_mut() {
                j.focus = Some(f);
            }
            if !vis.contains(&i) {
                self.relayout();
            }
        } else {
            self.set_doc(i, doc);
        }
        i
    }

    /// Puts document `doc` in pane `i`, at the start.
    pub(super) fn set_doc(&mut self, i: usize, doc: usize) {
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
        self.pane_percent(self.focus)
    }

    /// Position in pane `i`'s document, in percent of its lines read (down to the bottom row).
    pub fn pane_percent(&self, i: usize) -> Option<usize> {
        let pane = self.panes.get(i)?;
        let len = pane.layout.len().max(1);
        Some(((pane.scroll + self.pane_text_height(i)).min(len) * 100 / len).min(100))
    }

    pub fn focused(&self) -> Option<&Pane> {
        self.panes.get(self.focus)
    }

    /// `Title — Author, date` of a document (a title shared with another document is told
    /// apart by its folder: `asv/Genesis`).
    pub fn doc_label(&self, doc: usize) -> String {
        let d = &self.corpus.documents[doc];
        let mut s = crate::corpus::label::display_title(&self.corpus, doc);
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

    pub(super) fn show_offset(&mut self, i: usize, offset: usize) {
        let line = self.panes[i].layout.line_of(offset);
        self.show_line(i, line);
        self.panes[i].cursor = self.index.get().passage_at(self.panes[i].doc, offset);
    }

    pub(super) fn step_passage(&mut self, dir: Direction) {
        let f = self.focus;
        let doc = self.panes[f].doc;
        let Some(ids) = self.index.get().by_doc.get(doc) else {
            self.status = Some(match self.index {
                IndexState::Ready(_) | IndexState::TopicsBuilding(_) => {
                    "no passages in this document".into()
                }
                IndexState::Building => "passages are still being indexed…".into(),
                IndexState::Failed => "no passages: the alignment index could not be built".into(),
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
            Some(k) if dir == Direction::Forward => ids.get(k + 1).copied(),
            Some(k) => k.checked_sub(1).map(|k| ids[k]),
            None => Some(ids[0]),
        };
        match target {
            Some(p) => self.show_passage(f, p),
            None => self.status = Some(dir.pick("last passage", "first passage").into()),
        }
    }

    pub(super) fn step_heading(&mut self, dir: Direction) {
        let f = self.focus;
        let doc = &self.corpus.documents[self.panes[f].doc];
        let layout = self.panes[f].layout.clone();
        let scroll = self.panes[f].scroll;
        let heading_lines = doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Heading | BlockKind::Title))
            .map(|b| (layout.line_of(b.range.start), b.range.start));
        let target = if dir == Direction::Forward {
            heading_lines.clone().find(|(l, _)| *l > scroll)
        } else {
            heading_lines.rev().find(|(l, _)| *l < scroll)
        };
        match target {
            Some((line, offset)) => {
                self.panes[f].scroll = line;
                self.clamp_scroll(f);
                self.panes[f].cursor = self.index.get().passage_at(self.panes[f].doc, offset);
            }
            None => self.status = Some(dir.pick("no heading below", "no heading above").into()),
        }
    }

    pub(super) fn add_pane(&mut self) {
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
        if let Some((_, pane)) = self.hidden.pop() {
            // A pane put away by a narrower terminal comes back first.
            self.panes.insert(self.focus + 1, pane);
            self.focus += 1;
            self.zoom = false;
            self.relayout();
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
            .and_then(|p| self.index.get().passages.get(p))
            .filter(|p| p.doc == pane.doc)
            .map(|p| p.block)
            .or(reading)
    }

    /// The text under the cursor: the cursor passage, or the cursor block when it is a note
    /// or there is no passage.
    pub fn cursor_range(&self, i: usize) -> Option<Range<usize>> {
        let b = self.cursor_block(i)?;
        let pane = &self.panes[i];
        if let Some(p) = pane.cursor.and_then(|p| self.index.get().passages.get(p)) {
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
    pub(super) fn view_range(&self, i: usize) -> Range<usize> {
        let pane = &self.panes[i];
        let lines = &pane.layout.lines;
        if lines.is_empty() {
            return 0..0;
        }
        let first = pane.scroll.min(lines.len() - 1);
        let last = (pane.scroll + self.pane_text_height(i)).min(lines.len()) - 1;
        lines[first].range.start..lines[last.max(first)].range.end
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
}

impl App {
    /// A key bound to nothing says so in the status line (Esc, which closes things
    /// elsewhere, is quiet here); true if the status changed.
    pub(super) fn unbound(&mut self, key: Key) -> bool {
        if key == Key::Esc {
            return false;
        }
        let help = self
            .keymap
            .keys_for(Command::Help)
            .first()
            .map_or("?".to_string(), |k| format_keys(k));
        self.status = Some(format!("no key {key} — {help} for help"));
        true
    }

    /// `C-w h` / `C-w l`: the pane to the left / right (above / below when stacked), without
    /// wrapping around.
    pub(super) fn focus_side(&mut self, right: bool) {
        let f = self.focus;
        let target = if right {
            (f + 1 < self.panes.len()).then_some(f + 1)
        } else {
            f.checked_sub(1)
        };
        match target {
            Some(t) => {
                self.focus = t;
                self.relayout();
            }
            None => {
                self.status = Some(
                    if right {
                        "no pane to the right"
                    } else {
                        "no pane to the left"
                    }
                    .into(),
                )
            }
        }
    }
}

impl App {
    /// `:N%`: the focused pane at N percent of its document (a jump).
    pub(super) fn goto_percent(&mut self, pct: usize) {
        let f = self.focus;
        let len = self.panes[f].layout.len();
        if len == 0 {
            return;
        }
        self.push_jump(f);
        let line = (len * pct.min(100) / 100).min(len - 1);
        self.show_line(f, line);
        self.cursor_from_scroll(f);
        self.status = Some(format!("{}%", pct.min(100)));
    }

    /// `:N`: the focused pane at the Nth paragraph of its document (a jump).
    pub(super) fn goto_paragraph(&mut self, n: usize) {
        let f = self.focus;
        let doc = &self.corpus.documents[self.panes[f].doc];
        let paras: Vec<usize> = doc
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .map(|b| b.range.start)
            .collect();
        if paras.is_empty() {
            self.status = Some("no paragraphs in this document".into());
            return;
        }
        let k = n.clamp(1, paras.len());
        self.push_jump(f);
        self.show_offset(f, paras[k - 1]);
        self.status = Some(format!("paragraph {k} of {}", paras.len()));
    }

    /// `:e PATH`: the document read from PATH (its source path, file name or id, or a title
    /// starting so) into the focused pane. Only the documents loaded at start can be opened.
    pub(super) fn open_path(&mut self, path: &str) {
        let path = path.trim();
        if path.is_empty() {
            self.status = Some(":e PATH opens a document of the corpus (o picks one)".into());
            return;
        }
        let name = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
        let docs = &self.corpus.documents;
        let lower = path.to_lowercase();
        let found = (0..docs.len())
            .find(|&d| docs[d].source == path || docs[d].id == path)
            .or_else(|| {
                (0..docs.len()).find(|&d| {
                    docs[d].source.ends_with(path) || name(&docs[d].source) == name(path)
                })
            })
            .or_else(|| {
                (0..docs.len()).find(|&d| docs[d].title.to_lowercase().starts_with(&lower))
            });
        match found {
            Some(d) => {
                let f = self.focus;
                self.push_jump(f);
                self.set_doc(f, d);
                self.status = Some(format!("opened {}", self.doc_label(d)));
            }
            None => {
                self.status = Some(format!(
                    "{path}: not in this corpus (start synoptic with it, or o picks a document)"
                ))
            }
        }
    }
}

impl App {
    /// How many panes the reader opens for this terminal: one per [`START_PANE_WIDTH`]
    /// columns side by side, as many as fit one above the other when stacked.
    pub fn panes_wanted(&self) -> usize {
        let n = if self.stacked {
            self.panes_that_fit()
        } else {
            (self.width / START_PANE_WIDTH) as usize
        };
        n.clamp(1, MAX_PANES)
    }

    /// After a resize: as many panes as a fresh start at this size would open. Panes that no
    /// longer fit are put away (the farthest from the focus first) with all their state, and
    /// come back to their places when the terminal grows again.
    pub(super) fn refit(&mut self) {
        let want = self.panes_wanted();
        while self.panes.len() > want {
            let f = self.focus;
            let victim = (0..self.panes.len())
                .filter(|&i| i != f)
                .max_by_key(|&i| (i.abs_diff(f), i))
                .expect("more than one pane");
            let pane = self.panes.remove(victim);
            self.hidden.push((victim, pane));
            if victim < f {
                self.focus -= 1;
            }
        }
        while self.panes.len() < want {
            let Some((at, pane)) = self.hidden.pop() else {
                break;
            };
            let at = at.min(self.panes.len());
            self.panes.insert(at, pane);
            if at <= self.focus {
                self.focus += 1;
            }
        }
    }
}
