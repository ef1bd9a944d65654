//! The notes store under faults: a writer killed with SIGKILL in the middle of saving, again and
//! again, and two processes saving at once. The child processes are this test binary itself,
//! re-run with `STORE_CHILD` set (see `child_writer`).

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use synoptic::annotations::anchor::Anchor;
use synoptic::annotations::store::Store;
use synoptic::annotations::{Annotations, DocRef, Highlight};

fn highlight(id: String) -> Highlight {
    Highlight {
        doc: DocRef {
            id: "doc".into(),
            source: "doc.txt".into(),
            hash: "0".repeat(64),
        },
        anchor: Anchor {
            quote: format!("quoted text of {id}"),
            prefix: "some context before ".repeat(2),
            suffix: " and some after".repeat(2),
            offset: 1234,
        },
        color: 3,
        note: "a note that makes the file a little bigger ".repeat(3),
        updated: 1,
        id,
    }
}

/// Child mode: add highlights `<prefix>-0`, `<prefix>-1`, … saving after each, and print
/// `confirmed <id>` once a save returned.
#[test]
fn child_writer() {
    let Ok(dir) = std::env::var("STORE_CHILD") else {
        return;
    };
    let prefix = std::env::var("STORE_PREFIX").unwrap();
    let count: usize = std::env::var("STORE_COUNT").unwrap().parse().unwrap();
    let store = Store::new(std::path::Path::new(&dir), "k");
    let mut state = Annotations::default();
    for i in 0..count {
        state.highlights.push(highlight(format!("{prefix}-{i}")));
        state = store.save(&state).expect("save");
        println!("confirmed {prefix}-{i}");
    }
}

fn spawn_child(dir: &std::path::Path, prefix: &str, count: usize) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_writer", "--nocapture", "--test-threads=1"])
        .env("STORE_CHILD", dir)
        .env("STORE_PREFIX", prefix)
        .env("STORE_COUNT", count.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn sigkill_while_saving_never_loses_a_confirmed_item() {
    let dir = tempfile::tempdir().unwrap();
    let mut confirmed: Vec<String> = Vec::new();
    for round in 0..100 {
        let mut child = spawn_child(dir.path(), &format!("r{round}"), 1_000_000);
        let stdout = child.stdout.take().unwrap();
        // Kill after a varying number of confirmed saves (0–4), i.e. at varying moments of a
        // save: the next save is always under way when the signal lands.
        let wanted = round % 5;
        let mut lines = BufReader::new(stdout).lines();
        let mut seen = 0;
        let deadline = Instant::now() + Duration::from_secs(20);
        while seen < wanted && Instant::now() < deadline {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(id) = line.strip_prefix("confirmed ") {
                        confirmed.push(id.to_string());
                        seen += 1;
                    }
                }
                _ => break,
            }
        }
        std::thread::sleep(Duration::from_micros(300 * (round as u64 % 7)));
        child.kill().unwrap(); // SIGKILL
                               // Lines printed before the kill also count as confirmed.
        for line in lines.map_while(Result::ok) {
            if let Some(id) = line.strip_prefix("confirmed ") {
                confirmed.push(id.to_string());
            }
        }
        let _ = child.wait();
        let loaded = Store::new(dir.path(), "k").load();
        assert!(
            loaded.problem.is_none(),
            "round {round}: {:?}",
            loaded.problem
        );
        let on_disk: std::collections::HashSet<&str> = loaded
            .state
            .highlights
            .iter()
            .map(|h| h.id.as_str())
            .collect();
        for id in &confirmed {
            assert!(on_disk.contains(id.as_str()), "round {round}: lost {id}");
        }
    }
    assert!(
        confirmed.len() >= 150,
        "only {} saves confirmed",
        confirmed.len()
    );
}

#[test]
fn two_processes_saving_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = spawn_child(dir.path(), "a", 40);
    let b = spawn_child(dir.path(), "b", 40);
    for mut child in [a, b] {
        let status = child.wait().unwrap();
        assert!(status.success());
    }
    let state = Store::new(dir.path(), "k").load().state;
    let ids: std::collections::HashSet<&str> =
        state.highlights.iter().map(|h| h.id.as_str()).collect();
    for p in ["a", "b"] {
        for i in 0..40 {
            assert!(ids.contains(format!("{p}-{i}").as_str()), "lost {p}-{i}");
        }
    }
}
