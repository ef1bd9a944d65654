//! Drawing of the highlight list (`app/overlay/highlights.rs`).

use super::{frame, plural, put, window_start};
use crate::app::{annotations::excerpt, App, HighlightList};
use crate::ui::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// `H`: every highlight of the corpus, grouped by document; orphans last.
pub(super) fn draw(app: &App, list: &HighlightList, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let selected = list.selected;
    let rows = app.highlight_rows();
    let orphans = rows
        .iter()
        .filter(|&&k| app.annotations.located.highlights[k].is_orphan())
        .count();
    // Documents with placed highlights.
    let docs = rows
        .iter()
        .filter_map(|&k| {
            let r = &app.annotations.located.highlights[k];
            r.doc.filter(|_| !r.is_orphan())
        })
        .collect::<std::collections::BTreeSet<usize>>()
        .len();
    let mut title = format!(
        "Highlights — {} in {}",
        rows.len(),
        plural(docs, "document")
    );
    if orphans > 0 {
        title.push_str(&format!(" ({orphans} orphaned)"));
    }
    let inner = frame(
        &title,
        "↑/↓ · Enter jumps · c note · d delete · u undo · Esc",
        area,
        theme,
        buf,
    );
    if rows.is_empty() {
        put(
            buf,
            inner,
            0,
            1,
            "No highlights yet: v selects a sentence, Enter saves it.",
            theme.dim,
        );
        return;
    }
    enum Row {
        Group(String),
        Item(usize, usize),
        Note(usize, String),
    }
    let mut list = Vec::new();
    let mut selected_row = 0;
    let mut group: Option<(bool, Option<usize>)> = None;
    let text_w = inner.width.saturating_sub(8) as usize;
    for (i, &k) in rows.iter().enumerate() {
        let r = &app.annotations.located.highlights[k];
        let key = (r.is_orphan(), r.doc);
        if group != Some(key) {
            group = Some(key);
            let h = &app.annotations.data.highlights[k];
            list.push(Row::Group(match (r.is_orphan(), r.doc) {
                (false, Some(d)) => app.doc_label(d),
                (true, Some(d)) => format!("Orphans — text not found in {}", app.doc_label(d)),
                _ => format!("Orphans — document {} is not in this corpus", h.doc.id),
            }));
        }
        if i == selected {
            selected_row = list.len();
        }
        list.push(Row::Item(i, k));
        let note = &app.annotations.data.highlights[k].note;
        if !note.is_empty() {
            list.push(Row::Note(i, note.clone()));
        }
    }
    let height = inner.height as usize;
    let start = window_start(selected_row, height, list.len());
    for (r, row) in list.iter().skip(start).take(height).enumerate() {
        let y = r as u16;
        match row {
            Row::Group(label) => {
                put(buf, inner, y, 0, label, theme.bold);
            }
            Row::Item(i, k) => {
                let h = &app.annotations.data.highlights[*k];
                let res = &app.annotations.located.highlights[*k];
                let quote = match (&res.doc, &res.range) {
                    (Some(d), Some(range)) => {
                        excerpt(&app.corpus.documents[*d].text, range, text_w)
                    }
                    _ => excerpt(&h.anchor.quote, &(0..h.anchor.quote.len()), text_w),
                };
                let sel = *i == selected;
                let base = if sel {
                    buf.set_style(
                        Rect::new(inner.x, inner.y + y, inner.width, 1),
                        theme.selected,
                    );
                    theme.selected
                } else {
                    Style::default()
                };
                let mut x = put(buf, inner, y, 0, "  ", base);
                let swatch = if app.no_color {
                    format!("{}", h.color.clamp(1, 5))
                } else {
                    " ".to_string()
                };
                x = put(buf, inner, y, x, &swatch, theme.highlight(h.color));
                x = put(buf, inner, y, x, " ", base);
                put(buf, inner, y, x, &quote, base);
            }
            Row::Note(i, note) => {
                let style = if *i == selected {
                    theme.bold
                } else {
                    theme.dim
                };
                put(buf, inner, y, 4, &format!("✎ {note}"), style);
            }
        }
    }
}
