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
        if let Some(Overlay::CorpusSearch(s)) = &self.overlay {
            if !s.query.is_empty() && !s.stale {
                let was = s.hits.get(s.selected).cloned();
                let hits = self.corpus_hits(&s.query);
                let selected = was
                    .and_then(|h| hits.iter().position(|x| *x == h))
                    .unwrap_or(0);
                if let Some(Overlay::CorpusSearch(s)) = &mut self.overlay {
                    (s.hits, s.selected) = (hits, selected);
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{PaneSession, Session};
    use crate::corpus::{parse_files, SourceFile};

    /// `n` documents `d00`… of a few long paragraphs each, no author (each its own).
    fn corpus(n: usize) -> Corpus {
        let files = (0..n)
            .map(|i| {
                let mut text = format!("Document {i}\n\n");
                for p in 0..30 {
                    text.push_str(&format!(
                        "Paragraph {p} of document {i}, long enough to wrap once or twice in a \
                         narrow pane of the reader.\n\n"
                    ));
                }
                SourceFile {
                    path: format!("d{i:02}.txt"),
                    relative: format!("d{i:02}.txt"),
                    bytes: text.into_bytes(),
                }
            })
            .collect();
        parse_files(files, None)
    }

    /// The documents `which` of `full`, as the first stage loads them.
    fn part(full: &Corpus, which: &[usize]) -> Corpus {
        Corpus {
            documents: which.iter().map(|&d| full.documents[d].clone()).collect(),
            ..Corpus::default()
        }
    }

    fn shown(app: &App) -> Vec<(String, usize)> {
        app.panes
            .iter()
            .map(|p| {
                (
                    app.corpus.documents[p.doc].id.clone(),
                    p.layout.offset_of(p.scroll),
                )
            })
            .collect()
    }

    #[test]
    fn the_start_rule_on_the_first_documents_is_the_full_loads() {
        let full = corpus(12);
        for width in [30, 80, 120, 200] {
            let want = start_panes(width);
            let whole = App::indexing(full.clone(), width, 30);
            let first = App::indexing(part(&full, &(0..want).collect::<Vec<_>>()), width, 30);
            assert_eq!(shown(&first), shown(&whole));
        }
    }

    #[test]
    fn documents_arriving_late_leave_the_panes_where_they_are() {
        let full = Arc::new(corpus(12));
        let mut app = App::indexing(part(&full, &[0, 1]), 100, 30);
        app.loading = Some(Loading { done: 2, total: 12 });
        app.feed("<C-d>");
        app.feed("<Tab>jjj");
        let before = shown(&app);
        assert!(before.iter().all(|(_, o)| *o > 0), "{before:?}");
        // the picker says what is loading, and lists what is loaded
        app.feed("o");
        assert_eq!(app.picker_items("").len(), 2);
        update(&mut app, Action::Loading { done: 7, total: 12 });
        assert_eq!(app.loading.unwrap().message(), "loading 7 of 12 files…");
        app.feed("<Down>");
        let revision = app.revision;
        update(
            &mut app,
            Action::CorpusLoaded(Arc::clone(&full), Vec::new()),
        );
        assert!(app.revision > revision);
        assert_eq!(shown(&app), before);
        assert_eq!(app.loading, None);
        assert_eq!(app.picker_items("").len(), 12);
        let Some(Overlay::Picker(p)) = &app.overlay else {
            panic!("the picker stays open");
        };
        assert_eq!(full.documents[p.selected].id, "d01");
    }

    #[test]
    fn a_session_on_late_documents_keeps_them_when_the_rest_arrives() {
        let full = Arc::new(corpus(12));
        let session = Session {
            panes: vec![
                PaneSession {
                    doc: "d09".into(),
                    offset: full.documents[9].text.find("Paragraph 7").unwrap(),
                },
                PaneSession {
                    doc: "d04".into(),
                    offset: 0,
                },
                PaneSession {
                    doc: "gone".into(),
                    offset: 0,
                },
            ],
            focus: 1,
            follow: false,
            stacked: false,
            updated: 0,
        };
        // the first stage loaded the session's documents only (in corpus order)
        let mut app = App::indexing(part(&full, &[4, 9]), 100, 30);
        assert!(app.restore_session(&session));
        app.feed("<C-d>");
        // a jump back to the start of d09's pane
        app.feed("<Tab>G");
        let before = shown(&app);
        assert_eq!(before[0].0, "d09");
        assert_eq!(before[1].0, "d04");
        let warnings = vec!["d11.txt: cannot read, skipped: gone".to_string()];
        update(&mut app, Action::CorpusLoaded(Arc::clone(&full), warnings));
        assert_eq!(shown(&app), before);
        assert_eq!(app.panes[0].doc, 9);
        assert_eq!(app.panes[1].doc, 4);
        assert_eq!(app.focus, 0);
        assert_eq!(
            app.status.as_deref(),
            Some("d11.txt: cannot read, skipped: gone")
        );
        // the layouts and the jump list follow the documents
        app.feed("<C-o>");
        assert_eq!(app.panes[0].doc, 9);
        assert_eq!(shown(&app)[0].0, "d09");
        assert_eq!(app.session_snapshot().panes[1].doc, "d04");
    }

    #[test]
    fn a_loader_that_dies_says_so_and_stops_saying_loading() {
        let full = corpus(4);
        let mut app = App::indexing(part(&full, &[0]), 100, 30);
        app.loading = Some(Loading { done: 1, total: 4 });
        update(&mut app, Action::Loading { done: 3, total: 4 });
        update(&mut app, Action::IndexFailed);
        assert_eq!(app.loading, None);
        assert_eq!(
            app.status.as_deref(),
            Some("only 3 of 4 files could be loaded: no matches or topics")
        );
        assert_eq!(app.panes[0].doc, 0);
    }

    #[test]
    fn the_corpus_search_finds_in_the_late_documents_keeping_its_hit() {
        let full = Arc::new(corpus(6));
        let mut app = App::indexing(part(&full, &[0, 1]), 100, 30);
        app.loading = Some(Loading { done: 2, total: 6 });
        app.feed("FParagraph 3 of<Down>");
        let Some(Overlay::CorpusSearch(s)) = &app.overlay else {
            panic!("the corpus search is open");
        };
        assert_eq!(s.hits.len(), 2);
        update(
            &mut app,
            Action::CorpusLoaded(Arc::clone(&full), Vec::new()),
        );
        let Some(Overlay::CorpusSearch(s)) = &app.overlay else {
            panic!("the corpus search stays open");
        };
        assert_eq!(s.hits.len(), 6);
        assert_eq!(s.hits[s.selected].doc, 1);
    }
}
