//! Snapshots of the main screens (TestBackend + insta) and assertions on the styles that
//! snapshots drop.

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use synoptic::align::{AlignIndex, Topic};
use synoptic::app::{update, Action, App};
use synoptic::corpus::embedded_seeds;
use synoptic::ui::{render_to_buffer, Theme, CURSOR_BAR, FOCUS_PREFIX, MARK_BAR};

fn seeds_app(w: u16, h: u16) -> App {
    let corpus = embedded_seeds();
    let index = AlignIndex::build(&corpus);
    App::new(corpus, index, w, h)
}

/// Two fixed topics (built from words, not from the clustering) so the topic-map snapshot
/// does not change when the topic engine does.
fn with_fixed_topics(app: &mut App) {
    let topic = |id: usize, label: &str, word: &str| Topic {
        id,
        label: label.into(),
        passages: app
            .index
            .get()
            .passages
            .iter()
            .filter(|p| {
                app.corpus.documents[p.doc].text[p.range.clone()]
                    .to_lowercase()
                    .contains(word)
            })
            .map(|p| p.id)
            .collect(),
    };
    let topics = vec![
        topic(0, "Camp Ashraf", "ashraf"),
        topic(1, "terrorist list", "terrorist"),
        topic(2, "Rajavi leadership", "rajavi"),
    ];
    app.index.get_mut().expect("the index is built").topics = topics;
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t
}

/// Whether a drawn cell carries `style` (cells fill unset colours with `Reset`).
fn has_style(cell: &ratatui::buffer::Cell, style: ratatui::style::Style) -> bool {
    cell.fg == style.fg.unwrap_or(Color::Reset)
        && cell.bg == style.bg.unwrap_or(Color::Reset)
        && cell.modifier == style.add_modifier
}

fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

#[test]
fn seeds_start_screen() {
    for (w, h) in SIZES {
        let app = seeds_app(w, h);
        insta::assert_snapshot!(format!("start_{w}x{h}"), draw(&app).backend());
    }
}

#[test]
fn seeds_three_panes() {
    for (w, h) in SIZES {
        let mut app = seeds_app(w, h);
        while app.panes.len() < 3 {
            app.feed("+");
        }
        app.feed("<S-Tab><S-Tab>}}");
        insta::assert_snapshot!(format!("three_panes_{w}x{h}"), draw(&app).backend());
    }
}

#[test]
fn seeds_stacked_panes() {
    let mut app = seeds_app(80, 24);
    app.feed("s}}");
    insta::assert_snapshot!("stacked_80x24", draw(&app).backend());
    let t = draw(&app);
    let buf = t.backend().buffer();
    // Each pane's title row is full width and styled; the focused one is marked.
    let titles: Vec<u16> = (0..24)
        .filter(|&y| {
            row_text(buf, y)
                .trim_start()
                .starts_with(FOCUS_PREFIX.trim())
                || {
                    let c = &buf[(0, y)];
                    has_style(c, Theme::new(false).title) && y < 23
                }
        })
        .collect();
    assert_eq!(titles, vec![0, 12], "{titles:?}");
}

#[test]
fn seeds_topic_map() {
    for (w, h) in SIZES {
        let mut app = seeds_app(w, h);
        with_fixed_topics(&mut app);
        app.feed("tjl");
        insta::assert_snapshot!(format!("topic_map_{w}x{h}"), draw(&app).backend());
    }
}

#[test]
fn seeds_help() {
    for (w, h) in SIZES {
        let mut app = seeds_app(w, h);
        app.feed("?");
        insta::assert_snapshot!(format!("help_{w}x{h}"), draw(&app).backend());
    }
}

#[test]
fn seeds_picker() {
    for (w, h) in SIZES {
        let mut app = seeds_app(w, h);
        app.feed("oiran");
        insta::assert_snapshot!(format!("picker_{w}x{h}"), draw(&app).backend());
    }
}

#[test]
fn seeds_corpus_search_results() {
    for (w, h) in SIZES {
        let mut app = seeds_app(w, h);
        app.feed("FAshraf<Down><Down>");
        insta::assert_snapshot!(format!("corpus_search_{w}x{h}"), draw(&app).backend());
    }
}

#[test]
fn seeds_incremental_search() {
    let mut app = seeds_app(80, 24);
    app.feed("/camp");
    insta::assert_snapshot!("search_typing_80x24", draw(&app).backend());
}

#[test]
fn tiny_windows_render_without_panic() {
    let mut app = seeds_app(80, 24);
    app.feed("+");
    for w in 0..40 {
        for h in 0..12 {
            update(&mut app, Action::Resize(w, h));
            let buf = render_to_buffer(&app);
            if (w, h) == (19, 10) {
                assert!(row_text(&buf, 0).starts_with("window too small"));
            }
        }
    }
    update(&mut app, Action::Resize(20, 5));
    let buf = render_to_buffer(&app);
    assert!(row_text(&buf, 0).contains(FOCUS_PREFIX.trim()));
    for overlay in ["?", "o", "t", "F", "/"] {
        let mut a = seeds_app(20, 5);
        a.feed(overlay);
        render_to_buffer(&a);
        update(&mut a, Action::Resize(7, 3));
        render_to_buffer(&a);
    }
}

#[test]
fn focused_title_is_marked_by_style_and_prefix() {
    let mut app = seeds_app(80, 24);
    let theme = Theme::new(false);
    let buf = render_to_buffer(&app);
    assert!(row_text(&buf, 0).starts_with(FOCUS_PREFIX));
    assert!(has_style(&buf[(5, 0)], theme.title_focused));
    assert!(has_style(&buf[(45, 0)], theme.title));
    assert_ne!(theme.title_focused, theme.title);
    app.feed("<Tab>");
    let buf = render_to_buffer(&app);
    assert!(has_style(&buf[(5, 0)], theme.title));
    assert!(has_style(&buf[(45, 0)], theme.title_focused));
}

#[test]
fn cursor_passage_has_a_gutter_bar() {
    let mut app = seeds_app(80, 24);
    app.feed("}}");
    let theme = Theme::new(false);
    let buf = render_to_buffer(&app);
    let p = &app.index.get().passages[app.panes[0].cursor.unwrap()];
    let layout = &app.panes[0].layout;
    let first = layout.line_of(p.range.start) - app.panes[0].scroll;
    let g = app.geometry()[0];
    let cell = &buf[(g.gutter, g.text.y + first as u16)];
    assert_eq!(cell.symbol(), CURSOR_BAR);
    assert!(has_style(cell, theme.cursor_bar));
    // Exactly the passage's lines carry the bar.
    let lines = layout.lines_of(&p.range);
    for row in 0..g.text.height {
        let line = app.panes[0].scroll + row as usize;
        let has_bar = buf[(g.gutter, g.text.y + row)].symbol() == CURSOR_BAR;
        assert_eq!(has_bar, lines.contains(&line), "row {row}");
    }
}

#[test]
fn headings_are_bold_and_title_styled() {
    let app = seeds_app(80, 24);
    let theme = Theme::new(false);
    let buf = render_to_buffer(&app);
    let g = app.geometry()[0];
    // The document title is the first text line.
    assert!(has_style(&buf[(g.text.x, g.text.y)], theme.title_block));
    assert!(theme.heading.add_modifier.contains(Modifier::BOLD));
}

#[test]
fn search_matches_are_highlighted() {
    let mut app = seeds_app(80, 24);
    app.feed("/the<Enter>");
    let buf = render_to_buffer(&app);
    let theme = Theme::new(false);
    let cells: Vec<_> = buf.content().iter().map(|c| c.style()).collect();
    assert!(cells.iter().any(|s| *s == theme.current_match
        || s.bg == theme.current_match.bg && s.fg == theme.current_match.fg));
    assert!(cells.iter().any(|s| s.bg == theme.search_match.bg));
}

#[test]
fn no_color_uses_modifiers_only() {
    let mut app = seeds_app(80, 24);
    app.no_color = true;
    app.feed("}}/the<Enter>");
    let buf = render_to_buffer(&app);
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset, "no foreground colour under NO_COLOR");
        assert_eq!(cell.bg, Color::Reset, "no background colour under NO_COLOR");
    }
    assert!(!Theme::new(true).uses_color());
    assert!(Theme::new(false).uses_color());
    // Focus: reverse + bold title.
    assert!(buf[(5, 0)]
        .modifier
        .contains(Modifier::REVERSED | Modifier::BOLD));
    assert!(!buf[(45, 0)].modifier.contains(Modifier::REVERSED));
    // Cursor passage: a bold bar symbol.
    let g = app.geometry()[0];
    let bar = (g.text.y..g.text.y + g.text.height)
        .map(|y| &buf[(g.gutter, y)])
        .find(|c| c.symbol() == CURSOR_BAR)
        .expect("cursor bar visible");
    assert!(bar.modifier.contains(Modifier::BOLD));
    // Matches: underline + bold, the current one reversed.
    assert!(buf
        .content()
        .iter()
        .any(|c| c.modifier.contains(Modifier::UNDERLINED | Modifier::BOLD)));
    assert!(buf
        .content()
        .iter()
        .skip(80)
        .take(80 * 22)
        .any(|c| c.modifier.contains(Modifier::REVERSED)));
}

#[test]
fn align_marks_other_panes_and_explains_why() {
    let mut app = seeds_app(80, 24);
    // Find a passage with a good match in the other pane.
    let other = app.panes[1].doc;
    let ids = app.index.get().by_doc[app.panes[0].doc].clone();
    let Some(&p) = ids.iter().find(|&&p| {
        app.index
            .get()
            .best_in_doc(p, other, 1)
            .first()
            .is_some_and(|m| m.good)
    }) else {
        eprintln!("alignment engine finds no good match between the first two seeds");
        return;
    };
    while app.panes[0].cursor != Some(p) {
        app.feed("}");
    }
    app.feed("a");
    let m = app.index.get().best_in_doc(p, other, 1).remove(0);
    assert_eq!(app.panes[1].mark, Some(m.passage));
    let buf = render_to_buffer(&app);
    let title = row_text(&buf, 0);
    assert!(title.contains(&format!("≈{:.2}", m.score)), "{title}");
    let g = app.geometry()[1];
    assert!((g.text.y..g.text.y + g.text.height).any(|y| buf[(g.gutter, y)].symbol() == MARK_BAR));
    let theme = Theme::new(false);
    let mark_cell = (g.text.y..g.text.y + g.text.height)
        .map(|y| &buf[(g.gutter, y)])
        .find(|c| c.symbol() == MARK_BAR)
        .unwrap();
    assert!(has_style(mark_cell, theme.mark_bar));
}

#[test]
fn a_match_sharing_no_word_says_it_was_placed_by_context() {
    use synoptic::app::AlignNote;
    use synoptic::ui::note_text;
    let note = |score: f32, terms: &[&str], rank: usize, good: bool, by_context: bool| {
        note_text(&AlignNote::Match {
            score,
            terms: terms.iter().map(|t| t.to_string()).collect(),
            rank,
            good,
            by_context,
            pinned: false,
        })
    };
    assert_eq!(
        note(0.42, &["saddam", "iraq"], 0, true, false),
        "≈0.42 saddam iraq"
    );
    assert_eq!(note(0.31, &[], 0, true, true), "≈0.31 by context");
    // words in common, but most of the score from the passages around it
    assert_eq!(
        note(0.73, &["khalq", "iraqi"], 0, true, true),
        "≈0.73 by context khalq iraqi"
    );
    assert_eq!(
        note(0.27, &["camp"], 1, true, false),
        "#2 ≈0.27 camp",
        "]a: the rank is shown"
    );
    assert_eq!(note(0.24, &["fate"], 0, false, false), "≈0.24 weak fate");
    let pinned = note_text(&AlignNote::Match {
        score: 0.1,
        terms: vec!["camp".into()],
        rank: 0,
        good: true,
        by_context: false,
        pinned: true,
    });
    assert_eq!(
        pinned, "pinned camp",
        "a pin shows where the score would be"
    );
}

#[test]
fn seeds_why_view() {
    let mut app = seeds_app(80, 24);
    app.feed("}}w");
    insta::assert_snapshot!("why_80x24", draw(&app).backend());
    let screen: String = (0..24)
        .map(|y| row_text(&render_to_buffer(&app), y))
        .collect();
    let scored = screen.matches('≈').count() + screen.matches("pinned").count();
    assert!(
        scored >= 3,
        "three or more candidates with scores:\n{screen}"
    );
}

#[test]
fn seeds_topic_map_cell_lists_its_passages() {
    let mut app = seeds_app(80, 24);
    with_fixed_topics(&mut app);
    app.feed("tjl<Enter>");
    insta::assert_snapshot!("topic_cell_80x24", draw(&app).backend());
}
