//! Drawing of the disagreements list (`app/overlay/disagreements.rs`): a block per fact — its
//! about-words and the values with how many documents give each — then a row per claim: the
//! value, the document, and the sentence cut so that the value stays in view (highlighted).

use super::{frame, plural, put};
use crate::app::{App, Disagreements};
use crate::claims::{Claim, Claims};
use crate::ui::Theme;
use crate::wrap::{str_width, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

/// Width of the value column.
const VALUE_W: usize = 10;
/// Width of the document column.
const DOC_W: usize = 16;

pub(super) fn draw(app: &App, o: &Disagreements, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let title = match o.passage {
        Some(_) => "What the other sources say about this passage".to_string(),
        None => format!(
            "Where the sources disagree — {}",
            plural(o.list.len(), "fact")
        ),
    };
    let inner = frame(
        &title,
        "j/k move · Enter side by side · Esc",
        area,
        theme,
        buf,
    );
    let Some(claims) = app.claims.as_deref() else {
        return;
    };
    if o.list.is_empty() {
        put(
            buf,
            inner,
            0,
            1,
            "No disagreement found: no two documents give values that cannot both be true.",
            theme.dim,
        );
        return;
    }
    // Rows: (conflict position in the list, what to draw).
    let mut rows: Vec<(usize, Row)> = Vec::new();
    for (k, &c) in o.list.iter().enumerate() {
        let Some(conflict) = claims.conflicts().get(c) else {
            continue;
        };
        if k > 0 {
            rows.push((k, Row::Blank));
        }
        rows.push((k, Row::Fact(c)));
        for side in &conflict.sides {
            rows.extend(side.iter().map(|&id| (k, Row::Claim(id))));
        }
    }
    let height = inner.height as usize;
    let first = rows.iter().position(|(k, _)| *k == o.selected).unwrap_or(0);
    let last = rows
        .iter()
        .rposition(|(k, _)| *k == o.selected)
        .unwrap_or(0);
    let start = if last < height {
        0
    } else if last + 1 - first <= height {
        last + 1 - height
    } else {
        first
    };
    for (y, (k, row)) in rows.iter().skip(start).take(height).enumerate() {
        let y = y as u16;
        let selected = *k == o.selected;
        match *row {
            Row::Blank => {}
            Row::Fact(c) => draw_fact(app, claims, c, selected, inner, y, theme, buf),
            Row::Claim(id) => {
                let here = o.passage == Some(claims.claim(id).passage);
                draw_claim(app, claims.claim(id), here, inner, y, theme, buf);
            }
        }
    }
}

enum Row {
    Blank,
    Fact(usize),
    Claim(usize),
}

#[allow(clippy::too_many_arguments)]
fn draw_fact(
    app: &App,
    claims: &Claims,
    c: usize,
    selected: bool,
    inner: Rect,
    y: u16,
    theme: &Theme,
    buf: &mut Buffer,
) {
    let conflict = &claims.conflicts()[c];
    let values: Vec<String> = conflict
        .sides
        .iter()
        .filter_map(|side| {
            let first = claims.claim(*side.first()?);
            let mut docs: Vec<usize> = side.iter().map(|&id| claims.claim(id).doc).collect();
            docs.sort_unstable();
            docs.dedup();
            let value = value_text(app, first);
            Some(format!("{value} ({})", plural(docs.len(), "doc")))
        })
        .collect();
    let line = format!(
        "{:>2} {} — {}",
        conflict.id,
        conflict.fact.join(" "),
        values.join(" ≠ ")
    );
    let style = if selected { theme.selected } else { theme.bold };
    if selected {
        buf.set_style(Rect::new(inner.x, inner.y + y, inner.width, 1), style);
    }
    put(buf, inner, y, 0, &line, style);
}

/// The value as written (one line, spaces collapsed).
fn value_text(app: &App, claim: &Claim) -> String {
    let text = &app.corpus.documents[claim.doc].text;
    let v = text.get(claim.span.clone()).unwrap_or("");
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn draw_claim(
    app: &App,
    claim: &Claim,
    here: bool,
    inner: Rect,
    y: u16,
    theme: &Theme,
    buf: &mut Buffer,
) {
    let value = truncate(&value_text(app, claim), VALUE_W).into_owned();
    let mut x = put(buf, inner, y, 3, &value, theme.conflict_value);
    x = x.max(3 + VALUE_W as u16 + 1);
    let (doc, doc_style) = if here {
        ("this passage".to_string(), theme.bold)
    } else {
        (short_doc(app, claim.doc), theme.dim)
    };
    put(buf, inner, y, x, &truncate(&doc, DOC_W), doc_style);
    x += DOC_W as u16 + 1;
    let room = (inner.width.saturating_sub(x)) as usize;
    if room < 4 {
        return;
    }
    let text = &app.corpus.documents[claim.doc].text;
    let s = &claim.sentence;
    let (Some(before), Some(val), Some(after)) = (
        text.get(s.start..claim.span.start.max(s.start)),
        text.get(claim.span.clone()),
        text.get(claim.span.end.min(s.end)..s.end),
    ) else {
        return;
    };
    let before = one_line(before);
    let val = one_line(val);
    let after = one_line(after);
    // Keep the value in view: cut the start of the sentence when the value would end in
    // the last few columns.
    let keep = room.saturating_sub(str_width(&val) + 12);
    let before = if str_width(&before) > keep {
        format!("…{}", tail(&before, keep.saturating_sub(1)))
    } else {
        before
    };
    let mut cx = put(buf, inner, y, x, &before, Style::default());
    cx = put(buf, inner, y, cx, &val, theme.conflict_value);
    put(buf, inner, y, cx, &after, Style::default());
}

/// Text on one line: runs of white space as one space.
fn one_line(s: &str) -> String {
    let mut out: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.ends_with(char::is_whitespace) && !out.is_empty() {
        out.push(' ');
    }
    if s.starts_with(char::is_whitespace) && !out.is_empty() {
        out.insert(0, ' ');
    }
    out
}

/// The end of `s` that fits in `width` columns.
fn tail(s: &str, width: usize) -> &str {
    let mut used = 0;
    let mut start = s.len();
    for (i, g) in s.grapheme_indices(true).rev() {
        used += str_width(g);
        if used > width {
            break;
        }
        start = i;
    }
    &s[start..]
}

/// A document in a few words: its author's surname (or its title) and its year.
fn short_doc(app: &App, doc: usize) -> String {
    let d = &app.corpus.documents[doc];
    let name = match d.author.as_deref() {
        Some(a) if str_width(a) <= DOC_W - 5 => a.to_string(),
        Some(a) => a
            .split([',', ';'])
            .next()
            .and_then(|a| a.split_whitespace().last())
            .unwrap_or(a)
            .to_string(),
        None => d.title.clone(),
    };
    match d.date.as_deref().and_then(|s| s.get(..4)) {
        Some(year) if year.chars().all(|c| c.is_ascii_digit()) => {
            format!("{} {year}", truncate(&name, DOC_W - 5))
        }
        _ => name,
    }
}
