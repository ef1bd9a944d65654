//! Drawing of the corpus search (`app/overlay/corpus_search.rs`): hits grouped by document,
//! each a snippet with the match marked.

use super::{frame, put, window_start};
use crate::app::App;
use crate::app::CorpusSearch;
use crate::ui::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub(super) fn draw(app: &App, search: &CorpusSearch, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let (query, hits, selected) = (search.query.as_str(), &search.hits, search.selected);
    let docs = {
        let mut d: Vec<usize> = hits.iter().map(|h| h.doc).collect();
        d.dedup();
        d.len()
    };
    let title = if query.is_empty() {
        "Find in all documents".to_string()
    } else {
        format!(
            "Find in all documents — {} hits in {docs} documents",
            hits.len()
        )
    };
    let inner = frame(
        &title,
        "type to search · ↑/↓ · Enter jumps · Esc",
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
    // Rows: a header per document, then its hits.
    enum Row {
        Doc(usize, usize),
        Hit(usize),
    }
    let mut rows = Vec::new();
    let mut selected_row = 0;
    for (i, h) in hits.iter().enumerate() {
        if i == 0 || hits[i - 1].doc != h.doc {
            let n = hits[i..].iter().take_while(|x| x.doc == h.doc).count();
            rows.push(Row::Doc(h.doc, n));
        }
        if i == selected {
            selected_row = rows.len();
        }
        rows.push(Row::Hit(i));
    }
    let height = inner.height.saturating_sub(2) as usize;
    let start = window_start(selected_row, height, rows.len());
    let width = inner.width.saturating_sub(4) as usize;
    for (r, row) in rows.iter().skip(start).take(height).enumerate() {
        let y = 2 + r as u16;
        match *row {
            Row::Doc(d, n) => {
                let label = format!(
                    "{} ({n})",
                    crate::corpus::label::pane_label(&app.corpus, d).0
                );
                put(buf, inner, y, 0, &label, theme.bold);
            }
            Row::Hit(i) => {
                let h = &hits[i];
                let text = &app.corpus.documents[h.doc].text;
                let (snip, m) = crate::app::search::snippet(text, &h.range, width);
                let sel = i == selected;
                let base = if sel {
                    theme.selected
                } else {
                    Style::default()
                };
                if sel {
                    buf.set_style(Rect::new(inner.x, inner.y + y, inner.width, 1), base);
                }
                let mut x = put(buf, inner, y, 0, "   ", base);
                x = put(buf, inner, y, x, &snip[..m.start], base);
                x = put(
                    buf,
                    inner,
                    y,
                    x,
                    &snip[m.clone()],
                    base.patch(theme.search_match),
                );
                put(buf, inner, y, x, &snip[m.end..], base);
            }
        }
    }
    if !query.is_empty() && hits.is_empty() {
        put(buf, inner, 2, 2, "no match", theme.dim);
    }
}
