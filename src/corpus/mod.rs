//! Corpus loading and normalization: files → normalized text → document model (pure).

pub mod model;

pub use model::*;
