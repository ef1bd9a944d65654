//! Corpus loading and normalization: files → normalized text → document model (pure).

pub mod model;

pub use model::*;
pub mod footnotes;
pub mod inline;
pub mod load;
pub mod manifest;
pub mod normalize;
pub mod paragraphs;
pub mod structure;

pub use load::{embedded_seeds, load, parse_files, LoadError, SourceFile};
pub mod dump;
