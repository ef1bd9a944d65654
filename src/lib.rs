//! synoptic — a terminal reader for comparing sources side by side.
//!
//! The crate is a pure core with a thin shell:
//! - [`corpus`] turns files into normalized documents (blocks, spans, footnotes);
//! - [`align`] finds passages of other documents that speak of the same thing;
//! - [`app`] holds the reader's state and applies actions to it (no terminal, no clock);
//! - [`annotations`] is the reader's own work: highlights with their notes, marks, bookmarks
//!   and the session, anchored to the text (pure), and the store that writes them to disk
//!   atomically (footnotes are the source's notes, in [`corpus`]);
//! - [`ui`] renders `&App` with ratatui;
//! - [`input`] parses what the terminal sends (keys, mouse, pastes);
//! - [`progress`] is how long headless work says how far it has got (the binary draws it);
//! - [`runtime`] owns the terminal, the event loop, the clock and the filesystem, and
//!   [`screen`] turns frames into the fewest bytes (the terminal scrolls what moved).

pub mod align;
pub mod annotations;
pub mod app;
pub mod claims;
pub mod corpus;
pub mod escape;
pub mod input;
pub mod progress;
pub mod runtime;
pub mod screen;
pub mod ui;
pub mod wrap;
