//! The status line while selecting a highlight (`app/overlay/select.rs`): how many sentences,
//! which colour, and the keys.

use crate::annotations::export::color_name;
use crate::app::{highlights::sentences_in, App, Selection};

pub(super) fn prompt(app: &App, sel: &Selection) -> String {
    let doc = &app.corpus.documents[sel.doc];
    let n = sentences_in(doc, &sel.range(), app.abbreviations());
    let about = format!(
        " {n} sentence{} · {} {}",
        if n == 1 { "" } else { "s" },
        sel.color,
        color_name(sel.color)
    );
    match &app.status {
        // Why the last j/k did not grow it.
        Some(why) => format!("{about} · {why}"),
        None => format!("{about} · j/k extend · 1-5 colour · Enter saves · Esc"),
    }
}
