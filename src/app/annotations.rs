//! The reader's annotations in the app: the stored items ([`Annotations`]), where each is in
//! the corpus now ([`Locations`]), what `u` can undo, and saving.
//!
//! Pure like the rest of the app: the runtime supplies the clock ([`Action::Tick`]) and the
//! process part of item ids ([`AnnotationsState::id_prefix`]), and saves
//! [`AnnotationsState::data`] when an update returns [`Effect::SaveAnnotations`] (right after
//! every confirmed highlight, note, bookmark or deletion). The merged state it gets back from
//! the store comes in as [`Action::AnnotationsSaved`] and is adopted, so another instance's
//! additions appear.

use super::*;
use crate::annotations::anchor::Anchor;
use crate::annotations::{resolve, Bookmark, DocRef, Highlight, Resolved};

/// The App's part of the annotations.
#[derive(Debug, Clone)]
pub struct AnnotationsState {
    /// Highlights, bookmarks and the session kept for this corpus (saved by the runtime).
    pub data: Annotations,
    /// Where each highlight and bookmark is in the corpus now.
    pub located: Locations,
    /// Deletions `u` can undo, newest last.
    pub undo: Vec<Undoable>,
    /// Why the last save failed (cleared by the next good one); the status line keeps
    /// saying so.
    pub save_error: Option<String>,
    /// Makes item ids unique across instances (the runtime sets the process id).
    pub id_prefix: String,
    pub(super) id_counter: u64,
    /// The annotations as last loaded or saved: what is on disk.
    pub on_disk: Annotations,
    /// `q` was pressed once with unsaved annotations and the reader was told.
    pub quit_warned: bool,
    /// Where each pin's ends are now (parallel to `data.pins`).
    pub pins: Vec<crate::annotations::pins::PinPlace>,
}

impl Default for AnnotationsState {
    fn default() -> Self {
        AnnotationsState {
            data: Annotations::default(),
            located: Locations::default(),
            undo: Vec::new(),
            save_error: None,
            id_prefix: "0".into(),
            id_counter: 0,
            on_disk: Annotations::default(),
            quit_warned: false,
            pins: Vec::new(),
        }
    }
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
pub struct Locations {
    /// Parallel to `notes.highlights`.
    pub highlights: Vec<Resolved>,
    /// Parallel to `notes.bookmarks`.
    pub bookmarks: Vec<Resolved>,
    /// Per document: (range, colour, index into `notes.highlights`), sorted by start.
    pub by_doc: Vec<Vec<(Range<usize>, u8, usize)>>,
    cache: HashMap<String, Resolved>,
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
    pub(super) fn now_secs(&self) -> u64 {
        self.now_ms / 1000
    }

    /// A new item id: seconds, the instance (process id) and a counter.
    pub(super) fn new_id(&mut self) -> String {
        self.annotations.id_counter += 1;
        format!(
            "{:x}-{}-{}",
            self.now_secs(),
            self.annotations.id_prefix,
            self.annotations.id_counter
        )
    }

    pub(super) fn annotations_saved(&mut self, result: Result<Box<Annotations>, String>) -> bool {
        match result {
            Ok(merged) => {
                let was_failing = self.annotations.save_error.take().is_some();
                self.annotations.on_disk = (*merged).clone();
                self.annotations.quit_warned = false;
                if *merged == self.annotations.data {
                    return was_failing;
                }
                self.annotations.data = *merged;
                self.reindex_annotations();
                true
            }
            Err(message) => {
                self.status = Some(message.clone());
                self.annotations.save_error = Some(message);
                true
            }
        }
    }

    /// Installs the notes loaded from the store; with `restore`, reopens the saved session.
    pub fn load_annotations(&mut self, state: Annotations, restore: bool) {
        self.annotations.on_disk = state.clone();
        self.annotations.data = state;
        self.reindex_annotations();
        if restore {
            if let Some(session) = self.annotations.data.session.clone() {
                self.restore_session(&session);
            }
        }
        self.revision += 1;
    }

    /// What the last save could not write ("2 highlights, 1 deletion"), if it failed.
    pub fn unsaved_work(&self) -> Option<String> {
        self.annotations.save_error.as_ref()?;
        let (data, disk) = (&self.annotations.data, &self.annotations.on_disk);
        let counts = [
            (
                data.highlights
                    .iter()
                    .filter(|h| !disk.highlights.contains(h))
                    .count(),
                "highlight",
            ),
            (
                data.bookmarks
                    .iter()
                    .filter(|b| !disk.bookmarks.contains(b))
                    .count(),
                "bookmark",
            ),
            (data.deleted.difference(&disk.deleted).count(), "deletion"),
        ];
        let parts: Vec<String> = counts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// `q`, `:q`: quits, unless annotations are unsaved and the reader has not been told yet:
    /// then says what is unsaved and where it could not be written; `q` again or `:q!` quits
    /// (the runtime writes them to a recovery file).
    pub(crate) fn request_quit(&mut self, effects: &mut Vec<Effect>) {
        match self.unsaved_work() {
            Some(what) if !self.annotations.quit_warned => {
                self.annotations.quit_warned = true;
                let why = self.annotations.save_error.clone().unwrap_or_default();
                self.status = Some(format!(
                    "{what} not saved ({why}). q again or :q! quits; they go to a recovery file"
                ));
            }
            _ => effects.push(Effect::Quit),
        }
    }

    /// Resolves anchors (cached by id) and rebuilds the per-document highlight lists.
    pub fn reindex_annotations(&mut self) {
        let corpus = &self.corpus;
        let mut cache = std::mem::take(&mut self.annotations.located.cache);
        let mut get = |id: &str, doc: &DocRef, anchor: &Anchor| -> Resolved {
            cache
                .entry(id.to_string())
                .or_insert_with(|| resolve(corpus, doc, anchor))
                .clone()
        };
        let highlights: Vec<Resolved> = self
            .annotations
            .data
            .highlights
            .iter()
            .map(|h| get(&h.id, &h.doc, &h.anchor))
            .collect();
        let bookmarks: Vec<Resolved> = self
            .annotations
            .data
            .bookmarks
            .iter()
            .map(|b| get(&b.id, &b.doc, &b.anchor))
            .collect();
        let live: std::collections::HashSet<&str> = self
            .annotations
            .data
            .highlights
            .iter()
            .map(|h| h.id.as_str())
            .chain(
                self.annotations
                    .data
                    .bookmarks
                    .iter()
                    .map(|b| b.id.as_str()),
            )
            .collect();
        cache.retain(|id, _| live.contains(id.as_str()));
        let mut by_doc = vec![Vec::new(); corpus.documents.len()];
        for (k, r) in highlights.iter().enumerate() {
            if let (Some(d), Some(range)) = (r.doc, r.range.clone()) {
                by_doc[d].push((range, self.annotations.data.highlights[k].color, k));
            }
        }
        for list in &mut by_doc {
            list.sort_by_key(|(r, _, k)| (r.start, *k));
        }
        self.annotations.located = Locations {
            highlights,
            bookmarks,
            by_doc,
            cache,
        };
        self.reindex_pins();
    }

    /// `u`: brings back the last deleted highlight or bookmark (under a new id, so the
    /// deletion already saved cannot win a merge against it).
    pub(super) fn undo_delete(&mut self, effects: &mut Vec<Effect>) {
        let Some(item) = self.annotations.undo.pop() else {
            self.status = Some("nothing to undo".into());
            return;
        };
        let id = self.new_id();
        let now = self.now_secs();
        match item {
            Undoable::Highlight(mut h) => {
                h.id = id.clone();
                h.updated = now;
                self.annotations.data.restore_highlight(h);
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
                self.annotations.data.bookmarks.push(b);
                self.status = Some("bookmark restored".into());
            }
        }
        self.reindex_annotations();
        effects.push(Effect::SaveAnnotations);
    }
}
