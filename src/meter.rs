//! The binary's progress display for long headless commands: one line on stderr (stage,
//! count, elapsed time), drawn by indicatif only when stderr is a terminal — its stderr draw
//! target hides itself otherwise, and then nothing at all is drawn or written.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::cell::{Cell, RefCell};
use std::time::Duration;
use synoptic::progress::Stage;

/// A progress line on stderr, cleared when dropped.
pub struct Meter {
    /// The line of the stage shown (each stage its own, made whole before it is drawn).
    bar: RefCell<ProgressBar>,
    /// The stage shown and whether its total is known.
    shown: Cell<Option<(Stage, bool)>>,
}

impl Meter {
    /// A meter on stderr (hidden when stderr is not a terminal).
    pub fn stderr() -> Meter {
        Meter {
            bar: RefCell::new(ProgressBar::with_draw_target(
                None,
                ProgressDrawTarget::stderr(),
            )),
            shown: Cell::new(None),
        }
    }

    /// Shows `stage` at `done` of `total` (`total` 0: a spinner).
    pub fn tell(&self, stage: Stage, done: usize, total: usize) {
        if self.bar.borrow().is_hidden() {
            return;
        }
        let known = total > 0;
        if self.shown.get() != Some((stage, known)) {
            self.shown.set(Some((stage, known)));
            let template = if known {
                "{spinner} {msg} {bar:30} {human_pos}/{human_len} [{elapsed}]"
            } else {
                "{spinner} {msg}… [{elapsed}]"
            };
            let mut bar = ProgressBar::with_draw_target(
                known.then_some(total as u64),
                ProgressDrawTarget::stderr(),
            )
            .with_message(stage.label())
            .with_position(done as u64);
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar = bar.with_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(100));
            self.bar.replace(bar).finish_and_clear();
        } else if known {
            let bar = self.bar.borrow();
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }
}

impl Drop for Meter {
    fn drop(&mut self) {
        self.bar.borrow().finish_and_clear();
    }
}
