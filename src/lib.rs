//! synoptic — a terminal reader for comparing sources side by side.
//!
//! The crate is a pure core with a thin shell:
//! - [`corpus`] turns files into normalized documents (blocks, spans, footnotes);
//! - [`align`] finds passages of other documents that speak of the same thing;
//! - [`app`] holds the reader's state and applies actions to it (no terminal, no clock);
//! - [`ui`] renders `&App` with ratatui;
//! - [`runtime`] owns the terminal, the event loop, the clock and the filesystem.

pub mod align;
pub mod app;
pub mod corpus;
pub mod runtime;
pub mod ui;
pub mod wrap;
