//! Drawing of the footnote preview (`app/overlay/footnote.rs`): a box sized to the note,
//! on the half of the screen away from the selected marker.

use super::{frame, put, window_start, wrap_text};
use crate::app::{App, FootnotePreview};
use crate::ui::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// `K`: a note (and the note an ibid repeats) with the markers citing it, in a box sized to
/// its content.
pub(super) fn draw(app: &App, preview: &FootnotePreview, theme: &Theme, buf: &mut Buffer) {
    let (d, n, citing, selected) = (
        preview.doc,
        preview.note,
        preview.citing.as_slice(),
        preview.selected,
    );
    let doc = &app.corpus.documents[d];
    let Some(note) = doc.notes.get(n) else {
        return;
    };
    let full = app.overlay_area();
    let w = full.width.min(76);
    if w < 12 {
        return;
    }
    let text_w = w.saturating_sub(4) as usize;
    let mut lines: Vec<(String, Style, Option<usize>)> = Vec::new();
    for l in wrap_text(&note.text, text_w) {
        lines.push((l, Style::default(), None));
    }
    if let Some(o) = note.ibid_of.and_then(|o| doc.notes.get(o).map(|x| (o, x))) {
        lines.push((String::new(), Style::default(), None));
        lines.push((
            format!("ibid. — repeats note {}:", o.1.label),
            theme.bold,
            None,
        ));
        for l in wrap_text(&o.1.text, text_w.saturating_sub(2)) {
            lines.push((format!("  {l}"), Style::default(), None));
        }
    }
    lines.push((String::new(), Style::default(), None));
    if citing.is_empty() {
        lines.push((
            "No marker in the text cites this note.".into(),
            theme.dim,
            None,
        ));
    } else {
        lines.push((
            format!(
                "Cited by {} marker{}:",
                citing.len(),
                if citing.len() == 1 { "" } else { "s" }
            ),
            theme.bold,
            None,
        ));
        for (k, &m) in citing.iter().enumerate() {
            let marker = &doc.markers[m];
            let range = marker.offset..marker.offset + marker.len;
            let (snip, _) =
                crate::app::search::snippet(&doc.text, &range, text_w.saturating_sub(2));
            lines.push((format!("  {snip}"), Style::default(), Some(k)));
        }
    }
    let rows = full.height.saturating_sub(2);
    let h = (lines.len() as u16 + 2).min(rows + 2).min(full.height);
    // Keep the selected marker visible: the box goes to the other half of the screen.
    let marker_row = app.focused().and_then(|pane| {
        let m = doc.markers.get(pane.marker?)?;
        let line = pane.layout.line_of(m.offset);
        (line >= pane.scroll).then(|| 1 + (line - pane.scroll) as u16)
    });
    let y = match marker_row {
        Some(row) if row < full.y + full.height / 2 => full.y + full.height - h,
        Some(_) => full.y,
        None => full.y + (full.height - h) / 2,
    };
    let area = Rect::new(full.x + (full.width - w) / 2, y, w, h);
    let title = format!("Note {} — {}", note.label, doc.title);
    let footer = if citing.is_empty() {
        "Enter goes to the note · Esc"
    } else {
        "Enter goes to the note / marker · j/k pick · Esc"
    };
    let inner = frame(&title, footer, area, theme, buf);
    // Keep the selected marker row in view.
    let sel_row = selected.and_then(|k| lines.iter().position(|l| l.2 == Some(k)));
    let start = sel_row.map_or(0, |r| window_start(r, inner.height as usize, lines.len()));
    for (r, (line, style, k)) in lines
        .iter()
        .skip(start)
        .take(inner.height as usize)
        .enumerate()
    {
        let style = if k.is_some() && *k == selected {
            buf.set_style(
                Rect::new(inner.x, inner.y + r as u16, inner.width, 1),
                theme.selected,
            );
            theme.selected
        } else {
            *style
        };
        put(buf, inner, r as u16, 1, line, style);
    }
}
