//! The pseudo-terminal harness of the end-to-end tests: the real binary in a pseudo-terminal
//! (portable-pty), its output parsed by a terminal emulator (vt100). Assertions wait for a
//! stable screen (two identical snapshots ~100 ms apart) under a generous overall timeout; no
//! fixed sleeps are asserted on.

#![allow(dead_code)] // each test file uses its own part of the harness

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Reader {
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Bytes the reader has written to the terminal so far.
    pub written: Arc<AtomicUsize>,
    /// Everything the reader has written, when [`Term::log`] asked for it.
    pub log: Arc<Mutex<Vec<u8>>>,
    closing: Arc<AtomicBool>,
    output: Option<std::thread::JoinHandle<()>>,
    master: Option<Box<dyn MasterPty + Send>>,
    /// Keys to the reader; shared with the output thread, which answers cursor reports.
    writer: Arc<Mutex<Option<Box<dyn Write + Send>>>>,
    pub child: Box<dyn Child + Send + Sync>,
    _dirs: Option<tempfile::TempDir>,
}

impl Reader {
    pub fn start(cols: u16, rows: u16) -> Reader {
        Reader::start_with(cols, rows, |_| {})
    }

    /// Starts the reader after `setup` has prepared its (temporary) home directory.
    pub fn start_with(cols: u16, rows: u16, setup: impl FnOnce(&std::path::Path)) -> Reader {
        let dirs = tempfile::tempdir().unwrap();
        setup(dirs.path());
        let mut r = Reader::start_in(cols, rows, dirs.path());
        r._dirs = Some(dirs);
        r
    }

    /// Starts the reader with `home` as its home, config and data directory (kept by the
    /// caller, so a second reader can start where the first one left off).
    pub fn start_in(cols: u16, rows: u16, home: &std::path::Path) -> Reader {
        Reader::start_in_with_args(cols, rows, home, &[])
    }

    pub fn start_in_with_args(
        cols: u16,
        rows: u16,
        home: &std::path::Path,
        args: &[&str],
    ) -> Reader {
        Reader::spawn(cols, rows, home, args, &[])
    }

    /// Starts the reader with `home` as its home and config directory, the data directory
    /// `home/data` unless `env` sets `SYNOPTIC_DATA_DIR`, and the extra environment `env`.
    pub fn spawn(
        cols: u16,
        rows: u16,
        home: &std::path::Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Reader {
        Reader::spawn_via(cols, rows, home, &[], args, env)
    }

    /// As [`Reader::spawn`], the reader started by the command `via` (such as `setsid`).
    pub fn spawn_via(
        cols: u16,
        rows: u16,
        home: &std::path::Path,
        via: &[&str],
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Reader {
        Reader::spawn_in(Term::default(), cols, rows, home, via, args, env)
    }

    /// As [`Reader::spawn_via`], in a terminal described by `term`.
    pub fn spawn_in(
        term: Term,
        cols: u16,
        rows: u16,
        home: &std::path::Path,
        via: &[&str],
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Reader {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        // SYNOPTIC_E2E_BIN runs another build of the reader (a development harness).
        let bin = std::env::var("SYNOPTIC_E2E_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_synoptic").to_string());
        let mut cmd = match via.split_first() {
            Some((program, rest)) => {
                let mut cmd = CommandBuilder::new(program);
                cmd.args(rest);
                cmd.arg(bin);
                cmd
            }
            None => CommandBuilder::new(bin),
        };
        cmd.args(args);
        cmd.env("SYNOPTIC_DATA_DIR", home.join("data"));
        // Keep a user's own keymap out of the test.
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("HOME", home);
        cmd.cwd(home);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // What the terminal can do is what the harness answers, not the caller's terminal.
        for var in ["XTERM_VERSION", "TERM_PROGRAM", "TMUX", "STY"] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut out = pair.master.try_clone_reader().unwrap();
        let fd = pair.master.as_raw_fd().expect("a unix pty");
        let sink = Arc::clone(&parser);
        let written = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&written);
        let log = Arc::new(Mutex::new(Vec::new()));
        let logged = Arc::clone(&log);
        let closing = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&closing);
        let writer = Arc::new(Mutex::new(Some(pair.master.take_writer().unwrap())));
        let answers = Arc::clone(&writer);
        let output = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            let mut carry = Vec::new();
            let mut recent = Vec::new();
            // Waits with poll(2) so that the thread can let go of the terminal (`hang_up`).
            while !stop.load(Ordering::SeqCst) {
                let mut p = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd.
                if unsafe { libc::poll(&mut p, 1, 50) } <= 0 {
                    continue;
                }
                match out.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let replies = process_answering(
                            &mut sink.lock().unwrap(),
                            &mut carry,
                            &mut recent,
                            &buf[..n],
                            term.margins,
                        );
                        if term.log {
                            logged.lock().unwrap().extend_from_slice(&buf[..n]);
                        }
                        let replies = if term.silent { Vec::new() } else { replies };
                        if let Some(w) = answers.lock().unwrap().as_mut() {
                            for r in replies {
                                let _ = w.write_all(&r);
                                let _ = w.flush();
                            }
                        }
                        count.fetch_add(n, Ordering::SeqCst);
                    }
                }
            }
        });
        Reader {
            parser,
            written,
            log,
            closing,
            output: Some(output),
            master: Some(pair.master),
            writer,
            child,
            _dirs: None,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Background colour of a cell.
    pub fn bg(&self, row: u16, col: u16) -> vt100::Color {
        let p = self.parser.lock().unwrap();
        p.screen()
            .cell(row, col)
            .map_or(vt100::Color::Default, |c| c.bgcolor())
    }

    pub fn rows(&self) -> Vec<String> {
        let p = self.parser.lock().unwrap();
        let (_, cols) = p.screen().size();
        p.screen().rows(0, cols).collect()
    }

    /// Waits until the screen is stable and satisfies `ok`; returns it.
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let now = self.screen();
            if now == last && ok(&now) {
                return now;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; screen:\n{now}");
            }
            last = now;
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits for the first screen and for the alignment index.
    pub fn wait_ready(&self) -> String {
        self.wait_for("the reader with its index", |s| {
            s.contains("READ") && !s.contains("indexing…") && !s.contains("finding topics…")
        })
    }

    pub fn keys(&mut self, keys: &str) {
        let mut writer = self.writer.lock().unwrap();
        let writer = writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().set_size(rows, cols);
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Sends `q` and waits for the process to exit; returns its exit code.
    pub fn quit(&mut self) -> u32 {
        self.keys("q");
        wait_exit(self)
    }

    /// Closes the terminal, as a killed terminal emulator or multiplexer does.
    pub fn hang_up(&mut self) {
        self.closing.store(true, Ordering::SeqCst);
        if let Some(t) = self.output.take() {
            t.join().unwrap();
        }
        *self.writer.lock().unwrap() = None;
        self.master = None;
    }

    /// Bytes written to the terminal so far.
    pub fn bytes_written(&self) -> usize {
        self.written.load(Ordering::SeqCst)
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.closing.store(true, Ordering::SeqCst);
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The terminal the harness plays.
#[derive(Debug, Clone, Copy, Default)]
pub struct Term {
    /// Answer the reader's margins probe as a terminal with left/right margins would (the
    /// emulator itself has none: only the bytes written mean anything then).
    pub margins: bool,
    /// Keep everything the reader writes in [`Reader::log`].
    pub log: bool,
    /// Never answer cursor position requests (a terminal or link that drops them).
    pub silent: bool,
}

/// Feeds the reader's output to the emulator and, as a terminal does, answers each cursor
/// position request (`ESC [ 6 n`) with where the cursor is at that point (with `margins`,
/// where it would be in a terminal with left/right margins: the probe's fourth character
/// wraps to the second row). A request split across two reads waits in `carry`; the last
/// bytes already fed stay in `recent`, as the probe and its request may come in two reads.
pub fn process_answering(
    parser: &mut vt100::Parser,
    carry: &mut Vec<u8>,
    recent: &mut Vec<u8>,
    bytes: &[u8],
    margins: bool,
) -> Vec<Vec<u8>> {
    const ASK: &[u8] = b"\x1b[6n";
    const PROBE: &[u8] = b"\x1b[1;3s\x1b[1;1H    ";
    carry.extend_from_slice(bytes);
    let data = std::mem::take(carry);
    let mut replies = Vec::new();
    let mut from = 0;
    let feed = |parser: &mut vt100::Parser, recent: &mut Vec<u8>, chunk: &[u8]| {
        parser.process(chunk);
        recent.extend_from_slice(chunk);
        let excess = recent.len().saturating_sub(PROBE.len());
        recent.drain(..excess);
    };
    while let Some(i) = data[from..].windows(ASK.len()).position(|w| w == ASK) {
        feed(parser, recent, &data[from..from + i]);
        let (row, col) = match parser.screen().cursor_position() {
            (0, 4) if margins && recent.as_slice() == PROBE => (1, 1),
            at => at,
        };
        replies.push(format!("\x1b[{};{}R", row + 1, col + 1).into_bytes());
        from += i + ASK.len();
    }
    let rest = &data[from..];
    let keep = (1..ASK.len())
        .rev()
        .find(|&k| rest.len() >= k && rest.ends_with(&ASK[..k]))
        .unwrap_or(0);
    feed(parser, recent, &rest[..rest.len() - keep]);
    carry.extend_from_slice(&rest[rest.len() - keep..]);
    replies
}

/// Everything but the status line.
pub fn without_status(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[..lines.len().saturating_sub(1)].join("\n")
}

/// Waits up to the harness timeout for the child to exit; returns its exit code.
pub fn wait_exit(r: &mut Reader) -> u32 {
    let start = Instant::now();
    loop {
        if let Some(status) = r.child.try_wait().unwrap() {
            return status.exit_code();
        }
        if start.elapsed() > TIMEOUT {
            panic!("did not exit; screen:\n{}", r.screen());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What a person would see if the terminal were left in reader mode.
pub fn assert_terminal_restored(r: &Reader) {
    let parser = r.parser.lock().unwrap();
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "cursor still hidden");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse still captured"
    );
}
