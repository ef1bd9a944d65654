//! `synoptic dump` end to end: the JSON contract and bad input.

use std::path::Path;
use std::process::Command;

mod common;

use common::cli::synoptic;

#[test]
fn dump_json_has_the_fields_scripts_rely_on() {
    let out = synoptic(&["dump", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 14);
    for d in docs {
        for key in [
            "id", "title", "author", "date", "source", "format", "blocks", "markers", "notes",
        ] {
            assert!(d.get(key).is_some(), "missing {key}");
        }
        for b in d["blocks"].as_array().unwrap() {
            let kind = b["kind"].as_str().unwrap();
            assert!(["title", "heading", "paragraph", "note", "boilerplate"].contains(&kind));
            assert!(b["text"].is_string());
        }
        let text: String = d["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["text"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("\n\n");
        for m in d["markers"].as_array().unwrap() {
            let offset = m["offset"].as_u64().unwrap() as usize;
            let label = m["label"].as_str().unwrap();
            assert!(text[offset..].trim_start_matches('[').starts_with(label));
            let note = m["note"].as_u64().unwrap() as usize;
            assert_eq!(d["notes"][note]["label"], label);
        }
        for n in d["notes"].as_array().unwrap() {
            assert!(n["ibid_of"].is_null() || n["ibid_of"].is_u64());
        }
    }
    assert!(v["warnings"].is_array());
}

#[test]
fn dump_summary_counts_markers() {
    let out = synoptic(&["dump"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("14 documents; 47 markers, 47 linked, 0 unlinked"),
        "{text}"
    );
}

fn assert_one_line_error(out: &std::process::Output, needle: &str) {
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(needle), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn bad_paths_give_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    assert_one_line_error(
        &synoptic(&["dump", missing.to_str().unwrap()]),
        "nope: no such file",
    );

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_one_line_error(
        &synoptic(&["dump", empty.to_str().unwrap()]),
        "no readable .txt, .md, .html, .epub or .pdf files",
    );

    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("a.pdf"), b"%PDF").unwrap();
    assert_one_line_error(
        &synoptic(&["dump", other.to_str().unwrap()]),
        "no readable .txt, .md, .html, .epub or .pdf files",
    );

    let binary = dir.path().join("bin.txt");
    std::fs::write(&binary, b"\x7fELF\x00\x00\x01").unwrap();
    assert_one_line_error(&synoptic(&["dump", binary.to_str().unwrap()]), "bin.txt");

    let empty_file = dir.path().join("empty.txt");
    std::fs::write(&empty_file, b"").unwrap();
    assert_one_line_error(
        &synoptic(&["dump", empty_file.to_str().unwrap()]),
        "empty.txt",
    );
}

#[test]
fn binary_file_in_a_folder_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Title\n\nSome text here.").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"\x00\x01\x02binary").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(
        dir.path().join("sub/c.md"),
        "Other\n\nMore [text](http://x.org).",
    )
    .unwrap();
    let out = synoptic(&["dump", "--json", dir.path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "sub/c"]);
    let warnings = v["warnings"].to_string();
    assert!(
        warnings.contains("b.txt") && warnings.contains("binary"),
        "{warnings}"
    );
    assert_eq!(v["documents"][1]["blocks"][1]["text"], "More text.");
}

#[test]
fn invalid_utf8_loads_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("latin1.txt");
    std::fs::write(&f, b"Caf\xe9\n\nA paragraph of text.").unwrap();
    let out = synoptic(&["dump", "--json", f.to_str().unwrap()]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["title"], "Caf\u{FFFD}");
    assert!(v["warnings"][0].as_str().unwrap().contains("latin1.txt"));
}

/// `synoptic align` writes as it goes: a reader that stops early (`| head`) ends it cleanly,
/// and what came first is already valid output.
#[test]
fn align_streams_and_a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_synoptic"))
        .args(["align", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut head)
        .unwrap();
    assert!(head.starts_with(b"{\"documents\":[{"), "{head:?}");
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The reader without a terminal (a script, a pipe, cron) says so in one line instead of
/// failing on the first terminal call.
#[test]
fn the_reader_without_a_terminal_says_so() {
    let out = Command::new(env!("CARGO_BIN_EXE_synoptic"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(out.stdout.is_empty());
}

/// The "must show": a folder with one file of each format.
#[test]
fn dump_json_on_a_folder_of_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/formats");
    for name in ["camp.md", "camp.html", "camp.epub", "camp.pdf"] {
        let ext = name.rsplit('.').next().unwrap();
        std::fs::copy(fixtures.join(name), dir.path().join(format!("{ext}.{ext}"))).unwrap();
    }
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_cf9d9bd069e4b9c2.txt"),
        dir.path().join("txt.txt"),
    )
    .unwrap();
    let out = synoptic(&["dump", "--json", dir.path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    let formats: Vec<&str> = docs.iter().map(|d| d["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["epub", "html", "markdown", "pdf", "txt"]);
    for d in docs {
        let format = d["format"].as_str().unwrap();
        assert_eq!(
            d["title"], "Iranian oppositionists in Iraq face up to a troubled future",
            "{format}"
        );
        if format != "txt" {
            assert_eq!(d["author"], "Mahan Abedin", "{format}");
        }
        let blocks = d["blocks"].as_array().unwrap();
        let of_kind = |k: &str| -> Vec<&str> {
            blocks
                .iter()
                .filter(|b| b["kind"] == k)
                .map(|b| b["text"].as_str().unwrap())
                .collect()
        };
        assert!(
            of_kind("heading").contains(&"Origins and history"),
            "{format}: {:?}",
            of_kind("heading")
        );
        for p in of_kind("paragraph") {
            for furniture in [
                "cookies",
                "About us",
                "Copyright",
                "Share on",
                "MEK report -",
            ] {
                assert!(!p.contains(furniture), "{format}: {furniture:?} in {p:?}");
            }
        }
        let markers = d["markers"].as_array().unwrap();
        assert!(!markers.is_empty(), "{format}: footnotes");
        assert!(
            markers.iter().all(|m| m["note"].is_number()),
            "{format}: {markers:?}"
        );
    }
}
