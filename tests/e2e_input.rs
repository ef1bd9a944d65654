//! Input in a real terminal (the binary in a pseudo-terminal): pastes of 8 KB and 100 KB
//! into the search prompt, a paste outside a prompt, and the margins question to a terminal
//! that never answers.

#![cfg(unix)]

mod common;

use common::pty::{Reader, Term};

/// The status line (the last row).
fn status(screen: &str) -> String {
    screen.lines().last().unwrap_or("").to_string()
}

/// A paste in a terminal without bracketed paste arrives as 8 KB of typed keys in one read:
/// all of it goes into the prompt at once (not 1,024 bytes, the rest waiting for another
/// key), and its `q`s are text, not the quit command.
#[test]
fn eight_kilobytes_typed_into_the_search_prompt_stay_in_it() {
    let mut r = Reader::start(80, 24);
    r.wait_ready();
    r.keys("/");
    r.wait_for("the search prompt", |s| status(s).contains('/'));
    let text = "iraq quota ".repeat(745); // 8,195 bytes
    r.keys(&text);
    // The prompt shows the beginning of the query (the rest is past the screen's edge).
    r.wait_for("the query in the prompt", |s| {
        status(s).contains("SEARCH") && status(s).contains("/iraq quota iraq")
    });
    r.keys("\x1b");
    r.wait_for("the prompt closed", |s| !status(s).contains("/iraq"));
    assert_eq!(r.quit(), 0, "the reader was still running");
}

/// With bracketed paste (which the reader turns on), 100 KB pasted into `/` are one piece
/// of text for the prompt; line breaks in it do not confirm the search.
#[test]
fn a_hundred_kilobytes_pasted_into_the_search_prompt_stay_in_it() {
    let mut r = Reader::start(80, 24);
    r.wait_ready();
    assert!(
        r.parser.lock().unwrap().screen().bracketed_paste(),
        "bracketed paste is on"
    );
    r.keys("/");
    r.wait_for("the search prompt", |s| status(s).contains('/'));
    let text = "the war in iraq\nquit\n".repeat(5_000); // 105,000 bytes
    r.keys(&format!("\x1b[200~{text}\x1b[201~"));
    r.wait_for("the pasted query in the prompt", |s| {
        status(s).contains("SEARCH") && status(s).contains("/the war in iraq quit the war")
    });
    r.keys("\x1b");
    r.wait_for("the prompt closed", |s| !status(s).contains("/the war"));
    assert_eq!(r.quit(), 0, "the reader was still running");
}

/// A paste outside a prompt is never run as commands (its `q` does not quit).
#[test]
fn a_paste_outside_a_prompt_is_not_run_as_commands() {
    let mut r = Reader::start(80, 24);
    let first = r.wait_ready();
    r.keys("\x1b[200~Gq\x1b[201~");
    let s = r.wait_for("the paste refused", |s| s.contains("paste ignored"));
    assert_eq!(
        common::pty::without_status(&s),
        common::pty::without_status(&first),
        "nothing moved"
    );
    assert!(r.child.try_wait().unwrap().is_none(), "still running");
    assert_eq!(r.quit(), 0);
}

/// A terminal that never answers the margins question: the first frame is written before
/// the question (event order in what the reader wrote, not a clock), and the reader works.
#[test]
fn the_margins_question_never_delays_the_first_frame() {
    let home = tempfile::tempdir().unwrap();
    let term = Term {
        log: true,
        silent: true,
        ..Term::default()
    };
    let mut r = Reader::spawn_in(term, 100, 30, home.path(), &[], &[], &[]);
    r.wait_ready();
    let log = r.log.lock().unwrap().clone();
    let find = |needle: &[u8]| log.windows(needle.len()).position(|w| w == needle);
    let question = find(b"\x1b[6n").expect("the reader asks about margins");
    let frame = find(b"READ").expect("the first frame");
    assert!(
        frame < question,
        "the first frame ({frame}) comes before the question ({question})"
    );
    r.keys("G");
    r.wait_for("keys work without an answer", |s| s.contains("100%"));
    assert_eq!(r.quit(), 0);
}
