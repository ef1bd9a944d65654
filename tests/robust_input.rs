//! Bad input never panics or hangs: each case gives a readable document or one clear message
//! naming the file.

use std::path::PathBuf;
use synoptic::corpus::{load, LoadError};

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn load_one(path: &PathBuf) -> Result<synoptic::corpus::Corpus, LoadError> {
    load(std::slice::from_ref(path))
}

#[test]
fn empty_file_alone_is_an_error_and_in_a_folder_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", b"");
    let err = load_one(&empty).unwrap_err().to_string();
    assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");
    write(dir.path(), "ok.txt", b"Title\n\nText.");
    let c = load_one(&dir.path().to_path_buf()).unwrap();
    assert_eq!(c.documents.len(), 1);
    assert!(
        c.warnings.iter().any(|w| w.contains("empty.txt")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn a_ten_megabyte_single_line_loads() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.txt", "word ".repeat(2_000_000).as_bytes());
    let c = load_one(&big).unwrap();
    assert_eq!(c.documents[0].text.len(), 10_000_000 - 1);
}

#[test]
fn utf16_with_bom_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Titre\r\n\r\nCafé crème — ok.".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let f = write(dir.path(), "u16.txt", &bytes);
    let c = load_one(&f).unwrap();
    assert_eq!(c.documents[0].text, "Titre\n\nCafé crème — ok.");
}

#[test]
fn crlf_and_lone_cr_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "crlf.txt",
        b"Title\r\n\r\nOne paragraph.\r\rAnother one.",
    );
    let c = load_one(&f).unwrap();
    assert_eq!(
        c.documents[0].text,
        "Title\n\nOne paragraph.\n\nAnother one."
    );
}

#[test]
fn scripts_combining_marks_emoji_and_cjk_survive() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "عنوان\n\nمجاهدين خلق — نص عربي.\n\nе́ combining marks, 👩‍👩‍👧 family, 日本語のテキスト。";
    let f = write(dir.path(), "mixed.txt", text.as_bytes());
    let c = load_one(&f).unwrap();
    assert!(c.documents[0].text.contains("👩‍👩‍👧"));
    assert!(c.documents[0].text.contains("日本語のテキスト。"));
    assert!(c.documents[0].text.contains("مجاهدين خلق"));
}

#[test]
fn a_hundred_thousand_note_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let body: String = (1..=100_000)
        .map(|i| format!("{i} Note text number {i}.\n"))
        .collect();
    let f = write(dir.path(), "notes.txt", body.as_bytes());
    let c = load_one(&f).unwrap();
    assert!(!c.documents[0].text.is_empty());
}

#[test]
fn five_thousand_files() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5000 {
        write(
            dir.path(),
            &format!("f{i:04}.txt"),
            format!("Title {i}\n\nBody {i}.").as_bytes(),
        );
    }
    let c = load_one(&dir.path().to_path_buf()).unwrap();
    assert_eq!(c.documents.len(), 5000);
    assert_eq!(c.documents[4999].id, "f4999");
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Title\n\nText.");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let c = load_one(&dir.path().to_path_buf()).unwrap();
    assert_eq!(c.documents.len(), 1);
    assert!(
        c.warnings.iter().any(|w| w.contains("loop")),
        "{:?}",
        c.warnings
    );
}

#[cfg(unix)]
#[test]
fn a_file_gone_between_listing_and_reading_is_skipped() {
    // A dangling link is listed like a file and fails when read, as a deleted file would.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Title\n\nText.");
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("b.txt")).unwrap();
    let c = load_one(&dir.path().to_path_buf()).unwrap();
    assert_eq!(c.documents.len(), 1);
    assert!(
        c.warnings.iter().any(|w| w.contains("b.txt")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn missing_path_names_it() {
    let err = load_one(&PathBuf::from("/definitely/not/here")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "/definitely/not/here: no such file or directory"
    );
}
