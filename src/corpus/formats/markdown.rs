//! Markdown (`.md`, `.markdown`) with pulldown-cmark: headings become heading blocks, emphasis
//! and links become spans with no syntax showing, list items keep a bullet or number, block
//! quotes a `> `, code blocks their lines; `[^label]` markers link to their definitions; YAML
//! front matter (`---`) gives title, author and date. A first `# Heading` is the title when the
//! front matter names none.

use super::{Extracted, InlineBuf};
use crate::corpus::model::{BlockKind, SpanKind};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Title, author and date from YAML front matter: `key: value`, quoted or not; an author may
/// be a list (`- Name` lines or `[A, B]`).
pub fn front_matter(yaml: &str) -> (Option<String>, Option<String>, Option<String>) {
    let unquote = |v: &str| {
        let v = v.trim();
        v.strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(v)
            .trim()
            .to_string()
    };
    let (mut title, mut author, mut date) = (None, None, None);
    let lines: Vec<&str> = yaml.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let mut values: Vec<String> = Vec::new();
        let value = value.trim();
        if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            values.extend(list.split(',').map(unquote));
        } else if !value.is_empty() {
            values.push(unquote(value));
        } else {
            while i < lines.len() && lines[i].trim_start().starts_with("- ") {
                let item = lines[i].trim_start()[2..].trim();
                // `- name: Jane Doe` (pandoc's author objects) or `- Jane Doe`
                let item = item.strip_prefix("name:").unwrap_or(item);
                values.push(unquote(item));
                i += 1;
            }
        }
        values.retain(|v| !v.is_empty());
        if values.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => title = Some(values.join(" ")),
            "author" | "authors" => author = Some(values.join(", ")),
            "date" => date = Some(values.join(" ")),
            _ => {}
        }
    }
    (title, author, date)
}

#[derive(Default)]
struct Reader {
    ex: Extracted,
    buf: InlineBuf,
    quote: usize,
    lists: Vec<Option<u64>>,
    prefix: Option<String>,
    spans: Vec<(usize, SpanKind)>,
    note: Option<String>,
    code: bool,
    image: usize,
    metadata: Option<String>,
    first_h1: Option<String>,
    seen_block: bool,
}

impl Reader {
    fn flush(&mut self, kind: BlockKind) {
        if self.note.is_some() {
            self.buf.push_text(" ");
            return;
        }
        let kind = if self.code {
            BlockKind::Paragraph
        } else {
            kind
        };
        if let Some(p) = self.buf.take(kind, None) {
            self.ex.pieces.push(p);
            self.seen_block = true;
        }
    }

    /// Before text: the block's quote mark and list bullet, once.
    fn begin(&mut self) {
        if self.buf.is_empty() && self.note.is_none() {
            if self.quote > 0 {
                self.buf.push_text(&"> ".repeat(self.quote));
            }
            if let Some(p) = self.prefix.take() {
                self.buf.push_text(&p);
            }
        }
    }

    fn text(&mut self, s: &str) {
        if let Some(m) = &mut self.metadata {
            m.push_str(s);
            return;
        }
        if self.image > 0 {
            return;
        }
        self.begin();
        if self.code {
            self.buf.push_raw(s);
        } else {
            self.buf.push_text(s);
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock | Tag::DefinitionListDefinition => {
                self.flush(BlockKind::Paragraph)
            }
            Tag::Heading { .. } | Tag::DefinitionListTitle | Tag::TableHead | Tag::TableRow => {
                self.flush(BlockKind::Paragraph)
            }
            Tag::BlockQuote(_) => {
                self.flush(BlockKind::Paragraph);
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush(BlockKind::Paragraph);
                self.code = true;
            }
            Tag::List(start) => {
                self.flush(BlockKind::Paragraph);
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush(BlockKind::Paragraph);
                self.prefix = Some(match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_string(),
                });
            }
            Tag::FootnoteDefinition(label) => {
                self.flush(BlockKind::Paragraph);
                self.note = Some(label.to_string());
            }
            Tag::TableCell if !self.buf.is_empty() => self.buf.push_text(" | "),
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {
                self.begin();
                self.spans.push((self.buf.mark(), SpanKind::Emphasis));
            }
            Tag::Link { dest_url, .. } => {
                self.begin();
                let url = dest_url.to_string();
                self.spans.push((self.buf.mark(), SpanKind::Link { url }));
            }
            Tag::Image { .. } => self.image += 1,
            Tag::MetadataBlock(_) => self.metadata = Some(String::new()),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(level) => {
                if self.note.is_none() && level == HeadingLevel::H1 && !self.seen_block {
                    self.first_h1 = Some(self.buf_text());
                }
                self.flush(BlockKind::Heading);
            }
            TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::HtmlBlock => self.flush(BlockKind::Paragraph),
            TagEnd::BlockQuote(_) => {
                self.flush(BlockKind::Paragraph);
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.flush(BlockKind::Paragraph);
                self.code = false;
            }
            TagEnd::List(_) => {
                self.flush(BlockKind::Paragraph);
                self.lists.pop();
            }
            TagEnd::FootnoteDefinition => {
                if let Some(key) = self.note.take() {
                    if let Some(p) = self.buf.take(BlockKind::Note, Some(key)) {
                        self.ex.pieces.push(p);
                    }
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                if let Some((start, kind)) = self.spans.pop() {
                    self.buf.close(start, kind);
                }
            }
            TagEnd::Image => self.image = self.image.saturating_sub(1),
            TagEnd::MetadataBlock(_) => {
                if let Some(yaml) = self.metadata.take() {
                    let (title, author, date) = front_matter(&yaml);
                    self.ex.title = title;
                    self.ex.author = author;
                    self.ex.date = date;
                }
            }
            _ => {}
        }
    }

    fn buf_text(&mut self) -> String {
        // peek at the heading's text without taking it
        let mut probe = InlineBuf::default();
        std::mem::swap(&mut probe, &mut self.buf);
        let text = probe
            .take(BlockKind::Heading, None)
            .map(|p| p.text)
            .unwrap_or_default();
        self.buf.push_text(&text);
        text
    }
}

/// Reads a Markdown text.
pub fn extract(source: &str) -> Extracted {
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut r = Reader::default();
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(tag) => r.start(tag),
            Event::End(tag) => r.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                r.text(&t)
            }
            Event::SoftBreak => r.text(" "),
            Event::HardBreak => r.buf.push_break(),
            Event::FootnoteReference(label) => {
                r.begin();
                r.buf.push_ref(&label, &label);
            }
            Event::TaskListMarker(done) => r.text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => r.flush(BlockKind::Paragraph),
            Event::Html(h) | Event::InlineHtml(h) => {
                if h.trim().to_ascii_lowercase().starts_with("<br") {
                    r.buf.push_break();
                }
            }
        }
    }
    r.flush(BlockKind::Paragraph);
    if r.ex.title.is_none() {
        r.ex.title = r.first_h1.take();
    }
    r.ex
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::formats::assemble;
    use crate::corpus::model::DocumentMeta;

    fn doc(src: &str) -> crate::corpus::Document {
        let d = assemble(extract(src), DocumentMeta::default());
        d.check_invariants().unwrap();
        d
    }

    #[test]
    fn headings_emphasis_links_lists_quotes_code() {
        let d = doc("# The Title\n\nSome *emphasis* and a [link](http://x.org).\n\n## Part\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n```\nfn main() {}\n\nend\n```\n");
        let shown: Vec<(&str, &str)> = d
            .blocks
            .iter()
            .map(|b| (b.kind.as_str(), d.block_text(b)))
            .collect();
        assert_eq!(
            shown,
            [
                ("title", "The Title"),
                ("paragraph", "Some emphasis and a link."),
                ("heading", "Part"),
                ("paragraph", "• one"),
                ("paragraph", "• two"),
                ("paragraph", "1. first"),
                ("paragraph", "2. second"),
                ("paragraph", "> quoted"),
                ("paragraph", "fn main() {}\n \nend"),
            ]
        );
        assert_eq!(d.title, "The Title");
        let spans = &d.blocks[1].spans;
        assert_eq!(&d.text[spans[0].range.clone()], "emphasis");
        assert_eq!(&d.text[spans[1].range.clone()], "link");
    }

    #[test]
    fn footnotes_and_front_matter() {
        let d = doc("---\ntitle: \"A Study\"\nauthor:\n  - Jane Doe\n  - John Roe\ndate: 2014-07-28\n---\n\nBody text.[^1] And more.[^n]\n\n[^1]: First source, 2004.\n[^n]: Ibid.\n");
        assert_eq!(d.title, "A Study");
        assert_eq!(d.author.as_deref(), Some("Jane Doe, John Roe"));
        assert_eq!(d.date.as_deref(), Some("2014-07-28"));
        assert_eq!(d.markers.len(), 2);
        assert!(d.markers.iter().all(|m| m.note.is_some()));
        assert_eq!(d.notes[0].text, "First source, 2004.");
        assert_eq!(d.notes[1].ibid_of, Some(0));
        assert!(d.text.contains("Body text.[1] And more.[n]"));
    }
}
