//! The annotations store on disk: one JSON file per corpus in the data directory.
//!
//! - The data directory is `--data-dir`, else `$SYNOPTIC_DATA_DIR`, else the platform data
//!   directory from `directories` (tests never touch the real one).
//! - The file of a corpus is named after the paths it was opened from ([`corpus_key`]): that
//!   is only a hint. Items are keyed by the content of their document ([`DocRef`]): a corpus
//!   that was moved or copied, or one of its files opened on its own, finds its annotations in
//!   the other files of the data directory ([`Store::load_for`]).
//! - Writes are atomic and never follow a planted link ([`super::files`]); a store that is a
//!   symlink is written through to its target.
//! - Saving takes an exclusive lock ([`File::lock`], released by the system if the process
//!   dies), re-reads what another instance may have saved, merges
//!   ([`Annotations::merge`]) and writes the union, so two instances lose nothing. Fields this
//!   version does not know (written by a newer one) are kept.
//! - A file that cannot be read (permissions, not a regular file) is never written: saves fail,
//!   the reader keeps the changes and writes a recovery file on quit ([`Store::write_recovery`]).
//! - A file that cannot be parsed is copied once to a backup named after its content, and left
//!   byte for byte as it is until the reader changes an annotation. A file from a newer schema
//!   is never overwritten. A UTF-8 byte order mark is accepted.

use super::files;
pub use super::files::write_atomic;
use crate::annotations::{fill_keys, partial_key, Annotations, SCHEMA_VERSION};
use crate::corpus::Corpus;
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "SYNOPTIC_DATA_DIR";
/// Store files bigger than this are not read (a store holds text quotes and notes: 64 MB is
/// hundreds of thousands of highlights).
pub const MAX_STORE_BYTES: u64 = 64 << 20;
/// Other corpora's files looked at for annotations of the same documents.
pub const MAX_OTHER_FILES: usize = 1000;
/// Prefix of recovery files (in the temporary folder).
pub const RECOVERY_PREFIX: &str = "synoptic-recovery-";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot save annotations to {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("annotations not saved: {0} is from a newer synoptic and is kept as it is")]
    NewerVersion(PathBuf),
    #[error("annotations not saved: {0} is locked by another synoptic")]
    Locked(PathBuf),
    #[error("annotations not saved: {path} is unreadable ({why}), so it is never written")]
    Unreadable { path: PathBuf, why: String },
    #[error("annotations not saved: {path} could not be parsed and no backup of it could be made ({source})")]
    NoBackup {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The data directory to use.
pub fn data_dir(cli: Option<&Path>) -> PathBuf {
    if let Some(dir) = cli {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("", "", "synoptic")
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("synoptic"))
}

/// A stable name for a corpus's file: `seeds` for the bundled one, else a readable name plus
/// a hash of the canonical paths it was opened from.
pub fn corpus_key(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "seeds".to_string();
    }
    let canonical: Vec<String> = paths
        .iter()
        .map(|p| {
            p.canonicalize()
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
        })
        .collect();
    let digest = Sha256::digest(canonical.join("\n").as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    let name: String = paths[0]
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .take(32)
        .collect();
    format!("{name}-{hex}")
}

/// What loading found.
#[derive(Debug)]
pub struct Loaded {
    pub state: Annotations,
    /// A message for the status line: a problem (a backup was made, the file is unreadable or
    /// read-only), else annotations found in other corpora's files.
    pub problem: Option<String>,
    /// Items found in other corpora's files (same document content).
    pub adopted: usize,
}

/// What a store file holds, as far as this version can tell.
#[derive(Debug)]
pub enum Parsed {
    /// A store this version reads, with the JSON as written (its unknown fields are kept).
    Good { state: Annotations, raw: Value },
    /// A store of a newer schema.
    Newer(u64),
    /// Not a store: why.
    Bad(String),
}

/// Parses the bytes of a store file. Never panics; a leading UTF-8 byte order mark is skipped.
pub fn parse(bytes: &[u8]) -> Parsed {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let raw: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return Parsed::Bad(e.to_string()),
    };
    if !raw.is_object() {
        // serde would read a struct from an array too (`[555555555]`: schema 555555555).
        return Parsed::Bad("not a JSON object".into());
    }
    let schema = raw.get("schema").and_then(Value::as_u64).unwrap_or(0);
    if schema > u64::from(SCHEMA_VERSION) {
        return Parsed::Newer(schema);
    }
    match Annotations::deserialize(&raw) {
        Ok(state) => Parsed::Good { state, raw },
        Err(e) => Parsed::Bad(e.to_string()),
    }
}

enum Disk {
    Missing,
    /// The file exists but cannot be read: it must not be written either.
    Unreadable(String),
    Found(Vec<u8>, Parsed),
}

fn read_disk(path: &Path) -> Disk {
    match fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Disk::Missing,
        Err(e) => return Disk::Unreadable(e.to_string()),
        Ok(m) if !m.is_file() => return Disk::Unreadable("not a regular file".into()),
        Ok(m) if m.len() > MAX_STORE_BYTES => {
            return Disk::Unreadable(format!("over {} MB", MAX_STORE_BYTES >> 20))
        }
        Ok(_) => {}
    }
    match fs::read(path) {
        Ok(bytes) => {
            let parsed = parse(&bytes);
            Disk::Found(bytes, parsed)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Disk::Missing,
        Err(e) => Disk::Unreadable(e.to_string()),
    }
}

/// Reads a store or recovery file (for `synoptic export --from`).
pub fn read_file(path: &Path) -> Result<Annotations, String> {
    match read_disk(path) {
        Disk::Missing => Err("no such file".into()),
        Disk::Unreadable(why) | Disk::Found(_, Parsed::Bad(why)) => Err(why),
        Disk::Found(_, Parsed::Newer(v)) => Err(format!(
            "schema {v}, newer than this synoptic's {SCHEMA_VERSION}"
        )),
        Disk::Found(_, Parsed::Good { state, .. }) => Ok(state),
    }
}

/// Whether two states hold the same annotations (the session aside).
fn same_items(a: &Annotations, b: &Annotations) -> bool {
    a.highlights == b.highlights && a.bookmarks == b.bookmarks && a.deleted == b.deleted
}

/// Copies into `new` the fields of `old` it does not have (written by a newer version), in
/// objects and in the items of arrays matched by their `id`.
fn keep_unknown(new: &mut Value, old: &Value) {
    match (new, old) {
        (Value::Object(n), Value::Object(o)) => {
            for (k, ov) in o {
                match n.get_mut(k) {
                    Some(nv) => keep_unknown(nv, ov),
                    None => {
                        n.insert(k.clone(), ov.clone());
                    }
                }
            }
        }
        (Value::Array(n), Value::Array(o)) => {
            let by_id: HashMap<&str, &Value> = o
                .iter()
                .filter_map(|v| Some((v.get("id")?.as_str()?, v)))
                .collect();
            for item in n {
                let old = item
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(|id| by_id.get(id));
                if let Some(old) = old {
                    keep_unknown(item, old);
                }
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    /// Set when the file on disk must not be overwritten (newer schema).
    read_only: bool,
    /// The annotations as loaded: a file that could not be parsed is written over only once
    /// the reader's annotations differ from these.
    baseline: Annotations,
}
impl Store {
    pub fn new(data_dir: &Path, corpus_key: &str) -> Store {
        Store::at(data_dir.join(format!("{corpus_key}.json")))
    }

    /// The store in the file `path`.
    pub fn at(path: PathBuf) -> Store {
        Store {
            path,
            read_only: false,
            baseline: Annotations::default(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Copies `bytes` (the file as found) to `<file>.bak-<hash of the bytes>`: one backup per
    /// distinct content, however often the file is loaded.
    fn backup(&self, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let digest = Sha256::digest(bytes);
        let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".bak-{hex}"));
        let backup = self.path.with_file_name(name);
        match fs::read(&backup) {
            Ok(existing) if existing == bytes => return Ok(backup),
            _ => {}
        }
        files::write_exclusive(&backup, bytes)?;
        Ok(backup)
    }

    /// Reads the state; never fails: problems are reported and an empty state returned.
    pub fn load(&mut self) -> Loaded {
        let (state, problem) = match read_disk(&self.path) {
            Disk::Missing => (Annotations::default(), None),
            Disk::Found(_, Parsed::Good { state, .. }) => (state, None),
            Disk::Unreadable(why) => (
                Annotations::default(),
                Some(format!(
                    "{} is unreadable ({why}): it will not be written; new annotations are kept \
                     aside and go to a recovery file on quit",
                    self.path.display()
                )),
            ),
            Disk::Found(bytes, Parsed::Newer(v)) => {
                self.read_only = true;
                let backup = self.backup(&bytes);
                (
                    Annotations::default(),
                    Some(format!(
                        "{} has schema {v}, newer than this synoptic's {SCHEMA_VERSION}: left untouched{}; changes will not be saved",
                        self.path.display(),
                        backup.map(|b| format!(", copied to {}", b.display())).unwrap_or_default()
                    )),
                )
            }
            Disk::Found(bytes, Parsed::Bad(why)) => {
                let backup = match self.backup(&bytes) {
                    Ok(b) => format!("copied to {}", b.display()),
                    Err(e) => format!("no backup could be made ({e})"),
                };
                (
                    Annotations::default(),
                    Some(format!(
                        "{} could not be parsed ({why}); {backup}; it is left as it is until an \
                         annotation changes",
                        self.path.display()
                    )),
                )
            }
        };
        self.baseline = state.clone();
        Loaded {
            state,
            problem,
            adopted: 0,
        }
    }

    /// [`Store::load`], then the annotations of the same documents kept in other corpora's
    /// files (a corpus moved, copied, or a file opened on its own), and the content keys of
    /// items from a schema-1 file.
    pub fn load_for(&mut self, corpus: &Corpus) -> Loaded {
        let mut loaded = self.load();
        loaded.adopted = self.adopt(&mut loaded.state, corpus);
        fill_keys(&mut loaded.state, corpus);
        if loaded.adopted > 0 && loaded.problem.is_none() {
            loaded.problem = Some(format!(
                "{} annotations of these documents found in other corpora's files",
                loaded.adopted
            ));
        }
        self.baseline = loaded.state.clone();
        loaded
    }

    /// The rest of [`Store::load_for`], for a corpus that arrives in stages (the reader's):
    /// `state` (what [`Store::load`] read, or the reader's state since) completed for the
    /// documents of `corpus` — other corpora's annotations of them, content keys — the
    /// baseline likewise. Returns how many items were adopted.
    pub fn adopt_for(&mut self, state: &mut Annotations, corpus: &Corpus) -> usize {
        let adopted = self.adopt(state, corpus);
        fill_keys(state, corpus);
        let mut baseline = std::mem::take(&mut self.baseline);
        self.adopt(&mut baseline, corpus);
        fill_keys(&mut baseline, corpus);
        self.baseline = baseline;
        adopted
    }

    /// Adds to `state` the items of other files in the data directory whose document has the
    /// same content as one of `corpus` (unless deleted here); returns how many.
    fn adopt(&self, state: &mut Annotations, corpus: &Corpus) -> usize {
        let Some(dir) = self.path.parent() else {
            return 0;
        };
        let Ok(entries) = fs::read_dir(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }) else {
            return 0;
        };
        let mut others: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json") && *p != self.path)
            .take(MAX_OTHER_FILES)
            .collect();
        others.sort();
        let hashes: HashSet<&str> = corpus
            .documents
            .iter()
            .map(|d| d.content_hash.as_str())
            .collect();
        let keys: HashSet<String> = corpus
            .documents
            .iter()
            .map(|d| partial_key(&d.text))
            .collect();
        let same = |d: &crate::annotations::DocRef| {
            hashes.contains(d.hash.as_str()) || keys.contains(&d.key)
        };
        let mut have: HashSet<String> = state.deleted.iter().cloned().collect();
        have.extend(state.highlights.iter().map(|h| h.id.clone()));
        have.extend(state.bookmarks.iter().map(|b| b.id.clone()));
        let mut marks: HashSet<char> = state.bookmarks.iter().filter_map(|b| b.mark).collect();
        let mut added = 0;
        for path in others {
            let Disk::Found(_, Parsed::Good { state: other, .. }) = read_disk(&path) else {
                continue;
            };
            for h in other.highlights {
                if same(&h.doc) && have.insert(h.id.clone()) {
                    state.highlights.push(h);
                    added += 1;
                }
            }
            for b in other.bookmarks {
                let mark_free = b.mark.is_none_or(|m| !marks.contains(&m));
                if same(&b.doc) && mark_free && have.insert(b.id.clone()) {
                    marks.extend(b.mark);
                    state.bookmarks.push(b);
                    added += 1;
                }
            }
        }
        added
    }

    /// Saves `state` merged with whatever is on disk now; returns the merged state.
    pub fn save(&self, state: &Annotations) -> Result<Annotations, StoreError> {
        if self.read_only {
            return Err(StoreError::NewerVersion(self.path.clone()));
        }
        let io = |source| StoreError::Io {
            path: self.path.clone(),
            source,
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(io)?;
        let _lock = lock(&self.path.with_extension("json.lock")).map_err(|e| match e.kind() {
            std::io::ErrorKind::WouldBlock => StoreError::Locked(self.path.clone()),
            _ => io(e),
        })?;
        let (merged, raw) = match read_disk(&self.path) {
            Disk::Missing => (state.clone(), None),
            Disk::Unreadable(why) => {
                return Err(StoreError::Unreadable {
                    path: self.path.clone(),
                    why,
                })
            }
            Disk::Found(_, Parsed::Good { state: disk, raw }) => (state.merge(&disk), Some(raw)),
            Disk::Found(_, Parsed::Newer(_)) => {
                return Err(StoreError::NewerVersion(self.path.clone()))
            }
            Disk::Found(bytes, Parsed::Bad(_)) => {
                if same_items(state, &self.baseline) {
                    // Nothing the reader made: the file stays byte for byte as it is.
                    return Ok(state.clone());
                }
                self.backup(&bytes).map_err(|source| StoreError::NoBackup {
                    path: self.path.clone(),
                    source,
                })?;
                (state.clone(), None)
            }
        };
        let mut value = serde_json::to_value(&merged).map_err(|e| io(e.into()))?;
        if let Some(raw) = &raw {
            keep_unknown(&mut value, raw);
        }
        let json = serde_json::to_vec_pretty(&value).map_err(|e| io(e.into()))?;
        write_atomic(&self.path, &json).map_err(io)?;
        Ok(merged)
    }

    /// Writes `state` to a new recovery file in the temporary folder (else the current
    /// folder) and returns its path: a store file `synoptic export --from` reads, saying which
    /// store it was meant for and why it could not be written there.
    pub fn write_recovery(&self, state: &Annotations, why: &str) -> std::io::Result<PathBuf> {
        let mut value = serde_json::to_value(state)?;
        if let Value::Object(map) = &mut value {
            map.insert(
                "recovery".into(),
                serde_json::json!({
                    "store": self.path.display().to_string(),
                    "why": why,
                }),
            );
        }
        let json = serde_json::to_vec_pretty(&value)?;
        let mut dirs = vec![std::env::temp_dir()];
        dirs.extend(std::env::current_dir().ok());
        files::write_new(&dirs, RECOVERY_PREFIX, &json)
    }
}

/// How long a save waits for another instance's save to finish.
const LOCK_WAIT: Duration = Duration::from_secs(3);

/// An exclusive lock on `<store>.json.lock`, held while saving. The operating system releases
/// it when the file is closed or the process dies (a SIGKILL in the middle of a save leaves no
/// stale lock). The file itself stays: removing it would race with another instance that has
/// just opened it.
fn lock(path: &Path) -> std::io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    let deadline = SystemTime::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if SystemTime::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::WouldBlock,
                    "locked",
                ))
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::Highlight;

    fn highlight(id: &str) -> Highlight {
        crate::annotations::sample_highlight(id, 1, "")
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::new(dir.path(), "k");
        assert!(store.load().state.highlights.is_empty());
        let mut s = Annotations::default();
        s.highlights.push(highlight("a"));
        store.save(&s).unwrap();
        let loaded = Store::new(dir.path(), "k").load();
        assert_eq!(loaded.state, s);
        assert!(loaded.problem.is_none());
        // No temporary file is left behind; the (empty) lock file stays.
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["k.json", "k.json.lock"]);
    }

    #[test]
    fn a_held_lock_is_reported_and_a_released_one_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path(), "k");
        let held = lock(&dir.path().join("k.json.lock")).unwrap();
        let err = store.save(&Annotations::default()).unwrap_err();
        assert!(matches!(err, StoreError::Locked(_)), "{err}");
        drop(held);
        store.save(&Annotations::default()).unwrap();
    }

    fn backups(dir: &Path) -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".bak-"))
            .map(|p| fs::read(p).unwrap())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_file_that_cannot_be_parsed_stays_byte_identical_until_an_annotation_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        fs::write(&path, b"{ not json").unwrap();
        let mut store = Store::new(dir.path(), "k");
        let loaded = store.load();
        assert!(loaded.problem.unwrap().contains("could not be parsed"));
        // Quitting saves the session: the file is not touched.
        let mut state = loaded.state;
        state.session = Some(crate::annotations::Session::default());
        store.save(&state).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"{ not json");
        // A confirmed change is written, the old bytes are in the backup.
        state.highlights.push(highlight("new"));
        store.save(&state).unwrap();
        assert_eq!(Store::new(dir.path(), "k").load().state.highlights.len(), 1);
        assert_eq!(backups(dir.path()), [b"{ not json".to_vec()]);
    }

    #[test]
    fn one_backup_per_distinct_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        for content in [&b"{ one"[..], b"{ one", b"{ two", b"{ one", b"{ two"] {
            fs::write(&path, content).unwrap();
            Store::new(dir.path(), "k").load();
        }
        assert_eq!(backups(dir.path()), [b"{ one".to_vec(), b"{ two".to_vec()]);
    }

    /// Found by fuzzing (`fuzz/fuzz_targets/store_load.rs`): an array read as a struct carried
    /// a schema past the newer-version check.
    #[test]
    fn a_store_must_be_an_object() {
        assert!(matches!(parse(b"\r[555555555]"), Parsed::Bad(_)));
    }

    #[test]
    fn a_byte_order_mark_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Annotations::default();
        s.highlights.push(highlight("a"));
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(serde_json::to_vec(&s).unwrap());
        fs::write(dir.path().join("k.json"), bytes).unwrap();
        let loaded = Store::new(dir.path(), "k").load();
        assert!(loaded.problem.is_none(), "{:?}", loaded.problem);
        assert_eq!(loaded.state, s);
    }

    #[test]
    fn unknown_fields_are_kept_on_rewrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        let mut s = Annotations::default();
        s.highlights.push(highlight("a"));
        let mut v = serde_json::to_value(&s).unwrap();
        v["future"] = serde_json::json!({"x": [1, 2]});
        v["highlights"][0]["tags"] = serde_json::json!(["war"]);
        v["highlights"][0]["doc"]["page"] = serde_json::json!(12);
        fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
        let mut store = Store::new(dir.path(), "k");
        let mut state = store.load().state;
        state.highlights.push(highlight("b"));
        state.highlights[0].note = "edited".into();
        store.save(&state).unwrap();
        let after: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        assert_eq!(after["future"], serde_json::json!({"x": [1, 2]}));
        assert_eq!(after["highlights"][0]["tags"], serde_json::json!(["war"]));
        assert_eq!(after["highlights"][0]["doc"]["page"], 12);
        assert_eq!(after["highlights"][0]["note"], "edited");
        assert!(after["highlights"][1].get("tags").is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_store_that_is_a_symlink_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let real = elsewhere.path().join("synced.json");
        let store = Store::at(real.clone());
        store.save(&Annotations::default()).unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("k.json")).unwrap();
        let mut store = Store::new(dir.path(), "k");
        let mut state = store.load().state;
        state.highlights.push(highlight("a"));
        store.save(&state).unwrap();
        let link = dir.path().join("k.json");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(Store::at(real).load().state.highlights.len(), 1);
    }

    #[test]
    fn a_store_that_is_not_a_regular_file_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("k.json")).unwrap();
        let mut store = Store::new(dir.path(), "k");
        assert!(store
            .load()
            .problem
            .unwrap()
            .contains("will not be written"));
        let mut state = Annotations::default();
        state.highlights.push(highlight("a"));
        let err = store.save(&state).unwrap_err();
        assert!(matches!(err, StoreError::Unreadable { .. }), "{err}");
        assert!(dir.path().join("k.json").is_dir());
    }

    #[test]
    fn a_recovery_file_is_a_store_export_reads() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path(), "k");
        let mut state = Annotations::default();
        state.highlights.push(highlight("a"));
        let path = store.write_recovery(&state, "Permission denied").unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(RECOVERY_PREFIX), "{name}");
        assert_eq!(read_file(&path).unwrap(), state);
        let _ = fs::remove_file(path);
    }

    #[test]
    fn a_schema_1_file_still_loads_and_gains_content_keys() {
        use crate::corpus::{BlockKind, Document};
        let doc = Document::from_blocks("d", "T", &[(BlockKind::Paragraph, "Some text here.")]);
        let v1 = format!(
            r#"{{"schema": 1, "highlights": [{{"id": "x", "doc": {{"id": "d", "source": "d.txt",
            "hash": "{}"}}, "anchor": {{"quote": "text", "prefix": "Some ", "suffix": " here.",
            "offset": 5}}, "color": 2, "note": "n", "updated": 7}}], "bookmarks": [],
            "session": null, "deleted": []}}"#,
            doc.content_hash
        );
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("k.json"), v1).unwrap();
        let corpus = Corpus {
            documents: vec![doc.clone()],
            warnings: vec![],
        };
        let mut store = Store::new(dir.path(), "k");
        let loaded = store.load_for(&corpus);
        assert!(loaded.problem.is_none(), "{:?}", loaded.problem);
        assert_eq!(loaded.state.highlights[0].doc.key, partial_key(&doc.text));
        store.save(&loaded.state).unwrap();
        let again = Store::new(dir.path(), "k").load().state;
        assert_eq!(again.schema, SCHEMA_VERSION);
        assert_eq!(again.highlights, loaded.state.highlights);
    }

    #[test]
    fn the_same_documents_find_annotations_kept_under_another_corpus() {
        use crate::annotations::{DocRef, Highlight};
        use crate::corpus::{BlockKind, Document};
        let doc = Document::from_blocks("d", "T", &[(BlockKind::Paragraph, "Some text here.")]);
        let other = Document::from_blocks("e", "U", &[(BlockKind::Paragraph, "Else.")]);
        let dir = tempfile::tempdir().unwrap();
        let mut old = Annotations::default();
        for (id, d) in [("mine", &doc), ("theirs", &other)] {
            old.highlights.push(Highlight {
                doc: DocRef::of(d),
                ..highlight(id)
            });
        }
        Store::new(dir.path(), "old-place").save(&old).unwrap();
        let corpus = Corpus {
            documents: vec![doc],
            warnings: vec![],
        };
        let loaded = Store::new(dir.path(), "new-place").load_for(&corpus);
        let ids: Vec<&str> = loaded
            .state
            .highlights
            .iter()
            .map(|h| h.id.as_str())
            .collect();
        assert_eq!(ids, ["mine"]);
        assert_eq!(loaded.adopted, 1);
        // Deleted here: not brought back from the other file.
        let mut state = loaded.state;
        state.remove_highlight("mine");
        let mut store = Store::new(dir.path(), "new-place");
        store.save(&state).unwrap();
        assert!(store.load_for(&corpus).state.highlights.is_empty());
    }

    #[test]
    fn newer_schema_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        let future = br#"{"schema": 99, "highlights": [], "whatever": true}"#;
        fs::write(&path, future).unwrap();
        let mut store = Store::new(dir.path(), "k");
        let loaded = store.load();
        assert!(loaded.problem.unwrap().contains("newer"));
        assert!(store.save(&Annotations::default()).is_err());
        assert_eq!(fs::read(&path).unwrap(), future);
    }

    #[test]
    fn two_stores_saving_keep_both_additions() {
        let dir = tempfile::tempdir().unwrap();
        let a = Store::new(dir.path(), "k");
        let b = Store::new(dir.path(), "k");
        let mut sa = Annotations::default();
        sa.highlights.push(highlight("from-a"));
        let mut sb = Annotations::default();
        sb.highlights.push(highlight("from-b"));
        a.save(&sa).unwrap();
        let merged = b.save(&sb).unwrap();
        assert_eq!(merged.highlights.len(), 2);
        let disk = Store::new(dir.path(), "k").load().state;
        assert_eq!(disk.highlights.len(), 2);
    }

    #[test]
    fn unwritable_directory_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, b"x").unwrap();
        // A data "directory" below a regular file cannot be created.
        let store = Store::new(&blocker.join("sub"), "k");
        let err = store.save(&Annotations::default()).unwrap_err();
        assert!(err.to_string().contains("cannot save annotations"));
    }

    #[test]
    fn keys() {
        assert_eq!(corpus_key(&[]), "seeds");
        let k = corpus_key(&[PathBuf::from("/some/folder")]);
        assert!(k.starts_with("folder-") && k.len() == "folder-".len() + 12);
        assert_eq!(k, corpus_key(&[PathBuf::from("/some/folder")]));
    }

    #[test]
    fn data_dir_precedence() {
        assert_eq!(data_dir(Some(Path::new("/x"))), PathBuf::from("/x"));
    }
}
