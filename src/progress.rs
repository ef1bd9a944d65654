//! Progress of long headless work, as the core reports it: the stage and how far it has got.
//! The core calls a [`Progress`] callback and never draws; the binary decides what to show
//! (a bar on stderr when it is a terminal, nothing otherwise).

/// A stage of a long command, in the order they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Reading and parsing the files (`done` of `total` documents).
    Load,
    /// Building the alignment index (`done` of `total` steps).
    Index,
    /// Forming the topics (`done` of `total` steps).
    Topics,
    /// Aligning document pairs in order (`done` of `total` documents).
    Order,
    /// Writing the matches (`done` of `total` passages).
    Matches,
    /// Finding the claims and where documents disagree.
    Claims,
    /// Writing the output (`done` of `total` documents).
    Write,
}

impl Stage {
    /// What the stage is called on screen.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Load => "loading",
            Stage::Index => "building the index",
            Stage::Topics => "forming topics",
            Stage::Order => "aligning document pairs",
            Stage::Matches => "writing matches",
            Stage::Claims => "finding disagreements",
            Stage::Write => "writing",
        }
    }
}

/// Told `(stage, done, total)` as work goes on, from the thread that asked for the work
/// (`total` 0: how much is not known).
pub type Progress<'a> = &'a dyn Fn(Stage, usize, usize);

/// A callback that shows nothing.
pub fn none(_: Stage, _: usize, _: usize) {}
