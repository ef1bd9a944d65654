//! Overlays drawn over the panes: help, document picker, corpus search, topic map.

use super::Theme;
use crate::app::{notes::excerpt, App, Overlay};
use crate::wrap::{str_width, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Clear, Widget};

pub(super) fn render(app: &App, overlay: &Overlay, theme: &Theme, buf: &mut Buffer) {
    let area = app.overlay_area();
    if area.width < 6 || area.height < 3 {
        return;
    }
    match overlay {
        Overlay::Help { scroll } => help(app, *scroll, area, theme, buf),
        Overlay::Picker { query, selected } => picker(app, query, *selected, area, theme, buf),
        Overlay::CorpusSearch {
            query,
            hits,
            selected,
        } => corpus_search(app, query, hits, *selected, area, theme, buf),
        Overlay::Topics { row, col } => topics(app, *row, *col, area, theme, buf),
        Overlay::Note {
            doc,
            note,
            citing,
            selected,
        } => note_popup(app, *doc, *note, citing, *selected, theme, buf),
        Overlay::Highlights { selected } => highlights(app, *selected, area, theme, buf),
        Overlay::Bookmarks { selected } => bookmarks(app, *selected, area, theme, buf),
        // Drawn in the status line.
        Overlay::Search { .. } | Overlay::Select(_) | Overlay::Edit(_) | Overlay::Mark { .. } => {}
    }
}

/// Clears `area`, draws a titled box and returns the inside.
fn frame(title: &str, footer: &str, area: Rect, theme: &Theme, buf: &mut Buffer) -> Rect {
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

fn put(buf: &mut Buffer, area: Rect, row: u16, x: u16, s: &str, style: Style) -> u16 {
    if row >= area.height || x >= area.width {
        return x;
    }
    let max = (area.width - x) as usize;
    let (nx, _) = buf.set_stringn(area.x + x, area.y + row, truncate(s, max), max, style);
    nx - area.x
}

/// First visible item so that `selected` is in a window of `rows`.
fn window_start(selected: usize, rows: usize, len: usize) -> usize {
    if rows == 0 || len <= rows {
        return 0;
    }
    selected.saturating_sub(rows / 2).min(len - rows)
}

fn help(app: &App, scroll: usize, area: Rect, theme: &Theme, buf: &mut Buffer) {
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
    for (i, l) in App::HELP_FOOTER.iter().enumerate() {
        let style = match i {
            1 => theme.bold,
            _ if i + 1 == App::HELP_FOOTER.len() => theme.dim,
            _ => Style::default(),
        };
        lines.push((l.to_string(), style));
    }
    let h = inner.height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(h));
    for (r, (line, style)) in lines.iter().skip(scroll).take(h).enumerate() {
        put(buf, inner, r as u16, 0, line, *style);
    }
}

fn picker(app: &App, query: &str, selected: usize, area: Rect, theme: &Theme, buf: &mut Buffer) {
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
    let rows = inner.height.saturating_sub(2) as usize;
    let pos = items.iter().position(|&d| d == selected).unwrap_or(0);
    let start = window_start(pos, rows, items.len());
    for (r, &d) in items.iter().skip(start).take(rows).enumerate() {
        let shown = app.panes.iter().any(|p| p.doc == d);
        let line = format!("{}{}", if shown { "• " } else { "  " }, app.doc_label(d));
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

fn corpus_search(
    app: &App,
    query: &str,
    hits: &[crate::app::Hit],
    selected: usize,
    area: Rect,
    theme: &Theme,
    buf: &mut Buffer,
) {
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
                let label = format!("{} ({n})", app.doc_label(d));
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

/// Width of one document column in the topic map.
const CELL_W: u16 = 4;
/// The topic map's corner heading.
const TOPIC_HEADER: &str = "topic \\ document";

fn topics(app: &App, row: usize, col: usize, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let inner = frame(
        "Topic map — passages per topic and document",
        "h/j/k/l move · Enter opens · Esc",
        area,
        theme,
        buf,
    );
    if !app.index_ready {
        put(
            buf,
            inner,
            0,
            1,
            "The alignment index is still building…",
            theme.dim,
        );
        return;
    }
    let counts = app.topic_counts();
    if counts.is_empty() {
        put(
            buf,
            inner,
            0,
            1,
            "No topics: the alignment index found none in this corpus.",
            theme.dim,
        );
        return;
    }
    let docs = app.corpus.documents.len();
    // The label column: as wide as the longest label, within what the document columns
    // leave (at least a third of the width, at most 48 cells).
    let longest = app
        .index
        .topics
        .iter()
        .map(|t| str_width(&t.label) as u16 + 1)
        .chain([str_width(TOPIC_HEADER) as u16 + 1])
        .max()
        .unwrap_or(8);
    let room = inner
        .width
        .saturating_sub(docs as u16 * CELL_W)
        .max(inner.width / 3);
    let label_w = longest.min(room).clamp(8, 48);
    let cols = ((inner.width.saturating_sub(label_w)) / CELL_W).max(1) as usize;
    let col0 = window_start(col, cols, docs);
    // Two rows at the bottom describe the selected column.
    let table_rows = inner.height.saturating_sub(3) as usize;
    let row0 = window_start(row, table_rows, counts.len());
    // Header: document numbers.
    put(buf, inner, 0, 0, TOPIC_HEADER, theme.dim);
    for (j, d) in (col0..docs).take(cols).enumerate() {
        let x = label_w + j as u16 * CELL_W;
        let style = if d == col { theme.bold } else { theme.dim };
        put(buf, inner, 0, x, &format!("{:>3}", d + 1), style);
    }
    for (r, t) in (row0..counts.len()).take(table_rows).enumerate() {
        let y = 1 + r as u16;
        let label = &app.index.topics[t].label;
        let lstyle = if t == row {
            theme.bold
        } else {
            Style::default()
        };
        put(
            buf,
            inner,
            y,
            0,
            &truncate(label, label_w as usize - 1),
            lstyle,
        );
        for (j, d) in (col0..docs).take(cols).enumerate() {
            let x = label_w + j as u16 * CELL_W;
            let n = counts[t][d];
            let cell = if n == 0 {
                "  ·".to_string()
            } else {
                format!("{n:>3}")
            };
            let style = if t == row && d == col {
                theme.selected
            } else if n == 0 {
                theme.dim
            } else {
                Style::default()
            };
            put(buf, inner, y, x, &cell, style);
        }
    }
    // Under the table, as room allows: who each visible column is.
    let shown = (row0..counts.len()).take(table_rows).count() as u16;
    let legend_top = shown + 2;
    let legend_end = inner.height.saturating_sub(3);
    let mut y = legend_top;
    let mut x = 0u16;
    for d in (col0..docs).take(cols) {
        if y >= legend_end {
            break;
        }
        let entry = format!("{:>3} {}", d + 1, short_doc_name(app, d));
        let w = str_width(&entry) as u16 + 2;
        if x > 0 && x + w > inner.width {
            y += 1;
            x = 0;
            if y >= legend_end {
                break;
            }
        }
        let style = if d == col { theme.bold } else { theme.dim };
        put(
            buf,
            inner,
            y,
            x,
            &truncate(&entry, inner.width as usize),
            style,
        );
        x += w;
    }
    if docs > 0 {
        let d = col.min(docs - 1);
        let n = counts.get(row).map_or(0, |r| r[d]);
        let y = inner.height.saturating_sub(2);
        let about = format!("{:>3} {}", d + 1, app.doc_label(d));
        put(buf, inner, y, 0, &about, theme.bold);
        let topic = counts
            .get(row)
            .map(|_| app.index.topics[row].label.as_str())
            .unwrap_or("");
        let what = if n == 0 {
            format!("    does not treat “{topic}”")
        } else {
            format!("    {n} passage(s) on “{topic}” — Enter opens the first")
        };
        put(buf, inner, y + 1, 0, &what, Style::default());
    }
}

/// A document in a few words for the topic map's legend: its author (the surname when the
/// whole name is long), else the start of its title.
fn short_doc_name(app: &App, doc: usize) -> String {
    let d = &app.corpus.documents[doc];
    match d.author.as_deref() {
        Some(a) if str_width(a) <= 14 => a.to_string(),
        Some(a) => truncate(a.split_whitespace().last().unwrap_or(a), 18).into_owned(),
        None => truncate(&d.title, 18).into_owned(),
    }
}

/// Wraps `text` to `width` columns (one entry per display line).
fn wrap_text(text: &str, width: usize) -> Vec<String> {
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

/// `K`: a note (and the note an ibid repeats) with the markers citing it, in a box sized to
/// its content.
fn note_popup(
    app: &App,
    d: usize,
    n: usize,
    citing: &[usize],
    selected: Option<usize>,
    theme: &Theme,
    buf: &mut Buffer,
) {
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

/// `H`: every highlight of the corpus, grouped by document; orphans last.
fn highlights(app: &App, selected: usize, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let rows = app.highlight_rows();
    let orphans = rows
        .iter()
        .filter(|&&k| app.notes_index.highlights[k].is_orphan())
        .count();
    // Documents with placed highlights.
    let docs = rows
        .iter()
        .filter_map(|&k| {
            let r = &app.notes_index.highlights[k];
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
        let r = &app.notes_index.highlights[k];
        let key = (r.is_orphan(), r.doc);
        if group != Some(key) {
            group = Some(key);
            let h = &app.notes.highlights[k];
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
        let note = &app.notes.highlights[k].note;
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
                let h = &app.notes.highlights[*k];
                let res = &app.notes_index.highlights[*k];
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

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `B`: marks then named bookmarks.
fn bookmarks(app: &App, selected: usize, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let rows = app.bookmark_rows();
    let marks = rows
        .iter()
        .filter(|&&k| app.notes.bookmarks[k].mark.is_some())
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
        let b = &app.notes.bookmarks[k];
        let res = &app.notes_index.bookmarks[k];
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
