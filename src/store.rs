//! The notes store on disk: one JSON file per corpus in the data directory.
//!
//! - The data directory is `--data-dir`, else `$SYNOPTIC_DATA_DIR`, else the platform data
//!   directory from `directories` (tests never touch the real one).
//! - Writes are atomic: a temporary file in the same folder, fsync, rename, fsync of the folder.
//! - Saving takes a lock file, re-reads what another instance may have saved, merges
//!   ([`NotesState::merge`]) and writes the union, so two instances lose nothing.
//! - An unreadable file or one from a newer schema is left in place, copied to a timestamped
//!   backup and reported; a newer-schema file is never overwritten.

use crate::notes::{NotesState, SCHEMA_VERSION};
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "SYNOPTIC_DATA_DIR";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot save notes to {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("notes not saved: {0} is from a newer synoptic and is kept as it is")]
    NewerVersion(PathBuf),
    #[error("notes not saved: {0} is locked by another synoptic")]
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
    pub state: NotesState,
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
    Good(NotesState),
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
    match serde_json::from_value::<NotesState>(value) {
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
                state: NotesState::default(),
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
                    state: NotesState::default(),
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
                    state: NotesState::default(),
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
    pub fn save(&self, state: &NotesState) -> Result<NotesState, StoreError> {
        if self.read_only {
            return Err(StoreError::NewerVersion(self.path.clone()));
        }
        let io = |source| StoreError::Io {
            path: self.path.clone(),
            source,
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(io)?;
        let _lock =
            Lock::acquire(&self.path.with_extension("json.lock")).map_err(|e| match e.kind() {
                std::io::ErrorKind::WouldBlock => StoreError::Locked(self.path.clone()),
                _ => io(e),
            })?;
        let merged = match read_disk(&self.path) {
            Disk::Good(disk) => state.merge(&disk),
            Disk::Newer(_) => return Err(StoreError::NewerVersion(self.path.clone())),
            Disk::Missing | Disk::Bad(_) => state.clone(),
        };
        let json = serde_json::to_vec_pretty(&merged).expect("notes serialize");
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

/// A lock file held while saving; a lock older than [`STALE_LOCK`] (a killed process) is broken.
struct Lock {
    path: PathBuf,
}

const STALE_LOCK: Duration = Duration::from_secs(10);

impl Lock {
    fn acquire(path: &Path) -> std::io::Result<Lock> {
        let deadline = SystemTime::now() + Duration::from_secs(3);
        loop {
            match OpenOptions::new().write(true).create_new(true).open(path) {
                Ok(mut f) => {
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(Lock {
                        path: path.to_path_buf(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let stale = holder_is_gone(path)
                        || fs::metadata(path)
                            .and_then(|m| m.modified())
                            .ok()
                            .and_then(|t| t.elapsed().ok())
                            .is_some_and(|age| age > STALE_LOCK);
                    if stale {
                        let _ = fs::remove_file(path);
                        continue;
                    }
                    if SystemTime::now() > deadline {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::WouldBlock,
                            "locked",
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// Whether the process that wrote the lock file no longer exists (Linux: no `/proc/<pid>`), as
/// after a SIGKILL in the middle of a save.
fn holder_is_gone(lock: &Path) -> bool {
    let Ok(text) = fs::read_to_string(lock) else {
        return false;
    };
    let Ok(pid) = text.trim().parse::<u32>() else {
        return false;
    };
    Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Highlight;

    fn highlight(id: &str) -> Highlight {
        crate::notes::sample_highlight(id, 1, "")
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::new(dir.path(), "k");
        assert!(store.load().state.highlights.is_empty());
        let mut s = NotesState::default();
        s.highlights.push(highlight("a"));
        store.save(&s).unwrap();
        let loaded = Store::new(dir.path(), "k").load();
        assert_eq!(loaded.state, s);
        assert!(loaded.problem.is_none());
        // No temporary or lock files are left behind.
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["k.json"]);
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
        assert!(store.save(&NotesState::default()).is_err());
        assert_eq!(fs::read(&path).unwrap(), future);
    }

    #[test]
    fn two_stores_saving_keep_both_additions() {
        let dir = tempfile::tempdir().unwrap();
        let a = Store::new(dir.path(), "k");
        let b = Store::new(dir.path(), "k");
        let mut sa = NotesState::default();
        sa.highlights.push(highlight("from-a"));
        let mut sb = NotesState::default();
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
        let err = store.save(&NotesState::default()).unwrap_err();
        assert!(err.to_string().contains("cannot save notes"));
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
