//! The corpus arriving in stages: the reader starts on the documents its first screen shows,
//! says how many files are still being read ([`App::loading`]), and takes the whole corpus in
//! when the rest is loaded ([`Action::CorpusLoaded`]) with every pane on the same document at
//! the same place.

use super::view::author_key;
use super::*;

/// How far loading the rest of the corpus in the background is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loading {
    /// Files read and parsed so far (those of the first screen included).
    pub done: usize,
    pub total: usize,
}

impl Loading {
    /// "loading 412 of 594 files…", for the picker and the corpus search.
    pub fn message(&self) -> String {
        format!("loading {} of {} files…", self.done, self.total)
    }
}

/// How many panes the reader opens at start on a terminal `width` columns wide.
pub fn start_panes(width: u16) -> usize {
    ((width / START_PANE_WIDTH) as usize).clamp(1, MAX_PANES)
}

/// The start rule: the documents the first panes show, the first document of each author in
/// corpus order, at most `want`. On the first documents of a corpus it gives what it gives on
/// the whole corpus once it has found `want`.
pub fn start_documents(documents: &[Document], want: usize) -> Vec<usize> {
    let mut seen = Vec::new();
    let mut docs = Vec::new();
    for (d, doc) in documents.iter().enumerate() {
        if docs.len() >= want {
            break;
        }
        let key = author_key(doc, d);
        if !seen.contains(&key) {
            seen.push(key);
            docs.push(d);
        }
    }
    docs
}

impl App {
    pub(super) fn loading_progress(&mut self, done: usize, total: usize) -> bool {
        self.loading = Some(Loading { done, total });
        // what is drawn changes only where it is said: the picker, the corpus search
        matches!(
            self.overlay,
            Some(Overlay::Picker(_)) | Some(Overlay::CorpusSearch(_))
        )
    }

    /// Takes in the whole corpus (the documents shown so far among them, by id); `warnings`
    /// are what the files loaded in the background said.
    pub(super) fn take_corpus(&mut self, corpus: Arc<Corpus>, warnings: Vec<String>) -> bool {
        let old = &self.corpus.documents;
        let prefix = old.len() <= corpus.documents.len()
            && old.iter().zip(&corpus.documents).all(|(a, b)| a.id == b.id);
        if !prefix {
            let by_id: HashMap<&str, usize> = corpus
                .documents
                .iter()
                .enumerate()
                .map(|(d, doc)| (doc.id.as_str(), d))
                .collect();
            let map: Vec<usize> = old
                .iter()
                .enumerate()
                .map(|(d, doc)| by_id.get(doc.id.as_str()).copied().unwrap_or(d))
                .collect();
            self.remap_docs(&map);
        }
        self.corpus = corpus;
        self.abbreviations = std::sync::OnceLock::new();
        // anchors are resolved again: documents not loaded before hold annotations too
        self.annotations.located = Locations::default();
        self.reindex_annotations();
        self.loading = None;
        if let Some(first) = warnings.first() {
            let more = warnings.len() - 1;
            self.status = Some(if more == 0 {
                first.clone()
            } else {
                format!("{first} (and {more} more warnings, printed on exit)")
            });
        }
        // an open corpus search finds its hits in the new documents too, the one selected kept
        if let Some(Overlay::CorpusSearch(mut s)) = self.overlay.take() {
            if !s.query.is_empty() && !s.stale {
                let was = s.hits.get(s.selected).cloned();
                s.hits = self.corpus_hits(&s.query);
                s.selected = was
                    .and_then(|h| s.hits.iter().position(|x| *x == h))
                    .unwrap_or(0);
            }
            self.overlay = Some(Overlay::CorpusSearch(s));
        }
        true
    }

    /// Moves every document index the app holds to the whole corpus's (`map[old] = new`).
    fn remap_docs(&mut self, map: &[usize]) {
        let m = |d: usize| map.get(d).copied().unwrap_or(d);
        let hidden = self.hidden.iter_mut().map(|(_, p)| p);
        for pane in self.panes.iter_mut().chain(hidden) {
            pane.doc = m(pane.doc);
            pane.jumps.remap(&m);
            if let Some(j) = &mut pane.last_jump {
                j.doc = m(j.doc);
            }
        }
        self.layouts = std::mem::take(&mut self.layouts)
            .into_iter()
            .map(|((d, w), l)| ((m(d), w), l))
            .collect();
        match &mut self.overlay {
            Some(Overlay::Picker(p)) => p.selected = m(p.selected),
            Some(Overlay::CorpusSearch(s)) => s.hits.iter_mut().for_each(|h| h.doc = m(h.doc)),
            Some(Overlay::Footnote(f)) => f.doc = m(f.doc),
            Some(Overlay::Select(s)) => s.doc = m(s.doc),
            Some(Overlay::Outline(o)) => o.entries.iter_mut().for_each(|e| e.doc = m(e.doc)),
            Some(Overlay::Why(w)) => w.docs.iter_mut().for_each(|d| *d = m(*d)),
            Some(Overlay::Edit(e)) => {
                if let EditTarget::NewBookmark { doc, .. } = &mut e.target {
                    *doc = m(*doc);
                }
            }
            _ => {}
        }
    }
}
