//! The annotations store on disk: one JSON file per corpus in the data directory.
//!
//! - The data directory is `--data-dir`, else `$SYNOPTIC_DATA_DIR`, else the platform data
//!   directory from `directories` (tests never touch the real one).
//! - Writes are atomic: a temporary file in the same folder, fsync, rename, fsync of the folder.
//! - Saving takes an exclusive lock ([`File::lock`], released by the system if the process
//!   dies), re-reads what another instance may have saved, merges
//!   ([`Annotations::merge`]) and writes the union, so two instances lose nothing.
//! - An unreadable file or one from a newer schema is left in place, copied to a timestamped
//!   backup and reported; a newer-schema file is never overwritten.

use crate::annotations::{Annotations, SCHEMA_VERSION};
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "SYNOPTIC_DATA_DIR";

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

/// A stable identifier of a corpus: `seeds` for the bundled one, else a readable name plus a
/// hash of the canonical paths it was opened from.
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
    /// A problem to show in the status line (a backup was made, or the file is read-only).
    pub problem: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    /// Set when the file on disk must not be overwritten (newer schema).
    read_only: bool,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

enum Disk {
    Missing,
    Good(Annotations),
    Newer(u32),
    Bad(String),
}

fn read_disk(path: &Path) -> Disk {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Disk::Missing,
        Err(e) => return Disk::Bad(e.to_string()),
    };
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => return Disk::Bad(e.to_string()),
    };
    let schema = value.get("schema").and_then(|s| s.as_u64()).unwrap_or(0) as u32;
    if schema > SCHEMA_VERSION {
        return Disk::Newer(schema);
    }
    match serde_json::from_value::<Annotations>(value) {
        Ok(s) => Disk::Good(s),
        Err(e) => Disk::Bad(e.to_string()),
    }
}

impl Store {
    pub fn new(data_dir: &Path, corpus_key: &str) -> Store {
        Store {
            path: data_dir.join(format!("{corpus_key}.json")),
            read_only: false,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn backup(&self) -> Option<PathBuf> {
        let backup = self.path.with_extension(format!("json.bak-{}", now_secs()));
        fs::copy(&self.path, &backup).ok().map(|_| backup)
    }

    /// Reads the state; never fails: problems are reported and an empty state returned.
    pub fn load(&mut self) -> Loaded {
        match read_disk(&self.path) {
            Disk::Missing => Loaded {
                state: Annotations::default(),
                problem: None,
            },
            Disk::Good(state) => Loaded {
                state,
                problem: None,
            },
            Disk::Newer(v) => {
                self.read_only = true;
                let backup = self.backup();
                Loaded {
                    state: Annotations::default(),
                    problem: Some(format!(
                        "{} has schema {v}, newer than this synoptic's {SCHEMA_VERSION}: left untouched{}; changes will not be saved",
                        self.path.display(),
                        backup.map(|b| format!(", copied to {}", b.display())).unwrap_or_default()
                    )),
                }
            }
            Disk::Bad(why) => {
                let backup = self.backup();
                Loaded {
                    state: Annotations::default(),
                    problem: Some(format!(
                        "{} is unreadable ({why}); {}",
                        self.path.display(),
                        backup
                            .map(|b| format!("copied to {}", b.display()))
                            .unwrap_or_else(|| "no backup could be made".into())
                    )),
                }
            }
        }
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
        let merged = match read_disk(&self.path) {
            Disk::Good(disk) => state.merge(&disk),
            Disk::Newer(_) => return Err(StoreError::NewerVersion(self.path.clone())),
            Disk::Missing | Disk::Bad(_) => state.clone(),
        };
        let json = serde_json::to_vec_pretty(&merged).expect("annotations serialize");
        write_atomic(&self.path, &json).map_err(io)?;
        Ok(merged)
    }
}

/// Writes `bytes` to `path` so that a crash at any moment leaves either the old or the new file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
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

    #[test]
    fn corrupt_file_is_backed_up_and_left_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        fs::write(&path, b"{ not json").unwrap();
        let loaded = Store::new(dir.path(), "k").load();
        assert!(loaded.problem.unwrap().contains("unreadable"));
        assert_eq!(fs::read(&path).unwrap(), b"{ not json");
        let backups = fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains(".bak-")
            })
            .count();
        assert_eq!(backups, 1);
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
