//! Alignment reports: JSON for scripts and a readable text form.

use super::AlignIndex;
use crate::corpus::Corpus;
use serde::Serialize;
use serde_json::Value;
use std::io;

// The records of the JSON report. Their fields are in alphabetical order: the order the
// report has always had (it was built with `serde_json::json!`, whose maps are sorted).

/// A document of the report.
#[derive(Serialize)]
struct DocumentRecord<'a> {
    author: &'a Option<String>,
    id: &'a str,
    source: &'a str,
    title: &'a str,
}

/// A passage of the report: its document's id and its text.
#[derive(Serialize)]
struct PassageRecord<'a> {
    doc: &'a str,
    id: usize,
    text: &'a str,
}

/// A match of the report: passage `from`'s match `to`, its terms written from their ids.
#[derive(Serialize)]
struct MatchRecord<'a> {
    from: usize,
    /// The score rounded to four decimals.
    score: f64,
    terms: Spelled<'a>,
    to: usize,
}

/// Term ids written as their display forms, a JSON list of strings.
struct Spelled<'a>(&'a [u32], &'a [String]);

impl Serialize for Spelled<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|&t| &self.1[t as usize]))
    }
}

/// A topic of the report.
#[derive(Serialize)]
struct TopicRecord<'a> {
    id: usize,
    label: &'a str,
    passages: &'a [usize],
}

/// The alignment of a corpus as JSON:
/// `{"documents": [...], "passages": [...], "matches": [...], "topics": [...]}`.
/// `matches` holds, for every passage, its best `top` passages in each other document.
/// (Built from [`write_json`]; for a large corpus, write instead: the matches alone can run to
/// gigabytes.)
pub fn to_json(corpus: &Corpus, index: &AlignIndex, top: usize) -> Value {
    let mut buf = Vec::new();
    write_json(corpus, index, top, &mut buf).expect("writing to memory");
    serde_json::from_slice(&buf).expect("the report is valid JSON")
}

/// How many passages are matched at a time while writing (in parallel, then written in order):
/// memory stays bounded whatever the size of the corpus.
const WRITE_CHUNK: usize = 64;

/// Writes the JSON of [`to_json`] to `out` as it goes, never holding the whole report.
pub fn write_json(
    corpus: &Corpus,
    index: &AlignIndex,
    top: usize,
    out: &mut impl io::Write,
) -> io::Result<()> {
    write_json_with_progress(corpus, index, top, out, &crate::progress::none)
}

/// [`write_json`], telling `progress` how many passages' matches are written
/// ([`Stage::Matches`](crate::progress::Stage::Matches)).
pub fn write_json_with_progress(
    corpus: &Corpus,
    index: &AlignIndex,
    top: usize,
    out: &mut impl io::Write,
    progress: crate::progress::Progress,
) -> io::Result<()> {
    use rayon::prelude::*;
    let documents: Vec<DocumentRecord> = corpus
        .documents
        .iter()
        .map(|d| DocumentRecord {
            author: &d.author,
            id: &d.id,
            source: &d.source,
            title: &d.title,
        })
        .collect();
    out.write_all(b"{\"documents\":")?;
    serde_json::to_writer(&mut *out, &documents)?;
    out.write_all(b",\"passages\":[")?;
    for p in &index.passages {
        if p.id > 0 {
            out.write_all(b",")?;
        }
        let passage = PassageRecord {
            doc: &corpus.documents[p.doc].id,
            id: p.id,
            text: passage_text(corpus, index, p.id),
        };
        serde_json::to_writer(&mut *out, &passage)?;
    }
    out.write_all(b"],\"matches\":[")?;
    let mut first = true;
    let ids: Vec<usize> = (0..index.passages.len()).collect();
    index.prepare_pair_orders(progress);
    let mut done = 0;
    progress(crate::progress::Stage::Matches, 0, ids.len());
    for chunk in ids.chunks(WRITE_CHUNK) {
        let written: Vec<Vec<u8>> = chunk
            .par_iter()
            .map(|&p| {
                let mut bytes = Vec::new();
                for (_, ms) in index.best_per_doc_ids(p, top) {
                    for m in ms {
                        let value = MatchRecord {
                            from: p,
                            score: round(m.score),
                            terms: Spelled(m.term_ids(), &index.display),
                            to: m.passage,
                        };
                        bytes.push(b',');
                        serde_json::to_writer(&mut bytes, &value).expect("writing to memory");
                    }
                }
                bytes
            })
            .collect();
        for bytes in written.iter().filter(|b| !b.is_empty()) {
            // Each passage's matches start with a comma; the first of all goes without.
            out.write_all(if first { &bytes[1..] } else { bytes })?;
            first = false;
        }
        done += chunk.len();
        progress(crate::progress::Stage::Matches, done, ids.len());
    }
    out.write_all(b"],\"topics\":")?;
    let topics: Vec<TopicRecord> = index
        .topics
        .iter()
        .map(|t| TopicRecord {
            id: t.id,
            label: &t.label,
            passages: &t.passages,
        })
        .collect();
    serde_json::to_writer(&mut *out, &topics)?;
    out.write_all(b"}")
}

fn round(x: f32) -> f64 {
    (x as f64 * 10000.0).round() / 10000.0
}

/// The text of a passage as displayed.
pub fn passage_text<'a>(corpus: &'a Corpus, index: &AlignIndex, passage: usize) -> &'a str {
    let p = &index.passages[passage];
    &corpus.documents[p.doc].text[p.range.clone()]
}

fn snippet(s: &str, max: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// A readable report: topics, then for each passage the best match per other document with
/// its score and terms (the best `top` when they are good; the best one marked `weak` when
/// none is good enough to call the same topic).
pub fn to_text(corpus: &Corpus, index: &AlignIndex, top: usize) -> String {
    let mut buf = Vec::new();
    write_text(corpus, index, top, &mut buf).expect("writing to memory");
    String::from_utf8(buf).expect("the report is UTF-8")
}

/// Writes the report of [`to_text`] to `out` as it goes.
pub fn write_text(
    corpus: &Corpus,
    index: &AlignIndex,
    top: usize,
    out: &mut impl io::Write,
) -> io::Result<()> {
    let top = top.max(1);
    index.prepare_pair_orders(&crate::progress::none);
    if !index.topics.is_empty() {
        writeln!(out, "Topics")?;
        for t in &index.topics {
            let mut docs: Vec<usize> = t.passages.iter().map(|&p| index.passages[p].doc).collect();
            docs.sort_unstable();
            docs.dedup();
            writeln!(
                out,
                "  [{}] {} — {} passages in {} documents",
                t.id,
                t.label,
                t.passages.len(),
                docs.len()
            )?;
        }
        writeln!(out)?;
    }
    for (d, doc) in corpus.documents.iter().enumerate() {
        let esc = crate::escape::for_terminal;
        writeln!(out, "== {} — {}", esc(&doc.id), esc(&doc.title))?;
        for &p in &index.by_doc[d] {
            writeln!(
                out,
                "\n#{p} {}",
                snippet(passage_text(corpus, index, p), 100)
            )?;
            for (od, ms) in index.best_per_doc(p, top) {
                let other = &corpus.documents[od];
                // the good matches; when there is none, the best one all the same, marked weak
                let good = ms.iter().filter(|m| m.good).count();
                if ms.is_empty() {
                    writeln!(out, "    → {} no match (no term in common)", esc(&other.id))?;
                }
                for m in ms.iter().take(good.max(1)) {
                    // no word in common: placed by context (its neighbours' matches, or a
                    // third document's)
                    let why = if m.terms.is_empty() {
                        "(by context)".to_string()
                    } else if m.by_context {
                        // more from its context than from the words shown
                        format!("(by context) [{}]", m.terms.join(", "))
                    } else {
                        format!("[{}]", m.terms.join(", "))
                    };
                    writeln!(
                        out,
                        "    → {} #{} {:.3}{} {} {}",
                        esc(&other.id),
                        m.passage,
                        m.score,
                        if m.good { "" } else { " weak" },
                        why,
                        snippet(passage_text(corpus, index, m.passage), 70)
                    )?;
                }
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{BlockKind, Document};
    use crate::progress::Stage;
    use std::cell::RefCell;

    fn corpus() -> Corpus {
        let document = |id: &str, paras: &[&str]| {
            let mut blocks = vec![(BlockKind::Title, id)];
            blocks.extend(paras.iter().map(|p| (BlockKind::Paragraph, *p)));
            Document::from_blocks(id, id, &blocks)
        };
        Corpus {
            documents: vec![
                document(
                    "a",
                    &[
                        "The harbour pilots struck over wages and tides.",
                        "The mayor answered the strike with a new tax.",
                    ],
                ),
                document(
                    "b",
                    &[
                        "Pilots of the harbour went on strike for wages.",
                        "A tax on the port was the mayor's answer.",
                    ],
                ),
            ],
            warnings: Vec::new(),
        }
    }

    #[test]
    fn progress_sees_the_stages_in_order_and_the_same_report_is_written() {
        let corpus = corpus();
        let seen = RefCell::new(Vec::new());
        let progress = |stage: Stage, done: usize, total: usize| {
            seen.borrow_mut().push((stage, done, total));
        };
        let index = AlignIndex::build_with_progress(&corpus, &progress);
        let mut with = Vec::new();
        write_json_with_progress(&corpus, &index, 3, &mut with, &progress).unwrap();
        let seen = seen.into_inner();
        // stages never go back, and within a stage `done` never goes back and ends at `total`
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
        let stages: Vec<Stage> = seen.iter().map(|s| s.0).collect();
        let mut distinct = stages.clone();
        distinct.dedup();
        assert_eq!(
            distinct,
            [Stage::Index, Stage::Topics, Stage::Order, Stage::Matches]
        );
        for stage in distinct {
            let last = seen.iter().rev().find(|s| s.0 == stage).unwrap();
            assert_eq!(last.1, last.2, "{stage:?} ends done");
        }
        assert_eq!(seen.last(), Some(&(Stage::Matches, 4, 4)));
        let mut without = Vec::new();
        write_json(&corpus, &index, 3, &mut without).unwrap();
        assert_eq!(with, without);
    }
}
