//! Corpus loading and normalization: files → normalized text → document model (pure).

pub mod model;

pub use model::*;
pub mod footnotes;
pub mod formats;
pub mod inline;
pub mod label;
pub mod load;
pub mod manifest;
pub mod normalize;
pub mod paragraphs;
pub mod staged;
pub mod structure;

pub use load::{
    embedded_seeds, load, load_with, parse_files, LoadError, LoadOptions, SourceFile, MAX_FILE_SIZE,
};
pub mod dump;
