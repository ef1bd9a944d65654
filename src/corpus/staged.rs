//! A corpus loaded in stages, for the reader: [`plan`] finds the files and names their
//! documents as a full [`super::load_with`] names them, without reading them;
//! [`Plan::load`] reads and parses some of the files; [`Plan::assemble`] puts parsed files
//! together in corpus order. The reader reads the files its first screen shows first and the
//! rest in the background, and the documents keep the ids and order of a full load.
//!
//! Files named on the command line are read by [`plan`] (what is wrong with one is an error,
//! as in a full load); files found in folders are read by [`Plan::load`], and a file that
//! cannot be read then is a warning, as in a full load.

use super::load::{
    folder_manifest, id_from_relative, parse_input, read_found, read_named, relative_name,
    unique_id, walk, Input, LoadError, LoadOptions, SourceFile,
};
use super::manifest::FileEntry;
use super::model::{Corpus, Document};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// The files of a corpus, in corpus order, each with the id its documents are named by.
#[derive(Debug)]
pub struct Plan {
    files: Vec<Planned>,
    /// What finding the files said (links not followed, files over the size limit…).
    pub warnings: Vec<String>,
    options: LoadOptions,
}

#[derive(Debug)]
struct Planned {
    /// Bytes already read (a file named on the command line), else the path to read.
    input: Input,
    /// Read when loaded (a file found in a folder).
    lazy: bool,
    entry: Option<FileEntry>,
    id: String,
}

/// One file read and parsed: its documents and what it said.
#[derive(Debug, Clone, Default)]
pub struct Part {
    pub documents: Vec<Document>,
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("path", &self.file.path)
            .finish()
    }
}

/// Finds the files of a corpus as [`super::load_with`] does, reading only the files named on
/// the command line.
pub fn plan(paths: &[PathBuf], options: &LoadOptions) -> Result<Plan, LoadError> {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut manifests = HashMap::new();
    let mut ids = HashSet::new();
    for path in paths {
        if !path.exists() {
            return Err(LoadError::NotFound(path.clone()));
        }
        if path.is_dir() {
            let mut found = Vec::new();
            walk(
                path,
                options,
                &mut HashSet::new(),
                &mut found,
                &mut warnings,
            );
            if found.is_empty() {
                return Err(LoadError::NoDocuments(path.clone()));
            }
            // once per folder (finding it canonicalizes the folder's path)
            let manifest = folder_manifest(path, &mut manifests, &mut warnings).cloned();
            for file in found {
                let relative = relative_name(&file, path);
                let entry = manifest.as_ref().and_then(|m| m.entry(&relative)).cloned();
                files.push(Planned {
                    id: unique_id(&mut ids, &id_from_relative(&relative)),
                    input: Input {
                        file: SourceFile {
                            path: file.display().to_string(),
                            relative,
                            bytes: Vec::new(),
                        },
                        open: Some(file),
                    },
                    lazy: true,
                    entry,
                });
            }
        } else {
            let (input, entry) = read_named(path, options, &mut manifests, &mut warnings)?;
            files.push(Planned {
                id: unique_id(&mut ids, &id_from_relative(&input.file.relative)),
                input,
                lazy: false,
                entry,
            });
        }
    }
    Ok(Plan {
        files,
        warnings,
        options: *options,
    })
}

impl Plan {
    /// How many files the corpus has.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The path of file `i`, as warnings name it.
    pub fn path(&self, i: usize) -> &str {
        &self.files[i].input.file.path
    }

    /// The file whose documents include the document `id` (`sub/a`, or `sub/a#02` for an
    /// article of a compilation), if there is one.
    pub fn file_of(&self, id: &str) -> Option<usize> {
        self.files.iter().position(|f| f.id == id).or_else(|| {
            let (stem, _) = id.rsplit_once('#')?;
            self.files.iter().position(|f| f.id == stem)
        })
    }

    /// Reads and parses the files `which` (on all cores), in that order; `parsed(i)` is
    /// called as each file `i` is parsed.
    pub fn load(&self, which: &[usize], parsed: &(dyn Fn(usize) + Sync)) -> Vec<Part> {
        use rayon::prelude::*;
        which
            .par_iter()
            .map(|&i| {
                let part = self.load_one(i);
                parsed(i);
                part
            })
            .collect()
    }

    fn load_one(&self, i: usize) -> Part {
        let planned = &self.files[i];
        let mut warnings = Vec::new();
        let read;
        let input = if planned.lazy {
            let file = &planned.input.file;
            let path = planned.input.open.clone().unwrap_or_default();
            match read_found(&path, &file.path, &file.relative, &self.options) {
                Ok(bytes) => {
                    read = Input {
                        open: bytes.is_none().then_some(path),
                        file: SourceFile {
                            bytes: bytes.unwrap_or_default(),
                            ..file.clone()
                        },
                    };
                    &read
                }
                Err(warning) => {
                    return Part {
                        documents: Vec::new(),
                        warnings: vec![warning],
                    }
                }
            }
        } else {
            &planned.input
        };
        let documents = parse_input(input, &planned.id, planned.entry.as_ref(), &mut warnings);
        Part {
            documents,
            warnings,
        }
    }

    /// The corpus of the files parsed so far (`parts`, in corpus order): the whole corpus
    /// once every file is in. Its warnings are the plan's, then each file's.
    pub fn assemble(&self, parts: impl IntoIterator<Item = Part>) -> Corpus {
        let mut corpus = Corpus {
            warnings: self.warnings.clone(),
            ..Corpus::default()
        };
        for mut part in parts {
            corpus.documents.append(&mut part.documents);
            corpus.warnings.append(&mut part.warnings);
        }
        corpus
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    const TEXT: &str = "A title\n\nSome words of a paragraph that is long enough to count.\n";

    /// Loading the files in any order and assembling them gives the corpus of a full load.
    #[test]
    fn staged_load_in_any_order_is_the_full_load() {
        let dir = folder(&[
            ("b.txt", TEXT),
            ("a.txt", TEXT),
            ("a.md", TEXT),
            ("sub/c.txt", TEXT),
            ("empty.txt", "   \n"),
        ]);
        let paths = [dir.path().to_path_buf()];
        let full = super::super::load(&paths).unwrap();
        let plan = plan(&paths, &LoadOptions::default()).unwrap();
        assert_eq!(plan.len(), 5);
        let order: Vec<usize> = (0..plan.len()).rev().collect();
        let mut parts = vec![Part::default(); plan.len()];
        for (i, part) in order.iter().zip(plan.load(&order, &|_| {})) {
            parts[*i] = part;
        }
        let staged = plan.assemble(parts);
        let ids = |c: &Corpus| c.documents.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&staged), ids(&full));
        assert_eq!(ids(&staged), ["a", "a~2", "b", "sub/c"]);
        assert_eq!(staged.warnings, full.warnings);
        assert_eq!(plan.file_of("sub/c"), Some(4));
        assert_eq!(plan.file_of("b#02"), Some(2));
        assert_eq!(plan.file_of("gone"), None);
    }

    #[test]
    fn a_file_that_cannot_be_read_later_is_a_warning() {
        let dir = folder(&[("a.txt", TEXT), ("b.txt", TEXT)]);
        let paths = [dir.path().to_path_buf()];
        let plan = plan(&paths, &LoadOptions::default()).unwrap();
        std::fs::remove_file(dir.path().join("b.txt")).unwrap();
        let parts = plan.load(&[0, 1], &|_| {});
        assert_eq!(parts[0].documents.len(), 1);
        assert!(parts[1].documents.is_empty());
        assert!(
            parts[1].warnings[0].contains("b.txt: cannot read, skipped"),
            "{:?}",
            parts[1].warnings
        );
    }
}
