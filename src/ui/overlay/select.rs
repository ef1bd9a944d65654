//! The status line while selecting a highlight (`app/overlay/select.rs`): how many sentences,
//! which colour, and the keys.

use crate::annotations::export::color_name;
use crate::app::{highlights::sentences_in, App, Selection};

pub(super) fn prompt(app: &App, sel: &Selection) -> String {
    let doc = &app.corpus.documents[sel.doc];
    let n = sentences_in(doc, &sel.range());
    format!(
        " {n} sentence{} · {} {} · j/k extend · 1-5 colour · Enter saves · Esc",
        if n == 1 { "" } else { "s" },
        sel.color,
        color_name(sel.color)
    )
}
