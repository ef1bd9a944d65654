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
            key: String::new(),
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

/// Child mode for [`an_unreadable_store_is_never_written`]: loads the store in
/// `STORE_UNREADABLE`, tries to save one more highlight, keeps it in a recovery file.
#[test]
fn child_unreadable() {
    let Ok(dir) = std::env::var("STORE_UNREADABLE") else {
        return;
    };
    unreadable_store_round(std::path::Path::new(&dir));
}

fn unreadable_store_round(dir: &std::path::Path) {
    let mut store = Store::new(dir, "k");
    let loaded = store.load();
    println!("problem {}", loaded.problem.unwrap_or_default());
    let mut state = loaded.state;
    state.highlights.push(highlight("new".into()));
    match store.save(&state) {
        Ok(_) => println!("written"),
        Err(e) => println!("refused {e}"),
    }
    let recovery = store.write_recovery(&state, "test").unwrap();
    let kept = synoptic::annotations::store::read_file(&recovery).unwrap();
    println!("recovered {}", kept.highlights.len());
    let _ = std::fs::remove_file(recovery);
}

/// Issue 20, item 1: a store the reader cannot read (another user's file, mode 600, in a
/// folder the reader can write) is never written, and the change is kept aside. As root
/// (where permissions do not stop reads) the round runs as `nobody` through `setpriv`.
#[test]
fn an_unreadable_store_is_never_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut six = Annotations::default();
    for i in 0..6 {
        six.highlights.push(highlight(format!("old-{i}")));
    }
    Store::new(dir.path(), "k").save(&six).unwrap();
    let path = dir.path().join("k.json");
    let before = std::fs::read(&path).unwrap();
    // The lock file is shared: the other user may take it.
    let lock = dir.path().join("k.json.lock");
    std::fs::set_permissions(&lock, std::fs::Permissions::from_mode(0o666)).unwrap();
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let out = if root {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "child_unreadable",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("STORE_UNREADABLE", dir.path())
            .output()
            .expect("setpriv runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    } else {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        unreadable_store_round(dir.path());
        "refused is unreadable recovered 1".to_string()
    };
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before, "{out}");
    assert!(out.contains("refused"), "{out}");
    assert!(out.contains("is unreadable"), "{out}");
    assert!(out.contains("recovered 1"), "{out}");
}
