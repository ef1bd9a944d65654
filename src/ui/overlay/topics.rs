//! Drawing of the topic map (`app/overlay/topics.rs`): a row per topic, a column per
//! document, the count of passages in each cell, a legend of the columns under the table.

use super::{frame, put, window_start};
use crate::app::App;
use crate::app::TopicMap;
use crate::ui::Theme;
use crate::wrap::{str_width, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Width of one document column in the topic map, numbered.
const CELL_W: u16 = 4;

/// Width of a document column named by its author, at most.
const NAMED_CELL_W: u16 = 12;

/// Width of the label column, at most.
const LABEL_MAX_W: u16 = 48;

/// The topic map's box: as wide as its table wants (the label column and a named column per
/// document, within borders), within the screen.
pub(super) fn area(app: &App) -> Rect {
    let docs = app.corpus.documents.len() as u16;
    app.overlay_area_within(
        docs.saturating_mul(NAMED_CELL_W)
            .saturating_add(LABEL_MAX_W + 4),
    )
}

/// The topic map's corner heading.
const TOPIC_HEADER: &str = "topic \\ document";

pub(super) fn draw(app: &App, map: &TopicMap, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let (row, col) = (map.row, map.col);
    let inner = frame(
        "Topic map — passages per topic and document",
        if map.list.is_some() {
            "j/k passage · Enter opens · Esc back to the map"
        } else {
            "h/j/k/l move · Enter lists the cell · a opens the row in the panes · Esc"
        },
        area,
        theme,
        buf,
    );
    if draw_instead_of_table(app, map, inner, theme, buf) {
        return;
    }
    let counts = app.topic_counts();
    let docs = app.corpus.documents.len();
    // The label column: as wide as the longest label, within what the document columns
    // leave (at least a third of the width, at most LABEL_MAX_W cells).
    let longest = app
        .index
        .get()
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
    let label_w = longest.min(room).clamp(8, LABEL_MAX_W);
    // Columns named by their author where every column gets 6 cells or more.
    let named = (inner.width.saturating_sub(label_w) / docs.max(1) as u16).min(NAMED_CELL_W);
    let cell_w = if named >= 6 { named } else { CELL_W };
    let cols = ((inner.width.saturating_sub(label_w)) / cell_w).max(1) as usize;
    let col0 = window_start(col, cols, docs);
    // Two rows at the bottom describe the selected column.
    let table_rows = inner.height.saturating_sub(3) as usize;
    let row0 = window_start(row, table_rows, counts.len());
    // Header: short author names where they fit, else document numbers.
    put(buf, inner, 0, 0, &topic_header(label_w), theme.dim);
    for (j, d) in (col0..docs).take(cols).enumerate() {
        let x = label_w + j as u16 * cell_w;
        let style = if d == col { theme.bold } else { theme.dim };
        let head = if cell_w > CELL_W {
            let speaker = crate::corpus::label::speaker(&app.corpus.documents[d]);
            let name = speaker.unwrap_or_else(|| short_doc_name(app, d));
            let name = truncate(&name, cell_w as usize - 1).into_owned();
            format!("{name:>w$}", w = cell_w as usize - 1)
        } else {
            format!("{:>3}", d + 1)
        };
        put(buf, inner, 0, x, &head, style);
    }
    for (r, t) in (row0..counts.len()).take(table_rows).enumerate() {
        let y = 1 + r as u16;
        let label = &app.index.get().topics[t].label;
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
            let x = label_w + j as u16 * cell_w;
            let n = counts[t][d];
            let w = cell_w as usize - 1;
            let cell = if n == 0 {
                format!("{:>w$}", "·")
            } else {
                format!("{n:>w$}")
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
            .map(|_| app.index.get().topics[row].label.as_str())
            .unwrap_or("");
        let what = if n == 0 {
            format!("    does not treat “{topic}”")
        } else {
            format!(
                "    {n} {} on “{topic}” — Enter lists them",
                crate::app::plural(n, "passage", "passages")
            )
        };
        put(buf, inner, y + 1, 0, &what, Style::default());
    }
}

/// The corner heading, within the label column (one cell left before the first column):
/// the whole of it, else just "topic" (never a word cut by the document numbers).
/// Draws what the map shows instead of its table (topics still forming, a cell's list, no
/// index, no topics); false when the table is to be drawn.
fn draw_instead_of_table(
    app: &App,
    map: &TopicMap,
    inner: Rect,
    theme: &Theme,
    buf: &mut Buffer,
) -> bool {
    if app.index.topics_building() {
        put(buf, inner, 0, 1, "topics: building…", theme.dim);
        return true;
    }
    if let Some(k) = map.list {
        draw_cell(app, map, k, inner, theme, buf);
        return true;
    }
    if let Some(why) = app.index.unavailable() {
        let mut why = why.to_string();
        why[..1].make_ascii_uppercase();
        put(buf, inner, 0, 1, &why, theme.dim);
        return true;
    }
    if app.topic_counts().is_empty() {
        put(
            buf,
            inner,
            0,
            1,
            "No topics: the alignment index found none in this corpus.",
            theme.dim,
        );
        return true;
    }
    false
}

fn topic_header(label_w: u16) -> String {
    let room = label_w.saturating_sub(1) as usize;
    if str_width(TOPIC_HEADER) <= room {
        TOPIC_HEADER.to_string()
    } else {
        truncate("topic", room).into_owned()
    }
}

/// A document in a few words for the topic map's legend: its author (the surname when the
/// whole name is long), else the start of its title.
fn short_doc_name(app: &App, doc: usize) -> String {
    let d = &app.corpus.documents[doc];
    match d.author.as_deref() {
        Some(a) if str_width(a) <= 14 => a.to_string(),
        Some(a) => truncate(a.split_whitespace().last().unwrap_or(a), 18).into_owned(),
        None => match crate::corpus::label::speaker(d) {
            Some(s) => truncate(&s, 18).into_owned(),
            None => {
                truncate(&crate::corpus::label::display_title(&app.corpus, doc), 18).into_owned()
            }
        },
    }
}

/// A cell's passages, each by its first sentence; Enter opens the selected one.
fn draw_cell(app: &App, map: &TopicMap, k: usize, inner: Rect, theme: &Theme, buf: &mut Buffer) {
    let passages = app.topic_cell(map.row, map.col);
    let label = app
        .index
        .get()
        .topics
        .get(map.row)
        .map_or("", |t| t.label.as_str());
    let who = crate::corpus::label::pane_label_short(&app.corpus, map.col);
    put(buf, inner, 0, 0, &format!("“{label}” in {who}"), theme.bold);
    let rows = inner.height.saturating_sub(2) as usize;
    let start = window_start(k, rows, passages.len());
    let doc = &app.corpus.documents[map.col];
    for (r, &p) in passages.iter().enumerate().skip(start).take(rows) {
        let range = app.index.get().passages[p].range.clone();
        let quote = crate::annotations::synopsis::first_sentence(&doc.text[range]);
        let style = if r == k {
            theme.selected
        } else {
            Style::default()
        };
        let y = 2 + (r - start) as u16;
        if r == k {
            buf.set_style(Rect::new(inner.x, inner.y + y, inner.width, 1), style);
        }
        put(buf, inner, y, 0, &format!("{:>2}. {quote}", r + 1), style);
    }
}
