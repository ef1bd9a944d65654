//! Tests of issue 24 (reading polish) on the seeds: sentences at abbreviations, selections
//! that stop at the notes, refitting panes, the one jump rule, `G`, wording, the less/vim
//! keys, the outline and the reading position.

use super::highlights::sentences;
use super::*;
use crate::corpus::embedded_seeds;

fn seeds(width: u16, height: u16) -> App {
    let c = embedded_seeds();
    let index = AlignIndex::build(&c);
    let mut a = App::new(c, index, width, height);
    a.annotations.id_prefix = "t".into();
    update(&mut a, Action::Tick(1_700_000_000_000));
    a
}

fn doc_with(a: &App, id_part: &str) -> usize {
    a.corpus
        .documents
        .iter()
        .position(|d| d.id.contains(id_part))
        .unwrap()
}

fn selection(a: &App) -> Selection {
    match &a.overlay {
        Some(Overlay::Select(s)) => s.clone(),
        other => panic!("not selecting: {other:?}"),
    }
}

/// Every sentence of every paragraph of the seeds that has "U.S." followed by a capital holds
/// it inside (none ends at "U.S." before "State Department").
#[test]
fn sentences_do_not_break_at_us_dr_initials_or_eg() {
    let a = seeds(80, 24);
    let abbr = a.abbreviations();
    let mut seen = 0;
    for doc in &a.corpus.documents {
        for (b, block) in doc.blocks.iter().enumerate() {
            let t = &doc.text[block.range.clone()];
            if !t.contains("According to the U.S. State") {
                continue;
            }
            for s in sentences(doc, b, abbr) {
                let text = &doc.text[s];
                assert!(!text.ends_with("U.S."), "cut at U.S.: {text:?}");
                if text.contains("According to the U.S.") {
                    assert!(text.contains("U.S. State Department"), "{text:?}");
                    seen += 1;
                }
            }
        }
    }
    assert!(seen >= 2, "the seeds have this sentence twice: {seen}");
    // Without the guard, UAX #29 does cut there (the test can fail).
    let none = crate::app::abbrev::Abbreviations::default();
    assert!(none.ends_with_abbreviation("According to the U.S."));
    let plain = "According to the U.S. State Department, it was so.";
    assert!(
        unicode_segmentation::UnicodeSegmentation::split_sentence_bounds(plain).count() > 1,
        "UAX #29 alone cuts after U.S."
    );
}

#[test]
fn abbreviations_are_learned_from_the_corpus() {
    let text = "Gen. Casey spoke. Later Gen. Odierno came. Then Gen. Petraeus left. \
                The end came. It was the end.";
    let c = crate::corpus::parse_files(
        vec![crate::corpus::SourceFile {
            path: "g.txt".into(),
            relative: "g.txt".into(),
            bytes: format!("A title\n\n{text}\n").into_bytes(),
        }],
        None,
    );
    let learned = crate::app::abbrev::Abbreviations::learn(&c);
    // "Gen" is in the built-in list too; "Casey" is a name, not an abbreviation.
    assert!(learned.learned("Gen"));
    assert!(!learned.learned("The"));
    let index = AlignIndex::build(&c);
    let a = App::new(c, index, 80, 24);
    let doc = &a.corpus.documents[0];
    let b = doc
        .blocks
        .iter()
        .position(|b| doc.text[b.range.clone()].starts_with("Gen."))
        .unwrap();
    let s: Vec<&str> = sentences(doc, b, a.abbreviations())
        .into_iter()
        .map(|r| &doc.text[r])
        .collect();
    assert_eq!(s[0], "Gen. Casey spoke.");
    assert_eq!(s.len(), 5, "{s:?}");
}

/// `v j j …` on Khodabandeh's bio (the last paragraph before his notes) never takes in a note.
#[test]
fn a_selection_stops_where_the_notes_begin() {
    let mut a = seeds(80, 24);
    let d = doc_with(&a, "001_");
    a.set_doc(0, d);
    a.feed("G");
    let doc = a.corpus.documents[d].clone();
    let bio = doc
        .blocks
        .iter()
        .position(|b| doc.text[b.range.clone()].starts_with("Massoud Khodabandeh is"))
        .unwrap();
    let first = sentences(&doc, bio, a.abbreviations())[0].clone();
    a.overlay = Some(Overlay::Select(Selection {
        pane: 0,
        doc: d,
        anchor: first.clone(),
        head: first,
        color: 1,
    }));
    a.feed("jjjjjjjj");
    let sel = selection(&a);
    let quote = &doc.text[sel.range()];
    assert!(!quote.contains("Iraqi Television"), "{quote:?}");
    assert!(sel.range().end <= doc.blocks[bio].range.end);
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("stops at the end"),
        "{:?}",
        a.status
    );
}

/// From 160×48 (4 panes) to 70×20: one pane, as a fresh start at 70×20; back: the same 4.
#[test]
fn resizing_refits_the_panes_and_brings_hidden_ones_back() {
    let mut a = seeds(160, 48);
    assert_eq!(a.panes.len(), 4);
    a.feed("<Tab>jjjj");
    let docs: Vec<usize> = a.panes.iter().map(|p| p.doc).collect();
    let focused = (a.panes[1].doc, a.panes[1].scroll);
    update(&mut a, Action::Resize(70, 20));
    assert_eq!(a.panes.len(), seeds(70, 20).panes.len());
    assert_eq!(a.panes.len(), 1);
    assert_eq!(a.panes[a.focus].doc, focused.0, "the focused pane stays");
    update(&mut a, Action::Resize(40, 10));
    assert_eq!(a.panes.len(), 1);
    update(&mut a, Action::Resize(100, 30));
    assert_eq!(a.panes.len(), 2);
    update(&mut a, Action::Resize(160, 48));
    assert_eq!(a.panes.iter().map(|p| p.doc).collect::<Vec<_>>(), docs);
    assert_eq!(a.focus, 1);
    assert_eq!(a.panes[1].doc, focused.0);
    assert!(a.hidden.is_empty());
}

/// A list jump to a document shown in another pane goes to that pane; C-o comes back.
#[test]
fn jumps_from_lists_go_to_the_pane_showing_the_document() {
    let mut a = seeds(80, 24);
    assert_eq!(a.panes.len(), 2);
    let other = a.panes[1].doc;
    let left = a.panes[0].doc;
    // A bookmark in the right pane's document, opened from the left pane.
    a.focus = 1;
    a.feed("}}ma");
    a.focus = 0;
    a.relayout();
    a.feed("'a");
    assert_eq!(a.focus, 1, "the pane showing the document");
    assert_eq!(a.panes[0].doc, left, "the focused pane is not replaced");
    assert_eq!(a.panes[1].doc, other);
    a.feed("<C-o>");
    assert_eq!(a.focus, 0, "C-o gives the focus back");
    // A document shown nowhere replaces the focused pane.
    let elsewhere = (0..a.corpus.documents.len())
        .find(|&d| d != left && d != other)
        .unwrap();
    let i = a.jump_to_doc(elsewhere);
    assert_eq!(i, 0);
    assert_eq!(a.panes[0].doc, elsewhere);
    a.feed("<C-o>");
    assert_eq!(a.panes[0].doc, left);
}

#[test]
fn g_shows_the_last_screenful() {
    let mut a = seeds(80, 24);
    a.feed("G");
    let len = a.panes[0].layout.len();
    let h = a.pane_text_height(0);
    assert_eq!(
        a.panes[0].scroll,
        len - h,
        "the last line on the bottom row"
    );
    assert_eq!(a.percent(), Some(100));
    assert!(a.panes[0].cursor.is_some_and(|p| a.passage_visible(0, p)));
}

#[test]
fn wording_has_right_plurals_and_search_says_when_it_wraps() {
    assert_eq!(plural(1, "match", "matches"), "match");
    assert_eq!(plural(2, "match", "matches"), "matches");
    let mut a = seeds(80, 24);
    a.feed("/Ashraf<Enter>");
    let status = a.status.clone().unwrap();
    assert!(
        status.contains("matches for") && status.contains("N backward"),
        "{status}"
    );
    let n = a.panes[0].search.as_ref().unwrap().matches.len();
    for _ in 0..n - 1 {
        a.feed("n");
    }
    assert!(!a.status.clone().unwrap().contains("hit BOTTOM"));
    a.feed("n");
    assert!(
        a.status
            .clone()
            .unwrap()
            .starts_with("search hit BOTTOM, continuing at TOP"),
        "{:?}",
        a.status
    );
    a.feed("N");
    assert!(a.status.clone().unwrap().starts_with("search hit TOP"));
    a.feed("a");
    let s = a.status.clone().unwrap();
    assert!(s.ends_with("of 1 pane"), "{s}");
}

#[test]
fn less_and_vim_keys() {
    let mut a = seeds(80, 24);
    let h = a.pane_text_height(0);
    a.feed("<C-f>");
    assert_eq!(a.panes[0].scroll, h - 2);
    a.feed("<C-b><C-e><C-e><C-y>");
    assert_eq!(a.panes[0].scroll, 1);
    a.feed("<C-w>l");
    assert_eq!(a.focus, 1);
    a.feed("<C-w>l");
    assert_eq!(a.focus, 1, "no wrap");
    assert_eq!(a.status.as_deref(), Some("no pane to the right"));
    a.feed("<C-w>h");
    assert_eq!(a.focus, 0);
    a.feed("<C-w>w");
    assert_eq!(a.focus, 1);
    a.feed("~");
    assert_eq!(a.status.as_deref(), Some("no key ~ — ? for help"));
    a.feed(":50%<Enter>");
    let p = a.percent().unwrap();
    assert!((45..=75).contains(&p), "{p}");
    a.feed(":3<Enter>");
    assert!(a.status.clone().unwrap().starts_with("paragraph 3 of"));
    let d = doc_with(&a, "002_");
    a.feed(":e seeds/002_f4d8d8b0fbd9500b.txt<Enter>");
    assert_eq!(a.panes[a.focus].doc, d, "{:?}", a.status);
    a.feed(":e nowhere.txt<Enter>");
    assert!(a.status.clone().unwrap().contains("not in this corpus"));
    // Esc closes every overlay and prompt.
    for open in ["?", "o", "/", "F", "t", "v", "m", "B", "H", ":", "O", "K"] {
        a.feed(open);
        a.feed("<Esc>");
        assert!(a.overlay.is_none(), "{open} then Esc");
    }
}

#[test]
fn the_outline_lists_the_compilations_articles_and_enter_jumps() {
    let mut a = seeds(80, 24);
    let first = doc_with(&a, "004_1f5dc5bcb4f5ddab#01");
    a.set_doc(0, first);
    a.feed("O");
    let Some(Overlay::Outline(o)) = a.overlay.clone() else {
        panic!("outline")
    };
    let articles = o.entries.iter().filter(|e| e.level == 0).count();
    assert_eq!(articles, 10);
    let ninth = doc_with(&a, "#09");
    let k = o.entries.iter().position(|e| e.doc == ninth).unwrap();
    for _ in 0..k - o.selected {
        a.feed("j");
    }
    a.feed("<Enter>");
    assert_eq!(a.panes[a.focus].doc, ninth);
    a.feed("<C-o>");
    assert_eq!(a.panes[0].doc, first);
}

#[test]
fn the_trailer_after_right_webs_note_27_is_not_in_the_note() {
    let a = seeds(80, 24);
    let d = &a.corpus.documents[doc_with(&a, "#03")];
    let n = d.notes.iter().find(|n| n.label == "27").unwrap();
    assert!(n.text.ends_with("nbc-news."), "{:?}", n.text);
}

#[test]
fn gospel_chapters_are_the_outline() {
    let text = include_str!("../../tests/data/gospels_asv/41_mark.txt");
    let chapters = text.lines().filter(|l| l.starts_with("Chapter ")).count();
    let c = crate::corpus::parse_files(
        vec![crate::corpus::SourceFile {
            path: "41_mark.txt".into(),
            relative: "41_mark.txt".into(),
            bytes: text.as_bytes().to_vec(),
        }],
        None,
    );
    let index = AlignIndex::build(&c);
    let mut a = App::new(c, index, 80, 24);
    let labels: Vec<String> = a.outline_entries().into_iter().map(|e| e.label).collect();
    let listed = labels.iter().filter(|l| l.starts_with("Chapter ")).count();
    assert_eq!(listed, chapters, "{labels:?}");
    a.feed("O");
    let Some(Overlay::Outline(o)) = a.overlay.clone() else {
        panic!("outline")
    };
    let third = o
        .entries
        .iter()
        .position(|e| e.label == "Chapter 3")
        .unwrap();
    for _ in 0..third - o.selected {
        a.feed("j");
    }
    a.feed("<Enter>");
    let at = o.entries[third].offset;
    assert!(a.offset_visible(0, at));
    assert!(a.status.clone().unwrap().starts_with("Chapter 3"));
}
