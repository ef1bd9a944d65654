//! `m` / `'`: waiting for the letter of a mark to set or to go to (`''`: back to the
//! position before the latest jump).

use super::Outcome;
use crate::app::{App, Effect, Key};

/// Which way the mark letter is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkPrompt {
    /// `m`: set the mark; `'`: go to it.
    pub set: bool,
}

impl MarkPrompt {
    pub fn key(&mut self, app: &mut App, key: Key, effects: &mut Vec<Effect>) -> Outcome {
        match key {
            Key::Esc => {}
            Key::Char('\'') | Key::Char('`') if !self.set => app.jump_last(),
            Key::Char(c) if c.is_ascii_alphabetic() => {
                if self.set {
                    app.set_mark(c, effects);
                } else {
                    app.goto_mark(c);
                }
            }
            _ => app.status = Some("marks are letters a-z, A-Z".into()),
        }
        Outcome::Close
    }
}
