//! Marks (`m` + letter, `'` + letter) and named bookmarks (`M`): both are bookmarks in the
//! store, a mark with its letter; the order of the `B` list.

use super::*;
use crate::annotations::anchor::Anchor;
use crate::annotations::{Bookmark, DocRef};

/// Longest quote kept in the anchor of a mark or bookmark (bytes).
const MARK_QUOTE: usize = 160;

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl App {
    /// Anchor text for a mark or bookmark at the cursor: the start of the cursor text.
    pub(super) fn cursor_anchor_range(&self, i: usize) -> Option<Range<usize>> {
        let range = self.cursor_range(i)?;
        let text = &self.corpus.documents[self.panes[i].doc].text;
        let end = floor_char(text, range.end.min(range.start + MARK_QUOTE));
        Some(range.start..end.max(range.start))
    }

    pub(super) fn drop_mark(&mut self, c: char) {
        let old: Vec<String> = self
            .annotations
            .data
            .bookmarks
            .iter()
            .filter(|b| b.mark == Some(c))
            .map(|b| b.id.clone())
            .collect();
        for id in old {
            self.annotations.data.remove_bookmark(&id);
        }
    }

    pub(super) fn add_bookmark(
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
        self.annotations.data.bookmarks.push(b);
        self.reindex_annotations();
    }

    pub(super) fn set_mark(&mut self, c: char, effects: &mut Vec<Effect>) {
        let f = self.focus;
        let Some(range) = self.cursor_anchor_range(f) else {
            self.status = Some("nothing to mark here".into());
            return;
        };
        self.drop_mark(c);
        self.add_bookmark(self.panes[f].doc, range, Some(c), None);
        self.status = Some(format!("mark '{c} set — '{c} comes back here"));
        effects.push(Effect::SaveAnnotations);
    }

    pub(super) fn goto_mark(&mut self, c: char) {
        match self
            .annotations
            .data
            .bookmarks
            .iter()
            .position(|b| b.mark == Some(c))
        {
            Some(k) => {
                if self.goto_bookmark(k) {
                    self.status = Some(format!("mark '{c}"));
                }
            }
            None => self.status = Some(format!("mark '{c} is not set (m{c} sets it)")),
        }
    }

    /// Opens bookmark `k` in the focused pane (a jump).
    pub(super) fn goto_bookmark(&mut self, k: usize) -> bool {
        let Some(r) = self.annotations.located.bookmarks.get(k).cloned() else {
            return false;
        };
        let (Some(d), Some(range)) = (r.doc, r.range) else {
            self.status = Some("this bookmark's text is no longer in its document".into());
            return false;
        };
        let f = self.jump_to_doc(d);
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

    /// Marks (by letter) then named bookmarks (by document and position).
    pub fn bookmark_rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = (0..self.annotations.data.bookmarks.len()).collect();
        rows.sort_by_key(|&k| {
            let b = &self.annotations.data.bookmarks[k];
            let r = &self.annotations.located.bookmarks[k];
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
}
