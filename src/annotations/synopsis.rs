//! The synopsis export: topics (the engine's, merged with the reader's pins) × documents, each
//! cell quoting the first sentence of a passage with its citation (author, title,
//! publication, date, section, paragraph); then the disagreements that touch the passages
//! quoted. Markdown for an essay (a table per topic, citations as footnotes), JSON for
//! scripts: `{"topics":[{"label","pinned","cells":[{"doc","author","title","passage",
//! "quote","citation"}]}],"disagreements":[…]}`.
//!
//! Pure: the caller builds the index and the claims.

use super::export::citation;
use super::{find_document, resolve, Annotations};
use crate::align::AlignIndex;
use crate::claims::report::ConflictOut;
use crate::claims::Claims;
use crate::corpus::{label, Corpus};
use serde::Serialize;
use std::fmt::Write;
use std::ops::Range;

/// Longest quote kept from a first sentence (characters).
pub const QUOTE_CHARS: usize = 320;

/// The whole synopsis.
#[derive(Debug, Serialize)]
pub struct Synopsis {
    pub topics: Vec<TopicOut>,
    /// The disagreements (`synoptic conflicts`) with a claim in a quoted passage.
    pub disagreements: Vec<ConflictOut>,
}

/// One topic: its label, whether the reader's pins shaped it, one cell per document.
#[derive(Debug, Clone, Serialize)]
pub struct TopicOut {
    pub label: String,
    pub pinned: bool,
    pub cells: Vec<CellOut>,
}

/// One document's passage on a topic.
#[derive(Debug, Clone, Serialize)]
pub struct CellOut {
    /// Document id.
    pub doc: String,
    pub author: Option<String>,
    /// The title, with its folder when another document has the same one.
    pub title: String,
    /// Passage id, as in `synoptic align --json`.
    pub passage: usize,
    /// The passage's first sentence.
    pub quote: String,
    pub citation: String,
}

/// Pairs of passages, or (passage, document) pairs.
pub type Pairs = Vec<(usize, usize)>;

/// The reader's pins as passages: pairs of parallels, and (passage, document) for "nothing in
/// that document speaks of it".
pub fn pinned_passages(corpus: &Corpus, index: &AlignIndex, state: &Annotations) -> (Pairs, Pairs) {
    let at = |doc: Option<usize>, range: Option<Range<usize>>| -> Option<usize> {
        let (doc, range) = (doc?, range?);
        let p = index.passage_at(doc, range.start)?;
        let r = &index.passages[p].range;
        (r.start < range.end.max(range.start + 1) && r.end > range.start).then_some(p)
    };
    let (mut pairs, mut nothing) = (Vec::new(), Vec::new());
    for pin in &state.pins {
        let from = resolve(corpus, &pin.from.doc, &pin.from.anchor);
        let Some(a) = at(from.doc, from.range) else {
            continue;
        };
        match &pin.to {
            Some(anchor) => {
                let to = resolve(corpus, &pin.to_doc, anchor);
                if let Some(b) = at(to.doc, to.range) {
                    pairs.push((a, b));
                }
            }
            None => {
                if let Some(d) = find_document(corpus, &pin.to_doc) {
                    nothing.push((a, d));
                }
            }
        }
    }
    (pairs, nothing)
}

/// A topic being assembled: label, pinned, passages, passages the reader pinned.
struct Draft {
    label: String,
    pinned: bool,
    passages: Vec<usize>,
    chosen: Vec<usize>,
    /// Documents the reader said have nothing on it.
    without: Vec<usize>,
}

/// The engine's topics with the reader's pins merged in: a pinned pair joins the topic of
/// either end (or makes a topic of its own); "nothing here" takes the document out.
fn drafts(corpus: &Corpus, index: &AlignIndex, state: &Annotations) -> Vec<Draft> {
    let mut topics: Vec<Draft> = index
        .topics
        .iter()
        .map(|t| Draft {
            label: t.label.clone(),
            pinned: false,
            passages: t.passages.clone(),
            chosen: Vec::new(),
            without: Vec::new(),
        })
        .collect();
    let (pairs, nothing) = pinned_passages(corpus, index, state);
    for (a, b) in pairs {
        let find = |p: usize, topics: &[Draft]| topics.iter().position(|t| t.passages.contains(&p));
        let t = match find(a, &topics).or_else(|| find(b, &topics)) {
            Some(t) => t,
            None => {
                let terms = index.shared_terms(a, b, 3);
                topics.push(Draft {
                    label: if terms.is_empty() {
                        "pinned by the reader".into()
                    } else {
                        terms.join(" · ")
                    },
                    pinned: true,
                    passages: Vec::new(),
                    chosen: Vec::new(),
                    without: Vec::new(),
                });
                topics.len() - 1
            }
        };
        let topic = &mut topics[t];
        topic.pinned = true;
        for p in [a, b] {
            if !topic.passages.contains(&p) {
                topic.passages.push(p);
            }
            if !topic.chosen.contains(&p) {
                topic.chosen.push(p);
            }
        }
    }
    for (p, d) in nothing {
        if let Some(topic) = topics.iter_mut().find(|t| t.passages.contains(&p)) {
            topic.pinned = true;
            topic.without.push(d);
        }
    }
    topics
}

/// The first sentence of a passage (cut at [`QUOTE_CHARS`]), on one line.
pub fn first_sentence(text: &str) -> String {
    let s = crate::claims::sentence::sentences(text)
        .into_iter()
        .map(|r| text[r].trim())
        .find(|s| !s.is_empty())
        .unwrap_or(text.trim());
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= QUOTE_CHARS {
        flat
    } else {
        let cut: String = flat.chars().take(QUOTE_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A full citation: author, “title”, publication, date, § section, ¶ paragraph.
pub fn citation_text(corpus: &Corpus, d: usize, offset: usize) -> String {
    let doc = &corpus.documents[d];
    let c = citation(doc, offset);
    let mut parts: Vec<String> = Vec::new();
    parts.extend(doc.author.clone());
    parts.push(format!("“{}”", label::display_title(corpus, d)));
    parts.extend(doc.publication.clone());
    parts.extend(doc.date.clone());
    if let Some(s) = c.section {
        parts.push(format!("§ {s}"));
    }
    if let Some(p) = c.paragraph {
        parts.push(format!("¶ {p}"));
    }
    parts.join(", ")
}

/// The passage of `doc` that stands for the topic: a pinned one, else the one most like the
/// topic's passages in other documents.
fn representative(index: &AlignIndex, draft: &Draft, doc: usize) -> Option<usize> {
    let mine = |p: &usize| index.passages.get(*p).is_some_and(|x| x.doc == doc);
    if let Some(&p) = draft.chosen.iter().find(|p| mine(p)) {
        return Some(p);
    }
    let others: Vec<usize> = draft
        .passages
        .iter()
        .copied()
        .filter(|p| !mine(p))
        .collect();
    draft
        .passages
        .iter()
        .copied()
        .filter(mine)
        .max_by(|&a, &b| {
            let score = |p: usize| others.iter().map(|&o| index.similarity(p, o)).sum::<f32>();
            score(a).total_cmp(&score(b)).then(
                index.passages[b]
                    .range
                    .start
                    .cmp(&index.passages[a].range.start),
            )
        })
}

/// Builds the synopsis of `corpus`.
pub fn build(
    corpus: &Corpus,
    index: &AlignIndex,
    state: &Annotations,
    claims: &Claims,
) -> Synopsis {
    let mut topics = Vec::new();
    for draft in drafts(corpus, index, state) {
        let mut docs: Vec<usize> = draft
            .passages
            .iter()
            .filter_map(|&p| index.passages.get(p).map(|x| x.doc))
            .filter(|d| !draft.without.contains(d))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        let cells: Vec<CellOut> = docs
            .into_iter()
            .filter_map(|d| {
                let p = representative(index, &draft, d)?;
                let passage = &index.passages[p];
                let doc = &corpus.documents[d];
                Some(CellOut {
                    doc: doc.id.clone(),
                    author: doc.author.clone(),
                    title: label::display_title(corpus, d),
                    passage: p,
                    quote: first_sentence(&doc.text[passage.range.clone()]),
                    citation: citation_text(corpus, d, passage.range.start),
                })
            })
            .collect();
        if !cells.is_empty() {
            topics.push(TopicOut {
                label: draft.label,
                pinned: draft.pinned,
                cells,
            });
        }
    }
    let quoted: Vec<usize> = topics
        .iter()
        .flat_map(|t| t.cells.iter().map(|c| c.passage))
        .collect();
    let disagreements = disagreements(corpus, claims, |claim_passage, _| {
        quoted.contains(&claim_passage)
    });
    Synopsis {
        topics,
        disagreements,
    }
}

/// The conflicts with a claim for which `touches(passage, sentence range and doc)` holds.
pub fn disagreements(
    corpus: &Corpus,
    claims: &Claims,
    touches: impl Fn(usize, (usize, Range<usize>)) -> bool,
) -> Vec<ConflictOut> {
    let report = crate::claims::report::to_report(corpus, claims);
    report
        .conflicts
        .into_iter()
        .zip(claims.conflicts())
        .filter(|(_, c)| {
            c.claims.iter().any(|&id| {
                let cl = claims.claim(id);
                touches(cl.passage, (cl.doc, cl.sentence.clone()))
            })
        })
        .map(|(out, _)| out)
        .collect()
}

/// Markdown table cells cannot hold `|` or line breaks.
fn cell_text(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Who a cell is, for the table: the speaker and the year, else the title (the footnote has
/// the whole citation).
fn who(corpus: &Corpus, cell: &CellOut) -> String {
    let Some(doc) = corpus.documents.iter().find(|d| d.id == cell.doc) else {
        return cell.title.clone();
    };
    match label::speaker(doc) {
        Some(s) => [Some(s), label::short_date(doc)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
        None => cell.title.clone(),
    }
}

/// The disagreements as a Markdown section (empty when there are none).
pub fn disagreements_markdown(corpus: &Corpus, list: &[ConflictOut]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n## Where the sources disagree\n");
    for c in list {
        let _ = writeln!(out, "\n**{}**\n", c.fact);
        for cl in &c.claims {
            let name = corpus
                .documents
                .iter()
                .position(|d| d.id == cl.doc)
                .map_or(cl.doc.clone(), |d| label::pane_label_short(corpus, d));
            let _ = writeln!(out, "- {name}: **{}** — “{}”", cl.value, cl.quote);
        }
    }
    out
}

/// Markdown: a table per topic (who, what they say), the citations as footnotes.
pub fn to_markdown(corpus: &Corpus, synopsis: &Synopsis) -> String {
    let mut out = String::from("# Synopsis\n");
    if synopsis.topics.is_empty() {
        out.push_str("\nNo topics: the alignment index found none in this corpus.\n");
    }
    let mut notes = Vec::new();
    for t in &synopsis.topics {
        let pinned = if t.pinned { " (pinned)" } else { "" };
        let _ = writeln!(out, "\n## {}{pinned}\n", t.label);
        out.push_str("| Who | What they say |\n|---|---|\n");
        for c in &t.cells {
            notes.push(c.citation.clone());
            let _ = writeln!(
                out,
                "| {} | “{}”[^{}] |",
                cell_text(&who(corpus, c)),
                cell_text(&c.quote),
                notes.len()
            );
        }
    }
    out.push_str(&disagreements_markdown(corpus, &synopsis.disagreements));
    if !notes.is_empty() {
        out.push('\n');
        for (i, n) in notes.iter().enumerate() {
            let _ = writeln!(out, "[^{}]: {n}", i + 1);
        }
    }
    out
}

/// The disagreements touching the reader's highlights (their sentences overlap).
pub fn highlight_disagreements(
    corpus: &Corpus,
    state: &Annotations,
    claims: &Claims,
) -> Vec<ConflictOut> {
    let placed: Vec<(usize, Range<usize>)> = state
        .highlights
        .iter()
        .filter_map(|h| {
            let r = resolve(corpus, &h.doc, &h.anchor);
            Some((r.doc?, r.range?))
        })
        .collect();
    disagreements(corpus, claims, |_, (doc, sentence)| {
        placed
            .iter()
            .any(|(d, r)| *d == doc && r.start < sentence.end && sentence.start < r.end)
    })
}

/// What `synoptic export` / `:export` writes: the synopsis, or the highlights and bookmarks,
/// in Markdown or JSON, each with the disagreements that touch it.
pub fn export_text(corpus: &Corpus, state: &Annotations, synopsis: bool, json: bool) -> String {
    let index = AlignIndex::build(corpus);
    let claims = Claims::build(corpus, &index);
    export_text_with(corpus, &index, &claims, state, synopsis, json)
}

/// [`export_text`] with the index and the claims already built (the reader's).
pub fn export_text_with(
    corpus: &Corpus,
    index: &AlignIndex,
    claims: &Claims,
    state: &Annotations,
    synopsis: bool,
    json: bool,
) -> String {
    if synopsis {
        let s = build(corpus, index, state, claims);
        return if json {
            format!("{}\n", serde_json::to_string_pretty(&s).unwrap_or_default())
        } else {
            to_markdown(corpus, &s)
        };
    }
    let list = highlight_disagreements(corpus, state, claims);
    if json {
        let mut value = serde_json::to_value(super::export::to_json(corpus, state))
            .unwrap_or(serde_json::Value::Null);
        if let Some(map) = value.as_object_mut() {
            map.insert(
                "disagreements".into(),
                serde_json::to_value(&list).unwrap_or_default(),
            );
        }
        format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        )
    } else {
        let mut md = super::export::to_markdown(corpus, state);
        md.push_str(&disagreements_markdown(corpus, &list));
        md
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentences_are_cut_and_flat() {
        assert_eq!(
            first_sentence("The camp was closed in 2012.  It reopened later."),
            "The camp was closed in 2012."
        );
        let long = "word ".repeat(200);
        assert!(first_sentence(&long).chars().count() <= QUOTE_CHARS);
    }
}
