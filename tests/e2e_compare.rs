//! End-to-end: the reader's pins (`p`) survive a restart and an edit of the source, come
//! first on `a`, and reach `synoptic export --synopsis --format json`.

#![cfg(unix)]

mod common;

use common::pty::Reader;

const A: &str = "River towns\n\n\
The river trade grew quickly in the valley towns after the new bridge opened.\n\n\
The harbour was rebuilt after the great flood of 1903 destroyed the old quay.\n\n\
Grain prices fell sharply when the railway reached the valley.\n";

const B: &str = "A history of the valley\n\n\
Merchants say the valley railway made grain cheap for the first time.\n\n\
After the flood of 1903 the quay and harbour were built again from stone.\n\n\
A bridge opened and river trade in the towns grew.\n";

#[test]
fn a_pin_survives_an_edit_of_the_source_and_reaches_the_synopsis() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), A).unwrap();
    std::fs::write(corpus.join("b.txt"), B).unwrap();
    let dir = corpus.to_str().unwrap();

    let mut r = Reader::start_in_with_args(100, 20, home.path(), &[dir]);
    r.wait_ready();
    r.keys("a");
    r.wait_for("aligned", |s| s.contains("aligned"));
    r.keys("]a");
    r.wait_for("the second candidate", |s| s.contains("#2"));
    r.keys("p");
    r.wait_for("pinned", |s| s.contains("pinned 1 as parallel"));
    let pinned_screen = r.wait_for("the pinned title", |s| {
        s.lines().next().unwrap_or("").contains("pinned")
    });
    assert_eq!(r.quit(), 0);

    // The source of the pinned passage is edited: a paragraph comes first.
    std::fs::write(
        corpus.join("b.txt"),
        B.replacen(
            "\n\n",
            "\n\nA preface the editor added later, about nothing in particular.\n\n",
            1,
        ),
    )
    .unwrap();

    let mut r = Reader::start_in_with_args(100, 20, home.path(), &[dir, "--fresh"]);
    r.wait_ready();
    r.keys("a");
    let screen = r.wait_for("the pin first after an edit", |s| {
        s.lines().next().unwrap_or("").contains("pinned")
    });
    // the same passage is brought and marked as before the edit
    let marked = |s: &str| {
        s.lines()
            .filter_map(|l| l.split_once('│').map(|x| x.1.to_string()))
            .filter(|l| l.starts_with('»'))
            .map(|l| l.trim_start_matches('»').trim().to_string())
            .collect::<Vec<_>>()
    };
    assert!(!marked(&screen).is_empty(), "{screen}");
    assert_eq!(
        marked(&screen),
        marked(&pinned_screen),
        "{pinned_screen}\n---\n{screen}"
    );
    assert_eq!(r.quit(), 0);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synoptic"))
        .args(["export", "--synopsis", "--format", "json", dir])
        .env("SYNOPTIC_DATA_DIR", home.path().join("data"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let topics = json["topics"].as_array().unwrap();
    let pinned = topics
        .iter()
        .find(|t| t["pinned"] == true)
        .expect("a pinned topic");
    assert_eq!(pinned["cells"].as_array().unwrap().len(), 2, "{pinned}");
}
