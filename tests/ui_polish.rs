//! Screens of issue 24 (reading polish): stale alignment marks, the topic map's header at
//! 40×10, the outline, the reading position in every pane's title, and orange that is orange.

use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui::Terminal;
use synoptic::align::{AlignIndex, Topic};
use synoptic::app::App;
use synoptic::corpus::embedded_seeds;
use synoptic::ui::render_to_buffer;
use synoptic::ui::theme::{Palette, Theme, HIGHLIGHT_COLORS, ORANGE_256, ORANGE_RGB};

fn seeds_app(w: u16, h: u16) -> App {
    let corpus = embedded_seeds();
    let index = AlignIndex::build(&corpus);
    App::new(corpus, index, w, h)
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t
}

/// Fixed topics, so the snapshot does not follow the topic engine.
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
    ];
    app.index.get_mut().expect("the index is built").topics = topics;
}

/// At 40×10 the corner heading no longer runs into the document numbers ("topic \ docu  1t").
#[test]
fn topic_map_header_at_40x10() {
    let mut app = seeds_app(40, 10);
    with_fixed_topics(&mut app);
    app.feed("t");
    let t = draw(&app);
    let buf = t.backend().buffer().clone();
    let header: String = (0..40).map(|x| buf[(x, 1)].symbol().to_string()).collect();
    assert!(!header.contains("docu"), "{header:?}");
    assert!(header.contains("topic"), "{header:?}");
    insta::assert_snapshot!("topic_map_40x10", t.backend());
}

#[test]
fn the_outline_of_the_compilation() {
    let mut app = seeds_app(80, 24);
    let d = app
        .corpus
        .documents
        .iter()
        .position(|d| d.id.ends_with("#03"))
        .unwrap();
    app.feed(":e ");
    let id = app.corpus.documents[d].id.clone();
    app.feed(&format!("{id}<Enter>O"));
    assert_eq!(app.mode(), "OUTLINE");
    insta::assert_snapshot!("outline_compilation_80x24", draw(&app).backend());
}

/// Every pane's title row ends with its reading position, the unfocused ones too.
#[test]
fn every_pane_shows_its_reading_position() {
    let mut app = seeds_app(120, 30);
    app.feed("G<Tab>jjj");
    let buf = render_to_buffer(&app);
    for g in app.geometry() {
        let right = g.area.x + g.area.width;
        let title: String = (right - 5..right)
            .map(|x| buf[(x, g.area.y)].symbol().to_string())
            .collect();
        let want = format!(" {:>3}%", app.pane_percent(g.pane).unwrap());
        assert_eq!(title, want, "pane {}", g.pane);
    }
    assert_eq!(app.pane_percent(0), Some(100));
}

/// Colour 5 is orange where the terminal has 256 colours or RGB, and a 16-colour colour of
/// its own otherwise — never bright red (ANSI 9), and never the same as another colour.
#[test]
fn orange_is_orange() {
    assert_eq!(
        Theme::with_palette(false, Palette::Ansi256).highlight(5).bg,
        Some(ORANGE_256)
    );
    assert_eq!(
        Theme::with_palette(false, Palette::Rgb).highlight(5).bg,
        Some(ORANGE_RGB)
    );
    for palette in [Palette::Ansi16, Palette::Ansi256, Palette::Rgb] {
        let theme = Theme::with_palette(false, palette);
        let bgs: Vec<Option<Color>> = (1..=5).map(|c| theme.highlight(c).bg).collect();
        for (i, a) in bgs.iter().enumerate() {
            assert_ne!(*a, Some(Color::LightRed), "{palette:?}");
            for b in &bgs[i + 1..] {
                assert_ne!(a, b, "{palette:?}: two colours alike");
            }
        }
    }
    assert!(!matches!(
        HIGHLIGHT_COLORS[4],
        Color::Indexed(_) | Color::Rgb(..)
    ));
    assert_eq!(
        Palette::from_env(Some("xterm-256color"), None),
        Palette::Ansi256
    );
    assert_eq!(
        Palette::from_env(Some("xterm"), Some("truecolor")),
        Palette::Rgb
    );
    assert_eq!(Palette::from_env(Some("linux"), None), Palette::Ansi16);
    // The app draws with the palette the runtime found.
    let mut app = seeds_app(80, 24);
    app.palette = Palette::Ansi256;
    app.feed("}v5<Enter>");
    let buf = render_to_buffer(&app);
    let orange = (0..app.height)
        .flat_map(|y| (0..app.width).map(move |x| (x, y)))
        .any(|(x, y)| buf[(x, y)].bg == ORANGE_256);
    assert!(orange, "the highlight is drawn in 256-colour orange");
}

/// Issue 24 item 5: after `a` then `}` (follow off), the other pane's note says it is for the
/// previous passage and its `»` marks are dimmed, not left as if current.
#[test]
fn stale_alignment_marks_are_dimmed_and_said() {
    let mut app = seeds_app(80, 24);
    app.feed("}}}}}}a");
    let fresh = draw(&app).backend().buffer().clone();
    let mark_cell = |buf: &ratatui::buffer::Buffer| {
        (1..23)
            .map(|y| buf[(41, y)].clone())
            .find(|c| c.symbol() == "»")
            .expect("a » mark in the right pane")
    };
    let fresh_mark = mark_cell(&fresh);
    app.feed("}");
    let t = draw(&app);
    let stale = t.backend().buffer().clone();
    let title: String = (0..80)
        .map(|x| stale[(x, 0)].symbol().to_string())
        .collect();
    assert!(title.contains("for previous passage"), "{title:?}");
    let stale_mark = mark_cell(&stale);
    assert_ne!(
        fresh_mark.style(),
        stale_mark.style(),
        "the » mark changes style"
    );
    let dim = Theme::new(false).dim;
    assert_eq!(stale_mark.fg, dim.fg.unwrap(), "the stale » is dimmed");
    insta::assert_snapshot!("stale_marks_80x24", t.backend());
}
