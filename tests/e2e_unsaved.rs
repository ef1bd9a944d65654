//! Issue 20, item 2, in a real terminal: annotations that cannot be saved are not dropped on
//! quit. The first `q` says what is unsaved and where it tried to write; the second quits and
//! the annotations go to a recovery file that stderr names and `synoptic export --from` reads.

#![cfg(unix)]

mod common;

use common::pty::{wait_exit, Reader};

#[test]
fn unsaved_annotations_ask_before_quitting_and_go_to_a_recovery_file() {
    let home = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    // A data "directory" below a regular file can never be created: every save fails.
    let blocker = home.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let data = blocker.join("data");
    let env = [
        ("SYNOPTIC_DATA_DIR", data.to_str().unwrap()),
        ("TMPDIR", tmp.path().to_str().unwrap()),
    ];
    let mut r = Reader::spawn(160, 24, home.path(), &[], &env);
    r.wait_ready();
    r.keys("}");
    r.wait_for("cursor passage", |s| s.contains("▌"));
    r.keys("v\r");
    r.wait_for("the failed save", |s| s.contains("annotations not saved!"));
    r.keys("q");
    let screen = r.wait_for("the question", |s| s.contains("1 highlight not saved"));
    assert!(screen.contains("not-a-folder"), "{screen}");
    r.keys("q");
    assert_eq!(wait_exit(&mut r), 0);
    let recovered: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("synoptic-recovery-"))
        .collect();
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    let screen = r.screen();
    let name = recovered[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        screen.replace('\n', "").contains(&name),
        "stderr names the recovery file:\n{screen}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synoptic"))
        .args(["export", "--format", "json", "--from"])
        .arg(&recovered[0])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["highlights"].as_array().unwrap().len(), 1, "{v}");
}
