//! Drawing of the document picker (`app/overlay/picker.rs`).

use super::{frame, put, window_start};
use crate::app::App;
use crate::app::Picker;
use crate::ui::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub(super) fn draw(app: &App, picker: &Picker, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let (query, selected) = (picker.query.as_str(), picker.selected);
    let items = app.picker_items(query);
    let title = format!(
        "Open in pane {} — {} of {} documents",
        app.focus + 1,
        items.len(),
        app.corpus.documents.len()
    );
    let inner = frame(
        &title,
        "type to filter · ↑/↓ · Enter opens · Esc",
        area,
        theme,
        buf,
    );
    let x = put(buf, inner, 0, 0, "> ", theme.bold);
    put(buf, inner, 0, x, &format!("{query}▏"), Style::default());
    if let Some(loading) = &app.loading {
        // what is listed is what is loaded so far
        put(buf, inner, 1, 0, &loading.message(), theme.dim);
    }
    let rows = inner.height.saturating_sub(2) as usize;
    let pos = items.iter().position(|&d| d == selected).unwrap_or(0);
    let start = window_start(pos, rows, items.len());
    for (r, &d) in items.iter().skip(start).take(rows).enumerate() {
        let shown = app.panes.iter().any(|p| p.doc == d);
        let label = crate::corpus::label::pane_label(&app.corpus, d).0;
        let line = format!("{}{label}", if shown { "• " } else { "  " });
        let style = if start + r == pos {
            theme.selected
        } else {
            Style::default()
        };
        let row = 2 + r as u16;
        buf.set_style(Rect::new(inner.x, inner.y + row, inner.width, 1), style);
        put(buf, inner, row, 0, &line, style);
    }
    if items.is_empty() {
        put(buf, inner, 2, 2, "no document matches", theme.dim);
    }
}
