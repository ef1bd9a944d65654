//! `synoptic export` end to end: notes made in the reader's state, saved by the store, exported
//! by the binary as Markdown and JSON, to stdout and to a file; a highlight whose source text
//! is gone is exported as an orphan.

use std::path::Path;
use std::process::Command;
use synoptic::align::AlignIndex;
use synoptic::annotations::store::{corpus_key, Store};
use synoptic::app::{update, Action, App};
use synoptic::corpus::{embedded_seeds, load};

fn synoptic(args: &[&str], data: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_synoptic"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .output()
        .expect("the binary runs")
}

/// Highlights the second passage of the first pane in green with a note, sets mark `a`, and
/// saves the notes under `key`.
fn make_notes(app: &mut App, data: &Path, key: &str) -> String {
    update(app, Action::Tick(1_700_000_000_000));
    app.feed("}v2<Enter>c");
    app.feed("why this matters<Enter>");
    app.feed("ma");
    assert_eq!(app.annotations.data.highlights.len(), 1, "{:?}", app.status);
    let store = Store::new(data, key);
    store.save(&app.annotations.data).expect("saved");
    app.annotations.data.highlights[0].anchor.quote.clone()
}

#[test]
fn export_writes_highlights_notes_and_marks_with_citations() {
    let data = tempfile::tempdir().unwrap();
    let corpus = embedded_seeds();
    let index = AlignIndex::build(&corpus);
    let mut app = App::new(corpus, index, 80, 24);
    let quote = make_notes(&mut app, data.path(), "seeds");

    let out = synoptic(&["export"], data.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    let first_words: String = quote
        .split_whitespace()
        .take(5)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(md.contains(&first_words), "the quote:\n{md}");
    assert!(md.contains("why this matters"), "the note:\n{md}");
    assert!(
        md.contains("Mahan Abedin"),
        "the author in the citation:\n{md}"
    );

    let file = data.path().join("notes.json");
    let out = synoptic(
        &[
            "export",
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
        ],
        data.path(),
    );
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "written to the file, not stdout");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let h = &v["highlights"][0];
    assert_eq!(h["quote"], quote.as_str());
    assert_eq!(h["note"], "why this matters");
    assert_eq!(h["color"], "green");
    assert_eq!(h["orphan"], false);
    assert!(h["document"].is_string());
    let b = &v["bookmarks"][0];
    assert!(b["document"].is_string() && b["quote"].is_string(), "{b}");
}

#[test]
fn a_highlight_whose_text_was_deleted_is_exported_as_an_orphan() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("essay.txt");
    std::fs::write(
        &source,
        "An essay\n\nThe first paragraph says little.\n\nThe second paragraph holds the \
         sentence worth keeping. And another one.\n\nThe end.\n",
    )
    .unwrap();
    let paths = vec![source.clone()];
    let corpus = load(&paths).unwrap();
    let index = AlignIndex::build(&corpus);
    let mut app = App::new(corpus, index, 80, 24);
    let key = corpus_key(&paths);
    make_notes(&mut app, data.path(), &key);

    // The source loses the highlighted paragraph.
    std::fs::write(
        &source,
        "An essay\n\nThe first paragraph says little.\n\nThe end.\n",
    )
    .unwrap();
    let out = synoptic(
        &["export", "--format", "json", source.to_str().unwrap()],
        data.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["highlights"][0]["orphan"], true, "{v}");
    assert_eq!(v["highlights"][0]["note"], "why this matters");
    let out = synoptic(&["export", source.to_str().unwrap()], data.path());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.to_lowercase().contains("orphan"), "{md}");
}

/// Issue 20, item 4: annotations follow the documents' content. A corpus folder moved
/// elsewhere, and one of its files opened on its own, still export their highlights.
#[test]
fn a_moved_corpus_and_a_file_opened_on_its_own_find_their_highlights() {
    let data = tempfile::tempdir().unwrap();
    let place = tempfile::tempdir().unwrap();
    let folder = place.path().join("essays");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("essay.txt"),
        "An essay\n\nThe first paragraph says little.\n\nThe second paragraph holds the \
         sentence worth keeping. And another one.\n\nThe end.\n",
    )
    .unwrap();
    let paths = vec![folder.clone()];
    let corpus = load(&paths).unwrap();
    let index = AlignIndex::build(&corpus);
    let mut app = App::new(corpus, index, 80, 24);
    make_notes(&mut app, data.path(), &corpus_key(&paths));

    let moved = place.path().join("moved");
    std::fs::rename(&folder, &moved).unwrap();
    for target in [moved.clone(), moved.join("essay.txt")] {
        let out = synoptic(&["export", target.to_str().unwrap()], data.path());
        let md = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            md.contains("why this matters"),
            "{}:\n{md}",
            target.display()
        );
    }
}

/// Issue 20, item 2: `export --from` reads a recovery file; `--out -` is stdout.
#[test]
fn export_reads_a_recovery_file() {
    let data = tempfile::tempdir().unwrap();
    let corpus = embedded_seeds();
    let index = AlignIndex::build(&corpus);
    let mut app = App::new(corpus, index, 80, 24);
    make_notes(&mut app, data.path(), "elsewhere");
    let recovery = Store::new(data.path(), "elsewhere")
        .write_recovery(&app.annotations.data, "Permission denied")
        .unwrap();
    std::fs::remove_file(data.path().join("elsewhere.json")).unwrap();
    let out = synoptic(
        &["export", "--from", recovery.to_str().unwrap(), "--out", "-"],
        data.path(),
    );
    let _ = std::fs::remove_file(&recovery);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("why this matters"), "{md}");
}
