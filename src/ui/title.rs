//! A pane's title row, left part: who is speaking (`Masters · CFR 2014 · Mujahadeen…`), then
//! why the pane shows what it shows after `a` / follow mode (`≈0.37 baghdad …`, `pinned …`,
//! `weak …`). The speaker always keeps its room: the match note takes what is left of the
//! row, then the date and the title do.

use super::Theme;
use crate::app::{AlignNote, App, PaneGeom};
use crate::corpus::label;
use crate::wrap::{str_width, truncate};
use ratatui::buffer::Buffer;
use ratatui::style::Style;

/// Prefix of the focused pane's title.
pub const FOCUS_PREFIX: &str = "▸ ";
/// Said instead of the notes of a passage the cursor has left.
pub const STALE: &str = "for previous passage";

/// Text shown in a pane's title row for an alignment note.
pub fn note_text(note: &AlignNote) -> String {
    match note {
        AlignNote::Match {
            score,
            terms,
            rank,
            good,
            by_context,
            pinned,
        } => {
            let mut s = if *rank > 0 {
                format!("#{} ", rank + 1)
            } else {
                String::new()
            };
            if *pinned {
                s.push_str("pinned");
            } else {
                s.push_str(&format!("≈{score:.2}"));
                if !good {
                    s.push_str(" weak");
                }
            }
            if *by_context {
                // placed by context more than by words in common (its neighbours' matches,
                // or a third document's), or with no word in common at all
                s.push_str(" by context");
            }
            for t in terms.iter().take(4) {
                s.push(' ');
                s.push_str(t);
            }
            s
        }
        AlignNote::NoMatch => "no shared words".to_string(),
        AlignNote::Nothing => "nothing here (x)".to_string(),
    }
}

/// Widths of the label and the note in a row of `avail` columns: the note never takes the
/// speaker's room (`keep`), and leaves the label at least what it needs when the row allows.
fn split(avail: usize, label: usize, keep: usize, note: usize) -> (usize, usize) {
    if note == 0 {
        return (avail, 0);
    }
    let keep = keep.min(avail);
    let room = avail.saturating_sub(keep + 1);
    let generous = avail.saturating_sub(label + 1).max(avail * 3 / 5);
    let note_w = note.min(room).min(generous);
    let label_w = avail.saturating_sub(note_w + usize::from(note_w > 0));
    (label_w, note_w)
}

/// Least of a title worth showing cut (`Mujahadeen…`); less, and the title is left out.
const TITLE_MIN: usize = 10;

/// The label that fits `width`: whole; else without the publication, the title cut (while
/// `TITLE_MIN` of it shows); else the speaker and the year; else the speaker.
fn fit_label(app: &App, d: usize, full: String, width: usize) -> String {
    if str_width(&full) <= width {
        return full;
    }
    let doc = &app.corpus.documents[d];
    let short = label::pane_label_short(&app.corpus, d);
    let title = label::display_title(&app.corpus, d);
    let lead = str_width(&short).saturating_sub(str_width(&title));
    if str_width(&short) <= width || width >= lead + TITLE_MIN || label::speaker(doc).is_none() {
        return short;
    }
    let who = label::speaker(doc).unwrap_or_default();
    match label::short_date(doc) {
        Some(year) if str_width(&who) + str_width(label::SEP) + str_width(&year) <= width => {
            format!("{who}{}{year}", label::SEP)
        }
        _ => who,
    }
}

/// Draws the title row of the pane at `g` in `width` columns from `x0`.
pub(super) fn draw(app: &App, g: &PaneGeom, width: usize, theme: &Theme, buf: &mut Buffer) {
    let pane = &app.panes[g.pane];
    let focused = g.pane == app.focus;
    let x0 = g.gutter;
    let title_style = if focused {
        theme.title_focused
    } else {
        theme.title
    };
    buf.set_style(
        ratatui::layout::Rect::new(x0, g.area.y, width as u16, 1),
        title_style,
    );
    let prefix = if focused { FOCUS_PREFIX } else { "  " };
    let (label, who) = label::pane_label(&app.corpus, pane.doc);
    let stale = app.alignment_stale();
    let note = pane.note.as_ref().map(|n| {
        if stale {
            STALE.to_string()
        } else {
            note_text(n)
        }
    });
    let avail = width.saturating_sub(str_width(prefix));
    let (label_w, note_w) = split(
        avail,
        // a stale note is short and must be read whole
        if stale { 0 } else { str_width(&label) },
        str_width(&who).max(8),
        note.as_ref().map_or(0, |n| str_width(n)),
    );
    let label = fit_label(app, pane.doc, label, label_w);
    let shown = format!("{prefix}{}", truncate(&label, label_w));
    buf.set_stringn(x0, g.area.y, &shown, width, title_style);
    let Some(note) = note else {
        return;
    };
    if note_w == 0 {
        return;
    }
    let note = truncate(&note, note_w);
    let nx = x0 + (width - str_width(&note)) as u16;
    let style: Style = match pane.note {
        _ if stale => title_style.patch(theme.dim),
        Some(AlignNote::NoMatch) | Some(AlignNote::Nothing) => title_style.patch(theme.no_match),
        Some(AlignNote::Match { good: false, .. }) => title_style.patch(theme.dim),
        _ => title_style.patch(theme.note),
    };
    buf.set_stringn(nx, g.area.y, &note, note_w, style);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_never_takes_the_speakers_room() {
        // a 37-column row, "Khodabandeh" to keep, a long note
        let (l, n) = split(37, 60, 11, 40);
        assert!(l >= 11, "{l}");
        assert_eq!(l + n + 1, 37);
        // room for everything: nothing is cut
        assert_eq!(split(100, 40, 7, 30), (69, 30));
        // no note: the label has the row
        assert_eq!(split(37, 60, 11, 0), (37, 0));
    }
}
