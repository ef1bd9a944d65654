//! EPUB (`.epub`): one document per book, chapters in spine order.
//!
//! The zip is read through `Read + Seek`, so only the entries needed are decompressed (the
//! container, the OPF package and the spine's XHTML chapters — never images or fonts), each
//! up to [`MAX_ENTRY`] bytes. The OPF gives title (`dc:title`), author (`dc:creator`) and date
//! (`dc:date`). Chapters are read by the HTML [`Walker`] as one page each (their whole body is
//! the article); a title page (`epub:type="titlepage"`) is boilerplate, the navigation document
//! and `linear="no"` items are skipped. Notes link across chapters: a noteref (`epub:type`,
//! a class, a `<sup>` or a `1`/`[1]` link) to `notes.xhtml#n1` finds the element there.

use super::html::{note_map, text_of, Page, Walker};
use super::Extracted;
use crate::corpus::model::BlockKind;
use scraper::{ElementRef, Html};
use std::io::{Read, Seek};

/// The most bytes read from one zip entry (a guard against zip bombs).
pub const MAX_ENTRY: u64 = 32 << 20;

/// Why an EPUB could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    #[error("not a zip archive: {0}")]
    Zip(String),
    #[error("{0} is missing")]
    Missing(String),
    #[error("no chapters in the spine")]
    NoChapters,
}

fn read_entry<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<String, EpubError> {
    let entry = zip
        .by_name(name)
        .map_err(|_| EpubError::Missing(name.to_string()))?;
    let mut bytes = Vec::new();
    entry
        .take(MAX_ENTRY)
        .read_to_end(&mut bytes)
        .map_err(|e| EpubError::Zip(format!("{name}: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// Elements of an XML file parsed as HTML, by local name (`dc:title` → `title`).
fn elements<'a>(doc: &'a Html, local: &'a str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    doc.root_element().descendent_elements().filter(move |e| {
        let name = e.value().name();
        name.rsplit(':').next() == Some(local)
    })
}

/// `a/b/../c.xhtml` → `a/c.xhtml`; `%20` → ` `.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    percent_decode(&parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

struct Package {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
    chapters: Vec<String>,
}

fn package(opf: &str, opf_path: &str) -> Package {
    let doc = Html::parse_document(opf);
    let first = |name: &str| elements(&doc, name).map(text_of).find(|t| !t.is_empty());
    let creators: Vec<String> = elements(&doc, "creator")
        .map(text_of)
        .filter(|t| !t.is_empty())
        .collect();
    let base = dir_of(opf_path);
    let items: std::collections::HashMap<String, (String, String, String)> = elements(&doc, "item")
        .filter_map(|e| {
            let v = e.value();
            Some((
                v.attr("id")?.to_string(),
                (
                    v.attr("href")?.to_string(),
                    v.attr("media-type").unwrap_or("").to_string(),
                    v.attr("properties").unwrap_or("").to_string(),
                ),
            ))
        })
        .collect();
    let chapters = elements(&doc, "itemref")
        .filter(|r| r.value().attr("linear") != Some("no"))
        .filter_map(|r| items.get(r.value().attr("idref")?))
        .filter(|(_, media, props)| media.contains("html") && !props.contains("nav"))
        .map(|(href, _, _)| normalize(&format!("{base}/{}", href.split('#').next().unwrap_or(""))))
        .collect();
    Package {
        title: first("title"),
        author: (!creators.is_empty()).then(|| creators.join(", ")),
        date: first("date"),
        chapters,
    }
}

fn is_title_page(page: &Page) -> bool {
    let name = page
        .path
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    name.contains("title_page")
        || name.contains("titlepage")
        || page
            .html
            .root_element()
            .descendent_elements()
            .take(6)
            .any(|e| {
                e.value()
                    .attr("epub:type")
                    .is_some_and(|t| t.contains("titlepage"))
            })
}

/// Reads an EPUB from anything seekable (a file, or bytes in a cursor).
pub fn extract<R: Read + Seek>(reader: R) -> Result<Extracted, EpubError> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| EpubError::Zip(e.to_string()))?;
    let container = Html::parse_document(&read_entry(&mut zip, "META-INF/container.xml")?);
    let opf_path = elements(&container, "rootfile")
        .find_map(|e| e.value().attr("full-path").map(normalize))
        .ok_or_else(|| EpubError::Missing("the package (rootfile)".into()))?;
    let pkg = package(&read_entry(&mut zip, &opf_path)?, &opf_path);
    let mut pages = Vec::new();
    for path in &pkg.chapters {
        if pages.iter().any(|p: &Page| &p.path == path) {
            continue;
        }
        if let Ok(text) = read_entry(&mut zip, path) {
            pages.push(Page {
                path: path.clone(),
                html: Html::parse_document(&text),
            });
        }
    }
    if pages.is_empty() {
        return Err(EpubError::NoChapters);
    }
    let resolve = |i: usize, href: &str| -> Option<(usize, String)> {
        let (file, frag) = href.split_once('#')?;
        if file.is_empty() {
            return Some((i, frag.to_string()));
        }
        if file.contains("://") {
            return None;
        }
        let target = normalize(&format!("{}/{file}", dir_of(&pages[i].path)));
        pages
            .iter()
            .position(|p| p.path == target)
            .map(|t| (t, frag.to_string()))
    };
    let map = note_map(&pages, &resolve);
    let mut walker = Walker::new(&map);
    for (i, page) in pages.iter().enumerate() {
        let before = walker.ex.pieces.len();
        let body = elements(&page.html, "body")
            .next()
            .unwrap_or_else(|| page.html.root_element());
        walker.walk_page(i, *page.html.root_element(), *body);
        if is_title_page(page) {
            for p in &mut walker.ex.pieces[before..] {
                if p.note_key.is_none() {
                    p.kind = BlockKind::Boilerplate;
                }
            }
        }
    }
    let mut ex = walker.ex;
    ex.title = pkg.title;
    ex.author = pkg.author;
    ex.date = pkg.date;
    Ok(ex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(normalize("OEBPS/text/../ch%201.xhtml"), "OEBPS/ch 1.xhtml");
        assert_eq!(normalize("/a.xhtml"), "a.xhtml");
    }

    #[test]
    fn not_a_zip_is_an_error() {
        let err = extract(std::io::Cursor::new(b"not a zip".to_vec())).unwrap_err();
        assert!(err.to_string().contains("not a zip"), "{err}");
    }
}
