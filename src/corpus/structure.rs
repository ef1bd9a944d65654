//! Raw paragraphs → a document: block kinds (title, heading, paragraph, note, boilerplate),
//! inline spans, footnote markers linked to notes, and metadata inferred from the text.
//!
//! Rules, all generic (nothing here knows the seed texts):
//! - the title is the first paragraph when it is short (or the paragraph matching the manifest's
//!   title; section labels above it are boilerplate);
//! - a short line with no closing punctuation is a heading when a body paragraph follows it,
//!   otherwise a page leftover (infobox lines, related-article links);
//! - bylines, datelines, sign-offs, disclaimers and separator lines are boilerplate, and so is
//!   everything after a "related content" / "more on this topic" style trailer;
//! - the notes section starts at the last definition labelled 1; definitions follow in sequence,
//!   and lines that continue a note (URLs split across lines) are joined into it.

use super::footnotes::{find_markers, is_ibid, parse_note_def};
use super::inline::{self, Inline};
use super::model::{
    BlockKind, Document, DocumentBuilder, DocumentMeta, Marker, Note, Span, SpanKind,
};
use super::paragraphs::RawParagraph;
use unicode_width::UnicodeWidthStr;

/// Metadata a manifest may give for a document; anything `None` is inferred from the text.
#[derive(Debug, Clone, Default)]
pub struct GivenMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub publication: Option<String>,
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '“' | '”' | '"' | '‘' | '’' | '\'' => None,
            c => Some(c.to_lowercase().next().unwrap_or(c)),
        })
        .collect::<String>()
        .trim()
        .trim_end_matches('.')
        .to_string()
}

/// A short line that reads like a heading (no sentence-closing punctuation).
fn heading_like(s: &str) -> bool {
    if s.len() > 400 {
        return false;
    }
    let stripped = strip_glued_numbers(s);
    // Trailing bracket groups (`[..]`, `[3]`) say nothing about whether this is a sentence.
    let s = stripped
        .trim_end_matches(']')
        .rsplit_once('[')
        .filter(|_| stripped.ends_with(']'))
        .map_or(stripped.as_str(), |(head, _)| head)
        .trim_end();
    let words = word_count(s);
    let ends_badly = s.ends_with(['.', ',', ';'])
        || (s.ends_with(':') && words > 3)
        || (s.ends_with(['?', '!']) && has_clause_break(s));
    words > 0
        && words <= 12
        && s.width() <= 90
        && !ends_badly
        && !s.starts_with(['(', '-', ','])
        && !has_sentence_break(s)
}

/// Removes numbers glued after punctuation (`year.1`), which may be footnote markers.
fn strip_glued_numbers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() && ".,;:!?”’)".contains(prev) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            continue;
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Whether a comma runs on into a lower-case clause ("… him Lord, and how is he his son?"):
/// a question or exclamation that does is a sentence, not a heading ("Ally of the US?").
fn has_clause_break(s: &str) -> bool {
    s.match_indices(", ")
        .any(|(i, _)| s[i + 2..].chars().next().is_some_and(char::is_lowercase))
}

/// Whether a sentence ends inside `s` ("word. Next"), which headings never do.
fn has_sentence_break(s: &str) -> bool {
    s.match_indices(". ").any(|(i, _)| {
        let before = s[..i].chars().last();
        let after = s[i + 2..].chars().next();
        before.is_some_and(char::is_lowercase) && after.is_some_and(char::is_uppercase)
    })
}

const META_PREFIXES: &[&str] = &[
    "author:",
    "authors:",
    "by ",
    "updated:",
    "last updated:",
    "publication:",
    "published:",
    "posted:",
    "date:",
    "moderator:",
    "filed under:",
    "tags:",
];

const DISCLAIMERS: &[&str] = &[
    "neither represents nor endorses",
    "is not responsible for the content",
    "all rights reserved",
    "copyright ©",
];

/// Page trailers after which everything left in the article is a web-page leftover.
const TRAILERS: &[&str] = &[
    "explore our related content",
    "related content",
    "more on this topic",
    "additional resources",
    "related articles",
    "related posts",
    "you may also like",
    "recommended for you",
    "read more",
    "share this",
];

/// Single leftover lines of web pages.
fn is_leftover_line(lower: &str) -> bool {
    (lower.starts_with("back to ") && lower.ends_with(" home"))
        || lower.starts_with("view more from")
        || lower.starts_with("follow us")
        || lower.starts_with("sign up for")
        || lower.starts_with("subscribe to")
        || lower == "author:"
        || lower == "moderator:"
}

pub(crate) fn is_trailer(lower: &str) -> bool {
    lower.len() < 120
        && TRAILERS
            .iter()
            .any(|t| lower == *t || (lower.starts_with(t) && word_count(lower) <= 8))
}

fn is_meta_line(text: &str) -> bool {
    if text.len() > 1000 {
        return false;
    }
    let lower = text.to_lowercase();
    let short = text.width() <= 140;
    (short && META_PREFIXES.iter().any(|p| lower.starts_with(p)))
        || DISCLAIMERS.iter().any(|d| lower.contains(d))
        || text.chars().all(|c| !c.is_alphanumeric())
}

/// A short sign-off naming an author or outlet: "Right Web", "Muftah.org", "Ari Katz, Fairobserver".
fn is_sign_off(text: &str) -> bool {
    if text.len() > 200 {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && text.width() <= 50
        && !text.ends_with(['.', '?', '!', ':'])
        && words.iter().all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.is_empty() || w.chars().next().is_some_and(|c| c.is_uppercase()) || w.contains('.')
        })
}

/// Removes a leading "Author:" / "By" and a trailing role or outlet from a byline.
fn byline_name(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let rest = ["author:", "authors:", "by "]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| &text[p.len()..])?;
    let name = rest.split(',').next()?.trim();
    (!name.is_empty() && word_count(name) <= 6).then(|| name.to_string())
}

/// "Mahan Abedin is the editor of …" → "Mahan Abedin".
fn bio_name(text: &str) -> Option<String> {
    let idx = text.find(" is ")?;
    let head = &text[..idx];
    let words: Vec<&str> = head.split_whitespace().collect();
    let capitalised = words
        .iter()
        .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()));
    let rest = &text[idx + 4..];
    let role = [
        "a ",
        "an ",
        "the ",
        "editor",
        "director",
        "senior",
        "former",
        "professor",
    ]
    .iter()
    .any(|r| rest.starts_with(r));
    ((2..=4).contains(&words.len()) && capitalised && role && word_count(text) >= 8)
        .then(|| head.to_string())
}

fn date_from_meta(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    [
        "last updated:",
        "updated:",
        "published:",
        "date:",
        "posted:",
    ]
    .iter()
    .find(|p| lower.starts_with(*p))
    .map(|p| text[p.len()..].trim().to_string())
    .filter(|d| !d.is_empty())
}

/// A block before linking: kind and parsed inline text.
struct Draft {
    kind: BlockKind,
    inline: Inline,
    /// For notes: label, byte offset of the note body inside `inline.text`, and which notes
    /// section (0, 1, …) the note belongs to.
    note: Option<(String, usize, usize)>,
}

/// The notes found from paragraph `start` on: definitions in sequence (each label a little
/// above the last), with the lines that continue a note (URLs split across lines) joined into
/// it. Returns the notes as (paragraph, label, body), the paragraphs joined into a note, and
/// where the section ends (the first paragraph that is neither).
fn scan_notes(
    paragraphs: &[Inline],
    start: usize,
) -> (Vec<(usize, String, String)>, Vec<usize>, usize) {
    let mut notes: Vec<(usize, String, String)> = Vec::new();
    let mut joined = Vec::new();
    let mut last: u32 = 0;
    let mut i = start;
    while i < paragraphs.len() {
        let text = &paragraphs[i].text;
        let def = parse_note_def(text).filter(|d| {
            let v: u32 = d.label.parse().unwrap_or(0);
            v > last && v <= last + 3
        });
        if let Some(def) = def {
            last = def.label.parse().unwrap_or(last);
            notes.push((i, def.label, text[def.body_start..].to_string()));
        } else if let Some(current) = notes.last_mut() {
            let continues = text.starts_with("http")
                || text.starts_with("www.")
                || ends_with_url_fragment(&current.2)
                || text.chars().next().is_some_and(|c| c.is_lowercase());
            if !continues {
                break;
            }
            if !ends_with_url_fragment(&current.2) || text.starts_with("http") {
                current.2.push(' ');
            }
            current.2.push_str(text);
            joined.push(i);
        } else {
            break;
        }
        i += 1;
    }
    (notes, joined, i)
}

/// Where notes sections start. The last paragraph that defines note 1 (not the first) starts
/// one; an earlier one starts another (a compilation of articles, each with its endnotes)
/// only when markers in the body text before it point at its notes, so a numbered list in the
/// body stays body text.
fn notes_starts(paragraphs: &[Inline]) -> Vec<usize> {
    let ones: Vec<usize> = (1..paragraphs.len())
        .filter(|&i| parse_note_def(&paragraphs[i].text).is_some_and(|d| d.label == "1"))
        .collect();
    let Some((&last, earlier)) = ones.split_last() else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    // the body text a candidate's markers are looked for in: since the previous candidate's
    // notes (runs of definitions end before the next definition of note 1, so each paragraph
    // is read once or twice)
    let mut body_from = 0;
    for &start in earlier {
        if start < body_from {
            continue;
        }
        let (notes, _, end) = scan_notes(paragraphs, start);
        let has_label = |l: &str| notes.iter().any(|n| n.1 == l);
        let mut last_label = 0;
        // notes cite: most of them give a year, an address or an ibid — a numbered list in
        // the body does not
        let cited = notes
            .iter()
            .filter(|(_, _, body)| cites_a_source(body))
            .count();
        let pointed_at = notes.len() >= 2
            && 2 * cited >= notes.len()
            && paragraphs[body_from..start]
                .iter()
                .any(|p| !find_markers(&p.text, &has_label, &mut last_label).is_empty());
        if pointed_at {
            starts.push(start);
        }
        body_from = end;
    }
    if last >= body_from {
        starts.push(last);
    }
    starts
}

/// Whether a note's text reads like a citation: it gives an address, a year (1500–2099) or
/// says ibid.
fn cites_a_source(text: &str) -> bool {
    text.contains("http")
        || text.contains("www.")
        || is_ibid(text)
        || text
            .split(|c: char| !c.is_ascii_digit())
            .any(|d| d.len() == 4 && ("1500".."2100").contains(&d))
}

fn ends_with_url_fragment(text: &str) -> bool {
    !text.ends_with(char::is_whitespace)
        && text
            .split_whitespace()
            .last()
            .is_some_and(|w| w.contains("://") || w.starts_with("www."))
}

/// Builds one document from its raw paragraphs.
pub fn build_document(
    paragraphs: &[RawParagraph],
    given: GivenMeta,
    id: &str,
    source: &str,
) -> Document {
    let parsed: Vec<Inline> = paragraphs.iter().map(|p| inline::parse(&p.text)).collect();
    let n = parsed.len();
    let mut kinds: Vec<Option<BlockKind>> = vec![None; n];

    // Title: the manifest's title if it appears near the top, else a short first paragraph.
    let mut title_index = None;
    if let Some(title) = &given.title {
        let want = fold(title);
        title_index = parsed.iter().take(4).position(|p| fold(&p.text) == want);
    }
    if title_index.is_none() && given.title.is_none() {
        if let Some(first) = parsed.first() {
            if word_count(&first.text) <= 25 && first.text.width() <= 200 {
                title_index = Some(0);
            }
        }
    }
    if let Some(t) = title_index {
        for k in kinds.iter_mut().take(t) {
            *k = Some(BlockKind::Boilerplate);
        }
        kinds[t] = Some(BlockKind::Title);
    }

    // Notes sections.
    let mut drafts_notes: Vec<(usize, String, String, usize)> = Vec::new(); // (para, label, body, section)
    let starts = notes_starts(&parsed);
    let notes_from = starts.last().copied();
    let mut note_paras: Vec<Option<usize>> = vec![None; n]; // para → index in drafts_notes
    for (section, &start) in starts.iter().enumerate() {
        let (notes, joined, _) = scan_notes(&parsed, start);
        for (i, label, body) in notes {
            drafts_notes.push((i, label, body, section));
            note_paras[i] = Some(drafts_notes.len() - 1);
            kinds[i] = Some(BlockKind::Note);
        }
        for i in joined {
            kinds[i] = Some(BlockKind::Note);
            note_paras[i] = Some(usize::MAX); // merged into the previous note
        }
        // A short label line right before the notes ("Sources", "References:") is a heading.
        let label = &parsed[start.saturating_sub(1)].text;
        if start > 0 && kinds[start - 1].is_none() && word_count(label) <= 3 && heading_like(label)
        {
            kinds[start - 1] = Some(BlockKind::Heading);
        }
    }

    // Boilerplate: trailers and everything after them, leftovers, meta lines, sign-offs.
    let mut author = given.author.clone();
    let mut date = given.date.clone();
    let infer_author = given.author.is_none() && given.title.is_none();
    let infer_date = given.date.is_none() && given.title.is_none();
    let mut in_trailer = false;
    let last_body = (0..n)
        .rev()
        .find(|&i| kinds[i].is_none() && !is_meta_line(&parsed[i].text));
    for i in 0..n {
        if kinds[i] == Some(BlockKind::Note) {
            in_trailer = false;
            continue;
        }
        if kinds[i].is_some() && kinds[i] != Some(BlockKind::Heading) {
            continue;
        }
        let text = &parsed[i].text;
        let lower = text.to_lowercase();
        if is_trailer(&lower) {
            in_trailer = true;
        }
        let after_notes = notes_from.is_some_and(|s| i > s);
        let sign_off = (Some(i) == last_body || after_notes) && is_sign_off(text);
        if in_trailer || is_leftover_line(&lower) || is_meta_line(text) || sign_off {
            if kinds[i] != Some(BlockKind::Heading) || in_trailer {
                kinds[i] = Some(BlockKind::Boilerplate);
            }
            if infer_author && author.is_none() {
                author = byline_name(text).or_else(|| {
                    sign_off.then(|| text.split(',').next().unwrap_or(text).trim().to_string())
                });
            }
            if infer_date && date.is_none() {
                date = date_from_meta(text);
            }
        }
    }
    if infer_author && author.is_none() {
        author = parsed.iter().rev().take(12).find_map(|p| bio_name(&p.text));
    }

    // Headings and paragraphs.
    for i in 0..n {
        if kinds[i].is_some() {
            continue;
        }
        let text = &parsed[i].text;
        if heading_like(text) {
            // A heading introduces body text; a heading-like line followed by another one, by
            // notes or by nothing is a page leftover (infobox lines, related links).
            let next = (i + 1..n).find(|&j| kinds[j] != Some(BlockKind::Boilerplate));
            let next_is_body = next.is_some_and(|j| match kinds[j] {
                None => !heading_like(&parsed[j].text),
                Some(kind) => kind == BlockKind::Paragraph,
            });
            kinds[i] = Some(if next_is_body {
                BlockKind::Heading
            } else {
                BlockKind::Boilerplate
            });
        } else {
            kinds[i] = Some(BlockKind::Paragraph);
        }
    }

    // Assemble blocks (continuation paragraphs of notes were merged into their note).
    let mut drafts: Vec<Draft> = Vec::new();
    for i in 0..n {
        match note_paras[i] {
            Some(usize::MAX) => continue,
            Some(k) => {
                let (_, label, body, section) = &drafts_notes[k];
                // A note ends where page boilerplate glued to it begins.
                let cut = crate::corpus::footnotes::trailer_start(body);
                let (body, trailer) = body.split_at(cut.unwrap_or(body.len()));
                let shown = format!("{label} {body}");
                let parsed_note = inline::parse(&shown);
                drafts.push(Draft {
                    kind: BlockKind::Note,
                    inline: parsed_note,
                    note: Some((label.clone(), label.len() + 1, *section)),
                });
                if !trailer.trim().is_empty() {
                    drafts.push(Draft {
                        kind: BlockKind::Boilerplate,
                        inline: inline::parse(trailer.trim()),
                        note: None,
                    });
                }
            }
            None => drafts.push(Draft {
                kind: kinds[i].unwrap_or(BlockKind::Paragraph),
                inline: parsed[i].clone(),
                note: None,
            }),
        }
    }

    let title = given
        .title
        .clone()
        .or_else(|| title_index.map(|t| parsed[t].text.clone()))
        .unwrap_or_else(|| fallback_title(&parsed, id));
    let meta = DocumentMeta {
        id: id.to_string(),
        title,
        author: author.map(|a| inline::parse(&a).text),
        date,
        publication: given.publication,
        source: source.to_string(),
        format: Default::default(),
    };
    assemble(drafts, meta)
}

fn fallback_title(parsed: &[Inline], id: &str) -> String {
    let Some(first) = parsed.first() else {
        return id.to_string();
    };
    let words: Vec<&str> = first.text.split_whitespace().collect();
    if words.len() <= 10 {
        first.text.clone()
    } else {
        format!("{} …", words[..10].join(" "))
    }
}

/// Links markers to notes and produces the document.
fn assemble(drafts: Vec<Draft>, meta: DocumentMeta) -> Document {
    let mut builder = DocumentBuilder::default();
    let mut notes: Vec<Note> = Vec::new();
    // the notes section the markers of each block point at: the next one after the block
    // (the last one for blocks after every section)
    let sections = drafts
        .iter()
        .filter_map(|d| d.note.as_ref().map(|n| n.2 + 1))
        .max()
        .unwrap_or(0);
    let mut labels: Vec<Vec<String>> = vec![Vec::new(); sections.max(1)];
    for (l, _, section) in drafts.iter().filter_map(|d| d.note.as_ref()) {
        labels[*section].push(l.clone());
    }
    let mut target = vec![0; drafts.len()];
    let mut next = sections.saturating_sub(1);
    for (i, d) in drafts.iter().enumerate().rev() {
        if let Some((_, _, section)) = d.note {
            next = section;
        }
        target[i] = next;
    }
    let mut last_label = 0u32;
    let mut last_target = 0;
    let mut markers: Vec<Marker> = Vec::new();
    let mut marker_sections: Vec<usize> = Vec::new();
    let mut note_sections: Vec<usize> = Vec::new();
    for (i, draft) in drafts.into_iter().enumerate() {
        let section = target[i];
        if section != last_target {
            // numbering starts again with each section's notes
            last_label = 0;
            last_target = section;
        }
        let has_label = |l: &str| labels[section].iter().any(|x| x == l);
        let mut spans = draft.inline.spans.clone();
        let start = builder.next_block_start();
        if matches!(draft.kind, BlockKind::Paragraph | BlockKind::Heading) {
            for m in find_markers(&draft.inline.text, &has_label, &mut last_label) {
                let overlaps = spans
                    .iter()
                    .any(|s| s.range.start < m.offset + m.len && m.offset < s.range.end);
                if overlaps {
                    continue;
                }
                spans.push(Span {
                    range: m.offset..m.offset + m.len,
                    kind: SpanKind::Marker {
                        marker: markers.len(),
                    },
                });
                markers.push(Marker {
                    label: m.label,
                    offset: start + m.offset,
                    len: m.len,
                    note: None,
                });
                marker_sections.push(section);
            }
            spans.sort_by_key(|s| (s.range.start, s.range.end));
        }
        let block = builder.push(draft.kind, &draft.inline.text, spans);
        if let Some((label, body_offset, section)) = draft.note {
            let text = draft.inline.text[body_offset.min(draft.inline.text.len())..].to_string();
            notes.push(Note {
                label,
                text,
                ibid_of: None,
                block,
            });
            note_sections.push(section);
        }
    }
    for i in 1..notes.len() {
        if note_sections[i] == note_sections[i - 1] && is_ibid(&notes[i].text) {
            notes[i].ibid_of = Some(notes[i - 1].ibid_of.unwrap_or(i - 1));
        }
    }
    for (m, &section) in markers.iter_mut().zip(&marker_sections) {
        m.note =
            (0..notes.len()).find(|&k| note_sections[k] == section && notes[k].label == m.label);
    }
    builder.markers = markers;
    builder.notes = notes;
    builder.finish(meta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::paragraphs::paragraphs;

    fn doc(text: &str) -> Document {
        build_document(&paragraphs(text), GivenMeta::default(), "d", "d.txt")
    }

    fn kinds(d: &Document) -> Vec<&'static str> {
        d.blocks.iter().map(|b| b.kind.as_str()).collect()
    }

    #[test]
    fn title_headings_paragraphs() {
        let d = doc("A Title\n\nIntroduction\n\nThe body of the text goes here, at length.\n\nAlly of the US?\n\nMore body text follows in this paragraph.");
        assert_eq!(
            kinds(&d),
            ["title", "heading", "paragraph", "heading", "paragraph"]
        );
        assert_eq!(d.title, "A Title");
    }

    #[test]
    fn a_short_question_running_on_after_a_comma_is_a_paragraph() {
        let d = doc("A Title\n\nThe body of the text goes here, at length.\n\nDavid therefore calleth him Lord, and how is he his son?\n\nMore body text follows in this paragraph.\n\nWhat does the group want?\n\nThe last paragraph of the text.");
        assert_eq!(
            kinds(&d),
            [
                "title",
                "paragraph",
                "paragraph",
                "paragraph",
                "heading",
                "paragraph"
            ]
        );
    }

    #[test]
    fn endnotes_link_to_markers() {
        let d = doc("T\n\nSomething happened that year.1 However, more came.2\n\nThe body goes on at some length.\n\n1 Journal, 1979.\n\n2 Newsweek, 2002.");
        assert_eq!(d.notes.len(), 2);
        assert_eq!(d.markers.len(), 2, "{:#?} {:?}", d.blocks, d.text);
        assert_eq!(d.markers[0].note, Some(0));
        assert_eq!(&d.text[d.markers[0].offset..d.markers[0].offset + 1], "1");
        assert_eq!(d.notes[1].text, "Newsweek, 2002.");
        assert_eq!(
            kinds(&d),
            ["title", "paragraph", "paragraph", "note", "note"]
        );
    }

    #[test]
    fn each_article_of_a_compilation_keeps_its_own_endnotes() {
        // two articles in one file, each with its notes numbered from 1, the first article's
        // notes with a URL split over two lines
        let d = doc("Collected articles\n\nThe first article says a thing.[1] It says more.[2]\n\nNotes\n\n[1] A. Writer, “A title,” http://example.org/2012/09/21/a-long-\npath-split-over-lines/.\n\n[2] B. Writer, Journal, 2010.\n\nThe second article\n\nThe second article makes its own point.1 Then another.2\n\n1 C. Writer, Paper, 2011.\n\n2 Ibid., p. 4.");
        assert_eq!(d.notes.len(), 4, "{:#?}", d.blocks);
        assert!(
            d.notes[0].text.ends_with("a-long-path-split-over-lines/."),
            "{:?}",
            d.notes[0].text
        );
        assert!(
            !d.blocks.iter().any(
                |b| b.kind == BlockKind::Paragraph && d.block_text(b).starts_with("path-split")
            ),
            "no URL piece is left as a paragraph"
        );
        assert_eq!(d.markers.len(), 4, "{:?}", d.markers);
        let linked: Vec<Option<usize>> = d.markers.iter().map(|m| m.note).collect();
        assert_eq!(
            linked,
            [Some(0), Some(1), Some(2), Some(3)],
            "each to its own article's note"
        );
        assert_eq!(
            d.notes[3].ibid_of,
            Some(2),
            "ibid within the second article's notes"
        );
        assert_eq!(
            d.block_text(&d.blocks[d.notes[0].block]).chars().next(),
            Some('1')
        );
    }

    #[test]
    fn a_numbered_list_after_a_marker_is_not_a_notes_section() {
        // a marker before the list points at the real notes; the list cites nothing
        let d = doc("T\n\nAs the report said,[1] the plan had parts.\n\n1. First, the group would move.\n\n2. Second, it would disarm.\n\nThe rest came later.[2]\n\nNotes\n\n[1] Report, 2004.\n\n[2] Paper, 2005.");
        assert_eq!(d.notes.len(), 2, "{:#?}", d.blocks);
        assert_eq!(d.notes[0].text, "Report, 2004.");
        let linked: Vec<Option<usize>> = d.markers.iter().map(|m| m.note).collect();
        assert_eq!(linked, [Some(0), Some(1)]);
    }

    #[test]
    fn a_numbered_list_in_the_body_is_not_a_notes_section() {
        // no marker points at the list: it stays body text; the real notes are the last ones
        let d = doc("T\n\nThe plan had three parts.\n\n1 First, the group would move.\n\n2 Second, it would disarm.\n\nThat was the plan, as the report said.1\n\n1 Report, 2004.");
        assert_eq!(d.notes.len(), 1, "{:#?}", d.blocks);
        assert_eq!(d.markers.len(), 1);
        assert_eq!(d.markers[0].note, Some(0));
    }

    #[test]
    fn split_urls_join_into_one_note() {
        let long = "word ".repeat(30);
        let d = doc(&format!("T\n\n{long}cited.[1]\nSources\n[1] Elise Labott, “Clinton,” CNN.com, 2012,\nhttp://security.blogs.cnn.com/2012/09/21/clinton-\nto-de-list-iranian-exile-group/.\n[2]ibid"));
        assert_eq!(d.notes.len(), 2);
        assert!(d.notes[0]
            .text
            .ends_with("2012, http://security.blogs.cnn.com/2012/09/21/clinton-to-de-list-iranian-exile-group/."));
        assert_eq!(d.notes[1].ibid_of, Some(0));
        assert_eq!(d.markers.len(), 1);
        assert!(kinds(&d).contains(&"heading"));
    }

    #[test]
    fn ibid_chains_resolve_to_the_original() {
        let d = doc("T\n\nOne.[1] Two.[2] Three.[3] Four.[4]\n\n[1] Source A.\n\n[2]ibid\n\n[3]ibid\n\n[4] Source B.");
        assert_eq!(d.notes[1].ibid_of, Some(0));
        assert_eq!(d.notes[2].ibid_of, Some(0));
        assert_eq!(d.notes[3].ibid_of, None);
    }

    #[test]
    fn web_leftovers_are_boilerplate() {
        let d = doc("Backgrounders\n\nThe Title\n\nAuthor: [Jane Doe](#), Deputy Editor\n\nUpdated: July 28, 2014\n\nBody text of the article, long enough to be one.\n\nMore on this topic from CFR\n\n[Some Link](#)\n\nAuthor:\n\n[Back to backgrounders home](#)");
        assert_eq!(d.author.as_deref(), Some("Jane Doe"));
        assert_eq!(d.date.as_deref(), Some("July 28, 2014"));
        let k = kinds(&d);
        assert_eq!(k[0], "title"); // no manifest: first line is the title
        assert_eq!(k[2], "boilerplate");
        assert_eq!(k[4], "paragraph");
        assert!(k[5..].iter().all(|k| *k == "boilerplate"), "{k:?}");
    }

    #[test]
    fn manifest_title_makes_section_labels_boilerplate() {
        let given = GivenMeta {
            title: Some("The Title".into()),
            ..GivenMeta::default()
        };
        let d = build_document(
            &paragraphs("Backgrounders\n\nThe Title\n\nBody text of the article, long enough."),
            given,
            "d",
            "d.txt",
        );
        assert_eq!(kinds(&d), ["boilerplate", "title", "paragraph"]);
    }

    #[test]
    fn sign_off_and_infobox_are_boilerplate() {
        let long = "This is a body paragraph with a good number of words in it. ".repeat(3);
        let d = doc(&format!(
            "Title\n{long}\nPeople’s Group (PG)\nFounded\n1963\nSome Outlet"
        ));
        let k = kinds(&d);
        assert_eq!(
            k,
            [
                "title",
                "paragraph",
                "boilerplate",
                "boilerplate",
                "boilerplate",
                "boilerplate"
            ]
        );
        assert_eq!(d.author.as_deref(), Some("Some Outlet"));
    }

    #[test]
    fn author_from_bio() {
        let d = doc("Title\n\nBody text here.\n\nMahan Abedin is the editor of Terrorism Monitor, published by a foundation.");
        assert_eq!(d.author.as_deref(), Some("Mahan Abedin"));
    }

    mod properties {
        use super::*;
        use crate::corpus::normalize::clean;
        use proptest::prelude::*;

        fn check(d: &Document) -> Result<(), TestCaseError> {
            d.check_invariants().map_err(TestCaseError::fail)
        }

        proptest! {
            #[test]
            fn any_text_parses_into_a_consistent_document(s in "\\PC{0,400}") {
                check(&doc(&clean(&s)))?;
            }

            #[test]
            fn footnote_shaped_text_links_consistently(
                paras in proptest::collection::vec(
                    "([A-Z][a-z]{1,8}( [a-z]{1,8}){0,12}[.,]?(\\[[0-9]{1,2}\\]|[0-9]{1,2}|¹|\\[\\^[0-9]\\])? ?){1,4}",
                    1..8),
                notes in proptest::collection::vec("(\\[[0-9]{1,2}\\] ?|[0-9]{1,2}\\.? )[A-Z][a-z]{2,8}( [a-z]{2,6}){0,5}", 0..6),
            ) {
                let text = format!("Title\n\n{}\n\n{}", paras.join("\n\n"), notes.join("\n"));
                check(&doc(&clean(&text)))?;
            }
        }
    }
}
