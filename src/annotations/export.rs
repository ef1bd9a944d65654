//! Export of highlights and bookmarks, grouped by document, with citations: Markdown for an
//! essay, JSON for scripts. Orphans (items that could not be placed) get their own section.

use super::{resolve, Annotations, Resolved};
use crate::corpus::{BlockKind, Corpus, Document};
use serde::Serialize;
use std::fmt::Write;

/// Where a quote sits: the section heading and the paragraph number (1-based, counting
/// paragraphs of the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub section: Option<String>,
    pub paragraph: Option<usize>,
}

pub fn citation(doc: &Document, offset: usize) -> Citation {
    let Some(block) = doc.block_at(offset) else {
        return Citation {
            section: None,
            paragraph: None,
        };
    };
    let paragraph = (doc.blocks[block].kind == BlockKind::Paragraph).then(|| {
        doc.blocks[..=block]
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .count()
    });
    Citation {
        section: doc.section_heading(block).map(str::to_string),
        paragraph,
    }
}

/// `Title — Author — date`; a title shared with another document carries its folder.
fn byline(corpus: &Corpus, d: usize) -> String {
    let doc = &corpus.documents[d];
    let mut parts = vec![crate::corpus::label::display_title(corpus, d)];
    if let Some(a) = &doc.author {
        parts.push(a.clone());
    }
    if let Some(d) = &doc.date {
        parts.push(d.clone());
    }
    parts.join(" — ")
}

fn cite(doc: &Document, c: &Citation) -> String {
    let mut s = format!("*{}*", doc.title);
    if let Some(a) = &doc.author {
        s = format!("{a}, {s}");
    }
    for part in [&doc.publication, &doc.date].into_iter().flatten() {
        let _ = write!(s, ", {part}");
    }
    if let Some(sec) = &c.section {
        let _ = write!(s, ", “{sec}”");
    }
    if let Some(p) = c.paragraph {
        let _ = write!(s, ", ¶ {p}");
    }
    let _ = write!(s, " (`{}`)", doc.source);
    s
}

fn quote_block(text: &str) -> String {
    text.lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

const COLOR_NAMES: [&str; 5] = ["yellow", "green", "blue", "pink", "orange"];

pub fn color_name(color: u8) -> &'static str {
    COLOR_NAMES
        .get(usize::from(color.clamp(1, 5)) - 1)
        .copied()
        .unwrap_or("yellow")
}

struct Entry<'a> {
    kind: &'static str,
    quote: &'a str,
    note: &'a str,
    color: Option<u8>,
    name: Option<String>,
    resolved: Resolved,
    doc_title: &'a str,
}

fn entries<'a>(corpus: &Corpus, state: &'a Annotations) -> Vec<Entry<'a>> {
    let mut out = Vec::new();
    for h in &state.highlights {
        out.push(Entry {
            kind: "highlight",
            quote: &h.anchor.quote,
            note: &h.note,
            color: Some(h.color),
            name: None,
            resolved: resolve(corpus, &h.doc, &h.anchor),
            doc_title: &h.doc.id,
        });
    }
    for b in &state.bookmarks {
        out.push(Entry {
            kind: "bookmark",
            quote: &b.anchor.quote,
            note: "",
            color: None,
            name: b
                .name
                .clone()
                .or_else(|| b.mark.map(|m| format!("mark '{m}"))),
            resolved: resolve(corpus, &b.doc, &b.anchor),
            doc_title: &b.doc.id,
        });
    }
    out.sort_by_key(|e| {
        (
            e.resolved.doc.unwrap_or(usize::MAX),
            e.resolved.range.as_ref().map_or(usize::MAX, |r| r.start),
        )
    });
    out
}

/// Markdown for an essay: per document, its highlights then bookmarks; orphans last.
pub fn to_markdown(corpus: &Corpus, state: &Annotations) -> String {
    let entries = entries(corpus, state);
    let mut out = String::from("# Highlights and bookmarks\n");
    let mut current: Option<usize> = None;
    for e in entries.iter().filter(|e| !e.resolved.is_orphan()) {
        let d = e.resolved.doc.expect("placed items have a document");
        let doc = &corpus.documents[d];
        if current != Some(d) {
            let _ = writeln!(out, "\n## {}\n", byline(corpus, d));
            current = Some(d);
        }
        let range = e.resolved.range.clone().expect("not an orphan");
        let c = citation(doc, range.start);
        match e.kind {
            "highlight" => {
                let _ = writeln!(out, "{}\n", quote_block(&doc.text[range]));
                let _ = writeln!(
                    out,
                    "— {} ({})\n",
                    cite(doc, &c),
                    color_name(e.color.unwrap_or(1))
                );
                if !e.note.is_empty() {
                    let _ = writeln!(out, "**Note:** {}\n", e.note);
                }
            }
            _ => {
                let _ = writeln!(
                    out,
                    "- Bookmark **{}**: “{}” — {}\n",
                    e.name.as_deref().unwrap_or("bookmark"),
                    e.quote.trim(),
                    cite(doc, &c)
                );
            }
        }
    }
    let orphans: Vec<&Entry> = entries.iter().filter(|e| e.resolved.is_orphan()).collect();
    if !orphans.is_empty() {
        out.push_str(
            "\n## Orphans\n\nThese could not be found in the current text of their source.\n\n",
        );
        for e in orphans {
            let _ = writeln!(out, "{}\n", quote_block(e.quote));
            let _ = writeln!(out, "— from `{}` ({})\n", e.doc_title, e.kind);
            if !e.note.is_empty() {
                let _ = writeln!(out, "**Note:** {}\n", e.note);
            }
        }
    }
    if entries.is_empty() {
        out.push_str("\nNothing highlighted or bookmarked yet.\n");
    }
    out
}

/// The JSON for scripts: `{"bookmarks": [...], "highlights": [...]}`. Every struct declares
/// its fields in alphabetical order, the order the format has always had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Export<'a> {
    pub bookmarks: Vec<BookmarkItem<'a>>,
    pub highlights: Vec<HighlightItem<'a>>,
}

/// An exported highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HighlightItem<'a> {
    pub author: Option<&'a str>,
    /// The colour's name (`yellow`, `green`, …).
    pub color: &'static str,
    pub date: Option<&'a str>,
    /// The document id (the id stored with the item when its document is gone).
    pub document: &'a str,
    pub note: &'a str,
    pub orphan: bool,
    pub paragraph: Option<usize>,
    pub publication: Option<&'a str>,
    pub quote: String,
    pub section: Option<String>,
    /// The file the document came from.
    pub source: Option<&'a str>,
    pub title: Option<&'a str>,
}

/// An exported bookmark or mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookmarkItem<'a> {
    pub author: Option<&'a str>,
    pub date: Option<&'a str>,
    pub document: &'a str,
    /// The bookmark's name, `mark 'a` for a mark.
    pub name: Option<String>,
    pub orphan: bool,
    pub paragraph: Option<usize>,
    pub publication: Option<&'a str>,
    pub quote: String,
    pub section: Option<String>,
    /// The file the document came from.
    pub source: Option<&'a str>,
    pub title: Option<&'a str>,
}

/// JSON for scripts: `{"highlights": [...], "bookmarks": [...]}`.
pub fn to_json<'a>(corpus: &'a Corpus, state: &'a Annotations) -> Export<'a> {
    let mut out = Export {
        bookmarks: Vec::new(),
        highlights: Vec::new(),
    };
    for e in entries(corpus, state) {
        let doc = e.resolved.doc.map(|d| &corpus.documents[d]);
        let (quote, section, paragraph) = match (doc, &e.resolved.range) {
            (Some(doc), Some(r)) => {
                let c = citation(doc, r.start);
                (doc.text[r.clone()].to_string(), c.section, c.paragraph)
            }
            _ => (e.quote.to_string(), None, None),
        };
        let author = doc.and_then(|d| d.author.as_deref());
        let date = doc.and_then(|d| d.date.as_deref());
        let document = doc.map_or(e.doc_title, |d| d.id.as_str());
        let title = doc.map(|d| d.title.as_str());
        let publication = doc.and_then(|d| d.publication.as_deref());
        let source = doc.map(|d| d.source.as_str());
        let orphan = e.resolved.is_orphan();
        if e.kind == "highlight" {
            out.highlights.push(HighlightItem {
                author,
                color: color_name(e.color.unwrap_or(1)),
                date,
                document,
                note: e.note,
                orphan,
                paragraph,
                publication,
                quote,
                section,
                source,
                title,
            });
        } else {
            out.bookmarks.push(BookmarkItem {
                author,
                date,
                document,
                name: e.name,
                orphan,
                paragraph,
                publication,
                quote,
                section,
                source,
                title,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{anchor::Anchor, Bookmark, DocRef, Highlight};

    fn corpus() -> Corpus {
        Corpus {
            documents: vec![Document::from_blocks(
                "d",
                "A Title",
                &[
                    (BlockKind::Title, "A Title"),
                    (BlockKind::Heading, "Origins"),
                    (BlockKind::Paragraph, "First paragraph here."),
                    (
                        BlockKind::Paragraph,
                        "The quoted sentence is here. And more.",
                    ),
                ],
            )],
            warnings: vec![],
        }
    }

    fn state(c: &Corpus) -> Annotations {
        let doc = &c.documents[0];
        let at = doc.text.find("The quoted sentence is here.").unwrap();
        let anchor = Anchor::capture(&doc.text, at..at + 28);
        let mut s = Annotations::default();
        s.highlights.push(Highlight {
            id: "h1".into(),
            doc: DocRef::of(doc),
            anchor: anchor.clone(),
            color: 2,
            note: "Why it matters".into(),
            updated: 1,
        });
        let mut lost = anchor.clone();
        lost.quote = "A sentence that was deleted from the source".into();
        s.highlights.push(Highlight {
            id: "h2".into(),
            doc: DocRef::of(doc),
            anchor: lost,
            color: 1,
            note: "orphaned note".into(),
            updated: 1,
        });
        s.bookmarks.push(Bookmark {
            id: "b1".into(),
            doc: DocRef::of(doc),
            anchor,
            mark: Some('a'),
            name: None,
            updated: 1,
        });
        s
    }

    #[test]
    fn markdown_groups_by_document_with_citations_and_orphans() {
        let c = corpus();
        let md = to_markdown(&c, &state(&c));
        assert!(md.contains("## A Title"));
        assert!(md.contains("> The quoted sentence is here."));
        assert!(md.contains("*A Title*, “Origins”, ¶ 2 (`"), "{md}");
        assert!(md.contains("`) (green)"), "{md}");
        let mut dated = c.clone();
        dated.documents[0].publication = Some("The Review".into());
        dated.documents[0].date = Some("2014".into());
        dated.documents[0].source = "essays/a.md".into();
        let md = to_markdown(&dated, &state(&dated));
        assert!(
            md.contains("*A Title*, The Review, 2014, “Origins”, ¶ 2 (`essays/a.md`)"),
            "publication, date and source path in citations: {md}"
        );
        assert!(md.contains("**Note:** Why it matters"));
        assert!(md.contains("Bookmark **mark 'a**"));
        let orphans = md.find("## Orphans").unwrap();
        assert!(md[orphans..].contains("orphaned note"));
    }

    #[test]
    fn json_has_the_fields_scripts_rely_on() {
        let c = corpus();
        let v = serde_json::to_value(to_json(&c, &state(&c))).unwrap();
        let h = &v["highlights"][0];
        assert_eq!(h["document"], "d");
        assert_eq!(h["quote"], "The quoted sentence is here.");
        assert_eq!(h["note"], "Why it matters");
        assert_eq!(h["color"], "green");
        assert_eq!(h["orphan"], false);
        assert_eq!(v["highlights"][1]["orphan"], true);
        assert_eq!(v["bookmarks"][0]["name"], "mark 'a");
        assert_eq!(v["bookmarks"][0]["quote"], "The quoted sentence is here.");
    }
}
