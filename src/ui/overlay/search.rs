//! The status line while searching (`app/overlay/search.rs`): the query and which match of
//! how many is current.

use crate::app::{App, Search};

pub(super) fn prompt(app: &App, search: &Search) -> String {
    let count = app
        .focused()
        .and_then(|p| p.search.as_ref())
        .map_or(String::new(), |s| match s.current {
            Some(c) => format!("  [{} of {}]", c + 1, s.matches.len()),
            None => "  [no match]".into(),
        });
    format!(
        " /{}▏{count}  · Enter keeps · n next, N backward · Esc",
        search.query
    )
}
