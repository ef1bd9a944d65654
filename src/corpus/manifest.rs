//! The optional `corpus.json` manifest: per-file metadata and the articles of a compilation.
//!
//! ```json
//! {"schema": 1,
//!  "documents": [
//!    {"file": "a.txt", "title": "…", "author": "…", "date": "2014-07-28", "publication": "…"},
//!    {"file": "compilation.txt",
//!     "articles": [{"first_line": "Exact first line of the article", "title": "…", "author": null}]}]}
//! ```
//! `first_line` is the exact text of the line an article starts at (leading and trailing spaces
//! and runs of spaces do not matter).

use serde::{Deserialize, Serialize};

/// File name of the manifest inside a corpus folder.
pub const MANIFEST_NAME: &str = "corpus.json";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    #[serde(default)]
    pub schema: Option<u32>,
    #[serde(default)]
    pub documents: Vec<FileEntry>,
}

/// Descriptive fields shared by files and articles.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct EntryMeta {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub publication: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    /// Path of the file relative to the manifest's folder (`/`-separated).
    pub file: String,
    #[serde(flatten)]
    pub meta: EntryMeta,
    /// For a compilation: the articles it holds, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<ArticleEntry>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ArticleEntry {
    pub first_line: String,
    #[serde(flatten)]
    pub meta: EntryMeta,
}

impl Manifest {
    pub fn parse(json: &str) -> Result<Manifest, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The entry for a file, by its path relative to the manifest's folder.
    pub fn entry(&self, relative_path: &str) -> Option<&FileEntry> {
        let wanted = relative_path.replace('\\', "/");
        self.documents.iter().find(|e| e.file == wanted)
    }
}
