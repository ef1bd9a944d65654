//! Where documents come from: the embedded seed corpus, folders and files.
//!
//! [`parse_files`] is pure (bytes in, corpus out); [`load`] is the only function here that reads
//! the filesystem, and it does nothing but gather bytes for it (an EPUB is opened, not read
//! whole: its reader takes only the entries it needs).
//!
//! Walking a folder follows ripgrep: hidden entries are skipped, symbolic links are not
//! followed unless asked ([`LoadOptions::follow`]), only regular files are read, and files over
//! [`MAX_FILE_SIZE`] are skipped with a warning. Files named on the command line are read as
//! given (links followed), up to the same size.

use super::formats::{self, Format};
use super::manifest::{FileEntry, Manifest, MANIFEST_NAME};
use super::model::{Corpus, Document, DocumentMeta};
use super::normalize::{clean, collapse_spaces, decode, looks_binary};
use super::paragraphs::{paragraphs, RawParagraph};
use super::structure::{build_document, GivenMeta};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Why a corpus could not be loaded. Each message names the path and fits on one line.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no such file or directory")]
    NotFound(PathBuf),
    #[error("{0}: no readable .txt, .md, .html, .epub or .pdf files found")]
    NoDocuments(PathBuf),
    #[error("{path}: {size} bytes, over the {limit}-byte limit")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: not a text file (it contains NUL bytes)")]
    Binary(PathBuf),
    #[error("{0}: the file is empty")]
    Empty(PathBuf),
}

/// Files larger than this are skipped (with a warning) or refused (named on the command line).
pub const MAX_FILE_SIZE: u64 = 64 << 20;

/// How [`load_with`] walks folders.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Follow symbolic links found inside folders (`--follow`).
    pub follow: bool,
    /// Files larger than this many bytes are skipped.
    pub max_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            follow: false,
            max_size: MAX_FILE_SIZE,
        }
    }
}

/// A file's bytes and the name it is known by in the corpus.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path shown to the reader (as given, or the folder joined with the relative path).
    pub path: String,
    /// Path relative to the corpus folder, `/`-separated (used for ids and the manifest).
    pub relative: String,
    pub bytes: Vec<u8>,
}

const SEED_MANIFEST: &str = include_str!("../../seeds/corpus.json");

macro_rules! seed {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../seeds/", $name)) as &[u8],
        )
    };
}

/// The seed corpus compiled into the binary.
const SEEDS: &[(&str, &[u8])] = &[
    seed!("000_cf9d9bd069e4b9c2.txt"),
    seed!("001_6b56b70e605d6e84.txt"),
    seed!("002_f4d8d8b0fbd9500b.txt"),
    seed!("003_d34c380abe0ddcdb.txt"),
    seed!("004_1f5dc5bcb4f5ddab.txt"),
];

/// The bundled seed corpus (five files, the compilation split into its articles).
pub fn embedded_seeds() -> Corpus {
    let files = SEEDS
        .iter()
        .map(|(name, bytes)| SourceFile {
            path: format!("seeds/{name}"),
            relative: name.to_string(),
            bytes: bytes.to_vec(),
        })
        .collect();
    let manifest = Manifest::parse(SEED_MANIFEST).expect("the bundled seeds/corpus.json is valid");
    parse_files(files, Some(&manifest))
}

/// Builds a corpus from files already read. Pure.
pub fn parse_files(files: Vec<SourceFile>, manifest: Option<&Manifest>) -> Corpus {
    let entries = files
        .iter()
        .map(|f| manifest.and_then(|m| m.entry(&f.relative)).cloned())
        .collect();
    parse_described_files(files, entries)
}

/// [`parse_files`], each file with its own manifest entry (`entries[i]` for `files[i]`; files
/// given one by one may come from folders with manifests of their own). Pure.
pub fn parse_described_files(files: Vec<SourceFile>, entries: Vec<Option<FileEntry>>) -> Corpus {
    let inputs = files
        .into_iter()
        .map(|file| Input { file, open: None })
        .collect();
    parse_inputs(inputs, entries)
}

/// A file to parse: its bytes, or (an EPUB found by [`load`]) the path to open it from.
pub(super) struct Input {
    pub(super) file: SourceFile,
    pub(super) open: Option<PathBuf>,
}

fn parse_inputs(inputs: Vec<Input>, entries: Vec<Option<FileEntry>>) -> Corpus {
    use rayon::prelude::*;
    let mut ids: HashSet<String> = HashSet::new();
    let named: Vec<(Input, String, Option<FileEntry>)> = inputs
        .into_iter()
        .zip(entries.into_iter().chain(std::iter::repeat(None)))
        .map(|(f, entry)| {
            let id = unique_id(&mut ids, &id_from_relative(&f.file.relative));
            (f, id, entry)
        })
        .collect();
    // Files are independent: parse them on all cores, keeping their order; each file's bytes
    // are let go as soon as it is parsed (peak memory: the corpus read, not read and parsed).
    let parsed: Vec<(Vec<Document>, Vec<String>)> = named
        .into_par_iter()
        .map(|(input, id, entry)| {
            let mut warnings = Vec::new();
            let docs = parse_input(&input, &id, entry.as_ref(), &mut warnings);
            drop(input);
            (docs, warnings)
        })
        .collect();
    let mut corpus = Corpus::default();
    for (docs, mut warnings) in parsed {
        corpus.documents.extend(docs);
        corpus.warnings.append(&mut warnings);
    }
    corpus
}

/// Metadata a manifest entry gives a whole file.
fn given_meta(entry: Option<&FileEntry>) -> GivenMeta {
    entry.map_or_else(GivenMeta::default, |e| GivenMeta {
        title: e.meta.title.clone(),
        author: e.meta.author.clone(),
        date: e.meta.date.clone(),
        publication: e.meta.publication.clone(),
    })
}

/// Parses one file by its format; a file that cannot be read gives one warning naming it.
pub(super) fn parse_input(
    input: &Input,
    id: &str,
    entry: Option<&FileEntry>,
    warnings: &mut Vec<String>,
) -> Vec<Document> {
    let file = &input.file;
    let format = Format::from_name(&file.relative).unwrap_or(Format::Txt);
    let given = given_meta(entry);
    let meta = DocumentMeta {
        id: id.to_string(),
        title: given.title.clone().unwrap_or_default(),
        author: given.author.clone(),
        date: given.date.clone(),
        publication: given.publication.clone(),
        source: file.path.clone(),
        format,
    };
    let text = |warnings: &mut Vec<String>| {
        let decoded = decode(&file.bytes);
        warnings.extend(
            decoded
                .warnings
                .iter()
                .map(|w| format!("{}: {w}", file.path)),
        );
        clean(&decoded.text)
    };
    let extracted = match format {
        Format::Txt => return parse_file(file, &text(warnings), id, entry, warnings),
        Format::Markdown => formats::markdown::extract(&text(warnings)),
        Format::Html => formats::html::extract(&text(warnings)),
        Format::Epub => {
            let read = match &input.open {
                Some(path) => std::fs::File::open(path)
                    .map_err(|e| e.to_string())
                    .and_then(|f| {
                        formats::epub::extract(std::io::BufReader::new(f))
                            .map_err(|e| e.to_string())
                    }),
                None => formats::epub::extract(std::io::Cursor::new(&file.bytes))
                    .map_err(|e| e.to_string()),
            };
            match read {
                Ok(ex) => ex,
                Err(e) => {
                    warnings.push(format!("{}: cannot read EPUB, skipped: {e}", file.path));
                    return Vec::new();
                }
            }
        }
        Format::Pdf => return parse_pdf(file, id, given, warnings),
    };
    let doc = formats::assemble(extracted, meta);
    if doc
        .blocks
        .iter()
        .all(|b| b.kind != super::model::BlockKind::Paragraph)
    {
        warnings.push(format!("{}: no text, skipped", file.path));
        return Vec::new();
    }
    vec![doc]
}

/// A PDF: its text layer reflowed, then read as a hard-wrapped text.
fn parse_pdf(
    file: &SourceFile,
    id: &str,
    mut given: GivenMeta,
    warnings: &mut Vec<String>,
) -> Vec<Document> {
    let pdf = match formats::pdf::extract(&file.bytes) {
        Ok(pdf) => pdf,
        Err(e) => {
            warnings.push(format!("{}: {e}", file.path));
            return Vec::new();
        }
    };
    let text = clean(&formats::pdf::reflow(&pdf.pages));
    let paras = paragraphs(&text);
    if paras.is_empty() {
        warnings.push(format!("{}: no text: scanned?", file.path));
        return Vec::new();
    }
    if given.title.is_none() && given.author.is_none() {
        given.author = pdf.author;
        given.title = pdf.title;
    }
    given.date = given.date.or(pdf.date);
    let mut doc = build_document(&paras, given, id, &file.path);
    doc.format = Format::Pdf;
    vec![doc]
}

pub(super) fn id_from_relative(relative: &str) -> String {
    let without_ext = relative
        .rsplit_once('.')
        .filter(|(stem, _)| !stem.is_empty())
        .map_or(relative, |(stem, _)| stem);
    without_ext.to_string()
}

pub(super) fn unique_id(ids: &mut HashSet<String>, base: &str) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while !ids.insert(id.clone()) {
        id = format!("{base}~{n}");
        n += 1;
    }
    id
}

/// Parses one text file into one document, or one per article for a compilation.
fn parse_file(
    file: &SourceFile,
    text: &str,
    id: &str,
    entry: Option<&FileEntry>,
    warnings: &mut Vec<String>,
) -> Vec<Document> {
    let paras = paragraphs(text);
    if paras.is_empty() {
        warnings.push(format!("{}: no text, skipped", file.path));
        return Vec::new();
    }
    let Some(entry) = entry.filter(|e| !e.articles.is_empty()) else {
        return vec![build_document(&paras, given_meta(entry), id, &file.path)];
    };
    let groups = split_articles(&paras, entry, &file.path, warnings);
    if groups.is_empty() {
        // no article's first line was found: the whole file is one document
        warnings.push(format!(
            "{}: corpus.json: no article found, the file is read as one document",
            file.path
        ));
        return vec![build_document(
            &paras,
            given_meta(Some(entry)),
            id,
            &file.path,
        )];
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(i, (article, range))| {
            let given = GivenMeta {
                title: article.meta.title.clone(),
                author: article.meta.author.clone(),
                date: article
                    .meta
                    .date
                    .clone()
                    .or_else(|| entry.meta.date.clone()),
                publication: article
                    .meta
                    .publication
                    .clone()
                    .or_else(|| entry.meta.publication.clone()),
            };
            build_document(
                &paras[range],
                given,
                &format!("{id}#{:02}", i + 1),
                &file.path,
            )
        })
        .collect()
}

/// Finds where each article of a compilation starts; text before the first belongs to it.
fn split_articles<'e>(
    paras: &[RawParagraph],
    entry: &'e FileEntry,
    path: &str,
    warnings: &mut Vec<String>,
) -> Vec<(&'e super::manifest::ArticleEntry, std::ops::Range<usize>)> {
    let mut starts = Vec::new();
    let mut from = 0;
    for article in &entry.articles {
        let want = collapse_spaces(&article.first_line);
        match (from..paras.len()).find(|&i| !want.is_empty() && paras[i].text.starts_with(&want)) {
            Some(i) => {
                starts.push((article, i));
                from = i + 1;
            }
            None => warnings.push(format!(
                "{path}: corpus.json: article starting \"{}\" not found",
                article.first_line
            )),
        }
    }
    if let Some(first) = starts.first_mut() {
        first.1 = 0;
    }
    let mut out = Vec::new();
    for (k, (article, start)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(paras.len(), |s| s.1);
        if end > *start {
            out.push((*article, *start..end));
        }
    }
    out
}

fn is_corpus_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(Format::from_name)
        .is_some()
}

/// Collects corpus files under `dir`, sorted by path, skipping hidden entries, symbolic links
/// (unless `follow`), symlink loops and anything that is not a regular file.
pub(super) fn walk(
    dir: &Path,
    options: &LoadOptions,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    warnings: &mut Vec<String>,
) {
    let Ok(canonical) = dir.canonicalize() else {
        warnings.push(format!("{}: cannot resolve, skipped", dir.display()));
        return;
    };
    if !seen.insert(canonical) {
        warnings.push(format!("{}: symlink loop, skipped", dir.display()));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(format!("{}: cannot read folder: {e}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let Ok(own) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let meta = if own.file_type().is_symlink() {
            if !options.follow {
                if path.is_dir() || is_corpus_file(&path) {
                    warnings.push(format!(
                        "{}: symbolic link, not followed (--follow follows links)",
                        path.display()
                    ));
                }
                continue;
            }
            match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    if is_corpus_file(&path) {
                        warnings.push(format!("{}: cannot read, skipped: {e}", path.display()));
                    }
                    continue;
                }
            }
        } else {
            own
        };
        if meta.is_dir() {
            walk(&path, options, seen, out, warnings);
        } else if is_corpus_file(&path) {
            if !meta.is_file() {
                warnings.push(format!("{}: not a regular file, skipped", path.display()));
            } else if meta.len() > options.max_size {
                warnings.push(format!(
                    "{}: {} MB, over the {} MB limit, skipped",
                    path.display(),
                    meta.len() >> 20,
                    options.max_size >> 20
                ));
            } else {
                out.push(path);
            }
        }
    }
}

/// Reads at most `limit` bytes of a file. In a folder only regular files are read, and they
/// are opened without blocking, so a FIFO put in place of a file after the walk never hangs.
fn read_limited(path: &Path, limit: u64, regular_only: bool) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let read_err = |source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    if regular_only {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(read_err)?;
    let meta = file.metadata().map_err(read_err)?;
    if regular_only && !meta.is_file() {
        return Err(read_err(std::io::Error::other("not a regular file")));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

pub(super) fn relative_name(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The manifest ([`MANIFEST_NAME`]) of a folder, read once per folder: None when there is
/// none, or when it cannot be read (a warning names it then).
pub(super) fn folder_manifest<'m>(
    folder: &Path,
    read: &'m mut std::collections::HashMap<PathBuf, Option<Manifest>>,
    warnings: &mut Vec<String>,
) -> Option<&'m Manifest> {
    let key = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    read.entry(key)
        .or_insert_with(|| {
            let path = folder.join(MANIFEST_NAME);
            if !path.is_file() {
                return None;
            }
            let read = std::fs::read_to_string(&path).map_err(|e| e.to_string());
            match read.and_then(|s| Manifest::parse(&s).map_err(|e| e.to_string())) {
                Ok(m) => Some(m),
                Err(e) => {
                    warnings.push(format!("{}: ignored: {e}", path.display()));
                    None
                }
            }
        })
        .as_ref()
}

/// Reads a file found in a folder: its bytes, or `None` for an EPUB (opened by its reader,
/// which takes only the entries it needs). `Err` is the warning saying why it is skipped.
pub(super) fn read_found(
    file: &Path,
    shown: &str,
    relative: &str,
    options: &LoadOptions,
) -> Result<Option<Vec<u8>>, String> {
    let format = Format::from_name(relative).unwrap_or(Format::Txt);
    if format == Format::Epub {
        return Ok(None);
    }
    match read_limited(file, options.max_size, true) {
        Ok(bytes) if !format.is_binary() && looks_binary(&bytes) => {
            Err(format!("{shown}: binary file, skipped"))
        }
        Ok(bytes) => Ok(Some(bytes)),
        Err(LoadError::Read { source, .. }) => {
            Err(format!("{shown}: cannot read, skipped: {source}"))
        }
        Err(e) => Err(format!("{e}, skipped")),
    }
}

/// Reads a file named on the command line (links followed); what is wrong with it is an
/// error. Its manifest entry comes from the folder it is in.
pub(super) fn read_named(
    path: &Path,
    options: &LoadOptions,
    manifests: &mut std::collections::HashMap<PathBuf, Option<Manifest>>,
    warnings: &mut Vec<String>,
) -> Result<(Input, Option<FileEntry>), LoadError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let format = Format::from_name(&name).unwrap_or(Format::Txt);
    let bytes = read_limited(path, options.max_size, false)?;
    if !format.is_binary() && looks_binary(&bytes) {
        return Err(LoadError::Binary(path.to_path_buf()));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty(path.to_path_buf()));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let entry = folder_manifest(folder, manifests, warnings)
        .and_then(|m| m.entry(&name))
        .cloned();
    let input = Input {
        open: None,
        file: SourceFile {
            path: path.display().to_string(),
            relative: name,
            bytes,
        },
    };
    Ok((input, entry))
}

/// Loads a corpus from folders and/or files given on the command line. A folder's manifest
/// describes the files under it; a file given on its own is described by the manifest of the
/// folder it is in.
pub fn load(paths: &[PathBuf]) -> Result<Corpus, LoadError> {
    load_with(paths, &LoadOptions::default())
}

/// [`load`], with options for walking folders.
pub fn load_with(paths: &[PathBuf], options: &LoadOptions) -> Result<Corpus, LoadError> {
    let mut inputs = Vec::new();
    let mut entries: Vec<Option<FileEntry>> = Vec::new();
    let mut warnings = Vec::new();
    let mut manifests = std::collections::HashMap::new();
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
            let before = inputs.len();
            for file in found {
                let shown = file.display().to_string();
                let relative = relative_name(&file, path);
                let bytes = match read_found(&file, &shown, &relative, options) {
                    Ok(bytes) => bytes,
                    Err(warning) => {
                        warnings.push(warning);
                        continue;
                    }
                };
                entries.push(
                    folder_manifest(path, &mut manifests, &mut warnings)
                        .and_then(|m| m.entry(&relative))
                        .cloned(),
                );
                inputs.push(Input {
                    open: bytes.is_none().then(|| file.clone()),
                    file: SourceFile {
                        path: shown,
                        relative,
                        bytes: bytes.unwrap_or_default(),
                    },
                });
            }
            if inputs.len() == before {
                return Err(LoadError::NoDocuments(path.clone()));
            }
        } else {
            let (input, entry) = read_named(path, options, &mut manifests, &mut warnings)?;
            entries.push(entry);
            inputs.push(input);
        }
    }
    let mut corpus = parse_inputs(inputs, entries);
    warnings.append(&mut corpus.warnings);
    corpus.warnings = warnings;
    if corpus.documents.is_empty() {
        let first = paths.first().cloned().unwrap_or_default();
        return Err(LoadError::NoDocuments(first));
    }
    Ok(corpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_stable() {
        let mut ids = HashSet::new();
        assert_eq!(unique_id(&mut ids, "a"), "a");
        assert_eq!(unique_id(&mut ids, "a"), "a~2");
        assert_eq!(id_from_relative("sub/x.txt"), "sub/x");
    }

    #[test]
    fn compilation_split_by_manifest() {
        let manifest = Manifest::parse(
            r#"{"documents":[{"file":"c.txt","articles":[
                {"first_line":"First article starts here.","title":"One","author":"A"},
                {"first_line":"Second   article starts","title":"Two","author":null}]}]}"#,
        )
        .unwrap();
        let file = SourceFile {
            path: "c.txt".into(),
            relative: "c.txt".into(),
            bytes: format!(
                "First article starts here.\n{long}\nSecond article starts here.\n{long}",
                long = "More words of a long line. ".repeat(8)
            )
            .into_bytes(),
        };
        let corpus = parse_files(vec![file], Some(&manifest));
        assert_eq!(corpus.documents.len(), 2);
        assert_eq!(corpus.documents[0].id, "c#01");
        assert_eq!(corpus.documents[1].title, "Two");
        assert_eq!(corpus.documents[0].author.as_deref(), Some("A"));
        assert!(corpus.documents[1].text.starts_with("Second article"));
    }
}
