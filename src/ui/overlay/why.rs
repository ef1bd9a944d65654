//! Drawing of the why view (`app/overlay/why.rs`): the cursor passage on the left, the
//! document's candidates on the right (score or `pinned`, shared words, what it means in
//! words), the selected candidate's text under them; shared words marked in both texts.

use super::{frame, put};
use crate::app::overlay::explain;
use crate::app::{App, WhyView};
use crate::corpus::label;
use crate::ui::Theme;
use crate::wrap::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

/// Whether `word` is one of the shared `terms` (their display forms; a stem matches the
/// words it starts).
fn shared(word: &str, terms: &[String]) -> bool {
    let w = word.to_lowercase();
    terms.iter().any(|t| {
        let t = t.to_lowercase();
        w == t || (t.chars().count() >= 4 && w.starts_with(&t))
    })
}

/// Draws `text` wrapped in `area` from row `top`, shared words in `mark`; returns the rows
/// used.
fn draw_text(
    buf: &mut Buffer,
    area: Rect,
    top: u16,
    text: &str,
    terms: &[String],
    (base, mark): (Style, Style),
) -> u16 {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut row = top;
    for range in crate::wrap::wrap(&flat, 0, area.width.max(1) as usize) {
        if row >= area.height {
            break;
        }
        let mut x = 0u16;
        for word in flat[range].split_word_bounds() {
            let style = if shared(word, terms) { mark } else { base };
            x = put(buf, area, row, x, word, style);
        }
        row += 1;
    }
    row - top
}

pub(super) fn draw(app: &App, why: &WhyView, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let index = app.index.get();
    let Some(&doc) = why.docs.get(why.doc) else {
        return;
    };
    let Some(from) = index.passages.get(why.passage) else {
        return;
    };
    let speaker = |d: usize| {
        let document = &app.corpus.documents[d];
        label::speaker(document).unwrap_or_else(|| label::display_title(&app.corpus, d))
    };
    let title = format!(
        "Why this match — {} beside {} ({} of {})",
        speaker(from.doc),
        label::pane_label_short(&app.corpus, doc),
        why.doc + 1,
        why.docs.len()
    );
    let inner = frame(
        &title,
        "j/k candidate · Enter brings it · Tab next document · Esc",
        area,
        theme,
        buf,
    );
    let candidates = why.candidates(app);
    let left_w = inner.width / 2;
    let left = Rect::new(inner.x, inner.y, left_w.saturating_sub(1), inner.height);
    let right = Rect::new(
        inner.x + left_w + 1,
        inner.y,
        inner.width.saturating_sub(left_w + 1),
        inner.height,
    );
    for y in inner.y..inner.y + inner.height {
        buf[(inner.x + left_w, y)]
            .set_symbol("│")
            .set_style(theme.overlay_border);
    }
    let selected = candidates.get(why.selected);
    let terms: Vec<String> = selected.map(|(m, _)| m.terms.clone()).unwrap_or_default();
    let mark = theme.search_match;
    let from_text = &app.corpus.documents[from.doc].text[from.range.clone()];
    put(buf, left, 0, 0, &speaker(from.doc), theme.bold);
    draw_text(buf, left, 1, from_text, &terms, (Style::default(), mark));

    if candidates.is_empty() {
        put(
            buf,
            right,
            0,
            0,
            "No passage of this document shares a word with it.",
            theme.dim,
        );
        return;
    }
    for (k, (m, pinned)) in candidates.iter().enumerate() {
        let score = if *pinned {
            "pinned".to_string()
        } else {
            format!("≈{:.2}", m.score)
        };
        let weak = if m.good || *pinned { "" } else { " weak" };
        let line = format!("{}. {score}{weak} {}", k + 1, m.terms.join(" "));
        let style = if k == why.selected {
            theme.selected
        } else if m.good || *pinned {
            Style::default()
        } else {
            theme.dim
        };
        if k == why.selected {
            buf.set_style(
                Rect::new(right.x, right.y + k as u16, right.width, 1),
                style,
            );
        }
        put(
            buf,
            right,
            k as u16,
            0,
            &truncate(&line, right.width as usize),
            style,
        );
    }
    let Some((m, pinned)) = selected else {
        return;
    };
    let mut row = candidates.len() as u16 + 1;
    let through = (m.by_context && !*pinned)
        .then(|| why.found_through(app, m))
        .flatten()
        .map(|e| {
            let weak = if m.good { "" } else { "weak: " };
            format!(
                "{weak}few shared words; found through what {} says",
                speaker(e)
            )
        });
    let said = through.as_deref().unwrap_or(explain(m, *pinned));
    row += draw_text(buf, right, row, said, &[], (theme.bold, theme.bold));
    if let Some(p) = index.passages.get(m.passage) {
        let text = &app.corpus.documents[p.doc].text[p.range.clone()];
        draw_text(
            buf,
            right,
            row + 1,
            text,
            &m.terms,
            (Style::default(), mark),
        );
    }
}
