//! App-state tests driven by key strings.

use super::*;
use crate::align::Topic;
use crate::corpus::{BlockKind::*, Document};

fn doc(id: &str, title: &str, author: Option<&str>, blocks: &[(BlockKind, &str)]) -> Document {
    let mut d = Document::from_blocks(id, title, blocks);
    d.author = author.map(str::to_string);
    d
}

const FILLER: &str = "Some ordinary words fill this paragraph so that it wraps over \
    several lines in a narrow pane and the reader has something to scroll through here.";

/// Three documents by three authors; each has a paragraph on camps, one on elections and
/// several filler paragraphs, so alignment has something to find.
pub(crate) fn corpus() -> Corpus {
    let camp_a = "The refugee camp near Baghdad held three thousand residents under \
        protection of coalition forces, and the camp residents refused to leave.";
    let camp_b = "Residents of the camp near Baghdad, three thousand of them, lived under \
        coalition protection and refused every offer to leave the camp.";
    let camp_c = "Coalition forces protected the Baghdad camp where three thousand residents \
        stayed; the camp residents would not leave.";
    let vote_a = "Parliamentary elections were boycotted by the opposition, and turnout in \
        the elections fell to a historic low.";
    let vote_b = "The opposition boycotted parliamentary elections; turnout at the elections \
        reached a historic low.";
    let mk = |id: &str, title: &str, author: &str, camp: &str, vote: &str| {
        let mut blocks: Vec<(BlockKind, &str)> = vec![(Title, title)];
        for _ in 0..3 {
            blocks.push((Paragraph, FILLER));
        }
        blocks.push((Heading, "The camp"));
        blocks.push((Paragraph, camp));
        for _ in 0..3 {
            blocks.push((Paragraph, FILLER));
        }
        blocks.push((Heading, "Elections"));
        blocks.push((Paragraph, vote));
        for _ in 0..4 {
            blocks.push((Paragraph, FILLER));
        }
        doc(id, title, Some(author), &blocks)
    };
    Corpus {
        documents: vec![
            mk("a", "First report", "Alice", camp_a, vote_a),
            mk("b", "Second report", "Bob", camp_b, vote_b),
            mk(
                "c",
                "Third report",
                "Carol",
                camp_c,
                "Gardening tips for tomatoes and basil in spring.",
            ),
            mk("a2", "Another by Alice", "Alice", camp_a, vote_a),
        ],
        warnings: Vec::new(),
    }
}

fn app(w: u16, h: u16) -> App {
    let c = corpus();
    let index = AlignIndex::build(&c);
    App::new(c, index, w, h)
}

fn cursor_block(app: &App, pane: usize) -> Option<usize> {
    app.panes[pane]
        .cursor
        .map(|p| app.index.get().passages[p].block)
}

fn block_text(app: &App, pane: usize, block: usize) -> &str {
    let d = &app.corpus.documents[app.panes[pane].doc];
    d.block_text(&d.blocks[block])
}

#[test]
fn starts_with_as_many_panes_as_fit_each_a_different_author() {
    let a = app(80, 24);
    assert_eq!(a.panes.len(), 2);
    assert_eq!(a.panes[0].doc, 0);
    assert_eq!(a.panes[1].doc, 1);
    let a = app(160, 48);
    // Four fit, but only three distinct authors exist.
    assert_eq!(a.panes.iter().map(|p| p.doc).collect::<Vec<_>>(), [0, 1, 2]);
    let a = app(39, 10);
    assert_eq!(a.panes.len(), 1);
}

#[test]
fn cursor_starts_on_the_first_passage() {
    let a = app(80, 24);
    assert_eq!(cursor_block(&a, 0), Some(1));
    assert_eq!(a.focus, 0);
}

#[test]
fn reading_keys_move_the_focused_pane_only() {
    let mut a = app(80, 24);
    a.feed("jjj");
    assert_eq!(a.panes[0].scroll, 3);
    assert_eq!(a.panes[1].scroll, 0);
    a.feed("k<Down><Up><Up>");
    assert_eq!(a.panes[0].scroll, 1);
    a.feed("<C-d>");
    assert_eq!(a.panes[0].scroll, 1 + 11);
    a.feed("<C-u>");
    assert_eq!(a.panes[0].scroll, 1);
    a.feed("G");
    // The last screenful, as in less and vim.
    assert_eq!(
        a.panes[0].scroll,
        a.panes[0].layout.len() - a.pane_text_height(0)
    );
    // At the end the cursor reaches the last passage.
    let last = *a.index.get().by_doc[0].last().unwrap();
    assert_eq!(a.panes[0].cursor, Some(last));
    a.feed("g");
    assert_eq!(a.panes[0].scroll, 0);
    a.feed("<Space>");
    assert_eq!(a.panes[0].scroll, 20);
    a.feed("b");
    assert_eq!(a.panes[0].scroll, 0);
}

#[test]
fn passage_keys_step_through_passages() {
    let mut a = app(80, 24);
    a.feed("}");
    assert_eq!(cursor_block(&a, 0), Some(2));
    a.feed("}}");
    assert!(block_text(&a, 0, cursor_block(&a, 0).unwrap()).contains("camp"));
    a.feed("{");
    assert_eq!(cursor_block(&a, 0), Some(3));
    // The cursor passage is on screen after every step.
    for _ in 0..20 {
        a.feed("}");
        assert!(a.passage_visible(0, a.panes[0].cursor.unwrap()));
    }
}

#[test]
fn heading_keys_jump_to_headings() {
    let mut a = app(80, 24);
    a.feed("]]");
    let d = a.corpus.documents[0].clone();
    let line = a.panes[0].layout.line_of(d.blocks[4].range.start);
    assert_eq!(a.panes[0].scroll, line);
    assert_eq!(
        cursor_block(&a, 0),
        Some(5),
        "cursor on the heading's first passage"
    );
    a.feed("]]");
    assert_eq!(
        a.panes[0].scroll,
        a.panes[0]
            .layout
            .line_of(d.blocks[9].range.start)
            .min(a.max_scroll(0))
    );
    a.feed("[[");
    assert_eq!(a.panes[0].scroll, line);
    // `]` then another key: the prefix is dropped and the key is read on its own.
    a.feed("]j");
    assert_eq!(a.panes[0].scroll, line + 1);
    assert!(a.pending.is_empty());
}

#[test]
fn tab_moves_focus_and_keys_follow_it() {
    let mut a = app(80, 24);
    a.feed("<Tab>jj");
    assert_eq!(a.focus, 1);
    assert_eq!(a.panes[1].scroll, 2);
    assert_eq!(a.panes[0].scroll, 0);
    a.feed("<S-Tab>");
    assert_eq!(a.focus, 0);
    a.feed("<Tab><Tab>");
    assert_eq!(a.focus, 0, "focus wraps around");
}

#[test]
fn panes_can_be_added_removed_and_zoomed() {
    let mut a = app(80, 24);
    a.feed("+");
    assert_eq!(a.panes.len(), 3);
    assert_eq!(a.focus, 1);
    assert_eq!(a.panes[1].doc, 2, "new pane shows an author not yet shown");
    a.feed("+");
    assert_eq!(a.panes.len(), 4);
    a.feed("+");
    assert_eq!(a.panes.len(), 4);
    assert!(a.status.as_deref().unwrap().contains("at most"));
    a.feed("--");
    assert_eq!(a.panes.len(), 2);
    a.feed("z");
    assert_eq!(a.visible_panes().len(), 1);
    assert_eq!(a.geometry()[0].area.width, 80);
    a.feed("z");
    assert_eq!(a.visible_panes().len(), 2);
    a.feed("--");
    assert_eq!(a.panes.len(), 1);
    assert!(a.status.as_deref().unwrap().contains("last pane"));
}

#[test]
fn no_room_for_a_pane_in_a_narrow_window() {
    let mut a = app(40, 24);
    assert_eq!(a.panes.len(), 1);
    a.feed("+");
    assert_eq!(a.panes.len(), 2);
    a.feed("+");
    assert_eq!(a.panes.len(), 2);
    assert!(a.status.as_deref().unwrap().contains("no room"));
}

#[test]
fn picker_filters_and_opens_a_document() {
    let mut a = app(80, 24);
    a.feed("o");
    assert!(matches!(a.overlay, Some(Overlay::Picker { .. })));
    a.feed("carol");
    assert_eq!(a.picker_items("carol"), vec![2]);
    a.feed("<Enter>");
    assert!(a.overlay.is_none());
    assert_eq!(a.panes[0].doc, 2);
    assert_eq!(
        a.panes[0].jumps.entries().len(),
        1,
        "opening a document is a jump"
    );
    // Filter by title words, move with arrows, Esc cancels.
    a.feed("oreport<Down><Esc>");
    assert_eq!(a.panes[0].doc, 2);
}

#[test]
fn search_is_incremental_and_n_cycles() {
    let mut a = app(80, 24);
    a.feed("/camp");
    assert!(matches!(a.overlay, Some(Overlay::Search { .. })));
    let s = a.panes[0].search.clone().unwrap();
    assert_eq!(s.matches.len(), 3); // "The camp" heading + 2 in the paragraph
    assert_eq!(s.current, Some(0));
    let first = s.matches[0].start;
    assert!(a.panes[0].layout.line_of(first) >= a.panes[0].scroll);
    a.feed("<Enter>");
    assert!(a.overlay.is_none());
    a.feed("n");
    assert_eq!(a.panes[0].search.as_ref().unwrap().current, Some(1));
    a.feed("nn");
    assert_eq!(
        a.panes[0].search.as_ref().unwrap().current,
        Some(0),
        "wraps"
    );
    a.feed("N");
    assert_eq!(a.panes[0].search.as_ref().unwrap().current, Some(2));
    // Esc while typing restores the position and drops the search.
    a.feed("g/elections<Esc>");
    assert_eq!(a.panes[0].scroll, 0);
    assert!(a.panes[0].search.is_none());
}

#[test]
fn corpus_search_lists_hits_and_enter_jumps() {
    let mut a = app(80, 24);
    a.feed("Fgardening");
    let Some(Overlay::CorpusSearch(CorpusSearch { hits, .. })) = &a.overlay else {
        panic!("corpus search open")
    };
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc, 2);
    a.feed("<Enter>");
    assert!(a.overlay.is_none());
    assert_eq!(a.panes[0].doc, 2);
    let s = a.panes[0].search.as_ref().unwrap();
    assert_eq!(s.current, Some(0));
    assert!(a.passage_visible(0, a.panes[0].cursor.unwrap()));
}

#[test]
fn align_brings_the_best_match_or_says_there_is_none() {
    let mut a = app(160, 48); // panes: Alice, Bob, Carol
    a.feed("]]"); // the camp section
    let cursor = a.panes[0].cursor.unwrap();
    assert!(block_text(&a, 0, a.index.get().passages[cursor].block).contains("refugee camp"));
    a.feed("a");
    for i in 1..3 {
        let want = a.index.get().best_in_doc(cursor, a.panes[i].doc, 1);
        match want.first() {
            Some(m) => {
                // the best, even when weak: a reader judges a weak match faster than an
                // empty pane
                assert_eq!(a.panes[i].mark, Some(m.passage));
                assert!(a.passage_visible(i, m.passage));
                assert!(
                    matches!(a.panes[i].note, Some(AlignNote::Match { good, .. }) if good == m.good)
                );
                assert_eq!(a.panes[i].jumps.entries().len(), 1);
            }
            None => {
                assert_eq!(a.panes[i].note, Some(AlignNote::NoMatch));
                assert_eq!(a.panes[i].scroll, 0, "no match: the pane stays");
            }
        }
    }
    assert_eq!(a.focus, 0);
}

#[test]
fn next_candidate_steps_through_the_ranked_matches_and_back() {
    let mut a = app(160, 48); // panes: Alice, Bob, Carol
    a.feed("]]");
    let cursor = a.panes[0].cursor.unwrap();
    let ranked: Vec<Vec<(usize, bool)>> = (0..3)
        .map(|i| {
            a.index
                .get()
                .best_in_doc(cursor, a.panes[i].doc, 5)
                .iter()
                .map(|m| (m.passage, m.good))
                .collect()
        })
        .collect();
    assert!(
        ranked[1].len() >= 2,
        "the test corpus gives Bob two candidates"
    );
    let rank_of = |a: &App, i: usize| match &a.panes[i].note {
        Some(AlignNote::Match { rank, .. }) => Some(*rank),
        _ => None,
    };
    // ]a without a prior align aligns: the best, weak or not
    a.feed("]a");
    for (i, r) in ranked.iter().enumerate().skip(1) {
        let want = r.first().map(|_| 0);
        assert_eq!(rank_of(&a, i), want, "pane {i}");
    }
    // the next ]a: the second
    a.feed("]a");
    for (i, r) in ranked.iter().enumerate().skip(1) {
        let (want_rank, want) = (1, r.get(1));
        let Some(&(passage, good)) = want else {
            continue;
        };
        assert_eq!(a.panes[i].mark, Some(passage), "pane {i}");
        assert!(a.passage_visible(i, passage));
        assert_eq!(rank_of(&a, i), Some(want_rank), "pane {i}");
        assert!(matches!(a.panes[i].note, Some(AlignNote::Match { good: g, .. }) if g == good));
    }
    assert_eq!(a.focus, 0, "the reader stays where it reads");
    assert_eq!(a.panes[0].cursor, Some(cursor));
    let before = rank_of(&a, 1).unwrap();
    a.feed("]a");
    assert_eq!(rank_of(&a, 1), Some(before + 1));
    assert_eq!(a.panes[1].mark, Some(ranked[1][before + 1].0));
    a.feed("[a");
    assert_eq!(rank_of(&a, 1), Some(before));
    a.feed("[a[a[a");
    assert_eq!(rank_of(&a, 1), Some(0));
    assert!(
        a.status.as_deref().unwrap().contains("best match"),
        "{:?}",
        a.status
    );
    // once the cursor moves, ]a starts again from the best
    a.feed("}");
    assert_ne!(a.panes[0].cursor, Some(cursor));
    a.feed("]a");
    assert!(matches!(rank_of(&a, 1), None | Some(0)));
}

#[test]
fn align_with_an_empty_engine_reports_no_match() {
    let c = corpus();
    let mut index = AlignIndex::build(&c);
    // Same passages, but pretend the engine finds nothing: a corpus of unrelated texts.
    index.topics.clear();
    let mut a = App::new(
        Corpus {
            documents: vec![
                doc("x", "X", Some("A"), &[(Paragraph, "alpha beta gamma")]),
                doc("y", "Y", Some("B"), &[(Paragraph, "delta epsilon zeta")]),
            ],
            warnings: vec![],
        },
        AlignIndex::default(),
        80,
        24,
    );
    a.feed("a");
    assert!(a.status.is_some());
    let idx = AlignIndex::build(&a.corpus);
    update(&mut a, Action::IndexReady(Box::new(idx)));
    a.feed("a");
    assert_eq!(a.panes[1].note, Some(AlignNote::NoMatch));
}

#[test]
fn follow_mode_keeps_the_best_match_in_view() {
    let mut a = app(160, 48);
    a.feed("f");
    assert!(a.alignment.follow);
    assert_eq!(a.mode(), "FOLLOW");
    a.feed("]]");
    let cursor = a.panes[0].cursor.unwrap();
    for i in 1..3 {
        if let Some(m) = a
            .index
            .get()
            .best_in_doc(cursor, a.panes[i].doc, 1)
            .first()
            .filter(|m| m.good)
        {
            assert!(a.passage_visible(i, a.panes[i].mark.unwrap()));
            let _ = m;
        }
    }
    // Scrolling one line further does not move the other panes when their match stays.
    let before: Vec<usize> = a.panes.iter().map(|p| p.scroll).collect();
    a.feed("j");
    if a.panes[0].cursor == Some(cursor) {
        assert_eq!(a.panes[1].scroll, before[1]);
        assert_eq!(a.panes[2].scroll, before[2]);
    }
    a.feed("f");
    assert!(!a.alignment.follow);
}

#[test]
fn follow_key_string_example() {
    // "ja}f": scroll, align, next passage, follow on.
    let mut a = app(80, 24);
    a.feed("ja}f");
    assert!(a.alignment.follow);
    assert_eq!(a.focus, 0);
    assert!(a.panes[0].scroll > 0);
}

#[test]
fn topic_map_opens_a_cell_in_a_pane() {
    let mut a = app(80, 24);
    // A hand-made topic so the test does not depend on the clustering.
    let camp: Vec<usize> = a
        .index
        .get()
        .passages
        .iter()
        .filter(|p| {
            let d = &a.corpus.documents[p.doc];
            d.text[p.range.clone()].contains("camp")
        })
        .map(|p| p.id)
        .collect();
    a.index.get_mut().expect("the index is built").topics = vec![Topic {
        id: 0,
        label: "camp residents".into(),
        passages: camp.clone(),
    }];
    assert_eq!(a.topic_counts()[0][..3], [1, 1, 1]);
    a.feed("t");
    assert_eq!(a.mode(), "TOPICS");
    a.feed("l<Enter>"); // Bob's column: its passages listed
    assert!(matches!(
        a.overlay,
        Some(Overlay::Topics(TopicMap { list: Some(0), .. }))
    ));
    a.feed("<Enter>"); // the first opens
    assert!(a.overlay.is_none());
    assert_eq!(a.focus, 1, "the pane already showing Bob's report");
    let cur = a.panes[1].cursor.unwrap();
    assert!(camp.contains(&cur));
    assert!(a.passage_visible(1, cur));
    // A column for a document that is not shown opens in the focused pane.
    a.feed("tll<Enter><Enter>");
    assert_eq!(a.panes[1].doc, 2);
}

#[test]
fn help_overlay_opens_and_closes() {
    let mut a = app(80, 24);
    a.feed("?");
    assert_eq!(a.mode(), "HELP");
    a.feed("jj");
    assert_eq!(a.overlay, Some(Overlay::Help(Help { scroll: 2 })));
    a.feed("G");
    let max = a.help_max_scroll();
    assert!(max > 0, "the help is longer than 80x24");
    assert_eq!(a.overlay, Some(Overlay::Help(Help { scroll: max })));
    a.feed("jj");
    assert_eq!(
        a.overlay,
        Some(Overlay::Help(Help { scroll: max })),
        "clamped"
    );
    a.feed("k");
    assert_eq!(a.overlay, Some(Overlay::Help(Help { scroll: max - 1 })));
    a.feed("<Esc>");
    assert!(a.overlay.is_none());
    assert_eq!(
        a.panes[0].scroll, 0,
        "keys in an overlay don't scroll the pane"
    );
}

#[test]
fn quit_is_an_effect() {
    let mut a = app(80, 24);
    assert_eq!(a.feed("q"), vec![Effect::Quit]);
    assert_eq!(a.feed("j"), vec![]);
}

#[test]
fn resize_reflows_and_keeps_the_cursor_passage_in_view() {
    let mut a = app(160, 48);
    a.feed("}}}}}}}");
    let cursor = a.panes[0].cursor.unwrap();
    for (w, h) in [(80, 24), (40, 10), (20, 5), (200, 50), (23, 7), (80, 24)] {
        update(&mut a, Action::Resize(w, h));
        assert_eq!(a.panes[0].cursor, Some(cursor));
        assert!(a.passage_visible(0, cursor), "cursor visible at {w}x{h}");
        for g in a.geometry() {
            assert_eq!(a.panes[g.pane].layout.width, g.text.width as usize);
        }
    }
}

#[test]
fn resizing_down_and_back_gives_back_the_same_view() {
    let mut a = app(80, 24);
    a.feed("jj");
    let (scroll, cursor) = (a.panes[0].scroll, a.panes[0].cursor);
    for (w, h) in [(1, 1), (2, 1), (20, 5), (7, 2), (50, 12), (80, 24)] {
        update(&mut a, Action::Resize(w, h));
    }
    assert_eq!((a.panes[0].scroll, a.panes[0].cursor), (scroll, cursor));
    // Once the reader scrolls in the small window, that view is the one kept.
    update(&mut a, Action::Resize(20, 5));
    a.feed("jjjjjjjj");
    let top = a.panes[0].layout.offset_of(a.panes[0].scroll);
    update(&mut a, Action::Resize(80, 24));
    let line = a.panes[0].layout.line_of(top);
    let scroll = a.panes[0].scroll;
    assert!(
        scroll <= line && line < scroll + a.text_height(),
        "the small window's top ({line}) is in view from {scroll}"
    );
    assert_ne!(scroll, 0, "not the first view");
}

#[test]
fn stacked_panes_tile_the_screen_above_the_status_line() {
    for (w, h) in [(80, 24), (120, 40), (200, 50), (20, 9), (80, 5)] {
        let mut a = app(w, h);
        while a.panes.len() < 3 && a.feed("+").is_empty() && a.status.is_none() {}
        a.status = None;
        a.feed("s");
        assert!(a.stacked);
        let g = a.geometry();
        assert!(!g.is_empty(), "{w}x{h}");
        let mut y = 0;
        for g in &g {
            assert_eq!((g.area.x, g.area.width, g.area.y), (0, w, y), "{w}x{h}");
            assert_eq!(g.text.y, g.area.y + 1);
            assert_eq!(g.text.height, g.area.height - 1);
            assert_eq!(a.panes[g.pane].layout.width, g.text.width as usize);
            assert_eq!(a.pane_text_height(g.pane), g.text.height.max(1) as usize);
            y += g.area.height;
        }
        assert_eq!(y, h - 1, "{w}x{h}: panes end above the status line");
        if let Some(c) = a.panes[a.focus].cursor {
            assert!(a.passage_visible(a.focus, c), "{w}x{h}");
        }
        a.feed("s");
        assert!(!a.stacked);
        assert_eq!(a.geometry()[0].area.height, h - 1);
    }
}

#[test]
fn a_stacked_pane_scrolls_by_its_own_height() {
    let mut a = app(80, 24);
    a.feed("s");
    let h = a.pane_text_height(a.focus);
    assert_eq!(h, 11, "23 rows: panes of 12 and 11, less a title row each");
    a.feed("<Space>");
    assert_eq!(a.panes[a.focus].scroll, h - 2);
    let session = a.session_snapshot();
    assert!(session.stacked);
    let mut b = app(80, 24);
    assert!(b.restore_session(&session));
    assert!(b.stacked);
}

#[test]
fn narrowing_and_widening_again_does_not_drift_a_line() {
    for layout in ["z", "s"] {
        narrowing_and_widening_again_in(layout);
    }
}

fn narrowing_and_widening_again_in(layout: &str) {
    let mut a = app(100, 30);
    a.feed(layout);
    for lines in 1..40 {
        a.feed("j");
        let scroll = a.panes[0].scroll;
        for _ in 0..3 {
            update(&mut a, Action::Resize(70, 30));
            update(&mut a, Action::Resize(100, 30));
        }
        assert_eq!(
            a.panes[0].scroll, scroll,
            "{layout}: after {lines} lines down"
        );
    }
}

#[test]
fn tiny_and_empty_windows_do_not_panic() {
    let mut a = app(80, 24);
    for (w, h) in [(0, 0), (1, 1), (5, 3), (19, 4), (20, 5), (10, 40)] {
        update(&mut a, Action::Resize(w, h));
        a.feed("jjG}{]][[<Tab>+-z z a");
    }
    let mut empty = App::new(Corpus::default(), AlignIndex::default(), 80, 24);
    empty.feed("jk}a+-zo<Esc>t<Esc>/x<Enter>F<Esc>?<Esc>");
    assert_eq!(empty.feed("q"), vec![Effect::Quit]);
}

#[test]
fn mouse_scrolls_the_pane_under_the_pointer_and_click_focuses() {
    let mut a = app(80, 24);
    let wheel = |kind, column| {
        Action::Mouse(Mouse {
            kind,
            column,
            row: 5,
        })
    };
    update(&mut a, wheel(MouseKind::ScrollDown, 60));
    assert_eq!(a.panes[1].scroll, WHEEL_LINES as usize);
    assert_eq!(a.panes[0].scroll, 0);
    assert_eq!(a.focus, 0);
    update(&mut a, wheel(MouseKind::Click, 60));
    assert_eq!(a.focus, 1);
    let line = a.panes[1].scroll + 4;
    let offset = a.panes[1].layout.offset_of(line);
    assert_eq!(
        a.panes[1].cursor,
        a.index.get().passage_at(a.panes[1].doc, offset)
    );
}

#[test]
fn unbound_keys_say_so_and_esc_is_quiet() {
    let mut a = app(80, 24);
    // An unbound key says so (issue 24), and Esc alone stays quiet.
    let r = a.revision;
    a.feed("<Esc>");
    assert_eq!(a.revision, r, "Esc in the reader: nothing to redraw");
    a.feed("~");
    assert!(a.revision > r);
    assert_eq!(a.status.as_deref(), Some("no key ~ — ? for help"));
}

#[test]
fn bad_keymap_is_reported_and_defaults_are_used() {
    let mut a = app(80, 24);
    a.load_keymap(Some(("keymap.toml", "[normal]\n\"j\" = \"fly\"\n")));
    assert!(a.status.as_deref().unwrap().contains("unknown command"));
    assert!(!a.status.as_deref().unwrap().contains('\n'));
    a.feed("j");
    assert_eq!(a.panes[0].scroll, 1);
    a.load_keymap(Some(("keymap.toml", "[normal]\n\"e\" = \"scroll_down\"\n")));
    a.feed("e");
    assert_eq!(a.panes[0].scroll, 2);
}

#[test]
fn jump_list_goes_back_and_forward() {
    let mut j = JumpList::default();
    let at = |offset| Jump {
        doc: 0,
        offset,
        cursor: None,
        marker: None,
        focus: None,
    };
    j.push(at(1));
    j.push(at(2));
    assert_eq!(j.back(at(3)), Some(at(2)));
    assert_eq!(j.back(at(2)), Some(at(1)));
    assert_eq!(j.back(at(1)), None);
    assert_eq!(j.forward(), Some(at(2)));
    assert_eq!(j.forward(), Some(at(3)));
    assert_eq!(j.forward(), None);
}

#[test]
fn indexing_in_the_background_then_ready() {
    let c = corpus();
    let index = AlignIndex::build(&c);
    let mut a = App::indexing(c, 80, 24);
    assert!(!a.index.is_ready());
    assert_eq!(a.panes[0].cursor, None);
    a.feed("}");
    assert!(a.status.as_deref().unwrap().contains("indexed"));
    update(&mut a, Action::IndexReady(Box::new(index)));
    assert!(a.index.is_ready());
    assert_eq!(cursor_block(&a, 0), Some(1));
}

#[test]
fn a_failed_index_is_said_and_reading_goes_on() {
    let mut a = App::indexing(corpus(), 80, 24);
    update(&mut a, Action::IndexFailed);
    assert!(a.status.as_deref().unwrap().contains("could not be built"));
    a.feed("a");
    assert!(a.status.as_deref().unwrap().contains("could not be built"));
    a.feed("}");
    assert!(a.status.as_deref().unwrap().contains("could not be built"));
    a.feed("j");
    assert_eq!(a.panes[0].scroll, 1, "scrolling still works");
    a.feed("t");
    let screen = crate::ui::render_to_buffer(&a);
    let text: String = screen.content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains("The alignment index could not be built"));
    assert!(!text.contains("indexing…"));
}

#[test]
fn matches_first_then_claims_and_topics_each_said_while_awaited() {
    let c = corpus();
    let mut index = AlignIndex::build_without_topics(&c);
    let mut a = App::indexing(c, 80, 24);
    let text = |a: &App| -> String {
        let screen = crate::ui::render_to_buffer(a);
        screen.content().iter().map(|c| c.symbol()).collect()
    };
    assert!(text(&a).contains("indexing…"));
    update(&mut a, Action::MatchesReady(Arc::new(index.clone())));
    assert!(text(&a).contains("finding topics…"), "{}", text(&a));
    a.feed("D");
    assert_eq!(
        a.status.as_deref(),
        Some("the disagreements are still being found…")
    );
    a.status = None;
    let topics = index.form_topics();
    index.set_topics(topics.clone());
    let claims = crate::claims::Claims::build(&a.corpus, &index);
    update(&mut a, Action::ClaimsReady(Box::new(claims)));
    update(&mut a, Action::TopicsReady(topics));
    assert!(a.index.is_ready());
    let shown = text(&a);
    assert!(!shown.contains("finding topics…") && !shown.contains("indexing…"));
    a.feed("D");
    assert_ne!(
        a.status.as_deref(),
        Some("the disagreements are still being found…")
    );
}
