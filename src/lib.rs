//! synoptic — a terminal reader for comparing sources side by side.
//!
//! The crate is a pure core with a thin shell:
//! - [`corpus`] turns files into normalized documents (blocks, spans, footnotes);
//! - [`align`] finds passages of other documents that speak of the same thing;
//! - [`app`] holds the reader's state and applies actions to it (no terminal, no clock);
//! - [`notes`] keeps highlights, bookmarks and sessions anchored to the text (pure), and
//!   [`store`] writes them to disk atomically;
//! - [`ui`] renders `&App` with ratatui;
//! - [`runtime`] owns the terminal, the event loop, the clock and the filesystem, and
//!   [`screen`] turns frames into the fewest bytes (the terminal scrolls what moved).

pub mod align;
pub mod app;
pub mod claims;
pub mod corpus;
pub mod notes;
pub mod runtime;
pub mod screen;
pub mod store;
pub mod ui;
pub mod wrap;
