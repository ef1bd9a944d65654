//! Performance figures for the README: `cargo build --release && cargo run --release --example perf`.
//!
//! Prints one table of medians: parsing and indexing the seeds, keystroke → frame at 200×50
//! with four panes, the bible-9 scale corpus (extract it first:
//! `tar xzf ../shared/corpora/bible-9.tar.gz -C target/`), and, in a pseudo-terminal, the first
//! frame and the bytes one scroll writes, next to `less` doing the same.

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use synoptic::align::{report, AlignIndex};
use synoptic::app::{update, Action, App};
use synoptic::corpus::{embedded_seeds, load};
use synoptic::runtime::scroll_regions;
use synoptic::screen::{Margins, Screen};

mod formats;
mod peers;

use formats::formats_rows;
use peers::peers_table;

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// The median of the pairs' ratios `num[i] / den[i]`, as a table cell ("2.01×").
fn paired_ratio(num: &[f64], den: &[f64]) -> String {
    let ratios: Vec<f64> = num.iter().zip(den).map(|(n, d)| n / d).collect();
    format!("{:.2}×", median(ratios))
}

/// Milliseconds until `ready(screen)` in each of `runs` starts of `program args` in a
/// pseudo-terminal of `size`, quit with `q` after each (starts that never got there left out).
fn first_frames(
    program: &Path,
    args: &[&str],
    size: (u16, u16),
    data: &Path,
    runs: usize,
    ready: impl Fn(&str) -> bool,
) -> Vec<f64> {
    (0..runs)
        .filter_map(|_| {
            let p = Pty::spawn(program, args, size.0, size.1, data);
            let t = p.time_until(&ready);
            p.quit(b"q");
            t
        })
        .collect()
}

/// Median wall time of `runs` calls, in milliseconds.
fn time_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    )
}

fn row(what: &str, value: String, target: &str) {
    println!("| {what:<58} | {value:>13} | {target:>10} |");
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file below `dir`, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                dirs.push(e.path());
            } else {
                files.push(e.path());
            }
        }
    }
    files.sort();
    files
}

// ---------------------------------------------------------------- pseudo-terminal helpers

struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<Mutex<usize>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    started: Instant,
}

impl Pty {
    fn spawn(program: &Path, args: &[&str], cols: u16, rows: u16, data: &Path) -> Pty {
        Pty::spawn_answering(program, args, (cols, rows), data, true)
    }

    /// [`Pty::spawn`]; `answer`: whether cursor reports are answered (a terminal that never
    /// answers them is how a slow or odd one looks to the margins question).
    fn spawn_answering(
        program: &Path,
        args: &[&str],
        (cols, rows): (u16, u16),
        data: &Path,
        answer: bool,
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("SYNOPTIC_DATA_DIR", data);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LESS", "");
        cmd.cwd(root());
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let bytes = Arc::new(Mutex::new(0usize));
        let mut out = pair.master.try_clone_reader().unwrap();
        let (sink, count) = (Arc::clone(&parser), Arc::clone(&bytes));
        let writer = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let answers = Arc::clone(&writer);
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                // Answer cursor position requests (the reader's margins probe) as a terminal
                // does, with where the cursor is.
                const ASK: &[u8] = b"\x1b[6n";
                let mut parser = sink.lock().unwrap();
                let mut from = 0;
                while let Some(i) = buf[from..n]
                    .windows(ASK.len())
                    .position(|w| answer && w == ASK)
                {
                    parser.process(&buf[from..from + i]);
                    let (row, col) = parser.screen().cursor_position();
                    let mut w = answers.lock().unwrap();
                    let _ = write!(w, "\x1b[{};{}R", row + 1, col + 1);
                    let _ = w.flush();
                    from += i + ASK.len();
                }
                parser.process(&buf[from..n]);
                *count.lock().unwrap() += n;
            }
        });
        Pty {
            parser,
            bytes,
            writer,
            child,
            _master: pair.master,
            started,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Time from spawn until `ok(screen)` first holds (polling every 0.5 ms).
    fn time_until(&self, ok: impl Fn(&str) -> bool) -> Option<f64> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if ok(&self.screen()) {
                return Some(self.started.elapsed().as_secs_f64() * 1e3);
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        None
    }

    /// Waits until no output arrives for `quiet`.
    fn settle(&self, quiet: Duration) {
        let mut last = *self.bytes.lock().unwrap();
        let mut since = Instant::now();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
            let now = *self.bytes.lock().unwrap();
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return;
            }
        }
    }

    /// Bytes the program writes in answer to `keys`.
    fn bytes_for(&mut self, keys: &[u8]) -> usize {
        self.settle(Duration::from_millis(150));
        let before = *self.bytes.lock().unwrap();
        self.writer.lock().unwrap().write_all(keys).unwrap();
        self.writer.lock().unwrap().flush().unwrap();
        self.settle(Duration::from_millis(150));
        *self.bytes.lock().unwrap() - before
    }

    /// Peak resident memory (VmHWM, KiB) of the process, read while it runs.
    fn peak_kib(&self) -> Option<u64> {
        self.status_kib("VmHWM:")
    }

    /// Resident memory now (VmRSS, KiB).
    fn rss_kib(&self) -> Option<u64> {
        self.status_kib("VmRSS:")
    }

    fn status_kib(&self, field: &str) -> Option<u64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find(|l| l.starts_with(field))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }

    fn quit(mut self, keys: &[u8]) {
        let _ = self.writer.lock().unwrap().write_all(keys);
        let _ = self.writer.lock().unwrap().flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
    }
}

/// Peak memory (MiB) of a command, from `/usr/bin/time -f %M` when it is installed.
fn peak_mib_of(args: &[&str]) -> String {
    let out = std::process::Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(root().join("target/release/synoptic"))
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::null())
        .output();
    match out {
        Ok(o) => String::from_utf8_lossy(&o.stderr)
            .lines()
            .last()
            .and_then(|l| l.trim().parse::<f64>().ok())
            .map_or("n/a".into(), |kib| format!("{:.0} MiB", kib / 1024.0)),
        Err(_) => "n/a".into(),
    }
}

fn status_ready(s: &str) -> bool {
    s.contains("READ") && !s.contains("indexing")
}

fn main() {
    let runs = 15;
    if std::env::args().any(|a| a == "peers") {
        // each figure of issue 25 next to its peer, from one run (docs/performance.md)
        peers_table(
            &root().join("target/release/synoptic"),
            &root().join("target/bible-9"),
        );
        return;
    }
    if std::env::args().any(|a| a == "first-screen") {
        // only the first screen against vim (docs/performance.md, "First screen")
        first_screen_rows(
            &root().join("target/release/synoptic"),
            &root().join("target/bible-9"),
        );
        return;
    }
    // everything, one table from one run (docs/performance.md)
    let bin = root().join("target/release/synoptic");
    let bible = root().join("target/bible-9");
    peers::run_header(&format!("medians of {runs} runs unless noted"));
    seeds_rows(runs);
    keystroke_rows();
    scale_rows(&bible);
    formats_rows(&bin, tempfile::tempdir().unwrap().path());
    // in a pseudo-terminal, against the release binary and less
    if !bin.is_file() {
        println!(
            "(no target/release/synoptic: run `cargo build --release` for the terminal figures)"
        );
        return;
    }
    terminal_rows(&bin, &bible);
    peers::peer_rows(&bin, &bible);
    peers::run_footer();
}

/// The reader's first screen on bible-9 against vim opening the same text as one file, in
/// the same runs, paired (vim, then the reader, nine times), at 120×40; and on one of its nine
/// translations. `SYNOPTIC_PERF_BASELINE=<binary>` times another build in the same pairs.
fn first_screen_rows(bin: &Path, bible: &Path) {
    let vim = Path::new("/usr/bin/vim");
    if !bin.is_file() || !bible.is_dir() || !vim.is_file() {
        println!("(first screen against vim: needs target/release/synoptic, target/bible-9, vim)");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let joined = data.path().join("bible-9.txt");
    let files = files_under(bible);
    let text: Vec<u8> = files
        .iter()
        .flat_map(|f| std::fs::read(f).unwrap())
        .collect();
    std::fs::write(&joined, text).unwrap();
    let baseline = std::env::var_os("SYNOPTIC_PERF_BASELINE").map(PathBuf::from);
    // the first screen, the index ready, the peak memory (KiB)
    let reader = |program: &Path, corpus: &Path, more: &mut Vec<(f64, u64)>| {
        // a data directory of its own each time: no session, the start rule's documents
        let own = tempfile::tempdir().unwrap();
        let p = Pty::spawn(program, &[corpus.to_str().unwrap()], 120, 40, own.path());
        let t = p.time_until(|s| s.contains("READ"));
        if let Some(ready) = p.time_until(status_ready) {
            more.push((ready, p.peak_kib().unwrap_or(0)));
        }
        p.quit(b"q");
        t
    };
    let (mut v, mut s, mut b, mut one) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut s_more, mut b_more) = (Vec::new(), Vec::new());
    for _ in 0..9 {
        let p = Pty::spawn(
            vim,
            &[
                "-n",
                "-u",
                "NONE",
                "-i",
                "NONE",
                "-N",
                joined.to_str().unwrap(),
            ],
            120,
            40,
            data.path(),
        );
        v.extend(p.time_until(|s| s.contains("Genesis") && s.contains("AKJV")));
        p.quit(b"\x1b:q!\r");
        s.extend(reader(bin, bible, &mut s_more));
        if let Some(base) = &baseline {
            b.extend(reader(base, bible, &mut b_more));
        }
        one.extend(reader(bin, &bible.join("akjv"), &mut Vec::new()));
    }
    let to_vim = paired_ratio(&s, &v);
    let index_and_peak = |more: &[(f64, u64)]| {
        format!(
            "{:.0} ms, {} MiB",
            median(more.iter().map(|m| m.0).collect()),
            more.iter().map(|m| m.1).max().unwrap_or(0) / 1024
        )
    };
    row(
        "first screen, bible-9 as one file, vim -u NONE (pty, med. 9)",
        format!("{:.0} ms", median(v.clone())),
        "",
    );
    row(
        "first screen, reader on bible-9, 120×40 (pty, median of 9)",
        format!("{:.0} ms", median(s)),
        "",
    );
    row("  ratio to vim, paired (median of 9)", to_vim, "≤ 2×");
    row(
        "  the same runs: index ready (median), peak memory",
        index_and_peak(&s_more),
        "",
    );
    row(
        "first screen, reader on one translation (66 files)",
        format!("{:.0} ms", median(one)),
        "",
    );
    if !b.is_empty() {
        let baseline_to_vim = paired_ratio(&b, &v);
        row(
            "first screen, SYNOPTIC_PERF_BASELINE on bible-9",
            format!("{:.0} ms", median(b)),
            "",
        );
        row(
            "  its ratio to vim, paired (median of 9)",
            baseline_to_vim,
            "",
        );
        row(
            "  its index ready (median), peak memory",
            index_and_peak(&b_more),
            "",
        );
    }
}

/// 2 and 5: the first frame and the bytes one scroll writes, in a pseudo-terminal, against the
/// release binary and `less`; the reader on bible-9.
fn terminal_rows(bin: &Path, bible: &Path) {
    let bin = bin.to_path_buf();
    let data = tempfile::tempdir().unwrap();
    let first = first_frames(&bin, &[], (80, 24), data.path(), 9, |s| s.contains("READ"));
    row(
        "first frame, seeds, 80×24 (pty, median of 9)",
        format!("{:.1} ms", median(first)),
        "≤ 20 ms",
    );
    let less = Path::new("/usr/bin/less");
    if less.is_file() {
        let seed = "seeds/000_cf9d9bd069e4b9c2.txt";
        let first_less = first_frames(less, &[seed], (80, 24), data.path(), 9, |s| {
            s.contains("Iranian oppositionists")
        });
        row(
            "first frame, less on one seed file (pty, median of 9)",
            format!("{:.1} ms", median(first_less)),
            "",
        );
    }
    // 5: one-line scrolls, 40 of them from the top of the same document, in the reader's
    // first pane and in less (both at 120×40). Mean and median: less writes 10 B for a blank
    // line and ~130 B for a full one, so one scroll alone says little.
    const SCROLLS: usize = 40;
    let scrolls = |args: &[&str], setup: &[u8]| -> (f64, f64) {
        let mut p = Pty::spawn(&bin, args, 120, 40, data.path());
        p.time_until(status_ready);
        if !setup.is_empty() {
            p.bytes_for(setup);
        }
        let v: Vec<f64> = (0..SCROLLS).map(|_| p.bytes_for(b"j") as f64).collect();
        p.quit(b"q");
        (mean(&v), median(v))
    };
    let both = |(mean, median): (f64, f64)| format!("{mean:.0} / {median:.0} B");
    let fresh = ["--no-mouse", "--fresh"];
    row(
        "scroll a line, 120×40, 2 panes, margins on: mean / median",
        both(scrolls(
            &[&fresh[..], &["--margins", "on"]].concat(),
            b"\t\t-\t",
        )),
        "≤ 3× less",
    );
    row(
        "scroll a line, 120×40, 2 panes, margins off (tmux)",
        both(scrolls(
            &[&fresh[..], &["--margins", "off"]].concat(),
            b"\t\t-\t",
        )),
        "≤ 3× less",
    );
    row(
        "scroll a line, 120×40, 2 panes stacked (s), any terminal",
        both(scrolls(
            &[&fresh[..], &["--margins", "off"]].concat(),
            b"\t\t-\ts",
        )),
        "≤ 3× less",
    );
    row(
        "scroll a line, 120×40, 1 pane (z), any terminal",
        both(scrolls(&[&fresh[..], &["--margins", "off"]].concat(), b"z")),
        "≤ 3× less",
    );
    if less.is_file() {
        let mut l = Pty::spawn(
            less,
            &["seeds/000_cf9d9bd069e4b9c2.txt"],
            120,
            40,
            data.path(),
        );
        l.time_until(|s| s.contains("Iranian oppositionists"));
        let v: Vec<f64> = (0..SCROLLS).map(|_| l.bytes_for(b"j") as f64).collect();
        l.quit(b"q");
        row(
            "scroll a line, less, 120×40, same document",
            both((mean(&v), median(v))),
            "",
        );
    }
    if bible.is_dir() {
        let mut first_screen = Vec::new();
        let mut ready = Vec::new();
        let mut peak = 0;
        let mut reading = Vec::new();
        for _ in 0..3 {
            let p = Pty::spawn(&bin, &["target/bible-9"], 120, 40, data.path());
            if let Some(t) = p.time_until(|s| s.contains("READ")) {
                first_screen.push(t);
            }
            if let Some(t) = p.time_until(status_ready) {
                ready.push(t);
            }
            peak = peak.max(p.peak_kib().unwrap_or(0));
            reading.push(p.rss_kib().unwrap_or(0) as f64);
            p.quit(b"q");
        }
        row(
            "reader on bible-9: first screen",
            format!("{:.0} ms", median(first_screen)),
            "≤ 1.5 s",
        );
        row(
            "reader on bible-9: index ready",
            format!("{:.0} ms", median(ready)),
            "",
        );
        row(
            "reader on bible-9: peak memory (during the index build)",
            format!("{} MiB", peak / 1024),
            "< 111 MiB",
        );
        row(
            "reader on bible-9: memory while reading (index ready)",
            format!("{:.0} MiB", median(reading) / 1024.0),
            "< 111 MiB",
        );
    }
}

/// 1. The seeds: parsing, indexing, the full alignment.
fn seeds_rows(runs: usize) {
    // 1. Seeds.
    row(
        "seeds: parse (5 files → 14 documents)",
        format!("{:.1} ms", time_ms(runs, embedded_seeds)),
        "",
    );
    row(
        "seeds: parse + index",
        format!(
            "{:.1} ms",
            time_ms(runs, || AlignIndex::build(&embedded_seeds()))
        ),
        "",
    );
    row(
        "seeds: parse + index + full alignment (top 3, JSON)",
        format!(
            "{:.1} ms",
            time_ms(runs, || {
                let c = embedded_seeds();
                let i = AlignIndex::build(&c);
                report::to_json(&c, &i, 3)
            })
        ),
        "",
    );
}

/// 3. Keystroke → frame, 200×50, four panes.
fn keystroke_rows() {
    // 3. Keystroke → frame, 200×50, four panes.
    let corpus = embedded_seeds();
    let index = AlignIndex::build(&corpus);
    let mut app = App::new(corpus, index, 200, 50);
    // The reader's own path: render, find the scrolled panes, write the bytes (to a sink),
    // as in a terminal without margins (all its panes are redrawn by the diff).
    let size = Rect::new(0, 0, 200, 50);
    let mut screen = Screen::new(std::io::sink(), size, Margins::Off);
    let mut key_frame = |app: &mut App, keys: &str, n: usize| {
        median(
            (0..n)
                .map(|_| {
                    let t = Instant::now();
                    app.feed(keys);
                    screen
                        .draw(size, &scroll_regions(app), |b| (&*app).render(size, b))
                        .unwrap();
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect(),
        )
    };
    row(
        "keystroke → frame 200×50, 4 panes: j",
        format!("{:.3} ms", key_frame(&mut app, "j", 200)),
        "≤ 2 ms",
    );
    row(
        "keystroke → frame 200×50, 4 panes: }",
        format!("{:.3} ms", key_frame(&mut app, "}", 40)),
        "≤ 2 ms",
    );
    row(
        "keystroke → frame 200×50, 4 panes: a",
        format!("{:.3} ms", key_frame(&mut app, "a", 40)),
        "≤ 2 ms",
    );
    app.feed("gf");
    row(
        "keystroke → frame 200×50, 4 panes: j in follow mode",
        format!("{:.3} ms", key_frame(&mut app, "j", 200)),
        "≤ 2 ms",
    );
    let _ = update(&mut app, Action::Resize(200, 50));
}

/// 4. Scale: bible-9 loaded, indexed (with and without topics) and queried, and `synoptic
/// align` over Ruth in nine translations and over the 36 gospel files.
fn scale_rows(bible: &Path) {
    if bible.is_dir() {
        let paths = vec![bible.to_path_buf()];
        let load_ms = time_ms(5, || load(&paths).unwrap());
        row(
            "bible-9 (594 docs, 37 MB): load + normalize + parse",
            format!("{load_ms:.0} ms"),
            "≤ 1 s",
        );
        let corpus = load(&paths).unwrap();
        let index_ms = time_ms(5, || AlignIndex::build(&corpus));
        row(
            "bible-9: build the alignment index",
            format!("{index_ms:.0} ms"),
            "≤ 2 s",
        );
        // the matches are ready before the topics (the reader builds those after)
        let matches_ms = time_ms(5, || AlignIndex::build_without_topics(&corpus));
        row(
            "bible-9: the same without topics (matches ready)",
            format!("{matches_ms:.0} ms"),
            "",
        );
        let index = AlignIndex::build(&corpus);
        let n = index.passages.len();
        let sample: Vec<usize> = (0..200).map(|k| (k * 7919) % n).collect();
        let docs = corpus.documents.len();
        let align_q = median(
            sample
                .iter()
                .map(|&p| {
                    let d = index.passages[p].doc;
                    let t = Instant::now();
                    for k in 1..=3 {
                        std::hint::black_box(index.best_in_doc(p, (d + k * 66) % docs, 1));
                    }
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect(),
        );
        row(
            "bible-9: one align query (passage → 3 other documents)",
            format!("{align_q:.3} ms"),
            "≤ 5 ms",
        );
        let wide = median(
            sample
                .iter()
                .map(|&p| {
                    let t = Instant::now();
                    std::hint::black_box(index.best_anywhere(p, 10));
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect(),
        );
        row(
            "bible-9: corpus-wide query (best 10 anywhere)",
            format!("{wide:.3} ms"),
            "≤ 20 ms",
        );
        drop(index);
        let nine: Vec<PathBuf> = std::fs::read_dir(bible)
            .unwrap()
            .map(|e| e.unwrap().path().join("08_ruth.txt"))
            .filter(|p| p.is_file())
            .collect();
        let nine_args: Vec<String> = nine.iter().map(|p| p.display().to_string()).collect();
        let bin = root().join("target/release/synoptic");
        if bin.is_file() {
            let align_ms = time_ms(5, || {
                std::process::Command::new(&bin)
                    .arg("align")
                    .arg("--json")
                    .args(&nine_args)
                    .stdout(std::process::Stdio::null())
                    .status()
                    .unwrap()
            });
            row(
                &format!(
                    "`synoptic align --json` over {} translations of Ruth",
                    nine.len()
                ),
                format!("{align_ms:.0} ms"),
                "≤ 1 s",
            );
            let mut args = vec!["align", "--json"];
            args.extend(nine_args.iter().map(String::as_str));
            row(
                "peak memory: align --json over nine translations",
                peak_mib_of(&args),
                "",
            );
            // the four gospels in every translation: 36 documents of similar passages, where
            // the order-aware pass and its caches do the most work
            let mut gospels: Vec<String> = Vec::new();
            for t in std::fs::read_dir(bible).unwrap() {
                let dir = t.unwrap().path();
                for book in ["40_matthew", "41_mark", "42_luke", "43_john"] {
                    let f = dir.join(format!("{book}.txt"));
                    if f.is_file() {
                        gospels.push(f.display().to_string());
                    }
                }
            }
            gospels.sort();
            let mut args = vec!["align", "--json"];
            args.extend(gospels.iter().map(String::as_str));
            let gospels_ms = time_ms(1, || {
                std::process::Command::new(&bin)
                    .args(&args)
                    .stdout(std::process::Stdio::null())
                    .status()
                    .unwrap()
            });
            row(
                &format!("`synoptic align --json`, {} gospel files", gospels.len()),
                format!("{:.1} s", gospels_ms / 1e3),
                "",
            );
            row(
                "peak memory: align --json, 4 gospels × 9 translations",
                peak_mib_of(&args),
                "",
            );
            row(
                "peak memory: dump bible-9",
                peak_mib_of(&["dump", "target/bible-9"]),
                "< 111 MiB",
            );
        }
    } else {
        println!("(bible-9 not extracted: tar xzf ../shared/corpora/bible-9.tar.gz -C target/)");
    }
}
