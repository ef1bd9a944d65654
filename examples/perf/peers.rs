//! Every figure of issue 25 next to its peer, from one run (`perf -- peers`;
//! docs/performance.md, "Against the peers").

use super::{
    files_under, first_screen_rows, median, paired_ratio, peak_mib_of, root, row, time_ms, Pty,
};
use std::path::{Path, PathBuf};
use std::time::Instant;
use synoptic::align::AlignIndex;
use synoptic::corpus::load;

/// `uptime`'s load averages, for the record of a run.
fn load_now() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or("n/a".into(), |l| {
        l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    })
}

/// Wall seconds of one run of `program args` with its output thrown away.
fn wall_s(program: &Path, args: &[String]) -> Option<f64> {
    let t = Instant::now();
    let ok = std::process::Command::new(program)
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?
        .success();
    ok.then(|| t.elapsed().as_secs_f64())
}

/// Every figure of issue 25 next to its peer, measured in one run: headless align against the
/// scikit-learn TF-IDF peer, the first screen against vim, the first frame with a terminal that
/// never answers against `--margins off`, `dump --json`'s memory against the corpus, the index
/// build at one, three and nine translations.
pub(crate) fn peers_table(bin: &Path, bible: &Path) {
    run_header("");
    peer_rows(bin, bible);
    run_footer();
}

/// The record of a run (date, cores, load) and the table's head.
pub(crate) fn run_header(note: &str) {
    let date = std::process::Command::new("date")
        .arg("-u")
        .output()
        .map_or(String::new(), |o| {
            String::from_utf8_lossy(&o.stdout).trim().to_string()
        });
    let note = if note.is_empty() {
        String::new()
    } else {
        format!("; {note}")
    };
    println!(
        "{date}; {} cores; load at start {}{note}\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load_now()
    );
    println!(
        "| {:<58} | {:>13} | {:>10} |",
        "measure", "figure", "target"
    );
    println!("|{}|{}|{}|", "-".repeat(60), "-".repeat(15), "-".repeat(12));
}

/// The load at the end of a run.
pub(crate) fn run_footer() {
    println!("\nload at end {}", load_now());
}

/// The rows measured against a peer (see [`peers_table`]).
pub(crate) fn peer_rows(bin: &Path, bible: &Path) {
    if !bin.is_file() || !bible.is_dir() {
        println!("(the peers need target/release/synoptic and target/bible-9)");
        return;
    }
    align_against_peer(bin, bible);
    index_rows(bible);
    dump_memory_rows(bible);
    margins_rows(bin);
    first_screen_rows(bin, bible);
}

/// `synoptic align --json` against `examples/peers/tfidf_peer.py`, paired (the peer, then
/// synoptic, `SYNOPTIC_PERF_PAIRS` times, 1 by default), on one translation, three, and the
/// four gospels of all nine. The peer cuts long paragraphs as synoptic does (`--max-passage`),
/// so both write the best matches of the same passages; it is also timed on whole paragraphs
/// (fewer, longer passages: less to write, not the same matches).
fn align_against_peer(bin: &Path, bible: &Path) {
    let pairs: usize = std::env::var("SYNOPTIC_PERF_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let dir = |t: &str| bible.join(t).display().to_string();
    let corpora: [(&str, Vec<String>); 3] = [
        ("one translation (asv, 66 files)", vec![dir("asv")]),
        (
            "three translations (asv, akjv, web)",
            vec![dir("asv"), dir("akjv"), dir("web")],
        ),
        (
            "the four gospels × 9 translations (36 files)",
            vec![gospels36(bible)],
        ),
    ];
    for (name, folders) in corpora {
        let (mut ours, mut same, mut paragraphs) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..pairs {
            let (Some(s), Some(p)) = (peer_s(&folders, true), peer_s(&folders, false)) else {
                println!("(the TF-IDF peer did not run on {name}: python3 with scikit-learn?)");
                break;
            };
            let mut args = vec!["align".to_string(), "--json".to_string()];
            args.extend(folders.iter().cloned());
            if let Some(o) = wall_s(bin, &args) {
                ours.push(o);
                same.push(s);
                paragraphs.push(p);
            }
        }
        let (to_same, to_paragraphs) =
            (paired_ratio(&same, &ours), paired_ratio(&paragraphs, &ours));
        row(
            &format!("align --json, {name}"),
            format!("{:.1} s", median(ours)),
            "",
        );
        row(
            "  the TF-IDF peer, the same passages",
            format!("{:.1} s", median(same)),
            "",
        );
        row("  peer time / synoptic time (paired)", to_same, "≥ 2×");
        row(
            "  the peer on whole paragraphs (fewer passages)",
            format!("{:.1} s, {to_paragraphs}", median(paragraphs)),
            "",
        );
    }
}

/// Wall seconds of one run of the TF-IDF peer over `folders`, its passages cut as synoptic
/// cuts them (`same_passages`) or whole paragraphs.
fn peer_s(folders: &[String], same_passages: bool) -> Option<f64> {
    let mut args = vec![root()
        .join("examples/peers/tfidf_peer.py")
        .display()
        .to_string()];
    if same_passages {
        let cap = synoptic::align::passages::MAX_PASSAGE;
        args.extend(["--max-passage".to_string(), cap.to_string()]);
    }
    args.extend(folders.iter().cloned());
    wall_s(Path::new("python3"), &args)
}

/// The four gospels of the nine translations copied into one folder (the peer reads
/// folders), `target/gospels36`.
fn gospels36(bible: &Path) -> String {
    let gospels = root().join("target/gospels36");
    let _ = std::fs::create_dir_all(&gospels);
    for t in [
        "akjv", "asv", "bbe", "dar", "nheb", "rwebster", "wbs", "web", "ylt",
    ] {
        for book in ["40_matthew", "41_mark", "42_luke", "43_john"] {
            let f = bible.join(t).join(format!("{book}.txt"));
            if f.is_file() {
                let _ = std::fs::copy(&f, gospels.join(format!("{t}_{book}.txt")));
            }
        }
    }
    gospels.display().to_string()
}

/// The alignment index at one, three and nine translations: matches ready (what `align`
/// and the reader wait for), then with the topics (built after, in the background).
fn index_rows(bible: &Path) {
    let sets: [&[&str]; 3] = [
        &["asv"],
        &["asv", "akjv", "web"],
        &[
            "akjv", "asv", "bbe", "dar", "nheb", "rwebster", "wbs", "web", "ylt",
        ],
    ];
    for set in sets {
        let paths: Vec<PathBuf> = set.iter().map(|t| bible.join(t)).collect();
        let corpus = load(&paths).unwrap();
        let passages = AlignIndex::build_without_topics(&corpus).passages.len();
        let matches = time_ms(3, || AlignIndex::build_without_topics(&corpus));
        let topics = time_ms(3, || AlignIndex::build(&corpus));
        row(
            &format!("index, {} translation(s), {passages} passages", set.len()),
            format!("{matches:.0} ms"),
            if set.len() == 9 { "≤ 1 s" } else { "" },
        );
        row("  with the topics", format!("{topics:.0} ms"), "");
    }
}

/// `dump --json` of bible-9: its peak memory against the corpus's size on disk.
fn dump_memory_rows(bible: &Path) {
    let bytes: u64 = files_under(bible)
        .iter()
        .map(|f| f.metadata().map_or(0, |m| m.len()))
        .sum();
    let peak = peak_mib_of(&["dump", "--json", &bible.display().to_string()]);
    let corpus_mib = bytes as f64 / (1024.0 * 1024.0);
    row("dump --json bible-9: peak memory", peak.clone(), "");
    row("  the corpus on disk", format!("{corpus_mib:.0} MiB"), "");
    let ratio = peak
        .trim_end_matches(" MiB")
        .parse::<f64>()
        .map_or("n/a".into(), |p| format!("{:.2}×", p / corpus_mib));
    row("  peak / corpus", ratio, "< 2×");
}

/// The first frame on the seeds when the terminal never answers the margins question,
/// against `--margins off` (no question), paired, nine times, 80×24.
fn margins_rows(bin: &Path) {
    let (mut silent, mut off) = (Vec::new(), Vec::new());
    for _ in 0..9 {
        for (args, answer, into) in [
            (&[][..], false, &mut silent),
            (&["--margins", "off"][..], true, &mut off),
        ] {
            let data = tempfile::tempdir().unwrap();
            let p = Pty::spawn_answering(bin, args, (80, 24), data.path(), answer);
            into.extend(p.time_until(|s| s.contains("READ")));
            p.quit(b"q");
        }
    }
    let silent_to_off = paired_ratio(&silent, &off);
    row(
        "first frame, seeds, a terminal that never answers",
        format!("{:.1} ms", median(silent)),
        "",
    );
    row(
        "  with --margins off, same run",
        format!("{:.1} ms", median(off)),
        "",
    );
    row(
        "  never answers / off (paired, median of 9)",
        silent_to_off,
        "≈ 1×",
    );
}
