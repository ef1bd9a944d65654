//! The conflicts of a corpus as JSON (for scripts) and as a readable report.

use super::Claims;
use crate::corpus::Corpus;
use serde::Serialize;
use std::io;

/// `{"conflicts": [...]}`.
#[derive(Debug, Serialize)]
pub struct Report {
    pub conflicts: Vec<ConflictOut>,
}

/// One fact on which the documents disagree.
#[derive(Debug, Serialize)]
pub struct ConflictOut {
    pub id: usize,
    /// The words that say what the fact is.
    pub fact: String,
    pub claims: Vec<ClaimOut>,
}

/// One document's value for the fact.
#[derive(Debug, Serialize)]
pub struct ClaimOut {
    /// Document id.
    pub doc: String,
    /// Passage id, as in `synoptic align --json`.
    pub passage: usize,
    /// The value as written.
    pub value: String,
    /// The sentence.
    pub quote: String,
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The report of `claims`.
pub fn to_report(corpus: &Corpus, claims: &Claims) -> Report {
    let conflicts = claims
        .conflicts()
        .iter()
        .map(|c| ConflictOut {
            id: c.id,
            fact: c.fact.join(" "),
            claims: c
                .claims
                .iter()
                .map(|&id| {
                    let cl = claims.claim(id);
                    let doc = &corpus.documents[cl.doc];
                    ClaimOut {
                        doc: doc.id.clone(),
                        passage: cl.passage,
                        value: one_line(&doc.text[cl.span.clone()]),
                        quote: one_line(&doc.text[cl.sentence.clone()]),
                    }
                })
                .collect(),
        })
        .collect();
    Report { conflicts }
}

/// Replaces control characters (escape sequences included) with their `\u{..}` form, so that
/// text from the corpus cannot drive the terminal.
pub fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// A readable report: one block per fact, each value with how many documents give it, then
/// each document's sentence.
pub fn write_text(corpus: &Corpus, claims: &Claims, out: &mut impl io::Write) -> io::Result<()> {
    let report = to_report(corpus, claims);
    if report.conflicts.is_empty() {
        return writeln!(out, "No conflicting values found.");
    }
    for (c, conflict) in report.conflicts.iter().zip(claims.conflicts()) {
        writeln!(
            out,
            "[{}] {} (confidence {:.2})",
            c.id,
            escape_controls(&c.fact),
            conflict.confidence
        )?;
        let values: Vec<String> = conflict
            .sides
            .iter()
            .map(|side| {
                let docs = super::conflict::distinct_docs(claims.claims(), side);
                let cl = claims.claim(side[0]);
                let written = one_line(&corpus.documents[cl.doc].text[cl.span.clone()]);
                format!(
                    "{} ({} document{})",
                    escape_controls(&written),
                    docs,
                    if docs == 1 { "" } else { "s" }
                )
            })
            .collect();
        writeln!(out, "  values: {}", values.join(" ≠ "))?;
        let (a, b) = conflict.pair;
        let (ca, cb) = (claims.claim(a), claims.claim(b));
        writeln!(
            out,
            "  most certain: {} #{} against {} #{}",
            escape_controls(&corpus.documents[ca.doc].id),
            ca.passage,
            escape_controls(&corpus.documents[cb.doc].id),
            cb.passage
        )?;
        for cl in &c.claims {
            writeln!(
                out,
                "  {} #{} {}: {}",
                escape_controls(&cl.doc),
                cl.passage,
                escape_controls(&cl.value),
                escape_controls(&cl.quote)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}
