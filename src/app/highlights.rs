//! Highlights: selecting by sentence (`v`), saving in a colour, the highlight at the cursor,
//! its note (`c`), deleting (`d`), stepping (`]h` / `[h`) and the order of the `H` list.

use super::abbrev::Abbreviations;
use super::*;
use crate::annotations::anchor::Anchor;
use crate::annotations::{DocRef, Highlight};
use unicode_segmentation::UnicodeSegmentation;

/// Number of highlight colours (`1`–`5`).
pub const COLORS: u8 = 5;

/// The sentences of block `b`: absolute ranges, surrounding whitespace trimmed. A bound
/// after an abbreviation ("U.S.", "Dr.", "J.") is not a sentence end (see [`Abbreviations`]).
pub fn sentences(doc: &Document, b: usize, abbr: &Abbreviations) -> Vec<Range<usize>> {
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
        .filter(|&b| !abbr.ends_with_abbreviation(&text[base..b]))
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

/// How many sentences of `doc` lie in `range`.
pub fn sentences_in(doc: &Document, range: &Range<usize>, abbr: &Abbreviations) -> usize {
    let Some(first) = doc.block_at(range.start) else {
        return 0;
    };
    let last = doc.block_at(range.end.saturating_sub(1)).unwrap_or(first);
    (first..=last.max(first))
        .flat_map(|b| sentences(doc, b, abbr))
        .filter(|s| s.start >= range.start && s.end <= range.end)
        .count()
}

/// The sentence after `after`, crossing into the following blocks of the same kind only: a
/// selection in the text stops where the notes (or a heading, or page boilerplate) begin.
pub(super) fn next_sentence(
    doc: &Document,
    after: &Range<usize>,
    abbr: &Abbreviations,
) -> Option<Range<usize>> {
    let b = doc.block_at(after.start)?;
    let kind = doc.blocks[b].kind;
    (b..doc.blocks.len())
        .take_while(|&k| doc.blocks[k].kind == kind)
        .find_map(|b| {
            sentences(doc, b, abbr)
                .into_iter()
                .find(|s| s.start >= after.end)
        })
}

/// The sentence before `before`, crossing into the preceding blocks of the same kind only.
pub(super) fn prev_sentence(
    doc: &Document,
    before: &Range<usize>,
    abbr: &Abbreviations,
) -> Option<Range<usize>> {
    let b = doc.block_at(before.start)?;
    let kind = doc.blocks[b].kind;
    (0..=b)
        .rev()
        .take_while(|&k| doc.blocks[k].kind == kind)
        .find_map(|b| {
            sentences(doc, b, abbr)
                .into_iter()
                .rev()
                .find(|s| s.end <= before.start)
        })
}

impl App {
    /// `v`: starts a selection at the sentence on the reading line (within the cursor text).
    pub(super) fn start_selection(&mut self) {
        let f = self.focus;
        let (Some(b), Some(range)) = (self.cursor_block(f), self.cursor_range(f)) else {
            self.status = Some("nothing to highlight here".into());
            return;
        };
        let d = self.panes[f].doc;
        let doc = &self.corpus.documents[d];
        let sents = sentences(doc, b, self.abbreviations());
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

    pub(super) fn save_highlight(&mut self, sel: &Selection, effects: &mut Vec<Effect>) {
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
        self.annotations.data.highlights.push(h);
        self.reindex_annotations();
        if let Some(p) = self.panes.get_mut(sel.pane) {
            p.highlight = Some(id);
        }
        self.status = Some(format!(
            "highlighted in {} — c adds a note, d deletes",
            crate::annotations::export::color_name(sel.color)
        ));
        effects.push(Effect::SaveAnnotations);
    }

    /// Index (into `notes.highlights`) of the highlight at the cursor of pane `i`: the one
    /// selected with `]h`/`[h` if on screen, else the first touching the cursor text.
    pub fn highlight_at_cursor(&self, i: usize) -> Option<usize> {
        let pane = self.panes.get(i)?;
        let list = self.annotations.located.by_doc.get(pane.doc)?;
        if let Some(id) = &pane.highlight {
            if let Some((r, _, k)) = list
                .iter()
                .find(|(_, _, k)| self.annotations.data.highlights[*k].id == *id)
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
            Some(k) => self.overlay = Some(Overlay::Edit(self.note_editor(k, None))),
            None => self.status = Some("no highlight here (v highlights, ]h finds one)".into()),
        }
    }

    /// The editor of highlight `k`'s note (`from_list`: the row of the list to go back to).
    pub(super) fn note_editor(&self, k: usize, from_list: Option<usize>) -> LineEdit {
        let h = &self.annotations.data.highlights[k];
        LineEdit {
            target: EditTarget::HighlightNote {
                id: h.id.clone(),
                from_list,
            },
            text: h.note.clone(),
        }
    }

    pub(super) fn delete_highlight_at_cursor(&mut self, effects: &mut Vec<Effect>) {
        match self.highlight_at_cursor(self.focus) {
            Some(k) => self.delete_highlight(k, effects),
            None => self.status = Some("no highlight here".into()),
        }
    }

    pub(super) fn delete_highlight(&mut self, k: usize, effects: &mut Vec<Effect>) {
        let id = self.annotations.data.highlights[k].id.clone();
        if let Some(h) = self.annotations.data.remove_highlight(&id) {
            self.annotations.undo.push(Undoable::Highlight(h));
            self.reindex_annotations();
            self.status = Some("highlight deleted — u undoes".into());
            effects.push(Effect::SaveAnnotations);
        }
    }

    /// `]h` / `[h`: the next / previous highlight in the focused pane.
    pub(super) fn step_highlight(&mut self, dir: Direction) {
        let f = self.focus;
        let d = self.panes[f].doc;
        let list = self
            .annotations
            .located
            .by_doc
            .get(d)
            .cloned()
            .unwrap_or_default();
        if list.is_empty() {
            self.status = Some("no highlights in this document".into());
            return;
        }
        let from = self.panes[f]
            .highlight
            .as_ref()
            .and_then(|id| {
                list.iter()
                    .find(|(_, _, k)| self.annotations.data.highlights[*k].id == *id)
                    .map(|(r, _, _)| r.start)
            })
            .filter(|&s| self.offset_visible(f, s))
            .or_else(|| self.cursor_range(f).map(|r| r.start))
            .unwrap_or(0);
        let target = if dir == Direction::Forward {
            list.iter().find(|(r, _, _)| r.start > from)
        } else {
            list.iter().rev().find(|(r, _, _)| r.start < from)
        };
        let Some((r, _, k)) = target.cloned() else {
            self.status = Some(dir.pick("no highlight below", "no highlight above").into());
            return;
        };
        if !self.offset_visible(f, r.start) {
            self.show_offset(f, r.start);
        }
        let h = &self.annotations.data.highlights[k];
        self.panes[f].highlight = Some(h.id.clone());
        self.status = Some(if h.note.is_empty() {
            "highlight — c adds a note, d deletes".to_string()
        } else {
            format!("note: {}", h.note)
        });
    }

    /// Opens highlight `k` in the focused pane (a jump).
    pub(super) fn goto_highlight(&mut self, k: usize) -> bool {
        let Some(r) = self.annotations.located.highlights.get(k).cloned() else {
            return false;
        };
        let (Some(d), Some(range)) = (r.doc, r.range) else {
            self.status = Some("this highlight's text is no longer in its document".into());
            return false;
        };
        let f = self.jump_to_doc(d);
        self.show_offset(f, range.start);
        self.panes[f].highlight = Some(self.annotations.data.highlights[k].id.clone());
        true
    }

    /// Highlights in list order: by document, then position; orphans last.
    pub fn highlight_rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = (0..self.annotations.data.highlights.len()).collect();
        rows.sort_by_key(|&k| {
            let r = &self.annotations.located.highlights[k];
            (
                r.is_orphan(),
                r.doc.unwrap_or(usize::MAX),
                r.range.as_ref().map_or(0, |r| r.start),
                k,
            )
        });
        rows
    }
}
