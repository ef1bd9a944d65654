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

/// The bad inputs of the robustness list, as `(file name, bytes)`.
fn bad_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let mut utf16 = vec![0xFE, 0xFF];
    for u in "Title\n\nBig-endian text.".encode_utf16() {
        utf16.extend_from_slice(&u.to_be_bytes());
    }
    vec![
        ("empty.txt", Vec::new()),
        ("one-line.txt", "word ".repeat(2_000_000).into_bytes()),
        ("binary.txt", vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0xff, 0x00, 0x13]),
        ("invalid.txt", b"Title\n\nCaf\xe9 au lait \xff\xfe end.".to_vec()),
        ("utf16be.txt", utf16),
        ("crlf.md", b"Title\r\n\r\nA paragraph.\r\rAnother.\r".to_vec()),
        (
            "scripts.txt",
            "עברית מימין לשמאל\n\nمجاهدين خلق\u{202e}reversed\u{202c} e\u{301}\u{302}\u{303} 👩‍👩‍👧 漢字かな"
                .as_bytes()
                .to_vec(),
        ),
        (
            "notes.txt",
            (1..=100_000)
                .map(|i| format!("{i} Note text number {i}.\n"))
                .collect::<String>()
                .into_bytes(),
        ),
    ]
}

/// Opens the corpus in the reader's state with its index and draws it at 80x24 and 20x5.
fn open_in_reader(corpus: synoptic::corpus::Corpus) -> String {
    use ratatui::{backend::TestBackend, Terminal};
    let index = synoptic::align::AlignIndex::build(&corpus);
    let mut app = synoptic::app::App::new(corpus, index, 80, 24);
    app.feed("G}{ggjj]f[f/e<Enter>n<Esc>");
    let mut screen = String::new();
    for (w, h) in [(20, 5), (80, 24)] {
        synoptic::app::update(&mut app, synoptic::app::Action::Resize(w, h));
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| f.render_widget(&app, f.area())).unwrap();
        screen = t
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
    }
    screen
}

#[test]
fn every_bad_input_gives_a_readable_pane_or_one_line_naming_it() {
    for (name, bytes) in bad_inputs() {
        // As the only file argument.
        let dir = tempfile::tempdir().unwrap();
        let f = write(dir.path(), name, &bytes);
        match load_one(&f) {
            Ok(corpus) => {
                assert!(!corpus.documents.is_empty(), "{name}");
                let screen = open_in_reader(corpus);
                assert!(screen.contains("READ"), "{name}: the reader's status line");
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.contains(name) && !msg.contains('\n'), "{name}: {msg}");
            }
        }
        // In a folder with a good file: the good one always opens; a skipped one is named.
        write(dir.path(), "good.txt", b"Good\n\nA good file.");
        let corpus = load_one(&dir.path().to_path_buf()).unwrap();
        assert!(corpus.documents.iter().any(|d| d.id == "good"), "{name}");
        let loaded = corpus.documents.iter().any(|d| d.id != "good");
        assert!(
            loaded || corpus.warnings.iter().any(|w| w.contains(name)),
            "{name}: neither loaded nor named in {:?}",
            corpus.warnings
        );
        open_in_reader(corpus);
    }
}

mod properties {
    //! Arbitrary bytes through the whole pipeline (decoding, cleaning, paragraphs, structure,
    //! footnotes, passages): the model's invariants hold, not just "no panic". The same checks
    //! run unbounded in `fuzz/fuzz_targets/parse.rs`.
    use proptest::prelude::*;
    use synoptic::corpus::{parse_files, SourceFile};

    fn bytes() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..600),
            // Text-like bytes: words, marker and note shapes, line ends, odd spaces.
            proptest::collection::vec(
                prop_oneof![
                    "[A-Za-z]{1,9}",
                    "[ \t\r\n]{1,3}",
                    "\\[[0-9]{1,3}\\]|[0-9]{1,3}\\.? |¹²|\\[\\^[0-9]\\]|ibid\\.?",
                    "https?://[a-z.]{1,12}/[a-z-]{0,12}",
                    "\u{feff}|\u{200b}|\u{a0}|\u{ad}|\u{fffd}|\u{202e}|e\u{301}|漢|👍🏽",
                ],
                0..80
            )
            .prop_map(|parts| parts.concat().into_bytes()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn any_bytes_parse_into_a_consistent_model(data in bytes()) {
            let corpus = parse_files(
                vec![SourceFile {
                    path: "prop.txt".into(),
                    relative: "prop.txt".into(),
                    bytes: data,
                }],
                None,
            );
            for doc in &corpus.documents {
                if let Err(e) = doc.check_invariants() {
                    return Err(TestCaseError::fail(e));
                }
            }
            let index = synoptic::align::AlignIndex::build(&corpus);
            for p in &index.passages {
                let text = &corpus.documents[p.doc].text;
                prop_assert!(p.range.end <= text.len() && text.is_char_boundary(p.range.start));
            }
        }
    }
}

/// Each folder's manifest describes its own files (two folders given, or files given one by
/// one from each); a manifest that cannot be read is named in a warning and the files load
/// without it.
#[test]
fn each_folder_s_manifest_describes_its_own_files() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let manifest = |title: &str| {
        format!(
            r#"{{"schema": 1, "documents": [{{"file": "a.txt", "title": "{title}", "author": "Someone"}}]}}"#
        )
    };
    let a1 = write(
        one.path(),
        "a.txt",
        b"First line\n\nSome text of the first folder.",
    );
    write(one.path(), "corpus.json", manifest("Title one").as_bytes());
    let a2 = write(
        two.path(),
        "a.txt",
        b"First line\n\nSome text of the second folder.",
    );
    write(two.path(), "corpus.json", manifest("Title two").as_bytes());
    for paths in [
        vec![one.path().to_path_buf(), two.path().to_path_buf()],
        vec![a1.clone(), a2.clone()],
    ] {
        let c = load(&paths).unwrap();
        let titles: Vec<&str> = c.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Title one", "Title two"], "{paths:?}");
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }
    write(two.path(), "corpus.json", b"{ not json");
    let c = load(&[a1, a2]).unwrap();
    assert_eq!(c.documents[0].title, "Title one");
    assert_eq!(c.documents[1].title, "First line");
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(c.warnings[0].contains("corpus.json"), "{:?}", c.warnings);
}

// ---- issue 20, corpus side: each of these fails (or hangs) on the code before the fix.

/// Issue 20, item 9: a symbolic link inside a corpus folder is not followed while walking (ripgrep's
/// convention); `--follow` follows it; a file named on the command line is read as given.
#[cfg(unix)]
#[test]
fn symlinks_inside_a_folder_are_not_followed_unless_asked() {
    use synoptic::corpus::{load_with, LoadOptions};
    let outside = tempfile::tempdir().unwrap();
    let secret = write(
        outside.path(),
        "secret.txt",
        b"Secret\n\nA private file outside the corpus.",
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Title\n\nText of the corpus.");
    std::os::unix::fs::symlink(&secret, dir.path().join("passwd.txt")).unwrap();
    let c = load_one(&dir.path().to_path_buf()).unwrap();
    assert_eq!(c.documents.len(), 1, "the link is not read");
    assert!(!c.documents.iter().any(|d| d.text.contains("private file")));
    assert!(
        c.warnings
            .iter()
            .any(|w| w.contains("passwd.txt") && w.contains("--follow")),
        "{:?}",
        c.warnings
    );
    let follow = LoadOptions {
        follow: true,
        ..LoadOptions::default()
    };
    let c = load_with(&[dir.path().to_path_buf()], &follow).unwrap();
    assert_eq!(c.documents.len(), 2, "--follow reads it");
    let c = load_one(&dir.path().join("passwd.txt")).unwrap();
    assert!(
        c.documents[0].text.contains("private file"),
        "named: read as given"
    );
    // the binary's flag
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synoptic"))
        .args(["dump", "--follow"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 documents"));
}

/// Issue 20, item 11: a FIFO or a device in a corpus folder does not hang the load: only regular files are
/// read, and files over the size limit are skipped with a warning.
#[cfg(unix)]
#[test]
fn fifos_devices_and_huge_files_are_skipped() {
    use synoptic::corpus::{load_with, LoadOptions};
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Title\n\nText of the corpus.");
    let fifo = dir.path().join("fifo.txt");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.txt")).unwrap();
    let huge = std::fs::File::create(dir.path().join("huge.txt")).unwrap();
    huge.set_len(synoptic::corpus::MAX_FILE_SIZE + 1).unwrap(); // sparse
    let follow = LoadOptions {
        follow: true,
        ..LoadOptions::default()
    };
    let c = load_with(&[dir.path().to_path_buf()], &follow).unwrap();
    assert_eq!(c.documents.len(), 1);
    for name in ["fifo.txt", "zero.txt", "huge.txt"] {
        assert!(
            c.warnings.iter().any(|w| w.contains(name)),
            "{name}: {:?}",
            c.warnings
        );
    }
    assert!(c
        .warnings
        .iter()
        .any(|w| w.contains("huge.txt") && w.contains("limit")));
    // named on the command line, a device is read up to the limit, then refused
    let small = LoadOptions {
        max_size: 1 << 20,
        ..LoadOptions::default()
    };
    let err = load_with(&[PathBuf::from("/dev/zero")], &small).unwrap_err();
    assert!(err.to_string().contains("limit"), "{err}");
}

/// Issue 20, item 13: glued superscripts parse in linear time (`'¹²³' × 50,000` took minutes: every
/// superscript re-read the rest of the run).
#[test]
fn glued_superscripts_parse_in_linear_time() {
    use synoptic::corpus::{parse_files, SourceFile};
    let text = format!("Title\n\nText{}\n", "¹²³".repeat(50_000));
    let c = parse_files(
        vec![SourceFile {
            path: "sup.txt".into(),
            relative: "sup.txt".into(),
            bytes: text.into_bytes(),
        }],
        None,
    );
    assert_eq!(c.documents.len(), 1);
    assert!(
        c.documents[0].markers.is_empty(),
        "a run too long to be a label"
    );
}

/// Issue 20, item 15: a manifest article whose first line is not found: the file loads as one document, and
/// a warning names the line.
#[test]
fn a_manifest_article_not_found_loads_the_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "c.txt",
        b"Collected pieces\n\nThe first piece says something at length.\n\nThe second piece too.",
    );
    write(
        dir.path(),
        "corpus.json",
        br#"{"documents":[{"file":"c.txt","articles":[{"first_line":"No such line here","title":"One"}]}]}"#,
    );
    let c = load_one(&dir.path().to_path_buf()).unwrap();
    assert_eq!(c.documents.len(), 1, "{:?}", c.warnings);
    assert!(c.documents[0].text.contains("The second piece too."));
    assert!(
        c.warnings.iter().any(|w| w.contains("No such line here")),
        "{:?}",
        c.warnings
    );
}
