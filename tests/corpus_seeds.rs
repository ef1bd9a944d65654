//! The seed corpus read faithfully: the figures the foundation issue names.

use synoptic::corpus::{embedded_seeds, BlockKind, Corpus, Document};

fn seeds() -> Corpus {
    embedded_seeds()
}

fn doc<'a>(corpus: &'a Corpus, id: &str) -> &'a Document {
    corpus
        .documents
        .iter()
        .find(|d| d.id.starts_with(id))
        .unwrap_or_else(|| panic!("no document {id}"))
}

fn markers_and_notes(d: &Document) -> (usize, usize, usize) {
    let linked = d.markers.iter().filter(|m| m.note.is_some()).count();
    (d.markers.len(), linked, d.notes.len())
}

#[test]
fn footnote_figures_match_the_sources() {
    let c = seeds();
    assert_eq!(markers_and_notes(doc(&c, "000")), (4, 4, 4));
    assert_eq!(markers_and_notes(doc(&c, "001")), (3, 3, 3));
    let right_web = doc(&c, "004_1f5dc5bcb4f5ddab#03");
    assert_eq!(markers_and_notes(right_web), (26, 26, 27));
    let note8 = right_web.notes.iter().position(|n| n.label == "8").unwrap();
    assert_eq!(
        right_web.markers_citing(note8).count(),
        0,
        "note 8 has no marker left"
    );
    let nejat = doc(&c, "004_1f5dc5bcb4f5ddab#10");
    assert_eq!(markers_and_notes(nejat), (14, 14, 13));
    assert_eq!(
        nejat.notes.iter().filter(|n| n.ibid_of.is_some()).count(),
        7
    );
    // [5] and [6] ibid both repeat [4]; [2] repeats [1].
    let by_label = |l: &str| nejat.notes.iter().position(|n| n.label == l).unwrap();
    assert_eq!(nejat.notes[by_label("2")].ibid_of, Some(by_label("1")));
    assert_eq!(nejat.notes[by_label("6")].ibid_of, Some(by_label("4")));
    let labels: Vec<&str> = nejat.markers.iter().map(|m| m.label.as_str()).collect();
    let mut unique = labels.clone();
    unique.dedup();
    assert_eq!(unique.len(), 13, "one number is cited twice: {labels:?}");

    let all: usize = c.documents.iter().map(|d| d.markers.len()).sum();
    let unlinked: usize = c
        .documents
        .iter()
        .map(|d| d.markers.iter().filter(|m| m.note.is_none()).count())
        .sum();
    assert_eq!((all, unlinked), (47, 0));
}

#[test]
fn every_marker_offset_points_at_its_marker_text() {
    for d in &seeds().documents {
        d.check_invariants()
            .unwrap_or_else(|e| panic!("{}: {e}", d.id));
        for m in &d.markers {
            let shown = &d.text[m.offset..m.offset + m.len];
            let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(digits, m.label, "{}: {shown:?}", d.id);
            // Never a year or a count: glued markers follow a letter or punctuation.
            let before = d.text[..m.offset].chars().last().unwrap();
            assert!(!before.is_ascii_digit(), "{}: marker after a digit", d.id);
        }
    }
}

#[test]
fn no_false_markers_in_tricky_places() {
    let c = seeds();
    for d in &c.documents {
        for m in &d.markers {
            let around =
                &d.text[m.offset.saturating_sub(10)..(m.offset + m.len + 3).min(d.text.len())];
            for bad in ["1960’s", "[..]", "[TTL]", "[some]", "[of]", "[them]"] {
                assert!(!around.ends_with(bad), "{}: {around}", d.id);
            }
        }
    }
}

#[test]
fn pdf_extraction_becomes_real_paragraphs() {
    let c = seeds();
    let pdf = doc(&c, "003");
    let paras: Vec<&str> = pdf
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| pdf.block_text(b))
        .collect();
    assert!(paras.len() >= 15, "{} paragraphs", paras.len());
    for p in &paras {
        assert!(!p.contains('\n'), "line break inside a paragraph: {p:.60}");
        assert!(p.len() > 200, "a hard-wrapped line left alone: {p}");
        let first = p.chars().next().unwrap();
        assert!(
            first.is_uppercase() || first == '“',
            "starts mid-sentence: {p:.60}"
        );
    }
    // The page number between pages is gone and the sentence it cut is whole again.
    assert!(pdf
        .text
        .contains("summary executions, the razing of cities"));
    // Words split at a line end are joined (compounds keep their hyphen).
    assert!(pdf.text.contains("Pan-American airways"));
    assert!(pdf.text.contains("internationally-mandated"));
}

#[test]
fn markdown_links_and_escapes_are_gone() {
    let c = seeds();
    let cfr = doc(&c, "002");
    assert!(!cfr.text.contains("](#)"));
    assert!(!cfr.text.contains("\\("));
    assert!(cfr.text.contains("Camp Hurriya (Liberty) near Baghdad"));
    // The paragraph broken by a stray blank line is whole.
    assert!(cfr.text.contains("Madeleine Albright listed the MEK"));
    // Web leftovers are visible but marked.
    let kind_of = |needle: &str| {
        cfr.blocks
            .iter()
            .find(|b| cfr.block_text(b).contains(needle))
            .map(|b| b.kind)
    };
    assert_eq!(
        kind_of("Back to backgrounders home"),
        Some(BlockKind::Boilerplate)
    );
    assert_eq!(
        kind_of("More on this topic from CFR"),
        Some(BlockKind::Boilerplate)
    );
    assert_eq!(kind_of("Roots of Resistance"), Some(BlockKind::Heading));
    assert_eq!(kind_of("Mujahadeen-e-Khalq (MEK)"), Some(BlockKind::Title));
    let explore = doc(&c, "000");
    assert_eq!(
        explore.blocks.last().map(|b| b.kind),
        Some(BlockKind::Boilerplate)
    );
}

#[test]
fn compilation_is_split_into_its_articles() {
    let c = seeds();
    let articles: Vec<&Document> = c
        .documents
        .iter()
        .filter(|d| d.id.starts_with("004"))
        .collect();
    assert_eq!(articles.len(), 10);
    let author = |id: &str| doc(&c, id).author.clone();
    assert_eq!(
        author("004_1f5dc5bcb4f5ddab#03").as_deref(),
        Some("Right Web")
    );
    assert_eq!(
        author("004_1f5dc5bcb4f5ddab#05").as_deref(),
        Some("Jonathan Masters")
    );
    assert_eq!(
        author("004_1f5dc5bcb4f5ddab#07").as_deref(),
        Some("Ari Katz")
    );
    assert_eq!(
        author("004_1f5dc5bcb4f5ddab#10").as_deref(),
        Some("Mazda Parsi")
    );
    assert_eq!(
        author("004_1f5dc5bcb4f5ddab#01"),
        None,
        "never invent an author"
    );
    for a in &articles {
        assert_eq!(a.source, "seeds/004_1f5dc5bcb4f5ddab.txt");
    }
    // Each article keeps its own notes.
    assert!(doc(&c, "004_1f5dc5bcb4f5ddab#03").notes.len() == 27);
    assert!(doc(&c, "004_1f5dc5bcb4f5ddab#04").notes.is_empty());
    // A reference whose URL was broken across lines is one note with one URL.
    let note1 = &doc(&c, "004_1f5dc5bcb4f5ddab#03").notes[0];
    assert!(note1
        .text
        .contains("http://security.blogs.cnn.com/2012/09/21/clinton-to-de-list-iranian-exile-group-from-terror-list/."));
    assert_eq!(note1.text.matches("http").count(), 1);
}

#[test]
fn metadata_of_the_single_documents() {
    let c = seeds();
    assert_eq!(doc(&c, "000").author.as_deref(), Some("Mahan Abedin"));
    assert_eq!(
        doc(&c, "001").author.as_deref(),
        Some("Massoud Khodabandeh")
    );
    assert_eq!(doc(&c, "002").date.as_deref(), Some("2014-07-28"));
    assert_eq!(doc(&c, "003").author, None);
    assert_eq!(
        doc(&c, "001").title,
        "The Disintegration of Mojahedin-e Khalq in Post-Saddam Iraq"
    );
}

#[test]
fn blocks_tile_the_text_in_order() {
    for d in &seeds().documents {
        let mut end = 0;
        for b in &d.blocks {
            assert!(b.range.start >= end && b.range.end >= b.range.start);
            assert!(d.text.is_char_boundary(b.range.start) && d.text.is_char_boundary(b.range.end));
            for s in &b.spans {
                assert!(s.range.start >= b.range.start && s.range.end <= b.range.end);
            }
            end = b.range.end;
        }
        assert_eq!(end, d.text.len());
    }
}

#[test]
fn content_hashes_are_stable() {
    let a = seeds();
    let b = seeds();
    for (x, y) in a.documents.iter().zip(&b.documents) {
        assert_eq!(x.content_hash, y.content_hash);
        assert_eq!(x.content_hash.len(), 64);
    }
}

/// The compilation opened on its own, as a file (`synoptic seeds/004_….txt`), is described by
/// the manifest of its folder: ten articles with their titles and authors, as when the folder
/// is opened. Before, it was one document titled by its first line, with an author taken from
/// a byline half-way down.
#[test]
fn a_file_given_alone_uses_the_manifest_of_its_folder() {
    let path = std::path::PathBuf::from("seeds/004_1f5dc5bcb4f5ddab.txt");
    let alone = synoptic::corpus::load(&[path]).unwrap();
    let whole = seeds();
    let from_folder: Vec<&Document> = whole
        .documents
        .iter()
        .filter(|d| d.id.starts_with("004_"))
        .collect();
    assert_eq!(alone.documents.len(), 10);
    assert_eq!(alone.documents.len(), from_folder.len());
    for (a, b) in alone.documents.iter().zip(from_folder) {
        assert_eq!((&a.id, &a.title, &a.author), (&b.id, &b.title, &b.author));
        assert_eq!(a.text, b.text);
        assert_eq!(a.source, "seeds/004_1f5dc5bcb4f5ddab.txt");
    }
    assert!(alone.warnings.is_empty(), "{:?}", alone.warnings);
}
