//! The disagreements in the reader: the `D` list, Enter putting the two conflicting passages
//! side by side, the `≠` gutter mark and the highlighted values (80×24 snapshots, and the
//! styles that snapshots drop).

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Style};
use ratatui::Terminal;
use synoptic::align::AlignIndex;
use synoptic::app::{update, Action, App, Overlay};
use synoptic::claims::Claims;
use synoptic::corpus::embedded_seeds;
use synoptic::ui::{render_to_buffer, Theme, CONFLICT_MARK};

/// The seeds in the reader, with the index and the claims built as the index thread does.
fn seeds_app(w: u16, h: u16) -> App {
    let corpus = embedded_seeds();
    let index = AlignIndex::build(&corpus);
    let claims = Claims::build(&corpus, &index);
    let mut app = App::new(corpus, index, w, h);
    update(&mut app, Action::ClaimsReady(Box::new(claims)));
    app
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t
}

fn has_style(cell: &ratatui::buffer::Cell, style: Style) -> bool {
    cell.fg == style.fg.unwrap_or(Color::Reset)
        && cell.bg == style.bg.unwrap_or(Color::Reset)
        && cell.modifier == style.add_modifier
}

fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

/// Cells holding the `≠` gutter mark.
fn conflict_marks(buf: &Buffer) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    for y in 0..buf.area.height.saturating_sub(1) {
        for x in 0..buf.area.width {
            if buf[(x, y)].symbol() == CONFLICT_MARK {
                out.push((x, y));
            }
        }
    }
    out
}

#[test]
fn d_lists_the_founding_year_with_both_values() {
    let mut app = seeds_app(80, 24);
    app.feed("D");
    assert!(matches!(app.overlay, Some(Overlay::Disagreements(_))));
    assert_eq!(app.mode(), "DISAGREE");
    insta::assert_snapshot!("disagreements_80x24", draw(&app).backend());
    let buf = render_to_buffer(&app);
    let text: String = (0..24).map(|y| row_text(&buf, y) + "\n").collect();
    assert!(text.contains("1963") && text.contains("1965"), "{text}");
    app.feed("<Esc>");
    assert!(app.overlay.is_none());
}

#[test]
fn enter_puts_the_conflicting_passages_side_by_side_with_the_mark() {
    let mut app = seeds_app(80, 24);
    app.feed("D<Enter>");
    assert!(app.overlay.is_none());
    insta::assert_snapshot!("disagreement_side_by_side_80x24", draw(&app).backend());
    let claims = app.claims.clone().unwrap();
    let conflict = &claims.conflicts()[0];
    let (a, b) = (claims.claim(conflict.pair.0), claims.claim(conflict.pair.1));
    assert_eq!(app.panes[0].doc, a.doc);
    assert_eq!(app.panes[1].doc, b.doc);
    assert!(app.passage_visible(0, a.passage) && app.passage_visible(1, b.passage));
    let buf = render_to_buffer(&app);
    let theme = Theme::new(false);
    let marks = conflict_marks(&buf);
    let left = marks.iter().filter(|(x, _)| *x < 40).count();
    let right = marks.iter().filter(|(x, _)| *x > 40).count();
    assert!(left > 0 && right > 0, "a ≠ in each pane: {marks:?}");
    for &(x, y) in &marks {
        assert!(has_style(&buf[(x, y)], theme.conflict_mark), "({x},{y})");
    }
    // The values are highlighted in the text: each pane has a cell of one of its digits in
    // the value style.
    for (lo, hi) in [(0u16, 40u16), (41, 80)] {
        let styled = (0..23u16).any(|y| {
            (lo..hi).any(|x| {
                let c = &buf[(x, y)];
                c.symbol().chars().all(|ch| ch.is_ascii_digit())
                    && has_style(c, theme.conflict_value)
            })
        });
        assert!(styled, "a highlighted value in columns {lo}..{hi}");
    }
}

#[test]
fn the_mark_stays_readable_without_colour() {
    let mut app = seeds_app(80, 24);
    app.no_color = true;
    app.feed("D<Enter>");
    let buf = render_to_buffer(&app);
    let theme = Theme::new(true);
    let marks = conflict_marks(&buf);
    assert!(!marks.is_empty());
    for (x, y) in marks {
        let cell = &buf[(x, y)];
        assert!(has_style(cell, theme.conflict_mark));
        assert_eq!(cell.fg, Color::Reset);
    }
}

#[test]
fn equals_shows_what_the_other_sources_say_on_a_marked_passage_only() {
    let mut app = seeds_app(80, 24);
    // Unmarked passage at the start: a message, no overlay.
    app.feed("=");
    assert!(app.overlay.is_none());
    assert!(app
        .status
        .as_deref()
        .unwrap_or("")
        .contains("do not contradict"));
    app.feed("D<Enter>=");
    let Some(Overlay::Disagreements(o)) = &app.overlay else {
        panic!("= opens the list on a marked passage: {:?}", app.status);
    };
    let p = o.passage.expect("about the cursor passage");
    assert_eq!(Some(p), app.panes[app.focus].cursor);
    let buf = render_to_buffer(&app);
    let text: String = (0..24).map(|y| row_text(&buf, y) + "\n").collect();
    assert!(text.contains("this passage"), "{text}");
    assert!(text.contains("What the other sources say"), "{text}");
}

#[test]
fn without_claims_d_says_why() {
    let corpus = embedded_seeds();
    let mut app = App::indexing(corpus, 80, 24);
    app.feed("D");
    assert!(app.overlay.is_none());
    assert!(app
        .status
        .as_deref()
        .unwrap_or("")
        .contains("still building"));
}
