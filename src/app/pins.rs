//! `p` and `x`: the reader's pins in the app — pinning the candidates `a` / `]a` brought as
//! the parallels of the cursor passage, marking that a document has none, and the candidate
//! lists `a`, `]a`, follow mode and the topic map use (the reader's pins before the engine's
//! ranking); and `:export synopsis`, which takes the comparison away.

use super::*;
use crate::align::Match;
use crate::annotations::anchor::Anchor;
use crate::annotations::pins::{Pin, PinEnd, PinPlace};
use crate::annotations::DocRef;

/// What the reader said about a passage and one other document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinAnswer {
    /// Passages pinned as its parallels, oldest pin first, with the pin ids.
    pub parallels: Vec<(usize, String)>,
    /// The id of a "nothing in this document speaks of it" pin.
    pub nothing: Option<String>,
}

impl App {
    /// A digit typed before a command (not bound itself, no sequence pending) makes a count.
    pub(super) fn count_key(&mut self, key: Key) -> bool {
        let Key::Char(c) = key else {
            return false;
        };
        let Some(d) = c.to_digit(10) else {
            return false;
        };
        if !self.pending.is_empty()
            || (d == 0 && self.count.is_none())
            || self.keymap.lookup(&[key]) != Lookup::None
        {
            return false;
        }
        let n = self.count.unwrap_or(0).saturating_mul(10) + d as usize;
        self.count = Some(n.min(9999));
        true
    }

    /// Places every pin in the corpus (after loading, merging or changing pins).
    pub(super) fn reindex_pins(&mut self) {
        let corpus = &self.corpus;
        self.annotations.pins = self
            .annotations
            .data
            .pins
            .iter()
            .map(|p| p.place(corpus))
            .collect();
    }

    /// The passage an anchored range falls in (the index's passage at its start).
    fn pin_passage(&self, doc: Option<usize>, range: Option<&Range<usize>>) -> Option<usize> {
        let (doc, range) = (doc?, range?);
        let p = self.index.get().passage_at(doc, range.start)?;
        let passage = &self.index.get().passages[p];
        (passage.range.start < range.end.max(range.start + 1) && passage.range.end > range.start)
            .then_some(p)
    }

    /// What the reader pinned for passage `cursor` in document `doc` (pins work both ways).
    pub fn pins_for(&self, cursor: usize, doc: usize) -> PinAnswer {
        let mut answer = PinAnswer::default();
        let Some(cursor_doc) = self.index.get().passages.get(cursor).map(|p| p.doc) else {
            return answer;
        };
        for (pin, place) in self
            .annotations
            .data
            .pins
            .iter()
            .zip(&self.annotations.pins)
        {
            let PinPlace { from, to_doc, to } = place;
            let from_p = self.pin_passage(from.doc, from.range.as_ref());
            match to {
                None => {
                    if from_p == Some(cursor) && *to_doc == Some(doc) {
                        answer.nothing = Some(pin.id.clone());
                    }
                }
                Some(to) => {
                    let to_p = self.pin_passage(to.doc, to.range.as_ref());
                    let other = if from_p == Some(cursor) && to.doc == Some(doc) {
                        to_p
                    } else if to_p == Some(cursor) && from.doc == Some(doc) && doc != cursor_doc {
                        from_p
                    } else {
                        None
                    };
                    if let Some(o) = other {
                        if !answer.parallels.iter().any(|(p, _)| *p == o) {
                            answer.parallels.push((o, pin.id.clone()));
                        }
                    }
                }
            }
        }
        answer
    }

    /// The candidates of passage `cursor` in document `doc`: the reader's pins first (shown
    /// `pinned`), then the engine's best `k`. The flag says which are pinned.
    pub fn candidates(&self, cursor: usize, doc: usize, k: usize) -> Vec<(Match, bool)> {
        let index = self.index.get();
        let pins = self.pins_for(cursor, doc);
        let mut out: Vec<(Match, bool)> = pins
            .parallels
            .iter()
            .map(|&(p, _)| {
                let terms = index.shared_terms(cursor, p, 4);
                let m = Match {
                    passage: p,
                    score: index.similarity(cursor, p),
                    by_context: terms.is_empty(),
                    terms,
                    good: true,
                };
                (m, true)
            })
            .collect();
        let mut engine = index.best_in_doc(cursor, doc, k);
        // a topic opened from the topic map: its passages in `doc` next, by score
        let on_topic = self
            .alignment
            .topic
            .and_then(|t| index.topics.get(t))
            .filter(|t| t.passages.contains(&cursor));
        if let Some(topic) = on_topic {
            let mut extra: Vec<Match> = topic
                .passages
                .iter()
                .filter(|&&p| index.passages.get(p).is_some_and(|x| x.doc == doc))
                .map(|&p| {
                    let terms = index.shared_terms(cursor, p, 4);
                    Match {
                        passage: p,
                        score: index.similarity(cursor, p),
                        by_context: terms.is_empty(),
                        good: true,
                        terms,
                    }
                })
                .collect();
            extra.sort_by(|a, b| b.score.total_cmp(&a.score));
            let n = extra.len();
            extra.append(&mut engine);
            engine = extra;
            engine.truncate(n.max(k));
        }
        for m in engine {
            if !out.iter().any(|(o, _)| o.passage == m.passage) {
                out.push((m, false));
            }
        }
        let keep = pins.parallels.len() + k.max(on_topic.map_or(0, |t| t.passages.len()));
        out.truncate(keep);
        out
    }

    /// Panes `p` / `x` act on: every other pane showing another document, or pane `n`
    /// (1-based) with a count.
    fn pin_targets(&mut self, f: usize, count: Option<usize>) -> Option<Vec<usize>> {
        let doc = self.panes[f].doc;
        let all: Vec<usize> = (0..self.panes.len())
            .filter(|&i| i != f && self.panes[i].doc != doc)
            .collect();
        match count {
            None if all.is_empty() => {
                self.status = Some("no other pane to pin (+ adds one)".into());
                None
            }
            None => Some(all),
            Some(n) if all.contains(&(n.wrapping_sub(1))) => Some(vec![n - 1]),
            Some(n) => {
                self.status = Some(format!("pane {n} shows no other document to pin"));
                None
            }
        }
    }

    fn pin_end(&self, p: usize) -> PinEnd {
        let passage = &self.index.get().passages[p];
        let doc = &self.corpus.documents[passage.doc];
        PinEnd {
            doc: DocRef::of(doc),
            anchor: Anchor::capture(&doc.text, passage.range.clone()),
        }
    }

    /// `p`: pins the candidates shown in the other panes (or pane `count`'s) as the parallels
    /// of the cursor passage; on a pinned pair, unpins it.
    pub(super) fn pin_shown(&mut self, count: Option<usize>, effects: &mut Vec<Effect>) {
        let Some((f, cursor)) = self.align_source() else {
            return;
        };
        if self.alignment.align_from != Some((f, cursor)) {
            self.status = Some("p pins what a or ]a brought: press a first".into());
            return;
        }
        let Some(targets) = self.pin_targets(f, count) else {
            return;
        };
        let (mut pinned, mut unpinned) = (0, 0);
        for i in targets {
            let Some(mark) = self.panes[i].mark else {
                continue;
            };
            let pins = self.pins_for(cursor, self.panes[i].doc);
            if let Some((_, id)) = pins.parallels.iter().find(|(p, _)| *p == mark) {
                self.annotations.data.remove_pin(id);
                unpinned += 1;
            } else {
                let id = self.new_id();
                let to = self.pin_end(mark);
                let pin = Pin {
                    id,
                    from: self.pin_end(cursor),
                    to_doc: to.doc,
                    to: Some(to.anchor),
                    updated: self.now_secs(),
                };
                self.annotations.data.pins.push(pin);
                pinned += 1;
            }
            if let Some(nothing) = pins.nothing {
                self.annotations.data.remove_pin(&nothing);
            }
            // the places follow the list (pins_for reads them side by side)
            self.reindex_pins();
        }
        self.after_pin_change(effects);
        self.refresh_pinned_notes(cursor);
        self.status = Some(match (pinned, unpinned) {
            (0, 0) => "nothing shown to pin: a brings the candidates".into(),
            (n, 0) => format!("pinned {} as parallel{}", n, if n == 1 { "" } else { "s" }),
            (0, n) => format!("unpinned {n}"),
            (n, m) => format!("pinned {n}, unpinned {m}"),
        });
    }

    /// `x`: marks that nothing in the other panes' documents (or pane `count`'s) speaks of
    /// the cursor passage; again on a marked one, takes the mark back.
    pub(super) fn mark_nothing(&mut self, count: Option<usize>, effects: &mut Vec<Effect>) {
        let Some((f, cursor)) = self.align_source() else {
            return;
        };
        let Some(targets) = self.pin_targets(f, count) else {
            return;
        };
        let (mut marked, mut cleared) = (0, 0);
        for i in targets {
            let doc = self.panes[i].doc;
            let pins = self.pins_for(cursor, doc);
            if let Some(id) = pins.nothing {
                self.annotations.data.remove_pin(&id);
                self.panes[i].note = None;
                cleared += 1;
                self.reindex_pins();
                continue;
            }
            for (_, id) in &pins.parallels {
                self.annotations.data.remove_pin(id);
            }
            let id = self.new_id();
            let pin = Pin {
                id,
                from: self.pin_end(cursor),
                to_doc: DocRef::of(&self.corpus.documents[doc]),
                to: None,
                updated: self.now_secs(),
            };
            self.annotations.data.pins.push(pin);
            self.panes[i].mark = None;
            self.panes[i].note = Some(AlignNote::Nothing);
            marked += 1;
            self.reindex_pins();
        }
        self.alignment.align_from = Some((f, cursor));
        self.after_pin_change(effects);
        self.status = Some(match (marked, cleared) {
            (1, 0) => "marked: nothing in that document speaks of this passage".into(),
            (n, 0) => format!("marked: nothing in {n} documents speaks of this passage"),
            (0, n) => format!("unmarked {n}"),
            (n, m) => format!("marked {n}, unmarked {m}"),
        });
    }

    fn after_pin_change(&mut self, effects: &mut Vec<Effect>) {
        self.reindex_pins();
        effects.push(Effect::SaveAnnotations);
    }

    /// Sets each other pane's `pinned` flag from the pins (after `p`).
    fn refresh_pinned_notes(&mut self, cursor: usize) {
        for i in 0..self.panes.len() {
            let doc = self.panes[i].doc;
            let Some(mark) = self.panes[i].mark else {
                continue;
            };
            let pinned = self
                .pins_for(cursor, doc)
                .parallels
                .iter()
                .any(|(p, _)| *p == mark);
            if let Some(AlignNote::Match { pinned: p, .. }) = &mut self.panes[i].note {
                *p = pinned;
            }
        }
    }
}

/// File `:export synopsis` writes when no name is given.
pub const SYNOPSIS_FILE: &str = "synoptic-synopsis.md";

impl App {
    /// `:export synopsis [file]`: the topics × documents with the reader's pins, in Markdown
    /// (JSON for a file ending in `.json`).
    pub(super) fn export_synopsis(&mut self, rest: &[&str], effects: &mut Vec<Effect>) {
        use crate::annotations::synopsis;
        if let Some(why) = self.index.unavailable() {
            self.status = Some(why.into());
            return;
        }
        if self.index.topics_building() {
            self.status = Some("the synopsis waits for the topics (finding topics…)".into());
            return;
        }
        let path = if rest.is_empty() {
            SYNOPSIS_FILE.to_string()
        } else {
            rest.join(" ")
        };
        let index = self.index.get();
        let claims = match &self.claims {
            Some(c) => std::sync::Arc::clone(c),
            None => std::sync::Arc::new(crate::claims::Claims::build(&self.corpus, index)),
        };
        let text = synopsis::export_text_with(
            &self.corpus,
            index,
            &claims,
            &self.annotations.data,
            true,
            path.ends_with(".json"),
        );
        effects.push(Effect::Export {
            path: std::path::PathBuf::from(path),
            text,
            what: "synopsis",
        });
    }
}
