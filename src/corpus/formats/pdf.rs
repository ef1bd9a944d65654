//! PDF (`.pdf`) with pdf-extract (on lopdf): the text layer, page by page, reflowed.
//!
//! Each page's text is extracted on its own; running headers and footers (a first or last line
//! that recurs, digits aside, on at least half the pages) and page numbers (`7`, `- 7 -`,
//! `Page 7 of 9`) are dropped. Pages are joined so that a paragraph running over a page break
//! stays one (a break only where a sentence ends and the next page starts with a capital), and
//! the text is then read like a hard-wrapped text file ([`crate::corpus::paragraphs`]), which
//! joins wrapped lines and words hyphenated at a line end. Title and author come from the
//! document information dictionary, else from the first lines (the structure pass). A PDF
//! with no text layer is an error, [`PdfError::NoText`] ("no text: scanned?").

use std::collections::HashMap;

/// Why a PDF gave no text.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("cannot read the PDF: {0}")]
    Parse(String),
    #[error("encrypted PDF (no password)")]
    Encrypted,
    #[error("no text: scanned?")]
    NoText,
}

/// A PDF's text layer, page by page, with its information dictionary.
#[derive(Debug, Clone, Default)]
pub struct PdfText {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub pages: Vec<String>,
}

/// A PDF text string: UTF-16 with a BOM, else PDFDocEncoding (read as Latin-1).
fn text_string(bytes: &[u8]) -> String {
    let s = if let Some(body) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units = body
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]));
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    } else if let Ok(s) = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
    {
        s.to_string()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    };
    s.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn info_field(doc: &pdf_extract::Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let (_, info) = doc.dereference(info).ok()?;
    let value = info.as_dict().ok()?.get(key).ok()?;
    let (_, value) = doc.dereference(value).ok()?;
    let s = text_string(value.as_str().ok()?);
    (!s.is_empty()).then_some(s)
}

/// `D:20140728120000Z` → `2014-07-28`.
fn pdf_date(s: &str) -> Option<String> {
    let d = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = d.chars().take_while(char::is_ascii_digit).collect();
    match digits.len() {
        8.. => Some(format!(
            "{}-{}-{}",
            &digits[..4],
            &digits[4..6],
            &digits[6..8]
        )),
        4..=7 => Some(digits[..4].to_string()),
        _ => None,
    }
}

/// Whether a content stream may use `'` or `"` as an operator: one right after a string
/// operand (`)'`, `) '`, `>"`) and before white space. A cheap test before decoding.
fn has_quote_operator(content: &[u8]) -> bool {
    content.iter().enumerate().any(|(i, &b)| {
        if b != b'\'' && b != b'"' {
            return false;
        }
        let next_ok = content.get(i + 1).is_none_or(|c| c.is_ascii_whitespace());
        let prev = content[..i].iter().rev().find(|c| !c.is_ascii_whitespace());
        next_ok && matches!(prev, Some(b')' | b'>'))
    })
}

/// Rewrites the text operators pdf-extract does not know (`'` and `"`: next line, then show,
/// as Ghostscript writes them) into the ones it does (`T*` then `Tj`).
fn plain_text_operators(doc: &mut pdf_extract::Document) {
    use pdf_extract::content::{Content, Operation};
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    for page in pages {
        let Ok(bytes) = doc.get_page_content(page) else {
            continue;
        };
        if !has_quote_operator(&bytes) {
            continue;
        }
        let Ok(content) = Content::decode(&bytes) else {
            continue;
        };
        if !content
            .operations
            .iter()
            .any(|o| o.operator == "'" || o.operator == "\"")
        {
            continue;
        }
        let mut ops = Vec::with_capacity(content.operations.len() + 8);
        for op in content.operations {
            match (op.operator.as_str(), op.operands.as_slice()) {
                ("'", [text]) => {
                    ops.push(Operation::new("T*", vec![]));
                    ops.push(Operation::new("Tj", vec![text.clone()]));
                }
                ("\"", [word, chars, text]) => {
                    ops.push(Operation::new("Tw", vec![word.clone()]));
                    ops.push(Operation::new("Tc", vec![chars.clone()]));
                    ops.push(Operation::new("T*", vec![]));
                    ops.push(Operation::new("Tj", vec![text.clone()]));
                }
                _ => ops.push(op),
            }
        }
        if let Ok(encoded) = (Content { operations: ops }).encode() {
            let _ = doc.change_page_content(page, encoded);
        }
    }
}

fn extract_inner(bytes: &[u8]) -> Result<PdfText, PdfError> {
    let mut doc =
        pdf_extract::Document::load_mem(bytes).map_err(|e| PdfError::Parse(e.to_string()))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfError::Encrypted);
    }
    plain_text_operators(&mut doc);
    let mut text = PdfText {
        title: info_field(&doc, b"Title"),
        author: info_field(&doc, b"Author"),
        date: info_field(&doc, b"CreationDate").and_then(|d| pdf_date(&d)),
        pages: Vec::new(),
    };
    let count = doc.get_pages().len() as u32;
    for page in 1..=count {
        let mut s = String::new();
        let mut out = pdf_extract::PlainTextOutput::new(&mut s);
        // a page that fails is left out; the others still count
        if pdf_extract::output_doc_page(&doc, &mut out, page).is_ok() {
            text.pages.push(s);
        }
    }
    if text.pages.iter().all(|p| p.trim().is_empty()) {
        return Err(PdfError::NoText);
    }
    Ok(text)
}

/// Reads a PDF's text layer. A panic inside the PDF libraries on a malformed file becomes an
/// error, never a crash.
pub fn extract(bytes: &[u8]) -> Result<PdfText, PdfError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract_inner(bytes)))
        .unwrap_or_else(|_| Err(PdfError::Parse("malformed PDF".into())))
}

/// A line that is only a page number: `7`, `- 7 -`, `Page 7`, `7 of 9`, `7 / 9`.
fn is_page_number(line: &str) -> bool {
    let t = line
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c == ' ');
    let lower = t.to_lowercase();
    let t = lower.strip_prefix("page").unwrap_or(&lower).trim();
    let first: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = t[first.len()..].trim();
    let rest = rest
        .strip_prefix("of")
        .or_else(|| rest.strip_prefix('/'))
        .map_or(rest, str::trim);
    !first.is_empty() && first.len() <= 4 && rest.chars().all(|c| c.is_ascii_digit())
}

/// A line's shape for spotting running headers: digits count as one.
fn shape(line: &str) -> String {
    let mut out = String::new();
    for c in line.trim().chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', ':', '"', '”', '’', ')'])
}

/// Pages → one text: running headers, footers and page numbers dropped, pages joined.
pub fn reflow(pages: &[String]) -> String {
    let lines: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| {
            let v: Vec<&str> = p.lines().collect();
            let start = v
                .iter()
                .position(|l| !l.trim().is_empty())
                .unwrap_or(v.len());
            let end = v
                .iter()
                .rposition(|l| !l.trim().is_empty())
                .map_or(start, |e| e + 1);
            v[start..end].to_vec()
        })
        .collect();
    // running lines: the first and last two lines of pages that recur, digits aside
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in &lines {
        let n = page.len();
        let edges: std::collections::HashSet<String> = (0..n.min(2))
            .chain(n.saturating_sub(2)..n)
            .map(|i| shape(page[i]))
            .collect();
        for e in edges {
            *counts.entry(e).or_default() += 1;
        }
    }
    let running = |line: &str| {
        lines.len() >= 2
            && counts
                .get(&shape(line))
                .is_some_and(|&c| c >= 2 && c * 2 >= lines.len())
    };
    let mut out = String::new();
    for page in &lines {
        let n = page.len();
        let keep: Vec<&str> = page
            .iter()
            .enumerate()
            .filter(|&(i, l)| {
                let edge = i < 2 || i + 2 >= n;
                !(edge && (is_page_number(l) || running(l)))
            })
            .map(|(_, l)| *l)
            .collect();
        let body = keep.join("\n");
        let body = body.trim_matches('\n');
        if body.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            let capital = body
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase());
            out.push_str(if ends_sentence(&out) && capital {
                "\n\n"
            } else {
                "\n"
            });
        }
        out.push_str(body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_operators_are_spotted() {
        assert!(has_quote_operator(b"(Hello)Tj\n14 TL\n(Second line)'\nET"));
        assert!(has_quote_operator(b"1 2 <0041> \""));
        assert!(!has_quote_operator(b"(it's here) Tj (x') Tj"));
    }

    #[test]
    fn page_numbers() {
        for l in ["7", "- 7 -", "Page 7", "page 7 of 9", "7 / 9"] {
            assert!(is_page_number(l), "{l}");
        }
        for l in ["1979 was the year", "Chapter 7", "7 dwarfs"] {
            assert!(!is_page_number(l), "{l}");
        }
    }

    #[test]
    fn running_headers_dropped_and_pages_joined() {
        let pages = vec![
            "A Report on Camps\n\nThe first page text goes on and\nends mid-\n\n1\n".to_string(),
            "A Report on Camps\nsentence here. Then more.\n\n2\n".to_string(),
            "A Report on Camps\nNew paragraph on page three.\n3".to_string(),
        ];
        let text = reflow(&pages);
        assert_eq!(
            text,
            "The first page text goes on and\nends mid-\nsentence here. Then more.\n\nNew paragraph on page three."
        );
    }

    #[test]
    fn dates_and_strings() {
        assert_eq!(pdf_date("D:20140728120000Z").as_deref(), Some("2014-07-28"));
        assert_eq!(text_string(b"\xFE\xFF\x00A\x00b"), "Ab");
        assert_eq!(text_string(b"caf\xE9"), "café");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(extract(b"%PDF-1.4 garbage").is_err());
        assert!(extract(b"").is_err());
    }
}
