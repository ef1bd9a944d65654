//! End-to-end: the corpus loads in stages (issue 25). The first frame is drawn before the
//! last file of a large corpus is parsed — by the reader's own event order (its event log,
//! `SYNOPTIC_EVENT_LOG`), not a clock — and the rest arrives without moving what is shown:
//! a session on a late document, a file that fails later, quitting while loading.

#![cfg(unix)]

mod common;

use common::pty::{assert_terminal_restored, wait_exit, Reader};
use std::path::Path;

/// `n` files `f0000.txt`…, each a title and a few paragraphs of its own.
fn generate(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let mut text = format!("Document number {i}\n\n");
        for p in 0..6 {
            text.push_str(&format!(
                "Paragraph {p} of document {i} speaks of river {} and of the town {} by it.\n\n",
                i * 7 + p,
                i * 13 + p
            ));
        }
        std::fs::write(dir.join(format!("f{i:04}.txt")), text).unwrap();
    }
}

fn events(home: &Path) -> Vec<String> {
    std::fs::read_to_string(home.join("events"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn start(home: &Path, corpus: &Path, extra: &[&str]) -> Reader {
    let log = home.join("events");
    let mut args = vec![corpus.to_str().unwrap()];
    args.extend_from_slice(extra);
    Reader::spawn(
        100,
        30,
        home,
        &args,
        &[("SYNOPTIC_EVENT_LOG", log.to_str().unwrap())],
    )
}

#[test]
fn the_first_frame_is_drawn_before_the_last_document_is_parsed() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("corpus");
    generate(&corpus, 600);
    let mut r = start(home.path(), &corpus, &[]);
    r.wait_ready();
    // every document is in: the picker lists them all and says nothing of loading
    r.keys("o");
    let picker = r.wait_for("the picker", |s| s.contains("of 600 documents"));
    assert!(!picker.contains("loading"), "{picker}");
    r.keys("\x1b");
    assert_eq!(r.quit(), 0);
    let log = events(home.path());
    let first_frame = log.iter().position(|e| e == "frame").expect("a frame");
    let last = format!("parsed {}", corpus.join("f0599.txt").display());
    let last_parsed = log
        .iter()
        .position(|e| *e == last)
        .expect("the last file parsed");
    assert!(
        first_frame < last_parsed,
        "first frame at event {first_frame}, last file parsed at {last_parsed}"
    );
    // each file is parsed once, those of the first screen before the first frame
    assert_eq!(log.iter().filter(|e| e.starts_with("parsed ")).count(), 600);
    let before: Vec<&String> = log[..first_frame].iter().collect();
    assert!(before.len() < 10, "{before:?}");
    assert!(
        before.iter().any(|e| e.ends_with("f0000.txt")),
        "{before:?}"
    );
}

#[test]
fn a_session_on_a_late_document_opens_first_and_stays_put() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("corpus");
    generate(&corpus, 400);
    let mut r = start(home.path(), &corpus, &[]);
    r.wait_ready();
    r.keys("o");
    r.wait_for("the picker", |s| s.contains("of 400 documents"));
    r.keys("f0333\r");
    r.wait_for("the late document", |s| s.contains("Document number 333"));
    r.keys("jjj");
    let before = r.wait_for("moved", |s| s.contains("Document number 333"));
    assert_eq!(r.quit(), 0);
    std::fs::remove_file(home.path().join("events")).unwrap();

    let mut r = start(home.path(), &corpus, &[]);
    let after = r.wait_ready();
    let text = |s: &str| {
        common::pty::without_status(s)
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(text(&after), text(&before));
    assert_eq!(r.quit(), 0);
    let log = events(home.path());
    let first_frame = log.iter().position(|e| e == "frame").unwrap();
    // the session's file came first, before the first frame
    assert!(
        log[..first_frame].iter().any(|e| e.ends_with("f0333.txt")),
        "{:?}",
        &log[..first_frame]
    );
}

#[test]
fn a_file_that_fails_later_is_a_warning_and_quitting_while_loading_saves() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("corpus");
    generate(&corpus, 300);
    std::fs::write(corpus.join("zz.txt"), b"binary\0data\0here").unwrap();
    let mut r = start(home.path(), &corpus, &[]);
    r.wait_for("the warning", |s| {
        s.contains("zz.txt: binary file, skipped")
    });
    assert_eq!(r.quit(), 0);
    assert_terminal_restored(&r);
    let after = r.screen();
    assert!(
        after.contains("synoptic: warning:") && after.contains("zz.txt: binary file, skipped"),
        "{after}"
    );

    // quit at once: whether the rest is loaded or not, the reader exits, restores the
    // terminal and saves its session
    let mut r = start(home.path(), &corpus, &["--fresh"]);
    r.wait_for("the first screen", |s| s.contains("READ"));
    r.keys("q");
    assert_eq!(wait_exit(&mut r), 0);
    assert_terminal_restored(&r);
    let saved = std::fs::read_dir(home.path().join("data"))
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|s| s.contains("\"f0000\"")));
    assert!(saved, "no session saved");
}
