//! The status line while waiting for a mark letter (`app/overlay/mark.rs`).

use crate::app::MarkPrompt;

pub(super) fn prompt(mark: &MarkPrompt) -> &'static str {
    if mark.set {
        " set mark: type a letter (Esc cancels)"
    } else {
        " go to mark: type a letter, ' for the last jump (Esc cancels)"
    }
}
