//! Rendering of `&App` with ratatui (pure: reads the app state, never changes it).
//!
//! The screen is the panes side by side (a title row each, then text with a two-column
//! gutter for the cursor/mark bar), a status line at the bottom, and at most one overlay
//! (one file each in [`overlay`], mirroring `app/overlay/`) drawn over the panes. Colours are the
//! named ANSI ones; with `no_color` everything that matters stays visible through bold,
//! underline and reverse.

mod overlay;
pub mod theme;
mod title;

pub use theme::Theme;
pub use title::{note_text, FOCUS_PREFIX, STALE};

use crate::app::{AlignNote, App, Overlay, PaneGeom};
use crate::corpus::Block;
use crate::wrap::{display_grapheme, grapheme_width, str_width, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Gutter symbol of the cursor passage (focused pane).
pub const CURSOR_BAR: &str = "▌";
/// Gutter symbol of a passage brought by `a` or follow mode.
pub const MARK_BAR: &str = "»";
/// Gutter mark (second gutter column) of a highlighted line, in the highlight's colour.
pub const HIGHLIGHT_BAR: &str = "┃";
/// Gutter marks of highlighted lines under `NO_COLOR`: the colour's digit.
pub const HIGHLIGHT_DIGITS: [&str; 5] = ["1", "2", "3", "4", "5"];
/// Shown in the status line while annotations cannot be saved.
pub const NOT_SAVED: &str = "annotations not saved!";
/// Gutter sign of a named bookmark (marks show their letter).
pub const BOOKMARK_SIGN: &str = "*";
/// Gutter mark of a line holding a value another source contradicts (`D`, `=`).
pub const CONFLICT_MARK: &str = "≠";

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = Theme::with_palette(self.no_color, self.palette);
        if area.width == 0 || area.height == 0 {
            return;
        }
        if self.too_small() {
            let msg = truncate("window too small", area.width as usize);
            buf.set_stringn(area.x, area.y, &msg, area.width as usize, theme.status);
            return;
        }
        if self.panes.is_empty() {
            buf.set_stringn(
                area.x + 1,
                area.y,
                "no documents to read",
                area.width.saturating_sub(1) as usize,
                Style::default(),
            );
        }
        for g in self.geometry() {
            render_pane(self, &g, &theme, buf);
        }
        render_status(self, &theme, buf);
        if let Some(overlay) = &self.overlay {
            overlay::render(self, overlay, &theme, buf);
        }
    }
}

fn render_pane(app: &App, g: &PaneGeom, theme: &Theme, buf: &mut Buffer) {
    let pane = &app.panes[g.pane];
    let focused = g.pane == app.focus;
    let doc = &app.corpus.documents[pane.doc];
    if g.border {
        for y in g.area.y..g.area.y + g.area.height {
            buf[(g.area.x, y)].set_symbol("│").set_style(theme.border);
        }
    }

    // Title row.
    let width = (g.area.x + g.area.width).saturating_sub(g.gutter) as usize;
    let width = width.saturating_sub(render_position(app, g, theme, buf));
    title::draw(app, g, width, theme, buf);

    // Text rows.
    let layout = &pane.layout;
    let cursor = if focused {
        app.cursor_range(g.pane)
    } else {
        None
    };
    let mark = pane.mark.and_then(|p| app.index.get().passages.get(p));
    // A weak match, or one for a passage the cursor has left, is marked dimmed.
    let mark_style = match pane.note {
        _ if app.alignment_stale() => theme.dim,
        Some(AlignNote::Match { good: false, .. }) => theme.dim,
        _ => theme.mark_bar,
    };
    let search = pane.search.as_ref();
    let highlights: &[(Range<usize>, u8, usize)] = app
        .annotations
        .located
        .by_doc
        .get(pane.doc)
        .map_or(&[], |v| v.as_slice());
    let selected_highlight = pane.highlight.as_ref().and_then(|id| {
        highlights
            .iter()
            .find(|(_, _, k)| {
                app.annotations
                    .data
                    .highlights
                    .get(*k)
                    .is_some_and(|h| &h.id == id)
            })
            .map(|(r, _, _)| r.clone())
    });
    let selection = match &app.overlay {
        Some(Overlay::Select(sel)) if sel.pane == g.pane && sel.doc == pane.doc => {
            Some((sel.range(), sel.color))
        }
        _ => None,
    };
    let marker = pane
        .marker
        .and_then(|m| doc.markers.get(m))
        .map(|m| m.offset..m.offset + m.len.max(1));
    // Mark letters / bookmark signs at the first line of each bookmark in this document.
    let bookmarks: Vec<(usize, String)> = app
        .annotations
        .data
        .bookmarks
        .iter()
        .zip(&app.annotations.located.bookmarks)
        .filter(|(_, r)| r.doc == Some(pane.doc))
        .filter_map(|(b, r)| {
            let range = r.range.as_ref()?;
            let sign = b.mark.map_or(BOOKMARK_SIGN.to_string(), |c| c.to_string());
            Some((layout.line_of(range.start), sign))
        })
        .collect();
    let conflicts = app
        .claims
        .as_ref()
        .map_or(&[][..], |c| c.conflict_spans(pane.doc));
    for row in 0..g.text.height {
        let y = g.text.y + row;
        let line_no = pane.scroll + row as usize;
        let Some(line) = layout.lines.get(line_no) else {
            break;
        };
        let Some(b) = line.block else { continue };
        let touches = |r: &Range<usize>| line.range.start < r.end && line.range.end > r.start;
        if cursor.as_ref().is_some_and(touches) {
            buf[(g.gutter, y)]
                .set_symbol(CURSOR_BAR)
                .set_style(theme.cursor_bar);
        } else if mark.is_some_and(|p| touches(&p.range)) {
            buf[(g.gutter, y)]
                .set_symbol(MARK_BAR)
                .set_style(mark_style);
        }
        let line_hl: Vec<&(Range<usize>, u8, usize)> =
            highlights.iter().filter(|(r, _, _)| touches(r)).collect();
        if let Some((_, sign)) = bookmarks.iter().find(|(l, _)| *l == line_no) {
            buf[(g.gutter + 1, y)]
                .set_symbol(sign)
                .set_style(theme.gutter_mark);
        } else if conflicts.iter().any(touches) {
            gutter_sign(buf, g.gutter + 1, y, CONFLICT_MARK, theme.conflict_mark);
        } else if let Some((_, color, _)) = line_hl.last() {
            let symbol = if app.no_color {
                HIGHLIGHT_DIGITS[usize::from((*color).clamp(1, 5)) - 1]
            } else {
                HIGHLIGHT_BAR
            };
            buf[(g.gutter + 1, y)]
                .set_symbol(symbol)
                .set_style(theme.highlight_mark(*color));
        }
        let block = &doc.blocks[b];
        let matches: &[Range<usize>] = search.map_or(&[], |s| {
            let from = s.matches.partition_point(|m| m.end <= line.range.start);
            let to = s.matches.partition_point(|m| m.start < line.range.end);
            &s.matches[from..to.max(from)]
        });
        let current = search
            .and_then(|s| s.current)
            .and_then(|c| search.unwrap().matches.get(c));
        let decor = Decor {
            matches,
            current,
            highlights: &line_hl,
            selected_highlight: selected_highlight.as_ref(),
            selection: selection.as_ref(),
            flash: pane.flash.as_ref().map(|(r, _)| r),
            marker: marker.as_ref(),
            conflicts,
        };
        draw_line(
            &doc.text,
            line.range.clone(),
            block,
            &decor,
            theme,
            buf,
            g.text.x,
            y,
            g.text.width as usize,
        );
    }
}

/// The reading position of a pane (` 42%`), right-aligned in its title row; returns the
/// columns it took (none in a pane too narrow for it beside a title).
fn render_position(app: &App, g: &PaneGeom, theme: &Theme, buf: &mut Buffer) -> usize {
    let Some(pct) = app.pane_percent(g.pane) else {
        return 0;
    };
    let text = format!(" {pct:>3}%");
    let w = str_width(&text);
    let right = g.area.x + g.area.width;
    if (right.saturating_sub(g.gutter) as usize) < w + 12 {
        return 0;
    }
    let style = if g.pane == app.focus {
        theme.title_focused
    } else {
        theme.title
    };
    buf.set_stringn(right - w as u16, g.area.y, &text, w, style);
    w
}

/// Puts a sign in a gutter cell.
fn gutter_sign(buf: &mut Buffer, x: u16, y: u16, symbol: &str, style: Style) {
    buf[(x, y)].set_symbol(symbol).set_style(style);
}

/// What is drawn over the text of a line besides its own styles.
struct Decor<'a> {
    matches: &'a [Range<usize>],
    current: Option<&'a Range<usize>>,
    highlights: &'a [&'a (Range<usize>, u8, usize)],
    selected_highlight: Option<&'a Range<usize>>,
    selection: Option<&'a (Range<usize>, u8)>,
    flash: Option<&'a Range<usize>>,
    marker: Option<&'a Range<usize>>,
    /// Values another source contradicts.
    conflicts: &'a [Range<usize>],
}

#[allow(clippy::too_many_arguments)]
fn draw_line(
    text: &str,
    range: Range<usize>,
    block: &Block,
    decor: &Decor,
    theme: &Theme,
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: usize,
) {
    let base = theme.block(block.kind);
    let mut x = x;
    let mut used = 0;
    let mut run = String::new();
    let mut run_style = base;
    let mut run_w = 0;
    let flush = |buf: &mut Buffer, x: &mut u16, run: &mut String, style: Style, w: &mut usize| {
        if !run.is_empty() {
            buf.set_stringn(*x, y, run.as_str(), *w, style);
            *x += *w as u16;
            run.clear();
            *w = 0;
        }
    };
    let inside = |r: &Range<usize>, at: usize| r.start <= at && at < r.end;
    for (i, g) in text[range.clone()].grapheme_indices(true) {
        let at = range.start + i;
        let gw = grapheme_width(g);
        if used + gw > width {
            break;
        }
        let mut style = base;
        for span in &block.spans {
            if span.range.start > at {
                break;
            }
            if at < span.range.end {
                style = style.patch(theme.span(&span.kind));
            }
        }
        if let Some((_, color, _)) = decor
            .highlights
            .iter()
            .rev()
            .find(|(r, _, _)| inside(r, at))
        {
            style = style.patch(theme.highlight(*color));
            if decor.selected_highlight.is_some_and(|r| inside(r, at)) {
                style = style.patch(theme.highlight_selected);
            }
        }
        if let Some((r, color)) = decor.selection {
            if inside(r, at) {
                style = style.patch(theme.highlight(*color)).patch(theme.selection);
            }
        }
        if decor.conflicts.iter().any(|r| inside(r, at)) {
            style = style.patch(theme.conflict_value);
        }
        if decor.flash.is_some_and(|r| inside(r, at)) {
            style = style.patch(theme.flash);
        }
        if let Some(m) = decor.matches.iter().find(|m| inside(m, at)) {
            style = if decor.current == Some(m) {
                style.patch(theme.current_match)
            } else {
                style.patch(theme.search_match)
            };
        }
        if decor.marker.is_some_and(|r| inside(r, at)) {
            style = style.patch(theme.marker_selected);
        }
        if style != run_style {
            flush(buf, &mut x, &mut run, run_style, &mut run_w);
            run_style = style;
        }
        run.push_str(&display_grapheme(g));
        run_w += gw;
        used += gw;
    }
    flush(buf, &mut x, &mut run, run_style, &mut run_w);
}

fn render_status(app: &App, theme: &Theme, buf: &mut Buffer) {
    let y = app.height - 1;
    let w = app.width as usize;
    buf.set_style(Rect::new(0, y, app.width, 1), theme.status);
    let mut left = format!(" {} ", app.mode());
    buf.set_stringn(0, y, &left, w, theme.status_mode);
    let mut x = str_width(&left);
    match app.overlay.as_ref().and_then(|o| overlay::prompt(app, o)) {
        Some(overlay::Prompt::Plain(line)) => {
            buf.set_stringn(x as u16, y, &line, w.saturating_sub(x), theme.status);
            return;
        }
        Some(overlay::Prompt::Typed(line)) => {
            // Keep the end of a long edit line in view.
            let room = w.saturating_sub(x);
            let line = if str_width(&line) > room {
                let mut used = 1;
                let mut start = line.len();
                for (i, g) in line.grapheme_indices(true).rev() {
                    used += grapheme_width(g);
                    if used > room {
                        break;
                    }
                    start = i;
                }
                format!("…{}", &line[start..])
            } else {
                line
            };
            buf.set_stringn(x as u16, y, &line, room, theme.status);
            return;
        }
        None => {}
    }
    if let Some(pct) = app.percent() {
        left = format!(" {pct:>3}% │ pane {}/{} ", app.focus + 1, app.panes.len());
        if app.zoom {
            left.push_str("│ zoom ");
        }
        buf.set_stringn(x as u16, y, &left, w.saturating_sub(x), theme.status);
        x += str_width(&left);
    }
    if app.annotations.save_error.is_some() {
        let p = format!("│ {NOT_SAVED} ");
        buf.set_stringn(x as u16, y, &p, w.saturating_sub(x), theme.status_mode);
        x += str_width(&p);
    }
    if !app.pending.is_empty() {
        let p = format!("│ {} ", crate::app::format_keys(&app.pending));
        buf.set_stringn(x as u16, y, &p, w.saturating_sub(x), theme.status_mode);
        x += str_width(&p);
    }
    let rest = w.saturating_sub(x);
    if let Some(msg) = &app.status {
        let msg = format!("│ {msg}");
        buf.set_stringn(
            x as u16,
            y,
            truncate(&msg, rest),
            rest,
            theme.status_message,
        );
        return;
    }
    let mut right = String::new();
    if app.index.is_building() {
        right.push_str("indexing… ");
    } else if app.index.topics_building() {
        right.push_str("finding topics… ");
    }
    // When the hints don't fit, the last ones go first — but help and quit stay.
    let mut hints = app.keymap.hints();
    let width_of = |h: &[String]| h.iter().map(|x| str_width(x) + 1).sum::<usize>();
    while !hints.is_empty() && str_width(&right) + width_of(&hints) > rest.saturating_sub(1) {
        let keep = |h: &String| h.ends_with(":help") || h.ends_with(":quit");
        match hints.iter().rposition(|h| !keep(h)) {
            Some(i) => {
                hints.remove(i);
            }
            None => {
                hints.pop();
            }
        }
    }
    for hint in hints {
        right.push_str(&hint);
        right.push(' ');
    }
    let rw = str_width(&right);
    if rw <= rest {
        buf.set_stringn((w - rw) as u16, y, &right, rw, theme.status);
    }
}

/// Renders `app` into a fresh buffer of its size (for tests and tools).
pub fn render_to_buffer(app: &App) -> Buffer {
    let area = Rect::new(0, 0, app.width, app.height);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    buf
}
