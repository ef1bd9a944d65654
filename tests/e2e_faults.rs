//! Faults in a real terminal (the binary in a pseudo-terminal): SIGTERM, and SIGHUP as when
//! an SSH link drops; a terminal gone without a signal; a panic while drawing; resizing to 1×1
//! and back; resizes interleaved with keys; a thousand keys arriving at once; and a data
//! directory that fills up or turns read-only while the reader is open.

#![cfg(unix)]

mod common;

use common::pty::{assert_terminal_restored, wait_exit, Reader, TIMEOUT};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn signal(r: &Reader, name: &str) {
    let pid = r.child.process_id().expect("pid");
    let ok = Command::new("kill")
        .args([format!("-{name}"), pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{name}");
}

fn saved_state(data: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(data.join("seeds.json")).expect("a notes file");
    serde_json::from_str(&text).expect("the notes file parses")
}

/// Waits until the notes file satisfies `ok`.
fn wait_for_file(data: &Path, what: &str, ok: impl Fn(&serde_json::Value) -> bool) {
    let start = Instant::now();
    loop {
        let state = std::fs::read_to_string(data.join("seeds.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
        if state.as_ref().is_some_and(&ok) {
            return;
        }
        if start.elapsed() > TIMEOUT {
            panic!("timed out waiting for {what} in the notes file: {state:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn marks(state: &serde_json::Value) -> Vec<String> {
    state["bookmarks"]
        .as_array()
        .map(|b| {
            b.iter()
                .filter_map(|m| m["mark"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn highlights(state: &serde_json::Value) -> usize {
    state["highlights"].as_array().map_or(0, Vec::len)
}

/// SIGTERM, and SIGHUP as when an SSH link drops: the session is saved, the terminal
/// restored, the exit clean.
#[test]
fn sigterm_and_sighup_save_the_session_and_restore_the_terminal() {
    for name in ["TERM", "HUP"] {
        let home = tempfile::tempdir().unwrap();
        let mut r = Reader::start_in(80, 24, home.path());
        r.wait_ready();
        r.keys("G");
        r.wait_for("at the end", |s| s.contains("100%"));
        assert!(r.parser.lock().unwrap().screen().alternate_screen());
        signal(&r, name);
        assert_eq!(wait_exit(&mut r), 0, "SIG{name}");
        assert_terminal_restored(&r);
        let state = saved_state(&home.path().join("data"));
        let offset = state["session"]["panes"][0]["offset"].as_u64().unwrap();
        assert!(
            offset > 0,
            "SIG{name}: the position at the end was saved: {state}"
        );
    }
}

/// SIGQUIT (`kill -QUIT`, or Ctrl-\\ outside raw mode) as SIGTERM: saved, terminal restored.
#[test]
fn sigquit_saves_the_session_and_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut r = Reader::start_in(80, 24, home.path());
    r.wait_ready();
    r.keys("G");
    r.wait_for("at the end", |s| s.contains("100%"));
    signal(&r, "QUIT");
    assert_eq!(wait_exit(&mut r), 0, "SIGQUIT");
    assert_terminal_restored(&r);
    let state = saved_state(&home.path().join("data"));
    let offset = state["session"]["panes"][0]["offset"].as_u64().unwrap();
    assert!(offset > 0, "the position at the end was saved: {state}");
}

/// Reader processes (`synoptic`) whose environment holds `needle` (a unique data directory).
fn processes_with_env(needle: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let comm = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
        if comm.trim() != "synoptic" {
            continue;
        }
        let Ok(env) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        // A zombie has no environment left: it is gone for this purpose.
        if String::from_utf8_lossy(&env).contains(needle) {
            found.push(pid);
        }
    }
    found
}

/// The reader in a session of its own (through `setsid`), so that a terminal closing sends
/// no SIGHUP to it (a killed multiplexer): its input reads as endless end-of-file. The
/// shell stays as the terminal's session leader (as a multiplexer's shell does).
struct Detached {
    r: Reader,
    data: PathBuf,
    _cleanup: KillOnDrop,
    _home: tempfile::TempDir,
}

/// The reader is not the harness's child: make sure it does not outlive a failed test.
struct KillOnDrop(String);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        for pid in processes_with_env(&self.0) {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
    }
}

impl Detached {
    fn start() -> Detached {
        let home = tempfile::tempdir().unwrap();
        let data = home.path().join("hangup-data");
        let data_str = data.to_str().unwrap().to_string();
        let r = Reader::spawn_via(
            80,
            24,
            home.path(),
            &["sh", "-c", "setsid \"$0\" \"$@\"; true"],
            &[],
            &[("SYNOPTIC_DATA_DIR", &data_str)],
        );
        Detached {
            r,
            data,
            _cleanup: KillOnDrop(data_str),
            _home: home,
        }
    }

    fn running(&self) -> usize {
        processes_with_env(self.data.to_str().unwrap()).len()
    }

    /// Waits until the reader has exited.
    fn wait_gone(&self) {
        let start = Instant::now();
        while self.running() > 0 {
            assert!(
                start.elapsed() < TIMEOUT,
                "the reader still runs on a dead terminal"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A terminal that closes without a SIGHUP reaching the reader: it must notice, save and
/// exit — not spin on a dead terminal.
#[test]
fn a_terminal_gone_without_a_sighup_saves_and_exits() {
    let mut d = Detached::start();
    d.r.wait_ready();
    d.r.keys("G");
    d.r.wait_for("at the end", |s| s.contains("100%"));
    assert_eq!(d.running(), 1, "the reader runs");
    d.r.hang_up();
    wait_for_file(&d.data, "the session saved on hang-up", |s| {
        s["session"]["panes"][0]["offset"].as_u64() > Some(0)
    });
    d.wait_gone();
}

/// The same while the reader is busy with a burst of keys: the hang-up comes while it is
/// not waiting for input. (crossterm's reader, used before, then looped for ever on the
/// end-of-file of the dead terminal — the cause of this test's flakiness under load.)
#[test]
fn a_terminal_gone_in_the_middle_of_a_burst_of_keys_saves_and_exits() {
    let mut d = Detached::start();
    d.r.wait_ready();
    assert_eq!(d.running(), 1, "the reader runs");
    d.r.keys(&"j".repeat(3000));
    d.r.hang_up();
    wait_for_file(&d.data, "the session saved on hang-up", |s| {
        s["session"]["panes"].is_array()
    });
    d.wait_gone();
}

#[test]
fn a_panic_while_drawing_restores_the_terminal_prints_the_message_and_saves() {
    let home = tempfile::tempdir().unwrap();
    let mut r = Reader::spawn(
        80,
        24,
        home.path(),
        &[],
        &[("SYNOPTIC_PANIC_ON_KEY", "j"), ("RUST_BACKTRACE", "0")],
    );
    r.wait_ready();
    r.keys("}");
    r.wait_for("cursor passage", |s| s.contains("▌"));
    r.keys("ma");
    r.wait_for("mark set", |s| s.contains("mark 'a set"));
    // A session change that is not saved yet (sessions are saved every few seconds).
    r.keys("G");
    r.wait_for("at the end", |s| s.contains("100%"));
    r.keys("j");
    assert_eq!(
        wait_exit(&mut r),
        101,
        "a panic exits with Rust's panic status"
    );
    let screen = r.wait_for("the panic message", |s| {
        s.contains("injected panic while drawing")
    });
    assert!(
        !screen.contains("READ"),
        "the reader's screen is gone:\n{screen}"
    );
    assert_terminal_restored(&r);
    let state = saved_state(&home.path().join("data"));
    assert_eq!(marks(&state), ["a"], "{state}");
    let offset = state["session"]["panes"][0]["offset"].as_u64().unwrap();
    assert!(offset > 0, "the session was saved after the panic: {state}");
}

#[test]
fn resize_to_one_cell_and_back_then_a_thousand_keys_at_once() {
    let mut r = Reader::start(80, 24);
    let start = r.wait_ready();
    for (cols, rows) in [(1, 1), (2, 1), (1, 3), (20, 5), (7, 2), (80, 24)] {
        r.resize(cols, rows);
        r.wait_for(&format!("a stable screen at {cols}x{rows}"), |_| true);
    }
    let back = r.wait_for("both titles again", |s| {
        let first = s.lines().next().unwrap_or("");
        first.contains("Iranian oppositionists") && first.contains("Khodabandeh")
    });
    assert_eq!(back, start, "the same screen as before the resizes");

    // A thousand scroll keys in one write (a held key over a slow link, a paste).
    let before = r.bytes_written();
    r.keys(&"j".repeat(1000));
    r.wait_for("the end of the first document", |s| s.contains("100%"));
    let written = r.bytes_written() - before;
    // Drawn per key, 1,000 one-line scrolls would write well over 100 kB; coalesced into a
    // few frames, a few screens' worth.
    assert!(
        written < 40_000,
        "{written} bytes written for a burst of 1,000 keys: not coalesced"
    );
    // Still responsive: a key after the burst is handled.
    r.keys("?");
    r.wait_for("help", |s| s.contains("Help — keys"));
    r.keys("\x1b");
    assert_eq!(r.quit(), 0);
}

/// A small tmpfs mounted for one test (needs root, as CI and the dev machines have); unmounted
/// when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs { dir })
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn remount(&self, mode: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(self.dir.path())
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount {mode}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Fills the file system of `dir` to the last byte.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    let chunk = vec![b'x'; 4096];
    while f.write_all(&chunk).is_ok() {}
    while f.write_all(b"x").is_ok() {}
    let _ = f.sync_all();
    path
}

#[test]
fn a_full_or_read_only_data_directory_loses_nothing_and_the_reader_keeps_working() {
    let Some(fs) = Tmpfs::mount("256k") else {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let data = fs.path();
    let home = tempfile::tempdir().unwrap();
    let data_str = data.to_str().unwrap();
    let mut r = Reader::spawn(80, 24, home.path(), &[], &[("SYNOPTIC_DATA_DIR", data_str)]);
    r.wait_ready();
    r.keys("}");
    r.wait_for("cursor passage", |s| s.contains("▌"));
    r.keys("v\r");
    r.wait_for("highlight saved", |s| s.contains("highlighted in"));
    wait_for_file(&data, "the highlight", |s| highlights(s) == 1);

    // Disk full: the next confirmed change cannot be written.
    let filler = fill(&data);
    r.keys("}}ma");
    r.wait_for("the failure in the status line", |s| {
        s.contains("annotations not saved!")
    });
    // The reader keeps working.
    r.keys("?");
    r.wait_for("help", |s| s.contains("Help — keys"));
    r.keys("\x1b");
    r.wait_for("help closed", |s| !s.contains("Help — keys"));
    // What was saved before is intact.
    let state = saved_state(&data);
    assert_eq!(highlights(&state), 1, "{state}");
    assert!(marks(&state).is_empty(), "{state}");
    // Space comes back: the mark is written without another keystroke.
    std::fs::remove_file(filler).unwrap();
    wait_for_file(&data, "mark a after the disk had room again", |s| {
        marks(s) == ["a"] && highlights(s) == 1
    });
    r.wait_for("the failure cleared", |s| {
        !s.contains("annotations not saved!")
    });

    // Read-only data directory.
    fs.remount("ro");
    r.keys("}mb");
    r.wait_for("the failure in the status line", |s| {
        s.contains("annotations not saved!")
    });
    let state = saved_state(&data);
    assert_eq!(marks(&state), ["a"], "{state}");
    assert_eq!(highlights(&state), 1, "{state}");
    fs.remount("rw");
    wait_for_file(
        &data,
        "mark b after the directory was writable again",
        |s| {
            let mut m = marks(s);
            m.sort();
            m == ["a", "b"] && highlights(s) == 1
        },
    );
    assert_eq!(r.quit(), 0);
}

/// Issue 20 item 10: resizes interleaved with keys, no wait between them (the panic was
/// `index outside of buffer` when the buffer came from the live size and the layout from the
/// app's stored one, 4 trials in 5).
#[test]
fn resizes_interleaved_with_keys_never_panic() {
    let mut r = Reader::start(80, 24);
    r.wait_ready();
    let sizes = [
        (30, 8),
        (120, 40),
        (1, 1),
        (200, 50),
        (9, 3),
        (61, 17),
        (2, 40),
    ];
    for round in 0..60 {
        let (cols, rows) = sizes[round % sizes.len()];
        r.resize(cols, rows);
        r.keys(["j", "}", "a", "jjj", "+", "s", "G", "g"][round % 8]);
    }
    r.resize(80, 24);
    let screen = r.wait_for("the reader at 80×24 again", |s| s.contains("READ"));
    assert!(screen.contains('▸'), "a focused pane:\n{screen}");
    assert_eq!(r.quit(), 0, "exits cleanly, no panic (101)");
}
