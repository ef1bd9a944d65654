//! Drawing of footnotes, highlights and bookmarks: styles the snapshots drop, and snapshots
//! of the note popup (`K`), the highlight list (`H`) and the bookmark list (`B`) at 80×24.

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use synoptic::align::AlignIndex;
use synoptic::app::{update, Action, App, FootnotePreview, Overlay};
use synoptic::corpus::embedded_seeds;
use synoptic::ui::theme::HIGHLIGHT_COLORS;
use synoptic::ui::{render_to_buffer, Theme, BOOKMARK_SIGN, HIGHLIGHT_BAR};

fn seeds_app(w: u16, h: u16) -> App {
    let corpus = embedded_seeds();
    let index = AlignIndex::build(&corpus);
    let mut app = App::new(corpus, index, w, h);
    update(&mut app, Action::Tick(1_700_000_000_000));
    app
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t
}

/// Screen cell showing byte `offset` of the focused pane's document.
fn cell_of(app: &App, buf: &Buffer, offset: usize) -> (u16, u16) {
    let pane = &app.panes[app.focus];
    let g = app
        .geometry()
        .into_iter()
        .find(|g| g.pane == app.focus)
        .unwrap();
    let line = pane.layout.line_of(offset);
    assert!(line >= pane.scroll, "offset on screen");
    let l = &pane.layout.lines[line];
    let text = &app.corpus.documents[pane.doc].text;
    let col = synoptic::wrap::str_width(&text[l.range.start..offset]) as u16;
    let _ = buf;
    (g.text.x + col, g.text.y + (line - pane.scroll) as u16)
}

/// Opens document `doc` in the focused pane through the picker.
fn open(app: &mut App, doc: usize) {
    let from = app.panes[app.focus].doc;
    app.feed("o");
    if doc >= from {
        for _ in from..doc {
            app.feed("<Down>");
        }
    } else {
        for _ in doc..from {
            app.feed("<Up>");
        }
    }
    app.feed("<Enter>");
    assert_eq!(app.panes[app.focus].doc, doc);
}

fn doc_index(app: &App, id: &str) -> usize {
    app.corpus
        .documents
        .iter()
        .position(|d| d.id.starts_with(id))
        .unwrap()
}

#[test]
fn highlights_are_drawn_in_their_colour_with_a_gutter_mark() {
    let mut app = seeds_app(80, 24);
    app.feed("}v3<Enter>");
    assert_eq!(app.annotations.data.highlights.len(), 1);
    let (range, color, _) = app.annotations.located.by_doc[app.panes[0].doc][0].clone();
    assert_eq!(color, 3);
    let theme = Theme::new(false);
    let buf = render_to_buffer(&app);
    let (x, y) = cell_of(&app, &buf, range.start);
    let cell = &buf[(x, y)];
    assert_eq!(cell.bg, HIGHLIGHT_COLORS[2]);
    assert_eq!(cell.bg, theme.highlight(3).bg.unwrap());
    let g = app.geometry()[0];
    let mark = &buf[(g.gutter + 1, y)];
    assert_eq!(mark.symbol(), HIGHLIGHT_BAR);
    assert_eq!(mark.fg, HIGHLIGHT_COLORS[2]);
    // Text outside the highlight keeps the paragraph style.
    let (x2, y2) = cell_of(&app, &buf, range.end + 2);
    assert_eq!(buf[(x2, y2)].bg, Color::Reset);
    // The five colours are distinct named ANSI colours (16-colour safe).
    let mut bgs: Vec<String> = (1..=5)
        .map(|c| format!("{:?}", theme.highlight(c).bg))
        .collect();
    bgs.dedup();
    assert_eq!(bgs.len(), 5);
    for c in HIGHLIGHT_COLORS {
        assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)));
    }
}

#[test]
fn no_color_highlights_are_underlined_with_the_colour_digit_in_the_gutter() {
    let mut app = seeds_app(80, 24);
    app.no_color = true;
    app.feed("}v4<Enter>");
    let (range, _, _) = app.annotations.located.by_doc[app.panes[0].doc][0].clone();
    let buf = render_to_buffer(&app);
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
    let (x, y) = cell_of(&app, &buf, range.start);
    assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
    let g = app.geometry()[0];
    assert_eq!(buf[(g.gutter + 1, y)].symbol(), "4");
    // A selection in progress is reversed.
    app.feed("jv");
    let Some(Overlay::Select(sel)) = app.overlay.clone() else {
        panic!("selecting")
    };
    let buf = render_to_buffer(&app);
    let (x, y) = cell_of(&app, &buf, sel.range().start);
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn selected_marker_and_flashed_note_are_styled() {
    let mut app = seeds_app(80, 24);
    let theme = Theme::new(false);
    app.feed("]f");
    let d = &app.corpus.documents[app.panes[0].doc];
    let m = d.markers[app.panes[0].marker.unwrap()].clone();
    let buf = render_to_buffer(&app);
    let (x, y) = cell_of(&app, &buf, m.offset);
    assert_eq!(buf[(x, y)].bg, theme.marker_selected.bg.unwrap());
    app.feed("<Enter>");
    let (range, _) = app.panes[0].flash.clone().unwrap();
    let buf = render_to_buffer(&app);
    let (x, y) = cell_of(&app, &buf, range.start);
    assert_eq!(buf[(x, y)].bg, theme.flash.bg.unwrap());
}

#[test]
fn marks_show_their_letter_in_the_gutter() {
    let mut app = seeds_app(80, 24);
    app.feed("}}maMnamed<Enter>");
    let buf = render_to_buffer(&app);
    let g = app.geometry()[0];
    let gutter: Vec<String> = (g.text.y..g.text.y + g.text.height)
        .map(|y| buf[(g.gutter + 1, y)].symbol().to_string())
        .collect();
    // Both sit on the same line: the mark letter wins.
    assert!(gutter.contains(&"a".to_string()), "{gutter:?}");
    assert!(!gutter.contains(&BOOKMARK_SIGN.to_string()));
}

#[test]
fn snapshot_note_popup() {
    let mut app = seeds_app(80, 24);
    app.feed("]fK");
    assert!(matches!(
        app.overlay,
        Some(Overlay::Footnote(FootnotePreview { .. }))
    ));
    insta::assert_snapshot!("note_popup_80x24", draw(&app).backend());
}

#[test]
fn snapshot_note_popup_with_ibid() {
    let mut app = seeds_app(80, 24);
    let nejat = doc_index(&app, "004_1f5dc5bcb4f5ddab#10");
    open(&mut app, nejat);
    let d = app.corpus.documents[nejat].clone();
    let five = d.markers.iter().position(|m| m.label == "5").unwrap();
    for _ in 0..=five {
        app.feed("]f");
    }
    assert_eq!(app.panes[0].marker, Some(five));
    app.feed("K");
    let Some(Overlay::Footnote(FootnotePreview { note, .. })) = app.overlay.clone() else {
        panic!("popup")
    };
    assert!(d.notes[note].ibid_of.is_some());
    let t = draw(&app);
    let screen = format!("{}", t.backend());
    assert!(screen.contains("ibid. — repeats note 4"), "{screen}");
    insta::assert_snapshot!("note_popup_ibid_80x24", t.backend());
}

#[test]
fn snapshot_highlight_list() {
    let mut app = seeds_app(80, 24);
    app.feed("}v<Enter>cCompare with the other report<Enter>");
    app.feed("}}vj2<Enter>");
    app.feed("<Tab>}}v5<Enter><S-Tab>");
    app.feed("Hj");
    assert_eq!(app.mode(), "HIGHLIGHTS");
    insta::assert_snapshot!("highlight_list_80x24", draw(&app).backend());
}

#[test]
fn snapshot_bookmark_list() {
    let mut app = seeds_app(80, 24);
    app.feed("}}ma");
    app.feed("<C-d>Mwhere the camp is described<Enter>");
    app.feed("<Tab>}}}mb<S-Tab>");
    app.feed("B");
    assert_eq!(app.mode(), "BOOKMARKS");
    insta::assert_snapshot!("bookmark_list_80x24", draw(&app).backend());
}

#[test]
fn snapshot_selecting() {
    let mut app = seeds_app(80, 24);
    app.feed("}vj2");
    insta::assert_snapshot!("selecting_80x24", draw(&app).backend());
}

#[test]
fn notes_overlays_survive_tiny_windows() {
    for keys in ["]fK", "H", "B", "v", "M", ":", "m"] {
        let mut app = seeds_app(80, 24);
        app.feed("}v<Enter>ma");
        app.feed(keys);
        for (w, h) in [(20, 5), (7, 3), (30, 8), (0, 0)] {
            update(&mut app, Action::Resize(w, h));
            render_to_buffer(&app);
        }
    }
}

#[test]
fn a_failed_save_stays_visible_in_the_status_line() {
    let mut app = seeds_app(80, 24);
    app.feed("v<Enter>");
    update(
        &mut app,
        Action::AnnotationsSaved(Err(
            "cannot save annotations to /ro/seeds.json: Read-only".into()
        )),
    );
    app.feed("j");
    let buf = render_to_buffer(&app);
    let status: String = (0..80).map(|x| buf[(x, 23)].symbol().to_string()).collect();
    assert!(status.contains(synoptic::ui::NOT_SAVED), "{status}");
}
