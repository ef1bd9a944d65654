//! Saved web pages (`.html`, `.htm`) with scraper (html5ever): only the article is kept.
//!
//! Main content: the largest `<article>`, else `<main>` / `role=main`, else `<body>`. Inside it,
//! scripts, styles, forms and embedded objects are never shown; navigation, menus, asides,
//! footers, cookie notices, share and "related" boxes (by tag, ARIA role, or a class / id word
//! such as `nav`, `menu`, `share`, `cookie`, `related`, `footer`) are dropped, and so is the
//! rest of the article after a "Related articles" / "Share this" trailer. An article's
//! `<header>` is kept as boilerplate (shown, skipped by alignment), its headings as headings.
//! Headings, paragraphs, list items (with a bullet or number), block quotes (`> `) and `<pre>`
//! are blocks; links read as text; entities are decoded by the parser.
//!
//! Notes: a link to an element of the page (`href="#fn1"`) is a note marker when it says it is
//! one (`epub:type="noteref"`, `role="doc-noteref"`, a `footnote`/`noteref` class), sits in a
//! `<sup>`, or reads `1` / `[1]`; the element it points at (or the block holding an empty
//! anchor) is the note, wherever it is on the page, and back-links inside notes are dropped.
//!
//! Metadata, in order of trust: `<title>` (the `<h1>` when the title contains it, i.e. without
//! the site's name), `<meta name="author">`, `article:*` / `og:*` meta, JSON-LD, a byline.
//! The EPUB reader walks its chapters with the same [`Walker`].

use super::{Extracted, InlineBuf};
use crate::corpus::model::{BlockKind, SpanKind};
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::{HashMap, HashSet};

/// Elements whose content is never text to read.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "head", "button", "select", "input", "textarea", "option", "video", "audio", "map",
    "link", "meta", "title",
];

/// Page furniture around an article.
const FURNITURE: &[&str] = &["nav", "aside", "footer", "menu", "dialog", "form"];

const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "toolbar",
    "dialog",
    "alertdialog",
    "banner",
    "doc-toc",
];

/// Words of a class or id that mark page furniture.
const FURNITURE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "related",
    "share",
    "sharing",
    "social",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "footer",
    "subscribe",
    "newsletter",
    "advert",
    "advertisement",
    "ads",
    "promo",
    "comments",
    "masthead",
    "banner",
    "popup",
    "modal",
    "toc",
    "skip",
    "pagination",
];

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "body",
    "html",
    "figure",
    "figcaption",
    "address",
    "center",
    "details",
    "summary",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "fieldset",
    "hgroup",
    "hr",
];

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_furniture(e: &scraper::node::Element) -> bool {
    if FURNITURE.contains(&e.name()) {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if e.attr("role").is_some_and(|r| FURNITURE_ROLES.contains(&r)) {
        return true;
    }
    let words = e
        .attr("class")
        .into_iter()
        .chain(e.attr("id"))
        .flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric()))
        .map(str::to_ascii_lowercase);
    let style_hidden = e
        .attr("style")
        .is_some_and(|s| s.replace(' ', "").contains("display:none"));
    style_hidden
        || words
            .into_iter()
            .any(|w| FURNITURE_WORDS.contains(&w.as_str()))
}

/// A block that is mostly links (a menu, a "next / previous" bar, a list of related links):
/// at least two links making half its text, or a third with a `rel=next/prev` link.
fn link_heavy(e: ElementRef) -> bool {
    let a_sel = Selector::parse("a").expect("valid selector");
    let links: Vec<ElementRef> = e.select(&a_sel).collect();
    if links.len() < 2 {
        return false;
    }
    let count = |s: String| s.chars().filter(|c| !c.is_whitespace()).count();
    let all = count(text_of(e)).max(1);
    let linked: usize = links.iter().map(|a| count(text_of(*a))).sum();
    let paging = links
        .iter()
        .any(|a| matches!(a.value().attr("rel"), Some("next" | "prev" | "up")));
    linked * 2 >= all || (paging && linked * 10 >= all * 3)
}

/// Text of an element, whitespace collapsed.
pub fn text_of(e: ElementRef) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One page (an HTML file or an EPUB chapter) and the path its links are relative to.
pub struct Page {
    pub path: String,
    pub html: Html,
}

/// Which elements are notes, which links are markers and which are back-links, per page.
#[derive(Default)]
pub struct NoteMap {
    notes: Vec<HashMap<NodeId, String>>,
    refs: Vec<HashMap<NodeId, (String, String)>>,
    backlinks: Vec<HashSet<NodeId>>,
}

/// Whether a link says or looks like a note marker.
fn looks_like_noteref(a: ElementRef) -> bool {
    let e = a.value();
    if is_backlink(a) {
        return false;
    }
    let said = e.attr("epub:type").is_some_and(|t| t.contains("noteref"))
        || e.attr("role") == Some("doc-noteref")
        || e.classes().any(|c| {
            let c = c.to_ascii_lowercase();
            c.contains("footnote") || c.contains("noteref") || c.contains("endnote")
        });
    let in_sup = a
        .parent()
        .and_then(ElementRef::wrap)
        .is_some_and(|p| p.value().name() == "sup")
        || a.child_elements().any(|c| c.value().name() == "sup");
    let text = text_of(a);
    let t = text.trim_start_matches('[').trim_end_matches(']');
    let short_label = !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit());
    said || (in_sup && !text.is_empty() && text.len() <= 6) || short_label
}

/// A link back from a note to its marker, by what it says.
fn is_backlink(a: ElementRef) -> bool {
    let e = a.value();
    e.attr("role") == Some("doc-backlink")
        || e.classes().any(|c| c.to_ascii_lowercase().contains("back"))
        || matches!(
            text_of(a).as_str(),
            "↩" | "↩\u{fe0e}" | "↩\u{fe0f}" | "^" | "↑"
        )
}

/// The element that holds a note: the target itself, or the block around an empty anchor.
fn note_holder(target: ElementRef) -> Option<ElementRef> {
    let name = target.value().name();
    if name == "a" && target.value().attr("href").is_some() {
        return None;
    }
    if is_heading(name) || matches!(name, "body" | "html" | "section" | "article" | "main") {
        return None;
    }
    if matches!(name, "a" | "span" | "sup") && text_of(target).len() <= 6 {
        return target.parent().and_then(ElementRef::wrap);
    }
    Some(target)
}

/// Where a link from page `i` points: the page index and the fragment.
pub type Resolve<'a> = dyn Fn(usize, &str) -> Option<(usize, String)> + 'a;

/// Finds notes and markers across pages. `resolve(page, href)` gives the page index and the
/// fragment a link points at, or None when it leaves the document.
pub fn note_map(pages: &[Page], resolve: &Resolve) -> NoteMap {
    let a_sel = Selector::parse("a[href]").expect("valid selector");
    let id_sel = Selector::parse("[id]").expect("valid selector");
    let ids: Vec<HashMap<&str, ElementRef>> = pages
        .iter()
        .map(|p| {
            p.html
                .select(&id_sel)
                .filter_map(|e| e.value().id().map(|id| (id, e)))
                .collect()
        })
        .collect();
    let mut map = NoteMap {
        notes: vec![HashMap::new(); pages.len()],
        refs: vec![HashMap::new(); pages.len()],
        backlinks: vec![HashSet::new(); pages.len()],
    };
    let mut ref_ids: Vec<HashSet<(usize, String)>> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let mut own = HashSet::new();
        for a in page.html.select(&a_sel) {
            let Some((t, frag)) = a.value().attr("href").and_then(|h| resolve(i, h)) else {
                continue;
            };
            let Some(target) = ids.get(t).and_then(|m| m.get(frag.as_str())) else {
                continue;
            };
            if !looks_like_noteref(a) {
                continue;
            }
            let Some(holder) = note_holder(*target) else {
                continue;
            };
            let key = format!("{}#{frag}", pages[t].path);
            let key = map.notes[t].entry(holder.id()).or_insert(key).clone();
            let label = text_of(a);
            map.refs[i].insert(a.id(), (label, key));
            for e in [Some(a), a.parent().and_then(ElementRef::wrap)]
                .into_iter()
                .flatten()
            {
                if let Some(id) = e.value().id() {
                    own.insert((i, id.to_string()));
                }
            }
        }
        ref_ids.push(own);
    }
    let ref_ids: HashSet<(usize, String)> = ref_ids.into_iter().flatten().collect();
    // back-links: links from inside a note to a marker, or that say they are one
    for (i, page) in pages.iter().enumerate() {
        for a in page.html.select(&a_sel) {
            let e = a.value();
            let to_marker = e
                .attr("href")
                .and_then(|h| resolve(i, h))
                .is_some_and(|(t, frag)| ref_ids.contains(&(t, frag)));
            if to_marker || is_backlink(a) {
                map.backlinks[i].insert(a.id());
            }
        }
    }
    map
}

/// Walks a page's tree into pieces.
pub struct Walker<'m> {
    pub ex: Extracted,
    map: &'m NoteMap,
    page: usize,
    buf: InlineBuf,
    quote: usize,
    lists: Vec<Option<u64>>,
    prefix: Option<String>,
    header: usize,
    code: usize,
    note: Option<String>,
    stopped: bool,
    root: Option<NodeId>,
    depth: usize,
}

/// Nesting depth past which a subtree is read as flat text (no recursion, so a page of
/// 100,000 nested elements cannot overflow the stack).
const MAX_DEPTH: usize = 200;

impl<'m> Walker<'m> {
    pub fn new(map: &'m NoteMap) -> Self {
        Walker {
            ex: Extracted::default(),
            map,
            page: 0,
            buf: InlineBuf::default(),
            quote: 0,
            lists: Vec::new(),
            prefix: None,
            header: 0,
            code: 0,
            note: None,
            stopped: false,
            root: None,
            depth: 0,
        }
    }

    /// Walks `from` (a page's body or html element): only `root`'s content is read as text,
    /// notes are taken from anywhere.
    pub fn walk_page(&mut self, page: usize, from: NodeRef<Node>, root: NodeRef<Node>) {
        self.page = page;
        self.root = Some(root.id());
        self.stopped = false;
        let inside = from.id() == root.id();
        self.walk(from, inside);
        self.flush(BlockKind::Paragraph);
    }

    fn flush(&mut self, kind: BlockKind) {
        if self.note.is_some() {
            self.buf.push_text(" ");
            return;
        }
        let kind = if self.header > 0 && kind == BlockKind::Paragraph {
            BlockKind::Boilerplate
        } else {
            kind
        };
        if let Some(p) = self.buf.take(kind, None) {
            let lower = p.text.to_lowercase();
            if crate::corpus::structure::is_trailer(&lower) && self.header == 0 {
                self.stopped = true;
                return;
            }
            self.ex.pieces.push(p);
        }
    }

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

    fn walk_children(&mut self, node: NodeRef<Node>, inside: bool) {
        if self.depth >= MAX_DEPTH {
            if inside || self.note.is_some() {
                self.begin();
                for d in node.descendants() {
                    if let Node::Text(t) = d.value() {
                        self.buf.push_text(t);
                    }
                }
            }
            return;
        }
        self.depth += 1;
        for child in node.children() {
            self.walk(child, inside);
        }
        self.depth -= 1;
    }

    fn walk(&mut self, node: NodeRef<Node>, inside: bool) {
        let inside = (inside || Some(node.id()) == self.root) && !self.stopped;
        match node.value() {
            Node::Text(t) if inside || self.note.is_some() => {
                if self.buf.is_empty() && t.trim().is_empty() && self.code == 0 {
                    return;
                }
                self.begin();
                if self.code > 0 {
                    self.buf.push_raw(t);
                } else {
                    self.buf.push_text(t);
                }
            }
            Node::Element(e) => {
                if DROPPED.contains(&e.name()) {
                    return;
                }
                if let Some(key) = self.map.notes[self.page].get(&node.id()) {
                    if self.note.is_none() {
                        self.take_note(node, key.clone());
                        return;
                    }
                }
                if !inside && self.note.is_none() {
                    self.walk_children(node, false);
                    return;
                }
                if is_furniture(e) && Some(node.id()) != self.root {
                    self.walk_children(node, false);
                    return;
                }
                self.element(node, e.name());
            }
            _ => {}
        }
    }

    fn take_note(&mut self, node: NodeRef<Node>, key: String) {
        self.flush(BlockKind::Paragraph);
        let saved = (self.prefix.take(), self.quote, self.code);
        self.quote = 0;
        self.note = Some(key.clone());
        self.walk_children(node, true);
        self.note = None;
        (self.prefix, self.quote, self.code) = (saved.0, saved.1, saved.2);
        if let Some(p) = self.buf.take(BlockKind::Note, Some(key)) {
            self.ex.pieces.push(p);
        }
    }

    fn element(&mut self, node: NodeRef<Node>, name: &str) {
        let container = matches!(name, "div" | "p" | "ul" | "ol" | "table" | "section");
        if container && self.note.is_none() && ElementRef::wrap(node).is_some_and(link_heavy) {
            self.walk_children(node, false);
            return;
        }
        match name {
            h if is_heading(h) => {
                self.flush(BlockKind::Paragraph);
                self.walk_children(node, true);
                self.flush(BlockKind::Heading);
            }
            "header" => {
                self.flush(BlockKind::Paragraph);
                self.header += 1;
                self.walk_children(node, true);
                self.flush(BlockKind::Paragraph);
                self.header -= 1;
            }
            "blockquote" => {
                self.flush(BlockKind::Paragraph);
                self.quote += 1;
                self.walk_children(node, true);
                self.flush(BlockKind::Paragraph);
                self.quote -= 1;
            }
            "ul" | "ol" => {
                self.flush(BlockKind::Paragraph);
                let start = ElementRef::wrap(node)
                    .and_then(|e| e.value().attr("start"))
                    .and_then(|s| s.trim().parse().ok());
                self.lists.push((name == "ol").then(|| start.unwrap_or(1)));
                self.walk_children(node, true);
                self.flush(BlockKind::Paragraph);
                self.lists.pop();
            }
            "li" => {
                self.flush(BlockKind::Paragraph);
                self.prefix = Some(match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_string(),
                });
                self.walk_children(node, true);
                self.flush(BlockKind::Paragraph);
                self.prefix = None;
            }
            "pre" => {
                self.flush(BlockKind::Paragraph);
                self.code += 1;
                self.walk_children(node, true);
                self.flush(BlockKind::Paragraph);
                self.code -= 1;
            }
            "tr" => {
                self.flush(BlockKind::Paragraph);
                self.walk_children(node, true);
                self.flush(BlockKind::Paragraph);
            }
            "td" | "th" => {
                if !self.buf.is_empty() {
                    self.buf.push_text(" | ");
                }
                self.walk_children(node, true);
            }
            "br" => self.buf.push_break(),
            b if BLOCKS.contains(&b) => {
                self.flush(BlockKind::Paragraph);
                self.walk_children(node, true);
                self.flush(BlockKind::Paragraph);
            }
            _ => self.inline(node, name),
        }
    }

    fn inline(&mut self, node: NodeRef<Node>, name: &str) {
        let page = self.page;
        if self.map.backlinks[page].contains(&node.id()) && self.note.is_some() {
            return;
        }
        if let Some((label, key)) = self.map.refs[page].get(&node.id()) {
            self.begin();
            self.buf.push_ref(label, key);
            return;
        }
        let span = match name {
            "em" | "i" | "strong" | "b" | "cite" | "dfn" | "mark" | "u" => Some(SpanKind::Emphasis),
            "a" => ElementRef::wrap(node)
                .and_then(|e| e.value().attr("href"))
                .map(|url| SpanKind::Link {
                    url: url.to_string(),
                }),
            _ => None,
        };
        match span {
            Some(kind) => {
                self.begin();
                let start = self.buf.mark();
                self.walk_children(node, true);
                self.buf.close(start, kind);
            }
            None => self.walk_children(node, true),
        }
    }
}

/// The main content of a page: the largest `<article>`, else `<main>`, else the body.
pub fn main_content(html: &Html) -> NodeRef<'_, Node> {
    let select = |s: &str| {
        let sel = Selector::parse(s).expect("valid selector");
        html.select(&sel).collect::<Vec<_>>()
    };
    let articles = select("article");
    if let Some(best) = articles.iter().max_by_key(|a| text_of(**a).len()) {
        return **best;
    }
    if let Some(main) = select("main, [role=main]").first() {
        return **main;
    }
    select("body")
        .first()
        .map(|b| **b)
        .unwrap_or_else(|| *html.root_element())
}

fn meta_content(html: &Html, keys: &[&str]) -> Option<String> {
    let sel = Selector::parse("meta[content]").expect("valid selector");
    for key in keys {
        for m in html.select(&sel) {
            let e = m.value();
            let name = e.attr("name").or(e.attr("property")).unwrap_or("");
            if name.eq_ignore_ascii_case(key) {
                let v = e
                    .attr("content")
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if !v.is_empty() && !v.starts_with("http") {
                    return Some(v);
                }
            }
        }
    }
    None
}

/// Fields of JSON-LD objects (`@graph` included): headline, author, datePublished, publisher.
fn json_ld(html: &Html) -> HashMap<&'static str, String> {
    let sel = Selector::parse(r#"script[type="application/ld+json"]"#).expect("valid selector");
    let mut out = HashMap::new();
    let name_of = |v: &serde_json::Value| -> Option<String> {
        match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Object(o) => {
                o.get("name").and_then(|n| n.as_str()).map(String::from)
            }
            serde_json::Value::Array(a) => {
                let names: Vec<String> = a
                    .iter()
                    .filter_map(|x| match x {
                        serde_json::Value::String(s) => Some(s.clone()),
                        x => x.get("name").and_then(|n| n.as_str()).map(String::from),
                    })
                    .collect();
                (!names.is_empty()).then(|| names.join(", "))
            }
            _ => None,
        }
    };
    for script in html.select(&sel) {
        let text: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let mut objects = vec![value];
        while let Some(v) = objects.pop() {
            match v {
                serde_json::Value::Array(a) => objects.extend(a),
                serde_json::Value::Object(o) => {
                    if let Some(g) = o.get("@graph") {
                        objects.push(g.clone());
                    }
                    for (field, key) in [
                        ("headline", "title"),
                        ("name", "name"),
                        ("author", "author"),
                        ("datePublished", "date"),
                        ("publisher", "publication"),
                    ] {
                        if let Some(v) = o.get(field).and_then(name_of) {
                            out.entry(key).or_insert(v);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Title, author, date and publication of a page (see the module doc for the order).
fn metadata(html: &Html, root: NodeRef<Node>, ex: &mut Extracted) {
    let first = |s: &str| {
        let sel = Selector::parse(s).expect("valid selector");
        html.select(&sel).map(text_of).find(|t| !t.is_empty())
    };
    let in_root = ElementRef::wrap(root).and_then(|r| {
        let sel = Selector::parse("h1").expect("valid selector");
        r.select(&sel).map(text_of).find(|t| !t.is_empty())
    });
    let h1 = in_root.or_else(|| first("h1"));
    let ld = json_ld(html);
    let title = first("title");
    ex.title = match (title, h1) {
        (Some(t), Some(h)) if super::fold_title(&t).contains(&super::fold_title(&h)) => Some(h),
        (Some(t), _) => Some(t),
        (None, Some(h)) => Some(h),
        (None, None) => {
            meta_content(html, &["og:title", "twitter:title"]).or_else(|| ld.get("title").cloned())
        }
    };
    ex.author = meta_content(html, &["author", "dc.creator", "citation_author"])
        .or_else(|| meta_content(html, &["article:author", "og:author"]))
        .or_else(|| ld.get("author").cloned())
        .or_else(|| {
            first(r#"[rel=author], .byline, .author, [itemprop=author]"#)
                .map(|b| {
                    b.trim_start_matches("By ")
                        .trim_start_matches("by ")
                        .to_string()
                })
                .filter(|b| b.split_whitespace().count() <= 8)
        });
    ex.date = meta_content(html, &["date", "dcterms.date", "dc.date", "citation_date"])
        .or_else(|| meta_content(html, &["article:published_time", "og:published_time"]))
        .or_else(|| ld.get("date").cloned())
        .or_else(|| {
            let sel = Selector::parse("time[datetime]").expect("valid selector");
            html.select(&sel)
                .find_map(|t| t.value().attr("datetime").map(String::from))
        });
    ex.publication = meta_content(html, &["og:site_name", "application-name"])
        .or_else(|| ld.get("publication").cloned());
}

/// Reads a web page.
pub fn extract(source: &str) -> Extracted {
    let page = Page {
        path: String::new(),
        html: Html::parse_document(source),
    };
    let pages = [page];
    let map = note_map(&pages, &|_, href| {
        href.strip_prefix('#').map(|f| (0, f.to_string()))
    });
    let html = &pages[0].html;
    let root = main_content(html);
    let mut walker = Walker::new(&map);
    let from = html.root_element();
    walker.walk_page(0, *from, root);
    metadata(html, root, &mut walker.ex);
    walker.ex
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
    fn article_only_with_notes_and_metadata() {
        let d = doc(r##"<html><head><title>The Camp | Site Name</title>
            <meta name="author" content="Jane Doe"><meta property="article:published_time" content="2014-07-28">
            <script>var x = "never shown";</script><style>p{}</style></head>
            <body><nav><a href="/">Home</a> <a href="/about">About us</a></nav>
            <div class="cookie-banner">We use cookies</div>
            <article><h1>The Camp</h1><p>Camp &amp; <em>Liberty</em> near <a href="/b">Baghdad</a>.<sup><a href="#fn1">1</a></sup></p>
            <h2>History</h2><ul><li>one</li><li>two</li></ul>
            <p>Later, as reported.<a href="#fn2">[2]</a></p>
            <div class="share-buttons">Share on Twitter</div>
            <h3>Related articles</h3><p>Another story</p></article>
            <ol class="notes"><li id="fn1">A source, 2004. <a href="#x">↩</a></li><li id="fn2">Ibid.</li></ol>
            <footer>Copyright the site</footer></body></html>"##);
        assert_eq!(d.title, "The Camp");
        assert_eq!(d.author.as_deref(), Some("Jane Doe"));
        assert_eq!(d.date.as_deref(), Some("2014-07-28"));
        let shown: Vec<(&str, &str)> = d
            .blocks
            .iter()
            .map(|b| (b.kind.as_str(), d.block_text(b)))
            .collect();
        assert_eq!(
            shown,
            [
                ("title", "The Camp"),
                ("paragraph", "Camp & Liberty near Baghdad.[1]"),
                ("heading", "History"),
                ("paragraph", "• one"),
                ("paragraph", "• two"),
                ("paragraph", "Later, as reported.[2]"),
                ("note", "1 A source, 2004."),
                ("note", "2 Ibid."),
            ]
        );
        assert_eq!(d.markers.len(), 2);
        assert!(d.markers.iter().all(|m| m.note.is_some()));
        assert_eq!(d.notes[1].ibid_of, Some(0));
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let src = format!(
            "<body>{}deep text{}</body>",
            "<div><span>".repeat(50_000),
            "</span></div>".repeat(50_000)
        );
        let handle = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || doc(&src).text.contains("deep text"))
            .unwrap();
        assert!(handle.join().unwrap());
    }

    #[test]
    fn json_ld_and_og_fill_in() {
        let d = doc(
            r#"<html><head><meta property="og:site_name" content="Outlet">
            <script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"Headline here","author":[{"name":"A. Writer"}],"datePublished":"2020-01-02"}]}</script>
            </head><body><main><p>Text of the piece, long enough.</p></main></body></html>"#,
        );
        assert_eq!(d.title, "Headline here");
        assert_eq!(d.author.as_deref(), Some("A. Writer"));
        assert_eq!(d.date.as_deref(), Some("2020-01-02"));
        assert_eq!(d.publication.as_deref(), Some("Outlet"));
    }
}
