//! Issue 20, item 7: writing an export (and the store, which writes the same way) never
//! follows a planted symlink, and never replaces what is not a regular file.
//!
//! "Every temporary name": the code names its temporary file `.<target>.<random>.tmp` and
//! creates it with `O_CREAT|O_EXCL` (tempfile's `NamedTempFile`), which refuses any existing
//! path, a symlink included, and then draws another name. With the production 10 random
//! characters there are 62^10 names, too many to plant; [`write_atomic_in`] is the same code
//! with the number of random characters as a parameter, so the test shrinks the name space to
//! 1 character — 62 names — and plants a symlink at every one of them.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{symlink, FileTypeExt, OpenOptionsExt};
use std::path::Path;
use synoptic::annotations::files::{write_atomic, write_atomic_in};

const ALPHANUMERIC: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn plant_everywhere(dir: &Path, target: &str, victim: &Path) -> Vec<std::path::PathBuf> {
    ALPHANUMERIC
        .chars()
        .map(|c| {
            let link = dir.join(format!(".{target}.{c}.tmp"));
            symlink(victim, &link).unwrap();
            link
        })
        .collect()
}

#[test]
fn a_symlink_at_every_temporary_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let victim_dir = tempfile::tempdir().unwrap();
    let victim = victim_dir.path().join("precious");
    fs::write(&victim, "precious").unwrap();
    let out = dir.path().join("notes.md");
    let links = plant_everywhere(dir.path(), "notes.md", &victim);

    // Every name is taken by a link: the write fails, nothing is written through a link.
    let err = write_atomic_in(&out, b"export", 1).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists, "{err}");
    assert_eq!(fs::read(&victim).unwrap(), b"precious");
    assert!(!out.exists());

    // One name free: the write takes it, and the 61 links still point at the untouched victim.
    fs::remove_file(&links[17]).unwrap();
    write_atomic_in(&out, b"export", 1).unwrap();
    assert_eq!(fs::read(&out).unwrap(), b"export");
    assert_eq!(fs::read(&victim).unwrap(), b"precious");
    for link in links.iter().filter(|l| **l != links[17]) {
        assert!(fs::symlink_metadata(link).unwrap().file_type().is_symlink());
    }
    assert!(!links[17].exists(), "the temporary name was renamed away");
}

/// The names the code used to choose (`.<target>.tmp-<pid>`) are not followed either.
#[test]
fn a_symlink_at_the_old_predictable_name_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, "precious").unwrap();
    let out = dir.path().join("notes.md");
    symlink(
        &victim,
        dir.path()
            .join(format!(".notes.md.tmp-{}", std::process::id())),
    )
    .unwrap();
    write_atomic(&out, b"export").unwrap();
    assert_eq!(fs::read(&victim).unwrap(), b"precious");
    assert_eq!(fs::read(&out).unwrap(), b"export");
}

/// A FIFO (like a terminal or a device) is written in place, not replaced by a regular file.
#[test]
fn a_fifo_target_is_written_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // A reader that does not block, so that the write finds one.
    let mut reader = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo)
        .unwrap();
    write_atomic(&fifo, b"through the pipe").unwrap();
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    let mut got = String::new();
    std::io::Read::read_to_string(&mut reader, &mut got).unwrap();
    assert_eq!(got, "through the pipe");
}
