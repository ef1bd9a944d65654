//! Drawing of the bookmark list (`app/overlay/bookmarks.rs`).

use super::{frame, plural, put, window_start};
use crate::app::{annotations::excerpt, App, BookmarkList};
use crate::ui::Theme;
use crate::wrap::{str_width, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// `B`: marks then named bookmarks.
pub(super) fn draw(app: &App, list: &BookmarkList, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let selected = list.selected;
    let rows = app.bookmark_rows();
    let marks = rows
        .iter()
        .filter(|&&k| app.annotations.data.bookmarks[k].mark.is_some())
        .count();
    let title = format!(
        "Bookmarks — {}, {}",
        plural(marks, "mark"),
        plural(rows.len() - marks, "bookmark")
    );
    let inner = frame(
        &title,
        "↑/↓ · Enter jumps · r rename · d delete · u undo · Esc",
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
            "No bookmarks yet: m + a letter sets a mark, M adds a named bookmark.",
            theme.dim,
        );
        return;
    }
    let height = inner.height as usize;
    let start = window_start(selected, height, rows.len());
    let doc_w = (inner.width / 3) as usize;
    for (r, &k) in rows.iter().enumerate().skip(start).take(height) {
        let y = (r - start) as u16;
        let b = &app.annotations.data.bookmarks[k];
        let res = &app.annotations.located.bookmarks[k];
        let sel = r == selected;
        let base = if sel {
            buf.set_style(
                Rect::new(inner.x, inner.y + y, inner.width, 1),
                theme.selected,
            );
            theme.selected
        } else {
            Style::default()
        };
        let key = match b.mark {
            Some(c) => format!(" '{c} "),
            None => " ·  ".to_string(),
        };
        let mut x = put(buf, inner, y, 0, &key, base.patch(theme.bold));
        let doc = match res.doc {
            Some(d) => truncate(&app.corpus.documents[d].title, doc_w).into_owned(),
            None => format!("{} (missing)", b.doc.id),
        };
        let what = match (&b.name, res.doc, &res.range) {
            (Some(name), _, _) => name.clone(),
            (None, Some(d), Some(range)) => excerpt(&app.corpus.documents[d].text, range, 60),
            _ => excerpt(&b.anchor.quote, &(0..b.anchor.quote.len()), 60),
        };
        let what = if res.is_orphan() {
            format!("{what} (text not found)")
        } else {
            what
        };
        let what_w = (inner.width as usize).saturating_sub(x as usize + doc_w + 3);
        x = put(buf, inner, y, x, &truncate(&what, what_w), base);
        let _ = x;
        let dx = inner.width.saturating_sub(str_width(&doc) as u16 + 1);
        put(buf, inner, y, dx, &doc, if sel { base } else { theme.dim });
    }
}
