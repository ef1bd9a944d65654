//! The reader's corpus in two stages: [`first_stage`] reads and parses the documents the
//! first screen shows — the saved session's, else the first ones the start rule shows —
//! before the terminal is taken; [`Rest::finish`] loads the others on a background thread
//! started after the first frame, reporting progress ([`Action::Loading`]), and the whole
//! corpus goes to the app ([`Action::CorpusLoaded`]) with the ids and order of a full load.
//!
//! [`EVENT_LOG_ENV`] names a file the runtime writes its events to in order (each file
//! parsed, each frame drawn), for the test that the first frame comes before the last file.

use crate::annotations::store::{Loaded, Store};
use crate::app::{start_documents, start_panes, Action, MAX_PANES};
use crate::corpus::staged::{Part, Plan};
use crate::corpus::{Corpus, LoadError};
use std::path::PathBuf;
use std::sync::{mpsc, Mutex, OnceLock};

/// Files parsed between two progress reports.
const CHUNK: usize = 32;

/// When set, the file the runtime appends its events to, one a line: `parsed <path>` as each
/// file of the corpus is parsed, `frame` as each frame is drawn.
pub const EVENT_LOG_ENV: &str = "SYNOPTIC_EVENT_LOG";

/// Notes an event in the event log, if there is one ([`EVENT_LOG_ENV`]).
pub fn event(what: &str) {
    static LOG: OnceLock<Option<Mutex<std::fs::File>>> = OnceLock::new();
    let log = LOG.get_or_init(|| {
        let path = std::env::var_os(EVENT_LOG_ENV)?;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
            .map(Mutex::new)
    });
    if let Some(file) = log {
        use std::io::Write;
        if let Ok(mut f) = file.lock() {
            let _ = writeln!(f, "{what}");
        }
    }
}

/// The corpus as the first screen needs it, and what is left to load.
pub struct Staged {
    /// The documents loaded so far, in corpus order; warnings: the early ones.
    pub corpus: Corpus,
    /// The files still to load (none when the whole corpus is in).
    pub rest: Option<Rest>,
    /// The annotations store, read, when there is one.
    pub(super) store: Option<(Store, Loaded)>,
}

impl Staged {
    /// A corpus loaded whole (the embedded seeds).
    pub fn whole(corpus: Corpus, data_dir: Option<&PathBuf>, corpus_key: &str) -> Staged {
        Staged {
            corpus,
            rest: None,
            store: read_store(data_dir, corpus_key),
        }
    }
}

fn read_store(data_dir: Option<&PathBuf>, corpus_key: &str) -> Option<(Store, Loaded)> {
    let mut store = Store::new(data_dir?, corpus_key);
    let loaded = store.load();
    Some((store, loaded))
}

/// The files of a corpus, each parsed or not yet.
pub struct Rest {
    plan: Plan,
    parts: Vec<Option<Part>>,
}

impl Rest {
    fn load(&mut self, which: &[usize]) {
        let which: Vec<usize> = which
            .iter()
            .copied()
            .filter(|&i| self.parts[i].is_none())
            .collect();
        let plan = &self.plan;
        let parts = plan.load(&which, &|i| event(&format!("parsed {}", plan.path(i))));
        for (i, part) in which.into_iter().zip(parts) {
            self.parts[i] = Some(part);
        }
    }

    fn documents_of(&self, files: std::ops::Range<usize>) -> Vec<crate::corpus::Document> {
        self.parts[files]
            .iter()
            .flatten()
            .flat_map(|p| p.documents.iter().cloned())
            .collect()
    }

    /// Files parsed so far.
    pub fn done(&self) -> usize {
        self.parts.iter().filter(|p| p.is_some()).count()
    }

    pub fn total(&self) -> usize {
        self.parts.len()
    }

    /// Loads the files not loaded yet, saying how far it is after each few; returns the whole
    /// corpus and what the files loaded here said.
    pub fn finish(mut self, tx: &mpsc::Sender<Action>) -> (Corpus, Vec<String>) {
        let left: Vec<usize> = (0..self.parts.len())
            .filter(|&i| self.parts[i].is_none())
            .collect();
        for chunk in left.chunks(CHUNK) {
            self.load(chunk);
            let _ = tx.send(Action::Loading {
                done: self.done(),
                total: self.total(),
            });
        }
        let late: Vec<String> = left
            .iter()
            .flat_map(|&i| {
                self.parts[i]
                    .iter()
                    .flat_map(|p| p.warnings.iter().cloned())
            })
            .collect();
        let corpus = self.plan.assemble(self.parts.into_iter().flatten());
        (corpus, late)
    }
}

/// Reads the store (for the session) and the documents the first screen shows: the session's
/// when it names documents still in the corpus (unless `fresh`), else the first ones by the
/// start rule for a terminal `width` columns wide.
pub fn first_stage(
    plan: Plan,
    width: u16,
    data_dir: Option<&PathBuf>,
    corpus_key: &str,
    fresh: bool,
) -> Result<Staged, LoadError> {
    let store = read_store(data_dir, corpus_key);
    let session: Vec<String> = match &store {
        Some((_, loaded)) if !fresh => loaded
            .state
            .session
            .iter()
            .flat_map(|s| s.panes.iter().take(MAX_PANES).map(|p| p.doc.clone()))
            .collect(),
        _ => Vec::new(),
    };
    let n = plan.len();
    let mut rest = Rest {
        plan,
        parts: vec![None; n],
    };
    let files: Vec<usize> = session
        .iter()
        .filter_map(|id| rest.plan.file_of(id))
        .collect();
    rest.load(&files);
    let restored = session.iter().any(|id| {
        rest.parts
            .iter()
            .flatten()
            .any(|p| p.documents.iter().any(|d| d.id == *id))
    });
    if !restored {
        // the start rule, on ever longer beginnings of the corpus
        let want = start_panes(width);
        let mut next = 0;
        while next < n && start_documents(&rest.documents_of(0..next), want).len() < want {
            let end = (next + want).min(n);
            rest.load(&(next..end).collect::<Vec<_>>());
            next = end;
        }
    }
    let corpus = rest.plan.assemble(rest.parts.iter().flatten().cloned());
    if corpus.documents.is_empty() {
        let first = (n > 0).then(|| rest.plan.path(0).to_string());
        return Err(LoadError::NoDocuments(first.unwrap_or_default().into()));
    }
    let complete = rest.done() == n;
    Ok(Staged {
        corpus,
        rest: (!complete).then_some(rest),
        store,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Annotations, PaneSession, Session};
    use crate::corpus::LoadOptions;

    fn corpus_dir(n: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let files = dir.path().join("corpus");
        std::fs::create_dir_all(&files).unwrap();
        for i in 0..n {
            std::fs::write(
                files.join(format!("f{i:02}.txt")),
                format!("Title {i}\n\nThe paragraph of file {i}, with words enough to count.\n"),
            )
            .unwrap();
        }
        dir
    }

    fn plan_of(dir: &tempfile::TempDir) -> Plan {
        crate::corpus::staged::plan(&[dir.path().join("corpus")], &LoadOptions::default()).unwrap()
    }

    fn ids(c: &Corpus) -> Vec<&str> {
        c.documents.iter().map(|d| d.id.as_str()).collect()
    }

    #[test]
    fn the_first_stage_reads_what_the_first_screen_shows_and_the_rest_completes_it() {
        let dir = corpus_dir(40);
        let full = crate::corpus::load(&[dir.path().join("corpus")]).unwrap();
        // 120 columns: three panes, the first three documents (no authors)
        let staged = first_stage(plan_of(&dir), 120, None, "k", false).unwrap();
        assert_eq!(ids(&staged.corpus), ["f00", "f01", "f02"]);
        let rest = staged.rest.unwrap();
        assert_eq!((rest.done(), rest.total()), (3, 40));
        let (tx, rx) = mpsc::channel();
        let (whole, late) = rest.finish(&tx);
        assert_eq!(ids(&whole), ids(&full));
        assert!(late.is_empty());
        let progress: Vec<usize> = rx
            .try_iter()
            .map(|a| match a {
                Action::Loading { done, total } => {
                    assert_eq!(total, 40);
                    done
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(progress, [35, 40]);
    }

    #[test]
    fn the_session_s_documents_come_first_unless_fresh_or_gone() {
        let dir = corpus_dir(40);
        let data = dir.path().join("data");
        let session = |docs: &[&str]| {
            let store = Store::new(&data, "k");
            let state = Annotations {
                session: Some(Session {
                    panes: docs
                        .iter()
                        .map(|d| PaneSession {
                            doc: d.to_string(),
                            offset: 0,
                        })
                        .collect(),
                    focus: 0,
                    follow: false,
                    stacked: false,
                    updated: 1,
                }),
                ..Annotations::default()
            };
            store.save(&state).unwrap();
        };
        session(&["f30", "gone", "f07"]);
        let staged = first_stage(plan_of(&dir), 120, Some(&data), "k", false).unwrap();
        assert_eq!(ids(&staged.corpus), ["f07", "f30"]);
        let fresh = first_stage(plan_of(&dir), 120, Some(&data), "k", true).unwrap();
        assert_eq!(ids(&fresh.corpus), ["f00", "f01", "f02"]);
        session(&["gone"]);
        let gone = first_stage(plan_of(&dir), 40, Some(&data), "k", false).unwrap();
        assert_eq!(ids(&gone.corpus), ["f00"]);
        // one file: all of it, nothing left to load
        let one = corpus_dir(1);
        let staged = first_stage(plan_of(&one), 120, None, "k", false).unwrap();
        assert_eq!(ids(&staged.corpus), ["f00"]);
        assert!(staged.rest.is_none());
    }
}
