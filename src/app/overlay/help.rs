//! `?`: the help overlay, a table of the keys generated from the keymap, then a few lines on
//! the keys inside overlays.

use super::Outcome;
use crate::app::{App, Key};

/// The help overlay: how far it is scrolled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: usize,
}

/// Lines of the help overlay after the key table.
pub const HELP_FOOTER: &[&str] = &[
    "",
    " In lists and overlays",
    " type to filter · Up/Down, C-n/C-p move · Enter opens · Esc closes",
    " topic map: h/j/k/l or arrows move · Enter opens the passage",
    " search: type, Enter keeps, Esc cancels; n next, N searches backward (? stays help)",
    " outline (O): j/k move · Enter jumps to the article or heading · C-o comes back",
    " highlight (v): j/k or }/{ extend by sentence · 1-5 colour · Enter saves · Esc",
    " colours: 1 yellow 2 green 3 blue 4 pink 5 orange (NO_COLOR: the digit in the gutter)",
    " footnote (K): j/k pick a citing marker · Enter goes there, or to the note",
    " H list: Enter jumps · c edits the note · d deletes · u undoes",
    " B list: Enter jumps · r renames · d deletes · u undoes",
    " marks: m + letter sets, ' + letter jumps, '' goes back (the gutter shows the letter)",
    " :export [file] writes Markdown (synoptic-notes.md), :w saves, :q quits, :q! quits unsaved",
    " :N goes to paragraph N, :N% to N percent, :e PATH opens a document of the corpus",
    " Esc closes any prompt or overlay; a key bound to nothing says so in the status line",
    " one-line editors: type · BS · C-u clears · C-w deletes a word · Enter · Esc",
    " annotations are saved at once; the session (panes, positions) on quit; --fresh ignores it",
    "",
    " Keys are remapped in <config dir>/synoptic/keymap.toml",
];

impl Help {
    pub fn key(&mut self, app: &mut App, key: Key) -> Outcome {
        let max = app.help_max_scroll();
        let page = app.text_height() / 2;
        self.scroll = match key {
            Key::Esc | Key::Char('q') | Key::Char('?') => return Outcome::Close,
            Key::Char('j') | Key::Down => (self.scroll + 1).min(max),
            Key::Char('k') | Key::Up => self.scroll.saturating_sub(1),
            Key::Char(' ') | Key::PageDown | Key::Ctrl('d') => (self.scroll + page).min(max),
            Key::Char('b') | Key::PageUp | Key::Ctrl('u') => self.scroll.saturating_sub(page),
            Key::Char('g') | Key::Home => 0,
            Key::Char('G') | Key::End => max,
            _ => self.scroll,
        };
        Outcome::Stay
    }
}

impl App {
    /// Largest useful scroll of the help overlay (its last screenful).
    pub fn help_max_scroll(&self) -> usize {
        let lines = self.keymap.help_rows().len() + HELP_FOOTER.len();
        let inner = self.overlay_area().height.saturating_sub(2) as usize;
        lines.saturating_sub(inner)
    }
}
