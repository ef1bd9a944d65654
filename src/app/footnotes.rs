//! The source's footnotes and the jump list: `]f` / `[f` select a marker, Enter goes to its
//! note and back, `K` previews it; `C-o` / `C-i` / `''` go back and forth between positions;
//! the note jumped to flashes until the next key or [`FLASH_MS`].

use super::*;

/// How long a note jumped to stays flashed (a key ends it sooner).
pub const FLASH_MS: u64 = 1200;

impl App {
    /// The selected marker of pane `i`, if it is on screen.
    pub(super) fn selected_marker(&self, i: usize) -> Option<usize> {
        let pane = &self.panes[i];
        let m = pane.marker?;
        let marker = self.corpus.documents[pane.doc].markers.get(m)?;
        self.offset_visible(i, marker.offset).then_some(m)
    }

    /// `]f` / `[f`: the next / previous marker after the selected one, else from the view.
    pub(super) fn step_marker(&mut self, dir: Direction) {
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
                if dir == Direction::Forward {
                    order.get(k + 1).copied()
                } else {
                    k.checked_sub(1).map(|k| order[k])
                }
            }
            None if dir == Direction::Forward => {
                order.iter().copied().find(|&m| offset(m) >= view.start)
            }
            None => order
                .iter()
                .rev()
                .copied()
                .find(|&m| offset(m) < view.end.max(view.start + 1)),
        };
        let Some(m) = target else {
            self.status = Some(
                dir.pick("no footnote marker below", "no footnote marker above")
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
    pub(super) fn goto_note(&mut self, i: usize, n: usize) {
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
    pub(super) fn goto_marker(&mut self, i: usize, m: usize) {
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
    pub(super) fn note_at_cursor(&self, i: usize) -> Option<usize> {
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
            self.overlay = Some(Overlay::Footnote(FootnotePreview {
                doc: d,
                note: n,
                citing,
                selected,
            }));
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
                self.overlay = Some(Overlay::Footnote(FootnotePreview {
                    doc: d,
                    note: n,
                    citing: citing(n),
                    selected: None,
                }))
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
    pub(super) fn restore_jump(&mut self, i: usize, j: Jump) {
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
        if j.cursor.is_none() && self.index.is_ready() {
            self.cursor_from_scroll(i);
        }
        self.panes[i].marker = j.marker;
        self.panes[i].highlight = None;
    }

    pub(super) fn jump_back(&mut self) {
        let f = self.focus;
        let here = self.here(f);
        match self.panes[f].jumps.back(here) {
            Some(j) => {
                self.restore_jump(f, j);
                self.give_focus_back(j);
            }
            None => self.status = Some("no earlier position in this pane".into()),
        }
    }

    /// After `C-o` to a position left by a jump that moved the focus: the focus goes back.
    fn give_focus_back(&mut self, j: Jump) {
        if let Some(p) = j.focus.filter(|&p| p < self.panes.len() && p != self.focus) {
            self.focus = p;
            self.relayout();
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
    pub(super) fn jump_last(&mut self) {
        let f = self.focus;
        let Some(target) = self.panes[f].last_jump else {
            self.status = Some("no jump yet in this pane".into());
            return;
        };
        self.push_jump(f);
        self.restore_jump(f, target);
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
}
