//! Mixed formats (issue 23): 100 generated Markdown, HTML, EPUB and PDF files, loaded and
//! opened in the reader (docs/formats.md).

use super::{first_frames, median, root, row, time_ms};
use std::io::Write;
use std::path::{Path, PathBuf};
use synoptic::corpus::load;

/// Paragraphs of seed 000 (headings and notes left out), the text of the generated files.
fn seed_paragraphs() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("seeds/000_cf9d9bd069e4b9c2.txt")).unwrap();
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| p.split_whitespace().count() > 30)
        .collect()
}

/// `n` paragraphs of about 200 KB in all, differing per file.
fn generated_body(file: usize, target_bytes: usize) -> Vec<String> {
    let base = seed_paragraphs();
    let mut out = Vec::new();
    let mut size = 0;
    let mut k = 0;
    while size < target_bytes {
        let p = format!(
            "In file {file}, part {k}: {}",
            base[(file + k) % base.len()]
        );
        size += p.len();
        out.push(p);
        k += 1;
    }
    out
}

fn write_markdown(path: &Path, i: usize, body: &[String]) {
    let mut s = format!(
        "---\ntitle: Generated report {i}\nauthor: Perf Writer\n---\n\n# Generated report {i}\n\n"
    );
    for (k, p) in body.iter().enumerate() {
        if k % 8 == 0 {
            s.push_str(&format!("## Section {k}\n\n"));
        }
        s.push_str(p);
        if k % 10 == 0 {
            s.push_str(&format!("[^{k}]"));
        }
        s.push_str("\n\n");
    }
    for k in (0..body.len()).step_by(10) {
        s.push_str(&format!("[^{k}]: A source for part {k}, 2004.\n"));
    }
    std::fs::write(path, s).unwrap();
}

fn html_body(body: &[String]) -> String {
    let mut s = String::new();
    for (k, p) in body.iter().enumerate() {
        if k % 8 == 0 {
            s.push_str(&format!("<h2>Section {k}</h2>\n"));
        }
        s.push_str(&format!("<p>{p}</p>\n"));
    }
    s
}

fn write_html(path: &Path, i: usize, body: &[String]) {
    let s = format!(
        "<!DOCTYPE html><html><head><title>Generated report {i} | Site</title>\
         <meta name=\"author\" content=\"Perf Writer\"><script>var a = 1;</script></head><body>\
         <nav class=\"menu\"><a href=\"/\">Home</a> <a href=\"/x\">Topics</a></nav>\
         <article><h1>Generated report {i}</h1>{}</article>\
         <footer>Copyright the site</footer></body></html>",
        html_body(body)
    );
    std::fs::write(path, s).unwrap();
}

fn write_epub(path: &Path, i: usize, body: &[String]) {
    use zip::write::SimpleFileOptions;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    zip.start_file("META-INF/container.xml", deflated).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#).unwrap();
    let chapters: Vec<&[String]> = body.chunks(body.len().div_ceil(10)).collect();
    let mut manifest = String::new();
    let mut spine = String::new();
    for (c, chunk) in chapters.iter().enumerate() {
        manifest.push_str(&format!(
            "<item id=\"c{c}\" href=\"text/ch{c}.xhtml\" media-type=\"application/xhtml+xml\"/>"
        ));
        spine.push_str(&format!("<itemref idref=\"c{c}\"/>"));
        // stored: EPUBs carry images and fonts, so they weigh more than their text
        zip.start_file(format!("OEBPS/text/ch{c}.xhtml"), stored)
            .unwrap();
        let xhtml = format!(
            "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>c</title></head><body><h1>Chapter {c}</h1>{}</body></html>",
            html_body(chunk)
        );
        zip.write_all(xhtml.as_bytes()).unwrap();
    }
    zip.start_file("OEBPS/content.opf", deflated).unwrap();
    let opf = format!(
        "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Generated book {i}</dc:title><dc:creator>Perf Writer</dc:creator></metadata><manifest>{manifest}</manifest><spine>{spine}</spine></package>"
    );
    zip.write_all(opf.as_bytes()).unwrap();
    zip.finish().unwrap();
}

fn write_pdf(path: &Path, i: usize, body: &[String]) {
    use pdf_extract::content::{Content, Operation};
    use pdf_extract::{Dictionary, Document, Object, Stream, StringFormat};
    let name = |s: &str| Object::Name(s.as_bytes().to_vec());
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut font = Dictionary::new();
    font.set("Type", name("Font"));
    font.set("Subtype", name("Type1"));
    font.set("BaseFont", name("Helvetica"));
    let font_id = doc.add_object(font);
    let mut fonts = Dictionary::new();
    fonts.set("F1", Object::Reference(font_id));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    let resources_id = doc.add_object(resources);
    // lines of at most 90 characters, 50 lines a page, a blank line between paragraphs
    let mut lines: Vec<String> = vec![format!("Generated report {i}"), String::new()];
    for p in body {
        let mut line = String::new();
        for w in p.split_whitespace() {
            if line.len() + w.len() + 1 > 90 {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        lines.push(line);
        lines.push(String::new());
    }
    let mut kids = Vec::new();
    for page in lines.chunks(50) {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![name("F1"), 10.into()]),
            Operation::new("TL", vec![14.into()]),
            Operation::new("Td", vec![50.into(), 760.into()]),
        ];
        for l in page {
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(l.as_bytes().to_vec(), StringFormat::Literal)],
            ));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops }.encode().unwrap();
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content));
        let mut page = Dictionary::new();
        page.set("Type", name("Page"));
        page.set("Parent", Object::Reference(pages_id));
        page.set("Contents", Object::Reference(content_id));
        page.set("Resources", Object::Reference(resources_id));
        page.set(
            "MediaBox",
            Object::Array(vec![0.into(), 0.into(), 612.into(), 792.into()]),
        );
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let mut pages = Dictionary::new();
    pages.set("Type", name("Pages"));
    pages.set("Count", Object::Integer(kids.len() as i64));
    pages.set("Kids", Object::Array(kids));
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", name("Catalog"));
    catalog.set("Pages", Object::Reference(pages_id));
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", Object::Reference(catalog_id));
    // uncompressed, as PDFs with fonts and images weigh more than their text
    doc.save(path).unwrap();
}

/// Issue 23: 100 files, 25 each of Markdown, HTML, EPUB and PDF (about 200 KB of text each,
/// 20 MB in all), generated into target/formats-100: load time, and the reader's first screen.
pub(crate) fn formats_rows(bin: &Path, data: &Path) {
    let dir = root().join("target/formats-100");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..100 {
        let body = generated_body(i, 200_000);
        match i % 4 {
            0 => write_markdown(&dir.join(format!("f{i:03}.md")), i, &body),
            1 => write_html(&dir.join(format!("f{i:03}.html")), i, &body),
            2 => write_epub(&dir.join(format!("f{i:03}.epub")), i, &body),
            _ => write_pdf(&dir.join(format!("f{i:03}.pdf")), i, &body),
        }
    }
    let bytes: u64 = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    let paths = vec![dir.clone()];
    let corpus = load(&paths).unwrap();
    assert_eq!(corpus.documents.len(), 100, "{:?}", corpus.warnings);
    row(
        &format!(
            "100 mixed files (md/html/epub/pdf, {:.1} MB): load + parse",
            bytes as f64 / 1e6
        ),
        format!("{:.0} ms", time_ms(3, || load(&paths).unwrap())),
        "",
    );
    for (ext, label) in [
        ("md", "Markdown"),
        ("html", "HTML"),
        ("epub", "EPUB"),
        ("pdf", "PDF"),
    ] {
        let files: Vec<PathBuf> = (0..100)
            .map(|i| dir.join(format!("f{i:03}.{ext}")))
            .filter(|p| p.is_file())
            .collect();
        row(
            &format!("  of which 25 {label} files"),
            format!("{:.0} ms", time_ms(3, || load(&files).unwrap())),
            "",
        );
    }
    if bin.is_file() {
        let arg = dir.display().to_string();
        let first = first_frames(bin, &[&arg], (120, 40), data, 3, |s| s.contains("READ"));
        row(
            "reader on 100 mixed files: first screen (pty, median of 3)",
            format!("{:.0} ms", median(first)),
            "≤ 1.5 s",
        );
    }
}
