//! Drawing of the help overlay (`app/overlay/help.rs`).

use super::{frame, put};
use crate::app::overlay::{Help, HELP_FOOTER};
use crate::app::App;
use crate::ui::Theme;
use crate::wrap::{str_width, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub(super) fn draw(app: &App, help: &Help, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let inner = frame("Help — keys", "j/k scroll · Esc closes", area, theme, buf);
    let rows = app.keymap.help_rows();
    let key_w = rows
        .iter()
        .map(|(k, _, _)| str_width(k))
        .max()
        .unwrap_or(0)
        .min(inner.width as usize / 3);
    let mut lines: Vec<(String, Style)> = Vec::new();
    for (keys, _, desc) in &rows {
        let pad = key_w.saturating_sub(str_width(keys));
        lines.push((
            format!(" {}{}  {}", truncate(keys, key_w), " ".repeat(pad), desc),
            Style::default(),
        ));
    }
    for (i, l) in HELP_FOOTER.iter().enumerate() {
        let style = match i {
            1 => theme.bold,
            _ if i + 1 == HELP_FOOTER.len() => theme.dim,
            _ => Style::default(),
        };
        lines.push((l.to_string(), style));
    }
    let h = inner.height as usize;
    let scroll = help.scroll.min(lines.len().saturating_sub(h));
    for (r, (line, style)) in lines.iter().skip(scroll).take(h).enumerate() {
        put(buf, inner, r as u16, 0, line, *style);
    }
}
