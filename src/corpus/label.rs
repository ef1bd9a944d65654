//! Who is speaking: short names for a document's author, publication and date, and titles
//! told apart by their folder when two documents share one (`asv/Genesis`, `bbe/Genesis`).
//!
//! Pure functions of the corpus, shared by the pane titles, the picker, the topic map, the
//! corpus search and the exports.

use super::{Corpus, Document};

/// Separator between the parts of a pane title (`Masters · CFR 2014 · Mujahadeen…`).
pub const SEP: &str = " · ";

/// Whether `author` names an organisation rather than a person: it is the start of the
/// publication's name, a single word, or a web address.
fn is_organisation(doc: &Document, author: &str) -> bool {
    let a = author.trim().to_lowercase();
    a.split_whitespace().count() < 2
        || a.contains('.')
        || doc
            .publication
            .as_deref()
            .is_some_and(|p| p.trim().to_lowercase().starts_with(&a))
}

/// The author as a reader names them in a comparison: a person's surname ("Masters"), an
/// organisation's whole name ("Right Web").
pub fn short_author(doc: &Document) -> Option<String> {
    let author = doc.author.as_deref()?.trim();
    if author.is_empty() {
        return None;
    }
    if is_organisation(doc, author) {
        return Some(author.to_string());
    }
    author
        .split_whitespace()
        .last()
        .map(|s| s.trim_matches(|c: char| c == ',' || c == ';').to_string())
}

/// A publication's short name: up to its first comma or parenthesis; a long name of capitalised
/// words becomes their initials ("Council on Foreign Relations" → "CFR").
pub fn short_publication(doc: &Document) -> Option<String> {
    let p = doc.publication.as_deref()?.trim();
    let head = p.split([',', '(']).next().unwrap_or(p).trim();
    if head.is_empty() {
        return None;
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    let capitals: Vec<char> = words
        .iter()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    if words.len() > 3 && capitals.len() >= 3 {
        return Some(capitals.into_iter().collect());
    }
    Some(head.to_string())
}

/// The year of a document's date ("2014-07-28" → "2014"), else a short date as written.
pub fn short_date(doc: &Document) -> Option<String> {
    let date = doc.date.as_deref()?.trim();
    let bytes = date.as_bytes();
    for i in 0..bytes.len().saturating_sub(3) {
        let run = &date[i..i + 4];
        let before = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after = i + 4 == bytes.len() || !bytes[i + 4].is_ascii_digit();
        if before && after && run.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(y) = run.parse::<u32>() {
                if (1000..=2999).contains(&y) {
                    return Some(run.to_string());
                }
            }
        }
    }
    (!date.is_empty() && date.chars().count() <= 12).then(|| date.to_string())
}

/// The folder a document's file is in (the last folder of its source path), if any.
pub fn folder(doc: &Document) -> Option<&str> {
    let path = doc.source.trim_end_matches(['/', '\\']);
    let mut parts = path.rsplit(['/', '\\']);
    parts.next()?;
    parts.next().filter(|f| !f.is_empty() && *f != ".")
}

fn file_stem(doc: &Document) -> &str {
    let name = doc.source.rsplit(['/', '\\']).next().unwrap_or(&doc.source);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

fn same_title(a: &Document, b: &Document) -> bool {
    a.title.trim().eq_ignore_ascii_case(b.title.trim())
}

/// The document's title, told apart from other documents of the same title by its folder
/// (`asv/Genesis`), else by its file or id.
pub fn display_title(corpus: &Corpus, d: usize) -> String {
    let doc = &corpus.documents[d];
    let twins: Vec<&Document> = corpus
        .documents
        .iter()
        .enumerate()
        .filter(|&(i, o)| i != d && same_title(o, doc))
        .map(|(_, o)| o)
        .collect();
    if twins.is_empty() {
        return doc.title.clone();
    }
    let mine = folder(doc);
    if mine.is_some() && twins.iter().all(|o| folder(o) != mine) {
        return format!("{}/{}", mine.unwrap_or_default(), doc.title);
    }
    if twins.iter().all(|o| o.source != doc.source) {
        return format!("{}/{}", file_stem(doc), doc.title);
    }
    format!("{} ({})", doc.title, doc.id)
}

/// Who speaks in the document: the short author, else the short publication.
pub fn speaker(doc: &Document) -> Option<String> {
    short_author(doc).or_else(|| short_publication(doc))
}

/// What follows the speaker: the publication (when the author leads) and the year.
pub fn source_line(doc: &Document) -> Option<String> {
    let mut parts = Vec::new();
    if short_author(doc).is_some() {
        if let Some(p) = short_publication(doc) {
            if Some(&p) != short_author(doc).as_ref() {
                parts.push(p);
            }
        }
    }
    parts.extend(short_date(doc));
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A pane's label: `Masters · CFR 2014 · Mujahadeen-e-Khalq (MEK)` — the speaker first, so
/// that a cut title never cuts the author. Returns the label and the width of its part that
/// must stay in view (the speaker).
pub fn pane_label(corpus: &Corpus, d: usize) -> (String, String) {
    let doc = &corpus.documents[d];
    let who = speaker(doc);
    let mut parts: Vec<String> = Vec::new();
    parts.extend(who.clone());
    parts.extend(source_line(doc));
    parts.push(display_title(corpus, d));
    (parts.join(SEP), who.unwrap_or_default())
}

/// A pane's label where the whole one does not fit: the speaker, the year and the title (the
/// publication left out).
pub fn pane_label_short(corpus: &Corpus, d: usize) -> String {
    let doc = &corpus.documents[d];
    let mut parts: Vec<String> = Vec::new();
    parts.extend(speaker(doc));
    parts.extend(short_date(doc));
    parts.push(display_title(corpus, d));
    parts.join(SEP)
}

/// The words the picker's filter searches: folder, file, author, publication, date, title.
pub fn search_text(corpus: &Corpus, d: usize) -> String {
    let doc = &corpus.documents[d];
    let mut s = display_title(corpus, d);
    for part in [
        folder(doc),
        Some(doc.source.as_str()),
        doc.author.as_deref(),
        doc.publication.as_deref(),
        doc.date.as_deref(),
        Some(doc.id.as_str()),
    ]
    .into_iter()
    .flatten()
    {
        s.push(' ');
        s.push_str(part);
    }
    s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::BlockKind;

    fn doc(title: &str, source: &str, author: Option<&str>, publication: Option<&str>) -> Document {
        let mut d = Document::from_blocks(title, title, &[(BlockKind::Paragraph, "Text.")]);
        d.source = source.into();
        d.author = author.map(Into::into);
        d.publication = publication.map(Into::into);
        d
    }

    #[test]
    fn speaker_is_a_surname_or_an_organisation() {
        let mut m = doc(
            "Mujahadeen-e-Khalq (MEK)",
            "seeds/002.txt",
            Some("Jonathan Masters"),
            Some("Council on Foreign Relations, Backgrounders"),
        );
        m.date = Some("2014-07-28".into());
        assert_eq!(short_author(&m).as_deref(), Some("Masters"));
        assert_eq!(short_publication(&m).as_deref(), Some("CFR"));
        let c = Corpus {
            documents: vec![m],
            warnings: vec![],
        };
        assert_eq!(
            pane_label(&c, 0).0,
            "Masters · CFR 2014 · Mujahadeen-e-Khalq (MEK)"
        );
        let rw = doc(
            "MEK",
            "x.txt",
            Some("Right Web"),
            Some("Right Web (Institute for Policy Studies)"),
        );
        assert_eq!(short_author(&rw).as_deref(), Some("Right Web"));
        assert_eq!(source_line(&rw), None);
        let monitor = doc(
            "T",
            "x.txt",
            None,
            Some("Terrorism Monitor, Volume 3, Issue 2"),
        );
        assert_eq!(speaker(&monitor).as_deref(), Some("Terrorism Monitor"));
    }

    #[test]
    fn same_titles_are_told_apart_by_folder() {
        let c = Corpus {
            documents: vec![
                doc("Genesis", "bible/asv/01_genesis.txt", None, None),
                doc("Genesis", "bible/bbe/01_genesis.txt", None, None),
                doc("Exodus", "bible/asv/02_exodus.txt", None, None),
            ],
            warnings: vec![],
        };
        assert_eq!(display_title(&c, 0), "asv/Genesis");
        assert_eq!(display_title(&c, 1), "bbe/Genesis");
        assert_eq!(display_title(&c, 2), "Exodus");
        assert!(search_text(&c, 1).contains("bbe"));
    }

    #[test]
    fn years_come_out_of_dates() {
        let mut d = doc("T", "t.txt", None, None);
        for (date, year) in [
            ("2014-07-28", Some("2014")),
            ("July 5, 2003", Some("2003")),
            ("n.d.", Some("n.d.")),
        ] {
            d.date = Some(date.into());
            assert_eq!(short_date(&d).as_deref(), year);
        }
    }
}
