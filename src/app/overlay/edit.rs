//! The one-line editor: a highlight's note, a new bookmark's name, a bookmark's new name, or
//! the `:` command line. Type, Backspace, C-u clears, C-w deletes a word, Enter confirms, Esc
//! cancels (back to the list it was opened from, if any).

use super::{BookmarkList, HighlightList, Outcome, Overlay};
use crate::app::annotations::excerpt;
use crate::app::{App, Effect, Key};
use std::ops::Range;

/// File `:export` writes when no name is given.
pub const EXPORT_FILE: &str = "synoptic-notes.md";

/// What a one-line editor edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    HighlightNote {
        id: String,
        /// Go back to the highlight list after editing.
        from_list: Option<usize>,
    },
    NewBookmark {
        doc: usize,
        range: Range<usize>,
    },
    RenameBookmark {
        id: String,
        from_list: usize,
    },
    Command,
}

impl EditTarget {
    pub fn mode(&self) -> &'static str {
        match self {
            EditTarget::HighlightNote { .. } => "NOTE",
            EditTarget::NewBookmark { .. } | EditTarget::RenameBookmark { .. } => "BOOKMARK",
            EditTarget::Command => "COMMAND",
        }
    }

    pub fn prompt(&self) -> &'static str {
        match self {
            EditTarget::HighlightNote { .. } => "note: ",
            EditTarget::NewBookmark { .. } => "bookmark name: ",
            EditTarget::RenameBookmark { .. } => "new name: ",
            EditTarget::Command => ":",
        }
    }
}

/// A one-line editor: type, Backspace, C-u clears, Enter confirms, Esc cancels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineEdit {
    pub target: EditTarget,
    pub text: String,
}

impl LineEdit {
    /// An empty editor for `target`.
    pub fn new(target: EditTarget) -> LineEdit {
        LineEdit {
            target,
            text: String::new(),
        }
    }

    pub fn key(&mut self, app: &mut App, key: Key, effects: &mut Vec<Effect>) -> Outcome {
        match key {
            Key::Esc => {
                return match self.target {
                    EditTarget::HighlightNote {
                        from_list: Some(selected),
                        ..
                    } => Outcome::Open(Overlay::Highlights(HighlightList { selected })),
                    EditTarget::RenameBookmark { from_list, .. } => {
                        Outcome::Open(Overlay::Bookmarks(BookmarkList {
                            selected: from_list,
                        }))
                    }
                    _ => Outcome::Close,
                };
            }
            Key::Enter => {
                return match confirm(app, self, effects) {
                    Some(next) => Outcome::Open(next),
                    None => Outcome::Close,
                }
            }
            Key::Backspace => {
                self.text.pop();
            }
            Key::Ctrl('u') => self.text.clear(),
            Key::Ctrl('w') => {
                let t = self.text.trim_end().len();
                let cut = self.text[..t].rfind(' ').map_or(0, |i| i + 1);
                self.text.truncate(cut);
            }
            Key::Char(c) if self.text.len() < 4000 => self.text.push(c),
            _ => {}
        }
        Outcome::Stay
    }
}

/// Enter: applies the edit; the overlay to go back to, if any.
fn confirm(app: &mut App, edit: &LineEdit, effects: &mut Vec<Effect>) -> Option<Overlay> {
    let text = edit.text.trim().to_string();
    let now = app.now_secs();
    match edit.target.clone() {
        EditTarget::HighlightNote { id, from_list } => {
            if let Some(h) = app
                .annotations
                .data
                .highlights
                .iter_mut()
                .find(|h| h.id == id)
            {
                if h.note != text {
                    h.note = text;
                    h.updated = now;
                    effects.push(Effect::SaveAnnotations);
                    app.status = Some("note saved".into());
                }
            }
            from_list.map(|selected| Overlay::Highlights(HighlightList { selected }))
        }
        EditTarget::NewBookmark { doc, range } => {
            let name = if text.is_empty() {
                excerpt(&app.corpus.documents[doc].text, &range, 30)
            } else {
                text
            };
            app.status = Some(format!("bookmark “{name}” added — B lists bookmarks"));
            app.add_bookmark(doc, range, None, Some(name));
            effects.push(Effect::SaveAnnotations);
            None
        }
        EditTarget::RenameBookmark { id, from_list } => {
            if let Some(b) = app
                .annotations
                .data
                .bookmarks
                .iter_mut()
                .find(|b| b.id == id)
            {
                b.name = (!text.is_empty()).then_some(text);
                b.updated = now;
                effects.push(Effect::SaveAnnotations);
            }
            Some(Overlay::Bookmarks(BookmarkList {
                selected: from_list,
            }))
        }
        EditTarget::Command => {
            run_command_line(app, &text, effects);
            None
        }
    }
}

/// `:` commands: `export [file]`, `export synopsis [file]`, `N` (paragraph), `N%` (percent),
/// `e PATH`, `w`, `q`, `q!`.
fn run_command_line(app: &mut App, line: &str, effects: &mut Vec<Effect>) {
    let mut words = line.split_whitespace();
    let cmd = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    match cmd {
        "" => {}
        n if n.trim_end_matches('%').parse::<usize>().is_ok() && rest.is_empty() => {
            let k = n.trim_end_matches('%').parse::<usize>().unwrap_or(0);
            if n.ends_with('%') {
                app.goto_percent(k);
            } else {
                app.goto_paragraph(k);
            }
        }
        "e" | "edit" | "open" => app.open_path(&rest.join(" ")),
        "export" | "exp" if rest.first() == Some(&"synopsis") => {
            app.export_synopsis(&rest[1..], effects);
        }
        "export" | "exp" => {
            let path = if rest.is_empty() {
                EXPORT_FILE.to_string()
            } else {
                rest.join(" ")
            };
            // With the disagreements that touch the highlights once they are known; before,
            // the status line says they are not in it.
            let (text, what) = match &app.claims {
                Some(claims) if !app.index.is_building() => (
                    crate::annotations::synopsis::export_text_with(
                        &app.corpus,
                        app.index.get(),
                        claims,
                        &app.annotations.data,
                        false,
                        false,
                    ),
                    "annotations",
                ),
                _ => (
                    crate::annotations::export::to_markdown(&app.corpus, &app.annotations.data),
                    if app.index.is_building() || app.index.topics_building() {
                        "annotations (the disagreements, still being found, left out)"
                    } else {
                        "annotations"
                    },
                ),
            };
            effects.push(Effect::Export {
                path: std::path::PathBuf::from(path),
                text,
                what,
            });
        }
        "w" | "write" => {
            effects.push(Effect::SaveAnnotations);
            app.status = Some("annotations saved".into());
        }
        "q" | "quit" | "wq" | "x" => app.request_quit(effects),
        // Quits even with annotations that could not be saved (they go to a recovery file).
        "q!" | "quit!" => effects.push(Effect::Quit),
        other => {
            app.status = Some(format!(
                "unknown command :{other} (try :export [file], :N, :N%, :e PATH, :w, :q, :q!)"
            ))
        }
    }
}
