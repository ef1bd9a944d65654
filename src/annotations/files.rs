//! Writing the reader's files safely: the store, exports, backups and recovery files.
//!
//! - A regular file (or a missing one) is replaced atomically: the bytes go to a temporary
//!   file created exclusively (`O_CREAT|O_EXCL`, never through a planted symlink) under an
//!   unpredictable name in the same folder ([`tempfile::NamedTempFile`]), are synced, and the
//!   file is renamed over the target; then the folder is synced. A crash at any moment leaves
//!   the old file or the new one.
//! - A target that is a symlink is written through: the file it points to is replaced, the
//!   link stays.
//! - A target that is not a regular file (a terminal, a FIFO, a device) is written in place,
//!   never replaced: `export --out /dev/full` reports the full device instead of turning it
//!   into a regular file.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Random characters in a temporary file's name (62 possible each: 62^10 names).
pub const TEMP_NAME_CHARS: usize = 10;

/// Writes `bytes` to `path` as the module says.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_in(path, bytes, TEMP_NAME_CHARS)
}

/// [`write_atomic`] with `random_chars` random characters in the temporary name: tests use
/// 1 (62 possible names) to plant a symlink at every name the code can choose.
#[doc(hidden)]
pub fn write_atomic_in(path: &Path, bytes: &[u8], random_chars: usize) -> io::Result<()> {
    let target = through_links(path)?;
    let existing = match fs::metadata(&target) {
        Ok(m) if m.is_dir() => {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            ))
        }
        Ok(m) if !m.is_file() => return write_in_place(&target, bytes),
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut prefix = OsString::from(".");
    prefix.push(target.file_name().unwrap_or_default());
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(".tmp")
        .rand_bytes(random_chars);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The target's mode, or what a new file gets (0666 less the umask).
        let mode = existing.map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = existing;
    let mut tmp = builder.tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The file a chain of symlinks ends at (the path itself when it is not a link or does not
/// exist). Only the last component is resolved: folders are followed by the system.
fn through_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(parent) if to.is_relative() => parent.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Writes to a terminal, FIFO or device as it is (no temporary file, no rename).
fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = OpenOptions::new().write(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// Writes `bytes` to `path`, which must not exist yet (a backup): never replaces a file and
/// never writes through a link planted at `path`.
pub fn write_exclusive(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".backup.")
        .suffix(".tmp")
        .rand_bytes(TEMP_NAME_CHARS)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `bytes` to a new file `<prefix><random>.json` in the first of `dirs` where that
/// works (created exclusively, mode 0600) and returns its path.
pub fn write_new(dirs: &[PathBuf], prefix: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    let mut last = io::Error::other("no folder to write to");
    for dir in dirs {
        let mut builder = tempfile::Builder::new();
        builder.prefix(prefix).suffix(".json").rand_bytes(8);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o600));
        }
        let attempt = (|| {
            let mut tmp = builder.tempfile_in(dir)?;
            tmp.write_all(bytes)?;
            tmp.as_file().sync_all()?;
            let (_, path) = tmp.keep().map_err(|e| e.error)?;
            Ok(path)
        })();
        match attempt {
            Ok(path) => return Ok(path),
            Err(e) => last = e,
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_regular_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_target_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn the_mode_of_the_target_is_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_folder_is_not_a_target() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(dir.path(), b"x").is_err());
    }

    #[test]
    fn new_files_fall_back_to_the_next_folder() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let path = write_new(&[missing, dir.path().to_path_buf()], "r-", b"{}").unwrap();
        assert_eq!(path.parent().unwrap(), dir.path());
        assert_eq!(fs::read(&path).unwrap(), b"{}");
    }
}
