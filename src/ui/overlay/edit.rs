//! The status line of the one-line editor (`app/overlay/edit.rs`): its prompt and the text.

use crate::app::LineEdit;

pub(super) fn prompt(edit: &LineEdit) -> String {
    format!(" {}{}▏ Enter · Esc", edit.target.prompt(), edit.text)
}
