//! Progress of long headless commands: drawn on stderr only when it is a terminal, so a
//! script that captures stderr gets nothing from it.

mod common;

use common::cli::synoptic;

const FILES: [&str; 2] = ["tests/data/ruth_akjv.txt", "tests/data/esther_akjv.txt"];

#[test]
fn align_json_writes_nothing_on_stderr_when_it_is_not_a_terminal() {
    let out = synoptic(&["align", "--json", FILES[0], FILES[1]]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!v["matches"].as_array().unwrap().is_empty());
}

#[test]
fn dump_and_conflicts_write_nothing_on_stderr_when_it_is_not_a_terminal() {
    for command in ["dump", "conflicts"] {
        let out = synoptic(&[command, "--json", FILES[0], FILES[1]]);
        assert!(out.status.success(), "{command}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{command}");
    }
}
