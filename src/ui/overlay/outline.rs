//! Drawing of the outline (`app/overlay/outline.rs`): one row per article or heading, the
//! headings of an article indented under it, the focused document's rows marked.

use super::{frame, put, window_start};
use crate::app::{App, Outline};
use crate::ui::Theme;
use crate::wrap::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub(super) fn draw(app: &App, outline: &Outline, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let articles = outline.entries.iter().filter(|e| e.level == 0).count();
    let focused = app.focused().map(|p| p.doc);
    let title = match outline.entries.iter().any(|e| e.level == 1) {
        true => format!(
            "Outline — {articles} {}",
            crate::app::plural(articles, "article", "articles")
        ),
        false => format!(
            "Outline — {} {}",
            outline.entries.len(),
            crate::app::plural(outline.entries.len(), "heading", "headings")
        ),
    };
    let inner = frame(&title, "j/k move · Enter jumps · Esc", area, theme, buf);
    let rows = inner.height as usize;
    let start = window_start(outline.selected, rows, outline.entries.len());
    for (r, e) in outline.entries.iter().enumerate().skip(start).take(rows) {
        let sign = if e.level == 0 && Some(e.doc) == focused && articles > 1 {
            "• "
        } else {
            "  "
        };
        let indent = "  ".repeat(usize::from(e.level));
        let line = format!("{sign}{indent}{}", e.label);
        let style = if r == outline.selected {
            theme.selected
        } else if e.level == 0 {
            theme.bold
        } else {
            Style::default()
        };
        let row = (r - start) as u16;
        buf.set_style(Rect::new(inner.x, inner.y + row, inner.width, 1), style);
        put(
            buf,
            inner,
            row,
            0,
            &truncate(&line, inner.width as usize),
            style,
        );
    }
}
