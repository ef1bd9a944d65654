//! Overlays drawn over the panes, one file per overlay mirroring `app/overlay/`: help,
//! document picker, corpus search, topic map, footnote preview, highlight and bookmark lists
//! draw a box; search, selection, the one-line editor and the mark prompt live in the status
//! line and give its text.

mod bookmarks;
mod corpus_search;
mod disagreements;
mod edit;
mod footnote;
mod help;
mod highlights;
mod mark;
mod outline;
mod picker;
mod search;
mod select;
mod topics;
mod why;

use super::Theme;
use crate::app::{App, Overlay};
use crate::wrap::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Clear, Widget};

pub(super) fn render(app: &App, overlay: &Overlay, theme: &Theme, buf: &mut Buffer) {
    let area = match overlay {
        Overlay::Topics(_) => topics::area(app),
        _ => app.overlay_area(),
    };
    if area.width < 6 || area.height < 3 {
        return;
    }
    match overlay {
        Overlay::Help(o) => help::draw(app, o, area, theme, buf),
        Overlay::Picker(o) => picker::draw(app, o, area, theme, buf),
        Overlay::CorpusSearch(o) => corpus_search::draw(app, o, area, theme, buf),
        Overlay::Topics(o) => topics::draw(app, o, area, theme, buf),
        Overlay::Footnote(o) => footnote::draw(app, o, theme, buf),
        Overlay::Highlights(o) => highlights::draw(app, o, area, theme, buf),
        Overlay::Bookmarks(o) => bookmarks::draw(app, o, area, theme, buf),
        Overlay::Outline(o) => outline::draw(app, o, area, theme, buf),
        Overlay::Why(o) => why::draw(app, o, area, theme, buf),
        Overlay::Disagreements(o) => disagreements::draw(app, o, area, theme, buf),
        // Drawn in the status line.
        Overlay::Search(_) | Overlay::Select(_) | Overlay::Edit(_) | Overlay::Mark(_) => {}
    }
}

/// What an overlay living in the status line shows there, after the mode.
pub(super) enum Prompt {
    /// Drawn as it is (cut at the right edge).
    Plain(String),
    /// A line being typed: when it is too long, its end stays in view.
    Typed(String),
}

/// The status line of an overlay that lives there.
pub(super) fn prompt(app: &App, overlay: &Overlay) -> Option<Prompt> {
    match overlay {
        Overlay::Search(o) => Some(Prompt::Plain(search::prompt(app, o))),
        Overlay::Select(o) => Some(Prompt::Typed(select::prompt(app, o))),
        Overlay::Edit(o) => Some(Prompt::Typed(edit::prompt(o))),
        Overlay::Mark(o) => Some(Prompt::Typed(mark::prompt(o).into())),
        _ => None,
    }
}

/// Clears `area`, draws a titled box and returns the inside.
pub(super) fn frame(
    title: &str,
    footer: &str,
    area: Rect,
    theme: &Theme,
    buf: &mut Buffer,
) -> Rect {
    Clear.render(area, buf);
    let title = truncate(title, area.width.saturating_sub(4) as usize).into_owned();
    let footer = truncate(footer, area.width.saturating_sub(4) as usize).into_owned();
    let block = Block::bordered()
        .border_type(BorderType::Plain)
        .border_style(theme.overlay_border)
        .title(ratatui::text::Line::styled(
            format!(" {title} "),
            theme.overlay_title,
        ))
        .title_bottom(ratatui::text::Line::styled(
            format!(" {footer} "),
            theme.dim,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

pub(super) fn put(buf: &mut Buffer, area: Rect, row: u16, x: u16, s: &str, style: Style) -> u16 {
    if row >= area.height || x >= area.width {
        return x;
    }
    let max = (area.width - x) as usize;
    let (nx, _) = buf.set_stringn(area.x + x, area.y + row, truncate(s, max), max, style);
    nx - area.x
}

/// First visible item so that `selected` is in a window of `rows`.
pub(super) fn window_start(selected: usize, rows: usize, len: usize) -> usize {
    if rows == 0 || len <= rows {
        return 0;
    }
    selected.saturating_sub(rows / 2).min(len - rows)
}

/// Wraps `text` to `width` columns (one entry per display line).
pub(super) fn wrap_text(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let ranges = crate::wrap::wrap(para, 0, width.max(1));
        if ranges.is_empty() {
            out.push(String::new());
        }
        out.extend(ranges.into_iter().map(|r| para[r].trim_end().to_string()));
    }
    out
}

pub(super) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
